//! Learns the OCR channel from line-aligned clean/OCR text by EM over all
//! ways each clean letter could have produced 0–3 OCR characters.

use super::align::{align_words, core_word};
use crate::repair::channel::{Channel, FastMap, MAX_EMIT, emit_key, expected_counts, unpack};
use crate::syllable::{ToneStyle, canonical};
use crate::text::fold_char;
use std::collections::HashMap;

/// A (clean syllable, OCR token) training pair, both lower-case.
pub type Pair = (Vec<char>, Vec<char>);

/// Extracts aligned word pairs whose clean side is a Vietnamese syllable.
pub fn training_pairs(clean: &str, ocr: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (cl, ol) in clean.lines().zip(ocr.lines()) {
        let cw: Vec<&str> = cl.split_whitespace().map(core_word).collect();
        let ow: Vec<&str> = ol.split_whitespace().map(core_word).collect();
        for (i, j) in align_words(&cw, &ow) {
            let Some(c) = canonical(cw[i], ToneStyle::Old) else {
                continue;
            };
            let o = ow[j].to_lowercase();
            if o.is_empty() || o.chars().count() > 12 {
                continue;
            }
            out.push((c, o));
        }
    }
    out
}

fn prior(clean: char, ocr: &[char]) -> f64 {
    match ocr {
        [o] if *o == clean => 1.0,
        [o] if *o == fold_char(clean) => 0.6,
        [] => 0.01,
        [_] => 0.02,
        [_, _] => 0.005,
        _ => 0.001,
    }
}

/// Trains the character transducer by EM and the whole-token memory.
pub fn train(pairs: &[(String, String)], iterations: usize) -> Channel {
    let data: Vec<Pair> = pairs
        .iter()
        .map(|(c, o)| (c.chars().collect(), o.chars().collect()))
        .collect();
    // Initialise every emission that occurs in some pair with its prior.
    let mut prob: FastMap<u128, f64> = FastMap::default();
    let mut by_clean: HashMap<char, Vec<u128>> = HashMap::new();
    for (c, o) in &data {
        for &ch in c {
            for j in 0..=o.len() {
                for k in 0..=MAX_EMIT.min(o.len() - j) {
                    let key = emit_key(ch, &o[j..j + k]);
                    if let std::collections::hash_map::Entry::Vacant(e) = prob.entry(key) {
                        e.insert(prior(ch, &o[j..j + k]));
                        by_clean.entry(ch).or_default().push(key);
                    }
                }
            }
        }
    }
    normalise(&mut prob, &by_clean);
    for _ in 0..iterations {
        let mut counts: FastMap<u128, f64> = FastMap::default();
        for (c, o) in &data {
            expected_counts(
                (c, o),
                1.0,
                |k| prob.get(&k).copied().unwrap_or(0.0),
                &mut counts,
            );
        }
        for (key, p) in prob.iter_mut() {
            // Add-λ smoothing toward the prior keeps rare emissions alive.
            *p = counts.get(key).copied().unwrap_or(0.0) + 0.01 * prior_of_key(*key);
        }
        normalise(&mut prob, &by_clean);
    }
    let mut ch = Channel::default();
    for (key, p) in &prob {
        if *p > 1e-6 {
            let (c, o): (char, Vec<char>) = unpack(*key);
            ch.set_emission(c, &o, *p);
        }
    }
    add_memory(&mut ch, pairs);
    ch
}

fn prior_of_key(key: u128) -> f64 {
    let (c, o): (char, Vec<char>) = unpack(key);
    prior(c, &o)
}

fn normalise(prob: &mut FastMap<u128, f64>, by_clean: &HashMap<char, Vec<u128>>) {
    for keys in by_clean.values() {
        let total: f64 = keys
            .iter()
            .map(|k| prob.get(k).copied().unwrap_or(0.0))
            .sum();
        if total > 0.0 {
            for k in keys {
                if let Some(p) = prob.get_mut(k) {
                    *p /= total;
                }
            }
        }
    }
}

/// Whole-token memory: P(ocr | clean) for pairs seen at least twice.
fn add_memory(ch: &mut Channel, pairs: &[(String, String)]) {
    let mut clean_total: HashMap<&str, u32> = HashMap::new();
    let mut pair_count: HashMap<(&str, &str), u32> = HashMap::new();
    for (c, o) in pairs {
        *clean_total.entry(c).or_default() += 1;
        *pair_count.entry((c, o)).or_default() += 1;
    }
    let mut entries: Vec<_> = pair_count.into_iter().filter(|(_, n)| *n >= 2).collect();
    entries.sort();
    for ((c, o), n) in entries {
        let total = clean_total.get(c).copied().unwrap_or(n).max(n) as f32;
        ch.add_memory(o, c, n as f32 / total);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn em_learns_a_systematic_confusion() {
        let mut pairs = Vec::new();
        for _ in 0..20 {
            pairs.push(("số".to_string(), "s6".to_string()));
            pairs.push(("có".to_string(), "c6".to_string()));
            pairs.push(("sao".to_string(), "sao".to_string()));
            pairs.push(("của".to_string(), "ciia".to_string()));
        }
        let ch = train(&pairs, 5);
        assert!(
            ch.emit_cost('ố', &['6']) < 0.5,
            "{}",
            ch.emit_cost('ố', &['6'])
        );
        assert!(ch.emit_cost('ủ', &['i', 'i']) < ch.emit_cost('ủ', &['x']));
        assert!(ch.transducer_cost(&['c', 'ủ', 'a'], &['c', 'i', 'i', 'a']) < 3.0);
        assert_eq!(ch.memory("s6")[0].0, "số");
    }
}
