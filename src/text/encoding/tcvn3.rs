//! TCVN 5712:1993 VN3 ("ABC", `.VnTime` fonts).

use super::map::MapBuilder;
use super::windows1258::single_byte;

/// TCVN 5712:1993 bytes 0xA0–0xFF. VN3 defines the lower-case letters,
/// `Ă Â Ê Ô Ơ Ư Đ` and the five combining tone marks (0xB0–0xB4); the slots
/// VN3 leaves empty carry the VN1/VN2 capitals of the same standard, which
/// can only help. 0x80–0x9F are read as Windows-1252 (smart quotes, dashes
/// from Windows editors), since VN3 assigns nothing there.
pub(super) const TCVN3_HIGH: [char; 96] = [
    // 0xA0
    '\u{A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ',
    // 0xB0: grave, hook, tilde, acute, dot below (combining), then a-tones
    '\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ', 'ẳ',
    'ẵ', 'ắ', 'Ẵ', // 0xC0
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ',
    // 0xD0
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò',
    // 0xE0
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù',
    // 0xF0
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố',
];

pub(super) fn tcvn3_char(byte: u8) -> char {
    match byte {
        0x00..=0x7F => char::from(byte),
        0x80..=0x9F => single_byte(encoding_rs::WINDOWS_1252, byte),
        _ => TCVN3_HIGH[usize::from(byte - 0xA0)],
    }
}

/// VN3 has no toned capitals: headings are typed in lower-case codes under
/// an all-caps font (`.VnTimeH`), so `CéNG HOµ X·` means `CỘNG HOÀ XÃ`. A
/// word with no ASCII lower case and two ASCII capitals (or one, right after
/// such a word on the same line) gets its Vietnamese letters upper-cased.
pub(super) fn tcvn3_into(bytes: &[u8], b: &mut MapBuilder) {
    let mut prev_caps = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            prev_caps &= bytes[i] != b'\n';
            b.push(char::from(bytes[i]), i, i + 1);
            i += 1;
            continue;
        }
        let end = bytes[i..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |p| i + p);
        let word = &bytes[i..end];
        let upper = word.iter().filter(|c| c.is_ascii_uppercase()).count();
        let lower = word.iter().filter(|c| c.is_ascii_lowercase()).count();
        let caps = lower == 0 && (upper >= 2 || upper == 1 && prev_caps);
        for (k, &byte) in word.iter().enumerate() {
            let c = tcvn3_char(byte);
            let c = if caps && byte >= 0xA0 {
                upper_same_len(c)
            } else {
                c
            };
            b.push(c, i + k, i + k + 1);
        }
        // Punctuation-only words (`-`, `:`) keep the heading context.
        prev_caps = caps || lower == 0 && upper == 0 && prev_caps;
        i = end;
    }
}

/// Upper case of a letter when it is a single char of the same UTF-8 length
/// (true for every Vietnamese letter), else the letter itself.
pub(super) fn upper_same_len(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) if u.len_utf8() == c.len_utf8() => u,
        _ => c,
    }
}
