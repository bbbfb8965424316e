//! Accuracy guards on the fixture pairs: a change that makes repair or
//! extraction worse than the level reached fails the build. Thresholds sit
//! just below the measured values (see the closing notes of issues 2, 3, 5;
//! seeds23 raised with the 5-gram model of issue 12: 98.1% OCR, 98.5% stripped).

use baocao::Pipeline;
use baocao::eval::{ExtractReport, ScoreOptions, score_extract, score_repair, strip_diacritics};

fn ci() -> ScoreOptions {
    ScoreOptions {
        case_insensitive: true,
        ..ScoreOptions::default()
    }
}

/// Case-folded syllable accuracy of `hyp` against `gold`, as `score.py --ci`.
fn accuracy(gold: &str, hyp: &str) -> f64 {
    score_repair(gold, hyp, &ci())
        .unwrap()
        .syllable_accuracy
        .unwrap()
}

fn repair(model: &Pipeline, text: &str) -> String {
    model.repair_text(text)
}

#[test]
fn seeds23_ocr_syllable_accuracy() {
    let model = Pipeline::new().unwrap();
    let gold = std::fs::read_to_string("fixtures/pairs/seeds23.clean.txt").unwrap();
    let ocr = std::fs::read_to_string("fixtures/pairs/seeds23.ocr.txt").unwrap();
    let raw = accuracy(&gold, &ocr);
    let acc = accuracy(&gold, &repair(&model, &ocr));
    eprintln!("seeds23 OCR: raw {raw:.4} → repaired {acc:.4}");
    assert!(
        acc >= 0.9810,
        "seeds23 OCR syllable accuracy fell to {acc:.4}"
    );
    // With case compared, as `score.py` does by default: OCR's case
    // confusions undone (`BO` for `Bộ`, `biéu` for `Điều`) 98.08%, 97.69%
    // before.
    let cased = score_repair(&gold, &repair(&model, &ocr), &ScoreOptions::default())
        .unwrap()
        .syllable_accuracy
        .unwrap();
    assert!(
        cased >= 0.9800,
        "seeds23 OCR case-sensitive syllable accuracy fell to {cased:.4}"
    );
}

/// The seeds come from the engine the channel was trained on: sampled,
/// they show it (a small gain from re-estimating, below the threshold), so
/// the channel is left as trained and the repair is unchanged.
#[test]
fn the_trained_engines_own_output_is_not_adapted_to() {
    let mut model = Pipeline::new().unwrap();
    let ocr = std::fs::read_to_string("fixtures/pairs/seeds23.ocr.txt").unwrap();
    let before = repair(&model, &ocr);
    let a = model
        .adapt(&[("seeds23", ocr.as_bytes())])
        .expect("enough words");
    assert!(a.words > 5000 && !a.applied && a.gain < 0.15, "{a:?}");
    assert_eq!(repair(&model, &ocr), before);
}

/// An OCR engine with a habit the training engine never had (every `d`
/// written `cl`, a classic confusion of serif scans) is learnt from its own
/// output: the first repair reads the words the language model is sure
/// of, EM on those labels learns `d`→`cl`, and the second repair reads the
/// rest (measured 91.0% → 97.8%).
#[test]
fn an_engine_writing_d_as_cl_is_learnt_from_its_own_output() {
    let gold = std::fs::read_to_string("fixtures/pairs/seeds23.clean.txt").unwrap();
    let ocr = std::fs::read_to_string("fixtures/pairs/seeds23.ocr.txt")
        .unwrap()
        .replace('d', "cl");
    let mut model = Pipeline::new().unwrap();
    let before = accuracy(&gold, &repair(&model, &ocr));
    let a = model
        .adapt(&[("cl", ocr.as_bytes())])
        .expect("enough words");
    assert!(a.applied && a.gain > 1.0, "{a:?}");
    let after = accuracy(&gold, &repair(&model, &ocr));
    eprintln!("d→cl engine: {before:.4} → {after:.4} adapted");
    assert!(
        before < 0.93,
        "the habit should be new to the channel: {before:.4}"
    );
    assert!(
        after >= 0.97,
        "adaptation learnt too little: {before:.4} → {after:.4}"
    );
}

/// A sample too small to learn an engine from leaves the channel as it was.
#[test]
fn a_small_sample_does_not_adapt() {
    let mut model = Pipeline::new().unwrap();
    let ocr = "Pang uy di ban hanh Quyét dinh s6 101-QD/PU ngay 05/03/2024.\n";
    assert_eq!(model.adapt(&[("small", ocr.as_bytes())]), None);
    assert_eq!(model.adapt(&[]), None);
}

#[test]
fn seeds23_stripped_syllable_accuracy() {
    let model = Pipeline::new().unwrap();
    let gold = std::fs::read_to_string("fixtures/pairs/seeds23.clean.txt").unwrap();
    let plain: String = gold
        .split('\n')
        .map(strip_diacritics)
        .collect::<Vec<_>>()
        .join("\n");
    let acc = accuracy(&gold, &repair(&model, &plain));
    eprintln!("seeds23 stripped: repaired {acc:.4}");
    assert!(
        acc >= 0.9848,
        "seeds23 stripped-diacritics accuracy fell to {acc:.4}"
    );
}

#[test]
fn fixture_extraction_f1() {
    let pipeline = baocao::Pipeline::new().unwrap();
    let mut total = ExtractReport::default();
    let mut names: Vec<_> = std::fs::read_dir("fixtures/expected")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    for exp in names {
        let stem = exp.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(format!("fixtures/seeds/{stem}.txt")).unwrap();
        let rec = pipeline.process_text(&stem, &text);
        let rec = serde_json::to_value(&rec).unwrap();
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&exp).unwrap()).unwrap();
        total.merge(&score_extract(&gold, &rec));
    }
    assert_eq!(total.documents, 5);
    eprintln!("{}", total.render_table());
    let f1 = total.items_total().f1();
    let header = total.header_total().accuracy().unwrap_or(0.0);
    assert!(f1 >= 0.975, "extraction F1 fell to {f1:.3}");
    assert!(header >= 0.85, "header F1 fell to {header:.3}");
}
