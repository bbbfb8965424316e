//! `baocao train`: rebuilds the embedded models from `../shared` corpora and
//! OCR pairs. Only derived statistics leave this module, never corpus text.

pub mod acronyms;
pub mod align;
pub mod channel;
pub mod corpus;
pub mod holdout;
pub mod lm;
pub mod names;
pub mod vocab;

pub use crate::lm::{MAX_ORDER, Prune};
use crate::repair::precomputed::Precomputed;
use std::path::{Path, PathBuf};

/// Where training reads from and writes to.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// `../shared/corpora`.
    pub corpora: PathBuf,
    /// `../shared/ocr-pairs` (uses `train.clean.txt` / `train.ocr.txt`).
    pub pairs: PathBuf,
    /// Output folder (e.g. `dictionaries/`).
    pub out: PathBuf,
    /// EM iterations for the channel.
    pub em_iterations: usize,
    /// Language-model order (longest n-gram).
    pub order: usize,
    /// Language-model pruning.
    pub prune: crate::lm::Prune,
    /// `../shared/extract-dev`: its documents are kept out of training.
    pub extract_dev: PathBuf,
    /// Where to write the held-out test slices (none: not written).
    pub holdout_dir: Option<PathBuf>,
}

/// Why training failed.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The corpora folder holds no running text.
    #[error("no running-text corpora found in {0}")]
    NoCorpora(PathBuf),
    /// The model just written does not load.
    #[error(transparent)]
    Model(#[from] crate::repair::model::ModelError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> TrainError + '_ {
    move |source| TrainError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Trains the vocabulary, the OCR channel and the language model, writing
/// `vocab.tsv`, `channel.tsv`, `names.tsv`, `acronyms.tsv`, `lm.bin` and
/// the candidate table `candidates.bin` into `opts.out`; returns a report.
pub fn train_all(opts: &TrainOptions) -> Result<String, TrainError> {
    let files = corpus::running_text(&opts.corpora);
    if files.is_empty() {
        return Err(TrainError::NoCorpora(opts.corpora.clone()));
    }
    let started = std::time::Instant::now();
    let corpus = corpus::load(&files, &opts.extract_dev).map_err(io(&opts.corpora))?;
    if let Some(dir) = &opts.holdout_dir {
        write_tests(dir, &corpus)?;
    }
    let places = (
        corpus::gazetteer_phrases(&opts.corpora).map_err(io(&opts.corpora))?,
        corpus::GAZETTEER_WEIGHT,
    );
    let counts = vocab::count_corpora(corpus.texts.iter().chain([&places]));
    let listed =
        vocab::listed_syllables(&opts.corpora, &corpus::WORD_LISTS).map_err(io(&opts.corpora))?;
    let v = vocab::build(&counts, &listed, &vocab::VocabOptions::default());
    std::fs::create_dir_all(&opts.out).map_err(io(&opts.out))?;
    let vocab_path = opts.out.join("vocab.tsv");
    std::fs::write(&vocab_path, v.to_tsv()).map_err(io(&vocab_path))?;
    let clean_path = opts.pairs.join("train.clean.txt");
    let ocr_path = opts.pairs.join("train.ocr.txt");
    let clean = std::fs::read_to_string(&clean_path).map_err(io(&clean_path))?;
    let ocr = std::fs::read_to_string(&ocr_path).map_err(io(&ocr_path))?;
    let pairs = channel::training_pairs(&clean, &ocr);
    let ch = channel::train(&pairs, opts.em_iterations);
    let channel_path = opts.out.join("channel.tsv");
    std::fs::write(&channel_path, ch.to_tsv()).map_err(io(&channel_path))?;
    let names_path = opts.out.join("names.tsv");
    let names = names::names_tsv(&opts.corpora).map_err(io(&opts.corpora))?;
    std::fs::write(&names_path, &names).map_err(io(&names_path))?;
    let acronyms_path = opts.out.join("acronyms.tsv");
    let acronyms = acronyms::acronyms_tsv(corpus.texts.iter().map(|(t, _)| t.as_str()));
    std::fs::write(&acronyms_path, &acronyms).map_err(io(&acronyms_path))?;
    let (model, tokens) = lm::train(&corpus.texts, &places, &v, opts.order, &opts.prune);
    let lm_path = opts.out.join("lm.bin");
    let bytes = model.to_bytes();
    std::fs::write(&lm_path, &bytes).map_err(io(&lm_path))?;
    // The search's answers for the training text's OCR forms, from the
    // model just written (see `repair::precomputed`).
    let written = crate::repair::model::Model::load(&opts.out)?;
    let table = Precomputed::build(&written, &ocr, written.fingerprint);
    let table_path = opts.out.join("candidates.bin");
    std::fs::write(&table_path, &table).map_err(io(&table_path))?;
    Ok(format!(
        "held out: {} lines; vocabulary: {} entries ({} syllables); acronyms with Đ: {}; channel: {} training pairs; language model: order {}, {} weighted tokens, n-grams by order from 2: {:?}, {} bytes; candidate table: {} bytes; took {:.1} s",
        corpus.dropped,
        v.len(),
        v.syllables().count(),
        acronyms.lines().filter(|l| !l.starts_with('#')).count(),
        pairs.len(),
        model.order(),
        tokens,
        model.ngrams(),
        bytes.len(),
        table.len(),
        started.elapsed().as_secs_f64()
    ))
}

/// Writes each test slice as `DIR/NAME.clean.txt`.
fn write_tests(dir: &Path, corpus: &corpus::Corpus) -> Result<(), TrainError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    for (name, lines) in &corpus.tests {
        let path = dir.join(format!("{name}.clean.txt"));
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(&path, text).map_err(io(&path))?;
    }
    Ok(())
}
