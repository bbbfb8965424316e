//! The binary as a user meets it: stdin/stdout, formats, errors, exit codes.

use predicates::prelude::*;

mod common;
use common::{SucceedsWith, baocao};

#[test]
fn repair_reads_stdin_and_keeps_lines() {
    let input = "Pang uy di ban hanh\r\nQuyét dinh s6 01\n\nthin thién";
    let out = baocao().arg("repair").write_stdin(input).ok_stdout();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.matches("\r\n").count(), 1);
    assert_eq!(out.matches('\n').count(), input.matches('\n').count());
    assert!(out.starts_with("Đảng ủy"), "{out}");
}

#[test]
fn json_changes_point_at_input_bytes() {
    let input = "\u{FEFF}Pang uy di ban hanh";
    let out = baocao()
        .args(["repair", "--format", "json"])
        .write_stdin(input)
        .ok_stdout();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let first = &v["changes"][0];
    assert_eq!(first["original"], "Pang");
    assert_eq!(first["span"], serde_json::json!([3, 7]));
    assert_eq!(v["encoding"], "utf-8-bom");
}

#[test]
fn invalid_utf8_is_reported_with_file_and_offset() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"ok\nab\xFFcd").unwrap();
    baocao()
        .arg("repair")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.txt").and(predicate::str::contains("byte 5")));
    baocao()
        .arg("repair")
        .arg("--lossy")
        .arg(&bad)
        .assert()
        .success();
}

#[test]
fn usage_error_exits_2() {
    baocao()
        .args(["repair", "--format", "yaml"])
        .assert()
        .code(2);
}

/// A gate on an accuracy (`issuers`, `header`, a header field) is a valid
/// name before anything is scored, and fails (exit 1) when not reached.
#[test]
fn eval_extract_gates_on_accuracies() {
    let run = |gate: &str| {
        baocao()
            .args([
                "eval",
                "extract",
                "--gold",
                "fixtures/expected",
                "--input",
                "fixtures/seeds",
                "--min",
                gate,
            ])
            .assert()
    };
    run("issuers=0.5").code(0);
    run("signer=0.1").code(0);
    run("issuers=1").code(1);
    run("nonsense=0.5").code(2);
}

/// A file from an unknown engine (here one writing `d` as `cl`) adapts the
/// channel and says so on standard error and in the batch summary; `-q`
/// and `--adapt off` keep it quiet, standard input is never sampled, and
/// the trained engine's own output is sampled but not adapted to.
#[test]
fn adaptation_is_announced_and_can_be_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    let trained = "fixtures/pairs/seeds23.ocr.txt";
    let text = std::fs::read_to_string(trained).unwrap().replace('d', "cl");
    let other = dir.path().join("cl.txt");
    std::fs::write(&other, &text).unwrap();
    let note = predicate::str::contains("adapted the OCR channel");
    baocao()
        .arg("repair")
        .arg(&other)
        .assert()
        .success()
        .stderr(note.clone());
    for quiet in [&["--adapt", "off"][..], &["-q"][..]] {
        baocao()
            .arg("repair")
            .args(quiet)
            .arg(&other)
            .assert()
            .success()
            .stderr(note.clone().not());
    }
    baocao()
        .arg("repair")
        .write_stdin(text)
        .assert()
        .success()
        .stderr(note.clone().not());
    baocao()
        .args(["repair", trained])
        .assert()
        .success()
        .stderr(note.not());
    let summary = dir.path().join("summary.json");
    let run = |adapt: &str, input: &std::path::Path| {
        baocao()
            .args([
                "run",
                "-q",
                "--format",
                "jsonl",
                "--adapt",
                adapt,
                "--summary",
            ])
            .arg(&summary)
            .arg(input)
            .assert()
            .success();
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
        v["adaptation"].clone()
    };
    assert_eq!(run("auto", &other)["applied"], true);
    assert_eq!(run("auto", std::path::Path::new(trained))["applied"], false);
    assert!(run("off", &other).is_null());
}
