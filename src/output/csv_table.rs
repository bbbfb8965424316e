//! `--format csv --table NAME`: one row per item of one list of a record,
//! so analysts can load a batch into a spreadsheet without a JSON tool.
//!
//! Every row starts with `source,line,span_start,span_end` (input bytes),
//! then the item's own fields in a fixed order, so the header never depends
//! on which documents happened to have items. `header` is one row per
//! document (its line and span cover the header block); `warnings` rows
//! have no span.

use crate::record::{Change, DocumentRecord, Location, RepairRecord, Span};
use std::io::Write;

/// Which list of the record becomes rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// Counts of dossiers (hồ sơ): metric, value, percent, scope.
    Dossiers,
    /// Cited documents: type, number, date, issuer.
    References,
    /// Dates with their ISO value.
    Dates,
    /// Section headings.
    Sections,
    /// The document's own header, one row per document.
    Header,
    /// Where the document's numbers disagree.
    Warnings,
    /// Repaired words (`repair`, `run`): original, replacement, confidence.
    Changes,
}

const LEAD: [&str; 4] = ["source", "line", "span_start", "span_end"];

impl Table {
    /// Every table, in the order `--help` lists them.
    pub const ALL: [Table; 7] = [
        Table::Dossiers,
        Table::References,
        Table::Dates,
        Table::Sections,
        Table::Header,
        Table::Warnings,
        Table::Changes,
    ];

    /// The table's name on the command line and in the record.
    pub fn name(self) -> &'static str {
        match self {
            Table::Dossiers => "dossiers",
            Table::References => "references",
            Table::Dates => "dates",
            Table::Sections => "sections",
            Table::Header => "header",
            Table::Warnings => "warnings",
            Table::Changes => "changes",
        }
    }

    /// The table called `name`.
    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The item fields after the four leading columns.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Table::Dossiers => &[
                "metric", "value", "unit", "percent", "scope", "text", "zone", "doubtful",
                "line_end",
            ],
            Table::References => &[
                "type", "number", "date", "issuer", "zone", "doubtful", "line_end",
            ],
            Table::Dates => &[
                "text",
                "value",
                "granularity",
                "zone",
                "doubtful",
                "line_end",
            ],
            Table::Sections => &[
                "marker",
                "surface_marker",
                "level",
                "title",
                "appendix",
                "doubtful",
                "line_end",
            ],
            Table::Header => &[
                "number", "type", "issuer", "place", "date", "title", "signer", "encoding",
            ],
            Table::Warnings => &["kind", "message", "line_end", "lines"],
            Table::Changes => &["original", "replacement", "confidence"],
        }
    }

    /// The header row.
    pub fn header(self) -> Vec<&'static str> {
        LEAD.iter().chain(self.fields()).copied().collect()
    }

    /// True for the tables of a [`DocumentRecord`] (all but `changes`).
    pub fn of_document(self) -> bool {
        self != Table::Changes
    }
}

/// A CSV writer that never writes a header by itself (callers decide once
/// per output stream, not once per document).
pub fn writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().has_headers(false).from_writer(w)
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(String::new, ToString::to_string)
}

fn lead(source: &str, line: usize, span: Option<Span>) -> Vec<String> {
    vec![
        source.to_string(),
        line.to_string(),
        span.map_or_else(String::new, |s| s.0.to_string()),
        span.map_or_else(String::new, |s| s.1.to_string()),
    ]
}

/// The rows of `table` for one document record (`changes` has none here).
pub fn document_rows(table: Table, r: &DocumentRecord) -> Vec<Vec<String>> {
    let src = r.source.as_str();
    match table {
        Table::Dossiers => r
            .dossiers
            .iter()
            .map(|d| {
                let mut row = lead(src, d.line, Some(d.span));
                row.extend([
                    d.metric.to_string(),
                    opt(&d.value),
                    d.unit.clone(),
                    opt(&d.percent),
                    opt(&d.scope),
                    d.text.clone(),
                    d.zone.as_str().to_string(),
                    d.doubtful.to_string(),
                    opt(&d.line_end),
                ]);
                row
            })
            .collect(),
        Table::References => r
            .references
            .iter()
            .map(|x| {
                let mut row = lead(src, x.line, Some(x.span));
                row.extend([
                    opt(&x.doc_type),
                    opt(&x.number),
                    opt(&x.date),
                    opt(&x.issuer),
                    x.zone.as_str().to_string(),
                    x.doubtful.to_string(),
                    opt(&x.line_end),
                ]);
                row
            })
            .collect(),
        Table::Dates => r
            .dates
            .iter()
            .map(|d| {
                let mut row = lead(src, d.line, Some(d.span));
                row.extend([
                    d.text.clone(),
                    d.value.clone(),
                    d.granularity.to_string(),
                    d.zone.as_str().to_string(),
                    d.doubtful.to_string(),
                    opt(&d.line_end),
                ]);
                row
            })
            .collect(),
        Table::Sections => r
            .sections
            .iter()
            .map(|s| {
                let mut row = lead(src, s.line, Some(s.span));
                row.extend([
                    opt(&s.marker),
                    opt(&s.surface_marker),
                    s.level.to_string(),
                    opt(&s.title),
                    s.appendix.to_string(),
                    s.doubtful.to_string(),
                    opt(&s.line_end),
                ]);
                row
            })
            .collect(),
        Table::Header => {
            let h = &r.document;
            let p = &h.provenance;
            let located: Vec<&Location> = [
                &p.number,
                &p.doc_type,
                &p.issuer,
                &p.place,
                &p.date,
                &p.title,
                &p.signer,
            ]
            .into_iter()
            .flatten()
            .collect();
            let first = located.iter().min_by_key(|l| l.span.0);
            let span = first.map(|f| {
                let end = located.iter().map(|l| l.span.1).max().unwrap_or(f.span.1);
                (f.span.0, end)
            });
            let mut row = vec![
                src.to_string(),
                first.map_or_else(String::new, |f| f.line.to_string()),
                span.map_or_else(String::new, |s| s.0.to_string()),
                span.map_or_else(String::new, |s| s.1.to_string()),
            ];
            row.extend([
                opt(&h.number),
                opt(&h.doc_type),
                opt(&h.issuer),
                opt(&h.place),
                opt(&h.date),
                opt(&h.title),
                opt(&h.signer),
                r.encoding.clone(),
            ]);
            vec![row]
        }
        Table::Warnings => r
            .warnings
            .iter()
            .map(|w| {
                let mut row = lead(src, w.line, None);
                let lines: Vec<String> = w.lines.iter().map(ToString::to_string).collect();
                row.extend([
                    w.kind.as_str().to_string(),
                    w.message.clone(),
                    opt(&w.line_end),
                    lines.join(";"),
                ]);
                row
            })
            .collect(),
        Table::Changes => Vec::new(),
    }
}

/// The `changes` rows of one repair record.
pub fn change_rows(r: &RepairRecord) -> Vec<Vec<String>> {
    rows_of_changes(&r.source, &r.changes)
}

/// The `changes` rows of `changes` (of one piece, say) of input `source`.
pub fn rows_of_changes(source: &str, changes: &[Change]) -> Vec<Vec<String>> {
    changes
        .iter()
        .map(|c| {
            let mut row = lead(source, c.line, Some(c.span));
            row.extend([
                c.original.clone(),
                c.replacement.clone(),
                c.confidence.to_string(),
            ]);
            row
        })
        .collect()
}

/// Rows as CSV bytes, with the header row first when `header` is set (for
/// batch workers that format in parallel and write in order).
pub fn to_bytes(table: Table, header: bool, rows: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut w = writer(Vec::new());
    if header {
        w.write_record(table.header())?;
    }
    for row in rows {
        w.write_record(row)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{DateMention, Granularity, Zone};

    #[test]
    fn rows_have_the_header_columns() {
        let mut rec = crate::pipeline::empty_record("a.txt", "utf-8", None);
        rec.dates.push(DateMention {
            text: "05/03/2024".into(),
            value: "2024-03-05".into(),
            granularity: Granularity::Day,
            zone: Zone::Body,
            doubtful: false,
            line: 3,
            line_end: None,
            span: (10, 20),
            region: Default::default(),
        });
        let rows = document_rows(Table::Dates, &rec);
        let out = String::from_utf8(to_bytes(Table::Dates, true, &rows).unwrap()).unwrap();
        assert_eq!(
            out,
            "source,line,span_start,span_end,text,value,granularity,zone,doubtful,line_end\n\
             a.txt,3,10,20,05/03/2024,2024-03-05,day,body,false,\n"
        );
        for t in Table::ALL.into_iter().filter(|t| t.of_document()) {
            for row in document_rows(t, &rec) {
                assert_eq!(row.len(), t.header().len(), "{}", t.name());
            }
        }
    }
}
