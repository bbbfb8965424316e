//! hOCR, ALTO and Tesseract TSV: what is read from them equals what is
//! read from the same engine's plain text, every item lies on its page,
//! the corrected files are read back by other readers, and hostile files
//! get an error naming file and position.
//!
//! Fixtures: `fixtures/ocr/*/` (Tesseract's outputs of the same pages,
//! made by `scripts/make_ocr_fixtures.py`).

mod common;

use baocao::InputFormat;
use baocao::Pipeline;
use common::{SucceedsWith, baocao};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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

/// Repairs `path` with the CLI into a temporary folder and returns the
/// corrected file's path (named as the input).
fn repaired(path: &Path, out: &Path) -> PathBuf {
    baocao()
        .arg("repair")
        .arg(path)
        .arg("--out-dir")
        .arg(out)
        .ok_stdout();
    let name = path.file_name().unwrap();
    let found: Vec<_> = std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension() == path.extension()
                && p.file_stem()
                    .is_some_and(|s| s.to_string_lossy().starts_with("ocr"))
        })
        .collect();
    assert_eq!(found.len(), 1, "{name:?} in {out:?}: {found:?}");
    found[0].clone()
}

fn python() -> bool {
    std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The corrected hOCR and ALTO are read by Python's own parsers
/// (`tests/ocr_readback.py`: html.parser for hOCR, ElementTree for ALTO),
/// keep every word with its box, change some words and record baocao's
/// confidence in the format's own field and range.
#[test]
fn corrected_hocr_and_alto_read_back_in_a_second_reader() {
    if !python() {
        eprintln!("python3 not found: skipped");
        return;
    }
    let tmp = std::env::temp_dir().join(format!("baocao-ocr-readback-{}", std::process::id()));
    for dir in fixtures().into_iter().take(3) {
        for (file, kind) in [("ocr.hocr", "hocr"), ("ocr.xml", "alto")] {
            let out = tmp.join(dir.file_name().unwrap()).join(kind);
            std::fs::create_dir_all(&out).unwrap();
            let input = dir.join(file);
            let fixed = repaired(&input, &out);
            let o = std::process::Command::new("python3")
                .arg("tests/ocr_readback.py")
                .arg(kind)
                .arg(&input)
                .arg(&fixed)
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "{}: {}{}",
                fixed.display(),
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

/// Hostile and malformed files: an error naming the file and its byte and
/// line, exit 1 (an input failed), never a panic, a hang or an expansion.
#[test]
fn hostile_xml_gets_an_error_naming_file_and_position() {
    let hocr = |body: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head><meta name='ocr-system' content='tesseract'/></head>\n<body>\n<div class='ocr_page' title='bbox 0 0 100 100'>\n{body}\n</div></body></html>\n"
        )
    };
    let alto = |body: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v3#\">\n<Layout><Page WIDTH=\"100\" HEIGHT=\"100\" PHYSICAL_IMG_NR=\"1\" ID=\"p\"><PrintSpace>\n{body}\n</PrintSpace></Page></Layout></alto>\n"
        )
    };
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE alto [\n<!ENTITY a \"aaaaaaaaaa\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v3#\"><Layout><Page WIDTH=\"1\" HEIGHT=\"1\"><String CONTENT=\"&c;\" HPOS=\"0\" VPOS=\"0\" WIDTH=\"1\" HEIGHT=\"1\"/></Page></Layout></alto>\n".to_string();
    let deep = "<div>".repeat(100_000);
    let long = format!(
        "<span class='ocrx_word' title='bbox 1 1 2 2; {}'>x</span>",
        "x".repeat(1 << 20)
    );
    let cases: Vec<(&str, String, InputFormat)> = vec![
        ("entity expansion", laughs, InputFormat::Alto),
        (
            "undeclared entity",
            alto("<String CONTENT=\"&lol;\" HPOS=\"0\" VPOS=\"0\" WIDTH=\"1\" HEIGHT=\"1\"/>"),
            InputFormat::Alto,
        ),
        ("deep nesting", hocr(&deep), InputFormat::Hocr),
        ("deep nesting", alto(&"<TextBlock>".repeat(100_000)), InputFormat::Alto),
        ("huge attribute", hocr(&long), InputFormat::Hocr),
        (
            "bad number",
            alto("<String CONTENT=\"a\" HPOS=\"1e999\" VPOS=\"0\" WIDTH=\"1\" HEIGHT=\"1\"/>"),
            InputFormat::Alto,
        ),
        (
            "mismatched end tag",
            alto("<TextBlock><String CONTENT=\"a\" HPOS=\"0\" VPOS=\"0\" WIDTH=\"1\" HEIGHT=\"1\"/></TextLine>"),
            InputFormat::Alto,
        ),
        (
            "cut inside a tag",
            hocr("<span class='ocrx_word' title='bbox 1 1 2 2"),
            InputFormat::Hocr,
        ),
        (
            "tsv row",
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n5\t1\t1\t1\t1\t1\tx\t0\t1\t1\t90\tword\n".to_string(),
            InputFormat::Tsv,
        ),
    ];
    let tmp = std::env::temp_dir().join(format!("baocao-ocr-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    for (i, (what, text, format)) in cases.into_iter().enumerate() {
        let name = format!("hostile{i}.{}", format.as_str());
        let err = pipeline()
            .process(&name, text.as_bytes())
            .err()
            .unwrap_or_else(|| panic!("{what}: read without error"));
        let msg = err.to_string();
        assert!(
            msg.contains(&name) && msg.contains("byte") && msg.contains("line"),
            "{what}: {msg}"
        );
        let path = tmp.join(&name);
        std::fs::write(&path, &text).unwrap();
        let o = baocao()
            .arg("extract")
            .arg(&path)
            .arg("--input-format")
            .arg(format.as_str())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{what}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.contains(&name) && stderr.contains("line"),
            "{what}: {stderr}"
        );
        assert!(o.stdout.is_empty(), "{what}: half-written output");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

/// Cut and corrupted engine files (every 97th byte position of one
/// document's hOCR, ALTO and TSV, cut there or overwritten with markup)
/// are read or refused with the file's name, never a panic.
/// `run` over a folder of engine files, in parallel: each gets its record
/// (`NAME.hocr.json`, the text's items) and its corrected file in its own
/// format (`NAME.hocr`) in `--out-dir`.
#[test]
fn run_over_a_folder_of_ocr_files_writes_records_and_corrected_files() {
    let tmp = std::env::temp_dir().join(format!("baocao-ocr-run-{}", std::process::id()));
    let (input, out) = (tmp.join("in"), tmp.join("out"));
    std::fs::create_dir_all(&input).unwrap();
    let dir = &fixtures()[0];
    for (file, _) in OCR_FILES {
        std::fs::copy(dir.join(file), input.join(file)).unwrap();
    }
    baocao()
        .args(["run", "--jobs", "2", "--out-dir"])
        .arg(&out)
        .arg(&input)
        .ok_stdout();
    // The words of an OCR file as read, without repair.
    let reader = Pipeline::builder()
        .repair(false)
        .include_text(true)
        .build()
        .unwrap();
    let words = |name: &str, bytes: &[u8]| -> String {
        reader
            .process(name, bytes)
            .unwrap()
            .text
            .unwrap_or_default()
    };
    for (file, format) in OCR_FILES {
        let json = std::fs::read(out.join(format!("{file}.json"))).unwrap();
        let mut record: Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(record["format"], format.as_str(), "{file}");
        let original = std::fs::read(dir.join(file)).unwrap();
        let mut want = serde_json::to_value(pipeline().process(file, &original).unwrap()).unwrap();
        record["source"] = Value::Null;
        want["source"] = Value::Null;
        assert_eq!(
            record, want,
            "{file}: run's record differs from the library's"
        );
        let fixed = words(file, &std::fs::read(out.join(file)).unwrap());
        let orig = words(file, &original);
        assert_ne!(fixed, orig, "{file}: nothing repaired");
        assert_eq!(
            fixed.split_whitespace().count(),
            orig.split_whitespace().count(),
            "{file}: words lost or added"
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
