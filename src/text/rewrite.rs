//! A rewritten text (e.g. after repair) that still knows where each of its
//! bytes came from in the text it was made from.

use super::Span;

/// One replaced piece: `original` bytes of the source became `new` bytes here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub original: Span,
    pub new: Span,
}

/// Text produced by replacing some spans of a source text.
#[derive(Debug, Clone, Default)]
pub struct Rewrite {
    pub text: String,
    /// Edits in order; bytes between edits are copied verbatim.
    pub edits: Vec<Edit>,
}

impl Rewrite {
    /// The source text unchanged.
    pub fn identity(text: &str) -> Self {
        Rewrite {
            text: text.to_string(),
            edits: Vec::new(),
        }
    }

    /// Builds a rewrite of `source` from sorted, non-overlapping replacements.
    pub fn apply(source: &str, replacements: &[(Span, &str)]) -> Self {
        let mut text = String::with_capacity(source.len() + source.len() / 8);
        let mut edits = Vec::with_capacity(replacements.len());
        let mut at = 0;
        for (span, new) in replacements {
            text.push_str(&source[at..span.start]);
            let start = text.len();
            text.push_str(new);
            edits.push(Edit {
                original: span.clone(),
                new: start..text.len(),
            });
            at = span.end;
        }
        text.push_str(&source[at..]);
        Rewrite { text, edits }
    }

    /// Maps an offset in the rewritten text to the source text. Offsets
    /// inside a replaced piece map to that piece's start (or end, if `end`).
    pub fn source_offset(&self, offset: usize, end: bool) -> usize {
        let i = self.edits.partition_point(|e| e.new.start <= offset);
        if i == 0 {
            return offset;
        }
        let e = &self.edits[i - 1];
        if offset >= e.new.end {
            e.original.end + (offset - e.new.end)
        } else if offset == e.new.start {
            e.original.start
        } else if end {
            e.original.end
        } else {
            e.original.start
        }
    }

    /// Maps a span of the rewritten text to the source span it covers.
    pub fn source_span(&self, span: &Span) -> Span {
        let start = self.source_offset(span.start, false);
        let end = self.source_offset(span.end, span.end > span.start);
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_map_back_through_edits() {
        let src = "Pang uy di ban hanh";
        let rw = Rewrite::apply(src, &[(0..4, "Đảng"), (5..7, "ủy"), (8..10, "đã")]);
        assert_eq!(rw.text, "Đảng ủy đã ban hành".replace("hành", "hanh"));
        let ban = rw.text.find("ban").unwrap();
        assert_eq!(&src[rw.source_span(&(ban..ban + 3))], "ban");
        assert_eq!(
            &src[rw.source_span(&(0..rw.text.find(" đã").unwrap()))],
            "Pang uy"
        );
        assert_eq!(rw.source_span(&(1..2)), 0..4);
    }
}
