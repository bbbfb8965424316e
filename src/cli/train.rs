//! `baocao train`: rebuilds the model files from the shared corpora.

use baocao::train::{Prune, TrainOptions, train_all};
use std::path::PathBuf;

/// Arguments of `baocao train`.
#[derive(Debug, Clone, clap::Args)]
pub struct TrainArgs {
    /// Folder with the running-text corpora and word lists.
    #[arg(long, default_value = "../shared/corpora")]
    pub corpora: PathBuf,
    /// Folder with train.clean.txt / train.ocr.txt.
    #[arg(long, default_value = "../shared/ocr-pairs")]
    pub pairs: PathBuf,
    /// Where to write the model files.
    #[arg(long, default_value = "dictionaries")]
    pub out: PathBuf,
    /// Drop bigrams seen fewer times (weighted counts).
    #[arg(long, default_value_t = Prune::default().min_bigram_count)]
    pub min_bigram_count: u32,
    /// Drop trigrams seen fewer times (weighted counts).
    #[arg(long, default_value_t = Prune::default().min_trigram_count)]
    pub min_trigram_count: u32,
}

/// Runs training and prints a summary to stderr.
pub fn run(args: &TrainArgs) -> anyhow::Result<()> {
    let opts = TrainOptions {
        corpora: args.corpora.clone(),
        pairs: args.pairs.clone(),
        out: args.out.clone(),
        em_iterations: 6,
        prune: Prune {
            min_bigram_count: args.min_bigram_count,
            min_trigram_count: args.min_trigram_count,
        },
    };
    let started = std::time::Instant::now();
    eprintln!("{}", train_all(&opts)?);
    eprintln!(
        "baocao: trained in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
