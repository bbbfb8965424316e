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
    /// Source byte offset of each folded byte, plus the source length.
    offs: Vec<usize>,
}

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

impl View {
    /// Builds the view of `text`.
    pub fn new(text: &str) -> Self {
        let mut folded = String::with_capacity(text.len());
        let mut offs = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.char_indices() {
            folded.push(ascii_fold(c));
            offs.push(i);
        }
        offs.push(text.len());
        View { folded, offs }
    }

    /// Source byte range of a folded byte range.
    pub fn span(&self, r: Range<usize>) -> Range<usize> {
        let last = self.offs.len() - 1;
        self.offs[r.start.min(last)]..self.offs[r.end.min(last)]
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

    #[test]
    fn maps_back_to_source_bytes() {
        let text = "Quyết định số 101-QĐ/ĐU “x”";
        let v = View::new(text);
        assert_eq!(v.folded, "quyet dinh so 101-qd/du \"x\"");
        let at = v.folded.find("101").unwrap_or(0);
        assert_eq!(&text[v.span(at..at + 9)], "101-QĐ/ĐU");
        assert_eq!(v.lines().len(), 1);
    }
}
