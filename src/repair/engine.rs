//! Repairs a whole text: builds each sentence's lattice from its tokens,
//! decodes it, and turns the winning choices into byte-exact replacements.

use crate::text::Letter;
use super::candidates::{Candidate, SearchLimits, SearchScratch, generate, prior_of, rank};
use super::casing::{Case, apply, capital_lines, case_of, page_case};
use super::channel::FastMap;
use super::decode::{Choice, DecodeParams, best_path, confidence, decode, margins_at};
pub use super::kind::{InputKind, resolve_kind};
use super::enumeration::{PointLetter, point_letters};
use super::horns::{has_horn, horn_apostrophe, horn_question_syllables, horn_star_syllables};
use super::kind::{is_beyond_latin1_letter, line_kinds};
use super::model::Model;
use super::names::NamePart;
use super::units::{Unit, unit_of};
use super::vocab::{EntryKind, NUM, UNK};
use crate::syllable::{ToneStyle, fold_char, parse};
use crate::text::{LineIndex, Rewrite, Span, Token, TokenKind, fold, tokenize};
use std::rc::Rc;

/// User-facing repair settings.
#[derive(Debug, Clone)]
pub struct RepairOptions {
    pub tone_style: ToneStyle,
    pub input_kind: InputKind,
    /// The kind already decided for the whole document this text is part
    /// of (chunked repair decides once); lines may still differ when
    /// `input_kind` is [`InputKind::Auto`].
    pub document_kind: Option<InputKind>,
    /// Changes less certain than this are left as they were.
    pub min_confidence: f32,
    /// Never rewrite stand-alone 1–3 digit tokens (`13` for `là`).
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
            input_kind: InputKind::Auto,
            document_kind: None,
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
    /// Runner-up replacements within the decoder's beam, with their
    /// confidence (at least `LEAST_ALTERNATIVE`).
    pub alternatives: Vec<(String, f32)>,
}

/// How many words after a change its margins rescore. The words three and
/// four after it (which only a pruned 5-gram's few long n-grams reach)
/// change no confidence that matters: with two, the Brier score of the
/// confidences against the truth is the same to four decimals on the dev
/// OCR pairs and held-out news (one word is worse: 0.0147 against 0.0136),
/// and JSON costs 1.45× text instead of 1.53× (measured with the 7e-8
/// model, `bench/calibration.py` and callgrind).
const MARGIN_WINDOW: usize = 2;

/// An alternative less likely than this would be written as confidence
/// 0.000 (records keep three decimals): it tells a reader nothing, so a
/// change does not list it.
const LEAST_ALTERNATIVE: f32 = 0.0005;

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
    token: usize,
    /// Its options, a range of the sentence's `options` and `outputs`.
    options: std::ops::Range<usize>,
    case: Option<Case>,
    /// On a line of capitals ([`capital_lines`]).
    capitals: bool,
    /// The last token it covers (past `token` for a letter-spaced word).
    last: usize,
}

/// One sentence's lattice under construction: every position's options in
/// two shared buffers, so a token costs no allocation of its own.
#[derive(Default)]
struct Sentence {
    positions: Vec<Position>,
    options: Vec<Choice>,
    outputs: Vec<Output>,
}

impl Sentence {
    fn option(&mut self, lm_id: u32, cost: f32, output: Output) {
        self.options.push(Choice { lm_id, cost });
        self.outputs.push(output);
    }

    /// Closes the position of token `token`, whose options were pushed
    /// since `start`.
    fn close(&mut self, tokens: (usize, usize), start: usize, case: Option<Case>, capitals: bool) {
        let (token, last) = tokens;
        self.positions.push(Position {
            token,
            options: start..self.options.len(),
            case,
            capitals,
            last,
        });
    }

    fn clear(&mut self) {
        self.positions.clear();
        self.options.clear();
        self.outputs.clear();
    }
}

/// What a lower-case word form yields whatever its context, worked out
/// once per form: OCR tokens repeat a lot.
#[derive(Default)]
struct Form {
    /// Its vocabulary id as written (UNK if none).
    known: u32,
    /// Whether it spells a valid syllable.
    valid: bool,
    /// Candidates as OCR output and as mark-stripped text, once asked for.
    ocr: Option<Rc<[Candidate]>>,
    plain: Option<Rc<[Candidate]>>,
}

/// Per-thread memo of what each word form yields.
#[derive(Default)]
pub struct Session {
    forms: FastMap<String, Form>,
    /// Reused for lower-casing each word.
    lower: String,
    scratch: SearchScratch,
}

/// Forms remembered at most; a hostile input of endless distinct tokens
/// starts the memo afresh rather than growing it.
const MAX_FORMS: usize = 200_000;

impl Session {
    /// The vocabulary id of `lower` as written and whether it spells a
    /// valid syllable; remembers the form on first sight.
    fn facts(&mut self, model: &Model, lower: &str) -> (u32, bool) {
        if let Some(f) = self.forms.get(lower) {
            return (f.known, f.valid);
        }
        if self.forms.len() >= MAX_FORMS {
            self.forms.clear();
        }
        let form = Form {
            known: model.vocab.lookup_lower(lower),
            valid: parse(lower).is_some(),
            ..Form::default()
        };
        let facts = (form.known, form.valid);
        self.forms.insert(lower.to_string(), form);
        facts
    }

    /// The lattice options for a token: candidates ranked by context-free
    /// posterior (channel cost + prior), the hopeless ones dropped.
    fn candidates(
        &mut self,
        model: &Model,
        lower: &str,
        opts: &RepairOptions,
        plain: bool,
    ) -> Rc<[Candidate]> {
        let Session { forms, scratch, .. } = self;
        let slot = match forms.get_mut(lower) {
            Some(form) if plain => &mut form.plain,
            Some(form) => &mut form.ocr,
            // Callers ask for the form's facts first, which remembers it.
            None => return Rc::from([]),
        };
        if let Some(c) = slot {
            return c.clone();
        }
        let kept: Rc<[Candidate]> = if plain {
            let ids = model.skeletons.get(lower).map_or(&[][..], |v| v.as_slice());
            let mut cands: Vec<Candidate> = ids
                .iter()
                .map(|&id| Candidate {
                    id,
                    cost: 0.0,
                    posterior: prior_of(&model.prior_cost, id),
                })
                .collect();
            rank(&mut cands, &opts.limits);
            cands.into()
        } else if let Some(stored) = model
            .precomputed
            .as_ref()
            .filter(|_| opts.limits == SearchLimits::default())
            .and_then(|t| t.get(lower))
        {
            stored.into()
        } else {
            generate(
                &model.trie,
                &model.channel,
                &model.vocab,
                &model.prior_cost,
                lower,
                &opts.limits,
                scratch,
            )
            .into()
        };
        *slot = Some(kept.clone());
        kept
    }
}

/// Channel cost of a syllable written with letters English OCR cannot make.
const TRUSTED_COST: f32 = 0.1;

/// `II.`, `IV)`, and OCR's `Il.`, `I1.` for `II.`: a Roman numeral before
/// its dot, kept for the outline to read (a small `l` is one of OCR's `I`s).
fn is_roman_marker(word: &str, next: Option<&str>) -> bool {
    word.chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | '1' | '|' | 'l'))
        && word.chars().any(|c| matches!(c, 'I' | 'V' | 'X'))
        && next.is_some_and(|n| n.starts_with(['.', ')']))
}

/// `a)`, `c.`, `đ)`: a lone letter before `)` or `.` numbers a list item.
fn is_list_marker(word: &str, next: Option<&str>) -> bool {
    word.chars().count() == 1 && next.is_some_and(|n| n.starts_with([')', '.']))
}

/// `T hành phố`, `M inh`, `CHỦ TI CH`, `Ngu y &n`: a word letter-spaced
/// (a spaced heading or signature, or OCR) is no run of words. From a
/// piece opening with a capital, up to [`MAX_SPACED_PIECES`] pieces one
/// space apart are read as one word when one of them is no syllable on its
/// own (`CH`, `T`, `&n`) and together they spell one, or (OCR, three
/// pieces or more) the channel reads one in them cheaply (`Nguy&n`). The pieces after the first are
/// short, or the second is the rest of a lone capital (`T hành`); they keep
/// the first's capitals (`TI CH`) or are in small letters (`Ngu y ễn`).
/// Returns the last piece's token index and the joined word, which is
/// written back with its spaces where they were.
fn spaced_word(
    model: &Model,
    session: &mut Session,
    opts: &RepairOptions,
    (text, tokens, i): (&str, &[Token], usize),
    ocr: bool,
) -> Option<(usize, String)> {
    let (best, broken_first) = join_pieces(model, session, opts, (text, tokens, i), ocr)?;
    // A word of its own before pieces that make a word together is not
    // part of it (`CHU T I CH` is `CHỦ TỊCH`, not `CHÚT I CH`).
    if best.is_some()
        && !broken_first
        && join_pieces(model, session, opts, (text, tokens, i + 2), ocr)
            .is_some_and(|(next, _)| next.is_some())
    {
        return None;
    }
    best
}

/// The longest join from piece `i` ([`spaced_word`]), and whether that
/// piece is no syllable on its own; `None` when no join can start there.
fn join_pieces(
    model: &Model,
    session: &mut Session,
    opts: &RepairOptions,
    (text, tokens, i): (&str, &[Token], usize),
    ocr: bool,
) -> Option<(Option<(usize, String)>, bool)> {
    let first = tokens.get(i)?.text(text);
    // The cheap test first: a capital, then one space and a word.
    let joins = |k: usize| {
        tokens.get(k + 1).is_some_and(|t| t.kind == TokenKind::Space && t.text(text) == " ")
            && tokens.get(k + 2).is_some_and(|t| t.kind == TokenKind::Word)
    };
    if tokens[i].kind != TokenKind::Word || !first.starts_with(char::is_uppercase) || !joins(i) {
        return None;
    }
    let letters = first.chars().count();
    let is_word = |w: &str| model.skeletons.contains_key(fold(w).as_str());
    // Capitals throughout, or small letters after the first: `None` until
    // a lone capital's next piece says which.
    let mut caps = (letters > 1).then(|| !first.chars().any(char::is_lowercase));
    let broken_first = !is_word(first);
    let (mut k, mut pieces, mut broken) = (i, 1, broken_first);
    let mut joined = first.to_string();
    let mut best = None;
    while pieces < MAX_SPACED_PIECES && joins(k) {
        let w = tokens[k + 2].text(text);
        let upper = !w.chars().any(char::is_lowercase);
        let lower = !w.chars().any(char::is_uppercase);
        let fits = match caps {
            Some(true) => upper && w.chars().any(char::is_uppercase),
            Some(false) => lower,
            None => upper || lower,
        };
        let short = w.chars().count() <= 3 || (pieces == 1 && letters == 1 && lower);
        if !fits || !short {
            break;
        }
        caps = caps.or(Some(upper && !lower));
        k += 2;
        pieces += 1;
        joined.push_str(w);
        broken |= !is_word(w);
        // Two pieces are a spaced initial (`T hành`) or capitals (`P HO`),
        // spelt out exactly: small words after a word and OCR debris
        // (`Chd y`, `Nha ¢`) are too common to be read together.
        let two = pieces == 2;
        let shape = !two || letters == 1 || caps == Some(true);
        if broken && shape && reads_as_syllable(model, session, opts, &joined, ocr && !two) {
            best = Some((k, joined.clone()));
        }
    }
    Some((best, broken_first))
}

/// Pieces of a letter-spaced word read as one at most.
const MAX_SPACED_PIECES: usize = 4;

/// Channel cost below which OCR letters joined from pieces (`Nguy&n`) may
/// be a syllable.
const SPACED_JOIN_COST: f32 = 6.0;

/// Whether `word` spells a syllable, or (OCR) the channel reads one in it
/// for less than [`SPACED_JOIN_COST`].
fn reads_as_syllable(
    model: &Model,
    session: &mut Session,
    opts: &RepairOptions,
    word: &str,
    ocr: bool,
) -> bool {
    if model.skeletons.contains_key(fold(word).as_str()) {
        return true;
    }
    if !ocr || word.chars().count() > opts.limits.max_token_chars {
        return false;
    }
    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
    session.facts(model, &lower);
    // Letter for letter: no letter dropped or added (`CHUTI` is no `chủ`).
    let n = lower.chars().count();
    session
        .candidates(model, &lower, opts, false)
        .iter()
        .any(|c| c.cost < SPACED_JOIN_COST && model.vocab.word(c.id).chars().count() == n)
}

/// `b, Công tác …`: a lone lower-case letter opening a line, then a comma
/// and a capitalised word, numbers a list item the way `b)` does (typists
/// and OCR write it so). It must stay a letter, not become `bộ,`; a word
/// wrapped onto the line (`v, góp phần` of `phục vụ`) goes on in lower case.
fn is_comma_marker(text: &str, tokens: &[Token], i: usize) -> bool {
    let word = tokens[i].text(text);
    let letter = word.chars().count() == 1 && word.chars().all(|c| c.is_lowercase() || c == '¢');
    let (line_start, mut rest) = line_opening(tokens, i);
    let comma = rest.next().is_some_and(|t| t.text(text) == ",");
    let capital = rest
        .next()
        .is_some_and(|t| t.kind == TokenKind::Word && t.text(text).starts_with(char::is_uppercase));
    letter && line_start && comma && capital
}

/// Whether token `i` opens its line, and the tokens after it that are not
/// spaces: what a marker or a label is told by.
fn line_opening(tokens: &[Token], i: usize) -> (bool, impl Iterator<Item = &Token>) {
    let line_start = tokens[..i]
        .iter()
        .rev()
        .find(|t| t.kind != TokenKind::Space)
        .is_none_or(|t| t.kind == TokenKind::Newline);
    let rest = tokens[i + 1..]
        .iter()
        .filter(|t| t.kind != TokenKind::Space);
    (line_start, rest)
}

/// `lgp`, `trq`, `sg`, `hqc`: a capital `Ơ`, `Ớ`, `Ợ`, `Ọ`, `Ộ` is what an
/// English OCR model most often writes as `G` or `Q` (its channel learnt
/// `ớ`→`g` at about e^-3), so a vowelless word that spells a syllable with
/// its `g` or `q` read as one of them may be one (`HQC` is `HỌC`, whose
/// `ọc` no `ơ` makes). `bql` (`ớl`, `ọl` are no rhymes) may not.
fn hidden_vowel(lower: &str) -> bool {
    lower.char_indices().any(|(i, c)| {
        i > 0
            && matches!(c, 'g' | 'q')
            && ["ớ", "ọ", "ộ"].iter().any(|v| {
                crate::syllable::is_syllable(&format!("{}{v}{}", &lower[..i], &lower[i + 1..]))
            })
    })
}

/// `S6: 12/BC-UBND`, `S&: …/QĐ-UBND`: a short word opening its line,
/// written `S` then OCR debris, before a colon and a number or a blank
/// one, is the `Số:` of a document's number line (Decree 30/2020/NĐ-CP,
/// Appendix I, item 3), however OCR wrote its marks (`Sẽ:` and `Sở:` are
/// what the language model alone would make of it).
fn is_number_label(text: &str, tokens: &[Token], i: usize) -> bool {
    let word = tokens[i].text(text);
    let mut cs = word.chars();
    if !cs.next().is_some_and(|c| c == 'S' || c == 's') || cs.count() > 2 {
        return false;
    }
    let (line_start, mut rest) = line_opening(tokens, i);
    let colon = rest.next().is_some_and(|t| t.text(text) == ":");
    let number = rest.next().is_some_and(|t| match t.kind {
        TokenKind::Number | TokenKind::Code => true,
        TokenKind::Punct => t.text(text).starts_with(['.', '…', '/', '_']),
        _ => false,
    });
    line_start && colon && number
}

/// The numeral of a division (`PHẦN I`, `Chương IV`, `Khóa XV`; Decree
/// 30/2020/NĐ-CP numbers parts and chapters in Roman): a word of Roman
/// letters after a division word, at the line's end or before its
/// heading's `.`, `:` or dash. It is no syllable (OCR's `L` for `I` made
/// `PHẦN Là`); OCR's `l`, `L` and `|` for `I` are written as `I`. Returns
/// the numeral as it is to be written.
fn division_numeral(text: &str, tokens: &[Token], i: usize, next: Option<&str>) -> Option<String> {
    let word = tokens[i].text(text);
    if !word.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'l' | '|')) {
        return None;
    }
    let prev = tokens[..i]
        .iter()
        .rev()
        .find(|t| t.kind != TokenKind::Space)
        .filter(|t| t.kind == TokenKind::Word)?;
    let division = crate::text::fold(prev.text(text));
    if !matches!(division.as_str(), "phan" | "chuong" | "muc" | "khoa") {
        return None;
    }
    if !next.is_none_or(|n| n.starts_with(['\n', '\r', '.', ':', '-', '–', '—'])) {
        return None;
    }
    Some(word.replace(['l', 'L', '|'], "I"))
}

/// `Viv`, `Vlv` opening a line: OCR's reading of the `V/v` (về việc) that
/// opens a letter's subject (Decree 30/2020/NĐ-CP, Appendix I), its slash
/// read as a small `i` or `l`; no Vietnamese word is spelt so.
fn subject_mark(text: &str, tokens: &[Token], i: usize) -> Option<&'static str> {
    let w = tokens[i].text(text);
    let (line_start, _) = line_opening(tokens, i);
    let b = w.as_bytes();
    let shape = b.len() == 3 && b[0] == b'V' && matches!(b[1], b'i' | b'l' | b'I');
    if !line_start || !shape {
        return None;
    }
    match b[2] {
        b'v' => Some("V/v"),
        b'V' => Some("V/V"),
        _ => None,
    }
}

/// The folded name of the kind written before a code (`Đề án số`, `Công
/// điện`, OCR's `Cong dién s6:`): its two words before `số` and `:`.
fn kind_before(text: &str, tokens: &[Token], i: usize) -> Option<String> {
    let mut words = tokens[..i]
        .iter()
        .rev()
        .filter(|t| t.kind != TokenKind::Space)
        .map(|t| crate::text::fold(t.text(text)))
        .skip_while(|w| w == ":")
        .peekable();
    if words.peek().is_some_and(|w| w.len() <= 3 && w.starts_with('s')) {
        words.next();
    }
    let second = words.next()?;
    let first = words.next()?;
    Some(format!("{first} {second}"))
}

fn has_vowel(word: &str) -> bool {
    word.chars()
        .any(|c| crate::syllable::split_tone(c.to_lowercase().next().unwrap_or(c)).is_some())
}

/// Whether an all-caps word is an acronym or a foreign word to keep: the
/// corpus knows it as a non-syllable token (`UBND`, `TOP`, `IT`), unless
/// it has three letters or more and a syllable spelt with the same letters
/// (`lower` is its skeleton when it has no marks) is written at least
/// [`SYLLABLE_OVER_TOKEN`] times as often. `VIET`, `NGUYEN`, `DIEN` are
/// tokens only because URLs and e-mail addresses write them unmarked; in a
/// heading set in capitals they are `VIỆT`, `NGUYỄN`, `ĐIỆN`, so they are
/// repaired like any other word, while `IT`, `NET`, `CUP` stay.
fn is_foreign_token(model: &Model, lower: &str, known: u32) -> bool {
    if model.vocab.kind(known) != EntryKind::Token {
        return false;
    }
    let as_token = model.vocab.count(known).saturating_mul(SYLLABLE_OVER_TOKEN);
    lower.chars().count() < 3
        || !model
            .skeletons
            .get(lower)
            .is_some_and(|ids| ids.iter().any(|&id| model.vocab.count(id) >= as_token))
}

/// How much more often the corpus must write a syllable than the unmarked
/// token with its letters before an all-caps token is read as the syllable.
const SYLLABLE_OVER_TOKEN: u64 = 20;

/// Channel cost of a marked reading of a capital word whose marks English
/// OCR dropped altogether (on a line of capitals), where the learnt channel
/// has no such reading: measured flat between 1 and 4 on extract-dev.
const STRIPPED_CAPITAL_COST: f32 = 3.0;

/// Channel cost of a marked name outside the syllable grammar read from
/// its bare letters (see `Model::marked_tokens`).
const MARKED_NAME_COST: f32 = 2.0;

/// What a capital `Đ` read as `B` or `P` costs on top of
/// [`STRIPPED_CAPITAL_COST`]: flat from 0.5 to 2.5 on extract-dev, the dev
/// pairs, seeds23 and 67 other documents OCR'd.
const CAPITAL_D_COST: f32 = 1.5;

/// A position with a single option (and no case of its own).
fn fixed(sentence: &mut Sentence, lm_id: u32, output: Output) -> Option<Case> {
    sentence.option(lm_id, 0.0, output);
    None
}

/// Pushes the options for one word token, lower-casing it into the
/// session's reused buffer; returns the word's case.
fn word_position(
    model: &Model,
    session: &mut Session,
    opts: &RepairOptions,
    kind: InputKind,
    (word, next): (&str, Option<&str>),
    (capitals, name): (bool, Option<NamePart>),
    sentence: &mut Sentence,
) -> Option<Case> {
    let start = sentence.options.len();
    let mut lower = std::mem::take(&mut session.lower);
    lower.clear();
    crate::syllable::push_lower(&mut lower, word);
    let case = word_options(
        model,
        session,
        opts,
        kind,
        (word, &lower, next, capitals),
        sentence,
    );
    session.lower = lower;
    // In a signer's name, readings used more often as that part of a name
    // cost less; the most used costs what the channel says. The language
    // model's liking for a word (`tăng`, the verb) says nothing of it as a
    // surname (`Tống`), which opens the line with no context to tell it is
    // a name: readings used as surnames get the unigram prior of the most
    // frequent of them. (After it, the model has seen `Văn Thuận` as names.)
    if let Some(part) = name {
        let options = &mut sentence.options[start..];
        let bonus = |id: u32| model.names.bonus(part, id);
        let prior = |id: u32| prior_of(&model.prior_cost, id);
        let best = options.iter().map(|o| bonus(o.lm_id)).fold(0.0, f32::max);
        let floor = options
            .iter()
            .filter(|o| bonus(o.lm_id) > 0.0)
            .map(|o| prior(o.lm_id))
            .fold(f32::MAX, f32::min);
        for o in options {
            let named = bonus(o.lm_id);
            o.cost += best - named;
            if named > 0.0 && part == NamePart::Surname {
                o.cost -= prior(o.lm_id) - floor;
            }
        }
    }
    case
}

/// The name part of each word token of a signer's name line: a line of two
/// to four title-case words and nothing else, under a line of capitals
/// (the role, `PHÓ CHỦ TỊCH`), as Decree 30/2020/NĐ-CP lays out a
/// signature block, or under the recipients' last line ([`is_filing_line`]).
fn name_parts(text: &str, tokens: &[Token], capitals: &[bool]) -> Vec<Option<NamePart>> {
    let mut out = vec![None; tokens.len()];
    let is_name_word = |w: &str| {
        let mut cs = w.chars();
        w.chars().count() <= 7
            && cs.next().is_some_and(char::is_uppercase)
            && w.chars().all(char::is_letter)
            && cs.any(char::is_lowercase)
    };
    let (mut line, mut start) = (0, 0);
    // The last non-blank line before, and whether it was in capitals.
    let mut above_capitals = false;
    let mut words: Vec<usize> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Newline && i + 1 < tokens.len() {
            continue;
        }
        let end = if t.kind == TokenKind::Newline { i } else { i + 1 };
        let body = &tokens[start..end];
        words.clear();
        words.extend((start..end).filter(|&k| tokens[k].kind == TokenKind::Word));
        let only_words = body
            .iter()
            .all(|t| matches!(t.kind, TokenKind::Word | TokenKind::Space));
        if above_capitals
            && only_words
            && (2..=4).contains(&words.len())
            && words.iter().all(|&k| is_name_word(tokens[k].text(text)))
        {
            for (n, &k) in words.iter().enumerate() {
                out[k] = Some(NamePart::of(n, words.len()));
            }
        }
        if !words.is_empty() {
            let bytes = body.last().map_or(0, |t| t.span.end) - body.first().map_or(0, |t| t.span.start);
            above_capitals = bytes <= MAX_NAME_CONTEXT_LINE
                && (capitals.get(line).copied().unwrap_or(false) || is_filing_line(text, body));
        }
        line += 1;
        start = i + 1;
    }
    out
}

/// Whether a title-case line after `line` is read as a signer's name
/// ([`name_parts`]): so the chunker never cuts between the two.
pub(crate) fn names_follow(line: &str) -> bool {
    if line.len() > MAX_NAME_CONTEXT_LINE {
        return false;
    }
    let tokens = tokenize(line);
    capital_lines(line, &tokens).first().copied().unwrap_or(false) || is_filing_line(line, &tokens)
}

/// Longest line that makes the next a name (a role or filing line is
/// short), so [`names_follow`] stays cheap on hostile input.
const MAX_NAME_CONTEXT_LINE: usize = 4096;

/// `- Lưu: VT, VX2.`: the last line of the recipients (`Nơi nhận`), which
/// sits beside the signature block; read line by line, the signer's name
/// comes next.
fn is_filing_line(text: &str, body: &[Token]) -> bool {
    let mut words = body.iter().filter(|t| t.kind != TokenKind::Space);
    let first = words.find(|t| t.kind != TokenKind::Punct || t.text(text) != "-");
    first.is_some_and(|t| t.kind == TokenKind::Word && fold(t.text(text)) == "luu")
        && words.next().is_some_and(|t| t.text(text).starts_with(':'))
}

/// `TS quốc` for `Tổ quốc`, `SG chức` for `Sở chức`: a two-letter vowelless
/// word in capitals on a line of mixed case, before a small letter, that
/// OCR has been seen making of a syllable with the same initial consonant
/// (the channel's whole-token memory) is a capitalised syllable whose vowel
/// OCR lost, not an acronym. An acronym the pairs never saw as a syllable's
/// OCR (`UBND tỉnh`, `BCH Đảng bộ`), and any of three letters (`LGP` there
/// is as often a code), stays one.
fn is_capital_word_mistaken(model: &Model, lower: &str, next: Option<&str>, capitals: bool) -> bool {
    let Some(initial) = lower.chars().next().filter(|c| !"aeiouy".contains(*c)) else {
        return false;
    };
    // A doubled letter is an acronym's (`CC` công chức, `TT` truyền thanh).
    let doubled = lower.chars().nth(1) == Some(initial);
    !capitals
        && lower.len() == 2
        && !doubled
        && next.is_some_and(|n| n.starts_with(char::is_lowercase))
        && model.channel.memory(lower).iter().any(|(w, _)| {
            crate::syllable::is_syllable(w) && w.chars().next().map(fold_char) == Some(initial)
        })
}

/// The readings, with their costs, of word `i` when OCR wrote its horn as
/// a glyph glued to it (`repair::horns`), and the last token they cover:
/// onset + `ừ`/`ử`/`ữ` for a star, its OCR candidates with a horned vowel
/// for an apostrophe (`co'` → `cơ`, `cờ`, `cớ`…), onset + `ư` under any
/// tone + coda for a `?` (`chi?c` → `chức`); none when it is none of these
/// or has no such reading.
fn horn_readings(
    model: &Model,
    session: &mut Session,
    opts: &RepairOptions,
    (text, tokens, i): (&str, &[Token], usize),
) -> Option<(Vec<(u32, f32)>, usize)> {
    let free = |ids: Vec<u32>| ids.into_iter().map(|id| (id, 0.0)).collect();
    if let Some(ids) = horn_star_syllables(model, text, tokens, i) {
        return Some((free(ids), i + 1));
    }
    if let Some((ids, last)) = horn_question_syllables(model, text, tokens, i) {
        return Some((free(ids), last));
    }
    if !horn_apostrophe(text, tokens, i) {
        return None;
    }
    let lower = tokens[i].text(text).to_lowercase();
    session.facts(model, &lower);
    let horned: Vec<(u32, f32)> = session
        .candidates(model, &lower, opts, false)
        .iter()
        .filter(|c| has_horn(model.vocab.word(c.id)))
        .map(|c| (c.id, c.cost))
        .collect();
    (!horned.is_empty()).then_some((horned, i + 1))
}

/// [`word_position`] once the word is lower-cased.
fn word_options(
    model: &Model,
    session: &mut Session,
    opts: &RepairOptions,
    kind: InputKind,
    (word, lower, next, capitals): (&str, &str, Option<&str>, bool),
    sentence: &mut Sentence,
) -> Option<Case> {
    if let Some(form) = model.abbreviations.word(word, kind) {
        let id = model.vocab.lookup_word(form);
        return fixed(sentence, id, Output::Text(form.into()));
    }
    let case = case_of(word);
    let (known, valid) = session.facts(model, lower);
    // An abbreviation is written in capitals only: a lower-case letter
    // among capitals (`CHf`, `TiNH`) is OCR's trace of a marked letter.
    // On a line of capitals every word is in capitals, so that is no sign
    // of an acronym: there the unmarked spelling of a syllable is read as
    // one. (A word without a vowel stays an acronym there, `BQL`, `BCH`,
    // unless a `G`/`Q` stands where a vowel would: `LGP`, `TRQ`.)
    let upper_abbrev = case == Some(Case::Upper)
        && !word.chars().any(char::is_lowercase)
        && (!(has_vowel(word) || (capitals && hidden_vowel(lower)))
            || (is_foreign_token(model, lower, known)
                && !(capitals && model.skeletons.contains_key(lower))));
    // Written in the case it was printed in: `Tổ`.
    let (upper_abbrev, case) = if upper_abbrev && is_capital_word_mistaken(model, lower, next, capitals) {
        (false, Some(Case::Title))
    } else {
        (upper_abbrev, case)
    };
    if is_list_marker(word, next) {
        // `¢)` is OCR for the list marker `c)`.
        return match word {
            "¢" => fixed(sentence, known, Output::Text("c".into())),
            _ => fixed(sentence, known, Output::Keep),
        };
    }
    if upper_abbrev
        || is_roman_marker(word, next)
        || word.chars().count() > opts.limits.max_token_chars
    {
        return fixed(sentence, known, Output::Keep);
    }
    // Clean text is the truth: unmarked words there are real (`con`,
    // `nam`, quoted `"ay"`, English), so it is left exactly as it is.
    if kind == InputKind::Clean {
        return fixed(sentence, known, Output::Keep);
    }
    let plain = kind != InputKind::Ocr;
    let cands = session.candidates(model, lower, opts, plain);
    let start = sentence.options.len();
    for c in cands.iter() {
        sentence.option(c.id, c.cost, Output::Syllable(c.id));
    }
    // English OCR drops the marks over capitals far more often than over
    // small letters: on a line of capitals, every marked spelling of a
    // capital word's letters is a candidate too, at a fixed price.
    if !plain && capitals && case == Some(Case::Upper) {
        let stripped = session.candidates(model, lower, opts, true);
        for c in stripped.iter() {
            if !sentence.options[start..].iter().any(|o| o.lm_id == c.id) {
                sentence.option(c.id, STRIPPED_CAPITAL_COST, Output::Syllable(c.id));
            }
        }
        // A capital `Đ` is read `B` or `P` as often as its marks are
        // dropped (`GIUP BO` for `GIÚP ĐỠ`, `PAC THU` for `ĐẶC THÙ`): the
        // marked readings with `Đ` for that first letter too.
        if let Some(rest) = lower.strip_prefix(['b', 'p'])
            && !rest.starts_with('h')
        {
            let d = format!("d{rest}");
            session.facts(model, &d);
            let with_d = session.candidates(model, &d, opts, true);
            for c in with_d.iter() {
                if model.vocab.word(c.id).starts_with('đ')
                    && !sentence.options[start..].iter().any(|o| o.lm_id == c.id)
                {
                    sentence.option(c.id, STRIPPED_CAPITAL_COST + CAPITAL_D_COST, Output::Syllable(c.id));
                }
            }
        }
    }
    // Names outside the syllable grammar (`Đắk Lắk`, `Bắc Kạn`, `Quỳnh`)
    // that the search cannot spell: their marked spelling when the word's
    // letters are theirs, for the language model to weigh.
    if let Some(ids) = model.marked_tokens.get(lower) {
        for &id in ids {
            if !sentence.options[start..].iter().any(|o| o.lm_id == id) {
                sentence.option(id, MARKED_NAME_COST, Output::Syllable(id));
            }
        }
    }
    // English OCR never writes letters beyond Latin-1 (`ư`, `ơ`, `ă`, `đ`,
    // `ế`, `ợ`): a valid syllable spelt with them came from clean text (a
    // mixed document), so writing it as it is must stay cheap.
    if model.vocab.kind(known) == EntryKind::Syllable && word.chars().any(is_beyond_latin1_letter) {
        match sentence.options[start..]
            .iter_mut()
            .find(|o| o.lm_id == known)
        {
            Some(o) => o.cost = o.cost.min(TRUSTED_COST),
            None => sentence.option(known, TRUSTED_COST, Output::Syllable(known)),
        }
    }
    let written_is_candidate = sentence.options[start..]
        .iter()
        .any(|o| o.lm_id == known && known != UNK);
    if !written_is_candidate {
        let cost = if known == UNK {
            opts.keep_unknown_cost
        } else {
            opts.keep_token_cost
        };
        let keep_id = if model.vocab.kind(known) == EntryKind::Syllable && !valid {
            UNK
        } else {
            known
        };
        sentence.option(keep_id, cost, Output::Keep);
    }
    case
}

/// How much of its channel cost a word pays for having been written as a
/// number, when a small letter follows (the sentence goes on: `12 công
/// trình` for `là công trình`). Digits for letters (`12` for `là`, `101` for
/// `lời`, `6` for `ở`) are one systematic habit of an English OCR model,
/// which the channel's letter-by-letter costs price as several independent
/// errors; and only words the training pairs saw made into that very number
/// are offered. Before a capital or a line end the number is a table's
/// value as often (`Nhiệm vụ 14 Văn phòng`), and pays the full cost.
/// Measured on the dev pairs, seeds23 and extract-dev, half turns numbers
/// back into their words and no real number into one (a tenth turned `1.`
/// into `là.`).
const NUMBER_WORD_CHANNEL_WEIGHT: f32 = 0.5;

/// A zero-padded count (`01 vị trí`, `05 bản`: how administrative text
/// writes small counts) whose zero OCR read as the letter O: `O1` is `01`.
/// An `O` before two digits (`O01`) is kept as written rather than
/// guessed; a lower-case `o` is a word's (`o6` for `có`). In extract-dev
/// every such token stands for a number (7 of 7); the OCR pairs have none
/// that stands for a word.
fn zero_read_as_o(word: &str) -> Option<Output> {
    let digits = word.strip_prefix('O')?;
    if !(1..=2).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(if digits.len() == 1 {
        Output::Text(format!("0{digits}").into())
    } else {
        Output::Keep
    })
}

/// Options for a stand-alone short number that OCR may have made of a word.
fn number_position(
    model: &Model,
    session: &mut Session,
    opts: &RepairOptions,
    (text, prose): (&str, bool),
    sentence: &mut Sentence,
) -> Option<Case> {
    sentence.option(NUM, opts.keep_number_cost, Output::Keep);
    let weight = if prose {
        NUMBER_WORD_CHANNEL_WEIGHT
    } else {
        1.0
    };
    if !opts.keep_digits && text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit()) {
        session.facts(model, text);
        let cands = session.candidates(model, text, opts, false);
        let remembered = model.channel.memory(text);
        for c in cands.iter().filter(|c| {
            remembered
                .iter()
                .any(|(w, _)| model.vocab.get(w) == Some(c.id))
        }) {
            sentence.option(
                c.id,
                c.cost * weight,
                Output::Syllable(c.id),
            );
        }
    }
    Some(Case::Lower)
}

fn render(model: &Model, id: u32, style: ToneStyle) -> std::borrow::Cow<'_, str> {
    let w = model.vocab.word(id);
    match style {
        ToneStyle::Old => w.into(),
        ToneStyle::New => parse(w).map_or_else(|| w.into(), |s| s.render(style).into()),
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

/// Whether the line after the newline at `i` is a document's number line
/// (`Số: 39992/CHQ-GSQL`): a header block of its own, which no sentence
/// runs into (the agency line above it read `CỤC HẢI QUÂN` when `Số`
/// was its context).
fn opens_number_line(text: &str, tokens: &[Token], i: usize) -> bool {
    tokens[i + 1..]
        .iter()
        .position(|t| t.kind != TokenKind::Space)
        .is_some_and(|k| {
            let j = i + 1 + k;
            tokens[j].kind == TokenKind::Word && is_number_label(text, tokens, j)
        })
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
    let is_syllable = |w: &str| model.skeletons.contains_key(w);
    let kinds = line_kinds(
        text,
        &tokens,
        opts.input_kind,
        opts.document_kind,
        &is_syllable,
    );
    let capitals = capital_lines(text, &tokens);
    let names = name_parts(text, &tokens, &capitals);
    let points = point_letters(text, &tokens);
    let mut line = 0;
    let lines = LineIndex::new(text);
    let mut replacements: Vec<(Span, String)> = Vec::new();
    let mut changes = Vec::new();
    let mut sentence = Sentence::default();
    let mut words = 0;
    let mut decode_sentence = |sentence: &mut Sentence| {
        flush(
            text,
            &tokens,
            &lines,
            model,
            opts,
            sentence,
            &mut replacements,
            &mut changes,
        )
    };
    let next_non_space = |i: usize| {
        tokens[i + 1..]
            .iter()
            .find(|t| t.kind != TokenKind::Space)
            .map(|t| t.text(text))
    };
    // Tokens already read as part of a word before them (a letter-spaced word's
    // rest): only spaces and words, never a line end.
    let mut resume = 0;
    for (i, tok) in tokens.iter().enumerate() {
        if i < resume {
            continue;
        }
        let s = tok.text(text);
        let start = sentence.options.len();
        let kind = kinds.get(line).copied().unwrap_or(InputKind::Ocr);
        let on_capitals = capitals.get(line).copied().unwrap_or(false);
        line += usize::from(tok.kind == TokenKind::Newline);
        // The last token this position covers.
        let mut last = i;
        let case = match (tok.kind, unit_of(tok.kind, s)) {
            (TokenKind::Word, _)
                if let Some((j, joined)) =
                    spaced_word(model, session, opts, (text, &tokens, i), kind == InputKind::Ocr) =>
            {
                last = j;
                Some(word_position(
                    model,
                    session,
                    opts,
                    kind,
                    (&joined, next_non_space(j)),
                    (on_capitals, None),
                    &mut sentence,
                ))
            }
            (TokenKind::Word, _)
                if kind == InputKind::Ocr
                    && let Some((horned, j)) = horn_readings(model, session, opts, (text, &tokens, i)) =>
            {
                // The glyph is the vowel's horn: the position covers it (and
                // a coda glued after a `?`).
                last = j;
                for (id, cost) in horned {
                    sentence.option(id, cost, Output::Syllable(id));
                }
                Some(case_of(s))
            }
            (TokenKind::Word, _)
                if kind != InputKind::Clean
                    && let Ok(k) = points.binary_search_by_key(&i, |p| p.0) =>
            {
                let (id, output) = match points[k].1 {
                    PointLetter::Keep => (model.vocab.lookup_word(s), Output::Keep),
                    PointLetter::Write(c) => {
                        let id = model.vocab.lookup_word(c.encode_utf8(&mut [0; 4]));
                        (id, Output::Text(c.to_string().into()))
                    }
                };
                sentence.option(id, 0.0, output);
                Some(case_of(s))
            }
            (TokenKind::Word, _)
                if kind == InputKind::Ocr
                    && let Some(output) = zero_read_as_o(s) =>
            {
                sentence.option(NUM, 0.0, output);
                Some(None)
            }
            (TokenKind::Word, _)
                if kind != InputKind::Clean
                    && let Some(numeral) = division_numeral(text, &tokens, i, next_non_space(i)) =>
            {
                let out = if numeral == s {
                    Output::Keep
                } else {
                    Output::Text(numeral.into())
                };
                sentence.option(model.vocab.lookup_word(s), 0.0, out);
                Some(None)
            }
            (TokenKind::Word, _)
                if kind == InputKind::Ocr && let Some(out) = subject_mark(text, &tokens, i) =>
            {
                sentence.option(UNK, 0.0, Output::Text(out.into()));
                Some(None)
            }
            (TokenKind::Word, _) if kind != InputKind::Clean && is_number_label(text, &tokens, i) => {
                let id = model.vocab.lookup_word("số");
                sentence.option(id, 0.0, Output::Syllable(id));
                Some(Some(case_of(s).unwrap_or(Case::Title)))
            }
            (TokenKind::Word, _) => {
                // A comma closing a list marker counts as its `)`.
                let next = if is_comma_marker(text, &tokens, i) {
                    Some(")")
                } else {
                    next_non_space(i)
                };
                Some(word_position(
                    model,
                    session,
                    opts,
                    kind,
                    (s, next),
                    (on_capitals, names[i]),
                    &mut sentence,
                ))
            }
            (TokenKind::Number, _) if s.len() <= 3 && kind == InputKind::Ocr => {
                let prose = next_non_space(i).is_some_and(|n| n.starts_with(char::is_lowercase));
                Some(number_position(model, session, opts, (s, prose), &mut sentence))
            }
            // Document codes get their `Đ` back, except in clean text.
            (TokenKind::Code, Unit::Fixed(id)) if kind != InputKind::Clean => {
                let code = model.abbreviations.code(s, kind);
                let named = super::abbrev::kind_segment(code.as_deref().unwrap_or(s), || {
                    kind_before(text, &tokens, i)
                });
                let out = match named.or(code) {
                    Some(code) => Output::Text(code.into()),
                    None => Output::Keep,
                };
                Some(fixed(&mut sentence, id, out))
            }
            (_, Unit::Fixed(id)) => Some(fixed(&mut sentence, id, Output::Keep)),
            (_, Unit::Boundary) => None,
            (TokenKind::Newline, _)
                if is_paragraph_break(&tokens, i) || opens_number_line(text, &tokens, i) =>
            {
                None
            }
            _ => continue,
        };
        // Decode at a sentence end, and in windows inside endless ones.
        let end = match case {
            Some(case) => {
                sentence.close((i, last), start, case, on_capitals);
                resume = last + 1;
                sentence.positions.len() >= MAX_SENTENCE_POSITIONS
            }
            None => true,
        };
        if end {
            words += decode_sentence(&mut sentence);
        }
    }
    words += decode_sentence(&mut sentence);
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
    sentence: &mut Sentence,
    replacements: &mut Vec<(Span, String)>,
    changes: &mut Vec<Change>,
) -> usize {
    if sentence.positions.is_empty() {
        sentence.clear();
        return 0;
    }
    let lattice: Vec<&[Choice]> = sentence
        .positions
        .iter()
        .map(|p| &sentence.options[p.options.clone()])
        .collect();
    let decoded = decode(&lattice, &model.lm, &opts.decode);
    let mut path = None;
    let mut words = 0;
    let mut prev_upper = false;
    for (k, p) in sentence.positions.iter().enumerate() {
        let span = tokens[p.token].span.start..tokens[p.last].span.end;
        let original = &text[span.clone()];
        let outputs = &sentence.outputs[p.options.clone()];
        if outputs.len() > 1 {
            words += 1;
        }
        let choice = decoded.choices[k];
        // The cased words either side; a comma or number between has none.
        let next_upper = sentence.positions[k + 1..]
            .iter()
            .find_map(|q| q.case)
            == Some(Case::Upper);
        let case = match p.case {
            // A title-case word alone among capitals on a line of capitals
            // is OCR's damage of a capital one (`Ké HOẠCH`, `SỬA P01, BỔ`);
            // a name (`PHÓ CHỦ TỊCH Nguyễn Văn An`) has title-case company.
            Some(Case::Title) if p.capitals && prev_upper && next_upper => Case::Upper,
            Some(c) => c,
            None if prev_upper && next_upper => Case::Upper,
            None => Case::Lower,
        };
        // Capitals alone among lower-case words, on a line not in capitals.
        let lone = case == Case::Upper && !p.capitals && !prev_upper && !next_upper;
        if let Some(c) = p.case {
            prev_upper = c == Case::Upper;
        }
        // A letter-spaced word read as one is written back with its spaces
        // after as many letters as each piece had (those past its end drop).
        let mut gaps: Vec<(usize, &str)> = Vec::new();
        let mut letters = 0;
        for t in &tokens[p.token..=p.last] {
            match t.kind {
                TokenKind::Space => gaps.push((letters, t.text(text))),
                _ => letters += t.text(text).chars().count(),
            }
        }
        let respaced = |w: String| {
            if gaps.is_empty() {
                return w;
            }
            let mut out = String::with_capacity(w.len() + gaps.len());
            let mut next = gaps.iter().peekable();
            for (n, c) in w.chars().enumerate() {
                while let Some((_, g)) = next.next_if(|(at, _)| *at <= n) {
                    if n > 0 {
                        out.push_str(g);
                    }
                }
                out.push(c);
            }
            out
        };
        let written = |o: &Output| match o {
            Output::Keep => original.to_string(),
            Output::Syllable(id) => {
                let lower = render(model, *id, opts.tone_style);
                respaced(apply(&lower, page_case(original, &lower, case, lone)))
            }
            Output::Text(t) => respaced(t.to_string()),
        };
        let out = match outputs.get(choice) {
            Some(o) => written(o),
            None => continue,
        };
        if out == original {
            continue;
        }
        let margins = if outputs.len() > 1 && (opts.record_changes || opts.min_confidence > 0.0) {
            let path = path.get_or_insert_with(|| best_path(&decoded.ids, &model.lm));
            let window = (model.lm.order() - 1).min(MARGIN_WINDOW);
            margins_at(
                &lattice,
                &decoded.ids,
                path,
                k,
                window,
                &model.lm,
                &opts.decode,
            )
        } else {
            Vec::new()
        };
        let margins = &margins;
        let conf = if margins.is_empty() {
            1.0
        } else {
            confidence(margins)
        };
        if conf < opts.min_confidence {
            continue;
        }
        if !opts.record_changes {
            replacements.push((span, out));
            continue;
        }
        // The three best alternatives the decoder could still have taken
        // (within its beam, and at least `LEAST_ALTERNATIVE`), chosen before
        // any is rendered (a token can have dozens), each with its share of
        // the same normalisation as `conf`: with the choice they sum to at
        // most 1.
        let mut best: Vec<(usize, f32)> = margins
            .iter()
            .enumerate()
            .filter(|(j, m)| {
                *j != choice && *j < outputs.len() && **m >= -opts.decode.score_beam
            })
            .map(|(j, m)| (j, conf * m.min(0.0).exp()))
            .filter(|&(_, p)| p >= LEAST_ALTERNATIVE)
            .collect();
        best.sort_by(|a, b| b.1.total_cmp(&a.1));
        let alts: Vec<(String, f32)> = best
            .into_iter()
            .take(3)
            .map(|(j, p)| (written(&outputs[j]), p))
            .collect();
        changes.push(Change {
            line: lines.line_of(span.start),
            span: span.clone(),
            original: original.to_string(),
            replacement: out.clone(),
            confidence: conf,
            alternatives: alts,
        });
        replacements.push((span, out));
    }
    sentence.clear();
    words
}
