//! Names of issuing bodies, read from a header's agency block (one to three
//! lines, often merged with the national motto), from an authority line
//! (`CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X`) or from running text, and written in
//! the short form of CONVENTIONS.md §2: `UBND tỉnh X`, `HĐND thành phố X`,
//! `Sở X tỉnh Y`, `Bộ X`, `Đảng ủy xã X`, `Ban X Trung ương`.
//!
//! Decree 30/2020/NĐ-CP (Appendix I) puts the superior body on the first
//! line and the issuing body below it; Hướng dẫn 36-HD/VPTW does the same
//! for Party bodies (`ĐẢNG BỘ TỈNH X` / `ĐẢNG ỦY XÃ Y`). The issuer is the
//! lowest body, qualified by its superior's locality where the short form
//! needs it.

use crate::text::Letter;
use crate::text::fold;
use std::sync::LazyLock;

/// How a head word behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// People's committee or council: a locality follows.
    Council,
    /// A locality alone (`XÃ ĐÔNG SƠN`): its People's Committee is meant.
    Locality,
    /// A Party committee (`Đảng ủy`, `Tỉnh ủy`): its name follows.
    Committee,
    /// The Party Central Committee.
    Central,
    /// An organ (`Sở`, `Bộ`, `Cục`, `Ban`, `Văn phòng`): its name follows.
    Organ,
    /// A body whose name is complete (`Văn phòng Chính phủ`).
    Whole,
}

/// Head words (lower case, marked) with their written form.
const HEADS: &[(&str, &str, Kind)] = &[
    (
        "ban chấp hành trung ương",
        "Ban Chấp hành Trung ương",
        Kind::Central,
    ),
    ("ủy ban nhân dân", "UBND", Kind::Council),
    ("ubnd", "UBND", Kind::Council),
    ("hội đồng nhân dân", "HĐND", Kind::Council),
    ("hđnd", "HĐND", Kind::Council),
    ("văn phòng chính phủ", "Văn phòng Chính phủ", Kind::Whole),
    ("thủ tướng chính phủ", "Thủ tướng Chính phủ", Kind::Whole),
    ("chính phủ", "Chính phủ", Kind::Whole),
    (
        "ủy ban thường vụ quốc hội",
        "Ủy ban Thường vụ Quốc hội",
        Kind::Whole,
    ),
    ("quốc hội", "Quốc hội", Kind::Whole),
    ("bộ chính trị", "Bộ Chính trị", Kind::Whole),
    ("ban bí thư", "Ban Bí thư", Kind::Whole),
    ("đảng ủy", "Đảng ủy", Kind::Committee),
    ("đảng bộ", "Đảng bộ", Kind::Committee),
    ("chi bộ", "Chi bộ", Kind::Committee),
    ("tỉnh ủy", "Tỉnh ủy", Kind::Committee),
    ("thành ủy", "Thành ủy", Kind::Committee),
    ("huyện ủy", "Huyện ủy", Kind::Committee),
    ("quận ủy", "Quận ủy", Kind::Committee),
    ("thị ủy", "Thị ủy", Kind::Committee),
    ("ủy ban kiểm tra", "Ủy ban Kiểm tra", Kind::Organ),
    (
        "ủy ban mặt trận tổ quốc",
        "Ủy ban Mặt trận Tổ quốc",
        Kind::Organ,
    ),
    ("văn phòng", "Văn phòng", Kind::Organ),
    ("tổng cục", "Tổng cục", Kind::Organ),
    ("chi cục", "Chi cục", Kind::Organ),
    // Since 2025 the tax office of a province is `THUẾ TỈNH X` under `CỤC
    // THUẾ`; a locality follows as a council's does.
    ("thuế", "Thuế", Kind::Council),
    ("cục", "Cục", Kind::Organ),
    ("bộ chỉ huy", "Bộ Chỉ huy", Kind::Organ),
    ("bộ", "Bộ", Kind::Organ),
    ("sở", "Sở", Kind::Organ),
    ("ban", "Ban", Kind::Organ),
    ("phòng", "Phòng", Kind::Organ),
    ("trung tâm", "Trung tâm", Kind::Organ),
    ("công an", "Công an", Kind::Organ),
    ("thanh tra", "Thanh tra", Kind::Organ),
    ("kho bạc nhà nước", "Kho bạc Nhà nước", Kind::Organ),
    ("tòa án nhân dân", "Tòa án nhân dân", Kind::Organ),
    (
        "viện kiểm sát nhân dân",
        "Viện kiểm sát nhân dân",
        Kind::Organ,
    ),
];

/// Locality words (lower case, marked) with their written form.
const LEVELS: &[(&str, &str)] = &[
    ("thành phố", "thành phố"),
    ("tp", "thành phố"),
    ("thị xã", "thị xã"),
    ("thị trấn", "thị trấn"),
    ("đặc khu", "đặc khu"),
    ("tỉnh", "tỉnh"),
    ("huyện", "huyện"),
    ("quận", "quận"),
    ("xã", "xã"),
    ("phường", "phường"),
];

/// One word of a name: as written, folded, and keyed with its tone.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    fold: String,
    key: String,
    /// Compare folded only: the whole text lacks marks (unrepaired OCR).
    loose: bool,
    /// Written with a comma after it (`VĂN HÓA, THỂ THAO`).
    comma: bool,
}

/// A word's letters with their vowel marks but the tone apart, so `ủy` and
/// `uỷ` compare equal while `phòng` and `phong` do not. Text without any
/// mark (unrepaired OCR) is compared folded only.
fn tone_key(w: &str) -> String {
    let mut base = String::with_capacity(w.len() + 1);
    let mut tone = 0u8;
    for c in w.chars().flat_map(char::to_lowercase) {
        match crate::syllable::split_tone(c) {
            Some((b, t)) => {
                base.push(b);
                if t as u8 != 0 {
                    tone = t as u8;
                }
            }
            None => base.push(c),
        }
    }
    base.push(char::from(b'0' + tone));
    base
}

fn word(w: &str) -> Word {
    Word {
        text: w.to_string(),
        fold: fold(w),
        key: tone_key(w),
        loose: false,
        comma: false,
    }
}

fn words_of(s: &str) -> Vec<Word> {
    let loose = s.is_ascii();
    s.split(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '#' | '(' | ')' | '"'))
        .map(|w| {
            let comma = w.trim_end_matches(['“', '”']).ends_with(',');
            let w = w.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '.' | '“' | '”'));
            // An en or em dash joins the parts of a name as a hyphen does
            // (`LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI`).
            (if matches!(w, "–" | "—") { "-" } else { w }, comma)
        })
        .filter(|(w, _)| !w.is_empty() && (w.chars().any(char::is_letter_or_number) || *w == "-"))
        .map(|(w, comma)| Word {
            loose,
            comma,
            ..word(w)
        })
        .collect()
}

/// A phrase of [`HEADS`] or [`LEVELS`] as words.
type Phrase = Vec<Word>;

static HEAD_WORDS: LazyLock<Vec<(Phrase, &'static str, Kind)>> = LazyLock::new(|| {
    HEADS
        .iter()
        .map(|&(p, out, k)| (p.split(' ').map(word).collect(), out, k))
        .collect()
});

static LEVEL_WORDS: LazyLock<Vec<(Phrase, &'static str)>> = LazyLock::new(|| {
    LEVELS
        .iter()
        .map(|&(p, out)| (p.split(' ').map(word).collect(), out))
        .collect()
});

/// How many words of `words[at..]` the phrase `p` covers (0: no match).
fn starts(words: &[Word], at: usize, p: &[Word]) -> usize {
    let ok = words.len() >= at + p.len()
        && p.iter().zip(&words[at..]).all(|(a, w)| {
            if w.loose {
                a.fold == w.fold
            } else {
                a.key == w.key
            }
        });
    if ok { p.len() } else { 0 }
}

fn head_at(words: &[Word], at: usize) -> Option<(usize, &'static str, Kind)> {
    HEAD_WORDS.iter().find_map(|(p, out, k)| {
        let n = starts(words, at, p);
        (n > 0).then_some((n, *out, *k))
    })
}

fn level_at(words: &[Word], at: usize) -> Option<(usize, &'static str)> {
    LEVEL_WORDS.iter().find_map(|(p, out)| {
        let n = starts(words, at, p);
        (n > 0).then_some((n, *out))
    })
}

/// A body of the block: its head, the locality level (if any) and the
/// words of its name.
#[derive(Debug, Clone)]
struct Unit {
    head: &'static str,
    kind: Kind,
    level: Option<&'static str>,
    name: Vec<Word>,
}

impl Unit {
    fn named(&self) -> bool {
        !self.name.is_empty() || self.kind == Kind::Whole || self.kind == Kind::Central
    }

    /// `tỉnh X`, `xã Y` (or the bare name) of a council or locality.
    fn locality(&self) -> Option<String> {
        if self.name.is_empty() {
            return None;
        }
        let name = place_case(&self.name);
        Some(match self.level {
            Some(l) => format!("{l} {name}"),
            None => name,
        })
    }

    /// The short form of this unit on its own.
    fn short(&self) -> Option<String> {
        match self.kind {
            Kind::Council | Kind::Locality => {
                let head = if self.kind == Kind::Locality {
                    "UBND"
                } else {
                    self.head
                };
                Some(format!("{head} {}", self.locality()?))
            }
            Kind::Committee => {
                let name = place_case(&self.name);
                match self.level {
                    Some(l) => Some(format!("{} {l} {name}", self.head)),
                    None if name.is_empty() => None,
                    None => Some(format!("{} {name}", self.head)),
                }
            }
            Kind::Organ => {
                if self.name.is_empty() {
                    return None;
                }
                Some(format!("{} {}", self.head, org_case(&self.name)))
            }
            Kind::Whole | Kind::Central => Some(self.head.to_string()),
        }
    }
}

/// Splits a block of words into bodies.
fn units(words: &[Word]) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // A council whose locality name is blank (`ỦY BAN NHÂN DÂN TỈNH`
        // on a form) ends at the next head too.
        let cur_named = out
            .last()
            .is_some_and(|u| u.named() || u.kind == Kind::Council && u.level.is_some());
        // A new body starts at a head word at the start, or once the
        // current body has a name of its own.
        if out.is_empty() || cur_named {
            if let Some((n, head, kind)) = head_at(words, i) {
                out.push(Unit {
                    head,
                    kind,
                    level: None,
                    name: Vec::new(),
                });
                i += n;
                continue;
            }
            if out.is_empty()
                && let Some((n, level)) = level_at(words, i)
            {
                out.push(Unit {
                    head: "UBND",
                    kind: Kind::Locality,
                    level: Some(level),
                    name: Vec::new(),
                });
                i += n;
                continue;
            }
        }
        let Some(u) = out.last_mut() else {
            i += 1;
            continue;
        };
        if matches!(u.kind, Kind::Council | Kind::Committee)
            && u.level.is_none()
            && u.name.is_empty()
            && let Some((n, level)) = level_at(words, i)
        {
            u.level = Some(level);
            i += n;
            continue;
        }
        // A form offers the level's alternatives before its blank
        // (`UBND TỈNH, THÀNH PHỐ……`, `TỈNH (TP)……`): none is a name.
        if u.level.is_some()
            && u.name.is_empty()
            && let Some((n, _)) = level_at(words, i)
        {
            i += n;
            continue;
        }
        if matches!(u.kind, Kind::Whole | Kind::Central) {
            // Words after a complete name start nothing of their own.
            i += 1;
            continue;
        }
        if words[i].text != "-" || !u.name.is_empty() {
            u.name.push(words[i].clone());
        }
        i += 1;
    }
    // A trailing hyphen is a separator, not part of a name.
    for u in &mut out {
        while u.name.last().is_some_and(|w| w.text == "-") {
            u.name.pop();
        }
    }
    out
}

/// The issuing body of a block of words (an agency block or the agency
/// part of an authority line), in short form.
pub fn issuer(block: &str) -> Option<String> {
    let words = words_of(block);
    // Letter-spaced (`ỦY B AN NHÂN D Â N`) or squeezed (`NHANDANTHANHPHO`)
    // by the scan: matched without spaces.
    let broken = words.iter().filter(|w| w.fold.len() == 1).count() >= 3
        || words.iter().any(|w| w.fold.len() > 8);
    if broken {
        return squeezed(block);
    }
    let us = units(&words);
    // The lowest body with a name; an unnamed organ (`VĂN PHÒNG`) under the
    // Central Committee is that committee's office.
    let last = us.len().checked_sub(1)?;
    let u = &us[last];
    let sup = last.checked_sub(1).map(|k| &us[k]);
    if u.kind == Kind::Organ {
        if let Some(s) = sup.filter(|s| s.kind == Kind::Central) {
            let _ = s;
            return Some(match u.head {
                "Văn phòng" if u.name.is_empty() => "Văn phòng Trung ương Đảng".to_string(),
                _ => format!("{} Trung ương", u.short()?),
            });
        }
        let own = u.short()?;
        if let Some(s) = sup {
            match (s.kind, u.head) {
                (Kind::Council | Kind::Locality, "Sở" | "Phòng" | "Chi cục") => {
                    if let Some(loc) = s.locality() {
                        return Some(format!("{own} {loc}"));
                    }
                }
                (Kind::Council | Kind::Locality | Kind::Committee, "Văn phòng" | "Ban")
                    if !u.name.is_empty() || u.head == "Văn phòng" =>
                {
                    if let Some(sup) = s.short() {
                        return Some(format!("{own} {sup}"));
                    }
                }
                _ => {}
            }
        }
        return Some(own);
    }
    if u.named()
        && let Some(s) = u.short()
    {
        return Some(s);
    }
    // An unnamed last body (`ỦY BAN NHÂN DÂN TỈNH` with a blank name): the
    // one above it, if named.
    sup.and_then(Unit::short)
}

/// A council of a province-level unit written without its spaces.
fn squeezed(block: &str) -> Option<String> {
    let k = super::places::key(block);
    for (p, out) in [
        ("uybannhandan", "UBND"),
        ("ubnd", "UBND"),
        ("hoidongnhandan", "HĐND"),
        ("hdnd", "HĐND"),
    ] {
        let Some(rest) = k.strip_prefix(p) else {
            continue;
        };
        for (lv, city) in [("thanhpho", true), ("tinh", false)] {
            if let Some((name, c)) = rest.strip_prefix(lv).and_then(super::places::province)
                && c == city
            {
                return Some(format!("{out} {} {name}", super::places::level_of(c)));
            }
        }
    }
    None
}

/// Capitalises each word of a place name (`HỒ CHÍ MINH` → `Hồ Chí Minh`);
/// names not written in capitals keep their case.
fn place_case(words: &[Word]) -> String {
    let all_upper = words.iter().all(|w| is_upper(&w.text));
    words
        .iter()
        .map(|w| {
            if all_upper || w.text.chars().next().is_some_and(char::is_lowercase) {
                cap(&w.text)
            } else {
                w.text.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sentence case for an organ's name written in capitals: the first word
/// and each word after `và`, `,` or `-` capitalised (`Khoa học và Công
/// nghệ`, `Lao động - Thương binh và Xã hội`), a locality after a level
/// word written as a place name. Mixed-case names keep their case.
fn org_case(words: &[Word]) -> String {
    if !words.iter().all(|w| is_upper(&w.text)) {
        return words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
    }
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut cap_next = true;
    let mut described = false;
    let mut place = false;
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        // `XÃ HỘI` (society) is no commune.
        let society = w.fold == "xa" && words.get(i + 1).is_some_and(|n| n.fold == "hoi");
        if !place
            && i > 0
            && !society
            && let Some((n, level)) = level_at(words, i)
        {
            out.push(level.to_string());
            place = true;
            i += n;
            continue;
        }
        let acronym = !w.text.chars().any(is_vowel) || w.text.contains('&');
        let t = if acronym {
            w.text.clone()
        } else if cap_next || place {
            cap(&w.text)
        } else {
            w.text.to_lowercase()
        };
        // A name that goes on as a phrase (`BAN CHỈ ĐẠO QUỐC GIA VỀ TÌM KIẾM,
        // QUY TẬP …`) has no fields' names to capitalise after it.
        described |= matches!(w.fold.as_str(), "ve" | "cua" | "cho" | "tai" | "trong");
        cap_next = !described && (w.fold == "va" || w.text == "-" || w.comma);
        if w.fold == "va" {
            out.push("và".to_string());
        } else if w.comma && i + 1 < words.len() {
            out.push(format!("{t},"));
        } else {
            out.push(t);
        }
        i += 1;
    }
    out.join(" ")
}

fn is_vowel(c: char) -> bool {
    matches!(
        fold(&c.to_string()).as_str(),
        "a" | "e" | "i" | "o" | "u" | "y"
    )
}

fn is_upper(s: &str) -> bool {
    s.chars()
        .filter(|c| c.is_letter())
        .all(char::is_uppercase)
}

/// `hÀ` → `Hà`.
pub fn cap(w: &str) -> String {
    let mut cs = w.chars();
    match cs.next() {
        Some(f) => f
            .to_uppercase()
            .chain(cs.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// Folded role words that open an authority or signature line, longest
/// first (`CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X`, `BỘ TRƯỞNG BỘ X`,
/// `TRƯỞNG BỘ CÔNG THƯƠNG` with its first word lost).
pub const ROLES: &[&str] = &[
    "pho chu tich",
    "chu tich",
    "pho thu tuong",
    "thu tuong",
    "bo truong",
    "thu truong",
    "tong cuc truong",
    "pho cuc truong",
    "cuc truong",
    "chi cuc truong",
    "pho giam doc",
    "giam doc",
    "pho truong ban",
    "truong ban",
    "pho chanh van phong",
    "chanh van phong",
    "pho bi thu",
    "bi thu",
    "chu nhiem",
    "vu truong",
    "truong phong",
    "chanh thanh tra",
    "truong",
];

/// Whether a folded line opens a signature block (`TM. ỦY BAN NHÂN DÂN`,
/// `KT. CHỦ TỊCH`, `T/M BAN THƯỜNG VỤ`) or a role (`PHÓ CHỦ TỊCH`).
pub fn opens_signature(s: &str) -> bool {
    ["kt.", "k/t", "tm.", "t/m", "q."]
        .iter()
        .any(|p| s.starts_with(p))
        || role_len(s) > 0
}

/// Length (folded bytes) of the role words `s` starts with, after an
/// optional `KT.`/`TM.`/`Q.`/`K/T`/`T/M` (0 when none).
pub fn role_len(s: &str) -> usize {
    let mut at = 0;
    for p in ["kt.", "k/t", "kt ", "tm.", "t/m", "tm ", "q."] {
        if s.starts_with(p) {
            at = p.len();
            break;
        }
    }
    let rest = &s[at..];
    let skip = rest.len() - rest.trim_start().len();
    let rest = rest.trim_start();
    ROLES
        .iter()
        .find(|r| {
            rest.starts_with(*r)
                && rest[r.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_ascii_alphanumeric())
        })
        .map_or(0, |r| at + skip + r.len())
}

/// A body whose name is complete standing alone on a folded line (`ỦY
/// BAN THƯỜNG VỤ QUỐC HỘI`, `CHÍNH PHỦ` over a decree's preamble), in its
/// written form.
pub fn whole_body(fold_line: &str) -> Option<&'static str> {
    let b = fold_line.trim_end_matches([' ', '.', ':']);
    HEAD_WORDS
        .iter()
        .find(|(p, _, k)| *k == Kind::Whole && p.iter().map(|w| w.fold.as_str()).eq(b.split(' ')))
        .map(|x| x.1)
}

/// Whether a folded line opens with a council (`ỦY BAN NHÂN DÂN`, `HĐND`)
/// or a locality's level word (`TỈNH`, `THÀNH PHỐ`, `XÃ`).
pub fn opens_with_locality(fold_line: &str) -> bool {
    let words = words_of(fold_line);
    head_at(&words, 0).is_some_and(|(_, _, k)| k == Kind::Council) || level_at(&words, 0).is_some()
}

/// Whether folded text opens with the name of a body (`ỦY BAN NHÂN DÂN`,
/// `BỘ`, `CỤC`), so a role before it makes an authority line.
pub fn opens_with_body(fold_rest: &str) -> bool {
    let words = words_of(fold_rest);
    // Folded text has no marks: compared folded.
    head_at(&words, 0).is_some()
}

/// The issuing body named by an authority line (`CHỦ TỊCH ỦY BAN NHÂN DÂN
/// TỈNH X` → `UBND tỉnh X`, `BỘ TRƯỞNG BỘ X` → `Bộ X`), or by a council's
/// own line (`HỘI ĐỒNG NHÂN DÂN TỈNH X`).
pub fn issuer_of_authority(fold_line: &str, text: &str) -> Option<String> {
    // `THỦ TƯỚNG CHÍNH PHỦ` is a body of its own, not a role before one.
    if fold_line.starts_with("thu tuong chinh phu") {
        return Some("Thủ tướng Chính phủ".to_string());
    }
    let n = role_len(fold_line);
    let rest: String = text.chars().skip(n).collect();
    let words = words_of(&rest);
    head_at(&words, 0)?;
    issuer(&rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_of_agency_blocks() {
        let cases = [
            ("ỦY BAN NHÂN DÂN TỈNH SƠN LA", "UBND tỉnh Sơn La"),
            (
                "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ",
                "UBND thành phố Cần Thơ",
            ),
            ("TỈNH THANH HÓA", "UBND tỉnh Thanh Hóa"),
            ("XÃ ĐÔNG SƠN", "UBND xã Đông Sơn"),
            (
                "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI",
                "HĐND thành phố Hà Nội",
            ),
            ("BỘ KHOA HỌC VÀ CÔNG NGHỆ", "Bộ Khoa học và Công nghệ"),
            (
                "ỦY BAN NHÂN DÂN TỈNH SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
                "Sở Nông nghiệp và Môi trường",
            ),
            (
                "UBND TỈNH BẮC GIANG SỞ TƯ PHÁP",
                "Sở Tư pháp tỉnh Bắc Giang",
            ),
            (
                "BAN CHẤP HÀNH TRUNG ƯƠNG BAN TUYÊN GIÁO VÀ DÂN VẬN",
                "Ban Tuyên giáo và Dân vận Trung ương",
            ),
            (
                "BAN CHẤP HÀNH TRUNG ƯƠNG VĂN PHÒNG",
                "Văn phòng Trung ương Đảng",
            ),
            (
                "ĐẢNG BỘ HUYỆN YÊN THẾ ĐẢNG ỦY XÃ ĐÔNG SƠN",
                "Đảng ủy xã Đông Sơn",
            ),
            ("VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ"),
            (
                "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
                "Bộ Lao động - Thương binh và Xã hội",
            ),
            ("CỤC THUẾ", "Cục Thuế"),
            ("CỤC THUẾ THUẾ TỈNH TÂY NINH", "Thuế tỉnh Tây Ninh"),
            (
                "BAN CHỈ ĐẠO QUỐC GIA VỀ TÌM KIẾM, QUY TẬP HÀI CỐT LIỆT SĨ",
                "Ban Chỉ đạo quốc gia về tìm kiếm, quy tập hài cốt liệt sĩ",
            ),
            ("CỤC THUẾ TỈNH BẮC NINH", "Cục Thuế tỉnh Bắc Ninh"),
            (
                "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
                "Bộ Văn hóa, Thể thao và Du lịch",
            ),
            (
                "Cục Trồng trọt và Bảo vệ thực vật",
                "Cục Trồng trọt và Bảo vệ thực vật",
            ),
        ];
        for (block, want) in cases {
            assert_eq!(issuer(block).as_deref(), Some(want), "{block}");
        }
        assert_eq!(issuer("TÊN CƠ QUAN/ TỔ CHỨC"), None);
        assert_eq!(
            issuer("ỦY B AN NHÂN D Â N T HÀNH P HỐ HỒ C H Í M I NH").as_deref(),
            Some("UBND thành phố Hồ Chí Minh")
        );
        assert_eq!(
            issuer("ỦY BAN NHANDANTHANHPHOHO CHIMINH").as_deref(),
            Some("UBND thành phố Hồ Chí Minh")
        );
    }

    #[test]
    fn a_forms_level_alternatives_are_no_name() {
        assert_eq!(
            issuer("UBND TỈNH, THÀNH PHỐ....... SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI").as_deref(),
            Some("Sở Lao động - Thương binh và Xã hội")
        );
        assert_eq!(issuer("UBND TỈNH, (TP)......"), None);
        assert_eq!(issuer("ỦY BAN NHÂN DÂN TỈNH (THÀNH PHỐ)........"), None);
    }

    #[test]
    fn authority_lines_name_their_body() {
        let f = |s: &str| issuer_of_authority(&crate::structure::view::View::new(s).folded, s);
        assert_eq!(
            f("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ GIANG").as_deref(),
            Some("UBND tỉnh Hà Giang")
        );
        assert_eq!(
            f("BỘ TRƯỞNG BỘ KHOA HỌC VÀ CÔNG NGHỆ").as_deref(),
            Some("Bộ Khoa học và Công nghệ")
        );
        assert_eq!(
            f("TRƯỞNG BỘ CÔNG THƯƠNG").as_deref(),
            Some("Bộ Công thương")
        );
        assert_eq!(f("CỤC TRƯỞNG CỤC THUẾ").as_deref(), Some("Cục Thuế"));
        assert_eq!(f("Căn cứ Luật"), None);
        assert_eq!(role_len("kt. chu tich pho chu tich"), 12);
    }
}
