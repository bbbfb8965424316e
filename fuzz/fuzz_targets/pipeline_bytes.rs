//! Arbitrary bytes through the whole front door — detection or a forced
//! encoding, lossy decoding, repair in pieces and paragraph chunks,
//! extraction, every record — at sizes that reach the pipeline's cuts.
//!
//! The first byte is a size knob: below 0xC0 the rest is taken as it is;
//! from 0xC0 it is repeated (with a blank line or a line end between
//! copies, by the knob's low bit) to (knob - 0xBF) × 300 KB, so inputs cross
//! the 256 KB paragraph chunks and the 1 MB pieces (up to ~19 MB, past the
//! 8 MB streaming threshold of the CLI). Nothing may panic; every span lies
//! inside the input, changes are in order, lines never go backwards, and
//! the repaired text keeps every line break.
#![no_main]

use baocao::{Encoding, Pipeline};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static AUTO: OnceLock<Pipeline> = OnceLock::new();
static FORCED: OnceLock<Vec<Pipeline>> = OnceLock::new();

fn check(p: &Pipeline, input: &[u8]) {
    let Ok(rec) = p.process("fuzz", input) else {
        return;
    };
    let spans = rec
        .sections
        .iter()
        .map(|s| (s.line, s.span))
        .chain(rec.references.iter().map(|x| (x.line, x.span)))
        .chain(rec.dates.iter().map(|x| (x.line, x.span)))
        .chain(rec.dossiers.iter().map(|x| (x.line, x.span)));
    for (line, (s, e)) in spans {
        assert!(s <= e && e <= input.len(), "span {s}..{e} outside {} bytes", input.len());
        assert!(line >= 1);
    }
    serde_json::to_string(&rec).expect("record serialises");
    let Ok(out) = p.repair("fuzz", input) else {
        return;
    };
    let mut last = (0, 0);
    for c in &out.record.changes {
        assert!(c.span.0 <= c.span.1 && c.span.1 <= input.len());
        assert!((c.line, c.span.0) >= last, "changes out of order");
        last = (c.line, c.span.1);
    }
    let text = out.record.text.unwrap_or_default();
    assert_eq!(text.matches('\n').count(), out.input.matches('\n').count());
}

fuzz_target!(|data: &[u8]| {
    let Some((&knob, body)) = data.split_first() else {
        return;
    };
    let input: Vec<u8> = if knob < 0xC0 || body.is_empty() {
        body.to_vec()
    } else {
        let want = usize::from(knob - 0xBF) * 300_000;
        let sep: &[u8] = if knob & 1 == 1 { b"\n\n" } else { b"\n" };
        let mut v = Vec::with_capacity(want + body.len());
        while v.len() < want {
            v.extend_from_slice(body);
            v.extend_from_slice(sep);
        }
        v
    };
    let auto = AUTO.get_or_init(|| Pipeline::builder().lossy(true).build().expect("embedded model"));
    check(auto, &input);
    // Every forced encoding decodes (lossy) without panicking; small inputs
    // only, the big ones would make each run too slow to explore.
    if input.len() <= 4096 {
        let forced = FORCED.get_or_init(|| {
            Encoding::ALL
                .iter()
                .filter_map(|&e| Pipeline::builder().lossy(true).encoding(Some(e)).repair(false).build().ok())
                .collect()
        });
        for p in forced {
            let _ = p.process("fuzz", &input);
        }
    }
});
