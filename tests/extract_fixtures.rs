//! Runs extraction on the seed documents (raw input, identity rewrite) and
//! checks spans, lines and key values against the hand-written expected
//! records; prints precision/recall per kind.

use baocao::extract::score::{Counts, norm, score};
use baocao::extract::{Record, extract};
use baocao::text::{Document, LineIndex, Rewrite};
use proptest::prelude::*;

fn seeds() -> Vec<(String, String, Record)> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir("fixtures/seeds")
        .expect("seeds dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    for p in paths {
        let stem = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let text = std::fs::read_to_string(&p).expect("seed text");
        let exp = std::fs::read_to_string(format!("fixtures/expected/{stem}.json"))
            .expect("expected json");
        let exp: Record = serde_json::from_str(&exp).expect("expected parses");
        out.push((p.display().to_string(), text, exp));
    }
    out
}

fn run(path: &str, text: &str) -> (Document, Record) {
    let doc = Document::from_text(path, text);
    let rec = extract(&doc, &Rewrite::identity(&doc.text));
    (doc, rec)
}

fn all_spans(rec: &Record) -> Vec<(usize, (usize, usize))> {
    let mut spans: Vec<(usize, (usize, usize))> = Vec::new();
    spans.extend(rec.sections.iter().map(|s| (s.line, s.span)));
    spans.extend(rec.references.iter().map(|s| (s.line, s.span)));
    spans.extend(rec.dates.iter().map(|s| (s.line, s.span)));
    spans.extend(rec.dossiers.iter().map(|s| (s.line, s.span)));
    spans
}

fn check_spans(text: &str, rec: &Record) {
    let idx = LineIndex::new(text);
    for (line, (s, e)) in all_spans(rec) {
        assert!(s <= e && e <= text.len(), "span {s}..{e} outside input");
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "span {s}..{e} splits a char"
        );
        assert_eq!(idx.line_of(s), line, "line of span {s}..{e}");
    }
    for d in &rec.dates {
        assert_eq!(d.text, text[d.span.0..d.span.1]);
    }
}

#[test]
fn seeds_spans_and_key_values() {
    let mut totals: Vec<(&'static str, Counts)> = Vec::new();
    let mut failures = Vec::new();
    for (path, text, exp) in seeds() {
        let (_, got) = run(&path, &text);
        check_spans(&text, &got);
        check_spans(&text, &exp);
        // Values the code must get right even on raw OCR.
        if got.document.number != exp.document.number
            || got.document.date != exp.document.date
            || got.document.doc_type != exp.document.doc_type
        {
            failures.push(format!(
                "{path}: header {:?} vs {:?}",
                got.document, exp.document
            ));
        }
        let markers = |r: &Record| {
            r.sections
                .iter()
                .map(|s| (s.line, s.marker.clone()))
                .collect::<Vec<_>>()
        };
        if markers(&got) != markers(&exp) {
            failures.push(format!(
                "{path}: sections\n got {:?}\n exp {:?}",
                markers(&got),
                markers(&exp)
            ));
        }
        let refs = |r: &Record| {
            let mut v: Vec<String> = r.references.iter().map(|x| norm(&x.number)).collect();
            v.sort();
            v
        };
        let (g, e) = (refs(&got), refs(&exp));
        let missing: Vec<_> = e.iter().filter(|x| !g.contains(x)).collect();
        if missing.len() > e.len() / 10 {
            failures.push(format!("{path}: reference numbers missing: {missing:?}"));
        }
        println!("{path}");
        for (kind, c) in score(&exp, &got) {
            println!(
                "  {kind:<10} P {:.2} R {:.2} ({}/{} found, {} expected)",
                c.precision(),
                c.recall(),
                c.matched,
                c.found,
                c.expected
            );
            match totals.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, t)) => t.add(c),
                None => totals.push((kind, c)),
            }
        }
    }
    println!("ALL");
    for (kind, c) in totals {
        println!("  {kind:<10} P {:.2} R {:.2}", c.precision(), c.recall());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn extraction_is_fast() {
    let seeds = seeds();
    let start = std::time::Instant::now();
    for (path, text, _) in &seeds {
        let _ = run(path, text);
    }
    let per_doc = start.elapsed() / seeds.len().max(1) as u32;
    assert!(per_doc.as_millis() < 200, "{per_doc:?} per document");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn never_panics_and_spans_are_sound(s in "(?s)[a-zA-Z0-9 ./:,;()\\-\\n|&¢€“”—ÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬĐđÉÈẺẼẸÊẾỀỂỄỆƠỚỜỞỠỢƯỨỪỬỮỰôơưăâêốếộ%*#<>]{0,300}") {
        let (doc, rec) = run("-", &s);
        let idx = LineIndex::new(&doc.text);
        for (line, (a, b)) in all_spans(&rec) {
            prop_assert!(a <= b && b <= s.len());
            prop_assert!(s.is_char_boundary(a) && s.is_char_boundary(b));
            prop_assert_eq!(idx.line_of(a), line);
        }
    }

    #[test]
    fn keyword_soup_never_panics(parts in proptest::collection::vec(prop_oneof![
        Just("Quyét dinh s6 "), Just("101-QD/PU "), Just("ngay 31/02/2024 "), Just("hd so "),
        Just("tiép nhan "), Just("2.449 "), Just("96,6% "), Just("\n"), Just("I1. KET QUA\n"),
        Just("quy 11 nim 2024 "), Just("S5466 /BC-UBND "), Just("KT. CHU TICH\n"), Just("đúng hạn "),
    ], 0..40)) {
        let s: String = parts.concat();
        let (doc, rec) = run("-", &s);
        for (_, (a, b)) in all_spans(&rec) {
            prop_assert!(a <= b && b <= doc.text.len());
        }
    }
}
