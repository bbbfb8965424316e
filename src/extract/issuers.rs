//! The issuing body of a cited document, read as a phrase of the
//! grammar of agency names (CONVENTIONS.md §4):
//!
//! ```text
//! issuer := role ("," role)* body? | body
//! body   := fixed                      Chính phủ, Bộ Chính trị
//!         | level-body level? place?   Ủy ban nhân dân tỉnh Nghệ An
//!         | head name (level place?)?  Bộ Nông nghiệp và Phát triển nông thôn
//! ```
//!
//! A name runs over capitalised words (and the lower-case words inside
//! them, `Phát triển nông thôn`), over `và`/`-`/`,` when a capitalised word
//! follows, and across line breaks; it stops at the words that start the
//! rest of the sentence (`về`, `quy định`, `ban hành`, `tại`, …). Text
//! written in capitals is read with the same stops and given back in
//! sentence case (`CỦA BỘ TÀI CHÍNH` → `Bộ Tài chính`).

use super::words::{Case, Words, folded_list};
use crate::legal::agencies::{
    ABBREVIATIONS, FIXED_BODIES, HEADS, LEVEL_BODIES, LEVELS, ROLES, TASK_BODIES,
};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Folded vocabularies with their written forms.
struct Vocab {
    roles: Vec<String>,
    fixed: Vec<String>,
    level_bodies: Vec<String>,
    heads: Vec<String>,
    tasks: Vec<String>,
    levels: Vec<String>,
    written: Vec<(String, &'static str)>,
}

static VOCAB: LazyLock<Vocab> = LazyLock::new(|| {
    let all = [
        ROLES,
        FIXED_BODIES,
        LEVEL_BODIES,
        TASK_BODIES,
        HEADS,
        LEVELS,
        ABBREVIATIONS,
    ];
    Vocab {
        roles: folded_list(ROLES),
        fixed: folded_list(FIXED_BODIES),
        level_bodies: folded_list(LEVEL_BODIES),
        heads: folded_list(HEADS),
        tasks: folded_list(TASK_BODIES),
        levels: folded_list(LEVELS),
        written: all
            .iter()
            .flat_map(|l| folded_list(l).into_iter().zip(l.iter().copied()))
            .collect(),
    }
});

/// Words that end a name when written in small letters (or in a text
/// written all in capitals): the starts of a predicate, a preposition, a
/// date or a number.
const WEAK_STOPS: &[&str] = &[
    "về", "tại", "trong", "có", "hoặc", "thì", "theo", "để", "đã", "do", "cho", "như", "khi", "là",
    "ngày", "thuộc", "gồm", "mà", "với", "số", "phải", "năm", "các", "nhằm", "trên", "được", "này",
    "đang", "sẽ", "cũng", "không", "hàng", "giao", "gửi", "trình", "đến", "từ", "sau", "trước",
    "căn", "xét", "kèm", "nhưng", "nếu", "vì", "bằng", "qua", "ra", "lên", "vào", "ở", "của",
    "thông", "tham", "chủ", "kiểm", "xây", "báo", "quản", "giải", "tiếp", "cấp", "đồng", "chấp",
    "ký", "liên", "đảm", "áp", "nhận", "tổ", "chỉ", "chịu", "phụ", "yêu", "đánh", "xác", "công",
    "thành", "và", "hoàn", "bảo", "đề", "nêu", "tăng", "giảm", "đạt", "tổng",
];

/// Phrases that end a name however they are written.
const STRONG_STOPS: &[&str] = &[
    "về",
    "quy định",
    "sửa đổi",
    "hướng dẫn",
    "ban hành",
    "phê duyệt",
    "căn cứ",
    "xét",
    "theo",
    "thực hiện",
    "điều",
    "ngày",
    "triển khai",
    "tại",
];

/// Words that end the task a body is named after (`Ban chỉ đạo xây dựng
/// … về việc`): the starts of the rest of the sentence.
const TASK_STOPS: &[&str] = &[
    "về",
    "tại",
    "ngày",
    "theo",
    "căn cứ",
    "ban hành",
    "đã",
    "được",
    "có",
    "quy định",
    "hướng dẫn",
    "đề nghị",
    "gồm",
    "là",
    "để",
    "của",
    "với",
    "trong",
    "do",
    "và các",
    "triển khai",
    "phân công",
    "chỉ đạo",
    "giao",
    "yêu cầu",
    "tổ chức",
    "đề ra",
    "cho",
    "nhằm",
    "năm",
    "đến",
    "từ",
    "thông báo",
    "kết luận",
    "họp",
];

/// Lower-case words that continue a name after a capitalised word only as
/// the second syllable of a word (`Giao thông`, `Xã hội`): the weak stops
/// that are also such syllables.
const INNER_SYLLABLES: &[&str] = &[
    "thông", "báo", "quản", "giải", "tiếp", "cấp", "đồng", "ký", "nhận", "tổ", "chỉ", "công",
    "thành", "xây", "chủ", "kiểm", "phụ", "đảm", "liên", "bảo", "tổng",
];

/// A kind word, which ends a name (`… Chính phủ và Quyết định số …`);
/// the kinds that are also words of agency names (`Sở Kế hoạch và Đầu
/// tư`, `Ban Quản lý dự án`) only when a number follows.
static TYPE_START: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let alts: Vec<String> = crate::legal::TYPES
        .iter()
        .map(|(p, n)| {
            if NAME_KINDS.contains(n) {
                format!(r"(?:{p})\s+s[o06]\b")
            } else {
                (*p).to_string()
            }
        })
        .collect();
    crate::structure::view::folded_regex(&format!(r"^(?:{})\b", alts.join("|")))
});

/// Kinds whose words also name parts of agencies.
const NAME_KINDS: &[&str] = &["Kế hoạch", "Chương trình", "Dự án", "Hợp đồng", "Thông tin"];

/// What a piece of an issuer phrase is, for writing it back in case.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    /// A vocabulary phrase (role, body, head, level).
    Known,
    /// The name after a head (`Tài chính`).
    Name,
    /// A place name after a level (`Nghệ An`).
    Place,
    /// A separator between roles (`,`).
    Comma,
}

/// An issuer phrase: its folded range and the restored name.
#[derive(Debug, Clone, PartialEq)]
pub struct Issuer {
    /// Folded range of the phrase.
    pub span: Range<usize>,
    /// The body as written (sentence case when written in capitals).
    pub name: String,
}

struct Parser<'a, 'b> {
    w: &'b Words<'a>,
    caps: bool,
    parts: Vec<(Range<usize>, Part)>,
}

impl Parser<'_, '_> {
    fn end(&self) -> Option<usize> {
        self.parts.last().map(|(r, _)| r.end)
    }

    /// The word at `pos` if only white space separates it from `pos`.
    fn next_word(&self, pos: usize) -> Option<Range<usize>> {
        let w = self.w.at(pos)?;
        self.w
            .gap(pos, w.start)
            .bytes()
            .all(|b| b.is_ascii_whitespace())
            .then_some(w)
    }

    fn capitalised(&self, r: &Range<usize>) -> bool {
        match self.w.case(r) {
            Case::Caps => true,
            Case::Upper => !self.caps,
            Case::Lower => false,
        }
    }

    fn strong_stop(&self, pos: usize) -> bool {
        let f = &self.w.f()[pos..];
        if let Some(e) = self.w.says(pos, "số") {
            // `số 12`, a number.
            return self.w.f()[e..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c == ':' || c == '.');
        }
        STRONG_STOPS.iter().any(|s| self.w.says(pos, s).is_some())
            || TYPE_START.as_ref().is_some_and(|r| r.is_match(f))
    }

    fn listed(&self, r: &Range<usize>, list: &[&str]) -> bool {
        list.iter().any(|x| self.w.is(r, x))
    }

    fn stop(&self, r: &Range<usize>) -> bool {
        self.strong_stop(r.start)
            || ((self.caps || self.w.case(r) == Case::Lower) && self.listed(r, WEAK_STOPS))
    }

    /// A vocabulary phrase from `list` at `pos`, capitalised (`liên Bộ`,
    /// and the bodies of more than one word, `của chính phủ`, may be
    /// written in small letters).
    fn known(&mut self, pos: usize, list: &[String]) -> Option<usize> {
        let first = self.next_word(pos)?;
        let (phrase, end) = self.w.longest(first.start, list)?;
        let bodies = std::ptr::eq(list, VOCAB.fixed.as_slice())
            || std::ptr::eq(list, VOCAB.level_bodies.as_slice());
        let lower_ok = self.w.folded(&first) == "lien" || (bodies && phrase.contains(' '));
        if !self.capitalised(&first) && !lower_ok {
            return None;
        }
        self.parts.push((first.start..end, Part::Known));
        Some(end)
    }

    /// A head's name: capitalised words and what may sit between them.
    fn name(&mut self, pos: usize) -> Option<usize> {
        let first = self.next_word(pos)?;
        if !self.capitalised(&first) || self.strong_stop(first.start) || self.level_at(first.start)
        {
            return None;
        }
        let mut end = first.end;
        let mut lower_run = 0;
        let mut prev_cap = true;
        while let Some(next) = self.w.at(end) {
            let gap = self.w.gap(end, next.start);
            if !gap
                .bytes()
                .all(|b| b.is_ascii_whitespace() || matches!(b, b',' | b'-' | b'&'))
                || gap.len() > 8
            {
                break;
            }
            let va = self.w.is(&next, "và");
            let joiner = gap.contains([',', '-', '&']) || va;
            if joiner {
                // `và`, `-`, `,` join two capitalised parts of one name.
                let after = if va {
                    match self.next_word(next.end) {
                        Some(a) => a,
                        None => break,
                    }
                } else {
                    next.clone()
                };
                if !self.capitalised(&after) || self.strong_stop(after.start) {
                    break;
                }
                end = after.end;
                lower_run = 0;
                prev_cap = true;
                continue;
            }
            if let Some((_, e)) = self.w.longest(next.start, &VOCAB.level_bodies)
                && self.capitalised(&next)
            {
                // `Ban Dân vận Tỉnh ủy`
                end = e;
                prev_cap = true;
                lower_run = 0;
                continue;
            }
            if self.level_at(next.start) {
                break;
            }
            if self.capitalised(&next) {
                if self.stop(&next) {
                    break;
                }
                prev_cap = true;
                lower_run = 0;
            } else {
                let inner = prev_cap && self.listed(&next, INNER_SYLLABLES);
                if (self.stop(&next) && !inner) || lower_run >= 3 {
                    break;
                }
                prev_cap = false;
                lower_run += 1;
            }
            end = next.end;
        }
        self.parts.push((first.start..end, Part::Name));
        Some(end)
    }

    /// The task a body is named after: small words up to a level and place
    /// (`… huyện Hiệp Hòa`, `… cấp xã`) or the rest of the sentence.
    fn task(&mut self, pos: usize) -> usize {
        let mut end = pos;
        for _ in 0..8 {
            let Some(next) = self.next_word(end) else {
                break;
            };
            if self.level_at(next.start) {
                if end > pos {
                    self.parts.push((pos..end, Part::Name));
                }
                return self.level(end);
            }
            if self.w.is(&next, "cấp")
                && let Some(l) = self.next_word(next.end)
                && self.level_at(l.start)
            {
                self.parts.push((pos..l.end, Part::Name));
                return l.end;
            }
            if TASK_STOPS
                .iter()
                .any(|x| self.w.says(next.start, x).is_some())
                || (self.w.is(&next, "số")
                    && self.w.f()[next.end..]
                        .trim_start()
                        .starts_with(|c: char| c.is_ascii_digit()))
                || TYPE_START
                    .as_ref()
                    .is_some_and(|r| r.is_match(&self.w.f()[next.start..]))
            {
                break;
            }
            end = next.end;
        }
        if end > pos {
            self.parts.push((pos..end, Part::Name));
        }
        end
    }

    fn level_at(&self, pos: usize) -> bool {
        self.w.longest(pos, &VOCAB.levels).is_some()
    }

    /// An optional level word and place name.
    fn level(&mut self, pos: usize) -> usize {
        let mut end = pos;
        if let Some(first) = self.next_word(pos)
            && let Some((_, e)) = self.w.longest(first.start, &VOCAB.levels)
        {
            self.parts.push((first.start..e, Part::Known));
            end = e;
        }
        // A place: capitalised words (`Bà Rịa - Vũng Tàu`), or a number
        // after a level (`Phường 3`).
        let mut place: Option<Range<usize>> = None;
        let mut at = end;
        while let Some(next) = self.w.at(at) {
            let gap = self.w.gap(at, next.start);
            let sep_ok = gap.bytes().all(|b| b.is_ascii_whitespace())
                || (place.is_some() && gap.trim() == "-");
            let numeral = end > pos
                && place.is_none()
                && self.w.folded(&next).bytes().all(|b| b.is_ascii_digit());
            if !sep_ok
                || !(self.capitalised(&next) || numeral)
                || self.stop(&next)
                || self.w.longest(next.start, &VOCAB.heads).is_some()
                || place.as_ref().is_some_and(|p| p.end - p.start > 40)
            {
                break;
            }
            place = Some(place.map_or(next.start, |p| p.start)..next.end);
            at = next.end;
            if numeral {
                break;
            }
        }
        if let Some(p) = place {
            end = p.end;
            self.parts.push((p, Part::Place));
        }
        end
    }

    fn body(&mut self, pos: usize) -> Option<usize> {
        let v = &*VOCAB;
        let first = self.next_word(pos)?;
        let len = |l: &[String]| self.w.longest(first.start, l).map_or(0, |(p, _)| p.len());
        let (fixed, level, head) = (len(&v.fixed), len(&v.level_bodies), len(&v.heads));
        let task = len(&v.tasks);
        if task > 0 && task >= fixed && task >= level && task >= head {
            let e = self.known(pos, &v.tasks)?;
            return Some(self.task(e));
        }
        if fixed > 0 && fixed >= level && fixed >= head {
            return self.known(pos, &v.fixed);
        }
        if level > 0 && level >= head {
            let e = self.known(pos, &v.level_bodies)?;
            return Some(self.level(e));
        }
        if head > 0 {
            let mark = self.parts.len();
            let e = self.known(pos, &v.heads)?;
            let Some(e) = self.name(e) else {
                self.parts.truncate(mark);
                return None;
            };
            return Some(self.level(e));
        }
        None
    }

    fn issuer(&mut self, pos: usize) -> Option<usize> {
        let mark = self.parts.len();
        let mut at = pos;
        while self.known(at, &VOCAB.roles).is_some() {
            at = self.end()?;
            // `Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ`
            let Some(next) = self.w.at(at) else { break };
            let comma = self.w.gap(at, next.start).trim() == ",";
            if !(comma && self.w.longest(next.start, &VOCAB.roles).is_some()) {
                break;
            }
            self.parts.push((at..next.start, Part::Comma));
            at = next.start;
        }
        let roles = self.parts.len() > mark;
        let end = match self.body(at) {
            Some(e) => e,
            None if roles => return self.end(),
            None => return None,
        };
        // `Ban Dân vận Tỉnh ủy và Ban cán sự Đảng UBND tỉnh`: two bodies.
        if let Some(va) = self.next_word(end)
            && self.w.is(&va, "và")
        {
            let mark = self.parts.len();
            self.parts.push((va.clone(), Part::Known));
            if let Some(e) = self.issuer(va.end) {
                return Some(e);
            }
            self.parts.truncate(mark);
        }
        Some(end)
    }

    /// The phrase as written, or recased when written in capitals.
    fn render(&self) -> String {
        let mut out: Vec<String> = Vec::new();
        for (r, part) in &self.parts {
            if *part == Part::Comma {
                if let Some(last) = out.last_mut() {
                    last.push(',');
                }
                continue;
            }
            let words: Vec<&str> = self.w.orig(r).split_whitespace().collect();
            let folded: String = self
                .w
                .folded(r)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let mut known = VOCAB.written.iter().filter(|(f, _)| *f == folded);
            if !self.caps {
                // As written, but in correct case where the text wrote a
                // body's name in small letters: a known name takes its
                // written form (`của chính phủ` is `Chính phủ`), and `Đảng`
                // (the Party) is a capital (`Trung ương đảng`).
                let phrase = words.join(" ");
                let small = phrase.chars().all(|c| !c.is_uppercase());
                let known = known.find(|(_, written)| small && written.to_lowercase() == phrase);
                out.push(match known {
                    Some((_, written)) => (*written).to_string(),
                    None => words
                        .iter()
                        .map(|w| if *w == "đảng" { "Đảng" } else { w })
                        .collect::<Vec<_>>()
                        .join(" "),
                });
                continue;
            }
            if let Some((_, written)) = known.next() {
                out.push((*written).to_string());
                continue;
            }
            let recased: Vec<String> = words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let keep = ABBREVIATIONS.contains(w);
                    let cap = *part == Part::Place || i == 0;
                    if keep {
                        (*w).to_string()
                    } else if cap {
                        capitalise(w)
                    } else {
                        w.to_lowercase()
                    }
                })
                .collect();
            out.push(recased.join(" "));
        }
        out.join(" ")
    }
}

fn capitalise(w: &str) -> String {
    let mut cs = w.chars();
    match cs.next() {
        Some(f) => f
            .to_uppercase()
            .chain(cs.flat_map(|c| c.to_lowercase()))
            .collect(),
        None => String::new(),
    }
}

/// The issuer phrase that starts at the first word at or after `pos`.
pub fn parse(w: &Words, pos: usize) -> Option<Issuer> {
    let first = w.at(pos)?;
    let second = w.at(first.end);
    let caps = w.case(&first) == Case::Caps
        && second.is_none_or(|s| w.case(&s) == Case::Caps || w.folded(&s).len() < 2);
    let mut p = Parser {
        w,
        caps,
        parts: Vec::new(),
    };
    let end = p.issuer(first.start)?;
    Some(Issuer {
        span: first.start..end,
        name: p.render(),
    })
}

/// The issuer phrase that ends exactly at `end`, starting after `floor`
/// and within the clause (no `.`, `;`, `:` or bracket between): the subject
/// of `X (đã) ban hành …`.
pub fn ending_at(w: &Words, end: usize, floor: usize) -> Option<Issuer> {
    let mut starts = Vec::new();
    let mut at = end;
    while starts.len() < 16 {
        let Some(word) = w.before(at) else { break };
        if word.start < floor
            || w.gap(word.end, at)
                .bytes()
                .any(|b| matches!(b, b'.' | b';' | b':' | b'(' | b')'))
        {
            break;
        }
        starts.push(word.start);
        at = word.start;
    }
    starts
        .into_iter()
        .rev()
        .find_map(|s| parse(w, s).filter(|i| i.span.end == end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::view::View;

    fn issuer(t: &str) -> Option<String> {
        let v = View::new(t);
        let w = Words::new(t, &v);
        parse(&w, 0).map(|i| i.name)
    }

    #[test]
    fn a_body_written_in_small_letters_is_named_in_correct_case() {
        assert_eq!(
            issuer("chính phủ về sửa đổi, bổ sung").as_deref(),
            Some("Chính phủ")
        );
        assert_eq!(
            issuer("Ban Chấp hành Trung ương đảng khóa XIII về tiếp tục").as_deref(),
            Some("Ban Chấp hành Trung ương Đảng khóa XIII")
        );
    }

    #[test]
    fn bodies_and_their_ends() {
        assert_eq!(
            issuer("Chính phủ quy định chi tiết").as_deref(),
            Some("Chính phủ")
        );
        assert_eq!(
            issuer("Thủ tướng Chính phủ về phê duyệt").as_deref(),
            Some("Thủ tướng Chính phủ")
        );
        assert_eq!(
            issuer("Thủ tướng, giải quyết").as_deref(),
            Some("Thủ tướng")
        );
        assert_eq!(
            issuer("Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ hướng dẫn").as_deref(),
            Some("Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ")
        );
        assert_eq!(
            issuer("Bộ Nông nghiệp và Phát triển nông thôn về việc").as_deref(),
            Some("Bộ Nông nghiệp và Phát triển nông thôn")
        );
        assert_eq!(
            issuer("UBND tỉnh Nghệ\nAn về việc").as_deref(),
            Some("UBND tỉnh Nghệ An")
        );
        assert_eq!(
            issuer("UBND tỉnh và các nguồn kinh phí").as_deref(),
            Some("UBND tỉnh")
        );
        assert_eq!(
            issuer("Bộ Văn hóa, Thể thao và Du lịch ban hành").as_deref(),
            Some("Bộ Văn hóa, Thể thao và Du lịch")
        );
        assert_eq!(
            issuer("Liên Sở Lao động - Thương binh và Xã hội - Sở Tài chính về").as_deref(),
            Some("Liên Sở Lao động - Thương binh và Xã hội - Sở Tài chính")
        );
        assert_eq!(
            issuer("Ban Chấp hành Trung ương Đảng khóa XIII về").as_deref(),
            Some("Ban Chấp hành Trung ương Đảng khóa XIII")
        );
        assert_eq!(
            issuer("Sở Khoa học và Công nghệ thành phố Huế ban hành").as_deref(),
            Some("Sở Khoa học và Công nghệ thành phố Huế")
        );
        assert_eq!(
            issuer("Cục Trồng trọt và Bảo vệ thực vật;").as_deref(),
            Some("Cục Trồng trọt và Bảo vệ thực vật")
        );
        assert_eq!(
            issuer("Thành ủy Thành phố về").as_deref(),
            Some("Thành ủy Thành phố")
        );
        assert_eq!(
            issuer("Ban chỉ đạo thực hiện QCDC huyện Hiệp Hòa về").as_deref(),
            Some("Ban chỉ đạo thực hiện QCDC huyện Hiệp Hòa")
        );
        assert_eq!(
            issuer("Ban Chỉ đạo xây dựng chính quyền thân thiện cấp xã về").as_deref(),
            Some("Ban Chỉ đạo xây dựng chính quyền thân thiện cấp xã")
        );
        assert_eq!(
            issuer("Ban Dân vận Tỉnh ủy và Ban cán sự Đảng UBND tỉnh về").as_deref(),
            Some("Ban Dân vận Tỉnh ủy và Ban cán sự Đảng UBND tỉnh")
        );
        assert_eq!(
            issuer("liên Bộ Y tế và Bộ Nội vụ hướng dẫn").as_deref(),
            Some("liên Bộ Y tế và Bộ Nội vụ")
        );
        assert_eq!(issuer("UBND tỉnh và các sở").as_deref(), Some("UBND tỉnh"));
        assert_eq!(issuer("các cơ quan"), None);
        assert_eq!(issuer("Luật Đất đai"), None);
    }

    #[test]
    fn capitals_are_written_back_in_sentence_case() {
        assert_eq!(
            issuer("THỦ TƯỚNG CHÍNH PHỦ VÀ\nQUYẾT ĐỊNH").as_deref(),
            Some("Thủ tướng Chính phủ")
        );
        assert_eq!(
            issuer("BỘ\nTÀI CHÍNH\nCăn cứ").as_deref(),
            Some("Bộ Tài chính")
        );
        assert_eq!(issuer("BỘ TÀI CHÍNH").as_deref(), Some("Bộ Tài chính"));
        assert_eq!(
            issuer("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN VỀ VIỆC").as_deref(),
            Some("Ủy ban nhân dân tỉnh Nghệ An")
        );
    }

    #[test]
    fn subject_of_a_verb() {
        let t = "Ngày 03/1/2024 UBND xã đã ban hành";
        let v = View::new(t);
        let w = Words::new(t, &v);
        let end = v.folded.find(" da ban").unwrap();
        let i = ending_at(&w, end, 0).unwrap();
        assert_eq!(i.name, "UBND xã");
        assert_eq!(i.span.end, end);
    }
}
