//! `baocao train`: rebuilds the model files from the shared corpora.

use baocao::train::{MAX_ORDER, Prune, TrainOptions, train_all};
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
    /// Real documents kept out of training so they can measure repair.
    #[arg(long, default_value = "../shared/extract-dev")]
    pub extract_dev: PathBuf,
    /// Also write the held-out news and Wikipedia test slices here.
    #[arg(long, value_name = "DIR")]
    pub holdout_dir: Option<PathBuf>,
    /// Longest n-gram of the language model (2–5).
    #[arg(long, default_value_t = ORDER, value_parser = clap::value_parser!(u8).range(2..=MAX_ORDER as i64))]
    pub order: u8,
    /// Minimum (weighted) count of a kept n-gram, per order from 2 up,
    /// comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = Prune::default().min_count)]
    pub min_count: Vec<u32>,
    /// Relative-entropy pruning threshold (0: off).
    #[arg(long, default_value_t = Prune::default().entropy)]
    pub entropy: f64,
}

/// Order of the shipped language model.
pub const ORDER: u8 = 5;

/// Runs training and prints a summary to stderr.
pub fn run(args: &TrainArgs) -> anyhow::Result<()> {
    let opts = TrainOptions {
        corpora: args.corpora.clone(),
        pairs: args.pairs.clone(),
        out: args.out.clone(),
        em_iterations: 6,
        order: usize::from(args.order),
        prune: prune_of(args),
        extract_dev: args.extract_dev.clone(),
        holdout_dir: args.holdout_dir.clone(),
    };
    let started = std::time::Instant::now();
    eprintln!("{}", train_all(&opts)?);
    eprintln!(
        "baocao: trained in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The pruning the flags ask for; orders without a count repeat the last.
fn prune_of(args: &TrainArgs) -> Prune {
    let mut p = Prune {
        entropy: args.entropy,
        ..Prune::NONE
    };
    let mut last = 1;
    for (n, slot) in p.min_count.iter_mut().enumerate() {
        last = args.min_count.get(n).copied().unwrap_or(last);
        *slot = last;
    }
    p
}
