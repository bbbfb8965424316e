//! hOCR (<http://kba.github.io/hocr-spec/1.2/>): HTML whose elements say
//! what they are in `class` (`ocr_page`, `ocr_carea`, `ocr_par`,
//! `ocr_line`, `ocrx_word`) and where in `title` (`bbox x0 y0 x1 y1;
//! x_wconf 93`). A word's text is its element's character data.

use super::build::{Builder, Found};
use super::xml::{Ev, Xml};
use super::{OcrError, Slot, whole};
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
    for c in class.split_ascii_whitespace() {
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

/// What a `title` says that matters here: the `bbox`, and where the
/// value of `x_wconf` sits in it (bytes of the title).
#[derive(Debug, Default, PartialEq, Eq)]
struct Title {
    bbox: Option<BBox>,
    wconf: Option<Range<usize>>,
}

fn title(t: &str) -> Title {
    let mut out = Title::default();
    let mut at = 0;
    for prop in t.as_bytes().split(|&c| c == b';') {
        let start = at;
        at += prop.len() + 1;
        let lead = prop.iter().take_while(|c| c.is_ascii_whitespace()).count();
        let prop = &prop[lead..];
        if let Some(args) = prop.strip_prefix(b"bbox ") {
            let mut v = args
                .split(|c| c.is_ascii_whitespace())
                .filter(|x| !x.is_empty())
                .map(whole);
            if let (Some(Some(x0)), Some(Some(y0)), Some(Some(x1)), Some(Some(y1))) =
                (v.next(), v.next(), v.next(), v.next())
                && x0 <= x1
                && y0 <= y1
            {
                out.bbox = Some((x0, y0, x1, y1));
            }
        } else if let Some(args) = prop.strip_prefix(b"x_wconf ") {
            let skip = args.iter().take_while(|c| c.is_ascii_whitespace()).count();
            let len = args[skip..]
                .iter()
                .take_while(|c| !c.is_ascii_whitespace())
                .count();
            let v = start + lead + 8 + skip;
            out.wconf = Some(v..v + len);
        }
    }
    out
}

/// A word being read (its text and pieces are collected beside it, in
/// buffers reused from word to word).
struct Open {
    bbox: Option<BBox>,
    slot: Slot,
    depth: usize,
}

pub(crate) fn read(b: &mut Builder) -> Result<(), OcrError> {
    let mut xml = Xml::new(b.input, true);
    // Roles and raw titles of the open elements (the nearest box is a
    // word's when it has none of its own; only then is it parsed).
    let mut stack: Vec<(Role, Option<&str>)> = Vec::new();
    let mut word: Option<Open> = None;
    let (mut text, mut pieces) = (String::new(), Vec::new());
    loop {
        match xml.next(b)? {
            Ev::Eof => return Ok(()),
            Ev::Open { tag, empty, .. } => {
                let [class, title] = xml.attrs(b, &tag, ["class", "title"])?;
                let class = class.map_or(Role::Other, |(raw, _)| role(raw));
                // A word inside a word is part of it.
                let r = if word.is_some() && class != Role::Other {
                    Role::Other
                } else {
                    class
                };
                let parsed = |r| match (r, &title) {
                    (Role::Page | Role::Word, Some((t, _))) => self::title(t),
                    _ => Title::default(),
                };
                let props = parsed(r);
                if r == Role::Page {
                    b.page(props.bbox);
                }
                if r == Role::Word && !empty {
                    let inherited = || {
                        stack
                            .iter()
                            .rev()
                            .find_map(|(_, t)| t.and_then(|t| self::title(t).bbox))
                    };
                    // Without an x_wconf, a new one goes at the title's end.
                    let slot = match (&title, props.wconf) {
                        (Some((_, at)), Some(v)) => {
                            Slot::Replace(at.start + v.start..at.start + v.end)
                        }
                        (Some((_, at)), None) => Slot::Insert(at.end),
                        (None, _) => Slot::None,
                    };
                    text.clear();
                    pieces.clear();
                    word = Some(Open {
                        bbox: props.bbox.or_else(inherited),
                        slot,
                        depth: xml.depth(),
                    });
                }
                if !empty {
                    stack.push((r, title.map(|(t, _)| t)));
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
                        text: &text,
                        pieces: &pieces,
                        bbox: w.bbox,
                        conf_slot: w.slot,
                        glued: false,
                    });
                }
                close(b, r);
            }
            Ev::Text { text: t, at } => {
                if word.is_some() {
                    text.push_str(&t);
                    match pieces.last_mut() {
                        Some(last) if last.end == at.start => last.end = at.end,
                        _ => pieces.push(at),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::InputFormat;

    #[test]
    fn title_properties_and_their_offsets() {
        let t = "bbox 473 242 555 295; x_wconf 92";
        let p = title(t);
        assert_eq!(p.bbox, Some((473, 242, 555, 295)));
        assert_eq!(p.wconf.map(|r| &t[r]), Some("92"));
        assert_eq!(
            title("image \"a;b\"; bbox 1 2 3 4").bbox,
            Some((1, 2, 3, 4))
        );
        assert_eq!(title("bbox 5 5 1 1"), Title::default());
        assert_eq!(title("bbox 1 2 x 4").bbox, None);
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
