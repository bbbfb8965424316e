//! Syllable n-gram language model (order 2–5) with interpolated modified
//! Kneser-Ney smoothing, pruned by count and by relative entropy.
//!
//! The decoder scores millions of candidate syllables per second, so the
//! trained model is stored in backoff (ARPA) form, with 8-bit codebook
//! probabilities and backoff weights: orders 2 and 3 as a forward trie
//! (each history's continuations in one sorted run, a Bloom filter in
//! front whose bits for one history sit together), which keeps the candidates scored after one history in the
//! same few cache lines; orders 4 and 5, asked about only once the trigram
//! matched, as hash tables of 24-bit fingerprints (KenLM's probing layout,
//! compacted), so they need no child pointers. A query carries a [`State`]
//! with what its history resolved to, and a state keeps only the history
//! the model can use, so a decoder can merge hypotheses exactly. The byte
//! format is a header plus little-endian arrays aligned to cache lines:
//! the embedded default model's arrays are used where they lie in the
//! binary, and a model read from a file is copied in one piece per array,
//! so loading costs a few milliseconds.

mod assemble;
mod count;
mod filter;
mod format;
mod kneser_ney;
mod model;
mod prune;
mod quantize;
mod table;
#[cfg(test)]
mod tests;
mod trie;

pub use count::LmBuilder;

/// A model's array: borrowed from the binary's embedded model file, or
/// owned when read from elsewhere.
pub(crate) type Data<T> = std::borrow::Cow<'static, [T]>;
pub(crate) use format::checksum;
pub use model::{LanguageModel, State};

/// Sentence start `<s>`; only ever used as context, never predicted.
pub const BOS: u32 = 0;
/// Sentence end `</s>`.
pub const EOS: u32 = 1;
/// Unknown word `<unk>`; ids `>= vocab_size` are mapped to it at query time.
pub const UNK: u32 = 2;
/// First id available for real words.
#[cfg(any(test, feature = "internals"))]
pub const FIRST_WORD: u32 = 3;

/// Longest n-gram supported.
pub const MAX_ORDER: usize = 5;

/// Which n-grams the shipped model keeps.
///
/// Count cut-offs first (on raw, weighted counts), then relative entropy
/// pruning; backoff weights are recomputed afterwards so the pruned model
/// still normalises.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prune {
    /// `min_count[n - 2]`: n-grams of order n seen fewer times are dropped
    /// (1 keeps all).
    pub min_count: [u32; MAX_ORDER - 1],
    /// Drop an n-gram when removing it raises the model's relative entropy
    /// by less than this (Stolcke 1998); 0 turns entropy pruning off.
    pub entropy: f64,
}

impl Prune {
    /// Keep every n-gram (useful for tests and perplexity baselines).
    pub const NONE: Prune = Prune {
        min_count: [1; MAX_ORDER - 1],
        entropy: 0.0,
    };
}

impl Default for Prune {
    /// Settings of the shipped model: no count cut-off, entropy pruning
    /// to about 4M n-grams, a 25 MB file (see `dictionaries/README.md`).
    fn default() -> Self {
        Prune {
            min_count: [1; MAX_ORDER - 1],
            entropy: 7e-8,
        }
    }
}
