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
            target: 1 << 20,
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
    /// Cut on UTF-16 code units (big endian when `Some(true)`).
    utf16: Option<bool>,
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
            utf16: None,
            offset: 0,
            lines: 0,
        }
    }

    /// The start of the input (up to a piece), read but not handed out, so
    /// the encoding can be detected before the first cut.
    pub fn head(&mut self) -> io::Result<&[u8]> {
        self.fill()?;
        Ok(&self.buf)
    }

    /// Everything not handed out yet, read whole; `None` when it is longer
    /// than `limit` bytes (an OCR file, parsed whole).
    pub fn read_rest(mut self, limit: u64) -> io::Result<Option<Vec<u8>>> {
        let mut all = std::mem::take(&mut self.buf);
        let room = (limit + 1).saturating_sub(all.len() as u64);
        self.inner.take(room).read_to_end(&mut all)?;
        Ok((all.len() as u64 <= limit).then_some(all))
    }

    /// Cuts on UTF-16 code units from now on (so no cut splits a unit).
    pub fn set_utf16(&mut self, big_endian: bool) {
        self.utf16 = Some(big_endian);
    }

    /// Reads until the buffer holds more than `target` bytes or the input ends.
    fn fill(&mut self) -> io::Result<()> {
        let want = self.limits.target + 1;
        // Straight into the buffer: a zeroed scratch chunk per piece cost
        // more than reading a small file.
        while !self.eof && self.buf.len() < want {
            let need = want - self.buf.len();
            let got = (&mut self.inner)
                .take(need as u64)
                .read_to_end(&mut self.buf)?;
            self.eof = got < need;
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
        } else if let Some(be) = self.utf16 {
            find_cut_utf16(&self.buf, self.limits, be)
        } else {
            find_cut(&self.buf, self.limits)
        };
        let rest = self.buf.split_off(cut);
        let piece = std::mem::replace(&mut self.buf, rest);
        self.offset += piece.len() as u64;
        self.lines += match self.utf16 {
            Some(be) => count_line_ends_utf16(&piece, be),
            None => count_line_ends(&piece),
        };
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

/// Code units of UTF-16 `bytes` (a trailing odd byte is ignored).
fn units(bytes: &[u8], be: bool) -> impl Iterator<Item = u16> + '_ {
    bytes.chunks_exact(2).map(move |p| {
        if be {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    })
}

/// [`count_line_ends`] on UTF-16 code units.
fn count_line_ends_utf16(bytes: &[u8], be: bool) -> usize {
    let u: Vec<u16> = units(bytes, be).collect();
    (0..u.len())
        .filter(|&i| u[i] == 0x0A || (u[i] == 0x0D && u.get(i + 1) != Some(&0x0A)))
        .count()
}

/// [`find_cut`] on UTF-16 code units: after a blank line, else a line end,
/// else a space, else between two units that are not a surrogate pair.
fn find_cut_utf16(buf: &[u8], limits: PieceLimits, be: bool) -> usize {
    let window = limits.target.min(buf.len()) / 2;
    let u: Vec<u16> = units(&buf[..(window * 2 + 4).min(buf.len())], be).collect();
    let newline_end = |i: usize| match u.get(i) {
        Some(0x0A) => Some(i + 1),
        Some(0x0D) => match u.get(i + 1) {
            Some(0x0A) => Some(i + 2),
            Some(_) => Some(i + 1),
            None => None,
        },
        _ => None,
    };
    let (mut last_blank, mut last_line, mut last_space) = (None, None, None);
    let mut i = 0;
    while i < window {
        if matches!(u[i], 0x20 | 0x09) {
            last_space = Some(i + 1);
        }
        let Some(end) = newline_end(i) else {
            i += 1;
            continue;
        };
        if end <= window {
            last_line = Some(end);
        }
        let mut j = end;
        while j < u.len() && matches!(u[j], 0x20 | 0x09 | 0x0B | 0x0C) {
            j += 1;
        }
        if let Some(e2) = newline_end(j)
            && e2 <= window
        {
            last_blank = Some(e2);
        }
        i = end;
    }
    let surrogate_pair = |c: usize| {
        c > 0
            && c < u.len()
            && (0xD800..0xDC00).contains(&u[c - 1])
            && (0xDC00..0xE000).contains(&u[c])
    };
    let mut cut = last_blank
        .or(last_line)
        .or(last_space)
        .unwrap_or(window.max(1));
    if surrogate_pair(cut) {
        cut += 1;
    }
    cut * 2
}

/// One decoded piece of an input.
pub(crate) struct DecodedPiece {
    /// The piece as text; its input spans are relative to the piece.
    pub doc: crate::text::Document,
    /// Offset of the piece in the input.
    pub byte_base: u64,
    /// Line ends of the input before the piece.
    pub line_base: usize,
    /// Input bytes of the piece.
    pub len: u64,
    /// The words of an OCR file (hOCR, ALTO, TSV), read whole as one piece.
    pub ocr: Option<std::sync::Arc<crate::ocr::OcrLayout>>,
}

/// Reads `reader` in pieces, decoding each (the encoding detected on the
/// start of the input, or the pipeline's), and hands them to `f` in order;
/// decoding errors name the input and the offset in the whole input.
pub(crate) fn for_each_piece(
    pipeline: &Pipeline,
    name: &str,
    reader: impl Read,
    forced: Option<Encoding>,
    f: &mut dyn FnMut(DecodedPiece) -> Result<()>,
) -> Result<()> {
    let mut pieces = PieceReader::new(reader, PieceLimits::default());
    let read_err = |error: io::Error| Error::Read {
        source_name: name.to_string(),
        error,
    };
    if pipeline.input_format != crate::InputFormat::Text
        && let Some(format) = pipeline.input_format.of(pieces.head().map_err(read_err)?)
    {
        return f(super::ocr::read_whole(name, pieces, format)?);
    }
    let enc = match forced.or(pipeline.encoding) {
        Some(e) => e,
        None => detect(pieces.head().map_err(read_err)?),
    };
    match enc {
        Encoding::Utf16Le => pieces.set_utf16(false),
        Encoding::Utf16Be => pieces.set_utf16(true),
        _ => {}
    }
    loop {
        let (byte_base, line_base) = (pieces.offset, pieces.lines);
        let Some(piece) = pieces.next_piece().map_err(read_err)? else {
            return Ok(());
        };
        // A BOM belongs to the first piece only: later pieces are decoded
        // as the same encoding without one.
        let doc = decode_auto(name, &piece, &pipeline.intake, Some(enc))
            .map_err(|e| Error::Input(shift(e, byte_base, line_base)))?;
        f(DecodedPiece {
            doc,
            byte_base,
            line_base,
            len: piece.len() as u64,
            ocr: None,
        })?;
    }
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
    let mut stats = RepairStats::default();
    for_each_piece(pipeline, name, reader, None, &mut |p| {
        if let Some(layout) = &p.ocr {
            let (rewrite, scores, s) = pipeline.repair_scored(&p.doc.text);
            stats.add(&s);
            layout
                .write_repaired(&p.doc.text, &rewrite, &scores, out)
                .map_err(Error::Write)?;
            progress(p.len);
            return Ok(());
        }
        let (rewrite, s) = pipeline.repair_summary(&p.doc.text);
        stats.add(&s);
        out.write_all(rewrite.text.as_bytes())
            .map_err(Error::Write)?;
        progress(p.len);
        Ok(())
    })?;
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
