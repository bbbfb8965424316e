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
    memory: HashMap<String, Vec<(String, f32)>>,
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
}
