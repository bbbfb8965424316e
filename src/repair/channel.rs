//! The OCR noisy channel: how likely an English-model OCR engine is to write
//! a given string for a given Vietnamese syllable.
//!
//! Two parts, mixed: a character transducer (each clean letter emits an OCR
//! substring of 0–3 chars, probabilities learned by EM from aligned pairs)
//! that generalises to unseen words, and a memory of whole-token confusions
//! seen in training (`của`→`ciia`), which captures context the per-letter
//! model cannot.

use std::collections::HashMap;

/// Longest OCR substring one clean letter may emit.
pub const MAX_EMIT: usize = 3;

/// Costs (negative natural log-probabilities) of emissions never seen in
/// training, so any string stays reachable at a price.
pub const UNSEEN_COST: [f32; MAX_EMIT + 1] = [9.0, 10.0, 13.0, 16.0];

/// Weight of the trained channel's emissions, in clean letters, against
/// an input's own pairs when adapting to it ([`Channel::adapted`]): small,
/// because a sample has hundreds of each common letter and the pairs'
/// own evidence wins (5, 10 and 20 measured the same within a few words;
/// 200 and up gave back part of the gain on a new engine's news).
const EMIT_PRIOR: f64 = 10.0;

/// EM rounds of an adaptation: the pairs are few and hard-labelled, so
/// the estimate settles quickly.
const ADAPT_ROUNDS: usize = 2;

/// The clean char of an emission key.
fn key_clean(k: u128) -> u32 {
    (k & 0x1F_FFFF) as u32
}

/// The OCR length of an emission key.
fn key_len(k: u128) -> usize {
    ((k >> 84) as usize).min(MAX_EMIT)
}

/// Packs a clean char and up to three OCR chars into one hash key.
pub fn emit_key(clean: char, ocr: &[char]) -> u128 {
    let mut k = clean as u128 | (ocr.len() as u128) << 84;
    for (i, c) in ocr.iter().enumerate() {
        k |= (*c as u128) << (21 * (i + 1));
    }
    k
}

/// A small fast hasher for integer keys (the std SipHash is needlessly slow
/// on the decoder's hot path).
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u128(&mut self, n: u128) {
        self.write_u64(n as u64);
        self.write_u64((n >> 64) as u64);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(n as u64);
    }
}

pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// The learned channel.
#[derive(Debug, Clone, Default)]
pub struct Channel {
    emit: FastMap<u128, f32>,
    /// OCR token (lower-case) → [(clean syllable, P(ocr | clean))].
    memory: FastMap<String, Vec<(String, f32)>>,
}

impl Channel {
    /// Cost of `clean` emitting `ocr` (0–3 chars).
    #[inline]
    pub fn emit_cost(&self, clean: char, ocr: &[char]) -> f32 {
        self.emit
            .get(&emit_key(clean, ocr))
            .copied()
            .unwrap_or(UNSEEN_COST[ocr.len().min(MAX_EMIT)])
    }

    /// Every learned emission: (clean char, OCR string, cost).
    pub fn emissions(&self) -> impl Iterator<Item = (char, String, f32)> + '_ {
        self.emit.iter().map(|(k, c)| {
            let (clean, ocr) = unpack(*k);
            (clean, ocr, *c)
        })
    }

    /// Adds one learned emission probability.
    pub fn set_emission(&mut self, clean: char, ocr: &[char], prob: f64) {
        self.emit
            .insert(emit_key(clean, ocr), -(prob.max(1e-12).ln()) as f32);
    }

    /// Records that `ocr` was written for `clean` with probability `prob`.
    pub fn add_memory(&mut self, ocr: &str, clean: &str, prob: f32) {
        self.memory
            .entry(ocr.to_string())
            .or_default()
            .push((clean.to_string(), prob));
    }

    /// Whole-token confusions remembered for this OCR token.
    pub fn memory(&self, ocr: &str) -> &[(String, f32)] {
        self.memory.get(ocr).map_or(&[], |v| v.as_slice())
    }

    /// Character-transducer cost of `clean` → `ocr` (best alignment).
    pub fn transducer_cost(&self, clean: &[char], ocr: &[char]) -> f32 {
        let (n, m) = (clean.len(), ocr.len());
        let mut best = vec![f32::INFINITY; (n + 1) * (m + 1)];
        best[0] = 0.0;
        for i in 0..n {
            for j in 0..=m {
                let here = best[i * (m + 1) + j];
                if !here.is_finite() {
                    continue;
                }
                for k in 0..=MAX_EMIT.min(m - j) {
                    let c = here + self.emit_cost(clean[i], &ocr[j..j + k]);
                    let slot = &mut best[(i + 1) * (m + 1) + j + k];
                    if c < *slot {
                        *slot = c;
                    }
                }
            }
        }
        best[n * (m + 1) + m]
    }

    /// This channel re-estimated from (clean syllable, OCR token) pairs by
    /// EM with itself as the prior: each clean letter's emission
    /// probabilities become `(count + τ·p) / (letters + τ)`, so what the
    /// pairs show often moves the channel and a letter they hardly show
    /// stays where training put it (`repair::adapt`). The whole-token
    /// memory stays as trained: learnt from the input's own labels it only
    /// repeated the first repair's mistakes (dev OCR pairs 98.56% → 98.52%).
    /// `data` is [`distinct_pairs`] of the pairs.
    pub fn adapted(&self, data: &[(Vec<char>, Vec<char>, f64)]) -> Channel {
        let mut out = self.clone();
        for _ in 0..ADAPT_ROUNDS {
            let mut counts: FastMap<u128, f64> = FastMap::default();
            for (c, o, n) in data {
                expected_counts((c, o), *n, |k| out.key_prob(k), &mut counts);
            }
            let mut letters: FastMap<u32, f64> = FastMap::default();
            for (k, n) in &counts {
                *letters.entry(key_clean(*k)).or_default() += n;
            }
            let map = |n: f64, p: f64, total: f64| {
                -(((n + EMIT_PRIOR * p) / (total + EMIT_PRIOR)).ln()) as f32
            };
            let mut emit = self.emit.clone();
            for (k, cost) in emit.iter_mut() {
                if let Some(&total) = letters.get(&key_clean(*k)) {
                    let n = counts.get(k).copied().unwrap_or(0.0);
                    *cost = map(n, f64::from(-*cost).exp(), total);
                }
            }
            for (k, n) in &counts {
                if self.emit.contains_key(k) {
                    continue;
                }
                let unseen = UNSEEN_COST[key_len(*k)];
                let total = letters.get(&key_clean(*k)).copied().unwrap_or(*n);
                let cost = map(*n, f64::from(-unseen).exp(), total);
                if cost < unseen {
                    emit.insert(*k, cost);
                }
            }
            out.emit = emit;
        }
        out
    }

    fn key_prob(&self, k: u128) -> f64 {
        let cost = self
            .emit
            .get(&k)
            .copied()
            .unwrap_or(UNSEEN_COST[key_len(k)]);
        f64::from(-cost).exp()
    }

    /// Serialises as TSV lines: `e\tCLEAN\tOCR\tcost` and `m\tOCR\tCLEAN\tprob`.
    pub fn to_tsv(&self) -> String {
        let mut lines: Vec<String> = self
            .emit
            .iter()
            .map(|(k, cost)| {
                let (c, o): (char, String) = unpack(*k);
                format!("e\t{c}\t{o}\t{cost:.4}")
            })
            .collect();
        for (ocr, v) in &self.memory {
            for (clean, p) in v {
                lines.push(format!("m\t{ocr}\t{clean}\t{p:.5}"));
            }
        }
        lines.sort();
        lines.join("\n") + "\n"
    }

    /// Parses [`Channel::to_tsv`] output; errors name the bad line.
    pub fn from_tsv(tsv: &str) -> Result<Channel, String> {
        let mut ch = Channel::default();
        for (n, line) in tsv.lines().enumerate() {
            let f: Vec<&str> = line.split('\t').collect();
            let bad = || format!("channel line {}: malformed: {line:?}", n + 1);
            match f.as_slice() {
                ["e", c, o, cost] => {
                    let mut cs = c.chars();
                    let (Some(c), None) = (cs.next(), cs.next()) else {
                        return Err(bad());
                    };
                    let o: Vec<char> = o.chars().collect();
                    if o.len() > MAX_EMIT {
                        return Err(bad());
                    }
                    ch.emit
                        .insert(emit_key(c, &o), cost.parse().map_err(|_| bad())?);
                }
                ["m", ocr, clean, p] => ch.add_memory(ocr, clean, p.parse().map_err(|_| bad())?),
                [""] => {}
                _ => return Err(bad()),
            }
        }
        Ok(ch)
    }
}

/// Each distinct (clean, OCR) pair once, as chars, with how often it
/// occurs; in a fixed order, so sums over them never depend on hashing.
pub fn distinct_pairs(pairs: &[(String, String)]) -> Vec<(Vec<char>, Vec<char>, f64)> {
    let mut seen: std::collections::BTreeMap<(&str, &str), f64> = Default::default();
    for (c, o) in pairs {
        *seen.entry((c, o)).or_default() += 1.0;
    }
    seen.into_iter()
        .map(|((c, o), n)| (c.chars().collect(), o.chars().collect(), n))
        .collect()
}

/// Forward-backward over the (clean position, OCR position) lattice of
/// one (clean, OCR) pair seen `weight` times: adds each emission's expected
/// count to `counts`.
/// The E-step both of training and of adapting to an input.
pub fn expected_counts(
    (c, o): (&[char], &[char]),
    weight: f64,
    prob: impl Fn(u128) -> f64,
    counts: &mut FastMap<u128, f64>,
) {
    let (n, m) = (c.len(), o.len());
    let w = m + 1;
    // Each arc's probability, looked up once for the three passes:
    // clean letter i emitting the k OCR chars from j.
    let arcs = MAX_EMIT + 1;
    let mut arc = vec![0.0f64; n * w * arcs];
    for i in 0..n {
        for j in 0..=m {
            for k in 0..=MAX_EMIT.min(m - j) {
                arc[(i * w + j) * arcs + k] = prob(emit_key(c[i], &o[j..j + k]));
            }
        }
    }
    let p = |i: usize, j: usize, k: usize| arc[(i * w + j) * arcs + k];
    let mut fwd = vec![0.0f64; (n + 1) * w];
    fwd[0] = 1.0;
    for i in 0..n {
        for j in 0..=m {
            let f = fwd[i * w + j];
            if f == 0.0 {
                continue;
            }
            for k in 0..=MAX_EMIT.min(m - j) {
                fwd[(i + 1) * w + j + k] += f * p(i, j, k);
            }
        }
    }
    let total = fwd[n * w + m];
    if total <= 0.0 || !total.is_finite() {
        return;
    }
    let mut bwd = vec![0.0f64; (n + 1) * w];
    bwd[n * w + m] = 1.0;
    for i in (0..n).rev() {
        for j in 0..=m {
            let mut b = 0.0;
            for k in 0..=MAX_EMIT.min(m - j) {
                b += p(i, j, k) * bwd[(i + 1) * w + j + k];
            }
            bwd[i * w + j] = b;
        }
    }
    // Each arc's posterior: forward in, arc, backward out.
    for i in 0..n {
        for j in 0..=m {
            let f = fwd[i * w + j];
            if f == 0.0 {
                continue;
            }
            for k in 0..=MAX_EMIT.min(m - j) {
                let post = weight * f * p(i, j, k) * bwd[(i + 1) * w + j + k] / total;
                if post > 1e-9 {
                    *counts.entry(emit_key(c[i], &o[j..j + k])).or_insert(0.0) += post;
                }
            }
        }
    }
}

/// The inverse of [`emit_key`]: the clean char and the OCR chars.
pub fn unpack<O: FromIterator<char>>(k: u128) -> (char, O) {
    let c = char::from_u32((k & 0x1F_FFFF) as u32).unwrap_or('\u{FFFD}');
    let len = (k >> 84) as usize;
    let o = (1..=len)
        .map(|i| char::from_u32(((k >> (21 * i)) & 0x1F_FFFF) as u32).unwrap_or('\u{FFFD}'))
        .collect();
    (c, o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_round_trip_and_costs() {
        let mut ch = Channel::default();
        ch.set_emission('ô', &['6'], 0.3);
        ch.set_emission('s', &['s'], 0.9);
        ch.set_emission('ố', &['6'], 0.2);
        ch.set_emission('u', &['i', 'i'], 0.1);
        ch.add_memory("s6", "số", 0.25);
        let back = Channel::from_tsv(&ch.to_tsv()).unwrap();
        assert!((back.emit_cost('ô', &['6']) - 0.3f32.ln().abs()).abs() < 1e-3);
        assert_eq!(back.memory("s6"), &[("số".to_string(), 0.25)]);
        let c = back.transducer_cost(&['s', 'ố'], &['s', '6']);
        assert!((c - (0.9f32.ln().abs() + 0.2f32.ln().abs())).abs() < 1e-3);
        assert!(back.transducer_cost(&['s', 'ố'], &['x', 'y', 'z']) > 20.0);
        assert!(Channel::from_tsv("e\tab\tc\t1").is_err());
    }

    #[test]
    fn adapting_learns_the_pairs_habit_and_keeps_what_they_do_not_show() {
        let mut ch = Channel::default();
        for c in ['d', 'a', 'u', 'n', 'g'] {
            ch.set_emission(c, &[c], 0.9);
        }
        ch.set_emission('ô', &['6'], 0.3);
        ch.add_memory("s6", "số", 0.25);
        let mut pairs = Vec::new();
        for _ in 0..30 {
            pairs.push(("dung".to_string(), "clung".to_string()));
            pairs.push(("dan".to_string(), "clan".to_string()));
            pairs.push(("nga".to_string(), "nga".to_string()));
        }
        let before = ch.transducer_cost(&['d', 'u', 'n', 'g'], &['c', 'l', 'u', 'n', 'g']);
        let adapted = ch.adapted(&distinct_pairs(&pairs));
        let after = adapted.transducer_cost(&['d', 'u', 'n', 'g'], &['c', 'l', 'u', 'n', 'g']);
        assert!(before > 10.0 && after < 1.0, "d→cl: {before} → {after}");
        // `d` now mostly writes `cl`, so `d` as itself became dearer.
        assert!(adapted.emit_cost('d', &['d']) > ch.emit_cost('d', &['d']));
        // Letters the pairs never show, and the memory, are untouched.
        assert_eq!(adapted.emit_cost('ô', &['6']), ch.emit_cost('ô', &['6']));
        assert_eq!(adapted.memory("s6"), ch.memory("s6"));
    }
}
