//! Whole-pipeline tests that need the stages' internals (lossless rewrites,
//! offset maps, per-token checks): repair of the fixtures, properties on generated text and the
//! replay of inputs the fuzzers once failed on (`tests/regressions/`).

mod ocr_formats;
mod repair_fixtures;
mod robustness_properties;
mod robustness_regressions;

use crate::text::{HORN_GLYPHS, Token, TokenKind};

/// The kind of what an edit rewrote: the one token its span is, or a word
/// when it is a letter-spaced word read as one (words and the spaces
/// between them, `C Ộ N G`) or a word and the star or apostrophe glued
/// after it that OCR wrote for a horn (`ti*` for `từ`, `co'` for `cơ`,
/// `repair::horns`), or a `?` glued in a word for a horned `ư` (`tri?`,
/// `chi?c`); none when it is anything else.
fn edited_kind(text: &str, tokens: &[Token], span: &std::ops::Range<usize>) -> Option<TokenKind> {
    let i = tokens.iter().position(|t| t.span.start == span.start)?;
    let first = &tokens[i];
    if first.span.end == span.end {
        return Some(first.kind);
    }
    let n = tokens[i..].iter().position(|t| t.span.end == span.end)?;
    let covered = &tokens[i..=i + n];
    let spaced = covered
        .iter()
        .all(|t| matches!(t.kind, TokenKind::Word | TokenKind::Space));
    let starred =
        n == 1 && first.kind == TokenKind::Word && HORN_GLYPHS.contains(&covered[1].text(text));
    let questioned = (1..=2).contains(&n)
        && first.kind == TokenKind::Word
        && covered[1].text(text) == "?"
        && covered[2..].iter().all(|t| t.kind == TokenKind::Word);
    (spaced || starred || questioned).then_some(TokenKind::Word)
}

/// Whether `new` may stand for the word `old`: letters, and only the white
/// space a letter-spaced `old` had; or, for a zero OCR read as `O` before
/// a digit (`O2`), that number (`02`).
fn is_word_rewrite(old: &str, new: &str) -> bool {
    let zero = old.strip_prefix('O').is_some_and(|d| {
        d.len() == 1 && d.bytes().all(|b| b.is_ascii_digit()) && new == format!("0{d}")
    });
    zero || new
        .chars()
        .all(|c| c.is_alphabetic() || (c.is_whitespace() && old.contains(c)))
}
