//! N-gram counting over packed `u128` keys.
//!
//! Sentences are padded with a single `<s>` (never predicted) and end with
//! `</s>`. At each predicted position only the longest n-gram ending there
//! is counted: the full `order`-gram, or near the sentence start a shorter
//! one beginning with `<s>`. Every lower-order statistic Kneser-Ney needs
//! (raw and continuation counts) follows from those, because every shorter
//! n-gram occurrence is the suffix of exactly one counted one.

use rayon::prelude::*;

use super::{BOS, EOS, LanguageModel, MAX_ORDER, Prune, UNK};

/// Bits per word id inside a packed key.
pub(crate) const ID_BITS: u32 = 16;

/// Largest vocabulary the packing allows.
pub const MAX_VOCAB: u32 = 1 << ID_BITS;

/// The low `n` words of a packed key.
#[inline]
pub(crate) fn low_words(key: u128, n: usize) -> u128 {
    if n == 0 {
        0
    } else {
        key & ((1u128 << (ID_BITS as usize * n)) - 1)
    }
}

/// Packs `words` (first word in the highest bits), so that numeric order of
/// keys of one length is lexicographic order of the n-grams.
#[cfg(test)]
pub(crate) fn pack(words: &[u32]) -> u128 {
    words
        .iter()
        .fold(0u128, |k, &w| (k << ID_BITS) | u128::from(w))
}

/// Word `i` (0 = first) of a packed `n`-gram.
#[inline]
pub(crate) fn word_at(key: u128, n: usize, i: usize) -> u32 {
    ((key >> (ID_BITS as usize * (n - 1 - i))) & u128::from(MAX_VOCAB - 1)) as u32
}

/// The length tag sits above every word of a packed key.
const TAG_SHIFT: u32 = 120;

/// `BOS`/`EOS` inside a sentence and ids outside the vocabulary count as
/// `UNK`, so they cannot corrupt the padding statistics.
fn clean(vocab_size: u32, w: u32) -> u32 {
    if w >= vocab_size || w == BOS || w == EOS {
        UNK
    } else {
        w
    }
}

/// Pending keys sorted and merged at most this many at once.
const FLUSH_AT: usize = 1 << 23;

/// Accumulates weighted n-gram counts from id sentences.
pub struct LmBuilder {
    vocab_size: u32,
    order: usize,
    pending: Vec<u128>,
    pending_weight: u32,
    /// Counted n-grams, sorted, each tagged with its length.
    keys: Vec<u128>,
    counts: Vec<u32>,
    tokens: u64,
    /// N-grams pruning must keep (tagged like `keys`).
    protected: std::collections::HashSet<u128>,
}

impl LmBuilder {
    /// `vocab_size` counts every id including the reserved ones; ids at or
    /// above it are counted as [`UNK`]. `order` is the longest n-gram.
    ///
    /// # Panics
    /// If `vocab_size` is not in `4..=2^16` or `order` not in
    /// `2..=MAX_ORDER` — programming errors.
    pub fn new(vocab_size: u32, order: usize) -> Self {
        assert!(
            (4..=MAX_VOCAB).contains(&vocab_size),
            "vocab_size must be in 4..=2^16, got {vocab_size}"
        );
        assert!(
            (2..=MAX_ORDER).contains(&order),
            "order must be in 2..={MAX_ORDER}, got {order}"
        );
        LmBuilder {
            vocab_size,
            order,
            pending: Vec::new(),
            pending_weight: 0,
            keys: Vec::new(),
            counts: Vec::new(),
            tokens: 0,
            protected: Default::default(),
        }
    }

    /// Adds one sentence like [`LmBuilder::add_sentence`] and marks every
    /// n-gram in it as one that pruning must keep: phrases the model has
    /// to know however rare they are in running text (place names).
    pub fn add_protected(&mut self, ids: &[u32], weight: u32) {
        self.add_sentence(ids, weight);
        let padded: Vec<u32> = std::iter::once(BOS)
            .chain(ids.iter().map(|&w| self.clean(w)))
            .chain(std::iter::once(EOS))
            .collect();
        for i in 1..padded.len() {
            for n in 2..=self.order.min(i + 1) {
                let words = &padded[i + 1 - n..=i];
                let key = words
                    .iter()
                    .fold(0u128, |k, &w| (k << ID_BITS) | u128::from(w));
                self.protected.insert(key | (n as u128) << TAG_SHIFT);
            }
        }
    }

    fn clean(&self, w: u32) -> u32 {
        clean(self.vocab_size, w)
    }

    /// Adds one sentence (ids without `<s>`/`</s>`), counted `weight`
    /// times. `BOS`/`EOS` inside `ids` are treated as `UNK` so they cannot
    /// corrupt the padding statistics.
    pub fn add_sentence(&mut self, ids: &[u32], weight: u32) {
        if weight == 0 {
            return;
        }
        if weight != self.pending_weight {
            self.flush();
            self.pending_weight = weight;
        }
        let (n, v) = (self.order, self.vocab_size);
        let window = (1u128 << (ID_BITS as usize * n)) - 1;
        let mut key = u128::from(BOS);
        for (i, w) in ids
            .iter()
            .map(|&w| clean(v, w))
            .chain(std::iter::once(EOS))
            .enumerate()
        {
            key = ((key << ID_BITS) | u128::from(w)) & window;
            let len = (i + 2).min(n) as u128;
            self.pending.push(key | (len << TAG_SHIFT));
        }
        self.tokens += (ids.len() as u64 + 1) * u64::from(weight);
        if self.pending.len() >= FLUSH_AT {
            self.flush();
        }
    }

    /// Sorts the pending keys and merges their weighted counts in.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut pending = std::mem::take(&mut self.pending);
        pending.par_sort_unstable();
        let w = self.pending_weight;
        let mut keys = Vec::with_capacity(self.keys.len() + pending.len() / 4);
        let mut counts = Vec::with_capacity(keys.capacity());
        let mut old = self.keys.iter().zip(&self.counts).peekable();
        for run in pending.chunk_by(|a, b| a == b) {
            let key = run[0];
            let add = (run.len() as u32).saturating_mul(w);
            while let Some((&k, &c)) = old.next_if(|(k, _)| **k < key) {
                keys.push(k);
                counts.push(c);
            }
            let c = match old.next_if(|(k, _)| **k == key) {
                Some((_, &c)) => c.saturating_add(add),
                None => add,
            };
            keys.push(key);
            counts.push(c);
        }
        for (&k, &c) in old {
            keys.push(k);
            counts.push(c);
        }
        self.keys = keys;
        self.counts = counts;
        pending.clear();
        self.pending = pending;
    }

    /// Number of predicted tokens added so far (words plus `</s>`, weighted).
    pub fn token_count(&self) -> u64 {
        self.tokens
    }

    /// Number of distinct counted n-grams so far.
    #[cfg(any(test, feature = "internals"))]
    pub fn distinct(&mut self) -> usize {
        self.flush();
        self.keys.len()
    }

    /// Estimates, prunes and quantises the model.
    pub fn build(mut self, prune: &Prune) -> LanguageModel {
        self.flush();
        // Split by length tag: `by_len[n]` holds the counted n-grams of
        // length n (for n < order, those that begin with `<s>`).
        let mut by_len: Vec<(Vec<u128>, Vec<u32>)> = vec![(Vec::new(), Vec::new()); self.order + 1];
        for (&k, &c) in self.keys.iter().zip(&self.counts) {
            let len = (k >> TAG_SHIFT) as usize;
            if let Some((keys, counts)) = by_len.get_mut(len) {
                keys.push(low_words(k, len));
                counts.push(c);
            }
        }
        drop(self.keys);
        drop(self.counts);
        let protected =
            |n: usize, key: u128| self.protected.contains(&(key | (n as u128) << TAG_SHIFT));
        super::kneser_ney::estimate(
            self.vocab_size,
            self.order,
            by_len,
            self.tokens,
            prune,
            &protected,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_order_and_words() {
        let k = pack(&[7, MAX_VOCAB - 1, 3]);
        assert_eq!(
            (word_at(k, 3, 0), word_at(k, 3, 1), word_at(k, 3, 2)),
            (7, MAX_VOCAB - 1, 3)
        );
        assert!(pack(&[1, 9, 9]) < pack(&[2, 0, 0]));
        assert!(pack(&[1, 1, 9]) < pack(&[1, 2, 0]));
        assert_eq!(low_words(k, 2), pack(&[MAX_VOCAB - 1, 3]));
        assert_eq!(k >> ID_BITS, pack(&[7, MAX_VOCAB - 1]));
    }

    #[test]
    fn counts_the_longest_gram_at_each_position() {
        let mut b = LmBuilder::new(10, 3);
        b.add_sentence(&[5, 6, 7], 2);
        b.add_sentence(&[5, 6], 1);
        assert_eq!(b.distinct(), 5);
        let got: Vec<(usize, u128, u32)> = b
            .keys
            .iter()
            .zip(&b.counts)
            .map(|(&k, &c)| ((k >> TAG_SHIFT) as usize, low_words(k, 3), c))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, pack(&[BOS, 5]), 3),
                (3, pack(&[BOS, 5, 6]), 3),
                (3, pack(&[5, 6, EOS]), 1),
                (3, pack(&[5, 6, 7]), 2),
                (3, pack(&[6, 7, EOS]), 2),
            ]
        );
        assert_eq!(b.token_count(), 4 * 2 + 3);
    }
}
