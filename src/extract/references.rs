//! Citations of legal and administrative documents (CONVENTIONS.md §4).
//!
//! A mention is a kind word (any kind of Decree 30/2020/NĐ-CP Appendix III,
//! the legal normative kinds, the Party kinds of Hướng dẫn 36-HD/VPTW)
//! followed by a number in one of its shapes (`144/KH-UBND`, `898/UBND-NV`,
//! `64/2014/NĐ-CP`, `101-QĐ/ĐU`), a blank number (`số /QĐ-BKHCN`), or — for
//! laws, codes, ordinances and the constitution — a proper name
//! (`Luật Đất đai`). An elliptical `số 02/QĐ-UBND` takes its kind from the
//! code or from the list it continues.
//!
//! Each mention then gets the date written right after it (or just before
//! its clause: `Ngày 03/1/2024 UBND xã đã ban hành …`) and its issuer by
//! the rules of §4: `của X` / `do X ban hành` after it, the subject of
//! `X (đã) ban hành` / `X có`, or `đề nghị của X tại …`, carried over the
//! coordinated items of one list. In `Luật sửa đổi, bổ sung … của Luật A`
//! the number and date after a single amended law belong to the amending
//! law.
//!
//! Every step looks a bounded number of words around one hit, so the scan
//! is linear in the text.

use crate::text::Letter;
use super::dates::RawDate;
use super::issuers::{self, Issuer};
use super::words::{Case, Words};
use crate::structure::view::FirstOf;
use crate::legal::{NAMED_TYPES, TYPE_ALIASES, TYPES, normalize_segment, type_from_code};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A citation found in the folded view (spans are folded byte ranges).
#[derive(Debug, Clone, PartialEq)]
pub struct RawRef {
    /// From the kind word (or the number when there is none) to the end
    /// of the number or name.
    pub span: Range<usize>,
    pub doc_type: Option<String>,
    /// `None` for a document cited by name, or with a blank number.
    pub number: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    /// A placeholder number (`số …`) or the constitution named in passing.
    pub doubtful: bool,
    /// End of everything the mention owns (number, date, issuer).
    tail: usize,
    /// Where its issuer came from, for carrying it over a list.
    issuer_rule: Rule,
    /// An amending law (`Luật sửa đổi, bổ sung … của`), whose amended laws follow.
    amending: bool,
    /// Cited by its number alone (`số 02/QĐ-UBND`).
    elliptical: bool,
}

/// How a mention got its issuer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rule {
    None,
    /// `của X` / `do X ban hành` after it.
    Own,
    /// The subject of `X ban hành` / `X có`, or a list's shared issuer.
    Carried,
}

fn re(p: &str) -> Option<Regex> {
    crate::structure::view::folded_regex(p)
}

/// A number and code: `144 /KH-UBND`, `64/2014/NĐ-CP`, `25-\nNQ/TW`,
/// `66.2/2025/NQ-CP`, `2231/SNV-CCHC&PC`.
static CODE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(
        r"(\d{1,5}(?:\.\d{1,2})?)(?:\s*/\s*(\d{3,4}))?\s*([/-])\s*([a-z0-9?&]{1,12}(?:[\]\[|!][0-9]{1,3})?(?:\s*[-/]\s*[a-z0-9?&]{1,12}(?:[\]\[|!][0-9]{1,3})?){0,3})",
    )
});

/// Each kind word's own pattern, to name what [`KIND`] found.
static KINDS: LazyLock<FirstOf<&'static str>> =
    LazyLock::new(|| FirstOf::new("^", TYPE_ALIASES.iter().chain(TYPES).copied(), "$"));

/// Kind words, longest first so compounds win (`thông tư liên tịch`).
/// Built without a literal prefilter: the kind words' prefixes (`to`,
/// `ke`, `bao`) are so common in Vietnamese that a prefilter stops at
/// nearly every word and the scan runs twice as long as the DFA alone.
static KIND: LazyLock<Option<regex_automata::meta::Regex>> = LazyLock::new(|| {
    let mut alts: Vec<&str> = TYPE_ALIASES
        .iter()
        .chain(TYPES.iter())
        .map(|(p, _)| *p)
        .collect();
    alts.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let config = regex_automata::meta::Config::new().auto_prefilter(false);
    regex_automata::meta::Builder::new()
        .configure(config)
        .build(&format!(r"(?-u)\b(?:{})\b", alts.join("|")))
        .ok()
});

/// Between a kind word and its number: white space, `số`, `:`.
static KIND_GAP: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"^\s*(?:\bs[o06ebd5]{0,2}\b\s*:?\s*){0,2}$"));
static SO_BEFORE: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"\bs[o06ebd5]{0,2}\s*:?\s*$"));
/// A kind written as its abbreviation before a number (`theo QĐ 06/QĐ-TTg`).
static ABBR_BEFORE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(r"\b(?:q[dđ]|n[dđ]|nq|tt|ct|kh|cv|tb|bc|hd|ttr|kl)\s*(?:s[o06]\s*:?\s*)?$")
});
/// `Số:` alone before a number at the start of a line.
static SO_ONLY: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"^s[o06ebd5]{0,2}\s*:?$"));
/// A blank or dotted number: `số /QĐ-BKHCN`, `số ……/20…/NĐ-CP`, `số …`.
static PLACEHOLDER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(
        r"^\s*s[o06]\s*:?[ \t]*(?:([._]{2,}|[ \t]*/)[._ \t]*(?:/?[ \t]*(?:20[._]*|\d{4})?[ \t]*/?[ \t]*[a-z?]{1,8}(?:[ \t]*[-/][ \t]*[a-z?]{1,10}){0,3})?)",
    )
});
/// A date after a mention that the date pass does not read: blank
/// (`ngày   tháng   năm 2025`), or with `năm` for `tháng` (`ngày 27 năm 12
/// năm 2019`).
static LOOSE_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(
        r"^[\s,(]*ngay[\s._]*(\d{1,2})?[\s._]*(?:th[ae]ng|n[aideo]{1,2}m)[\s._]*(\d{1,2})?[\s._]*n[aideo]{1,2}m\s*(\d{4})",
    )
});
/// Separators between items coordinated in one clause (`A ngày …, B ngày
/// … của X`); a `;` separates items that each name their own issuer.
static AND_GAP: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"^[\s,]*(?:\b(?:va|hoac)\b)?[\s,]*(?:\bcac\b)?\s*$"));
/// Separators between coordinated items of one list.
static LIST_GAP: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(r"^[\s,;:]*(?:\b(?:va|hoac|cung\s+nhu|cu\s+the)\b)?[\s,;:]*(?:\bcac\b)?\s*$")
});

/// A segment of a code: capitals and digits (one small letter allowed,
/// `QĐi`, `TTr`), or — `lower` — a code written in small letters, which
/// only a kind word and `số` make a citation (`nghị quyết số 42/2006/nq-hđnd`).
fn code_like(seg: &str) -> Option<bool> {
    let lower = seg.chars().filter(|c| c.is_lowercase()).count();
    let n = seg.chars().count();
    if n == 0 || n > 12 {
        return None;
    }
    if lower <= 1 && !(n == 1 && lower == 1) {
        return Some(false);
    }
    (lower == seg.chars().filter(|c| c.is_letter()).count() && n <= 6).then_some(true)
}

/// A number with its code, before it is tied to a kind word.
struct Code {
    span: Range<usize>,
    number: String,
    segs: Vec<String>,
    year: bool,
    party: bool,
    /// Written in small letters.
    lower: bool,
}

/// Reads the codes of the text (each number once).
fn codes(w: &Words) -> Vec<Code> {
    let (text, view, f) = (w.text, w.view, w.f());
    let Some(code_re) = CODE.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in code_re.captures_iter(f) {
        let (Some(m), Some(num), Some(sep), Some(rest)) = (c.get(0), c.get(1), c.get(3), c.get(4))
        else {
            continue;
        };
        if m.start() > 0 && f.as_bytes()[m.start() - 1].is_ascii_digit() {
            continue;
        }
        // Walk the segments in the source, keeping only code-like ones.
        let year = c.get(2).map(|y| y.as_str().to_string());
        let mut segs: Vec<String> = Vec::new();
        let mut tail = String::new();
        let mut end = rest.start();
        let mut pending = Some(if sep.as_str() == "/" { '/' } else { '-' });
        let mut lower = false;
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
            let orig_seg: String = text[view.span(ps..pe)]
                .chars()
                .filter(|c| !matches!(c, ']' | '[' | '|' | '!' | '?'))
                .collect();
            if orig_seg.is_empty() {
                break;
            }
            let Some(small) = code_like(&orig_seg) else {
                break;
            };
            if segs.is_empty() && year.is_none() && !orig_seg.chars().any(|c| c.is_letter()) {
                break;
            }
            lower |= small;
            let n: String = orig_seg
                .split('&')
                .map(normalize_segment)
                .collect::<Vec<_>>()
                .join("&");
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
        out.push(Code {
            span: m.start()..end,
            number,
            segs,
            year: year.is_some(),
            party: sep.as_str() == "-",
            lower,
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

/// A kind word found in the text.
struct Kind {
    span: Range<usize>,
    name: &'static str,
}

fn kinds(w: &Words) -> Vec<Kind> {
    let Some(kind_re) = KIND.as_ref() else {
        return Vec::new();
    };
    kind_re
        .find_iter(w.f())
        .filter_map(|m| {
            let s = &w.f()[m.range()];
            let name = *KINDS.find(s)?.1;
            Some(Kind {
                span: m.range(),
                name,
            })
        })
        .collect()
}

/// The kind a code gives: its first abbreviation, a Party `-TT/` (Thông
/// tri), or a letter `N/AGENCY-UNIT` (Công văn).
fn kind_of_code(c: &Code) -> Option<&'static str> {
    if c.party && c.segs.first().is_some_and(|s| s == "TT") {
        return Some("Thông tri");
    }
    type_from_code(&c.segs, c.year)
}

/// Words that after `Luật` start a sentence about laws in general, not a
/// law's name (`Luật này`, `Luật sư`, `Luật quy định`).
const NOT_A_NAME: &[&str] = &[
    "này", "sư", "đã", "về", "có", "gia", "và", "cũng", "mới", "hiện", "các", "được", "năm",
    "pháp", "trình", "theo", "gồm", "định", "hoặc", "thì", "là", "mà", "không", "phải", "cho",
    "với", "do", "trên", "nếu", "để", "khi", "số", "quy", "như", "tại", "trong", "ở", "hay", "căn",
    "xét", "điều", "khoản", "chương", "nêu", "sẽ", "đang", "còn", "vẫn", "chỉ",
];

/// Words that end a law's name: a date, a verb, a preposition.
const NAME_STOPS: &[&str] = &[
    "ngày", "được", "đã", "đang", "sẽ", "là", "thì", "này", "do", "của", "tại", "điều", "khoản",
    "mà", "khi", "nếu", "nhưng", "để", "nhằm", "trên", "dưới", "hoặc", "trong", "thuộc", "xét",
];

/// Words that end a law's name after `,` or `và` (`Luật Đất đai, cho thuê
/// đất`): they start the rest of the sentence.
const LIST_STOPS: &[&str] = &[
    "cho", "có", "với", "theo", "về", "các", "những", "từ", "đến",
];

/// Verb phrases that end a law's name.
const NAME_STOP_PHRASES: &[&str] = &[
    "quy định",
    "hướng dẫn",
    "ban hành",
    "sửa đổi",
    "bổ sung",
    "thi hành",
    "căn cứ",
    "phê duyệt",
    "triển khai",
    "thực hiện",
    "hiện hành",
    "có hiệu lực",
];

struct Cursor<'a, 'b> {
    w: &'b Words<'a>,
}

impl Cursor<'_, '_> {
    fn folded(&self, r: &Range<usize>) -> &str {
        self.w.folded(r)
    }

    /// The next word after `pos` with only white space before it.
    fn adjacent(&self, pos: usize) -> Option<Range<usize>> {
        let n = self.w.at(pos)?;
        self.w
            .gap(pos, n.start)
            .bytes()
            .all(|b| b.is_ascii_whitespace())
            .then_some(n)
    }

    /// A number or year after the word at `r` (`số 12`, `năm 2018`).
    fn before_digit(&self, r: &Range<usize>) -> bool {
        self.w.f()[r.end..]
            .trim_start_matches([' ', ':', '\n', '\t'])
            .starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '/')
    }

    fn is_kind(&self, r: &Range<usize>) -> bool {
        KIND.as_ref().is_some_and(|k| {
            k.find(&self.w.f()[r.start..])
                .is_some_and(|m| m.start() == 0)
        })
    }

    fn name_stop(&self, r: &Range<usize>) -> bool {
        ((self.w.is(r, "số") || self.w.is(r, "năm")) && self.before_digit(r))
            || NAME_STOPS.iter().any(|x| self.w.is(r, x))
            || NAME_STOP_PHRASES
                .iter()
                .any(|p| self.w.says(r.start, p).is_some())
            || (self.is_kind(r) && self.w.case(r) != Case::Lower)
    }

    /// The end of a law's name starting right after its kind word at
    /// `pos`, or `None` when no name follows. `caps`: the text is written
    /// in capitals, so case says nothing.
    fn law_name(&self, pos: usize, caps: bool) -> Option<(usize, bool)> {
        let first = self.adjacent(pos)?;
        let f = self.folded(&first);
        if self.w.phrase(first.start, "sua doi").is_some() {
            // `Luật sửa đổi, bổ sung (một số điều) của|tại …`: the name runs
            // up to the amended laws.
            let mut end = first.end;
            for _ in 0..10 {
                let Some(n) = self.w.at(end) else { break };
                if matches!(self.folded(&n), "cua" | "tai")
                    || self.is_kind(&n)
                    || !self
                        .w
                        .gap(end, n.start)
                        .bytes()
                        .all(|b| b.is_ascii_whitespace() || b == b',')
                {
                    break;
                }
                end = n.end;
            }
            return Some((end, true));
        }
        let case = self.w.case(&first);
        if (case == Case::Lower || caps) && NOT_A_NAME.iter().any(|x| self.w.is(&first, x)) {
            return None;
        }
        // A capitalised name may start with a verb (`Luật Ban hành văn
        // bản quy phạm pháp luật`, `Luật Thi hành án dân sự`).
        let stop = if case == Case::Lower {
            self.name_stop(&first)
        } else {
            (self.w.is(&first, "số") || self.w.is(&first, "năm")) && self.before_digit(&first)
        };
        if stop
            || self.w.says(first.start, "căn cứ").is_some()
            || f.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut end = first.end;
        for _ in 0..16 {
            let Some(n) = self.w.at(end) else { break };
            let gap = self.w.gap(end, n.start);
            if gap.len() > 6
                || !gap
                    .bytes()
                    .all(|b| b.is_ascii_whitespace() || matches!(b, b',' | b'-'))
                || self.name_stop(&n)
            {
                break;
            }
            // `,` continues a name only into small words (`Luật Khoa học,
            // công nghệ và …`), `và` also into capitalised ones (`Luật Tổ
            // chức Hội đồng nhân dân và Ủy ban nhân dân`); neither into
            // another document or the rest of the sentence.
            let va = self.w.is(&n, "và");
            if gap.contains(',') || va {
                let next = if va {
                    match self.adjacent(n.end) {
                        Some(x) => x,
                        None => break,
                    }
                } else {
                    n.clone()
                };
                let small = self.w.case(&next) == Case::Lower;
                if (!va && !small)
                    || self.is_kind(&next)
                    || self.name_stop(&next)
                    || LIST_STOPS.iter().any(|x| self.w.is(&next, x))
                {
                    break;
                }
                end = next.end;
                continue;
            }
            end = n.end;
        }
        Some((self.to_number_or_date(end), false))
    }

    /// A name cut at `của`/`tại`/`được` may go on to its number or date in
    /// the same clause (`Luật Nhập cảnh, … cư trú của người nước ngoài tại
    /// Việt Nam ngày 16 tháng 6 năm 2014`): the end before `số`/`ngày`, or
    /// `end` when none comes.
    fn to_number_or_date(&self, end: usize) -> usize {
        let mut at = end;
        for _ in 0..14 {
            let Some(n) = self.w.at(at) else { break };
            let gap = self.w.gap(at, n.start);
            if !gap.bytes().all(|b| b.is_ascii_whitespace()) || self.is_kind(&n) {
                break;
            }
            if (self.w.is(&n, "số") || self.w.is(&n, "ngày")) && self.before_digit(&n) {
                return at;
            }
            at = n.end;
        }
        end
    }
}

/// The date written right after `pos`, and where it ends (a blank date
/// ends there too, with no value).
fn date_after(w: &Words, dates: &[RawDate], pos: usize) -> Option<(Option<String>, usize)> {
    let i = dates.partition_point(|d| d.span.start < pos);
    if let Some(d) = dates.get(i)
        && matches!(d.granularity, "day" | "month")
        && d.span.start - pos <= 8
        && w.gap(pos, d.span.start)
            .bytes()
            .all(|b| b.is_ascii_whitespace() || b == b',' || b == b'(')
    {
        return Some((Some(d.value.clone()), d.span.end));
    }
    let rest = &w.f()[pos..w.f().len().min(pos + 80)];
    let c = LOOSE_DATE.as_ref()?.captures(rest)?;
    let num = |i| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let end = pos + c.get(0)?.end();
    // A blank day gives the month; a blank month gives no date.
    let value = match (num(1), num(2), num(3)) {
        (Some(d), Some(m), Some(y)) => super::dates::iso_day(d, m, y).and_then(Result::ok),
        (None, Some(m @ 1..=12), Some(y)) => Some(format!("{y}-{m:02}")),
        _ => None,
    };
    Some((value, end))
}

/// The date that ends right before `pos` (`Ngày 03/1/2024 UBND xã …`).
fn date_before(w: &Words, dates: &[RawDate], pos: usize) -> Option<String> {
    let i = dates.partition_point(|d| d.span.end <= pos);
    let d = dates.get(i.checked_sub(1)?)?;
    (d.granularity == "day"
        && pos - d.span.end <= 4
        && w.gap(d.span.end, pos)
            .bytes()
            .all(|b| b.is_ascii_whitespace() || b == b','))
    .then(|| d.value.clone())
}

/// `của X` or `do X ban hành` right after `pos`, also after a short
/// parenthesis (`Quy định số 11-QĐi/TW (sửa đổi) của Bộ Chính trị`).
fn issuer_after(w: &Words, pos: usize) -> Option<Issuer> {
    let f = w.f();
    let rest = &f[pos..f.len().min(pos + 48)];
    let lead = rest.len() - rest.trim_start().len();
    let pos = match rest.trim_start().strip_prefix('(') {
        Some(inner) => match inner.find(')') {
            Some(close) if !inner[..close].contains(['(', '\n']) => pos + lead + 1 + close + 1,
            _ => pos,
        },
        None => pos,
    };
    let word = w.at(pos)?;
    if !w
        .gap(pos, word.start)
        .bytes()
        .all(|b| b.is_ascii_whitespace() || b == b',')
    {
        return None;
    }
    match w.folded(&word) {
        "cua" => issuers::parse(w, word.end),
        "do" => issuers::parse(w, word.end).filter(|i| {
            w.at(i.span.end)
                .is_some_and(|n| w.phrase(n.start, "ban hanh").is_some())
        }),
        _ => None,
    }
}

/// The subject of `X (đã) ban hành` / `X có` right before `start`, or the
/// `X` of `đề nghị của X tại` before it. `elliptical`: the mention has no
/// kind word of its own (OCR may have garbled it: `tại TS trình số 02`).
fn issuer_before(w: &Words, start: usize, elliptical: bool) -> Option<(Issuer, usize)> {
    let mut prev = w.before(start)?;
    if !w
        .gap(prev.end, start)
        .bytes()
        .all(|b| b.is_ascii_whitespace())
    {
        return None;
    }
    if elliptical {
        for _ in 0..2 {
            if w.folded(&prev) == "tai" {
                break;
            }
            let p = w.before(prev.start)?;
            if !w.gap(p.end, prev.start).trim().is_empty() {
                break;
            }
            prev = p;
        }
    }
    let pf = w.folded(&prev);
    let verb_start = match pf {
        "hanh" => {
            let ban = w.before(prev.start)?;
            (w.folded(&ban) == "ban").then_some(ban.start)?
        }
        "co" => prev.start,
        "tai" => {
            // `đề nghị của X tại …`
            let subject_end = w.before(prev.start)?.end;
            let mut at = subject_end;
            for _ in 0..16 {
                let word = w.before(at)?;
                if w.folded(&word) == "cua"
                    && let Some(n) = w.before(word.start)
                    && w.folded(&n) == "nghi"
                    && let Some(i) = issuers::parse(w, word.end)
                    && i.span.end == subject_end
                {
                    return Some((i, word.start));
                }
                at = word.start;
            }
            return None;
        }
        _ => return None,
    };
    let mut subject_end_word = w.before(verb_start)?;
    if w.folded(&subject_end_word) == "da" {
        subject_end_word = w.before(subject_end_word.start)?;
    }
    let floor = verb_start.saturating_sub(200);
    let i = issuers::ending_at(w, subject_end_word.end, floor)?;
    let s = i.span.start;
    Some((i, s))
}

/// Finds citations. `skip`: the document's own number, never a reference;
/// `head_end`: the folded offset where the header ends (codes standing
/// alone before it are the document's own number too).
pub fn scan(
    w: &Words,
    dates: &[RawDate],
    skip: Option<&Range<usize>>,
    head_end: usize,
) -> Vec<RawRef> {
    let f = w.f();
    let cur = Cursor { w };
    let codes = codes(w);
    let kinds = kinds(w);
    let mut used_code = vec![false; codes.len()];
    let mut out: Vec<RawRef> = Vec::new();
    let code_at = |pos: usize| -> Option<usize> {
        let i = codes.partition_point(|c| c.span.start < pos);
        (i < codes.len()).then_some(i)
    };
    let mk = |span: Range<usize>, doc_type: Option<String>, number: Option<String>| RawRef {
        tail: span.end,
        span,
        doc_type,
        number,
        date: None,
        issuer: None,
        doubtful: false,
        issuer_rule: Rule::None,
        amending: false,
        elliptical: false,
    };
    // Where the last law's name ends: kind words inside it (`Luật Ban hành
    // văn bản quy phạm pháp luật`) are part of the name.
    let mut named_until = 0;
    for k in &kinds {
        let prev = w.before(k.span.start);
        if k.span.start < named_until
            || (k.name == "Luật" && prev.as_ref().is_some_and(|p| w.is(p, "pháp")))
        {
            continue;
        }
        // A kind word then its number.
        if let Some(ci) = code_at(k.span.end)
            && !used_code[ci]
            && KIND_GAP
                .as_ref()
                .is_some_and(|g| g.is_match(&f[k.span.end..codes[ci].span.start]))
            && (!codes[ci].lower || f[k.span.end..codes[ci].span.start].contains('s'))
        {
            let c = &codes[ci];
            used_code[ci] = true;
            let kind = kind_of_code(c)
                .filter(|_| k.name == "Thông báo" || k.name == "Kế hoạch hành động")
                .unwrap_or(k.name);
            out.push(mk(
                k.span.start..c.span.end,
                Some(kind.to_string()),
                Some(c.number.clone()),
            ));
            continue;
        }
        // A blank or dotted number.
        let after = &f[k.span.end..f.len().min(k.span.end + 60)];
        if let Some(p) = PLACEHOLDER.as_ref().and_then(|r| r.captures(after))
            && let Some(m) = p.get(0)
        {
            let mut r = mk(
                k.span.start..k.span.end + m.end(),
                Some(k.name.to_string()),
                None,
            );
            r.doubtful = p.get(1).is_some_and(|d| d.as_str().contains(['.', '_']));
            out.push(r);
            continue;
        }
        // A law, code, ordinance or the constitution by its name.
        if !NAMED_TYPES.contains(&k.name) {
            continue;
        }
        let kw = k.span.start..k.span.end;
        let case = w.case(&kw);
        let caps = case == Case::Caps && w.at(k.span.end).is_none_or(|n| w.case(&n) == Case::Caps);
        if case == Case::Lower && k.name != "Bộ luật" {
            continue;
        }
        if prev
            .as_ref()
            .is_some_and(|p| w.is(p, "án") || w.is(p, "thảo"))
        {
            // A draft (`dự án Luật`, `dự thảo Luật`).
            continue;
        }
        let named = cur.law_name(k.span.end, caps);
        let hien_phap = k.name == "Hiến pháp";
        let Some((name_end, amending)) = named.or(hien_phap.then_some((k.span.end, false))) else {
            continue;
        };
        let mut r = mk(k.span.start..name_end, Some(k.name.to_string()), None);
        r.amending = amending;
        r.doubtful = hien_phap;
        // `Luật X số N`: the number after the name is the law's.
        if let Some(ci) = code_at(name_end)
            && !used_code[ci]
            && KIND_GAP
                .as_ref()
                .is_some_and(|g| g.is_match(&f[name_end..codes[ci].span.start]))
            && f[name_end..codes[ci].span.start].contains('s')
        {
            used_code[ci] = true;
            r.number = Some(codes[ci].number.clone());
            r.span.end = codes[ci].span.end;
        }
        r.tail = r.span.end;
        named_until = r.span.end;
        out.push(r);
    }
    // Numbers without a kind word: `số 02/QĐ-UBND`, or a code that says
    // its kind; not the document's own number.
    for (ci, c) in codes.iter().enumerate() {
        if used_code[ci]
            || c.lower
            || skip.is_some_and(|s| c.span.start < s.end && s.start < c.span.end)
        {
            continue;
        }
        let before = &f[c.span.start.saturating_sub(48)..c.span.start];
        let so = SO_BEFORE
            .as_ref()
            .and_then(|r| r.find(before))
            .or_else(|| ABBR_BEFORE.as_ref().and_then(|r| r.find(before)));
        let inferred = kind_of_code(c);
        if inferred.is_none() && so.is_none() {
            continue;
        }
        let line_start = f[..c.span.start].rfind('\n').map_or(0, |i| i + 1);
        let lead = f[line_start..c.span.start].trim();
        let at_line_start = lead.is_empty() || SO_ONLY.as_ref().is_some_and(|r| r.is_match(lead));
        if c.span.start < head_end && at_line_start {
            // `Số: 172/BC-UBND` or the number alone on its line: the
            // document's own number.
            continue;
        }
        let start = so.map_or(c.span.start, |m| c.span.start - before.len() + m.start());
        let mut r = mk(
            start..c.span.end,
            inferred.map(str::to_string),
            Some(c.number.clone()),
        );
        r.elliptical = true;
        out.push(r);
    }
    out.sort_by_key(|r| r.span.start);
    attach(w, dates, &mut out);
    out
}

/// Dates and issuers, then what lists and amending chains share.
fn attach(w: &Words, dates: &[RawDate], refs: &mut Vec<RawRef>) {
    for r in refs.iter_mut() {
        if let Some((d, end)) = date_after(w, dates, r.span.end) {
            r.date = d;
            r.tail = end;
        }
        if let Some(i) = issuer_after(w, r.tail) {
            r.issuer = Some(i.name);
            r.issuer_rule = Rule::Own;
            r.tail = i.span.end;
            if r.date.is_none()
                && let Some((d, end)) = date_after(w, dates, r.tail)
            {
                r.date = d;
                r.tail = end;
            }
        } else if let Some((i, subject)) = issuer_before(w, r.span.start, r.elliptical) {
            r.issuer = Some(i.name);
            r.issuer_rule = Rule::Carried;
            if r.date.is_none() {
                r.date = date_before(w, dates, subject);
            }
        }
    }
    let listed = |a: &RawRef, b: &RawRef| {
        a.tail <= b.span.start
            && LIST_GAP
                .as_ref()
                .is_some_and(|g| g.is_match(w.gap(a.tail, b.span.start)))
    };
    // Elliptical items of a list take the list's kind (`Nghị quyết số 1
    // …, số 2 …`), and a subject's issuer runs down the list.
    for i in 1..refs.len() {
        let (head, rest) = refs.split_at_mut(i);
        let (a, b) = (&head[i - 1], &mut rest[0]);
        if !listed(a, b) {
            continue;
        }
        if b.doc_type.is_none() {
            b.doc_type = a.doc_type.clone();
        }
        if b.issuer.is_none() && a.issuer_rule == Rule::Carried {
            b.issuer = a.issuer.clone();
            b.issuer_rule = Rule::Carried;
        }
    }
    // `A ngày …, B ngày … của X`: the issuer after the last item is each
    // item's.
    for i in (0..refs.len().saturating_sub(1)).rev() {
        let (head, rest) = refs.split_at_mut(i + 1);
        let (a, b) = (&mut head[i], &rest[0]);
        let coordinated = a.tail <= b.span.start
            && AND_GAP
                .as_ref()
                .is_some_and(|g| g.is_match(w.gap(a.tail, b.span.start)));
        if a.issuer.is_none() && b.issuer.is_some() && a.number.is_some() && coordinated {
            a.issuer = b.issuer.clone();
            a.issuer_rule = b.issuer_rule;
        }
    }
    amending_chains(w, refs);
}

/// `Luật sửa đổi, bổ sung … của Luật A[, Luật B …] [số N] [ngày D]`: a
/// number after the last amended law, when no other has one, is the
/// amending law's (`… của Luật A, Luật B số 56/2024/QH15`), as is the date
/// after the chain; amended laws with a number each keep theirs. With no
/// amended law named (`… của các luật …`), the amending law takes the
/// number cited later in its clause.
fn amending_chains(w: &Words, refs: &mut Vec<RawRef>) {
    let mut drop = Vec::new();
    let mut i = 0;
    while i < refs.len() {
        if !refs[i].amending {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut end = refs[i].span.end;
        while j < refs.len()
            && refs[j]
                .doc_type
                .as_deref()
                .is_some_and(|t| NAMED_TYPES.contains(&t))
        {
            // The first amended law follows `của`/`tại`; the others are a list.
            let gap = w.gap(end, refs[j].span.start);
            let ok = if j == i + 1 {
                matches!(gap.trim(), "cua" | "tai" | "")
            } else {
                LIST_GAP.as_ref().is_some_and(|g| g.is_match(gap))
            };
            if !ok {
                break;
            }
            end = refs[j].span.end;
            j += 1;
        }
        if j > i + 1 {
            let last = j - 1;
            let numbered = (i + 1..j).filter(|&k| refs[k].number.is_some()).count();
            if refs[i].number.is_none() && numbered == 1 && refs[last].number.is_some() {
                refs[i].number = refs[last].number.take();
            }
            if refs[i].date.is_none() {
                refs[i].date = refs[last].date.take();
            }
        } else if refs[i].number.is_none()
            && let Some(next) = refs.get(i + 1)
            && next.elliptical
            && next.span.start - refs[i].span.end < 400
            && !w
                .gap(refs[i].span.end, next.span.start)
                .contains([';', '.', '(', ')'])
        {
            let (number, date) = (next.number.clone(), next.date.clone());
            refs[i].number = number;
            refs[i].date = refs[i].date.take().or(date);
            drop.push(i + 1);
            j = i + 2;
        }
        i = j.max(i + 1);
    }
    for k in drop.into_iter().rev() {
        refs.remove(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::view::View;

    type Row = (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );

    fn refs(t: &str) -> Vec<Row> {
        let v = View::new(t);
        let w = Words::new(t, &v);
        let dates = super::super::dates::scan(&v.folded).dates;
        scan(&w, &dates, None, 0)
            .into_iter()
            .map(|r| (r.doc_type, r.number, r.date, r.issuer))
            .collect()
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn citations_in_all_shapes() {
        let r = refs("Pang uy di ban hanh Quyét dinh s 101-QD/PU ngay 05/03/2024 vé Thanh lap");
        assert_eq!(
            r,
            [(s("Quyết định"), s("101-QĐ/ĐU"), s("2024-03-05"), None)]
        );
        let r =
            refs("Thuc hién Ké hoach s6 144 /KH-UBND, ngay 30/11/2022 của Ban Chỉ đạo\nxây dựng");
        assert_eq!(r[0].1, s("144/KH-UBND"));
        assert_eq!(r[0].2, s("2022-11-30"));
        assert_eq!(r[0].3, s("Ban Chỉ đạo xây dựng"));
        let r = refs("Cong van sé 118/UBND - NV ngay 19/02/2024");
        assert_eq!(r[0].0, s("Công văn"));
        assert_eq!(r[0].1, s("118/UBND-NV"));
        let r = refs("Nghi\ndinh sO 64/2014/ND-CP của Chính phủ quy định");
        assert_eq!(r[0].1, s("64/2014/NĐ-CP"));
        assert_eq!(r[0].3, s("Chính phủ"));
        let r = refs("Nghi quyét sd 25-\nNQ/TW (khoa XI)");
        assert_eq!(r[0].1, s("25-NQ/TW"));
        let r = refs("s6 02/QD-UBND ngay 02/01/2024 vé");
        assert_eq!(r[0].0, s("Quyết định"));
        assert!(refs("1021/1028 hd so; 8/8 chi tieu").is_empty());
        let r = refs("Công văn số 4236/SXD-QLN&CS ngày 22 tháng 5 năm 2014");
        assert_eq!(r[0].1, s("4236/SXD-QLN&CS"));
        assert_eq!(r[0].2, s("2014-05-22"));
        let r = refs("Thông tư liên tịch số 08/2007/TTLT-BYT-BNV ngày 05 tháng 6 năm 2007");
        assert_eq!(r[0].0, s("Thông tư liên tịch"));
        let r = refs("các Thông báo\nkết luận số 49/TB-VPCP ngày 07 tháng 02 năm 2024");
        assert_eq!(r[0].0, s("Thông báo"));
        let r = refs(
            "theo Quyết định số /QĐ-BKHCN ngày   tháng   năm 2025 của Bộ trưởng Bộ Khoa học và Công nghệ",
        );
        assert_eq!(
            r,
            [(
                s("Quyết định"),
                None,
                None,
                s("Bộ trưởng Bộ Khoa học và Công nghệ")
            )]
        );
    }

    #[test]
    fn named_laws() {
        let r = refs("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;");
        assert_eq!(r, [(s("Luật"), None, s("2015-06-19"), None)]);
        let r = refs("Căn cứ Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 năm 2024, được");
        assert_eq!(r, [(s("Luật"), s("31/2024/QH15"), s("2024-01-18"), None)]);
        assert!(refs("Luật này có hiệu lực; văn bản quy phạm pháp luật; Luật sư").is_empty());
        let r = refs("theo quy định của Luật Lâm nghiệp, Luật Đất đai và các văn bản hướng dẫn");
        assert_eq!(r.len(), 2);
        let r = refs("Luật Bảo vệ BMNN năm 2018; Bộ Luật hình sự năm 2015");
        assert_eq!(r[0], (s("Luật"), None, None, None));
        assert_eq!(r[1].0, s("Bộ luật"));
    }

    #[test]
    fn amending_laws() {
        let r = refs(
            "Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và Luật Đấu thầu ngày 29 tháng 11 năm 2024;",
        );
        assert_eq!(r.len(), 5);
        assert_eq!(r[0].2, s("2024-11-29"));
        assert!(r[1..].iter().all(|x| x.2.is_none()));
        let r = refs(
            "Luật sửa đổi, bổ sung một số điều của Luật xây dựng số 62/2020/QH14 ngày 17 tháng 06 năm 2020;",
        );
        assert_eq!(r.len(), 2);
        assert_eq!(r[0], (s("Luật"), s("62/2020/QH14"), s("2020-06-17"), None));
        assert_eq!(r[1], (s("Luật"), None, None, None));
        let r = refs(
            "Luật sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15",
        );
        assert_eq!(r[0].1, None);
        assert_eq!(r[1].1, s("31/2024/QH15"));
        assert_eq!(r[2].1, s("27/2023/QH15"));
    }

    #[test]
    fn issuers_by_the_rules() {
        // (b) the subject of `ban hành`, and the date written before it.
        let r = refs("Ngày 03/1/2024 UBND xã đã ban hành Kế hoạch số 01/KH-UBND về việc");
        assert_eq!(
            r[0],
            (
                s("Kế hoạch"),
                s("01/KH-UBND"),
                s("2024-01-03"),
                s("UBND xã")
            )
        );
        // (c) `đề nghị của X tại`.
        let r = refs(
            "Theo đề nghị của Giám đốc Sở Giáo dục và Đào tạo tại Tờ trình số 107/TTr-SGDĐT ngày 09/8/2024.",
        );
        assert_eq!(r[0].3, s("Giám đốc Sở Giáo dục và Đào tạo"));
        // (a) carried back over a list.
        let r = refs(
            "Chỉ thị số 31-CT/TU ngày 05/3/2024, Kế hoạch số 134-KH/TU ngày 06/3/2024 của Ban Thường vụ Tỉnh ủy",
        );
        assert_eq!(r[0].3, s("Ban Thường vụ Tỉnh ủy"));
        // A subject's issuer does not run into a document named in an
        // object's subject.
        let r = refs("UBND tỉnh ban hành Kế hoạch số 5/KH-UBND triển khai Quyết định số 6/QĐ-TTg");
        assert_eq!(r[0].3, s("UBND tỉnh"));
        assert_eq!(r[1].3, None);
    }
}

