//! Extraction from arbitrary text (as is, or repaired first when the first
//! byte is odd): every span lies inside the input on char boundaries and
//! every `text` field is exactly the input at its span.
#![no_main]

use baocao::extract::{Span, extract};
use baocao::repair::engine::{RepairOptions, Session, repair_text};
use baocao::repair::model::Model;
use baocao::text::{Document, LineIndex, Rewrite};
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;
use std::sync::OnceLock;

static MODEL: OnceLock<Model> = OnceLock::new();

thread_local! {
    /// A warm candidate memo across runs: repair output does not depend on
    /// it (see `repair_is_deterministic`), and a cold one per input made
    /// every run re-search every token (~7 runs/s).
    static SESSION: RefCell<Session> = RefCell::new(Session::default());
}

fn check_span(text: &str, span: Span) {
    let (s, e) = span;
    assert!(
        s <= e && e <= text.len(),
        "span {span:?} outside input of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(s) && text.is_char_boundary(e),
        "span {span:?} off char boundary"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&flag, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let doc = Document::from_text("fuzz", text);
    let rewrite = if flag & 1 == 1 {
        let model = MODEL.get_or_init(|| Model::embedded().expect("embedded model loads"));
        SESSION
            .with_borrow_mut(|s| repair_text(text, model, &RepairOptions::default(), s))
            .rewrite
    } else {
        Rewrite::identity(text)
    };
    let rec = extract(&doc, &rewrite);
    let lines = LineIndex::new(text).len();
    let line_ok = |l: usize| assert!(l >= 1 && l <= lines, "line {l} of {lines}");
    for s in &rec.sections {
        check_span(text, s.span);
        line_ok(s.line);
    }
    for r in &rec.references {
        check_span(text, r.span);
        line_ok(r.line);
    }
    for d in &rec.dates {
        check_span(text, d.span);
        line_ok(d.line);
        assert_eq!(d.text, &text[d.span.0..d.span.1]);
    }
    for d in &rec.dossiers {
        check_span(text, d.span);
        line_ok(d.line);
        assert_eq!(d.text, &text[d.span.0..d.span.1]);
    }
    for w in &rec.warnings {
        for &l in &w.lines {
            line_ok(l);
        }
    }
    serde_json::to_string(&rec).expect("record serialises");
});
