//! Sentence-level decoding: beam-pruned Viterbi over each sentence's lattice
//! of candidates, scoring channel and n-gram language model together.

use super::vocab::EOS;

/// What the decoder needs from a language model.
pub trait Lm {
    /// What the model remembers of a history.
    type State: Copy;
    /// The state at a sentence start.
    fn begin(&self) -> Self::State;
    /// Natural-log P(w | state).
    fn score(&self, s: &Self::State, w: u32) -> f32;
    /// The state after `w`.
    fn advance(&self, s: &Self::State, w: u32) -> Self::State;
    /// `score` then `advance`, which a model can answer in one walk.
    fn score_advance(&self, s: &Self::State, w: u32) -> (f32, Self::State) {
        (self.score(s, w), self.advance(s, w))
    }
    /// Whether two states score every continuation alike (hypotheses
    /// with equal states can be merged).
    fn same(a: &Self::State, b: &Self::State) -> bool;
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
struct Hyp<S> {
    state: S,
    score: f32,
    back: u32,
    choice: u16,
}

/// A scored extension of a hypothesis, before its state is worked out.
#[derive(Clone, Copy)]
struct Extension {
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
    let mut hyps: Vec<Hyp<L::State>> = Vec::with_capacity((n + 1) * p.beam);
    let mut starts: Vec<usize> = Vec::with_capacity(n + 2);
    starts.push(0);
    hyps.push(Hyp {
        state: lm.begin(),
        score: 0.0,
        back: 0,
        choice: 0,
    });
    starts.push(1);
    let mut order: Vec<usize> = Vec::new();
    let mut next: Vec<Extension> = Vec::new();
    let mut layer: Vec<Hyp<L::State>> = Vec::new();
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
            for &ci in &order {
                let o = &opts[ci];
                let bound = h.score - p.channel_weight * o.cost;
                if bound < top - p.score_beam {
                    break;
                }
                let score = bound + p.lm_weight * lm.score(&h.state, o.lm_id);
                top = top.max(score);
                next.push(Extension {
                    score,
                    back: bi as u32,
                    choice: ci as u16,
                });
            }
        }
        next.retain(|e| e.score >= top - p.score_beam);
        next.sort_unstable_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.back.cmp(&b.back))
                .then(a.choice.cmp(&b.choice))
        });
        // Best first: work out each extension's state and merge it into an
        // earlier (better) hypothesis with the same state, until the beam
        // is full. The layer stays sorted best first, so the bound above
        // bites early.
        layer.clear();
        for e in &next {
            if layer.len() >= p.beam {
                break;
            }
            let from = &prev[e.back as usize];
            let state = lm.advance(&from.state, opts[e.choice as usize].lm_id);
            if layer.iter().any(|h| L::same(&h.state, &state)) {
                continue;
            }
            layer.push(Hyp {
                state,
                score: e.score,
                back: e.back,
                choice: e.choice,
            });
        }
        if layer.is_empty() {
            // A position without options: carry the hypotheses through unchanged.
            let carried: Vec<Hyp<L::State>> = prev
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
            hyps.extend_from_slice(&layer);
        }
        starts.push(hyps.len());
    }
    let last = &hyps[starts[n]..starts[n + 1]];
    let mut best = 0;
    let mut best_score = f32::NEG_INFINITY;
    for (i, h) in last.iter().enumerate() {
        let s = h.score + p.lm_weight * lm.score(&h.state, EOS);
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

/// The best path's language-model states and terms, shared by the margins
/// of all its positions.
pub struct BestPath<S> {
    /// `states[i]` precedes position `i`; the last one follows the sentence.
    pub states: Vec<S>,
    /// `terms[i]`: ln P(word `i` | `states[i]`); the last is the sentence
    /// end's.
    pub terms: Vec<f32>,
}

/// [`BestPath`] of the decoded `ids`.
pub fn best_path<L: Lm>(ids: &[u32], lm: &L) -> BestPath<L::State> {
    let mut states = Vec::with_capacity(ids.len() + 1);
    let mut terms = Vec::with_capacity(ids.len() + 1);
    let mut s = lm.begin();
    for &w in ids {
        states.push(s);
        let (term, next) = lm.score_advance(&s, w);
        terms.push(term);
        s = next;
    }
    states.push(s);
    terms.push(lm.score(&s, EOS));
    BestPath { states, terms }
}

/// Each option's score change at position `i` when swapped into the best
/// path (`ids`, and its [`BestPath`]), rescoring the LM terms
/// of the `window` positions after it (at most the model's order minus one,
/// beyond which no n-gram holds the option): the margins behind a change's
/// confidence and its alternatives.
///
/// Two shortcuts keep this to a fraction of the decoder's own cost. Every
/// term is a log-probability (at most 0), so an option's running score only
/// falls: once it is `score_beam` below the chosen path — where the decoder
/// itself drops a hypothesis — its remaining terms are skipped and that
/// bound stands for its margin (such an option weighs at most e^-9 in
/// [`confidence`]; about half of all options end there). And once an
/// option's state has forgotten the option (the model backed off past it),
/// the rest of the window scores as for any other option that reached the
/// same state there, so it is taken from the first one: exact.
pub fn margins_at<L: Lm>(
    lattice: &[&[Choice]],
    ids: &[u32],
    path: &BestPath<L::State>,
    i: usize,
    window: usize,
    lm: &L,
    p: &DecodeParams,
) -> Vec<f32> {
    let (states, terms) = (&path.states, &path.terms);
    let n = ids.len();
    let end = (i + 1 + window).min(n);
    let after = &ids[(i + 1).min(end)..end];
    let eos = (i + 1 + window > n).then_some(EOS);
    // Word k of the window (the option, then what follows it) is position
    // i + k of the path, the sentence end being position n.
    let last = after.len() + usize::from(eos.is_some());
    if states.len() <= i + last || terms.len() <= i + last {
        return vec![0.0; lattice[i].len()];
    }
    let start = states[i];
    // (k, state before word k of the window, sum of the terms from k on),
    // for k ≥ 1: the chosen path's, then every option scored to the end.
    let mut tails: Vec<(usize, L::State, f32)> = Vec::with_capacity(2 * last + 2);
    let mut tail = 0.0;
    for k in (1..=last).rev() {
        tail += p.lm_weight * terms[i + k];
        tails.push((k, states[i + k], tail));
    }
    let mut trail: Vec<(L::State, f32)> = Vec::with_capacity(window + 2);
    let mut local = |own: u32, cost: f32, floor: f32| {
        let mut s = -p.channel_weight * cost;
        let mut state = start;
        trail.clear();
        let words = std::iter::once(own)
            .chain(after.iter().copied())
            .chain(eos)
            .enumerate();
        for (k, w) in words {
            if s < floor {
                return s;
            }
            if k > 0 {
                if let Some(&(_, _, tail)) = tails
                    .iter()
                    .find(|(j, t, _)| *j == k && L::same(t, &state))
                {
                    return s + tail;
                }
                trail.push((state, s));
            }
            // The state after the last word is never read.
            if k < last {
                let (term, moved) = lm.score_advance(&state, w);
                s += p.lm_weight * term;
                state = moved;
            } else {
                s += p.lm_weight * lm.score(&state, w);
            }
        }
        for (k, (t, before)) in trail.iter().enumerate() {
            tails.push((k + 1, *t, s - before));
        }
        s
    };
    let opts = lattice[i];
    let chosen = opts.iter().position(|o| o.lm_id == ids[i]).unwrap_or(0);
    // The chosen option's own terms are the path's.
    let mut base = -p.channel_weight * opts.get(chosen).map_or(0.0, |o| o.cost);
    for &t in &terms[i..=i + last] {
        base += p.lm_weight * t;
    }
    let floor = base - p.score_beam;
    opts.iter()
        .enumerate()
        .map(|(j, o)| {
            if j == chosen {
                0.0
            } else {
                local(o.lm_id, o.cost, floor) - base
            }
        })
        .collect()
}

/// Posterior-like confidence of the chosen option from its margins.
pub fn confidence(margins: &[f32]) -> f32 {
    let z: f32 = margins.iter().map(|m| m.min(0.0).exp()).sum();
    if z > 0.0 { 1.0 / z } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A trigram toy that prefers the sequence 5 6 7 strongly.
    struct Toy;
    impl Lm for Toy {
        type State = (u32, u32);
        fn begin(&self) -> (u32, u32) {
            (0, 0)
        }
        fn advance(&self, s: &(u32, u32), w: u32) -> (u32, u32) {
            (s.1, w)
        }
        fn same(a: &(u32, u32), b: &(u32, u32)) -> bool {
            a == b
        }
        fn score(&self, s: &(u32, u32), w: u32) -> f32 {
            match (s.0, s.1, w) {
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
        let path = best_path(&d.ids, &Toy);
        let m = margins_at(&lattice, &d.ids, &path, 1, 2, &Toy, &p);
        assert!(m[0] < -1.0 && m[1] == 0.0);
        assert!(confidence(&m) > 0.8);
    }

    /// Options cut off below the beam keep an upper bound under the beam,
    /// and the confidence stays within their weight of the exact one.
    #[test]
    fn margins_cut_below_the_beam_bound_the_exact_ones() {
        let a = [opt(5, 0.0)];
        let b = [opt(6, 0.0), opt(9, 0.5), opt(8, 10.0), opt(5, 3.0)];
        let c = [opt(7, 0.0)];
        let lattice: Vec<&[Choice]> = vec![&a, &b, &c];
        let p = DecodeParams::default();
        let exact = DecodeParams {
            score_beam: f32::INFINITY,
            ..p
        };
        let d = decode(&lattice, &Toy, &p);
        let path = best_path(&d.ids, &Toy);
        let cut = margins_at(&lattice, &d.ids, &path, 1, 2, &Toy, &p);
        let full = margins_at(&lattice, &d.ids, &path, 1, 2, &Toy, &exact);
        assert!(full.iter().any(|m| *m < -p.score_beam), "{full:?}");
        assert!(cut.len() == full.len() && cut != full, "{cut:?} {full:?}");
        for (c, f) in cut.iter().zip(&full) {
            assert!(c >= f, "{c} < {f}");
            assert!(c == f || *c < -p.score_beam, "{c} {f}");
        }
        let err = (confidence(&cut) - confidence(&full)).abs();
        assert!(err <= 3.0 * (-p.score_beam).exp(), "{err}");
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
