//! Adapting the OCR channel to the input itself.
//!
//! The shipped channel was learned from one OCR engine at one setting
//! (tesseract's standard English model on clean 300 dpi renderings). A
//! user's archive comes from other engines, fonts and scanners, each with
//! its own habits. When the input is large enough, its own words teach
//! them: a first repair of a sample labels every OCR word with the
//! syllable the decoder chose (the language model's verdict), and the
//! channel is re-estimated from those pairs by EM, with the shipped channel
//! as the prior (MAP adaptation, as speech recognisers adapt to a speaker).
//! Words the decoder was unsure of are left out, so the labels are mostly
//! right; the prior keeps the rest of the channel where training put it.
//! The adapted channel is only used when it explains the pairs clearly
//! better than the trained one ([`MIN_GAIN`]): on the trained engine's own
//! output re-estimating fits noise and moves words both ways.
//!
//! On tesseract's *fast* English model (Debian's default), whose habits
//! differ from the standard model's, this takes held-out news from 96.00%
//! to 96.51% and Wikipedia from 94.71% to 95.24%, and the standard model's
//! own output is left alone; an engine that writes `d` as `cl`
//! goes from 91% to 97.8% (see `README.md` for the figures and commands).

use super::channel::{Channel, distinct_pairs};
use super::engine::{InputKind, Repaired};
use super::kind::{line_kinds, resolve_kind};
use super::model::Model;
use crate::syllable::{ToneStyle, canonical};
use crate::text::{TokenKind, tokenize};
use std::collections::HashMap;

/// Fewest labelled OCR words worth adapting to: below this the pairs say
/// too little about an engine to move the channel usefully.
pub const MIN_PAIRS: usize = 2000;

/// Changes less sure than this are not used as labels.
const MIN_CONFIDENCE: f32 = 0.9;

/// OCR tokens longer than this are debris, not words (as in training).
const MAX_OCR_CHARS: usize = 12;

/// The (syllable, OCR token) pairs, lower-case, of the OCR lines of `text`
/// as `repaired` read them: each word the repair left alone that is a
/// syllable, and each single-word change made with confidence.
pub fn self_labels(
    model: &Model,
    text: &str,
    repaired: &Repaired,
    input_kind: InputKind,
) -> Vec<(String, String)> {
    let tokens = tokenize(text);
    let is_syllable = |w: &str| model.skeletons.contains_key(w);
    let document = resolve_kind(text, &tokens, input_kind);
    let kinds = line_kinds(text, &tokens, input_kind, Some(document), &is_syllable);
    let by_start: HashMap<usize, usize> = repaired
        .changes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.span.start, i))
        .collect();
    let mut line = 0;
    let mut pairs = Vec::new();
    for tok in &tokens {
        if tok.kind == TokenKind::Newline {
            line += 1;
            continue;
        }
        if tok.kind != TokenKind::Word || kinds.get(line) != Some(&InputKind::Ocr) {
            continue;
        }
        let ocr = tok.text(text).to_lowercase();
        if ocr.chars().count() > MAX_OCR_CHARS {
            continue;
        }
        let clean = match by_start.get(&tok.span.start).map(|&i| &repaired.changes[i]) {
            Some(c) if c.span.end == tok.span.end && c.confidence >= MIN_CONFIDENCE => {
                canonical(&c.replacement.to_lowercase(), ToneStyle::Old)
            }
            Some(_) => None,
            None => canonical(&ocr, ToneStyle::Old),
        };
        if let Some(clean) = clean {
            pairs.push((clean, ocr));
        }
    }
    pairs
}

/// The channel of `base` re-estimated from `pairs` (see the module docs)
/// with how much better it explains them: the mean channel cost per word
/// it saves, in nats. `None` when there are too few pairs to learn from.
pub fn adapted_channel(base: &Channel, pairs: &[(String, String)]) -> Option<(Channel, f64)> {
    if pairs.len() < MIN_PAIRS {
        return None;
    }
    let data = distinct_pairs(pairs);
    let adapted = base.adapted(&data);
    let words = pairs.len() as f64;
    let gain = (total_cost(base, &data) - total_cost(&adapted, &data)) / words;
    Some((adapted, gain))
}

/// Least [`adapted_channel`] gain worth adapting for. Re-estimated on its
/// own output, the trained engine's channel always explains it a little
/// better (0.02–0.07 nats a word on the dev pairs, seeds23 and extract-dev,
/// 0.09 on degraded 200 dpi scans of it), and adapting there moved words
/// both ways (adapted on half the dev pairs, the other half lost 12 words;
/// degraded news lost 5). Another engine shows 0.24–0.29 (Debian's fast
/// model on news, Wikipedia and admin text), an engine writing `d` as `cl`
/// 1.5: there adapting gains.
pub const MIN_GAIN: f64 = 0.15;

/// Channel cost (best alignment) of all the pairs' OCR tokens.
fn total_cost(channel: &Channel, data: &[(Vec<char>, Vec<char>, f64)]) -> f64 {
    data.iter()
        .map(|(c, o, n)| n * f64::from(channel.transducer_cost(c, o)))
        .sum()
}
