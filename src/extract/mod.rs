//! Extraction: turns a (repaired) report into an [`Extraction`] whose every
//! line and span points into the original input.

pub mod dates;
pub mod dossiers;
pub mod issuers;
pub mod numbers;
pub mod references;
pub mod warnings;
pub mod words;

use crate::record::{
    DateMention, Dossier, Granularity, Header, Location, Reference, Section, Span, Warning, Zone,
    WarningKind,
};
use crate::structure::lines::Doc;
use crate::structure::view::View;
use crate::structure::{header, sections};
use crate::text::{Document, LineIndex, Rewrite};
use std::ops::Range;

/// Everything extracted from one document; the pipeline wraps it into a
/// [`crate::record::DocumentRecord`] with the encoding, producer and repair
/// totals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub document: Header,
    pub sections: Vec<Section>,
    pub references: Vec<Reference>,
    pub dates: Vec<DateMention>,
    pub dossiers: Vec<Dossier>,
    pub warnings: Vec<Warning>,
}

/// `t` with every run of white space that holds a line break made one space.
pub(crate) fn one_line(t: &str) -> String {
    if !t.contains(['\n', '\r']) {
        return t.to_string();
    }
    let mut out = String::with_capacity(t.len());
    let mut run = String::new();
    for c in t.chars() {
        if c.is_whitespace() {
            run.push(c);
            continue;
        }
        if run.contains(['\n', '\r']) {
            out.push(' ');
        } else {
            out.push_str(&run);
        }
        run.clear();
        out.push(c);
    }
    if run.contains(['\n', '\r']) {
        out.push(' ');
    } else {
        out.push_str(&run);
    }
    out
}

/// Lines a header never runs past: a number standing alone on its line
/// before here is the document's own.
const HEADER_LINES: usize = 12;

/// Folded offset of the start of the body: after the header the header
/// parser found, and never before line [`HEADER_LINES`].
fn header_end(f: &str, body_line: usize) -> usize {
    f.match_indices('\n')
        .nth(body_line.max(HEADER_LINES).saturating_sub(1))
        .map_or(f.len(), |(i, _)| i + 1)
}

/// A warning citing `lines` (in any order); `None` when it cites none.
fn warning(kind: WarningKind, message: String, mut lines: Vec<usize>) -> Option<Warning> {
    lines.sort_unstable();
    lines.dedup();
    let (&line, &last) = (lines.first()?, lines.last()?);
    Some(Warning {
        kind,
        message,
        line,
        line_end: (last > line).then_some(last),
        lines,
    })
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

    /// The surface as it stands in the input, each run of white space that
    /// holds a line break written as one space.
    fn text(&self, folded: Range<usize>) -> String {
        one_line(&self.doc.text[self.doc_span(folded)])
    }

    /// The last line of a folded span, when it is not its first.
    fn line_end(&self, folded: Range<usize>) -> Option<usize> {
        let r = self.doc_span(folded);
        let last = r.end.saturating_sub(1).max(r.start);
        let (a, b) = (self.lines.line_of(r.start), self.lines.line_of(last));
        (b > a).then_some(b)
    }

    fn location(&self, folded: Range<usize>) -> Location {
        Location {
            line: self.line(folded.clone()),
            line_end: self.line_end(folded.clone()),
            span: self.span(folded),
            region: Default::default(),
        }
    }
}

/// Extracts the items of `doc`, reading the repaired text `repaired` but
/// reporting lines and spans in the original input.
pub fn extract(doc: &Document, repaired: &Rewrite) -> Extraction {
    let text = repaired.text.as_str();
    let view = View::new(text);
    let loc = Locator {
        doc,
        rw: repaired,
        view: &view,
        lines: LineIndex::new(&doc.text),
    };
    let doc_lines = Doc::new(text, &view);
    let mut info = header::parse(&doc_lines);
    let sp = &info.spans;
    let at = |r: &Option<Range<usize>>| r.clone().map(|r| loc.location(r));
    info.header.provenance = crate::record::HeaderProvenance {
        number: at(&sp.number),
        doc_type: at(&sp.doc_type),
        issuer: at(&sp.issuer),
        place: at(&sp.place),
        date: at(&sp.date),
        title: at(&sp.title),
        signer: at(&sp.signer),
    };
    let lay = &info.layout;
    let secs = sections::find(&doc_lines, lay)
        .into_iter()
        .map(|s| Section {
            surface_marker: (s.marker_len > 0)
                .then(|| loc.text(s.span.start..s.span.start + s.marker_len)),
            marker: s.marker,
            level: s.level,
            title: s.title,
            appendix: s.appendix,
            doubtful: s.doubtful,
            line: loc.line(s.span.clone()),
            line_end: loc.line_end(s.span.clone()),
            span: loc.span(s.span),
            region: Default::default(),
        })
        .collect();
    let date_scan = dates::scan(&view.folded);
    let words = words::Words::new(text, &view);
    let raw_refs = references::scan(
        &words,
        &date_scan.dates,
        info.number_span.as_ref(),
        header_end(&view.folded, info.body_line),
    );
    let mut taken: Vec<Range<usize>> = raw_refs.iter().map(|r| r.span.clone()).collect();
    taken.extend(date_scan.dates.iter().map(|d| d.span.clone()));
    taken.extend(date_scan.invalid.iter().cloned());
    taken.extend(info.number_span.iter().cloned());
    taken.extend(info.date_span.iter().cloned());
    taken.sort_by_key(|r| r.start);
    let raw_dossiers = dossiers::scan(&words, &taken, &date_scan.dates);
    let references: Vec<Reference> = raw_refs
        .iter()
        .map(|r| Reference {
            doc_type: r.doc_type.clone(),
            number: r.number.clone(),
            date: r.date.clone(),
            issuer: r.issuer.clone(),
            zone: lay.zone(r.span.start),
            doubtful: r.doubtful,
            line: loc.line(r.span.clone()),
            line_end: loc.line_end(r.span.clone()),
            span: loc.span(r.span.clone()),
            region: Default::default(),
        })
        .collect();
    // The document's own date is in the header block, also when a letter's
    // `V/v` line came before it (Decree 30 sets them side by side).
    let own_date = info.date_span.clone();
    let dates = date_scan
        .dates
        .iter()
        .filter_map(|d| {
            let own = own_date
                .as_ref()
                .is_some_and(|o| o.start < d.span.end && d.span.start < o.end);
            Some(DateMention {
                text: loc.text(d.span.clone()),
                value: d.value.clone(),
                granularity: Granularity::from_name(d.granularity)?,
                zone: if own { Zone::Header } else { lay.zone(d.span.start) },
                doubtful: false,
                line: loc.line(d.span.clone()),
                line_end: loc.line_end(d.span.clone()),
                span: loc.span(d.span.clone()),
                region: Default::default(),
            })
        })
        .collect();
    let dossiers: Vec<Dossier> = raw_dossiers
        .iter()
        .map(|d| Dossier {
            metric: d.metric,
            value: Some(d.value),
            unit: "hồ sơ".to_string(),
            percent: d.percent,
            scope: d.scope.clone(),
            text: loc.text(d.span.clone()),
            zone: lay.zone(d.span.start),
            doubtful: d.doubtful,
            line: loc.line(d.number.clone()),
            line_end: loc.line_end(d.span.clone()),
            span: loc.span(d.span.clone()),
            region: Default::default(),
        })
        .collect();
    let mut warnings: Vec<Warning> = warnings::check(&raw_dossiers)
        .into_iter()
        .filter_map(|w| {
            let lines = w.members.iter().map(|&i| dossiers[i].line).collect();
            warning(w.kind, w.message, lines)
        })
        .collect();
    for (message, members) in warnings::references(&raw_refs) {
        let lines = members.iter().map(|&i| references[i].line).collect();
        warnings.extend(warning(WarningKind::InconsistentReference, message, lines));
    }
    for r in &date_scan.invalid {
        warnings.extend(warning(
            WarningKind::InvalidDate,
            format!("impossible date: {}", loc.text(r.clone()).trim()),
            vec![loc.line(r.clone())],
        ));
    }
    Extraction {
        document: info.header,
        sections: secs,
        references,
        dates,
        dossiers,
        warnings,
    }
}
