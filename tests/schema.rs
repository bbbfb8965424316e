//! The committed JSON Schema (`schema/`) is the output contract: it must be
//! what the types generate, and every fixture's records must satisfy it.

#[allow(dead_code)]
mod common;

use common::baocao;
use std::path::{Path, PathBuf};

fn committed(name: &str) -> String {
    let path = format!("schema/{name}.schema.json");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn validator(name: &str) -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&committed(name)).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn check(v: &jsonschema::Validator, what: &str, record: &serde_json::Value) {
    let errors: Vec<String> = v
        .iter_errors(record)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {}", errors.join("\n"));
}

/// Every text fixture of the repository.
fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::from("fixtures")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("fixtures").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn committed_schema_is_what_the_types_generate() {
    for (name, text) in baocao::record::json_schemas().expect("schemas serialise") {
        assert!(
            committed(name) == text,
            "schema/{name}.schema.json is stale: the record types changed; \
             regenerate with `cargo run --release -- schema --out schema/` and \
             review the diff (bump SCHEMA_VERSION if a field changed meaning)"
        );
    }
}

#[test]
fn every_fixture_record_satisfies_the_schema() {
    let document = validator("document");
    let repair = validator("repair");
    let pipeline = baocao::Pipeline::new().expect("embedded model");
    let raw = baocao::Pipeline::builder()
        .repair(false)
        .include_text(true)
        .build()
        .expect("embedded model");
    let files = fixtures();
    assert!(files.len() >= 5, "{files:?}");
    for path in &files {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).expect("fixture");
        for p in [&pipeline, &raw] {
            let rec = p.process(&name, &bytes).expect("fixture decodes");
            check(
                &document,
                &name,
                &serde_json::to_value(&rec).expect("record"),
            );
        }
        let out = pipeline.repair(&name, &bytes).expect("fixture decodes");
        check(
            &repair,
            &name,
            &serde_json::to_value(&out.record).expect("record"),
        );
    }
}

#[test]
fn batch_summary_satisfies_the_schema() {
    let d = tempfile::tempdir().expect("tempdir");
    let summary = d.path().join("summary.json");
    baocao()
        .args(["run", "-q", "--format", "jsonl", "--summary"])
        .arg(&summary)
        .arg(Path::new("fixtures/seeds"))
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).expect("summary")).expect("json");
    check(&validator("batch"), "summary", &v);
    assert_eq!(v["files"], 5);
}
