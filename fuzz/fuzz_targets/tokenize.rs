//! The tokenizer is lossless: token spans tile the input exactly, are never
//! empty and always sit on char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let toks = baocao::text::tokenize(text);
    let mut at = 0;
    for t in &toks {
        assert_eq!(t.span.start, at, "gap or overlap before {t:?}");
        assert!(t.span.end > t.span.start, "empty token {t:?}");
        assert!(
            text.is_char_boundary(t.span.end),
            "span off a char boundary: {t:?}"
        );
        at = t.span.end;
    }
    assert_eq!(at, text.len(), "tokens stop short of the end");
});
