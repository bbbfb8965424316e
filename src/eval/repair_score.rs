//! Port of `score.py`'s `score_lines` (the project's reference metric), plus a
//! per-line diff and a "what did the repair change" view.
//!
//! The port is deliberately literal: same tokenisation, same normalisation,
//! same alignment costs and tie-breaking (including the float accumulation
//! order), so numbers agree with score.py and error pairs are the same pairs.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use serde::Serialize;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::ScoreOptions;
use super::pystr::{casefold, is_mn, is_word, push_casefold, split_py};

// ------------------------------------------------------------ normalisation

/// Combining tone marks: grave, acute, tilde, hook above, dot below.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Removes all combining marks after folding `đ`/`Đ` (score.py's `strip_diacritics`).
pub fn strip_diacritics(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            _ => c,
        })
        .nfd()
        .filter(|&c| !is_mn(c))
        .nfc()
        .collect()
}

/// Base letters, case-folded: two tokens with the same base form differ only
/// in diacritics or case.
pub fn base_form(tok: &str) -> String {
    casefold(&strip_diacritics(tok))
}

/// The second character class of score.py's `_OPEN_PAIR` regex.
fn in_second_class(c: char) -> bool {
    matches!(c, 'a' | 'A' | 'e' | 'E' | 'y' | 'Y') || ('\u{c0}'..='\u{1ef9}').contains(&c)
}

/// `hoà`→`hòa`, `thuỷ`→`thủy`, `khoẻ`→`khỏe` in open oa/oe/uy syllables,
/// exactly where score.py's `(?<![qQ])([oOuU])(second)(?![\w])` matches.
pub fn tone_norm(tok: &str) -> String {
    if tok.is_ascii() {
        return tok.to_string();
    }
    let s: Vec<char> = tok.nfc().collect();
    let mut out = String::with_capacity(tok.len() + 2);
    let mut i = 0;
    while i < s.len() {
        let first = s[i];
        let is_match = matches!(first, 'o' | 'O' | 'u' | 'U')
            && (i == 0 || !matches!(s[i - 1], 'q' | 'Q'))
            && s.get(i + 1).is_some_and(|&c| in_second_class(c))
            && s.get(i + 2).is_none_or(|&c| !is_word(c));
        if !is_match {
            out.push(first);
            i += 1;
            continue;
        }
        let second = s[i + 1];
        let (base2, tone) = decompose_tone(second);
        let b = base2.to_lowercase();
        let first_l = first.to_ascii_lowercase();
        let keep = tone.is_empty()
            || !matches!(b.as_str(), "a" | "e" | "y")
            || (first_l == 'o' && !matches!(b.as_str(), "a" | "e"))
            || (first_l == 'u' && b != "y");
        if keep {
            out.push(first);
            out.push(second);
        } else {
            out.extend(std::iter::once(first).chain(tone.chars()).nfc());
            out.push_str(&base2);
        }
        i += 2;
    }
    out
}

/// Splits a precomposed vowel into (vowel without tone, tone marks).
fn decompose_tone(ch: char) -> (String, String) {
    let mut tone = String::new();
    let mut rest = String::new();
    for c in std::iter::once(ch).nfd() {
        if TONES.contains(&c) {
            tone.push(c);
        } else {
            rest.push(c);
        }
    }
    (rest.nfc().collect(), tone)
}

/// Strips leading/trailing non-`\w` characters (score.py's `_PUNCT_EDGE`).
fn strip_punct_edges(t: &str) -> &str {
    t.trim_matches(|c: char| !is_word(c))
}

/// score.py's `tokenize`: NFC, whitespace split, optional edge-punctuation
/// stripping (empty tokens dropped), optional tone-placement unification.
pub fn tokenize(line: &str, strip_punct: bool, tnorm: bool) -> Vec<String> {
    let nfc: String = line.nfc().collect();
    split_py(&nfc)
        .map(|t| if strip_punct { strip_punct_edges(t) } else { t })
        .filter(|t| !t.is_empty())
        .map(|t| if tnorm { tone_norm(t) } else { t.to_string() })
        .collect()
}

/// score.py's `read_lines`: the file is read in universal-newline mode, so
/// `\r\n`, `\r` and `\n` all end a line; a final empty line is dropped.
pub fn read_lines(data: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let bytes = data.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&data[start..i]);
                i += 1;
                start = i;
            }
            b'\r' => {
                lines.push(&data[start..i]);
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    // `split("\n")` always yields a last field; only that one is dropped when empty.
    lines.push(&data[start..]);
    if lines.last() == Some(&"") {
        lines.pop();
    }
    lines
}

// ------------------------------------------------------------ alignment

/// A token with everything the scorer compares precomputed once, so the DP
/// inner loop does no allocation.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub text: String,
    /// `fold(text)`: what equality uses (case-folded only with `--ci`).
    pub key: String,
    /// `text.casefold()`.
    pub cf: String,
    /// `base_form(text)` as chars, for the similarity tie-break.
    pub base: Vec<char>,
}

impl Tok {
    fn new(text: String, ci: bool) -> Tok {
        let cf = casefold(&text);
        let key = if ci { cf.clone() } else { text.clone() };
        let base = base_form(&text).chars().collect();
        Tok {
            text,
            key,
            cf,
            base,
        }
    }

    /// score.py's `has_diacritic`.
    fn has_diacritic(&self) -> bool {
        self.base.iter().copied().ne(self.cf.chars())
    }
}

/// Turns lines into [`Tok`]s, normalising each distinct token once: the
/// Unicode work dominates scoring time and a report repeats its vocabulary.
pub(crate) struct Tokenizer {
    opts: ScoreOptions,
    cache: HashMap<String, Option<Rc<Tok>>>,
}

impl Tokenizer {
    pub(crate) fn new(opts: &ScoreOptions) -> Tokenizer {
        Tokenizer {
            opts: *opts,
            cache: HashMap::new(),
        }
    }

    /// Same tokens as [`tokenize`]; NFC of the whole line equals NFC of each
    /// whitespace-separated piece (no composition crosses a space).
    pub(crate) fn line(&mut self, line: &str) -> Vec<Rc<Tok>> {
        let nfc: Cow<str> = match is_nfc_quick(line.chars()) {
            IsNormalized::Yes => Cow::Borrowed(line),
            _ => Cow::Owned(line.nfc().collect()),
        };
        let mut out = Vec::new();
        for piece in split_py(&nfc) {
            let tok = match self.cache.get(piece) {
                Some(t) => t.clone(),
                None => {
                    let t = self.make(piece);
                    self.cache.insert(piece.to_string(), t.clone());
                    t
                }
            };
            out.extend(tok);
        }
        out
    }

    fn make(&self, piece: &str) -> Option<Rc<Tok>> {
        let o = &self.opts;
        let t = if o.strip_punct {
            strip_punct_edges(piece)
        } else {
            piece
        };
        if t.is_empty() {
            return None;
        }
        let t = if o.tone_norm {
            tone_norm(t)
        } else {
            t.to_string()
        };
        Some(Rc::new(Tok::new(t, o.case_insensitive)))
    }
}

/// Reusable DP buffers: one allocation per scorer, not per cell or line.
#[derive(Default)]
pub(crate) struct Aligner {
    edits: Vec<u32>,
    tie: Vec<f64>,
    back: Vec<u8>,
    row: Vec<u32>,
}

const MATCH: u8 = 0;
const DEL: u8 = 1;
const INS: u8 = 2;
const SUB: u8 = 3;

/// One step of an alignment: indices into gold and hyp; `None` on one side
/// is a deletion (hyp missing) or insertion (gold missing).
pub(crate) type Pair = (Option<usize>, Option<usize>);

impl Aligner {
    /// Code-point Levenshtein distance (score.py's `char_distance`).
    pub(crate) fn char_distance(&mut self, a: &[char], b: &[char]) -> u32 {
        let (a, b) = if a.len() < b.len() { (b, a) } else { (a, b) };
        let row = &mut self.row;
        row.clear();
        row.extend(0..=b.len() as u32);
        for (i, &ca) in a.iter().enumerate() {
            let mut diag = row[0];
            row[0] = i as u32 + 1;
            for (j, &cb) in b.iter().enumerate() {
                let up = row[j + 1];
                let v = (up + 1).min(row[j] + 1).min(diag + u32::from(ca != cb));
                diag = up;
                row[j + 1] = v;
            }
        }
        row[b.len()]
    }

    /// score.py's `_sim_cost`: 0 = same base letters, 1 = nothing alike.
    fn sim_cost(&mut self, a: &Tok, b: &Tok) -> f64 {
        if a.base == b.base {
            return 0.0;
        }
        let n = a.base.len().max(b.base.len()).max(1);
        let d = self.char_distance(&a.base, &b.base);
        (f64::from(d) / n as f64).min(1.0)
    }

    /// score.py's `align_tokens`: minimum edits, ties broken by the summed
    /// similarity cost with the same preference order (match/sub, then
    /// deletion, then insertion) so merges/splits don't cascade.
    pub(crate) fn align(&mut self, gold: &[Rc<Tok>], hyp: &[Rc<Tok>]) -> Vec<Pair> {
        let (n, m) = (gold.len(), hyp.len());
        let w = m + 1;
        let cells = (n + 1) * w;
        self.edits.clear();
        self.edits.resize(cells, 0);
        self.tie.clear();
        self.tie.resize(cells, 0.0);
        self.back.clear();
        self.back.resize(cells, MATCH);
        for i in 1..=n {
            self.edits[i * w] = i as u32;
            self.tie[i * w] = i as f64;
            self.back[i * w] = DEL;
        }
        for j in 1..=m {
            self.edits[j] = j as u32;
            self.tie[j] = j as f64;
            self.back[j] = INS;
        }
        for i in 1..=n {
            let gi = &gold[i - 1];
            for j in 1..=m {
                let hj = &hyp[j - 1];
                let d = (i - 1) * w + j - 1;
                let (mut be, mut bt, mut how) = if gi.key == hj.key {
                    (self.edits[d], self.tie[d], MATCH)
                } else {
                    let s = self.sim_cost(gi, hj);
                    (self.edits[d] + 1, self.tie[d] + s, SUB)
                };
                let up = (i - 1) * w + j;
                let (ce, ct) = (self.edits[up] + 1, self.tie[up] + 1.0);
                if ce < be || (ce == be && ct < bt) {
                    (be, bt, how) = (ce, ct, DEL);
                }
                let left = i * w + j - 1;
                let (ce, ct) = (self.edits[left] + 1, self.tie[left] + 1.0);
                if ce < be || (ce == be && ct < bt) {
                    (be, bt, how) = (ce, ct, INS);
                }
                self.edits[i * w + j] = be;
                self.tie[i * w + j] = bt;
                self.back[i * w + j] = how;
            }
        }
        let mut out = Vec::with_capacity(n.max(m));
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            match self.back[i * w + j] {
                MATCH | SUB if i > 0 && j > 0 => {
                    out.push((Some(i - 1), Some(j - 1)));
                    i -= 1;
                    j -= 1;
                }
                DEL if i > 0 => {
                    out.push((Some(i - 1), None));
                    i -= 1;
                }
                _ if j > 0 => {
                    out.push((None, Some(j - 1)));
                    j -= 1;
                }
                // Unreachable by construction (row 0 is INS, column 0 is DEL).
                _ => {
                    out.push((Some(i - 1), None));
                    i -= 1;
                }
            }
        }
        out.reverse();
        out
    }
}

// ------------------------------------------------------------ report

/// `round(x / y, 4)`, or `None` when `y == 0` (score.py's `r`).
fn ratio(x: usize, y: usize) -> Option<f64> {
    if y == 0 {
        return None;
    }
    let v = x as f64 / y as f64;
    format!("{v:.4}").parse().ok().or(Some(v))
}

/// Accuracy on gold tokens whose base letters the hypothesis got right.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct DiacriticOnly {
    /// Gold tokens whose base letters the hypothesis has.
    pub eligible: usize,
    /// ... of which the marks are right too.
    pub correct: usize,
    /// `correct / eligible`.
    pub accuracy: Option<f64>,
}

/// One frequent error pair (`""` stands for a missing token).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorPair {
    /// The gold token.
    pub gold: String,
    /// What the hypothesis has instead.
    pub hyp: String,
    /// How often.
    pub count: usize,
}

/// Options as echoed in score.py's JSON.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct EchoOptions {
    /// Case folded (`--ci`).
    pub case_insensitive: bool,
    /// Punctuation removed before comparing.
    pub strip_punct: bool,
    /// Tone placement unified (`hoà` = `hòa`).
    pub tone_norm: bool,
}

/// score.py's JSON summary, field for field (ratios rounded to 4 places like
/// score.py), plus the raw counts behind the ratios.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RepairReport {
    /// Lines scored.
    pub lines: usize,
    /// Tokens of the gold text.
    pub gold_tokens: usize,
    /// Tokens of the hypothesis.
    pub hyp_tokens: usize,
    /// Share of gold tokens the hypothesis has right: the headline figure.
    pub syllable_accuracy: Option<f64>,
    /// (substitutions + deletions + insertions) / gold tokens.
    pub token_error_rate: Option<f64>,
    /// Aligned tokens that differ.
    pub substitutions: usize,
    /// Gold tokens missing from the hypothesis.
    pub deletions: usize,
    /// Hypothesis tokens with no gold token.
    pub insertions: usize,
    /// Character error rate.
    pub cer: Option<f64>,
    /// Character edits.
    pub char_errors: usize,
    /// Characters of the gold text.
    pub gold_chars: usize,
    /// Accuracy where the base letters are right.
    pub diacritic_only: DiacriticOnly,
    /// Share of tokens right ignoring marks.
    pub base_accuracy: Option<f64>,
    /// Accuracy on gold tokens that carry marks.
    pub accuracy_gold_with_diacritics: Option<f64>,
    /// Accuracy on gold tokens without marks.
    pub accuracy_gold_without_diacritics: Option<f64>,
    /// The options scored with.
    pub options: EchoOptions,
    /// Gold tokens right.
    pub correct: usize,
    /// Gold tokens right ignoring marks.
    pub base_ok: usize,
    /// Gold tokens with marks.
    pub gold_diac_tokens: usize,
    /// Gold tokens without marks.
    pub gold_plain_tokens: usize,
    /// ... of those with marks, right.
    pub correct_diac: usize,
    /// ... of those without marks, right.
    pub correct_plain: usize,
    /// The most frequent error pairs.
    pub top_errors: Vec<ErrorPair>,
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{:.2}%", 100.0 * v))
}

/// Renders `(label, value, detail)` rows as aligned columns.
pub(crate) fn table(rows: &[(String, String, String)]) -> String {
    let w0 = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (a, b, c) in rows {
        let line = format!("{a:<w0$}  {b:>w1$}  {c}");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

impl RepairReport {
    /// A human summary: one metric per row, then the frequent errors.
    pub fn render_table(&self) -> String {
        let d = &self.diacritic_only;
        let rows = [
            ("lines", self.lines.to_string(), String::new()),
            (
                "gold tokens",
                self.gold_tokens.to_string(),
                format!("hyp {}", self.hyp_tokens),
            ),
            (
                "syllable accuracy",
                pct(self.syllable_accuracy),
                format!("{} correct", self.correct),
            ),
            (
                "token error rate",
                pct(self.token_error_rate),
                format!(
                    "S {} D {} I {}",
                    self.substitutions, self.deletions, self.insertions
                ),
            ),
            (
                "CER",
                pct(self.cer),
                format!("{} / {} chars", self.char_errors, self.gold_chars),
            ),
            (
                "diacritic-only accuracy",
                pct(d.accuracy),
                format!("{} / {}", d.correct, d.eligible),
            ),
            (
                "base accuracy",
                pct(self.base_accuracy),
                format!("{} tokens", self.base_ok),
            ),
            (
                "acc. gold w/ diacritics",
                pct(self.accuracy_gold_with_diacritics),
                format!("{} / {}", self.correct_diac, self.gold_diac_tokens),
            ),
            (
                "acc. gold w/o diacritics",
                pct(self.accuracy_gold_without_diacritics),
                format!("{} / {}", self.correct_plain, self.gold_plain_tokens),
            ),
        ];
        let rows: Vec<_> = rows.into_iter().map(|(a, b, c)| (a.into(), b, c)).collect();
        let mut out = table(&rows);
        if !self.top_errors.is_empty() {
            out.push_str("most frequent errors (gold -> hyp, count):\n");
            let rows: Vec<_> = self
                .top_errors
                .iter()
                .map(|e| {
                    (
                        format!("  {}", or_empty(&e.gold)),
                        e.count.to_string(),
                        format!("-> {}", or_empty(&e.hyp)),
                    )
                })
                .collect();
            out.push_str(&table(&rows));
        }
        out
    }
}

fn or_empty(s: &str) -> &str {
    if s.is_empty() { "∅" } else { s }
}

/// Counts error pairs in first-seen order so ties rank like Python's
/// `Counter.most_common` (stable by insertion).
#[derive(Default)]
struct ErrorCounter {
    index: HashMap<(String, String), usize>,
    items: Vec<((String, String), usize)>,
}

impl ErrorCounter {
    fn add(&mut self, gold: &str, hyp: &str) {
        let key = (gold.to_string(), hyp.to_string());
        match self.index.get(&key) {
            Some(&i) => self.items[i].1 += 1,
            None => {
                self.index.insert(key.clone(), self.items.len());
                self.items.push((key, 1));
            }
        }
    }

    fn most_common(mut self, n: usize) -> Vec<ErrorPair> {
        self.items.sort_by_key(|it| std::cmp::Reverse(it.1));
        self.items
            .into_iter()
            .take(n)
            .map(|((gold, hyp), count)| ErrorPair { gold, hyp, count })
            .collect()
    }
}

#[derive(Default)]
struct Stats {
    gold_tokens: usize,
    hyp_tokens: usize,
    gold_chars: usize,
    char_errors: usize,
    ins: usize,
    del: usize,
    sub: usize,
    correct: usize,
    correct_diac: usize,
    correct_plain: usize,
    gold_diac: usize,
    gold_plain: usize,
    base_ok: usize,
    diac_eligible: usize,
    diac_correct: usize,
}

/// The line joined with single spaces and folded: what CER compares.
fn char_line(toks: &[Rc<Tok>], ci: bool) -> Vec<char> {
    let mut s = String::new();
    for (k, t) in toks.iter().enumerate() {
        if k > 0 {
            s.push(' ');
        }
        if ci {
            t.text.chars().for_each(|c| push_casefold(c, &mut s));
        } else {
            s.push_str(&t.text);
        }
    }
    s.chars().collect()
}

/// score.py's `score_lines` on already split, equally long line lists.
pub(crate) fn score_lines(gold: &[&str], hyp: &[&str], opts: &ScoreOptions) -> RepairReport {
    let ci = opts.case_insensitive;
    let mut st = Stats::default();
    let mut errors = ErrorCounter::default();
    let collect = opts.top_errors > 0;
    let mut al = Aligner::default();
    let mut tk = Tokenizer::new(opts);
    for (gl, hl) in gold.iter().zip(hyp) {
        let g = tk.line(gl);
        let h = tk.line(hl);
        st.gold_tokens += g.len();
        st.hyp_tokens += h.len();
        let (gs, hs) = (char_line(&g, ci), char_line(&h, ci));
        st.gold_chars += gs.len();
        st.char_errors += al.char_distance(&gs, &hs) as usize;
        for pair in al.align(&g, &h) {
            let (a, b) = match pair {
                (None, Some(j)) => {
                    st.ins += 1;
                    if collect {
                        errors.add("", &h[j].text);
                    }
                    continue;
                }
                (Some(i), b) => (&g[i], b.map(|j| &h[j])),
                (None, None) => continue,
            };
            let dia = a.has_diacritic();
            if dia {
                st.gold_diac += 1;
            } else {
                st.gold_plain += 1;
            }
            let Some(b) = b else {
                st.del += 1;
                if collect {
                    errors.add(&a.text, "");
                }
                continue;
            };
            if a.key == b.key {
                st.correct += 1;
                if dia {
                    st.correct_diac += 1;
                } else {
                    st.correct_plain += 1;
                }
            } else {
                st.sub += 1;
                if collect {
                    errors.add(&a.key, &b.key);
                }
            }
            if a.base == b.base {
                st.base_ok += 1;
                st.diac_eligible += 1;
                if a.cf == b.cf {
                    st.diac_correct += 1;
                }
            }
        }
    }
    // score.py divides token ratios by `gold_tokens or 1`.
    let n = st.gold_tokens.max(1);
    RepairReport {
        lines: gold.len(),
        gold_tokens: st.gold_tokens,
        hyp_tokens: st.hyp_tokens,
        syllable_accuracy: ratio(st.correct, n),
        token_error_rate: ratio(st.sub + st.del + st.ins, n),
        substitutions: st.sub,
        deletions: st.del,
        insertions: st.ins,
        cer: ratio(st.char_errors, st.gold_chars),
        char_errors: st.char_errors,
        gold_chars: st.gold_chars,
        diacritic_only: DiacriticOnly {
            eligible: st.diac_eligible,
            correct: st.diac_correct,
            accuracy: ratio(st.diac_correct, st.diac_eligible),
        },
        base_accuracy: ratio(st.base_ok, n),
        accuracy_gold_with_diacritics: ratio(st.correct_diac, st.gold_diac),
        accuracy_gold_without_diacritics: ratio(st.correct_plain, st.gold_plain),
        options: EchoOptions {
            case_insensitive: ci,
            strip_punct: opts.strip_punct,
            tone_norm: opts.tone_norm,
        },
        correct: st.correct,
        base_ok: st.base_ok,
        gold_diac_tokens: st.gold_diac,
        gold_plain_tokens: st.gold_plain,
        correct_diac: st.correct_diac,
        correct_plain: st.correct_plain,
        top_errors: errors.most_common(opts.top_errors),
    }
}

// ------------------------------------------------------------ diff view

/// One line with errors: gold tokens with the differing ones marked.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LineDiff {
    /// 1-based line number.
    pub line: usize,
    /// Substitutions + deletions + insertions on this line.
    pub errors: usize,
    /// Normalised tokens joined by spaces, edits as `[gold→hyp]` (`∅` = missing).
    pub marked: String,
}

pub(crate) fn diff_lines(gold: &[&str], hyp: &[&str], opts: &ScoreOptions) -> Vec<LineDiff> {
    let mut al = Aligner::default();
    let mut tk = Tokenizer::new(opts);
    let mut out = Vec::new();
    for (k, (gl, hl)) in gold.iter().zip(hyp).enumerate() {
        let g = tk.line(gl);
        let h = tk.line(hl);
        let mut errors = 0;
        let mut parts = Vec::new();
        for pair in al.align(&g, &h) {
            match pair {
                (Some(i), Some(j)) if g[i].key == h[j].key => parts.push(g[i].text.clone()),
                (Some(i), Some(j)) => {
                    errors += 1;
                    parts.push(format!("[{}→{}]", g[i].text, h[j].text));
                }
                (Some(i), None) => {
                    errors += 1;
                    parts.push(format!("[{}→∅]", g[i].text));
                }
                (None, Some(j)) => {
                    errors += 1;
                    parts.push(format!("[∅→{}]", h[j].text));
                }
                (None, None) => {}
            }
        }
        if errors > 0 {
            out.push(LineDiff {
                line: k + 1,
                errors,
                marked: parts.join(" "),
            });
        }
    }
    out
}

/// Plain-text rendering of [`LineDiff`]s, one line each: `L12 (2)  text`.
pub fn render_diff(diffs: &[LineDiff]) -> String {
    let rows: Vec<_> = diffs
        .iter()
        .map(|d| {
            (
                format!("L{}", d.line),
                format!("({})", d.errors),
                d.marked.clone(),
            )
        })
        .collect();
    table(&rows)
}

// ------------------------------------------------------------ changes view

/// What the repair did to the OCR input, judged against gold.
///
/// Edits are read off the alignment of input vs hypothesis; "right" means the
/// token is aligned with an equal gold token in its own gold alignment.  A
/// fix is an edit that removed an error, a regression one that introduced an
/// error: so a deleted wrong input token counts as `became_right`, an
/// inserted wrong hyp token as `became_wrong`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ChangesReport {
    /// Lines compared.
    pub lines: usize,
    /// Tokens of the input (OCR) text.
    pub input_tokens: usize,
    /// Tokens of the repaired text.
    pub hyp_tokens: usize,
    /// Input tokens the repair left alone.
    pub unchanged: usize,
    /// ... of which were right (and still are).
    pub unchanged_right: usize,
    /// ... of which were wrong and stayed so (missed fixes).
    pub unchanged_wrong: usize,
    /// Edits: substituted + inserted + deleted.
    pub changed: usize,
    /// Input tokens replaced.
    pub substituted: usize,
    /// Tokens the repair added.
    pub inserted: usize,
    /// Input tokens the repair removed.
    pub deleted: usize,
    /// Edits that turned a wrong token right (or dropped a wrong one).
    pub became_right: usize,
    /// Edits from one wrong token to another wrong token.
    pub stayed_wrong: usize,
    /// Edits that broke a right token (or inserted/deleted wrongly).
    pub became_wrong: usize,
    /// Substitutions between two tokens that are both right (merge/split edge cases).
    pub still_right: usize,
    /// `became_right / changed`: how trustworthy an edit is.
    pub change_precision: Option<f64>,
    /// `became_right - became_wrong`.
    pub net_gain: i64,
}

/// For each token of `side`, whether its gold alignment pairs it with an equal token.
fn right_flags(al: &mut Aligner, gold: &[Rc<Tok>], side: &[Rc<Tok>]) -> Vec<bool> {
    let mut flags = vec![false; side.len()];
    for pair in al.align(gold, side) {
        if let (Some(i), Some(j)) = pair
            && gold[i].key == side[j].key
        {
            flags[j] = true;
        }
    }
    flags
}

pub(crate) fn score_changes(
    gold: &[&str],
    input: &[&str],
    hyp: &[&str],
    opts: &ScoreOptions,
) -> ChangesReport {
    let mut al = Aligner::default();
    let mut tk = Tokenizer::new(opts);
    let mut r = ChangesReport {
        lines: gold.len(),
        ..ChangesReport::default()
    };
    for ((gl, il), hl) in gold.iter().zip(input).zip(hyp) {
        let g = tk.line(gl);
        let inp = tk.line(il);
        let h = tk.line(hl);
        r.input_tokens += inp.len();
        r.hyp_tokens += h.len();
        let in_ok = right_flags(&mut al, &g, &inp);
        let hyp_ok = right_flags(&mut al, &g, &h);
        for pair in al.align(&inp, &h) {
            match pair {
                (Some(k), Some(j)) if inp[k].key == h[j].key => {
                    r.unchanged += 1;
                    if hyp_ok[j] {
                        r.unchanged_right += 1;
                    } else {
                        r.unchanged_wrong += 1;
                    }
                }
                (Some(k), Some(j)) => {
                    r.substituted += 1;
                    match (in_ok[k], hyp_ok[j]) {
                        (false, true) => r.became_right += 1,
                        (false, false) => r.stayed_wrong += 1,
                        (true, false) => r.became_wrong += 1,
                        (true, true) => r.still_right += 1,
                    }
                }
                (None, Some(j)) => {
                    r.inserted += 1;
                    if hyp_ok[j] {
                        r.became_right += 1;
                    } else {
                        r.became_wrong += 1;
                    }
                }
                (Some(k), None) => {
                    r.deleted += 1;
                    if in_ok[k] {
                        r.became_wrong += 1;
                    } else {
                        r.became_right += 1;
                    }
                }
                (None, None) => {}
            }
        }
    }
    r.changed = r.substituted + r.inserted + r.deleted;
    r.change_precision = ratio(r.became_right, r.changed);
    r.net_gain = r.became_right as i64 - r.became_wrong as i64;
    r
}

impl ChangesReport {
    /// A human summary of the repair's edits.
    pub fn render_table(&self) -> String {
        let rows = [
            (
                "input tokens",
                self.input_tokens.to_string(),
                format!("hyp {}", self.hyp_tokens),
            ),
            (
                "unchanged",
                self.unchanged.to_string(),
                format!(
                    "right {}, wrong {}",
                    self.unchanged_right, self.unchanged_wrong
                ),
            ),
            (
                "changed",
                self.changed.to_string(),
                format!(
                    "sub {}, ins {}, del {}",
                    self.substituted, self.inserted, self.deleted
                ),
            ),
            ("became right", self.became_right.to_string(), String::new()),
            ("stayed wrong", self.stayed_wrong.to_string(), String::new()),
            ("became wrong", self.became_wrong.to_string(), String::new()),
            ("still right", self.still_right.to_string(), String::new()),
            (
                "change precision",
                pct(self.change_precision),
                format!("net gain {:+}", self.net_gain),
            ),
        ];
        let rows: Vec<_> = rows.into_iter().map(|(a, b, c)| (a.into(), b, c)).collect();
        table(&rows)
    }
}
