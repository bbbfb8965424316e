//! Writing records: JSON (pretty, one object per document), JSON Lines,
//! CSV tables, and the `--explain` review view. Every writer takes the
//! typed records of [`crate::record`], so all formats say the same thing.

pub mod csv_table;
pub mod explain;
mod json_stream;

pub use csv_table::Table;
pub use json_stream::{RepairRecordWriter, write_repair_record, write_with_text};

use serde::Serialize;
use std::io::Write;

/// Serialises `record` as one JSON document followed by a newline: pretty
/// for people (`--format json`), compact for JSON Lines (`jsonl`).
pub fn json_bytes<T: Serialize>(record: &T, pretty: bool) -> serde_json::Result<Vec<u8>> {
    let mut v = if pretty {
        serde_json::to_vec_pretty(record)?
    } else {
        serde_json::to_vec(record)?
    };
    v.push(b'\n');
    Ok(v)
}

/// Writes `record` as [`json_bytes`] does, straight to `w`.
pub fn write_json<T: Serialize>(
    w: &mut dyn Write,
    record: &T,
    pretty: bool,
) -> std::io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *w, record)?;
    } else {
        serde_json::to_writer(&mut *w, record)?;
    }
    w.write_all(b"\n")
}
