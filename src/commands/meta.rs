//! `baocao completions SHELL` and `baocao man`: generated from the same clap
//! definition as the parser, so they never drift from the real flags.

use clap_complete::Shell;
use std::io::Write;

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

/// Writes the roff man page (`baocao man > baocao.1`).
pub fn man(cmd: clap::Command, out: &mut dyn Write) -> anyhow::Result<()> {
    clap_mangen::Man::new(cmd).render(out)?;
    out.flush()?;
    Ok(())
}
