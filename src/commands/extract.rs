//! `baocao extract`: one JSON record per report (header, sections, dates,
//! references, dossier counts, warnings), repairing OCR text first.

use super::ModelArgs;
use super::input::{InputArgs, read_or_report};
use crate::output::{Format, Table, csv_table};
use crate::pipeline::{CHUNK_BYTES, Pipeline, RepairStats, document_record};
use crate::record::DocumentRecord;
use crate::repair::engine::Session;
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

/// Extracts one document's record (repairing first unless `pipeline` is None).
pub fn record(
    doc: &Document,
    pipeline: Option<&Pipeline>,
    session: &mut Session,
) -> DocumentRecord {
    match pipeline {
        Some(p) => {
            let repaired = p.repair(doc, session);
            let stats = RepairStats::of(&repaired);
            document_record(
                doc,
                &repaired.rewrite,
                Some(&p.model),
                Some(stats.summary()),
            )
        }
        None => document_record(doc, &Rewrite::identity(&doc.text), None, None),
    }
}

/// Runs `extract`; returns the number of inputs that failed.
pub fn run(args: &ExtractArgs, out: &mut dyn Write) -> anyhow::Result<usize> {
    if args.format == Format::Csv && !args.table.of_document() {
        anyhow::bail!("extract has no `changes` table; use `baocao repair --format csv`");
    }
    let pipeline = if args.no_repair {
        None
    } else {
        Some(Pipeline {
            model: args.model.load()?,
            repair: args.model.options(),
        })
    };
    let mut failed = 0;
    if args.format == Format::Csv {
        out.write_all(&csv_table::to_bytes(args.table, true, &[])?)?;
    }
    for path in &args.inputs {
        let Some(doc) = read_or_report(path, &args.input, &mut failed) else {
            continue;
        };
        let (rewrite, rec) = match &pipeline {
            Some(p) => {
                let (rewrite, stats) = p.repair_text_summary(&doc.text, CHUNK_BYTES);
                let rec = document_record(&doc, &rewrite, Some(&p.model), Some(stats.summary()));
                (rewrite, rec)
            }
            None => {
                let rewrite = Rewrite::identity(&doc.text);
                let rec = document_record(&doc, &rewrite, None, None);
                (rewrite, rec)
            }
        };
        match args.format {
            Format::Csv => {
                let rows = csv_table::document_rows(args.table, &rec);
                out.write_all(&csv_table::to_bytes(args.table, false, &rows)?)?
            }
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
