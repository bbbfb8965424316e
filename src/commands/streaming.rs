//! Repaired text with flat memory: the input is read in pieces (see
//! [`crate::stream`]), each piece is decoded, repaired in parallel chunks
//! and written before the next is read, so a 200 MB file costs a few MB.
//!
//! The encoding is detected once, on the first piece (`--encoding` skips
//! that). UTF-16 cannot be cut on bytes, so UTF-16 input is read whole.

use super::input::InputArgs;
use crate::pipeline::{CHUNK_BYTES, Pipeline, RepairStats};
use crate::stream::{PieceLimits, PieceReader};
use crate::text::{Encoding, IntakeError, decode_auto, detect};
use anyhow::Context;
use std::io::{Read, Write};

/// Why streaming one input stopped: the input (report it and go on) or the
/// output (a closed pipe or a full disk, which the caller decides about).
#[derive(Debug)]
pub enum StreamError {
    Input(anyhow::Error),
    Output(anyhow::Error),
}

/// Streams the repair of `reader` (named `name` in messages) into `out`,
/// calling `progress` with the input bytes of each piece done. Pieces are
/// repaired on `pool` when given (the caller's thread may not be in it).
pub fn stream_repair(
    pipeline: &Pipeline,
    pool: Option<&rayon::ThreadPool>,
    name: &str,
    reader: impl Read,
    args: &InputArgs,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(u64),
) -> Result<RepairStats, StreamError> {
    let mut pieces = PieceReader::new(reader, PieceLimits::default());
    let read_err = |e: std::io::Error| {
        StreamError::Input(anyhow::Error::new(e).context(format!("{name}: cannot read")))
    };
    let mut encoding = args.encoding;
    let mut stats = RepairStats::default();
    let intake = args.intake();
    loop {
        let (base_offset, base_line) = (pieces.offset, pieces.lines);
        let Some(mut piece) = pieces.next_piece().map_err(read_err)? else {
            break;
        };
        let enc = *encoding.get_or_insert_with(|| detect(&piece));
        if matches!(enc, Encoding::Utf16Le | Encoding::Utf16Be) {
            while let Some(more) = pieces.next_piece().map_err(read_err)? {
                piece.extend_from_slice(&more);
            }
        }
        let doc = decode_auto(name, &piece, &intake, Some(enc))
            .map_err(|e| StreamError::Input(shift(e, base_offset, base_line).into()))?;
        let repair = || pipeline.repair_text_summary(&doc.text, CHUNK_BYTES);
        let (rewrite, s) = match pool {
            Some(p) => p.install(repair),
            None => repair(),
        };
        stats.add(&s);
        out.write_all(rewrite.text.as_bytes())
            .context("writing output")
            .map_err(StreamError::Output)?;
        progress(piece.len() as u64);
    }
    Ok(stats)
}

/// Moves an intake error's position from piece to input coordinates.
fn shift(e: IntakeError, base_offset: u64, base_line: usize) -> IntakeError {
    let b = usize::try_from(base_offset).unwrap_or(usize::MAX);
    match e {
        IntakeError::InvalidUtf8 {
            source_name,
            offset,
            line,
        } => IntakeError::InvalidUtf8 {
            source_name,
            offset: offset.saturating_add(b),
            line: line + base_line,
        },
        IntakeError::InvalidEncoding {
            source_name,
            encoding,
            offset,
            line,
        } => IntakeError::InvalidEncoding {
            source_name,
            encoding,
            offset: offset.saturating_add(b),
            line: line + base_line,
        },
        IntakeError::Binary {
            source_name,
            offset,
        } => IntakeError::Binary {
            source_name,
            offset: offset.saturating_add(b),
        },
    }
}
