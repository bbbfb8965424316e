//! The document header: number, place and date, issuing body, type, title
//! and (from the end of the document) the signer.

use super::view::View;
use crate::legal::TYPES;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

pub use crate::record::Header;

/// Folded ranges of the text each header field was read from (`None` when
/// the field is empty or was inferred), mapped to input locations later.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldSpans {
    pub number: Option<Range<usize>>,
    pub doc_type: Option<Range<usize>>,
    pub issuer: Option<Range<usize>>,
    pub place: Option<Range<usize>>,
    pub date: Option<Range<usize>>,
    pub title: Option<Range<usize>>,
    pub signer: Option<Range<usize>>,
}

/// The header plus where its parts sit (folded offsets), so later stages
/// can skip the header's own number and start the body after the title.
#[derive(Debug, Clone, Default)]
pub struct HeaderInfo {
    pub header: Header,
    /// Where each field was read.
    pub spans: FieldSpans,
    /// Folded range of the document's own number (not a reference).
    pub number_span: Option<Range<usize>>,
    /// Folded range of the place-and-date expression.
    pub date_span: Option<Range<usize>>,
    /// Index (0-based) of the first body line.
    pub body_line: usize,
    /// Index (0-based) of the line where the closing part (`Nơi nhận`) starts.
    pub end_line: usize,
}

static TYPE_LINE: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    TYPES
        .iter()
        .filter_map(|(p, n)| {
            Regex::new(&format!(r"^[\s*#_]*{p}[\s*#_]*$"))
                .ok()
                .map(|r| (r, *n))
        })
        .collect()
});
static NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)s(?:[o06ebd5]?\s*:\s*(\d*)|[56](\d+))\s*(/\s*[a-z0-9?]+(?:\s*-\s*[a-z0-9?]+){0,3})").ok()
});
static DATE_LINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r",\s*ngay\s+(\d{1,2})?\s*th[ae]ng\s+(\d{1,2})\s+n[aideo]{1,2}m\s+(\d{4})").ok()
});
static MOTTO: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(cong\s+hoa\s+xa\s+hoi|\S{2,4}\s+[l1]ap\s*-+\s*t[uw]\s+do)").ok()
});
static UNIT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b(thi\s+xa|thi\s+tran|thanh\s+pho|xa|phuong|huyen|quan|tinh)\s+([a-z?]+(?:\s+[a-z?]+){0,3})").ok()
});
static SIGN_ROLE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b(kt\.?\s*chu\s+tich|tm\.?\s*uy\s+ban|pho\s+chu\s+tich|chu\s+tich)\b").ok()
});
static CLOSING: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[\s*#_]*n[o0]i\s+nh[a-z?]{1,2}n").ok());

fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(|c| c.to_lowercase()))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn strip_md(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '#' | '_'))
}

/// Reads the header from the (repaired) text and its folded view.
pub fn parse(text: &str, view: &View) -> HeaderInfo {
    let lines = view.lines();
    let orig = |r: Range<usize>| &text[view.span(r)];
    let mut info = HeaderInfo {
        end_line: lines.len(),
        ..Default::default()
    };
    let top = lines.len().min(20);
    let mut type_line = None;
    for (i, &(s, l)) in lines.iter().enumerate().take(top) {
        if let Some((_, name)) = TYPE_LINE.iter().find(|(r, _)| r.is_match(l)) {
            type_line = Some(i);
            info.header.doc_type = Some((*name).to_string());
            info.spans.doc_type = Some(s..s + l.len());
            break;
        }
    }
    let head_end = type_line.unwrap_or(top.min(6));
    let mut code_suffix = None;
    for &(start, l) in lines.iter().take(head_end.max(1)) {
        if info.number_span.is_none()
            && let Some(c) = NUMBER.as_ref().and_then(|r| r.captures(l))
        {
            let digits = c.get(1).or(c.get(2)).map_or(0..0, |m| m.range());
            let code = c.get(3).map_or(0..0, |m| m.range());
            let num: String = orig(start + digits.start..start + digits.end).to_string();
            let code_txt: String = orig(start + code.start..start + code.end)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let code_txt = crate::legal::normalize_code_tail(&code_txt);
            code_suffix = code_txt.rsplit('-').next().map(str::to_string);
            info.header.number = Some(format!("{num}{code_txt}"));
            let s = if digits.is_empty() {
                code.start
            } else {
                digits.start
            };
            info.number_span = Some(start + s..start + code.end);
            info.spans.number = info.number_span.clone();
        }
        if info.date_span.is_none()
            && let Some(c) = DATE_LINE.as_ref().and_then(|r| r.captures(l))
        {
            let get = |i| c.get(i).and_then(|m| l[m.range()].parse::<u32>().ok());
            let (d, m, y) = (get(1), get(2), get(3));
            if let (Some(m), Some(y)) = (m, y) {
                info.header.date = Some(match d {
                    Some(d) => format!("{y:04}-{m:02}-{d:02}"),
                    None => format!("{y:04}-{m:02}"),
                });
            }
            let comma = c.get(0).map_or(0, |m| m.start());
            let from = match &info.number_span {
                Some(ns) if ns.end >= start && ns.end - start <= comma => ns.end - start,
                _ => 0,
            };
            let place = strip_md(orig(start + from..start + comma));
            if !place.is_empty() {
                info.header.place = Some(place.to_string());
                let lead = l[from..comma].len() - l[from..comma].trim_start().len();
                let trail = l[from..comma].len() - l[from..comma].trim_end().len();
                info.spans.place = Some(start + from + lead..start + comma - trail);
            }
            info.date_span = c.get(0).map(|m| start + m.start() + 1..start + m.end());
            if info.header.date.is_some() {
                info.spans.date = info.date_span.clone();
            }
        }
    }
    // Issuer: the administrative unit before the national motto.
    for &(start, l) in lines.iter().take(head_end.max(1)) {
        let Some(m) = MOTTO.as_ref().and_then(|r| r.find(l)) else {
            continue;
        };
        if let Some(c) = UNIT.as_ref().and_then(|r| r.captures(&l[..m.start()]))
            && let (Some(u), Some(n)) = (c.get(1), c.get(2))
        {
            let unit = orig(start + u.start()..start + u.end()).to_lowercase();
            let name = title_case(orig(start + n.start()..start + n.end()));
            let org = if l[..u.start()].contains("ubnd") || l[..u.start()].contains("uy ban") {
                "UBND".to_string()
            } else {
                code_suffix.clone().unwrap_or_else(|| "UBND".to_string())
            };
            info.header.issuer = Some(format!("{org} {unit} {name}"));
        }
        break;
    }
    if info.header.issuer.is_none()
        && let Some(place) = &info.header.place
    {
        let fp: String = crate::text::fold(place);
        let upto = lines.len().min(head_end + 30);
        'outer: for &(start, l) in lines.iter().take(upto) {
            let Some(re) = UNIT.as_ref() else { break };
            for c in re.captures_iter(l) {
                if let (Some(u), Some(n)) = (c.get(1), c.get(2))
                    && n.as_str().starts_with(fp.as_str())
                {
                    let unit = orig(start + u.start()..start + u.end()).to_lowercase();
                    let org = code_suffix.clone().unwrap_or_else(|| "UBND".to_string());
                    info.header.issuer = Some(format!("{org} {unit} {place}"));
                    break 'outer;
                }
            }
        }
    }
    // Title: lines after the type line up to the first blank line.
    let mut body = head_end + 1;
    if let Some(t) = type_line {
        let mut parts = Vec::new();
        let mut i = t + 1;
        while i < lines.len() && lines[i].1.trim().is_empty() {
            i += 1;
        }
        while i < lines.len() && !lines[i].1.trim().is_empty() && parts.len() < 4 {
            let (s, l) = lines[i];
            parts.push(strip_md(orig(s..s + l.len())).to_string());
            i += 1;
        }
        if !parts.is_empty() {
            info.header.title = Some(parts.join(" "));
            let first = lines[i - parts.len()];
            let last = lines[i - 1];
            info.spans.title = Some(first.0..last.0 + last.1.len());
        }
        body = i;
    }
    info.body_line = body;
    if let Some(re) = CLOSING.as_ref()
        && let Some(i) = (body..lines.len()).find(|&i| re.is_match(lines[i].1))
    {
        info.end_line = i;
    }
    info.header.signer = signer(text, view, &lines, body);
    info
}

/// The signer: a capitalised 2–5 word name after a signing role near the end.
fn signer(text: &str, view: &View, lines: &[(usize, &str)], body: usize) -> Option<String> {
    let re = SIGN_ROLE.as_ref()?;
    // The signature block may sit before long appendix tables, so look at
    // every upper-case role line of the body, last first, until one is
    // followed by a name.
    // The role itself must be written in capitals (a signature block), even
    // when OCR glued it to another column's text on the same line.
    let roles = (body..lines.len()).rev().filter(|&i| {
        let (s, l) = lines[i];
        re.find(l).is_some_and(|m| {
            let o = &text[view.span(s + m.start()..s + m.end())];
            o.chars().filter(|c| c.is_uppercase()).count() * 2
                >= o.chars().filter(|c| c.is_alphabetic()).count()
        })
    });
    roles
        .into_iter()
        .find_map(|role| name_after(text, view, lines, role))
}

/// The first line within a few after `role` that looks like a person's name.
fn name_after(text: &str, view: &View, lines: &[(usize, &str)], role: usize) -> Option<String> {
    for &(s, l) in lines.iter().skip(role + 1).take(16) {
        let o = &text[view.span(s..s + l.len())];
        let t = o.trim_matches(|c: char| !c.is_alphabetic());
        if o.trim_start().starts_with('-') || t.contains(':') || t.contains('@') {
            continue;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        if !(2..=5).contains(&words.len()) {
            continue;
        }
        let ok = words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(|c| c.is_uppercase())
                && cs.clone().all(|c| c.is_alphabetic())
                && cs.any(|c| c.is_lowercase())
        });
        if ok {
            return Some(words.join(" "));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ocr_header() {
        let t = " XA HOANG HQP Djc 1ap - Tu do - Hanh phic\nSé: 172 /BC-UBND Hoang Hop, ngay 05 thang 11 nam 2024\nBAO CAO\n\nSo két 03 ndm\nthuc hién\n\nThyc hi¢n ...\n\nKT. CHU TICH\nPHO CHU TICH\n\nLê Văn An\n";
        let v = View::new(t);
        let h = parse(t, &v).header;
        assert_eq!(h.number.as_deref(), Some("172/BC-UBND"));
        assert_eq!(h.date.as_deref(), Some("2024-11-05"));
        assert_eq!(h.place.as_deref(), Some("Hoang Hop"));
        assert_eq!(h.doc_type.as_deref(), Some("Báo cáo"));
        assert_eq!(h.issuer.as_deref(), Some("UBND xa Hoang Hqp"));
        assert_eq!(h.title.as_deref(), Some("So két 03 ndm thuc hién"));
        assert_eq!(h.signer.as_deref(), Some("Lê Văn An"));
    }

    #[test]
    fn glued_number_and_blank_day() {
        let t = "S5466 /BC-UBND Dong Son, ngày tháng 6 năm 2024\n";
        let v = View::new(t);
        let h = parse(t, &v).header;
        assert_eq!(h.number.as_deref(), Some("466/BC-UBND"));
        assert_eq!(h.date.as_deref(), Some("2024-06"));
    }
}
