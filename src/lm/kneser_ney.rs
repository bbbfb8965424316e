//! Interpolated modified Kneser-Ney estimation (Chen & Goodman 1998),
//! pruning, and conversion to backoff form.
//!
//! Probabilities of kept n-grams are the interpolated estimates from the
//! full (unpruned) counts; after pruning and quantisation each context's
//! backoff weight is recomputed from the *stored* values so that every
//! conditional distribution of the shipped model sums to one.

use super::count::{ID_BITS, unpack3};
use super::model::{Ids, LanguageModel};
use super::quantize::{ABSENT, Codebook};
use super::{BOS, Prune};

const LOW_MASK: u64 = (1 << ID_BITS) - 1;
const BIGRAM_MASK: u64 = (1 << (2 * ID_BITS)) - 1;

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
fn discount_for(d: &[f64; 3], c: u32) -> f64 {
    match c {
        0 => 0.0,
        1 => d[0],
        2 => d[1],
        _ => d[2],
    }
}

/// Sum, discount mass numerator (`D1 N1 + D2 N2 + D3 N3+`) of one context.
fn context_stats(d: &[f64; 3], counts: impl Iterator<Item = u32>) -> (f64, f64) {
    let (mut total, mut mass) = (0.0, 0.0);
    for c in counts {
        total += c as f64;
        mass += discount_for(d, c);
    }
    (total, mass)
}

/// Full estimation pipeline from sorted, distinct trigram counts.
pub(crate) fn estimate(vocab_size: u32, tri: &[(u64, u32)], prune: &Prune) -> LanguageModel {
    let vn = vocab_size as usize;
    let min2 = prune.min_bigram_count.max(1);
    let min3 = prune.min_trigram_count.max(1);
    let d3 = discounts(count_of_counts(tri.iter().map(|&(_, c)| c)));

    // Bigram types are the distinct trigram suffixes: raw count is the sum
    // over left words, continuation count the number of left words.
    let mut suffixes: Vec<(u64, u32)> = tri.iter().map(|&(k, c)| (k & BIGRAM_MASK, c)).collect();
    suffixes.sort_unstable_by_key(|e| e.0);
    // Key 0 = (<s>, <s>): never a bigram, but the context of every
    // sentence-initial trigram, so it needs a trie node.
    let mut bkeys: Vec<u64> = vec![0];
    let mut braw: Vec<u32> = vec![0];
    let mut badj: Vec<u32> = vec![0];
    for run in suffixes.chunk_by(|a, b| a.0 == b.0) {
        let key = run[0].0;
        let raw = run.iter().fold(0u32, |s, e| s.saturating_add(e.1));
        let w1 = (key >> ID_BITS) as u32;
        // n-grams starting with <s> have no left extension: KN keeps
        // their raw counts.
        let adj = if w1 == BOS { raw } else { run.len() as u32 };
        bkeys.push(key);
        braw.push(raw);
        badj.push(adj);
    }
    drop(suffixes);
    let nb = bkeys.len();
    let mut bstart = vec![0u32; vn + 1];
    for &k in &bkeys {
        bstart[(k >> ID_BITS) as usize + 1] += 1;
    }
    for i in 0..vn {
        bstart[i + 1] += bstart[i];
    }
    let d2 = discounts(count_of_counts(badj.iter().copied()));

    // Unigram continuation counts: number of distinct left words.
    let mut a1 = vec![0u32; vn];
    for (&k, &adj) in bkeys.iter().zip(&badj) {
        if adj > 0 {
            a1[(k & LOW_MASK) as usize] += 1;
        }
    }
    let d1 = discounts(count_of_counts(a1.iter().copied()));
    let (total1, mass1) = context_stats(&d1, a1.iter().copied());
    let uniform = 1.0 / vn as f64;
    let p1: Vec<f64> = if total1 > 0.0 {
        a1.iter()
            .map(|&c| ((c as f64 - discount_for(&d1, c)).max(0.0) + mass1 * uniform) / total1)
            .collect()
    } else {
        vec![uniform; vn]
    };
    let uni_logp: Vec<f32> = p1.iter().map(|&p| p.ln() as f32).collect();
    // Sums below use the stored (f32) values so normalisation is exact for
    // what queries actually return.
    let p1s: Vec<f64> = uni_logp.iter().map(|&l| (l as f64).exp()).collect();

    // Interpolated bigram probabilities for every bigram type.
    let mut p2 = vec![0.0f64; nb];
    for w1 in 0..vn {
        let (lo, hi) = (bstart[w1] as usize, bstart[w1 + 1] as usize);
        if lo == hi {
            continue;
        }
        let (total, mass) = context_stats(&d2, badj[lo..hi].iter().copied());
        if total == 0.0 {
            continue;
        }
        for j in lo..hi {
            let w = (bkeys[j] & LOW_MASK) as usize;
            let c = badj[j];
            p2[j] = ((c as f64 - discount_for(&d2, c)).max(0.0) + mass * p1[w]) / total;
        }
    }

    // Interpolated trigram probabilities, for kept trigrams only; the
    // context statistics still use all trigrams.
    let mut kept_children = vec![0u32; nb];
    let mut t_ids: Vec<u32> = Vec::new();
    let mut t_p: Vec<f64> = Vec::new();
    let mut j = 0usize;
    for run in tri.chunk_by(|a, b| a.0 >> ID_BITS == b.0 >> ID_BITS) {
        let ctx = run[0].0 >> ID_BITS;
        while j < nb && bkeys[j] < ctx {
            j += 1;
        }
        if j >= nb || bkeys[j] != ctx {
            debug_assert!(false, "trigram context without bigram node");
            continue;
        }
        let (total, mass) = context_stats(&d3, run.iter().map(|e| e.1));
        let gamma = mass / total;
        for &(k, c) in run {
            if c < min3 {
                continue;
            }
            let (_, w1, w) = unpack3(k);
            let lower = find_key(&bkeys, &bstart, w1, k & BIGRAM_MASK).map_or(0.0, |i| p2[i]);
            let p = (c as f64 - discount_for(&d3, c)).max(0.0) / total + gamma * lower;
            t_ids.push(w);
            t_p.push(p);
            kept_children[j] += 1;
        }
    }

    // Pruned bigram level: probability nodes plus context-only nodes.
    let keep_prob: Vec<bool> = (0..nb).map(|i| badj[i] > 0 && braw[i] >= min2).collect();
    let keep: Vec<usize> = (0..nb)
        .filter(|&i| keep_prob[i] || kept_children[i] > 0)
        .collect();
    let mut uni_child = vec![0u32; vn + 1];
    for &i in &keep {
        uni_child[(bkeys[i] >> ID_BITS) as usize + 1] += 1;
    }
    for i in 0..vn {
        uni_child[i + 1] += uni_child[i];
    }
    let bi_ids: Vec<u32> = keep.iter().map(|&i| (bkeys[i] & LOW_MASK) as u32).collect();
    let mut bi_child = Vec::with_capacity(keep.len() + 1);
    bi_child.push(0u32);
    for &i in &keep {
        let last = bi_child.last().copied().unwrap_or(0);
        bi_child.push(last + kept_children[i]);
    }

    // Quantise bigram probabilities and derive unigram-context backoffs.
    let bi_logs: Vec<f32> = keep
        .iter()
        .filter(|&&i| keep_prob[i])
        .map(|&i| p2[i].ln() as f32)
        .collect();
    let bi_codebook = Codebook::train(&bi_logs);
    let mut bi_prob = vec![ABSENT; keep.len()];
    let mut uni_bo = vec![0.0f32; vn];
    for w1 in 0..vn {
        let (lo, hi) = (uni_child[w1] as usize, uni_child[w1 + 1] as usize);
        let entries: Vec<(usize, f64, f64)> = (lo..hi)
            .filter(|&f| keep_prob[keep[f]])
            .map(|f| (f, p2[keep[f]], p1s[bi_ids[f] as usize]))
            .collect();
        if entries.is_empty() {
            continue;
        }
        uni_bo[w1] = quantise_context(&bi_codebook, &entries, &mut bi_prob) as f32;
    }

    // Quantise trigram probabilities and derive bigram-context backoffs,
    // against the pruned, quantised bigram level.
    let tri_logs: Vec<f32> = t_p.iter().map(|&p| p.ln() as f32).collect();
    let tri_codebook = Codebook::train(&tri_logs);
    drop(tri_logs);
    let mut tri_prob = vec![0u8; t_ids.len()];
    let mut bo2 = vec![0.0f64; keep.len()];
    for (f, &i) in keep.iter().enumerate() {
        let (lo, hi) = (bi_child[f] as usize, bi_child[f + 1] as usize);
        if lo == hi {
            continue;
        }
        let w1 = (bkeys[i] & LOW_MASK) as u32;
        let (blo, bhi) = (uni_child[w1 as usize], uni_child[w1 as usize + 1]);
        let entries: Vec<(usize, f64, f64)> = (lo..hi)
            .map(|t| {
                let w = t_ids[t];
                let stored = bi_ids[blo as usize..bhi as usize]
                    .binary_search(&w)
                    .ok()
                    .map(|x| bi_prob[blo as usize + x])
                    .filter(|&c| c != ABSENT);
                let lower = match stored {
                    Some(c) => bi_codebook.get(c) as f64,
                    None => uni_bo[w1 as usize] as f64 + uni_logp[w as usize] as f64,
                };
                (t, t_p[t], lower.exp())
            })
            .collect();
        bo2[f] = quantise_context(&tri_codebook, &entries, &mut tri_prob);
    }

    // Linear 16-bit quantisation of the bigram-context log backoffs.
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for &b in &bo2 {
        lo = lo.min(b);
        hi = hi.max(b);
    }
    let scale = (hi - lo) / 65535.0;
    let bi_bo: Vec<u16> = bo2
        .iter()
        .map(|&b| {
            if scale > 0.0 {
                ((b - lo) / scale).round().clamp(0.0, 65535.0) as u16
            } else {
                0
            }
        })
        .collect();

    let df = |d: [f64; 3]| d.map(|x| x as f32);
    LanguageModel {
        vocab_size,
        discounts: [df(d1), df(d2), df(d3)],
        uni_logp,
        uni_bo,
        uni_child,
        bi_ids: Ids::from_u32(bi_ids, vocab_size),
        bi_prob,
        bi_bo,
        bi_child,
        tri_ids: Ids::from_u32(t_ids, vocab_size),
        tri_prob,
        bi_codebook,
        tri_codebook,
        bo_min: lo as f32,
        bo_scale: scale as f32,
        filter: Default::default(),
    }
    .with_filter()
}

/// Index of bigram `key` (first word `w1`) in the sorted full bigram list.
fn find_key(bkeys: &[u64], bstart: &[u32], w1: u32, key: u64) -> Option<usize> {
    let lo = *bstart.get(w1 as usize)? as usize;
    let hi = *bstart.get(w1 as usize + 1)? as usize;
    bkeys.get(lo..hi)?.binary_search(&key).ok().map(|i| lo + i)
}

/// Encodes the kept entries `(slot, p, p_lower)` of one context into
/// `codes` and returns the context's ln backoff weight.
///
/// Rounding to the nearest centroid can overshoot and leave (almost) no
/// mass for backing off; in that case the context is re-encoded rounding
/// down, which guarantees the stored probabilities sum below the exact ones.
fn quantise_context(cb: &Codebook, entries: &[(usize, f64, f64)], codes: &mut [u8]) -> f64 {
    let exact: f64 = entries.iter().map(|e| e.1).sum();
    let lower: f64 = entries.iter().map(|e| e.2).sum();
    let mut stored = 0.0;
    for &(slot, p, _) in entries {
        let c = cb.nearest(p.ln() as f32);
        codes[slot] = c;
        stored += (cb.get(c) as f64).exp();
    }
    if 1.0 - stored < 0.5 * (1.0 - exact) {
        stored = 0.0;
        for &(slot, p, _) in entries {
            let c = cb.floor(p.ln() as f32);
            codes[slot] = c;
            stored += (cb.get(c) as f64).exp();
        }
    }
    let num = (1.0 - stored).max(1e-12);
    let den = (1.0 - lower).max(1e-12);
    (num / den).ln()
}
