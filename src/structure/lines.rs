//! The document as lines: each line's folded text (for OCR-tolerant
//! matching), its repaired text (for output and letter case), and the
//! measures the header and outline rules look at (case, width, the end of a
//! paragraph).

use super::view::View;
use std::ops::Range;

/// One line of the document.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// Folded offset of the line's first character.
    pub start: usize,
    /// The folded line (one byte per character of the text).
    pub fold: &'a str,
    /// Folded length of the Markdown/space prefix (`**`, `###`, `> `).
    pub lead: usize,
    /// The line's repaired text.
    pub text: &'a str,
}

impl<'a> Line<'a> {
    /// The folded line without its prefix and trailing space or Markdown.
    pub fn body(&self) -> &'a str {
        trim_md(&self.fold[self.lead..])
    }

    /// Folded offset of [`Line::body`].
    pub fn body_start(&self) -> usize {
        self.start + self.lead
    }

    /// Folded offset just past the line's last character.
    pub fn end(&self) -> usize {
        self.start + self.fold.len()
    }

    /// Nothing but space and Markdown.
    pub fn is_blank(&self) -> bool {
        self.body().is_empty()
    }

    /// Characters of the line's body.
    pub fn width(&self) -> usize {
        self.body().len()
    }
}

/// Trims white space, Markdown emphasis and a scan's `~` specks from both ends.
pub fn trim_md(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '#' | '_' | '>' | '~'))
}

/// Share of upper-case letters among the letters of `s` (0 when none).
pub fn upper_ratio(s: &str) -> f32 {
    let (mut letters, mut upper) = (0usize, 0usize);
    for up in s.chars().filter_map(crate::text::letter_case) {
        letters += 1;
        upper += usize::from(up);
    }
    if letters == 0 {
        0.0
    } else {
        upper as f32 / letters as f32
    }
}

/// The text, its folded view and its lines.
pub struct Doc<'a> {
    pub text: &'a str,
    pub view: &'a View,
    pub lines: Vec<Line<'a>>,
    /// Width (in characters) of a full line of running text: lines this
    /// long were wrapped by the page, so their paragraph goes on.
    pub wrap: usize,
    /// Upper-case share of each line's body.
    upper: Vec<f32>,
    /// Paragraphs follow each other without blank lines (a scan read line
    /// by line), so only the lines themselves tell where one ends.
    pub dense: bool,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, view: &'a View) -> Self {
        let lines: Vec<Line<'a>> = view
            .lines()
            .into_iter()
            .map(|(start, fold)| {
                let lead = fold.len()
                    - fold
                        .trim_start_matches(|c: char| {
                            // `~` opening a line is a scan's speck (`~III.`).
                            c.is_whitespace() || matches!(c, '*' | '#' | '_' | '>' | '~')
                        })
                        .len();
                let span = view.span(start..start + fold.len());
                Line {
                    start,
                    fold,
                    lead,
                    text: &text[span],
                }
            })
            .collect();
        let mut widths: Vec<usize> = lines.iter().map(Line::width).filter(|&w| w >= 20).collect();
        widths.sort_unstable();
        let wrap = widths
            .get(widths.len() * 4 / 5)
            .copied()
            .unwrap_or(80)
            .max(40);
        let blank = lines.iter().filter(|l| l.is_blank()).count();
        let mut doc = Doc {
            text,
            view,
            dense: blank * 10 < lines.len(),
            upper: Vec::new(),
            lines,
            wrap,
        };
        doc.upper = (0..doc.lines.len())
            .map(|i| upper_ratio(doc.body_text(i)))
            .collect();
        doc
    }

    /// The repaired text of a folded range.
    pub fn orig(&self, r: Range<usize>) -> &'a str {
        &self.text[self.view.span(r)]
    }

    /// The repaired text of line `i`'s body.
    pub fn body_text(&self, i: usize) -> &'a str {
        let l = &self.lines[i];
        let s = l.body_start();
        self.orig(s..s + l.body().len())
    }

    /// Upper-case share of line `i`.
    pub fn upper(&self, i: usize) -> f32 {
        self.upper.get(i).copied().unwrap_or(0.0)
    }

    /// Whether line `i` fills the page width, so its paragraph wraps on.
    pub fn is_full(&self, i: usize) -> bool {
        self.lines[i].width() * 5 >= self.wrap * 4
    }

    /// Whether line `i` ends a sentence or a clause (`.`, `;`, `:`, `!`, `?`).
    pub fn ends_clause(&self, i: usize) -> bool {
        let b = self.lines[i].body().trim_end_matches([')', '"', '\'', '*']);
        b.ends_with(['.', ';', ':', '!', '?'])
    }

    /// The first non-blank line at or after `i` (and before `to`).
    pub fn next_filled(&self, i: usize, to: usize) -> Option<usize> {
        (i..to.min(self.lines.len())).find(|&j| !self.lines[j].is_blank())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_text_and_case() {
        let t = "**BÁO CÁO**  \n\nKết quả năm 2024\n";
        let v = View::new(t);
        let d = Doc::new(t, &v);
        assert_eq!(d.lines.len(), 4);
        assert_eq!(d.lines[0].body(), "bao cao");
        assert_eq!(d.body_text(0), "BÁO CÁO");
        assert!(d.lines[1].is_blank());
        assert!(d.upper(0) > 0.99 && d.upper(2) < 0.2);
    }
}
