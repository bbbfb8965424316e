//! Orders 2 and 3 as a forward trie: the n-grams that share a context sit
//! in one sorted run, so the candidates a decoder scores after one history
//! are all looked up in the same few cache lines, and a Bloom filter
//! answers most misses (a candidate never seen after the history) without
//! touching the run at all.

use super::Data;
use super::quantize::Codebook;

/// An entry's backoff code when it is no context.
pub(crate) const NO_BACKOFF: u8 = 255;

/// Entries per cache line.
pub(crate) const PER_LINE: usize = 16;

/// One cache line of entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C, align(64))]
pub(crate) struct Line(pub(crate) [u32; PER_LINE]);

/// One level of the trie: entries `id << 16 | prob << 8 | backoff`, each
/// context's children sorted by id in one run, laid out in cache lines,
/// with the first id of every line in a small `fence` array: a search
/// bisects the fence (a few kilobytes even for the longest runs, so it
/// stays in cache) and then reads the one line that can hold the word.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Level {
    lines: Data<Line>,
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
        let mut lines = vec![Line::default(); entries.len().div_ceil(PER_LINE)];
        bytemuck::cast_slice_mut::<Line, u32>(&mut lines)[..entries.len()].copy_from_slice(entries);
        Level::of_lines(lines.into(), entries.len(), prob_book, backoff_book)
    }

    /// A level of `len` entries already in lines (the entries past `len`
    /// are never read).
    pub(crate) fn of_lines(
        lines: Data<Line>,
        len: usize,
        prob_book: Codebook,
        backoff_book: Codebook,
    ) -> Level {
        let fence = lines.iter().map(|l| (l.0[0] >> 16) as u16).collect();
        let len = len.min(lines.len() * PER_LINE);
        Level {
            lines,
            len,
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

    /// The lines, the last one padded.
    pub(crate) fn lines(&self) -> &[Line] {
        &self.lines
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
        assert!((0..entries.len()).all(|i| level.get(i) == entries[i]));
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
