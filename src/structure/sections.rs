//! Section headings (CONVENTIONS.md §3), read part by part (the main body,
//! then each annex):
//!
//! - in a part with articles (`Điều N.`), only `Phần`/`Chương`/`Mục`/`Điều`
//!   are sections, levelled by how they nest there (`Chương` 1, `Mục` 2,
//!   `Điều` 3; `Điều` 2 without `Mục`; `Điều` 1 alone); numbered clauses
//!   (khoản `1.`, điểm `a)`) are content;
//! - elsewhere the outline of reports and plans: Roman numerals 1, `1.` 2,
//!   `1.1.` 3, letters 4, accepted where they follow the running numbering
//!   (which may start anywhere: headings are lost in scans and crawls), and
//!   only where the numbered paragraph is a heading — a line of its own, a
//!   head before `:` (an addressee, a topic `Về …`), not a numbered
//!   sentence or an item of an enumeration (`…, gồm:`);
//! - each annex title is one entry, `marker: null`, level 1.

use crate::text::Letter;
use super::layout::Layout;
use super::lines::{Doc, upper_ratio};
use super::numerals::{resolve_roman, to_roman};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// One heading; `span` is a folded range until the record maps it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSection {
    /// Normalised marker; `None` for an annex title.
    pub marker: Option<String>,
    pub level: u8,
    pub title: Option<String>,
    /// From the marker to the end of the heading's last line.
    pub span: Range<usize>,
    /// Folded length of the marker as written (from `span.start`).
    pub marker_len: usize,
    pub appendix: bool,
    pub doubtful: bool,
}

/// What opens a line.
#[derive(Debug, Clone, PartialEq)]
enum Mark {
    /// `Phần I`, `Phần 2`.
    Part(String),
    /// `Chương II`; `None` when the numeral is lost.
    Chapter(Option<String>),
    /// `Mục 1.`
    Item(u32),
    /// `Điều 3.`; `None` when the numeral is lost.
    Article(Option<u32>),
    /// A Roman numeral as written (`I1`, `|`).
    Roman(String),
    Num(u32),
    Num2(u32, u32),
    Num3(u32, u32, u32),
    /// Index of the letter in the Vietnamese order (a=1, b, c, d, đ, e …).
    Letter(u8, char),
    /// A capital letter before a heading in capitals (`A. MỤC ĐÍCH, YÊU
    /// CẦU`, `B. NỘI DUNG`): a plan's parts above its Roman numerals. Its
    /// index and the letter as written.
    Block(u8, char),
}

static DIVISION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    super::view::folded_regex(
        r"^(phan|chuong|muc|dieu|bieu|pieu)(?:\s+([ivxl\d]{1,6}|thu\s+[a-z]+))?\s*([.:\-]|$|\s)",
    )
});
static ROMAN: LazyLock<Option<Regex>> =
    LazyLock::new(|| super::view::folded_regex(r"^([ivxl1|]{1,5})\s*[.:]\s*\S"));
static NUMS: LazyLock<Option<Regex>> =
    LazyLock::new(|| super::view::folded_regex(r"^(\d{1,2})\.(?:([1-9]\d?)\.?(?:([1-9]\d?)\.?)?)?(?:\s|$)"));
static RUN_IN: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\s\d{1,2}\.\d{1,2}\.\s").ok());
static LETTER: LazyLock<Option<Regex>> =
    LazyLock::new(|| super::view::folded_regex(r"^([a-z])\s?[).,](\s|$)?"));

/// Letters of a list in order (`đ` after `d`).
fn letter_index(c: char) -> Option<u8> {
    const ORDER: &str = "abcdđeghiklmn";
    ORDER.chars().position(|o| o == c).map(|k| k as u8 + 1)
}

/// The mark opening a folded line body, and the marker's folded length.
/// `text` is the same body as written (for case).
fn mark(b: &str, text: &str) -> Option<(Mark, usize)> {
    if !could_mark(b) {
        return None;
    }
    if let Some(c) = DIVISION.as_ref().and_then(|r| r.captures(b)) {
        let mut word = c.get(1)?.as_str();
        // OCR writes the `Đ` of `Điều` as a lower-case `b` or `p`.
        if matches!(word, "bieu" | "pieu") {
            if !text.starts_with(['b', 'p']) {
                return None;
            }
            word = "dieu";
        }
        let num = c.get(2).map(|m| m.as_str());
        let sep = c.get(3).map_or("", |m| m.as_str());
        let dotted = matches!(sep, "." | ":");
        // A division word is capitalised (`Điều 5 của Luật` wrapped inside a
        // sentence is not a heading); OCR may lower an article's `Đ`
        // (`biéu 2.`), which its dot still marks.
        let capital = text.starts_with(char::is_uppercase);
        if !(capital || word == "dieu" && dotted) {
            return None;
        }
        let end = match (c.get(2), dotted) {
            (_, true) => c.get(3).map_or(b.len(), |m| m.end()),
            (Some(n), false) => n.end(),
            (None, false) => word.len(),
        };
        // The numeral as written (`II`, `3`, `thứ nhất`).
        let written = |g: Option<regex::Match>| {
            g.map(|m| {
                let w: String = text.chars().skip(m.start()).take(m.len()).collect();
                if w.chars().all(|c| c.is_ascii_alphanumeric()) {
                    w.to_uppercase()
                } else {
                    w
                }
            })
        };
        let m = match (word, num) {
            ("phan", Some(_)) => Mark::Part(written(c.get(2))?),
            ("chuong", n) if n.is_some() || b.len() == word.len() => {
                Mark::Chapter(written(c.get(2)))
            }
            ("muc", Some(n)) => Mark::Item(n.parse().ok()?),
            ("dieu", Some(n)) if dotted || capital && b.len() == c.get(0)?.end() => {
                Mark::Article(Some(n.parse().ok()?))
            }
            ("dieu", None) if b.len() == word.len() => Mark::Article(None),
            _ => return None,
        };
        return Some((m, end));
    }
    if let Some(c) = ROMAN.as_ref().and_then(|r| r.captures(b)) {
        let g = c.get(1)?;
        let raw: String = text.chars().take(g.end()).collect();
        // Roman numerals are capitals; OCR writes `1`, `l` or `|` for `I`
        // (and `L`). A numeral of `1`s only may be Arabic: it is read as
        // Roman only before a heading in capitals.
        let raw: String = raw
            .chars()
            .map(|ch| if ch == 'L' { 'l' } else { ch })
            .collect();
        let roman = raw
            .chars()
            .all(|ch| matches!(ch, 'I' | 'V' | 'X' | '1' | 'l' | '|'));
        let dot = b[g.end()..]
            .find(['.', ':'])
            .map_or(g.end(), |k| g.end() + k + 1);
        let digits_only = raw.chars().all(|ch| ch == '1');
        let upper_after = upper_ratio(&text.chars().skip(dot).collect::<String>()) >= 0.6;
        if roman && (!digits_only || upper_after) {
            return Some((Mark::Roman(raw), dot));
        }
    }
    if let Some(c) = NUMS.as_ref().and_then(|r| r.captures(b)) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let end = c.get(0)?.as_str().trim_end().len();
        let m = match (n(1), n(2), n(3)) {
            (Some(a), Some(x), Some(y)) => Mark::Num3(a, x, y),
            (Some(a), Some(x), None) => Mark::Num2(a, x),
            (Some(a), None, _) => Mark::Num(a),
            _ => return None,
        };
        return Some((m, end));
    }
    if let Some(c) = LETTER.as_ref().and_then(|r| r.captures(b)) {
        let ch = text.chars().next()?;
        if ch.is_uppercase() {
            let marker = c.get(0)?.as_str().trim_end();
            let (dotted, end) = (marker.ends_with('.'), marker.len());
            let rest: String = text.chars().skip(end).collect();
            let up = ch.to_lowercase().next()?;
            return (dotted && c.get(2).is_some() && words(&rest) >= 1 && upper_ratio(&rest) >= 0.8)
                .then(|| letter_index(up).map(|idx| (Mark::Block(idx, ch), end)))
                .flatten();
        }
        if !ch.is_lowercase() && ch != '¢' {
            return None;
        }
        // `b.Về …` without a space: the heading must then start in capitals.
        let end0 = c.get(0)?.end();
        if c.get(2).is_none() && !text.chars().nth(end0).is_some_and(char::is_uppercase) {
            return None;
        }
        // The letter as written, or folded when repair gave it a mark (`à,`
        // for `a,`); `¢` is OCR's `c`.
        let folded = b.chars().next()?;
        let ch = if ch == 'đ' { ch } else { folded };
        let idx = letter_index(ch)?;
        let end = c.get(0)?.as_str().trim_end().len();
        return Some((Mark::Letter(idx, ch), end));
    }
    None
}

/// A cheap test that rules out most lines before the patterns run: a
/// marker opens with a digit, a Roman numeral, a lone letter or a division
/// word.
fn could_mark(b: &str) -> bool {
    let bytes = b.as_bytes();
    let Some(&c0) = bytes.first() else {
        return false;
    };
    if c0.is_ascii_digit() || c0 == b'|' {
        return true;
    }
    if bytes
        .get(1)
        .is_some_and(|c| matches!(c, b')' | b'.' | b',' | b' ' | b':'))
    {
        return true;
    }
    let roman = bytes
        .iter()
        .take_while(|c| matches!(c, b'i' | b'v' | b'x' | b'l' | b'1' | b'|'))
        .count();
    if roman > 0
        && bytes
            .get(roman)
            .is_some_and(|c| matches!(c, b'.' | b':' | b' '))
    {
        return true;
    }
    ["phan", "chuong", "muc", "dieu", "bieu", "pieu"]
        .iter()
        .any(|w| b.starts_with(w))
}

/// Whether a folded line body opens with a section marker (the header's
/// title stops there).
pub fn starts_with_marker(b: &str) -> bool {
    let r = [&ROMAN, &NUMS]
        .iter()
        .any(|r| r.as_ref().is_some_and(|r| r.is_match(b)));
    r || DIVISION.as_ref().is_some_and(|r| {
        r.captures(b)
            .is_some_and(|c| c.get(2).is_some() || c.get(1).is_some_and(|w| w.as_str() == "dieu"))
    })
}

fn is_bullet(b: &str) -> bool {
    b.starts_with(['-', '+', '•', '*'])
}

/// A numbered paragraph read as a heading: its title and last line, and
/// whether the reading is sure or should follow its siblings'.
struct Heading {
    title: String,
    last: usize,
    sure: bool,
}

impl Heading {
    fn sure(title: String, last: usize) -> Option<Heading> {
        Some(Heading {
            title,
            last,
            sure: true,
        })
    }
}

/// Words a wrapped line can end on before a capitalised name on the next.
const LINKS: &[&str] = &[
    "cua", "va", "voi", "cho", "cac", "tai", "theo", "ve", "la", "den", "tu", "trong", "tren",
    "thuoc", "duoc", "co", "nhung", "cung", "hoac", "giua", "dong", "chi",
];

/// Whether line `k + 1` goes on with the paragraph of line `k`: a line
/// that does not end a clause wraps onto one that starts in lower case, or
/// that fills the page and ends on a linking word before a name (`loose`:
/// before any capital).
fn continues(doc: &Doc, k: usize, end: usize, loose: bool) -> bool {
    let j = k + 1;
    if j >= end || doc.ends_clause(k) || doc.lines[j].is_blank() {
        return false;
    }
    let b = doc.lines[j].body();
    if mark(b, doc.body_text(j)).is_some() || is_bullet(b) {
        return false;
    }
    let line = doc.lines[k].body();
    let last = line.rsplit(' ').next().unwrap_or("");
    // A line ending on a preposition or conjunction, or inside parentheses,
    // goes on, full or not.
    let open = line.matches('(').count() > line.matches(')').count();
    let dangling = DANGLING.contains(&last) || open;
    match doc.body_text(j).chars().find(|c| c.is_letter_or_number()) {
        Some(c) if c.is_lowercase() => true,
        Some(c) if c.is_uppercase() => {
            dangling || doc.is_full(k) && (loose || LINKS.contains(&last))
        }
        _ => dangling || doc.is_full(k),
    }
}

/// Function words (folded) no heading or sentence ends on.
const DANGLING: &[&str] = &[
    "cua", "va", "voi", "cho", "tai", "theo", "ve", "den", "trong", "tren", "thuoc", "duoc",
    "nhung", "hoac", "giua", "cac",
];

/// The line of the colon that ends a topic (`Về …:`) starting at line
/// `i`, when one comes within four lines and no line before it ends a
/// clause: a topic runs to its colon however its lines wrap, full or not
/// (`… tỉnh Điện` / `Biên vào …:`).
fn topic_colon(doc: &Doc, i: usize, end: usize) -> Option<usize> {
    let mut k = i;
    loop {
        if colon(doc.body_text(k)).is_some() {
            return Some(k);
        }
        let j = k + 1;
        if doc.ends_clause(k) || j >= end.min(i + 4) || doc.lines[j].is_blank() {
            return None;
        }
        let b = doc.lines[j].body();
        if mark(b, doc.body_text(j)).is_some() || is_bullet(b) {
            return None;
        }
        k = j;
    }
}

/// The last line of the paragraph that starts at line `i` (at most `max`
/// lines).
fn paragraph_end(doc: &Doc, i: usize, end: usize, max: usize) -> usize {
    paragraph_end_by(doc, i, end, max, false)
}

fn paragraph_end_by(doc: &Doc, i: usize, end: usize, max: usize, loose: bool) -> usize {
    let mut k = i;
    while k + 1 < i + max && continues(doc, k, end, loose) {
        k += 1;
    }
    k
}

/// The text from folded offset `from` to the end of line `last`, on one
/// line.
fn join_lines(doc: &Doc, from: usize, last: usize) -> String {
    let end = doc.lines[last].body_start() + doc.lines[last].body().len();
    let t = doc.orig(from..end.max(from));
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Trims a title: Markdown, a trailing `.`/`:`/`;`, runs of space.
fn clean_title(s: &str) -> String {
    let s = s.replace("**", "").replace('*', "");
    let s = s.trim().trim_end_matches(|c: char| {
        matches!(c, '.' | ':' | ',' | ';' | '_' | '#') || c.is_whitespace()
    });
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words of `s`.
fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// `s` without its parenthesised parts. A `(` that never closes is OCR's
/// (`(ứng` for `ứng`) or a slip, not a parenthesis: the text after it
/// stays.
fn outside_parens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut open: Option<(usize, i32)> = None;
    for (k, c) in s.char_indices() {
        match (c, open.as_mut()) {
            ('(', None) => open = Some((k, 1)),
            ('(', Some((_, depth))) => *depth += 1,
            (')', Some((_, depth))) => {
                *depth -= 1;
                if *depth == 0 {
                    open = None;
                }
            }
            (')', None) => {}
            (_, None) => out.push(c),
            (_, Some(_)) => {}
        }
    }
    if let Some((k, _)) = open {
        out.push_str(&outside_parens(&s[k + 1..]));
    }
    out
}

/// Where the first `:` outside parentheses is in `s`.
fn colon(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (k, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ':' if depth <= 0 => return Some(k),
            _ => {}
        }
    }
    None
}

/// Decides whether the numbered paragraph at line `i`, its text starting
/// at folded offset `from`, is a heading. `deeper` says whether a marker
/// one level down may follow as its content.
fn heading(
    doc: &Doc,
    i: usize,
    from: usize,
    end: usize,
    loose: bool,
    deeper: fn(&Mark) -> bool,
) -> Option<Heading> {
    let line_end = doc.lines[i].body_start() + doc.lines[i].body().len();
    let first = doc.orig(from..line_end.max(from)).trim().to_string();
    // A marker alone on its line: the heading is the next line.
    if first.is_empty() {
        let j = doc.next_filled(i + 1, end.min(i + 2))?;
        let t = doc.body_text(j).trim().to_string();
        let ok = words(&t) <= 20 && !doc.ends_clause(j) && mark(doc.lines[j].body(), &t).is_none();
        return if ok {
            Heading::sure(clean_title(&t), j)
        } else {
            None
        };
    }
    // A heading starts with a capital; OCR may lower a first `Đ` (`bảy
    // mạnh` for `Đẩy mạnh`), which is believed after a finished clause.
    let capital = first.starts_with(|c: char| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '(')
    });
    let after_clause = i == 0 || doc.lines[i - 1].is_blank() || doc.ends_clause(i - 1);
    if !(capital || after_clause && first.starts_with(['b', 'p'])) {
        return None;
    }
    // A heading run into its content: `Đối với Chính quyền xã. - Thực hiện…`,
    // `Về việc rà soát … 1.1. Giao Sở …` (its first subsection).
    let run_in = RUN_IN
        .as_ref()
        .and_then(|r| r.find(&first))
        .map(|m| m.start());
    if let Some(k) = first.find(". -").or_else(|| first.find(". +")).or(run_in) {
        let head = &first[..k];
        if (1..=15).contains(&words(head)) {
            return Heading::sure(clean_title(head), i);
        }
    }
    // A topic (`Về …`; OCR may write `Vẽ`) runs to its colon whatever
    // the case of its wrapped lines (`… tỉnh Điện` / `Biên …`).
    let topic = crate::text::fold(&first).starts_with("ve ");
    let last = topic
        .then(|| topic_colon(doc, i, end))
        .flatten()
        .unwrap_or_else(|| paragraph_end_by(doc, i, end, 12, loose || topic));
    let text = join_lines(doc, from, last);
    if upper_ratio(&text) >= 0.8 {
        return Heading::sure(clean_title(&text), last);
    }
    let b =
        text.trim_end_matches(|c: char| matches!(c, ')' | '"' | '”' | '*') || c.is_whitespace());
    let sentence = b.ends_with(['.', ';', '!', '?']);
    if let Some(k) = colon(&text) {
        let head = text[..k].trim();
        let after = text[k + 1..].trim();
        // A form's blank to fill (`Tài sản …: ……`) is no content.
        let blank = after.chars().all(|c| matches!(c, '.' | '…' | '_' | ' '));
        if blank {
            return if words(head) <= 30 || topic {
                Heading::sure(clean_title(head), last)
            } else {
                None
            };
        }
        // A whole heading with a colon in it: a numbered label and its name
        // (`… tiêu chí 2: Tuyên truyền …`), or a heading line with no
        // sentence after the colon.
        // A label and its name (`… tiêu chí 2: Tuyên truyền …`), or a short
        // heading line with a colon in it.
        let label = head.ends_with(|c: char| c.is_ascii_digit());
        let short_line = last == i && !doc.is_full(i) && words(after) <= 8;
        if (label || !sentence && short_line)
            && words(&text) <= 40
            && after.starts_with(char::is_uppercase)
        {
            return Heading::sure(clean_title(&text), last);
        }
        // A head before its content: an addressee or a topic; a longer head
        // may be a numbered task (`Nâng cao trách nhiệm …: Biết …`).
        let head_last = head_line(doc, i, last, k, from);
        let n = words(head);
        return (n <= 12 || topic).then(|| Heading {
            title: clean_title(head),
            last: head_last,
            sure: n <= 6 || topic,
        });
    }
    if sentence {
        let one_line = last == i;
        // A statement of a figure (`1. 100% cán bộ …`) is no heading.
        let figure = b.starts_with(|c: char| c.is_ascii_digit());
        if one_line && !figure && (words(b) <= 14 && !b.ends_with('.') || words(b) <= 10) {
            return Heading::sure(clean_title(b), last);
        }
        if figure {
            return None;
        }
        // Short: two lines, or three when a parenthesis lengthens it.
        let core = words(&outside_parens(b));
        if last > i + 2 || core > 30 || last == i + 2 && core > 20 {
            return None;
        }
        // A short heading written as a sentence: sure when content of its
        // own (or a deeper item) follows, else as its siblings are.
        let content = doc.next_filled(last + 1, end).is_some_and(|j| {
            let jb = doc.lines[j].body();
            !is_bullet(jb) && mark(jb, doc.body_text(j)).is_none_or(|(m, _)| deeper(&m))
        });
        return Some(Heading {
            title: clean_title(b),
            last,
            sure: content,
        });
    }
    if words(&text) <= 40 {
        Heading::sure(clean_title(&text), last)
    } else {
        None
    }
}

/// The line on which the first `k` bytes of the paragraph text end.
fn head_line(doc: &Doc, i: usize, last: usize, k: usize, from: usize) -> usize {
    let mut len = 0;
    for j in i..=last {
        let start = if j == i {
            from
        } else {
            doc.lines[j].body_start()
        };
        let end = doc.lines[j].body_start() + doc.lines[j].body().len();
        let t = doc.orig(start..end.max(start));
        len += t.split_whitespace().collect::<Vec<_>>().join(" ").len() + 1;
        if len > k {
            return j;
        }
    }
    last
}

/// An enumeration's lead-in (`…, gồm:`, `như:`): its numbered items are a
/// list, not headings.
fn enumerates(doc: &Doc, i: usize) -> bool {
    let b = doc.lines[i].body().trim_end_matches(['*', ' ']);
    b.ends_with(':')
        && ["gom:", "bao gom:", "gom co:", "nhu:", "la:", "sau day:"]
            .iter()
            .any(|e| b.ends_with(&format!(" {e}")) || b == *e)
}

/// A candidate marker line.
struct Cand {
    line: usize,
    mark: Mark,
    /// Folded start of the marker, its length, and the start of the text
    /// after it.
    at: usize,
    len: usize,
    text: usize,
}

fn candidates(doc: &Doc, part: &Range<usize>) -> Vec<Cand> {
    let mut out = Vec::new();
    for i in part.clone() {
        let l = &doc.lines[i];
        let b = l.body();
        // Table rows (`2.1. | Số nhiệm vụ … | 7`) are not headings; a
        // leading `|` is OCR's `I`.
        if b.get(1..).is_some_and(|r| r.contains('|')) || l.text.contains('\t') {
            continue;
        }
        if let Some((m, len)) = mark(b, doc.body_text(i)) {
            let rest = &b[len.min(b.len())..];
            let skip = rest.len() - rest.trim_start().len();
            out.push(Cand {
                line: i,
                mark: m,
                at: l.body_start(),
                len,
                text: l.body_start() + len + skip,
            });
        }
    }
    out
}

fn section(
    doc: &Doc,
    c: &Cand,
    marker: String,
    level: u8,
    title: Option<String>,
    last: usize,
) -> RawSection {
    let l = &doc.lines[last];
    RawSection {
        marker: Some(marker),
        level,
        title: title.filter(|t| !t.is_empty()),
        span: c.at..l.body_start() + l.body().len(),
        marker_len: c.len,
        appendix: false,
        doubtful: false,
    }
}

/// `Phần`/`Chương`/`Mục`/`Điều` of a part with articles.
fn legal(doc: &Doc, cands: &[Cand], end: usize, out: &mut Vec<RawSection>) {
    let has = |f: fn(&Mark) -> bool| cands.iter().any(|c| f(&c.mark));
    let part = u8::from(has(|m| matches!(m, Mark::Part(_))));
    let chapter = has(|m| matches!(m, Mark::Chapter(_)));
    let item = has(|m| matches!(m, Mark::Item(_)));
    let l_chapter = 1 + part;
    let l_item = if chapter { l_chapter + 1 } else { 1 + part };
    let l_article = if item {
        l_item + 1
    } else if chapter {
        l_chapter + 1
    } else {
        1 + part
    };
    // Chapters numbered in Arabic (`Chương 2`) keep their digits; in Roman,
    // OCR's `1`, `11` for `I`, `II` are read by the sequence.
    let arabic = cands.iter().any(|c| {
        matches!(&c.mark, Mark::Chapter(Some(n)) if n.chars().any(|ch| ch.is_ascii_digit() && ch != '1'))
    });
    let mut last_article = 0u32;
    let mut last_chapter = 0u32;
    for c in cands {
        let (marker, level, doubtful) = match &c.mark {
            Mark::Part(n) => (format!("Phần {n}"), 1, false),
            Mark::Chapter(Some(n)) => {
                let roman = (!arabic).then(|| resolve_roman(n, last_chapter)).flatten();
                if let Some(r) = roman {
                    last_chapter = r;
                }
                let numeral = roman.map_or_else(|| n.clone(), to_roman);
                (format!("Chương {numeral}"), l_chapter, false)
            }
            Mark::Chapter(None) => ("Chương".to_string(), l_chapter, true),
            Mark::Item(n) => (format!("Mục {n}."), l_item, false),
            Mark::Article(Some(n)) => {
                // Articles count on from 1 (a lost one or two may be
                // missing); `Điều 626.` opening a line cites another law.
                if *n <= last_article || *n > last_article + 4 || last_article == 0 && *n > 5 {
                    continue;
                }
                last_article = *n;
                (format!("Điều {n}."), l_article, false)
            }
            Mark::Article(None) => ("Điều".to_string(), l_article, true),
            _ => continue,
        };
        let (title, last) = division_title(doc, c, end, matches!(c.mark, Mark::Article(_)));
        let mut s = section(doc, c, marker, level, title, last);
        s.doubtful = doubtful;
        out.push(s);
    }
}

/// How an article whose words are its content begins (a decision's
/// `Điều 1. Ban hành …`, `Điều 2. Giao …`, `Điều 3. Chánh Văn phòng …`),
/// folded: such articles have no heading.
const ARTICLE_CONTENT: &[&str] = &[
    "ban hanh",
    "giao ",
    "cong bo",
    "phe duyet",
    "quyet dinh nay",
    "nghi quyet nay",
    "uy quyen",
    "bai bo",
    "thanh lap",
    "chanh van phong",
    "giam doc",
    "thu truong",
    "chu tich",
    "cho phep",
    "phan bo",
    "uy ban nhan dan",
    "hoi dong nhan dan",
    "to chuc, ca nhan",
    "bo nhiem",
    "dieu chinh",
    "cong nhan",
];

/// The heading of a division: the words after its marker, or the next line
/// when the marker stands alone. An article whose words are content (they
/// end in `.` or run on as a paragraph) has no title.
fn division_title(doc: &Doc, c: &Cand, end: usize, article: bool) -> (Option<String>, usize) {
    let i = c.line;
    let line_end = doc.lines[i].body_start() + doc.lines[i].body().len();
    let own = doc.orig(c.text.min(line_end)..line_end).trim().to_string();
    if own.is_empty() {
        if let Some(j) = doc.next_filled(i + 1, end.min(i + 2))
            && mark(doc.lines[j].body(), doc.body_text(j)).is_none()
            && !doc.ends_clause(j)
            && words(doc.body_text(j)) <= 25
        {
            let last = if !article {
                paragraph_end(doc, j, end, 3)
            } else {
                j
            };
            return (
                Some(clean_title(&join_lines(
                    doc,
                    doc.lines[j].body_start(),
                    last,
                ))),
                last,
            );
        }
        return (None, i);
    }
    let mut last = paragraph_end(doc, i, end, 8);
    // An article's heading wraps onto a last line, capital or not, that
    // ends no clause and stands before the article's first clause (`…
    // tỉnh Thừa Thiên` / `Huế (nay thành phố Huế)` / `1. Sửa đổi …`): a
    // paragraph of the article's body would end on its punctuation.
    let j = last + 1;
    if article
        && !doc.ends_clause(last)
        && j + 1 < end
        && !doc.lines[j].is_blank()
        && !doc.ends_clause(j)
        && mark(doc.lines[j].body(), doc.body_text(j)).is_none()
        && mark(doc.lines[j + 1].body(), doc.body_text(j + 1)).is_some()
    {
        last = j;
    }
    let text = join_lines(doc, c.text.min(line_end), last);
    if !article {
        return (Some(clean_title(&text)), last);
    }
    // `Điều 2. Đối tượng áp dụng 1.`: a clause number the crawl glued on.
    let t = text.trim_end();
    let t = match t.rsplit_once(' ') {
        Some((head, tail))
            if tail
                .trim_end_matches('.')
                .chars()
                .all(|c| c.is_ascii_digit())
                && tail.ends_with('.') =>
        {
            head
        }
        _ => t,
    };
    let ends = t
        .trim_end_matches(['"', '”', ')'])
        .ends_with(['.', ';', ':', ',']);
    let f = crate::text::fold(t);
    let content = ARTICLE_CONTENT.iter().any(|v| f.starts_with(v));
    // A heading may close on a period (`Điều 2. Tổ chức thực hiện.`): a
    // short phrase alone on its line, citing nothing and not the document
    // itself, is a name, not a sentence.
    let named = last == i
        && t.ends_with('.')
        && !t.ends_with("..")
        && words(t) <= 8
        && !t.chars().any(|c| c.is_ascii_digit())
        && !f
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "nay");
    if ends && !named || content || !(2..=60).contains(&words(t)) {
        return (None, i);
    }
    (Some(clean_title(t)), last)
}

/// The outline of a report or plan.
/// An outline entry. A numbered item whose reading is unsure (a short
/// numbered sentence, or a paragraph whose end depends on whether a full
/// line before a capital wraps) is settled by its siblings.
enum Entry {
    Fixed(RawSection),
    Item {
        /// Items under the same heading share a group.
        group: (usize, u32, u32, u8),
        /// 1 a sure heading, -1 surely not, 0 unsure.
        verdict: i8,
        section: Option<RawSection>,
    },
}

/// Settles each unsure item by the sure ones of its group: a heading among
/// headings (or with no sure sibling), a sentence among sentences.
fn settle(items: Vec<Entry>, out: &mut Vec<RawSection>) {
    let mut votes: Vec<((usize, u32, u32, u8), i32)> = Vec::new();
    for e in &items {
        if let Entry::Item { group, verdict, .. } = e {
            match votes.iter_mut().find(|(g, _)| g == group) {
                Some(x) => x.1 += i32::from(*verdict),
                None => votes.push((*group, i32::from(*verdict))),
            }
        }
    }
    for e in items {
        match e {
            Entry::Fixed(s) => out.push(s),
            Entry::Item {
                group,
                verdict,
                section,
            } => {
                let vote = votes.iter().find(|(g, _)| *g == group).map_or(0, |v| v.1);
                if verdict > 0 || verdict == 0 && vote >= 0 {
                    out.extend(section);
                }
            }
        }
    }
}

/// An item's verdict from its strict and loose readings (the loose one
/// only read when the paragraph would end elsewhere).
fn judge(doc: &Doc, c: &Cand, end: usize, deeper: fn(&Mark) -> bool) -> (i8, Option<Heading>) {
    let strict = heading(doc, c.line, c.text, end, false, deeper);
    if paragraph_end_by(doc, c.line, end, 12, false) == paragraph_end_by(doc, c.line, end, 12, true)
    {
        return match strict {
            Some(h) => (i8::from(h.sure), Some(h)),
            None => (-1, None),
        };
    }
    match (strict, heading(doc, c.line, c.text, end, true, deeper)) {
        (Some(h), Some(l)) => (i8::from(h.sure && l.sure), Some(h)),
        (Some(h), None) | (None, Some(h)) => (0, Some(h)),
        (None, None) => (-1, None),
    }
}

fn outline(doc: &Doc, cands: &[Cand], end: usize, out: &mut Vec<RawSection>) {
    let mut items: Vec<Entry> = Vec::new();
    let mut l1_seen = 0usize;
    // A list numbered again from 1 without a heading between sits under a
    // heading of its own (lost): a new group of siblings.
    let mut run = 0u32;
    // Parts (`Phần I`, or a plan's `A.`) put everything a level down.
    let shift = u8::from(
        cands
            .iter()
            .any(|c| matches!(c.mark, Mark::Part(_) | Mark::Block(1, _))),
    );
    let mut block = 0u8;
    let (mut l1, mut l2, mut l3, mut l4) = (0u32, 0u32, 0u32, 0u8);
    let mut list_kind: Option<u8> = None; // depth of an enumeration's items
    let mut last_item_line = 0usize;
    for c in cands {
        let i = c.line;
        // An enumeration ends where something other than its items comes.
        if list_kind.is_some() && i > last_item_line + 1 && !continues_items(doc, last_item_line, i)
        {
            list_kind = None;
        }
        let depth = match c.mark {
            Mark::Num(_) => 2,
            Mark::Num2(..) => 3,
            Mark::Letter(..) => 4,
            _ => 0,
        };
        let before = (0..i).rev().find(|&k| !doc.lines[k].is_blank());
        if depth > 0 && before.is_some_and(|k| enumerates(doc, k)) {
            list_kind = Some(depth);
        }
        if list_kind == Some(depth) {
            last_item_line = paragraph_end(doc, i, end, 12);
            continue;
        }
        match &c.mark {
            Mark::Part(n) => {
                let (title, last) = division_title(doc, c, end, false);
                items.push(Entry::Fixed(section(
                    doc,
                    c,
                    format!("Phần {n}"),
                    1,
                    title,
                    last,
                )));
                (l1, l2, l3, l4) = (0, 0, 0, 0);
            }
            Mark::Block(idx, ch) => {
                // `A.`, `B.` … in order, from `A.`.
                if *idx != block + 1 {
                    continue;
                }
                let (title, last) = roman_title(doc, c, end);
                if title.is_empty() {
                    continue;
                }
                block = *idx;
                (l1, l2, l3, l4) = (0, 0, 0, 0);
                l1_seen += 1;
                run = 0;
                items.push(Entry::Fixed(section(
                    doc,
                    c,
                    format!("{ch}."),
                    1,
                    Some(title),
                    last,
                )));
            }
            Mark::Roman(raw) => {
                let first = l1 == 0;
                // Numbered items before any Roman heading sat under a lost `I.`.
                let prev = if first && l2 > 0 { 1 } else { l1 };
                let Some(n) = resolve_roman(raw, prev).filter(|&n| !first || n <= 5) else {
                    continue;
                };
                let (title, last) = roman_title(doc, c, end);
                if title.is_empty() {
                    continue;
                }
                (l1, l2, l3, l4) = (n, 0, 0, 0);
                l1_seen += 1;
                run = 0;
                items.push(Entry::Fixed(section(
                    doc,
                    c,
                    format!("{}.", to_roman(n)),
                    1 + shift,
                    Some(title),
                    last,
                )));
            }
            Mark::Num(a) => {
                let a = *a;
                if !(a == 1 || a > l2 && a <= l2 + 2 || l2 == 0 && a <= 3) {
                    continue;
                }
                if a == 1 && l2 > 0 {
                    run += 1;
                }
                (l2, l3, l4) = (a, 0, 0);
                let deeper: fn(&Mark) -> bool = |m| matches!(m, Mark::Num2(..) | Mark::Letter(..));
                let (verdict, h) = judge(doc, c, end, deeper);
                let section =
                    h.map(|h| section(doc, c, format!("{a}."), 2 + shift, Some(h.title), h.last));
                items.push(Entry::Item {
                    group: (l1_seen, run, 0, 2),
                    verdict,
                    section,
                });
            }
            Mark::Num2(a, b) => {
                let (a, b) = (*a, *b);
                if !(a == l2 || l2 == 0) || !(b == 1 || b > l3 && b <= l3 + 2) {
                    continue;
                }
                (l2, l3, l4) = (a, b, 0);
                let deeper: fn(&Mark) -> bool = |m| matches!(m, Mark::Num3(..) | Mark::Letter(..));
                let (verdict, h) = judge(doc, c, end, deeper);
                let section = h.map(|h| {
                    section(
                        doc,
                        c,
                        format!("{a}.{b}."),
                        3 + shift,
                        Some(h.title),
                        h.last,
                    )
                });
                items.push(Entry::Item {
                    group: (l1_seen, a, 0, 3),
                    verdict,
                    section,
                });
            }
            Mark::Num3(a, b, x) => {
                if *a != l2 || *b != l3 {
                    continue;
                }
                let (verdict, h) = judge(doc, c, end, |_| false);
                let section = h.map(|h| {
                    section(
                        doc,
                        c,
                        format!("{a}.{b}.{x}."),
                        4 + shift,
                        Some(h.title),
                        h.last,
                    )
                });
                items.push(Entry::Item {
                    group: (l1_seen, *a, *b, 4),
                    verdict,
                    section,
                });
            }
            Mark::Letter(idx, ch) => {
                let idx = *idx;
                if l2 == 0 && l3 == 0
                    || !(idx == l4 + 1
                        || idx == l4 + 2 && l4 > 0
                        || idx == l4 && l4 > 0
                        || idx == 1)
                {
                    continue;
                }
                l4 = idx;
                let ch = *ch;
                let (verdict, h) = judge(doc, c, end, |_| false);
                let section =
                    h.map(|h| section(doc, c, format!("{ch})"), 4 + shift, Some(h.title), h.last));
                items.push(Entry::Item {
                    group: (l1_seen, l2, l3, 5),
                    verdict,
                    section,
                });
            }
            _ => {}
        }
    }
    settle(items, out);
}

/// Whether lines `(from, to)` hold only the paragraphs of list items.
fn continues_items(doc: &Doc, from: usize, to: usize) -> bool {
    (from + 1..to).all(|k| doc.lines[k].is_blank())
}

/// A Roman heading's title: the rest of its line, and the lines after it
/// while they are in capitals like it (a wrapped heading).
fn roman_title(doc: &Doc, c: &Cand, end: usize) -> (String, usize) {
    let i = c.line;
    let line_end = doc.lines[i].body_start() + doc.lines[i].body().len();
    let own = doc.orig(c.text.min(line_end)..line_end);
    let upper = upper_ratio(own) >= 0.6;
    let mut last = i;
    while upper
        && last + 1 < end
        && last < i + 2
        && !doc.ends_clause(last)
        && !doc.lines[last + 1].is_blank()
        && doc.upper(last + 1) >= 0.6
        && mark(doc.lines[last + 1].body(), doc.body_text(last + 1)).is_none()
    {
        last += 1;
    }
    let text = join_lines(doc, c.text.min(line_end), last);
    let mut t = clean_title(&text);
    if !upper {
        // A sentence-case heading ends with its line or at `:`.
        if let Some(k) = colon(&t)
            && t[k + 1..].split_whitespace().count() >= 6
        {
            t = t[..k].trim().to_string();
        }
    }
    (t, last)
}

/// Finds the headings of every part of `layout`.
pub fn find(doc: &Doc, layout: &Layout) -> Vec<RawSection> {
    let n = doc.lines.len();
    let mut out = Vec::new();
    for (k, part) in layout.parts().into_iter().enumerate() {
        if k > 0
            && let Some(a) = layout.annexes.get(k - 1)
            && let Some((first, last, r)) = &a.title
        {
            let t = clean_title(
                &doc.orig(r.clone())
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            if !t.is_empty() {
                let l = &doc.lines[*last];
                out.push(RawSection {
                    marker: None,
                    level: 1,
                    title: Some(t),
                    span: doc.lines[*first].body_start()..r.end.min(l.end()),
                    marker_len: 0,
                    appendix: true,
                    doubtful: false,
                });
            }
        }
        let part = part.start.min(n)..part.end.min(n);
        let cands = candidates(doc, &part);
        if cands
            .iter()
            .any(|c| matches!(c.mark, Mark::Article(Some(_))))
        {
            legal(doc, &cands, part.end, &mut out);
        } else {
            outline(doc, &cands, part.end, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::view::View;

    fn outline_of(t: &str) -> Vec<(String, u8)> {
        let v = View::new(t);
        let d = Doc::new(t, &v);
        let lay = Layout::new(&d, 0, 0);
        find(&d, &lay)
            .into_iter()
            .map(|s| (s.marker.unwrap_or_default(), s.level))
            .collect()
    }

    fn markers(t: &str) -> Vec<String> {
        outline_of(t).into_iter().map(|m| m.0).collect()
    }

    fn titles(t: &str) -> Vec<Option<String>> {
        let v = View::new(t);
        let d = Doc::new(t, &v);
        find(&d, &Layout::new(&d, 0, 0))
            .into_iter()
            .map(|s| s.title)
            .collect()
    }

    #[test]
    fn a_plans_lettered_parts_stand_above_its_roman_numerals() {
        let t = "A. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNhằm cụ thể hóa nội dung Chỉ thị.\n2. Yêu cầu\nBảo đảm sự lãnh đạo của Đảng.\nB. NỘI DUNG, NHIỆM VỤ\nI. CÔNG TÁC QUÁN TRIỆT\n1. Nội dung, biện pháp\na) Tổ chức Hội nghị quán triệt;\nb) Tổ chức triển khai thực hiện;\nII. BAN HÀNH CÁC VĂN BẢN\nC. TỔ CHỨC THỰC HIỆN\n";
        let want: Vec<(String, u8)> = [
            ("A.", 1),
            ("1.", 3),
            ("2.", 3),
            ("B.", 1),
            ("I.", 2),
            ("1.", 3),
            ("a)", 5),
            ("b)", 5),
            ("II.", 2),
            ("C.", 1),
        ]
        .iter()
        .map(|(m, l)| (m.to_string(), *l))
        .collect();
        assert_eq!(outline_of(t), want);
        // A capital letter before words in small letters is no part, and
        // the parts go in order from `A.`.
        assert!(markers("A. Nguyễn Văn Nam\nB. Trần Văn Bình\n").is_empty());
        assert!(markers("B. NỘI DUNG\nC. TỔ CHỨC\n").is_empty());
    }

    #[test]
    fn a_speck_before_a_marker_hides_nothing() {
        let t = "I. MỤC ĐÍCH\nBảo đảm sự lãnh đạo.\nII. YÊU CẦU\nBảo đảm.\n~III. ĐẨY MẠNH THÔNG TIN\nTổ chức.\n";
        assert_eq!(markers(t), ["I.", "II.", "III."]);
    }

    #[test]
    fn a_topic_heading_runs_to_its_colon_across_wrapped_names() {
        let t = "I. KIẾN NGHỊ\n1. Về việc lồng ghép các kiến nghị của tỉnh Điện\nBiên vào các chương trình có liên quan:\nGiao Bộ Y tế, Bộ Giáo dục và Đào tạo nghiên cứu các kiến nghị của tỉnh liên quan đến chức năng, nhiệm vụ được giao.\n2. Về nguồn lực:\nBố trí vốn.\n";
        assert_eq!(
            titles(t)[1].as_deref(),
            Some("Về việc lồng ghép các kiến nghị của tỉnh Điện Biên vào các chương trình có liên quan")
        );
    }

    #[test]
    fn an_article_heading_wraps_onto_an_unpunctuated_line_before_its_clauses() {
        let t = "Điều 1. Sửa đổi một số điều của Nghị quyết của Hội đồng nhân dân tỉnh Thừa Thiên\nHuế (nay thành phố Huế)\n1. Sửa đổi khoản 2 như sau:\nĐiều 2. Hiệu lực thi hành\nNghị quyết có hiệu lực từ ngày ký.\n";
        let got = titles(t);
        assert_eq!(
            got[0].as_deref(),
            Some("Sửa đổi một số điều của Nghị quyết của Hội đồng nhân dân tỉnh Thừa Thiên Huế (nay thành phố Huế)")
        );
        // A body paragraph (ending on its period) is not taken in.
        assert_eq!(got.last().cloned().flatten().as_deref(), Some("Hiệu lực thi hành"));
    }

    #[test]
    fn a_form_label_before_its_blank_is_a_heading() {
        let t = "I. NỘI DUNG BÁO CÁO\n1. Tài sản của câu lạc bộ/nhóm thực hành\na) Tài sản hình thành từ ngân sách nhà nước hoặc được Nhà nước\ngiao:………..\nb) Tài sản từ nguồn viện trợ và tài sản từ các nguồn hợp pháp\nkhác:………….…..\n2. Những khó khăn, vướng mắc\n";
        let got = titles(t);
        assert_eq!(
            got.get(2).cloned().flatten().as_deref(),
            Some("Tài sản hình thành từ ngân sách nhà nước hoặc được Nhà nước giao")
        );
        assert_eq!(got.len(), 5, "{got:?}");
    }

    #[test]
    fn an_unclosed_parenthesis_hides_nothing() {
        assert_eq!(outside_parens("a (b c) d"), "a  d");
        assert_eq!(outside_parens("a (ứng dụng b c"), "a ứng dụng b c");
        assert_eq!(outside_parens("a (b (c) d"), "a b  d");
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

    #[test]
    fn articles_are_levelled_by_what_they_sit_in() {
        let t = "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n1. Quy định này áp dụng cho mọi người.\nMục 1. VIỆC CƯỚI\nĐiều 2. Tổ chức việc cưới\na) Tiết kiệm.\n";
        assert_eq!(
            outline_of(t),
            [
                ("Chương I".to_string(), 1),
                ("Điều 1.".to_string(), 3),
                ("Mục 1.".to_string(), 2),
                ("Điều 2.".to_string(), 3)
            ]
        );
        let t = "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.\nĐiều 2. Hiệu lực thi hành\n1. Quyết định có hiệu lực.\n";
        let v = View::new(t);
        let d = Doc::new(t, &v);
        let s = find(&d, &Layout::new(&d, 0, 0));
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].title, None);
        assert_eq!(s[1].title.as_deref(), Some("Hiệu lực thi hành"));
    }

    #[test]
    fn numbered_sentences_are_not_headings() {
        let t = "II. MỤC TIÊU\n1. 100% cán bộ có trình độ đại học.\n2. 100% các xã bố trí công chức.\nIII. NHIỆM VỤ\n1. Công an tỉnh\nChủ trì thực hiện.\n2. Sở Tài chính: Bố trí kinh phí thực hiện kế hoạch theo quy định hiện hành của pháp luật.\n3. Về chính quyền địa phương 02 cấp:\nCác bộ nghiên cứu.\n";
        assert_eq!(markers(t), ["II.", "III.", "1.", "2.", "3."]);
        let v = View::new(t);
        let d = Doc::new(t, &v);
        let s = find(&d, &Layout::new(&d, 0, 0));
        assert_eq!(s[3].title.as_deref(), Some("Sở Tài chính"));
        assert_eq!(
            s[4].title.as_deref(),
            Some("Về chính quyền địa phương 02 cấp")
        );
    }
}
