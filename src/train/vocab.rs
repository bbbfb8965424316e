//! Builds the syllable inventory: syllables that pass the phonotactic check
//! and either occur often enough in running text or are vouched for by a
//! syllable list, plus frequent non-syllable tokens (`ubnd`) for context.

use super::corpus::for_each_unit;
use crate::repair::units::Unit;
use crate::repair::vocab::{EntryKind, Vocab};
use crate::syllable::{ToneStyle, canonical};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// Thresholds for what enters the vocabulary.
#[derive(Debug, Clone)]
pub struct VocabOptions {
    /// Syllables seen this often in running text are kept.
    pub min_syllable_count: u64,
    /// Syllables from a word list need at least this many corpus hits.
    pub min_listed_count: u64,
    /// Non-syllable tokens (abbreviations, loanwords) need this many.
    pub min_token_count: u64,
}

impl Default for VocabOptions {
    fn default() -> Self {
        VocabOptions {
            min_syllable_count: 3,
            min_listed_count: 1,
            min_token_count: 200,
        }
    }
}

/// Counts of canonical syllables and other lower-case tokens in one text.
pub fn count_text(
    text: &str,
    weight: u64,
    syl: &mut HashMap<String, u64>,
    tok: &mut HashMap<String, u64>,
) {
    for line in text.lines() {
        for_each_unit(line, |unit, s| {
            if unit != Unit::Word {
                return;
            }
            let lower = s.to_lowercase();
            match canonical(&lower, ToneStyle::Old) {
                Some(c) => *syl.entry(c).or_default() += weight,
                None if lower.chars().all(|c| c.is_alphabetic()) && lower.chars().count() <= 12 => {
                    *tok.entry(lower).or_default() += weight
                }
                None => {}
            }
        });
    }
}

type Counts = (HashMap<String, u64>, HashMap<String, u64>);

fn merge(mut a: Counts, b: Counts) -> Counts {
    for (k, v) in b.0 {
        *a.0.entry(k).or_default() += v;
    }
    for (k, v) in b.1 {
        *a.1.entry(k).or_default() += v;
    }
    a
}

/// Counts weighted texts (the running-text corpora, the gazetteer
/// phrases) in parallel.
pub fn count_corpora<'a>(texts: impl Iterator<Item = &'a (String, u32)>) -> Counts {
    let texts: Vec<&(String, u32)> = texts.collect();
    texts
        .par_iter()
        .flat_map(|(t, w)| t.par_lines().map(move |l| (l, *w)))
        .fold(
            || (HashMap::new(), HashMap::new()),
            |mut acc: Counts, (line, w)| {
                count_text(line, w as u64, &mut acc.0, &mut acc.1);
                acc
            },
        )
        .reduce(|| (HashMap::new(), HashMap::new()), merge)
}

/// Syllables listed in the word lists (canonicalised).
pub fn listed_syllables(
    dir: &Path,
    lists: &[&str],
) -> std::io::Result<std::collections::HashSet<String>> {
    let mut out = std::collections::HashSet::new();
    for name in lists {
        let path = dir.join(name);
        if !path.exists() {
            continue;
        }
        for line in std::fs::read_to_string(path)?.lines() {
            for w in line.split_whitespace() {
                if let Some(c) = canonical(w, ToneStyle::Old) {
                    out.insert(c);
                }
            }
        }
    }
    Ok(out)
}

/// Chooses the vocabulary, most frequent first (stable ids across runs).
pub fn build(
    counts: &Counts,
    listed: &std::collections::HashSet<String>,
    opts: &VocabOptions,
) -> Vocab {
    let mut syl: Vec<(&String, &u64)> = counts
        .0
        .iter()
        .filter(|(w, n)| {
            **n >= opts.min_syllable_count || (**n >= opts.min_listed_count && listed.contains(*w))
        })
        .collect();
    syl.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut tok: Vec<(&String, &u64)> = counts
        .1
        .iter()
        .filter(|(_, n)| **n >= opts.min_token_count)
        .collect();
    tok.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut v = Vocab::default();
    for (w, n) in syl {
        v.push(w, EntryKind::Syllable, *n);
    }
    for (w, n) in tok {
        v.push(w, EntryKind::Token, *n);
    }
    v
}
