//! A Bloom filter laid out by context: each context's run of children in a
//! trie level owns the filter bits at the run's own position (a byte per
//! child), so the few candidates a decoder scores after one history probe
//! the same one or two cache lines instead of one random line each. It
//! answers the decoder's commonest question (a candidate never seen after
//! this history) without reading the n-grams themselves.

use super::Data;

/// Bits per n-gram: with two bits set per key, about 5% of absent n-grams
/// pass, which merely costs the search the filter would have saved.
const BITS_PER_KEY: u64 = 8;

/// The bits of one trie level: run `lo..hi` owns bytes `lo..hi`.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Filter {
    pub(crate) bytes: Data<u8>,
}

impl Filter {
    /// The filter of a level whose entries (`id << 16 | …`) sit in runs
    /// `offsets[j]..offsets[j + 1]`.
    pub(crate) fn of_runs(offsets: &[u32], entries: &[u32]) -> Filter {
        let mut bytes = vec![0; entries.len()];
        for run in offsets.windows(2) {
            let (lo, hi) = (run[0], run[1]);
            for e in entries.get(lo as usize..hi as usize).unwrap_or_default() {
                for (byte, bit) in probe(lo, hi, e >> 16) {
                    if let Some(b) = bytes.get_mut(byte) {
                        *b |= bit;
                    }
                }
            }
        }
        Filter {
            bytes: bytes.into(),
        }
    }

    /// Whether word `w` may be a child of the run `lo..hi`. False means
    /// certainly absent; an empty filter passes everything.
    #[inline(always)]
    pub(crate) fn may_contain(&self, lo: u32, hi: u32, w: u32) -> bool {
        probe(lo, hi, w)
            .iter()
            .all(|&(byte, bit)| self.bytes.get(byte).is_none_or(|b| b & bit != 0))
    }
}

/// The two bits (byte index, mask) of `w` among run `lo..hi`'s bits.
#[inline(always)]
fn probe(lo: u32, hi: u32, w: u32) -> [(usize, u8); 2] {
    let bits = u64::from(hi.saturating_sub(lo)) * BITS_PER_KEY;
    let k = (u64::from(lo) << 32 | u64::from(w)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let h = (k ^ k >> 29).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let at = |x: u64| {
        let bit = u64::from(lo) * BITS_PER_KEY + (((x & 0xFFFF_FFFF) * bits) >> 32);
        ((bit / 8) as usize, 1u8 << (bit % 8))
    };
    [at(h), at(h >> 32)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_false_negatives_few_false_positives() {
        // Runs of 1 to 300 children of ids spaced by 3.
        let (mut offsets, mut entries) = (vec![0u32], Vec::new());
        for n in (1..300).step_by(7) {
            entries.extend((0..n).map(|i| (i * 3) << 16));
            offsets.push(entries.len() as u32);
        }
        let f = Filter::of_runs(&offsets, &entries);
        let (mut absent, mut passed) = (0, 0);
        for run in offsets.windows(2) {
            let n = run[1] - run[0];
            assert!((0..n).all(|i| f.may_contain(run[0], run[1], i * 3)));
            for w in (0..n).map(|i| i * 3 + 1) {
                absent += 1;
                passed += usize::from(f.may_contain(run[0], run[1], w));
            }
        }
        assert!(passed * 100 < absent * 8, "{passed} of {absent} absent passed");
        assert!(Filter::default().may_contain(0, 5, 7));
    }
}
