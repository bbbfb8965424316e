//! Section headings of the body: Roman (level 1), `1.` (2), `1.1.` (3),
//! `a)`/`a.`/`b,` (4), accepted only where they fit the running outline.

use super::numerals::{resolve_roman, to_roman};
use super::view::View;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// One heading; `span` is a folded range until the record maps it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSection {
    pub marker: String,
    pub level: u8,
    pub title: String,
    pub span: Range<usize>,
    /// Folded length of the marker as written (from `span.start`).
    pub marker_len: usize,
}

static ROMAN: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^([ivx1l|]{1,5})\s*\.\s*(\S.*)$").ok());
static NUM2: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\.(?:\s+|$)(\S.*)?$").ok());
static NUM3: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\.(\d{1,2})\.(\d{1,2}\.)?\s*([^\d\s|].*)$").ok());
static LETTER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^([a-e])\s?[).,]\s*([a-z?].*)$").ok());

/// Length of the markdown/space prefix (`**`, `###`, `*`) of a folded line.
fn md_prefix(l: &str) -> usize {
    l.len()
        - l.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '#' | '_'))
            .len()
}

fn clean_title(s: &str) -> String {
    let s = s.replace("**", "").replace('*', "");
    let s = s.trim().trim_end_matches(|c: char| {
        matches!(c, '.' | ':' | ',' | ';' | '_' | '#') || c.is_whitespace()
    });
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn upper_ratio(s: &str) -> f32 {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return 0.0;
    }
    s.chars().filter(|c| c.is_uppercase()).count() as f32 / letters as f32
}

/// Finds headings in lines `[from, to)` of the text.
pub fn find(text: &str, view: &View, from: usize, to: usize) -> Vec<RawSection> {
    let lines = view.lines();
    let to = to.min(lines.len());
    let orig = |r: Range<usize>| &text[view.span(r)];
    let mut out = Vec::new();
    let (mut l1, mut l2, mut l3, mut l4) = (0u32, 0u32, 0u32, 0u8);
    let mut prev_colon = false;
    let mut in_list = false;
    let mut prev_blank = true;
    let is_marker_line = |l: &str| {
        let t = &l[md_prefix(l)..];
        [&ROMAN, &NUM2, &NUM3]
            .iter()
            .any(|r| r.as_ref().is_some_and(|r| r.is_match(t)))
    };
    for i in from..to {
        let (ls, l) = lines[i];
        let p = md_prefix(l);
        let t = &l[p..];
        let start = ls + p;
        let line_orig = orig(start..ls + l.len());
        let blank = t.trim().is_empty();
        // A heading block: this line plus continuation lines up to a blank
        // line or the next marker line.
        let block = |max: usize| {
            let mut j = i + 1;
            let mut len = l.len();
            let mut n = 1;
            while j < to && n < max && !lines[j].1.trim().is_empty() && !is_marker_line(lines[j].1)
            {
                len += lines[j].1.len();
                n += 1;
                j += 1;
            }
            (j, len, n)
        };
        let mut found: Option<(String, u8, String, usize)> = None;
        if let Some(c) = ROMAN.as_ref().and_then(|r| r.captures(t)) {
            let raw_f = c.get(1).map_or(0..0, |m| m.range());
            let raw = orig(start + raw_f.start..start + raw_f.end);
            let title_f = c.get(2).map_or(0..0, |m| m.range());
            let title = orig(start + title_f.start..ls + l.len());
            if upper_ratio(title) >= 0.6
                && let Some(n) = resolve_roman(raw, l1)
            {
                let mut full = title.to_string();
                let mut j = i + 1;
                let last_punct = |s: &str| s.trim_end().ends_with(['.', ':', ';']);
                while j < to && j < i + 3 && !last_punct(&full) {
                    let (s2, l2s) = lines[j];
                    let o = orig(s2..s2 + l2s.len());
                    if o.trim().is_empty() || upper_ratio(o) < 0.6 || is_marker_line(l2s) {
                        break;
                    }
                    full.push(' ');
                    full.push_str(o.trim());
                    j += 1;
                }
                l1 = n;
                l2 = 0;
                l3 = 0;
                l4 = 0;
                found = Some((format!("{}.", to_roman(n)), 1, full, title_f.start));
            }
        }
        if found.is_none() {
            if let Some(c) = NUM3.as_ref().and_then(|r| r.captures(t)) {
                let a: u32 = c.get(1).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
                let b: u32 = c.get(2).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
                let deep = c.get(3).is_some();
                let title_f = c.get(4).map_or(0..0, |m| m.range());
                if !deep && a == l2 && b > l3 && b <= l3 + 2 && a > 0 {
                    l3 = b;
                    l4 = 0;
                    let (_, len, n) = block(2);
                    let title = if n == 2 && len <= 200 {
                        let (j, _, _) = block(2);
                        let (s2, l2s) = lines[j - 1];
                        format!(
                            "{} {}",
                            orig(start + title_f.start..ls + l.len()),
                            orig(s2..s2 + l2s.len()).trim()
                        )
                    } else {
                        orig(start + title_f.start..ls + l.len()).to_string()
                    };
                    found = Some((format!("{a}.{b}."), 3, title, title_f.start));
                }
            } else if let Some(c) = NUM2.as_ref().and_then(|r| r.captures(t)) {
                let a: u32 = c.get(1).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
                let title_f = c.get(2).map_or(t.len()..t.len(), |m| m.range());
                let title = orig(start + title_f.start..ls + l.len());
                let (_, len, n) = block(40);
                let short = line_orig.chars().count() < 55 && !line_orig.trim_end().ends_with(',');
                let list = (prev_colon && a == 1) || (in_list && !prev_blank);
                let fits = a > l2 && a <= l2 + 2 && (l1 > 0 || a == 1 || l2 > 0);
                if fits && !list && (len <= 200 || short) {
                    l2 = a;
                    l3 = 0;
                    l4 = 0;
                    let title = if n == 2 && len <= 200 {
                        let (s2, l2s) = lines[i + 1];
                        format!("{} {}", title, orig(s2..s2 + l2s.len()).trim())
                    } else {
                        title.to_string()
                    };
                    found = Some((format!("{a}."), 2, title, title_f.start));
                } else if list || !fits {
                    in_list = true;
                }
            } else if let Some(c) = LETTER.as_ref().and_then(|r| r.captures(t)) {
                let letter = c.get(1).map_or(b'a', |m| t.as_bytes()[m.start()]);
                let idx = letter - b'a' + 1;
                let title_f = c.get(2).map_or(0..0, |m| m.range());
                if (l2 > 0 || l3 > 0) && !prev_colon && (idx == l4 + 1 || (idx == l4 && l4 > 0)) {
                    l4 = idx;
                    found = Some((
                        format!("{})", letter as char),
                        4,
                        orig(start + title_f.start..ls + l.len()).to_string(),
                        title_f.start,
                    ));
                }
            }
        }
        if let Some((marker, level, title, title_start)) = found {
            in_list = false;
            let mut title = clean_title(&title);
            if level > 1
                && title.chars().count() > 120
                && let Some(k) = title.find(':')
            {
                title = title[..k].to_string();
            }
            out.push(RawSection {
                marker,
                level,
                title,
                span: start..ls + l.len(),
                marker_len: t[..title_start].trim_end().len(),
            });
        }
        if !blank {
            prev_colon = line_orig
                .trim_end()
                .trim_end_matches(['*', '_'])
                .ends_with(':');
            if !t.starts_with(|c: char| c.is_ascii_digit()) && !prev_colon {
                in_list = false;
            }
        }
        prev_blank = blank;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markers(t: &str) -> Vec<String> {
        let v = View::new(t);
        find(t, &v, 0, usize::MAX)
            .into_iter()
            .map(|s| s.marker)
            .collect()
    }

    #[test]
    fn ocr_outline_is_repaired() {
        let t = "|. PAC PIEM\n\n1. Pic diém\n\n1.1. Thuan\n\na) Mot\n\nb) Hai\n\nI1. KET QUA\n\n111. DANH GIA\n\nV. KIEN\n\nV1. HUONG\n";
        assert_eq!(
            markers(t),
            ["I.", "1.", "1.1.", "a)", "b)", "II.", "III.", "V.", "VI."]
        );
    }

    #[test]
    fn lists_after_colon_are_not_headings() {
        let t = "**I. MỘT SỐ CÁCH LÀM**\n\nCó 3 sáng kiến, gồm:\n\n1. UBND xã A: mô hình.\n2. UBND xã B: mô hình.\n\n## **II. ĐÁNH GIÁ**\n\n#### **1. Ưu điểm**\n";
        assert_eq!(markers(t), ["I.", "II.", "1."]);
    }
}
