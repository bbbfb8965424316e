//! Syllable trigram language model with interpolated modified Kneser-Ney
//! smoothing.
//!
//! The decoder scores millions of candidate syllables per second, so the
//! trained model is stored as a compact forward trie (dense unigram arrays,
//! per-context sorted id arrays for bigrams and trigrams, 8-bit codebook
//! probabilities) in ARPA backoff form: a query is at most three lookups,
//! and a Bloom filter over the stored n-grams skips the searches that would
//! miss (most of them: candidates are mostly unseen in their context).
//! The byte format is a header plus little-endian arrays that are copied
//! straight into typed vectors, so loading the embedded default model costs
//! a few milliseconds.

mod count;
mod filter;
mod format;
mod kneser_ney;
mod model;
mod quantize;
#[cfg(test)]
mod tests;

pub use count::LmBuilder;
pub use format::LmError;
pub(crate) use format::checksum;
pub use model::{Context, LanguageModel};

/// Sentence start `<s>`; only ever used as context, never predicted.
pub const BOS: u32 = 0;
/// Sentence end `</s>`.
pub const EOS: u32 = 1;
/// Unknown word `<unk>`; ids `>= vocab_size` are mapped to it at query time.
pub const UNK: u32 = 2;
/// First id available for real words.
pub const FIRST_WORD: u32 = 3;

/// Ids are packed three to a `u64` during counting, 21 bits each.
pub const MAX_VOCAB: u32 = 1 << 21;

/// Pruning thresholds, on raw (weighted) counts.
///
/// Dropping rare n-grams is what keeps the embedded model small; backoff
/// weights are recomputed afterwards so the pruned model still normalises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prune {
    /// Bigrams seen fewer times than this are dropped (1 keeps all).
    pub min_bigram_count: u32,
    /// Trigrams seen fewer times than this are dropped (1 keeps all).
    pub min_trigram_count: u32,
}

impl Prune {
    /// Keep every n-gram (useful for tests and perplexity baselines).
    pub const NONE: Prune = Prune {
        min_bigram_count: 1,
        min_trigram_count: 1,
    };
}

impl Default for Prune {
    /// Settings recommended for the shipped ~40M-token model (fits ~20 MB).
    fn default() -> Self {
        Prune {
            min_bigram_count: 2,
            min_trigram_count: 3,
        }
    }
}
