//! The command line: argument structs (clap derive) shared by every
//! subcommand, and one runner module per subcommand. Everything here uses
//! the library only through its front door (`baocao::Pipeline`, the typed
//! records, `baocao::output`, `baocao::eval`, `baocao::train`).

pub mod batch;
pub mod eval;
pub mod meta;
mod ocr;
pub mod train;
mod walk;
mod write;

use baocao::output::Table;
use baocao::{ChannelAdaptation, Encoding, InputFormat, InputKind, Pipeline, ToneStyle, Tuning};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A value parser for a library enum named by `names`, so help and
/// completions list the values and a wrong one is a usage error.
fn named<T>(names: &'static [&'static str]) -> impl TypedValueParser<Value = T>
where
    T: FromStr + Clone + Send + Sync + 'static,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    PossibleValuesParser::new(names).try_map(|s| s.parse::<T>())
}

/// A number in 0..=1.
pub fn unit_interval(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("{s:?} is not a number between 0 and 1")),
    }
}

/// Model and repair flags shared by every subcommand that repairs.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Repair")]
pub struct ModelArgs {
    /// Load the model from this folder (as written by `baocao train`)
    /// instead of the one embedded in the binary.
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
    /// Tone placement in output: old `hòa/ủy` or new `hoà/uỷ`.
    #[arg(long, default_value = "old", value_parser = named::<ToneStyle>(ToneStyle::NAMES))]
    pub tone_style: ToneStyle,
    /// Leave words whose repair is less certain than this (0–1) unchanged.
    #[arg(long, default_value_t = 0.0, value_name = "X", value_parser = unit_interval)]
    pub min_confidence: f64,
    /// What damaged the text: English-model OCR, plain stripping of all
    /// diacritics, or nothing (`auto` decides per document).
    #[arg(long, default_value = "auto", value_parser = named::<InputKind>(InputKind::NAMES))]
    pub input_kind: InputKind,
    /// Never turn stand-alone 1–3 digit numbers into words (`13` → `là`).
    #[arg(long)]
    pub keep_digits: bool,
    /// Learn the OCR engine's habits from the inputs' own words before
    /// repairing them: `auto` samples the first 128 KiB of the input files
    /// (not standard input) and adapts when they hold at least 2,000 OCR
    /// words from an engine other than the one the channel was trained on;
    /// `off` never samples.
    #[arg(long, value_enum, default_value_t = Adapt::Auto, value_name = "WHEN")]
    pub adapt: Adapt,
    /// Weight of the language model against the OCR channel (tuning).
    #[arg(long, hide = true)]
    pub lm_weight: Option<f32>,
    /// Channel cost of keeping an unknown word as written (tuning).
    #[arg(long, hide = true)]
    pub keep_unknown_cost: Option<f32>,
    /// Channel cost of keeping a known non-syllable token (tuning).
    #[arg(long, hide = true)]
    pub keep_token_cost: Option<f32>,
    /// Lattice options per word at most (tuning).
    #[arg(long, hide = true)]
    pub max_options: Option<usize>,
    /// Posterior-cost window for lattice options (tuning).
    #[arg(long, hide = true)]
    pub option_beam: Option<f32>,
    /// Score window for hypotheses, in nats (tuning).
    #[arg(long, hide = true)]
    pub score_beam: Option<f32>,
    /// Hypotheses kept per position (tuning).
    #[arg(long, hide = true)]
    pub beam: Option<usize>,
}

/// Input decoding flags shared by every subcommand that reads documents.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Decoding")]
pub struct DecodeArgs {
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    #[arg(long)]
    pub lossy: bool,
    /// Input encoding instead of detecting it: utf-8, utf-16le, utf-16be,
    /// windows-1258 (cp1258), tcvn3 (abc), vni-windows (vni), viqr.
    #[arg(long, value_name = "NAME", value_parser = |s: &str| s.parse::<Encoding>())]
    pub encoding: Option<Encoding>,
    /// What inputs are: text, or an OCR engine's hOCR, ALTO XML or
    /// Tesseract TSV (`auto` tells them apart by content). An OCR file's
    /// text is rebuilt in reading order, its items get `page` and `bbox`,
    /// and its repaired output is the same file with the words replaced.
    #[arg(long, default_value = "auto", value_name = "FORMAT",
          value_parser = named::<InputFormat>(InputFormat::NAMES))]
    pub input_format: InputFormat,
}

impl ModelArgs {
    /// A pipeline builder with these flags and `decode`'s.
    pub fn builder(&self, decode: &DecodeArgs) -> baocao::PipelineBuilder {
        let tuning = Tuning {
            lm_weight: self.lm_weight,
            keep_unknown_cost: self.keep_unknown_cost,
            keep_token_cost: self.keep_token_cost,
            max_options: self.max_options,
            option_beam: self.option_beam,
            score_beam: self.score_beam,
            beam: self.beam,
        };
        let mut b = Pipeline::builder()
            .tone_style(self.tone_style)
            .min_confidence(self.min_confidence as f32)
            .input_kind(self.input_kind)
            .keep_digits(self.keep_digits)
            .encoding(decode.encoding)
            .input_format(decode.input_format)
            .lossy(decode.lossy)
            .tuning(&tuning);
        if let Some(dir) = &self.model {
            b = b.model_dir(dir);
        }
        b
    }

    /// Adapts `pipeline`'s channel to the files `paths` (see `--adapt`)
    /// and says so on standard error unless `quiet`.
    pub fn adapt<'a>(
        &self,
        pipeline: &mut Pipeline,
        paths: impl IntoIterator<Item = &'a Path>,
        quiet: bool,
    ) -> Option<ChannelAdaptation> {
        if self.adapt == Adapt::Off {
            return None;
        }
        let done = pipeline.adapt_to_files(paths)?;
        if done.applied && !quiet {
            eprintln!(
                "baocao: note: adapted the OCR channel to the input from {} of its words ({} of them misread by the OCR); --adapt off skips this",
                done.words, done.changed
            );
        }
        Some(done)
    }
}

/// When to adapt the OCR channel to the input (`--adapt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Adapt {
    /// When a sample of the files shows another OCR engine.
    Auto,
    /// Never.
    Off,
}

/// Which inputs to read: paths, folders (walked), lists of paths, stdin.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Inputs")]
pub struct InputArgs {
    /// Files or folders ('-' = standard input; nothing at all = stdin).
    #[arg(value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    /// Also read input paths, one per line, from FILE ('-' = stdin).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Take only files matching this glob from folders (on the file name,
    /// or on the path below the folder when it contains '/'; '**' crosses
    /// folders; '!' in front excludes). Repeatable; default '*.txt' and
    /// OCR engines' files ('*.hocr', '*.html', '*.htm', '*.xml', '*.tsv'
    /// holding hOCR, ALTO or TSV), or those of the --input-format given.
    #[arg(long, short = 'g', value_name = "GLOB")]
    pub glob: Vec<String>,
    /// As --glob, matched without regard to case.
    #[arg(long, value_name = "GLOB")]
    pub iglob: Vec<String>,
    /// Also walk hidden files and folders (names starting with '.').
    #[arg(long)]
    pub hidden: bool,
    /// Walk files that .gitignore / .ignore files exclude.
    #[arg(long)]
    pub no_ignore: bool,
    #[command(flatten)]
    pub decode: DecodeArgs,
}

/// `--color`: whether the review view uses colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour (for `| less -R`).
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour output going to a stream that `is_terminal`.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// Output formats shared by `repair`, `extract` and `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The repaired text itself.
    Text,
    /// One pretty-printed JSON record per document.
    Json,
    /// One JSON record per line.
    Jsonl,
    /// One CSV row per item of the table chosen with --table.
    Csv,
}

/// `--table`: which list of the record becomes CSV rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableArg {
    /// Dossier (hồ sơ) counts: metric, value, percent, scope.
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
    /// Repaired words: original, replacement, confidence.
    Changes,
}

impl TableArg {
    /// The library's table.
    pub fn table(self) -> Table {
        match self {
            TableArg::Dossiers => Table::Dossiers,
            TableArg::References => Table::References,
            TableArg::Dates => Table::Dates,
            TableArg::Sections => Table::Sections,
            TableArg::Header => Table::Header,
            TableArg::Warnings => Table::Warnings,
            TableArg::Changes => Table::Changes,
        }
    }
}

/// Flags of the batch engine shared by `repair`, `extract` and `run`.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Output format on standard output [default: text for repair, json
    /// for extract, jsonl for run].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Which list becomes rows with --format csv [default: changes for
    /// repair, dossiers otherwise].
    #[arg(long, value_enum)]
    pub table: Option<TableArg>,
    /// Write one output file per input into DIR (mirroring walked folders)
    /// instead of standard output: NAME.txt (repaired text) and/or
    /// NAME.json (record); --format text or json picks one.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Put the repaired text into each JSON record under "text".
    #[arg(long)]
    pub include_text: bool,
    /// Review view instead of records: each line with changes as old→new,
    /// '?' marking changes less certain than 0.6.
    #[arg(long, conflicts_with_all = ["format", "out_dir", "table"])]
    pub explain: bool,
    /// Colour in the review view.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Worker threads [default: all cores].
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// No progress bar, no summary line, no notes (errors are still
    /// reported).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}
