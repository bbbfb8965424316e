//! Citations of legal/administrative documents: a type word, optional `số`,
//! and a document number in one of its shapes (`144/KH-UBND`,
//! `898/UBND-NV`, `64/2014/NĐ-CP`, `101-QĐ/ĐU`), written with OCR damage.

use crate::legal::{TYPES, normalize_segment, type_from_code};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A citation found in the folded view (spans are folded byte ranges).
#[derive(Debug, Clone, PartialEq)]
pub struct RawRef {
    pub span: Range<usize>,
    pub doc_type: Option<String>,
    pub number: String,
    pub date: Option<String>,
    pub date_span: Option<Range<usize>>,
    pub issuer: Option<String>,
}

static CODE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(\d{1,5})(?:\s*/\s*(\d{4}))?\s*([/-])\s*([a-z0-9?&]{1,12}(?:\s*[-/]\s*[a-z0-9?]{1,12}){0,3})").ok()
});
static TYPE_BEFORE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let alts: Vec<String> = TYPES.iter().map(|(p, _)| format!("({p})")).collect();
    Regex::new(&format!(
        r"\b(?:{})\s*((?:\bs[o06ebd5]?\b\s*:?\s*){{0,2}})$",
        alts.join("|")
    ))
    .ok()
});
static SO_BEFORE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\bs[o06ebd5]?\s*:?\s*$").ok());
static DATE_AFTER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^\s*,?\s*\(?ngay\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})").ok()
});
static ISSUER_AFTER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*,?[ \t]*(?:cua|ctia|cia|cta|ciia|caa|cuia|ctua|clia|cua)[ \t]+([^,;.()\n:]{2,120})").ok()
});
static ISSUER_STOP: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\s(?:ve|vv|v\?|ban\s+hanh|tai|theo|trien\s+khai|phan\s+cong|quy\s+dinh|nham|de|\d)(?:\s|$)").ok()
});

fn code_like(seg: &str) -> bool {
    let lower = seg.chars().filter(|c| c.is_lowercase()).count();
    let n = seg.chars().count();
    n > 0 && n <= 12 && lower <= 1 && !(n == 1 && lower == 1)
}

/// Finds citations. `text` is the repaired text, `f` its folded view.
pub fn scan(
    text: &str,
    view: &crate::structure::view::View,
    skip: Option<&Range<usize>>,
) -> Vec<RawRef> {
    let f = view.folded.as_str();
    let Some(code_re) = CODE.as_ref() else {
        return Vec::new();
    };
    let mut out: Vec<RawRef> = Vec::new();
    for c in code_re.captures_iter(f) {
        let (Some(m), Some(num), Some(sep), Some(rest)) = (c.get(0), c.get(1), c.get(3), c.get(4))
        else {
            continue;
        };
        if m.start() > 0 && f.as_bytes()[m.start() - 1].is_ascii_digit() {
            continue;
        }
        if let Some(s) = skip
            && m.start() < s.end
            && s.start < m.end()
        {
            continue;
        }
        // Walk the segments in the source, keeping only code-like ones.
        let year = c.get(2).map(|y| y.as_str().to_string());
        let mut segs: Vec<String> = Vec::new();
        let mut tail = String::new();
        let mut end = rest.start();
        let mut pending = Some(if sep.as_str() == "/" { '/' } else { '-' });
        for (ps, pe, is_sep) in split_keep(rest.as_str()) {
            let (ps, pe) = (rest.start() + ps, rest.start() + pe);
            if is_sep {
                let between = &f[ps..pe];
                if between.contains('\n')
                    && between
                        .rsplit('\n')
                        .next()
                        .is_some_and(|t| t.trim_start().starts_with('-'))
                {
                    break;
                }
                pending = between.chars().find(|c| *c == '/' || *c == '-');
                if pending.is_none() {
                    break;
                }
                continue;
            }
            let Some(sc) = pending.take() else { break };
            let orig_seg = &text[view.span(ps..pe)];
            if !code_like(orig_seg)
                || (segs.is_empty()
                    && year.is_none()
                    && !orig_seg.chars().any(|c| c.is_alphabetic()))
            {
                break;
            }
            let n = normalize_segment(orig_seg);
            tail.push(sc);
            tail.push_str(&n);
            segs.push(n);
            end = pe;
        }
        if segs.is_empty() {
            continue;
        }
        let number_txt = &text[view.span(num.range())];
        let number = match &year {
            Some(y) => format!("{number_txt}/{y}{tail}"),
            None => format!("{number_txt}{tail}"),
        };
        let before = &f[m.start().saturating_sub(48)..m.start()];
        let mut start = m.start();
        let mut doc_type = None;
        if let Some(tc) = TYPE_BEFORE.as_ref().and_then(|r| r.captures(before))
            && let Some(i) = (1..=TYPES.len()).find(|&i| tc.get(i).is_some())
        {
            doc_type = Some(TYPES[i - 1].1.to_string());
            start = m.start() - (before.len() - tc.get(0).map_or(0, |x| x.start()));
        }
        let inferred = type_from_code(&segs, year.is_some());
        if doc_type.is_none() {
            let has_so = SO_BEFORE.as_ref().is_some_and(|r| r.is_match(before));
            if inferred.is_none() && !has_so {
                continue;
            }
            doc_type = inferred.map(str::to_string);
        }
        let mut stop = end;
        let after = &f[end..];
        let mut date = None;
        let mut date_span = None;
        if let Some(dc) = DATE_AFTER.as_ref().and_then(|r| r.captures(after)) {
            let g = |i| dc.get(i).and_then(|x| x.as_str().parse::<u32>().ok());
            if let (Some(d), Some(mo), Some(y)) = (g(1), g(2), g(3))
                && let Some(Ok(v)) = super::dates::iso_day(d, mo, y)
            {
                date = Some(v);
                let ds = dc.get(0).map_or(0..0, |x| x.range());
                date_span = Some(end + ds.start..end + ds.end);
                stop = end + ds.end;
            }
        }
        let mut issuer = None;
        if let Some(ic) = ISSUER_AFTER.as_ref().and_then(|r| r.captures(&f[stop..]))
            && let Some(g) = ic.get(1)
        {
            let mut e = g.end();
            if let Some(sm) = ISSUER_STOP
                .as_ref()
                .and_then(|r| r.find(&f[stop + g.start()..stop + g.end()]))
            {
                e = g.start() + sm.start();
            }
            let words: Vec<&str> = text[view.span(stop + g.start()..stop + e)]
                .split_whitespace()
                .collect();
            let words = &words[..words.len().min(10)];
            if !words.is_empty() {
                issuer = Some(words.join(" "));
            }
        }
        out.push(RawRef {
            span: start..end,
            doc_type,
            number,
            date,
            date_span,
            issuer,
        });
    }
    out
}

/// Splits a folded code tail into (start, end, is_separator) pieces.
fn split_keep(s: &str) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let sep = |c: u8| c == b'/' || c == b'-' || c.is_ascii_whitespace();
        let j = (i..b.len())
            .find(|&j| sep(b[j]) != sep(b[i]))
            .unwrap_or(b.len());
        out.push((i, j, sep(b[i])));
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::view::View;

    type Row = (Option<String>, String, Option<String>, Option<String>);

    fn refs(t: &str) -> Vec<Row> {
        let v = View::new(t);
        scan(t, &v, None)
            .into_iter()
            .map(|r| (r.doc_type, r.number, r.date, r.issuer))
            .collect()
    }

    #[test]
    fn citations_in_all_shapes() {
        let r = refs("Pang uy di ban hanh Quyét dinh s 101-QD/PU ngay 05/03/2024 vé Thanh lap");
        assert_eq!(
            r,
            [(
                Some("Quyết định".into()),
                "101-QĐ/ĐU".into(),
                Some("2024-03-05".into()),
                None
            )]
        );
        let r =
            refs("Thuc hién Ké hoach s6 144 /KH-UBND, ngay 30/11/2022 ctia Ban Chi dao\nx4y dung");
        assert_eq!(r[0].1, "144/KH-UBND");
        assert_eq!(r[0].2.as_deref(), Some("2022-11-30"));
        assert_eq!(r[0].3.as_deref(), Some("Ban Chi dao"));
        let r = refs("Cong van sé 118/UBND - NV ngay 19/02/2024 caa UBND\nhuyén");
        assert_eq!(r[0].0.as_deref(), Some("Công văn"));
        assert_eq!(r[0].1, "118/UBND-NV");
        let r = refs("Nghi\ndinh sO 64/2014/ND-CP cua Chinh phii quy dinh");
        assert_eq!(r[0].1, "64/2014/NĐ-CP");
        assert_eq!(r[0].3.as_deref(), Some("Chinh phii"));
        let r = refs("Nghi quyét sd 25-\nNQ/TW (khoa XI)");
        assert_eq!(r[0].1, "25-NQ/TW");
        let r = refs("s6 02/QD-UBND ngay 02/01/2024 vé");
        assert_eq!(r[0].0.as_deref(), Some("Quyết định"));
        assert!(refs("1021/1028 hd so; 8/8 chi tieu").is_empty());
    }
}
