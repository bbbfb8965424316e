//! The trained model and its query path.

use super::filter::Filter;
use super::table::{SEED, Table, extend};
use super::trie::Level;
use super::{BOS, Data, EOS, MAX_ORDER, UNK};

/// Longest history a state holds.
const MAX_CONTEXT: usize = MAX_ORDER - 1;

/// What the model remembers of the words so far: only the longest suffix
/// of the history that is the context of some stored n-gram (KenLM's
/// minimal state), so two hypotheses with equal states have exactly the
/// same future scores and a decoder may merge them.
///
/// Only valid for the model that made it; with another model it yields
/// meaningless (but finite, panic-free) scores.
#[derive(Debug, Clone, Copy)]
pub struct State {
    len: u8,
    /// The remembered words, most recent first (unused ones are 0).
    words: [u16; MAX_CONTEXT],
    /// Children of the last two words in the trigram level (empty if none).
    tri: (u32, u32),
    /// `hash[i]`: hash of the last `i + 1` words in text order, for the
    /// orders above the trie.
    hash: [u64; MAX_CONTEXT],
    /// `tail[j]`: ln of the backoff weights paid when the longest match
    /// uses only the last `j` words (the weights of the longer remembered
    /// contexts).
    tail: [f32; MAX_CONTEXT + 1],
}

impl State {
    const EMPTY: State = State {
        len: 0,
        words: [0; MAX_CONTEXT],
        tri: (0, 0),
        hash: [0; MAX_CONTEXT],
        tail: [0.0; MAX_CONTEXT + 1],
    };

    /// Whether `self` and `other` score every continuation the same.
    #[inline]
    pub fn same(&self, other: &State) -> bool {
        self.len == other.len && self.words == other.words
    }

    /// Words remembered.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether no word is remembered (only unigram scores apply).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// A state whose length is final: the words past it cleared (so equal
/// states compare equal) and `tail` summed from the matched contexts'
/// backoff weights.
#[inline(always)]
fn settle(next: &mut State, backoff: &[f32; MAX_CONTEXT + 1]) {
    let len = next.len as usize;
    next.words[len..].fill(0);
    for j in (0..len).rev() {
        next.tail[j] = next.tail[j + 1] + backoff[j + 1];
    }
}

/// Backoff n-gram model: `p(w | h)` is the stored probability of the
/// longest stored n-gram `h' w` (`h'` a suffix of `h`), times the backoff
/// weights of the contexts longer than `h'`.
///
/// Orders 2 and 3 form a trie with a Bloom filter; orders 4 and 5 are hash
/// tables, asked only once the trigram matched (the stored set is closed
/// under suffixes, so a longer n-gram cannot match when a shorter missed).
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageModel {
    pub(crate) vocab_size: u32,
    pub(crate) order: usize,
    /// Modified-KN discounts `[D1, D2, D3+]` per order (index 0: unigrams).
    pub(crate) discounts: Vec<[f32; 3]>,
    /// ln p(w), dense over the vocabulary.
    pub(crate) uni_logp: Vec<f32>,
    /// ln backoff(w) of each word as a context (0 if it is none).
    pub(crate) uni_backoff: Vec<f32>,
    /// Bigrams after word `w` are `bigrams.entries[uni_child[w]..uni_child[w + 1]]`.
    pub(crate) uni_child: Vec<u32>,
    pub(crate) bigrams: Level,
    /// Trigrams after bigram `j` are `trigrams.entries[bi_child[j]..bi_child[j + 1]]`
    /// (empty for a bigram model).
    pub(crate) bi_child: Data<u32>,
    pub(crate) trigrams: Level,
    /// Which bigrams are stored, by context run.
    pub(crate) bi_filter: Filter,
    /// Which trigrams are stored, by context run.
    pub(crate) tri_filter: Filter,
    /// `high[n - 4]`: the stored n-grams of order n ≥ 4.
    pub(crate) high: Vec<Table>,
}

impl LanguageModel {
    #[inline]
    fn norm(&self, w: u32) -> u32 {
        if w < self.vocab_size { w } else { UNK }
    }

    #[inline]
    fn bigram_run(&self, w: u32) -> (u32, u32) {
        let w = w as usize;
        (
            self.uni_child.get(w).copied().unwrap_or(0),
            self.uni_child.get(w + 1).copied().unwrap_or(0),
        )
    }

    #[inline]
    fn trigram_run(&self, j: usize) -> (u32, u32) {
        (
            self.bi_child.get(j).copied().unwrap_or(0),
            self.bi_child.get(j + 1).copied().unwrap_or(0),
        )
    }

    /// The state at a sentence start (`<s>`).
    pub fn begin(&self) -> State {
        self.advance(&State::EMPTY, BOS)
    }

    /// ln p(w | state). Ids `>= vocab_size` are scored as [`UNK`]. Always
    /// finite and `<= 0` (up to quantisation).
    #[inline]
    pub fn score(&self, s: &State, w: u32) -> f32 {
        let w = self.norm(w);
        let uni = self.uni_logp.get(w as usize).copied().unwrap_or(-30.0) + s.tail[0];
        if s.len == 0 {
            return uni;
        }
        let (lo, hi) = self.bigram_run(u32::from(s.words[0]));
        let Some(j) = self
            .bi_filter
            .may_contain(lo, hi, w)
            .then(|| self.bigrams.find(lo, hi, w))
            .flatten()
        else {
            return uni;
        };
        let mut best = self.bigrams.prob(j) + s.tail[1];
        let (lo, hi) = s.tri;
        if s.len < 2 || lo >= hi {
            return best;
        }
        let Some(k) = self
            .tri_filter
            .may_contain(lo, hi, w)
            .then(|| self.trigrams.find(lo, hi, w))
            .flatten()
        else {
            return best;
        };
        best = self.trigrams.prob(k) + s.tail[2];
        for (i, table) in self.high.iter().enumerate() {
            let context = i + 3;
            if (s.len as usize) < context {
                break;
            }
            match table.find(extend(s.hash[context - 1], w)) {
                Some(slot) => best = table.prob(slot) + s.tail[context],
                None => break,
            }
        }
        best
    }

    /// Makes `next` (empty) the state after `w` before any longer context
    /// is matched: the words shifted in with their hashes, and `w` alone as
    /// a context if it is one (its backoff weight in `backoff`): the start
    /// of [`advance`](Self::advance) and [`score_advance`](Self::score_advance).
    #[inline(always)]
    fn shift_in(&self, s: &State, w: u32, next: &mut State, backoff: &mut [f32; MAX_CONTEXT + 1]) {
        next.words[0] = w as u16;
        next.words[1..].copy_from_slice(&s.words[..MAX_CONTEXT - 1]);
        next.hash[0] = extend(SEED, w);
        for l in 1..MAX_CONTEXT {
            next.hash[l] = extend(s.hash[l - 1], w);
        }
        let (lo, hi) = self.bigram_run(w);
        if lo < hi {
            next.len = 1;
            backoff[1] = self.uni_backoff.get(w as usize).copied().unwrap_or(0.0);
        }
    }

    /// The state after `w`.
    pub fn advance(&self, s: &State, w: u32) -> State {
        let w = self.norm(w);
        let (mut next, mut backoff) = (State::EMPTY, [0f32; MAX_CONTEXT + 1]);
        self.shift_in(s, w, &mut next, &mut backoff);
        // A history that is not a context has no longer one that is; each
        // step below finds the n-gram `score` just looked up.
        if next.len == 1 && s.len >= 1 && self.order > 2 {
            let (lo, hi) = self.bigram_run(u32::from(s.words[0]));
            if let Some(j) = self.bigrams.find(lo, hi, w)
                && let Some(bo) = self.bigrams.backoff(j)
            {
                next.len = 2;
                backoff[2] = bo;
                next.tri = self.trigram_run(j);
            }
        }
        if next.len == 2 && s.len >= 2 && self.order > 3 {
            let (lo, hi) = s.tri;
            if let Some(k) = self.trigrams.find(lo, hi, w)
                && let Some(bo) = self.trigrams.backoff(k)
            {
                next.len = 3;
                backoff[3] = bo;
            }
        }
        for (i, table) in self.high.iter().enumerate() {
            let l = i + 4;
            if l > self.order - 1 || next.len as usize != l - 1 || (s.len as usize) < l - 1 {
                break;
            }
            match table
                .find(next.hash[l - 1])
                .and_then(|slot| table.backoff(slot))
            {
                Some(bo) => {
                    next.len = l as u8;
                    backoff[l] = bo;
                }
                None => break,
            }
        }
        settle(&mut next, &backoff);
        next
    }

    /// [`score`](Self::score) and [`advance`](Self::advance) in one walk:
    /// the n-grams that score `w` are the ones whose backoff weights make the
    /// next state, so each is looked up once instead of twice. A decoder
    /// that scores a word and then moves past it (every word of a rescored
    /// window) pays half the lookups.
    pub fn score_advance(&self, s: &State, w: u32) -> (f32, State) {
        let w = self.norm(w);
        let mut best = self.uni_logp.get(w as usize).copied().unwrap_or(-30.0) + s.tail[0];
        let (mut next, mut backoff) = (State::EMPTY, [0f32; MAX_CONTEXT + 1]);
        self.shift_in(s, w, &mut next, &mut backoff);
        if s.len >= 1 {
            let (lo, hi) = self.bigram_run(u32::from(s.words[0]));
            if self.bi_filter.may_contain(lo, hi, w)
                && let Some(j) = self.bigrams.find(lo, hi, w)
            {
                best = self.bigrams.prob(j) + s.tail[1];
                if next.len == 1
                    && self.order > 2
                    && let Some(bo) = self.bigrams.backoff(j)
                {
                    next.len = 2;
                    backoff[2] = bo;
                    next.tri = self.trigram_run(j);
                }
                self.score_advance_long(s, w, &mut best, &mut next, &mut backoff);
            }
        }
        settle(&mut next, &backoff);
        (best, next)
    }

    /// The trigram and longer steps of [`score_advance`](Self::score_advance),
    /// once the bigram matched.
    #[inline]
    fn score_advance_long(
        &self,
        s: &State,
        w: u32,
        best: &mut f32,
        next: &mut State,
        backoff: &mut [f32; MAX_CONTEXT + 1],
    ) {
        let (lo, hi) = s.tri;
        if s.len < 2 || lo >= hi || !self.tri_filter.may_contain(lo, hi, w) {
            return;
        }
        let Some(k) = self.trigrams.find(lo, hi, w) else {
            return;
        };
        *best = self.trigrams.prob(k) + s.tail[2];
        if next.len == 2
            && self.order > 3
            && let Some(bo) = self.trigrams.backoff(k)
        {
            next.len = 3;
            backoff[3] = bo;
        }
        for (i, table) in self.high.iter().enumerate() {
            // Table i holds the n-grams of order i + 4: a context of i + 3
            // words, the state's i + 3 words then `w`.
            let context = i + 3;
            if (s.len as usize) < context {
                break;
            }
            let Some(slot) = table.find(extend(s.hash[context - 1], w)) else {
                break;
            };
            *best = table.prob(slot) + s.tail[context];
            if context + 1 < self.order
                && next.len as usize == context
                && let Some(bo) = table.backoff(slot)
            {
                next.len = (context + 1) as u8;
                backoff[context + 1] = bo;
            }
        }
    }

    /// ln p(w | the words of `history`), starting after `<s>`.
    pub fn log_prob(&self, history: &[u32], w: u32) -> f32 {
        let s = history
            .iter()
            .fold(self.begin(), |s, &h| self.advance(&s, h));
        self.score(&s, w)
    }

    /// Number of ids the model covers (including the reserved ones).
    pub fn vocab_size(&self) -> u32 {
        self.vocab_size
    }

    /// The longest n-gram.
    pub fn order(&self) -> usize {
        self.order
    }

    /// Stored n-grams of each order from 2 up.
    pub fn ngrams(&self) -> Vec<usize> {
        let mut n = vec![self.bigrams.len()];
        if self.order > 2 {
            n.push(self.trigrams.len());
        }
        n.extend(self.high.iter().map(Table::len));
        n
    }

    /// Modified-KN discounts `[D1, D2, D3+]` for each order from 1 up.
    pub fn discounts(&self) -> &[[f32; 3]] {
        &self.discounts
    }

    /// ln p(sentence) including `</s>`, starting after `<s>`.
    pub fn sentence_log_prob(&self, ids: &[u32]) -> f64 {
        let mut s = self.begin();
        let mut total = 0.0f64;
        for &w in ids.iter().chain(std::iter::once(&EOS)) {
            total += f64::from(self.score(&s, w));
            s = self.advance(&s, w);
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
