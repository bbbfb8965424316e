//! Extraction scores: a Rust port of the reference metric
//! `../shared/tools/score_extract.py` (one record) and `extract_sets.py`
//! (pooled over a set), so CI and users score inside the binary with the
//! figures the project is judged by.
//!
//! Matching, as the reference does it: gold items are taken in order, each
//! pairs with the first unused predicted item of the same key whose line
//! lies within the gold item's lines ±1. Gold items marked `doubtful` are
//! not required, and a predicted item repeating one is no false positive.
//! Keys: sections (marker, level), letter markers without punctuation;
//! references (type, number); dates (value), bare years apart; dossiers
//! (metric, value). Header fields are compared folded (case, NFC, tone
//! placement, spacing, trailing punctuation); both `null` counts as right.
//!
//! Works on `serde_json::Value`, so it scores files from any build.

use serde::Serialize;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// Item kinds scored as sets, in report order; `dates_year` and
/// `dossier_values` are the reference's secondary views.
pub const KINDS: [&str; 6] = [
    "sections",
    "references",
    "dates",
    "dossiers",
    "dates_year",
    "dossier_values",
];

/// The four kinds pooled F1 figures are quoted for.
pub const MAIN_KINDS: [&str; 4] = ["sections", "references", "dates", "dossiers"];

/// Header fields of `document`, in report order.
pub const FIELDS: [&str; 7] = [
    "number", "type", "issuer", "place", "date", "title", "signer",
];

/// True/false positives and false negatives with the derived ratios.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Prf {
    /// Predicted items that match a required gold item.
    pub tp: usize,
    /// Predicted items matching none.
    pub fp: usize,
    #[serde(rename = "fn")]
    /// Required gold items not found.
    pub fn_: usize,
}

impl Prf {
    /// Share of predictions that are right (1 when nothing was predicted,
    /// as the reference scores it).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Share of required gold items found (1 when none was required).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
    /// Micro-averaging: add counts.
    pub fn add(&mut self, o: &Prf) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// A count of agreements out of a number of comparisons.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Tally {
    /// Comparisons that agree.
    pub correct: usize,
    /// Comparisons made.
    pub of: usize,
}

impl Tally {
    /// `correct / of`, or `None` when nothing was compared.
    pub fn accuracy(&self) -> Option<f64> {
        (self.of > 0).then(|| self.correct as f64 / self.of as f64)
    }
    fn add(&mut self, o: &Tally) {
        self.correct += o.correct;
        self.of += o.of;
    }
    fn push(&mut self, ok: bool) {
        self.of += 1;
        self.correct += usize::from(ok);
    }
}

/// Scores of one item kind.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KindScore {
    /// `sections`, `references`, `dates`, `dossiers`, `dates_year` or `dossier_values`.
    pub kind: String,
    #[serde(flatten)]
    /// Its counts.
    pub prf: Prf,
}

/// Extraction scores of one document, or pooled over several.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExtractReport {
    /// Records scored.
    pub documents: usize,
    /// Counts per item kind.
    pub kinds: Vec<KindScore>,
    /// Section titles right among matched sections.
    pub section_titles: Tally,
    /// Reference dates right among matched references.
    pub reference_dates: Tally,
    /// Reference issuers right among matched references whose gold names one.
    pub reference_issuers: Tally,
    /// Header fields right, per field.
    pub header: Vec<(String, Tally)>,
    /// Per-document scores, when asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub per_document: Vec<(String, ExtractReport)>,
}

impl Default for ExtractReport {
    fn default() -> Self {
        ExtractReport {
            documents: 0,
            kinds: KINDS
                .iter()
                .map(|k| KindScore {
                    kind: k.to_string(),
                    prf: Prf::default(),
                })
                .collect(),
            section_titles: Tally::default(),
            reference_dates: Tally::default(),
            reference_issuers: Tally::default(),
            header: FIELDS
                .iter()
                .map(|f| (f.to_string(), Tally::default()))
                .collect(),
            per_document: Vec::new(),
        }
    }
}

impl ExtractReport {
    /// The counts of `kind` (`sections`, …), zero when unknown.
    pub fn kind(&self, kind: &str) -> Prf {
        self.kinds
            .iter()
            .find(|k| k.kind == kind)
            .map_or_else(Prf::default, |k| k.prf)
    }

    /// All header fields together.
    pub fn header_total(&self) -> Tally {
        let mut t = Tally::default();
        for (_, f) in &self.header {
            t.add(f);
        }
        t
    }

    /// The four main kinds pooled.
    pub fn items_total(&self) -> Prf {
        let mut t = Prf::default();
        for k in MAIN_KINDS {
            t.add(&self.kind(k));
        }
        t
    }

    /// Whether a gate may name `name` (before any document is scored, when
    /// an accuracy has nothing to count yet).
    pub fn names_figure(name: &str) -> bool {
        matches!(
            name,
            "items" | "header" | "issuers" | "titles" | "reference_dates"
        ) || KINDS.contains(&name)
            || FIELDS.contains(&name)
    }

    /// The figure a gate names: a kind's F1, `items` (the four main kinds
    /// pooled), `header` or `issuers` accuracy.
    pub fn figure(&self, name: &str) -> Option<f64> {
        match name {
            "items" => Some(self.items_total().f1()),
            "header" => self.header_total().accuracy(),
            "issuers" => self.reference_issuers.accuracy(),
            "titles" => self.section_titles.accuracy(),
            "reference_dates" => self.reference_dates.accuracy(),
            k if KINDS.contains(&k) => Some(self.kind(k).f1()),
            f => self
                .header
                .iter()
                .find(|(n, _)| n == f)
                .and_then(|(_, t)| t.accuracy()),
        }
    }

    /// Adds another document's (or set's) counts.
    pub fn merge(&mut self, o: &ExtractReport) {
        self.documents += o.documents;
        for k in &o.kinds {
            match self.kinds.iter_mut().find(|s| s.kind == k.kind) {
                Some(s) => s.prf.add(&k.prf),
                None => self.kinds.push(k.clone()),
            }
        }
        self.section_titles.add(&o.section_titles);
        self.reference_dates.add(&o.reference_dates);
        self.reference_issuers.add(&o.reference_issuers);
        for (f, t) in &o.header {
            match self.header.iter_mut().find(|(n, _)| n == f) {
                Some((_, s)) => s.add(t),
                None => self.header.push((f.clone(), *t)),
            }
        }
    }

    /// Two aligned tables: item kinds, then accuracies.
    pub fn render_table(&self) -> String {
        let pct = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"));
        let mut rows = vec![
            ["kind", "tp", "fp", "fn", "P", "R", "F1"]
                .map(String::from)
                .to_vec(),
        ];
        let mut prf_row = |name: &str, p: Prf| {
            rows.push(vec![
                name.to_string(),
                p.tp.to_string(),
                p.fp.to_string(),
                p.fn_.to_string(),
                format!("{:.3}", p.precision()),
                format!("{:.3}", p.recall()),
                format!("{:.3}", p.f1()),
            ])
        };
        for k in &self.kinds {
            prf_row(&k.kind, k.prf);
        }
        prf_row("items", self.items_total());
        let mut out = format!("documents: {}\n", self.documents);
        out.push_str(&grid(&rows));
        out.push('\n');
        let mut rows = vec![
            ["accuracy", "right", "of", "share"]
                .map(String::from)
                .to_vec(),
        ];
        let mut acc_row = |name: &str, t: Tally| {
            rows.push(vec![
                name.to_string(),
                t.correct.to_string(),
                t.of.to_string(),
                pct(t.accuracy()),
            ])
        };
        for (f, t) in &self.header {
            acc_row(&format!("header {f}"), *t);
        }
        acc_row("header (all fields)", self.header_total());
        acc_row("section titles", self.section_titles);
        acc_row("reference dates", self.reference_dates);
        acc_row("reference issuers", self.reference_issuers);
        out.push_str(&grid(&rows));
        if !self.per_document.is_empty() {
            let mut rows = vec![
                [
                    "document", "sections", "refs", "dates", "dossiers", "header", "issuers",
                ]
                .map(String::from)
                .to_vec(),
            ];
            for (name, r) in &self.per_document {
                let mut row = vec![name.clone()];
                row.extend(MAIN_KINDS.iter().map(|k| format!("{:.2}", r.kind(k).f1())));
                let h = r.header_total();
                row.push(format!("{}/{}", h.correct, h.of));
                row.push(format!(
                    "{}/{}",
                    r.reference_issuers.correct, r.reference_issuers.of
                ));
                rows.push(row);
            }
            out.push('\n');
            out.push_str(&grid(&rows));
        }
        out
    }
}

/// First column left-aligned, the rest right-aligned.
pub(crate) fn grid(rows: &[Vec<String>]) -> String {
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

/// Tone placement pairs the reference unifies (`hoà` → `hòa`).
const TONE_PAIRS: [(&str, &str); 15] = [
    ("oà", "òa"),
    ("oá", "óa"),
    ("oả", "ỏa"),
    ("oã", "õa"),
    ("oạ", "ọa"),
    ("oè", "òe"),
    ("oé", "óe"),
    ("oẻ", "ỏe"),
    ("oẽ", "õe"),
    ("oẹ", "ọe"),
    ("uỳ", "ùy"),
    ("uý", "úy"),
    ("uỷ", "ủy"),
    ("uỹ", "ũy"),
    ("uỵ", "ụy"),
];

/// A JSON value as the reference's `str(v)`: strings as they are, `null`
/// as `None`, numbers as Python prints them.
fn py_str(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_string()),
        Value::Number(n) => Some(match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 1e16 => format!("{f:.1}"),
            _ => n.to_string(),
        }),
        other => Some(other.to_string()),
    }
}

/// The reference's `fold`: NFC, case folded, tone placement unified, curly
/// quotes straightened, spaces collapsed, ` .;,:` trimmed.
pub fn fold(s: &str) -> String {
    let mut s: String = s.nfc().collect::<String>().to_lowercase();
    for (a, b) in TONE_PAIRS {
        if s.contains(a) {
            s = s.replace(a, b);
        }
    }
    let s = s.replace(['“', '”'], "\"");
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.trim_matches([' ', '.', ';', ',', ':']).to_string()
}

fn fold_opt(v: Option<&Value>) -> Option<String> {
    v.and_then(py_str).map(|s| fold(&s))
}

fn num_fold(v: Option<&Value>) -> Option<String> {
    fold_opt(v).map(|s| s.chars().filter(|c| !c.is_whitespace()).collect())
}

/// Letter markers are compared without their punctuation (`a.` = `a)`).
fn marker_fold(v: Option<&Value>) -> String {
    let m = v.and_then(py_str).unwrap_or_default();
    let m = m.trim();
    let lower = m.to_lowercase();
    let mut cs = lower.chars();
    let letter = cs
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == 'đ');
    let punct = cs.next().is_some_and(|c| matches!(c, '.' | ',' | ')'));
    if letter && punct && cs.next().is_none() {
        let mut k: String = m.chars().take(1).collect();
        k.push(')');
        k
    } else {
        m.to_string()
    }
}

fn line_of(e: &Value, key: &str) -> Option<i64> {
    e.get(key).and_then(Value::as_i64)
}

/// True when `h`'s line lies within `g`'s lines, one line of slack.
fn near(g: &Value, h: &Value) -> bool {
    let (Some(ga), Some(hl)) = (line_of(g, "line"), line_of(h, "line")) else {
        return false;
    };
    let gb = line_of(g, "line_end").unwrap_or(ga);
    ga - 1 <= hl && hl <= gb + 1
}

fn doubtful(e: &Value) -> bool {
    e.get("doubtful").and_then(Value::as_bool).unwrap_or(false)
}

/// The reference's matching; returns the counts and the matched pairs.
fn match_items<'a, K: PartialEq>(
    gold: &'a [Value],
    hyp: &'a [Value],
    key: impl Fn(&Value) -> K,
) -> (Prf, Vec<(&'a Value, &'a Value)>) {
    let hk: Vec<K> = hyp.iter().map(&key).collect();
    let mut used = vec![false; hyp.len()];
    let mut pairs = Vec::new();
    let mut fn_ = 0;
    for g in gold {
        let gk = key(g);
        let hit = (0..hyp.len()).find(|&j| !used[j] && hk[j] == gk && near(g, &hyp[j]));
        match hit {
            None => fn_ += usize::from(!doubtful(g)),
            Some(j) => {
                used[j] = true;
                if !doubtful(g) {
                    pairs.push((g, &hyp[j]));
                }
            }
        }
    }
    let gk: Vec<K> = gold.iter().map(&key).collect();
    let fp = (0..hyp.len())
        .filter(|&j| !used[j])
        .filter(|&j| {
            !gold
                .iter()
                .zip(&gk)
                .any(|(g, k)| doubtful(g) && near(g, &hyp[j]) && *k == hk[j])
        })
        .count();
    let prf = Prf {
        tp: pairs.len(),
        fp,
        fn_,
    };
    (prf, pairs)
}

fn list(rec: &Value, key: &str) -> Vec<Value> {
    rec.get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn is_bare_year(d: &Value) -> bool {
    d.get("value")
        .and_then(py_str)
        .is_some_and(|v| v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()))
}

/// Scores one predicted record against its gold record. A gold record with
/// an `annotated` list scores only the kinds it names (and the header only
/// when it names `document`), as `extract_sets.py` pools them.
pub fn score(gold: &Value, hyp: &Value) -> ExtractReport {
    let mut r = ExtractReport {
        documents: 1,
        ..ExtractReport::default()
    };
    let annotated: Option<Vec<String>> = gold.get("annotated").and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    });
    let counts = |kind: &str| {
        annotated
            .as_ref()
            .is_none_or(|a| a.iter().any(|k| k == kind))
    };
    let mut set = |name: &str, prf: Prf| {
        if let Some(k) = r.kinds.iter_mut().find(|k| k.kind == name) {
            k.prf = prf;
        }
    };

    let (gs, hs) = (list(gold, "sections"), list(hyp, "sections"));
    let (prf, pairs) = match_items(&gs, &hs, |e| {
        (
            marker_fold(e.get("marker")),
            e.get("level").and_then(Value::as_i64),
        )
    });
    let mut titles = Tally::default();
    for (g, h) in &pairs {
        titles.push(fold_opt(g.get("title")) == fold_opt(h.get("title")));
    }
    let (gr, hr) = (list(gold, "references"), list(hyp, "references"));
    let (rprf, rpairs) = match_items(&gr, &hr, |e| {
        (fold_opt(e.get("type")), num_fold(e.get("number")))
    });
    let mut dates = Tally::default();
    let mut issuers = Tally::default();
    for (g, h) in &rpairs {
        dates.push(g.get("date").and_then(py_str) == h.get("date").and_then(py_str));
        if fold_opt(g.get("issuer")).is_some_and(|s| !s.is_empty()) {
            issuers.push(fold_opt(g.get("issuer")) == fold_opt(h.get("issuer")));
        }
    }
    let (gd, hd) = (list(gold, "dates"), list(hyp, "dates"));
    let is_year_gold = |d: &Value| d.get("granularity").and_then(Value::as_str) == Some("year");
    let main_g: Vec<Value> = gd.iter().filter(|d| !is_year_gold(d)).cloned().collect();
    let year_g: Vec<Value> = gd.iter().filter(|d| is_year_gold(d)).cloned().collect();
    let main_h: Vec<Value> = hd.iter().filter(|d| !is_bare_year(d)).cloned().collect();
    let year_h: Vec<Value> = hd.iter().filter(|d| is_bare_year(d)).cloned().collect();
    let value = |e: &Value| e.get("value").and_then(py_str);
    // The reference compares dossier values as JSON numbers (5 == 5.0).
    let count = |e: &Value| match e.get("value") {
        Some(Value::Number(n)) => n.as_f64().map(|f| format!("{f}")),
        v => v.and_then(py_str),
    };
    let (gdo, hdo) = (list(gold, "dossiers"), list(hyp, "dossiers"));

    if counts("sections") {
        set("sections", prf);
        r.section_titles = titles;
    }
    if counts("references") {
        set("references", rprf);
        r.reference_dates = dates;
        r.reference_issuers = issuers;
    }
    if counts("dates") {
        set("dates", match_items(&main_g, &main_h, value).0);
        set("dates_year", match_items(&year_g, &year_h, value).0);
    }
    if counts("dossiers") {
        let metric_value = |e: &Value| (e.get("metric").and_then(py_str), count(e));
        set("dossiers", match_items(&gdo, &hdo, metric_value).0);
        set("dossier_values", match_items(&gdo, &hdo, count).0);
    }
    if counts("document") {
        let (g, h) = (gold.get("document"), hyp.get("document"));
        for (f, t) in &mut r.header {
            let (gv, hv) = (
                g.and_then(|d| d.get(f.as_str())),
                h.and_then(|d| d.get(f.as_str())),
            );
            let ok = if f == "number" {
                num_fold(gv) == num_fold(hv)
            } else {
                fold_opt(gv) == fold_opt(hv)
            };
            t.push(ok);
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn folds_like_the_reference() {
        assert_eq!(fold("  Hoà  Bình. "), "hòa bình");
        assert_eq!(fold("“UBND”:"), "\"ubnd\"");
        assert_eq!(marker_fold(Some(&json!("b,"))), "b)");
        assert_eq!(marker_fold(Some(&json!("II."))), "II.");
        assert_eq!(py_str(&json!(4554.0)).as_deref(), Some("4554.0"));
    }

    #[test]
    fn doubtful_gold_is_neither_required_nor_penalised() {
        let gold = json!({"dates": [
            {"value": "2024-01-02", "granularity": "day", "line": 3},
            {"value": "2024-Q1", "granularity": "quarter", "line": 5, "doubtful": true},
            {"value": "2024-02-02", "granularity": "day", "line": 7, "line_end": 9},
        ]});
        let hyp = json!({"dates": [
            {"value": "2024-01-02", "line": 4},
            {"value": "2024-Q1", "line": 5},
            {"value": "2024-Q1", "line": 6},
            {"value": "2024-02-02", "line": 10},
            {"value": "2024-03-03", "line": 1},
        ]});
        let r = score(&gold, &hyp);
        assert_eq!(
            r.kind("dates"),
            Prf {
                tp: 2,
                fp: 1,
                fn_: 0
            }
        );
    }

    #[test]
    fn header_nulls_agree_and_annotated_limits_kinds() {
        let gold = json!({"annotated": ["dossiers"], "document": {"number": null},
                          "dossiers": [{"metric": "received", "value": 5, "line": 1}]});
        let hyp = json!({"document": {"number": "1/BC"}, "sections": [{"marker": "I.", "level": 1, "line": 1}],
                         "dossiers": [{"metric": "received", "value": 5, "line": 2}]});
        let r = score(&gold, &hyp);
        assert_eq!(r.kind("sections"), Prf::default());
        assert_eq!(r.kind("dossiers").tp, 1);
        assert_eq!(r.header_total().of, 0);
        let r = score(
            &json!({"document": {"number": null, "type": "Báo cáo"}}),
            &json!({"document": {"type": "BÁO CÁO"}}),
        );
        assert_eq!(r.header_total().correct, 7);
    }
}
