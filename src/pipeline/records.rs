//! Assembling the typed records from a document, its repair and its
//! extraction.

use crate::extract::Extraction;
use crate::record::{
    Alternative, Change, DocumentRecord, Producer, RepairSummary, SCHEMA_VERSION, Span,
};
use crate::repair::engine::Repaired;
use crate::repair::model::Model;
use crate::text::Document;

/// Totals of a repair, for summaries that must not keep every change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RepairStats {
    /// Words looked at.
    pub words: usize,
    /// Words changed.
    pub changed: usize,
    /// Sum of the changes' confidences (mean = sum / changed).
    pub confidence_sum: f64,
    /// Whether every change's confidence was computed (only when changes
    /// are recorded: the margins cost as much as the rest of repair).
    pub scored: bool,
}

impl Default for RepairStats {
    /// No repair yet: nothing changed, so nothing lacks a confidence.
    fn default() -> Self {
        RepairStats {
            words: 0,
            changed: 0,
            confidence_sum: 0.0,
            scored: true,
        }
    }
}

impl RepairStats {
    /// Totals of one repair; `recorded` says whether it recorded its
    /// changes (else they are counted from the rewrite's edits).
    pub fn of(r: &Repaired, recorded: bool) -> Self {
        RepairStats {
            words: r.words,
            changed: if recorded {
                r.changes.len()
            } else {
                r.rewrite.edits.len()
            },
            confidence_sum: r.changes.iter().map(|c| f64::from(c.confidence)).sum(),
            scored: recorded,
        }
    }

    /// The totals as the records print them.
    pub fn summary(&self) -> RepairSummary {
        RepairSummary::from_totals(self.words, self.changed, self.confidence_sum, self.scored)
    }

    /// Adds another repair's totals (a mix of scored and unscored ones is
    /// unscored).
    pub fn add(&mut self, o: &RepairStats) {
        self.scored = self.scored && o.scored;
        self.words += o.words;
        self.changed += o.changed;
        self.confidence_sum += o.confidence_sum;
    }
}

/// A record with no items yet, to which pieces are added.
pub(crate) fn empty_record(source: &str, encoding: &str, model: Option<&Model>) -> DocumentRecord {
    DocumentRecord {
        schema_version: SCHEMA_VERSION.to_string(),
        producer: Producer::new(model.map(|m| m.id)),
        source: source.to_string(),
        encoding: encoding.to_string(),
        format: "text".to_string(),
        document: Default::default(),
        sections: Vec::new(),
        references: Vec::new(),
        dates: Vec::new(),
        dossiers: Vec::new(),
        warnings: Vec::new(),
        repair: None,
        text: None,
    }
}

fn shift_span(s: &mut Span, byte_base: u64) {
    let b = usize::try_from(byte_base).unwrap_or(usize::MAX);
    *s = (s.0.saturating_add(b), s.1.saturating_add(b));
}

fn shift_loc(line: &mut usize, line_end: &mut Option<usize>, line_base: usize) {
    *line += line_base;
    if let Some(e) = line_end {
        *e += line_base;
    }
}

/// Adds the extraction of one piece of the input (lines and spans relative
/// to the piece, which starts after `line_base` line ends and `byte_base`
/// bytes). The first piece gives the header; a later piece's signer (the
/// signature closes the document) replaces an earlier one.
pub(crate) fn add_piece(
    rec: &mut DocumentRecord,
    ex: Extraction,
    line_base: usize,
    byte_base: u64,
    first: bool,
) {
    let Extraction {
        mut document,
        mut sections,
        mut references,
        mut dates,
        mut dossiers,
        mut warnings,
    } = ex;
    for l in document.provenance.locations_mut() {
        shift_loc(&mut l.line, &mut l.line_end, line_base);
        shift_span(&mut l.span, byte_base);
    }
    if first {
        rec.document = document;
    } else if document.signer.is_some() {
        rec.document.signer = document.signer;
        rec.document.provenance.signer = document.provenance.signer;
    }
    for x in &mut sections {
        shift_loc(&mut x.line, &mut x.line_end, line_base);
        shift_span(&mut x.span, byte_base);
    }
    for x in &mut references {
        shift_loc(&mut x.line, &mut x.line_end, line_base);
        shift_span(&mut x.span, byte_base);
    }
    for x in &mut dates {
        shift_loc(&mut x.line, &mut x.line_end, line_base);
        shift_span(&mut x.span, byte_base);
    }
    for x in &mut dossiers {
        shift_loc(&mut x.line, &mut x.line_end, line_base);
        shift_span(&mut x.span, byte_base);
    }
    for w in &mut warnings {
        shift_loc(&mut w.line, &mut w.line_end, line_base);
        for l in &mut w.lines {
            *l += line_base;
        }
    }
    rec.sections.append(&mut sections);
    rec.references.append(&mut references);
    rec.dates.append(&mut dates);
    rec.dossiers.append(&mut dossiers);
    rec.warnings.append(&mut warnings);
}

/// Three decimals are plenty for a confidence and keep JSON readable.
fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

/// The changes of one repaired piece, in input coordinates: lines shifted
/// by `line_base`, spans mapped through the piece's decoding and shifted by
/// `byte_base`.
pub(crate) fn changes_of(
    doc: &Document,
    changes: Vec<crate::repair::engine::Change>,
    line_base: usize,
    byte_base: u64,
) -> Vec<Change> {
    changes
        .into_iter()
        .map(|c| {
            let r = doc.input_span(&c.span);
            let mut span = (r.start, r.end);
            shift_span(&mut span, byte_base);
            Change {
                line: c.line + line_base,
                span,
                region: Default::default(),
                original: c.original,
                replacement: c.replacement,
                confidence: round3(c.confidence),
                alternatives: c
                    .alternatives
                    .into_iter()
                    .map(|(text, p)| Alternative {
                        text,
                        confidence: round3(p),
                    })
                    .collect(),
            }
        })
        .collect()
}
