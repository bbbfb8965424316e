//! Extraction from arbitrary text through the front door (as is, or repaired
//! first when the first byte is odd): every span lies inside the input on
//! char boundaries, every line exists, and every `text` field is the input
//! at its span with each line break run written as one space.
#![no_main]

use baocao::Pipeline;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static RAW: OnceLock<Pipeline> = OnceLock::new();
static REPAIRED: OnceLock<Pipeline> = OnceLock::new();

fn check_span(text: &str, (s, e): (usize, usize)) {
    assert!(s <= e && e <= text.len(), "span {s}..{e} outside {} bytes", text.len());
    assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "span {s}..{e} off a char boundary");
}

/// The surface rule of the records: white space holding a line break is one space.
fn surface(s: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in s.chars().chain(std::iter::once('\u{0}')) {
        if c.is_whitespace() {
            run.push(c);
            continue;
        }
        out.push_str(if run.contains(['\n', '\r']) { " " } else { &run });
        run.clear();
        if c != '\u{0}' {
            out.push(c);
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&flag, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let p = if flag & 1 == 1 {
        REPAIRED.get_or_init(|| Pipeline::new().expect("embedded model"))
    } else {
        RAW.get_or_init(|| Pipeline::builder().repair(false).build().expect("embedded model"))
    };
    let rec = p.process_text("fuzz", text);
    let lines = 1 + text.matches('\n').count() + text.matches('\r').count();
    let line_ok = |l: usize| assert!(l >= 1 && l <= lines, "line {l} of at most {lines}");
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
        assert_eq!(d.text, surface(&text[d.span.0..d.span.1]));
    }
    for d in &rec.dossiers {
        check_span(text, d.span);
        line_ok(d.line);
        assert_eq!(d.text, surface(&text[d.span.0..d.span.1]));
    }
    for w in &rec.warnings {
        w.lines.iter().copied().for_each(line_ok);
    }
    serde_json::to_string(&rec).expect("record serialises");
});
