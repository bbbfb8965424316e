//! Text intake and tokenization: bytes in, NFC text with byte spans out.
//!
//! Everything downstream works on [`Document::text`]; [`Document::input_span`]
//! maps any span back to the bytes the user gave us, so records stay traceable
//! even when the input had a BOM or decomposed (NFD) marks.

pub mod breaks;
mod encoding;
mod intake;
mod letters;
mod lines;
mod rewrite;
mod tokenize;
#[cfg(test)]
mod tokenize_props;

pub use crate::syllable::{fold, fold_char};
pub use encoding::{Encoding, decode_auto, detect};
pub use intake::{Document, IntakeError, IntakeOptions};
pub use letters::{Letter, letter_case};
pub use lines::LineIndex;
pub use rewrite::{Edit, Rewrite};
pub use tokenize::{HORN_GLYPHS, Token, TokenKind, is_trailing_debris, tokenize};

/// A half-open byte range `[start, end)`.
pub type Span = std::ops::Range<usize>;
