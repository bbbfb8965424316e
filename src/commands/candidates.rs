//! `baocao candidates WORD…`: what the channel proposes for a token, with
//! costs, for understanding a repair decision.

use super::ModelArgs;
use crate::repair::candidates::{SearchLimits, SearchScratch, generate};
use std::io::Write;

/// Arguments of the hidden `candidates` subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct CandidatesArgs {
    /// OCR tokens to look up.
    pub words: Vec<String>,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Prints each token's candidates, cheapest first.
pub fn run(args: &CandidatesArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let m = args.model.load()?;
    let mut scratch = SearchScratch::default();
    for w in &args.words {
        let lower = w.to_lowercase();
        let cands = generate(
            &m.trie,
            &m.channel,
            &m.vocab,
            &m.prior_cost,
            &lower,
            &SearchLimits::default(),
            &mut scratch,
        );
        let list: Vec<String> = cands
            .iter()
            .map(|c| format!("{} {:.2}", m.vocab.word(c.id), c.cost))
            .collect();
        writeln!(out, "{w}: {}", list.join(", "))?;
    }
    Ok(())
}
