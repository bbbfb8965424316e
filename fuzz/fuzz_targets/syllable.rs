//! Syllable parsing on arbitrary strings: never panics, and whatever parses
//! round-trips through its canonical spelling in both tone styles.
#![no_main]

use baocao::syllable::{ToneStyle, canonical, parse, skeleton};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|word: &str| {
    let _ = skeleton(word);
    let Some(syl) = parse(word) else {
        assert!(canonical(word, ToneStyle::Old).is_none());
        return;
    };
    for style in [ToneStyle::Old, ToneStyle::New] {
        let c = canonical(word, style).expect("parse succeeded, canonical must too");
        assert_eq!(c, syl.render(style));
        // The canonical spelling parses back to the same syllable ...
        assert_eq!(parse(&c).as_ref(), Some(&syl), "{word:?} -> {c:?}");
        // ... and is a fixed point.
        assert_eq!(
            canonical(&c, style).as_deref(),
            Some(c.as_str()),
            "{word:?}"
        );
        // It is lower case.
        assert_eq!(c.to_lowercase(), c);
    }
});
