//! The pipeline as one call per document, for the binary and for library
//! users: bytes → document → repaired text → (extraction) → records.
//!
//! Large texts are repaired in paragraph chunks in parallel. Repair never
//! looks across a blank line (the decoder flushes its sentence there and the
//! only look-ahead, the next non-space token, is the newline itself), so
//! cutting right after a blank line and stitching the pieces back gives
//! exactly the bytes a sequential repair gives.

use crate::repair::engine::{Change, RepairOptions, Repaired, Session, repair_text, resolve_kind};
use crate::repair::model::Model;
use crate::text::tokenize;
use crate::text::{Document, Edit, LineIndex, Rewrite};
use rayon::prelude::*;
use std::cell::RefCell;
use std::ops::Range;

/// Target size of a paragraph chunk repaired on its own (a chunk only ends
/// at a blank line, so it may be longer).
pub const CHUNK_BYTES: usize = 256 * 1024;

/// A loaded model plus the options to run it with.
pub struct Pipeline {
    pub model: Model,
    pub repair: RepairOptions,
}

thread_local! {
    /// One candidate memo per rayon worker: `Session` is not `Send`, and a
    /// warm memo is most of repair's speed on repetitive reports.
    static SESSION: RefCell<Session> = RefCell::new(Session::default());
}

/// Totals of a repair, for summaries that must not keep every change.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RepairStats {
    /// Words looked at.
    pub words: usize,
    /// Words changed.
    pub changed: usize,
    /// Sum of the changes' confidences (mean = sum / changed).
    pub confidence_sum: f64,
}

impl RepairStats {
    /// Totals of one repair.
    pub fn of(r: &Repaired) -> Self {
        RepairStats {
            words: r.words,
            changed: r.changes.len(),
            confidence_sum: r.changes.iter().map(|c| f64::from(c.confidence)).sum(),
        }
    }

    /// Mean confidence of the changes (1 when nothing changed).
    pub fn mean_confidence(&self) -> f64 {
        if self.changed == 0 {
            1.0
        } else {
            self.confidence_sum / self.changed as f64
        }
    }

    /// Adds another repair's totals.
    pub fn add(&mut self, o: &RepairStats) {
        self.words += o.words;
        self.changed += o.changed;
        self.confidence_sum += o.confidence_sum;
    }
}

impl Pipeline {
    /// Repairs one document (a `Session` per thread keeps candidate memos).
    pub fn repair(&self, doc: &Document, session: &mut Session) -> Repaired {
        repair_text(&doc.text, &self.model, &self.repair, session)
    }

    /// Repairs `text` with this thread's memo (falls back to a fresh one if
    /// the memo is already in use higher up this thread's stack).
    fn repair_local(&self, text: &str, opts: &RepairOptions) -> Repaired {
        SESSION.with(|s| match s.try_borrow_mut() {
            Ok(mut session) => repair_text(text, &self.model, opts, &mut session),
            Err(_) => repair_text(text, &self.model, opts, &mut Session::default()),
        })
    }

    /// Options with the input kind decided once for the whole text, so
    /// chunks repaired apart behave exactly as one sequential repair.
    fn options_for(&self, text: &str, chunks: usize) -> RepairOptions {
        let mut opts = self.repair.clone();
        if chunks > 1 {
            opts.document_kind = Some(resolve_kind(text, &tokenize(text), opts.input_kind));
        }
        opts
    }

    /// Repairs `doc` in paragraph chunks of about [`CHUNK_BYTES`] on the
    /// current rayon pool; byte-identical to [`Pipeline::repair`].
    pub fn repair_parallel(&self, doc: &Document) -> Repaired {
        self.repair_text_parallel(&doc.text)
    }

    /// [`Pipeline::repair_parallel`] on bare text.
    pub fn repair_text_parallel(&self, text: &str) -> Repaired {
        self.repair_text_parallel_with(text, CHUNK_BYTES)
    }

    /// [`Pipeline::repair_text_parallel`] with another chunk size (tests
    /// use tiny chunks to exercise stitching on small inputs).
    pub fn repair_text_parallel_with(&self, text: &str, chunk_bytes: usize) -> Repaired {
        let chunks = paragraph_chunks(text, chunk_bytes);

        if chunks.len() <= 1 {
            return self.repair_local(text, &self.repair);
        }
        let opts = self.options_for(text, chunks.len());
        let parts: Vec<Repaired> = chunks
            .par_iter()
            .map(|r| self.repair_local(&text[r.clone()], &opts))
            .collect();
        stitch(text, &chunks, parts, true)
    }

    /// Like [`Pipeline::repair_text_parallel`] but drops the per-word change
    /// list as each chunk finishes, keeping only totals: what a batch run of
    /// a huge file needs without holding every change's strings.
    pub fn repair_text_summary(&self, text: &str, chunk_bytes: usize) -> (Rewrite, RepairStats) {
        let chunks = paragraph_chunks(text, chunk_bytes);
        let opts = self.options_for(text, chunks.len());
        let parts: Vec<(Repaired, RepairStats)> = chunks
            .par_iter()
            .map(|r| {
                let mut rep = self.repair_local(&text[r.clone()], &opts);
                let stats = RepairStats::of(&rep);
                rep.changes = Vec::new();
                (rep, stats)
            })
            .collect();
        let mut total = RepairStats::default();
        let mut reps = Vec::with_capacity(parts.len());
        for (rep, stats) in parts {
            total.add(&stats);
            reps.push(rep);
        }
        (stitch(text, &chunks, reps, false).rewrite, total)
    }
}

/// Joins chunk repairs into the repair of the whole `text`: texts are
/// concatenated and every span and line is shifted to whole-text coordinates.
fn stitch(text: &str, chunks: &[Range<usize>], parts: Vec<Repaired>, lines: bool) -> Repaired {
    let out_len: usize = parts.iter().map(|p| p.rewrite.text.len()).sum();
    let mut out = String::with_capacity(out_len);
    let mut edits: Vec<Edit> =
        Vec::with_capacity(parts.iter().map(|p| p.rewrite.edits.len()).sum());
    let mut changes: Vec<Change> = Vec::with_capacity(parts.iter().map(|p| p.changes.len()).sum());
    let mut words = 0;
    let mut line_base = 0;
    for (range, part) in chunks.iter().zip(parts) {
        let (src, dst) = (range.start, out.len());
        out.push_str(&part.rewrite.text);
        edits.extend(part.rewrite.edits.into_iter().map(|e| Edit {
            original: e.original.start + src..e.original.end + src,
            new: e.new.start + dst..e.new.end + dst,
        }));
        changes.extend(part.changes.into_iter().map(|mut c| {
            c.span = c.span.start + src..c.span.end + src;
            c.line += line_base;
            c
        }));
        words += part.words;
        if lines {
            // Chunks end right after a newline, so the next chunk's line 1
            // is this chunk's last line start.
            line_base += LineIndex::new(&text[range.clone()]).len() - 1;
        }
    }
    Repaired {
        rewrite: Rewrite { text: out, edits },
        changes,
        words,
    }
}

/// Where a newline token starting at `i` ends (`\r\n` is one token), or None
/// when `bytes[i]` is not a newline.
fn newline_end(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i)? {
        b'\n' => Some(i + 1),
        b'\r' if bytes.get(i + 1) == Some(&b'\n') => Some(i + 2),
        b'\r' => Some(i + 1),
        _ => None,
    }
}

/// If a blank line starts with the newline at `i` (newline, horizontal
/// whitespace, newline, as the repair engine sees a paragraph break), the
/// offset just after its second newline. `text` must be whole: a `\r` at its
/// very end is taken as a lone `\r`.
fn blank_line_end(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let j = newline_end(bytes, i)?;
    for (k, c) in text[j..].char_indices() {
        if c == '\n' || c == '\r' {
            return newline_end(bytes, j + k);
        }
        if !c.is_whitespace() {
            return None;
        }
    }
    None
}

/// Splits `text` into ranges of at least `target` bytes (except the last),
/// each ending right after a blank line, so each repairs independently.
pub fn paragraph_chunks(text: &str, target: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = target.max(1);
    while i < bytes.len() {
        // Only a byte that is `\n`, or a `\r` not ending a `\r\n` pair's
        // first half, can start a newline token.
        let starts_newline = match bytes[i] {
            b'\n' => bytes[i - 1] != b'\r',
            b'\r' => true,
            _ => false,
        };
        if starts_newline && let Some(end) = blank_line_end(text, i) {
            out.push(start..end);
            start = end;
            i = end + target.max(1);
            continue;
        }
        i += 1;
    }
    if start < bytes.len() || out.is_empty() {
        out.push(start..bytes.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_tile_the_text_and_end_at_blank_lines() {
        let text = "a b\nc\n\nd e\r\n \r\nf\n\n\ng\rh\r\ri";
        for target in 1..text.len() + 2 {
            let chunks = paragraph_chunks(text, target);
            assert_eq!(chunks.first().map(|r| r.start), Some(0));
            assert_eq!(chunks.last().map(|r| r.end), Some(text.len()));
            for w in chunks.windows(2) {
                assert_eq!(w[0].end, w[1].start);
                let before = &text[..w[0].end];
                assert!(
                    before.ends_with("\n\n")
                        || before.ends_with("\r\n \r\n")
                        || before.ends_with("\r\r"),
                    "{target}: {before:?}"
                );
            }
        }
    }

    #[test]
    fn no_blank_line_means_one_chunk() {
        assert_eq!(paragraph_chunks("a\nb\nc", 1), vec![0..5]);
        assert_eq!(paragraph_chunks("", 1), vec![0..0]);
    }

    #[test]
    fn parallel_repair_is_byte_identical() {
        let Ok(model) = Model::embedded() else {
            panic!("embedded model")
        };
        let p = Pipeline {
            model,
            repair: RepairOptions::default(),
        };
        let para =
            "Pang uy di ban hanh Quyét dinh s6 101-QD/PU ngay 05/03/2024 vé\nviec thuc hien.\n";
        let mut text = String::new();
        for i in 0..40 {
            text.push_str(para);
            text.push_str(if i % 3 == 0 { "\r\n  \n" } else { "\n" });
        }
        let doc = Document::from_text("t", text.clone());
        let seq = p.repair(&doc, &mut Session::default());
        let chunks = paragraph_chunks(&text, 200);
        assert!(chunks.len() > 3);
        let parts = chunks
            .iter()
            .map(|r| p.repair_local(&text[r.clone()], &p.repair))
            .collect();
        let par = stitch(&text, &chunks, parts, true);
        assert_eq!(seq.rewrite.text, par.rewrite.text);
        assert_eq!(seq.rewrite.edits, par.rewrite.edits);
        assert_eq!(seq.words, par.words);
        assert_eq!(seq.changes.len(), par.changes.len());
        for (a, b) in seq.changes.iter().zip(&par.changes) {
            assert_eq!(
                (a.line, &a.span, &a.replacement),
                (b.line, &b.span, &b.replacement)
            );
        }
        let (rw, stats) = p.repair_text_summary(&text, 300);
        assert_eq!(rw.text, seq.rewrite.text);
        assert_eq!(stats.changed, seq.changes.len());
    }
}
