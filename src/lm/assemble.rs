//! From estimated and selected n-grams to the shipped model: quantised
//! probabilities, backoff weights recomputed from the *stored* values so
//! every conditional distribution of the model sums to one, a trie for
//! orders 2 and 3 and a hash table per higher order.

use super::count::word_at;
use super::filter::Filter;
use super::kneser_ney::Estimate;
use super::model::LanguageModel;
use super::quantize::Codebook;
use super::table::{self, Table};
use super::trie::{self, NO_BACKOFF};

/// What the model returns for entry `idx` of order `m` (ln p), given the
/// levels settled so far.
struct Settled<'a> {
    est: &'a Estimate,
    stored: &'a [Vec<bool>],
    uni_logp: Vec<f32>,
    uni_backoff: Vec<f32>,
    /// Per order from 2: the stored (quantised) ln p of each entry.
    logp: Vec<Vec<f32>>,
    /// Per order from 2: each entry's ln backoff as a context (0 if none).
    backoff: Vec<Vec<f32>>,
}

impl Settled<'_> {
    fn logp(&self, m: usize, idx: usize) -> f64 {
        if m == 1 {
            return f64::from(self.uni_logp.get(idx).copied().unwrap_or(-30.0));
        }
        let level = self.est.level(m);
        if self.stored[m - 2][idx] {
            return f64::from(self.logp[m - 2][idx]);
        }
        self.context_backoff(m - 1, level.prefix[idx] as usize)
            + self.logp(m - 1, level.suffix[idx] as usize)
    }

    fn context_backoff(&self, m: usize, idx: usize) -> f64 {
        let b = if m == 1 {
            self.uni_backoff.get(idx).copied()
        } else {
            self.backoff.get(m - 2).and_then(|v| v.get(idx).copied())
        };
        f64::from(b.unwrap_or(0.0))
    }
}

/// Builds the model from the estimate and the selection.
pub(crate) fn assemble(est: &Estimate, stored: &[Vec<bool>]) -> LanguageModel {
    let order = est.order;
    let vn = est.vocab_size as usize;
    let mut s = Settled {
        est,
        stored,
        uni_logp: est.uni.iter().map(|&p| p.max(1e-30).ln() as f32).collect(),
        uni_backoff: vec![0.0; vn],
        logp: Vec::new(),
        backoff: Vec::new(),
    };
    let mut prob_codes: Vec<Vec<u8>> = Vec::new();
    let mut prob_books: Vec<Codebook> = Vec::new();
    let mut backoff_codes: Vec<Vec<u8>> = Vec::new();
    let mut backoff_books: Vec<Codebook> = Vec::new();
    for n in 2..=order {
        let level = est.level(n);
        let keep = &stored[n - 2];
        let logs: Vec<f32> = (0..level.len())
            .filter(|&i| keep[i])
            .map(|i| f64::from(level.prob[i]).max(1e-30).ln() as f32)
            .collect();
        let book = Codebook::train(&logs);
        drop(logs);
        let mut codes = vec![0u8; level.len()];
        let mut contexts: Vec<(usize, f64)> = Vec::new();
        for r in level.contexts() {
            let entries: Vec<(usize, f64, f64)> = r
                .clone()
                .filter(|&i| keep[i])
                .map(|i| {
                    let lower = s.logp(n - 1, level.suffix[i] as usize).exp();
                    (i, f64::from(level.prob[i]), lower)
                })
                .collect();
            if entries.is_empty() {
                continue;
            }
            let bo = quantise_context(&book, &entries, &mut codes);
            contexts.push((level.prefix[r.start] as usize, bo));
        }
        s.logp.push(
            codes
                .iter()
                .zip(keep)
                .map(|(&c, &k)| if k { book.get(c) } else { 0.0 })
                .collect(),
        );
        prob_codes.push(codes);
        prob_books.push(book);
        if n == 2 {
            for (c, bo) in contexts {
                s.uni_backoff[c] = bo as f32;
            }
        } else {
            let values: Vec<f32> = contexts.iter().map(|&(_, b)| b as f32).collect();
            let book = Codebook::train(&values);
            let mut codes = vec![NO_BACKOFF; est.level(n - 1).len()];
            let mut bo = vec![0f32; codes.len()];
            for (c, b) in contexts {
                let code = book.nearest(b as f32);
                codes[c] = code;
                bo[c] = book.get(code);
            }
            s.backoff.push(bo);
            backoff_codes.push(codes);
            backoff_books.push(book);
        }
    }
    // Orders 2 and 3: the trie, over the stored entries only.
    let book = |v: &[Codebook], n: usize| v.get(n - 2).cloned().unwrap_or_default();
    let code = |n: usize, i: usize| backoff_codes.get(n - 2).map_or(NO_BACKOFF, |c| c[i]);
    let level2 = est.level(2);
    let mut stored_index = vec![u32::MAX; level2.len()];
    let mut bigram_entries = Vec::new();
    let mut uni_child = vec![0u32; vn + 1];
    for i in (0..level2.len()).filter(|&i| stored[0][i]) {
        stored_index[i] = bigram_entries.len() as u32;
        let key = level2.keys[i];
        uni_child[word_at(key, 2, 0) as usize + 1] += 1;
        bigram_entries.push(trie::entry(
            word_at(key, 2, 1),
            prob_codes[0][i],
            code(2, i),
        ));
    }
    for w in 0..vn {
        uni_child[w + 1] += uni_child[w];
    }
    let mut trigram_entries = Vec::new();
    let mut bi_child = Vec::new();
    if order >= 3 {
        let level3 = est.level(3);
        bi_child = vec![0u32; bigram_entries.len() + 1];
        for i in (0..level3.len()).filter(|&i| stored[1][i]) {
            let parent = stored_index[level3.prefix[i] as usize];
            if let Some(c) = bi_child.get_mut(parent as usize + 1) {
                *c += 1;
            }
            let key = level3.keys[i];
            trigram_entries.push(trie::entry(
                word_at(key, 3, 2),
                prob_codes[1][i],
                code(3, i),
            ));
        }
        for j in 0..bigram_entries.len() {
            bi_child[j + 1] += bi_child[j];
        }
    }
    let bi_filter = Filter::of_runs(&uni_child, &bigram_entries);
    let tri_filter = Filter::of_runs(&bi_child, &trigram_entries);
    let bigrams = trie::Level::new(
        &bigram_entries,
        book(&prob_books, 2),
        book(&backoff_books, 2),
    );
    let trigrams = trie::Level::new(
        &trigram_entries,
        book(&prob_books, 3),
        book(&backoff_books, 3),
    );
    // Orders 4 and up: hash tables.
    let mut high = Vec::new();
    for n in 4..=order {
        let level = est.level(n);
        let keep = &stored[n - 2];
        let entries: Vec<(u64, u8, u8)> = (0..level.len())
            .filter(|&i| keep[i])
            .map(|i| {
                let key = level.keys[i];
                let h = table::hash((0..n).map(|j| word_at(key, n, j)));
                (h, prob_codes[n - 2][i], code(n, i))
            })
            .collect();
        let (t, _dropped) = Table::build(
            &entries,
            n < order,
            book(&prob_books, n),
            book(&backoff_books, n),
        );
        high.push(t);
    }
    LanguageModel {
        vocab_size: est.vocab_size,
        order,
        discounts: est.discounts.iter().map(|d| d.map(|x| x as f32)).collect(),
        uni_logp: s.uni_logp,
        uni_backoff: s.uni_backoff,
        uni_child,
        bigrams,
        bi_child: bi_child.into(),
        trigrams,
        bi_filter,
        tri_filter,
        high,
    }
}

/// Encodes the kept entries `(index, p, p_lower)` of one context into
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
        let c = cb.nearest(p.max(1e-30).ln() as f32);
        codes[slot] = c;
        stored += f64::from(cb.get(c)).exp();
    }
    if 1.0 - stored < 0.5 * (1.0 - exact) {
        stored = 0.0;
        for &(slot, p, _) in entries {
            let c = cb.floor(p.max(1e-30).ln() as f32);
            codes[slot] = c;
            stored += f64::from(cb.get(c)).exp();
        }
    }
    let num = (1.0 - stored).max(1e-12);
    let den = (1.0 - lower).max(1e-12);
    (num / den).ln()
}
