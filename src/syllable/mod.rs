//! The Vietnamese syllable: letters with their marks, phonotactic validity,
//! skeleton keys and canonical tone placement.
//!
//! Repair compares OCR tokens with *syllables*, not words, so this module is
//! the vocabulary every other stage speaks.

mod fold;
mod letters;
mod parse;

pub use fold::{fold, fold_char, push_lower};
pub use letters::split_tone;
pub use parse::{ToneStyle, canonical, parse, skeleton};

/// Whether `word` is one written Vietnamese syllable (any case, tone placed
/// either way): what encoding detection counts as evidence.
pub fn is_syllable(word: &str) -> bool {
    parse(word).is_some()
}
