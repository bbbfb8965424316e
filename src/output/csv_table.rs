//! `--format csv --table NAME`: one row per item of one list of a JSON
//! record (dossiers, references, dates, sections or changes), so analysts
//! can load a batch into a spreadsheet without a JSON tool.
//!
//! Every row starts with `source,line,span_start,span_end` (input bytes),
//! then the item's own fields in a fixed order so the header never depends
//! on which documents happened to have items.

use serde_json::Value;
use std::io::Write;

/// Which list of the record becomes rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Table {
    /// Counts of dossiers (hồ sơ): metric, value, percent, scope.
    Dossiers,
    /// Cited documents: type, number, date, issuer.
    References,
    /// Dates with their ISO value.
    Dates,
    /// Section headings.
    Sections,
    /// Repaired words (`repair`, `run`): original, replacement, confidence.
    Changes,
}

const LEAD: [&str; 4] = ["source", "line", "span_start", "span_end"];

impl Table {
    /// The record key holding this table's items.
    pub fn key(self) -> &'static str {
        match self {
            Table::Dossiers => "dossiers",
            Table::References => "references",
            Table::Dates => "dates",
            Table::Sections => "sections",
            Table::Changes => "changes",
        }
    }

    /// The item fields after the four leading columns.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Table::Dossiers => &["metric", "value", "unit", "percent", "scope", "text"],
            Table::References => &["type", "number", "date", "issuer"],
            Table::Dates => &["text", "value", "granularity"],
            Table::Sections => &["marker", "level", "title"],
            Table::Changes => &["original", "replacement", "confidence"],
        }
    }

    /// The header row.
    pub fn header(self) -> Vec<&'static str> {
        LEAD.iter().chain(self.fields()).copied().collect()
    }
}

/// A CSV writer that never writes a header by itself (callers decide once
/// per output stream, not once per document).
pub fn writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().has_headers(false).from_writer(w)
}

/// Writes the header row of `table`.
pub fn write_header<W: Write>(w: &mut csv::Writer<W>, table: Table) -> Result<(), csv::Error> {
    w.write_record(table.header())
}

fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Writes one row per item of `record[table.key()]`.
pub fn write_rows<W: Write>(
    w: &mut csv::Writer<W>,
    table: Table,
    record: &Value,
) -> Result<(), csv::Error> {
    let source = cell(record.get("source"));
    let Some(items) = record.get(table.key()).and_then(Value::as_array) else {
        return Ok(());
    };
    for item in items {
        let span = item.get("span").and_then(Value::as_array);
        let mut row = vec![
            source.clone(),
            cell(item.get("line")),
            cell(span.and_then(|s| s.first())),
            cell(span.and_then(|s| s.get(1))),
        ];
        row.extend(table.fields().iter().map(|f| cell(item.get(*f))));
        w.write_record(&row)?;
    }
    Ok(())
}

/// The header row as CSV bytes.
pub fn header_bytes(table: Table) -> Result<Vec<u8>, csv::Error> {
    let mut w = writer(Vec::new());
    write_header(&mut w, table)?;
    w.into_inner().map_err(|e| e.into_error().into())
}

/// One record's rows as CSV bytes (for batch workers that format in
/// parallel and write in order).
pub fn rows_bytes(table: Table, record: &Value) -> Result<Vec<u8>, csv::Error> {
    let mut w = writer(Vec::new());
    write_rows(&mut w, table, record)?;
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_have_the_header_columns() {
        let rec = serde_json::json!({
            "source": "a.txt",
            "dates": [{"text": "05/03/2024", "value": "2024-03-05", "granularity": "day",
                       "line": 3, "span": [10, 20]}]
        });
        let mut w = writer(Vec::new());
        write_header(&mut w, Table::Dates).unwrap();
        write_rows(&mut w, Table::Dates, &rec).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(
            out,
            "source,line,span_start,span_end,text,value,granularity\n\
             a.txt,3,10,20,05/03/2024,2024-03-05,day\n"
        );
    }
}
