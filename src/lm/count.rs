//! Trigram counting over packed `u64` keys.
//!
//! Only trigram counts are collected: every bigram and unigram statistic
//! Kneser-Ney needs (raw counts, continuation counts) is derivable from the
//! trigram table because each padded position ends exactly one trigram.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{BOS, EOS, LanguageModel, MAX_VOCAB, Prune, UNK};

/// Bits per id inside a packed key.
pub(crate) const ID_BITS: u32 = 21;
const ID_MASK: u64 = (1 << ID_BITS) - 1;

/// Packs `(a, b, c)` so that numeric key order is lexicographic id order,
/// which is exactly the forward-trie order the model is stored in.
#[inline]
pub(crate) fn pack3(a: u32, b: u32, c: u32) -> u64 {
    ((a as u64) << (2 * ID_BITS)) | ((b as u64) << ID_BITS) | c as u64
}

/// Inverse of [`pack3`].
#[inline]
pub(crate) fn unpack3(k: u64) -> (u32, u32, u32) {
    (
        (k >> (2 * ID_BITS)) as u32,
        ((k >> ID_BITS) & ID_MASK) as u32,
        (k & ID_MASK) as u32,
    )
}

/// Multiplicative (Fx-style) hasher: the keys are already well-mixed
/// integers, so SipHash's DoS resistance only costs time here.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // Fold the high bits down: hashbrown uses the top 7 bits as tags and
        // the low bits as bucket index, and multiplication leaves the low
        // bits weak.
        self.0 ^ (self.0 >> 29)
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

/// Accumulates weighted trigram counts from id sentences.
pub struct LmBuilder {
    vocab_size: u32,
    trigrams: HashMap<u64, u32, FxBuild>,
    tokens: u64,
}

impl LmBuilder {
    /// `vocab_size` counts every id including the reserved ones; ids at or
    /// above it are counted as [`UNK`].
    ///
    /// # Panics
    /// If `vocab_size` is not in `4..=2^21` (ids must fit the 21-bit
    /// packing and leave room for one real word) — a programming error.
    pub fn new(vocab_size: u32) -> Self {
        assert!(
            (4..=MAX_VOCAB).contains(&vocab_size),
            "vocab_size must be in 4..=2^21, got {vocab_size}"
        );
        LmBuilder {
            vocab_size,
            trigrams: HashMap::with_hasher(FxBuild::default()),
            tokens: 0,
        }
    }

    /// Adds one sentence (ids without BOS/EOS; the builder adds
    /// `<s> <s> … </s>`), counted `weight` times. `BOS`/`EOS` inside `ids`
    /// are treated as `UNK` so they cannot corrupt the padding statistics.
    pub fn add_sentence(&mut self, ids: &[u32], weight: u32) {
        if weight == 0 {
            return;
        }
        let v = self.vocab_size;
        let clean = |w: u32| {
            if w >= v || w == BOS || w == EOS {
                UNK
            } else {
                w
            }
        };
        let (mut w2, mut w1) = (BOS, BOS);
        for w in ids.iter().map(|&w| clean(w)).chain(std::iter::once(EOS)) {
            let c = self.trigrams.entry(pack3(w2, w1, w)).or_insert(0);
            *c = c.saturating_add(weight);
            w2 = w1;
            w1 = w;
        }
        self.tokens += (ids.len() as u64 + 1) * weight as u64;
    }

    /// Number of predicted tokens added so far (words plus `</s>`, weighted).
    pub fn token_count(&self) -> u64 {
        self.tokens
    }

    /// Number of distinct trigrams seen so far.
    pub fn distinct_trigrams(&self) -> usize {
        self.trigrams.len()
    }

    /// Estimates, prunes and quantises the model.
    pub fn build(self, prune: &Prune) -> LanguageModel {
        let vocab_size = self.vocab_size;
        let mut counts: Vec<(u64, u32)> = self.trigrams.into_iter().collect();
        counts.sort_unstable_by_key(|&(k, _)| k);
        super::kneser_ney::estimate(vocab_size, &counts, prune)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_roundtrip_and_order() {
        let k = pack3(7, MAX_VOCAB - 1, 3);
        assert_eq!(unpack3(k), (7, MAX_VOCAB - 1, 3));
        assert!(pack3(1, 9, 9) < pack3(2, 0, 0));
        assert!(pack3(1, 1, 9) < pack3(1, 2, 0));
    }
}
