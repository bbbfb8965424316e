//! What OCR engines write besides plain text: hOCR, ALTO XML (v2–v4) and
//! Tesseract TSV, read into the text the engine's own plain-text output
//! would be, and written back with the repaired words.
//!
//! Reading builds the text in reading order exactly as `tesseract … txt`
//! lays it out (words of a line one space apart, a line per line, a blank
//! line between paragraphs, a form feed between pages), so repair sees
//! whole sentences and extraction sees the same text, lines and items it
//! sees in the engine's plain text. Each word keeps its page, box, the
//! engine's confidence, its bytes in the built text and its bytes in the
//! file; the built text's [`Document`] maps every text offset back into
//! the file, so record spans are bytes of the OCR file like any input's.
//!
//! Writing splices the file: only a changed word's text and its confidence
//! are replaced (hOCR `x_wconf`, ALTO `WC`, TSV `conf`, now baocao's own
//! confidence in the new reading), every other byte — structure, boxes,
//! ids, unchanged words — is copied, so the file goes straight back into
//! the tools that read the engine's output. Repair never merges or splits
//! words (it replaces tokens, which never cross white space), so every
//! word keeps its own, valid box.
//!
//! Hostile files get a clear error naming the file, byte and line, never a
//! panic or unbounded work: entity declarations are refused (so nothing
//! expands), nesting is capped at [`MAX_DEPTH`], attributes at
//! [`MAX_ATTRIBUTE`], files at [`MAX_BYTES`].

mod alto;
mod build;
mod detect;
mod hocr;
mod tsv;
mod write;
mod xml;

use crate::record::{BBox, Region, Span};
use crate::text::Document;
use std::ops::Range;
use std::str::FromStr;

pub use detect::detect;

/// Largest OCR file read: it is parsed whole (a 256 MB hOCR is ~2,000 pages).
pub const MAX_BYTES: u64 = 256 << 20;
/// Deepest element nesting accepted (Tesseract's hOCR nests 6 deep).
pub const MAX_DEPTH: usize = 256;
/// Longest attribute value accepted (a word's `title` is ~40 bytes).
pub const MAX_ATTRIBUTE: usize = 64 << 10;

/// What kind of file an input is: plain text, or one of the formats an OCR
/// engine writes. `Auto` decides from the content (see [`InputFormat::of_content`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// Decide per input from its first bytes.
    #[default]
    Auto,
    /// Plain text, in any supported encoding.
    Text,
    /// hOCR: HTML with `ocr_page` / `ocr_line` / `ocrx_word` elements.
    Hocr,
    /// ALTO XML, versions 2 to 4.
    Alto,
    /// Tesseract's TSV (`level page_num block_num … conf text`).
    Tsv,
}

impl InputFormat {
    /// What kind of file starts with `head` (its first 64 KB are enough):
    /// what a walk asks before taking an `.html`, `.xml` or `.tsv` file.
    pub fn of_content(head: &[u8]) -> InputFormat {
        detect(head)
    }

    /// Every name, in the order help lists them.
    pub const NAMES: &'static [&'static str] = &["auto", "text", "hocr", "alto", "tsv"];

    /// The name of this format (as records' `format` and the command line
    /// spell it).
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Auto => "auto",
            InputFormat::Text => "text",
            InputFormat::Hocr => "hocr",
            InputFormat::Alto => "alto",
            InputFormat::Tsv => "tsv",
        }
    }

    /// The OCR format of an input starting with `head`, or `None` for
    /// text: `Auto` detects, the others are taken as given.
    pub fn of(self, head: &[u8]) -> Option<InputFormat> {
        match self {
            InputFormat::Auto => Some(detect(head)).filter(|f| *f != InputFormat::Text),
            InputFormat::Text => None,
            f => Some(f),
        }
    }
}

impl FromStr for InputFormat {
    type Err = crate::UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            InputFormat::Auto,
            InputFormat::Text,
            InputFormat::Hocr,
            InputFormat::Alto,
            InputFormat::Tsv,
        ]
        .into_iter()
        .find(|f| f.as_str() == s)
        .ok_or_else(|| crate::UnknownName {
            value: s.to_string(),
            names: InputFormat::NAMES,
        })
    }
}

/// Why an OCR file could not be read.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{source_name}: not valid {format}: {message} at byte {offset} (line {line})")]
pub struct OcrError {
    /// The input's name.
    pub source_name: String,
    /// `hOCR`, `ALTO` or `Tesseract TSV`.
    pub format: &'static str,
    /// What is wrong.
    pub message: String,
    /// Byte offset in the file.
    pub offset: usize,
    /// 1-based line in the file.
    pub line: usize,
}

/// Where a word's confidence goes when it is written back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Slot {
    /// The file has no place for it (an hOCR word without a `title`).
    None,
    /// These bytes hold the engine's value.
    Replace(Range<usize>),
    /// No value yet: a new one is inserted at this byte.
    Insert(usize),
}

/// One word as the engine recognised it.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// Index into [`OcrLayout::pages`].
    pub page: u32,
    /// Its box on the page, when the file gives one.
    pub bbox: Option<BBox>,
    /// Bytes of the built text.
    pub text: Range<usize>,
    /// Bytes of the file holding its text (the first piece, when markup
    /// splits it; the others are in [`OcrLayout::more_pieces`]).
    pub content: Range<usize>,
    /// Where its confidence sits in the file.
    pub conf_slot: Slot,
}

/// One page of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Page {
    /// Its extent, when the file gives one (else the union of its words).
    pub bbox: Option<BBox>,
}

/// The words of an OCR file, for placing record items on their pages and
/// writing the file back repaired. It owns the file's bytes.
#[derive(Debug, Clone)]
pub struct OcrLayout {
    pub(crate) format: InputFormat,
    pub(crate) bytes: Vec<u8>,
    /// Read only by the layout tests (every item's box lies in its page).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) pages: Vec<Page>,
    /// In file (and text) order.
    pub(crate) words: Vec<Word>,
    /// Further pieces of words whose text markup splits, `(word, bytes)`
    /// in file order: emptied when the word is rewritten.
    pub(crate) more_pieces: Vec<(usize, Range<usize>)>,
}

/// Reads an OCR file of the given format into the text in reading order
/// and the layout of its words.
pub fn read(
    source: &str,
    bytes: Vec<u8>,
    format: InputFormat,
) -> Result<(Document, OcrLayout), OcrError> {
    let name = match format {
        InputFormat::Alto => "ALTO",
        InputFormat::Tsv => "Tesseract TSV",
        _ => "hOCR",
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(error_at(
                source,
                name,
                &bytes,
                e.valid_up_to(),
                "invalid UTF-8".to_string(),
            ));
        }
    };
    let mut b = build::Builder::new(source, name, text);
    match format {
        InputFormat::Alto => alto::read(&mut b)?,
        InputFormat::Tsv => tsv::read(&mut b)?,
        _ => hocr::read(&mut b)?,
    }
    let (doc, mut layout) = b.finish(format);
    layout.bytes = bytes;
    Ok((doc, layout))
}

/// An [`OcrError`] at byte `offset` of `bytes`.
pub(crate) fn error_at(
    source: &str,
    format: &'static str,
    bytes: &[u8],
    offset: usize,
    message: String,
) -> OcrError {
    let offset = offset.min(bytes.len());
    OcrError {
        source_name: source.to_string(),
        format,
        message,
        offset,
        line: 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count(),
    }
}

/// A whole number written in ASCII digits (up to 9 of them), parsed
/// without the generic number parser: OCR files are mostly such numbers.
pub(crate) fn whole(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    digits.iter().try_fold(0u32, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

/// The union of two boxes.
pub(crate) fn union(a: BBox, b: BBox) -> BBox {
    (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
}

impl OcrLayout {
    /// The format the file was read as.
    pub fn format(&self) -> InputFormat {
        self.format
    }

    /// Extent of page `page` (1-based), when known: what the layout tests
    /// check every item's box against.
    #[cfg(test)]
    pub fn page_box(&self, page: u32) -> Option<BBox> {
        self.pages.get(page.checked_sub(1)? as usize)?.bbox
    }

    /// The words (their file bytes and boxes, 1-based page) whose bytes in
    /// the file overlap `span`: what [`OcrLayout::region`] unites.
    #[cfg(test)]
    pub fn words_in(&self, span: Span) -> Vec<(Span, u32, Option<BBox>)> {
        self.overlapping(span)
            .map(|w| ((w.content.start, w.content.end), w.page + 1, w.bbox))
            .collect()
    }

    fn overlapping(&self, (start, end): Span) -> impl Iterator<Item = &Word> {
        let first = self.words.partition_point(|w| w.content.end <= start);
        self.words[first..]
            .iter()
            .take_while(move |w| w.content.start < end.max(start + 1))
    }

    /// Page and box of an item whose bytes in the file are `span`: the page
    /// of its first word and the union of the boxes of its words on that
    /// page. Empty for a span that touches no word.
    pub fn region(&self, span: Span) -> Region {
        let mut words = self.overlapping(span);
        let Some(first) = words.next() else {
            return Region::default();
        };
        let bbox = std::iter::once(first)
            .chain(words.filter(|w| w.page == first.page))
            .filter_map(|w| w.bbox)
            .reduce(union);
        Region {
            page: Some(first.page + 1),
            bbox,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for n in InputFormat::NAMES {
            assert_eq!(n.parse::<InputFormat>().map(InputFormat::as_str), Ok(*n));
        }
        assert!("pdf".parse::<InputFormat>().is_err());
    }

    #[test]
    fn errors_name_file_byte_and_line() {
        let e = error_at("a.hocr", "hOCR", b"ab\ncd", 4, "bad".into());
        assert_eq!(
            e.to_string(),
            "a.hocr: not valid hOCR: bad at byte 4 (line 2)"
        );
    }
}
