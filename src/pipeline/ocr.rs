//! OCR engines' files in the pipeline: read whole as one piece (their text
//! is rebuilt from the words, see [`crate::ocr`]), repaired with
//! confidences (written back into the file for the words that changed),
//! and every record item placed on its page and box.

use super::pieces::{DecodedPiece, PieceReader};
use super::{CHUNK_BYTES, Pipeline, RepairStats, chunks};
use crate::error::{Error, Result};
use crate::ocr::{InputFormat, MAX_BYTES, OcrLayout};
use crate::record::{Change, DocumentRecord};
use crate::repair::engine::RepairOptions;
use crate::text::Rewrite;
use std::io::Read;
use std::ops::Range;
use std::sync::Arc;

/// Reads the rest of an OCR file and parses it into one piece.
pub(crate) fn read_whole<R: Read>(
    name: &str,
    pieces: PieceReader<R>,
    format: InputFormat,
) -> Result<DecodedPiece> {
    let bytes = pieces
        .read_rest(MAX_BYTES)
        .map_err(|error| Error::Read {
            source_name: name.to_string(),
            error,
        })?
        .ok_or_else(|| Error::Read {
            source_name: name.to_string(),
            error: std::io::Error::other(format!(
                "an OCR file ({}) is read whole, up to {} MB; this one is larger",
                format.as_str(),
                MAX_BYTES >> 20
            )),
        })?;
    let len = bytes.len() as u64;
    let (doc, layout) = crate::ocr::read(name, bytes, format)?;
    Ok(DecodedPiece {
        doc,
        byte_base: 0,
        line_base: 0,
        len,
        ocr: Some(Arc::new(layout)),
    })
}

impl Pipeline {
    /// Repairs `text` in paragraph chunks in parallel with every change's
    /// confidence: the rewrite, `(span, confidence)` of each change, and
    /// totals as [`Pipeline::repair_summary`] gives them (unscored), so a
    /// record is the same whether the file is written back or not.
    pub(crate) fn repair_scored(
        &self,
        text: &str,
    ) -> (Rewrite, Vec<(Range<usize>, f32)>, RepairStats) {
        let opts = RepairOptions {
            record_changes: true,
            ..self.options.clone()
        };
        let r = self.install(|| {
            chunks::repair_parallel(text, CHUNK_BYTES, &opts, &|t, o| self.repair_local(t, o))
        });
        let stats = RepairStats::of(&r, false);
        let scores = r
            .changes
            .into_iter()
            .map(|c| (c.span, c.confidence))
            .collect();
        (r.rewrite, scores, stats)
    }
}

/// Sets `page` and `bbox` of every item of a record read from an OCR file.
pub(crate) fn place_record(rec: &mut DocumentRecord, layout: &OcrLayout) {
    rec.format = layout.format().as_str().to_string();
    for l in rec.document.provenance.locations_mut() {
        l.region = layout.region(l.span);
    }
    for x in &mut rec.sections {
        x.region = layout.region(x.span);
    }
    for x in &mut rec.references {
        x.region = layout.region(x.span);
    }
    for x in &mut rec.dates {
        x.region = layout.region(x.span);
    }
    for x in &mut rec.dossiers {
        x.region = layout.region(x.span);
    }
}

/// Sets `page` and `bbox` of changes read from an OCR file.
pub(crate) fn place_changes(changes: &mut [Change], layout: &OcrLayout) {
    for c in changes {
        c.region = layout.region(c.span);
    }
}
