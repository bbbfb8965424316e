//! Dossier (hồ sơ) counts in prose and appendix tables, classified by the
//! words of the clause they sit in (received, resolved on time, …).

use super::numbers::{parse_count, parse_vn};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A dossier count found in the folded view (folded spans).
#[derive(Debug, Clone, PartialEq)]
pub struct RawDossier {
    pub span: Range<usize>,
    pub metric: &'static str,
    pub value: u64,
    pub percent: Option<f64>,
    pub scope: Range<usize>,
    /// Paragraph index: numbers are only compared within one paragraph.
    pub paragraph: usize,
    /// Denominator when written as a fraction (`1021/1028`).
    pub denom: Option<u64>,
    /// A "received and resolved" total (`tiếp nhận và giải quyết 1028`).
    pub also_resolved: bool,
}

fn re(p: &str) -> Option<Regex> {
    Regex::new(p).ok()
}

static UNIT: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"\bh[o0de]\s*s[o0]\b|\bhs\b"));
static UNIT_AFTER: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"^\s*(?:h[o0de]\s*s[o0]\b|hs\b)"));
static UNIT_BEFORE: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"\bh[o0de]\s*s[o0]\s*$"));
static NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"\d[\d.,]*(?:/\d[\d.,]*)?\s*%?"));
static LEAD_IN: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"(?::|\bla|\b1a)\s*$"));
static PERCENT: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"^\d+(?:,\d+)?\s*%"));
static SCOPE: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"\bcap\s+\W?(?:huyen|xa|tinh|phuong|thi\s+xa)\b\W?"));

struct Kw {
    excluded: Regex,
    payment: Regex,
    supplement: Regex,
    returned: Regex,
    carried: Regex,
    in_progress: Regex,
    in_progress_overdue: Regex,
    overdue: Regex,
    on_time: Regex,
    received: Regex,
    received_tail: Regex,
    resolved: Regex,
    partial: Regex,
    full: Regex,
    postal: Regex,
    online: Regex,
    direct: Regex,
}

static KW: LazyLock<Option<Kw>> = LazyLock::new(|| {
    Some(Kw {
        excluded: re(r"akn|phan\s+anh|don\s+thu")?,
        payment: re(r"thanh\s+to[a-z]n")?,
        supplement: re(r"\bbo\s+sung")?,
        returned: re(r"xin\s+r[uat]t|\brut\b|tra\s+lai")?,
        carried: re(r"ky\s+tr[a-z]{2,4}c|chuyen\s+(?:sang|qua)|\bton\s+(?:dong|ky)")?,
        in_progress: re(r"\bdang\s+(?:trong|giai|gi[a-z]{1,2}\s|xu|[gq]uyet|thu)")?,
        in_progress_overdue: re(r"\bdang\s+qu[a-z]\s+han")?,
        overdue: re(r"\bqu[a-z]\s+han|\btre\s+h[ae]n|cham\s+muon")?,
        on_time: re(r"\bd[a-z]{1,2}ng\s+han|\btru[a-z]{1,3}\s+han|\bsom\s+han")?,
        received: re(r"ti[e]p\s+nh[a-z]{1,2}n")?,
        received_tail: re(r"\bnh[a-z]{1,2}n\s*:?\s*$")?,
        resolved: re(r"gi[a-z]{1,2}\s+[gq]uyet|tra\W{0,2}ket\s+qua")?,
        partial: re(r"\bm[o0]t\s+phan")?,
        full: re(r"toan\s+trinh")?,
        postal: re(r"buu\s+chinh")?,
        online: re(r"tr[a-z]{1,3}c\s+tuyen|qua\s+mang|dich\s+vu\s+cong|\bdvc\b")?,
        direct: re(r"tr[a-z]{1,3}c\s+tiep")?,
    })
});

/// Picks the metric a clause talks about; `None` if it names none.
pub fn classify(left: &str, right: &str) -> Option<&'static str> {
    let k = KW.as_ref()?;
    let ctx = format!("{left} {right}");
    let c = ctx.as_str();
    if k.excluded.is_match(c) {
        return Some("");
    }
    let received_sub = |c: &str| -> Option<&'static str> {
        if k.partial.is_match(c) {
            Some("received_online_partial")
        } else if k.full.is_match(c) {
            Some("received_online_full")
        } else if k.postal.is_match(c) {
            Some("received_postal")
        } else if k.online.is_match(c) && k.direct.is_match(c) {
            None
        } else if k.online.is_match(c) {
            Some("received_online")
        } else if k.direct.is_match(c) {
            Some("received_direct")
        } else {
            None
        }
    };
    let m = if k.payment.is_match(c) {
        "online_payment"
    } else if k.supplement.is_match(c) {
        "pending_supplement"
    } else if k.returned.is_match(c) {
        "returned_withdrawn"
    } else if k.carried.is_match(c) {
        "carried_over"
    } else if k.in_progress_overdue.is_match(c) {
        "in_progress_overdue"
    } else if k.in_progress.is_match(c) {
        "in_progress"
    } else if k.overdue.is_match(c) {
        "resolved_overdue"
    } else if k.on_time.is_match(c) {
        "resolved_on_time"
    } else if k.received.is_match(c) || k.received_tail.is_match(left) {
        received_sub(c).unwrap_or("received")
    } else if k.resolved.is_match(c) {
        "resolved"
    } else {
        received_sub(c)?
    };
    Some(m)
}

fn is_boundary(b: &[u8], i: usize) -> bool {
    match b[i] {
        b';' | b'(' | b')' | b'|' => true,
        b'.' | b',' => b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()),
        b'\n' => b.get(i + 1) == Some(&b'\n') || b.get(i + 1) == Some(&b'-'),
        _ => false,
    }
}

/// Paragraph index for each folded offset boundary (blank-line separated).
fn paragraph_starts(f: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let b = f.as_bytes();
    for i in 1..b.len() {
        if b[i - 1] == b'\n'
            && f[i..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n')
        {
            starts.push(i);
        }
    }
    starts
}

/// Finds dossier counts; `taken` are folded spans already used by dates
/// and references, whose digits are not counts.
pub fn scan(f: &str, taken: &[Range<usize>]) -> Vec<RawDossier> {
    let (Some(num_re), Some(unit_after), Some(unit_before), Some(unit_re)) = (
        NUMBER.as_ref(),
        UNIT_AFTER.as_ref(),
        UNIT_BEFORE.as_ref(),
        UNIT.as_ref(),
    ) else {
        return Vec::new();
    };
    let b = f.as_bytes();
    let paras = paragraph_starts(f);
    let nums: Vec<Range<usize>> = num_re
        .find_iter(f)
        .map(|m| m.range())
        .filter(|r| !(r.start > 0 && b[r.start - 1].is_ascii_alphabetic()))
        .collect();
    let mut out: Vec<RawDossier> = Vec::new();
    for (ni, r) in nums.iter().enumerate() {
        let tok = f[r.clone()].trim_end();
        if tok.ends_with('%') || taken.iter().any(|t| t.start < r.end && r.start < t.end) {
            continue;
        }
        let tok = tok.trim_end_matches(['.', ',']);
        let tok_end = r.start + tok.len();
        let (a, d) = match tok.split_once('/') {
            Some((a, d)) => (a, parse_count(d)),
            None => (tok, None),
        };
        let Some(value) = parse_count(a) else {
            continue;
        };
        let para = paras.partition_point(|&p| p <= r.start).saturating_sub(1);
        let para_start = paras[para];
        let para_end = paras.get(para + 1).copied().unwrap_or(f.len());
        let prev_end = if ni > 0 { nums[ni - 1].end } else { 0 };
        let next_start = nums.get(ni + 1).map_or(f.len(), |n| n.start);
        let mut lstart = r.start;
        while lstart > para_start.max(prev_end) && !is_boundary(b, lstart - 1) {
            lstart -= 1;
        }
        let mut rend = tok_end;
        while rend < para_end.min(next_start) && !is_boundary(b, rend) {
            rend += 1;
        }
        let left = &f[lstart..r.start];
        let right = &f[tok_end..rend];
        let span = if let Some(u) = unit_after.find(right) {
            r.start..tok_end + u.end()
        } else if let Some(u) = unit_before.find(&f[para_start.max(prev_end)..r.start]) {
            para_start.max(prev_end) + u.start()..tok_end
        } else if LEAD_IN.as_ref().is_some_and(|x| x.is_match(left))
            && unit_re.is_match(&f[r.start.saturating_sub(120).max(para_start)..r.start])
        {
            r.start..tok_end
        } else {
            continue;
        };
        let metric = match classify(left, right) {
            Some("") => continue,
            Some(m) => m,
            None => match out.last() {
                Some(p) if p.paragraph == para => p.metric,
                _ => "other",
            },
        };
        let also_resolved = metric.starts_with("received")
            && KW.as_ref().is_some_and(|k| k.resolved.is_match(left));
        // Percent: the next number, if it is a percentage, before `;`/`.`.
        let mut percent = None;
        let mut j = span.end.max(tok_end);
        while j < para_end {
            let c = b[j];
            if c == b';' || (c == b'.' && b.get(j + 1).is_none_or(|x| x.is_ascii_whitespace())) {
                break;
            }
            if c.is_ascii_digit() {
                if let Some(m) = PERCENT.as_ref().and_then(|p| p.find(&f[j..])) {
                    percent = parse_vn(&f[j..j + m.end()]).filter(|p| *p <= 100.0);
                }
                break;
            }
            j += 1;
        }
        let scope = SCOPE
            .as_ref()
            .and_then(|s| s.find(left))
            .map_or(0..0, |m| lstart + m.start()..lstart + m.end());
        out.push(RawDossier {
            span,
            metric,
            value,
            percent,
            scope,
            paragraph: para,
            denom: d,
            also_resolved,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    fn got(s: &str) -> Vec<(&'static str, u64, Option<f64>)> {
        scan(&fold(s), &[])
            .into_iter()
            .map(|d| (d.metric, d.value, d.percent))
            .collect()
    }

    #[test]
    fn prose_statement() {
        let s = "tiếp nhận 4.716 hồ sơ (trực tuyến 3.120 hồ sơ, trực tiếp 1.596 hồ sơ); đã giải quyết 4.600 hồ sơ, trong đó đúng hạn 4.554 hồ sơ (đạt 96,6%), quá hạn 46 hồ sơ; đang giải quyết 116 hồ sơ";
        assert_eq!(
            got(s),
            [
                ("received", 4716, None),
                ("received_online", 3120, None),
                ("received_direct", 1596, None),
                ("resolved", 4600, None),
                ("resolved_on_time", 4554, Some(96.6)),
                ("resolved_overdue", 46, None),
                ("in_progress", 116, None),
            ]
        );
    }

    #[test]
    fn ocr_and_table_rows() {
        assert_eq!(
            got("Ky trudc chuyén qua: 0 HS."),
            [("carried_over", 0, None)]
        );
        assert_eq!(
            got("3.1.1. | Tong sé ho so TTHC dd gidi quyét xong Ho so 376 Van phong"),
            [("resolved", 376, None)]
        );
        assert_eq!(
            got("HO so trd/xin rat: 0 HS."),
            [("returned_withdrawn", 0, None)]
        );
    }
}
