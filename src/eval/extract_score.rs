//! Precision/recall/F1 of an extraction record against an expected record.
//!
//! Works on `serde_json::Value` so scoring does not depend on the extract
//! module's Rust types (and can score files produced by older builds).

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use super::repair_score::table;

/// Record kinds scored as sets of items, in report order.
const KINDS: [&str; 4] = ["sections", "references", "dates", "dossiers"];
/// Header fields of `document`, in report order.
const FIELDS: [&str; 7] = [
    "number", "type", "issuer", "place", "date", "title", "signer",
];
/// Header fields compared case-insensitively (OCR and layouts vary case there).
const CASELESS_FIELDS: [&str; 2] = ["title", "issuer"];
/// Items may sit one line off (a wrapped line, a merged heading) and still count.
const LINE_TOLERANCE: i64 = 1;

/// True/false positives and false negatives with the derived ratios.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

fn div(x: usize, y: usize) -> Option<f64> {
    (y > 0).then(|| x as f64 / y as f64)
}

impl Prf {
    /// Ratios are `None` when undefined (nothing predicted / nothing expected).
    pub fn new(tp: usize, fp: usize, fn_: usize) -> Prf {
        Prf {
            tp,
            fp,
            fn_,
            precision: div(tp, tp + fp),
            recall: div(tp, tp + fn_),
            f1: div(2 * tp, 2 * tp + fp + fn_),
        }
    }

    /// Micro-averaging: add counts, recompute ratios.
    pub fn add(&mut self, other: &Prf) {
        *self = Prf::new(self.tp + other.tp, self.fp + other.fp, self.fn_ + other.fn_);
    }
}

/// Scores of one item kind.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KindScore {
    pub kind: String,
    /// Matched on the kind's key and line (±1).
    pub strict: Prf,
    /// Matched on the key only, ignoring lines.
    pub loose: Prf,
}

/// Scores of one header field.  A field both sides leave null is agreement
/// but not a true positive.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldScore {
    pub field: String,
    #[serde(flatten)]
    pub prf: Prf,
    /// Documents where both sides agree (including both null).
    pub agree: usize,
    pub documents: usize,
}

/// Extraction scores for one document, or summed over several.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExtractReport {
    pub documents: usize,
    pub kinds: Vec<KindScore>,
    /// All kinds together (strict).
    pub overall: Prf,
    pub header: Vec<FieldScore>,
    /// All header fields together.
    pub header_overall: Prf,
    /// Schema problems met while reading the records (missing arrays, ...).
    pub notes: Vec<String>,
}

impl Default for ExtractReport {
    fn default() -> Self {
        ExtractReport {
            documents: 0,
            kinds: KINDS
                .iter()
                .map(|k| KindScore {
                    kind: k.to_string(),
                    strict: Prf::new(0, 0, 0),
                    loose: Prf::new(0, 0, 0),
                })
                .collect(),
            overall: Prf::new(0, 0, 0),
            header: FIELDS
                .iter()
                .map(|f| FieldScore {
                    field: f.to_string(),
                    prf: Prf::new(0, 0, 0),
                    agree: 0,
                    documents: 0,
                })
                .collect(),
            header_overall: Prf::new(0, 0, 0),
            notes: Vec::new(),
        }
    }
}

/// `reports.iter().sum()` over a directory of documents.
impl<'a> std::iter::Sum<&'a ExtractReport> for ExtractReport {
    fn sum<I: Iterator<Item = &'a ExtractReport>>(iter: I) -> Self {
        ExtractReport::sum(iter)
    }
}

impl ExtractReport {
    /// Adds another document's (or directory's) counts to this one.
    pub fn merge(&mut self, other: &ExtractReport) {
        self.documents += other.documents;
        for k in &other.kinds {
            match self.kinds.iter_mut().find(|s| s.kind == k.kind) {
                Some(s) => {
                    s.strict.add(&k.strict);
                    s.loose.add(&k.loose);
                }
                None => self.kinds.push(k.clone()),
            }
        }
        self.overall.add(&other.overall);
        for f in &other.header {
            match self.header.iter_mut().find(|s| s.field == f.field) {
                Some(s) => {
                    s.prf.add(&f.prf);
                    s.agree += f.agree;
                    s.documents += f.documents;
                }
                None => self.header.push(f.clone()),
            }
        }
        self.header_overall.add(&other.header_overall);
        self.notes.extend(other.notes.iter().cloned());
    }

    /// Micro-averaged sum over many documents.
    pub fn sum<'a>(reports: impl IntoIterator<Item = &'a ExtractReport>) -> ExtractReport {
        let mut total = ExtractReport::default();
        for r in reports {
            total.merge(r);
        }
        total
    }

    /// Two aligned tables: item kinds, then header fields.
    pub fn render_table(&self) -> String {
        let f = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{:.3}", v));
        let prf_cells = |p: &Prf| {
            vec![
                p.tp.to_string(),
                p.fp.to_string(),
                p.fn_.to_string(),
                f(p.precision),
                f(p.recall),
                f(p.f1),
            ]
        };
        let mut rows = vec![
            ["kind", "tp", "fp", "fn", "P", "R", "F1", "F1 (any line)"]
                .map(String::from)
                .to_vec(),
        ];
        for k in &self.kinds {
            let mut r = vec![k.kind.clone()];
            r.extend(prf_cells(&k.strict));
            r.push(f(k.loose.f1));
            rows.push(r);
        }
        let mut r = vec!["all".to_string()];
        r.extend(prf_cells(&self.overall));
        r.push(String::new());
        rows.push(r);
        let mut out = format!("documents: {}\n", self.documents);
        out.push_str(&grid(&rows));
        out.push('\n');
        let mut rows = vec![
            ["field", "tp", "fp", "fn", "P", "R", "F1", "agree"]
                .map(String::from)
                .to_vec(),
        ];
        for h in &self.header {
            let mut r = vec![h.field.clone()];
            r.extend(prf_cells(&h.prf));
            r.push(format!("{}/{}", h.agree, h.documents));
            rows.push(r);
        }
        let mut r = vec!["all".to_string()];
        r.extend(prf_cells(&self.header_overall));
        r.push(String::new());
        rows.push(r);
        out.push_str(&grid(&rows));
        if !self.notes.is_empty() {
            let notes: Vec<_> = self
                .notes
                .iter()
                .map(|n| ("note".to_string(), String::new(), n.clone()))
                .collect();
            out.push('\n');
            out.push_str(&table(&notes));
        }
        out
    }
}

/// First column left-aligned, the rest right-aligned.
fn grid(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let w = widths[c];
            if c == 0 {
                line.push_str(&format!("{cell:<w$}"));
            } else {
                line.push_str(&format!("  {cell:>w$}"));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

// ------------------------------------------------------------ normalisation

/// NFC, trimmed, inner whitespace runs collapsed to one space.
fn norm_text(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A JSON scalar as a comparable string; `None` for null/absent.
fn norm_value(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(norm_text(s)),
        Value::Number(n) => Some(norm_number(n.as_f64(), &n.to_string())),
        other => Some(other.to_string()),
    }
}

/// `4554` and `4554.0` are the same value.
fn norm_number(f: Option<f64>, raw: &str) -> String {
    match f {
        Some(f) if f.is_finite() => format!("{f}"),
        _ => raw.to_string(),
    }
}

/// Numeric values given as strings (`"4554"`) compare equal to numbers.
fn norm_numeric(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => {
            let t = norm_text(s);
            Some(match t.parse::<f64>() {
                Ok(f) => norm_number(Some(f), &t),
                Err(_) => t,
            })
        }
        other => norm_value(Some(other)),
    }
}

/// Reference numbers: OCR and typists vary spacing and case (`101 - QĐ/ĐU`).
fn norm_ref_number(v: Option<&Value>) -> Option<String> {
    let s = norm_value(v)?;
    Some(
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect(),
    )
}

fn field_key(kind: &str, item: &Value) -> String {
    let parts: [Option<String>; 2] = match kind {
        "sections" => [
            norm_value(item.get("marker")).map(|m| m.replace(' ', "")),
            norm_numeric(item.get("level")),
        ],
        "references" => [norm_ref_number(item.get("number")), None],
        "dates" => [
            norm_value(item.get("value")),
            norm_value(item.get("granularity")),
        ],
        _ => [
            norm_value(item.get("metric")),
            norm_numeric(item.get("value")),
        ],
    };
    parts
        .iter()
        .map(|p| p.as_deref().unwrap_or("\u{0}"))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

struct Item {
    key: String,
    line: Option<i64>,
}

fn items(record: &Value, kind: &str, side: &str, notes: &mut Vec<String>) -> Vec<Item> {
    match record.get(kind) {
        Some(Value::Array(a)) => a
            .iter()
            .map(|it| Item {
                key: field_key(kind, it),
                line: it.get("line").and_then(Value::as_i64),
            })
            .collect(),
        Some(Value::Null) | None => {
            notes.push(format!("{side}: no '{kind}' array"));
            Vec::new()
        }
        Some(_) => {
            notes.push(format!("{side}: '{kind}' is not an array"));
            Vec::new()
        }
    }
}

/// One-to-one matching: candidate pairs with equal keys (and, when `tol` is
/// set, lines within `tol`) are taken greedily by line distance, so the
/// closest pairs win and each item is used at most once.  Returns tp.
fn match_items(exp: &[Item], pred: &[Item], tol: Option<i64>) -> usize {
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (p, it) in pred.iter().enumerate() {
        by_key.entry(&it.key).or_default().push(p);
    }
    let mut cands: Vec<(i64, usize, usize)> = Vec::new();
    for (e, it) in exp.iter().enumerate() {
        for &p in by_key.get(it.key.as_str()).into_iter().flatten() {
            let dist = match (it.line, pred[p].line) {
                (Some(a), Some(b)) => Some((a - b).abs()),
                _ => None,
            };
            match (tol, dist) {
                (Some(t), Some(d)) if d <= t => cands.push((d, e, p)),
                (Some(_), _) => {}
                (None, d) => cands.push((d.unwrap_or(i64::MAX), e, p)),
            }
        }
    }
    cands.sort_unstable();
    let mut used_e = vec![false; exp.len()];
    let mut used_p = vec![false; pred.len()];
    let mut tp = 0;
    for (_, e, p) in cands {
        if !used_e[e] && !used_p[p] {
            used_e[e] = true;
            used_p[p] = true;
            tp += 1;
        }
    }
    tp
}

pub(crate) fn score(expected: &Value, predicted: &Value) -> ExtractReport {
    let mut r = ExtractReport {
        documents: 1,
        ..ExtractReport::default()
    };
    let mut notes = Vec::new();
    for ks in &mut r.kinds {
        let e = items(expected, &ks.kind, "expected", &mut notes);
        let p = items(predicted, &ks.kind, "predicted", &mut notes);
        let prf = |tp: usize| Prf::new(tp, p.len() - tp, e.len() - tp);
        ks.strict = prf(match_items(&e, &p, Some(LINE_TOLERANCE)));
        ks.loose = prf(match_items(&e, &p, None));
        r.overall.add(&ks.strict);
    }
    let (ed, pd) = (expected.get("document"), predicted.get("document"));
    if ed.is_none_or(|d| !d.is_object()) {
        notes.push("expected: no 'document' object".to_string());
    }
    if pd.is_none_or(|d| !d.is_object()) {
        notes.push("predicted: no 'document' object".to_string());
    }
    for fs in &mut r.header {
        let caseless = CASELESS_FIELDS.contains(&fs.field.as_str());
        let get = |d: Option<&Value>| {
            norm_value(d.and_then(|d| d.get(&fs.field)))
                .filter(|s| !s.is_empty())
                .map(|s| if caseless { s.to_lowercase() } else { s })
        };
        let (e, p) = (get(ed), get(pd));
        let (tp, fp, fn_) = match (&e, &p) {
            (Some(a), Some(b)) if a == b => (1, 0, 0),
            (Some(_), Some(_)) => (0, 1, 1),
            (Some(_), None) => (0, 0, 1),
            (None, Some(_)) => (0, 1, 0),
            (None, None) => (0, 0, 0),
        };
        fs.prf = Prf::new(tp, fp, fn_);
        fs.agree = usize::from(e == p);
        fs.documents = 1;
        r.header_overall.add(&fs.prf);
    }
    if let Some(src) = expected.get("source").and_then(Value::as_str) {
        notes = notes.into_iter().map(|n| format!("{src}: {n}")).collect();
    }
    r.notes = notes;
    r
}
