//! Property tests: the tokenizer is lossless on any text.

use super::tokenize;
use proptest::prelude::*;

fn vietnamese_ish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "Quyết",
        "định",
        "số",
        "101-QD/PU",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\r",
        "s6",
        "c6",
        "m&1",
        "¢6",
        "2.449",
        "96,6%",
        "05/03/2024",
        "https://a.vn/x?y=1",
        "a@b.vn",
        "(",
        ")",
        "“",
        "”",
        ",",
        ".",
        "<sup>",
        "1",
        "</sup>",
        "**",
        "Đ",
        "e\u{301}",
        "😀",
        "中文",
        "Ж",
        "\t",
        "/",
        "-",
        "'",
        "ĐỒNG",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn tokens_tile_the_input(s in vietnamese_ish()) {
        let toks = tokenize(&s);
        let mut at = 0;
        for t in &toks {
            prop_assert_eq!(t.span.start, at);
            prop_assert!(t.span.end > t.span.start);
            at = t.span.end;
        }
        prop_assert_eq!(at, s.len());
        let joined: String = toks.iter().map(|t| &s[t.span.clone()]).collect();
        prop_assert_eq!(joined, s);
    }

    #[test]
    fn arbitrary_strings_tile_too(s in any::<String>()) {
        let joined: String = tokenize(&s).iter().map(|t| &s[t.span.clone()]).collect();
        prop_assert_eq!(joined, s);
    }
}
