//! Independent chunks: large texts are repaired in pieces in parallel.
//!
//! Repair never looks across a blank line or past the line end of a line
//! that closes a sentence (the decoder flushes its sentence there and the
//! only look-ahead, the next non-space token, is the punctuation or the
//! newline itself), so cutting there and stitching the pieces back gives
//! exactly the bytes a sequential repair gives.

use super::RepairStats;
use crate::repair::engine::{Change, RepairOptions, Repaired, names_follow, resolve_kind};
use crate::repair::enumeration::opens_with_marker;
use crate::repair::units::{Unit, unit_of};
use crate::text::breaks::paragraph_break_end;
use crate::text::{Edit, LineIndex, Rewrite};
use crate::text::{TokenKind, tokenize};
use rayon::prelude::*;
use std::ops::Range;

/// Target size of a paragraph chunk repaired on its own (a chunk only ends
/// at a blank line, so it may be longer).
pub const CHUNK_BYTES: usize = 256 * 1024;

/// How one chunk is repaired (the pipeline's per-thread memo).
pub(crate) type RepairFn<'a> = dyn Fn(&str, &RepairOptions) -> Repaired + Sync + 'a;

/// Options with the input kind decided once for the whole text, so chunks
/// repaired apart behave exactly as one sequential repair.
pub(crate) fn options_for(text: &str, chunks: usize, opts: &RepairOptions) -> RepairOptions {
    let mut opts = opts.clone();
    if chunks > 1 {
        opts.document_kind = Some(resolve_kind(text, &tokenize(text), opts.input_kind));
    }
    opts
}

/// Repairs `text` in paragraph chunks of about `chunk_bytes` on the current
/// rayon pool; byte-identical to repairing it whole.
pub(crate) fn repair_parallel(
    text: &str,
    chunk_bytes: usize,
    opts: &RepairOptions,
    repair: &RepairFn,
) -> Repaired {
    let chunks = paragraph_chunks(text, chunk_bytes);
    if chunks.len() <= 1 {
        return repair(text, opts);
    }
    let opts = options_for(text, chunks.len(), opts);
    let parts: Vec<Repaired> = chunks
        .par_iter()
        .map(|r| repair(&text[r.clone()], &opts))
        .collect();
    stitch(text, &chunks, parts, true)
}

/// Like [`repair_parallel`] but drops the per-word change list as each
/// chunk finishes, keeping only totals: what a record of a huge file needs
/// without holding every change's strings.
pub(crate) fn repair_summary(
    text: &str,
    chunk_bytes: usize,
    opts: &RepairOptions,
    repair: &RepairFn,
) -> (Rewrite, RepairStats) {
    let chunks = paragraph_chunks(text, chunk_bytes);
    let opts = options_for(text, chunks.len(), opts);
    let parts: Vec<(Repaired, RepairStats)> = chunks
        .par_iter()
        .map(|r| {
            let mut rep = repair(&text[r.clone()], &opts);
            let stats = RepairStats::of(&rep, opts.record_changes);
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

/// Moves a chunk's repair (spans and lines relative to the chunk that starts
/// at byte `start` and line `line_base + 1` of a text) into text coordinates.
pub(crate) fn shift_repair(r: &mut Repaired, start: usize, line_base: usize) {
    for e in &mut r.rewrite.edits {
        e.original = e.original.start + start..e.original.end + start;
    }
    for c in &mut r.changes {
        c.span = c.span.start + start..c.span.end + start;
        c.line += line_base;
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
            line_base += LineIndex::new(&text[range.clone()]).count() - 1;
        }
    }
    Repaired {
        rewrite: Rewrite { text: out, edits },
        changes,
        words,
    }
}

/// Splits `text` into ranges of at least `target` bytes (except the last),
/// each ending where repair's context provably does not cross: right after
/// a blank line, or after the line end of a line whose last token ends a
/// sentence (`.`, `;`, `:` …). The decoder flushes its sentence at both,
/// no token spans a line end, and a word only looks ahead to the next
/// non-space token (here the punctuation or the line end), so each range
/// repairs independently and the pieces stitch into the sequential output.
/// (Nor after a line that makes the next one a signer's name: the name
/// reads with it. Nor before a line opening with a list marker: a list's
/// letters are read in one piece, `repair::enumeration`.)
pub fn paragraph_chunks(text: &str, target: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut line_start = 0;
    let mut i = 0;
    // The last line with text: a cut after it must not take a signer's
    // name from the line it reads as one under.
    let mut last_filled = 0..0;
    while i < bytes.len() {
        // Only a byte that is `\n`, or a `\r` not ending a `\r\n` pair's
        // first half, can start a newline token.
        let starts_newline = match bytes[i] {
            b'\n' => i == 0 || bytes[i - 1] != b'\r',
            b'\r' => true,
            _ => false,
        };
        if !starts_newline {
            i += 1;
            continue;
        }
        let line = line_start..i;
        if !text[line.clone()].trim().is_empty() {
            last_filled = line.clone();
        }
        let line_end = i + if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        line_start = line_end;
        if i - start >= target.max(1) && !names_follow(&text[last_filled.clone()]) {
            let cut = paragraph_break_end(text, i)
                .or_else(|| ends_sentence(&text[line]).then_some(line_end))
                .filter(|&end| !opens_with_marker(&text[end..]));
            if let Some(end) = cut {
                out.push(start..end);
                start = end;
                line_start = end;
                i = end;
                continue;
            }
        }
        i = line_end;
    }
    if start < bytes.len() || out.is_empty() {
        out.push(start..bytes.len());
    }
    out
}

/// Longest line read for a sentence end; a longer line is never a cut (the
/// chunk just runs on), so the check stays cheap on hostile input.
const SENTENCE_LINE_BYTES: usize = 4096;

/// Whether the last token of `line` (without its line end) ends the
/// decoder's sentence, by the same classification the decoder uses.
fn ends_sentence(line: &str) -> bool {
    if line.len() > SENTENCE_LINE_BYTES {
        return false;
    }
    tokenize(line)
        .iter()
        .rev()
        .find(|t| t.kind != TokenKind::Space)
        .is_some_and(|t| unit_of(t.kind, t.text(line)) == Unit::Boundary)
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
    fn no_blank_line_and_no_sentence_end_means_one_chunk() {
        assert_eq!(paragraph_chunks("a\nb\nc", 1), vec![0..5]);
        assert_eq!(paragraph_chunks("a.b\nc,\nd", 1), vec![0..8]);
        assert_eq!(paragraph_chunks("", 1), vec![0..0]);
    }

    #[test]
    fn a_line_that_ends_a_sentence_is_a_cut() {
        let text = "Một câu.\r\nhai\nba;  \nbốn: \nnăm\n";
        let ends: Vec<usize> = paragraph_chunks(text, 1).iter().map(|r| r.end).collect();
        assert_eq!(
            ends,
            vec![
                text.find("hai").unwrap_or(0),
                text.find("bốn").unwrap_or(0),
                text.find("năm").unwrap_or(0),
                text.len()
            ]
        );
        // A line too long to read is never a cut.
        let long = format!("{}.\nb.\nc", "a ".repeat(SENTENCE_LINE_BYTES));
        assert_eq!(paragraph_chunks(&long, 1).len(), 2);
    }

    #[test]
    fn no_cut_takes_a_signers_name_from_its_role_or_the_filing_line() {
        // Each of these lines ends a sentence, but the next is a name.
        let text =
            "Nơi nhận:\n- Lưu: VT.\nTống Văn Minh\nMột câu.\nKT. CHỦ TỊCH.\n\nLê Hòa\nHết.\n";
        let ends: Vec<usize> = paragraph_chunks(text, 1).iter().map(|r| r.end).collect();
        let at = |s: &str| text.find(s).unwrap_or(0);
        assert_eq!(ends, vec![at("- Lưu"), at("KT."), text.len()]);
    }

    #[test]
    fn parallel_repair_is_byte_identical() {
        use crate::repair::engine::{Session, repair_text};
        use crate::repair::model::Model;
        let Ok(model) = Model::embedded() else {
            panic!("embedded model")
        };
        let opts = RepairOptions::default();
        let repair =
            |t: &str, o: &RepairOptions| repair_text(t, &model, o, &mut Session::default());
        let para =
            "Pang uy di ban hanh Quyét dinh s6 101-QD/PU ngay 05/03/2024 vé\nviec thuc hien.\n";
        let mut text = String::new();
        for i in 0..40 {
            text.push_str(para);
            text.push_str(if i % 3 == 0 { "\r\n  \n" } else { "\n" });
        }
        // No blank line at all: cuts only at lines that end a sentence,
        // among lines that break mid-sentence and lines ending in `;`, `:`.
        for (i, line) in [
            "Pang uy di ban hanh Quyét dinh s6 101-QD/PU ngay 05/03/2024 vé",
            "viec thuc hien ké hoach;",
            "b, Cong tdc tuyén truyén:",
            "- Tö chirc hoi nghi s¢ két",
            "quy 1l nam 2024 (ngày 12/4).",
        ]
        .iter()
        .cycle()
        .take(60)
        .enumerate()
        {
            text.push_str(line);
            text.push_str(if i % 4 == 0 { "\r\n" } else { "\n" });
        }
        let seq = repair(&text, &opts);
        let chunks = paragraph_chunks(&text, 200);
        assert!(chunks.len() > 10);
        let par = repair_parallel(&text, 200, &opts, &repair);
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
        let (rw, stats) = repair_summary(&text, 300, &opts, &repair);
        assert_eq!(rw.text, seq.rewrite.text);
        assert_eq!(stats.changed, seq.changes.len());
    }
}
