//! `baocao repair`: the repaired text, or a JSON review of every change.

use super::ModelArgs;
use super::input::{InputArgs, read_document};
use crate::output::{Format, repair_record};
use crate::pipeline::Pipeline;
use crate::repair::engine::{RepairOptions, Session};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `baocao repair`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:
  baocao repair scan.txt > scan.fixed.txt
  cat scan.txt | baocao repair
  baocao repair --format json scan.txt | jq '.changes[] | select(.confidence < 0.6)'")]
pub struct RepairArgs {
    /// Input files; '-' or nothing reads standard input.
    #[arg(default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
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
        let repaired = pipeline.repair(&doc, &mut session);
        match args.format {
            Format::Text => out.write_all(repaired.rewrite.text.as_bytes())?,
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &repair_record(&doc, &repaired, true))?;
                out.write_all(b"\n")?;
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut *out, &repair_record(&doc, &repaired, true))?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    Ok(failed)
}
