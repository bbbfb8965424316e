//! Extraction: turns a (repaired) report into a [`Record`] whose every
//! line and span points into the original input.

pub mod dates;
pub mod dossiers;
pub mod numbers;
pub mod references;
pub mod score;
pub mod warnings;

use crate::structure::view::View;
use crate::structure::{header, sections};
use crate::text::{Document, LineIndex, Rewrite};
use std::ops::Range;

pub use crate::structure::Header;

/// A byte range `[start, end)` of the input, serialised as `[s, e]`.
pub type Span = (usize, usize);

/// A section heading of the body.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Section {
    pub marker: String,
    pub level: u8,
    pub title: String,
    pub line: usize,
    pub span: Span,
}

/// A citation of another document.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Reference {
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub number: String,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub line: usize,
    pub span: Span,
}

/// A date expression with its ISO value.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct DateMention {
    pub text: String,
    pub value: String,
    pub granularity: String,
    pub line: usize,
    pub span: Span,
}

/// A count of dossiers (hồ sơ) with what it counts.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Dossier {
    pub metric: String,
    pub value: u64,
    pub unit: String,
    pub percent: Option<f64>,
    pub scope: String,
    pub text: String,
    pub line: usize,
    pub span: Span,
}

/// A place where the report contradicts itself (or states the impossible).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Warning {
    pub kind: String,
    pub message: String,
    pub lines: Vec<usize>,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Record {
    pub source: String,
    pub document: Header,
    pub sections: Vec<Section>,
    pub references: Vec<Reference>,
    pub dates: Vec<DateMention>,
    pub dossiers: Vec<Dossier>,
    pub warnings: Vec<Warning>,
}

/// Maps folded spans of the repaired text to document lines and input spans.
struct Locator<'a> {
    doc: &'a Document,
    rw: &'a Rewrite,
    view: &'a View,
    lines: LineIndex,
}

impl Locator<'_> {
    /// Document-text span of a folded span of the repaired text.
    fn doc_span(&self, folded: Range<usize>) -> Range<usize> {
        let r = self.view.span(folded);
        let s = self.rw.source_span(&r);
        let n = self.doc.text.len();
        let (mut a, mut b) = (s.start.min(n), s.end.min(n));
        while a > 0 && !self.doc.text.is_char_boundary(a) {
            a -= 1;
        }
        while b < n && !self.doc.text.is_char_boundary(b) {
            b += 1;
        }
        a..b.max(a)
    }

    fn line(&self, folded: Range<usize>) -> usize {
        self.lines.line_of(self.doc_span(folded).start)
    }

    fn span(&self, folded: Range<usize>) -> Span {
        let r = self.doc.input_span(&self.doc_span(folded));
        (r.start, r.end)
    }

    fn text(&self, folded: Range<usize>) -> String {
        self.doc.text[self.doc_span(folded)].to_string()
    }
}

/// Extracts the record of `doc`, reading the repaired text `repaired` but
/// reporting lines and spans in the original input.
pub fn extract(doc: &Document, repaired: &Rewrite) -> Record {
    let text = repaired.text.as_str();
    let view = View::new(text);
    let loc = Locator {
        doc,
        rw: repaired,
        view: &view,
        lines: LineIndex::new(&doc.text),
    };
    let info = header::parse(text, &view);
    let secs = sections::find(text, &view, info.body_line, info.end_line)
        .into_iter()
        .map(|s| Section {
            marker: s.marker,
            level: s.level,
            title: s.title,
            line: loc.line(s.span.clone()),
            span: loc.span(s.span),
        })
        .collect();
    let raw_refs = references::scan(text, &view, info.number_span.as_ref());
    let date_scan = dates::scan(&view.folded);
    let mut taken: Vec<Range<usize>> = raw_refs.iter().map(|r| r.span.clone()).collect();
    taken.extend(date_scan.dates.iter().map(|d| d.span.clone()));
    taken.extend(date_scan.invalid.iter().cloned());
    taken.extend(info.number_span.iter().cloned());
    taken.extend(info.date_span.iter().cloned());
    let raw_dossiers = dossiers::scan(&view.folded, &taken);
    let references = raw_refs
        .iter()
        .map(|r| Reference {
            doc_type: r.doc_type.clone(),
            number: r.number.clone(),
            date: r.date.clone(),
            issuer: r.issuer.clone(),
            line: loc.line(r.span.clone()),
            span: loc.span(r.span.clone()),
        })
        .collect();
    let dates = date_scan
        .dates
        .iter()
        .map(|d| DateMention {
            text: loc.text(d.span.clone()),
            value: d.value.clone(),
            granularity: d.granularity.to_string(),
            line: loc.line(d.span.clone()),
            span: loc.span(d.span.clone()),
        })
        .collect();
    let dossiers: Vec<Dossier> = raw_dossiers
        .iter()
        .map(|d| Dossier {
            metric: d.metric.to_string(),
            value: d.value,
            unit: "hồ sơ".to_string(),
            percent: d.percent,
            scope: if d.scope.is_empty() {
                String::new()
            } else {
                text[view.span(d.scope.clone())]
                    .replace('*', "")
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_string()
            },
            text: loc.text(d.span.clone()),
            line: loc.line(d.span.clone()),
            span: loc.span(d.span.clone()),
        })
        .collect();
    let mut warnings: Vec<Warning> = warnings::check(&raw_dossiers)
        .into_iter()
        .map(|w| {
            let mut lines: Vec<usize> = w.members.iter().map(|&i| dossiers[i].line).collect();
            lines.sort_unstable();
            lines.dedup();
            Warning {
                kind: w.kind.to_string(),
                message: w.message,
                lines,
            }
        })
        .collect();
    for r in &date_scan.invalid {
        warnings.push(Warning {
            kind: "invalid_date".into(),
            message: format!("impossible date: {}", loc.text(r.clone()).trim()),
            lines: vec![loc.line(r.clone())],
        });
    }
    Record {
        source: doc.source.clone(),
        document: info.header,
        sections: secs,
        references,
        dates,
        dossiers,
        warnings,
    }
}
