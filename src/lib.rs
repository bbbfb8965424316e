//! baocao repairs OCR-mangled Vietnamese administrative documents and
//! extracts what analysts need from them — header, sections, references to
//! other documents, dates, dossier counts, and warnings where the
//! document's own numbers disagree — as typed records whose every value
//! points back to the input's lines and bytes.
//!
//! One [`Pipeline`] loads the model (embedded in the library) once; share
//! it between threads.
//!
//! ```
//! # fn main() -> Result<(), baocao::Error> {
//! let pipeline = baocao::Pipeline::new()?;
//!
//! // Repair: diacritics and OCR confusions, layout kept byte for byte.
//! let text = pipeline.repair_text("Pang uy di ban hanh Quyét dinh s6 101-QD/PU ngay 05/03/2024\n");
//! assert_eq!(text, "Đảng ủy đã ban hành Quyết định số 101-QĐ/ĐU ngày 05/03/2024\n");
//!
//! // Extraction: a typed record, the same one `baocao extract` prints.
//! let record = pipeline.process("scan.txt", text.as_bytes())?;
//! let cited = &record.references[0];
//! assert_eq!(cited.number.as_deref(), Some("101-QĐ/ĐU"));
//! assert_eq!(cited.date.as_deref(), Some("2024-03-05"));
//! assert_eq!(record.dates[0].line, 1);
//! # Ok(())
//! # }
//! ```
//!
//! Data flows one way: bytes → text with spans → tokens → repaired tokens →
//! sections → records. The records ([`record`]) are the contract, versioned
//! by [`record::SCHEMA_VERSION`] and described by the JSON Schema in
//! `schema/`; [`output`] writes them as JSON, JSON Lines and CSV; [`eval`]
//! scores repairs and records against gold files; [`train`] rebuilds the
//! model from the project's corpora.

#![warn(missing_docs)]

mod error;
pub mod eval;
mod options;
pub mod output;
mod pipeline;
pub mod record;
#[cfg(test)]
mod tests;
pub mod train;

/// The stages behind the front door. They are private; the `internals`
/// feature opens them, without any promise of stability, to the benches and
/// fuzz targets that time or attack one stage alone.
macro_rules! stages {
    ($($stage:ident),*) => {$(
        #[cfg(feature = "internals")]
        #[doc(hidden)]
        pub mod $stage;
        #[cfg(not(feature = "internals"))]
        mod $stage;
    )*};
}
stages!(extract, legal, lm, ocr, repair, structure, syllable, text);

/// The README's examples, run as doctests so the documented library use
/// keeps compiling and working.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;

pub use error::{Error, Result};
pub use ocr::{InputFormat, OcrError};
pub use options::UnknownName;
pub use pipeline::{
    ADAPT_SAMPLE_BYTES, Pipeline, PipelineBuilder, RepairOutput, RepairPiece, Tuning,
};
pub use record::{
    BatchSummary, ChannelAdaptation, DocumentRecord, Producer, RepairRecord, RepairSummary,
    SCHEMA_VERSION,
};
pub use repair::engine::InputKind;
pub use syllable::ToneStyle;
pub use text::Encoding;
