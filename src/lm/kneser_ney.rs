//! Interpolated modified Kneser-Ney estimation (Chen & Goodman 1998) for
//! any order up to [`MAX_ORDER`].
//!
//! Every level keeps, for each n-gram, the index of its context (the
//! n-gram without its last word) and of its suffix (without its first
//! word) in the level below, so that lower-order probabilities, backoff
//! weights and history marginals are array reads, never searches.

use rayon::prelude::*;

use super::count::{ID_BITS, low_words};
use super::{BOS, LanguageModel, MAX_ORDER, Prune};

/// Used when count-of-counts are too sparse for the closed-form estimate
/// (tiny corpora): a conventional mid-range choice per count class.
const FALLBACK_DISCOUNTS: [f64; 3] = [0.5, 1.0, 1.5];

/// `n[k]` = number of n-grams whose (adjusted) count is `k`, for k = 1..=4.
pub(crate) fn count_of_counts(counts: impl Iterator<Item = u32>) -> [u64; 5] {
    let mut n = [0u64; 5];
    for c in counts {
        if (1..=4).contains(&c) {
            n[c as usize] += 1;
        }
    }
    n
}

/// Chen & Goodman's closed-form discounts `[D1, D2, D3+]`, each kept only if
/// it lies strictly inside `(0, k)` so discounted counts stay positive.
pub(crate) fn discounts(n: [u64; 5]) -> [f64; 3] {
    let f = |k: usize| n[k] as f64;
    let y = f(1) / (f(1) + 2.0 * f(2));
    let raw = [
        1.0 - 2.0 * y * f(2) / f(1),
        2.0 - 3.0 * y * f(3) / f(2),
        3.0 - 4.0 * y * f(4) / f(3),
    ];
    let mut d = [0.0; 3];
    for k in 0..3 {
        let ok = raw[k].is_finite() && raw[k] > 0.0 && raw[k] < (k + 1) as f64;
        d[k] = if ok { raw[k] } else { FALLBACK_DISCOUNTS[k] };
    }
    d
}

#[inline]
pub(crate) fn discount_for(d: &[f64; 3], c: u32) -> f64 {
    match c {
        0 => 0.0,
        1 => d[0],
        2 => d[1],
        _ => d[2],
    }
}

/// The n-grams of one order (2 and up), sorted by their packed keys.
#[derive(Default)]
pub(crate) struct Level {
    pub(crate) keys: Vec<u128>,
    /// Occurrences (weighted).
    pub(crate) raw: Vec<u32>,
    /// Kneser-Ney count: distinct left extensions, or the raw count for
    /// the top order and for n-grams that begin with `<s>`.
    pub(crate) adj: Vec<u32>,
    /// Index of the context in the level below (a word id at order 2).
    pub(crate) prefix: Vec<u32>,
    /// Index of the suffix in the level below (a word id at order 2).
    pub(crate) suffix: Vec<u32>,
    /// Interpolated probability of the last word given the context.
    pub(crate) prob: Vec<f32>,
}

impl Level {
    fn push(&mut self, key: u128, raw: u32, adj: u32) {
        self.keys.push(key);
        self.raw.push(raw);
        self.adj.push(adj);
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// Ranges of entries sharing a context (contiguous, since the keys are
    /// sorted context first).
    pub(crate) fn contexts(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let mut start = 0;
        std::iter::from_fn(move || {
            if start >= self.prefix.len() {
                return None;
            }
            let c = self.prefix[start];
            let mut end = start + 1;
            while end < self.prefix.len() && self.prefix[end] == c {
                end += 1;
            }
            let r = start..end;
            start = end;
            Some(r)
        })
    }
}

/// Everything estimated before pruning.
pub(crate) struct Estimate {
    pub(crate) vocab_size: u32,
    pub(crate) order: usize,
    /// Discounts per order (index 0 = unigrams).
    pub(crate) discounts: Vec<[f64; 3]>,
    /// Unigram probabilities, dense over the vocabulary.
    pub(crate) uni: Vec<f64>,
    /// `levels[n - 2]` holds order n.
    pub(crate) levels: Vec<Level>,
    /// Sentences / tokens: the marginal probability of `<s>` as a history.
    pub(crate) bos_marginal: f64,
}

impl Estimate {
    /// Order `n`'s level.
    pub(crate) fn level(&self, n: usize) -> &Level {
        &self.levels[n - 2]
    }

    /// Interpolated probability of entry `i` of order `n` (a word id at
    /// order 1).
    pub(crate) fn prob(&self, n: usize, i: usize) -> f64 {
        if n == 1 {
            self.uni.get(i).copied().unwrap_or(0.0)
        } else {
            f64::from(self.level(n).prob[i])
        }
    }
}

/// Builds order `n` from the suffixes of order `n + 1` and the counted
/// `<s>`-initial `n`-grams; fills `upper.suffix`.
fn derive(upper: &mut Level, n: usize, short: (Vec<u128>, Vec<u32>)) -> Level {
    let mut by_suffix: Vec<(u64, u32)> = upper
        .keys
        .iter()
        .enumerate()
        .map(|(i, &k)| (low_words(k, n) as u64, i as u32))
        .collect();
    by_suffix.par_sort_unstable();
    let mut groups = Level::default();
    let mut group_of = vec![0u32; upper.len()];
    for run in by_suffix.chunk_by(|a, b| a.0 == b.0) {
        let g = groups.len() as u32;
        let raw = run
            .iter()
            .fold(0u32, |s, &(_, i)| s.saturating_add(upper.raw[i as usize]));
        groups.push(u128::from(run[0].0), raw, run.len() as u32);
        for &(_, i) in run {
            group_of[i as usize] = g;
        }
    }
    drop(by_suffix);
    // Merge the two sorted lists; `<s>`-initial n-grams are never a
    // suffix, so the lists are disjoint (equal keys are summed anyway).
    let (skeys, scounts) = short;
    let mut level = Level::default();
    let mut position = vec![0u32; groups.len()];
    let (mut a, mut b) = (0, 0);
    while a < groups.len() || b < skeys.len() {
        let take_group = b >= skeys.len() || (a < groups.len() && groups.keys[a] <= skeys[b]);
        if take_group {
            position[a] = level.len() as u32;
            if b < skeys.len() && groups.keys[a] == skeys[b] {
                level.push(
                    groups.keys[a],
                    groups.raw[a].saturating_add(scounts[b]),
                    groups.adj[a].saturating_add(scounts[b]),
                );
                b += 1;
            } else {
                level.push(groups.keys[a], groups.raw[a], groups.adj[a]);
            }
            a += 1;
        } else {
            level.push(skeys[b], scounts[b], scounts[b]);
            b += 1;
        }
    }
    upper.suffix = group_of.iter().map(|&g| position[g as usize]).collect();
    level
}

/// Index of each entry's context among the (sorted) keys of the level
/// below; contexts appear in the same order as the entries.
fn prefix_indices(upper: &Level, lower: &[u128]) -> Vec<u32> {
    let mut out = Vec::with_capacity(upper.len());
    let mut j = 0usize;
    for &k in &upper.keys {
        let p = k >> ID_BITS;
        while j < lower.len() && lower[j] < p {
            j += 1;
        }
        debug_assert!(j < lower.len() && lower[j] == p, "context without an entry");
        out.push(j.min(lower.len().saturating_sub(1)) as u32);
    }
    out
}

/// Counting, estimation, pruning, quantisation: the whole pipeline from the
/// counted n-grams (`by_len[n]`: n-grams of length n, see `count`).
pub(crate) fn estimate(
    vocab_size: u32,
    order: usize,
    mut by_len: Vec<(Vec<u128>, Vec<u32>)>,
    tokens: u64,
    prune: &Prune,
    protected: &dyn Fn(usize, u128) -> bool,
) -> LanguageModel {
    debug_assert!((2..=MAX_ORDER).contains(&order));
    let vn = vocab_size as usize;
    let top = std::mem::take(&mut by_len[order]);
    let mut levels: Vec<Level> = Vec::with_capacity(order - 1);
    let mut upper = Level {
        adj: top.1.clone(),
        keys: top.0,
        raw: top.1,
        ..Level::default()
    };
    for n in (2..order).rev() {
        let lower = derive(&mut upper, n, std::mem::take(&mut by_len[n]));
        levels.push(upper);
        upper = lower;
    }
    // Order 2: contexts and suffixes are word ids.
    upper.prefix = upper.keys.iter().map(|&k| (k >> ID_BITS) as u32).collect();
    upper.suffix = upper.keys.iter().map(|&k| low_words(k, 1) as u32).collect();
    levels.push(upper);
    levels.reverse();
    for n in 3..=order {
        let (lo, hi) = levels.split_at_mut(n - 2);
        hi[0].prefix = prefix_indices(&hi[0], &lo[n - 3].keys);
    }

    // Unigram continuation counts: distinct left words.
    let mut a1 = vec![0u32; vn];
    for &s in &levels[0].suffix {
        if let Some(a) = a1.get_mut(s as usize) {
            *a += 1;
        }
    }
    let mut ds = vec![discounts(count_of_counts(a1.iter().copied()))];
    let (mut total1, mut mass1) = (0.0, 0.0);
    for &c in &a1 {
        total1 += f64::from(c);
        mass1 += discount_for(&ds[0], c);
    }
    let uniform = 1.0 / vn as f64;
    let uni: Vec<f64> = if total1 > 0.0 {
        a1.iter()
            .map(|&c| {
                ((f64::from(c) - discount_for(&ds[0], c)).max(0.0) + mass1 * uniform) / total1
            })
            .collect()
    } else {
        vec![uniform; vn]
    };

    // Interpolated probabilities, order by order.
    for n in 2..=order {
        let d = discounts(count_of_counts(levels[n - 2].adj.iter().copied()));
        ds.push(d);
        let (lo, hi) = levels.split_at_mut(n - 2);
        let level = &mut hi[0];
        let lower = |s: u32| -> f64 {
            if n == 2 {
                uni.get(s as usize).copied().unwrap_or(0.0)
            } else {
                f64::from(lo[n - 3].prob[s as usize])
            }
        };
        let mut prob = vec![0f32; level.len()];
        for r in level.contexts() {
            let (mut total, mut mass) = (0.0, 0.0);
            for &c in &level.adj[r.clone()] {
                total += f64::from(c);
                mass += discount_for(&d, c);
            }
            if total <= 0.0 {
                continue;
            }
            for i in r {
                let c = level.adj[i];
                let p = ((f64::from(c) - discount_for(&d, c)).max(0.0)
                    + mass * lower(level.suffix[i]))
                    / total;
                prob[i] = p as f32;
            }
        }
        level.prob = prob;
    }
    let sentences: u64 = levels[0]
        .keys
        .iter()
        .zip(&levels[0].raw)
        .filter(|(k, _)| (*k >> ID_BITS) as u32 == BOS)
        .map(|(_, &r)| u64::from(r))
        .sum();
    let est = Estimate {
        vocab_size,
        order,
        discounts: ds,
        uni,
        levels,
        bos_marginal: if tokens > 0 {
            (sentences as f64 / tokens as f64).clamp(1e-9, 1.0)
        } else {
            1.0
        },
    };
    let stored = super::prune::select(&est, prune, protected);
    super::assemble::assemble(&est, &stored)
}
