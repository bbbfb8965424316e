//! Candidate syllables for one OCR token, without scanning the dictionary:
//! a best-first search over a trie of the syllables, consuming the OCR
//! string with the channel's emissions, so only syllables the channel can
//! plausibly turn into the token are ever touched.

use super::channel::FastMap;
use super::channel::{Channel, MAX_EMIT, UNSEEN_COST};
use super::vocab::Vocab;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One candidate: vocabulary id and channel cost (−ln P(ocr | syllable)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub id: u32,
    pub cost: f32,
}

#[derive(Debug, Clone, Default)]
struct Node {
    /// (letter index into `letters`, child node).
    children: Vec<(u8, u32)>,
    word: Option<u32>,
}

/// Trie of the syllable inventory, with the channel's emission costs laid
/// out per OCR string so a search fills its table by copying rows.
#[derive(Debug, Clone)]
pub struct SyllableTrie {
    nodes: Vec<Node>,
    /// The distinct letters of the inventory; children refer to them by index.
    letters: Vec<char>,
    /// OCR string (0–3 chars, packed) → cost of each letter emitting it;
    /// strings no letter was seen emitting are absent (all unseen-cost).
    rows: FastMap<u128, Box<[f32]>>,
}

/// Packs an OCR string of up to three chars (the clean side left empty).
fn ocr_key(ocr: &[char]) -> u128 {
    super::channel::emit_key('\0', ocr)
}

/// Limits that keep the search linear in the token whatever the input.
#[derive(Debug, Clone, Copy)]
pub struct SearchLimits {
    /// Stop collecting after this many candidates.
    pub max_candidates: usize,
    /// Ignore candidates costing more than the best plus this.
    pub beam: f32,
    /// Absolute cost ceiling.
    pub max_cost: f32,
    /// Hard cap on search states popped.
    pub max_pops: usize,
    /// Tokens longer than this (in chars) get no candidates.
    pub max_token_chars: usize,
}

impl Default for SearchLimits {
    fn default() -> Self {
        SearchLimits {
            max_candidates: 32,
            beam: 8.0,
            max_cost: 16.0,
            max_pops: 4000,
            max_token_chars: 10,
        }
    }
}

#[derive(PartialEq)]
struct State {
    /// Cost so far plus the admissible estimate of what is left.
    f: f32,
    cost: f32,
    node: u32,
    pos: u8,
}

impl Eq for State {}
impl Ord for State {
    fn cmp(&self, other: &Self) -> Ordering {
        other.f.partial_cmp(&self.f).unwrap_or(Ordering::Equal)
    }
}
impl PartialOrd for State {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl SyllableTrie {
    /// Builds the trie from every syllable entry of the vocabulary.
    pub fn new(vocab: &Vocab, channel: &Channel) -> Self {
        let mut nodes = vec![Node::default()];
        let mut letters: Vec<char> = Vec::new();
        for id in vocab.syllables() {
            let mut at = 0usize;
            for c in vocab.word(id).chars() {
                let li = match letters.iter().position(|&x| x == c) {
                    Some(i) => i,
                    None if letters.len() < 255 => {
                        letters.push(c);
                        letters.len() - 1
                    }
                    None => break,
                } as u8;
                let next = match nodes[at].children.iter().find(|(x, _)| *x == li) {
                    Some(&(_, n)) => n as usize,
                    None => {
                        nodes.push(Node::default());
                        let n = nodes.len() - 1;
                        nodes[at].children.push((li, n as u32));
                        n
                    }
                };
                at = next;
            }
            nodes[at].word = Some(id);
        }
        let mut rows: FastMap<u128, Box<[f32]>> = FastMap::default();
        for (clean, ocr, _) in channel.emissions() {
            let Some(li) = letters.iter().position(|&x| x == clean) else {
                continue;
            };
            let o: Vec<char> = ocr.chars().collect();
            let row = rows.entry(ocr_key(&o)).or_insert_with(|| {
                letters
                    .iter()
                    .map(|&c| channel.emit_cost(c, &o))
                    .collect::<Vec<_>>()
                    .into_boxed_slice()
            });
            row[li] = channel.emit_cost(clean, &o);
        }
        SyllableTrie {
            nodes,
            letters,
            rows,
        }
    }

    /// Syllables the channel could have turned into `ocr` (lower-case chars),
    /// cheapest first. A* over (trie node, OCR position): emission costs are
    /// tabulated once per token, and the estimate of the remaining cost is
    /// the cheapest way any letters could emit the rest of the token.
    pub fn search(&self, ocr: &[char], limits: &SearchLimits) -> Vec<Candidate> {
        let mut found: Vec<Candidate> = Vec::new();
        if ocr.is_empty() || ocr.len() > limits.max_token_chars {
            return found;
        }
        let m = ocr.len();
        let stride = (m + 1) * (MAX_EMIT + 1);
        let mut table = vec![f32::INFINITY; self.letters.len() * stride];
        for j in 0..=m {
            for k in 0..=MAX_EMIT.min(m - j) {
                let row = self.rows.get(&ocr_key(&ocr[j..j + k]));
                for li in 0..self.letters.len() {
                    table[li * stride + j * (MAX_EMIT + 1) + k] =
                        row.map_or(UNSEEN_COST[k], |r| r[li]);
                }
            }
        }
        // h[j]: cheapest cost of emitting ocr[j..] (admissible: ignores deletions).
        let mut h = vec![0.0f32; m + 1];
        for j in (0..m).rev() {
            let mut best = f32::INFINITY;
            for k in 1..=MAX_EMIT.min(m - j) {
                let min_c = (0..self.letters.len())
                    .map(|li| table[li * stride + j * (MAX_EMIT + 1) + k])
                    .fold(f32::INFINITY, f32::min);
                best = best.min(min_c + h[j + k]);
            }
            h[j] = best;
        }
        let mut best: FastMap<(u32, u8), f32> =
            FastMap::with_capacity_and_hasher(1024, Default::default());
        let mut heap = BinaryHeap::with_capacity(1024);
        heap.push(State {
            f: h[0],
            cost: 0.0,
            node: 0,
            pos: 0,
        });
        let mut pops = 0;
        while let Some(State { f, cost, node, pos }) = heap.pop() {
            pops += 1;
            if pops > limits.max_pops || f > limits.max_cost {
                break;
            }
            if let Some(first) = found.first()
                && (f > first.cost + limits.beam || found.len() >= limits.max_candidates)
            {
                break;
            }
            if best.get(&(node, pos)).is_some_and(|&b| b < cost) {
                continue;
            }
            let n = &self.nodes[node as usize];
            let pos_us = pos as usize;
            if pos_us == m
                && let Some(id) = n.word
                && !found.iter().any(|c| c.id == id)
            {
                found.push(Candidate { id, cost });
            }
            for &(li, child) in &n.children {
                let row = li as usize * stride + pos_us * (MAX_EMIT + 1);
                for k in 0..=MAX_EMIT.min(m - pos_us) {
                    let next = cost + table[row + k];
                    let fe = next + h[pos_us + k];
                    if fe > limits.max_cost {
                        continue;
                    }
                    let key = (child, pos + k as u8);
                    if best.get(&key).is_none_or(|&b| next < b) {
                        best.insert(key, next);
                        heap.push(State {
                            f: fe,
                            cost: next,
                            node: child,
                            pos: pos + k as u8,
                        });
                    }
                }
            }
        }
        found
    }
}

/// Mixes the transducer with the whole-token memory: P = λ·P_mem + (1−λ)·P_char.
pub fn generate(
    trie: &SyllableTrie,
    channel: &Channel,
    vocab: &Vocab,
    ocr_lower: &str,
    limits: &SearchLimits,
) -> Vec<Candidate> {
    const MEMORY_WEIGHT: f32 = 0.5;
    let chars: Vec<char> = ocr_lower.chars().collect();
    let mut cands = trie.search(&chars, limits);
    for (clean, p_mem) in channel.memory(ocr_lower) {
        let Some(id) = vocab.get(clean) else { continue };
        let pos = cands.iter().position(|c| c.id == id);
        let char_cost = match pos {
            Some(i) => cands[i].cost,
            None => channel.transducer_cost(&clean.chars().collect::<Vec<_>>(), &chars),
        };
        let p = MEMORY_WEIGHT * p_mem + (1.0 - MEMORY_WEIGHT) * (-char_cost).exp();
        let cost = -p.max(1e-30).ln();
        match pos {
            Some(i) => cands[i].cost = cost.min(cands[i].cost),
            None => cands.push(Candidate { id, cost }),
        }
    }
    cands.sort_by(|a, b| a.cost.partial_cmp(&b.cost).unwrap_or(Ordering::Equal));
    cands
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::vocab::EntryKind;

    fn toy() -> (Vocab, Channel) {
        let mut v = Vocab::default();
        for w in ["số", "sổ", "so", "có", "của", "cửa", "ban", "bàn", "bán"] {
            v.push(w, EntryKind::Syllable, 1);
        }
        let mut ch = Channel::default();
        for (c, o, p) in [
            ('s', "s", 0.9),
            ('c', "c", 0.9),
            ('b', "b", 0.9),
            ('n', "n", 0.9),
            ('a', "a", 0.9),
            ('à', "a", 0.5),
            ('á', "a", 0.5),
            ('ố', "6", 0.4),
            ('ổ', "6", 0.1),
            ('o', "o", 0.9),
            ('ó', "6", 0.3),
            ('ủ', "ii", 0.3),
            ('ử', "ii", 0.05),
        ] {
            ch.set_emission(c, &o.chars().collect::<Vec<_>>(), p);
        }
        (v, ch)
    }

    #[test]
    fn finds_confusable_syllables_cheapest_first() {
        let (v, ch) = toy();
        let trie = SyllableTrie::new(&v, &ch);
        let lim = SearchLimits::default();
        let c = generate(&trie, &ch, &v, "s6", &lim);
        assert_eq!(v.word(c[0].id), "số");
        assert!(c.iter().any(|x| v.word(x.id) == "sổ"));
        let c = generate(&trie, &ch, &v, "ciia", &lim);
        assert_eq!(v.word(c[0].id), "của");
        let c = generate(&trie, &ch, &v, "ban", &lim);
        assert_eq!(v.word(c[0].id), "ban");
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn hostile_tokens_are_bounded() {
        let (v, ch) = toy();
        let trie = SyllableTrie::new(&v, &ch);
        let long: String = "a".repeat(10_000);
        assert!(generate(&trie, &ch, &v, &long, &SearchLimits::default()).is_empty());
    }
}
