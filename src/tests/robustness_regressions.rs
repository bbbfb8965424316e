//! Inputs that once broke a robustness property (found by the fuzzers or
//! the `worst_case` bench), replayed against the same property.
//!
//! Fuzzer finds live as files in `tests/regressions/<fuzz target>/`; every
//! file there is replayed by the test named after the target, so keeping a
//! new crash input is just copying it from `fuzz/artifacts/<target>/`.

use crate::extract::extract;
use crate::repair::engine::{RepairOptions, Session, repair_text};
use crate::repair::model::Model;
use crate::text::{Document, Encoding, IntakeOptions, Rewrite, decode_auto, tokenize};
use std::path::Path;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

static MODEL: LazyLock<Model> = LazyLock::new(|| Model::embedded().unwrap());

/// Every file kept under `tests/regressions/<target>/`, as bytes.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new("tests/regressions").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

fn assert_tiles(text: &str) {
    let mut at = 0;
    for t in tokenize(text) {
        assert_eq!(t.span.start, at);
        assert!(t.span.end > t.span.start);
        at = t.span.end;
    }
    assert_eq!(at, text.len());
}

/// The repair property of the `repair_paragraph` fuzz target.
fn assert_repair_keeps_non_words(name: &str, text: &str) {
    let r = repair_text(
        text,
        &MODEL,
        &RepairOptions::default(),
        &mut Session::default(),
    );
    let out = &r.rewrite.text;
    assert_eq!(
        out.matches('\n').count(),
        text.matches('\n').count(),
        "{name}"
    );
    assert_eq!(
        out.matches('\r').count(),
        text.matches('\r').count(),
        "{name}"
    );
    let (mut a, mut b) = (0, 0);
    for e in &r.rewrite.edits {
        assert_eq!(&text[a..e.original.start], &out[b..e.new.start], "{name}");
        (a, b) = (e.original.end, e.new.end);
    }
    assert_eq!(&text[a..], &out[b..], "{name}");
}

fn assert_extract_spans(name: &str, text: &str) {
    let doc = Document::from_text(text);
    let r = repair_text(
        text,
        &MODEL,
        &RepairOptions::default(),
        &mut Session::default(),
    );
    for rw in [Rewrite::identity(text), r.rewrite] {
        let rec = extract(&doc, &rw);
        for d in &rec.dates {
            assert_eq!(d.text, &text[d.span.0..d.span.1], "{name}");
        }
        for d in &rec.dossiers {
            assert_eq!(d.text, &text[d.span.0..d.span.1], "{name}");
        }
    }
}

#[test]
fn tokenize_tiles() {
    for (_, bytes) in inputs("tokenize") {
        assert_tiles(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn repair_paragraph_keeps_non_words() {
    for (name, bytes) in inputs("repair_paragraph") {
        assert_repair_keeps_non_words(&name, &String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn extract_spans() {
    for (name, bytes) in inputs("extract") {
        // The fuzz target's first byte picks as-is vs repaired; here both run.
        let text = String::from_utf8_lossy(bytes.get(1..).unwrap_or_default());
        assert_extract_spans(&name, &text);
    }
}

#[test]
fn pipeline_bytes_no_panic() {
    let opts = IntakeOptions {
        lossy: true,
        allow_binary: true,
    };
    for (name, bytes) in inputs("pipeline_bytes") {
        if let Ok(doc) = decode_auto(&name, &bytes, &opts, None) {
            let r = repair_text(
                &doc.text,
                &MODEL,
                &RepairOptions::default(),
                &mut Session::default(),
            );
            extract(&doc, &r.rewrite);
        }
    }
}

/// Found by `benches/worst_case.rs`: a chunk of 80 000 unclosed `<` took
/// 0.4 s (each `<` searched the rest of the chunk for `>`), 16× per 4× size.
#[test]
fn unclosed_angle_brackets_tokenize_in_linear_time() {
    let text = "<".repeat(400_000);
    let t = Instant::now();
    assert_tiles(&text);
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
}

/// Found by `benches/worst_case.rs`: runs of 3-byte punctuation (`“`) made
/// the URL check lower-case the whole rest of the chunk at every character.
#[test]
fn multibyte_punctuation_runs_tokenize_in_linear_time() {
    let text = "“".repeat(400_000);
    let t = Instant::now();
    assert_tiles(&text);
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
}

/// Found by measuring RSS: a 1 MB sentence without punctuation took 850 MB
/// (decoder layers kept `beam × options` capacity). Windows of 512
/// positions and beam-sized layers keep it small; here the output must
/// still keep every non-word byte across the window cuts.
#[test]
fn punctuation_free_run_is_windowed_and_lossless() {
    let words = ["di", "ban", "hanh", "s6", "c6", "13", "Pang", "uy", "vé"];
    let text: String = (0..5_000)
        .map(|i| words[i % words.len()])
        .collect::<Vec<_>>()
        .join(" ");
    assert_repair_keeps_non_words("5000 words", &text);
}

/// Found by `any_bytes_decode_lossily_with_monotonic_offsets`: TCVN3 bytes
/// `B5 B4` decode to `ạ` + U+0300 (one composed run, 5 text bytes from 2
/// input bytes); text offsets before the first anchor mapped as identity,
/// so offset 3 went to input byte 3 and the next to byte 2.
#[test]
fn tcvn3_composed_run_at_start_maps_monotonically() {
    let opts = IntakeOptions {
        lossy: true,
        allow_binary: true,
    };
    for (name, bytes) in inputs("decode") {
        for enc in [None, Some(Encoding::Tcvn3), Some(Encoding::VniWindows)] {
            let Ok(doc) = decode_auto(&name, &bytes, &opts, enc) else {
                continue;
            };
            let mut last = 0;
            for i in (0..=doc.text.len()).filter(|&i| doc.text.is_char_boundary(i)) {
                let o = doc.input_offset(i);
                assert!(o >= last && o <= bytes.len(), "{name} {enc:?}: {i} -> {o}");
                last = o;
            }
        }
    }
}

/// The replayed corpus is where the tests look (a wrong path would make
/// every replay above pass on nothing).
#[test]
fn regression_corpus_is_found() {
    for target in [
        "decode",
        "extract",
        "pipeline_bytes",
        "repair_paragraph",
        "tokenize",
    ] {
        let dir = Path::new("tests/regressions").join(target);
        assert!(dir.is_dir(), "{} is missing", dir.display());
    }
    assert!(!inputs("decode").is_empty());
}
