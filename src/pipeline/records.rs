//! Assembling the typed records from a document, its repair and its
//! extraction.

use crate::extract::{Extraction, extract};
use crate::record::{
    Alternative, Change, DocumentRecord, Producer, RepairRecord, RepairSummary, SCHEMA_VERSION,
};
use crate::repair::engine::Repaired;
use crate::repair::model::Model;
use crate::text::{Document, Rewrite};

/// Totals of a repair, for summaries that must not keep every change.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RepairStats {
    /// Words looked at.
    pub words: usize,
    /// Words changed.
    pub changed: usize,
    /// Sum of the changes' confidences (mean = sum / changed).
    pub confidence_sum: f64,
}

impl RepairStats {
    /// Totals of one repair.
    pub fn of(r: &Repaired) -> Self {
        RepairStats {
            words: r.words,
            changed: r.changes.len(),
            confidence_sum: r.changes.iter().map(|c| f64::from(c.confidence)).sum(),
        }
    }

    /// Mean confidence of the changes (1 when nothing changed).
    pub fn mean_confidence(&self) -> f64 {
        if self.changed == 0 {
            1.0
        } else {
            self.confidence_sum / self.changed as f64
        }
    }

    /// The totals as the records print them.
    pub fn summary(&self) -> RepairSummary {
        RepairSummary {
            words: self.words,
            changed: self.changed,
            mean_confidence: (self.mean_confidence() * 1000.0).round() / 1000.0,
        }
    }

    /// Adds another repair's totals.
    pub fn add(&mut self, o: &RepairStats) {
        self.words += o.words;
        self.changed += o.changed;
        self.confidence_sum += o.confidence_sum;
    }
}

/// The record of `doc` read through `rewrite` (its repair, or the identity
/// for `--no-repair`), made by `model` (none for `--no-repair`).
pub fn document_record(
    doc: &Document,
    rewrite: &Rewrite,
    model: Option<&Model>,
    repair: Option<RepairSummary>,
) -> DocumentRecord {
    let Extraction {
        document,
        sections,
        references,
        dates,
        dossiers,
        warnings,
    } = extract(doc, rewrite);
    DocumentRecord {
        schema_version: SCHEMA_VERSION.to_string(),
        producer: Producer::new(model.map(|m| m.id)),
        source: doc.source.clone(),
        encoding: doc.encoding.to_string(),
        document,
        sections,
        references,
        dates,
        dossiers,
        warnings,
        repair,
        text: None,
    }
}

/// Three decimals are plenty for a confidence and keep JSON readable.
fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

/// The record of one repaired document with every change; spans are byte
/// ranges of the original input (through BOM/encoding/NFC changes).
pub fn repair_record(
    doc: &Document,
    repaired: &Repaired,
    model: &Model,
    include_text: bool,
) -> RepairRecord {
    let changes = repaired
        .changes
        .iter()
        .map(|c| {
            let span = doc.input_span(&c.span);
            Change {
                line: c.line,
                span: (span.start, span.end),
                original: c.original.clone(),
                replacement: c.replacement.clone(),
                confidence: round3(c.confidence),
                alternatives: c
                    .alternatives
                    .iter()
                    .map(|(t, p)| Alternative {
                        text: t.clone(),
                        confidence: round3(*p),
                    })
                    .collect(),
            }
        })
        .collect();
    RepairRecord {
        schema_version: SCHEMA_VERSION.to_string(),
        producer: Producer::new(Some(model.id)),
        source: doc.source.clone(),
        encoding: doc.encoding.to_string(),
        repair: RepairStats::of(repaired).summary(),
        changes,
        text: include_text.then(|| repaired.rewrite.text.clone()),
    }
}
