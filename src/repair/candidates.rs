//! Candidate syllables for one OCR token, without scanning the dictionary:
//! a best-first search over a trie of syllable skeletons, consuming the OCR
//! string with the channel's emissions and ranking by posterior (channel
//! cost + prior), so only syllables that could make the lattice are ever
//! aligned exactly.

use super::channel::FastMap;
use super::channel::{Channel, MAX_EMIT, UNSEEN_COST};
use super::vocab::Vocab;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One candidate: vocabulary id and channel cost (−ln P(ocr | syllable)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub id: u32,
    pub cost: f32,
    /// Channel cost plus the syllable's prior cost: context-free ranking.
    pub posterior: f32,
}

#[derive(Debug, Clone, Default)]
struct Node {
    /// (letter class, child node, the child's `subtree_prior`): what a
    /// search needs to skip a child without touching it.
    children: Vec<(u8, u32, f32)>,
    /// Syllables with this skeleton: a range of `entries`.
    entries: std::ops::Range<u32>,
    /// Cheapest prior cost among them.
    entry_prior: f32,
    /// Cheapest prior cost of any syllable here or below: with the channel
    /// estimate, an admissible bound on the subtree's posterior.
    subtree_prior: f32,
}

/// One syllable of the inventory, spelt as indices into `letters`.
#[derive(Debug, Clone)]
struct Entry {
    id: u32,
    prior: f32,
    spelling: std::ops::Range<u32>,
}

/// The syllable inventory as a trie of skeletons (`người` under
/// `n-g-u-o-i`), with the channel's emission costs laid out per OCR string
/// so a search fills its tables by copying rows. Searching skeletons first
/// keeps the tone and vowel-mark variants, which OCR blurs together, from
/// multiplying the branches: only a skeleton that could be cheap enough has
/// its syllables scored exactly.
#[derive(Debug, Clone)]
pub struct SyllableTrie {
    nodes: Vec<Node>,
    entries: Vec<Entry>,
    /// Every entry's letters, concatenated.
    spellings: Vec<u8>,
    /// The distinct letters of the inventory.
    letters: Vec<char>,
    classes: usize,
    /// OCR string (0–3 chars, packed) → cost of each letter emitting it;
    /// strings no letter was seen emitting are absent (all unseen-cost).
    rows: FastMap<u128, Box<[f32]>>,
}

/// Packs an OCR string of up to three chars (the clean side left empty).
fn ocr_key(ocr: &[char]) -> u128 {
    super::channel::emit_key('\0', ocr)
}

/// Limits that keep the search linear in the token whatever the input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchLimits {
    /// Candidates kept at most, the most probable first.
    pub max_candidates: usize,
    /// Ignore candidates whose posterior cost (channel + prior) exceeds the
    /// best one's by more than this.
    pub beam: f32,
    /// Channel cost ceiling.
    pub max_cost: f32,
    /// Hard cap on trie nodes expanded.
    pub max_expansions: usize,
    /// Tokens longer than this (in chars) get no candidates.
    pub max_token_chars: usize,
}

impl Default for SearchLimits {
    fn default() -> Self {
        SearchLimits {
            max_candidates: 10,
            beam: 8.0,
            max_cost: 16.0,
            max_expansions: 4000,
            max_token_chars: 10,
        }
    }
}

/// What a frontier entry stands for.
#[derive(Clone, Copy)]
enum Step {
    /// A skeleton trie node to expand: where its column of channel costs
    /// starts in the arena, and its channel lower bound.
    Expand { node: u32, col: u32, lb: f32 },
    /// The next syllables of a skeleton (entries `from..to`, cheapest prior
    /// first) to be scored exactly, and the skeleton's channel cost.
    Score { from: u32, to: u32, skeleton: f32 },
    /// A scored syllable: entry index and exact channel cost.
    Found(u32, f32),
}

/// A search frontier entry: the posterior cost `f` (channel + prior, exact
/// for a scored syllable and a lower bound otherwise) and the index of its
/// step in a side list, packed into one integer that orders like
/// (`f`, step), so heap moves shift eight bytes and compare once.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Item(u64);

impl Item {
    fn new(f: f32, step: u32) -> Item {
        // Flip the bits so unsigned order is `f32::total_cmp` order.
        let bits = f.to_bits();
        let key = if bits >> 31 == 1 {
            !bits
        } else {
            bits | 1 << 31
        };
        Item(u64::from(key) << 32 | u64::from(step))
    }
    fn f(self) -> f32 {
        let key = (self.0 >> 32) as u32;
        f32::from_bits(if key >> 31 == 1 {
            key & !(1 << 31)
        } else {
            !key
        })
    }
    fn step(self) -> u32 {
        self.0 as u32
    }
}

/// Columns are fixed-width so the alignment step compiles to a handful of
/// vector operations; tokens longer than `LANES - 1` chars get no search.
const LANES: usize = 16;

/// Infinite cells before a column's first lane, so shifted reads need no
/// bounds (and no copy, which stalls store forwarding).
const PAD: usize = 4;
const _: () = assert!(PAD >= MAX_EMIT);

/// Channel costs of one prefix against every OCR prefix: lane `PAD + j`
/// holds the cost of emitting `ocr[..j]`.
type Column = [f32; PAD + LANES];

/// What one letter (or class) costs against a token: `[k][t]` is the cost
/// of emitting the `k` OCR chars that end at `t` (`ocr[t - k..t]`),
/// infinite where there are none.
type Emits = [[f32; LANES]; MAX_EMIT + 1];

const NEVER: Emits = [[f32::INFINITY; LANES]; MAX_EMIT + 1];

/// The cheapest completion of a column: the minimum over lanes of
/// `column + ahead`, in four-lane strides so the compiler vectorises it.
#[inline]
fn lower_bound(column: &Column, ahead: &[f32; LANES]) -> f32 {
    let mut best = [f32::INFINITY; 4];
    for c in 0..LANES / 4 {
        for i in 0..4 {
            let x = column[PAD + 4 * c + i] + ahead[4 * c + i];
            best[i] = if x < best[i] { x } else { best[i] };
        }
    }
    let a = if best[0] < best[1] { best[0] } else { best[1] };
    let b = if best[2] < best[3] { best[2] } else { best[3] };
    if a < b { a } else { b }
}

/// One step of the alignment: the costs of a prefix extended by a letter
/// against every OCR prefix, given the costs without it. Written as
/// whole-column adds and minimums, which the compiler vectorises.
#[inline]
fn extend(emits: &Emits, prev: &Column) -> Column {
    let mut next = [f32::INFINITY; PAD + LANES];
    let lanes = &mut next[PAD..];
    for (k, emit) in emits.iter().enumerate() {
        let from = &prev[PAD - k..PAD - k + LANES];
        for t in 0..LANES {
            let c = from[t] + emit[t];
            lanes[t] = if c < lanes[t] { c } else { lanes[t] };
        }
    }
    next
}

fn push(heap: &mut BinaryHeap<Reverse<Item>>, steps: &mut Vec<Step>, f: f32, step: Step) {
    heap.push(Reverse(Item::new(f, steps.len() as u32)));
    steps.push(step);
}

/// Buffers a search reuses from token to token.
#[derive(Default)]
pub struct SearchScratch {
    classes: Vec<Emits>,
    ahead: Vec<[f32; LANES]>,
    letters: Vec<Emits>,
    tabulated: Vec<bool>,
    arena: Vec<Column>,
    steps: Vec<Step>,
    heap: BinaryHeap<Reverse<Item>>,
}

impl SyllableTrie {
    /// Builds the trie from every syllable entry of the vocabulary; `prior`
    /// holds each vocabulary entry's prior cost (−ln frequency).
    pub fn new(vocab: &Vocab, channel: &Channel, prior: &[f32]) -> Self {
        let mut letters: Vec<char> = Vec::new();
        let mut classes: Vec<char> = Vec::new();
        let mut class_of: Vec<u8> = Vec::new();
        let mut by_skeleton: Vec<(Vec<u8>, Entry)> = Vec::new();
        let mut spellings: Vec<u8> = Vec::new();
        'words: for id in vocab.syllables() {
            let start = spellings.len();
            let mut skeleton = Vec::new();
            for c in vocab.word(id).chars() {
                let li = match letters.iter().position(|&x| x == c) {
                    Some(i) => i,
                    None if letters.len() < 255 => {
                        let class = crate::text::fold_char(c);
                        let ci = match classes.iter().position(|&x| x == class) {
                            Some(i) => i,
                            None => {
                                classes.push(class);
                                classes.len() - 1
                            }
                        };
                        letters.push(c);
                        class_of.push(ci as u8);
                        letters.len() - 1
                    }
                    None => {
                        spellings.truncate(start);
                        continue 'words;
                    }
                };
                spellings.push(li as u8);
                skeleton.push(class_of[li]);
            }
            let entry = Entry {
                id,
                prior: prior_of(prior, id),
                spelling: start as u32..spellings.len() as u32,
            };
            by_skeleton.push((skeleton, entry));
        }
        by_skeleton.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.prior.total_cmp(&b.1.prior)));
        let mut nodes = vec![Node::default()];
        let mut entries = Vec::with_capacity(by_skeleton.len());
        for (skeleton, entry) in by_skeleton {
            let mut at = 0usize;
            for &ci in &skeleton {
                at = match nodes[at].children.iter().find(|c| c.0 == ci) {
                    Some(&(_, n, _)) => n as usize,
                    None => {
                        nodes.push(Node::default());
                        let n = nodes.len() - 1;
                        nodes[at].children.push((ci, n as u32, f32::INFINITY));
                        n
                    }
                };
            }
            let i = entries.len() as u32;
            let node = &mut nodes[at];
            if node.entries.is_empty() {
                node.entries = i..i;
                node.entry_prior = entry.prior;
            }
            node.entries.end = i + 1;
            entries.push(entry);
        }
        // Children always come after their parent, so one backward pass
        // settles every subtree's cheapest prior.
        for n in (0..nodes.len()).rev() {
            let mut best = if nodes[n].entries.is_empty() {
                f32::INFINITY
            } else {
                nodes[n].entry_prior
            };
            for i in 0..nodes[n].children.len() {
                let child = nodes[n].children[i].1 as usize;
                let prior = nodes[child].subtree_prior;
                nodes[n].children[i].2 = prior;
                best = best.min(prior);
            }
            nodes[n].subtree_prior = best;
            // Most probable subtree first: a search stops scanning a node's
            // children at the first one whose prior alone is out of reach.
            nodes[n].children.sort_by(|a, b| a.2.total_cmp(&b.2));
        }
        // One row per OCR substring any letter was seen emitting: each
        // letter's cost, then each class's (its cheapest letter), then the
        // cheapest of all.
        let mut rows: FastMap<u128, Box<[f32]>> = FastMap::default();
        for (_, ocr, _) in channel.emissions() {
            let o: Vec<char> = ocr.chars().collect();
            rows.entry(ocr_key(&o)).or_insert_with(|| {
                let mut row: Vec<f32> = letters.iter().map(|&c| channel.emit_cost(c, &o)).collect();
                let mut by_class = vec![f32::INFINITY; classes.len()];
                for (li, &ci) in class_of.iter().enumerate() {
                    by_class[ci as usize] = by_class[ci as usize].min(row[li]);
                }
                let cheapest = row.iter().copied().fold(f32::INFINITY, f32::min);
                row.extend(by_class);
                row.push(cheapest);
                row.into_boxed_slice()
            });
        }
        SyllableTrie {
            nodes,
            entries,
            spellings,
            letters,
            classes: classes.len(),
            rows,
        }
    }

    /// The syllables most probably behind `ocr` (lower-case chars), by
    /// posterior (channel cost + prior), best first.
    ///
    /// A* over the skeleton trie: each expanded node carries the cheapest
    /// channel costs of its skeleton prefix (any marks) against every OCR
    /// prefix, and is bounded below by that plus the cheapest way to emit
    /// the rest of the token plus the cheapest prior beneath it. A skeleton
    /// reached cheaply enough has its syllables aligned exactly. The trie is
    /// a tree, so no state is reached twice.
    pub fn search(
        &self,
        ocr: &[char],
        limits: &SearchLimits,
        scratch: &mut SearchScratch,
    ) -> Vec<Candidate> {
        let mut found: Vec<Candidate> = Vec::new();
        let m = ocr.len();
        if m == 0 || m >= LANES || m > limits.max_token_chars || limits.max_candidates == 0 {
            return found;
        }
        let (nl, nc) = (self.letters.len(), self.classes);
        // The row of each OCR substring `ocr[j..j + k]` (None: never seen).
        let mut substrings = Vec::with_capacity((m + 1) * (MAX_EMIT + 1));
        for j in 0..=m {
            for k in 0..=MAX_EMIT.min(m - j) {
                substrings.push((j, k, self.rows.get(&ocr_key(&ocr[j..j + k]))));
            }
        }
        let SearchScratch {
            classes,
            ahead,
            letters,
            tabulated,
            arena,
            steps,
            heap,
        } = scratch;
        classes.clear();
        classes.resize(nc, NEVER);
        // Letters are tabulated when a syllable spelt with them is scored.
        letters.resize(nl, NEVER);
        tabulated.clear();
        tabulated.resize(nl, false);
        arena.clear();
        steps.clear();
        heap.clear();
        // cheapest[k][j]: the cheapest any letter emits `ocr[j..j + k]`.
        let mut cheapest = [[f32::INFINITY; LANES]; MAX_EMIT + 1];
        for &(j, k, row) in &substrings {
            match row {
                Some(row) => {
                    for (ci, &c) in row[nl..nl + nc].iter().enumerate() {
                        classes[ci][k][j + k] = c;
                    }
                    cheapest[k][j] = row[nl + nc];
                }
                None => {
                    for t in classes.iter_mut() {
                        t[k][j + k] = UNSEEN_COST[k];
                    }
                    cheapest[k][j] = UNSEEN_COST[k];
                }
            }
        }
        // h[j]: cheapest cost of emitting ocr[j..] (admissible: ignores
        // deletions); infinite past the end so padding never looks cheap.
        let mut h = [f32::INFINITY; LANES];
        h[m] = 0.0;
        for j in (0..m).rev() {
            for k in 1..=MAX_EMIT.min(m - j) {
                h[j] = h[j].min(cheapest[k][j] + h[j + k]);
            }
        }
        // ahead[c][s]: the cheapest completion after a letter of class `c`
        // that starts at `ocr[s]`, so a child's lower bound is one pass over
        // its parent's column and the child is aligned only if it survives.
        ahead.clear();
        ahead.extend(classes.iter().map(|emits| {
            let mut a = [f32::INFINITY; LANES];
            for (k, emit) in emits.iter().enumerate() {
                for s in 0..LANES - k {
                    let x = emit[s + k] + h[s + k];
                    a[s] = if x < a[s] { x } else { a[s] };
                }
            }
            a
        }));
        let mut start = [f32::INFINITY; PAD + LANES];
        start[PAD] = 0.0;
        arena.push(start);
        push(
            heap,
            steps,
            h[0] + self.nodes[0].subtree_prior,
            Step::Expand {
                node: 0,
                col: 0,
                lb: h[0],
            },
        );
        let mut expansions = 0;
        while let Some(Reverse(item)) = heap.pop() {
            let f = item.f();
            let Some(&step) = steps.get(item.step() as usize) else {
                break;
            };
            if let Some(first) = found.first()
                && f > first.posterior + limits.beam
            {
                break;
            }
            match step {
                Step::Found(e, cost) => {
                    found.push(Candidate {
                        id: self.entries[e as usize].id,
                        cost,
                        posterior: f,
                    });
                    if found.len() >= limits.max_candidates {
                        break;
                    }
                }
                Step::Score { from, to, skeleton } => {
                    let entry = &self.entries[from as usize];
                    let spelling =
                        &self.spellings[entry.spelling.start as usize..entry.spelling.end as usize];
                    for &li in spelling {
                        let li = li as usize;
                        if !tabulated[li] {
                            tabulated[li] = true;
                            letters[li] = NEVER;
                            for &(j, k, row) in &substrings {
                                letters[li][k][j + k] = row.map_or(UNSEEN_COST[k], |r| r[li]);
                            }
                        }
                    }
                    let cost = spelling
                        .iter()
                        .fold(start, |col, &li| extend(&letters[li as usize], &col))[PAD + m];
                    if cost <= limits.max_cost {
                        push(heap, steps, cost + entry.prior, Step::Found(from, cost));
                    }
                    if let Some(next) = self.entries.get(from as usize + 1)
                        && from + 1 < to
                    {
                        push(
                            heap,
                            steps,
                            skeleton + next.prior,
                            Step::Score {
                                from: from + 1,
                                to,
                                skeleton,
                            },
                        );
                    }
                }
                Step::Expand { node, col, lb } => {
                    expansions += 1;
                    if expansions > limits.max_expansions {
                        break;
                    }
                    let cutoff = found
                        .first()
                        .map_or(f32::INFINITY, |c| c.posterior + limits.beam);
                    let parent = arena[col as usize];
                    for &(ci, child, below) in &self.nodes[node as usize].children {
                        if lb + below > cutoff {
                            break;
                        }
                        let lb = lower_bound(&parent, &ahead[ci as usize]);
                        if lb > limits.max_cost || lb + below > cutoff {
                            continue;
                        }
                        let n = &self.nodes[child as usize];
                        let b = extend(&classes[ci as usize], &parent);
                        let end = b[PAD + m];
                        if !n.entries.is_empty() && end <= limits.max_cost {
                            push(
                                heap,
                                steps,
                                end + n.entry_prior,
                                Step::Score {
                                    from: n.entries.start,
                                    to: n.entries.end,
                                    skeleton: end,
                                },
                            );
                        }
                        if !n.children.is_empty() {
                            let at = arena.len() as u32;
                            arena.push(b);
                            push(
                                heap,
                                steps,
                                lb + below,
                                Step::Expand {
                                    node: child,
                                    col: at,
                                    lb,
                                },
                            );
                        }
                    }
                }
            }
        }
        found
    }
}

/// Prior cost (−ln frequency) of vocabulary entry `id`; an id the table
/// does not cover costs more than any real syllable.
pub fn prior_of(prior: &[f32], id: u32) -> f32 {
    prior.get(id as usize).copied().unwrap_or(30.0)
}

/// Mixes the transducer with the whole-token memory, P = λ·P_mem +
/// (1−λ)·P_char, and ranks by posterior (`prior`: −ln frequency per entry).
pub fn generate(
    trie: &SyllableTrie,
    channel: &Channel,
    vocab: &Vocab,
    prior: &[f32],
    ocr_lower: &str,
    limits: &SearchLimits,
    scratch: &mut SearchScratch,
) -> Vec<Candidate> {
    const MEMORY_WEIGHT: f32 = 0.5;
    let chars: Vec<char> = ocr_lower.chars().collect();
    let mut cands = trie.search(&chars, limits, scratch);
    for (clean, p_mem) in channel.memory(ocr_lower) {
        let Some(id) = vocab.get(clean) else { continue };
        let pos = cands.iter().position(|c| c.id == id);
        let char_cost = match pos {
            Some(i) => cands[i].cost,
            None => channel.transducer_cost(&clean.chars().collect::<Vec<_>>(), &chars),
        };
        let p = MEMORY_WEIGHT * p_mem + (1.0 - MEMORY_WEIGHT) * (-char_cost).exp();
        let cost = -p.max(1e-30).ln();
        let posterior = cost + prior_of(prior, id);
        match pos {
            Some(i) if cost < cands[i].cost => {
                cands[i].cost = cost;
                cands[i].posterior = posterior;
            }
            Some(_) => {}
            None => cands.push(Candidate {
                id,
                cost,
                posterior,
            }),
        }
    }
    rank(&mut cands, limits);
    cands
}

/// Orders candidates by posterior and keeps those within the limits' beam
/// and count.
pub fn rank(cands: &mut Vec<Candidate>, limits: &SearchLimits) {
    cands.sort_by(|a, b| a.posterior.total_cmp(&b.posterior));
    let cutoff = cands.first().map_or(0.0, |c| c.posterior) + limits.beam;
    cands.retain(|c| c.posterior <= cutoff);
    cands.truncate(limits.max_candidates);
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

    fn run(v: &Vocab, ch: &Channel, prior: &[f32], ocr: &str) -> Vec<Candidate> {
        let trie = SyllableTrie::new(v, ch, prior);
        let mut scratch = SearchScratch::default();
        generate(
            &trie,
            ch,
            v,
            prior,
            ocr,
            &SearchLimits::default(),
            &mut scratch,
        )
    }

    #[test]
    fn finds_confusable_syllables_cheapest_first() {
        let (v, ch) = toy();
        let flat = vec![5.0; v.len()];
        let c = run(&v, &ch, &flat, "s6");
        assert_eq!(v.word(c[0].id), "số");
        assert!(c.iter().any(|x| v.word(x.id) == "sổ"));
        let c = run(&v, &ch, &flat, "ciia");
        assert_eq!(v.word(c[0].id), "của");
        let c = run(&v, &ch, &flat, "ban");
        assert_eq!(v.word(c[0].id), "ban");
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn the_prior_can_outrank_the_channel() {
        let (v, ch) = toy();
        let mut prior = vec![5.0; v.len()];
        let so_hoi = v.get("sổ").unwrap_or(0) as usize;
        prior[so_hoi] = 1.0;
        let c = run(&v, &ch, &prior, "s6");
        assert_eq!(v.word(c[0].id), "sổ");
        assert!((c[0].posterior - (c[0].cost + 1.0)).abs() < 1e-5);
    }

    #[test]
    fn search_returns_exactly_the_best_by_posterior() {
        // Against brute force: every syllable aligned with the transducer.
        let (v, ch) = toy();
        let prior: Vec<f32> = (0..v.len()).map(|i| 2.0 + (i % 4) as f32).collect();
        let lim = SearchLimits::default();
        let trie = SyllableTrie::new(&v, &ch, &prior);
        let mut scratch = SearchScratch::default();
        for ocr in ["s6", "so", "ciia", "ban", "bn", "c6a", "xyz", "a"] {
            let chars: Vec<char> = ocr.chars().collect();
            let got = trie.search(&chars, &lim, &mut scratch);
            let mut all: Vec<f32> = v
                .syllables()
                .map(|id| {
                    let clean: Vec<char> = v.word(id).chars().collect();
                    (ch.transducer_cost(&clean, &chars), id)
                })
                .filter(|&(c, _)| c <= lim.max_cost)
                .map(|(c, id)| c + prior[id as usize])
                .collect();
            all.sort_by(f32::total_cmp);
            let best = all.first().copied().unwrap_or(0.0);
            all.retain(|&p| p <= best + lim.beam);
            all.truncate(lim.max_candidates);
            let posts: Vec<f32> = got.iter().map(|c| c.posterior).collect();
            assert_eq!(posts.len(), all.len(), "{ocr}: {posts:?} vs {all:?}");
            for (a, b) in posts.iter().zip(&all) {
                assert!((a - b).abs() < 1e-4, "{ocr}: {posts:?} vs {all:?}");
            }
        }
    }

    #[test]
    fn hostile_tokens_are_bounded() {
        let (v, ch) = toy();
        let long: String = "a".repeat(10_000);
        assert!(run(&v, &ch, &vec![5.0; v.len()], &long).is_empty());
    }
}
