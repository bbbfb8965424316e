//! OCR repair: noisy-channel candidates per token, a syllable n-gram language
//! model, and sentence-level decoding.

pub mod abbrev;
pub mod adapt;
pub mod candidates;
pub mod casing;
pub mod channel;
pub mod decode;
pub mod engine;
pub mod enumeration;
pub mod horns;
pub mod kind;
pub mod model;
pub mod names;
pub mod precomputed;
pub mod units;
pub mod vocab;
