//! The document header (CONVENTIONS.md §2) read by the layout of Decree
//! 30/2020/NĐ-CP and Hướng dẫn 36-HD/VPTW: agency block (merged with the
//! motto or not), `Số:` number, place and date, type word (alone, fused
//! into the title line, or only implied by the code, `V/v` or the body),
//! title (up to the authority line, `Căn cứ…`, `Kính gửi:`), and from the
//! closing part the signer.

use crate::text::Letter;
use super::lines::{Doc, upper_ratio};
use super::view::FirstOf;
use super::{agency, dateline, layout, motto, number, places, signer};
use crate::legal::{HEADER_TYPES, TYPES, agency_of_code, normalize_code_tail, type_from_code};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

pub use crate::record::Header;
pub use layout::Layout;

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
/// can skip the header's own number, start the body after the title and
/// tell each item's zone.
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
    /// Index (0-based) of the line where the closing part (`Nơi nhận`, the
    /// signature) starts.
    pub end_line: usize,
    /// Header, title, body, closing and annexes.
    pub layout: Layout,
}

/// Every kind a document can declare, folded patterns with written forms.
fn header_types() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    TYPES.iter().chain(HEADER_TYPES)
}

/// A type word alone on its line (`QUYẾT ĐỊNH`, `DỰ THẢO BÁO CÁO`).
static TYPE_ONLY: LazyLock<FirstOf<&'static str>> =
    LazyLock::new(|| FirstOf::new(r"^(?:du\s+thao\s+)?", header_types().copied(), r"\s*[:.]?$"));

/// A type word opening a line that goes on with the title.
static TYPE_FUSED: LazyLock<FirstOf<&'static str>> =
    LazyLock::new(|| FirstOf::new(r"^(?:du\s+thao\s+)?", header_types().copied(), r"\s+"));

/// `Khóa XVI, kỳ họp thứ 12`: the session line under a council's name.
static SESSION: LazyLock<Option<Regex>> =
    LazyLock::new(|| super::view::folded_regex(r"^khoa\s+[ivxlc\d]+\s*,?\s*ky\s+hop"));

/// What a document calls itself in its body (`Quyết định này`), folded,
/// with the type it means; a submission speaks of its `nội dung tờ trình`.
const SELF_NAMES: &[(&str, &str)] = &[
    ("quyet dinh nay", "Quyết định"),
    ("nghi quyet nay", "Nghị quyết"),
    ("ke hoach nay", "Kế hoạch"),
    ("chi thi nay", "Chỉ thị"),
    ("thong bao nay", "Thông báo"),
    ("bao cao nay", "Báo cáo"),
    ("huong dan nay", "Hướng dẫn"),
    ("cong van nay", "Công văn"),
    ("ket luan nay", "Kết luận"),
    ("chuong trinh nay", "Chương trình"),
    ("to trinh nay", "Tờ trình"),
    ("noi dung to trinh", "Tờ trình"),
];

static SELF_REF: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let alts: Vec<&str> = SELF_NAMES.iter().map(|(p, _)| *p).collect();
    super::view::folded_regex(&format!(r"\b(?:{})\b", alts.join("|")))
});

/// Line openings that start the body (Decree 30: the `Căn cứ` basis, the
/// addressee, the preamble of a plan or resolution).
const CUES: &[&str] = &[
    "can cu",
    "kinh gui",
    "thuc hien ",
    "xet ",
    "theo de nghi",
    "dieu 1",
    "quyet nghi",
];

/// A line opening the body; a title in capitals may say `THỰC HIỆN …`.
fn is_cue_line(doc: &Doc, i: usize) -> bool {
    let b = doc.lines[i].body();
    CUES.iter().any(|c| b.starts_with(c)) && doc.upper(i) < 0.7
}

/// Written form of a type found by the code (`QĐ` → Quyết định), or Công
/// văn for a letter's `N/AGENCY-UNIT`.
fn type_of_code(segs: &[String]) -> Option<&'static str> {
    let (rest, has_year) = after_year(segs);
    type_from_code(rest, has_year).or_else(|| {
        let first = rest.first()?;
        let letters = first.chars().all(|c| c.is_letter()) && first.chars().count() >= 2;
        (!has_year && rest.len() >= 2 && letters).then_some("Công văn")
    })
}

/// Whether a code's segment can be OCR's reading of the abbreviation of
/// type `name` (Decree 30/2020/NĐ-CP, Appendix III: the initials of its
/// words, `Công điện` → `CĐ`): as many letters, the first the same.
fn misread_abbreviation(seg: &str, name: &str) -> bool {
    let initials: Vec<char> = name
        .split(' ')
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    let seg: Vec<char> = seg.chars().collect();
    seg.len() == initials.len() && seg.first() == initials.first()
}

/// The code's segments after a year (`/2025/`), and whether there is one.
fn after_year(segs: &[String]) -> (&[String], bool) {
    let has_year = segs
        .first()
        .is_some_and(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()));
    (if has_year { &segs[1..] } else { segs }, has_year)
}

/// The type the code names by its type segment (`QĐ`, `CĐ`), without the
/// guess a letter's shape gives.
fn named_type_of_code(segs: &[String]) -> Option<&'static str> {
    let (rest, has_year) = after_year(segs);
    type_from_code(rest, has_year)
}

/// A type word alone on line `i`, or spelt over a run of short lines in
/// capitals (`TỜ` / `TRÌNH`, a narrow centred block): its last line and
/// the type.
fn type_only(doc: &Doc, i: usize, scan: usize) -> Option<(usize, &'static str)> {
    let matches = |b: &str| TYPE_ONLY.find(b).map(|(_, n)| *n);
    if let Some(name) = matches(doc.lines[i].body()) {
        return Some((i, name));
    }
    let short = |k: usize| {
        let b = doc.lines[k].body();
        !b.is_empty() && b.split(' ').count() <= 2 && doc.upper(k) >= 0.9
    };
    let mut joined = String::new();
    for k in i..scan.min(i + 3) {
        if !short(k) {
            break;
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(doc.lines[k].body());
        if k > i
            && let Some(name) = matches(&joined)
        {
            return Some((k, name));
        }
    }
    None
}

/// What the first lines say, by line index.
#[derive(Debug, Default)]
struct Head {
    /// Lines looked at (up to the first body cue).
    scan: usize,
    number: Option<(usize, number::Found)>,
    date: Option<(usize, dateline::Found)>,
    /// Type line (its last, when the word is split over lines), the type,
    /// and where the title starts on it when fused.
    type_line: Option<(usize, &'static str, Option<usize>)>,
    /// First line of the type word.
    type_first: usize,
    /// Title: first line and folded start, last line and folded end.
    title: Option<(usize, usize, usize, usize)>,
}

/// A short line naming a council or a locality (`TỈNH NGHỆ AN`, `ỦY BAN
/// NHÂN DÂN TỈNH X`): an agency block's, never a subject, which opens
/// with what the document does (`VỀ VIỆC …`, `BAN HÀNH …`).
fn names_a_locality(doc: &Doc, i: usize) -> bool {
    let b = doc.lines[i].body();
    b.split(' ').count() <= 8
        && agency::opens_with_locality(b)
        && agency::issuer(doc.body_text(i)).is_some()
}

/// A number line of its own (`Số: 82/2025/NQ-HĐND`, nothing or its place
/// and date after it), which no title runs through: a crawl may repeat the
/// number bare above it, so it is not always the number the header read.
fn own_number_line(b: &str) -> bool {
    let Some(f) = number::find(b, false).filter(|f| !f.is_dangling()) else {
        return false;
    };
    let after = b[f.span.end..].trim_start();
    after.is_empty() || !cites_on(after) && dateline::find(after).is_some()
}

/// Whether the words after a number go on citing it (`SỐ 09/2013/TT-BXD
/// NGÀY 01 THÁNG 7 … CỦA BỘ XÂY DỰNG` inside a title): the document's own
/// number is followed by nothing, or by its place and date.
fn cites_on(after: &str) -> bool {
    let a = after.trim_start();
    ["ngay ", "cua ", "ve ", "va "]
        .iter()
        .any(|w| a.starts_with(w))
}

/// Parses a header line's motto-free parts: the original text outside the
/// motto runs, and whether anything is left.
fn agency_part(doc: &Doc, i: usize) -> String {
    let l = &doc.lines[i];
    let before = i.checked_sub(1).map(|k| doc.lines[k].body());
    let after = doc.lines.get(i + 1).map(|k| k.body());
    let b = l.body();
    let runs = motto::runs(b, before, after);
    motto::rest(b, &runs)
        .into_iter()
        .map(|r| doc.orig(l.body_start() + r.start..l.body_start() + r.end))
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_motto(doc: &Doc, i: usize) -> bool {
    let before = i.checked_sub(1).map(|k| doc.lines[k].body());
    let after = doc.lines.get(i + 1).map(|k| k.body());
    motto::is_motto_line(doc.lines[i].body(), before, after)
}

/// Whether line `i` is an authority line: a role in capitals followed by
/// its body (`CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH`, even with the name lost), or
/// a council's own line.
fn is_authority(doc: &Doc, i: usize) -> bool {
    let b = doc.lines[i].body();
    let n = agency::role_len(b);
    if n > 0 {
        return doc.upper(i) >= 0.6 && agency::opens_with_body(&b[n..]);
    }
    // A council's line in capitals, its name blank or not (`ỦY BAN NHÂN DÂN
    // TỈNH`).
    let council = b.starts_with("hoi dong nhan dan") || b.starts_with("uy ban nhan dan");
    council && doc.upper(i) >= 0.7 && b.split(' ').count() <= 12 || authority(doc, i).is_some()
}

/// The issuing body an authority line names: `CHỦ TỊCH ỦY BAN NHÂN DÂN
/// TỈNH X`, `BỘ TRƯỞNG BỘ X`, or a council's own line (`HỘI ĐỒNG NHÂN DÂN
/// TỈNH X`, in capitals or over its `Khóa …, kỳ họp` line).
fn authority(doc: &Doc, i: usize) -> Option<String> {
    let b = doc.lines[i].body();
    let t = doc.body_text(i);
    let before_body = doc
        .next_filled(i + 1, i + 2)
        .is_some_and(|j| is_cue_line(doc, j));
    if agency::role_len(b) > 0 {
        // In capitals, or in sentence case alone before the body.
        let alone = before_body && b.split(' ').count() <= 10;
        return agency::issuer_of_authority(b, t).filter(|_| doc.upper(i) >= 0.6 || alone);
    }
    // A body enacting in its own name over the preamble (`ỦY BAN THƯỜNG
    // VỤ QUỐC HỘI` / `Căn cứ …`).
    if let Some(w) = agency::whole_body(b)
        && (doc.upper(i) >= 0.7 || before_body)
    {
        return Some(w.to_string());
    }
    let council = b.starts_with("hoi dong nhan dan") || b.starts_with("uy ban nhan dan");
    let session = doc.next_filled(i + 1, i + 2).is_some_and(|j| {
        SESSION
            .as_ref()
            .is_some_and(|r| r.is_match(doc.lines[j].body()))
    });
    // In sentence case it stands alone right before the body (`Ủy ban nhân
    // dân tỉnh Khánh Hòa` / `Căn cứ …`).
    let words = b.split(' ').count();
    let ok = doc.upper(i) >= 0.7 && words <= 12 || (session || before_body) && words <= 8;
    (council && ok).then(|| agency::issuer(t)).flatten()
}

/// Where an authority phrase fused onto the title text begins (`… SỞ TÀI
/// CHÍNH CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ`), as a folded offset into
/// `f`; `of X` mentions (`CỦA CHỦ TỊCH UBND`) are part of the title.
fn fused_authority(f: &str, t: &str) -> Option<usize> {
    let chars: Vec<char> = t.chars().collect();
    let mut prev: &[char] = &[];
    for (at, w) in f
        .split_ascii_whitespace()
        .map(|w| (w.as_ptr() as usize - f.as_ptr() as usize, w))
    {
        let prev_word: String = prev.iter().collect();
        if at > 0 && !links(&prev_word) {
            let orig: String = chars[at.min(chars.len())..].iter().collect();
            if agency::role_len(&f[at..]) > 0
                && agency::issuer_of_authority(&f[at..], &orig).is_some()
            {
                return Some(at);
            }
            // A council enacting in its own name (`… NĂM 2026 ỦY BAN NHÂN DÂN
            // TỈNH BẮC NINH`): its name closes the title.
            let council =
                f[at..].starts_with("uy ban nhan dan") || f[at..].starts_with("hoi dong nhan dan");
            if council
                && f[at..].split_ascii_whitespace().count() <= 10
                && agency::issuer(&orig).is_some()
            {
                return Some(at);
            }
        }
        prev = &chars[at.min(chars.len())..(at + w.len()).min(chars.len())];
    }
    None
}

/// Whether a line opens with a form's parenthesised placeholder and goes
/// on after it (`(tên cây trồng) … trên địa bàn ……`): a subject to fill
/// in, unlike a note wholly in parentheses (`(Kèm theo …)`).
fn opens_with_placeholder(line: &str) -> bool {
    line.trim_start().strip_prefix('(').is_some_and(|rest| {
        rest.split_once(')')
            .is_some_and(|(_, after)| after.chars().any(|c| c.is_letter_or_number() || c == '…'))
    })
}

/// Whether a title line ending on `word` (as written) goes on with what
/// names a body or an office (`… CỦA` / `THỦ TƯỚNG …`, `… PHÓ` / `THỦ
/// TƯỚNG …`).
fn links(word: &str) -> bool {
    let w = word.to_lowercase();
    const LINKS: &[&str] = &["của", "cho", "với", "và", "tại", "đến", "giữa", "phó"];
    LINKS.contains(&w.as_str())
        || w.is_ascii() && ["cua", "cho", "voi", "va", "tai", "den"].contains(&w.as_str())
}

impl Head {
    fn read(doc: &Doc) -> Head {
        let n = doc.lines.len();
        let mut h = Head {
            scan: (0..n.min(30))
                .find(|&i| is_cue_line(doc, i))
                .unwrap_or(n.min(30)),
            ..Head::default()
        };
        let scan = h.scan;
        for i in 0..scan {
            let b = doc.lines[i].body();
            if h.number.is_none()
                && let Some(f) = number::find(b, i < 8 && b.split(' ').count() <= 8)
                && !cites_on(&b[f.span.end..])
            {
                if f.is_dangling() {
                    if let Some(j) = doc.next_filled(i + 1, scan.min(i + 3))
                        && let Some(g) = number::find(doc.lines[j].body(), true)
                    {
                        h.number = Some((j, g));
                    }
                } else {
                    h.number = Some((i, f));
                }
            }
            if h.date.is_none()
                && let Some(d) = dateline::find(b)
            {
                let lead = b[..d.span.start].trim_end();
                let alone = lead.is_empty()
                    && b[d.span.end..]
                        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
                        .is_empty();
                let dots = !lead.is_empty() && lead.chars().all(|c| matches!(c, '.' | ' ' | '_'));
                if lead.ends_with(',') || alone || dots {
                    h.date = Some((i, d));
                }
            }
        }
        let code_segs = h.number.as_ref().map(|(i, f)| {
            let l = &doc.lines[*i];
            let code = doc.orig(l.body_start() + f.code.start..l.body_start() + f.code.end);
            number::segments(&normalize_code_tail(code))
        });
        let code_type = code_segs.as_deref().and_then(type_of_code);
        // The code's type segment, when it names no type: OCR's misreading
        // of the type word's own abbreviation (`224/CH-TTg` for `CĐ` under
        // `CÔNG ĐIỆN`) is no letter's code.
        let type_seg = code_segs
            .as_deref()
            .filter(|segs| named_type_of_code(segs).is_none())
            .and_then(|segs| after_year(segs).0.first().cloned());
        for i in 0..scan {
            if let Some((last, name)) = type_only(doc, i, scan) {
                h.type_first = i;
                h.type_line = Some((last, name, None));
                break;
            }
        }
        if h.type_line.is_none() {
            for i in 0..scan {
                let b = doc.lines[i].body();
                let Some((m_end, &name)) = TYPE_FUSED.find(b) else {
                    continue;
                };
                let rest_upper =
                    upper_ratio(doc.orig(doc.lines[i].body_start() + m_end..doc.lines[i].end()))
                        >= 0.7;
                let cased = doc.body_text(i).starts_with(char::is_uppercase);
                // In sentence case (`Quyết định về việc …`, `Quyết định ban
                // hành …`) only as the document's first line.
                let rest = &b[m_end..];
                let sentence = cased
                    && (rest.starts_with("ve ")
                        || i == 0 && !rest.starts_with("nay") && !rest.starts_with("so "));
                let ok = (code_type.is_none_or(|c| c == name)
                    || type_seg.as_deref().is_some_and(|seg| misread_abbreviation(seg, name)))
                    && (rest_upper && doc.upper(i) >= 0.7 || sentence);
                if ok {
                    h.type_first = i;
                    h.type_line = Some((i, name, Some(m_end)));
                    break;
                }
            }
        }
        h.title = h.find_title(doc);
        h
    }

    fn is_number_or_date(&self, i: usize) -> bool {
        self.number.as_ref().is_some_and(|(k, _)| *k == i)
            || self.date.as_ref().is_some_and(|(k, _)| *k == i)
    }

    /// A line that ends a title (or cannot start one).
    fn stops_title(&self, doc: &Doc, i: usize) -> bool {
        let b = doc.lines[i].body();
        doc.lines[i].is_blank()
            || is_cue_line(doc, i)
            || self.is_number_or_date(i)
            || is_authority(doc, i)
            || b.starts_with("(kem theo")
            || b.starts_with("(ban hanh kem")
            || b.starts_with("kem theo")
            || super::sections::starts_with_marker(b)
            || is_motto(doc, i)
            || own_number_line(b)
    }

    fn find_title(&self, doc: &Doc) -> Option<(usize, usize, usize, usize)> {
        let scan = self.scan;
        let (first, off) = match self.type_line {
            Some((t, _, Some(off))) => (t, off),
            Some((t, _, None)) => {
                let j = doc.next_filled(t + 1, scan.max(t + 2))?;
                (j, 0)
            }
            None => {
                // The subject of a letter may follow its number on the line.
                if let Some((i, f)) = &self.number
                    && let Some(k) = doc.lines[*i].body()[f.span.end..].find("v/v")
                {
                    let at = f.span.end + k;
                    return self.title_from(doc, *i, at);
                }
                let vv = (0..scan).find(|&i| {
                    let b = doc.lines[i].body();
                    b.starts_with("v/v")
                        || b.starts_with("vv:")
                        || b.starts_with("vv ")
                        || b.starts_with("ve viec")
                });
                let after = [
                    self.number.as_ref().map(|n| n.0),
                    self.date.as_ref().map(|d| d.0),
                ]
                .into_iter()
                .flatten()
                .max();
                let upper = after.and_then(|a| {
                    (a + 1..scan).find(|&i| {
                        doc.upper(i) >= 0.7
                            && doc
                                .body_text(i)
                                .chars()
                                .filter(|c| c.is_letter())
                                .count()
                                >= 8
                            && !self.stops_title(doc, i)
                            && !doc.lines[i].body().starts_with('(')
                            && !names_a_locality(doc, i)
                    })
                });
                (vv.or(upper)?, 0)
            }
        };
        if self.stops_title(doc, first) && off == 0 {
            return None;
        }
        self.title_from(doc, first, off)
    }

    /// The title that starts at folded offset `off` of line `first`, up to
    /// the next block.
    fn title_from(
        &self,
        doc: &Doc,
        first: usize,
        off: usize,
    ) -> Option<(usize, usize, usize, usize)> {
        let start = doc.lines[first].body_start() + off;
        let upper_mode = upper_ratio(doc.orig(start..doc.lines[first].end())) >= 0.7;
        let mut last = first;
        let limit = if upper_mode { 9 } else { 5 };
        while last + 1 < doc.lines.len() && last + 1 < first + limit {
            let j = last + 1;
            let linked = doc.body_text(last).rsplit(' ').next().is_some_and(links);
            let stop = self.stops_title(doc, j) && !(linked && is_authority(doc, j));
            let blank = opens_with_placeholder(doc.body_text(j));
            if stop || doc.lines[j].body().starts_with('(') && upper_mode && !blank {
                break;
            }
            let up = doc.upper(j);
            let letters = doc.body_text(j).chars().any(char::is_letter);
            if upper_mode && up < 0.7 && letters && !blank {
                break;
            }
            // A subject in sentence case wraps onto a line in lower case (or
            // fills its line); in a text without blank lines a capital may
            // start the addressees that follow it.
            let lower = doc
                .body_text(j)
                .chars()
                .find(|c| c.is_letter_or_number())
                .is_some_and(|c| !c.is_uppercase());
            let wraps = lower || !doc.dense;
            if !upper_mode && (doc.ends_clause(last) || up >= 0.8 || !wraps) {
                break;
            }
            last = j;
        }
        let mut end = doc.lines[last].body_start() + doc.lines[last].body().len();
        // An authority line fused onto the end of the title.
        let f = &doc.view.folded[start..end];
        if let Some(k) = fused_authority(f, doc.orig(start..end)) {
            end = start + f[..k].trim_end().len();
        }
        (end > start).then_some((first, start, last, end))
    }
}

/// Reads the header, the layout and the signer of a document's lines.
pub fn parse(doc: &Doc) -> HeaderInfo {
    let n = doc.lines.len();
    let head = Head::read(doc);
    let mut info = HeaderInfo::default();
    let hd = &mut info.header;

    // Number.
    let mut code_segs: Vec<String> = Vec::new();
    if let Some((i, f)) = &head.number {
        let l = &doc.lines[*i];
        let base = l.body_start();
        let code = normalize_code_tail(doc.orig(base + f.code.start..base + f.code.end));
        code_segs = number::segments(&code);
        let span = base + f.span.start..base + f.span.end;
        info.number_span = Some(span.clone());
        if let Some(d) = &f.digits {
            hd.number = Some(format!(
                "{}{}",
                doc.orig(base + d.start..base + d.end),
                without_placeholders(&code)
            ));
            info.spans.number = Some(span);
        }
    }

    // Place and date.
    if let Some((i, d)) = &head.date {
        let l = &doc.lines[*i];
        let base = l.body_start();
        hd.date = d.value.clone();
        info.date_span = Some(base + d.span.start..base + d.span.end);
        if hd.date.is_some() {
            info.spans.date = info.date_span.clone();
        }
        let from = match &head.number {
            Some((k, f)) if k == i => f.span.end,
            _ => 0,
        };
        let raw = doc.orig(base + from..base + d.span.start);
        let lead = raw.len()
            - raw
                .trim_start_matches(|c: char| c.is_whitespace() || c == '*')
                .len();
        let place = raw.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '*' | '_'));
        if let Some((p, prev)) = place_of(doc, *i, place) {
            hd.place = Some(usual_spelling(doc, &p));
            let s = prev.map_or(base + from + raw[..lead].chars().count(), |k| {
                doc.lines[k].body_start()
            });
            info.spans.place =
                Some(s..base + from + raw.trim_end_matches([' ', ',']).chars().count());
        }
    }

    // Type.
    let code_type = type_of_code(&code_segs);
    // The type word names the kind; failing it, a subject written `V/v`
    // makes a letter (Decree 30, Appendix I: a letter has no type word and
    // its subject reads `V/v …`), whatever its code says, as the code's
    // first letters may be its issuer's (`CT` of Cục Thuế); then the code.
    let opens = |w: &str| (0..(head.scan + 1).min(n)).any(|i| doc.lines[i].body().starts_with(w));
    let letter = opens("v/v") || opens("vv");
    if let Some((i, name, fused)) = head.type_line {
        hd.doc_type = Some(name.to_string());
        let l = &doc.lines[i];
        let end = fused.map_or(l.body_start() + l.body().len(), |o| l.body_start() + o);
        info.spans.doc_type = Some(
            doc.lines[head.type_first].body_start()
                ..doc.lines[i].body_start() + doc.view.folded[l.body_start()..end].trim_end().len(),
        );
    } else if letter {
        hd.doc_type = Some("Công văn".to_string());
    } else if let Some(t) = code_type {
        hd.doc_type = Some(t.to_string());
    }

    // Title.
    let mut body = [
        head.number.as_ref().map(|n| n.0 + 1),
        head.date.as_ref().map(|d| d.0 + 1),
        head.type_line.map(|t| t.0 + 1),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(0);
    if let Some((_, start, last, end)) = head.title {
        let t: String = doc
            .orig(start..end)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let t = t.replace("**", "");
        let t = t.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | ':' | '#'));
        if !t.is_empty() {
            hd.title = Some(t.to_string());
            info.spans.title = Some(start..end);
        }
        body = body.max(last + 1);
    }
    // Authority and session lines, and a caption, still belong to the top.
    while body < n && body < head.scan + 3 {
        let b = doc.lines[body].body();
        let caption = b.starts_with("(kem theo") || b.starts_with("(ban hanh kem");
        if doc.lines[body].is_blank()
            || is_authority(doc, body)
            || SESSION.as_ref().is_some_and(|r| r.is_match(b))
        {
            body += 1;
        } else if caption {
            while body < n && !doc.lines[body].body().contains(')') && body < head.scan + 3 {
                body += 1;
            }
            body += 1;
        } else {
            break;
        }
    }
    let body = body.min(n);
    let title_zone = head
        .type_line
        .map(|_| head.type_first)
        .or(head.title.map(|t| t.0))
        .unwrap_or(body);
    let lay = Layout::new(doc, title_zone, body);

    // Type from the body's name for itself.
    if hd.doc_type.is_none() {
        hd.doc_type = self_type(doc, body, lay.main_end());
    }
    // An addressee alone says little (a submission or a report has one
    // too), but with nothing else it is a letter's.
    if hd.doc_type.is_none() && opens("kinh gui") {
        hd.doc_type = Some("Công văn".to_string());
    }

    // Issuer.
    let first_top = [
        head.number.as_ref().map(|x| x.0),
        head.date.as_ref().map(|x| x.0),
        head.type_line.map(|_| head.type_first),
        head.title.map(|x| x.0),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(0);
    // Agency lines are in capitals (Decree 30, Appendix I); a role line or a
    // stray heading above the header is none.
    let block_lines: Vec<usize> = (0..first_top.min(4))
        .filter(|&i| {
            !doc.lines[i].is_blank()
                && !agency::opens_signature(doc.lines[i].body())
                && upper_ratio(&agency_part(doc, i)) >= 0.6
        })
        .collect();
    let block: String = block_lines
        .iter()
        .map(|&i| agency_part(doc, i))
        .collect::<Vec<_>>()
        .join(" ");
    if !block.contains('(')
        && let Some(iss) = agency::issuer(&block)
    {
        hd.issuer = Some(iss);
        if let (Some(&a), Some(&b)) = (block_lines.first(), block_lines.last()) {
            info.spans.issuer = Some(doc.lines[a].body_start()..doc.lines[b].end());
        }
    }
    if hd.issuer.is_none()
        && let Some(i) = (0..(body + 1).min(n)).find(|&i| authority(doc, i).is_some())
    {
        hd.issuer = authority(doc, i);
        info.spans.issuer = Some(doc.lines[i].body_start()..doc.lines[i].end());
    }
    if hd.issuer.is_none() {
        hd.issuer = hd.title.as_deref().and_then(issuer_of_title);
    }
    if hd.issuer.is_none() {
        hd.issuer = code_segs
            .iter()
            .find_map(|s| agency_of_code(s))
            .map(str::to_string);
    }
    if hd.issuer.is_none() {
        // A council line in the header without its locality's name
        // (`Ủy ban nhân dân tỉnh`) names the kind of body.
        let named = (0..(body + 1).min(n)).find_map(|i| {
            let b = doc.lines[i].body();
            if b.starts_with("uy ban nhan dan") {
                Some("UBND")
            } else if b.starts_with("hoi dong nhan dan") {
                Some("HĐND")
            } else {
                None
            }
        });
        // Failing all else, the kind of document says which council issues
        // it: a resolution the People's Council, the rest the Committee.
        let by_type = match hd.doc_type.as_deref() {
            Some("Nghị quyết") => Some("HĐND"),
            Some(
                "Quyết định" | "Chỉ thị" | "Kế hoạch" | "Công văn" | "Thông báo" | "Báo cáo"
                | "Tờ trình",
            ) => Some("UBND"),
            _ => None,
        };
        hd.issuer = council_of(
            doc,
            &code_segs,
            hd.place.as_deref(),
            named,
            by_type,
            lay.main_end(),
        );
    }
    if hd.issuer.is_none()
        && let Some((iss, span)) = issuer_in_text(doc, lay.title, lay.main_end())
    {
        hd.issuer = Some(iss);
        info.spans.issuer = Some(span);
    }

    // Date from the annex caption `(Kèm theo Quyết định số N ngày …)`, for a
    // header without a date line.
    if hd.date.is_none()
        && head.date.is_none()
        && let Some(a) = lay.annexes.first()
        && a.text > 0
    {
        let from = a.title.as_ref().map_or(a.start, |t| t.1);
        let (s, e) = (
            doc.lines[from].start,
            doc.lines[(a.text - 1).min(n - 1)].end(),
        );
        let caption = doc.view.folded[s..e.max(s)].replace(['\n', '\r'], " ");
        let own = hd.number.as_ref().is_none_or(|num| {
            let digits: String = num.chars().take_while(char::is_ascii_digit).collect();
            !digits.is_empty() && caption.contains(&digits)
        });
        if own && let Some(d) = dateline::find(&caption) {
            hd.date = d.value;
        }
    }

    // Signer.
    let main_end = lay.main_end();
    let from = if lay.closing >= main_end {
        main_end.saturating_sub(8)
    } else {
        lay.closing.saturating_sub(2)
    }
    .max(body);
    if let Some((name, span)) = signer::find(doc, from, main_end) {
        hd.signer = Some(name);
        info.spans.signer = Some(span);
    }
    info.body_line = body;
    info.end_line = lay.closing;
    info.layout = lay;
    info
}

/// A symbol without a form's placeholder segments (`/BC-....` → `/BC`).
fn without_placeholders(code: &str) -> String {
    let mut out = String::new();
    let mut sep = None;
    let mut seg = String::new();
    let flush = |sep: Option<char>, seg: &str, out: &mut String| {
        if seg.chars().any(char::is_letter_or_number) {
            out.extend(sep);
            out.push_str(seg);
        }
    };
    for c in code.chars() {
        if c == '/' || c == '-' {
            flush(sep, &seg, &mut out);
            seg.clear();
            sep = Some(c);
        } else {
            seg.push(c);
        }
    }
    flush(sep, &seg, &mut out);
    out
}

/// `name` as the document writes it most often. A report names its own
/// locality (Decree 30/2020: the place of the date line is the unit where
/// the agency sits) again and again in its body; repair may give one of
/// those mentions other marks (`Đồng Sơn` in the date line, `Đông Sơn`
/// everywhere else), and the majority is the better reading. The case of
/// `name` is kept.
fn usual_spelling(doc: &Doc, name: &str) -> String {
    let key: String = name.chars().map(crate::structure::view::ascii_fold).collect();
    let folded = &doc.view.folded;
    let word = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (at, _) in folded.match_indices(&key) {
        let end = at + key.len();
        if !word(folded[..at].chars().next_back()) || !word(folded[end..].chars().next()) {
            continue;
        }
        let seen = doc.orig(at..end).to_lowercase();
        match counts.iter_mut().find(|(s, _)| *s == seen) {
            Some((_, n)) => *n += 1,
            None => counts.push((seen, 1)),
        }
    }
    let own = name.to_lowercase();
    let count_of = |s: &str| counts.iter().find(|(c, _)| c == s).map_or(0, |(_, n)| *n);
    let Some((best, n)) = counts.iter().max_by_key(|(_, n)| *n) else {
        return name.to_string();
    };
    if *n <= count_of(&own) || best.chars().count() != name.chars().count() {
        return name.to_string();
    }
    best.chars()
        .zip(name.chars())
        .map(|(b, c)| {
            if c.is_uppercase() {
                b.to_uppercase().to_string()
            } else {
                b.to_string()
            }
        })
        .collect()
}

/// The place of a date line: `place` as written there, joined with a
/// fragment on the line before (`Thành phố Hồ` / `Chí Minh, ngày`),
/// letter-spacing undone, a province's name spelt as the gazetteer spells
/// it, and a name cut at its start (`Minh`) finished; `None` for a form's
/// placeholder. Also says which earlier line it started on.
fn place_of(doc: &Doc, i: usize, place: &str) -> Option<(String, Option<usize>)> {
    if place.is_empty() || dateline::is_placeholder(place) {
        return None;
    }
    let mut p = dateline::unspace(place);
    let mut from = None;
    if let Some(k) = i.checked_sub(1) {
        let prev = doc.body_text(k).trim();
        let short = prev.split_whitespace().count() <= 4
            && !prev.chars().any(|c| c.is_ascii_digit() || c == ':')
            && upper_ratio(prev) <= 0.5
            && !prev.is_empty();
        let joined = format!("{prev} {p}");
        if short
            && (province_name(&joined).is_some()
                || level_prefix(prev).is_some_and(|n| n == prev.len()))
        {
            p = joined;
            from = Some(k);
        }
    }
    if let Some((name, _)) = province_name(&p) {
        let pre = level_prefix(&p).map_or("", |n| p[..n].trim_end());
        p = if pre.is_empty() {
            name.to_string()
        } else {
            format!("{pre} {name}")
        };
    } else if !p.contains(' ')
        && let Some((name, city)) = places::province_ending(&p)
    {
        p = if city {
            format!("Thành phố {name}")
        } else {
            name.to_string()
        };
    }
    Some((p, from))
}

/// Length of a leading level word (`Thành phố`, `TP.`, `Tỉnh`) in `s`.
fn level_prefix(s: &str) -> Option<usize> {
    let f = crate::text::fold(s);
    ["thanh pho ", "tp. ", "tp ", "tinh ", "thanh pho", "tp."]
        .iter()
        .find(|p| f.starts_with(*p))
        .map(|p| {
            s.char_indices()
                .nth(p.chars().count())
                .map_or(s.len(), |(k, _)| k)
        })
}

/// The province `s` names, after an optional level word.
fn province_name(s: &str) -> Option<(&'static str, bool)> {
    let rest = level_prefix(s).map_or(s, |n| &s[n..]);
    places::province(rest)
}

/// The document's name for itself in its body (`Quyết định này`), the
/// most frequent one.
fn self_type(doc: &Doc, from: usize, to: usize) -> Option<String> {
    let re = SELF_REF.as_ref()?;
    let mut counts = [0usize; SELF_NAMES.len()];
    for l in &doc.lines[from.min(to)..to.min(doc.lines.len())] {
        for m in re.find_iter(l.fold) {
            if let Some(k) = SELF_NAMES.iter().position(|(p, _)| *p == m.as_str()) {
                counts[k] += 1;
            }
        }
    }
    let (k, &c) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(k, c)| (*c, usize::MAX - k))?;
    (c > 0).then(|| SELF_NAMES[k].1.to_string())
}

/// A council (`UBND`/`HĐND`) named by the code, with the locality from the
/// place line, the title or the body (`UBND tỉnh Quảng Trị`).
fn council_of(
    doc: &Doc,
    segs: &[String],
    place: Option<&str>,
    named: Option<&'static str>,
    by_type: Option<&'static str>,
    end: usize,
) -> Option<String> {
    let org = segs
        .iter()
        .find_map(|s| match s.as_str() {
            "UBND" => Some("UBND"),
            "HĐND" => Some("HĐND"),
            _ => None,
        })
        .or(named)
        .or(by_type)?;
    if let Some(p) = place {
        if level_prefix(p).is_some() {
            return Some(format!("{org} {p}"));
        }
        // The level the body gives the place (`xã Đông Lỗ`, `thị xã Việt
        // Yên`): the longest level word before it.
        let fp = crate::text::fold(p);
        const LEVELS: &[(&str, &str)] = &[
            ("thi xa ", "thị xã"),
            ("thi tran ", "thị trấn"),
            ("thanh pho ", "thành phố"),
            ("xa ", "xã"),
            ("phuong ", "phường"),
            ("huyen ", "huyện"),
            ("quan ", "quận"),
            ("tinh ", "tỉnh"),
        ];
        for l in &doc.lines[..end.min(doc.lines.len())] {
            for (k, _) in l.fold.match_indices(fp.as_str()) {
                if l.fold[k + fp.len()..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
                    continue;
                }
                let before = &l.fold[..k];
                if let Some(&(_, out)) = LEVELS.iter().find(|(lv, _)| {
                    before.ends_with(lv)
                        && !before[..before.len() - lv.len()]
                            .ends_with(|c: char| c.is_ascii_alphanumeric())
                }) {
                    return Some(format!("{org} {out} {p}"));
                }
            }
        }
        if let Some((name, city)) = places::province(p) {
            return Some(format!("{org} {} {name}", places::level_of(city)));
        }
    }
    // No place: the province the title or body names (`trên địa bàn tỉnh X`),
    // also across a line break.
    let last = end.min(doc.lines.len()).saturating_sub(1);
    let text = doc.view.folded[..doc.lines[last].end()].replace(['\n', '\r'], " ");
    for (lv, city) in [("tinh ", false), ("thanh pho ", true)] {
        for (k, _) in text.match_indices(lv) {
            // The body a submission or letter is addressed to (`kính trình
            // UBND thành phố X`, `gửi Ủy ban nhân dân tỉnh X`) is not its
            // issuer's locality.
            let addressed = text[..k]
                .split_whitespace()
                .rev()
                .take(5)
                .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
                .any(|w| w == "trinh" || w == "gui");
            if addressed {
                continue;
            }
            let at = k + lv.len();
            let rest = text[at..].trim_start();
            for (name, c) in places::PROVINCES {
                let f = crate::text::fold(name);
                if *c == city
                    && rest.starts_with(&f)
                    && !rest[f.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
                {
                    return Some(format!("{org} {} {name}", places::level_of(city)));
                }
            }
        }
    }
    None
}

/// The body a title names as its author right after the type word
/// (`KẾT LUẬN CỦA BỘ CHÍNH TRỊ, BAN BÍ THƯ VỀ …`), up to its subject;
/// joint authors are kept, comma by comma.
fn issuer_of_title(title: &str) -> Option<String> {
    let mut words = title.split_whitespace();
    if crate::text::fold(words.next()?) != "cua" {
        return None;
    }
    let name: Vec<&str> = words
        .take_while(|w| crate::text::fold(w) != "ve")
        .collect();
    let name = name.join(" ");
    let parts: Option<Vec<String>> = name.split(',').map(agency::issuer).collect();
    parts
        .map(|p| p.join(", "))
        .or_else(|| agency::issuer(&name))
}

/// An issuer the text names for the document: `(Kèm theo … của X)` under
/// the title, or `X trình …` in the body of a submission.
fn issuer_in_text(doc: &Doc, from: usize, to: usize) -> Option<(String, Range<usize>)> {
    for i in from..to.min(doc.lines.len()) {
        let b = doc.lines[i].body();
        if b.starts_with("(kem theo") {
            let mut j = i;
            while j + 1 < doc.lines.len() && j < i + 3 && !doc.lines[j].body().contains(')') {
                j += 1;
            }
            let start = doc.lines[i].body_start();
            let end = doc.lines[j].end();
            let f = &doc.view.folded[start..end];
            if let Some(k) = f.rfind(" cua ") {
                let s = start + k + 5;
                let e = start + f.rfind(')').unwrap_or(f.len());
                let t = doc
                    .orig(s..e)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if let Some(iss) = agency::issuer(&t) {
                    return Some((iss, s..e));
                }
            }
        }
        // `Cục X trình Bộ trưởng …`: a submission's sender.
        let to = |k: usize| {
            [
                "bo truong",
                "chu tich",
                "uy ban",
                "ubnd",
                "hoi dong",
                "hdnd",
                "thu tuong",
                "cap tren",
            ]
            .iter()
            .any(|w| b[k + 7..].starts_with(w))
        };
        if let Some(k) = b.find(" trinh ")
            && k < 80
            && to(k)
        {
            let t = doc.orig(doc.lines[i].body_start()..doc.lines[i].body_start() + k);
            if t.starts_with(char::is_uppercase)
                && let Some(iss) = agency::issuer(t)
            {
                return Some((
                    iss,
                    doc.lines[i].body_start()..doc.lines[i].body_start() + k,
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::view::View;

    fn header(t: &str) -> Header {
        let v = View::new(t);
        parse(&Doc::new(t, &v)).header
    }

    #[test]
    fn reads_ocr_header() {
        let t = " XA HOANG HQP Djc 1ap - Tu do - Hanh phic\nSé: 172 /BC-UBND Hoang Hop, ngay 05 thang 11 nam 2024\nBAO CAO\n\nSo két 03 ndm\nthuc hién\n\nThyc hi¢n ...\n\nKT. CHU TICH\nPHO CHU TICH\n\nLê Văn An\n";
        let h = header(t);
        assert_eq!(h.number.as_deref(), Some("172/BC-UBND"));
        assert_eq!(h.date.as_deref(), Some("2024-11-05"));
        assert_eq!(h.place.as_deref(), Some("Hoang Hop"));
        assert_eq!(h.doc_type.as_deref(), Some("Báo cáo"));
        assert_eq!(h.issuer.as_deref(), Some("UBND xã Hoang Hqp"));
        assert_eq!(h.title.as_deref(), Some("So két 03 ndm thuc hién"));
        assert_eq!(h.signer.as_deref(), Some("Lê Văn An"));
    }

    #[test]
    fn a_body_enacting_in_its_own_name_is_the_issuer_and_ends_the_title() {
        let t = "Số: 1675/NQ-UBTVQH15\nNGHỊ QUYẾT\nVỀ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH\nỦY BAN THƯỜNG VỤ QUỐC HỘI\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n";
        let h = header(t);
        assert_eq!(h.issuer.as_deref(), Some("Ủy ban Thường vụ Quốc hội"));
        assert_eq!(h.title.as_deref(), Some("VỀ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH"));
    }

    #[test]
    fn a_repeated_number_line_is_no_title() {
        // A crawl repeats the number bare above its `Số:` line.
        let h = header("82/2025/NQ-HĐND\nSố: 82/2025/NQ-HĐND\nVIỆC QUY ĐỊNH NỘI DUNG CHI, MỨC CHI\nCăn cứ Luật Tổ chức chính quyền địa phương;\n");
        assert_eq!(h.title.as_deref(), Some("VIỆC QUY ĐỊNH NỘI DUNG CHI, MỨC CHI"));
    }

    #[test]
    fn an_agency_line_after_a_bare_number_is_no_title() {
        let h = header("3851/QĐ-UBND\nTỈNH NGHỆ AN\nSố: 3851/QĐ-UBND\nĐiều 1. Ban hành kèm theo Quyết định này\n");
        assert_eq!(h.title, None);
    }

    #[test]
    fn a_type_word_and_its_misread_code() {
        // OCR's `CH` for the `CĐ` of a dispatch vetoes nothing.
        let h = header("THỦ TƯỚNG CHÍNH PHỦ\nSố: 224/CH-TTg\nCÔNG ĐIỆN VỀ VIỆC KHẨN TRƯƠNG CHUẨN BỊ\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n");
        assert_eq!(h.doc_type.as_deref(), Some("Công điện"));
        // A consolidated text's title opening with a verb names no type.
        let h = header("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nSố: 4804/VBHN-BLĐTBXH\nHà Nội, ngày 04 tháng 10 năm 2024\nQUY ĐỊNH MỨC HƯỞNG TRỢ CẤP, PHỤ CẤP\nNghị định số 75/2021/NĐ-CP ngày 24 tháng 7 năm 2021;\n");
        assert_ne!(h.doc_type.as_deref(), Some("Quy định"));
    }

    #[test]
    fn glued_number_and_blank_day() {
        let h = header("S5466 /BC-UBND Dong Son, ngày tháng 6 năm 2024\n");
        assert_eq!(h.number.as_deref(), Some("466/BC-UBND"));
        assert_eq!(h.date.as_deref(), Some("2024-06"));
        assert_eq!(
            header("Số: /BC-UBND\nĐông Lỗ, ngày tháng 6 năm 2024\n").number,
            None
        );
    }
}
