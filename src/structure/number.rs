//! A document's own number and symbol (`Số: 172/BC-UBND`) in the four shapes
//! of Decree 30/2020/NĐ-CP and Hướng dẫn 36-HD/VPTW: state `N/TYPE-AGENCY`,
//! letter `N/AGENCY-UNIT`, normative `N/YYYY/TYPE-AGENCY`, Party
//! `N-TYPE/AGENCY`; with or without `Số:`, OCR'd (`Sé:`, `S6:`, glued
//! `S5466 /BC-UBND`), blank (`Số: /BC-UBND`) or a form's placeholder
//! (`Số:..../BC-....`).

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A number found on a folded line (ranges relative to the line).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// From the first digit (or the code, when blank) to the code's end.
    pub span: Range<usize>,
    /// The digits, when there are any.
    pub digits: Option<Range<usize>>,
    /// The symbol after the digits (`/BC-UBND`), possibly empty.
    pub code: Range<usize>,
    /// Where the `Số` word ends, when there is one (the number may then
    /// stand on the next line).
    pub marker_end: Option<usize>,
}

/// `Số`, `Số:`, `So`, `Sé:`, `S6:`, `$6:`, `S06:`, `S5` glued to the digits, at the
/// start of the line (a `số` inside the title cites another document), or
/// after the name of a law's kind (`Luật số: 91/2015/QH13`).
static MARKER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    super::view::folded_regex(r"^(?:(?:bo\s+)?luat\s+|phap\s+lenh\s+|lenh\s+)?[s$](?:o|[06ebd5])?(?:[06ebd5]\s*:)?\s*[:.]*\s*")
});

/// Length of a symbol (`/ bc - ubnd`, `-hd/btgdvtw`, `/2025/nq-hdnd`)
/// at the start of `s`; 0 when there is none.
fn code_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    let mut end = 0;
    loop {
        let mut j = i;
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        if j >= b.len() || !matches!(b[j], b'/' | b'-') {
            break;
        }
        j += 1;
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        let seg = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'&' | b'.' | b'?')) {
            j += 1;
        }
        if j == seg {
            break;
        }
        i = j;
        end = j;
    }
    end
}

/// The number at `at` of `line`: digits (optional) then a symbol.
fn number_at(line: &str, at: usize) -> Option<(Option<Range<usize>>, Range<usize>)> {
    let b = line.as_bytes();
    let mut i = at;
    while i < b.len() && matches!(b[i], b'.' | b' ' | b'_') {
        i += 1;
    }
    let ds = i;
    while i < b.len() && b[i].is_ascii_digit() && i - ds < 6 {
        i += 1;
    }
    let digits = (i > ds).then_some(ds..i);
    let n = code_len(&line[i..]);
    if n == 0 {
        return None;
    }
    let code = i + (line[i..].len() - line[i..].trim_start().len()).min(n)..i + n;
    let letters = line[code.clone()].bytes().any(|c| c.is_ascii_alphabetic());
    letters.then_some((digits, code))
}

/// Finds the number on a folded line. `bare` also accepts a number without
/// `Số` at the start of the line (`37/2025/NQ-HĐND`).
pub fn find(line: &str, bare: bool) -> Option<Found> {
    if let Some(re) = MARKER.as_ref() {
        for m in re.find_iter(line) {
            if let Some((digits, code)) = number_at(line, m.end()) {
                let start = digits.as_ref().map_or(code.start, |d| d.start);
                return Some(Found {
                    span: start..code.end,
                    digits,
                    code,
                    marker_end: Some(m.end()),
                });
            }
            // `Số:` alone at the end of the line: the number is on the next.
            if line[m.end()..].trim().is_empty() && line[m.start()..].trim_start().starts_with('s')
            {
                let colon = line[m.start()..m.end()].contains(':');
                if colon {
                    return Some(Found {
                        span: m.end()..m.end(),
                        digits: None,
                        code: m.end()..m.end(),
                        marker_end: Some(m.end()),
                    });
                }
            }
        }
    }
    if bare {
        let lead = line.len() - line.trim_start().len();
        if line[lead..].starts_with(|c: char| c.is_ascii_digit())
            && let Some((Some(d), code)) = number_at(line, lead)
            && d.start == lead
        {
            return Some(Found {
                span: d.start..code.end,
                digits: Some(d),
                code,
                marker_end: None,
            });
        }
    }
    None
}

impl Found {
    /// Whether this is only the `Số:` word, its number on the next line.
    pub fn is_dangling(&self) -> bool {
        self.digits.is_none() && self.code.is_empty()
    }
}

/// The symbol's segments (`/2025/NQ-HĐND` → `2025`, `NQ`, `HĐND`), with
/// placeholder dots dropped.
pub fn segments(code: &str) -> Vec<String> {
    code.split(['/', '-'])
        .map(|s| s.trim_matches(|c: char| c == '.' || c == '?' || c.is_whitespace()))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(line: &str, bare: bool) -> Option<String> {
        let f = find(line, bare)?;
        let d = f.digits.map_or("", |r| &line[r]);
        Some(format!("{d}{}", &line[f.code]))
    }

    #[test]
    fn every_shape() {
        assert_eq!(
            num("so: 172 /bc-ubnd hoang hop, ngay 05", false).as_deref(),
            Some("172/bc-ubnd")
        );
        assert_eq!(
            num("so: 55/2025/nq-hdnd", false).as_deref(),
            Some("55/2025/nq-hdnd")
        );
        // OCR's dollar for the capital S.
        assert_eq!(
            num("$6: 55/2025/nq-hdnd", false).as_deref(),
            Some("55/2025/nq-hdnd")
        );
        assert_eq!(
            num("so 37-hd/btgdvtw", false).as_deref(),
            Some("37-hd/btgdvtw")
        );
        assert_eq!(
            num("s5466 /bc-ubnd dong son", false).as_deref(),
            Some("466/bc-ubnd")
        );
        assert_eq!(
            num("se: 172 /bc-ubnd", false).as_deref(),
            Some("172/bc-ubnd")
        );
        assert_eq!(num("so: /bc-ubnd", false).as_deref(), Some("/bc-ubnd"));
        assert_eq!(num("so:..../bc-....", false).as_deref(), Some("/bc-...."));
        assert_eq!(
            num("37/2025/nq-hdnd", true).as_deref(),
            Some("37/2025/nq-hdnd")
        );
        assert_eq!(num("37/2025/nq-hdnd", false), None);
        assert_eq!(num("so lieu 2024", false), None);
        assert_eq!(
            num("luat so: 91/2015/qh13", false).as_deref(),
            Some("91/2015/qh13")
        );
        assert!(find("so:", false).is_some_and(|f| f.is_dangling()));
        assert_eq!(segments("/2025/NQ-HĐND"), ["2025", "NQ", "HĐND"]);
        assert_eq!(segments("/BC-...."), ["BC"]);
    }
}
