//! An ASCII, lower-case, diacritic-free view of a text with one byte per
//! source character, so OCR-tolerant regexes can run on it and every match
//! maps back to exact source byte offsets.

use crate::text::fold_char;
use std::ops::Range;

/// Folded view: `folded[i]` is the fold of the i-th character of the source.
#[derive(Debug, Clone)]
pub struct View {
    /// The folded text (ASCII only, same number of chars as the source).
    pub folded: String,
    /// Source byte offset of each folded byte, plus the source length, as
    /// `bases[i >> BLOCK_BITS] + offs[i]`: half the memory of `usize`s (this
    /// is the largest allocation of an extraction), exact for any length.
    offs: Vec<u32>,
    bases: Vec<usize>,
}

/// Characters per block of [`View`]'s offsets: 4 bytes a character at most,
/// so an offset inside a block fits a `u32`.
const BLOCK_BITS: u32 = 20;

/// Folds one character to a single ASCII character; OCR look-alikes
/// (`¢`, `€`) fold to the letter they usually stand for.
pub fn ascii_fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let f = fold_char(c);
    if f.is_ascii() {
        return f;
    }
    match c {
        '¢' => 'c',
        '€' | '£' => 'e',
        '“' | '”' | '„' | '«' | '»' => '"',
        '‘' | '’' | '‚' => '\'',
        '—' | '–' | '‒' | '−' | '‐' => '-',
        '…' => '.',
        c if c.is_whitespace() => ' ',
        _ => '?',
    }
}

/// A regex over the folded view. The view is ASCII, so the pattern is
/// compiled without Unicode classes (`\s`, `\d`, `\b` in their ASCII
/// sense, the same on an ASCII haystack): a DFA a fraction of the size,
/// and a scan of the whole text about a third faster. A pattern that could
/// then match invalid UTF-8 (`\S`) keeps Unicode, with ASCII `\b`.
pub fn folded_regex(pattern: &str) -> Option<regex::Regex> {
    regex::Regex::new(&format!("(?-u){pattern}"))
        .or_else(|_| regex::Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")))
        .ok()
}

/// The first of a list of folded patterns that matches, found by one
/// regex with a group per pattern: one search instead of one per pattern,
/// and one compilation instead of dozens. Leftmost-first alternation
/// prefers the earliest pattern that lets the whole regex match, as trying
/// them one by one in order does.
pub struct FirstOf<T> {
    re: Option<regex::Regex>,
    values: Vec<T>,
}

impl<T> FirstOf<T> {
    /// `before (?:p1|p2|…) after`, each `p` (which must hold no group of
    /// its own) paired with its value.
    pub fn new<'a>(
        before: &str,
        patterns: impl IntoIterator<Item = (&'a str, T)>,
        after: &str,
    ) -> Self {
        let (alts, values): (Vec<String>, Vec<T>) = patterns
            .into_iter()
            .map(|(p, v)| (format!("({p})"), v))
            .unzip();
        // A group inside a pattern would shift every value after it.
        let re = folded_regex(&format!("{before}(?:{}){after}", alts.join("|")))
            .filter(|r| r.captures_len() == values.len() + 1);
        debug_assert!(re.is_some(), "FirstOf patterns must compile, without groups");
        FirstOf { re, values }
    }

    /// Where the match ends and the value of the pattern that made it.
    pub fn find(&self, s: &str) -> Option<(usize, &T)> {
        let c = self.re.as_ref()?.captures(s)?;
        let k = (1..c.len()).find(|&k| c.get(k).is_some())?;
        Some((c.get(0)?.end(), self.values.get(k - 1)?))
    }
}

impl View {
    /// Builds the view of `text`.
    pub fn new(text: &str) -> Self {
        let mut folded = String::with_capacity(text.len());
        let mut offs = Vec::with_capacity(text.len() + 1);
        let mut bases = Vec::new();
        let mut push = |offs: &mut Vec<u32>, at: usize| {
            if offs.len().is_multiple_of(1 << BLOCK_BITS) {
                bases.push(at);
            }
            let base = bases.last().copied().unwrap_or(0);
            offs.push(u32::try_from(at - base).unwrap_or(u32::MAX));
        };
        for (i, c) in text.char_indices() {
            folded.push(ascii_fold(c));
            push(&mut offs, i);
        }
        push(&mut offs, text.len());
        View {
            folded,
            offs,
            bases,
        }
    }

    /// Source byte range of a folded byte range.
    pub fn span(&self, r: Range<usize>) -> Range<usize> {
        self.offset(r.start)..self.offset(r.end)
    }

    /// Source byte offset of folded byte `i` (the source length past the end).
    fn offset(&self, i: usize) -> usize {
        let i = i.min(self.offs.len().saturating_sub(1));
        let base = self.bases.get(i >> BLOCK_BITS).copied().unwrap_or(0);
        base + self.offs.get(i).map_or(0, |&o| o as usize)
    }

    /// Folded lines with their folded start offsets (line terminators removed).
    pub fn lines(&self) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let b = self.folded.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\n' || b[i] == b'\r' {
                out.push((start, &self.folded[start..i]));
                if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            i += 1;
        }
        out.push((start, &self.folded[start..]));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The earliest pattern that matches wins, as trying them in order
    /// does, even where a later one matches longer.
    #[test]
    fn first_of_prefers_the_earliest_pattern_that_matches() {
        let kinds = [(r"ke\s+hoach", 1), (r"ke\s+hoach\s+hanh\s+dong", 2), (r"bao\s+cao", 3)];
        let fused = FirstOf::new("^", kinds, r"\s+");
        assert_eq!(fused.find("ke hoach hanh dong nam 2025"), Some((9, &1)));
        let alone = FirstOf::new("^", kinds, "$");
        assert_eq!(alone.find("ke hoach hanh dong"), Some((18, &2)));
        assert_eq!(alone.find("bao  cao"), Some((8, &3)));
        assert_eq!(alone.find("bao cao nam"), None);
    }

    #[test]
    fn maps_back_to_source_bytes() {
        let text = "Quyết định số 101-QĐ/ĐU “x”";
        let v = View::new(text);
        assert_eq!(v.folded, "quyet dinh so 101-qd/du \"x\"");
        let at = v.folded.find("101").unwrap_or(0);
        assert_eq!(&text[v.span(at..at + 9)], "101-QĐ/ĐU");
        assert_eq!(v.lines().len(), 1);
    }

    /// Offsets stay exact past a block of 2^20 characters.
    #[test]
    fn offsets_cross_blocks() {
        let text = "đ".repeat((1 << BLOCK_BITS) + 5) + "x";
        let v = View::new(&text);
        let n = v.folded.len();
        assert_eq!(v.span(n - 1..n), text.len() - 1..text.len());
        assert_eq!(v.span(1 << BLOCK_BITS..(1 << BLOCK_BITS) + 1), 2 << BLOCK_BITS..(2 << BLOCK_BITS) + 2);
        assert_eq!(v.span(n..n + 3), text.len()..text.len());
    }
}
