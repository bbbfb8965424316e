//! Orders 2 and 3 as a forward trie: the n-grams that share a context sit
//! in one sorted run, so the candidates a decoder scores after one history
//! are all looked up in the same few cache lines, and a Bloom filter
//! answers most misses (a candidate never seen after the history) without
//! touching the run at all.

use super::filter::Filter;
use super::quantize::Codebook;

/// An entry's backoff code when it is no context.
pub(crate) const NO_BACKOFF: u8 = 255;

/// Entries per cache line.
const PER_LINE: usize = 16;

/// One cache line of entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(C, align(64))]
pub(crate) struct Line(pub(crate) [u32; PER_LINE]);

/// One level of the trie: entries `id << 16 | prob << 8 | backoff`, each
/// context's children sorted by id in one run, laid out in cache lines,
/// with the first id of every line in a small `fence` array: a search
/// bisects the fence (a few kilobytes even for the longest runs, so it
/// stays in cache) and then reads the one line that can hold the word.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Level {
    lines: Vec<Line>,
    len: usize,
    fence: Vec<u16>,
    pub(crate) prob_book: Codebook,
    pub(crate) backoff_book: Codebook,
}

/// Packs an entry.
pub(crate) fn entry(id: u32, prob: u8, backoff: u8) -> u32 {
    (id & 0xFFFF) << 16 | u32::from(prob) << 8 | u32::from(backoff)
}

impl Level {
    /// A level of `entries` (see [`entry`]).
    pub(crate) fn new(entries: &[u32], prob_book: Codebook, backoff_book: Codebook) -> Level {
        let lines: Vec<Line> = entries
            .chunks(PER_LINE)
            .map(|c| {
                let mut l = [0u32; PER_LINE];
                l[..c.len()].copy_from_slice(c);
                Line(l)
            })
            .collect();
        let fence = lines.iter().map(|l| (l.0[0] >> 16) as u16).collect();
        Level {
            lines,
            len: entries.len(),
            fence,
            prob_book,
            backoff_book,
        }
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Entry `i` (0 past the end).
    #[inline]
    pub(crate) fn get(&self, i: usize) -> u32 {
        if i >= self.len {
            return 0;
        }
        self.lines
            .get(i / PER_LINE)
            .map_or(0, |l| l.0[i % PER_LINE])
    }

    /// Every entry in order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = u32> + '_ {
        self.lines.iter().flat_map(|l| l.0).take(self.len)
    }

    /// Index of word `w` in the run `lo..hi`.
    #[inline]
    pub(crate) fn find(&self, lo: u32, hi: u32, w: u32) -> Option<usize> {
        let (lo, hi) = (lo as usize, hi.min(self.len as u32) as usize);
        if lo >= hi {
            return None;
        }
        // Lines first..=last hold the run; lines after `first` begin inside
        // it, so the fence tells which one can hold `w`.
        let (first, last) = (lo / PER_LINE, (hi - 1) / PER_LINE);
        let mut line = first;
        if last > first {
            let fence = self.fence.get(first + 1..=last)?;
            // Lines whose first id is <= w: the last of them holds w.
            let mut base = 0usize;
            let mut size = fence.len();
            while size > 1 {
                let half = size / 2;
                base = std::hint::select_unpredictable(
                    u32::from(fence[base + half]) <= w,
                    base + half,
                    base,
                );
                size -= half;
            }
            if u32::from(fence[base]) <= w {
                line = first + 1 + base;
            }
        }
        let entries = &self.lines.get(line)?.0;
        let start = line * PER_LINE;
        // The run's part of this line, bisected without branches.
        let from = lo.saturating_sub(start);
        let to = (hi - start).min(PER_LINE);
        let part = entries.get(from..to)?;
        let mut base = 0usize;
        let mut size = part.len();
        while size > 1 {
            let half = size / 2;
            base = std::hint::select_unpredictable(part[base + half] >> 16 <= w, base + half, base);
            size -= half;
        }
        (part.get(base)? >> 16 == w).then_some(start + from + base)
    }

    /// ln p of entry `i`.
    #[inline]
    pub(crate) fn prob(&self, i: usize) -> f32 {
        self.prob_book.get((self.get(i) >> 8) as u8)
    }

    /// ln backoff of entry `i` as a context, if it is one.
    #[inline]
    pub(crate) fn backoff(&self, i: usize) -> Option<f32> {
        if i >= self.len {
            return None;
        }
        match self.get(i) as u8 {
            NO_BACKOFF => None,
            code => Some(self.backoff_book.get(code)),
        }
    }
}

/// A trie n-gram as a filter key: the start of its context's run (unique
/// per context within one level), the level, and the word.
#[inline]
pub(crate) fn key(level: u64, run_start: u32, w: u32) -> u64 {
    (u64::from(run_start) << 33) ^ (level << 32) ^ u64::from(w)
}

/// Whether an n-gram of the trie may be stored (see [`key`]).
#[inline]
pub(crate) fn may_contain(filter: &Filter, level: u64, run_start: u32, w: u32) -> bool {
    filter.may_contain(mix(key(level, run_start, w)))
}

/// Spreads a filter key's bits.
#[inline]
pub(crate) fn mix(k: u64) -> u64 {
    (k ^ k >> 29).wrapping_mul(0xBF58_476D_1CE4_E5B9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branchless_search_agrees_with_binary_search() {
        // Runs of sorted ids, restarting, longer and shorter than a line.
        let mut ids: Vec<u32> = Vec::new();
        let mut runs = Vec::new();
        for (n, step) in [(9, 5), (40, 3), (1, 1), (70, 7), (16, 2), (33, 11)] {
            let lo = ids.len();
            ids.extend((0..n).map(|i| 3 + i * step));
            runs.push((lo, ids.len()));
        }
        let entries: Vec<u32> = ids.iter().map(|&w| entry(w, 1, NO_BACKOFF)).collect();
        let level = Level::new(&entries, Codebook::default(), Codebook::default());
        assert_eq!(level.entries().collect::<Vec<_>>(), entries);
        for &(lo, hi) in &runs {
            for (a, b) in [(lo, hi), (lo + 1, hi), (lo, hi.saturating_sub(2).max(lo))] {
                for w in 0..800u32 {
                    let want = ids[a..b].binary_search(&w).ok().map(|i| a + i);
                    assert_eq!(level.find(a as u32, b as u32, w), want, "{w} in {a}..{b}");
                }
            }
        }
        assert_eq!(level.find(5, 100_000, 41), None);
        assert_eq!(level.find(7, 3, 41), None);
        assert_eq!(level.backoff(0), None);
        assert_eq!(level.backoff(100_000), None);
    }
}
