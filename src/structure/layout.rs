//! Where the parts of a document are: the header block, the title, the
//! body, the closing (recipients and signature) and the annexes after it
//! (a promulgated plan or regulation, a form, a table), each annex opened
//! by its title and its caption `(Kèm theo Quyết định số …)` (Decree
//! 30/2020/NĐ-CP, Appendix I, part II). Items get their [`Zone`] from here,
//! and the outline is read part by part.

use crate::text::Letter;
use super::lines::Doc;
use crate::record::Zone;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// An annex after the signature.
#[derive(Debug, Clone, PartialEq)]
pub struct Annex {
    /// First line of the annex (its title, or its caption when untitled).
    pub start: usize,
    /// The title's lines (first, last) and folded range, when it has one.
    pub title: Option<(usize, usize, Range<usize>)>,
    /// First line after the title and caption: where its text starts.
    pub text: usize,
    /// A table or list (`Phụ lục`, `Biểu`, `Thống kê`, `Danh mục`), not
    /// running text: it has no sections of its own.
    pub table: bool,
}

/// The parts of one document, as line indices (0-based).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// First line of the title zone (the type line or the subject).
    pub title: usize,
    /// First line of the body.
    pub body: usize,
    /// First line of the closing (`Nơi nhận`, the signature block).
    pub closing: usize,
    /// Annexes, in order.
    pub annexes: Vec<Annex>,
    /// Folded start of every line.
    starts: Vec<usize>,
}

/// `(Kèm theo Quyết định …)`, `Ban hành kèm theo Nghị quyết …` (folded),
/// also with the type word garbled by OCR (`Kém theo Bdo cdo s6 68/…`).
static CAPTION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    super::view::folded_regex(
        r"(?:^|\()[\s*_]*(?:ban\s+hanh\s+)?kem\s+theo\s+(?:quyet\s+dinh|nghi\s+quyet|cong\s+van|ke\s+hoach|to\s+trinh|bao\s+cao|thong\s+tu|huong\s+dan|chi\s+thi|thong\s+bao|van\s+ban|nghi\s+dinh|chuong\s+trinh|(?:\S+\s+){1,3}s[o06]?\s*[:.]?\s*\d)",
    )
});

/// Where a caption starts on line `i`, if the line holds one that opens
/// an annex: at the line's start, or after the end of an upper-case title.
fn caption_at(doc: &Doc, i: usize) -> Option<usize> {
    let l = &doc.lines[i];
    let b = l.body();
    if !b.contains("kem") {
        return None;
    }
    // The caption may wrap (`(Ban hành kèm` / `theo Quyết định …`).
    let next = doc.lines.get(i + 1).map_or("", |n| n.body());
    let two = format!("{b} {next}");
    let m = CAPTION
        .as_ref()?
        .find(&two)
        .filter(|m| m.start() < b.len())?;
    let at = b[m.start()..]
        .find(|c: char| c.is_ascii_alphanumeric() || c == '(')
        .map_or(m.start(), |k| m.start() + k);
    if at == 0
        || b[..at]
            .trim_matches(|c: char| !c.is_ascii_alphanumeric())
            .is_empty()
    {
        return Some(0);
    }
    let before = doc.orig(l.body_start()..l.body_start() + at);
    (super::lines::upper_ratio(before) >= 0.75
        && before.chars().filter(|c| c.is_letter()).count() >= 3)
        .then_some(at)
}

fn is_upper_line(doc: &Doc, i: usize) -> bool {
    let t = doc.body_text(i);
    t.chars().filter(|c| c.is_letter()).count() >= 2 && doc.upper(i) >= 0.75
}

/// The annexes found after line `from`.
pub fn annexes(doc: &Doc, from: usize) -> Vec<Annex> {
    let n = doc.lines.len();
    let mut out: Vec<Annex> = Vec::new();
    let mut i = from;
    while i < n {
        let Some(at) = caption_at(doc, i) else {
            i += 1;
            continue;
        };
        let floor = out.last().map_or(from, |a| a.text);
        // The title: the caption line's own beginning and the upper-case
        // lines right above it, or else a `Phụ lục …` heading just above.
        let mut k = i;
        while k > floor && k + 8 > i && is_upper_line(doc, k - 1) && !is_closing_line(doc, k - 1) {
            k -= 1;
        }
        let first = if k < i || at > 0 {
            Some(k)
        } else {
            (floor.max(i.saturating_sub(5))..i)
                .find(|&j| doc.lines[j].body().starts_with("phu luc"))
        };
        let title = first.map(|f| {
            let (last, end) = if at > 0 {
                (i, doc.lines[i].body_start() + at)
            } else {
                (i - 1, doc.lines[i - 1].end())
            };
            (f, last, doc.lines[f].body_start()..end)
        });
        // The caption runs to its closing parenthesis.
        let mut j = i;
        while j + 1 < n && j < i + 3 && !doc.lines[j].body().contains(')') {
            j += 1;
        }
        let table = title.as_ref().is_some_and(|(_, _, r)| {
            let f = doc.view.folded[r.clone()].trim_start();
            ["phu luc", "bieu", "thong ke", "danh muc"]
                .iter()
                .any(|p| f.starts_with(p))
        });
        out.push(Annex {
            start: first.unwrap_or(i),
            title,
            text: j + 1,
            table,
        });
        i = j + 1;
    }
    out
}

/// A role, recipients or filing line of the closing.
fn is_closing_line(doc: &Doc, i: usize) -> bool {
    let b = doc.lines[i].body();
    super::agency::opens_signature(b) || b.starts_with("noi nhan") || b.starts_with("luu")
}

/// First line of the closing in lines `[body, end)`: the recipients'
/// heading, or the signature's role lines, whichever comes first; `end`
/// when there is neither.
pub fn closing(doc: &Doc, body: usize, end: usize) -> usize {
    let end = end.min(doc.lines.len());
    let recipients = (body..end)
        .rev()
        .find(|&i| doc.lines[i].body().starts_with("noi nhan"));
    // Role lines are looked for in the last part of the document only.
    let lower = end
        .saturating_sub(end.saturating_sub(body) * 2 / 5 + 12)
        .max(body);
    let mut role = (lower..end).rev().find(|&i| {
        let b = doc.lines[i].body();
        super::agency::role_len(b) > 0 && doc.upper(i) >= 0.6
    });
    while let Some(r) = role
        && r > body
        && super::agency::role_len(doc.lines[r - 1].body()) > 0
        && doc.upper(r - 1) >= 0.6
    {
        role = Some(r - 1);
    }
    match (recipients, role) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => end,
    }
}

impl Layout {
    /// The layout of `doc` whose title zone starts at line `title` and
    /// body at line `body`.
    pub fn new(doc: &Doc, title: usize, body: usize) -> Layout {
        let annexes = annexes(doc, body);
        let main_end = annexes.first().map_or(doc.lines.len(), |a| a.start);
        Layout {
            title: title.min(body),
            body,
            closing: closing(doc, body, main_end),
            annexes,
            starts: doc.lines.iter().map(|l| l.start).collect(),
        }
    }

    /// First line after the main document (the first annex, or the end).
    pub fn main_end(&self) -> usize {
        self.annexes.first().map_or(self.starts.len(), |a| a.start)
    }

    /// The zone of line `i`.
    pub fn zone_of_line(&self, i: usize) -> Zone {
        if i < self.title {
            Zone::Header
        } else if i < self.body {
            Zone::Title
        } else if i >= self.main_end() {
            Zone::Appendix
        } else {
            Zone::Body
        }
    }

    /// The zone of the folded offset `at`.
    pub fn zone(&self, at: usize) -> Zone {
        let i = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        self.zone_of_line(i)
    }

    /// The line ranges read for sections: the main body up to its closing,
    /// then each annex's text.
    pub fn parts(&self) -> Vec<Range<usize>> {
        let mut out = Vec::with_capacity(self.annexes.len() + 1);
        out.push(self.body..self.closing.max(self.body));
        for (k, a) in self.annexes.iter().enumerate() {
            let end = self
                .annexes
                .get(k + 1)
                .map_or(self.starts.len(), |b| b.start);
            // A table annex is read for its title only.
            let start = if a.table { end } else { a.text.min(end) };
            out.push(start..end);
        }
        out
    }
}
