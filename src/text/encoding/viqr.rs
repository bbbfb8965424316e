//! VIQR (RFC 1456): ASCII mnemonics such as `Vie^.t`.

use crate::text::Letter;
use super::map::MapBuilder;
use super::vni::compose_marks;
use crate::syllable::is_syllable as is_plausible_syllable;
use unicode_normalization::char::{compose, decompose_canonical};

pub(super) const VIQR_TONES: [(char, char); 5] = [
    ('\'', '\u{301}'),
    ('`', '\u{300}'),
    ('?', '\u{309}'),
    ('~', '\u{303}'),
    ('.', '\u{323}'),
];

pub(super) fn viqr_tone(c: char) -> Option<char> {
    VIQR_TONES.iter().find(|t| t.0 == c).map(|t| t.1)
}

pub(super) fn is_viqr_mark(c: char) -> bool {
    matches!(c, '(' | '^' | '+') || viqr_tone(c).is_some()
}

/// A decoded character with the input range it came from.
pub(super) type Unit = (char, usize, usize);

/// Decodes input as UTF-8 (VIQR is ASCII, but files may mix in real
/// letters) and converts VIQR words.
pub(super) fn viqr_into(bytes: &[u8], lossy: bool, b: &mut MapBuilder) -> Result<(), usize> {
    let units = utf8_units(bytes, lossy)?;
    viqr_convert(&units, |c, s, e| b.push(c, s, e), &mut (0, 0));
    Ok(())
}

/// UTF-8 (BOM skipped) as units; `Err(offset)` at invalid bytes unless lossy.
pub(super) fn utf8_units(bytes: &[u8], lossy: bool) -> Result<Vec<Unit>, usize> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut units = Vec::with_capacity(bytes.len());
    let mut at = bom;
    for chunk in bytes[bom..].utf8_chunks() {
        for c in chunk.valid().chars() {
            units.push((c, at, at + c.len_utf8()));
            at += c.len_utf8();
        }
        let bad = chunk.invalid().len();
        if bad > 0 {
            if !lossy {
                return Err(at);
            }
            units.push(('\u{FFFD}', at, at + bad));
            at += bad;
        }
    }
    Ok(units)
}

/// The VIQR conversion proper, over units. Words are converted only when the
/// result is a plausible Vietnamese syllable; anything else stays literal.
/// `counts` receives (converted words, strongly marked words).
pub(super) fn viqr_convert(
    units: &[Unit],
    mut out: impl FnMut(char, usize, usize),
    counts: &mut (usize, usize),
) {
    let ch = |i: usize| units.get(i).map(|u| u.0);
    let mut i = 0;
    while i < units.len() {
        let (c, s, e) = units[i];
        let prev = i.checked_sub(1).and_then(ch);
        if c == '\\'
            && prev.is_some_and(char::is_letter)
            && ch(i + 1).is_some_and(|n| is_viqr_mark(n) || n == '\\')
        {
            // RFC 1456 escape: `Nam\.` keeps a literal full stop.
            if let Some(&(n, _, ne)) = units.get(i + 1) {
                out(n, s, ne);
            }
            i += 2;
            continue;
        }
        let word_start = c.is_ascii_alphabetic() && !prev.is_some_and(char::is_letter_or_number);
        if word_start {
            if let Some((word, next, strong)) = viqr_word(units, i) {
                for (wc, ws, we) in word {
                    out(wc, ws, we);
                }
                counts.0 += 1;
                counts.1 += usize::from(strong);
                i = next;
                continue;
            }
            // Not VIQR: copy the letter run verbatim.
            while let Some(&(lc, ls, le)) = units.get(i).filter(|u| u.0.is_letter()) {
                out(lc, ls, le);
                i += 1;
            }
            continue;
        }
        out(c, s, e);
        i += 1;
    }
}

/// A converted VIQR word: its characters, the index after it, and whether it
/// carries a mark English text hardly produces (`dd`, `^`, `(`, `+`, or a
/// `` ` ``/`~`/`.`/`?` tone inside the word), as opposed to `I'm` or `no.`.
pub(super) type ViqrWord = (Vec<Unit>, usize, bool);

/// Parses a VIQR word at `start`, or `None` if it has no marks or is not a
/// syllable.
pub(super) fn viqr_word(units: &[Unit], start: usize) -> Option<ViqrWord> {
    let ch = |i: usize| units.get(i).map(|u| u.0);
    let mut out: Vec<Unit> = Vec::new();
    let mut strong = false;
    let mut i = start;
    // Index in `out` of the last letter if a tone mark was its last unit.
    let mut last_tone: Option<usize> = None;
    if let (Some(d1 @ ('d' | 'D')), Some('d' | 'D')) = (ch(i), ch(i + 1)) {
        let c = if d1 == 'D' { 'Đ' } else { 'đ' };
        out.push((c, units[i].1, units[i + 1].2));
        strong = true;
        i += 2;
    }
    while let Some(&(c, s, _)) = units.get(i).filter(|u| u.0.is_ascii_alphabetic()) {
        let mut letter = c;
        let mut end = units[i].2;
        let mut j = i + 1;
        last_tone = None;
        if "aeiouyAEIOUY".contains(c) {
            let shaped = match ch(j) {
                Some('(') if matches!(c, 'a' | 'A') => compose(c, '\u{306}'),
                Some('^') if "aeoAEO".contains(c) => compose(c, '\u{302}'),
                Some('+') if "ouOU".contains(c) => compose(c, '\u{31B}'),
                _ => None,
            };
            if let Some(sc) = shaped {
                strong = true;
                letter = sc;
                end = units[j].2;
                j += 1;
            }
            if let Some(t) = ch(j).and_then(viqr_tone)
                && let Some(tc) = compose_marks(letter, [t])
            {
                // `a.m.`, `e.g.`: a mark on the first letter is weak evidence.
                strong |= t != '\u{301}'
                    && i > start
                    && ch(j + 1).is_some_and(|n| n.is_ascii_alphabetic());
                letter = tc;
                end = units[j].2;
                last_tone = Some(out.len());
                j += 1;
            }
        }
        out.push((letter, s, end));
        i = j;
    }
    if out.iter().all(|u| u.2 - u.1 == 1) {
        return None;
    }
    // A `.`/`?` ending the word is sentence punctuation unless the sentence
    // visibly goes on (space then a lower-case letter) and the toned word is
    // a syllable: `Nam.` stays `Nam.`, `le^. ho^m` becomes `lệ hôm`.
    let trailing = last_tone.filter(|_| matches!(i.checked_sub(1).and_then(ch), Some('.' | '?')));
    if let Some(idx) = trailing {
        let mut k = i;
        while matches!(ch(k), Some(' ' | '\t')) {
            k += 1;
        }
        let continues = k > i && ch(k).is_some_and(char::is_lowercase);
        if !continues || !is_plausible_syllable(&word_text(&out)) {
            let (c, s, e) = out[idx];
            out[idx] = (strip_tone(c), s, e - 1);
            i -= 1;
        }
    }
    // Marked = some letter came from several input bytes (`dd`, `a^`, `e'`).
    let marked = out.iter().any(|u| u.2 - u.1 > 1);
    (marked && is_plausible_syllable(&word_text(&out))).then_some((out, i, strong))
}

pub(super) fn word_text(units: &[Unit]) -> String {
    units.iter().map(|u| u.0).collect()
}

/// Removes the tone (not the vowel shape) from one letter.
pub(super) fn strip_tone(c: char) -> char {
    let mut base = None;
    let mut kept = Vec::new();
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        } else if !is_tone_mark(d) {
            kept.push(d);
        }
    });
    kept.into_iter()
        .try_fold(base.unwrap_or(c), compose)
        .unwrap_or(c)
}

pub(super) fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// ASCII text is VIQR only with several converted words making up a good
/// share of all words, enough of them with unambiguous marks; stray `a^2`,
/// `I'm` or `no. the` must not flip English to VIQR.
pub(super) fn looks_like_viqr(s: &str) -> bool {
    let units: Vec<Unit> = s
        .char_indices()
        .map(|(i, c)| (c, i, i + c.len_utf8()))
        .collect();
    let mut counts = (0, 0);
    viqr_convert(&units, |_, _, _| {}, &mut counts);
    let (converted, strong) = counts;
    let words = s
        .split_ascii_whitespace()
        .filter(|w| w.bytes().any(|b| b.is_ascii_alphabetic()))
        .count();
    strong >= 3 && converted * 10 >= words * 3 && strong * 100 >= words * 15
}
