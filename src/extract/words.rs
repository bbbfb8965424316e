//! Words of the repaired text, read through its folded view: each word is
//! a folded byte range, with its spelling and its case in the repaired
//! text at hand. Phrase grammars (issuers, law names, dossier cues) walk
//! these words a few at a time from a given position, so every walk is
//! bounded and extraction stays linear.

use crate::text::Letter;
use crate::structure::view::View;
use std::ops::Range;

/// How a word is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// No capital letter (`hạn`), or no letter at all (`2024`).
    Lower,
    /// A capital first letter and at least one small one (`Bộ`, `UBNDx`).
    Upper,
    /// Every letter a capital (`BỘ`, `UBND`).
    Caps,
}

/// The repaired text with its folded view.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    /// The repaired text.
    pub text: &'a str,
    /// Its folded view.
    pub view: &'a View,
    /// The text has no diacritics at all (not repaired, or stripped):
    /// words are then compared by their folded forms.
    plain: bool,
}

/// How far a walk looks for the next word: separators longer than this
/// end a phrase (and keep every step bounded on hostile input).
const REACH: usize = 256;

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'?'
}

impl<'a> Words<'a> {
    /// The words of `text`, read through `view` (its folded view).
    pub fn new(text: &'a str, view: &'a View) -> Self {
        Words {
            text,
            view,
            plain: text.is_ascii(),
        }
    }

    /// The folded text.
    pub fn f(&self) -> &'a str {
        &self.view.folded
    }

    /// The first word that starts at or after `pos` (within [`REACH`]).
    pub fn at(&self, pos: usize) -> Option<Range<usize>> {
        let b = self.f().as_bytes();
        let start = (pos..b.len().min(pos + REACH)).find(|&i| is_word_byte(b[i]))?;
        let end = (start..b.len().min(start + REACH))
            .find(|&i| !is_word_byte(b[i]))
            .unwrap_or(b.len().min(start + REACH));
        Some(start..end)
    }

    /// The word that ends at or before `pos` (within [`REACH`]).
    pub fn before(&self, pos: usize) -> Option<Range<usize>> {
        let b = self.f().as_bytes();
        let pos = pos.min(b.len());
        let end = (pos.saturating_sub(REACH)..pos)
            .rev()
            .find(|&i| is_word_byte(b[i]))?
            + 1;
        let start = (end.saturating_sub(REACH)..end)
            .rev()
            .find(|&i| !is_word_byte(b[i]))
            .map_or(end.saturating_sub(REACH), |i| i + 1);
        Some(start..end)
    }

    /// The folded spelling of a range.
    pub fn folded(&self, r: &Range<usize>) -> &'a str {
        &self.f()[r.clone()]
    }

    /// The repaired spelling of a folded range.
    pub fn orig(&self, r: &Range<usize>) -> &'a str {
        &self.text[self.view.span(r.clone())]
    }

    /// How the word at `r` is written.
    pub fn case(&self, r: &Range<usize>) -> Case {
        let o = self.orig(r);
        let mut letters = o.chars().filter(|c| c.is_letter());
        let Some(first) = letters.next() else {
            return Case::Lower;
        };
        if !first.is_uppercase() {
            Case::Lower
        } else if letters.all(|c| c.is_uppercase()) {
            Case::Caps
        } else {
            Case::Upper
        }
    }

    /// The folded text between two positions (separators between words).
    pub fn gap(&self, from: usize, to: usize) -> &'a str {
        &self.f()[from.min(to)..to]
    }

    /// Matches the words of `phrase` (folded, space-separated) from `pos`,
    /// with only white space between them; the end of the last word.
    pub fn phrase(&self, pos: usize, phrase: &str) -> Option<usize> {
        let mut at = pos;
        for (i, want) in phrase.split(' ').enumerate() {
            let w = self.at(at)?;
            let gap = self.gap(at, w.start);
            if (i > 0 && gap.is_empty()) || gap.bytes().any(|b| !b.is_ascii_whitespace()) {
                return None;
            }
            if self.folded(&w) != want {
                return None;
            }
            at = w.end;
        }
        Some(at)
    }

    /// True when the word at `r` is `written` (a lower-case word with its
    /// diacritics): `tài` is not `tại`, `Sở` is not `số`. In a text without
    /// diacritics words match by their folded forms.
    pub fn is(&self, r: &Range<usize>, written: &str) -> bool {
        let o = self.orig(r);
        if self.plain {
            let folded: String = written
                .chars()
                .map(crate::structure::view::ascii_fold)
                .collect();
            return self.folded(r) == folded;
        }
        o.chars().flat_map(char::to_lowercase).eq(written.chars())
    }

    /// Matches the words of `written` (lower case, space-separated) from
    /// `pos` as [`Words::is`] does, with only white space between them; the
    /// end of the last word.
    pub fn says(&self, pos: usize, written: &str) -> Option<usize> {
        let mut at = pos;
        for (i, want) in written.split(' ').enumerate() {
            let w = self.at(at)?;
            let gap = self.gap(at, w.start);
            if (i > 0 && gap.is_empty()) || gap.bytes().any(|b| !b.is_ascii_whitespace()) {
                return None;
            }
            if !self.is(&w, want) {
                return None;
            }
            at = w.end;
        }
        Some(at)
    }

    /// The longest phrase of `list` (folded) starting at `pos`, with its end.
    pub fn longest<'l>(&self, pos: usize, list: &'l [String]) -> Option<(&'l str, usize)> {
        // Only phrases whose first word is the word there can match: one
        // comparison each, before the full match.
        let first = self.folded(&self.at(pos)?);
        let opens = |p: &str| {
            p.strip_prefix(first)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        };
        list.iter()
            .filter(|p| opens(p))
            .filter_map(|p| self.phrase(pos, p).map(|e| (p.as_str(), e)))
            .max_by_key(|&(p, _)| p.len())
    }
}

/// The folded forms of a list of written phrases.
pub fn folded_list(list: &[&str]) -> Vec<String> {
    list.iter()
        .map(|p| p.chars().map(crate::structure::view::ascii_fold).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_case() {
        let t = "của BỘ Tài chính, 2024";
        let v = View::new(t);
        let w = Words::new(t, &v);
        let a = w.at(3).unwrap();
        assert_eq!(w.orig(&a), "BỘ");
        assert_eq!(w.case(&a), Case::Caps);
        let b = w.at(a.end).unwrap();
        assert_eq!(w.case(&b), Case::Upper);
        assert_eq!(w.phrase(b.start, "tai chinh"), Some(16));
        assert_eq!(w.phrase(b.start, "tai chinh 2024"), None);
        let c = w.before(b.start).unwrap();
        assert_eq!(c, a);
        assert_eq!(w.case(&w.at(16).unwrap()), Case::Lower);
        assert!(w.is(&b, "tài") && !w.is(&b, "tại"));
        // `Nam` is not `năm` in a text with diacritics; without any, the
        // folded forms decide.
        let t = "Quảng Nam, năm";
        let v = View::new(t);
        let w = Words::new(t, &v);
        assert!(!w.is(&w.at(6).unwrap(), "năm"));
        let t = "Tai chinh tai";
        let v = View::new(t);
        let w = Words::new(t, &v);
        assert!(w.is(&w.at(0).unwrap(), "tại"));
        assert_eq!(w.says(0, "tài chính"), Some(9));
    }
}
