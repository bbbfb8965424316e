//! Tesseract's TSV: one row per page (level 1), block (2), paragraph (3),
//! line (4) and word (5), each `level page_num block_num par_num line_num
//! word_num left top width height conf text`, tab-separated; `conf` is
//! 0–100 (-1 where there is none). The header row is optional.

use super::build::{Builder, Found};
use super::{OcrError, Slot, whole};

/// The header row Tesseract writes.
pub(crate) const HEADER: &str =
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";

/// One row's fields (the twelfth is the rest of the row) with their
/// offsets in the row; `out` is reused from row to row.
fn fields<'a>(line: &'a str, out: &mut Vec<(&'a str, usize)>) {
    out.clear();
    let mut start = 0;
    for (i, &c) in line.as_bytes().iter().enumerate() {
        if c == b'\t' && out.len() < 11 {
            out.push((&line[start..i], start));
            start = i + 1;
        }
    }
    out.push((&line[start..], start));
}

/// A whole-number field; `-1` (TSV's "none") and other negatives are 0.
fn count(f: &str) -> Option<u64> {
    match whole(f.as_bytes()) {
        Some(n) => Some(u64::from(n)),
        None => f.trim().parse::<i64>().ok().map(|n| n.max(0) as u64),
    }
}

pub(crate) fn read(b: &mut Builder) -> Result<(), OcrError> {
    let input = b.input;
    let mut at = 0;
    // (page, block, paragraph, line) of the last word.
    let mut last: Option<[u64; 4]> = None;
    let mut page_seen: Option<u64> = None;
    let mut first = true;
    let mut f = Vec::with_capacity(12);
    for raw in input.split_inclusive('\n') {
        let line_at = at;
        at += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if std::mem::take(&mut first) && line == HEADER {
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        fields(line, &mut f);
        if f.len() < 12 {
            return Err(b.error(line_at, format!("a row has {} fields, not 12", f.len())));
        }
        let mut n = [0u64; 10];
        for (i, v) in n.iter_mut().enumerate() {
            *v = count(f[i].0).ok_or_else(|| {
                b.error(
                    line_at + f[i].1,
                    format!("field {} ({:?}) is not a whole number", i + 1, f[i].0),
                )
            })?;
        }
        let key = [n[1], n[2], n[3], n[4]];
        let bbox = (
            n[6] as u32,
            n[7] as u32,
            (n[6] + n[8]).min(u64::from(u32::MAX)) as u32,
            (n[7] + n[9]).min(u64::from(u32::MAX)) as u32,
        );
        if page_seen != Some(n[1]) && (n[0] == 1 || n[0] == 5) {
            page_seen = Some(n[1]);
            b.page((n[0] == 1).then_some(bbox));
        }
        if n[0] != 5 {
            continue;
        }
        let (conf_text, conf_at) = (f[10].0, line_at + f[10].1);
        let conf_at = conf_at..conf_at + conf_text.len();
        if conf_text.trim().parse::<f32>().is_err() {
            return Err(b.error(conf_at.start, format!("conf {conf_text:?} is not a number")));
        }
        if let Some(prev) = last
            && prev != key
        {
            b.line_end();
            if prev[..3] != key[..3] {
                b.paragraph_end();
            }
        }
        let (text, text_at) = (f[11].0, line_at + f[11].1);
        let text_at = text_at..text_at + text.len();
        if text.trim().is_empty() {
            continue;
        }
        last = Some(key);
        b.word(Found {
            text,
            pieces: &[text_at],
            bbox: Some(bbox),
            conf_slot: Slot::Replace(conf_at),
            glued: false,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::InputFormat;

    #[test]
    fn reads_rows_into_lines_paragraphs_and_pages() {
        let t = format!(
            "{HEADER}\r\n1\t1\t0\t0\t0\t0\t0\t0\t100\t200\t-1\t\r\n\
             5\t1\t1\t1\t1\t1\t1\t2\t3\t4\t92.5\tQuy\r\n\
             5\t1\t1\t1\t1\t2\t5\t2\t3\t4\t90\tdinh\r\n\
             5\t1\t1\t1\t2\t1\t5\t2\t3\t4\t90\ts6\r\n\
             5\t1\t1\t2\t1\t1\t5\t2\t3\t4\t90\ta\r\n\
             1\t2\t0\t0\t0\t0\t0\t0\t100\t200\t-1\t\r\n\
             5\t2\t1\t1\t1\t1\t5\t2\t3\t4\t-1\tb\r\n"
        );
        let mut b = Builder::new("t", "Tesseract TSV", &t);
        read(&mut b).unwrap();
        let (doc, layout) = b.finish(InputFormat::Tsv);
        assert_eq!(doc.text, "Quy dinh\ns6\n\na\n\u{c}b\n");
        assert_eq!(layout.pages.len(), 2);
        assert_eq!(layout.pages[0].bbox, Some((0, 0, 100, 200)));
        let w = &layout.words;
        assert_eq!(w[0].bbox, Some((1, 2, 4, 6)));
        assert_eq!(&t[w[1].content.clone()], "dinh");
        assert!(matches!(&w[1].conf_slot, Slot::Replace(r) if &t[r.clone()] == "90"));
    }

    #[test]
    fn bad_rows_name_their_line() {
        let t = format!("{HEADER}\n5\t1\t1\t1\t1\t1\t1\t2\t3\t4\t92\tQuy\n5\t1\tx\n");
        let mut b = Builder::new("t.tsv", "Tesseract TSV", &t);
        let e = read(&mut b).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }
}
