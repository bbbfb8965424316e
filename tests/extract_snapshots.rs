//! Snapshot tests of the full JSON records (repair + extraction) of every
//! fixture report: any change to a record shows up as a snapshot diff to be
//! reviewed deliberately (`cargo insta review`). Correctness of the values is
//! checked separately against hand-written expectations in
//! `tests/extract_fixtures.rs` and `tests/regression_accuracy.rs`.

fn record(name: &str) -> serde_json::Value {
    let pipeline = baocao::Pipeline::new().unwrap();
    let text = std::fs::read_to_string(format!("fixtures/seeds/{name}.txt")).unwrap();
    let rec = pipeline.process_text(name, &text);
    let mut v = serde_json::to_value(&rec).unwrap();
    // The producer (crate version, model fingerprint) changes with every
    // release and retraining; the items are what the snapshots guard.
    v["producer"] = serde_json::Value::Null;
    v
}

#[test]
fn record_000() {
    insta::assert_json_snapshot!(record("000_8051888e08c34be0"));
}

#[test]
fn record_001() {
    insta::assert_json_snapshot!(record("001_729195e400571636"));
}

#[test]
fn record_002() {
    insta::assert_json_snapshot!(record("002_f32fad2d862f84c7"));
}

#[test]
fn record_003() {
    insta::assert_json_snapshot!(record("003_58fd1a570edc0b31"));
}

#[test]
fn record_004() {
    insta::assert_json_snapshot!(record("004_201c80cf0a7cc9fd"));
}
