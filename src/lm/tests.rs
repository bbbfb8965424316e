//! Behavioural tests of the whole model: hand-computed KN values,
//! normalisation after pruning, serialisation round trips and corruption.

use super::format::{CHECKSUM_AT, HEADER_LEN, checksum};
use super::*;

const A: u32 = 3;
const B: u32 = 4;
const C: u32 = 5;

fn tiny() -> LanguageModel {
    let mut b = LmBuilder::new(6);
    b.add_sentence(&[A, B], 2);
    b.add_sentence(&[A, C], 1);
    b.build(&Prune::NONE)
}

fn close(x: f32, y: f64, tol: f64) -> bool {
    (x as f64 - y).abs() <= tol
}

/// Counts for `<s> <s> a b </s>` ×2 and `<s> <s> a c </s>`, worked by hand:
/// trigram counts (s,s,a)=3 (s,a,b)=2 (a,b,/s)=2 (s,a,c)=1 (a,c,/s)=1.
#[test]
fn hand_computed_kneser_ney() {
    let m = tiny();
    let d = m.discounts();
    // Trigram count-of-counts n1=2 n2=2 n3=1 n4=0: Y=1/3, D1=1/3, D2=3/2,
    // D3+=3 is not < 3, so the fallback 1.5 applies.
    assert!(close(d[2][0], 1.0 / 3.0, 1e-6) && close(d[2][1], 1.5, 1e-6));
    assert!(close(d[2][2], 1.5, 1e-6));
    // Bigram adjusted counts (s,a)=3 (raw, <s> context) and 1 for the four
    // others: every closed form degenerates, fallbacks 0.5 / 1.0 / 1.5.
    assert_eq!(d[1], [0.5, 1.0, 1.5]);
    // Unigram continuation counts a=1 b=1 c=1 </s>=2: Y=3/5, D1=0.6,
    // D2 -> fallback 1.0.
    assert!(close(d[0][0], 0.6, 1e-6) && close(d[0][1], 1.0, 1e-6));

    // p1(w) = (max(a1-D,0) + 2.8/6) / 5 with mass 3·0.6 + 1·1.0 = 2.8.
    let uni = |a1: f64, dd: f64| ((a1 - dd).max(0.0) + 2.8 / 6.0) / 5.0;
    let p1_a = uni(1.0, 0.6); // 0.173333
    let p1_eos = uni(2.0, 1.0); // 0.293333
    let p1_unseen = uni(0.0, 0.0); // 0.093333
    assert!(close(m.log_prob(EOS, EOS, A), p1_a.ln(), 1e-5)); // no context
    assert!(close(m.log_prob(BOS, A, BOS).exp(), 0.0, 1.0)); // finite
    assert!(close(m.log_prob(UNK, UNK, UNK), p1_unseen.ln(), 1e-5));

    // p2(b|a): context a has adjusted counts b=1 c=1, total 2, mass 1.
    let p2_b_a = (0.5 + 1.0 * p1_a) / 2.0; // 0.336667
    assert!(close(m.log_prob(B, A, B), p2_b_a.ln(), 1e-5)); // unseen context
    // p3(b|<s> a): counts b=2 c=1, total 3, mass D2 + D1 = 11/6.
    let p3 = (2.0 - 1.5 + 11.0 / 6.0 * p2_b_a) / 3.0; // 0.372407
    assert!(close(m.log_prob(BOS, A, B), p3.ln(), 1e-5));
    // Unseen bigram (c, a): backoff(c) · p1(a), where backoff(c) equals the
    // interpolation weight 0.5 because nothing was pruned.
    let p2_eos_c = 0.5 + 0.5 * p1_eos;
    let bo_c = (1.0 - p2_eos_c) / (1.0 - p1_eos);
    assert!(close(bo_c as f32, 0.5, 1e-9));
    assert!(close(m.log_prob(BOS, C, A), (0.5 * p1_a).ln(), 1e-5));
}

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

fn train(vocab: u32, corpus: &[Vec<u32>], prune: &Prune) -> LanguageModel {
    let mut b = LmBuilder::new(vocab);
    for (i, s) in corpus.iter().enumerate() {
        b.add_sentence(s, 1 + (i % 3 == 0) as u32);
    }
    b.build(prune)
}

fn assert_normalised(m: &LanguageModel, contexts: &[(u32, u32)]) {
    for &(w2, w1) in contexts {
        let sum: f64 = (0..m.vocab_size())
            .map(|w| (m.log_prob(w2, w1, w) as f64).exp())
            .sum();
        assert!(
            (sum - 1.0).abs() < 1e-3,
            "context ({w2},{w1}) sums to {sum}"
        );
    }
}

fn contexts(corpus: &[Vec<u32>]) -> Vec<(u32, u32)> {
    let mut ctx = vec![(BOS, BOS), (UNK, UNK), (EOS, A), (A, A)];
    for s in corpus.iter().take(40) {
        ctx.push((BOS, s[0]));
        ctx.push((s[0], s[1]));
        ctx.push((s[1], s[0]));
    }
    ctx
}

#[test]
fn distributions_sum_to_one_after_pruning() {
    let corpus = synthetic(60, 3000, 7);
    let ctx = contexts(&corpus);
    for prune in [
        Prune::NONE,
        Prune {
            min_bigram_count: 2,
            min_trigram_count: 2,
        },
        Prune {
            min_bigram_count: 3,
            min_trigram_count: 5,
        },
        // Bigram threshold above the trigram one: context-only nodes.
        Prune {
            min_bigram_count: 50,
            min_trigram_count: 2,
        },
    ] {
        let m = train(60, &corpus, &prune);
        assert!(m.num_trigrams() > 0);
        assert_normalised(&m, &ctx);
        assert_normalised(&tiny(), &[(BOS, BOS), (BOS, A), (A, B), (C, C)]);
    }
}

#[test]
fn pruning_shrinks_and_costs_little_perplexity() {
    let corpus = synthetic(60, 3000, 11);
    let held_out = synthetic(60, 200, 12);
    let full = train(60, &corpus, &Prune::NONE);
    let pruned = train(60, &corpus, &Prune::default());
    assert!(pruned.num_trigrams() < full.num_trigrams());
    let (pf, pp) = (full.perplexity(&held_out), pruned.perplexity(&held_out));
    assert!(pf.is_finite() && pp.is_finite() && pf > 1.0);
    assert!(pp < pf * 1.5, "pruned {pp} vs full {pf}");
}

#[test]
fn unseen_words_get_finite_negative_log_probs() {
    let m = train(60, &synthetic(50, 500, 3), &Prune::default());
    for (w2, w1, w) in [
        (BOS, BOS, UNK),
        (BOS, BOS, 59),
        (58, 59, 57),
        (UNK, 10_000, 1 << 30),
        (u32::MAX, u32::MAX, u32::MAX),
    ] {
        let lp = m.log_prob(w2, w1, w);
        assert!(lp.is_finite() && lp < 0.0, "({w2},{w1},{w}) -> {lp}");
    }
    // Out-of-vocabulary ids are scored as UNK.
    assert_eq!(m.log_prob(BOS, 70, 80), m.log_prob(BOS, UNK, UNK));
}

fn assert_same_scores(a: &LanguageModel, b: &LanguageModel, ids: &[u32]) {
    for &w2 in ids {
        for &w1 in ids {
            for &w in ids {
                assert_eq!(a.log_prob(w2, w1, w), b.log_prob(w2, w1, w));
            }
        }
    }
}

#[test]
fn round_trip_is_exact() {
    let m = train(60, &synthetic(60, 2000, 5), &Prune::default());
    let bytes = m.to_bytes();
    assert_eq!(bytes.len() % 8, 0);
    let back = LanguageModel::from_bytes(&bytes).expect("round trip");
    assert_eq!(back, m);
    assert_same_scores(&m, &back, &(0..60).collect::<Vec<_>>());
    assert_eq!(back.to_bytes(), bytes);
}

#[test]
fn wide_vocabulary_uses_u32_ids() {
    let big = 100_000;
    let corpus: Vec<Vec<u32>> = synthetic(60, 500, 9)
        .into_iter()
        .map(|s| s.into_iter().map(|w| w * 1500 % big).collect())
        .collect();
    let m = train(big, &corpus, &Prune::NONE);
    let back = LanguageModel::from_bytes(&m.to_bytes()).expect("round trip");
    let ids: Vec<u32> = corpus[..3]
        .iter()
        .flatten()
        .copied()
        .chain([BOS, EOS, UNK])
        .collect();
    assert_same_scores(&m, &back, &ids);
    assert_normalised(&m, &[(BOS, BOS), (corpus[0][0], corpus[0][1])]);
}

#[test]
fn truncated_data_is_an_error() {
    let bytes = train(40, &synthetic(40, 200, 1), &Prune::NONE).to_bytes();
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
    let bytes = tiny().to_bytes();
    assert_eq!(
        LanguageModel::from_bytes(b"not a model"),
        Err(LmError::BadMagic)
    );
    let mut v = bytes.clone();
    v[8] = 99;
    assert_eq!(
        LanguageModel::from_bytes(&v),
        Err(LmError::UnsupportedVersion { found: 99 })
    );
    let mut v = bytes.clone();
    v[HEADER_LEN + 3] ^= 0x40;
    assert_eq!(
        LanguageModel::from_bytes(&v),
        Err(LmError::ChecksumMismatch)
    );
}

/// Corrupts the body but fixes the checksum, so structural validation is
/// what must catch it.
#[test]
fn corrupt_body_with_valid_checksum_is_an_error() {
    let m = train(40, &synthetic(40, 300, 2), &Prune::NONE);
    let bytes = m.to_bytes();
    let mut failures = 0;
    for pos in (HEADER_LEN..bytes.len()).step_by(7) {
        let mut v = bytes.clone();
        v[pos] = v[pos].wrapping_add(0x81);
        let sum = checksum(&v[HEADER_LEN..]);
        v[CHECKSUM_AT..CHECKSUM_AT + 8].copy_from_slice(&sum.to_le_bytes());
        // Must not panic; corrupt indices must be rejected, and anything
        // accepted must still answer queries without panicking.
        match LanguageModel::from_bytes(&v) {
            Err(_) => failures += 1,
            Ok(m2) => {
                for w in 0..45 {
                    let _ = m2.log_prob(BOS, w % 41, w);
                }
            }
        }
    }
    assert!(failures > 0);
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
        fn mutated_model_never_panics(pos in 0usize..4096, val in any::<u8>()) {
            let mut v = tiny().to_bytes();
            let p = pos % v.len();
            v[p] = val;
            if let Ok(m) = LanguageModel::from_bytes(&v) {
                let _ = m.log_prob(BOS, A, B);
            }
        }
    }
}

#[test]
fn context_api_matches_log_prob() {
    let m = train(60, &synthetic(60, 2000, 13), &Prune::default());
    let ids: Vec<u32> = (0..62).collect();
    for &w2 in &ids {
        for &w1 in &ids {
            let ctx = m.context(w2, w1);
            for &w in &ids {
                assert_eq!(m.log_prob_in(&ctx, w), m.log_prob(w2, w1, w));
            }
        }
    }
}

#[test]
fn weight_is_repetition() {
    let corpus = synthetic(40, 300, 21);
    let mut once = LmBuilder::new(40);
    let mut twice = LmBuilder::new(40);
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
    let d = super::kneser_ney::discounts([0, 10, 5, 3, 2]);
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
fn branchless_search_agrees_with_binary_search() {
    // Sorted id runs of many shapes: dense, sparse, skewed to low ids, with
    // the searched id present, absent, below and above the run.
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as u32
    };
    for len in [0usize, 1, 2, 63, 64, 65, 200, 3000, 8000] {
        for skew in [1u32, 3] {
            let mut ids: Vec<u16> = (0..len)
                .map(|_| {
                    let x = (next() % 9000) as u64;
                    (x.pow(skew) / 9000u64.pow(skew - 1)) as u16
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            for w in (0..9100u16).step_by(7) {
                assert_eq!(
                    super::model::search(&ids, w),
                    ids.binary_search(&w).ok(),
                    "len {len} skew {skew} w {w}"
                );
            }
        }
    }
}

#[test]
fn filter_never_hides_a_stored_ngram() {
    // Scores with the filter equal scores with a pass-all (empty) filter,
    // over every history and word of a vocabulary small enough to cover.
    // Harsh pruning leaves context-only bigrams (no probability of their
    // own), which the filter leaves out.
    let harsh = Prune {
        min_bigram_count: 40,
        min_trigram_count: 2,
    };
    for prune in [Prune::NONE, harsh] {
        let m = train(40, &synthetic(40, 3000, 11), &prune);
        assert!(m.num_trigrams() > 500);
        assert!(
            m.bi_prob.contains(&quantize::ABSENT),
            "no context-only bigram"
        );
        let open = LanguageModel {
            filter: Default::default(),
            ..m.clone()
        };
        assert_same_scores(&m, &open, &(0..40).collect::<Vec<_>>());
    }
}

#[test]
fn version_1_files_load_and_build_their_filter() {
    // Version 1: no filter section, the filter size field zero.
    let m = train(50, &synthetic(50, 1000, 3), &Prune::default());
    let words = m.filter.words.len();
    let mut v1 = m.to_bytes();
    v1.truncate(v1.len() - words * 8);
    v1[8..12].copy_from_slice(&1u32.to_le_bytes());
    v1[36..40].copy_from_slice(&0u32.to_le_bytes());
    let sum = checksum(&v1[HEADER_LEN..]);
    v1[CHECKSUM_AT..CHECKSUM_AT + 8].copy_from_slice(&sum.to_le_bytes());
    assert_eq!(LanguageModel::from_bytes(&v1), Ok(m));
}
