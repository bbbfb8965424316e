//! The text of an OCR file in reading order, built word by word by the
//! readers of every format, so all of them lay it out alike — and as
//! Tesseract's own plain-text output does: words of a line one space
//! apart, `\n` after a line, a blank line between paragraphs, a form feed
//! starting every page after the first, `\n` at the end.

use super::{InputFormat, OcrError, OcrLayout, Page, Slot, Word, error_at, union};
use crate::record::BBox;
use crate::text::Document;
use std::ops::Range;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// What separates the next word from the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    Space,
    Line,
    Paragraph,
    Page,
}

/// A word as a reader found it.
pub(crate) struct Found<'a> {
    /// Its text, entities resolved (white space is collapsed here).
    pub text: &'a str,
    /// The file bytes holding that text, in order (one unless markup
    /// splits it).
    pub pieces: &'a [Range<usize>],
    pub bbox: Option<BBox>,
    pub conf_slot: Slot,
    /// Written right after the previous word, without a space (an ALTO
    /// hyphen `HYP`).
    pub glued: bool,
}

/// Collects the words of one file.
pub(crate) struct Builder<'a> {
    pub source: &'a str,
    pub format: &'static str,
    /// The whole file (valid UTF-8).
    pub input: &'a str,
    text: String,
    anchors: Vec<(usize, usize)>,
    words: Vec<Word>,
    more: Vec<(usize, Range<usize>)>,
    pages: Vec<Page>,
    pending: Break,
    scratch: String,
}

impl<'a> Builder<'a> {
    pub fn new(source: &'a str, format: &'static str, input: &'a str) -> Self {
        Builder {
            source,
            format,
            input,
            text: String::with_capacity(input.len() / 8),
            anchors: Vec::new(),
            words: Vec::new(),
            more: Vec::new(),
            pages: Vec::new(),
            pending: Break::Space,
            scratch: String::new(),
        }
    }

    /// An error at byte `offset` of the file.
    pub fn error(&self, offset: usize, message: impl Into<String>) -> OcrError {
        error_at(
            self.source,
            self.format,
            self.input.as_bytes(),
            offset,
            message.into(),
        )
    }

    /// Starts a page (`bbox`: its extent, when the file says).
    pub fn page(&mut self, bbox: Option<BBox>) {
        self.pages.push(Page { bbox });
        self.pending = Break::Page;
    }

    pub fn line_end(&mut self) {
        self.pending = self.pending.max(Break::Line);
    }

    pub fn paragraph_end(&mut self) {
        self.pending = self.pending.max(Break::Paragraph);
    }

    /// Adds a word; one whose text is only white space is no word.
    pub fn word(&mut self, w: Found<'_>) {
        let (Some(first), Some(last)) = (w.pieces.first(), w.pieces.last()) else {
            return;
        };
        let text = w.text.trim_matches(|c: char| c.is_whitespace());
        if text.is_empty() {
            return;
        }
        // Most words are one run of ASCII: white space inside a word is
        // collapsed and the text made NFC only when there is any to do.
        let plain = text.is_ascii() && !text.bytes().any(|b| b.is_ascii_whitespace());
        if !plain {
            self.scratch.clear();
            for part in text.split_whitespace() {
                if !self.scratch.is_empty() {
                    self.scratch.push(' ');
                }
                self.scratch.push_str(part);
            }
        }
        if self.pages.is_empty() {
            self.pages.push(Page { bbox: None });
        }
        if !self.text.is_empty() {
            self.text.push_str(match self.pending {
                Break::Space if w.glued => "",
                Break::Space => " ",
                Break::Line => "\n",
                Break::Paragraph => "\n\n",
                Break::Page => "\n\u{c}",
            });
        }
        self.pending = Break::Space;
        let start = self.text.len();
        if plain {
            self.text.push_str(text);
        } else if is_nfc_quick(self.scratch.chars()) == IsNormalized::Yes {
            self.text.push_str(&self.scratch);
        } else {
            self.text.extend(self.scratch.nfc());
        }
        self.anchors.push((start, first.start));
        self.anchors.push((self.text.len(), last.end));
        let index = self.words.len();
        self.more
            .extend(w.pieces[1..].iter().map(|p| (index, p.clone())));
        self.words.push(Word {
            page: (self.pages.len() - 1) as u32,
            bbox: w.bbox,
            text: start..self.text.len(),
            content: first.clone(),
            conf_slot: w.conf_slot,
        });
    }

    /// The built text as a document mapping back into the file, and the
    /// layout of its words (without the file's bytes, which the caller owns).
    pub fn finish(mut self, format: InputFormat) -> (Document, OcrLayout) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        for (i, page) in self.pages.iter_mut().enumerate() {
            if page.bbox.is_none() {
                page.bbox = self
                    .words
                    .iter()
                    .filter(|w| w.page as usize == i)
                    .filter_map(|w| w.bbox)
                    .reduce(union);
            }
        }
        let doc = Document::with_map(
            self.text,
            "utf-8",
            self.anchors,
            self.input.len(),
        );
        let layout = OcrLayout {
            format,
            bytes: Vec::new(),
            pages: self.pages,
            words: self.words,
            more_pieces: self.more,
        };
        (doc, layout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(b: &mut Builder, text: &str, at: usize) {
        b.word(Found {
            text,
            pieces: std::slice::from_ref(&(at..at + text.len())),
            bbox: Some((0, 0, 1, 1)),
            conf_slot: Slot::None,
            glued: false,
        });
    }

    #[test]
    fn lays_text_out_as_tesseract_txt_does() {
        let input = "a b c d e f";
        let mut b = Builder::new("x", "hOCR", input);
        b.page(None);
        add(&mut b, "a", 0);
        add(&mut b, " b ", 2);
        b.line_end();
        add(&mut b, "c", 4);
        b.line_end();
        b.paragraph_end();
        add(&mut b, "d", 6);
        b.page(None);
        add(&mut b, "e\u{301}", 8);
        add(&mut b, "  ", 10);
        let (doc, layout) = b.finish(InputFormat::Hocr);
        assert_eq!(doc.text, "a b\nc\n\nd\n\u{c}é\n");
        assert_eq!(layout.words.len(), 5);
        assert_eq!(layout.words[4].page, 1);
        let e = layout.words[4].text.clone();
        assert_eq!(doc.input_span(&e), 8..11);
        assert_eq!(doc.input_span(&(0..1)), 0..1);
    }
}
