//! Repair of arbitrary UTF-8: keeps every line break, only rewrites whole
//! word tokens (plus Đ/Q inside codes and 1–2 digit numbers that become
//! words), and its edits rebuild the output from the input.
#![no_main]

use baocao::repair::engine::{RepairOptions, Session, repair_text};
use baocao::repair::model::Model;
use baocao::text::{TokenKind, tokenize};
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

fuzz_target!(|text: &str| {
    let model = MODEL.get_or_init(|| Model::embedded().expect("embedded model loads"));
    let r = SESSION.with_borrow_mut(|s| repair_text(text, model, &RepairOptions::default(), s));
    let out = &r.rewrite.text;
    for nl in ['\n', '\r'] {
        assert_eq!(
            out.matches(nl).count(),
            text.matches(nl).count(),
            "{nl:?} count changed"
        );
    }
    let tokens = tokenize(text);
    let mut at_src = 0;
    let mut at_out = 0;
    for e in &r.rewrite.edits {
        assert!(e.original.start >= at_src, "edits overlap or are unsorted");
        // Bytes between edits are copied verbatim.
        assert_eq!(
            &text[at_src..e.original.start],
            &out[at_out..e.new.start],
            "unchanged bytes differ"
        );
        let tok = tokens
            .iter()
            .find(|t| t.span == e.original)
            .expect("edits cover whole tokens");
        let old = &text[e.original.clone()];
        let new = &out[e.new.clone()];
        match tok.kind {
            TokenKind::Word => assert!(new.chars().all(char::is_alphabetic), "{old:?} -> {new:?}"),
            TokenKind::Code => {
                assert_eq!(
                    old.chars().count(),
                    new.chars().count(),
                    "{old:?} -> {new:?}"
                );
                for (a, b) in old.chars().zip(new.chars()) {
                    assert!(a == b || b == 'Đ' || b == 'Q', "{old:?} -> {new:?}");
                }
            }
            TokenKind::Number => assert!(
                old.len() <= 2 && new.chars().all(char::is_alphabetic),
                "{old:?} -> {new:?}"
            ),
            k => panic!("{k:?} token {old:?} rewritten to {new:?}"),
        }
        at_src = e.original.end;
        at_out = e.new.end;
    }
    assert_eq!(&text[at_src..], &out[at_out..], "tail differs");
});
