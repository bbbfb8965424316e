//! Reading a large input in pieces so memory stays flat however big it is.
//!
//! Pieces are cut, in order of preference, right after a blank line (repair
//! never looks across one, so the output is the same as repairing the whole
//! text), after a line end (a sentence spanning that line break loses its
//! context across it), or, for a line longer than [`PieceLimits::max_line`],
//! after a space or tab (or, failing even that, at a UTF-8 character
//! boundary). The cuts are made on bytes, which is right for UTF-8 and for
//! the single-byte legacy encodings whose newline and space are ASCII;
//! UTF-16 input must not be read this way.
//!
//! [`stream_repair`] decodes, repairs and writes each piece before reading
//! the next, so a 200 MB file costs a few MB. The encoding is detected once,
//! on the first piece (a forced encoding skips that); UTF-16 cannot be cut
//! on bytes, so UTF-16 input is read whole.

use super::{Pipeline, RepairStats};
use crate::error::{Error, Result};
use crate::text::breaks::{line_end_at, paragraph_break_end_bytes};
use crate::text::{Encoding, IntakeError, decode_auto, detect};
use std::io::{self, Read, Write};

/// How large pieces get.
#[derive(Debug, Clone, Copy)]
pub struct PieceLimits {
    /// Preferred piece size: a piece ends at the last good cut before this.
    pub target: usize,
    /// Longest stretch without a line end before cutting at whitespace.
    pub max_line: usize,
}

impl Default for PieceLimits {
    fn default() -> Self {
        PieceLimits {
            target: 4 << 20,
            max_line: 1 << 20,
        }
    }
}

/// Splits a byte stream into pieces cut at paragraph, line or word bounds.
pub struct PieceReader<R> {
    inner: R,
    buf: Vec<u8>,
    eof: bool,
    limits: PieceLimits,
    /// Bytes handed out so far (the next piece's offset in the input).
    pub offset: u64,
    /// Line ends handed out so far (the next piece's first line is this + 1).
    pub lines: usize,
}

impl<R: Read> PieceReader<R> {
    /// A reader with the given limits (`target` at least `max_line`).
    pub fn new(inner: R, limits: PieceLimits) -> Self {
        let limits = PieceLimits {
            target: limits.target.max(limits.max_line).max(1),
            max_line: limits.max_line.max(1),
        };
        PieceReader {
            inner,
            buf: Vec::new(),
            eof: false,
            limits,
            offset: 0,
            lines: 0,
        }
    }

    /// Reads until the buffer holds more than `target` bytes or the input ends.
    fn fill(&mut self) -> io::Result<()> {
        let want = self.limits.target + 1;
        let mut chunk = vec![0u8; 64 * 1024];
        while !self.eof && self.buf.len() < want {
            let n = (want - self.buf.len()).min(chunk.len());
            match self.inner.read(&mut chunk[..n]) {
                Ok(0) => self.eof = true,
                Ok(k) => self.buf.extend_from_slice(&chunk[..k]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// The next piece, or None at the end of input.
    pub fn next_piece(&mut self) -> io::Result<Option<Vec<u8>>> {
        self.fill()?;
        if self.buf.is_empty() {
            return Ok(None);
        }
        let cut = if self.eof && self.buf.len() <= self.limits.target {
            self.buf.len()
        } else {
            find_cut(&self.buf, self.limits)
        };
        let rest = self.buf.split_off(cut);
        let piece = std::mem::replace(&mut self.buf, rest);
        self.offset += piece.len() as u64;
        self.lines += count_line_ends(&piece);
        Ok(Some(piece))
    }
}

/// Line ends as [`crate::text::LineIndex`] counts them (`\n`, `\r\n`, lone
/// `\r`); pieces never split a `\r\n`, so counts add up across pieces.
pub fn count_line_ends(bytes: &[u8]) -> usize {
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            n += 1;
        }
    }
    n
}

/// Picks the cut for a buffer holding more than `limits.target` bytes.
fn find_cut(buf: &[u8], limits: PieceLimits) -> usize {
    let window = &buf[..limits.target.min(buf.len())];
    let mut last_blank = None;
    let mut last_line = None;
    let mut i = 0;
    while i < window.len() {
        let Some(end) = line_end_at(buf, i, false) else {
            i += 1;
            continue;
        };
        if end <= window.len() {
            last_line = Some(end);
        }
        if let Some(e2) = paragraph_break_end_bytes(buf, i)
            && e2 <= window.len()
        {
            last_blank = Some(e2);
        }
        i = end;
    }
    if let Some(c) = last_blank.or(last_line) {
        return c;
    }
    let line_window = &buf[..limits.max_line.min(buf.len())];
    if let Some(p) = line_window.iter().rposition(|&b| b == b' ' || b == b'\t') {
        return p + 1;
    }
    // No whitespace at all in a whole `max_line`: cut at a char boundary
    // that does not split a `\r\n` (backwards if possible, else forwards).
    let splits = |c: usize| {
        c < buf.len() && ((buf[c] & 0xC0) == 0x80 || (buf[c - 1] == b'\r' && buf[c] == b'\n'))
    };
    let mut c = line_window.len();
    while c > 1 && splits(c) {
        c -= 1;
    }
    if splits(c) {
        c = line_window.len();
        while splits(c) {
            c += 1;
        }
    }
    c
}

/// Streams the repair of `reader` (named `name` in errors) into `out`,
/// calling `progress` with the input bytes of each piece done.
pub(crate) fn stream_repair(
    pipeline: &Pipeline,
    name: &str,
    reader: impl Read,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(u64),
) -> Result<RepairStats> {
    let mut pieces = PieceReader::new(reader, PieceLimits::default());
    let read_err = |error: io::Error| Error::Read {
        source_name: name.to_string(),
        error,
    };
    let mut encoding = pipeline.encoding;
    let mut stats = RepairStats::default();
    loop {
        let (base_offset, base_line) = (pieces.offset, pieces.lines);
        let Some(mut piece) = pieces.next_piece().map_err(read_err)? else {
            break;
        };
        let enc = *encoding.get_or_insert_with(|| detect(&piece));
        if matches!(enc, Encoding::Utf16Le | Encoding::Utf16Be) {
            while let Some(more) = pieces.next_piece().map_err(read_err)? {
                piece.extend_from_slice(&more);
            }
        }
        let doc = decode_auto(name, &piece, &pipeline.intake, Some(enc))
            .map_err(|e| Error::Input(shift(e, base_offset, base_line)))?;
        let (rewrite, s) = pipeline.repair_summary(&doc.text);
        stats.add(&s);
        out.write_all(rewrite.text.as_bytes())
            .map_err(Error::Write)?;
        progress(piece.len() as u64);
    }
    Ok(stats)
}

/// Moves an intake error's position from piece to input coordinates.
fn shift(e: IntakeError, base_offset: u64, base_line: usize) -> IntakeError {
    let b = usize::try_from(base_offset).unwrap_or(usize::MAX);
    match e {
        IntakeError::InvalidUtf8 {
            source_name,
            offset,
            line,
        } => IntakeError::InvalidUtf8 {
            source_name,
            offset: offset.saturating_add(b),
            line: line + base_line,
        },
        IntakeError::InvalidEncoding {
            source_name,
            encoding,
            offset,
            line,
        } => IntakeError::InvalidEncoding {
            source_name,
            encoding,
            offset: offset.saturating_add(b),
            line: line + base_line,
        },
        IntakeError::Binary {
            source_name,
            offset,
        } => IntakeError::Binary {
            source_name,
            offset: offset.saturating_add(b),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(input: &[u8], target: usize, max_line: usize) -> Vec<Vec<u8>> {
        let mut r = PieceReader::new(input, PieceLimits { target, max_line });
        let mut out = Vec::new();
        while let Some(p) = r.next_piece().unwrap() {
            assert!(!p.is_empty());
            out.push(p);
        }
        assert_eq!(out.concat(), input);
        assert_eq!(r.lines, count_line_ends(input));
        out
    }

    #[test]
    fn prefers_blank_lines_then_lines() {
        let p = pieces(b"aa bb\ncc\n\ndd ee\nff gg\n", 16, 8);
        assert_eq!(p[0], b"aa bb\ncc\n\n");
        let p = pieces(b"aa bb\ncc dd\nee ff\n", 8, 8);
        assert_eq!(p[0], b"aa bb\n");
    }

    #[test]
    fn long_lines_cut_at_spaces_and_char_bounds() {
        let p = pieces(b"aaa bbb ccc ddd eee", 8, 6);
        assert!(p.iter().all(|x| x.len() <= 8));
        assert_eq!(p[0], b"aaa ");
        let s = "ăăăăăăăăăă";
        let p = pieces(s.as_bytes(), 5, 5);
        assert!(p.iter().all(|x| std::str::from_utf8(x).is_ok()));
    }

    #[test]
    fn never_splits_crlf() {
        let input = b"ab\r\ncd\r\nef\r\ngh";
        for t in 1..input.len() + 1 {
            for piece in pieces(input, t, t) {
                assert!(!piece.starts_with(b"\n"));
            }
        }
    }
}
