//! Runs extraction on the seed documents (raw input, identity rewrite) and
//! checks spans, lines and key values against the hand-written expected
//! records; prints precision/recall per kind.

use baocao::eval::{ExtractReport, score_extract};
use baocao::record::DocumentRecord as Record;
use std::sync::LazyLock;

/// Extraction without repair: the raw OCR is read as it stands.
static RAW: LazyLock<baocao::Pipeline> = LazyLock::new(|| {
    baocao::Pipeline::builder()
        .repair(false)
        .build()
        .expect("embedded model")
});
use proptest::prelude::*;

/// 1-based line of a byte offset, as records count lines.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(text.match_indices('\n').map(|(i, _)| i).collect())
    }

    fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

fn seeds() -> Vec<(String, String, serde_json::Value)> {
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
        let exp: serde_json::Value = serde_json::from_str(&exp).expect("expected parses");
        out.push((p.display().to_string(), text, exp));
    }
    out
}

fn run(path: &str, text: &str) -> Record {
    RAW.process_text(path, text)
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
    let idx = Lines::new(text);
    for (line, (s, e)) in all_spans(rec) {
        assert!(s <= e && e <= text.len(), "span {s}..{e} outside input");
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "span {s}..{e} splits a char"
        );
        assert_eq!(idx.line_of(s), line, "line of span {s}..{e}");
    }
    // The surface is the input's, with a line break read as one space.
    let breaks = regex::Regex::new(r"\s*[\r\n]\s*").unwrap();
    for d in &rec.dates {
        assert_eq!(d.text, breaks.replace_all(&text[d.span.0..d.span.1], " "));
    }
}

/// The expected records' own spans hold their items' lines.
fn check_expected_spans(text: &str, exp: &serde_json::Value) {
    let idx = Lines::new(text);
    for kind in ["sections", "references", "dates", "dossiers"] {
        for item in exp[kind].as_array().into_iter().flatten() {
            let (Some(s), Some(line)) = (item["span"][0].as_u64(), item["line"].as_u64()) else {
                continue;
            };
            assert_eq!(idx.line_of(s as usize), line as usize, "{kind} {item}");
        }
    }
}

#[test]
fn seeds_spans_and_key_values() {
    let mut total = ExtractReport::default();
    let mut failures = Vec::new();
    for (path, text, exp) in seeds() {
        let got = run(&path, &text);
        check_spans(&text, &got);
        check_expected_spans(&text, &exp);
        // Values the code must get right even on raw OCR.
        let d = &exp["document"];
        let same = |field: &str, v: &Option<String>| d[field].as_str() == v.as_deref();
        if !same("number", &got.document.number)
            || !same("date", &got.document.date)
            || !same("type", &got.document.doc_type)
        {
            failures.push(format!("{path}: header {:?} vs {d}", got.document));
        }
        let got_markers: Vec<(usize, Option<String>)> = got
            .sections
            .iter()
            .map(|s| (s.line, s.marker.clone()))
            .collect();
        let exp_markers: Vec<(usize, Option<String>)> = exp["sections"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                (
                    s["line"].as_u64().unwrap_or(0) as usize,
                    s["marker"].as_str().map(str::to_string),
                )
            })
            .collect();
        if got_markers != exp_markers {
            failures.push(format!(
                "{path}: sections\n got {got_markers:?}\n exp {exp_markers:?}"
            ));
        }
        let report = score_extract(&exp, &serde_json::to_value(&got).unwrap());
        let refs = report.kind("references");
        if refs.fn_ * 10 > refs.tp + refs.fn_ {
            failures.push(format!("{path}: {} of the references missed", refs.fn_));
        }
        total.merge(&report);
    }
    println!("{}", total.render_table());
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
        let rec = run("-", &s);
        let idx = Lines::new(&s);
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
        let rec = run("-", &s);
        for (_, (a, b)) in all_spans(&rec) {
            prop_assert!(a <= b && b <= s.len());
        }
    }
}
