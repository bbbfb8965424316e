//! Trains the syllable language model on the running-text corpora.

use super::corpus::sentences;
use crate::lm::{LanguageModel, LmBuilder, Prune};
use crate::repair::vocab::Vocab;
use rayon::prelude::*;

/// Counts every text's sentences (weighted) and the protected phrases
/// (kept by pruning whatever their counts), and builds the pruned model.
pub fn train(
    texts: &[(String, u32)],
    protected: &(String, u32),
    vocab: &Vocab,
    order: usize,
    prune: &Prune,
) -> (LanguageModel, u64) {
    let mut builder = LmBuilder::new(vocab.len() as u32, order);
    let mut phrases = Vec::new();
    for line in protected.0.lines() {
        sentences(line, vocab, &mut phrases);
    }
    for s in &phrases {
        builder.add_protected(s, protected.1);
    }
    for (text, weight) in texts {
        let lines: Vec<&str> = text.lines().collect();
        for chunk in lines.chunks(20_000) {
            let sents: Vec<Vec<u32>> = chunk
                .par_iter()
                .fold(Vec::new, |mut acc, line| {
                    sentences(line, vocab, &mut acc);
                    acc
                })
                .flatten()
                .collect();
            for s in &sents {
                builder.add_sentence(s, *weight);
            }
        }
    }
    let tokens = builder.token_count();
    (builder.build(prune), tokens)
}
