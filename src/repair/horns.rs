//! Horns English OCR writes as punctuation glued after the word.
//!
//! The horned `ư` under a grave, hook or tilde (`ừ`, `ử`, `ữ`) is a glyph
//! English OCR reads as `*`, mostly after an `i`: `t*` or `ti*` for `từ`,
//! `x*` or `xi*` for `xử`, `chi*` for `chữ`, `ni*` for `nữ`. Every short
//! word glued to a lone `*` in the OCR training pairs is one of these (25
//! of 25). So a word that is only an onset, or an onset and `i`, with a
//! single `*` right after it, is that onset and one of those three vowels,
//! and the star is part of it. A real footnote star follows a whole
//! syllable (`tỉnh*`, `cư*`) and the star closing an emphasis (`*xã*`) has
//! its opener before it on the line: both stay stars.
//!
//! The horn of `ơ` is often read as an apostrophe after the word: `co'` for
//! `cơ`, `t0'` for `tờ`, `trg'` for `trợ`, `gi¢’` for `giờ` (24 times in the
//! OCR pairs, against 5 real apostrophes, all English possessives and
//! quotes). So in OCR a short word with a lone apostrophe glued after it,
//! outside a single-quoted passage, reads as a word with a horn, the
//! apostrophe being part of it, when it has such a reading at all (`States'`
//! has none and keeps its apostrophe).

use crate::text::Letter;
use super::model::Model;
use super::vocab::EntryKind;
use crate::text::{HORN_GLYPHS, Token, TokenKind};

/// Initial consonants of Vietnamese syllables that may stand before `ư`.
const ONSETS: [&str; 21] = [
    "b", "c", "ch", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "r", "s", "t", "th",
    "tr", "v", "x",
];

/// The vowels the star stands for.
const HORNS: [char; 3] = ['ừ', 'ử', 'ữ'];

/// The syllables word `i` of `tokens` may be when a horn star follows it,
/// or none when it is no such word.
pub(crate) fn horn_star_syllables(
    model: &Model,
    text: &str,
    tokens: &[Token],
    i: usize,
) -> Option<Vec<u32>> {
    let word = tokens.get(i)?;
    if lone_glyph_after(text, tokens, i) != Some("*") || emphasis_open(&text[..word.span.start]) {
        return None;
    }
    let lower = word.text(text).to_lowercase();
    let onset = lower.strip_suffix('i').unwrap_or(&lower);
    if !ONSETS.contains(&onset) {
        return None;
    }
    // English OCR writes `đ` as `d`.
    let onsets: &[&str] = if onset == "d" { &["d", "đ"] } else { &[onset] };
    let ids: Vec<u32> = onsets
        .iter()
        .flat_map(|o| HORNS.iter().map(move |h| format!("{o}{h}")))
        .map(|s| model.vocab.lookup_word(&s))
        .filter(|&id| model.vocab.kind(id) == EntryKind::Syllable)
        .collect();
    (!ids.is_empty()).then_some(ids)
}

/// The `ư` under each tone, for a `?` that stands for one.
const U_HORNS: [char; 6] = ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'];

/// The syllables word `i` of `tokens` may be when a `?` glued after it is
/// OCR's horned `ư`, and the last token they cover; none when it is no
/// such word.
///
/// Some OCR engines read `ư` under a tone as `i?` or `t?`: `chi?c` for
/// `chức`, `tri?` for `trữ`, `st?` for `sử`, `git?` for `giữ` (20 times in
/// the OCR of `../shared/extract-dev`). So an onset, with or without that
/// `i`/`t`, a `?` glued after it and a coda of one or two letters glued
/// after that (or a space and a lower-case word: a question ends its
/// sentence) is one syllable with `ư`. A real question follows a whole
/// word (`thế nào? được`, `không? thì`), which is no onset.
pub(crate) fn horn_question_syllables(
    model: &Model,
    text: &str,
    tokens: &[Token],
    i: usize,
) -> Option<(Vec<u32>, usize)> {
    let (word, mark) = (tokens.get(i)?, tokens.get(i + 1)?);
    if word.kind != TokenKind::Word || mark.text(text) != "?" || mark.span.start != word.span.end {
        return None;
    }
    let (coda, last) = match (tokens.get(i + 2), tokens.get(i + 3)) {
        (Some(c), after) if c.kind == TokenKind::Word && c.span.start == mark.span.end => {
            let coda = c.text(text);
            let glued_on = after.is_some_and(|t| {
                t.span.start == c.span.end && matches!(t.kind, TokenKind::Word | TokenKind::Number)
            });
            if coda.len() > 2 || !coda.bytes().all(|b| b.is_ascii_lowercase()) || glued_on {
                return None;
            }
            (coda, i + 2)
        }
        (Some(sp), Some(next))
            if sp.kind == TokenKind::Space
                && next.kind == TokenKind::Word
                && next.text(text).starts_with(char::is_lowercase) =>
        {
            ("", i + 1)
        }
        _ => return None,
    };
    let lower = word.text(text).to_lowercase();
    let stems = [
        Some(lower.as_str()),
        lower.strip_suffix('i'),
        lower.strip_suffix('t'),
    ];
    let mut ids: Vec<u32> = Vec::new();
    for onset in stems.into_iter().flatten() {
        if !(ONSETS.contains(&onset) || matches!(onset, "gi" | "qu")) {
            continue;
        }
        // English OCR writes `đ` as `d`.
        let onsets: &[&str] = if onset == "d" { &["d", "đ"] } else { &[onset] };
        for o in onsets {
            for h in U_HORNS {
                let id = model.vocab.lookup_word(&format!("{o}{h}{coda}"));
                if model.vocab.kind(id) == EntryKind::Syllable && !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
    }
    (!ids.is_empty()).then_some((ids, last))
}

/// Whether word `i` of `tokens` has a lone apostrophe glued after it that
/// may be OCR's horn (see the module's documentation): a word of at most
/// four letters, nothing glued after the apostrophe, and no single quote
/// open on the line.
pub(crate) fn horn_apostrophe(text: &str, tokens: &[Token], i: usize) -> bool {
    lone_glyph_after(text, tokens, i).is_some_and(|g| g != "*")
        && tokens[i].text(text).chars().count() <= 4
        && !quote_open(&text[..tokens[i].span.start])
}

/// The [`HORN_GLYPHS`] mark glued after word `i` of `tokens`, when it is a
/// token of its own with no word glued after it.
fn lone_glyph_after<'t>(text: &'t str, tokens: &[Token], i: usize) -> Option<&'t str> {
    let (word, mark) = (tokens.get(i)?, tokens.get(i + 1)?);
    let glyph = mark.text(text);
    let glued_after = tokens
        .get(i + 2)
        .is_some_and(|t| t.kind == TokenKind::Word && t.span.start == mark.span.end);
    (word.kind == TokenKind::Word
        && mark.kind == TokenKind::Punct
        && HORN_GLYPHS.contains(&glyph)
        && mark.span.start == word.span.end
        && !glued_after)
        .then_some(glyph)
}

/// Whether a syllable has a horned vowel (`ơ`, `ư` under any tone).
pub(crate) fn has_horn(syllable: &str) -> bool {
    syllable.chars().any(|c| "ơờớởỡợưừứửữựƠỜỚỞỠỢƯỪỨỬỮỰ".contains(c))
}

/// Whether the line ending `before` has a single quote (`'`, `‘`, `’`)
/// opening a quotation (after a space, the line's start or punctuation,
/// before a letter) that no quote after a letter has closed since.
fn quote_open(before: &str) -> bool {
    marked_open(before, |c| matches!(c, '\'' | '‘' | '’'))
}

/// Whether the line ending `before` has a `*` opening an emphasis (after a
/// space, the line's start or punctuation, before a letter) that no star
/// after a letter has closed since.
fn emphasis_open(before: &str) -> bool {
    marked_open(before, |c| c == '*')
}

/// Whether the last line of `before` has a `mark` opening a span (after a
/// non-letter, before a letter) that no `mark` after a letter has closed.
fn marked_open(before: &str, mark: impl Fn(char) -> bool) -> bool {
    let line = before.rsplit(['\n', '\r']).next().unwrap_or(before);
    let mut open = false;
    let mut prev: Option<char> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if mark(c) {
            let after_letter = prev.is_some_and(char::is_letter_or_number);
            let before_letter = chars.peek().is_some_and(|n| n.is_letter_or_number());
            if after_letter {
                open = false;
            } else if before_letter {
                open = true;
            }
        }
        prev = Some(c);
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn question_horns(text: &str, word: &str) -> Option<Vec<String>> {
        let model = Model::embedded().expect("embedded model");
        let tokens = tokenize(text);
        let i = tokens.iter().position(|t| t.text(text) == word)?;
        let (ids, _) = horn_question_syllables(&model, text, &tokens, i)?;
        Some(ids.iter().map(|&id| model.vocab.word(id).to_string()).collect())
    }

    #[test]
    fn a_question_mark_glued_in_a_short_word_is_a_horned_u() {
        let has = |text: &str, word: &str, s: &str| {
            question_horns(text, word).is_some_and(|v| v.iter().any(|w| w == s))
        };
        assert!(has("cong chi?c cap xa", "chi", "chức"));
        assert!(has("luu tri? cua don vi", "tri", "trữ"));
        assert!(has("ung dung st? dung", "st", "sử"));
        assert!(has("bao ve git? ving", "git", "giữ"));
        // A question after a whole word, or before a capital, stays one.
        assert_eq!(question_horns("the nao? duoc quy dinh", "nao"), None);
        assert_eq!(question_horns("noi gi? To chuc", "gi"), None);
        assert_eq!(question_horns("url chi?cat=7", "chi"), None);
    }

    fn syllables(text: &str, word: &str) -> Option<Vec<String>> {
        let model = Model::embedded().expect("embedded model");
        let tokens = tokenize(text);
        let i = tokens.iter().position(|t| t.text(text) == word)?;
        let ids = horn_star_syllables(&model, text, &tokens, i)?;
        Some(ids.iter().map(|&id| model.vocab.word(id).to_string()).collect())
    }

    #[test]
    fn an_onset_and_a_star_is_a_horned_u() {
        // Only syllables Vietnamese has: `tữ` is not one.
        assert_eq!(syllables("kể ti* ngày", "ti").expect("ti*"), ["từ", "tử"]);
        assert!(syllables("làm xong t* năm", "t").is_some());
        let x = syllables("quy tắc ứng xi* của", "xi").expect("xi*");
        assert!(x.contains(&"xử".to_string()), "{x:?}");
        let d = syllables("di*, ", "di").expect("di*");
        assert!(d.contains(&"dữ".to_string()) && d.contains(&"đừ".to_string()), "{d:?}");
    }

    #[test]
    fn an_apostrophe_after_a_short_word_may_be_a_horn() {
        let at = |text: &str, word: &str| {
            let tokens = tokenize(text);
            let i = tokens.iter().position(|t| t.text(text) == word).expect(word);
            horn_apostrophe(text, &tokens, i)
        };
        assert!(at("c\u{e1}c co' quan", "co"));
        assert!(at("trg', ", "trg"));
        assert!(at("gi¢’ ", "gi¢"));
        // Inside a single-quoted passage, too long, or glued to a word.
        assert!(!at("'theo co' ", "co"));
        assert!(!at("the States' ", "States"));
        assert!(!at("co'ng", "co'ng"));
        assert!(has_horn("trợ") && has_horn("Ừ") && !has_horn("có"));
    }

    #[test]
    fn a_footnote_or_emphasis_star_stays() {
        // A whole syllable before it: a footnote.
        assert_eq!(syllables("tinh*):", "tinh"), None);
        assert_eq!(syllables("cu*)", "cu"), None);
        // Closing an emphasis opened on the line.
        assert_eq!(syllables("(*theo ti*)", "ti"), None);
        // Two stars, or a word glued after it.
        assert_eq!(syllables("ti** nay", "ti"), None);
        assert_eq!(syllables("tri*Vin", "tri"), None);
        // An emphasis closed before does not count.
        assert!(syllables("*xã*: kể ti* ngày", "ti").is_some());
    }
}
