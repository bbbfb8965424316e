//! `baocao repair`: the repaired text, or a JSON review of every change.
//!
//! `--format text` streams (see [`super::streaming`]): memory stays flat
//! however large the input. The other formats and `--explain` need every
//! change of a document, so they read each document whole.

use super::ModelArgs;
use super::input::{InputArgs, read_or_report};
use super::streaming::{StreamError, stream_repair};
use crate::output::{Format, Table, csv_table, explain};
use crate::pipeline::Pipeline;
use crate::pipeline::repair_record;
use crate::repair::engine::RepairOptions;
use anyhow::Context;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Arguments of `baocao repair`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:
  baocao repair scan.txt > scan.fixed.txt
  cat scan.txt | baocao repair
  baocao repair --explain scan.txt | less -R
  baocao repair --format json scan.txt | jq '.changes[] | select(.confidence < 0.6)'
  baocao repair --format csv scans/*.txt > changes.csv
  baocao repair --encoding tcvn3 old.txt > old.utf8.txt")]
pub struct RepairArgs {
    /// Input files; '-' or nothing reads standard input.
    #[arg(default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// Output format (csv: one row per changed word).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Review view: each line with changed words as old→new, '?' marking
    /// changes less certain than 0.6 (coloured on a terminal unless NO_COLOR).
    #[arg(long, conflicts_with = "format")]
    pub explain: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

/// Runs `repair`; returns the number of inputs that failed.
pub fn run(args: &RepairArgs, out: &mut dyn Write) -> anyhow::Result<usize> {
    let pipeline = Pipeline {
        model: args.model.load()?,
        repair: RepairOptions {
            record_changes: args.format != Format::Text,
            ..args.model.options()
        },
    };
    let color = explain::use_color(std::io::stdout().is_terminal());
    if args.format == Format::Csv {
        out.write_all(&csv_table::to_bytes(Table::Changes, true, &[])?)?;
    }
    let mut failed = 0;
    for path in &args.inputs {
        if args.format == Format::Text && !args.explain {
            match stream_path(&pipeline, path, args, out) {
                Ok(()) => {}
                Err(StreamError::Input(e)) => {
                    eprintln!("baocao: {e:#}");
                    failed += 1;
                }
                Err(StreamError::Output(e)) => return Err(e),
            }
            continue;
        }
        let Some(doc) = read_or_report(path, &args.input, &mut failed) else {
            continue;
        };
        let repaired = pipeline.repair_parallel(&doc);
        if args.explain {
            if args.inputs.len() > 1 {
                writeln!(out, "==> {} <==", doc.source)?;
            }
            out.write_all(explain::render(&doc.text, &repaired.changes, color).as_bytes())?;
            continue;
        }
        let rec = repair_record(&doc, &repaired, &pipeline.model, true);
        match args.format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &rec)?;
                out.write_all(b"\n")?;
            }
            Format::Csv => {
                let rows = csv_table::change_rows(&rec);
                out.write_all(&csv_table::to_bytes(Table::Changes, false, &rows)?)?
            }
            Format::Jsonl | Format::Text => {
                serde_json::to_writer(&mut *out, &rec)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    Ok(failed)
}

fn stream_path(
    pipeline: &Pipeline,
    path: &std::path::Path,
    args: &RepairArgs,
    out: &mut dyn Write,
) -> Result<(), StreamError> {
    let name = path.display().to_string();
    let mut progress = |_| {};
    if name == "-" {
        let stdin = std::io::stdin();
        stream_repair(
            pipeline,
            None,
            &name,
            stdin.lock(),
            &args.input,
            out,
            &mut progress,
        )?;
    } else {
        let file = std::fs::File::open(path)
            .with_context(|| format!("{name}: cannot read"))
            .map_err(StreamError::Input)?;
        stream_repair(pipeline, None, &name, file, &args.input, out, &mut progress)?;
    }
    Ok(())
}
