//! Date mentions in any of the notations reports use, read on the folded,
//! OCR-tolerant view (`ngay 10 thang 06 nim 2024`, `quy 11 nam 2024`, …).

use crate::structure::numerals::read_roman;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A date found in the folded view (span in folded bytes).
#[derive(Debug, Clone, PartialEq)]
pub struct RawDate {
    pub span: Range<usize>,
    pub value: String,
    pub granularity: &'static str,
}

/// Result of the date pass: good values and impossible dates.
#[derive(Debug, Default)]
pub struct DateScan {
    pub dates: Vec<RawDate>,
    /// Impossible dates (`31/02/2024`): folded span and the text as written.
    pub invalid: Vec<Range<usize>>,
}

const NAM: &str = r"n[aideo]{1,2}m";
const DMY: &str = r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})";

static PATTERNS: LazyLock<Vec<(Kind, Regex)>> = LazyLock::new(|| {
    let p = [
        (
            Kind::DayRange,
            format!(r"(?:\bt\S{{0,2}}\s+)?(?:ngay\s+)?{DMY}\s*(?:-|den)\s*(?:ngay\s+)?{DMY}"),
        ),
        (
            Kind::Day,
            format!(r"(?:\bngay\s+)?(\d{{1,2}})\s+th[ae]ng\s+(\d{{1,2}})\s+{NAM}\s+(\d{{4}})"),
        ),
        (Kind::Day, format!(r"(?:\bngay\s+)?{DMY}")),
        (
            Kind::Month,
            format!(r"\b(?:ngay\s+)?th[ae]ng\s+(\d{{1,2}})\s*(?:{NAM}\s+|/\s*)(\d{{4}})"),
        ),
        (
            Kind::Quarter,
            format!(r"\bquy\s+([ivx1l|]{{1,4}})\s*(?:,?\s*{NAM}\s+|/\s*|\s)(\d{{4}})"),
        ),
        (
            Kind::Half,
            format!(r"\b6\s+th[ae]ng\s+(d[a-z]{{1,2}}u|cu[o06]i)\s+{NAM}\s+(\d{{4}})"),
        ),
        (
            Kind::YearRange,
            r"(?:\b(?:giai\s+doan|nhiem\s+ky)\s+)?(\d{4})\s*-\s*(\d{4})".to_string(),
        ),
        (Kind::Year, format!(r"\b{NAM}\s+(\d{{4}})")),
        // A target year without `năm` (`đến 2035,`): the number alone,
        // closing its clause, so that amounts (`đến 2000 hồ sơ`) stay out.
        (Kind::BareYear, r"(?m)\bden\s+(\d{4})(?:\s*[,.;)]|\s*$|\s+va\s)".to_string()),
    ];
    p.into_iter()
        .filter_map(|(k, s)| Regex::new(&s).ok().map(|r| (k, r)))
        .collect()
});

/// A value and granularity, or `Err` for an impossible date.
type Candidate = Result<(String, &'static str), ()>;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    DayRange,
    Day,
    Month,
    Quarter,
    Half,
    YearRange,
    Year,
    BareYear,
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

/// `Some(Ok(iso))` for a real day, `Some(Err(()))` for an impossible one.
pub fn iso_day(d: u32, m: u32, y: u32) -> Option<Result<String, ()>> {
    if !(1900..=2100).contains(&y) {
        return None;
    }
    if d == 0 || m == 0 || m > 12 || d > days_in_month(y, m) {
        return Some(Err(()));
    }
    Some(Ok(format!("{y:04}-{m:02}-{d:02}")))
}

fn num(s: &str, c: &regex::Captures, i: usize) -> Option<u32> {
    c.get(i).and_then(|m| s[m.range()].parse().ok())
}

fn plausible_year(y: u32) -> bool {
    (1900..=2100).contains(&y)
}

/// Finds all date mentions; longer/earlier-listed patterns win overlaps.
pub fn scan(f: &str) -> DateScan {
    let mut cands: Vec<(Range<usize>, Candidate)> = Vec::new();
    let bytes = f.as_bytes();
    for (kind, re) in PATTERNS.iter() {
        for c in re.captures_iter(f) {
            let Some(m) = c.get(if *kind == Kind::BareYear { 1 } else { 0 }) else {
                continue;
            };
            let r = m.range();
            // Digits must not continue on either side (`12024`, `2024-20251`).
            if r.end < bytes.len() && bytes[r.end].is_ascii_digit() {
                continue;
            }
            if r.start > 0 && (bytes[r.start - 1].is_ascii_digit() || bytes[r.start - 1] == b'/') {
                continue;
            }
            let res = match kind {
                Kind::DayRange => {
                    let a = (num(f, &c, 1), num(f, &c, 2), num(f, &c, 3));
                    let b = (num(f, &c, 4), num(f, &c, 5), num(f, &c, 6));
                    match (a, b) {
                        ((Some(d1), Some(m1), Some(y1)), (Some(d2), Some(m2), Some(y2))) => {
                            match (iso_day(d1, m1, y1), iso_day(d2, m2, y2)) {
                                (Some(Ok(x)), Some(Ok(y))) => Ok((format!("{x}/{y}"), "range")),
                                (Some(Err(())), _) | (_, Some(Err(()))) => Err(()),
                                _ => continue,
                            }
                        }
                        _ => continue,
                    }
                }
                Kind::Day => match (num(f, &c, 1), num(f, &c, 2), num(f, &c, 3)) {
                    (Some(d), Some(mo), Some(y)) => match iso_day(d, mo, y) {
                        Some(Ok(v)) => Ok((v, "day")),
                        Some(Err(())) => Err(()),
                        None => continue,
                    },
                    _ => continue,
                },
                Kind::Month => match (num(f, &c, 1), num(f, &c, 2)) {
                    (Some(mo), Some(y)) if (1..=12).contains(&mo) && plausible_year(y) => {
                        Ok((format!("{y:04}-{mo:02}"), "month"))
                    }
                    _ => continue,
                },
                Kind::Quarter => {
                    let raw = c.get(1).map_or("", |m| &f[m.range()]).to_ascii_uppercase();
                    let raw = raw.replace('L', "1");
                    match (read_roman(&raw), num(f, &c, 2)) {
                        (Some((q, _)), Some(y)) if (1..=4).contains(&q) && plausible_year(y) => {
                            Ok((format!("{y:04}-Q{q}"), "quarter"))
                        }
                        _ => continue,
                    }
                }
                Kind::Half => {
                    let which = c.get(1).map_or("", |m| m.as_str());
                    let h = if which.starts_with('d') { 1 } else { 2 };
                    match num(f, &c, 2) {
                        Some(y) if plausible_year(y) => Ok((format!("{y:04}-H{h}"), "half")),
                        _ => continue,
                    }
                }
                Kind::YearRange => match (num(f, &c, 1), num(f, &c, 2)) {
                    (Some(a), Some(b))
                        if plausible_year(a) && plausible_year(b) && b > a && b - a <= 30 =>
                    {
                        Ok((format!("{a:04}/{b:04}"), "range"))
                    }
                    _ => continue,
                },
                Kind::Year | Kind::BareYear => match num(f, &c, 1) {
                    Some(y) if plausible_year(y) => Ok((format!("{y:04}"), "year")),
                    _ => continue,
                },
            };
            if cands
                .iter()
                .any(|(s, _)| s.start < r.end && r.start < s.end)
            {
                continue;
            }
            cands.push((r, res));
        }
    }
    cands.sort_by_key(|(r, _)| r.start);
    let mut out = DateScan::default();
    for (r, res) in cands {
        match res {
            Ok((value, granularity)) => out.dates.push(RawDate {
                span: r,
                value,
                granularity,
            }),
            Err(()) => out.invalid.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(s: &str) -> Vec<(String, &'static str)> {
        scan(s)
            .dates
            .into_iter()
            .map(|d| (d.value, d.granularity))
            .collect()
    }

    #[test]
    fn notations() {
        assert_eq!(vals("ngay 30/11/2022 ctia"), [("2022-11-30".into(), "day")]);
        assert_eq!(
            vals("ngay 10 thang 06 nam 2024"),
            [("2024-06-10".into(), "day")]
        );
        assert_eq!(
            vals("vao thang 10 nam 1953."),
            [("1953-10".into(), "month")]
        );
        assert_eq!(vals("quy i nam 2024"), [("2024-Q1".into(), "quarter")]);
        assert_eq!(vals("quy iii/2024"), [("2024-Q3".into(), "quarter")]);
        assert_eq!(vals("quy 11 nim 2024"), [("2024-Q2".into(), "quarter")]);
        assert_eq!(vals("6 thang dau nam 2024"), [("2024-H1".into(), "half")]);
        assert_eq!(vals("6 thang cuoi nam 2024"), [("2024-H2".into(), "half")]);
        assert_eq!(vals("nhiem ky 2021-2026"), [("2021/2026".into(), "range")]);
        assert_eq!(vals("nam 2024."), [("2024".into(), "year")]);
        assert_eq!(vals("keo dai den 2035, tang"), [("2035".into(), "year")]);
        assert!(vals("tang den 2000 ho so").is_empty());
        assert_eq!(
            vals("tu ngay 01/01/2024 den ngay 31/03/2024"),
            [("2024-01-01/2024-03-31".into(), "range")]
        );
    }

    #[test]
    fn impossible_dates_are_flagged() {
        let s = scan("ngay 31/02/2024");
        assert!(s.dates.is_empty());
        assert_eq!(s.invalid.len(), 1);
    }

    #[test]
    fn fractions_and_codes_are_not_dates() {
        assert!(vals("8/8 chi tieu; 1021/1028 ho so; 42/2013/qh13").is_empty());
    }
}
