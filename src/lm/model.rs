//! The trained model and its query path.

use super::filter::{Filter, key};
use super::quantize::{ABSENT, Codebook};
use super::{BOS, EOS, UNK};

/// Word ids of one trie level. Vocabularies up to 65,536 ids (the real one
/// is ~10k) store ids as `u16`, halving the largest arrays.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ids {
    U16(Vec<u16>),
    U32(Vec<u32>),
}

impl Ids {
    pub(crate) fn from_u32(ids: Vec<u32>, vocab_size: u32) -> Ids {
        if vocab_size <= 1 << 16 {
            Ids::U16(ids.into_iter().map(|w| w as u16).collect())
        } else {
            Ids::U32(ids)
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Ids::U16(v) => v.len(),
            Ids::U32(v) => v.len(),
        }
    }

    /// Index of `w` within the sorted range `lo..hi`. Out-of-range bounds
    /// yield `None` rather than a panic.
    #[inline]
    pub(crate) fn find(&self, lo: u32, hi: u32, w: u32) -> Option<usize> {
        let (lo, hi) = (lo as usize, hi as usize);
        match self {
            Ids::U16(v) => {
                let s = v.get(lo..hi)?;
                search(s, w as u16).map(|i| lo + i)
            }
            Ids::U32(v) => {
                let s = v.get(lo..hi)?;
                search(s, w).map(|i| lo + i)
            }
        }
    }
}

/// Finds `w` in a sorted run of ids. The decoder asks for words a context
/// mostly lacks, so the halvings are unpredictable: selecting without
/// branching (a conditional move per step) beats both a branching binary
/// search and interpolation, and the range check rejects many misses first.
#[inline]
pub(super) fn search<T: Copy + Ord>(s: &[T], w: T) -> Option<usize> {
    let (Some(&first), Some(&last)) = (s.first(), s.last()) else {
        return None;
    };
    if w < first || w > last {
        return None;
    }
    let mut base = 0usize;
    let mut size = s.len();
    while size > 1 {
        let half = size / 2;
        let mid = base + half;
        base = std::hint::select_unpredictable(s[mid] <= w, mid, base);
        size -= half;
    }
    (s[base] == w).then_some(base)
}

/// A resolved two-word history (see [`LanguageModel::context`]). Only
/// valid for the model that created it; with another model it yields
/// meaningless (but finite, panic-free) scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Context {
    tri_lo: u32,
    tri_hi: u32,
    /// ln backoff of the trigram context (0 if it has no trigrams).
    bo: f32,
    bi_lo: u32,
    bi_hi: u32,
    /// ln backoff of the bigram context.
    uni_bo: f32,
}

/// Trigram backoff model: `p(w|w2 w1)` is the stored trigram probability if
/// present, else `backoff(w2 w1) · p(w|w1)`, and likewise one order down.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageModel {
    pub(crate) vocab_size: u32,
    /// Modified-KN discounts `[D1, D2, D3+]` for unigram, bigram, trigram.
    pub(crate) discounts: [[f32; 3]; 3],
    /// ln p(w), dense over the vocabulary.
    pub(crate) uni_logp: Vec<f32>,
    /// ln backoff(w1) for bigram contexts, dense.
    pub(crate) uni_bo: Vec<f32>,
    /// Bigrams with first word `w1` live at `uni_child[w1]..uni_child[w1+1]`.
    pub(crate) uni_child: Vec<u32>,
    pub(crate) bi_ids: Ids,
    pub(crate) bi_prob: Vec<u8>,
    /// Linearly quantised ln backoff of the bigram as a trigram context.
    pub(crate) bi_bo: Vec<u16>,
    pub(crate) bi_child: Vec<u32>,
    pub(crate) tri_ids: Ids,
    pub(crate) tri_prob: Vec<u8>,
    pub(crate) bi_codebook: Codebook,
    pub(crate) tri_codebook: Codebook,
    pub(crate) bo_min: f32,
    pub(crate) bo_scale: f32,
    /// Which bigrams and trigrams are stored: derived from them, and
    /// serialised since format version 2 so loading need not rebuild it.
    pub(crate) filter: Filter,
}

impl LanguageModel {
    /// Natural-log probability of `w` after the two previous ids (use
    /// [`BOS`] for sentence start). Ids `>= vocab_size` are scored as
    /// [`UNK`]. Always finite and `<= 0` (up to quantisation).
    #[inline]
    pub fn log_prob(&self, w2: u32, w1: u32, w: u32) -> f32 {
        self.log_prob_in(&self.context(w2, w1), w)
    }

    /// Resolves the context `(w2, w1)` once; the decoder scores many
    /// candidate words per context, and [`Self::log_prob_in`] then costs
    /// one or two lookups instead of two or three.
    #[inline]
    pub fn context(&self, w2: u32, w1: u32) -> Context {
        let w2 = self.norm(w2);
        let w1 = self.norm(w1);
        let (mut tri_lo, mut tri_hi, mut bo) = (0, 0, 0.0f32);
        let (a, b) = self.uni_range(w2);
        if let Some(j) = self.bi_ids.find(a, b, w1) {
            tri_lo = self.bi_child.get(j).copied().unwrap_or(0);
            tri_hi = self.bi_child.get(j + 1).copied().unwrap_or(0);
            if tri_lo < tri_hi {
                bo = self.backoff(self.bi_bo.get(j).copied().unwrap_or(0));
            }
        }
        let (bi_lo, bi_hi) = self.uni_range(w1);
        let uni_bo = self.uni_bo.get(w1 as usize).copied().unwrap_or(0.0);
        Context {
            tri_lo,
            tri_hi,
            bo,
            bi_lo,
            bi_hi,
            uni_bo,
        }
    }

    /// ln p(w | context); identical to [`Self::log_prob`] with the ids the
    /// context was built from.
    #[inline]
    pub fn log_prob_in(&self, ctx: &Context, w: u32) -> f32 {
        let w = self.norm(w);
        if ctx.tri_lo < ctx.tri_hi
            && self.filter.may_contain(key(1, ctx.tri_lo, w))
            && let Some(k) = self.tri_ids.find(ctx.tri_lo, ctx.tri_hi, w)
        {
            let code = self.tri_prob.get(k).copied().unwrap_or(0);
            return self.tri_codebook.get(code);
        }
        if self.filter.may_contain(key(0, ctx.bi_lo, w))
            && let Some(j) = self.bi_ids.find(ctx.bi_lo, ctx.bi_hi, w)
        {
            let code = self.bi_prob.get(j).copied().unwrap_or(ABSENT);
            if code != ABSENT {
                return ctx.bo + self.bi_codebook.get(code);
            }
        }
        let up = self.uni_logp.get(w as usize).copied().unwrap_or(0.0);
        ctx.bo + ctx.uni_bo + up
    }

    /// Builds the derived lookup filter; every constructor ends here.
    pub(crate) fn with_filter(mut self) -> LanguageModel {
        self.filter = Filter::of(&self);
        self
    }

    #[inline]
    fn norm(&self, w: u32) -> u32 {
        if w < self.vocab_size { w } else { UNK }
    }

    #[inline]
    fn uni_range(&self, w: u32) -> (u32, u32) {
        let w = w as usize;
        (
            self.uni_child.get(w).copied().unwrap_or(0),
            self.uni_child.get(w + 1).copied().unwrap_or(0),
        )
    }

    #[inline]
    fn backoff(&self, code: u16) -> f32 {
        self.bo_min + code as f32 * self.bo_scale
    }

    /// Number of ids the model covers (including the reserved ones).
    pub fn vocab_size(&self) -> u32 {
        self.vocab_size
    }

    /// Stored bigram entries (including context-only nodes).
    pub fn num_bigrams(&self) -> usize {
        self.bi_ids.len()
    }

    /// Stored trigram entries.
    pub fn num_trigrams(&self) -> usize {
        self.tri_ids.len()
    }

    /// Modified-KN discounts `[D1, D2, D3+]` for orders 1, 2, 3.
    pub fn discounts(&self) -> [[f32; 3]; 3] {
        self.discounts
    }

    /// ln p(sentence) including `</s>`, with `<s> <s>` as initial context.
    pub fn sentence_log_prob(&self, ids: &[u32]) -> f64 {
        let (mut w2, mut w1) = (BOS, BOS);
        let mut total = 0.0f64;
        for &w in ids.iter().chain(std::iter::once(&EOS)) {
            total += self.log_prob(w2, w1, w) as f64;
            w2 = w1;
            w1 = w;
        }
        total
    }

    /// Per-token perplexity over `sentences` (each also predicts `</s>`).
    /// Returns 1.0 for an empty input.
    pub fn perplexity<S: AsRef<[u32]>>(&self, sentences: &[S]) -> f64 {
        let mut total = 0.0f64;
        let mut tokens = 0usize;
        for s in sentences {
            let s = s.as_ref();
            total += self.sentence_log_prob(s);
            tokens += s.len() + 1;
        }
        if tokens == 0 {
            1.0
        } else {
            (-total / tokens as f64).exp()
        }
    }
}
