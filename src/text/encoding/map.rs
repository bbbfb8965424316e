//! The offset-preserving text builder every decoder feeds.

use crate::text::Document;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// Accumulates decoded characters with their input ranges, composing to NFC
/// run by run and anchoring only where text and input lengths diverge, so a
/// long ASCII run costs no anchors.
pub(super) struct MapBuilder {
    pub(super) text: String,
    pub(super) anchors: Vec<(usize, usize)>,
    /// The current NFC run: a starter and the combining marks after it.
    pub(super) pending: Vec<(char, usize, usize)>,
    /// Input offset that the end of `text` maps to under the current anchors.
    pub(super) input_at: usize,
    /// Input offset of the first decoded U+0000, for the binary-file check.
    pub(super) nul_at: Option<usize>,
}

impl MapBuilder {
    pub(super) fn with_capacity(n: usize) -> Self {
        MapBuilder {
            text: String::with_capacity(n + n / 4),
            anchors: Vec::new(),
            pending: Vec::with_capacity(4),
            input_at: 0,
            nul_at: None,
        }
    }

    /// Adds one decoded character that came from input bytes `start..end`.
    pub(super) fn push(&mut self, c: char, start: usize, end: usize) {
        if c == '\0' && self.nul_at.is_none() {
            self.nul_at = Some(start);
        }
        if canonical_combining_class(c) == 0 {
            self.flush();
        }
        self.pending.push((c, start, end));
    }

    /// Emits the pending run, NFC-composed if that changes it.
    pub(super) fn flush(&mut self) {
        match self.pending.len() {
            0 => {}
            1 => {
                let (c, s, e) = self.pending[0];
                self.emit(c.encode_utf8(&mut [0; 4]), s, e);
            }
            _ => {
                let run = std::mem::take(&mut self.pending);
                let composed: String = run.iter().map(|u| u.0).nfc().collect();
                if composed.chars().eq(run.iter().map(|u| u.0)) {
                    for &(c, s, e) in &run {
                        self.emit(c.encode_utf8(&mut [0; 4]), s, e);
                    }
                } else if let (Some(first), Some(last)) = (run.first(), run.last()) {
                    self.emit(&composed, first.1, last.2);
                }
                self.pending = run;
            }
        }
        self.pending.clear();
    }

    pub(super) fn emit(&mut self, s: &str, start: usize, end: usize) {
        if start != self.input_at {
            self.anchor(start);
        }
        self.text.push_str(s);
        self.input_at = end;
        if s.len() != end - start {
            self.anchor(end);
        }
    }

    pub(super) fn anchor(&mut self, input: usize) {
        let t = self.text.len();
        match self.anchors.last_mut() {
            Some(last) if last.0 == t => last.1 = input,
            _ => self.anchors.push((t, input)),
        }
    }

    pub(super) fn finish(mut self, encoding: &'static str, input_len: usize) -> Document {
        self.flush();
        if self.anchors.is_empty() && self.text.len() != input_len {
            // Identity map would be wrong only past the end; pin the end.
            self.anchors.push((self.text.len(), self.input_at));
        }
        Document::with_map(self.text, encoding, self.anchors, input_len)
    }
}
