//! `baocao completions SHELL`, `baocao man` and `--version`: generated from
//! the same clap definition as the parser, so they never drift from the
//! real flags.

use anyhow::Context;
use clap_complete::Shell;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `baocao completions`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:
  baocao completions bash > ~/.local/share/bash-completion/completions/baocao
  baocao completions zsh > ~/.zfunc/_baocao
  baocao completions fish > ~/.config/fish/completions/baocao.fish")]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Arguments of `baocao man`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:
  baocao man > baocao.1                 # the top page only
  baocao man --out /usr/local/share/man/man1   # baocao.1, baocao-run.1, ...")]
pub struct ManArgs {
    /// Write a page per subcommand (baocao.1, baocao-repair.1, …) into DIR
    /// instead of the top page to standard output.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Writes the completion script for `args.shell`.
pub fn completions(
    args: &CompletionsArgs,
    cmd: &mut clap::Command,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let name = cmd.get_name().to_string();
    clap_complete::generate(args.shell, cmd, name, out);
    out.flush()?;
    Ok(())
}

/// Writes the roff man page(s).
pub fn man(args: &ManArgs, cmd: clap::Command, out: &mut dyn Write) -> anyhow::Result<()> {
    match &args.out {
        None => {
            clap_mangen::Man::new(cmd).render(out)?;
            out.flush()?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create", dir.display()))?;
            clap_mangen::generate_to(cmd, dir)
                .with_context(|| format!("{}: cannot write man pages", dir.display()))?;
        }
    }
    Ok(())
}

/// `--version`: the crate version, the embedded model's fingerprint and the
/// schema version of the records.
pub fn long_version() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let model = format!("{:016x}", baocao::Pipeline::embedded_model_id());
        format!(
            "{}\nmodel {model} (embedded; trained by `baocao train` from ../shared/corpora and ../shared/ocr-pairs)\nrecord schema {}",
            env!("CARGO_PKG_VERSION"),
            baocao::SCHEMA_VERSION
        )
    })
}

/// Arguments of `baocao schema`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:
  baocao schema document | jq .properties.dossiers
  baocao schema --out schema/           # what the repository commits")]
pub struct SchemaArgs {
    /// Which record's schema to print.
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(baocao::record::SCHEMA_NAMES), default_value = "document")]
    pub record: String,
    /// Write every record's schema into DIR as NAME.schema.json instead.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Prints (or writes) the JSON Schema of the records.
pub fn schema(args: &SchemaArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create", dir.display()))?;
            for (name, text) in baocao::record::json_schemas()? {
                let path = dir.join(format!("{name}.schema.json"));
                std::fs::write(&path, text)
                    .with_context(|| format!("{}: cannot write", path.display()))?;
            }
        }
        None => {
            for (name, text) in baocao::record::json_schemas()? {
                if name == args.record {
                    out.write_all(text.as_bytes())?;
                }
            }
        }
    }
    Ok(())
}

/// Arguments of the hidden `candidates` subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct CandidatesArgs {
    /// OCR tokens to look up.
    pub words: Vec<String>,
    #[command(flatten)]
    pub model: super::ModelArgs,
}

/// Prints each token's candidates, cheapest first.
pub fn candidates(args: &CandidatesArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let decode = super::DecodeArgs {
        lossy: false,
        encoding: None,
        input_format: baocao::InputFormat::Auto,
    };
    let pipeline = args.model.builder(&decode).build()?;
    for w in &args.words {
        let list: Vec<String> = pipeline
            .candidates(w)
            .iter()
            .map(|(s, c)| format!("{s} {c:.2}"))
            .collect();
        writeln!(out, "{w}: {}", list.join(", "))?;
    }
    Ok(())
}
