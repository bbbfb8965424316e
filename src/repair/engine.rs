//! Repairs a whole text: builds each sentence's lattice from its tokens,
//! decodes it, and turns the winning choices into byte-exact replacements.

use super::candidates::{Candidate, SearchLimits, generate};
use super::casing::{Case, apply, case_of};
use super::decode::{DecodeParams, Option_, confidence, decode};
use super::model::Model;
use super::units::{Unit, unit_of};
use super::vocab::{EntryKind, NUM, UNK};
use crate::syllable::{ToneStyle, parse};
use crate::text::{LineIndex, Rewrite, Span, Token, TokenKind, tokenize};
use std::collections::HashMap;
use std::rc::Rc;

/// User-facing repair settings.
#[derive(Debug, Clone)]
pub struct RepairOptions {
    pub tone_style: ToneStyle,
    /// Changes less certain than this are left as they were.
    pub min_confidence: f32,
    /// Never rewrite stand-alone 1–2 digit tokens (`13` for `là`).
    pub keep_digits: bool,
    pub decode: DecodeParams,
    pub limits: SearchLimits,
    /// Channel cost of keeping a word the vocabulary does not know.
    pub keep_unknown_cost: f32,
    /// Channel cost of keeping a known non-syllable token (`zalo`, `of`).
    pub keep_token_cost: f32,
    /// Channel cost of keeping a short number as a number.
    pub keep_number_cost: f32,
    /// Fill [`Repaired::changes`]. Plain-text output does not need them, and
    /// each costs ~350 bytes (strings, alternatives): on a 1 MB sentence
    /// that was most of the memory.
    pub record_changes: bool,
}

impl Default for RepairOptions {
    fn default() -> Self {
        RepairOptions {
            tone_style: ToneStyle::Old,
            min_confidence: 0.0,
            keep_digits: false,
            decode: DecodeParams::default(),
            limits: SearchLimits::default(),
            keep_unknown_cost: 13.0,
            keep_token_cost: 2.0,
            keep_number_cost: 0.2,
            record_changes: true,
        }
    }
}

/// One repaired word, for review and `--format json`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Change {
    /// 1-based line of the word.
    pub line: usize,
    /// Byte span of the word in the repaired document's source text.
    pub span: Span,
    pub original: String,
    pub replacement: String,
    /// Posterior-like certainty of the replacement, 0–1.
    pub confidence: f32,
    /// Runner-up replacements with their confidence.
    pub alternatives: Vec<(String, f32)>,
}

/// The repaired text and what changed.
#[derive(Debug, Clone)]
pub struct Repaired {
    pub rewrite: Rewrite,
    pub changes: Vec<Change>,
    /// Words looked at (lattice positions with a choice).
    pub words: usize,
}

/// What a lattice option writes when chosen.
#[derive(Debug, Clone)]
enum Output {
    Keep,
    Syllable(u32),
    Text(Rc<str>),
}

struct Position {
    token: Option<usize>,
    options: Vec<Option_>,
    outputs: Vec<Output>,
    case: Option<Case>,
}

/// Per-thread memo of candidate lists (OCR tokens repeat a lot).
#[derive(Default)]
pub struct Session {
    cache: HashMap<String, Rc<[Candidate]>>,
}

impl Session {
    fn candidates(&mut self, model: &Model, lower: &str, limits: &SearchLimits) -> Rc<[Candidate]> {
        if let Some(c) = self.cache.get(lower) {
            return c.clone();
        }
        let c: Rc<[Candidate]> =
            generate(&model.trie, &model.channel, &model.vocab, lower, limits).into();
        if self.cache.len() > 200_000 {
            self.cache.clear();
        }
        self.cache.insert(lower.to_string(), c.clone());
        c
    }
}

fn is_roman_marker(word: &str, next: Option<&str>) -> bool {
    word.chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | '1' | '|'))
        && word.chars().any(|c| matches!(c, 'I' | 'V' | 'X'))
        && next.is_some_and(|n| n.starts_with(['.', ')']))
}

/// `a)`, `c.`, `đ)`: a lone letter before `)` or `.` numbers a list item.
fn is_list_marker(word: &str, next: Option<&str>) -> bool {
    word.chars().count() == 1 && next.is_some_and(|n| n.starts_with([')', '.']))
}

fn has_vowel(word: &str) -> bool {
    word.chars()
        .any(|c| crate::syllable::split_tone(c.to_lowercase().next().unwrap_or(c)).is_some())
}

/// Builds the options for one word token.
fn word_position(
    model: &Model,
    session: &mut Session,
    opts: &RepairOptions,
    word: &str,
    next: Option<&str>,
) -> Position {
    let fixed = |lm_id, output| Position {
        token: None,
        options: vec![Option_ { lm_id, cost: 0.0 }],
        outputs: vec![output],
        case: None,
    };
    if let Some(form) = model.abbreviations.word(word) {
        return fixed(model.vocab.lookup_word(form), Output::Text(form.into()));
    }
    let case = case_of(word);
    let known = model.vocab.lookup_word(word);
    let upper_abbrev = case == Some(Case::Upper)
        && (!has_vowel(word) || model.vocab.kind(known) == EntryKind::Token);
    if upper_abbrev
        || is_roman_marker(word, next)
        || is_list_marker(word, next)
        || word.chars().count() > opts.limits.max_token_chars
    {
        return fixed(known, Output::Keep);
    }
    let lower = word.to_lowercase();
    let cands = session.candidates(model, &lower, &opts.limits);
    let mut options = Vec::with_capacity(cands.len() + 1);
    let mut outputs = Vec::with_capacity(cands.len() + 1);
    for c in cands.iter() {
        options.push(Option_ {
            lm_id: c.id,
            cost: c.cost,
        });
        outputs.push(Output::Syllable(c.id));
    }
    let written_is_candidate = known != UNK && cands.iter().any(|c| c.id == known);
    if !written_is_candidate {
        let cost = if known == UNK {
            opts.keep_unknown_cost
        } else {
            opts.keep_token_cost
        };
        let keep_id = if model.vocab.kind(known) == EntryKind::Syllable && parse(word).is_none() {
            UNK
        } else {
            known
        };
        options.push(Option_ {
            lm_id: keep_id,
            cost,
        });
        outputs.push(Output::Keep);
    }
    Position {
        token: None,
        options,
        outputs,
        case,
    }
}

/// Options for a stand-alone short number that OCR may have made of a word.
fn number_position(
    model: &Model,
    session: &mut Session,
    opts: &RepairOptions,
    text: &str,
) -> Position {
    let mut options = vec![Option_ {
        lm_id: NUM,
        cost: opts.keep_number_cost,
    }];
    let mut outputs = vec![Output::Keep];
    if !opts.keep_digits && text.len() <= 2 && text.bytes().all(|b| b.is_ascii_digit()) {
        let cands = session.candidates(model, text, &opts.limits);
        let remembered = model.channel.memory(text);
        for c in cands.iter().filter(|c| {
            remembered
                .iter()
                .any(|(w, _)| model.vocab.get(w) == Some(c.id))
        }) {
            options.push(Option_ {
                lm_id: c.id,
                cost: c.cost,
            });
            outputs.push(Output::Syllable(c.id));
        }
    }
    Position {
        token: None,
        options,
        outputs,
        case: Some(Case::Lower),
    }
}

fn render(model: &Model, id: u32, style: ToneStyle) -> String {
    let w = model.vocab.word(id);
    match style {
        ToneStyle::Old => w.to_string(),
        ToneStyle::New => parse(w).map_or_else(|| w.to_string(), |s| s.render(style)),
    }
}

fn is_paragraph_break(tokens: &[Token], i: usize) -> bool {
    // A newline followed (after optional spaces) by another newline.
    let mut j = i + 1;
    while j < tokens.len() && tokens[j].kind == TokenKind::Space {
        j += 1;
    }
    j < tokens.len() && tokens[j].kind == TokenKind::Newline
}

/// A "sentence" without punctuation (a table, a dump, hostile input) is
/// decoded in windows of this many positions, so the lattice and the
/// decoder's back-pointers stay small however long the run is. Real
/// sentences are far shorter, so the cut never falls inside one.
const MAX_SENTENCE_POSITIONS: usize = 512;

/// Repairs `text`, returning the rewrite and the list of changes.
pub fn repair_text(
    text: &str,
    model: &Model,
    opts: &RepairOptions,
    session: &mut Session,
) -> Repaired {
    let tokens = tokenize(text);
    let lines = LineIndex::new(text);
    let mut replacements: Vec<(Span, String)> = Vec::new();
    let mut changes = Vec::new();
    let mut sentence: Vec<Position> = Vec::new();
    let mut words = 0;
    let next_non_space = |i: usize| {
        tokens[i + 1..]
            .iter()
            .find(|t| t.kind != TokenKind::Space)
            .map(|t| t.text(text))
    };
    for (i, tok) in tokens.iter().enumerate() {
        let s = tok.text(text);
        let pos = match (tok.kind, unit_of(tok.kind, s)) {
            (TokenKind::Word, _) => Some(word_position(model, session, opts, s, next_non_space(i))),
            (TokenKind::Number, _) if s.len() <= 2 => {
                Some(number_position(model, session, opts, s))
            }
            (_, Unit::Fixed(id)) => Some(Position {
                token: None,
                options: vec![Option_ {
                    lm_id: id,
                    cost: 0.0,
                }],
                outputs: vec![Output::Keep],
                case: None,
            }),
            (_, Unit::Boundary) => None,
            (TokenKind::Newline, _) if is_paragraph_break(&tokens, i) => None,
            _ => continue,
        };
        match pos {
            Some(mut p) => {
                p.token = Some(i);
                sentence.push(p);
                if sentence.len() >= MAX_SENTENCE_POSITIONS {
                    words += flush(
                        text,
                        &tokens,
                        &lines,
                        model,
                        opts,
                        &mut sentence,
                        &mut replacements,
                        &mut changes,
                    );
                }
            }
            None => {
                words += flush(
                    text,
                    &tokens,
                    &lines,
                    model,
                    opts,
                    &mut sentence,
                    &mut replacements,
                    &mut changes,
                );
            }
        }
    }
    words += flush(
        text,
        &tokens,
        &lines,
        model,
        opts,
        &mut sentence,
        &mut replacements,
        &mut changes,
    );
    let refs: Vec<(Span, &str)> = replacements
        .iter()
        .map(|(s, r)| (s.clone(), r.as_str()))
        .collect();
    Repaired {
        rewrite: Rewrite::apply(text, &refs),
        changes,
        words,
    }
}

#[allow(clippy::too_many_arguments)]
fn flush(
    text: &str,
    tokens: &[Token],
    lines: &LineIndex,
    model: &Model,
    opts: &RepairOptions,
    sentence: &mut Vec<Position>,
    replacements: &mut Vec<(Span, String)>,
    changes: &mut Vec<Change>,
) -> usize {
    if sentence.is_empty() {
        return 0;
    }
    let lattice: Vec<Vec<Option_>> = sentence.iter().map(|p| p.options.clone()).collect();
    let decoded = decode(&lattice, &model.lm, &opts.decode);
    let mut words = 0;
    let mut prev_upper = false;
    for (k, p) in sentence.iter().enumerate() {
        let Some(ti) = p.token else { continue };
        let tok = &tokens[ti];
        let original = tok.text(text);
        if p.options.len() > 1 {
            words += 1;
        }
        let choice = decoded.choices[k];
        let next_upper = sentence.get(k + 1).and_then(|q| q.case) == Some(Case::Upper);
        let case = p.case.unwrap_or(if prev_upper && next_upper {
            Case::Upper
        } else {
            Case::Lower
        });
        prev_upper = p.case == Some(Case::Upper);
        let written = |o: &Output| match o {
            Output::Keep => original.to_string(),
            Output::Syllable(id) => apply(&render(model, *id, opts.tone_style), case),
            Output::Text(t) => t.to_string(),
        };
        let out = match tok.kind {
            TokenKind::Code => model
                .abbreviations
                .code(original)
                .unwrap_or_else(|| original.to_string()),
            _ => match p.outputs.get(choice) {
                Some(o) => written(o),
                None => continue,
            },
        };
        if out == original {
            continue;
        }
        let margins = &decoded.margins[k];
        let conf = if margins.is_empty() {
            1.0
        } else {
            confidence(margins)
        };
        if conf < opts.min_confidence {
            continue;
        }
        if !opts.record_changes {
            replacements.push((tok.span.clone(), out));
            continue;
        }
        let mut alts: Vec<(String, f32)> = p
            .outputs
            .iter()
            .zip(margins)
            .enumerate()
            .filter(|(j, _)| *j != choice)
            .map(|(_, (o, m))| (written(o), conf * m.exp()))
            .collect();
        alts.sort_by(|a, b| b.1.total_cmp(&a.1));
        alts.truncate(3);
        changes.push(Change {
            line: lines.line_of(tok.span.start),
            span: tok.span.clone(),
            original: original.to_string(),
            replacement: out.clone(),
            confidence: conf,
            alternatives: alts,
        });
        replacements.push((tok.span.clone(), out));
    }
    sentence.clear();
    words
}
