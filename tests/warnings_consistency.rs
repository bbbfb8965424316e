//! Warnings are exactly the contradictions the gold records of
//! `fixtures/extract-dev` note in `consistency` (CONVENTIONS.md §7): on
//! the 34 paragraphs of dossier statistics (`dossiers/`) each note is
//! raised by one warning citing its lines and no other warning is raised;
//! on the 36 documents, which note none, no warning is raised. Both the
//! OCR and the clean version of every text are read, after repair.

use baocao::Pipeline;
use baocao::record::Warning;
use regex::Regex;
use std::path::Path;

const SET: &str = "fixtures/extract-dev";

fn warnings(pipeline: &Pipeline, path: &Path) -> Vec<Warning> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    pipeline
        .process(&path.display().to_string(), &bytes)
        .unwrap_or_else(|e| panic!("{e}"))
        .warnings
}

/// The line ranges a gold note cites (`dòng 27–29`, `dòng 82-83`).
fn note_lines(note: &str) -> Vec<(usize, usize)> {
    let re = Regex::new(r"dòng\s+(\d+)(?:\s*[–-]\s*(\d+))?").unwrap();
    re.captures_iter(note)
        .map(|c| {
            let a: usize = c[1].parse().unwrap();
            let b = c.get(2).map_or(a, |m| m.as_str().parse().unwrap());
            (a, b)
        })
        .collect()
}

/// A warning cites a note when one of its lines lies in (or next to) one
/// of the note's ranges.
fn cites(w: &Warning, ranges: &[(usize, usize)]) -> bool {
    w.lines.iter().any(|&l| {
        ranges
            .iter()
            .any(|&(a, b)| a.saturating_sub(1) <= l && l <= b + 1)
    })
}

fn gold_notes(dir: &Path) -> Vec<String> {
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("gold.json")).expect("gold.json of the set"),
    )
    .expect("gold.json parses");
    gold["consistency"]
        .as_array()
        .expect("a consistency list")
        .iter()
        .map(|n| n.as_str().expect("a note").to_string())
        .collect()
}

#[test]
fn dossier_paragraphs_warn_exactly_the_noted_contradictions() {
    let model = Pipeline::new().unwrap();
    let dir = Path::new(SET).join("dossiers");
    let notes = gold_notes(&dir);
    assert_eq!(notes.len(), 4, "the set notes four contradictions");
    let ranges: Vec<Vec<(usize, usize)>> = notes.iter().map(|n| note_lines(n)).collect();
    assert!(
        ranges.iter().all(|r| !r.is_empty()),
        "every note cites its lines"
    );
    for version in ["ocr.txt", "clean.txt"] {
        let ws = warnings(&model, &dir.join(version));
        for (note, r) in notes.iter().zip(&ranges) {
            let n = ws.iter().filter(|w| cites(w, r)).count();
            assert_eq!(
                n, 1,
                "{version}: {n} warnings for the note {note:?}: {ws:#?}"
            );
        }
        for w in &ws {
            assert!(
                ranges.iter().any(|r| cites(w, r)),
                "{version}: a warning no note makes: {w:?}"
            );
        }
    }
}

#[test]
fn documents_without_contradictions_raise_no_warning() {
    let model = Pipeline::new().unwrap();
    let mut dirs: Vec<_> = std::fs::read_dir(SET)
        .expect("fixtures/extract-dev")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("gold.json").exists() && p.file_name().is_some_and(|n| n != "dossiers"))
        .collect();
    dirs.sort();
    assert_eq!(dirs.len(), 36);
    let mut raised = Vec::new();
    for dir in dirs {
        assert!(gold_notes(&dir).is_empty(), "{}: has notes", dir.display());
        for version in ["ocr.txt", "clean.txt"] {
            for w in warnings(&model, &dir.join(version)) {
                raised.push(format!("{}/{version}: {w:?}", dir.display()));
            }
        }
    }
    assert!(raised.is_empty(), "{raised:#?}");
}
