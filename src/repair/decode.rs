//! Sentence-level decoding: beam-pruned Viterbi over each sentence's lattice
//! of candidates, scoring channel and trigram language model together.

use super::vocab::{BOS, EOS};

/// What the decoder needs from a language model.
pub trait Lm {
    /// A looked-up history, reused for every candidate after it.
    type Ctx;
    /// Natural-log P(w | w2 w1).
    fn log_prob(&self, w2: u32, w1: u32, w: u32) -> f32;
    /// Looks up the history `w2 w1` once.
    fn context(&self, w2: u32, w1: u32) -> Self::Ctx;
    /// Natural-log P(w | history), same value as [`Lm::log_prob`].
    fn log_prob_in(&self, ctx: &Self::Ctx, w: u32) -> f32;
}

/// One choice at a lattice position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Choice {
    /// Id the language model sees.
    pub lm_id: u32,
    /// Channel cost (−ln P(ocr | choice)), already weighted.
    pub cost: f32,
}

/// Weights and limits of the search.
#[derive(Debug, Clone, Copy)]
pub struct DecodeParams {
    pub lm_weight: f32,
    pub channel_weight: f32,
    /// Hypotheses kept per position.
    pub beam: usize,
    /// Hypotheses scoring this much below the best are dropped.
    pub score_beam: f32,
}

impl Default for DecodeParams {
    fn default() -> Self {
        DecodeParams {
            lm_weight: 1.0,
            channel_weight: 1.0,
            beam: 8,
            score_beam: 9.0,
        }
    }
}

#[derive(Clone, Copy)]
struct Hyp {
    w2: u32,
    w1: u32,
    score: f32,
    back: u32,
    choice: u16,
}

/// Best choice per position, and the model ids along the best path.
pub struct Decoded {
    pub choices: Vec<usize>,
    pub ids: Vec<u32>,
}

/// Decodes one sentence. `lattice[i]` lists the options at position i (a
/// fixed token is a single option). Runs in O(n · beam · options).
pub fn decode<L: Lm>(lattice: &[&[Choice]], lm: &L, p: &DecodeParams) -> Decoded {
    let n = lattice.len();
    // All layers in one buffer; `starts[i]..starts[i + 1]` is layer i.
    let mut hyps: Vec<Hyp> = Vec::with_capacity((n + 1) * p.beam);
    let mut starts: Vec<usize> = Vec::with_capacity(n + 2);
    starts.push(0);
    hyps.push(Hyp {
        w2: BOS,
        w1: BOS,
        score: 0.0,
        back: 0,
        choice: 0,
    });
    starts.push(1);
    let mut order: Vec<usize> = Vec::new();
    let mut next: Vec<Hyp> = Vec::new();
    for opts in lattice {
        let prev_range = starts[starts.len() - 2]..starts[starts.len() - 1];
        let prev = &hyps[prev_range.clone()];
        // Options cheapest first: the score of (hypothesis, option) can never
        // exceed `h.score − channel cost` (log-probabilities are ≤ 0), so once
        // that bound falls below the score window the rest can be skipped.
        order.clear();
        order.extend(0..opts.len());
        order.sort_by(|&a, &b| opts[a].cost.total_cmp(&opts[b].cost));
        next.clear();
        let mut top = f32::NEG_INFINITY;
        for (bi, h) in prev.iter().enumerate() {
            let mut ctx = None;
            for &ci in &order {
                let o = &opts[ci];
                let bound = h.score - p.channel_weight * o.cost;
                if bound < top - p.score_beam {
                    break;
                }
                let ctx = ctx.get_or_insert_with(|| lm.context(h.w2, h.w1));
                let score = bound + p.lm_weight * lm.log_prob_in(ctx, o.lm_id);
                top = top.max(score);
                next.push(Hyp {
                    w2: h.w1,
                    w1: o.lm_id,
                    score,
                    back: bi as u32,
                    choice: ci as u16,
                });
            }
        }
        next.retain(|h| h.score >= top - p.score_beam);
        // Recombine hypotheses with the same trigram state, keeping the best.
        next.sort_unstable_by(|a, b| {
            (a.w2, a.w1)
                .cmp(&(b.w2, b.w1))
                .then(b.score.total_cmp(&a.score))
        });
        next.dedup_by(|b, a| a.w2 == b.w2 && a.w1 == b.w1);
        if next.len() > p.beam {
            next.select_nth_unstable_by(p.beam - 1, |a, b| b.score.total_cmp(&a.score));
            next.truncate(p.beam);
        }
        // Keep the layer sorted best first so the bound above bites early.
        next.sort_unstable_by(|a, b| b.score.total_cmp(&a.score));
        if next.is_empty() {
            // A position without options: carry the hypotheses through unchanged.
            let carried: Vec<Hyp> = prev
                .iter()
                .enumerate()
                .map(|(i, h)| Hyp {
                    back: i as u32,
                    choice: 0,
                    ..*h
                })
                .collect();
            hyps.extend(carried);
        } else {
            hyps.extend_from_slice(&next);
        }
        starts.push(hyps.len());
    }
    let last = &hyps[starts[n]..starts[n + 1]];
    let mut best = 0;
    let mut best_score = f32::NEG_INFINITY;
    for (i, h) in last.iter().enumerate() {
        let s = h.score + p.lm_weight * lm.log_prob(h.w2, h.w1, EOS);
        if s > best_score {
            best_score = s;
            best = i;
        }
    }
    let mut choices = vec![0usize; n];
    let mut ids = vec![super::vocab::UNK; n];
    let mut at = best;
    for i in (0..n).rev() {
        let Some(h) = hyps[starts[i + 1]..starts[i + 2]].get(at).copied() else {
            break;
        };
        choices[i] = h.choice as usize;
        ids[i] = lattice[i]
            .get(h.choice as usize)
            .map_or(super::vocab::UNK, |o| o.lm_id);
        at = h.back as usize;
    }
    Decoded { choices, ids }
}

/// Each option's score change at position `i` when swapped into the best
/// path (`ids`), rescoring the LM terms up to two positions later: the
/// margins behind a change's confidence and its alternatives.
pub fn margins_at<L: Lm>(
    lattice: &[&[Choice]],
    ids: &[u32],
    i: usize,
    lm: &L,
    p: &DecodeParams,
) -> Vec<f32> {
    let n = ids.len();
    let at = |j: isize, own: u32| -> u32 {
        if j < 0 {
            BOS
        } else if j as usize == i {
            own
        } else {
            ids[j as usize]
        }
    };
    let local = |own: u32, cost: f32| {
        let mut s = -p.channel_weight * cost;
        for j in i..(i + 3).min(n + 1) {
            let w = if j == n { EOS } else { at(j as isize, own) };
            s += p.lm_weight * lm.log_prob(at(j as isize - 2, own), at(j as isize - 1, own), w);
        }
        s
    };
    let opts = lattice[i];
    let chosen = opts.iter().position(|o| o.lm_id == ids[i]).unwrap_or(0);
    let base = local(ids[i], opts.get(chosen).map_or(0.0, |o| o.cost));
    opts.iter().map(|o| local(o.lm_id, o.cost) - base).collect()
}

/// Posterior-like confidence of the chosen option from its margins.
pub fn confidence(margins: &[f32]) -> f32 {
    let z: f32 = margins.iter().map(|m| m.min(0.0).exp()).sum();
    if z > 0.0 { 1.0 / z } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Prefers the sequence 5 6 7 strongly.
    struct Toy;
    impl Lm for Toy {
        type Ctx = (u32, u32);
        fn context(&self, w2: u32, w1: u32) -> (u32, u32) {
            (w2, w1)
        }
        fn log_prob_in(&self, ctx: &(u32, u32), w: u32) -> f32 {
            self.log_prob(ctx.0, ctx.1, w)
        }
        fn log_prob(&self, w2: u32, w1: u32, w: u32) -> f32 {
            match (w2, w1, w) {
                (_, 5, 6) | (5, 6, 7) => -0.1,
                (_, _, 5) => -1.0,
                _ => -6.0,
            }
        }
    }

    fn opt(lm_id: u32, cost: f32) -> Choice {
        Choice { lm_id, cost }
    }

    #[test]
    fn lm_overrides_cheaper_channel_choice() {
        let a = [opt(5, 0.0)];
        let b = [opt(9, 0.0), opt(6, 2.0)];
        let c = [opt(7, 0.5), opt(8, 0.0)];
        let lattice: Vec<&[Choice]> = vec![&a, &b, &c];
        let p = DecodeParams::default();
        let d = decode(&lattice, &Toy, &p);
        assert_eq!(d.choices, vec![0, 1, 0]);
        assert_eq!(d.ids, vec![5, 6, 7]);
        let m = margins_at(&lattice, &d.ids, 1, &Toy, &p);
        assert!(m[0] < -1.0 && m[1] == 0.0);
        assert!(confidence(&m) > 0.8);
    }

    #[test]
    fn empty_and_optionless_positions() {
        let d = decode(&[], &Toy, &DecodeParams::default());
        assert!(d.choices.is_empty());
        let one = [opt(5, 0.0)];
        let d = decode(&[&[], &one], &Toy, &DecodeParams::default());
        assert_eq!(d.choices.len(), 2);
    }
}
