//! Trains the syllable trigram model on the running-text corpora.

use super::corpus::sentences;
use crate::lm::{LanguageModel, LmBuilder, Prune};
use crate::repair::vocab::Vocab;
use rayon::prelude::*;
use std::path::PathBuf;

/// Counts every file's sentences (weighted) and builds the pruned model.
pub fn train(
    files: &[(PathBuf, u32)],
    extra: &[(String, u32)],
    vocab: &Vocab,
    prune: &Prune,
) -> std::io::Result<(LanguageModel, u64)> {
    let mut builder = LmBuilder::new(vocab.len() as u32);
    let texts = files
        .iter()
        .map(|(path, weight)| Ok::<_, std::io::Error>((std::fs::read_to_string(path)?, *weight)))
        .chain(extra.iter().map(|(t, w)| Ok((t.clone(), *w))));
    for item in texts {
        let (text, weight): (String, u32) = item?;
        let weight = &weight;
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
    Ok((builder.build(prune), tokens))
}
