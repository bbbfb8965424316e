//! baocao: repair OCR-mangled Vietnamese administrative reports and extract
//! what analysts need from them, with every value traceable to input bytes.
//!
//! The pipeline flows one way: bytes → [`text`] (NFC text with spans) →
//! tokens → [`repair`]ed tokens → [`structure`] (sections) → [`extract`]ed
//! records → [`output`].

pub mod extract;
pub mod structure;
pub mod text;
