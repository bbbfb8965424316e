//! hOCR (<http://kba.github.io/hocr-spec/1.2/>): HTML whose elements say
//! what they are in `class` (`ocr_page`, `ocr_carea`, `ocr_par`,
//! `ocr_line`, `ocrx_word`) and where in `title` (`bbox x0 y0 x1 y1;
//! x_wconf 93`). A word's text is its element's character data.

use super::build::{Builder, Found};
use super::xml::{Ev, Xml};
use super::{OcrError, Slot};
use crate::record::BBox;
use std::ops::Range;

/// What an element is, from its `class`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Page,
    /// A block without paragraphs of its own ends one.
    Block,
    Paragraph,
    Line,
    Word,
    Other,
}

fn role(class: &str) -> Role {
    for c in class.split_whitespace() {
        match c {
            "ocr_page" => return Role::Page,
            "ocr_carea" | "ocrx_block" | "ocr_column" => return Role::Block,
            "ocr_par" => return Role::Paragraph,
            "ocr_line" | "ocrx_line" | "ocr_textfloat" | "ocr_header" | "ocr_caption" => {
                return Role::Line;
            }
            "ocrx_word" | "ocr_word" => return Role::Word,
            _ => {}
        }
    }
    Role::Other
}

/// A `title` property: its name and its arguments with their offset in
/// the title.
fn properties(title: &str) -> impl Iterator<Item = (&str, &str, usize)> {
    let mut at = 0;
    title.split(';').map(move |p| {
        let start = at;
        at += p.len() + 1;
        let lead = p.len() - p.trim_start().len();
        let p = p.trim_start();
        let (name, rest) = p.split_once(char::is_whitespace).unwrap_or((p, ""));
        let args_at = start + lead + name.len() + (p.len() - name.len() - rest.len());
        (name, rest.trim_end(), args_at)
    })
}

/// `bbox` of a title.
fn bbox(title: &str) -> Option<BBox> {
    let (_, args, _) = properties(title).find(|(n, _, _)| *n == "bbox")?;
    let mut v = args.split_whitespace().map(|x| x.parse::<u32>().ok());
    let b = (v.next()??, v.next()??, v.next()??, v.next()??);
    (b.0 <= b.2 && b.1 <= b.3).then_some(b)
}

/// A word being read.
struct Open {
    bbox: Option<BBox>,
    slot: Slot,
    text: String,
    pieces: Vec<Range<usize>>,
    depth: usize,
}

pub(crate) fn read(b: &mut Builder) -> Result<(), OcrError> {
    let mut xml = Xml::new(b.input, true);
    // Roles and boxes of the open elements (the nearest box is a word's
    // when it has none of its own).
    let mut stack: Vec<(Role, Option<BBox>)> = Vec::new();
    let mut word: Option<Open> = None;
    loop {
        match xml.next(b)? {
            Ev::Eof => return Ok(()),
            Ev::Open { tag, empty, .. } => {
                let class = match xml.attr(b, &tag, "class")? {
                    Some((raw, _)) => role(raw),
                    None => Role::Other,
                };
                let title = xml.attr(b, &tag, "title")?;
                let own_box = title.as_ref().and_then(|(t, _)| bbox(t));
                // A word inside a word is part of it.
                let r = if word.is_some() && class != Role::Other {
                    Role::Other
                } else {
                    class
                };
                if r == Role::Page {
                    b.page(own_box);
                }
                if r == Role::Word && !empty {
                    let inherited = stack.iter().rev().find_map(|(_, bb)| *bb);
                    let slot = match &title {
                        Some((t, at)) => wconf_slot(t, at.clone()),
                        None => Slot::None,
                    };
                    word = Some(Open {
                        bbox: own_box.or(inherited),
                        slot,
                        text: String::new(),
                        pieces: Vec::new(),
                        depth: xml.depth(),
                    });
                }
                if !empty {
                    stack.push((r, own_box));
                } else {
                    close(b, r);
                }
            }
            Ev::Close { .. } => {
                let Some((r, _)) = stack.pop() else {
                    continue;
                };
                if r == Role::Word
                    && let Some(w) = word.take_if(|w| w.depth == xml.depth() + 1)
                {
                    b.word(Found {
                        text: &w.text,
                        pieces: &w.pieces,
                        bbox: w.bbox,
                        conf_slot: w.slot,
                        glued: false,
                    });
                }
                close(b, r);
            }
            Ev::Text { text, at } => {
                if let Some(w) = word.as_mut() {
                    w.text.push_str(&text);
                    match w.pieces.last_mut() {
                        Some(last) if last.end == at.start => last.end = at.end,
                        _ => w.pieces.push(at),
                    }
                }
            }
        }
    }
}

/// What the end of an element of role `r` means for the text.
fn close(b: &mut Builder, r: Role) {
    match r {
        Role::Line => b.line_end(),
        Role::Paragraph | Role::Block => b.paragraph_end(),
        _ => {}
    }
}

/// Where the engine's confidence (`x_wconf`) sits in a word's raw
/// `title`, which is at bytes `at` of the file; without one, a new one
/// goes at the title's end.
fn wconf_slot(title: &str, at: Range<usize>) -> Slot {
    match properties(title).find(|(n, _, _)| *n == "x_wconf") {
        Some((_, args, off)) => {
            let value = args.split_whitespace().next().unwrap_or("");
            let start = at.start + off;
            Slot::Replace(start..start + value.len())
        }
        None => Slot::Insert(at.end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::InputFormat;

    #[test]
    fn title_properties_and_their_offsets() {
        let t = "bbox 473 242 555 295; x_wconf 92";
        assert_eq!(bbox(t), Some((473, 242, 555, 295)));
        let slot = wconf_slot(t, 10..10 + t.len());
        let Slot::Replace(r) = slot else {
            panic!("{slot:?}")
        };
        assert_eq!(&t[r.start - 10..r.end - 10], "92");
        assert_eq!(wconf_slot("bbox 1 2 3 4", 0..12), Slot::Insert(12));
        assert_eq!(bbox("bbox 5 5 1 1"), None);
    }

    #[test]
    fn reads_words_lines_paragraphs_and_entities() {
        let html = "<html><body><div class='ocr_page' title='bbox 0 0 100 100'>\
            <p class='ocr_par'><span class='ocr_line' title='bbox 0 0 90 10'>\
            <span class='ocrx_word' title='bbox 0 0 9 9; x_wconf 90'>Qu&amp;y</span> \
            <span class='ocrx_word'><strong>dinh</strong></span></span>\
            <span class='ocr_line'><span class='ocrx_word' title='bbox 1 1 2 2'>s6</span></span></p>\
            <p class='ocr_par'><span class='ocr_line'><span class='ocrx_word'>a<em>b</em></span>\
            <br></span></p></div></body></html>";
        let mut b = Builder::new("t", "hOCR", html);
        read(&mut b).unwrap();
        let (doc, layout) = b.finish(InputFormat::Hocr);
        assert_eq!(doc.text, "Qu&y dinh\ns6\n\nab\n");
        let w = &layout.words;
        assert_eq!(w.len(), 4);
        assert!(matches!(&w[0].conf_slot, Slot::Replace(r) if &html[r.clone()] == "90"));
        assert_eq!(w[1].bbox, Some((0, 0, 90, 10)), "inherited from the line");
        assert_eq!(&html[w[1].content.clone()], "dinh");
        assert_eq!(&html[w[0].content.clone()], "Qu&amp;y");
        assert_eq!(layout.more_pieces.len(), 1);
    }
}
