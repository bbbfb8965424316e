//! Writing an OCR file back with its words repaired: the file's bytes are
//! copied, and only a changed word's text and confidence are replaced.

use super::{InputFormat, OcrLayout, Slot};
use crate::text::{Edit, Rewrite};
use std::borrow::Cow;
use std::io::{self, Write};
use std::ops::Range;

/// Maps offsets of a text to offsets of its rewrite, for queries in
/// ascending order.
struct Forward<'a> {
    edits: &'a [Edit],
    next: usize,
    delta: isize,
}

impl Forward<'_> {
    fn map(&mut self, o: usize) -> usize {
        while let Some(e) = self.edits.get(self.next)
            && e.original.end <= o
        {
            self.delta = e.new.end as isize - e.original.end as isize;
            self.next += 1;
        }
        match self.edits.get(self.next) {
            // Inside a replaced token (one that crossed a word boundary,
            // which only glued words allow): the earlier word takes it all.
            Some(e) if e.original.start < o => e.new.end,
            _ => (o as isize + self.delta).max(0) as usize,
        }
    }
}

/// `text` as the file's format writes a word.
fn escaped(format: InputFormat, text: &str) -> Cow<'_, str> {
    let special: &[char] = match format {
        InputFormat::Alto => &['&', '<', '>', '"', '\''],
        InputFormat::Tsv => &['\t', '\n', '\r'],
        _ => &['&', '<', '>'],
    };
    if !text.contains(special) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match (format, c) {
            (InputFormat::Tsv, '\t' | '\n' | '\r') => out.push(' '),
            (InputFormat::Tsv, c) => out.push(c),
            (_, '&') => out.push_str("&amp;"),
            (_, '<') => out.push_str("&lt;"),
            (_, '>') => out.push_str("&gt;"),
            (InputFormat::Alto, '"') => out.push_str("&quot;"),
            (InputFormat::Alto, '\'') => out.push_str("&apos;"),
            (_, c) => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A confidence (0–1) as the format writes it, for its slot.
fn confidence(format: InputFormat, slot: &Slot, c: f32) -> Option<(Range<usize>, String)> {
    let value = match format {
        InputFormat::Alto => format!("{c:.2}"),
        InputFormat::Tsv => format!("{:.6}", c * 100.0),
        _ => format!("{}", (c * 100.0).round() as u32),
    };
    match slot {
        Slot::None => None,
        Slot::Replace(r) => Some((r.clone(), value)),
        Slot::Insert(at) => Some((
            *at..*at,
            match format {
                InputFormat::Alto => format!(" WC=\"{value}\""),
                _ => format!("; x_wconf {value}"),
            },
        )),
    }
}

impl OcrLayout {
    /// Writes the file with every word whose text `repaired` (a rewrite of
    /// the built `text`) changed replaced, and its confidence set to
    /// `scores`' lowest one inside the word (`(span of the built text,
    /// confidence)`, sorted; a changed word without one keeps the
    /// engine's). Everything else is copied byte for byte.
    pub(crate) fn write_repaired(
        &self,
        text: &str,
        repaired: &Rewrite,
        scores: &[(Range<usize>, f32)],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut fwd = Forward {
            edits: &repaired.edits,
            next: 0,
            delta: 0,
        };
        let mut splices: Vec<(Range<usize>, Cow<str>)> = Vec::new();
        let mut score_at = 0;
        let mut more = self.more_pieces.iter().peekable();
        for (i, w) in self.words.iter().enumerate() {
            let (a, b) = (fwd.map(w.text.start), fwd.map(w.text.end));
            let new = repaired.text.get(a..b.max(a)).unwrap_or("");
            let old = &text[w.text.clone()];
            while more.peek().is_some_and(|(k, _)| *k < i) {
                more.next();
            }
            if new == old {
                continue;
            }
            splices.push((w.content.clone(), escaped(self.format, new)));
            while let Some((_, piece)) = more.next_if(|(k, _)| *k == i) {
                splices.push((piece.clone(), Cow::Borrowed("")));
            }
            while scores
                .get(score_at)
                .is_some_and(|(s, _)| s.end <= w.text.start)
            {
                score_at += 1;
            }
            let lowest = scores[score_at..]
                .iter()
                .take_while(|(s, _)| s.start < w.text.end)
                .map(|(_, c)| *c)
                .reduce(f32::min);
            if let Some(c) = lowest
                && let Some((r, v)) = confidence(self.format, &w.conf_slot, c)
            {
                splices.push((r, Cow::Owned(v)));
            }
        }
        splices.sort_by_key(|(r, _)| r.start);
        let mut at = 0;
        for (r, new) in &splices {
            if r.start < at {
                continue;
            }
            out.write_all(&self.bytes[at..r.start])?;
            out.write_all(new.as_bytes())?;
            at = r.end;
        }
        out.write_all(&self.bytes[at..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(src: &str, reps: &[(Range<usize>, &str)]) -> Rewrite {
        Rewrite::apply(src, reps)
    }

    #[test]
    fn forward_maps_around_and_inside_edits() {
        let rw = rewrite("ab cd ef", &[(3..5, "xyz")]);
        let mut f = Forward {
            edits: &rw.edits,
            next: 0,
            delta: 0,
        };
        assert_eq!(
            [f.map(0), f.map(3), f.map(4), f.map(5), f.map(6)],
            [0, 3, 6, 6, 7]
        );
    }

    #[test]
    fn replaces_changed_words_and_their_confidence_only() {
        let hocr = "<div class='ocr_page'><span class='ocr_line'>\
            <span class='ocrx_word' title='bbox 0 0 9 9; x_wconf 40'>Quy&#233;t</span> \
            <span class='ocrx_word' title='bbox 9 0 19 9'>dinh</span> \
            <span class='ocrx_word' title='bbox 20 0 29 9; x_wconf 91'>s6</span></span></div>";
        let (doc, mut layout) =
            super::super::read("t", hocr.as_bytes().to_vec(), InputFormat::Hocr).unwrap();
        assert_eq!(doc.text, "Quyét dinh s6\n");
        let rw = rewrite(&doc.text, &[(0..6, "Quyết<"), (7..11, "định")]);
        let mut out = Vec::new();
        layout
            .write_repaired(&doc.text, &rw, &[(0..6, 0.876), (7..11, 0.5)], &mut out)
            .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("x_wconf 88'>Quyết&lt;</span>"), "{out}");
        assert!(
            out.contains("title='bbox 9 0 19 9; x_wconf 50'>định</span>"),
            "{out}"
        );
        assert!(out.contains("x_wconf 91'>s6</span>"), "{out}");
        layout.format = InputFormat::Alto;
        assert_eq!(escaped(layout.format, "a\"<"), "a&quot;&lt;");
        assert_eq!(escaped(InputFormat::Tsv, "a\tb"), "a b");
    }
}
