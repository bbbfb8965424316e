//! Precision/recall of a record against an expected one, per kind, with the
//! evaluation's tolerance (line ±1, values compared folded and trimmed).

use super::Record;
use crate::text::fold;

/// Counts for one kind of item.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub expected: usize,
    pub found: usize,
    pub matched: usize,
}

impl Counts {
    /// Share of found items that are right (1 when nothing was found).
    pub fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.matched as f64 / self.found as f64
        }
    }
    /// Share of expected items that were found (1 when none expected).
    pub fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.matched as f64 / self.expected as f64
        }
    }
    /// Adds another document's counts.
    pub fn add(&mut self, o: Counts) {
        self.expected += o.expected;
        self.found += o.found;
        self.matched += o.matched;
    }
}

/// Normalises a value for comparison: folded, spaces collapsed.
pub fn norm(s: &str) -> String {
    fold(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

fn count<T>(exp: &[T], got: &[T], same: impl Fn(&T, &T) -> bool) -> Counts {
    let mut used = vec![false; exp.len()];
    let mut matched = 0;
    for g in got {
        if let Some(i) = (0..exp.len()).find(|&i| !used[i] && same(&exp[i], g)) {
            used[i] = true;
            matched += 1;
        }
    }
    Counts {
        expected: exp.len(),
        found: got.len(),
        matched,
    }
}

fn near(a: usize, b: usize) -> bool {
    a.abs_diff(b) <= 1
}

/// Per-kind counts: header fields, sections, references, dates, dossiers,
/// warnings.
pub fn score(exp: &Record, got: &Record) -> Vec<(&'static str, Counts)> {
    let h = |r: &Record| -> Vec<(&'static str, String)> {
        let d = &r.document;
        [
            ("number", &d.number),
            ("type", &d.doc_type),
            ("issuer", &d.issuer),
            ("place", &d.place),
            ("date", &d.date),
            ("title", &d.title),
            ("signer", &d.signer),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k, norm(v))))
        .collect()
    };
    vec![
        ("header", count(&h(exp), &h(got), |a, b| a == b)),
        (
            "sections",
            count(&exp.sections, &got.sections, |a, b| {
                near(a.line, b.line) && a.marker == b.marker
            }),
        ),
        (
            "references",
            count(&exp.references, &got.references, |a, b| {
                near(a.line, b.line) && norm(&a.number) == norm(&b.number)
            }),
        ),
        (
            "dates",
            count(&exp.dates, &got.dates, |a, b| {
                near(a.line, b.line) && a.value == b.value
            }),
        ),
        (
            "dossiers",
            count(&exp.dossiers, &got.dossiers, |a, b| {
                near(a.line, b.line) && a.value == b.value && a.metric == b.metric
            }),
        ),
        (
            "warnings",
            count(&exp.warnings, &got.warnings, |a, b| {
                a.kind == b.kind && a.lines.iter().any(|x| b.lines.iter().any(|y| near(*x, *y)))
            }),
        ),
    ]
}
