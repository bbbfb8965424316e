//! Language-model benchmark on a real corpus (plain `std::time`).
//!
//! Env: `BAOCAO_CORPORA` (default `../shared/corpora`), `BAOCAO_LM_FILES`
//! (comma-separated file names in it, default `tlnb_legal_web.txt`),
//! `BAOCAO_LM_TOKENS` (training tokens, default 5000000; `all` for the
//! whole file minus the held-out tail), `BAOCAO_LM_VOCAB` (default 10000
//! ids), `BAOCAO_LM_CONFIGS` (space-separated `ORDER:ENTROPY`, default
//! `3:0 5:0 5:2e-8`). Held out: the last 1% of lines. Skips with a message
//! if the corpus is absent.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

use baocao::lm::{FIRST_WORD, LanguageModel, LmBuilder, Prune, UNK};

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
    let configs: Vec<(usize, f64)> = env_or("BAOCAO_LM_CONFIGS", "3:0 5:0 5:2e-8")
        .split_whitespace()
        .filter_map(|c| {
            let (o, e) = c.split_once(':')?;
            Some((o.parse().ok()?, e.parse().ok()?))
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

    // Query mix resembling the decoder: each held-out history with its
    // true continuation and seven candidate substitutes drawn from
    // frequent words (mostly unseen after that history).
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let queries: Vec<(Vec<u32>, [u32; 8])> = held_ids
        .iter()
        .flat_map(|s| (0..s.len()).map(move |i| (s, i)))
        .take(250_000)
        .map(|(s, i)| {
            let mut c = [s[i]; 8];
            for x in c.iter_mut().skip(1) {
                *x = FIRST_WORD + (next() % 2000) as u32 % (vocab - FIRST_WORD);
            }
            (s[..i].to_vec(), c)
        })
        .collect();

    for (order, entropy) in configs {
        let prune = Prune {
            entropy,
            ..Prune::NONE
        };
        let t = Instant::now();
        let mut b = LmBuilder::new(vocab, order);
        for s in &train_ids {
            b.add_sentence(s, 1);
        }
        let distinct = b.distinct();
        let t_count = t.elapsed().as_secs_f64();
        let m = b.build(&prune);
        let t_train = t.elapsed().as_secs_f64();
        let bytes = m.to_bytes();

        let mut loads = Vec::new();
        let mut loaded = None;
        for _ in 0..9 {
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
        // Decoder-style: a history's state is built once, then eight
        // candidates are scored in it.
        let states: Vec<_> = queries
            .iter()
            .map(|(h, _)| {
                h.iter()
                    .rev()
                    .take(order)
                    .rev()
                    .fold(loaded.begin(), |st, &w| loaded.advance(&st, w))
            })
            .collect();
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let t = Instant::now();
            let mut acc = 0.0f32;
            for (st, (_, cands)) in states.iter().zip(&queries) {
                for &c in cands {
                    acc += loaded.score(st, black_box(c));
                }
            }
            black_box(acc);
            best = best.min(t.elapsed().as_secs_f64() * 1e9 / (queries.len() * 8) as f64);
        }
        let ppl = loaded.perplexity(&held_ids);
        println!(
            "order {order} entropy {entropy:e}: count {t_count:.1}s, train total {t_train:.1}s ({distinct} distinct counted); kept n-grams {:?}; {:.2} MB ({:.2} MB per M tokens); load median {:.2} ms; {best:.1} ns/candidate; held-out ppl {ppl:.2}",
            m.ngrams(),
            bytes.len() as f64 / 1e6,
            bytes.len() as f64 / 1e6 / (tokens as f64 / 1e6),
            loads[loads.len() / 2],
        );
    }
}
