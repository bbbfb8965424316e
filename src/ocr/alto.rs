//! ALTO XML (<https://www.loc.gov/standards/alto/>), versions 2 to 4: pages
//! of `TextBlock`s of `TextLine`s of `String`s, a word's text in its
//! `CONTENT` attribute, its box in `HPOS VPOS WIDTH HEIGHT` and the
//! engine's confidence in `WC` (0–1). A `HYP` (the hyphen ending a line)
//! is text glued to the word before it. Namespace prefixes are ignored.

use super::build::{Builder, Found};
use super::xml::{Attr, Ev, Xml};
use super::{OcrError, Slot, whole};
use crate::record::BBox;
use quick_xml::events::BytesStart;

/// A coordinate attribute's value (ALTO allows decimals; negatives count
/// as 0).
fn number(b: &Builder, key: &str, attr: &Attr) -> Result<Option<f64>, OcrError> {
    let Some((raw, at)) = attr else {
        return Ok(None);
    };
    if let Some(n) = whole(raw.as_bytes()) {
        return Ok(Some(f64::from(n)));
    }
    match raw.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v.max(0.0))),
        _ => Err(b.error(at.start, format!("{key}=\"{raw}\" is not a number"))),
    }
}

/// The box from `HPOS VPOS WIDTH HEIGHT` (outward to whole units), when
/// all four are there.
fn bbox(b: &Builder, [x, y, w, h]: &[Attr; 4]) -> Result<Option<BBox>, OcrError> {
    let (Some(x), Some(y), Some(w), Some(h)) = (
        number(b, "HPOS", x)?,
        number(b, "VPOS", y)?,
        number(b, "WIDTH", w)?,
        number(b, "HEIGHT", h)?,
    ) else {
        return Ok(None);
    };
    let clamp = |v: f64| v.min(f64::from(u32::MAX)) as u32;
    Ok(Some((
        clamp(x.floor()),
        clamp(y.floor()),
        clamp((x + w).ceil()),
        clamp((y + h).ceil()),
    )))
}

pub(crate) fn read(b: &mut Builder) -> Result<(), OcrError> {
    let mut xml = Xml::new(b.input, false);
    let mut saw_root = false;
    loop {
        match xml.next(b)? {
            Ev::Eof if saw_root => return Ok(()),
            Ev::Eof => return Err(b.error(b.input.len(), "no <alto> element")),
            Ev::Open { tag, name, .. } => match name {
                "alto" => saw_root = true,
                "Page" => {
                    let [w, h] = xml.attrs(b, &tag, ["WIDTH", "HEIGHT"])?;
                    let extent = match (number(b, "WIDTH", &w)?, number(b, "HEIGHT", &h)?) {
                        (Some(w), Some(h)) => Some((0, 0, w.ceil() as u32, h.ceil() as u32)),
                        _ => None,
                    };
                    b.page(extent);
                }
                "String" | "HYP" => {
                    let [content, wc, x, y, w, h] = xml.attrs(
                        b,
                        &tag,
                        ["CONTENT", "WC", "HPOS", "VPOS", "WIDTH", "HEIGHT"],
                    )?;
                    let Some((raw, at)) = content else {
                        if name == "String" {
                            return Err(b.error(after_name(b, &tag), "<String> without CONTENT"));
                        }
                        continue;
                    };
                    let text = xml.unescape(b, raw, at.start)?;
                    let conf_slot = match (name, wc) {
                        ("HYP", _) => Slot::None,
                        (_, Some((_, r))) => Slot::Replace(r),
                        (_, None) => Slot::Insert(after_name(b, &tag)),
                    };
                    b.word(Found {
                        text: &text,
                        pieces: &[at],
                        bbox: bbox(b, &[x, y, w, h])?,
                        conf_slot,
                        glued: name == "HYP",
                    });
                }
                _ => {}
            },
            Ev::Close { name } => match name {
                "TextLine" => b.line_end(),
                "TextBlock" => b.paragraph_end(),
                _ => {}
            },
            Ev::Text { .. } => {}
        }
    }
}

/// Offset of a tag's attributes in the file (just after its name).
fn after_name(b: &Builder, tag: &BytesStart) -> usize {
    let raw = tag.attributes_raw();
    let base = b.input.as_ptr() as usize;
    (raw.as_ptr() as usize)
        .saturating_sub(base)
        .min(b.input.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::InputFormat;

    #[test]
    fn reads_strings_lines_blocks_and_hyphens() {
        let x = r#"<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout>
<Page WIDTH="100" HEIGHT="200.5"><PrintSpace><TextBlock><TextLine>
<String HPOS="1" VPOS="2" WIDTH="3.5" HEIGHT="4" WC="0.5" CONTENT="Qu&amp;y"/><SP/>
<String CONTENT="chinh" HPOS="9" VPOS="2" WIDTH="3" HEIGHT="4"/><HYP CONTENT="-"/>
</TextLine><TextLine><String CONTENT="quyen"/></TextLine></TextBlock>
<TextBlock><TextLine><String CONTENT="s6"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>"#;
        let mut b = Builder::new("t", "ALTO", x);
        read(&mut b).unwrap();
        let (doc, layout) = b.finish(InputFormat::Alto);
        assert_eq!(doc.text, "Qu&y chinh-\nquyen\n\ns6\n");
        assert_eq!(layout.pages[0].bbox, Some((0, 0, 100, 201)));
        let w = &layout.words;
        assert_eq!(w[0].bbox, Some((1, 2, 5, 6)));
        assert!(matches!(&w[0].conf_slot, Slot::Replace(r) if &x[r.clone()] == "0.5"));
        assert!(matches!(w[1].conf_slot, Slot::Insert(_)));
        assert_eq!(&x[w[1].content.clone()], "chinh");
    }

    #[test]
    fn unclosed_and_foreign_files_are_errors() {
        for bad in ["<alto><Layout>", "<html/>", "<alto><String/></alto>"] {
            let mut b = Builder::new("t.xml", "ALTO", bad);
            let e = read(&mut b).unwrap_err().to_string();
            assert!(e.starts_with("t.xml: not valid ALTO: "), "{e}");
        }
    }
}
