//! JSON records written while they are being made, so a record of a huge
//! input never sits in memory whole: a [`RepairRecord`]'s changes are
//! written piece by piece, and a record's `text` is copied in at the end
//! from wherever it was spooled. The bytes are exactly what `serde_json`
//! writes for the whole record (pretty or compact), which a test checks.

use crate::record::{Change, Producer, RepairRecord, RepairSummary};
use serde::Serialize;
use std::io::{self, Read, Write};

/// `serde_json`'s pretty layout (two spaces a level) begun at nesting depth
/// `depth` of an enclosing document, so a piece of a record is written
/// straight into place instead of being re-indented afterwards (half the
/// cost of a pretty change).
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn line<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `value` as `serde_json` writes it at nesting depth `depth` of a pretty
/// document, appended to `out`.
fn pretty_into<T: Serialize>(out: &mut Vec<u8>, value: &T, depth: usize) -> io::Result<()> {
    let formatter = Indented {
        depth,
        has_value: false,
    };
    value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))?;
    Ok(())
}

fn pretty_at<T: Serialize>(value: &T, depth: usize) -> io::Result<String> {
    let mut out = Vec::new();
    pretty_into(&mut out, value, depth)?;
    String::from_utf8(out).map_err(io::Error::other)
}

fn compact<T: Serialize>(value: &T) -> io::Result<String> {
    Ok(serde_json::to_string(value)?)
}

/// Writes one object field (`"name": value`), with the separator before it.
fn field<T: Serialize>(
    w: &mut dyn Write,
    pretty: bool,
    first: bool,
    name: &str,
    value: &T,
) -> io::Result<()> {
    if pretty {
        let sep = if first { "\n  " } else { ",\n  " };
        write!(w, "{sep}{}: {}", compact(&name)?, pretty_at(value, 1)?)
    } else {
        let sep = if first { "" } else { "," };
        write!(w, "{sep}{}:{}", compact(&name)?, compact(value)?)
    }
}

/// Copies `text` into `w` as the contents of a JSON string (escaped, no
/// quotes), in pieces, so its size does not matter.
fn string_contents(w: &mut dyn Write, text: &mut dyn Read) -> io::Result<()> {
    let mut buf = vec![0u8; 1 << 20];
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = text.read(&mut buf)?;
        if n == 0 {
            break;
        }
        carry.extend_from_slice(&buf[..n]);
        // Escape up to the last complete UTF-8 character.
        let valid = match std::str::from_utf8(&carry) {
            Ok(_) => carry.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidData, e)),
        };
        let s = std::str::from_utf8(&carry[..valid]).map_err(io::Error::other)?;
        let quoted = compact(&s)?;
        w.write_all(&quoted.as_bytes()[1..quoted.len() - 1])?;
        carry.drain(..valid);
    }
    if !carry.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "text spool ends inside a character",
        ));
    }
    Ok(())
}

/// Writes a [`RepairRecord`] as its changes arrive.
pub struct RepairRecordWriter {
    pretty: bool,
    changes: usize,
    /// One change's bytes: reused, so a change costs no allocation and one
    /// write.
    buf: Vec<u8>,
}

impl RepairRecordWriter {
    /// Writes the record up to its `changes` array.
    pub fn begin(
        w: &mut dyn Write,
        pretty: bool,
        schema_version: &str,
        producer: &Producer,
        source: &str,
        encoding: &str,
    ) -> io::Result<RepairRecordWriter> {
        w.write_all(b"{")?;
        field(w, pretty, true, "schema_version", &schema_version)?;
        field(w, pretty, false, "producer", producer)?;
        field(w, pretty, false, "source", &source)?;
        field(w, pretty, false, "encoding", &encoding)?;
        w.write_all(if pretty {
            b",\n  \"changes\": ["
        } else {
            b",\"changes\":["
        })?;
        Ok(RepairRecordWriter {
            pretty,
            changes: 0,
            buf: Vec::new(),
        })
    }

    /// Writes the next change.
    pub fn change(&mut self, w: &mut dyn Write, c: &Change) -> io::Result<()> {
        if self.pretty {
            let sep = if self.changes == 0 {
                "\n    "
            } else {
                ",\n    "
            };
            self.buf.clear();
            self.buf.extend_from_slice(sep.as_bytes());
            pretty_into(&mut self.buf, c, 2)?;
        } else {
            self.buf.clear();
            if self.changes > 0 {
                self.buf.push(b',');
            }
            serde_json::to_writer(&mut self.buf, c)?;
        }
        w.write_all(&self.buf)?;
        self.changes += 1;
        Ok(())
    }

    /// Closes `changes`, writes the totals and, when given, the text, and
    /// ends the record with a newline.
    pub fn finish(
        self,
        w: &mut dyn Write,
        repair: &RepairSummary,
        text: Option<&mut dyn Read>,
    ) -> io::Result<()> {
        if self.pretty && self.changes > 0 {
            w.write_all(b"\n  ")?;
        }
        w.write_all(b"]")?;
        field(w, self.pretty, false, "repair", repair)?;
        if let Some(t) = text {
            w.write_all(if self.pretty {
                b",\n  \"text\": \""
            } else {
                b",\"text\":\""
            })?;
            string_contents(w, t)?;
            w.write_all(b"\"")?;
        }
        w.write_all(if self.pretty { b"\n}\n" } else { b"}\n" })
    }
}

/// Writes `record` (whose own `text` is `None`) with `text` copied in as its
/// last field, as `serde_json` would write the record holding that text.
pub fn write_with_text<T: Serialize>(
    w: &mut dyn Write,
    record: &T,
    pretty: bool,
    text: &mut dyn Read,
) -> io::Result<()> {
    let s = if pretty {
        serde_json::to_string_pretty(record)?
    } else {
        compact(record)?
    };
    let Some(body) = s.strip_suffix('}') else {
        return Err(io::Error::other("a record serialises to an object"));
    };
    let body = body.trim_end();
    w.write_all(body.as_bytes())?;
    w.write_all(if pretty {
        b",\n  \"text\": \""
    } else {
        b",\"text\":\""
    })?;
    string_contents(w, text)?;
    w.write_all(if pretty { b"\"\n}\n" } else { b"\"}\n" })
}

/// Writes a whole [`RepairRecord`] through [`RepairRecordWriter`] (what a
/// caller holding the record does; the bytes are the streamed ones).
pub fn write_repair_record(w: &mut dyn Write, r: &RepairRecord, pretty: bool) -> io::Result<()> {
    let mut rw = RepairRecordWriter::begin(
        w,
        pretty,
        &r.schema_version,
        &r.producer,
        &r.source,
        &r.encoding,
    )?;
    for c in &r.changes {
        rw.change(w, c)?;
    }
    match &r.text {
        Some(t) => rw.finish(w, &r.repair, Some(&mut t.as_bytes())),
        None => rw.finish(w, &r.repair, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Alternative, SCHEMA_VERSION};

    fn record(changes: usize, text: Option<&str>) -> RepairRecord {
        RepairRecord {
            schema_version: SCHEMA_VERSION.into(),
            producer: Producer::new(Some(7)),
            source: "a \"b\".txt".into(),
            encoding: "utf-8".into(),
            changes: (0..changes)
                .map(|i| Change {
                    line: i + 1,
                    span: (i, i + 2),
                    region: Default::default(),
                    original: "vé".into(),
                    replacement: "về\n".into(),
                    confidence: 0.5,
                    alternatives: vec![Alternative {
                        text: "vẽ".into(),
                        confidence: 0.25,
                    }],
                })
                .collect(),
            repair: RepairSummary {
                words: 3,
                changed: changes,
                mean_confidence: Some(1.0),
            },
            text: text.map(str::to_string),
        }
    }

    #[test]
    fn streamed_bytes_equal_serde_json() {
        for changes in [0, 1, 3] {
            for text in [None, Some(""), Some("Đảng ủy \"x\"\n\ttab ✓")] {
                let r = record(changes, text);
                for pretty in [true, false] {
                    let mut got = Vec::new();
                    write_repair_record(&mut got, &r, pretty).unwrap();
                    let mut want = if pretty {
                        serde_json::to_vec_pretty(&r).unwrap()
                    } else {
                        serde_json::to_vec(&r).unwrap()
                    };
                    want.push(b'\n');
                    assert_eq!(
                        String::from_utf8_lossy(&got),
                        String::from_utf8_lossy(&want)
                    );
                }
            }
        }
    }

    #[test]
    fn text_spliced_in_equals_serde_json() {
        let with = record(2, Some("một\nhai \u{1F600}"));
        let mut without = with.clone();
        let text = without.text.take().unwrap();
        for pretty in [true, false] {
            let mut got = Vec::new();
            // A tiny reader buffer would split characters; the spool copy
            // must carry them over.
            write_with_text(&mut got, &without, pretty, &mut text.as_bytes()).unwrap();
            let mut want = if pretty {
                serde_json::to_vec_pretty(&with).unwrap()
            } else {
                serde_json::to_vec(&with).unwrap()
            };
            want.push(b'\n');
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want)
            );
        }
    }
}
