use baocao::commands;
use clap::{CommandFactory, Parser, Subcommand};
use std::process::ExitCode;

/// Repair OCR-mangled Vietnamese reports and extract what analysts need.
#[derive(Parser)]
#[command(
    name = "baocao",
    version,
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
    Repair(commands::repair::RepairArgs),
    /// Extract header, sections, dates, references and dossier counts as JSON.
    Extract(commands::extract::ExtractArgs),
    /// Batch: repair and extract many files or folders in parallel.
    Run(commands::run::RunArgs),
    /// Measure repair against gold text (a CI gate with --min-accuracy).
    Eval(commands::eval::EvalArgs),
    /// Rebuild the model files from the shared corpora and OCR pairs.
    Train(commands::train::TrainArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(commands::meta::CompletionsArgs),
    /// Print the man page (roff): `baocao man > baocao.1`.
    Man,
    /// Show the channel's candidate syllables for OCR tokens (model debugging).
    #[command(hide = true)]
    Candidates(commands::candidates::CandidatesArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = match &cli.command {
        Command::Repair(a) => commands::repair::run(a, &mut out),
        Command::Extract(a) => commands::extract::run(a, &mut out),
        Command::Run(a) => commands::run::run(a, &mut out),
        Command::Eval(a) => commands::eval::run(a, &mut out),
        Command::Train(a) => commands::train::run(a).map(|()| 0),
        Command::Completions(a) => {
            commands::meta::completions(a, &mut Cli::command(), &mut out).map(|()| 0)
        }
        Command::Man => commands::meta::man(Cli::command(), &mut out).map(|()| 0),
        Command::Candidates(a) => commands::candidates::run(a, &mut out).map(|()| 0),
    };
    match result {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) if baocao::output::is_broken_pipe(e.as_ref()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("baocao: {e:#}");
            ExitCode::from(2)
        }
    }
}
