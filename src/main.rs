//! The `baocao` command: parses the command line and dispatches to the
//! runners in `cli/`, which use the library's front door only.

mod cli;

use clap::{CommandFactory, Parser, Subcommand};
use std::process::ExitCode;

/// Repair OCR-mangled Vietnamese reports and extract what analysts need.
#[derive(Parser)]
#[command(
    name = "baocao",
    version,
    long_version = cli::meta::long_version(),
    about,
    after_help = "Examples:
  baocao repair scan.txt > scan.fixed.txt
  baocao run scans/ --out-dir out/
  baocao run scans/ > all.jsonl
  baocao extract --format csv --table dossiers report.txt

Exit codes: 0 success, 1 some inputs failed, 2 usage or fatal errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Restore Vietnamese diacritics and undo OCR confusions.
    Repair(cli::batch::RepairArgs),
    /// Extract header, sections, dates, references and dossier counts as JSON.
    Extract(cli::batch::ExtractArgs),
    /// Batch: repair and extract many files or folders in parallel.
    Run(cli::batch::RunArgs),
    /// Measure repair or extraction against gold files (a CI gate).
    Eval(cli::eval::EvalArgs),
    /// Rebuild the model files from the shared corpora and OCR pairs.
    Train(cli::train::TrainArgs),
    /// Print the JSON Schema of the records (DocumentRecord, RepairRecord,
    /// BatchSummary).
    Schema(cli::meta::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(cli::meta::CompletionsArgs),
    /// Print the man page (roff), or write one per subcommand with --out.
    Man(cli::meta::ManArgs),
    /// Show the channel's candidate syllables for OCR tokens (model debugging).
    #[command(hide = true)]
    Candidates(cli::meta::CandidatesArgs),
}

/// True when an error chain ends in EPIPE: the reader went away, so we stop
/// quietly (`| head`).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return io.kind() == std::io::ErrorKind::BrokenPipe;
        }
        if let Some(b) = e.downcast_ref::<baocao::Error>() {
            return b.is_broken_pipe();
        }
        if let Some(js) = e.downcast_ref::<serde_json::Error>() {
            return js.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe);
        }
        if let Some(c) = e.downcast_ref::<csv::Error>()
            && let csv::ErrorKind::Io(io) = c.kind()
        {
            return io.kind() == std::io::ErrorKind::BrokenPipe;
        }
        false
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = match &cli.command {
        Command::Repair(a) => cli::batch::repair(a, &mut out),
        Command::Extract(a) => cli::batch::extract(a, &mut out),
        Command::Run(a) => cli::batch::run(a, &mut out),
        Command::Eval(a) => cli::eval::run(a, &mut out),
        Command::Train(a) => cli::train::run(a).map(|()| 0),
        Command::Schema(a) => cli::meta::schema(a, &mut out).map(|()| 0),
        Command::Completions(a) => {
            cli::meta::completions(a, &mut Cli::command(), &mut out).map(|()| 0)
        }
        Command::Man(a) => cli::meta::man(a, Cli::command(), &mut out).map(|()| 0),
        Command::Candidates(a) => cli::meta::candidates(a, &mut out).map(|()| 0),
    };
    let result = result.and_then(|n| {
        std::io::Write::flush(&mut out)?;
        Ok(n)
    });
    match result {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("baocao: {e:#}");
            ExitCode::from(2)
        }
    }
}
