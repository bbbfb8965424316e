//! The one error type of the library: every failure names the input (and,
//! for bad bytes, the offset and line) so a batch can report it and go on.

use std::fmt;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input's bytes cannot be read as text (invalid UTF-8, a byte
    /// sequence illegal in the detected or requested encoding, binary data).
    #[error(transparent)]
    Input(#[from] crate::text::IntakeError),
    /// An OCR engine's file (hOCR, ALTO, TSV) is malformed or hostile.
    #[error(transparent)]
    Ocr(#[from] crate::ocr::OcrError),
    /// Reading an input failed.
    #[error("{source_name}: cannot read: {error}")]
    Read {
        /// The input's name.
        source_name: String,
        /// What the system said.
        error: std::io::Error,
    },
    /// Writing output failed (a closed pipe, a full disk).
    #[error("writing output: {0}")]
    Write(std::io::Error),
    /// The model files are missing or damaged.
    #[error(transparent)]
    Model(#[from] crate::repair::model::ModelError),
    /// An option has a value outside its range.
    #[error("{0}")]
    Option(String),
}

impl Error {
    /// True for a write to a reader that went away (`| head`): the caller
    /// should stop quietly, not report a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Write(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// True when the input, not the output or the set-up, is at fault: a
    /// batch reports it and goes on with the next input.
    pub fn is_input_error(&self) -> bool {
        matches!(self, Error::Input(_) | Error::Ocr(_) | Error::Read { .. })
    }

    pub(crate) fn option(msg: impl fmt::Display) -> Error {
        Error::Option(msg.to_string())
    }
}

/// `Result` with the library's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
