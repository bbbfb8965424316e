//! The Vietnamese syllable: letters with their marks, phonotactic validity,
//! skeleton keys and canonical tone placement.
//!
//! Repair compares OCR tokens with *syllables*, not words, so this module is
//! the vocabulary every other stage speaks.

mod letters;
mod parse;

pub use letters::{Tone, split_tone, with_tone};
pub use parse::{Syllable, ToneStyle, canonical, parse, skeleton};
