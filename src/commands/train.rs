//! `baocao train`: rebuilds the model files from the shared corpora.

use crate::train::{train_lexicon, TrainOptions};
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
}

/// Runs training and prints a summary to stderr.
pub fn run(args: &TrainArgs) -> anyhow::Result<()> {
    let opts = TrainOptions { corpora: args.corpora.clone(), pairs: args.pairs.clone(), out: args.out.clone(), em_iterations: 6 };
    eprintln!("{}", train_lexicon(&opts)?);
    Ok(())
}
