//! Language-model benchmark on a real corpus (plain `std::time`).
//!
//! Env: `BAOCAO_CORPORA` (default `../shared/corpora`), `BAOCAO_LM_FILES`
//! (comma-separated file names in it, default `tlnb_legal_web.txt`),
//! `BAOCAO_LM_TOKENS`
//! (training tokens, default 5000000; `all` for the whole file minus the
//! held-out tail), `BAOCAO_LM_VOCAB` (default 10000 ids),
//! `BAOCAO_LM_PRUNE` (e.g. `1:1,2:2,2:3` = min_bigram:min_trigram pairs).
//! Held out: the last 1% of lines. Skips with a message if the corpus is absent.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

use baocao::lm::{BOS, FIRST_WORD, LanguageModel, LmBuilder, Prune, UNK};

fn sentences(line: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    line.split(['.', '?', '!', ';', ':'])
        .map(|s| {
            s.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn main() {
    let dir = env_or("BAOCAO_CORPORA", "../shared/corpora");
    let mut text = String::new();
    for name in env_or("BAOCAO_LM_FILES", "tlnb_legal_web.txt").split(',') {
        let path = format!("{dir}/{name}");
        let Ok(t) = std::fs::read_to_string(&path) else {
            println!("lm bench: {path} not found, skipping");
            return;
        };
        text.push_str(&t);
        text.push('\n');
    }
    let max_tokens: usize = match env_or("BAOCAO_LM_TOKENS", "5000000").as_str() {
        "all" => usize::MAX,
        n => n.parse().unwrap_or(5_000_000),
    };
    let vocab_cap: usize = env_or("BAOCAO_LM_VOCAB", "10000").parse().unwrap_or(10_000);
    let prunes: Vec<Prune> = env_or("BAOCAO_LM_PRUNE", "1:1,2:2,2:3")
        .split(',')
        .filter_map(|p| {
            let (b, t) = p.split_once(':')?;
            Some(Prune {
                min_bigram_count: b.parse().ok()?,
                min_trigram_count: t.parse().ok()?,
            })
        })
        .collect();

    let lines: Vec<&str> = text.lines().collect();
    let held_from = lines.len() - lines.len() / 100;
    let t = Instant::now();
    // Pass 1: word frequencies over the training lines (streaming, so the
    // benchmark's own memory stays small next to the builder's).
    let mut freq: HashMap<String, u64> = HashMap::new();
    let mut tokens = 0usize;
    let mut train_end = 0;
    for (i, line) in lines[..held_from].iter().enumerate() {
        if tokens >= max_tokens {
            break;
        }
        train_end = i + 1;
        for s in sentences(line) {
            tokens += s.len();
            for w in s {
                *freq.entry(w).or_default() += 1;
            }
        }
    }
    // Vocabulary: the most frequent words, everything else is <unk>.
    let mut by_freq: Vec<(String, u64)> = freq.into_iter().collect();
    by_freq.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    by_freq.truncate(vocab_cap);
    let ids: HashMap<String, u32> = by_freq
        .into_iter()
        .enumerate()
        .map(|(i, (w, _))| (w, FIRST_WORD + i as u32))
        .collect();
    let vocab = FIRST_WORD + ids.len() as u32;
    let to_ids = |ls: &[&str]| -> Vec<Vec<u32>> {
        ls.iter()
            .flat_map(|l| sentences(l))
            .map(|s| {
                s.iter()
                    .map(|w| ids.get(w).copied().unwrap_or(UNK))
                    .collect()
            })
            .collect()
    };
    let train_ids = to_ids(&lines[..train_end]);
    let held_ids = to_ids(&lines[held_from..]);
    let held_tokens: usize = held_ids.iter().map(|s| s.len() + 1).sum();
    let unk = held_ids.iter().flatten().filter(|&&w| w == UNK).count();
    println!(
        "corpus: {} train sentences, {tokens} train tokens, vocab {vocab}; held-out {} sentences, {held_tokens} tokens ({:.2}% unk); prep {:.1}s",
        train_ids.len(),
        held_ids.len(),
        100.0 * unk as f64 / held_tokens as f64,
        t.elapsed().as_secs_f64()
    );

    // Query mix resembling the decoder: true continuations plus candidate
    // substitutes (mostly unseen trigrams) drawn from frequent words.
    let mut queries: Vec<(u32, u32, u32)> = Vec::new();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    'outer: for s in &held_ids {
        let (mut w2, mut w1) = (BOS, BOS);
        for &w in s {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let cand = FIRST_WORD + (rng % 2000) as u32 % (vocab - FIRST_WORD);
            queries.push((w2, w1, w));
            queries.push((w2, w1, cand));
            w2 = w1;
            w1 = w;
            if queries.len() >= 2_000_000 {
                break 'outer;
            }
        }
    }

    for prune in &prunes {
        let t = Instant::now();
        let mut b = LmBuilder::new(vocab);
        for s in &train_ids {
            b.add_sentence(s, 1);
        }
        let distinct = b.distinct_trigrams();
        let t_count = t.elapsed().as_secs_f64();
        let m = b.build(prune);
        let t_train = t.elapsed().as_secs_f64();
        let bytes = m.to_bytes();

        let mut loads = Vec::new();
        let mut loaded = None;
        for _ in 0..15 {
            let t = Instant::now();
            let l = LanguageModel::from_bytes(black_box(&bytes));
            loads.push(t.elapsed().as_secs_f64() * 1e3);
            loaded = Some(l);
        }
        loads.sort_by(f64::total_cmp);
        let Some(Ok(loaded)) = loaded else {
            println!("reload failed");
            return;
        };

        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let t = Instant::now();
            let mut acc = 0.0f32;
            for &(a, b, c) in &queries {
                acc += loaded.log_prob(black_box(a), black_box(b), black_box(c));
            }
            black_box(acc);
            best = best.min(t.elapsed().as_secs_f64() * 1e9 / queries.len() as f64);
        }

        // Decoder-style: resolve each history once, score 8 candidates.
        let mut best_ctx = f64::INFINITY;
        for _ in 0..5 {
            let t = Instant::now();
            let mut acc = 0.0f32;
            for q in queries.chunks_exact(2) {
                let (a, b, c) = q[0];
                let ctx = loaded.context(black_box(a), black_box(b));
                acc += loaded.log_prob_in(&ctx, black_box(c));
                for k in 0..7u32 {
                    acc += loaded.log_prob_in(&ctx, black_box(q[1].2.wrapping_add(k * 13) % vocab));
                }
            }
            black_box(acc);
            best_ctx = best_ctx.min(t.elapsed().as_secs_f64() * 1e9 / (queries.len() * 4) as f64);
        }

        let ppl = loaded.perplexity(&held_ids);
        let mut worst: f64 = 0.0;
        for (w2, w1) in [
            (BOS, BOS),
            (BOS, FIRST_WORD),
            (FIRST_WORD, FIRST_WORD + 1),
            (FIRST_WORD + 5, FIRST_WORD),
        ] {
            let sum: f64 = (0..vocab)
                .map(|w| (loaded.log_prob(w2, w1, w) as f64).exp())
                .sum();
            worst = worst.max((sum - 1.0).abs());
        }
        println!(
            "prune bi>={} tri>={}: count {:.1}s, train total {:.1}s ({} distinct trigrams); kept {} bigrams, {} trigrams; {:.2} MB ({:.2} MB per M tokens); load median {:.2} ms; {:.1} ns/query ({:.1} ns/candidate with context reuse); held-out ppl {:.2}; max |sum-1| {:.1e}",
            prune.min_bigram_count,
            prune.min_trigram_count,
            t_count,
            t_train,
            distinct,
            m.num_bigrams(),
            m.num_trigrams(),
            bytes.len() as f64 / 1e6,
            bytes.len() as f64 / 1e6 / (tokens as f64 / 1e6),
            loads[loads.len() / 2],
            best,
            best_ctx,
            ppl,
            worst
        );
    }
}
