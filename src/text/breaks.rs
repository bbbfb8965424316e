//! Line ends and paragraph breaks, defined once for every stage that cuts
//! text: the tokenizer, the repair engine (which never carries context
//! across a paragraph break), the chunker that repairs paragraphs in
//! parallel and the streamer that reads input in pieces. If they disagreed,
//! a cut could fall where repair does carry context and change the output.
//!
//! A line end is `\n`, `\r\n` or a lone `\r`. A paragraph break is a line
//! end, then only white space that is not a line end, then another line end.

/// White space that does not end a line.
pub fn is_inline_space(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r'
}

/// Where the line end starting at `i` ends, or `None` when `bytes[i]` is not
/// one. With `whole` false, `bytes` is a buffer that may continue: a `\r` as
/// its last byte might be half of a `\r\n`, so its end is not known yet.
pub fn line_end_at(bytes: &[u8], i: usize, whole: bool) -> Option<usize> {
    match bytes.get(i)? {
        b'\n' => Some(i + 1),
        b'\r' => match bytes.get(i + 1) {
            Some(b'\n') => Some(i + 2),
            Some(_) => Some(i + 1),
            None => whole.then_some(i + 1),
        },
        _ => None,
    }
}

/// If a paragraph break starts with the line end at `i` of the whole text
/// `text`, the offset just after its second line end.
pub fn paragraph_break_end(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let j = line_end_at(bytes, i, true)?;
    for (k, c) in text[j..].char_indices() {
        if c == '\n' || c == '\r' {
            return line_end_at(bytes, j + k, true);
        }
        if !is_inline_space(c) {
            return None;
        }
    }
    None
}

/// [`paragraph_break_end`] on raw bytes of a buffer that may continue, in
/// UTF-8 or a single-byte legacy encoding: only ASCII inline space counts
/// there, a subset of what the text definition allows, so every break found
/// here is a paragraph break of the decoded text too.
pub fn paragraph_break_end_bytes(buf: &[u8], i: usize) -> Option<usize> {
    let mut j = line_end_at(buf, i, false)?;
    while j < buf.len() && matches!(buf[j], b' ' | b'\t' | b'\x0b' | b'\x0c') {
        j += 1;
    }
    line_end_at(buf, j, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_agree_across_views() {
        for (text, at, end) in [
            ("a\n\nb", 1, Some(3)),
            ("a\r\n \t\r\nb", 1, Some(7)),
            ("a\r\rb", 1, Some(3)),
            ("a\nb\n", 1, None),
            ("a\n\u{a0}\nb", 1, Some(5)),
        ] {
            assert_eq!(paragraph_break_end(text, at), end, "{text:?}");
            let bytes = paragraph_break_end_bytes(text.as_bytes(), at);
            // Bytes see a subset: never a break the text does not have.
            assert!(bytes.is_none() || bytes == end, "{text:?}");
        }
        assert_eq!(line_end_at(b"a\r", 1, false), None);
        assert_eq!(line_end_at(b"a\r", 1, true), Some(2));
    }
}
