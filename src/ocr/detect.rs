//! Telling an OCR engine's file from plain text by its first bytes.

use super::InputFormat;
use super::tsv::HEADER;

/// How much of the start of a file detection looks at.
const SNIFF: usize = 64 << 10;

/// What kind of file starts with `head`: hOCR (markup naming `ocr_page`,
/// `ocr_line` or `ocrx_word` classes, or an `ocr-system` meta), ALTO (an
/// `<alto>` root, with or without a namespace prefix), Tesseract TSV (its
/// header row, or a first row of 12 tab-separated fields of which 11 are
/// numbers), else text.
pub fn detect(head: &[u8]) -> InputFormat {
    let head = &head[..head.len().min(SNIFF)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let body = &head[start..];
    if body.first() == Some(&b'<') {
        if has_alto_root(body) {
            return InputFormat::Alto;
        }
        let hocr: &[&[u8]] = &[b"ocr_page", b"ocr_line", b"ocrx_word", b"ocr-system"];
        if hocr.iter().any(|k| contains(body, k)) {
            return InputFormat::Hocr;
        }
        return InputFormat::Text;
    }
    let first = body.split(|&b| b == b'\n').next().unwrap_or(b"");
    let first = first.strip_suffix(b"\r").unwrap_or(first);
    if first == HEADER.as_bytes() {
        return InputFormat::Tsv;
    }
    let cells: Vec<&[u8]> = first.split(|&b| b == b'\t').collect();
    if cells.len() == 12
        && cells[..11]
            .iter()
            .all(|c| std::str::from_utf8(c).is_ok_and(|s| s.trim().parse::<f64>().is_ok()))
    {
        return InputFormat::Tsv;
    }
    InputFormat::Text
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// An element named `alto` (or `prefix:alto`) opens in `body`.
fn has_alto_root(body: &[u8]) -> bool {
    let mut i = 0;
    while let Some(p) = body[i..].iter().position(|&b| b == b'<') {
        let at = i + p + 1;
        let name_end = body[at..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
            .map_or(body.len(), |e| at + e);
        let name = &body[at..name_end];
        let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
        if local.eq_ignore_ascii_case(b"alto") {
            return true;
        }
        // Only the declaration, comments, doctype and PIs come before the root.
        if !matches!(name.first(), Some(b'?' | b'!')) {
            return false;
        }
        i = name_end;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_formats_apart() {
        let hocr = b"<?xml version=\"1.0\"?>\n<!DOCTYPE html>\n<html><body><div class='ocr_page'>";
        assert_eq!(detect(hocr), InputFormat::Hocr);
        let alto = b"\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- x --><alto:alto xmlns:alto=\"x\">";
        assert_eq!(detect(alto), InputFormat::Alto);
        assert_eq!(detect(b"<alto>"), InputFormat::Alto);
        let tsv = format!("{HEADER}\r\n1\t1\t0\t0\t0\t0\t0\t0\t9\t9\t-1\t\n");
        assert_eq!(detect(tsv.as_bytes()), InputFormat::Tsv);
        assert_eq!(
            detect(b"5\t1\t1\t1\t1\t1\t1\t2\t3\t4\t92.5\tQuy\n"),
            InputFormat::Tsv
        );
        for text in [
            &b"Pang uy di ban hanh"[..],
            b"<html><p>Hi</p>",
            b"",
            b"a\tb\n",
            b"<?xml?><root><alto/>",
        ] {
            assert_eq!(detect(text), InputFormat::Text, "{text:?}");
        }
    }
}
