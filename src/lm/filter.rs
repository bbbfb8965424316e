//! A blocked Bloom filter: a few bits per stored n-gram that stay in cache
//! and answer the decoder's commonest question (a candidate never seen
//! after this history) without reading the n-grams themselves.

/// Bits per n-gram: with two bits set per key in one 64-bit word, about 5%
/// of absent n-grams pass, which merely costs the search the filter would
/// have saved.
const BITS_PER_KEY: usize = 8;

/// Each key sets two bits of one word, so a query reads one word.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Filter {
    pub(crate) words: Vec<u64>,
}

impl Filter {
    /// The filter of well-mixed 64-bit keys.
    pub(crate) fn of(keys: impl ExactSizeIterator<Item = u64>) -> Filter {
        let words = (keys.len() * BITS_PER_KEY).div_ceil(64).max(1);
        let mut f = Filter {
            words: vec![0; words],
        };
        for k in keys {
            let (w, bits) = f.probe(k);
            f.words[w] |= bits;
        }
        f
    }

    #[inline(always)]
    fn probe(&self, k: u64) -> (usize, u64) {
        let g = k.rotate_left(29).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let word = ((u128::from(g) * self.words.len() as u128) >> 64) as usize;
        (word, 1u64 << (g & 63) | 1u64 << (g >> 6 & 63))
    }

    /// False means certainly absent; an empty filter passes everything.
    #[inline(always)]
    pub(crate) fn may_contain(&self, k: u64) -> bool {
        let (w, bits) = self.probe(k);
        self.words.get(w).is_none_or(|x| x & bits == bits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_false_negatives_few_false_positives() {
        let key = |i: u32| (u64::from(i) ^ 0x5555).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let f = Filter::of((0..10_000).map(key));
        assert!((0..10_000).all(|i| f.may_contain(key(i))));
        let passed = (10_000..110_000).filter(|&i| f.may_contain(key(i))).count();
        assert!(passed < 8_000, "{passed} of 100000 absent keys passed");
        assert!(Filter::default().may_contain(7));
    }
}
