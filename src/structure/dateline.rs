//! The place-and-date line of a header (`Sơn La, ngày 17 tháng 02 năm
//! 2023`), OCR-tolerant (`ngay 05 thang 11 nim 2024`), with blank days
//! (`ngày  tháng 6 năm 2024` → `2024-06`) and form placeholders
//! (`......., ngày ... tháng ... năm 20...` → no date).

use crate::text::Letter;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    super::view::folded_regex(
        r"ngay\s*(\d{1,2})?[\s._/-]*th[ae]ng\s*(\d{1,2})?[\s._/-]*n[aideo]{1,2}m\s*(\d{4}|\d{2}[._]*)?",
    )
});

/// A date expression on a folded line (ranges relative to the line).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// `ngày … năm YYYY`.
    pub span: Range<usize>,
    /// ISO value (`2023-02-17`, `2024-06`), `None` for a placeholder.
    pub value: Option<String>,
}

/// The first `ngày … tháng … năm …` of a folded line.
pub fn find(line: &str) -> Option<Found> {
    let c = DATE.as_ref()?.captures(line)?;
    let m = c.get(0)?;
    let num = |i| c.get(i).and_then(|g| line[g.range()].parse::<u32>().ok());
    let value = match (num(1), num(2), num(3)) {
        (d, Some(mo), Some(y)) if (1..=12).contains(&mo) && (1900..=2100).contains(&y) => {
            Some(match d {
                Some(d) if (1..=31).contains(&d) => format!("{y:04}-{mo:02}-{d:02}"),
                Some(_) => return None,
                None => format!("{y:04}-{mo:02}"),
            })
        }
        _ => None,
    };
    let end = c.get(3).map_or(m.end(), |g| {
        g.start() + line[g.range()].trim_end_matches(['.', '_']).len()
    });
    Some(Found {
        span: m.start()..end.max(m.start()),
        value,
    })
}

/// Whether a place name is a form's placeholder (`(Tên địa phương)`,
/// `.........`) rather than a place.
pub fn is_placeholder(place: &str) -> bool {
    place.contains(['(', ')', '…'])
        || place.contains("..")
        || !place.chars().any(char::is_letter)
}

/// Joins a letter-spaced name (`T hành phố Hồ Chí M inh` → `Thành phố Hồ
/// Chí Minh`): a fragment starting with a lower-case letter belongs to the
/// word before it when that is a lone capital.
pub fn unspace(s: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for w in s.split_whitespace() {
        let lone_cap = out
            .last()
            .is_some_and(|p: &String| p.chars().count() == 1 && p.chars().all(char::is_uppercase));
        if lone_cap && w.starts_with(char::is_lowercase) {
            if let Some(p) = out.last_mut() {
                p.push_str(w);
            }
        } else {
            out.push(w.to_string());
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dates_and_placeholders() {
        let f = find("son la, ngay 17 thang 02 nam 2023").unwrap();
        assert_eq!(f.value.as_deref(), Some("2023-02-17"));
        assert_eq!(
            find("ngay  thang 6 nam 2024").unwrap().value.as_deref(),
            Some("2024-06")
        );
        assert_eq!(
            find("ngay 05 thang 11 nim 2024").unwrap().value.as_deref(),
            Some("2024-11-05")
        );
        assert_eq!(
            find("......., ngay ... thang ... nam 20...").unwrap().value,
            None
        );
        assert!(find("ngay 08 va 09 thang 11 nam 2025").is_none());
        assert!(is_placeholder("(Tên địa phương)") && is_placeholder("........"));
        assert!(!is_placeholder("TP. Hồ Chí Minh"));
        assert_eq!(unspace("T hành phố Hồ Chí M inh"), "Thành phố Hồ Chí Minh");
    }
}
