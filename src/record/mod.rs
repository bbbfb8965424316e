//! The output contract: one typed record per output, shared by every
//! writer (JSON, JSON Lines, CSV, text) and described by the committed JSON
//! Schema in `schema/`. Records carry [`SCHEMA_VERSION`] and the producing
//! tool and model, so a consumer can tell which contract a file follows.
//!
//! Every field is always present (`null` when unknown), so `jq` filters and
//! CSV columns never depend on which document came first.

mod items;
mod vocab;

pub use items::{
    BBox, DateMention, Dossier, Header, HeaderProvenance, Location, Reference, Region, Section,
    Span, Warning,
};
pub use vocab::{Granularity, Metric, WarningKind, Zone};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the record contract. The major part changes when a field is
/// removed or changes meaning; the minor part when a field is added.
pub const SCHEMA_VERSION: &str = "1.2";

/// Which build and which model produced a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Producer {
    /// Always `baocao`.
    pub name: String,
    /// The crate version (`0.2.0`).
    pub version: String,
    /// Fingerprint of the model files used (16 hex digits); `null` when
    /// no model was involved (`extract --no-repair`).
    pub model: Option<String>,
}

impl Producer {
    /// This build, with the model of fingerprint `model_id` (if any).
    pub fn new(model_id: Option<u64>) -> Producer {
        Producer {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            model: model_id.map(|id| format!("{id:016x}")),
        }
    }
}

/// Everything read from one document: `baocao extract` and `baocao run`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentRecord {
    /// [`SCHEMA_VERSION`] of this record.
    pub schema_version: String,
    /// Tool and model that made it.
    pub producer: Producer,
    /// Input path as given (`-` for standard input).
    pub source: String,
    /// Detected or requested input encoding (`utf-8`, `utf-8-bom`,
    /// `utf-16le`, `windows-1258`, `tcvn3`, `vni-windows`, `viqr`).
    pub encoding: String,
    /// What kind of file was read: `text`, or an OCR engine's `hocr`,
    /// `alto` or `tsv` (whose items also carry `page` and `bbox`).
    #[serde(default = "text_format")]
    pub format: String,
    /// What the document says about itself.
    pub document: Header,
    /// Section headings, in document order.
    pub sections: Vec<Section>,
    /// Mentions of other documents.
    pub references: Vec<Reference>,
    /// Date expressions.
    pub dates: Vec<DateMention>,
    /// Dossier counts.
    pub dossiers: Vec<Dossier>,
    /// Where the document's own numbers disagree.
    pub warnings: Vec<Warning>,
    /// Totals of the repair the record was read through; `null` when the
    /// text was read as it is (`--no-repair`).
    pub repair: Option<RepairSummary>,
    /// The repaired text, only with `--include-text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// `format` of records written before it existed (schema 1.0).
fn text_format() -> String {
    "text".to_string()
}

/// Totals of one document's repair.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct RepairSummary {
    /// Words looked at.
    pub words: usize,
    /// Words changed.
    pub changed: usize,
    /// Mean confidence of the changes (1.0 when nothing changed); `null`
    /// where confidences were not computed (text output and document
    /// records skip them: they cost as much as the rest of the repair).
    pub mean_confidence: Option<f64>,
}

impl RepairSummary {
    /// The summary of `changed` changes among `words` words whose
    /// confidences sum to `confidence_sum` (`scored`: all were computed),
    /// the mean rounded to 3 decimals: one rule for a document and a batch.
    pub fn from_totals(words: usize, changed: usize, confidence_sum: f64, scored: bool) -> Self {
        let mean_confidence = match (scored, changed) {
            (false, _) => None,
            (true, 0) => Some(1.0),
            (true, n) => Some((confidence_sum / n as f64 * 1000.0).round() / 1000.0),
        };
        RepairSummary {
            words,
            changed,
            mean_confidence,
        }
    }
}

/// One document's repair with every change: `baocao repair --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RepairRecord {
    /// [`SCHEMA_VERSION`] of this record.
    pub schema_version: String,
    /// Tool and model that made it.
    pub producer: Producer,
    /// Input path as given (`-` for standard input).
    pub source: String,
    /// Detected or requested input encoding.
    pub encoding: String,
    /// Every changed word, in text order.
    pub changes: Vec<Change>,
    /// Totals.
    pub repair: RepairSummary,
    /// The repaired text, only with `--include-text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// One changed word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    /// 1-based line.
    pub line: usize,
    /// Input bytes of the original word.
    pub span: Span,
    /// Page and box in an OCR input (`null` for plain text).
    #[serde(flatten)]
    pub region: Region,
    /// The word as the input has it.
    pub original: String,
    /// The word written instead.
    pub replacement: String,
    /// Posterior probability that `replacement` is right (0–1).
    pub confidence: f64,
    /// The next most likely readings, most likely first: at most three,
    /// only those the decoder could still have chosen (within its beam),
    /// and none below confidence 0.0005 (which would read 0.000).
    pub alternatives: Vec<Alternative>,
}

/// Another reading of a changed word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Alternative {
    /// The word.
    pub text: String,
    /// Posterior probability of this reading (0–1).
    pub confidence: f64,
}

/// Totals of a batch (`baocao run --summary FILE`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BatchSummary {
    /// [`SCHEMA_VERSION`] of this record.
    pub schema_version: String,
    /// Tool and model that made it.
    pub producer: Producer,
    /// Inputs processed.
    pub files: usize,
    /// Inputs that failed (each reported on standard error).
    pub failed: usize,
    /// Input bytes processed.
    pub bytes: u64,
    /// Repair totals over all inputs.
    pub repair: RepairSummary,
    /// Warnings over all records.
    pub warnings: usize,
    /// What sampling the batch's own words for its OCR channel found, and
    /// whether repair used the channel learnt from them (`null` when no
    /// sample was taken: too few OCR words, `--adapt off`, or no repair).
    pub adaptation: Option<ChannelAdaptation>,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// What learning the OCR channel from an input's own words found
/// ([`crate::Pipeline::adapt`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChannelAdaptation {
    /// OCR words of the sample the channel was re-estimated from.
    pub words: usize,
    /// Of those, the words the sample's first repair read as another
    /// syllable than the OCR wrote.
    pub changed: usize,
    /// How much better the adapted channel explains those words than the
    /// trained one: mean channel cost saved per word, in nats.
    pub gain: f64,
    /// Whether repair used the adapted channel: only when `gain` is at
    /// least 0.15, i.e. the OCR engine is not the one the channel was
    /// trained on (on that one adapting moved words both ways).
    pub applied: bool,
}

/// Names of the records with a schema, as `baocao schema NAME` takes them.
pub const SCHEMA_NAMES: &[&str] = &["document", "repair", "batch"];

/// The JSON Schema of every record, `(name, pretty JSON text)`, generated
/// from the types: what `schema/NAME.schema.json` holds. Every property is
/// required (records always write every field, `null` when unknown) except
/// a record's own `text`, which only `--include-text` adds.
pub fn json_schemas() -> serde_json::Result<Vec<(&'static str, String)>> {
    let schemas = [
        ("document", schemars::schema_for!(DocumentRecord)),
        ("repair", schemars::schema_for!(RepairRecord)),
        ("batch", schemars::schema_for!(BatchSummary)),
    ];
    schemas
        .into_iter()
        .map(|(name, s)| {
            let mut v = serde_json::to_value(&s)?;
            require_all(&mut v);
            if let Some(req) = v.get_mut("required").and_then(|r| r.as_array_mut()) {
                req.retain(|k| k != "text");
            }
            let mut text = serde_json::to_string_pretty(&v)?;
            text.push('\n');
            Ok((name, text))
        })
        .collect()
}

/// Marks every property of every object schema in `v` as required.
fn require_all(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                let names = props
                    .keys()
                    .cloned()
                    .map(serde_json::Value::String)
                    .collect();
                map.insert("required".into(), serde_json::Value::Array(names));
            }
            map.values_mut().for_each(require_all);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(require_all),
        _ => {}
    }
}
