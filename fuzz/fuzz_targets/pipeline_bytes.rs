//! Arbitrary bytes through the whole pipeline: encoding detection and lossy
//! decoding, repair, extraction. Nothing may panic, and input spans stay
//! inside the input. Every forced encoding also decodes the bytes, and its
//! text-to-input offset map must be monotonic and inside the input.
#![no_main]

use baocao::extract::extract;
use baocao::repair::engine::{RepairOptions, Session, repair_text};
use baocao::repair::model::Model;
use baocao::text::{Document, Encoding, IntakeOptions, decode_auto};
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

fn check_offsets(doc: &Document, input_len: usize) {
    let mut last = 0;
    for i in (0..=doc.text.len()).filter(|&i| doc.text.is_char_boundary(i)) {
        let o = doc.input_offset(i);
        assert!(
            o >= last && o <= input_len,
            "{}: text {i} -> input {o} (after {last})",
            doc.encoding
        );
        last = o;
    }
}


fuzz_target!(|data: &[u8]| {
    let model = MODEL.get_or_init(|| Model::embedded().expect("embedded model loads"));
    let opts = IntakeOptions {
        lossy: true,
        allow_binary: true,
    };
    for enc in Encoding::ALL {
        if let Ok(doc) = decode_auto("fuzz", data, &opts, Some(enc)) {
            check_offsets(&doc, data.len());
        }
    }
    let Ok(doc) = decode_auto("fuzz", data, &opts, None) else {
        return;
    };
    check_offsets(&doc, data.len());
    let r =
        SESSION.with_borrow_mut(|s| repair_text(&doc.text, model, &RepairOptions::default(), s));
    let rec = extract(&doc, &r.rewrite);
    let spans = rec
        .sections
        .iter()
        .map(|s| s.span)
        .chain(rec.references.iter().map(|x| x.span))
        .chain(rec.dates.iter().map(|x| x.span))
        .chain(rec.dossiers.iter().map(|x| x.span));
    for (s, e) in spans {
        assert!(
            s <= e && e <= data.len(),
            "span {s}..{e} outside {} input bytes",
            data.len()
        );
    }
    serde_json::to_string(&rec).expect("record serialises");
});
