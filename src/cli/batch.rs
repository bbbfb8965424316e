//! The batch engine behind `repair`, `extract` and `run`: the same inputs
//! (files, folders, `-`, `--files-from`), the same output choices (text,
//! JSON, JSON Lines, CSV tables, the review view, `--out-dir`) and the same
//! parallelism, so the three subcommands differ only in their defaults.
//!
//! Inputs are processed in windows (at most [`WINDOW_FILES`] files or
//! [`WINDOW_BYTES`] of input): a window's files are processed in parallel,
//! each into its finished output bytes, then written in input order. That
//! keeps output deterministic and memory bounded without a reorder buffer
//! that can grow behind one slow file. Text output of a large input (over
//! [`STREAM_BYTES`]) or of standard input is streamed piece by piece when
//! its turn comes, so memory stays flat.

use super::walk::{Filter, Input, Walker};
use super::write::{Fill, write_outputs};
use super::{Format, InputArgs, ModelArgs, OutputArgs, TableArg};
use anyhow::{Context, bail};
use baocao::output::{Table, csv_table, explain, json_bytes};
use baocao::{BatchSummary, Pipeline, RepairSummary, SCHEMA_VERSION};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Most files processed before their outputs are written.
pub const WINDOW_FILES: usize = 64;
/// Most input bytes processed before their outputs are written.
pub const WINDOW_BYTES: u64 = 32 << 20;
/// Text-mode inputs larger than this are streamed rather than held whole.
pub const STREAM_BYTES: u64 = 8 << 20;
/// Largest input read whole (records, JSON, CSV, the review view); larger
/// ones fail with a message saying so. Text output streams any size.
pub const MAX_DOCUMENT: u64 = 256 << 20;
/// A single input this large gets a progress bar even when it is alone.
const BIG_INPUT: u64 = 8 << 20;

/// Which subcommand runs the batch: it decides the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Repair,
    Extract,
    Run,
}

/// Arguments of `baocao repair`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:
  baocao repair scan.txt > scan.fixed.txt
  cat scan.txt | baocao repair
  baocao repair --format json scan.txt | jq '.changes[] | select(.confidence < 0.6)'
  baocao repair --explain scan.txt | less -R
  baocao repair scans/ --out-dir fixed/        # fixed/NAME.txt per input

Exit codes: 0 all inputs done, 1 some inputs failed (each reported with its
path), 2 usage or fatal errors (also when no input matched). A closed pipe
ends quietly.")]
pub struct RepairArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Arguments of `baocao extract`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:
  baocao extract report.txt | jq '.dossiers[] | select(.metric==\"resolved_overdue\")'
  baocao extract --format jsonl reports/ > all.jsonl
  baocao extract --format csv --table references reports/*.txt > refs.csv
  baocao extract --no-repair clean.txt

Exit codes: 0 all inputs done, 1 some inputs failed, 2 usage or fatal errors
(also when no input matched).")]
pub struct ExtractArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Read the text as it is, without repairing OCR damage first.
    #[arg(long, help_heading = "Repair")]
    pub no_repair: bool,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Arguments of `baocao run`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:
  baocao run scans/ --out-dir out/          # out/NAME.txt (repaired) + out/NAME.json
  baocao run a.txt b.txt > all.jsonl         # JSON Lines, one document per line
  find . -name '*.txt' | baocao run --files-from - --format jsonl
  baocao run scans/ --format csv --table dossiers > dossiers.csv
  baocao run scans/ --glob '*.txt' --glob '!draft*' --jobs 2 -q > all.jsonl
  cat scan.txt | baocao run - --format text  # '-' is standard input
  baocao run --explain --color always scan.txt | less -R

Exit codes: 0 all inputs done, 1 some inputs failed (each reported with its
path; the others are still processed), 2 usage or fatal errors (an --out-dir
that would overwrite an input, no input matched). A closed pipe ends quietly.
Folders are walked recursively following symlinks, skipping hidden and
ignored files (--hidden, --no-ignore); a folder reached twice (a symlink loop)
is skipped with a note. --format text streams inputs over 8 MB, so memory
stays flat.")]
pub struct RunArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Read the text as it is, without repairing OCR damage first.
    #[arg(long, help_heading = "Repair")]
    pub no_repair: bool,
    /// Also write the batch's totals as a JSON record to FILE.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub summary: Option<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// What each input turns into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Stdout(Format),
    Explain,
    OutDir { txt: bool, json: bool },
}

/// Everything a batch needs, decided once from the arguments.
struct Job<'a> {
    kind: Kind,
    output: &'a OutputArgs,
    mode: Mode,
    table: Table,
    no_repair: bool,
    color: bool,
}

/// Everything a worker needs, shared read-only.
struct Ctx<'a> {
    job: &'a Job<'a>,
    pipeline: &'a Pipeline,
    many: bool,
    progress: &'a ProgressBar,
    out_root: Option<&'a Path>,
}

/// One finished input.
#[derive(Default)]
struct Done {
    /// Output to write to stdout, in order.
    bytes: Vec<u8>,
    /// Text output too large to hold: stream it when its turn comes.
    deferred: bool,
    repair: RepairSummary,
    warnings: usize,
    size: u64,
}

/// Planned `--out-dir` files of one input (paths below the output folder).
#[derive(Debug, Clone, Default)]
struct Targets {
    txt: Option<PathBuf>,
    json: Option<PathBuf>,
    /// Set when another input already claimed these names.
    clash: Option<String>,
}

/// Totals for the summary line and `--summary`.
#[derive(Default)]
struct Totals {
    files: usize,
    failed: usize,
    bytes: u64,
    words: usize,
    changed: usize,
    confidence_sum: f64,
    warnings: usize,
}

impl Totals {
    fn add(&mut self, d: &Done) {
        self.files += 1;
        self.bytes += d.size;
        self.words += d.repair.words;
        self.changed += d.repair.changed;
        self.confidence_sum += d.repair.mean_confidence * d.repair.changed as f64;
        self.warnings += d.warnings;
    }

    fn repair(&self) -> RepairSummary {
        let mean = if self.changed == 0 {
            1.0
        } else {
            self.confidence_sum / self.changed as f64
        };
        RepairSummary {
            words: self.words,
            changed: self.changed,
            mean_confidence: (mean * 1000.0).round() / 1000.0,
        }
    }
}

/// `baocao repair`.
pub fn repair(args: &RepairArgs, out: &mut dyn Write) -> anyhow::Result<usize> {
    run_batch(
        Kind::Repair,
        &args.input,
        &args.output,
        &args.model,
        false,
        None,
        out,
    )
}

/// `baocao extract`.
pub fn extract(args: &ExtractArgs, out: &mut dyn Write) -> anyhow::Result<usize> {
    let no_repair = args.no_repair;
    run_batch(
        Kind::Extract,
        &args.input,
        &args.output,
        &args.model,
        no_repair,
        None,
        out,
    )
}

/// `baocao run`.
pub fn run(args: &RunArgs, out: &mut dyn Write) -> anyhow::Result<usize> {
    let summary = args.summary.as_deref();
    run_batch(
        Kind::Run,
        &args.input,
        &args.output,
        &args.model,
        args.no_repair,
        summary,
        out,
    )
}

/// Decides the output mode and table, and rejects flags that do not go
/// together (exit 2).
fn plan_mode(kind: Kind, o: &OutputArgs) -> anyhow::Result<(Mode, Table)> {
    if o.table.is_some() && o.format != Some(Format::Csv) {
        bail!("--table only applies with --format csv");
    }
    let table = o.table.map_or(
        if kind == Kind::Repair {
            Table::Changes
        } else {
            Table::Dossiers
        },
        TableArg::table,
    );
    if o.explain {
        return Ok((Mode::Explain, table));
    }
    let mode = match (&o.out_dir, o.format) {
        (None, Some(f)) => Mode::Stdout(f),
        (None, None) => Mode::Stdout(match kind {
            Kind::Repair => Format::Text,
            Kind::Extract => Format::Json,
            Kind::Run => Format::Jsonl,
        }),
        (Some(_), None) => Mode::OutDir {
            txt: kind != Kind::Extract,
            json: kind != Kind::Repair,
        },
        (Some(_), Some(Format::Text)) => Mode::OutDir {
            txt: true,
            json: false,
        },
        (Some(_), Some(Format::Json | Format::Jsonl)) => Mode::OutDir {
            txt: false,
            json: true,
        },
        (Some(_), Some(Format::Csv)) => {
            bail!("--out-dir writes .txt and .json files; for CSV redirect standard output instead")
        }
    };
    Ok((mode, table))
}

fn run_batch(
    kind: Kind,
    input: &InputArgs,
    output: &OutputArgs,
    model: &ModelArgs,
    no_repair: bool,
    summary_path: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<usize> {
    let started = Instant::now();
    let (mode, table) = plan_mode(kind, output)?;
    let job = Job {
        kind,
        output,
        mode,
        table,
        no_repair,
        color: output.color.enabled(std::io::stdout().is_terminal()),
    };
    let out_root = match (&output.out_dir, mode) {
        (Some(dir), Mode::OutDir { .. }) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create output folder", dir.display()))?;
            Some(
                dir.canonicalize()
                    .with_context(|| format!("{}", dir.display()))?,
            )
        }
        _ => None,
    };
    let filter = Filter::new(&input.glob, &input.iglob, input.hidden, input.no_ignore)?;
    let mut walker = Walker::new(&filter, out_root.clone());
    let roots = gather_paths(input)?;
    for p in &roots {
        walker.add(p);
    }
    let walk = walker.walk;
    if !output.quiet {
        for note in &walk.notes {
            eprintln!("baocao: note: {note}");
        }
    }
    for e in &walk.errors {
        eprintln!("baocao: {e}");
    }
    let inputs = walk.inputs;
    if inputs.is_empty() && walk.errors.is_empty() {
        let where_: Vec<String> = roots.iter().map(|p| p.display().to_string()).collect();
        bail!(
            "no input matched {} in {}",
            filter
                .patterns
                .iter()
                .map(|p| format!("--glob '{p}'"))
                .collect::<Vec<_>>()
                .join(" "),
            where_.join(", ")
        );
    }
    let targets = match (&out_root, mode) {
        (Some(dir), Mode::OutDir { txt, json }) => plan_targets(&inputs, dir, txt, json)?,
        _ => vec![Targets::default(); inputs.len()],
    };

    let mut builder = model
        .builder(&input.decode)
        .repair(!no_repair)
        .include_text(matches!(mode, Mode::OutDir { txt: true, .. }) || output.include_text);
    if let Some(n) = output.jobs {
        builder = builder.threads(usize::from(n));
    }
    let pipeline = builder.build()?;
    let total_bytes: u64 = inputs.iter().filter_map(|i| i.size).sum();
    let progress = progress_bar(output.quiet, inputs.len(), total_bytes);
    let ctx = Ctx {
        job: &job,
        pipeline: &pipeline,
        many: inputs.len() > 1,
        progress: &progress,
        out_root: out_root.as_deref(),
    };
    if mode == Mode::Stdout(Format::Csv) {
        out.write_all(&csv_table::to_bytes(table, true, &[])?)?;
    }

    let mut totals = Totals {
        failed: walk.errors.len(),
        ..Totals::default()
    };
    let jobs: Vec<(&Input, &Targets)> = inputs.iter().zip(&targets).collect();
    for window in windows(&jobs) {
        let results = pipeline.map(window, |(input, t)| process(&ctx, input, t));
        for ((input, _), result) in window.iter().zip(results) {
            let result = match result {
                Ok(done) if done.deferred => stream_to(&ctx, input, out)?,
                r => r,
            };
            match result {
                Ok(done) => {
                    out.write_all(&done.bytes)?;
                    totals.add(&done);
                }
                Err(msg) => {
                    totals.failed += 1;
                    progress.suspend(|| eprintln!("baocao: {msg}"));
                }
            }
        }
        out.flush()?;
    }
    progress.finish_and_clear();
    out.flush()?;
    let secs = started.elapsed().as_secs_f64();
    if kind == Kind::Run && !output.quiet {
        eprintln!("{}", summary_line(&totals, secs));
    }
    if let Some(path) = summary_path {
        let rec = BatchSummary {
            schema_version: SCHEMA_VERSION.to_string(),
            producer: pipeline.producer(),
            files: totals.files,
            failed: totals.failed,
            bytes: totals.bytes,
            repair: totals.repair(),
            warnings: totals.warnings,
            seconds: (secs * 1000.0).round() / 1000.0,
        };
        let bytes = json_bytes(&rec, true)?;
        std::fs::write(path, bytes)
            .with_context(|| format!("{}: cannot write the summary", path.display()))?;
    }
    Ok(totals.failed)
}

/// Command-line inputs plus `--files-from`, in order (stdin when none).
fn gather_paths(args: &InputArgs) -> anyhow::Result<Vec<PathBuf>> {
    let mut paths = args.inputs.clone();
    if let Some(list) = &args.files_from {
        if list.as_os_str() == "-" && paths.iter().any(|p| p.as_os_str() == "-") {
            bail!("--files-from - and input '-' cannot both read standard input");
        }
        let mut bytes = Vec::new();
        if list.as_os_str() == "-" {
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("reading --files-from from standard input")?;
        } else {
            bytes = std::fs::read(list)
                .with_context(|| format!("{}: cannot read --files-from list", list.display()))?;
        }
        for line in bytes.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if !line.is_empty() {
                paths.push(path_from_bytes(line));
            }
        }
    } else if paths.is_empty() {
        paths.push(PathBuf::from("-"));
    }
    Ok(paths)
}

#[cfg(unix)]
fn path_from_bytes(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn path_from_bytes(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

/// Output paths per input; refuses (exit 2) when one would replace an input.
fn plan_targets(
    inputs: &[Input],
    dir: &Path,
    txt: bool,
    json: bool,
) -> anyhow::Result<Vec<Targets>> {
    let canon_inputs: HashMap<PathBuf, &Input> = inputs
        .iter()
        .filter(|i| !i.is_stdin())
        .filter_map(|i| i.path.canonicalize().ok().map(|c| (c, i)))
        .collect();
    let mut claimed: HashMap<PathBuf, String> = HashMap::new();
    let mut plans = Vec::with_capacity(inputs.len());
    for input in inputs {
        let with_ext = |ext: &str| {
            let mut name = input.rel.as_os_str().to_owned();
            name.push(".");
            name.push(ext);
            PathBuf::from(name)
        };
        let mut t = Targets {
            txt: txt.then(|| with_ext("txt")),
            json: json.then(|| with_ext("json")),
            clash: None,
        };
        for rel in t.txt.iter().chain(&t.json) {
            let p = dir.join(rel);
            let canon = p.canonicalize().unwrap_or_else(|_| p.clone());
            if let Some(victim) = canon_inputs.get(&canon) {
                bail!(
                    "refusing to overwrite input {} with the output of {}; choose another --out-dir",
                    victim.path.display(),
                    input.path.display()
                );
            }
            if let Some(first) = claimed.get(&canon) {
                t.clash = Some(format!(
                    "{}: output {} is already written for {first}; skipped",
                    input.path.display(),
                    p.display()
                ));
            }
        }
        if t.clash.is_none() {
            for rel in t.txt.iter().chain(&t.json) {
                let p = dir.join(rel);
                let canon = p.canonicalize().unwrap_or_else(|_| p.clone());
                claimed.insert(canon, input.path.display().to_string());
            }
        }
        plans.push(t);
    }
    Ok(plans)
}

/// Cuts the batch into windows of bounded count and size.
fn windows<'a, T>(jobs: &'a [(&Input, T)]) -> Vec<&'a [(&'a Input, T)]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, (input, _)) in jobs.iter().enumerate() {
        let size = input.size.unwrap_or(0);
        if i > start && (i - start >= WINDOW_FILES || bytes + size > WINDOW_BYTES) {
            out.push(&jobs[start..i]);
            start = i;
            bytes = 0;
        }
        bytes += size;
    }
    if start < jobs.len() {
        out.push(&jobs[start..]);
    }
    out
}

fn progress_bar(quiet: bool, inputs: usize, total: u64) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() || (inputs <= 1 && total < BIG_INPUT) {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
    ) {
        pb.set_style(style);
    }
    pb
}

/// Opens an input for streaming (stdin or a file); the error names it.
fn open_input(input: &Input) -> Result<Box<dyn Read>, String> {
    if input.is_stdin() {
        return Ok(Box::new(std::io::stdin()));
    }
    std::fs::File::open(&input.path)
        .map(|f| Box::new(f) as Box<dyn Read>)
        .map_err(|e| format!("{}: cannot read: {e}", input.path.display()))
}

/// Reads a whole input, refusing one larger than [`MAX_DOCUMENT`] without
/// reading past it.
fn read_input(input: &Input) -> Result<Vec<u8>, String> {
    let name = input.path.display();
    let reader = open_input(input)?;
    let mut bytes = Vec::with_capacity(input.size.unwrap_or(0).min(MAX_DOCUMENT) as usize);
    reader
        .take(MAX_DOCUMENT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name}: cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_DOCUMENT {
        return Err(format!(
            "{name}: larger than {} MB, the most a record is read from; use --format text, which streams any size",
            MAX_DOCUMENT >> 20
        ));
    }
    Ok(bytes)
}

/// Processes one input into its output bytes (or its files under --out-dir).
fn process(ctx: &Ctx, input: &Input, targets: &Targets) -> Result<Done, String> {
    if let Some(clash) = &targets.clash {
        return Err(clash.clone());
    }
    let size = input.size.unwrap_or(0);
    let job = ctx.job;
    let streams = !job.no_repair;
    let result = match job.mode {
        Mode::Stdout(Format::Text) if streams => {
            if input.is_stdin() || size > STREAM_BYTES {
                return Ok(Done {
                    deferred: true,
                    ..Done::default()
                });
            }
            let mut buf = Vec::with_capacity(size as usize + size as usize / 8);
            stream_file(ctx, input, &mut buf).map(|repair| Done {
                bytes: buf,
                repair,
                size,
                ..Done::default()
            })
        }
        Mode::OutDir {
            txt: true,
            json: false,
        } if streams => match (&targets.txt, ctx.out_root) {
            (Some(rel), Some(root)) => {
                let mut repair = RepairSummary::default();
                write_outputs(
                    root,
                    vec![(
                        rel.clone(),
                        Box::new(|w: &mut dyn Write| {
                            repair = stream_file(ctx, input, w)?;
                            Ok(())
                        }),
                    )],
                )
                .map(|()| Done {
                    repair,
                    size,
                    ..Done::default()
                })
            }
            _ => Err("no output path".into()),
        },
        _ => whole_document(ctx, input, targets),
    };
    if result.is_ok() && !matches!(job.mode, Mode::Stdout(Format::Text)) {
        ctx.progress.inc(size);
    }
    result
}

/// Streams an input's repaired text into `w` (text mode).
fn stream_file(ctx: &Ctx, input: &Input, w: &mut dyn Write) -> Result<RepairSummary, String> {
    let name = input.path.display().to_string();
    let mut tick = |n| ctx.progress.inc(n);
    let reader = open_input(input)?;
    ctx.pipeline
        .repair_stream_with(&name, reader, w, &mut tick)
        .map_err(|e| e.to_string())
}

/// Streams a deferred (large or stdin) text-mode input straight to `out`.
/// Input errors fail that input; output errors (a closed pipe) end the run.
fn stream_to(
    ctx: &Ctx,
    input: &Input,
    out: &mut dyn Write,
) -> anyhow::Result<Result<Done, String>> {
    let name = input.path.display().to_string();
    let mut tick = |n| ctx.progress.inc(n);
    let reader = match open_input(input) {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    match ctx
        .pipeline
        .repair_stream_with(&name, reader, out, &mut tick)
    {
        Ok(repair) => Ok(Ok(Done {
            repair,
            size: input.size.unwrap_or(0),
            ..Done::default()
        })),
        Err(e) if e.is_input_error() => Ok(Err(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// Reads the whole input and produces the record-based outputs (JSON, CSV,
/// the review view, `--out-dir` files).
fn whole_document(ctx: &Ctx, input: &Input, targets: &Targets) -> Result<Done, String> {
    let job = ctx.job;
    let bytes = read_input(input)?;
    let size = input.size.unwrap_or(bytes.len() as u64);
    let name = input.path.display().to_string();
    let p = ctx.pipeline;
    let mut done = Done {
        size,
        ..Done::default()
    };
    let wants_changes = match job.mode {
        Mode::Explain => true,
        Mode::Stdout(Format::Csv) => job.table == Table::Changes,
        Mode::Stdout(Format::Json | Format::Jsonl) | Mode::OutDir { json: true, .. } => {
            job.kind == Kind::Repair
        }
        _ => false,
    };
    if wants_changes {
        let mut out = p.repair(&name, &bytes).map_err(|e| e.to_string())?;
        done.repair = out.record.repair;
        let text = out.record.text.take().unwrap_or_default();
        if job.output.include_text {
            out.record.text = Some(text.clone());
        }
        match job.mode {
            Mode::Explain => {
                if ctx.many {
                    done.bytes
                        .extend_from_slice(format!("==> {name} <==\n").as_bytes());
                }
                let view = explain::render(&out.input, &out.record.changes, job.color);
                done.bytes.extend_from_slice(view.as_bytes());
            }
            Mode::Stdout(Format::Csv) => {
                let rows = csv_table::change_rows(&out.record);
                done.bytes = csv_table::to_bytes(Table::Changes, false, &rows)
                    .map_err(|e| format!("{name}: {e}"))?;
            }
            Mode::Stdout(f) => {
                done.bytes = json_bytes(&out.record, f == Format::Json)
                    .map_err(|e| format!("{name}: {e}"))?;
            }
            Mode::OutDir { txt, .. } => {
                let json = json_bytes(&out.record, true).map_err(|e| format!("{name}: {e}"))?;
                write_files(ctx, targets, txt.then_some(text.as_bytes()), Some(&json))?;
            }
        }
        return Ok(done);
    }
    let mut rec = p.process(&name, &bytes).map_err(|e| e.to_string())?;
    done.repair = rec.repair.unwrap_or_default();
    done.warnings = rec.warnings.len();
    let text = if job.output.include_text {
        rec.text.clone()
    } else {
        rec.text.take()
    };
    match job.mode {
        Mode::Stdout(Format::Text) => done.bytes = text.unwrap_or_default().into_bytes(),
        Mode::Stdout(Format::Csv) => {
            let rows = csv_table::document_rows(job.table, &rec);
            done.bytes =
                csv_table::to_bytes(job.table, false, &rows).map_err(|e| format!("{name}: {e}"))?;
        }
        Mode::Stdout(f) => {
            done.bytes = json_bytes(&rec, f == Format::Json).map_err(|e| format!("{name}: {e}"))?;
        }
        Mode::OutDir { json, .. } => {
            let bytes = if json {
                Some(json_bytes(&rec, true).map_err(|e| format!("{name}: {e}"))?)
            } else {
                None
            };
            write_files(
                ctx,
                targets,
                text.as_deref().map(str::as_bytes),
                bytes.as_deref(),
            )?;
        }
        Mode::Explain => {}
    }
    Ok(done)
}

/// Writes an input's `--out-dir` files together.
fn write_files(
    ctx: &Ctx,
    targets: &Targets,
    txt: Option<&[u8]>,
    json: Option<&[u8]>,
) -> Result<(), String> {
    let Some(root) = ctx.out_root else {
        return Err("no output folder".into());
    };
    let mut outputs: Vec<(PathBuf, Fill)> = Vec::new();
    for (rel, bytes) in [(&targets.txt, txt), (&targets.json, json)] {
        if let (Some(rel), Some(bytes)) = (rel, bytes) {
            let shown = root.join(rel).display().to_string();
            outputs.push((
                rel.clone(),
                Box::new(move |w: &mut dyn Write| {
                    w.write_all(bytes)
                        .map_err(|e| format!("{shown}: cannot write: {e}"))
                }),
            ));
        }
    }
    write_outputs(root, outputs)
}

/// `baocao: 12 files, 3.4 MB, 1234 of 56789 words changed, 3 warnings, 1 failed, 2.1 s`
fn summary_line(t: &Totals, secs: f64) -> String {
    let mb = t.bytes as f64 / 1e6;
    format!(
        "baocao: {} file{}, {:.1} MB, {} of {} words changed, {} warning{}, {} failed, {:.1} s ({:.2} MB/s)",
        t.files,
        if t.files == 1 { "" } else { "s" },
        mb,
        t.changed,
        t.words,
        t.warnings,
        if t.warnings == 1 { "" } else { "s" },
        t.failed,
        secs,
        if secs > 0.0 { mb / secs } else { 0.0 },
    )
}
