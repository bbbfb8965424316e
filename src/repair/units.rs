//! What each token is to the language model, shared by training and decoding
//! so both see text the same way.

use super::vocab::{COMMA, NUM, SLASH, UNK};
use crate::text::TokenKind;

/// A token's role in the language model's sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A word: a repair position (decoding) or a vocabulary lookup (training).
    Word,
    /// A token with a fixed model id (numbers, codes, commas, URLs).
    Fixed(u32),
    /// Ends the sentence (`.`, `;`, `:`, `!`, `?`).
    Boundary,
    /// Invisible to the model (spaces, quotes, brackets, markup).
    Skip,
}

/// Classifies a token for the language model.
pub fn unit_of(kind: TokenKind, text: &str) -> Unit {
    match kind {
        TokenKind::Word => Unit::Word,
        TokenKind::Number | TokenKind::Code => Unit::Fixed(NUM),
        TokenKind::Url | TokenKind::Email => Unit::Fixed(UNK),
        TokenKind::Punct if text.contains(['.', ';', ':', '!', '?', '…']) => Unit::Boundary,
        TokenKind::Punct if text.contains(',') => Unit::Fixed(COMMA),
        TokenKind::Punct if text == "/" => Unit::Fixed(SLASH),
        _ => Unit::Skip,
    }
}
