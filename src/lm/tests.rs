//! Behavioural tests of the whole model: agreement with a direct
//! Kneser-Ney computation, normalisation after pruning, exact state
//! merging, serialisation round trips and corruption.

use std::collections::{HashMap, HashSet};

use super::format::{CHECKSUM_AT, LmError, header_len};
use super::kneser_ney::{count_of_counts, discount_for, discounts};
use super::*;

/// Deterministic pseudo-corpus with Zipf-like words and some structure, so
/// that pruning removes a real share of n-grams.
fn synthetic(vocab: u32, sentences: usize, seed: u64) -> Vec<Vec<u32>> {
    let mut s = seed;
    let mut next = move || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 33) as u32
    };
    (0..sentences)
        .map(|_| {
            let len = 2 + next() % 12;
            let mut prev = FIRST_WORD;
            (0..len)
                .map(|_| {
                    let r = next();
                    let span = vocab - FIRST_WORD;
                    // Half the time a word tied to the previous one.
                    let w = if r % 2 == 0 {
                        FIRST_WORD + (prev * 7 + r % 3) % span
                    } else {
                        let z = (r >> 1) % 1000 + 1;
                        FIRST_WORD + (span * 7 / (z + 6)).min(span - 1)
                    };
                    prev = w;
                    w
                })
                .collect()
        })
        .collect()
}

fn train(vocab: u32, order: usize, corpus: &[Vec<u32>], prune: &Prune) -> LanguageModel {
    let mut b = LmBuilder::new(vocab, order);
    for (i, s) in corpus.iter().enumerate() {
        b.add_sentence(s, 1 + (i % 3 == 0) as u32);
    }
    b.build(prune)
}

/// Interpolated modified Kneser-Ney written out from its definition, over
/// explicit n-gram counts: the model must agree with it wherever nothing
/// was pruned.
struct Reference {
    order: usize,
    vocab: u32,
    /// Adjusted count of every n-gram.
    adj: HashMap<Vec<u32>, u32>,
    discounts: Vec<[f64; 3]>,
}

impl Reference {
    fn new(vocab: u32, order: usize, corpus: &[(Vec<u32>, u32)]) -> Reference {
        let mut raw: HashMap<Vec<u32>, u32> = HashMap::new();
        for (s, weight) in corpus {
            let seq: Vec<u32> = std::iter::once(BOS)
                .chain(s.iter().copied())
                .chain(std::iter::once(EOS))
                .collect();
            for i in 1..seq.len() {
                for n in 1..=order.min(i + 1) {
                    *raw.entry(seq[i + 1 - n..=i].to_vec()).or_default() += weight;
                }
            }
        }
        let mut left: HashMap<Vec<u32>, HashSet<u32>> = HashMap::new();
        for g in raw.keys().filter(|g| g.len() >= 2) {
            left.entry(g[1..].to_vec()).or_default().insert(g[0]);
        }
        let adj: HashMap<Vec<u32>, u32> = raw
            .iter()
            .map(|(g, &c)| {
                let a = if g.len() == order || g[0] == BOS {
                    c
                } else {
                    left.get(g).map_or(0, |l| l.len() as u32)
                };
                (g.clone(), a)
            })
            .collect();
        let discounts = (1..=order)
            .map(|n| {
                let mut counts: Vec<u32> = adj
                    .iter()
                    .filter(|(g, _)| g.len() == n)
                    .map(|(_, &a)| a)
                    .collect();
                if n == 1 {
                    // Unigrams that never continue anything count as 0.
                    counts.retain(|&a| a > 0);
                }
                discounts(count_of_counts(counts.into_iter()))
            })
            .collect();
        Reference {
            order,
            vocab,
            adj,
            discounts,
        }
    }

    /// p(w | h), `h` the whole history (it is cut to `order - 1` words).
    fn prob(&self, h: &[u32], w: u32) -> f64 {
        let h = &h[h.len().saturating_sub(self.order - 1)..];
        let n = h.len() + 1;
        let d = &self.discounts[n - 1];
        let lower = if h.is_empty() {
            1.0 / f64::from(self.vocab)
        } else {
            self.prob(&h[1..], w)
        };
        let (mut total, mut mass) = (0.0, 0.0);
        for x in 0..self.vocab {
            let mut g = h.to_vec();
            g.push(x);
            let a = self.adj.get(&g).copied().unwrap_or(0);
            total += f64::from(a);
            mass += discount_for(d, a);
        }
        if total == 0.0 {
            return lower;
        }
        let mut g = h.to_vec();
        g.push(w);
        let a = self.adj.get(&g).copied().unwrap_or(0);
        ((f64::from(a) - discount_for(d, a)).max(0.0) + mass * lower) / total
    }
}

#[test]
fn unpruned_model_is_interpolated_kneser_ney() {
    let vocab = 9;
    let corpus: Vec<(Vec<u32>, u32)> = synthetic(vocab, 60, 3)
        .into_iter()
        .enumerate()
        .map(|(i, s)| (s, 1 + (i % 3 == 0) as u32))
        .collect();
    for order in 2..=MAX_ORDER {
        let reference = Reference::new(vocab, order, &corpus);
        let mut b = LmBuilder::new(vocab, order);
        for (s, w) in &corpus {
            b.add_sentence(s, *w);
        }
        let m = b.build(&Prune::NONE);
        for (d, want) in m.discounts().iter().zip(&reference.discounts) {
            for (x, y) in d.iter().zip(want) {
                assert!((f64::from(*x) - y).abs() < 1e-6);
            }
        }
        let histories: Vec<Vec<u32>> = corpus
            .iter()
            .take(8)
            .flat_map(|(s, _)| (0..=s.len()).map(|k| s[..k].to_vec()))
            .chain([vec![UNK, 5, 5, 5], vec![8, 7, 6, 5, 4]])
            .collect();
        for h in &histories {
            let padded: Vec<u32> = std::iter::once(BOS).chain(h.iter().copied()).collect();
            for w in 1..vocab {
                let want = reference.prob(&padded, w).ln();
                let got = f64::from(m.log_prob(h, w));
                assert!(
                    (got - want).abs() < 2e-3,
                    "order {order}, p({w} | {h:?}): {got} vs {want}"
                );
            }
        }
    }
}

/// A bigram model small enough to work out by hand.
#[test]
fn hand_computed_bigram() {
    // Sentences `a b` ×2 and `a c`: bigrams (s,a)=3 (a,b)=2 (a,c)=1
    // (b,/s)=2 (c,/s)=1, raw counts because bigrams are the top order.
    const A: u32 = 3;
    const B: u32 = 4;
    const C: u32 = 5;
    let mut b = LmBuilder::new(6, 2);
    b.add_sentence(&[A, B], 2);
    b.add_sentence(&[A, C], 1);
    let m = b.build(&Prune::NONE);
    // Count-of-counts n1=2 n2=2 n3=1: Y=1/3, D1=1/3, D2=3/2, D3+ falls back.
    let d = m.discounts()[1];
    assert!((d[0] - 1.0 / 3.0).abs() < 1e-6 && (d[1] - 1.5).abs() < 1e-6);
    // Unigram continuation counts a=1 b=1 c=1 </s>=2, Y=3/5: D1=0.6,
    // D2 falls back to 1.0; mass 3·0.6 + 1.0 = 2.8 over 5.
    let p1 = |a: f64, dd: f64| ((a - dd).max(0.0) + 2.8 / 6.0) / 5.0;
    // p(b | a): counts b=2 c=1, total 3, mass D2 + D1 = 11/6.
    let p = (2.0 - 1.5 + 11.0 / 6.0 * p1(1.0, 0.6)) / 3.0;
    assert!((f64::from(m.log_prob(&[A], B)) - p.ln()).abs() < 1e-5);
    // An unseen context backs off to the unigram.
    assert!((f64::from(m.log_prob(&[EOS], A)) - p1(1.0, 0.6).ln()).abs() < 1e-5);
}

/// States after every prefix of a few sentences, and some odd ones.
fn states(m: &LanguageModel, corpus: &[Vec<u32>]) -> Vec<State> {
    let mut out = vec![m.begin()];
    for s in corpus.iter().take(30) {
        let mut st = m.begin();
        for &w in s {
            st = m.advance(&st, w);
            out.push(st);
        }
    }
    out.push(m.advance(&m.begin(), UNK));
    out.push(m.advance(&m.advance(&m.begin(), EOS), EOS));
    out
}

fn worst_normalisation(m: &LanguageModel, states: &[State]) -> f64 {
    states
        .iter()
        .map(|s| {
            let sum: f64 = (0..m.vocab_size())
                .map(|w| f64::from(m.score(s, w)).exp())
                .sum();
            (sum - 1.0).abs()
        })
        .fold(0.0, f64::max)
}

#[test]
fn distributions_sum_to_one_after_pruning() {
    let corpus = synthetic(60, 3000, 7);
    for order in [2, 3, 4, 5] {
        for prune in [
            Prune::NONE,
            Prune::default(),
            Prune {
                min_count: [3, 5, 2, 2],
                entropy: 0.0,
            },
            Prune {
                min_count: [1; 4],
                entropy: 1e-5,
            },
        ] {
            let m = train(60, order, &corpus, &prune);
            // Exact (1e-8) after unigram histories; longer ones pay for the
            // backoff weights' 8-bit codebooks, about 0.5% per order.
            let worst = worst_normalisation(&m, &states(&m, &corpus));
            assert!(
                worst < 2e-2,
                "order {order}, {prune:?}: a distribution is {worst} off"
            );
        }
    }
}

#[test]
fn pruning_shrinks_and_costs_little_perplexity() {
    let corpus = synthetic(60, 3000, 11);
    let held_out = synthetic(60, 200, 12);
    let full = train(60, 4, &corpus, &Prune::NONE);
    let total = |m: &LanguageModel| m.ngrams().iter().sum::<usize>();
    let pf = full.perplexity(&held_out);
    assert!(pf.is_finite() && pf > 1.0);
    let mut last = total(&full);
    for entropy in [1e-6, 1e-5, 1e-4] {
        let pruned = train(
            60,
            4,
            &corpus,
            &Prune {
                min_count: [1; 4],
                entropy,
            },
        );
        assert!(total(&pruned) < last, "entropy {entropy}");
        last = total(&pruned);
        let pp = pruned.perplexity(&held_out);
        assert!(pp < pf * 1.5, "entropy {entropy}: {pp} vs full {pf}");
    }
    let counted = train(60, 4, &corpus, &Prune::default());
    assert!(total(&counted) < total(&full));
}

/// The fused query must be exactly the two it replaces, at every order
/// (the trie levels, the hashed ones, and a bigram model with neither),
/// for stored, backed-off and out-of-range words.
#[test]
fn score_advance_is_score_then_advance() {
    let corpus = synthetic(40, 1500, 23);
    for order in 2..=5 {
        let m = train(40, order, &corpus, &Prune::default());
        let all = states(&m, &corpus);
        let mut longest = 0;
        for s in all.iter().step_by(7) {
            for w in 0..45 {
                let (score, next) = m.score_advance(s, w);
                assert_eq!(score, m.score(s, w), "order {order}, word {w}");
                assert_eq!(format!("{next:?}"), format!("{:?}", m.advance(s, w)));
                longest = longest.max(next.len());
            }
        }
        assert_eq!(longest, order - 1, "order {order}: the longest states were never reached");
    }
}

#[test]
fn equal_states_score_alike() {
    let corpus = synthetic(40, 2000, 17);
    let m = train(40, 5, &corpus, &Prune::default());
    let all = states(&m, &corpus);
    let mut merged = 0;
    for a in &all {
        for b in &all {
            if a.same(b) {
                merged += 1;
                for w in 0..45 {
                    assert_eq!(m.score(a, w), m.score(b, w));
                }
            }
        }
    }
    assert!(merged > all.len(), "no two histories share a state");
    assert!(all.iter().any(|s| s.len() >= 3));
}

#[test]
fn unseen_and_out_of_range_words_get_finite_negative_log_probs() {
    let m = train(60, 4, &synthetic(50, 500, 3), &Prune::default());
    for (h, w) in [
        (vec![], UNK),
        (vec![BOS], 59),
        (vec![58, 59], 57),
        (vec![UNK, 10_000], 1 << 30),
        (vec![u32::MAX, u32::MAX, u32::MAX], u32::MAX),
    ] {
        let lp = m.log_prob(&h, w);
        assert!(lp.is_finite() && lp < 0.0, "{h:?} {w} -> {lp}");
    }
    // Out-of-vocabulary ids are scored as UNK.
    assert_eq!(m.log_prob(&[70], 80), m.log_prob(&[UNK], UNK));
}

fn assert_same_scores(a: &LanguageModel, b: &LanguageModel, corpus: &[Vec<u32>]) {
    for (sa, sb) in states(a, corpus).iter().zip(states(b, corpus).iter()) {
        for w in 0..a.vocab_size() + 2 {
            assert_eq!(a.score(sa, w), b.score(sb, w));
        }
    }
}

#[test]
fn round_trip_is_exact() {
    for order in [2, 3, 5] {
        let corpus = synthetic(60, 2000, 5);
        let m = train(60, order, &corpus, &Prune::default());
        let bytes = m.to_bytes();
        assert_eq!(bytes.len() % 8, 0);
        let back = LanguageModel::from_bytes(&bytes).expect("round trip");
        assert_eq!(back, m);
        assert_same_scores(&m, &back, &corpus);
        assert_eq!(back.to_bytes(), bytes);
    }
}

#[test]
fn filter_never_hides_a_stored_ngram() {
    let corpus = synthetic(40, 3000, 11);
    let m = train(40, 4, &corpus, &Prune::NONE);
    let open = LanguageModel {
        bi_filter: Default::default(),
        tri_filter: Default::default(),
        ..m.clone()
    };
    assert_same_scores(&m, &open, &corpus);
}

#[test]
fn truncated_data_is_an_error() {
    let bytes = train(40, 4, &synthetic(40, 200, 1), &Prune::NONE).to_bytes();
    for len in 0..bytes.len() {
        assert!(
            LanguageModel::from_bytes(&bytes[..len]).is_err(),
            "len {len}"
        );
    }
    let mut longer = bytes.clone();
    longer.extend_from_slice(&[0; 8]);
    assert_eq!(
        LanguageModel::from_bytes(&longer),
        Err(LmError::TrailingBytes(8))
    );
}

#[test]
fn bad_header_fields_are_reported() {
    let m = train(40, 4, &synthetic(40, 200, 1), &Prune::NONE);
    let bytes = m.to_bytes();
    assert_eq!(
        LanguageModel::from_bytes(b"not a model"),
        Err(LmError::BadMagic)
    );
    let mut v = bytes.clone();
    v[8] = 2;
    assert_eq!(
        LanguageModel::from_bytes(&v),
        Err(LmError::UnsupportedVersion { found: 2 })
    );
    let mut v = bytes.clone();
    v[header_len(1) + 3] ^= 0x40;
    assert_eq!(
        LanguageModel::from_bytes(&v),
        Err(LmError::ChecksumMismatch)
    );
}

/// Corrupts the body but fixes the checksum, so structural validation (or
/// the bounds-checked query path) is what must cope.
#[test]
fn corrupt_body_with_valid_checksum_never_panics() {
    let m = train(40, 5, &synthetic(40, 300, 2), &Prune::NONE);
    let corpus = synthetic(40, 20, 9);
    let bytes = m.to_bytes();
    let header = header_len(2);
    let mut rejected = 0;
    for pos in (header..bytes.len()).step_by(7) {
        let mut v = bytes.clone();
        v[pos] = v[pos].wrapping_add(0x81);
        let sum = checksum(&v[header..]);
        v[CHECKSUM_AT..CHECKSUM_AT + 8].copy_from_slice(&sum.to_le_bytes());
        match LanguageModel::from_bytes(&v) {
            Err(_) => rejected += 1,
            Ok(m2) => {
                for s in states(&m2, &corpus) {
                    for w in 0..45 {
                        let _ = m2.score(&s, w);
                    }
                }
            }
        }
    }
    assert!(rejected > 0);
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn random_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..4000)) {
            let mut v = b"BAOCAOLM".to_vec();
            v.extend_from_slice(&body);
            let _ = LanguageModel::from_bytes(&v);
            let _ = LanguageModel::from_bytes(&body);
        }

        #[test]
        fn mutated_model_never_panics(pos in 0usize..100_000, val in any::<u8>()) {
            let corpus = synthetic(30, 100, 4);
            let mut v = train(30, 5, &corpus, &Prune::NONE).to_bytes();
            let p = pos % v.len();
            v[p] = val;
            if let Ok(m) = LanguageModel::from_bytes(&v) {
                let _ = m.log_prob(&[3, 4, 5, 6], 7);
            }
        }
    }
}

#[test]
fn weight_is_repetition() {
    let corpus = synthetic(40, 300, 21);
    let mut once = LmBuilder::new(40, 4);
    let mut twice = LmBuilder::new(40, 4);
    for s in &corpus {
        once.add_sentence(s, 2);
        twice.add_sentence(s, 1);
        twice.add_sentence(s, 1);
    }
    assert_eq!(once.token_count(), twice.token_count());
    assert_eq!(once.build(&Prune::NONE), twice.build(&Prune::NONE));
}

#[test]
fn chen_goodman_discounts() {
    // n1=10 n2=5 n3=3 n4=2: Y = 10/20 = 0.5.
    let d = discounts([0, 10, 5, 3, 2]);
    let expect = [
        1.0 - 2.0 * 0.5 * 5.0 / 10.0,
        2.0 - 3.0 * 0.5 * 3.0 / 5.0,
        3.0 - 4.0 * 0.5 * 2.0 / 3.0,
    ];
    for k in 0..3 {
        assert!((d[k] - expect[k]).abs() < 1e-12, "{d:?}");
    }
}


#[test]
fn a_static_aligned_model_is_used_in_place_and_scores_the_same() {
    let corpus = synthetic(60, 2000, 5);
    let m = train(60, 5, &corpus, &Prune::default());
    let bytes = m.to_bytes();
    // Lines are 64-byte aligned, so their bytes are too.
    let mut lines = vec![super::trie::Line::default(); bytes.len().div_ceil(64)];
    bytemuck::cast_slice_mut::<_, u8>(&mut lines)[..bytes.len()].copy_from_slice(&bytes);
    let lines: &'static [super::trie::Line] = Vec::leak(lines);
    let aligned = &bytemuck::cast_slice::<_, u8>(lines)[..bytes.len()];
    let in_place = LanguageModel::from_static(aligned).expect("loads");
    assert!(matches!(in_place.bi_child, std::borrow::Cow::Borrowed(_)));
    assert!(matches!(in_place.high[0].buckets, std::borrow::Cow::Borrowed(_)));
    assert_eq!(in_place, m);
    assert_same_scores(&m, &in_place, &corpus);
    // One byte off the alignment, it is copied and still the same model.
    let mut shifted = vec![0u8; bytes.len() + 1];
    shifted[1..].copy_from_slice(&bytes);
    let shifted: &'static [u8] = &Vec::leak(shifted)[1..];
    let copied = LanguageModel::from_static(shifted).expect("loads");
    assert!(matches!(copied.bi_child, std::borrow::Cow::Owned(_)));
    assert_eq!(copied, m);
}
