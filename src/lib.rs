//! baocao: repair OCR-mangled Vietnamese administrative reports and extract
//! what analysts need from them, with every value traceable to input bytes.
//!
//! The pipeline flows one way: bytes → [`text`] (NFC text with spans) →
//! tokens → [`repair`]ed tokens → [`structure`] (sections) → [`extract`]ed
//! records → [`output`].

pub mod commands;
pub mod eval;
pub mod extract;
pub mod legal;
pub mod lm;
pub mod output;
pub mod pipeline;
pub mod record;
pub mod repair;
pub mod stream;
pub mod structure;
pub mod syllable;
pub mod text;
pub mod train;
