//! Everything repair needs, loaded once: vocabulary, channel, syllable trie,
//! language model and abbreviation table. The default model is embedded in
//! the binary so `baocao repair` works with no data files.

use super::abbrev::Abbreviations;
use super::candidates::SyllableTrie;
use super::channel::Channel;
use super::decode::Lm;
use super::vocab::Vocab;
use std::path::Path;

/// Why a model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{file}: {message}")]
    Format { file: String, message: String },
}

/// The repair model.
pub struct Model {
    pub vocab: Vocab,
    pub channel: Channel,
    pub trie: SyllableTrie,
    pub lm: Box<dyn Lm + Send + Sync>,
    pub abbreviations: Abbreviations,
}

const VOCAB: &str = include_str!("../../dictionaries/vocab.tsv");
const CHANNEL: &str = include_str!("../../dictionaries/channel.tsv");
const ABBREVIATIONS: &str = include_str!("../../dictionaries/abbreviations.tsv");

fn format_err(file: &str) -> impl FnOnce(String) -> ModelError + '_ {
    move |message| ModelError::Format {
        file: file.to_string(),
        message,
    }
}

/// Stand-in language model from unigram counts (until the n-gram model lands).
struct UnigramLm {
    logp: Vec<f32>,
}

impl Lm for UnigramLm {
    fn log_prob(&self, _w2: u32, _w1: u32, w: u32) -> f32 {
        self.logp.get(w as usize).copied().unwrap_or(-20.0)
    }
}

impl Model {
    fn from_parts(vocab: &str, channel: &str, abbreviations: &str) -> Result<Model, ModelError> {
        let vocab = Vocab::from_tsv(vocab).map_err(format_err("vocab.tsv"))?;
        let channel = Channel::from_tsv(channel).map_err(format_err("channel.tsv"))?;
        let abbreviations =
            Abbreviations::from_tsv(abbreviations).map_err(format_err("abbreviations.tsv"))?;
        let trie = SyllableTrie::new(&vocab);
        let total: f64 = (0..vocab.len() as u32)
            .map(|i| vocab.count(i) as f64 + 1.0)
            .sum();
        let logp = (0..vocab.len() as u32)
            .map(|i| ((vocab.count(i) as f64 + 1.0) / total).ln() as f32)
            .collect();
        Ok(Model {
            vocab,
            channel,
            trie,
            lm: Box::new(UnigramLm { logp }),
            abbreviations,
        })
    }

    /// The model compiled into the binary.
    pub fn embedded() -> Result<Model, ModelError> {
        Model::from_parts(VOCAB, CHANNEL, ABBREVIATIONS)
    }

    /// A model from a folder written by `baocao train`.
    pub fn load(dir: &Path) -> Result<Model, ModelError> {
        let read = |name: &str| {
            let p = dir.join(name);
            std::fs::read_to_string(&p).map_err(|source| ModelError::Io {
                path: p.display().to_string(),
                source,
            })
        };
        let abbreviations = read("abbreviations.tsv").unwrap_or_else(|_| ABBREVIATIONS.to_string());
        Model::from_parts(&read("vocab.tsv")?, &read("channel.tsv")?, &abbreviations)
    }
}
