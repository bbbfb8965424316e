//! `baocao run`: the batch pipeline. Repair, structure and extraction in one
//! pass over files, directories and lists of paths, in parallel, with output
//! in input order whatever the thread count.
//!
//! Inputs are processed in windows (at most [`WINDOW_FILES`] files or
//! [`WINDOW_BYTES`] of input): a window's files are processed in parallel on
//! a local rayon pool, each into its finished output bytes, then written in
//! order. That keeps output deterministic and memory bounded without a
//! reorder buffer that can grow behind one slow file.
//!
//! With `--format text` a file larger than [`STREAM_BYTES`] (and standard
//! input) is streamed piece by piece straight to its destination, so memory
//! stays flat; every other format holds one document's text (not its
//! tokens) at a time.

use super::ModelArgs;
use super::input::{InputArgs, read_document};
use super::streaming::{StreamError, stream_repair};
use super::walk::{Glob, Input, Walker};
use crate::output::{Format, Table, csv_table, explain};
use crate::pipeline::{CHUNK_BYTES, Pipeline, RepairStats, document_record, repair_record};
use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
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
/// A single input this large gets a progress bar even when it is alone.
const BIG_INPUT: u64 = 8 << 20;

/// Arguments of `baocao run`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:
  baocao run scans/ --out-dir out/          # out/NAME.txt (repaired) + out/NAME.json
  baocao run a.txt b.txt > all.jsonl         # JSON Lines, one document per line
  find . -name '*.txt' | baocao run --files-from - --format jsonl
  baocao run scans/ --format csv --table dossiers > dossiers.csv
  baocao run scans/ --glob '*.{txt,TXT}' --jobs 2 --quiet > all.jsonl
  cat scan.txt | baocao run - --format text  # '-' is standard input
  baocao run --explain scan.txt | less -R    # review every change

Exit codes: 0 all inputs done, 1 some inputs failed (each reported with its
path; the others are still processed), 2 usage or fatal errors (including an
--out-dir that would overwrite an input). A closed pipe ends quietly (0).
Directories are walked recursively following symlinks; a directory reached
twice (a symlink loop) is skipped with a note and does not change the exit
code. --format text streams inputs over 8 MB in pieces cut at blank lines
(or line ends, or spaces in lines over 1 MB), so memory stays flat.")]
pub struct RunArgs {
    /// Files or directories ('-' = standard input; nothing at all = stdin).
    pub inputs: Vec<PathBuf>,
    /// Also read input paths, one per line, from FILE ('-' = standard input).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Which files to take from directories (shell pattern on the file name,
    /// or on the relative path if it contains '/'; '**' crosses folders).
    #[arg(long, default_value = "*.txt", value_name = "PATTERN")]
    pub glob: String,
    /// Write NAME.txt (repaired text) and NAME.json (record) per input into
    /// DIR, mirroring walked folders; --format text or json writes only one.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Output format on stdout [default: jsonl].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Which list becomes rows with --format csv.
    #[arg(long, value_enum, default_value_t = Table::Dossiers)]
    pub table: Table,
    /// Put the repaired text in each JSON record under "text".
    #[arg(long)]
    pub include_text: bool,
    /// Review view instead of records: each line with changes as old→new,
    /// '?' marking changes less certain than 0.6.
    #[arg(long, conflicts_with_all = ["format", "out_dir"])]
    pub explain: bool,
    /// Worker threads [default: all cores].
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// No progress bar, no summary line (errors are still reported).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

/// What each input turns into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Stdout(Format),
    Explain,
    OutDir { txt: bool, json: bool },
}

/// Everything a worker needs, shared read-only.
struct Ctx<'a> {
    args: &'a RunArgs,
    pipeline: &'a Pipeline,
    mode: Mode,
    color: bool,
    many: bool,
    progress: &'a ProgressBar,
}

/// One finished input.
#[derive(Default)]
struct Done {
    /// Output to write to stdout, in order.
    bytes: Vec<u8>,
    /// Text mode, too large to hold: stream it when its turn comes.
    deferred: bool,
    stats: RepairStats,
    warnings: usize,
    size: u64,
}

/// Planned `--out-dir` files of one input.
#[derive(Debug, Clone, Default)]
struct Targets {
    txt: Option<PathBuf>,
    json: Option<PathBuf>,
    /// Set when another input already claimed these names.
    clash: Option<String>,
}

/// Totals for the summary line.
#[derive(Default)]
struct Totals {
    files: usize,
    failed: usize,
    bytes: u64,
    stats: RepairStats,
    warnings: usize,
}

/// Runs `run`; returns the number of inputs that failed.
pub fn run(args: &RunArgs, out: &mut dyn Write) -> anyhow::Result<usize> {
    let started = Instant::now();
    let mode = mode_of(args)?;
    let out_canon = match &args.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create output directory", dir.display()))?;
            Some(
                dir.canonicalize()
                    .with_context(|| format!("{}", dir.display()))?,
            )
        }
        None => None,
    };
    let glob = Glob::new(&args.glob);
    let mut walker = Walker::new(&glob, out_canon.clone());
    for p in gather_paths(args)? {
        walker.add(&p);
    }
    let walk = walker.walk;
    for note in &walk.notes {
        if !args.quiet {
            eprintln!("baocao: note: {note}");
        }
    }
    for e in &walk.errors {
        eprintln!("baocao: {e}");
    }
    let inputs = walk.inputs;
    let targets = match (&out_canon, mode) {
        (Some(dir), Mode::OutDir { txt, json }) => plan_targets(&inputs, dir, txt, json)?,
        _ => vec![Targets::default(); inputs.len()],
    };

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let pipeline = Pipeline {
        model: args.model.load()?,
        repair: args.model.options(),
    };
    let total_bytes: u64 = inputs.iter().filter_map(|i| i.size).sum();
    let progress = progress_bar(args.quiet, inputs.len(), total_bytes);
    let ctx = Ctx {
        args,
        pipeline: &pipeline,
        mode,
        color: explain::use_color(std::io::stdout().is_terminal()),
        many: inputs.len() > 1,
        progress: &progress,
    };
    if mode == Mode::Stdout(Format::Csv) {
        out.write_all(&csv_table::to_bytes(args.table, true, &[])?)?;
    }

    let mut totals = Totals {
        failed: walk.errors.len(),
        ..Totals::default()
    };
    let jobs: Vec<(&Input, &Targets)> = inputs.iter().zip(&targets).collect();
    for window in windows(&jobs) {
        let results: Vec<Result<Done, String>> = pool.install(|| {
            window
                .par_iter()
                .map(|(input, t)| process(&ctx, input, t))
                .collect()
        });
        for ((input, _), result) in window.iter().zip(results) {
            let result = match result {
                Ok(done) if done.deferred => stream_to(&ctx, &pool, input, out)?,
                r => r,
            };
            match result {
                Ok(done) => {
                    out.write_all(&done.bytes)?;
                    totals.files += 1;
                    totals.bytes += done.size;
                    totals.stats.add(&done.stats);
                    totals.warnings += done.warnings;
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
    if !args.quiet {
        eprintln!("{}", summary(&totals, started.elapsed().as_secs_f64()));
    }
    Ok(totals.failed)
}

/// Decides the output mode and rejects contradictory flags (exit 2).
fn mode_of(args: &RunArgs) -> anyhow::Result<Mode> {
    if args.explain {
        return Ok(Mode::Explain);
    }
    Ok(match (&args.out_dir, args.format) {
        (None, f) => Mode::Stdout(f.unwrap_or(Format::Jsonl)),
        (Some(_), None) => Mode::OutDir {
            txt: true,
            json: true,
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
            bail!("--out-dir writes .txt and .json files; for CSV redirect stdout instead")
        }
    })
}

/// Command-line inputs plus `--files-from`, in order (stdin when none).
fn gather_paths(args: &RunArgs) -> anyhow::Result<Vec<PathBuf>> {
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
        let base = dir.join(&input.rel);
        let with_ext = |ext: &str| {
            let mut name = base.as_os_str().to_owned();
            name.push(".");
            name.push(ext);
            PathBuf::from(name)
        };
        let mut t = Targets {
            txt: txt.then(|| with_ext("txt")),
            json: json.then(|| with_ext("json")),
            clash: None,
        };
        for p in t.txt.iter().chain(&t.json) {
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
            for p in t.txt.iter().chain(&t.json) {
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

/// Processes one input into its output bytes (or its files under --out-dir).
fn process(ctx: &Ctx, input: &Input, targets: &Targets) -> Result<Done, String> {
    if let Some(clash) = &targets.clash {
        return Err(clash.clone());
    }
    let size = input.size.unwrap_or(0);
    let result = match ctx.mode {
        Mode::Stdout(Format::Text) => {
            if input.is_stdin() || size > STREAM_BYTES {
                return Ok(Done {
                    deferred: true,
                    ..Done::default()
                });
            }
            let mut buf = Vec::with_capacity(size as usize + size as usize / 8);
            stream_file(ctx, input, &mut buf).map(|stats| Done {
                bytes: buf,
                stats,
                size,
                ..Done::default()
            })
        }
        Mode::OutDir {
            txt: true,
            json: false,
        } => match &targets.txt {
            Some(path) => write_atomic(path, |w| stream_file(ctx, input, w)).map(|stats| Done {
                stats,
                size,
                ..Done::default()
            }),
            None => Err("no output path".into()),
        },
        _ => whole_document(ctx, input, targets),
    };
    if result.is_ok() && ctx.mode != Mode::Stdout(Format::Text) {
        ctx.progress.inc(size);
    }
    result
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

/// Streams an input's repaired text into `w` (text mode).
fn stream_file(ctx: &Ctx, input: &Input, w: &mut dyn Write) -> Result<RepairStats, String> {
    let name = input.path.display().to_string();
    let mut tick = |n| ctx.progress.inc(n);
    let reader = open_input(input)?;
    stream_repair(
        ctx.pipeline,
        None,
        &name,
        reader,
        &ctx.args.input,
        w,
        &mut tick,
    )
    .map_err(|e| match e {
        StreamError::Input(e) | StreamError::Output(e) => format!("{e:#}"),
    })
}

/// Streams a deferred (large or stdin) text-mode input straight to `out`.
/// Input errors fail that input; output errors (a closed pipe) end the run.
fn stream_to(
    ctx: &Ctx,
    pool: &rayon::ThreadPool,
    input: &Input,
    out: &mut dyn Write,
) -> anyhow::Result<Result<Done, String>> {
    let name = input.path.display().to_string();
    let mut tick = |n| ctx.progress.inc(n);
    let reader = match open_input(input) {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    match stream_repair(
        ctx.pipeline,
        Some(pool),
        &name,
        reader,
        &ctx.args.input,
        out,
        &mut tick,
    ) {
        Ok(stats) => Ok(Ok(Done {
            stats,
            size: input.size.unwrap_or(0),
            ..Done::default()
        })),
        Err(StreamError::Input(e)) => Ok(Err(format!("{e:#}"))),
        Err(StreamError::Output(e)) => Err(e),
    }
}

/// Reads the whole document, repairs it, and produces the record-based
/// outputs (JSON, CSV, explain, --out-dir NAME.json).
fn whole_document(ctx: &Ctx, input: &Input, targets: &Targets) -> Result<Done, String> {
    let doc = read_document(&input.path, &ctx.args.input).map_err(|e| format!("{e:#}"))?;
    let size = input.size.unwrap_or(doc.text.len() as u64);
    if ctx.mode == Mode::Explain {
        let repaired = ctx.pipeline.repair_parallel(&doc);
        let mut bytes = Vec::new();
        if ctx.many {
            bytes.extend_from_slice(format!("==> {} <==\n", doc.source).as_bytes());
        }
        bytes
            .extend_from_slice(explain::render(&doc.text, &repaired.changes, ctx.color).as_bytes());
        return Ok(Done {
            bytes,
            stats: RepairStats::of(&repaired),
            size,
            ..Done::default()
        });
    }
    if ctx.mode == Mode::Stdout(Format::Csv) && ctx.args.table == Table::Changes {
        let repaired = ctx.pipeline.repair_parallel(&doc);
        let rec = repair_record(&doc, &repaired, &ctx.pipeline.model, false);
        let rows = csv_table::change_rows(&rec);
        let bytes =
            csv_table::to_bytes(Table::Changes, false, &rows).map_err(|e| format!("{e}"))?;
        return Ok(Done {
            bytes,
            stats: RepairStats::of(&repaired),
            size,
            ..Done::default()
        });
    }
    let (rewrite, stats) = ctx.pipeline.repair_text_summary(&doc.text, CHUNK_BYTES);
    let mut rec = document_record(
        &doc,
        &rewrite,
        Some(&ctx.pipeline.model),
        Some(stats.summary()),
    );
    if ctx.args.include_text {
        rec.text = Some(rewrite.text.clone());
    }
    let warnings = rec.warnings.len();
    let mut done = Done {
        stats,
        warnings,
        size,
        ..Done::default()
    };
    let ser = |pretty: bool| -> Result<Vec<u8>, String> {
        let mut v = if pretty {
            serde_json::to_vec_pretty(&rec)
        } else {
            serde_json::to_vec(&rec)
        }
        .map_err(|e| format!("{}: {e}", doc.source))?;
        v.push(b'\n');
        Ok(v)
    };
    match ctx.mode {
        Mode::Stdout(Format::Json) => done.bytes = ser(true)?,
        Mode::Stdout(Format::Csv) => {
            let rows = csv_table::document_rows(ctx.args.table, &rec);
            done.bytes =
                csv_table::to_bytes(ctx.args.table, false, &rows).map_err(|e| format!("{e}"))?
        }
        Mode::OutDir { .. } => {
            if let Some(p) = &targets.txt {
                write_atomic(p, |w| {
                    w.write_all(rewrite.text.as_bytes())
                        .map_err(|e| format!("{}: {e}", p.display()))
                })?;
            }
            if let Some(p) = &targets.json {
                let bytes = ser(true)?;
                write_atomic(p, |w| {
                    w.write_all(&bytes)
                        .map_err(|e| format!("{}: {e}", p.display()))
                })?;
            }
        }
        _ => done.bytes = ser(false)?,
    }
    Ok(done)
}

/// Writes `path` all or nothing: into `NAME.tmp-PID` beside it, fsync, then
/// rename, so an interrupted run never leaves a half-written NAME.
fn write_atomic<T>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, String>,
) -> Result<T, String> {
    let fail = |what: &str, e: &dyn std::fmt::Display| format!("{}: {what}: {e}", path.display());
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| fail("cannot create directory", &e))?;
    let Some(name) = path.file_name() else {
        return Err(format!("{}: not a file name", path.display()));
    };
    let mut tmp_name = name.to_owned();
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = parent.join(tmp_name);
    let file = std::fs::File::create(&tmp).map_err(|e| fail("cannot write", &e))?;
    let mut w = std::io::BufWriter::new(file);
    let result = fill(&mut w).and_then(|v| {
        let file = w
            .into_inner()
            .map_err(|e| fail("cannot write", &e.error()))?;
        file.sync_all().map_err(|e| fail("cannot write", &e))?;
        std::fs::rename(&tmp, path).map_err(|e| fail("cannot rename into place", &e))?;
        Ok(v)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `baocao: 12 files, 3.4 MB, 1234 of 56789 words changed, 3 warnings, 1 failed, 2.1 s`
fn summary(t: &Totals, secs: f64) -> String {
    let mb = t.bytes as f64 / 1e6;
    format!(
        "baocao: {} file{}, {:.1} MB, {} of {} words changed, {} warning{}, {} failed, {:.1} s ({:.2} MB/s)",
        t.files,
        if t.files == 1 { "" } else { "s" },
        mb,
        t.stats.changed,
        t.stats.words,
        t.warnings,
        if t.warnings == 1 { "" } else { "s" },
        t.failed,
        secs,
        if secs > 0.0 { mb / secs } else { 0.0 },
    )
}
