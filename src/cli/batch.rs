//! The batch engine behind `repair`, `extract` and `run`: the same inputs
//! (files, folders, `-`, `--files-from`), the same output choices (text,
//! JSON, JSON Lines, CSV tables, the review view, `--out-dir`) and the same
//! parallelism, so the three subcommands differ only in their defaults.
//!
//! Inputs are processed in windows (at most [`WINDOW_FILES`] files or
//! [`WINDOW_BYTES`] of input): a window's files are processed in parallel,
//! each into its finished output bytes, then written in input order. That
//! keeps output deterministic and memory bounded without a reorder buffer
//! that can grow behind one slow file. A large input (over [`STREAM_BYTES`]),
//! standard input and pipes are streamed piece by piece when their turn
//! comes, in every format: repaired text and changes are written as they
//! are made, a document record holds its items but not its text, so memory
//! stays flat whatever the input's size. Such an input is first read
//! through once to check that it decodes (standard input is spooled to a
//! temporary file for that), so an input that fails writes nothing.

use super::walk::{Filter, Input, Walker};
use super::write::write_together;
use super::{Format, InputArgs, ModelArgs, OutputArgs, TableArg};
use anyhow::{Context, bail};
use baocao::output::{
    RepairRecordWriter, Table, csv_table, explain, json_bytes, write_json, write_with_text,
};
use baocao::{BatchSummary, Pipeline, RepairSummary, SCHEMA_VERSION};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Most files processed before their outputs are written.
pub const WINDOW_FILES: usize = 64;
/// Most output bytes (estimated, see [`Job::expansion`]) a window holds
/// before it is written.
pub const WINDOW_BYTES: u64 = 64 << 20;
/// Inputs whose output would be larger than this (estimated) are streamed
/// at their turn rather than processed whole in parallel and held.
pub const STREAM_BYTES: u64 = 8 << 20;
/// Most bytes of standard input (or a pipe) spooled to a temporary file
/// before it is checked and processed: endless input fails here rather
/// than filling the disk.
pub const SPOOL_MAX: u64 = 4 << 30;
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

impl Job<'_> {
    /// How many output bytes an input byte makes, at most about: a change
    /// record (JSON, CSV, the review view) is ~50 bytes per changed word.
    fn expansion(&self) -> u64 {
        let changes = match self.mode {
            Mode::Explain => true,
            Mode::Stdout(Format::Csv) => self.table == Table::Changes,
            Mode::Stdout(Format::Json | Format::Jsonl) => self.kind == Kind::Repair,
            Mode::Stdout(Format::Text) | Mode::OutDir { .. } => false,
        };
        if changes { 64 } else { 2 }
    }
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
    /// Whether every input's changes were scored.
    scored: bool,
    warnings: usize,
}

impl Totals {
    fn add(&mut self, d: &Done) {
        self.files += 1;
        self.bytes += d.size;
        self.words += d.repair.words;
        self.changed += d.repair.changed;
        match d.repair.mean_confidence {
            Some(m) => self.confidence_sum += m * d.repair.changed as f64,
            None => self.scored = false,
        }
        self.warnings += d.warnings;
    }

    fn repair(&self) -> RepairSummary {
        RepairSummary::from_totals(self.words, self.changed, self.confidence_sum, self.scored)
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
    let format = input.decode.input_format;
    let mut filter = Filter::new(
        &input.glob,
        &input.iglob,
        super::ocr::default_globs(format),
        input.hidden,
        input.no_ignore,
    )?;
    filter.sniff =
        format == baocao::InputFormat::Auto && input.glob.is_empty() && input.iglob.is_empty();
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
        (Some(dir), Mode::OutDir { txt, json }) => plan_targets(&inputs, dir, txt, json, format)?,
        _ => vec![Targets::default(); inputs.len()],
    };

    let mut builder = model.builder(&input.decode).repair(!no_repair);
    if let Some(n) = output.jobs {
        builder = builder.threads(usize::from(n));
    }
    let mut pipeline = builder.build()?;
    let adaptation = if no_repair {
        None
    } else {
        model.adapt(
            &mut pipeline,
            inputs.iter().map(|i| i.path.as_path()),
            output.quiet,
        )
    };
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
        scored: true,
        ..Totals::default()
    };
    let jobs: Vec<(&Input, &Targets)> = inputs.iter().zip(&targets).collect();
    for window in windows(&jobs, job.expansion()) {
        let results = pipeline.map(window, |(input, t)| process(&ctx, input, t));
        for ((input, targets), result) in window.iter().zip(results) {
            let result = match result {
                Ok(done) if done.deferred => stream_to(&ctx, input, targets, out)?,
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
            adaptation,
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
    format: baocao::InputFormat,
) -> anyhow::Result<Vec<Targets>> {
    let canon_inputs: HashMap<PathBuf, &Input> = inputs
        .iter()
        .filter(|i| !i.is_stdin())
        .filter_map(|i| i.path.canonicalize().ok().map(|c| (c, i)))
        .collect();
    let mut claimed: HashMap<PathBuf, String> = HashMap::new();
    let mut plans = Vec::with_capacity(inputs.len());
    for input in inputs {
        let (txt_name, json_name) = super::ocr::out_names(input, format);
        let mut t = Targets {
            txt: txt.then_some(txt_name),
            json: json.then_some(json_name),
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
fn windows<'a, T>(jobs: &'a [(&Input, T)], expansion: u64) -> Vec<&'a [(&'a Input, T)]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, (input, _)) in jobs.iter().enumerate() {
        let size = input.size.unwrap_or(0).saturating_mul(expansion);
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

/// Why one input produced no output.
enum Fail {
    /// The input is at fault (or its --out-dir file): report it, go on.
    Input(String),
    /// Standard output failed (a closed pipe, a full disk): stop the run.
    Output(anyhow::Error),
}

impl From<baocao::Error> for Fail {
    fn from(e: baocao::Error) -> Fail {
        match e {
            baocao::Error::Write(io) => {
                Fail::Output(anyhow::Error::new(io).context("writing output"))
            }
            e => Fail::Input(e.to_string()),
        }
    }
}

/// A write to the output of one input, as an error of the pipeline's kind.
fn wr<T>(r: std::io::Result<T>) -> baocao::Result<T> {
    r.map_err(baocao::Error::Write)
}

/// Keeps text in memory up to [`STREAM_BYTES`], then in an anonymous
/// temporary file, so a huge repaired text costs disk, not memory.
struct Spool {
    mem: Vec<u8>,
    file: Option<std::fs::File>,
}

impl Spool {
    fn new() -> Spool {
        Spool {
            mem: Vec::new(),
            file: None,
        }
    }

    /// A reader over everything written.
    fn reader(&mut self) -> std::io::Result<Box<dyn Read + '_>> {
        use std::io::Seek;
        match &mut self.file {
            Some(f) => {
                f.flush()?;
                f.rewind()?;
                Ok(Box::new(std::io::BufReader::new(f)))
            }
            None => Ok(Box::new(&self.mem[..])),
        }
    }
}

impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.file.is_none() && self.mem.len() + buf.len() > STREAM_BYTES as usize {
            let mut f = tempfile::tempfile()?;
            f.write_all(&self.mem)?;
            self.mem = Vec::new();
            self.file = Some(f);
        }
        match &mut self.file {
            Some(f) => f.write_all(buf)?,
            None => self.mem.extend_from_slice(buf),
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

/// True when an input is streamed at its turn rather than processed whole
/// in parallel: standard input, pipes and devices, and large files (large
/// for the output they make).
fn deferred(job: &Job, input: &Input) -> bool {
    input.is_stdin()
        || input
            .size
            .is_none_or(|s| s.saturating_mul(job.expansion()) > STREAM_BYTES)
}

/// Opens an input (stdin or a file); the error names it.
fn open_input(input: &Input) -> Result<Box<dyn Read>, String> {
    if input.is_stdin() {
        return Ok(Box::new(std::io::stdin()));
    }
    std::fs::File::open(&input.path)
        .map(|f| Box::new(f) as Box<dyn Read>)
        .map_err(|e| format!("{}: cannot read: {e}", input.path.display()))
}

/// Processes a small input whole, on a worker, into its output bytes (or
/// its files under --out-dir); large ones are only marked for their turn.
fn process(ctx: &Ctx, input: &Input, targets: &Targets) -> Result<Done, String> {
    if let Some(clash) = &targets.clash {
        return Err(clash.clone());
    }
    if deferred(ctx.job, input) {
        return Ok(Done {
            deferred: true,
            ..Done::default()
        });
    }
    let name = input.path.display().to_string();
    let mut bytes = Vec::with_capacity(input.size.unwrap_or(0) as usize);
    open_input(input)?
        .take(STREAM_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name}: cannot read: {e}"))?;
    let mut buf: Vec<u8> = Vec::new();
    let out = matches!(ctx.job.mode, Mode::Stdout(_) | Mode::Explain)
        .then_some(&mut buf as &mut dyn Write);
    let mut done = match emit(ctx, &name, &bytes[..], out, targets, &mut |_| {}) {
        Ok(d) => d,
        Err(Fail::Input(m)) => return Err(m),
        Err(Fail::Output(e)) => return Err(format!("{e:#}")),
    };
    done.bytes = buf;
    done.size = bytes.len() as u64;
    ctx.progress.inc(done.size);
    Ok(done)
}

/// Streams a deferred input straight to `out` at its turn. The input is
/// read through once first to check that it decodes (standard input is
/// spooled to a temporary file for that), so an input that fails writes
/// nothing. Input errors fail that input; output errors end the run.
fn stream_to(
    ctx: &Ctx,
    input: &Input,
    targets: &Targets,
    out: &mut dyn Write,
) -> anyhow::Result<Result<Done, String>> {
    use std::io::Seek;
    let name = input.path.display().to_string();
    let mut source: std::fs::File = if input.is_stdin() || input.size.is_none() {
        // A stream can be read once: it is validated while it is spooled,
        // so a binary stream (`/dev/zero`) stops at its first piece.
        let r = match open_input(input) {
            Ok(r) => r,
            Err(e) => return Ok(Err(e)),
        };
        let mut f = match tempfile::tempfile() {
            Ok(f) => f,
            Err(e) => return Ok(Err(format!("{name}: cannot make a spool file: {e}"))),
        };
        let tee = Tee {
            inner: r.take(SPOOL_MAX + 1),
            copy: &mut f,
        };
        if let Err(e) = ctx.pipeline.validate(&name, tee) {
            return Ok(Err(e.to_string()));
        }
        if f.metadata().is_ok_and(|m| m.len() > SPOOL_MAX) {
            return Ok(Err(format!(
                "{name}: a stream over {} GB; give it as a file (files of any size stream without a spool)",
                SPOOL_MAX >> 30
            )));
        }
        f
    } else {
        let f = match std::fs::File::open(&input.path) {
            Ok(f) => f,
            Err(e) => return Ok(Err(format!("{name}: cannot read: {e}"))),
        };
        if let Err(e) = ctx.pipeline.validate(&name, std::io::BufReader::new(&f)) {
            return Ok(Err(e.to_string()));
        }
        f
    };
    if let Err(e) = source.rewind() {
        return Ok(Err(format!("{name}: cannot read: {e}")));
    }
    let size = source.metadata().map_or(0, |m| m.len());
    let sink = matches!(ctx.job.mode, Mode::Stdout(_) | Mode::Explain).then_some(out);
    let mut tick = |n| ctx.progress.inc(n);
    match emit(
        ctx,
        &name,
        std::io::BufReader::new(&source),
        sink,
        targets,
        &mut tick,
    ) {
        Ok(mut done) => {
            done.size = size;
            Ok(Ok(done))
        }
        Err(Fail::Input(m)) => Ok(Err(m)),
        Err(Fail::Output(e)) => Err(e),
    }
}

/// Produces one input's output from `reader`: into `out` for the stdout
/// modes, into its `--out-dir` files otherwise, calling `tick` with the
/// input bytes of each piece done. Small and large inputs go through this
/// same code, so their output never depends on their size.
fn emit(
    ctx: &Ctx,
    name: &str,
    reader: impl Read,
    out: Option<&mut dyn Write>,
    targets: &Targets,
    tick: &mut dyn FnMut(u64),
) -> Result<Done, Fail> {
    let job = ctx.job;
    let mut done = Done::default();
    match (job.mode, out) {
        (Mode::OutDir { txt, json }, _) => {
            let Some(root) = ctx.out_root else {
                return Err(Fail::Input("no output folder".into()));
            };
            let rels: Vec<PathBuf> = [(txt, &targets.txt), (json, &targets.json)]
                .into_iter()
                .filter_map(|(on, rel)| rel.clone().filter(|_| on))
                .collect();
            let mut inner: Result<Done, Fail> = Ok(Done::default());
            write_together(root, &rels, |ws| {
                let Some((first, rest)) = ws.split_first_mut() else {
                    return Err("no output files".to_string());
                };
                let first: &mut dyn Write = &mut **first;
                let (txt_w, json_w) = match (txt, rest.first_mut()) {
                    (true, Some(j)) => (Some(first), Some(&mut **j as &mut dyn Write)),
                    (true, None) => (Some(first), None),
                    (false, _) => (None, Some(first)),
                };
                inner = match json_w {
                    Some(j) => emit_record(ctx, name, reader, j, true, txt_w, tick),
                    None => emit_text(ctx, name, reader, txt_w, tick),
                };
                match &inner {
                    Err(Fail::Input(m)) => Err(m.clone()),
                    Err(Fail::Output(e)) => Err(format!("{e:#}")),
                    Ok(_) => Ok(()),
                }
            })
            .map_err(Fail::Input)?;
            return inner;
        }
        (_, None) => return Err(Fail::Input("no output".into())),
        (Mode::Explain, Some(out)) => {
            if ctx.many {
                wr(writeln!(out, "==> {name} <=="))?;
            }
            done.repair = ctx.pipeline.repair_pieces(name, reader, true, &mut |p| {
                tick(p.input_bytes);
                let view = explain::render_from(p.input, p.changes, p.first_line, job.color);
                wr(out.write_all(view.as_bytes()))
            })?;
        }
        (Mode::Stdout(Format::Text), out) => done = emit_text(ctx, name, reader, out, tick)?,
        (Mode::Stdout(Format::Csv), Some(out)) if job.table == Table::Changes => {
            done.repair = ctx.pipeline.repair_pieces(name, reader, true, &mut |p| {
                tick(p.input_bytes);
                let rows = csv_table::rows_of_changes(name, p.changes);
                let bytes = csv_table::to_bytes(Table::Changes, false, &rows)
                    .map_err(|e| baocao::Error::Write(std::io::Error::other(e)))?;
                wr(out.write_all(&bytes))
            })?;
        }
        (Mode::Stdout(Format::Csv), Some(out)) => {
            let rec = ctx.pipeline.process_stream(name, reader, None)?;
            tick(0);
            done.repair = rec.repair.unwrap_or_default();
            done.warnings = rec.warnings.len();
            let rows = csv_table::document_rows(job.table, &rec);
            let bytes =
                csv_table::to_bytes(job.table, false, &rows).map_err(|e| Fail::Output(e.into()))?;
            wr(out.write_all(&bytes))?;
        }
        (Mode::Stdout(f), Some(out)) => {
            done = emit_record(ctx, name, reader, out, f == Format::Json, None, tick)?;
        }
    }
    Ok(done)
}

/// The repaired text of one input into `out` (the text as it is with
/// `--no-repair`).
fn emit_text(
    ctx: &Ctx,
    name: &str,
    reader: impl Read,
    out: Option<&mut dyn Write>,
    tick: &mut dyn FnMut(u64),
) -> Result<Done, Fail> {
    let Some(out) = out else {
        return Err(Fail::Input("no output".into()));
    };
    let mut done = Done::default();
    if ctx.job.no_repair {
        let rec = ctx.pipeline.process_stream(name, reader, Some(out))?;
        done.warnings = rec.warnings.len();
    } else {
        done.repair = ctx.pipeline.repair_stream_with(name, reader, out, tick)?;
    }
    Ok(done)
}

/// The JSON record of one input into `out` — a [`baocao::RepairRecord`]
/// streamed change by change for `repair`, a document record otherwise —
/// and the repaired text into `text` when given, in one pass.
fn emit_record(
    ctx: &Ctx,
    name: &str,
    reader: impl Read,
    out: &mut dyn Write,
    pretty: bool,
    text: Option<&mut dyn Write>,
    tick: &mut dyn FnMut(u64),
) -> Result<Done, Fail> {
    let job = ctx.job;
    let p = ctx.pipeline;
    let mut done = Done::default();
    let mut spool = job.output.include_text.then(Spool::new);
    let mut fan = Fan {
        a: text,
        b: spool.as_mut().map(|s| s as &mut dyn Write),
    };
    if job.kind == Kind::Repair {
        let mut writer: Option<RepairRecordWriter> = None;
        let producer = p.producer();
        let begin = |out: &mut dyn Write, encoding: &str| {
            RepairRecordWriter::begin(out, pretty, SCHEMA_VERSION, &producer, name, encoding)
        };
        done.repair = p.repair_pieces(name, reader, true, &mut |piece| {
            tick(piece.input_bytes);
            if writer.is_none() {
                writer = Some(wr(begin(out, piece.encoding))?);
            }
            if let Some(w) = writer.as_mut() {
                for c in piece.changes {
                    wr(w.change(out, c))?;
                }
            }
            wr(fan.write_all(piece.repaired.as_bytes()))
        })?;
        let w = match writer {
            Some(w) => w,
            None => wr(begin(out, "utf-8"))?,
        };
        match spool.as_mut() {
            Some(s) => {
                let mut r = wr(s.reader())?;
                wr(w.finish(out, &done.repair, Some(&mut r)))?;
            }
            None => wr(w.finish(out, &done.repair, None))?,
        }
        return Ok(done);
    }
    let mut rec = p.process_stream(name, reader, Some(&mut fan))?;
    tick(0);
    // An OCR file's repaired output is the file itself: its record's text
    // is the one the pipeline rebuilt, not what was spooled.
    let rebuilt = rec.text.take().filter(|_| rec.format != "text");
    done.repair = rec.repair.unwrap_or_default();
    done.warnings = rec.warnings.len();
    match spool.as_mut() {
        Some(_) if rebuilt.is_some() => {
            rec.text = rebuilt;
            wr(write_json(out, &rec, pretty))?;
        }
        Some(s) => {
            let mut r = wr(s.reader())?;
            wr(write_with_text(out, &rec, pretty, &mut r))?;
        }
        None => wr(write_json(out, &rec, pretty))?,
    }
    Ok(done)
}

/// A reader that copies what it reads into `copy` (a spool).
struct Tee<'a, R> {
    inner: R,
    copy: &'a mut std::fs::File,
}

impl<R: Read> Read for Tee<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.copy.write_all(&buf[..n])?;
        Ok(n)
    }
}

/// Writes to up to two writers at once.
struct Fan<'a, 'b> {
    a: Option<&'a mut dyn Write>,
    b: Option<&'b mut dyn Write>,
}

impl Write for Fan<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(w) = self.a.as_deref_mut() {
            w.write_all(buf)?;
        }
        if let Some(w) = self.b.as_deref_mut() {
            w.write_all(buf)?;
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        if let Some(w) = self.a.as_deref_mut() {
            w.flush()?;
        }
        if let Some(w) = self.b.as_deref_mut() {
            w.flush()?;
        }
        Ok(())
    }
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
