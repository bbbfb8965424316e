//! `baocao extract`: one JSON record per report (header, sections, dates,
//! references, dossier counts, warnings), repairing OCR text first.

use super::ModelArgs;
use super::input::{InputArgs, read_document};
use crate::extract::extract;
use crate::pipeline::Pipeline;
use crate::repair::engine::{RepairOptions, Session};
use crate::text::{Document, Rewrite};
use std::io::Write;
use std::path::PathBuf;

/// Record formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordFormat {
    /// Pretty-printed JSON, one object per document.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// Arguments of `baocao extract`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:
  baocao extract report.txt | jq '.dossiers[] | select(.metric==\"resolved_overdue\")'
  baocao extract --format jsonl reports/*.txt > all.jsonl")]
pub struct ExtractArgs {
    /// Input files; '-' or nothing reads standard input.
    #[arg(default_value = "-")]
    pub inputs: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = RecordFormat::Json)]
    pub format: RecordFormat,
    /// Extract from the text as it is, without repairing OCR first.
    #[arg(long)]
    pub no_repair: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub input: InputArgs,
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
    let mut v = serde_json::to_value(extract(doc, &rewrite)).unwrap_or(serde_json::Value::Null);
    if let Some(obj) = v.as_object_mut() {
        obj.insert("encoding".into(), doc.encoding.into());
    }
    v
}

/// Runs `extract`; returns the number of inputs that failed.
pub fn run(args: &ExtractArgs, out: &mut dyn Write) -> anyhow::Result<usize> {
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
    let mut session = Session::default();
    let mut failed = 0;
    for path in &args.inputs {
        let doc = match read_document(path, &args.input) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("baocao: {e:#}");
                failed += 1;
                continue;
            }
        };
        let rec = record(&doc, pipeline.as_ref(), &mut session);
        match args.format {
            RecordFormat::Json => serde_json::to_writer_pretty(&mut *out, &rec)?,
            RecordFormat::Jsonl => serde_json::to_writer(&mut *out, &rec)?,
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(failed)
}
