//! Which n-grams the shipped model keeps: count cut-offs, then relative
//! entropy pruning (Stolcke 1998), from the highest order down.
//!
//! The kept set is closed under taking contexts and suffixes: the context
//! of a kept n-gram is kept (its backoff weight is needed), and so is its
//! suffix, so a query can stop at the first order that misses (as in
//! KenLM), and a history that is not a context has no longer one that is.

use super::kneser_ney::Estimate;
use super::{BOS, Prune};

/// `stored[n - 2][i]`: whether entry `i` of order `n` is kept;
/// `protected(n, key)` names n-grams kept whatever their count or entropy.
pub(crate) fn select(
    est: &Estimate,
    prune: &Prune,
    protected: &dyn Fn(usize, u128) -> bool,
) -> Vec<Vec<bool>> {
    let order = est.order;
    let marginals = history_marginals(est);
    let mut stored: Vec<Vec<bool>> = vec![Vec::new(); order - 1];
    let mut needed: Vec<bool> = Vec::new();
    for n in (2..=order).rev() {
        let level = est.level(n);
        let min = prune.min_count.get(n - 2).copied().unwrap_or(1).max(1);
        let mut keep: Vec<bool> = level.raw.iter().map(|&c| c >= min).collect();
        if prune.entropy > 0.0 {
            for r in level.contexts() {
                let ctx = level.prefix[r.start] as usize;
                let marginal = match n {
                    2 => marginals.0.get(ctx).copied().unwrap_or(0.0),
                    _ => marginals.1[n - 3].get(ctx).copied().unwrap_or(0.0),
                };
                // Probability mass the context leaves to backing off, and
                // the lower-order mass of the words that back off.
                let (mut num, mut den) = (1.0f64, 1.0f64);
                for i in r.clone().filter(|&i| keep[i]) {
                    num -= f64::from(level.prob[i]);
                    den -= est.prob(n - 1, level.suffix[i] as usize);
                }
                let (num, den) = (num.max(1e-12), den.max(1e-12));
                let bo = num / den;
                for i in r {
                    if !keep[i] || needed.get(i).copied().unwrap_or(false) {
                        continue;
                    }
                    let p = f64::from(level.prob[i]).max(1e-30);
                    let q = est.prob(n - 1, level.suffix[i] as usize).max(1e-30);
                    let bo_new = (num + p) / (den + q);
                    let delta = -marginal
                        * (p * ((bo_new * q).ln() - p.ln()) + num * (bo_new.ln() - bo.ln()));
                    if delta < prune.entropy {
                        keep[i] = false;
                    }
                }
            }
        }
        for (k, &need) in keep.iter_mut().zip(needed.iter()) {
            *k |= need;
        }
        for (k, &key) in keep.iter_mut().zip(&level.keys) {
            *k = *k || protected(n, key);
        }
        needed = vec![false; if n > 2 { est.level(n - 1).len() } else { 0 }];
        if n > 2 {
            for (i, &k) in keep.iter().enumerate() {
                if k {
                    needed[level.prefix[i] as usize] = true;
                }
            }
        }
        stored[n - 2] = keep;
    }
    // Suffix closure, top down, so that what a level adds is closed too.
    for n in (3..=order).rev() {
        let level = est.level(n);
        let (lower, upper) = stored.split_at_mut(n - 2);
        for (i, &k) in upper[0].iter().enumerate() {
            if k {
                lower[n - 3][level.suffix[i] as usize] = true;
                lower[n - 3][level.prefix[i] as usize] = true;
            }
        }
    }
    stored
}

/// P(h) for every possible history: unigrams (dense) and each order from 2
/// to `order - 1`, by the chain rule over the interpolated model. A
/// history that starts with `<s>` starts from the probability of a
/// sentence start.
fn history_marginals(est: &Estimate) -> (Vec<f64>, Vec<Vec<f64>>) {
    let mut uni = est.uni.clone();
    if let Some(b) = uni.get_mut(BOS as usize) {
        *b = est.bos_marginal;
    }
    let mut levels: Vec<Vec<f64>> = Vec::new();
    for n in 2..est.order {
        let level = est.level(n);
        let below = |c: u32| match n {
            2 => uni.get(c as usize).copied().unwrap_or(0.0),
            _ => levels[n - 3][c as usize],
        };
        let m: Vec<f64> = (0..level.len())
            .map(|i| below(level.prefix[i]) * f64::from(level.prob[i]))
            .collect();
        levels.push(m);
    }
    (uni, levels)
}
