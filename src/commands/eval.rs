//! `baocao eval`: measure repair (and extraction) against gold files, with a
//! threshold that turns the measurement into a CI gate.

use super::ModelArgs;
use super::input::{InputArgs, read_document};
use crate::eval::{ScoreOptions, diff_repair, render_diff, score_changes, score_repair};
use crate::pipeline::Pipeline;
use crate::repair::engine::Session;
use anyhow::Context;
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;

/// How to print a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
}

/// Arguments of `baocao eval`.
#[derive(Debug, Clone, clap::Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    pub what: EvalWhat,
}

/// What to evaluate.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum EvalWhat {
    /// Syllable accuracy of repair against a line-aligned gold text.
    #[command(after_help = "Examples:
  baocao eval repair --gold fixtures/pairs/seeds23.clean.txt --input fixtures/pairs/seeds23.ocr.txt
  baocao eval repair --gold gold.txt --hyp repaired.txt --format json
  baocao eval repair --gold gold.txt --input ocr.txt --min-accuracy 0.97   # exit 1 when below")]
    Repair(EvalRepairArgs),
    /// Precision/recall of extraction against expected JSON records.
    #[command(after_help = "Examples:
  baocao eval extract --gold fixtures/expected/ --input fixtures/seeds/
  baocao eval extract --gold fixtures/expected/ --input fixtures/seeds/ --min-f1 0.9")]
    Extract(EvalExtractArgs),
    /// Print a text with every diacritic removed (`đ`→`d`): makes the
    /// stripped-input test set from a gold text.
    Strip {
        /// The text to strip.
        file: PathBuf,
    },
}

/// Arguments of `baocao eval extract`.
#[derive(Debug, Clone, clap::Args)]
pub struct EvalExtractArgs {
    /// Folder of expected records `NAME.json`.
    #[arg(long)]
    pub gold: PathBuf,
    /// Folder of inputs `NAME.txt` matching the expected records.
    #[arg(long)]
    pub input: PathBuf,
    /// Fail (exit 1) when overall F1 is below this (0–1).
    #[arg(long, value_name = "X")]
    pub min_f1: Option<f64>,
    /// Extract without repairing first.
    #[arg(long)]
    pub no_repair: bool,
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub input_args: InputArgs,
}

/// Arguments of `baocao eval repair`.
#[derive(Debug, Clone, clap::Args)]
pub struct EvalRepairArgs {
    /// The correct text, line-aligned with the input.
    #[arg(long)]
    pub gold: PathBuf,
    /// OCR text to repair and score.
    #[arg(long, required_unless_present = "hyp")]
    pub input: Option<PathBuf>,
    /// An already repaired text to score instead of repairing `--input`.
    #[arg(long)]
    pub hyp: Option<PathBuf>,
    /// Fail (exit 1) when syllable accuracy is below this (0–1).
    #[arg(long, value_name = "X")]
    pub min_accuracy: Option<f64>,
    /// Compare case-sensitively (default folds case, like `score.py --ci`).
    #[arg(long)]
    pub case_sensitive: bool,
    /// List this many most frequent error pairs.
    #[arg(long, default_value_t = 20)]
    pub errors: usize,
    /// Also print every line with errors.
    #[arg(long)]
    pub diff: bool,
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub input_args: InputArgs,
}

fn read(path: &PathBuf) -> anyhow::Result<String> {
    std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read as UTF-8 text", path.display()))
}

/// Runs the evaluation; returns 1 when a threshold was missed.
pub fn run(args: &EvalArgs, out: &mut dyn Write) -> anyhow::Result<usize> {
    match &args.what {
        EvalWhat::Repair(a) => run_repair(a, out),
        EvalWhat::Extract(a) => run_extract(a, out),
        EvalWhat::Strip { file } => {
            let text = read(file)?;
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    out.write_all(b"\n")?;
                }
                out.write_all(crate::eval::strip_diacritics(line).as_bytes())?;
            }
            Ok(0)
        }
    }
}

fn run_extract(a: &EvalExtractArgs, out: &mut dyn Write) -> anyhow::Result<usize> {
    let pipeline = if a.no_repair {
        None
    } else {
        Some(Pipeline {
            model: a.model.load()?,
            repair: a.model.options(),
        })
    };
    let mut session = Session::default();
    let mut expected: Vec<PathBuf> = std::fs::read_dir(&a.gold)
        .with_context(|| format!("{}: cannot list", a.gold.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    expected.sort();
    let mut reports = Vec::new();
    for exp_path in &expected {
        let stem = exp_path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let input = a.input.join(format!("{stem}.txt"));
        let gold: serde_json::Value = serde_json::from_str(&read(exp_path)?)
            .with_context(|| format!("{}: not valid JSON", exp_path.display()))?;
        let doc = read_document(&input, &a.input_args)?;
        let predicted = super::extract::record(&doc, pipeline.as_ref(), &mut session);
        reports.push(crate::eval::score_extract(&gold, &predicted));
    }
    let total: crate::eval::ExtractReport = reports.iter().sum();
    match a.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &total)?;
            writeln!(out)?;
        }
        ReportFormat::Table => write!(out, "{}", total.render_table())?,
    }
    let f1 = total.overall.f1.unwrap_or(0.0);
    match a.min_f1 {
        Some(min) if f1 < min => {
            eprintln!(
                "baocao: extraction F1 {:.3} is below the required {:.3}",
                f1, min
            );
            Ok(1)
        }
        _ => Ok(0),
    }
}

fn run_repair(a: &EvalRepairArgs, out: &mut dyn Write) -> anyhow::Result<usize> {
    let gold = read(&a.gold)?;
    let opts = ScoreOptions {
        case_insensitive: !a.case_sensitive,
        top_errors: a.errors,
        ..ScoreOptions::default()
    };
    let (input, hyp) = match (&a.hyp, &a.input) {
        (Some(h), input) => (input.as_ref().map(read).transpose()?, read(h)?),
        (None, Some(i)) => {
            let doc = read_document(i, &a.input_args)?;
            let pipeline = Pipeline {
                model: a.model.load()?,
                repair: a.model.options(),
            };
            let repaired = pipeline.repair(&doc, &mut Session::default());
            (Some(doc.text), repaired.rewrite.text)
        }
        (None, None) => anyhow::bail!("give --input or --hyp"),
    };
    let report = score_repair(&gold, &hyp, &opts)?;
    let changes = input
        .as_deref()
        .map(|i| score_changes(&gold, i, &hyp, &opts))
        .transpose()?;
    let diff = if a.diff {
        Some(diff_repair(&gold, &hyp, &opts)?)
    } else {
        None
    };
    match a.format {
        ReportFormat::Json => {
            let v = json!({"repair": report, "changes": changes, "diff": diff});
            serde_json::to_writer_pretty(&mut *out, &v)?;
            writeln!(out)?;
        }
        ReportFormat::Table => {
            write!(out, "{}", report.render_table())?;
            if let Some(c) = &changes {
                write!(out, "\n{}", c.render_table())?;
            }
            if let Some(d) = &diff {
                write!(out, "\n{}", render_diff(d))?;
            }
        }
    }
    let acc = report.syllable_accuracy.unwrap_or(0.0);
    match a.min_accuracy {
        Some(min) if acc < min => {
            eprintln!(
                "baocao: syllable accuracy {:.2}% is below the required {:.2}%",
                acc * 100.0,
                min * 100.0
            );
            Ok(1)
        }
        _ => Ok(0),
    }
}
