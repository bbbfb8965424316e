//! Whole-pipeline tests that need the stages' internals (lossless rewrites,
//! offset maps, per-token checks): repair of the fixtures, properties on generated text and the
//! replay of inputs the fuzzers once failed on (`tests/regressions/`).

mod ocr_formats;
mod repair_fixtures;
mod robustness_properties;
mod robustness_regressions;

use crate::text::{Token, TokenKind};

/// The kind of what an edit rewrote: the one token its span is, or a word
/// when it is a word and the horn star glued after it (`ti*` for `từ`,
/// `repair::horn_star`); none when it is anything else.
fn edited_kind(text: &str, tokens: &[Token], span: &std::ops::Range<usize>) -> Option<TokenKind> {
    let i = tokens.iter().position(|t| t.span.start == span.start)?;
    let first = &tokens[i];
    if first.span.end == span.end {
        return Some(first.kind);
    }
    let star = tokens.get(i + 1)?;
    (first.kind == TokenKind::Word && star.span.end == span.end && star.text(text) == "*")
        .then_some(TokenKind::Word)
}
