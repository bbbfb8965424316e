//! The items of a document record: its header, sections, references, dates,
//! dossier counts and warnings. Field meanings are those of
//! `extract-dev/CONVENTIONS.md` (copied in `docs/record.md`): lines are
//! 1-based and count `\n` only; spans are byte ranges `[start, end)` of the
//! original input, whatever its encoding.

use super::vocab::{Granularity, Metric, WarningKind, Zone};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` of the original input, as `[start, end]`.
pub type Span = (usize, usize);

/// A box on a page, `[x0, y0, x1, y1]` (left, top, right, bottom; origin
/// at the top left), in the units of the OCR file (pixels for Tesseract).
pub type BBox = (u32, u32, u32, u32);

/// Where an item sits on the scanned page, so an analyst can look at the
/// image region it was read from. Only inputs read from an OCR engine's
/// hOCR, ALTO or TSV have one; for plain text both fields are `null`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Region {
    /// 1-based page of the OCR file the item starts on.
    pub page: Option<u32>,
    /// The union of the boxes of the item's words on that page.
    pub bbox: Option<BBox>,
}

/// Where a value was read: the line it starts on, the line it ends on when
/// it crosses a line break, and its input bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    /// 1-based line of the first byte.
    pub line: usize,
    /// 1-based line of the last byte, when it differs from `line`.
    pub line_end: Option<usize>,
    /// Input byte range.
    pub span: Span,
    /// Page and box in an OCR input (`null` for plain text).
    #[serde(flatten)]
    pub region: Region,
}

/// What the document says about itself (CONVENTIONS.md §2). Every string
/// is restored Vietnamese; `null` when the document does not say.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Header {
    /// Number and symbol without spaces (`172/BC-UBND`); `null` when blank.
    pub number: Option<String>,
    /// The document's own kind, title case (`Quyết định`, `Công văn`).
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Issuing body, short form (`UBND xã Đông Sơn`, `HĐND tỉnh X`).
    pub issuer: Option<String>,
    /// Place name of the place/date line (`Vị Thanh`).
    pub place: Option<String>,
    /// ISO date of issue; `YYYY-MM` when the day is blank.
    pub date: Option<String>,
    /// Subject line(s) after the type word, joined, as written.
    pub title: Option<String>,
    /// The signer's name.
    pub signer: Option<String>,
    /// Where each field was read (`null` for a field that is `null`, or
    /// that was inferred rather than read, such as a type from its code).
    pub provenance: HeaderProvenance,
}

/// The location of each header field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HeaderProvenance {
    /// Where `number` was read.
    pub number: Option<Location>,
    /// Where `type` was read.
    #[serde(rename = "type")]
    pub doc_type: Option<Location>,
    /// Where `issuer` was read.
    pub issuer: Option<Location>,
    /// Where `place` was read.
    pub place: Option<Location>,
    /// Where `date` was read.
    pub date: Option<Location>,
    /// Where `title` was read.
    pub title: Option<Location>,
    /// Where `signer` was read.
    pub signer: Option<Location>,
}

impl HeaderProvenance {
    /// The locations of the fields that were read, for the stages that
    /// move or place them all alike.
    pub(crate) fn locations_mut(&mut self) -> impl Iterator<Item = &mut Location> {
        [
            &mut self.number,
            &mut self.doc_type,
            &mut self.issuer,
            &mut self.place,
            &mut self.date,
            &mut self.title,
            &mut self.signer,
        ]
        .into_iter()
        .flatten()
    }
}

/// A section heading (CONVENTIONS.md §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    /// Normalised marker (`II.`, `1.2.`, `a)`, `Điều 3.`, `Chương I`);
    /// `null` for an appendix title.
    pub marker: Option<String>,
    /// The marker as the input spells it (`I1.`), `null` when none.
    pub surface_marker: Option<String>,
    /// 1 for Roman numerals, `Phần`, `Chương` (or `Điều` when articles are
    /// the only structure); deeper numbering counts down from there.
    pub level: u8,
    /// Restored heading text, multi-line headings joined; `null` when the
    /// marker has no heading of its own.
    pub title: Option<String>,
    /// True for an appendix title (after the signature).
    pub appendix: bool,
    /// True where a careful reader might read it otherwise.
    pub doubtful: bool,
    /// 1-based line of the heading.
    pub line: usize,
    /// Last line of a multi-line heading.
    pub line_end: Option<usize>,
    /// Input bytes of the heading.
    pub span: Span,
    /// Page and box in an OCR input (`null` for plain text).
    #[serde(flatten)]
    pub region: Region,
}

/// A mention of a specific document (CONVENTIONS.md §4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Reference {
    /// Kind word as the text gives it, title case (`Nghị định`, `Luật`).
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// The code as written, spaces removed, OCR restored (`07/QĐ-UBND`);
    /// `null` for a document cited by name only.
    pub number: Option<String>,
    /// ISO date of issue (`YYYY-MM` when only month and year are given).
    pub date: Option<String>,
    /// Issuing body when the sentence says it (`của X`, `X ban hành`).
    pub issuer: Option<String>,
    /// Part of the document the mention sits in.
    pub zone: Zone,
    /// True where a careful reader might not count it.
    pub doubtful: bool,
    /// 1-based line of the type word (or of the number when there is none).
    pub line: usize,
    /// Last line, when the mention crosses a line break.
    pub line_end: Option<usize>,
    /// Input bytes of the mention.
    pub span: Span,
    /// Page and box in an OCR input (`null` for plain text).
    #[serde(flatten)]
    pub region: Region,
}

/// A date expression (CONVENTIONS.md §5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DateMention {
    /// The surface as it stands in the input (line breaks as one space).
    pub text: String,
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn`, `YYYY-H1|H2`, `YYYY` or `YYYY/YYYY`.
    pub value: String,
    /// How precise `value` is.
    pub granularity: Granularity,
    /// Part of the document the date sits in.
    pub zone: Zone,
    /// True for a value read from context (a year-less `quý I`).
    pub doubtful: bool,
    /// 1-based line of the first character.
    pub line: usize,
    /// Last line, when the surface crosses a line break.
    pub line_end: Option<usize>,
    /// Input bytes of the surface.
    pub span: Span,
    /// Page and box in an OCR input (`null` for plain text).
    #[serde(flatten)]
    pub region: Region,
}

/// A count of administrative-procedure dossiers (CONVENTIONS.md §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Dossier {
    /// What is counted.
    pub metric: Metric,
    /// The count (`2.449` → 2449); `null` for a rate stated without a count.
    pub value: Option<u64>,
    /// Normally `hồ sơ`.
    pub unit: String,
    /// The percentage that describes this count (`96,6%` → 96.6).
    pub percent: Option<f64>,
    /// Level and period the count belongs to (`cấp xã, quý I năm 2025`).
    pub scope: Option<String>,
    /// The surface as it stands in the input (line breaks as one space).
    pub text: String,
    /// Part of the document the count sits in.
    pub zone: Zone,
    /// True where a careful reader might read it otherwise.
    pub doubtful: bool,
    /// 1-based line of the number.
    pub line: usize,
    /// Last line, when the surface crosses a line break.
    pub line_end: Option<usize>,
    /// Input bytes of the surface.
    pub span: Span,
    /// Page and box in an OCR input (`null` for plain text).
    #[serde(flatten)]
    pub region: Region,
}

/// A place where the document's own numbers disagree (CONVENTIONS.md §7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Warning {
    /// What disagrees.
    pub kind: WarningKind,
    /// One sentence saying what and by how much, citing the values.
    pub message: String,
    /// First line involved.
    pub line: usize,
    /// Last line involved, when more than one.
    pub line_end: Option<usize>,
    /// Every line involved, ascending.
    pub lines: Vec<usize>,
}
