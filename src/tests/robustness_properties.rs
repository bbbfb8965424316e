//! Property tests for issue 6 (robustness): repair and extraction keep what
//! they promise on generated Vietnamese/OCR-ish text, and repair is
//! deterministic. The tokenizer's tiling property lives in
//! `tokenizer_props.rs`; here we add what the tiling does not cover.

use super::{edited_kind, is_word_rewrite};
use crate::extract::extract;
use crate::repair::engine::{RepairOptions, Repaired, Session, repair_text};
use crate::repair::model::Model;
use crate::text::{
    Document, Encoding, IntakeOptions, LineIndex, Rewrite, TokenKind, decode_auto, tokenize,
};
use proptest::prelude::*;
use std::sync::LazyLock;

static MODEL: LazyLock<Model> = LazyLock::new(|| Model::embedded().unwrap());

/// Clean and OCR-mangled words, codes, numbers, dates, dossier phrases,
/// headings, foreign scripts and every kind of line ending.
fn ocr_ish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "Pang",
        "uy",
        "di",
        "ban",
        "hanh",
        "Quyét",
        "dinh",
        "s",
        "s6",
        "c6",
        "x3",
        "13",
        "6",
        "01",
        "thin",
        "thién",
        "m&1",
        "¢6",
        "THU'C",
        "XA",
        "PONG",
        "Poc",
        "lap",
        "Hanh",
        "phic",
        "Két",
        "qua",
        "nim",
        "Đảng",
        "ủy",
        "số",
        "ngày",
        "tháng",
        "năm",
        "hồ",
        "sơ",
        "tiếp",
        "nhận",
        "giải",
        "quyết",
        "quá",
        "hạn",
        "đúng",
        "trước",
        "tỷ",
        "lệ",
        "đạt",
        "Ngày",
        "2024",
        "101-QD/PU",
        "/BC-UBND",
        "42/2013/QH13",
        "Qb/PU",
        "HĐND",
        "UBND",
        "QD",
        "05/03/2024",
        "10/6/2024",
        "2.449",
        "96,6%",
        "15km",
        "I.",
        "II.",
        "1.",
        "a)",
        "b)",
        "-",
        "—",
        "(",
        ")",
        "“",
        "”",
        ",",
        ".",
        ";",
        ":",
        "*",
        "**",
        "<sup>",
        "</sup>",
        "https://a.gov.vn/x",
        "a@b.vn",
        " ",
        " ",
        " ",
        "  ",
        "\t",
        "\n",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "😀",
        "中文",
        "Жук",
        "e\u{301}",
        "Đ",
        "ĐỒNG",
        "TTB6",
        "2023-2025",
        "O2",
        "O01",
        "tri?",
        "chi?c",
        "?",
        "Gy",
        "BO",
        "biéu",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| {
        // Space-join most atoms so words stay words, but not all: glued
        // atoms make the odd tokens real OCR output has.
        let mut s = String::new();
        for (i, a) in v.iter().enumerate() {
            if i > 0 && i % 3 != 0 {
                s.push(' ');
            }
            s.push_str(a);
        }
        s
    })
}

fn repair(text: &str, session: &mut Session) -> Repaired {
    repair_text(text, &MODEL, &RepairOptions::default(), session)
}

/// The rule of `tests/repair_fixtures.rs`, on any text: only whole word
/// tokens change (codes get only Đ/Q back, lone 1–3 digit numbers may become
/// words), and every byte between edits is the input's.
fn check_repair(text: &str, r: &Repaired) -> Result<(), TestCaseError> {
    let out = &r.rewrite.text;
    for nl in ['\n', '\r'] {
        prop_assert_eq!(out.matches(nl).count(), text.matches(nl).count());
    }
    prop_assert_eq!(LineIndex::new(out).count(), LineIndex::new(text).count());
    let tokens = tokenize(text);
    let (mut at_src, mut at_out) = (0, 0);
    for e in &r.rewrite.edits {
        prop_assert!(e.original.start >= at_src, "edits overlap");
        prop_assert_eq!(&text[at_src..e.original.start], &out[at_out..e.new.start]);
        let kind = edited_kind(text, &tokens, &e.original);
        prop_assert!(kind.is_some(), "edit {:?} is not a whole token", e);
        let (old, new) = (&text[e.original.clone()], &out[e.new.clone()]);
        match kind {
            Some(TokenKind::Word) => {
                prop_assert!(is_word_rewrite(old, new), "{old:?} → {new:?}")
            }
            Some(TokenKind::Code) => {
                prop_assert_eq!(old.chars().count(), new.chars().count());
                for (a, b) in old.chars().zip(new.chars()) {
                    prop_assert!(a == b || b == 'Đ' || b == 'Q', "{old:?} → {new:?}");
                }
            }
            Some(TokenKind::Number) => prop_assert!(
                old.len() <= 3 && new.chars().all(char::is_alphabetic),
                "{old:?} → {new:?}"
            ),
            k => prop_assert!(false, "{k:?} token {old:?} rewritten to {new:?}"),
        }
        at_src = e.original.end;
        at_out = e.new.end;
    }
    prop_assert_eq!(&text[at_src..], &out[at_out..]);
    Ok(())
}

fn check_record(text: &str, rewrite: &Rewrite) -> Result<(), TestCaseError> {
    let doc = Document::from_text(text);
    let rec = extract(&doc, rewrite);
    let ok = |(s, e): (usize, usize)| {
        s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
    };
    let lines = LineIndex::new(text).count();
    for (span, line) in rec
        .sections
        .iter()
        .map(|x| (x.span, x.line))
        .chain(rec.references.iter().map(|x| (x.span, x.line)))
        .chain(rec.dates.iter().map(|x| (x.span, x.line)))
        .chain(rec.dossiers.iter().map(|x| (x.span, x.line)))
    {
        prop_assert!(ok(span), "span {span:?} in {} bytes", text.len());
        prop_assert!((1..=lines).contains(&line), "line {line} of {lines}");
    }
    // The surface is the input's, a white-space run with a line break
    // written as one space.
    let surface = |s: &str| {
        let breaks = regex::Regex::new(r"\s*[\r\n]\s*").unwrap();
        breaks.replace_all(s, " ").into_owned()
    };
    for d in &rec.dates {
        prop_assert_eq!(&d.text, &surface(&text[d.span.0..d.span.1]));
    }
    for d in &rec.dossiers {
        prop_assert_eq!(&d.text, &surface(&text[d.span.0..d.span.1]));
    }
    Ok(())
}

/// A list's letters span lines that chunks may cut between (`d)` after
/// `d)` is `đ)`): at any chunk size the chunked repair is the whole one.
#[test]
fn chunked_repair_keeps_a_lists_letters() {
    let text = "c) Ba viec;\nd) Bon viec.\nTiep theo la:\n\nd) Nam viec;\n\n\
                d) Sau viec.\n\ndiem c, diem d,\n\ndiem d khoan 2.\nd) Bay.\n";
    let whole = repair(text, &mut Session::default());
    assert!(
        whole.rewrite.text.contains("\nđ) Sau"),
        "{}",
        whole.rewrite.text
    );
    for target in 1..text.len() {
        let chunked = crate::pipeline::chunks::repair_parallel(
            text,
            target,
            &RepairOptions::default(),
            &|t, o| repair_text(t, &MODEL, o, &mut Session::default()),
        );
        assert_eq!(
            chunked.rewrite.text, whole.rewrite.text,
            "chunks of {target}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Chunks cut at blank lines and sentence-ending lines repair, in
    /// parallel, to exactly the sequential bytes, edits and changes.
    #[test]
    fn chunked_repair_equals_sequential(text in ocr_ish(), target in 1usize..48) {
        let whole = repair(&text, &mut Session::default());
        let chunked = crate::pipeline::chunks::repair_parallel(
            &text,
            target,
            &RepairOptions::default(),
            &|t, o| repair_text(t, &MODEL, o, &mut Session::default()),
        );
        prop_assert_eq!(&chunked.rewrite.text, &whole.rewrite.text);
        prop_assert_eq!(&chunked.rewrite.edits, &whole.rewrite.edits);
        prop_assert_eq!(chunked.words, whole.words);
        let key = |r: &Repaired| -> Vec<(usize, std::ops::Range<usize>, String)> {
            r.changes.iter().map(|c| (c.line, c.span.clone(), c.replacement.clone())).collect()
        };
        prop_assert_eq!(key(&chunked), key(&whole));
    }

    #[test]
    fn repair_keeps_lines_and_non_word_bytes(text in ocr_ish()) {
        let r = repair(&text, &mut Session::default());
        check_repair(&text, &r)?;
    }

    #[test]
    fn repair_of_any_string_keeps_non_word_bytes(text in any::<String>()) {
        let r = repair(&text, &mut Session::default());
        check_repair(&text, &r)?;
    }

    #[test]
    fn repair_is_deterministic(a in ocr_ish(), b in ocr_ish()) {
        let cold = repair(&a, &mut Session::default()).rewrite.text;
        let again = repair(&a, &mut Session::default()).rewrite.text;
        prop_assert_eq!(&cold, &again);
        // A session warmed on other text (and on `a` itself) changes nothing.
        let mut warm = Session::default();
        repair(&b, &mut warm);
        prop_assert_eq!(&cold, &repair(&a, &mut warm).rewrite.text);
        prop_assert_eq!(&cold, &repair(&a, &mut warm).rewrite.text);
    }

    #[test]
    fn extracted_spans_point_into_the_input(text in ocr_ish()) {
        check_record(&text, &Rewrite::identity(&text))?;
        let r = repair(&text, &mut Session::default());
        check_record(&text, &r.rewrite)?;
    }

    #[test]
    fn newline_and_space_tokens_are_what_they_say(text in ocr_ish()) {
        for t in tokenize(&text) {
            let s = &text[t.span.clone()];
            match t.kind {
                TokenKind::Newline => prop_assert!(matches!(s, "\n" | "\r\n" | "\r"), "{s:?}"),
                TokenKind::Space => prop_assert!(
                    s.chars().all(|c| c.is_whitespace() && c != '\n' && c != '\r'),
                    "{s:?}"
                ),
                _ => prop_assert!(!s.contains(['\n', '\r']), "{:?} {s:?}", t.kind),
            }
        }
    }

    #[test]
    fn any_bytes_decode_lossily_with_monotonic_offsets(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        text in ocr_ish(),
        cut in any::<prop::sample::Index>(),
    ) {
        // Raw bytes, and Vietnamese text with a cut inside a character.
        let mut mixed = text.into_bytes();
        let at = cut.index(mixed.len() + 1);
        mixed.insert(at, 0xE1);
        let opts = IntakeOptions { lossy: true, allow_binary: true };
        let forced = [
            None,
            Some(Encoding::Utf8),
            Some(Encoding::Utf16Le),
            Some(Encoding::Utf16Be),
            Some(Encoding::Windows1258),
            Some(Encoding::Tcvn3),
            Some(Encoding::VniWindows),
            Some(Encoding::Viqr),
        ];
        for (input, enc) in [&bytes, &mixed].into_iter().flat_map(|b| forced.map(|e| (b, e))) {
            let Ok(doc) = decode_auto("p", input, &opts, enc) else { continue };
            let mut last = 0;
            for (i, _) in doc.text.char_indices().chain([(doc.text.len(), ' ')]) {
                let o = doc.input_offset(i);
                prop_assert!(o >= last && o <= input.len(), "offset {i} -> {o} (last {last})");
                last = o;
            }
        }
    }
}
