//! Bytes → NFC text, remembering where every text byte came from in the input.

use super::Span;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Why input could not be turned into text.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// The bytes are not UTF-8 (and no other encoding was requested).
    #[error(
        "{source_name}: invalid UTF-8 at byte {offset} (line {line}); if the file is in a legacy encoding, name it with --encoding (windows-1258, tcvn3, vni-windows, viqr), or use --lossy to replace the bad bytes"
    )]
    InvalidUtf8 {
        source_name: String,
        offset: usize,
        line: usize,
    },
    /// The bytes are malformed in the (detected or requested) encoding.
    #[error(
        "{source_name}: invalid {encoding} at byte {offset} (line {line}); use --lossy to replace it"
    )]
    InvalidEncoding {
        source_name: String,
        encoding: &'static str,
        offset: usize,
        line: usize,
    },
    /// The bytes look like a binary file, not text.
    #[error("{source_name}: looks like binary data (NUL byte at offset {offset}), not text")]
    Binary { source_name: String, offset: usize },
}

/// How to read input bytes.
#[derive(Debug, Clone, Default)]
pub struct IntakeOptions {
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    pub lossy: bool,
    /// Accept NUL bytes (otherwise a NUL means "binary file").
    pub allow_binary: bool,
}

/// One input document as text, with a map back to the original bytes.
#[derive(Debug, Clone)]
pub struct Document {
    /// The text, NFC, without BOM. All spans in the pipeline index this.
    pub text: String,
    /// Name of the detected input encoding (`utf-8`, `utf-8-bom`, ...).
    pub encoding: &'static str,
    /// Sorted anchors `(text_offset, input_offset)`; between anchors the
    /// mapping is a shift. Empty means the text *is* the input.
    anchors: Vec<(usize, usize)>,
    input_len: usize,
}

impl Document {
    /// A document whose text is exactly its input (tests, benches).
    #[cfg(any(test, feature = "internals"))]
    pub fn from_text(text: impl Into<String>) -> Self {
        let text = text.into();
        let input_len = text.len();
        Document {
            text,
            encoding: "utf-8",
            anchors: Vec::new(),
            input_len,
        }
    }

    /// Builds a document from decoded text plus its anchor map (for decoders
    /// of other encodings). Anchors must be sorted by both coordinates.
    pub fn with_map(
        text: String,
        encoding: &'static str,
        anchors: Vec<(usize, usize)>,
        input_len: usize,
    ) -> Self {
        Document {
            text,
            encoding,
            anchors,
            input_len,
        }
    }

    /// Maps a text byte offset to the input byte offset it came from.
    pub fn input_offset(&self, text_offset: usize) -> usize {
        if self.anchors.is_empty() {
            return text_offset;
        }
        let i = self.anchors.partition_point(|&(t, _)| t <= text_offset);
        if i == 0 {
            // Identity up to the first anchor, but never past where it
            // lands: text before it may be longer than its input (a TCVN3
            // byte that composed into several chars), and offsets must stay
            // monotonic.
            return text_offset.min(self.anchors[0].1).min(self.input_len);
        }
        let (t, inp) = self.anchors[i - 1];
        let next_input = self.anchors.get(i).map_or(self.input_len, |a| a.1);
        (inp + (text_offset - t)).min(next_input)
    }

    /// Maps a text span to the input span it came from.
    pub fn input_span(&self, span: &Span) -> Span {
        self.input_offset(span.start)..self.input_offset(span.end)
    }
}

/// Decodes UTF-8 input (BOM optional), normalising to NFC.
pub fn decode(source: &str, bytes: &[u8], opts: &IntakeOptions) -> Result<Document, IntakeError> {
    if !opts.allow_binary
        && let Some(offset) = bytes.iter().position(|&b| b == 0)
    {
        return Err(IntakeError::Binary {
            source_name: source.to_string(),
            offset,
        });
    }
    let (body, bom, encoding) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, 3, "utf-8-bom"),
        None => (bytes, 0, "utf-8"),
    };
    let (raw, mut anchors) = match std::str::from_utf8(body) {
        Ok(s) => (s.to_string(), vec![(0, bom)]),
        Err(e) if !opts.lossy => {
            let offset = bom + e.valid_up_to();
            let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
            return Err(IntakeError::InvalidUtf8 {
                source_name: source.to_string(),
                offset,
                line,
            });
        }
        Err(_) => lossy_decode(body, bom),
    };
    let text = if is_nfc_quick(raw.chars()) == IsNormalized::Yes {
        raw
    } else {
        let (text, nfc_anchors) = nfc_with_map(&raw);
        anchors = compose(&anchors, &nfc_anchors, raw.len());
        text
    };
    if anchors == [(0, 0)] {
        anchors.clear();
    }
    Ok(Document::with_map(
        text,
        encoding,
        anchors,
        bytes.len(),
    ))
}

/// Replaces invalid sequences with U+FFFD, anchoring each replacement.
fn lossy_decode(body: &[u8], bom: usize) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(body.len());
    let mut anchors = vec![(0, bom)];
    for chunk in body.utf8_chunks() {
        out.push_str(chunk.valid());
        let invalid = chunk.invalid();
        if !invalid.is_empty() {
            let input_at = bom
                + (chunk.valid().as_ptr() as usize - body.as_ptr() as usize)
                + chunk.valid().len();
            anchors.push((out.len(), input_at));
            out.push('\u{FFFD}');
            anchors.push((out.len(), input_at + invalid.len()));
        }
    }
    (out, anchors)
}

/// NFC by runs (a starter and the marks after it), anchoring every run whose
/// length changed so offsets after it still map exactly.
fn nfc_with_map(raw: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(raw.len());
    let mut anchors = vec![(0, 0)];
    let mut run_start = 0;
    let flush = |from: usize, to: usize, out: &mut String, anchors: &mut Vec<(usize, usize)>| {
        let run = &raw[from..to];
        let before = out.len();
        out.extend(run.nfc());
        if out.len() - before != run.len() {
            anchors.push((out.len(), to));
        }
    };
    for (i, c) in raw.char_indices() {
        if i > run_start && unicode_normalization::char::canonical_combining_class(c) == 0 {
            flush(run_start, i, &mut out, &mut anchors);
            run_start = i;
        }
    }
    flush(run_start, raw.len(), &mut out, &mut anchors);
    (out, anchors)
}

/// Chains two anchor maps: `outer` maps raw→input, `inner` maps text→raw.
fn compose(
    outer: &[(usize, usize)],
    inner: &[(usize, usize)],
    raw_len: usize,
) -> Vec<(usize, usize)> {
    let outer_doc = Document::with_map(String::new(), "", outer.to_vec(), usize::MAX);
    let mut points: Vec<(usize, usize)> = inner
        .iter()
        .map(|&(t, r)| (t, outer_doc.input_offset(r.min(raw_len))))
        .collect();
    // Outer anchors (lossy replacements) must survive too, or text between a
    // U+FFFD and the next NFC change maps with the wrong shift: carry each to
    // text offsets through the inverse of `inner`.
    for &(r, input) in outer {
        let i = inner.partition_point(|&(_, ir)| ir <= r);
        let t = match i.checked_sub(1).and_then(|k| inner.get(k)) {
            Some(&(ta, ra)) => {
                let t = ta + (r - ra);
                inner.get(i).map_or(t, |next| t.min(next.0))
            }
            None => r,
        };
        points.push((t, input));
    }
    points.sort_unstable();
    points.dedup();
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> IntakeOptions {
        IntakeOptions::default()
    }

    #[test]
    fn bom_is_dropped_and_spans_shift() {
        let doc = decode("x", "\u{FEFF}Số 1".as_bytes(), &opts()).unwrap();
        assert_eq!(doc.text, "Số 1");
        assert_eq!(doc.encoding, "utf-8-bom");
        assert_eq!(doc.input_span(&(0..4)), 3..7);
    }

    #[test]
    fn nfd_is_composed_and_mapped_back() {
        let nfd = "Vie\u{0302}\u{0323}t Nam";
        let doc = decode("x", nfd.as_bytes(), &opts()).unwrap();
        assert_eq!(doc.text, "Việt Nam");
        let nam = doc.text.find("Nam").unwrap();
        assert_eq!(&nfd[doc.input_span(&(nam..nam + 3))], "Nam");
        assert_eq!(
            doc.input_span(&(0..doc.text.find(' ').unwrap())),
            0..nfd.find(' ').unwrap()
        );
    }

    #[test]
    fn invalid_utf8_names_offset_and_line() {
        let err = decode("scan.txt", b"ok\nab\xFFcd", &opts()).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("scan.txt") && msg.contains("byte 5") && msg.contains("line 2"),
            "{msg}"
        );
    }

    #[test]
    fn lossy_replaces_and_keeps_offsets() {
        let o = IntakeOptions {
            lossy: true,
            ..opts()
        };
        let doc = decode("x", b"ab\xFF\xFEcd", &o).unwrap();
        assert_eq!(doc.text, "ab\u{FFFD}\u{FFFD}cd");
        let cd = doc.text.find("cd").unwrap();
        assert_eq!(doc.input_span(&(cd..cd + 2)), 4..6);
    }

    #[test]
    fn lossy_and_nfd_together_keep_offsets() {
        let o = IntakeOptions {
            lossy: true,
            ..opts()
        };
        let mut input = b"ab\xFF\xFEcd ".to_vec();
        input.extend("Vie\u{0302}\u{0323}t xyz".as_bytes());
        let doc = decode("x", &input, &o).unwrap();
        assert_eq!(doc.text, "ab\u{FFFD}\u{FFFD}cd Việt xyz");
        for word in ["cd", "Việt", "xyz"] {
            let at = doc.text.find(word).unwrap();
            let span = doc.input_span(&(at..at + word.len()));
            let got: String = String::from_utf8_lossy(&input[span]).nfc().collect();
            assert_eq!(got, word);
        }
    }

    #[test]
    fn nul_byte_is_binary() {
        assert!(matches!(
            decode("x", b"a\0b", &opts()),
            Err(IntakeError::Binary { offset: 1, .. })
        ));
    }

    #[test]
    fn crlf_survives() {
        let doc = decode("x", b"a\r\nb", &opts()).unwrap();
        assert_eq!(doc.text, "a\r\nb");
    }
}
