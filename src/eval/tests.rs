use super::*;

fn ci() -> ScoreOptions {
    ScoreOptions {
        case_insensitive: true,
        ..ScoreOptions::default()
    }
}

#[test]
fn tone_norm_cases_from_score_py() {
    for (old, new) in [
        ("hoà", "hòa"),
        ("Hoà", "Hòa"),
        ("HOÀ", "HÒA"),
        ("uỷ", "ủy"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("oá", "óa"),
        ("hoà.", "hòa."),
        ("(hoà)", "(hòa)"),
    ] {
        assert_eq!(tone_norm(old), new, "{old}");
    }
    // Not open oa/oe/uy, or `qu`: untouched.
    for same in [
        "hoàng", "quà", "quý", "uá", "hòa", "hoa", "hoă", "xoè_", "thuở",
    ] {
        assert_eq!(tone_norm(same), same, "{same}");
    }
    // Decomposed input is composed first.
    assert_eq!(tone_norm("hoa\u{300}"), "hòa");
}

#[test]
fn tokenize_like_score_py() {
    assert_eq!(
        tokenize("Hoà  bình\tthuỷ\u{1c}lợi", false, true),
        ["Hòa", "bình", "thủy", "lợi"]
    );
    assert_eq!(tokenize("hoà", false, false), ["hoà"]);
    assert_eq!(
        tokenize("(“trích”), ... m², 50%", true, true),
        ["trích", "m²", "50"]
    );
    assert_eq!(tokenize("a , b", false, true), ["a", ",", "b"]);
    assert_eq!(base_form("ĐỒNG Ý"), "dong y");
    assert_eq!(strip_diacritics("Đắk Lắk"), "Dak Lak");
}

#[test]
fn read_lines_like_score_py() {
    assert_eq!(read_lines("a\r\nb\r\n"), ["a", "b"]);
    assert_eq!(read_lines("a\rb\n\n"), ["a", "b", ""]);
    assert_eq!(read_lines("a\nb"), ["a", "b"]);
    assert!(read_lines("").is_empty());
    assert_eq!(read_lines("\n"), [""]);
}

#[test]
fn line_count_mismatch_names_both_counts() {
    let e = score_repair("a\nb\n", "a\n", &ci());
    let msg = e.map(|_| ()).unwrap_err().to_string();
    assert_eq!(msg, "line count differs: gold 2 vs hyp 1");
    let e = score_changes("a\n", "a\nb\n", "a\n", &ci());
    assert!(matches!(
        e,
        Err(EvalError::LineCount {
            gold: 1,
            other: 2,
            ..
        })
    ));
}

#[test]
fn merge_and_split_do_not_cascade() -> Result<(), EvalError> {
    let opts = ScoreOptions {
        top_errors: 5,
        ..ci()
    };
    // Merge: one substitution + one deletion, the rest still matches.
    let r = score_repair(
        "tình hình kinh tế xã hội\n",
        "tìnhhình kinh tế xã hội\n",
        &opts,
    )?;
    assert_eq!(
        (r.correct, r.substitutions, r.deletions, r.insertions),
        (4, 1, 1, 0)
    );
    // Split: one substitution + one insertion.
    let r = score_repair("xây dựng chính quyền\n", "xâ y dựng chính quyền\n", &opts)?;
    assert_eq!(
        (r.correct, r.substitutions, r.deletions, r.insertions),
        (3, 1, 0, 1)
    );
    // The substitution goes to the more similar token (cong~congtac beats tac~congtac).
    let r = score_repair("công tác\n", "côngtác\n", &opts)?;
    let pairs: Vec<_> = r
        .top_errors
        .iter()
        .map(|e| (e.gold.as_str(), e.hyp.as_str()))
        .collect();
    assert_eq!(pairs, [("công", "côngtác"), ("tác", "")]);
    // A leading deletion stays a deletion instead of shifting every pair.
    let r = score_repair("a b c d\n", "b c d\n", &opts)?;
    assert_eq!((r.correct, r.deletions, r.substitutions), (3, 1, 0));
    Ok(())
}

#[test]
fn diacritic_only_and_case() -> Result<(), EvalError> {
    let r = score_repair(
        "Hòa bình Đông\n",
        "hoa Bình Dong\n",
        &ScoreOptions::default(),
    )?;
    // Case-sensitive: nothing matches, but all base letters do.
    assert_eq!((r.correct, r.base_ok, r.diacritic_only.correct), (0, 3, 1));
    let r = score_repair("Hòa bình Đông\n", "hoa Bình Dong\n", &ci())?;
    assert_eq!((r.correct, r.base_ok, r.diacritic_only.correct), (1, 3, 1));
    assert_eq!(r.gold_diac_tokens, 3);
    Ok(())
}

/// Reference numbers for the fixture pair, produced by
/// `python3 /work/shared/tools/score.py fixtures/pairs/seeds23.clean.txt
///  fixtures/pairs/seeds23.ocr.txt --ci --errors 3` (the project's reference
/// metric), copied from its JSON output; tests must not need `/work/shared`.
#[test]
fn agrees_with_score_py_on_fixture_pair() -> Result<(), EvalError> {
    let gold = include_str!("../../fixtures/pairs/seeds23.clean.txt");
    let ocr = include_str!("../../fixtures/pairs/seeds23.ocr.txt");
    let opts = ScoreOptions {
        top_errors: 3,
        ..ci()
    };
    let r = score_repair(gold, ocr, &opts)?;
    assert_eq!((r.lines, r.gold_tokens, r.hyp_tokens), (612, 8156, 8149));
    assert_eq!((r.substitutions, r.deletions, r.insertions), (7016, 7, 0));
    assert_eq!((r.char_errors, r.gold_chars), (8470, 37367));
    assert_eq!(
        (r.diacritic_only.eligible, r.diacritic_only.correct),
        (5984, 1133)
    );
    assert_eq!(r.syllable_accuracy, Some(0.1389));
    assert_eq!(r.token_error_rate, Some(0.8611));
    assert_eq!(r.cer, Some(0.2267));
    assert_eq!(r.diacritic_only.accuracy, Some(0.1893));
    assert_eq!(r.base_accuracy, Some(0.7337));
    assert_eq!(r.accuracy_gold_with_diacritics, Some(0.0011));
    assert_eq!(r.accuracy_gold_without_diacritics, Some(0.9903));
    let top: Vec<_> = r
        .top_errors
        .iter()
        .map(|e| (e.gold.as_str(), e.hyp.as_str(), e.count))
        .collect();
    assert_eq!(
        top,
        [
            ("công", "cong", 162),
            ("chính", "chinh", 121),
            ("thân", "than", 104)
        ]
    );
    // Repairing the OCR into gold: every edit is a fix, nothing stays wrong.
    let c = score_changes(gold, ocr, gold, &opts)?;
    assert_eq!(
        (c.stayed_wrong, c.unchanged_wrong, c.became_wrong),
        (0, 0, 0)
    );
    assert_eq!(c.became_right, c.changed);
    assert!(c.changed >= 7016, "{c:?}");
    // Gold against itself is perfect.
    let r = score_repair(gold, gold, &opts)?;
    assert_eq!((r.syllable_accuracy, r.cer), (Some(1.0), Some(0.0)));
    Ok(())
}

#[test]
fn report_renders_and_serializes() -> Result<(), Box<dyn std::error::Error>> {
    let r = score_repair(
        "hòa bình\n",
        "hoa bình\n",
        &ScoreOptions {
            top_errors: 2,
            ..ci()
        },
    )?;
    let t = r.render_table();
    assert!(
        t.contains("syllable accuracy") && t.contains("50.00%") && t.contains("hòa"),
        "{t}"
    );
    let j = serde_json::to_value(&r)?;
    assert_eq!(j["syllable_accuracy"], 0.5);
    assert_eq!(j["top_errors"][0]["hyp"], "hoa");
    Ok(())
}

#[test]
fn diff_marks_edits() -> Result<(), EvalError> {
    let d = diff_repair(
        "hòa bình\nđúng\ntình hình\n",
        "hoa bình\nđúng\ntìnhhình x\n",
        &ci(),
    )?;
    assert_eq!(d.len(), 2);
    assert_eq!(
        (d[0].line, d[0].errors, d[0].marked.as_str()),
        (1, 1, "[hòa→hoa] bình")
    );
    assert_eq!(d[1].line, 3);
    assert_eq!(d[1].marked, "[tình→tìnhhình] [hình→x]");
    assert!(render_diff(&d).starts_with("L1  (1)  [hòa→hoa] bình\n"));
    Ok(())
}

#[test]
fn changes_view_classifies_edits() -> Result<(), EvalError> {
    let r = score_changes(
        "hòa bình công tác\n",
        "hoa bình cong tac\n",
        "hòa binh cong tác\n",
        &ci(),
    )?;
    assert_eq!(
        (r.changed, r.substituted, r.inserted, r.deleted),
        (3, 3, 0, 0)
    );
    assert_eq!((r.became_right, r.stayed_wrong, r.became_wrong), (2, 0, 1));
    assert_eq!(
        (r.unchanged, r.unchanged_right, r.unchanged_wrong),
        (1, 0, 1)
    );
    assert_eq!(r.net_gain, 1);
    // A split repaired into gold: one substitution and one insertion, both fixes.
    let r = score_changes("tình hình\n", "tìnhhình\n", "tình hình\n", &ci())?;
    assert_eq!((r.substituted, r.inserted, r.became_right), (1, 1, 2));
    assert!(r.render_table().contains("became right"));
    Ok(())
}

/// Scores two files named by `EVAL_GOLD`/`EVAL_HYP` and prints score.py-style
/// JSON (for comparing with score.py by hand):
/// `EVAL_GOLD=g EVAL_HYP=h EVAL_CI=1 cargo test --release --lib eval::tests::score_files -- --ignored --nocapture`
#[test]
#[ignore]
fn score_files() -> Result<(), Box<dyn std::error::Error>> {
    let gold = std::fs::read_to_string(std::env::var("EVAL_GOLD")?)?;
    let hyp = std::fs::read_to_string(std::env::var("EVAL_HYP")?)?;
    let opts = ScoreOptions {
        case_insensitive: std::env::var("EVAL_CI").is_ok(),
        strip_punct: std::env::var("EVAL_STRIP").is_ok(),
        tone_norm: std::env::var("EVAL_NO_TONE").is_err(),
        top_errors: 10,
    };
    let t = std::time::Instant::now();
    let r = score_repair(&gold, &hyp, &opts)?;
    let dt = t.elapsed();
    let t = std::time::Instant::now();
    let c = score_changes(&gold, &hyp, &gold, &opts)?;
    eprintln!(
        "changes (hyp as input, gold as repair) in {:?}: {c:?}",
        t.elapsed()
    );
    println!("{}", serde_json::to_string_pretty(&r)?);
    eprintln!("scored in {dt:?}");
    Ok(())
}

#[test]
#[ignore]
fn time_parts() -> Result<(), Box<dyn std::error::Error>> {
    let gold = std::fs::read_to_string(std::env::var("EVAL_GOLD")?)?;
    let hyp = std::fs::read_to_string(std::env::var("EVAL_HYP")?)?;
    let opts = ScoreOptions::default();
    let t = std::time::Instant::now();
    let mut n = 0;
    let mut toks = Vec::new();
    let mut tk = repair_score::Tokenizer::new(&opts);
    for l in read_lines(&gold).into_iter().chain(read_lines(&hyp)) {
        let v = tk.line(l);
        n += v.len();
        toks.push(v);
    }
    eprintln!("tokenise {n}: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let mut al = repair_score::Aligner::default();
    let half = toks.len() / 2;
    for k in 0..half {
        al.align(&toks[k], &toks[k + half]);
    }
    eprintln!("align: {:?}", t.elapsed());
    Ok(())
}
