//! `baocao eval`: measure repair (and extraction) against gold files, with a
//! threshold that turns the measurement into a CI gate.

use super::{DecodeArgs, ModelArgs};
use anyhow::Context;
use baocao::Pipeline;
use baocao::eval::{ScoreOptions, diff_repair, render_diff, score_changes, score_repair};
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};

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
  baocao eval extract --gold fixtures/expected/ --input fixtures/seeds/ --min-f1 0.9
  baocao eval extract --set ../shared/extract-dev --per-doc
  baocao eval extract --set fixtures/extract-dev --clean --min sections=0.9 --min header=0.8")]
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
    /// Folder of gold records `NAME.json` (with --input).
    #[arg(long, requires = "input")]
    pub gold: Option<PathBuf>,
    /// Folder of inputs `NAME.txt` matching the gold records (with --gold).
    #[arg(long, requires = "gold")]
    pub input: Option<PathBuf>,
    /// A set in the layout of ../shared/extract-dev: `NN/gold.json` beside
    /// `NN/ocr.txt` and `NN/clean.txt` (also `gold/NN.json` +
    /// `ocr/NN/ocr.txt`, or one `gold.json` + `ocr/ocr.txt`). Repeatable.
    #[arg(long, value_name = "DIR")]
    pub set: Vec<PathBuf>,
    /// Read the sets' clean.txt instead of ocr.txt.
    #[arg(long)]
    pub clean: bool,
    /// Fail (exit 1) when the pooled F1 of all items is below this (0–1).
    #[arg(long, value_name = "X", value_parser = super::unit_interval)]
    pub min_f1: Option<f64>,
    /// Fail (exit 1) when a figure is below X: NAME is a kind (sections,
    /// references, dates, dossiers, dates_year, dossier_values), `items`,
    /// `header`, `issuers`, `titles` or a header field. Repeatable.
    #[arg(long = "min", value_name = "NAME=X", value_parser = gate)]
    pub gates: Vec<(String, f64)>,
    /// Also list each document's scores.
    #[arg(long)]
    pub per_doc: bool,
    /// Extract without repairing first.
    #[arg(long)]
    pub no_repair: bool,
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub decode: DecodeArgs,
}

/// `NAME=X` with X in 0..=1 and a name the report knows.
fn gate(s: &str) -> Result<(String, f64), String> {
    let (name, x) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?}: expected NAME=X"))?;
    if !baocao::eval::ExtractReport::names_figure(name) {
        return Err(format!("{name:?}: not a figure of the extraction report"));
    }
    Ok((name.to_string(), super::unit_interval(x)?))
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
    pub decode: DecodeArgs,
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
                out.write_all(baocao::eval::strip_diacritics(line).as_bytes())?;
            }
            Ok(0)
        }
    }
}

/// (name, gold record, input text) triples of a set in one of the layouts
/// of ../shared/extract-dev (see `EvalExtractArgs::set`).
fn set_documents(dir: &Path, clean: bool) -> anyhow::Result<Vec<(String, PathBuf, PathBuf)>> {
    let name = if clean { "clean.txt" } else { "ocr.txt" };
    let sorted_dirs = |d: &Path| -> anyhow::Result<Vec<PathBuf>> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .with_context(|| format!("{}: cannot read the set", d.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        v.sort();
        Ok(v)
    };
    let label = |p: &Path| p.display().to_string();
    let mut out = Vec::new();
    if dir.join("gold").is_dir() {
        for g in sorted_dirs(&dir.join("gold"))? {
            if g.extension().is_some_and(|e| e == "json")
                && let Some(stem) = g.file_stem()
            {
                let input = dir.join("ocr").join(stem).join(name);
                out.push((label(&input), g.clone(), input));
            }
        }
    } else if dir.join("gold.json").is_file() {
        let input = dir.join("ocr").join(name);
        let input = if input.is_file() {
            input
        } else {
            dir.join(name)
        };
        out.push((label(&input), dir.join("gold.json"), input));
    } else {
        for d in sorted_dirs(dir)? {
            if d.join("gold.json").is_file() {
                out.push((label(&d.join(name)), d.join("gold.json"), d.join(name)));
            }
        }
    }
    out.retain(|(_, _, input)| input.is_file());
    if out.is_empty() {
        anyhow::bail!("{}: no gold record with a {name} beside it", dir.display());
    }
    Ok(out)
}

/// (name, gold record, input text) of `--gold DIR --input DIR`.
fn folder_pairs(gold: &Path, input: &Path) -> anyhow::Result<Vec<(String, PathBuf, PathBuf)>> {
    let mut expected: Vec<_> = std::fs::read_dir(gold)
        .with_context(|| format!("{}: cannot read", gold.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    expected.sort();
    Ok(expected
        .into_iter()
        .map(|g| {
            let stem = g.file_stem().map(|s| s.to_os_string()).unwrap_or_default();
            let mut file = stem;
            file.push(".txt");
            let i = input.join(file);
            (i.display().to_string(), g, i)
        })
        .collect())
}

fn run_extract(a: &EvalExtractArgs, out: &mut dyn Write) -> anyhow::Result<usize> {
    let mut docs = Vec::new();
    if let (Some(g), Some(i)) = (&a.gold, &a.input) {
        docs.extend(folder_pairs(g, i)?);
    }
    for set in &a.set {
        docs.extend(set_documents(set, a.clean)?);
    }
    if docs.is_empty() {
        anyhow::bail!("nothing to score: give --gold DIR --input DIR or --set DIR");
    }
    let mut pipeline = a.model.builder(&a.decode).repair(!a.no_repair).build()?;
    // As `baocao run` over the same files would.
    a.model.adapt(
        &mut pipeline,
        docs.iter().map(|(_, _, i)| i.as_path()),
        true,
    );
    let mut total = baocao::eval::ExtractReport {
        documents: 0,
        ..Default::default()
    };
    for (name, gold_path, input) in &docs {
        let gold: serde_json::Value = serde_json::from_str(&read(gold_path)?)
            .with_context(|| format!("{}: not valid JSON", gold_path.display()))?;
        let bytes =
            std::fs::read(input).with_context(|| format!("{}: cannot read", input.display()))?;
        let predicted = pipeline.process(name, &bytes)?;
        let predicted = serde_json::to_value(&predicted)?;
        let report = baocao::eval::score_extract(&gold, &predicted);
        total.merge(&report);
        if a.per_doc {
            total.per_document.push((name.clone(), report));
        }
    }
    match a.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &total)?;
            writeln!(out)?;
        }
        ReportFormat::Table => write!(out, "{}", total.render_table())?,
    }
    let mut gates = a.gates.clone();
    if let Some(min) = a.min_f1 {
        gates.push(("items".to_string(), min));
    }
    let mut missed = 0;
    for (name, min) in &gates {
        let got = total.figure(name).unwrap_or(0.0);
        if got < *min {
            eprintln!("baocao: extraction {name} {got:.3} is below the required {min:.3}");
            missed += 1;
        }
    }
    Ok(usize::from(missed > 0))
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
            let bytes =
                std::fs::read(i).with_context(|| format!("{}: cannot read", i.display()))?;
            let mut pipeline: Pipeline = a.model.builder(&a.decode).build()?;
            a.model.adapt(&mut pipeline, [i.as_path()], true);
            let out = pipeline.repair(&i.display().to_string(), &bytes)?;
            (Some(out.input), out.record.text.unwrap_or_default())
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
