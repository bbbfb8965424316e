//! The XML under hOCR and ALTO: a `quick-xml` pull parser over the whole
//! file with the limits that keep a hostile file from costing more than its
//! size (no entity declarations, so nothing expands; bounded nesting and
//! attribute sizes), errors naming the byte and line, and the file offsets
//! of text and attribute values that the writer splices.

use super::build::Builder;
use super::{MAX_ATTRIBUTE, MAX_DEPTH, OcrError};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;
use std::borrow::Cow;
use std::ops::Range;

/// What the readers see of the file.
pub(crate) enum Ev<'a> {
    /// An element opens (`empty`: and closes at once, `<x/>`); `name` is
    /// its local name (namespace prefix dropped).
    Open {
        tag: BytesStart<'a>,
        name: &'a str,
        empty: bool,
    },
    /// An element closes.
    Close {
        name: &'a str,
    },
    /// Character data (a text run, an entity or a CDATA section) and the
    /// file bytes it stands for.
    Text {
        text: Cow<'a, str>,
        at: Range<usize>,
    },
    Eof,
}

/// An attribute's raw value and its bytes in the file, when it is there.
pub(crate) type Attr<'a> = Option<(&'a str, Range<usize>)>;

/// A pull parser over one file.
pub(crate) struct Xml<'a> {
    reader: Reader<&'a [u8]>,
    input: &'a str,
    /// Open elements' local names: the nesting depth, and for HTML the
    /// end tags that close several elements at once.
    open: Vec<&'a str>,
    /// Elements an HTML end tag closed, still to report (innermost last).
    closing: Vec<&'a str>,
    /// hOCR is HTML: void elements, end tags that skip unclosed ones and
    /// HTML's named entities are accepted.
    html: bool,
}

impl<'a> Xml<'a> {
    pub fn new(input: &'a str, html: bool) -> Self {
        let mut reader = Reader::from_str(input);
        let c = reader.config_mut();
        c.check_end_names = !html;
        c.trim_text(false);
        Xml {
            reader,
            input,
            open: Vec::new(),
            closing: Vec::new(),
            html,
        }
    }

    /// Byte offset of `part`, a slice of the file, in the file.
    fn offset_of(&self, part: &str) -> Option<usize> {
        let base = self.input.as_ptr() as usize;
        let p = part.as_ptr() as usize;
        (p >= base && p + part.len() <= base + self.input.len()).then(|| p - base)
    }

    /// The file's own slice for `part` (a slice of it borrowed from an
    /// event), with the file's lifetime.
    fn own(&self, part: &str) -> &'a str {
        let input = self.input;
        match self.offset_of(part) {
            Some(at) => &input[at..at + part.len()],
            None => "",
        }
    }

    /// Depth of the element being read.
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    /// The next event the readers care about.
    pub fn next(&mut self, b: &Builder) -> Result<Ev<'a>, OcrError> {
        loop {
            if let Some(name) = self.closing.pop() {
                return Ok(Ev::Close { name });
            }
            let start = self.reader.buffer_position() as usize;
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let at = self.reader.error_position() as usize;
                    return Err(b.error(at, e.to_string()));
                }
            };
            let end = self.reader.buffer_position() as usize;
            match event {
                Event::Start(tag) | Event::Empty(tag) if self.open.len() >= MAX_DEPTH => {
                    drop(tag);
                    return Err(b.error(start, format!("elements nested deeper than {MAX_DEPTH}")));
                }
                Event::Start(tag) => {
                    let name = self.own(tag.local_name().as_ref());
                    let empty = self.html && is_void(name);
                    if !empty {
                        self.open.push(name);
                    }
                    return Ok(Ev::Open { tag, name, empty });
                }
                Event::Empty(tag) => {
                    let name = self.own(tag.local_name().as_ref());
                    return Ok(Ev::Open {
                        tag,
                        name,
                        empty: true,
                    });
                }
                Event::End(tag) => {
                    let name = self.own(tag.local_name().as_ref());
                    if !self.html {
                        self.open.pop();
                        return Ok(Ev::Close { name });
                    }
                    // An end tag closes the innermost open element of its
                    // name and any left unclosed inside it, innermost first;
                    // a stray one closes nothing.
                    if let Some(i) = self.open.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
                        self.closing.extend(self.open.drain(i..));
                        if let Some(name) = self.closing.pop() {
                            return Ok(Ev::Close { name });
                        }
                    }
                }
                Event::Text(t) => {
                    let raw = self.own(&t);
                    return Ok(Ev::Text {
                        text: Cow::Borrowed(raw),
                        at: start..end,
                    });
                }
                Event::CData(t) => {
                    let raw = self.own(&t);
                    let at = self.offset_of(raw).map_or(start..end, |o| o..o + raw.len());
                    return Ok(Ev::Text {
                        text: Cow::Borrowed(raw),
                        at,
                    });
                }
                Event::GeneralRef(r) => {
                    let text = self.entity(b, &r, start)?;
                    return Ok(Ev::Text {
                        text: Cow::Owned(text),
                        at: start..end,
                    });
                }
                Event::DocType(d) => {
                    if d.contains("<!ENTITY") {
                        return Err(b.error(
                            start,
                            "entity declarations are not accepted (they could expand without bound)",
                        ));
                    }
                }
                Event::Decl(d) => {
                    if let Some(Ok(enc)) = d.encoding()
                        && !enc.eq_ignore_ascii_case("utf-8")
                        && !enc.eq_ignore_ascii_case("utf8")
                    {
                        return Err(b.error(
                            start,
                            format!("declares encoding {enc}; only UTF-8 is read"),
                        ));
                    }
                }
                Event::Eof => {
                    if !self.html
                        && let Some(open) = self.open.last()
                    {
                        return Err(b.error(end, format!("element <{open}> is never closed")));
                    }
                    return Ok(Ev::Eof);
                }
                Event::Comment(_) | Event::PI(_) => {}
            }
        }
    }

    /// The text an entity reference stands for.
    fn entity(&self, b: &Builder, r: &BytesRef, at: usize) -> Result<String, OcrError> {
        match r.resolve_char_ref() {
            Ok(Some(c)) => return Ok(c.to_string()),
            Ok(None) => {}
            Err(e) => return Err(b.error(at, e.to_string())),
        }
        named(r, self.html)
            .map(str::to_string)
            .ok_or_else(|| b.error(at, format!("unknown entity &{};", &**r)))
    }

    /// The raw values of the attributes `keys` of `tag` (without regard to
    /// namespace prefix, and for HTML to case) and their bytes in the file,
    /// read in one pass over the tag.
    pub fn attrs<const N: usize>(
        &self,
        b: &Builder,
        tag: &BytesStart<'a>,
        keys: [&str; N],
    ) -> Result<[Attr<'a>; N], OcrError> {
        let mut out = [const { None }; N];
        let raw = self.own(tag.attributes_raw());
        let base = self.offset_of(raw).unwrap_or(0);
        let mut rest = raw;
        loop {
            rest = rest.trim_ascii_start();
            let at = base + raw.len() - rest.len();
            if rest.is_empty() || rest == "/" {
                return Ok(out);
            }
            let (key, value, next) = match attribute(rest, self.html) {
                Some(x) => x,
                None => return Err(b.error(at, "malformed attribute")),
            };
            rest = next;
            let local = match key.bytes().rposition(|c| c == b':') {
                Some(p) => &key[p + 1..],
                None => key,
            };
            // XML names are case-sensitive; HTML's are not.
            let Some(k) = keys
                .iter()
                .position(|k| local == *k || (self.html && local.eq_ignore_ascii_case(k)))
            else {
                continue;
            };
            let at = base + (value.as_ptr() as usize - raw.as_ptr() as usize);
            if value.len() > MAX_ATTRIBUTE {
                return Err(b.error(
                    at,
                    format!("attribute {} is longer than {MAX_ATTRIBUTE} bytes", keys[k]),
                ));
            }
            out[k].get_or_insert((value, at..at + value.len()));
        }
    }

    /// An attribute value with its entities resolved.
    pub fn unescape(&self, b: &Builder, raw: &'a str, at: usize) -> Result<Cow<'a, str>, OcrError> {
        let html = self.html;
        quick_xml::escape::unescape_with(raw, |name| named(name, html))
            .map_err(|e| b.error(at, e.to_string()))
    }
}

/// The first attribute of `s` (which starts with its name): its name,
/// raw value and what follows. XML values are quoted; HTML also allows
/// unquoted values and names without a value.
fn attribute(s: &str, html: bool) -> Option<(&str, &str, &str)> {
    let b = s.as_bytes();
    let skip_space = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let name_end = b
        .iter()
        .position(|&c| c == b'=' || c == b'/' || c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let key = &s[..name_end];
    let mut i = skip_space(name_end);
    if b.get(i) != Some(&b'=') {
        return (html && !key.is_empty()).then_some((key, "", &s[i..]));
    }
    i = skip_space(i + 1);
    match b.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            let len = b[i + 1..].iter().position(|&c| c == q)?;
            let end = i + 1 + len;
            (!key.is_empty()).then_some((key, &s[i + 1..end], &s[end + 1..]))
        }
        Some(_) if html => {
            let len = b[i..]
                .iter()
                .position(u8::is_ascii_whitespace)
                .unwrap_or(b.len() - i);
            Some((key, &s[i..i + len], &s[i + len..]))
        }
        _ => None,
    }
}

/// HTML's void elements (`<meta …>` has no end tag).
fn is_void(name: &str) -> bool {
    let any = |names: &[&str]| names.iter().any(|v| v.eq_ignore_ascii_case(name));
    match name.len() {
        2 => any(&["br", "hr"]),
        3 => any(&["col", "img", "wbr"]),
        4 => any(&["area", "base", "link", "meta"]),
        5 => any(&["embed", "input", "track"]),
        6 => any(&["source"]),
        _ => false,
    }
}

/// The five XML entities, and for HTML the named ones OCR text uses.
fn named(name: &str, html: bool) -> Option<&'static str> {
    let xml = match name {
        "lt" => Some("<"),
        "gt" => Some(">"),
        "amp" => Some("&"),
        "apos" => Some("'"),
        "quot" => Some("\""),
        _ => None,
    };
    if xml.is_some() || !html {
        return xml;
    }
    Some(match name {
        "nbsp" => "\u{a0}",
        "shy" => "\u{ad}",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "middot" => "·",
        "deg" => "°",
        "copy" => "©",
        _ => return None,
    })
}
