//! Sentence-level decoding: beam-pruned Viterbi over each sentence's lattice
//! of candidates, scoring channel and trigram language model together.

use super::vocab::{BOS, EOS};

/// What the decoder needs from a language model.
pub trait Lm {
    /// Natural-log P(w | w2 w1).
    fn log_prob(&self, w2: u32, w1: u32, w: u32) -> f32;
}

/// One choice at a lattice position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Option_ {
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
}

impl Default for DecodeParams {
    fn default() -> Self {
        DecodeParams {
            lm_weight: 1.0,
            channel_weight: 1.0,
            beam: 12,
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

/// Best choice per position, and for each position the score of every option
/// relative to the best (0 for the chosen one, negative for the others),
/// holding the rest of the best path fixed.
pub struct Decoded {
    pub choices: Vec<usize>,
    pub margins: Vec<Vec<f32>>,
}

/// Decodes one sentence. `lattice[i]` lists the options at position i (a
/// fixed token is a single option). Runs in O(n · beam · options).
pub fn decode(lattice: &[Vec<Option_>], lm: &dyn Lm, p: &DecodeParams) -> Decoded {
    let n = lattice.len();
    let mut layers: Vec<Vec<Hyp>> = Vec::with_capacity(n + 1);
    layers.push(vec![Hyp {
        w2: BOS,
        w1: BOS,
        score: 0.0,
        back: 0,
        choice: 0,
    }]);
    // Candidates are built in one reused buffer and each layer keeps only
    // its beam: allocating every layer at `prev × options` capacity cost
    // ~2.6 KB per word (850 MB for a 1 MB sentence).
    let mut next: Vec<Hyp> = Vec::new();
    for opts in lattice {
        let prev = layers.last().map_or(&[][..], |v| v.as_slice());
        next.clear();
        for (bi, h) in prev.iter().enumerate() {
            for (ci, o) in opts.iter().enumerate() {
                let score = h.score + p.lm_weight * lm.log_prob(h.w2, h.w1, o.lm_id)
                    - p.channel_weight * o.cost;
                let cand = Hyp {
                    w2: h.w1,
                    w1: o.lm_id,
                    score,
                    back: bi as u32,
                    choice: ci as u16,
                };
                match next.iter_mut().find(|x| x.w2 == cand.w2 && x.w1 == cand.w1) {
                    Some(x) if x.score >= score => {}
                    Some(x) => *x = cand,
                    None => next.push(cand),
                }
            }
        }
        if next.len() > p.beam {
            next.select_nth_unstable_by(p.beam - 1, |a, b| b.score.total_cmp(&a.score));
            next.truncate(p.beam);
        }
        if next.is_empty() {
            // A position without options: carry the hypotheses through unchanged.
            next.extend(prev.iter().enumerate().map(|(i, h)| Hyp {
                back: i as u32,
                choice: 0,
                ..*h
            }));
        }
        layers.push(next.clone());
    }
    let last = layers.last().map_or(&[][..], |v| v.as_slice());
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
    let mut at = best;
    for i in (0..n).rev() {
        let h = layers[i + 1].get(at).copied();
        let Some(h) = h else { break };
        choices[i] = h.choice as usize;
        at = h.back as usize;
    }
    let margins = local_margins(lattice, &choices, lm, p);
    Decoded { choices, margins }
}

/// For each position, each option's score change when swapped into the best
/// path (LM terms up to two positions later are rescored).
fn local_margins(
    lattice: &[Vec<Option_>],
    choices: &[usize],
    lm: &dyn Lm,
    p: &DecodeParams,
) -> Vec<Vec<f32>> {
    let n = lattice.len();
    let ids: Vec<u32> = (0..n)
        .map(|i| {
            lattice[i]
                .get(choices[i])
                .map_or(super::vocab::UNK, |o| o.lm_id)
        })
        .collect();
    let id_at = |seq: &[u32], i: isize| if i < 0 { BOS } else { seq[i as usize] };
    let local = |seq: &[u32], i: usize, own_cost: f32| {
        let mut s = -p.channel_weight * own_cost;
        for j in i..(i + 3).min(n + 1) {
            let w = if j == n { EOS } else { seq[j] };
            s += p.lm_weight
                * lm.log_prob(id_at(seq, j as isize - 2), id_at(seq, j as isize - 1), w);
        }
        s
    };
    let mut out = Vec::with_capacity(n);
    let mut seq = ids.clone();
    for i in 0..n {
        if lattice[i].len() <= 1 {
            out.push(vec![0.0; lattice[i].len()]);
            continue;
        }
        let base = local(&seq, i, lattice[i][choices[i]].cost);
        let mut m = Vec::with_capacity(lattice[i].len());
        for o in &lattice[i] {
            seq[i] = o.lm_id;
            m.push(local(&seq, i, o.cost) - base);
        }
        seq[i] = ids[i];
        out.push(m);
    }
    out
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
        fn log_prob(&self, w2: u32, w1: u32, w: u32) -> f32 {
            match (w2, w1, w) {
                (_, 5, 6) | (5, 6, 7) => -0.1,
                (_, _, 5) => -1.0,
                _ => -6.0,
            }
        }
    }

    fn opt(lm_id: u32, cost: f32) -> Option_ {
        Option_ { lm_id, cost }
    }

    #[test]
    fn lm_overrides_cheaper_channel_choice() {
        let lattice = vec![
            vec![opt(5, 0.0)],
            vec![opt(9, 0.0), opt(6, 2.0)],
            vec![opt(7, 0.5), opt(8, 0.0)],
        ];
        let d = decode(&lattice, &Toy, &DecodeParams::default());
        assert_eq!(d.choices, vec![0, 1, 0]);
        assert!(d.margins[1][0] < -1.0 && d.margins[1][1] == 0.0);
        assert!(confidence(&d.margins[1]) > 0.8);
    }

    #[test]
    fn empty_and_optionless_positions() {
        let d = decode(&[], &Toy, &DecodeParams::default());
        assert!(d.choices.is_empty());
        let d = decode(&[vec![], vec![opt(5, 0.0)]], &Toy, &DecodeParams::default());
        assert_eq!(d.choices.len(), 2);
    }
}
