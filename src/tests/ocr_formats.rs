//! hOCR, ALTO and Tesseract TSV read through the pipeline: the items equal
//! those of the same engine's plain text, each lies on its page around its
//! words (checked against the reader's word table), and cut or corrupted
//! files never panic. The CLI side is in `tests/ocr_formats.rs`.
//!
//! Fixtures: `fixtures/ocr/*/` (Tesseract's outputs of the same pages,
//! made by `scripts/make_ocr_fixtures.py`).

use crate::Pipeline;
use crate::ocr::{self, InputFormat};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::OnceLock;

type BBox = (u32, u32, u32, u32);

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new().unwrap())
}

fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir("fixtures/ocr")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 5, "fixtures/ocr has {} documents", dirs.len());
    dirs
}

const OCR_FILES: [(&str, InputFormat); 3] = [
    ("ocr.hocr", InputFormat::Hocr),
    ("ocr.xml", InputFormat::Alto),
    ("ocr.tsv", InputFormat::Tsv),
];

/// Fields that say where an item is in the file (they differ between a
/// text file and an OCR file of the same words).
const PLACE: [&str; 5] = ["span", "line", "line_end", "page", "bbox"];

/// The items of a record (header, sections, references, dates, dossiers,
/// warnings) without their places.
fn items(record: &Value) -> Value {
    fn strip(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| !PLACE.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
            v => v.clone(),
        }
    }
    let keys = [
        "document",
        "sections",
        "references",
        "dates",
        "dossiers",
        "warnings",
    ];
    Value::Object(
        keys.iter()
            .map(|k| (k.to_string(), strip(&record[*k])))
            .collect(),
    )
}

/// Every object of `v` that has a span, with the path to it.
fn located<'a>(v: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(m) => {
            if m.contains_key("span") {
                out.push((path.clone(), v));
            }
            for (k, x) in m {
                located(x, format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                located(x, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn bbox(v: &Value) -> Option<BBox> {
    serde_json::from_value(v.clone()).ok()
}

fn inside(inner: BBox, outer: BBox) -> bool {
    outer.0 <= inner.0 && outer.1 <= inner.1 && inner.2 <= outer.2 && inner.3 <= outer.3
}

#[test]
fn ocr_files_give_the_text_files_items_each_on_its_page_around_its_words() {
    let p = pipeline();
    for dir in fixtures() {
        let text = p.process("ocr.txt", &std::fs::read(dir.join("ocr.txt")).unwrap());
        let want = items(&serde_json::to_value(text.unwrap()).unwrap());
        for (file, format) in OCR_FILES {
            let path = dir.join(file);
            let bytes = std::fs::read(&path).unwrap();
            let name = path.display().to_string();
            let record = serde_json::to_value(p.process(&name, &bytes).unwrap()).unwrap();
            assert_eq!(record["format"], format.as_str(), "{name}");
            assert_eq!(items(&record), want, "{name}: items differ from ocr.txt's");
            let (_, layout) = ocr::read(&name, bytes, format).unwrap();
            let mut found = Vec::new();
            located(&record, String::new(), &mut found);
            assert!(found.len() > 5, "{name}: only {} items", found.len());
            for (at, item) in found {
                let span: (usize, usize) = serde_json::from_value(item["span"].clone()).unwrap();
                let page = item["page"].as_u64();
                let b = bbox(&item["bbox"]);
                let (Some(page), Some(b)) = (page, b) else {
                    panic!("{name}{at}: no page or box: {item}");
                };
                let page = page as u32;
                let extent = layout
                    .page_box(page)
                    .expect("Tesseract gives every page's size");
                assert!(
                    inside(b, extent),
                    "{name}{at}: {b:?} outside page {extent:?}"
                );
                let words: Vec<_> = layout
                    .words_in(span)
                    .into_iter()
                    .filter(|(_, wp, _)| *wp == page)
                    .collect();
                assert!(!words.is_empty(), "{name}{at}: no word on page {page}");
                for (w, _, wb) in words {
                    let wb = wb.expect("Tesseract boxes every word");
                    assert!(inside(wb, b), "{name}{at}: word {w:?} {wb:?} outside {b:?}");
                }
            }
        }
    }
}

#[test]
fn cut_or_corrupted_ocr_files_never_panic() {
    let dir = &fixtures()[0];
    for (file, format) in OCR_FILES {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        for at in (0..bytes.len()).step_by(97) {
            let cut = bytes[..at].to_vec();
            let mut bad = bytes.clone();
            bad[at] = b"<&\"\t\n>\xff"[at % 7];
            for (what, input) in [("cut", cut), ("corrupted", bad)] {
                let name = format!("{file}@{at}");
                if let Err(e) = ocr::read(&name, input, format) {
                    let msg = e.to_string();
                    assert!(msg.contains(&name) && msg.contains("line"), "{what}: {msg}");
                }
            }
        }
    }
}
