//! A Bloom filter over the stored n-grams, so the decoder's commonest
//! question — a candidate syllable the context has never been seen with —
//! is answered by one memory read instead of two searches.

use super::model::{Ids, LanguageModel};
use super::quantize::ABSENT;

/// Bits per stored n-gram; with two bits set per key in one 64-bit word
/// this gives about 5% false positives, which merely cost the search the
/// filter would have saved.
const BITS_PER_KEY: usize = 8;

/// Blocked Bloom filter: each key sets two bits of one word, so a query
/// touches a single cache line.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Filter {
    pub(crate) words: Vec<u64>,
}

/// An n-gram as a filter key: the start of its context's id run (unique
/// per context within one level), the level, and the word.
#[inline]
pub(crate) fn key(level: u64, run_start: u32, w: u32) -> u64 {
    (u64::from(run_start) << 33) ^ (level << 32) ^ u64::from(w)
}

impl Filter {
    fn with_keys(n: usize) -> Filter {
        let words = (n * BITS_PER_KEY).div_ceil(64).max(1);
        Filter {
            words: vec![0; words],
        }
    }

    #[inline]
    fn probe(&self, key: u64) -> (usize, u64) {
        let h = (key ^ key >> 29).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let word = ((u128::from(h) * self.words.len() as u128) >> 64) as usize;
        let bits = 1u64 << (h & 63) | 1u64 << (h >> 6 & 63);
        (word, bits)
    }

    fn insert(&mut self, key: u64) {
        let (word, bits) = self.probe(key);
        if let Some(w) = self.words.get_mut(word) {
            *w |= bits;
        }
    }

    /// False means the n-gram is certainly not stored (an empty filter
    /// passes everything).
    #[inline]
    pub(crate) fn may_contain(&self, key: u64) -> bool {
        let (word, bits) = self.probe(key);
        self.words.get(word).is_none_or(|w| w & bits == bits)
    }

    /// The filter of every scored bigram and trigram of `lm`.
    pub(crate) fn of(lm: &LanguageModel) -> Filter {
        let scored = lm.bi_prob.iter().filter(|&&c| c != ABSENT).count();
        let mut f = Filter::with_keys(scored + lm.tri_prob.len());
        let id = |ids: &Ids, i: usize| match ids {
            Ids::U16(v) => v.get(i).map(|&w| u32::from(w)),
            Ids::U32(v) => v.get(i).copied(),
        };
        for run in lm.uni_child.windows(2) {
            for j in run[0] as usize..run[1] as usize {
                if let (Some(&code), Some(w)) = (lm.bi_prob.get(j), id(&lm.bi_ids, j))
                    && code != ABSENT
                {
                    f.insert(key(0, run[0], w));
                }
            }
        }
        for run in lm.bi_child.windows(2) {
            for k in run[0] as usize..run[1] as usize {
                if let Some(w) = id(&lm.tri_ids, k) {
                    f.insert(key(1, run[0], w));
                }
            }
        }
        f
    }
}
