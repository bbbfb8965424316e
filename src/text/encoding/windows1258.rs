//! Windows-1258: base letters plus combining tone marks.

use super::map::MapBuilder;

/// Windows-1258 is single-byte, so the n-th decoded char is the n-th byte;
/// its combining tone marks are composed to NFC by the builder.
pub(super) fn windows1258_into(bytes: &[u8], b: &mut MapBuilder) {
    let (text, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
    if text.chars().count() == bytes.len() {
        for (i, c) in text.chars().enumerate() {
            b.push(c, i, i + 1);
        }
    } else {
        // Not expected for a single-byte table; stay exact byte by byte.
        for (i, &byte) in bytes.iter().enumerate() {
            b.push(single_byte(encoding_rs::WINDOWS_1258, byte), i, i + 1);
        }
    }
}

/// One byte through an `encoding_rs` single-byte table.
pub(super) fn single_byte(enc: &'static encoding_rs::Encoding, byte: u8) -> char {
    let one = [byte];
    let (text, _) = enc.decode_without_bom_handling(&one);
    text.chars().next().unwrap_or('\u{FFFD}')
}
