//! Date mentions in any of the notations reports use, read on the folded,
//! OCR-tolerant view (`ngay 10 thang 06 nim 2024`, `quy 11 nam 2024`, …).
//!
//! Overlaps between the patterns are settled in pattern order with an
//! ordered map of the spans taken so far, so the pass is O(n log n) in the
//! number of candidates. A quarter numeral that OCR left ambiguous (`quy 11`
//! for II or III, a stroke lost) is read from the document's own context:
//! its unambiguous quarter mentions and its three-month reporting periods.

use crate::structure::numerals::read_roman;
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
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
        // A blank day in the slash form (`ngày …/11/2025`, `ngày /11/2025`,
        // a draft's caption) gives the month, as `ngày  tháng 11 năm 2025`.
        (
            Kind::Month,
            r"\bngay\s*[._]*\s*/\s*(\d{1,2})\s*/\s*(\d{4})".to_string(),
        ),
        (
            Kind::Month,
            format!(r"\b(?:ngay\s+)?th[ae]ng\s+(\d{{1,2}})\s*(?:{NAM}\s+|/\s*)(\d{{4}})"),
        ),
        (
            Kind::Quarter,
            format!(r"\bquy\s+([ivx1l|]{{1,4}}|[2-4])\s*(?:,?\s*{NAM}\s+|[/-]\s*|\s)(\d{{4}})"),
        ),
        (
            Kind::Half,
            format!(r"\b6\s+th[ae]ng\s+(d[a-z]{{1,2}}u|cu[o06]i)\s+{NAM}\s+(\d{{4}})"),
        ),
        (
            Kind::YearRange,
            r"(?:\b(?:giai\s+doan|nhiem\s+ky)\s+)?(\d{4})\s*-\s*(\d{4})".to_string(),
        ),
        // After `giai đoạn`/`nhiệm kỳ` two years are a range even when OCR
        // dropped the dash between them (`giai đoạn 2026 2030`).
        (
            Kind::YearRange,
            r"\b(?:giai\s+doan|nhiem\s+ky)\s+(\d{4})\s+(?:den\s+)?(\d{4})".to_string(),
        ),
        (Kind::Year, format!(r"\b{NAM}\s+(\d{{4}})")),
        // A target year without `năm` (`đến 2035,`): the number alone,
        // closing its clause, so that amounts (`đến 2000 hồ sơ`) stay out.
        (Kind::BareYear, r"(?m)\bden\s+(\d{4})(?:\s*[,.;)]|\s*$|\s+va\s)".to_string()),
    ];
    p.into_iter()
        .filter_map(|(k, s)| crate::structure::view::folded_regex(&s).map(|r| (k, r)))
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

/// How a quarter numeral was written: its literal value, and whether OCR
/// may have lost a stroke (two strokes of which one is not a clean `I`).
#[derive(Debug, Clone, Copy)]
struct QuarterNumeral {
    value: u32,
    ambiguous: bool,
}

fn quarter_numeral(raw: &str) -> Option<QuarterNumeral> {
    if let Ok(q @ 1..=4) = raw.parse::<u32>()
        && raw.len() == 1
    {
        return Some(QuarterNumeral {
            value: q,
            ambiguous: false,
        });
    }
    let upper = raw.to_ascii_uppercase().replace('L', "1");
    let (value, _) = read_roman(&upper)?;
    let strokes = raw.bytes().filter(|b| b"i1l|".contains(b)).count();
    let unclean = raw.bytes().any(|b| b"1l|".contains(&b));
    Some(QuarterNumeral {
        value,
        ambiguous: unclean && strokes == 2 && raw.len() == 2,
    })
}

/// The quarter a reporting period of about three months covers, by the
/// month it ends in (`15/6–14/9` and `1/7–30/9` are both quarter III).
fn period_quarter(from: &str, to: &str) -> Option<(u32, u32)> {
    let parse = |s: &str| -> Option<(i64, u32, u32)> {
        let mut it = s.split('-').map(|x| x.parse::<u32>().ok());
        let (y, m, d) = (it.next()??, it.next()??, it.next()??);
        Some((i64::from(y) * 372 + i64::from(m) * 31 + i64::from(d), y, m))
    };
    let (a, ..) = parse(from)?;
    let (b, y, m) = parse(to)?;
    (75..=100)
        .contains(&(b - a))
        .then_some((y, (m - 1) / 3 + 1))
}

/// Accepted spans, keyed by start; candidates never overlap each other.
#[derive(Default)]
struct Taken(BTreeMap<usize, usize>);

impl Taken {
    /// True when `r` overlaps nothing taken so far.
    fn free(&self, r: &Range<usize>) -> bool {
        let before = self.0.range(..r.end).next_back();
        before.is_none_or(|(_, &end)| end <= r.start)
    }

    fn take(&mut self, r: &Range<usize>) {
        self.0.insert(r.start, r.end);
    }
}

/// Finds all date mentions; longer/earlier-listed patterns win overlaps.
pub fn scan(f: &str) -> DateScan {
    let mut cands: Vec<(Range<usize>, Candidate)> = Vec::new();
    let mut quarters: HashMap<usize, QuarterNumeral> = HashMap::new();
    let mut taken = Taken::default();
    let bytes = f.as_bytes();
    for (kind, re) in PATTERNS.iter() {
        for c in re.captures_iter(f) {
            let Some(m) = c.get(if *kind == Kind::BareYear { 1 } else { 0 }) else {
                continue;
            };
            // A range's text is its numbers, without `giai đoạn`.
            let r = match (kind, c.get(1), c.get(2)) {
                (Kind::YearRange, Some(a), Some(b)) => a.start()..b.end(),
                _ => m.range(),
            };
            // Digits must not continue on either side (`12024`, `2024-20251`).
            if r.end < bytes.len() && bytes[r.end].is_ascii_digit() {
                continue;
            }
            if r.start > 0 && (bytes[r.start - 1].is_ascii_digit() || bytes[r.start - 1] == b'/') {
                continue;
            }
            if !taken.free(&r) {
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
                    let raw = c.get(1).map_or("", |m| &f[m.range()]);
                    match (quarter_numeral(raw), num(f, &c, 2)) {
                        (Some(q), Some(y)) if (1..=4).contains(&q.value) && plausible_year(y) => {
                            quarters.insert(r.start, q);
                            Ok((format!("{y:04}-Q{}", q.value), "quarter"))
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
            taken.take(&r);
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
    read_quarters_in_context(f, &mut out.dates, &quarters);
    out
}

/// Rereads each ambiguous quarter numeral as the quarter the document's
/// context names for its year, when that is the literal reading or the
/// reading with the lost stroke put back.
fn read_quarters_in_context(
    f: &str,
    dates: &mut [RawDate],
    quarters: &HashMap<usize, QuarterNumeral>,
) {
    if !quarters.values().any(|q| q.ambiguous) {
        return;
    }
    // Evidence: (year, quarter) → how many times the context says it.
    let mut votes: HashMap<(u32, u32), usize> = HashMap::new();
    let year_of = |v: &str| v.get(..4).and_then(|y| y.parse::<u32>().ok());
    for d in dates.iter() {
        match d.granularity {
            "quarter" if quarters.get(&d.span.start).is_some_and(|q| !q.ambiguous) => {
                if let (Some(y), Some(q)) = (year_of(&d.value), d.value[6..].parse().ok()) {
                    *votes.entry((y, q)).or_default() += 1;
                }
            }
            "range" => {
                if let Some((a, b)) = d.value.split_once('/')
                    && let Some(k) = period_quarter(a, b)
                {
                    *votes.entry(k).or_default() += 1;
                }
            }
            _ => {}
        }
    }
    // `từ ngày … đến ngày …` read as two day dates.
    for pair in dates.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.granularity == "day"
            && b.granularity == "day"
            && f.get(a.span.end..b.span.start).is_some_and(|g| g.contains("den"))
            && b.span.start - a.span.end < 16
            && let Some(k) = period_quarter(&a.value, &b.value)
        {
            *votes.entry(k).or_default() += 1;
        }
    }
    for d in dates.iter_mut() {
        let Some(q) = quarters.get(&d.span.start).filter(|q| q.ambiguous) else {
            continue;
        };
        let Some(y) = year_of(&d.value) else { continue };
        let best = (1..=4u32)
            .map(|c| (votes.get(&(y, c)).copied().unwrap_or(0), c))
            .max()
            .filter(|&(n, _)| n > 0);
        if let Some((_, c)) = best
            && (c == q.value || c == q.value + 1)
        {
            d.value = format!("{y:04}-Q{c}");
        }
    }
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
        assert_eq!(vals("quy 4/2024"), [("2024-Q4".into(), "quarter")]);
        assert_eq!(vals("6 thang dau nam 2024"), [("2024-H1".into(), "half")]);
        assert_eq!(vals("6 thang cuoi nam 2024"), [("2024-H2".into(), "half")]);
        assert_eq!(vals("nhiem ky 2021-2026"), [("2021/2026".into(), "range")]);
        assert_eq!(vals("ngay /11/2025 cua"), [("2025-11".into(), "month")]);
        assert_eq!(vals("ngay ..../11/2025"), [("2025-11".into(), "month")]);
        // A range's span is its numbers only.
        let f = "giai doan 2026 - 2030 va";
        let spans: Vec<&str> = scan(f).dates.iter().map(|d| &f[d.span.clone()]).collect();
        assert_eq!(spans, ["2026 - 2030"]);
        assert_eq!(vals("giai doan 2026 2030"), [("2026/2030".into(), "range")]);
        assert_eq!(
            vals("giai doan 2021 den 2025"),
            [("2021/2025".into(), "range")]
        );
        assert_eq!(vals("nam 2024."), [("2024".into(), "year")]);
        assert_eq!(vals("keo dai den 2035, tang"), [("2035".into(), "year")]);
        assert!(vals("tang den 2000 ho so").is_empty());
        assert_eq!(
            vals("tu ngay 01/01/2024 den ngay 31/03/2024"),
            [("2024-01-01/2024-03-31".into(), "range")]
        );
    }

    #[test]
    fn ambiguous_quarter_numerals_follow_the_document() {
        // A stroke lost: the period and the clean mentions say quý III.
        let t =
            "quy 11 nam 2024. tu ngay 15/6/2024 den ngay 14/9/2024; quy iii nam 2024; quy 111 2024";
        assert_eq!(vals(t)[0], ("2024-Q3".into(), "quarter"));
        // Without context the literal reading stays.
        assert_eq!(vals("quy 11 nam 2024")[0], ("2024-Q2".into(), "quarter"));
        // Context never lowers a reading, nor skips two strokes.
        let t = "quy 11 nam 2024; quy i nam 2024; quy i nam 2024";
        assert_eq!(vals(t)[0], ("2024-Q2".into(), "quarter"));
        // Another year's context does not count.
        let t = "quy 11 nam 2024; quy iii nam 2023";
        assert_eq!(vals(t)[0], ("2024-Q2".into(), "quarter"));
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
