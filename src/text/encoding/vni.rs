//! VNI-Windows (`VNI-Times` fonts): a base letter followed by a mark byte.

use super::map::MapBuilder;
use super::windows1258::single_byte;
use unicode_normalization::UnicodeNormalization;

/// Vowel shape a VNI mark byte adds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    None,
    Circumflex,
    Breve,
}

/// VNI-Windows mark bytes that follow a base vowel: `(byte, shape, tone)`,
/// tone as a combining character (`None` = no tone). Lower- and upper-case
/// glyph variants are both listed; the base letter decides the case.
pub(super) const VNI_MARKS: [(u8, Shape, Option<char>); 34] = [
    (0xF9, Shape::None, Some('\u{301}')), // ù  sắc
    (0xF8, Shape::None, Some('\u{300}')), // ø  huyền
    (0xFB, Shape::None, Some('\u{309}')), // û  hỏi
    (0xF5, Shape::None, Some('\u{303}')), // õ  ngã
    (0xEF, Shape::None, Some('\u{323}')), // ï  nặng
    (0xE2, Shape::Circumflex, None),      // â
    (0xE1, Shape::Circumflex, Some('\u{301}')),
    (0xE0, Shape::Circumflex, Some('\u{300}')),
    (0xE5, Shape::Circumflex, Some('\u{309}')),
    (0xE3, Shape::Circumflex, Some('\u{303}')),
    (0xE4, Shape::Circumflex, Some('\u{323}')),
    (0xEA, Shape::Breve, None), // ê  ă
    (0xE9, Shape::Breve, Some('\u{301}')),
    (0xE8, Shape::Breve, Some('\u{300}')),
    (0xFA, Shape::Breve, Some('\u{309}')),
    (0xFC, Shape::Breve, Some('\u{303}')),
    (0xEB, Shape::Breve, Some('\u{323}')),
    (0xD9, Shape::None, Some('\u{301}')), // Ù
    (0xD8, Shape::None, Some('\u{300}')), // Ø
    (0xDB, Shape::None, Some('\u{309}')), // Û
    (0xD5, Shape::None, Some('\u{303}')), // Õ
    (0xCF, Shape::None, Some('\u{323}')), // Ï
    (0xC2, Shape::Circumflex, None),      // Â
    (0xC1, Shape::Circumflex, Some('\u{301}')),
    (0xC0, Shape::Circumflex, Some('\u{300}')),
    (0xC5, Shape::Circumflex, Some('\u{309}')),
    (0xC3, Shape::Circumflex, Some('\u{303}')),
    (0xC4, Shape::Circumflex, Some('\u{323}')),
    (0xCA, Shape::Breve, None), // Ê  Ă
    (0xC9, Shape::Breve, Some('\u{301}')),
    (0xC8, Shape::Breve, Some('\u{300}')),
    (0xDA, Shape::Breve, Some('\u{309}')),
    (0xDC, Shape::Breve, Some('\u{303}')),
    (0xCB, Shape::Breve, Some('\u{323}')),
];

/// VNI-Windows bytes that are whole letters on their own.
pub(super) const VNI_LETTERS: [(u8, char); 18] = [
    (0xF1, 'đ'),
    (0xD1, 'Đ'),
    (0xF4, 'ơ'),
    (0xD4, 'Ơ'),
    (0xF6, 'ư'),
    (0xD6, 'Ư'),
    (0xEC, 'ì'),
    (0xED, 'í'),
    (0xE6, 'ỉ'),
    (0xF3, 'ĩ'),
    (0xF2, 'ị'),
    (0xCC, 'Ì'),
    (0xCD, 'Í'),
    (0xC6, 'Ỉ'),
    (0xD3, 'Ĩ'),
    (0xD2, 'Ị'),
    (0xEE, 'ỵ'),
    (0xCE, 'Ỵ'),
];

pub(super) fn vni_letter(byte: u8) -> char {
    if byte < 0x80 {
        return char::from(byte);
    }
    VNI_LETTERS
        .iter()
        .find(|l| l.0 == byte)
        .map_or_else(|| single_byte(encoding_rs::WINDOWS_1252, byte), |l| l.1)
}

/// Base letter + VNI mark → precomposed letter, if Vietnamese has it.
pub(super) fn vni_compose(base: char, mark: u8) -> Option<char> {
    let &(_, shape, tone) = VNI_MARKS.iter().find(|m| m.0 == mark)?;
    let lower = base.to_lowercase().next()?;
    let shape = match shape {
        Shape::None if "aeiouyơư".contains(lower) => None,
        Shape::Circumflex if "aeo".contains(lower) => Some('\u{302}'),
        Shape::Breve if lower == 'a' => Some('\u{306}'),
        _ => return None,
    };
    compose_marks(base, shape.into_iter().chain(tone))
}

/// Base letter plus combining marks as one precomposed character, if any.
/// (Pairwise `compose` is not enough: `ệ` is `ẹ` + circumflex, not `ê` + dot.)
pub(super) fn compose_marks(base: char, marks: impl IntoIterator<Item = char>) -> Option<char> {
    let mut composed = std::iter::once(base).chain(marks).nfc();
    let c = composed.next()?;
    composed.next().is_none().then_some(c)
}

pub(super) fn vni_into(bytes: &[u8], b: &mut MapBuilder) {
    let mut i = 0;
    while i < bytes.len() {
        let base = vni_letter(bytes[i]);
        if let Some(c) = bytes.get(i + 1).and_then(|&m| vni_compose(base, m)) {
            b.push(c, i, i + 2);
            i += 2;
        } else {
            b.push(base, i, i + 1);
            i += 1;
        }
    }
}
