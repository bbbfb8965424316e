//! Dossier (hồ sơ) counts in prose and appendix tables (CONVENTIONS.md §6).
//!
//! A count is a number with its unit (`4.716 hồ sơ`, `1,07 ngàn HS`,
//! `57.689 bộ hồ sơ`, a table's `Hồ sơ | 376`), or an explicit zero
//! (`không có hồ sơ quá hạn`). Its metric comes from the cue that governs
//! it: the words of its own clause on either side (`đã giải quyết 4.600 hồ
//! sơ`, `12 hồ sơ giải quyết trễ hạn`), read inside the breakdown it belongs
//! to (`7.172 hồ sơ đang giải quyết, có … 1.222 hồ sơ đã quá hạn` is
//! in_progress_overdue), else the cue its sentence opened with. A count no
//! cue names (`Công an tỉnh (590 hồ sơ)`) is not reported. The percentage
//! written after a count, in its clause, is its own; `a/b` gives `b` its own
//! entry; `scope` is the level and period the count's sentence (or
//! paragraph, or document) names.
//!
//! Every step looks at the count's own sentence, so the pass is linear.

use super::dates::RawDate;
use super::numbers::{parse_count, parse_vn};
use super::words::Words;
use crate::record::Metric;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A dossier count found in the folded view (folded spans).
#[derive(Debug, Clone, PartialEq)]
pub struct RawDossier {
    /// The surface (cue, number and unit).
    pub span: Range<usize>,
    /// The number itself.
    pub number: Range<usize>,
    pub metric: Metric,
    pub value: u64,
    /// How far the true value may lie from `value`: the rounding of `1,07
    /// ngàn`, or `None` when unknown (`gần 900`, `hơn 12.200`).
    pub error: Option<u64>,
    pub percent: Option<f64>,
    /// Half a unit of the percentage's last written digit.
    pub percent_error: f64,
    pub scope: Option<String>,
    /// Paragraph index: counts are only compared within one paragraph.
    pub paragraph: usize,
    /// Statement index (a sentence with the sentences that continue it:
    /// `Trong đó, …`).
    pub statement: usize,
    /// The count this one is a part of (`tổng … (gồm …)`, `…, trong đó …`).
    pub parent: Option<usize>,
    /// The count whose denominator this is (`4.561/5.650`).
    pub denominator_of: Option<usize>,
    /// Its breakdown lists only some parts (`(Phù Cát 19 hồ sơ, … An Nhơn
    /// 7 hồ sơ...)`, `như`, `v.v.`).
    pub some_parts: bool,
    /// A "received and resolved" total (`tiếp nhận và giải quyết 1028`).
    pub also_resolved: bool,
    pub doubtful: bool,
}

fn re(p: &str) -> Option<Regex> {
    crate::structure::view::folded_regex(p)
}

static NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"\d[\d.,]*(?:/\d[\d.,]*)?\s*%?"));
/// The unit after a number: `hồ sơ`, `HS`, `bộ hồ sơ`, `bộ` (when the
/// sentence is about hồ sơ), with a multiplier (`1,07 ngàn HS`).
static UNIT_AFTER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(
        r"^\s*(?:\(\s*[a-z? ]{2,12}\)\s*)?(?:(ngan|nghin|trieu)\s+)?(?:(bo)\s+)?(?:(h[o0de]\s*s[o0d])\b|(hs)\b)?",
    )
});
/// `Hồ sơ 376`: the unit column before a table's value.
static UNIT_BEFORE: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"(?:\bh[o0de]\s*s[o0]|\bhs)\s*\|?\s*$"));
static ANY_UNIT: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"\bh[o0de]\s*s[o0]\b|\bhs\b"));
/// `… là 1.456/1.625`, `… : 2.449`: a number after a lead-in.
static LEAD_IN: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"(?::|\bla|\b1a|\bcon)\s*$"));
static PERCENT: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"^(\d+(?:[,.](\d+))?)\s*%"));
/// Words before a number that make it approximate.
static APPROX: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"\b(?:gan|hon|tren|khoang|xap\s+xi|chung)\s*$"));
/// After a count: it opens a breakdown of its parts.
static OPENER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(
        r"^\s*(?:\(\s*(?:gom|trong\s+do|bao\s+gom)?|[,;.]?\s*(?:trong\s+do|gom|bao\s+gom|cu\s+the)\b|,\s*(?:co|voi)\b|:)",
    )
});
/// Later in a count's clause, before the next count: `…, một phần (trong đó
/// cấp huyện: …)`.
static LATE_OPENER: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"(?:\(\s*|[,;.]\s*)(?:trong\s+do|gom|bao\s+gom)\b"));
/// `không có hồ sơ quá hạn`: an explicit zero.
static ZERO: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"\bkhong\s+(?:co\s+)?(?:h[o0]\s*s[o0]|hs)\b"));
/// `cấp xã`, `toàn tỉnh`, `Bộ phận một cửa`: the level of a count.
static LEVEL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(
        r"\b(?:cap\s+(?:tinh|huyen|xa|phuong)(?:\s*,\s*(?:cap\s+)?(?:huyen|xa))?|toan\s+(?:tinh|huyen|thanh\s+pho|xa)|bo\s+phan\s+(?:mot\s+cua|tiep\s+nhan\s+va\s+tra\s+ket\s+qua))\b",
    )
});
/// Sentences that continue the statement before them (`Trong đó, …`,
/// `Trong số đó …`). `Trong số 3.405 hồ sơ đang giải quyết, …` names a
/// new total of its own and starts a statement.
fn continues(s: &str) -> bool {
    let s = s.trim_start();
    let mut w = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|x| !x.is_empty());
    s.starts_with('(')
        || matches!(
            (w.next(), w.next(), w.next()),
            (Some("trong"), Some("do"), _)
                | (Some("trong"), Some("so"), Some("do" | "nay" | "tren"))
                | (Some("cu"), Some("the"), _)
                | (Some("con"), Some("lai"), _)
                | (Some("rieng"), _, _)
        )
}

/// The cues of the metrics, on folded text, searched together.
#[derive(Debug, Clone, Copy)]
enum Cue {
    Excluded,
    Other,
    Payment,
    Supplement,
    Returned,
    Carried,
    InProgress,
    Overdue,
    OnTime,
    Received,
    Resolved,
    AllChannels,
    Partial,
    Full,
    Postal,
    Online,
    Direct,
}

const CUE_PATTERNS: [(Cue, &str); 17] = [
    (
        Cue::Excluded,
        r"akn|phan\s+anh|don\s+(?:thu|khieu|to\s+cao|kien\s+nghi)|khieu\s+nai|to\s+cao|thu\s+tuc\s+hanh\s+chinh\s+(?:duoc|da)\s+cong\s+bo",
    ),
    (
        Cue::Other,
        r"(?:^|[^a-z])(?:den\s+han|dong\s+bo|so\s+hoa)\b",
    ),
    (Cue::Payment, r"thanh\s+to[a-z]n"),
    (Cue::Supplement, r"\bbo\s+sung"),
    (Cue::Returned, r"xin\s+r[uat]t|\brut\b|tra\s+lai|tu\s+choi"),
    (
        Cue::Carried,
        r"ky\s+tr[a-z]{2,4}c|chuyen\s+(?:sang|qua|tiep)|\bton\s+ky|nam\s+\d{4}\s+chuyen",
    ),
    (
        Cue::InProgress,
        r"\bdang\s+(?:[a-z]+\s+){0,2}?(?:giai|gi[a-z]{1,2}\s|xu|[gq]uyet|thu\s+ly|trong)|\bdang\s+(?:bi\s+)?(?:qu[a-z]\s+han|tre)|chua\s+(?:co\s+ket\s+qua|giai\s+quyet|den\s+han|tra)|con\s+trong\s+(?:thoi\s+)?han|\btrong\s+han",
    ),
    (Cue::Overdue, r"\bqu[a-z]\s+han|\btr[ea]\s+h[ae]n|\bcham\b"),
    (
        Cue::OnTime,
        r"\bd[a-z]{1,2}ng\s+han|\btru[a-z]{1,3}\s+han|\bsom\s+han|dung\s+(?:va|,)\s+(?:truoc|som)\s+han",
    ),
    (
        Cue::Received,
        r"ti[e]p\s+nh[a-z]{1,2}n|nh[a-z]n\s+moi|nop\s+(?:moi|qua|truc)|yeu\s+cau\s+giai\s+quyet|phat\s+sinh",
    ),
    (
        Cue::Resolved,
        r"gi[a-z]{1,2}\s+[gq]uyet|tra\W{0,2}ket\s+qua|\bxu\s+ly|hoan\s+thanh",
    ),
    (Cue::AllChannels, r"ca\s+truc\s+tiep\s+va"),
    (Cue::Partial, r"\bm[o0]t\s+phan|muc\s+do\s+3"),
    (Cue::Full, r"toan\s+trinh|muc\s+do\s+4"),
    (Cue::Postal, r"buu\s+chinh"),
    (
        Cue::Online,
        r"tr[a-z]{1,3}c\s+tuyen|qua\s+mang|dich\s+vu\s+cong|\bdvc\b",
    ),
    (Cue::Direct, r"tr[a-z]{1,3}c\s+tiep"),
];

static CUES: LazyLock<Option<regex::RegexSet>> = LazyLock::new(|| {
    regex::RegexSet::new(
        CUE_PATTERNS
            .iter()
            .map(|(_, p)| p.replace(r"\b", r"(?-u:\b)")),
    )
    .ok()
});
/// `tăng 9,6 ngàn HS`: a change, not a count.
static CHANGE: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"\b(?:tang|giam)(?:\s+(?:them|so\s+voi))?\s*$"));
/// `Nhận: 5 hồ sơ`.
static RECEIVED_TAIL: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"\bnh[aed]n\s*:?\s*$"));

/// The cues found in a text.
struct Found(regex::SetMatches);

impl Found {
    fn of(text: &str) -> Option<Found> {
        Some(Found(CUES.as_ref()?.matches(text)))
    }

    fn has(&self, c: Cue) -> bool {
        self.0.matched(c as usize)
    }
}

/// What a clause says it counts: `Some(None)` for a clause about
/// something that is not a dossier count (complaints, a change), `None`
/// when it names no metric.
pub fn classify(left: &str, right: &str) -> Option<Option<Metric>> {
    let k = Found::of(&format!("{left} {right}"))?;
    if k.has(Cue::Excluded) || CHANGE.as_ref().is_some_and(|r| r.is_match(left)) {
        return Some(None);
    }
    let channel = || -> Option<Metric> {
        if k.has(Cue::AllChannels) {
            Some(Metric::Received)
        } else if k.has(Cue::Partial) {
            Some(Metric::ReceivedOnlinePartial)
        } else if k.has(Cue::Full) {
            Some(Metric::ReceivedOnlineFull)
        } else if k.has(Cue::Online) && k.has(Cue::Direct) {
            None
        } else if k.has(Cue::Online) {
            Some(Metric::ReceivedOnline)
        } else if k.has(Cue::Direct) {
            Some(Metric::ReceivedDirect)
        } else if k.has(Cue::Postal) {
            Some(Metric::ReceivedPostal)
        } else {
            None
        }
    };
    let in_progress = k.has(Cue::InProgress);
    let m = if k.has(Cue::Payment) {
        Metric::OnlinePayment
    } else if k.has(Cue::Supplement) {
        Metric::PendingSupplement
    } else if k.has(Cue::Returned) {
        Metric::ReturnedWithdrawn
    } else if k.has(Cue::Carried) {
        Metric::CarriedOver
    } else if in_progress && k.has(Cue::Overdue) {
        Metric::InProgressOverdue
    } else if in_progress {
        Metric::InProgress
    } else if k.has(Cue::Other) {
        Metric::Other
    } else if k.has(Cue::Overdue) {
        Metric::ResolvedOverdue
    } else if k.has(Cue::OnTime) {
        Metric::ResolvedOnTime
    } else if k.has(Cue::Received) || RECEIVED_TAIL.as_ref().is_some_and(|r| r.is_match(left)) {
        channel().unwrap_or(Metric::Received)
    } else if k.has(Cue::Resolved) {
        Metric::Resolved
    } else {
        return channel().map(Some);
    };
    Some(Some(m))
}

/// True when a text says `giải quyết`/`trả kết quả` (a received total that
/// is also a resolved one: `tiếp nhận và giải quyết 1028 hồ sơ`).
fn says_resolved(text: &str) -> bool {
    Found::of(text).is_some_and(|k| k.has(Cue::Resolved))
}

/// The metric of a part (`own` cue) inside a breakdown of `parent`: the
/// parts of an in-progress total that are overdue are in_progress_overdue,
/// those carried over are still in progress; a part with no cue is of its
/// total's kind.
fn within(parent: Metric, own: Option<Metric>) -> Metric {
    use Metric::*;
    match (parent, own) {
        (InProgress | InProgressOverdue, Some(ResolvedOverdue | InProgressOverdue)) => {
            InProgressOverdue
        }
        (InProgress, Some(CarriedOver | Received | InProgress | Other)) => InProgress,
        (_, Some(m)) => m,
        (p, None) => p,
    }
}

/// What the parts of a breakdown divide their total by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Channels and origin of what was received (and the origin of what
    /// was resolved or is in progress: `năm 2018 chuyển sang`).
    Intake,
    /// Fully or partly online, within an online count.
    OnlineMode,
    /// What became of it: resolved, in progress, returned.
    Outcome,
    /// On time or late.
    Timeliness,
}

/// The dimension a part of metric `part` divides a total of metric
/// `parent` by.
pub fn dimension(parent: Metric, part: Metric) -> Dimension {
    use Metric::*;
    match part {
        ReceivedOnlineFull | ReceivedOnlinePartial => Dimension::OnlineMode,
        ReceivedDirect | ReceivedOnline | ReceivedPostal | CarriedOver | Received => {
            Dimension::Intake
        }
        ResolvedOnTime | ResolvedOverdue | InProgressOverdue => Dimension::Timeliness,
        InProgress if matches!(parent, InProgress | InProgressOverdue) => Dimension::Timeliness,
        _ if parent.is_received() => Dimension::Outcome,
        _ => Dimension::Timeliness,
    }
}

/// Whether a part's own metric keeps it inside a breakdown of `parent`:
/// a breakdown divides its total by one dimension, set by its first part
/// with a cue (`Trong đó, có … trực tuyến; … trực tiếp; … đã giải quyết`:
/// the channels, then a resolved count that ends them).
fn belongs(parent: Metric, own: Option<Metric>, by: &mut Option<Dimension>) -> bool {
    use Dimension::*;
    let Some(m) = own else { return true };
    let d = dimension(parent, m);
    let allowed = if parent.is_received() {
        matches!(d, Intake | OnlineMode | Outcome)
    } else {
        matches!(d, Intake | Timeliness)
    };
    if !allowed {
        return false;
    }
    match by {
        None => {
            *by = Some(d);
            true
        }
        Some(b) => *b == d || d == OnlineMode,
    }
}

/// Sentence and paragraph boundaries of the folded text.
struct Layout {
    /// Start of every sentence.
    sentences: Vec<usize>,
    /// Statement index of every sentence.
    statement_of: Vec<usize>,
    /// Start of every paragraph.
    paragraphs: Vec<usize>,
    /// End of every statement.
    statement_ends: Vec<usize>,
}

impl Layout {
    fn new(w: &Words) -> Layout {
        let f = w.f();
        let b = f.as_bytes();
        let mut sentences = vec![0];
        let mut paragraphs = vec![0];
        for i in 0..b.len() {
            let next = i + 1;
            if b[i] == b'\n' {
                let rest = f[next..].trim_start_matches([' ', '\t', '\r']);
                let blank = rest.starts_with('\n');
                // A sentence ending at a line end, then a capital: a new
                // paragraph of rendered text that has no blank lines.
                let prev = f[..i].trim_end_matches([' ', '\t', '\r']);
                let ended = prev.ends_with(['.', '!', '?']);
                let capital = || {
                    w.at(next).is_some_and(|r| {
                        w.orig(&r)
                            .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                    })
                };
                if blank || rest.starts_with(['-', '+', '*', '|']) || (ended && capital()) {
                    sentences.push(next);
                    paragraphs.push(next);
                }
            } else if matches!(b[i], b'.' | b'!' | b'?' | b';')
                && b.get(next).is_some_and(|c| *c == b' ' || *c == b'\n')
                && b[i] != b';'
            {
                sentences.push(next);
            }
        }
        sentences.sort_unstable();
        sentences.dedup();
        let mut statement_of = Vec::with_capacity(sentences.len());
        let mut st = 0;
        for (k, &s) in sentences.iter().enumerate() {
            let new_para = paragraphs.binary_search(&s).is_ok();
            let mut e = f.len().min(s + 24);
            while !f.is_char_boundary(e) {
                e -= 1;
            }
            let cont = continues(&f[s..e]);
            if k > 0 && (new_para || !cont) {
                st += 1;
            }
            statement_of.push(st);
        }
        let mut statement_ends = vec![f.len(); st + 1];
        for (k, &s) in statement_of.iter().enumerate() {
            if let Some(&next) = sentences.get(k + 1)
                && statement_of.get(k + 1) != Some(&s)
            {
                statement_ends[s] = next;
            }
        }
        Layout {
            sentences,
            statement_of,
            paragraphs,
            statement_ends,
        }
    }

    fn sentence(&self, pos: usize) -> usize {
        self.sentences
            .partition_point(|&s| s <= pos)
            .saturating_sub(1)
    }

    fn sentence_range(&self, k: usize, len: usize) -> Range<usize> {
        self.sentences[k]..self.sentences.get(k + 1).copied().unwrap_or(len)
    }

    fn paragraph(&self, pos: usize) -> usize {
        self.paragraphs
            .partition_point(|&s| s <= pos)
            .saturating_sub(1)
    }

    /// End of the statement holding sentence `k`.
    fn statement_end(&self, k: usize, len: usize) -> usize {
        self.statement_ends
            .get(self.statement_of[k])
            .copied()
            .unwrap_or(len)
    }
}

/// True where a clause ends: punctuation, a bullet line.
fn divider(b: &[u8], i: usize) -> bool {
    match b[i] {
        b';' | b'(' | b')' | b'|' => true,
        b'.' | b',' => b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()),
        b'\n' => matches!(b.get(i + 1), Some(b'\n' | b'-' | b'+')),
        _ => false,
    }
}

/// A table row: cells split by `|`, or a line opened by a row number
/// (`3.1.2.`).
fn table_row(line: &str) -> bool {
    line.contains('|')
        || line.split_whitespace().next().is_some_and(|t| {
            // Row numbers have groups of one or two digits; `323.911` is a count.
            let t = t.trim_end_matches('.');
            t.contains('.')
                && t.split('.')
                    .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// A number that is a count, before its metric is known.
struct Count {
    number: Range<usize>,
    span: Range<usize>,
    value: u64,
    error: Option<u64>,
    denom: Option<(Range<usize>, u64)>,
    left: Range<usize>,
    right: Range<usize>,
    zero: bool,
}

/// `2.449` → (2449, 0); `1,07` with `ngàn` → (1070, 5).
fn scaled(tok: &str, multiplier: Option<&str>) -> Option<(u64, u64)> {
    let Some(m) = multiplier else {
        return parse_count(tok).map(|v| (v, 0));
    };
    let factor = match m {
        "trieu" => 1_000_000.0,
        _ => 1_000.0,
    };
    let v = parse_vn(tok)?;
    let decimals = tok.rsplit_once(',').map_or(0, |(_, d)| d.len() as i32);
    let step = factor / 10f64.powi(decimals);
    Some(((v * factor).round() as u64, (step / 2.0).round() as u64))
}

/// Finds dossier counts; `taken` (sorted by start) are folded spans used
/// by dates and references, whose digits are not counts; `dates` give the
/// periods of `scope`.
pub fn scan(w: &Words, taken: &[Range<usize>], dates: &[RawDate]) -> Vec<RawDossier> {
    let (Some(num_re), Some(unit_after)) = (NUMBER.as_ref(), UNIT_AFTER.as_ref()) else {
        return Vec::new();
    };
    let f = w.f();
    let b = f.as_bytes();
    let layout = Layout::new(w);
    let nums: Vec<Range<usize>> = num_re
        .find_iter(f)
        .map(|m| m.range())
        .filter(|r| !(r.start > 0 && b[r.start - 1].is_ascii_alphabetic()))
        .collect();
    // Which numbers carry a unit: they bound each other's clauses.
    let units: Vec<Option<regex::Captures>> = nums
        .iter()
        .map(|r| {
            let end = r.start + f[r.clone()].trim_end().trim_end_matches(['.', ',']).len();
            // Only a unit, a multiplier or a bracket may follow: skip the
            // regex for every other number.
            let next = f[end..].trim_start_matches([' ', '\n', '\t', '\r']);
            if !next.starts_with(['h', 'b', 'n', 't', '(']) {
                return None;
            }
            unit_after
                .captures(&f[end..])
                .filter(|u| u.get(3).or(u.get(4)).or(u.get(2)).is_some())
        })
        .collect();
    // Where the next number with a unit starts, for each number.
    let mut next_unit = vec![f.len(); nums.len()];
    for k in (0..nums.len().saturating_sub(1)).rev() {
        next_unit[k] = if units[k + 1].is_some() {
            nums[k + 1].start
        } else {
            next_unit[k + 1]
        };
    }
    let mut counts: Vec<Count> = Vec::new();
    let mut t = 0;
    let mut prev_end = 0;
    for (ni, r) in nums.iter().enumerate() {
        while t < taken.len() && taken[t].end <= r.start {
            t += 1;
        }
        let hidden = taken.get(t).is_some_and(|s| s.start < r.end);
        let tok = f[r.clone()].trim_end();
        let next_start = next_unit[ni];
        let this_prev_end = prev_end;
        if units[ni].is_some() {
            prev_end = r.end;
        }
        // Percentages, dates and codes, times (`17:26`).
        if hidden
            || tok.ends_with('%')
            || (r.start >= 2 && b[r.start - 1] == b':' && b[r.start - 2].is_ascii_digit())
            || f[r.end..].starts_with([':', 'h'])
                && f[r.end + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        // Without a unit after it, only a unit column (`Hồ sơ 376`) or a
        // lead-in (`… là 1.456/1.625`) can make a number a count.
        if units[ni].is_none() {
            let pre = &f[r.start.saturating_sub(16)..r.start];
            if !pre.contains(['s', ':']) && !pre.contains("la") && !pre.contains("1a") {
                continue;
            }
        }
        let tok = tok.trim_end_matches(['.', ',']);
        let tok_end = r.start + tok.len();
        let (a, d) = match tok.split_once('/') {
            Some((a, d)) => (a, Some(d)),
            None => (tok, None),
        };
        let para = layout.paragraph(r.start);
        let para_start = layout.paragraphs[para];
        let sentence = layout.sentence(r.start);
        let sent = layout.sentence_range(sentence, f.len());
        let line_start = f[..r.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = f[r.start..].find('\n').map_or(f.len(), |i| r.start + i);
        let in_table = table_row(&f[line_start..line_end]);
        let floor = sent
            .start
            .max(para_start)
            .max(this_prev_end)
            .max(r.start.saturating_sub(CLAUSE));
        let (multiplier, bo, unit, unit_end) = match &units[ni] {
            Some(u) => (
                u.get(1).map(|m| m.as_str()),
                u.get(2).is_some(),
                u.get(3).or(u.get(4)).is_some(),
                tok_end + u.get(0).map_or(0, |m| m.end()),
            ),
            None => (None, false, false, tok_end),
        };
        let Some((value, error)) = scaled(a, multiplier) else {
            continue;
        };
        let before = &f[floor..r.start];
        let about_dossiers = ANY_UNIT.as_ref().is_some_and(|x| {
            x.is_match(&f[sent.start.max(r.start.saturating_sub(CLAUSE))..r.start])
        });
        // The unit column of a table row stands on the number's line.
        let unit_before = UNIT_BEFORE
            .as_ref()
            .and_then(|x| x.find(before))
            .filter(|m| floor + m.start() >= line_start);
        let span_start;
        let span_end;
        if unit || (bo && about_dossiers) {
            span_start = r.start;
            span_end = unit_end;
        } else if let Some(ub) = unit_before {
            span_start = floor + ub.start();
            span_end = tok_end;
        } else if LEAD_IN.as_ref().is_some_and(|x| x.is_match(before)) && about_dossiers {
            span_start = r.start;
            span_end = tok_end;
        } else {
            continue;
        }
        // The clause on either side, cut at punctuation, at `và` before the
        // number, and at the neighbouring counts; a table row's label is
        // its whole row.
        let mut lstart = r.start;
        if in_table {
            lstart = line_start.max(floor);
        } else {
            while lstart > floor {
                // `(TTHC)`: an abbreviation in brackets is part of the clause.
                if b[lstart - 1] == b')' {
                    let from = lstart.saturating_sub(12).max(floor);
                    if let Some(open) = f[from..lstart - 1].rfind('(')
                        && f[from + open + 1..lstart - 1]
                            .bytes()
                            .all(|c| c.is_ascii_alphabetic())
                    {
                        lstart = from + open;
                        continue;
                    }
                }
                if divider(b, lstart - 1) {
                    break;
                }
                lstart -= 1;
            }
            if lstart > 0 && b[lstart - 1] == b'(' && f[lstart..r.start].trim().is_empty() {
                // `tiếp nhận trực tiếp (54,1 ngàn HS)`: the label before the bracket.
                let mut s = lstart - 1;
                while s > floor && !divider(b, s - 1) {
                    s -= 1;
                }
                lstart = s;
            }
        }
        let left_text = &f[lstart..r.start];
        if let Some(v) = left_text.rfind(" va ")
            && left_text[v + 4..]
                .split_whitespace()
                .all(|x| matches!(x, "co" | "gan" | "hon" | "tren" | "khoang" | "la"))
        {
            lstart += v + 4;
        }
        let mut rend = span_end;
        let rlimit = next_start.min(sent.end).min(span_end + CLAUSE);
        let rlimit = if in_table {
            rlimit.min(line_end.max(span_end))
        } else {
            rlimit
        };
        while rend < rlimit && !divider(b, rend) {
            rend += 1;
        }
        // `… chưa đến hạn và 1.222 hồ sơ …`: the next count's `và`.
        if let Some(v) = f[span_end..rend.max(span_end)].find(" va ")
            && f[span_end + v + 4..]
                .trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == ' ')
                .starts_with(|c: char| c.is_ascii_digit())
            && f[span_end + v + 4..]
                .split_whitespace()
                .take_while(|x| !x.starts_with(|c: char| c.is_ascii_digit()))
                .all(|x| matches!(x, "co" | "gan" | "hon" | "tren" | "khoang" | "la"))
        {
            rend = span_end + v;
        }
        let error = if APPROX
            .as_ref()
            .is_some_and(|x| x.is_match(&f[lstart..r.start]))
        {
            None
        } else {
            Some(error)
        };
        let denom = d.and_then(|d| {
            let d = d.trim_end_matches(['.', ',']);
            let start = r.start + a.len() + 1;
            parse_count(d).map(|v| (start..start + d.len(), v))
        });
        counts.push(Count {
            number: r.start..tok_end,
            span: span_start..span_end,
            value,
            error,
            denom,
            left: lstart..r.start,
            right: span_end..rend.max(span_end),
            zero: false,
        });
    }
    zeros(f, &layout, &mut counts);
    counts.sort_by_key(|c| c.number.start);
    table_values_only(f, &mut counts);
    assign(w, &layout, &counts, dates)
}

/// `không có hồ sơ quá hạn`: a count of zero.
fn zeros(f: &str, layout: &Layout, counts: &mut Vec<Count>) {
    let Some(z) = ZERO.as_ref() else { return };
    let b = f.as_bytes();
    for m in z.find_iter(f) {
        let sent = layout.sentence_range(layout.sentence(m.start()), f.len());
        let mut rend = m.end();
        while rend < sent.end && !divider(b, rend) {
            rend += 1;
        }
        counts.push(Count {
            number: m.start()..m.end(),
            span: m.start()..rend,
            value: 0,
            error: Some(0),
            denom: None,
            left: m.start()..m.start(),
            right: m.end()..rend,
            zero: true,
        });
    }
}

/// In a statistics table row, the value in the unit column (`Hồ sơ 6`) is
/// the row's count; a number in its label (`Số hồ sơ` read as `86 hồ sơ`)
/// is not.
fn table_values_only(f: &str, counts: &mut Vec<Count>) {
    // Counts are in text order: those of one line follow each other.
    let line_end = |p: usize| f[p..].find('\n').map_or(f.len(), |i| p + i);
    let mut keep = vec![true; counts.len()];
    let mut i = 0;
    while i < counts.len() {
        let end = line_end(counts[i].number.start);
        let mut j = i;
        while j < counts.len() && counts[j].number.start <= end {
            j += 1;
        }
        let column = (i..j).find(|&k| counts[k].span.start < counts[k].number.start);
        if let Some(c) = column {
            for (k, kept) in keep.iter_mut().enumerate().take(j).skip(i) {
                *kept = k == c || counts[k].zero;
            }
        }
        i = j;
    }
    let mut it = keep.into_iter();
    counts.retain(|_| it.next().unwrap_or(true));
}

/// The metric, breakdown, percent, denominator and scope of every count.
fn assign(w: &Words, layout: &Layout, counts: &[Count], dates: &[RawDate]) -> Vec<RawDossier> {
    let f = w.f();
    let mut out: Vec<RawDossier> = Vec::new();
    // Open breakdowns: (parent index in `out`, closing position, the
    // dimension its parts divide it by).
    let mut open: Vec<(usize, usize, Option<Dimension>)> = Vec::new();
    for c in counts {
        let pos = c.number.start;
        open.retain(|&(_, close, _)| close > pos);
        let own = classify(&f[c.left.clone()], &f[c.right.clone()]);
        if own == Some(None) {
            continue;
        }
        let own = own.flatten();
        let sentence = layout.sentence(pos);
        let statement = layout.statement_of[sentence];
        let paragraph = layout.paragraph(pos);
        // The breakdown this count is a part of, if it stays inside it.
        let parent = loop {
            let Some((p, _, by)) = open.last_mut() else {
                break None;
            };
            let p = *p;
            if belongs(out[p].metric, own, by) {
                break Some(p);
            }
            open.pop();
        };
        let metric = match (parent, own) {
            (Some(p), _) => within(out[p].metric, own),
            (None, Some(m)) => m,
            (None, None) => {
                // A list after a cue of its sentence: `… tiếp nhận … là:
                // Công an tỉnh 7,7 ngàn HS, Sở Công Thương 3,7 ngàn HS`.
                // `gap` is empty where two counts share the unit between
                // them (`2.449 hồ sơ 2.449`).
                match out.last() {
                    Some(prev)
                        if prev.statement == statement
                            && !w.gap(prev.span.end, c.span.start).contains(['.', ';'])
                            && classify(w.gap(prev.span.end, c.span.start), "").is_none() =>
                    {
                        prev.metric
                    }
                    _ => continue,
                }
            }
        };
        let also_resolved = metric.is_received() && says_resolved(&f[c.left.clone()]);
        let index = out.len();
        out.push(RawDossier {
            span: c.span.clone(),
            number: c.number.clone(),
            metric,
            value: c.value,
            error: c.error,
            percent: None,
            percent_error: 0.0,
            scope: None,
            paragraph,
            statement,
            parent,
            denominator_of: None,
            some_parts: false,
            also_resolved,
            doubtful: false,
        });
        attach_percent(
            f,
            layout,
            c.span.end.max(c.number.end),
            &mut out[index],
            counts,
        );
        if let Some((span, value)) = &c.denom {
            out.push(RawDossier {
                span: span.clone(),
                number: span.clone(),
                metric: denominator_metric(metric),
                value: *value,
                error: Some(0),
                percent: None,
                percent_error: 0.0,
                scope: None,
                paragraph,
                statement,
                parent: None,
                denominator_of: Some(index),
                some_parts: false,
                also_resolved: false,
                doubtful: false,
            });
        }
        // Does this count open a breakdown of its parts? (After its own
        // percentage: `4.561/5.650 HS (tỷ lệ 80,7%). Trong đó, …`.)
        let mut from = c.right.end;
        let mut past_percent = false;
        if f[from..].trim_start().starts_with('(') {
            let at = from + f[from..].find('(').unwrap_or(0);
            let close = closing_bracket(f, at, layout.statement_end(sentence, f.len()));
            if f[at..close].contains('%') && next_count(counts, at, true, f.len()) >= close {
                from = close;
                past_percent = true;
            }
        }
        let after = &f[from..f.len().min(from + 24)];
        let next = next_count(counts, c.number.start, false, f.len())
            .min(layout.sentence_range(sentence, f.len()).end)
            .min(from + CLAUSE);
        let anchored = OPENER
            .as_ref()
            .and_then(|r| r.find(after))
            .filter(|m| {
                !past_percent
                    || ["trong", "gom", "bao", "cu"]
                        .iter()
                        .any(|x| m.as_str().contains(x))
            })
            .map(|m| (from + m.start(), from + m.end()));
        let late = || {
            LATE_OPENER
                .as_ref()
                .and_then(|r| r.find(&f[from.min(next)..next]))
                .map(|m| (from + m.start(), from + m.end()))
        };
        if let Some((at, opener_end)) = anchored.or_else(late) {
            let m = &f[at..opener_end];
            let opener = m.trim_start();
            let end = layout.statement_end(layout.sentence(at), f.len());
            let close = if opener.starts_with('(') {
                closing_bracket(f, at, layout.statement_end(sentence, f.len()))
            } else if opener.starts_with(',') && (opener.ends_with("co") || opener.ends_with("voi"))
            {
                // `…, với 6.596 hồ sơ trực tuyến; cấp huyện …`: one clause.
                f[at + 1..end].find(';').map_or(end, |k| at + 1 + k)
            } else {
                end
            };
            if opener.starts_with('(') && out[index].percent.is_none() {
                // `7.910 hồ sơ … (trong đó …), đạt tỷ lệ 99,9%`
                attach_percent(f, layout, close, &mut out[index], counts);
            }
            let region = &f[at..close];
            out[index].some_parts = region.contains("..")
                || region.contains("v.v")
                || region.contains(" nhu:")
                || region.contains("dien hinh");
            open.push((index, close, None));
        } else if f[c.left.clone()].trim_end().ends_with("trong so") {
            // `Trong số 3.405 hồ sơ đang giải quyết, …`
            open.push((index, layout.statement_end(sentence, f.len()), None));
        }
    }
    intake_totals(&mut out);
    for d in out.iter_mut() {
        d.scope = scope(w, layout, d, dates);
    }
    out
}

/// A total whose parts are all intake (carried over, newly received) is a
/// received total (`xử lý tổng số 1.610 hồ sơ (gồm 1246 hồ sơ chuyển tiếp
/// … và 364 hồ sơ nộp mới …)`).
fn intake_totals(out: &mut [RawDossier]) {
    let mut parts: Vec<Vec<Metric>> = vec![Vec::new(); out.len()];
    for d in out.iter() {
        if let Some(p) = d.parent {
            parts[p].push(d.metric);
        }
    }
    for (p, parts) in parts.iter().enumerate() {
        let intake = |m: &Metric| matches!(m, Metric::CarriedOver | Metric::Received);
        if parts.len() >= 2
            && parts.iter().all(intake)
            && parts.contains(&Metric::CarriedOver)
            && matches!(out[p].metric, Metric::Resolved | Metric::Other)
        {
            out[p].metric = Metric::Received;
        }
    }
}

/// Where the first count after `pos` (or at it, `inclusive`) starts.
fn next_count(counts: &[Count], pos: usize, inclusive: bool, len: usize) -> usize {
    let i = counts.partition_point(|x| {
        if inclusive {
            x.number.start < pos
        } else {
            x.number.start <= pos
        }
    });
    counts.get(i).map_or(len, |x| x.number.start)
}

/// How far a clause, a bracket or a cue is looked for around a count.
const CLAUSE: usize = 400;

/// The `)` closing the `(` at `at`, or `limit`.
fn closing_bracket(f: &str, at: usize, limit: usize) -> usize {
    let mut depth = 0usize;
    let limit = limit.min(at + CLAUSE);
    for (i, c) in f[at..limit.max(at)].bytes().enumerate() {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return at + i + 1;
                }
            }
            _ => {}
        }
    }
    limit
}

/// What the denominator of an `a/b` count counts: the total `a` is a share of.
fn denominator_metric(m: Metric) -> Metric {
    use Metric::*;
    match m {
        ResolvedOnTime | ResolvedOverdue => Resolved,
        Resolved
        | InProgress
        | ReceivedOnline
        | ReceivedDirect
        | ReceivedPostal
        | ReceivedOnlineFull
        | ReceivedOnlinePartial
        | ReturnedWithdrawn => Received,
        _ => Other,
    }
}

/// The percentage written after a count in its clause (`4.554 hồ sơ (đạt
/// 96,6%)`), unless the words before it name another metric (`đã giải
/// quyết 48.249 hồ sơ (tỷ lệ hồ sơ đúng hạn … đạt gần 98%)`).
/// A `)` the count did not open ends its clause (`… 4.736 hồ sơ), đạt tỷ
/// lệ 99,9%` is the total's percentage, not the last part's). The search
/// starts at `from`: the end of the count, or of its breakdown.
fn attach_percent(f: &str, layout: &Layout, from: usize, d: &mut RawDossier, counts: &[Count]) {
    let sent = layout.sentence_range(
        layout.sentence(from.min(f.len().saturating_sub(1))),
        f.len(),
    );
    let next = next_count(counts, from, true, f.len());
    let b = f.as_bytes();
    let mut j = from;
    let limit = sent.end.min(next).min(f.len()).min(from + CLAUSE);
    let mut depth = 0usize;
    while j < limit {
        let ch = b[j];
        match ch {
            b';' => return,
            b'(' => depth += 1,
            b')' if depth == 0 => return,
            b')' => depth -= 1,
            _ => {}
        }
        if ch.is_ascii_digit() {
            let Some(m) = PERCENT.as_ref().and_then(|p| p.captures(&f[j..])) else {
                return;
            };
            let between = &f[from.min(j)..j];
            if let Some(Some(m2)) = classify(between, "")
                && m2 != d.metric
                && !(d.metric.is_received() && m2.is_received())
            {
                return;
            }
            let digits = m.get(1).map_or("", |x| x.as_str());
            let decimals = m.get(2).map_or(0, |x| x.as_str().len()) as i32;
            d.percent = parse_vn(digits).filter(|p| *p <= 100.0);
            d.percent_error = 0.5 / 10f64.powi(decimals);
            return;
        }
        j += 1;
    }
}

/// The level and period of a count: from its sentence, else its
/// paragraph, else the document (`cấp xã, quý I năm 2025`).
fn scope(w: &Words, layout: &Layout, d: &RawDossier, dates: &[RawDate]) -> Option<String> {
    let f = w.f();
    let pos = d.number.start;
    let para = layout.paragraphs[d.paragraph];
    let sent = layout.sentences[layout.sentence(pos)];
    let written = |r: Range<usize>| w.orig(&r).split_whitespace().collect::<Vec<_>>().join(" ");
    let level = LEVEL.as_ref().and_then(|re| {
        [sent, para].iter().find_map(|&from| {
            re.find_iter(&f[from..pos])
                .last()
                .map(|m| from + m.start()..from + m.end())
        })
    });
    let is_period = |g: &str| matches!(g, "month" | "quarter" | "half" | "year" | "range");
    let before = dates.partition_point(|x| x.span.start < pos);
    let period = dates[..before]
        .iter()
        .rev()
        .take_while(|x| x.span.start >= para)
        .find(|x| is_period(x.granularity))
        .or_else(|| {
            // The report's period, from its header and title; not its
            // date of issue (`ngày … tháng 4 năm 2024`, day left blank).
            let head = f.match_indices('\n').nth(15).map_or(f.len(), |(i, _)| i);
            dates.iter().take_while(|x| x.span.start < head).find(|x| {
                is_period(x.granularity)
                    && x.span.start < pos
                    && !f[x.span.clone()].starts_with("ngay")
            })
        })
        .map(|x| x.span.clone());
    let parts: Vec<String> = [level, period].into_iter().flatten().map(written).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::view::View;

    fn got(s: &str) -> Vec<(Metric, u64, Option<f64>)> {
        let v = View::new(s);
        let w = Words::new(s, &v);
        scan(&w, &[], &[])
            .into_iter()
            .map(|d| (d.metric, d.value, d.percent))
            .collect()
    }

    use Metric::*;

    #[test]
    fn prose_statement() {
        let s = "tiếp nhận 4.716 hồ sơ (trực tuyến 3.120 hồ sơ, trực tiếp 1.596 hồ sơ); đã giải quyết 4.600 hồ sơ, trong đó đúng hạn 4.554 hồ sơ (đạt 96,6%), quá hạn 46 hồ sơ; đang giải quyết 116 hồ sơ";
        assert_eq!(
            got(s),
            [
                (Received, 4716, None),
                (ReceivedOnline, 3120, None),
                (ReceivedDirect, 1596, None),
                (Resolved, 4600, None),
                (ResolvedOnTime, 4554, Some(96.6)),
                (ResolvedOverdue, 46, None),
                (InProgress, 116, None),
            ]
        );
    }

    #[test]
    fn ocr_and_table_rows() {
        assert_eq!(got("Ky trudc chuyén qua: 0 HS."), [(CarriedOver, 0, None)]);
        assert_eq!(
            got("3.1.1. | Tong sé ho so TTHC dd gidi quyét xong Ho so 376 Van phong"),
            [(Resolved, 376, None)]
        );
        assert_eq!(
            got("HO so trd/xin rat: 0 HS."),
            [(ReturnedWithdrawn, 0, None)]
        );
        // A label read as a number is not the row's value.
        assert_eq!(
            got("5.3.2 | 86 ho so TTHC di tiép nhdn truec tuyén Ho so 6 Van phong"),
            [(ReceivedOnline, 6, None)]
        );
    }

    #[test]
    fn metric_from_the_breakdown() {
        let s = "Trong số hồ sơ còn lại đang giải quyết gồm 7.172 hồ sơ, có 5.950 hồ sơ chưa đến hạn và 1.222 hồ sơ đã quá hạn.";
        assert_eq!(
            got(s),
            [
                (InProgress, 7172, None),
                (InProgress, 5950, None),
                (InProgressOverdue, 1222, None)
            ]
        );
        let s = "Bộ đã thực hiện xử lý tổng số 1.610 hồ sơ (gồm 1246 hồ sơ chuyển tiếp năm 2018 và 364 hồ sơ nộp mới năm 2019).";
        assert_eq!(
            got(s),
            [
                (Received, 1610, None),
                (CarriedOver, 1246, None),
                (Received, 364, None)
            ]
        );
        let s = "đã giải quyết được 57.689 bộ hồ sơ (57.502 hồ sơ giải quyết đúng hạn, 187 hồ sơ giải quyết quá hạn); 1.321 hồ sơ đang giải quyết (1.246 hồ sơ chưa đến hạn, 75 hồ sơ quá hạn).";
        assert_eq!(
            got(s),
            [
                (Resolved, 57689, None),
                (ResolvedOnTime, 57502, None),
                (ResolvedOverdue, 187, None),
                (InProgress, 1321, None),
                (InProgress, 1246, None),
                (InProgressOverdue, 75, None),
            ]
        );
    }

    #[test]
    fn rounded_counts_denominators_zeros_and_times() {
        let s =
            "Trong đó có 1,07 ngàn HS kỳ trước chuyển sang, tiếp nhận mới trực tiếp 3,19 ngàn HS.";
        assert_eq!(
            got(s),
            [(CarriedOver, 1070, None), (ReceivedDirect, 3190, None)]
        );
        let s = "Trung tâm đã giải quyết: 4.561/5.650 HS (tỷ lệ 80,7%).";
        assert_eq!(
            got(s),
            [(Resolved, 4561, Some(80.7)), (Received, 5650, None)]
        );
        assert_eq!(
            got("trong kỳ không có hồ sơ trễ hạn."),
            [(ResolvedOverdue, 0, None)]
        );
        assert!(got("lúc 17:26 hồ sơ").is_empty());
        // No cue, no count.
        assert!(got("Các cơ quan có tần suất giao dịch nhiều là Công an tỉnh (590 hồ sơ), Sở Tư pháp (128 hồ sơ).").is_empty());
        // A percentage of another metric is not the count's.
        let s = "đã giải quyết 48.249 hồ sơ (tỷ lệ hồ sơ đúng hạn và sớm hạn đạt gần 98%)";
        assert_eq!(got(s), [(Resolved, 48249, None)]);
    }

    #[test]
    fn counts_sharing_a_unit_do_not_panic() {
        // Found by `keyword_soup_never_panics`: the unit `hd so` ends the
        // first count's span and opens the second's.
        let s = "dung han 2.449 \nhd so 2.449 ";
        let found = got(s);
        assert!(found.iter().all(|&(_, v, _)| v == 2449), "{found:?}");
    }
}
