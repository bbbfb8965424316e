//! `baocao extract`: one JSON record per report (header, sections, dates,
//! references, dossier counts, warnings), repairing OCR text first.

use super::ModelArgs;
use super::input::{InputArgs, read_or_report};
use crate::extract::extract;
use crate::output::{Format, Table, csv_table};
use crate::pipeline::Pipeline;
use crate::repair::engine::{RepairOptions, Session};
use crate::text::{Document, Rewrite};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `baocao extract`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:
  baocao extract report.txt | jq '.dossiers[] | select(.metric==\"resolved_overdue\")'
  baocao extract --format jsonl reports/*.txt > all.jsonl
  baocao extract --format csv --table references reports/*.txt > refs.csv
  baocao extract --no-repair clean.txt")]
pub struct ExtractArgs {
    /// Input files; '-' or nothing reads standard input.
    #[arg(default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// Output format: json/jsonl records, csv rows of --table, or text (the
    /// repaired text the record was read from).
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Which list becomes rows with --format csv.
    #[arg(long, value_enum, default_value_t = Table::Dossiers)]
    pub table: Table,
    /// Extract from the text as it is, without repairing OCR first.
    #[arg(long)]
    pub no_repair: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

/// The JSON record of `doc` read through `rewrite`, plus its encoding.
pub fn record_from(doc: &Document, rewrite: &Rewrite) -> serde_json::Value {
    let mut v = serde_json::to_value(extract(doc, rewrite)).unwrap_or(serde_json::Value::Null);
    if let Some(obj) = v.as_object_mut() {
        obj.insert("encoding".into(), doc.encoding.into());
    }
    v
}

/// Extracts one document's record as JSON (repairing first unless `pipeline` is None).
pub fn record(
    doc: &Document,
    pipeline: Option<&Pipeline>,
    session: &mut Session,
) -> serde_json::Value {
    let rewrite = match pipeline {
        Some(p) => p.repair(doc, session).rewrite,
        None => Rewrite::identity(&doc.text),
    };
    record_from(doc, &rewrite)
}

/// Runs `extract`; returns the number of inputs that failed.
pub fn run(args: &ExtractArgs, out: &mut dyn Write) -> anyhow::Result<usize> {
    if args.format == Format::Csv && args.table == Table::Changes {
        anyhow::bail!("extract has no `changes` table; use `baocao repair --format csv`");
    }
    let pipeline = if args.no_repair {
        None
    } else {
        Some(Pipeline {
            model: args.model.load()?,
            // Records are built from the rewrite alone.
            repair: RepairOptions {
                record_changes: false,
                ..args.model.options()
            },
        })
    };
    let mut failed = 0;
    if args.format == Format::Csv {
        out.write_all(&csv_table::header_bytes(args.table)?)?;
    }
    for path in &args.inputs {
        let Some(doc) = read_or_report(path, &args.input, &mut failed) else {
            continue;
        };
        let rewrite = match &pipeline {
            Some(p) => p.repair_parallel(&doc).rewrite,
            None => Rewrite::identity(&doc.text),
        };
        let rec = record_from(&doc, &rewrite);
        match args.format {
            Format::Csv => out.write_all(&csv_table::rows_bytes(args.table, &rec)?)?,
            Format::Text => out.write_all(rewrite.text.as_bytes())?,
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &rec)?;
                out.write_all(b"\n")?;
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut *out, &rec)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    Ok(failed)
}
