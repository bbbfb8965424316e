//! One set of conventions across `repair`, `extract` and `run`: the same
//! inputs (folders walked as ripgrep and fd walk them), the same globs, the
//! same validation and exit codes, colour on request.

mod common;

use common::{SucceedsWith, baocao};
use predicates::prelude::*;
use std::fs;
use std::path::Path;

const OCR: &str =
    "Pang uy di ban hanh Quyét dinh s6 101-QD/PU ngay 05/03/2024 vé\nviec thuc hien.\n";

/// A folder with visible, hidden and git-ignored inputs.
fn tree() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    let p = d.path();
    for f in [
        "a.txt",
        "B.TXT",
        "draft1.txt",
        "notes.md",
        ".hidden.txt",
        "ignored.txt",
    ] {
        fs::write(p.join(f), OCR).expect("write");
    }
    fs::create_dir_all(p.join("sub/deeper")).expect("mkdir");
    fs::create_dir_all(p.join(".git")).expect("mkdir");
    fs::write(p.join(".git/x.txt"), OCR).expect("write");
    fs::write(p.join("sub/c.txt"), OCR).expect("write");
    fs::write(p.join("sub/deeper/d.txt"), OCR).expect("write");
    fs::write(p.join(".gitignore"), "ignored.txt\n").expect("write");
    d
}

fn names(jsonl: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(jsonl)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["source"].as_str().map(str::to_string))
        .map(|s| s.rsplit(['/', '\\']).next().unwrap_or("").to_string())
        .collect()
}

fn run_in(dir: &Path, args: &[&str]) -> Vec<String> {
    names(
        &baocao()
            .current_dir(dir)
            .args(["run", ".", "-q", "--no-repair"])
            .args(args)
            .ok_stdout(),
    )
}

#[test]
fn walk_skips_hidden_and_ignored_files_unless_asked() {
    let d = tree();
    assert_eq!(
        run_in(d.path(), &[]),
        ["a.txt", "draft1.txt", "c.txt", "d.txt"]
    );
    let all = run_in(d.path(), &["--hidden", "--no-ignore"]);
    for n in [".hidden.txt", "ignored.txt", "x.txt"] {
        assert!(all.iter().any(|x| x == n), "{n} missing from {all:?}");
    }
}

#[test]
fn several_globs_exclusions_and_caseless_globs() {
    let d = tree();
    assert_eq!(
        run_in(
            d.path(),
            &["--glob", "*.txt", "--glob", "*.md", "--glob", "!draft*"]
        ),
        ["a.txt", "notes.md", "c.txt", "d.txt"]
    );
    assert_eq!(
        run_in(d.path(), &["--iglob", "*.txt", "--glob", "!sub"]),
        ["B.TXT", "a.txt", "draft1.txt"]
    );
    assert_eq!(
        run_in(d.path(), &["--glob", "sub/**/*.txt"]),
        ["c.txt", "d.txt"]
    );
}

#[test]
fn no_matching_input_exits_2_naming_the_pattern() {
    let d = tree();
    for cmd in ["repair", "extract", "run"] {
        baocao()
            .current_dir(d.path())
            .args([cmd, ".", "--glob", "*.pdf"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no input matched --glob '*.pdf'"));
    }
}

#[test]
fn every_batch_subcommand_takes_a_folder() {
    let d = tree();
    let sub = d.path().join("sub");
    let repaired = baocao().arg("repair").arg(&sub).ok_stdout();
    assert_eq!(String::from_utf8_lossy(&repaired).lines().count(), 4);
    let records = baocao()
        .args(["extract", "--format", "jsonl"])
        .arg(&sub)
        .ok_stdout();
    assert_eq!(names(&records), ["c.txt", "d.txt"]);
    let records = baocao().args(["run", "-q"]).arg(&sub).ok_stdout();
    assert_eq!(names(&records), ["c.txt", "d.txt"]);
}

#[test]
fn repair_explain_shows_changes() {
    let out = baocao()
        .args(["repair", "--explain", "--color", "never", "-"])
        .write_stdin(OCR)
        .ok_stdout();
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.contains("Pang→Đảng"), "{text}");
    assert!(text.contains("s6→số"), "{text}");
}

#[test]
fn color_always_colours_a_pipe() {
    let out = baocao()
        .args(["run", "--explain", "--color", "always", "-q", "-"])
        .write_stdin(OCR)
        .ok_stdout();
    assert!(String::from_utf8_lossy(&out).contains("\x1b[31m"));
    let out = baocao()
        .args(["run", "--explain", "-q", "-"])
        .write_stdin(OCR)
        .ok_stdout();
    assert!(!String::from_utf8_lossy(&out).contains('\x1b'));
}

#[test]
fn values_are_validated() {
    for args in [
        &["repair", "--min-confidence", "2", "-"][..],
        &["extract", "--table", "dates", "-"],
        &["run", "--jobs", "0", "-"],
        &["extract", "--format", "csv", "--out-dir", "x", "-"],
    ] {
        baocao().args(args).write_stdin(OCR).assert().code(2);
    }
    // Every table works with every subcommand.
    for table in [
        "dossiers",
        "references",
        "dates",
        "sections",
        "header",
        "warnings",
        "changes",
    ] {
        let out = baocao()
            .args(["extract", "--format", "csv", "--table", table, "-"])
            .write_stdin(OCR)
            .ok_stdout();
        assert!(String::from_utf8_lossy(&out).starts_with("source,line,span_start,span_end,"));
    }
}

#[test]
fn man_pages_for_every_subcommand() {
    let d = tempfile::tempdir().expect("tempdir");
    baocao()
        .args(["man", "--out"])
        .arg(d.path())
        .assert()
        .success();
    for page in [
        "baocao.1",
        "baocao-repair.1",
        "baocao-extract.1",
        "baocao-run.1",
        "baocao-eval.1",
    ] {
        let text = fs::read_to_string(d.path().join(page)).unwrap_or_default();
        assert!(text.contains(".TH"), "{page}");
    }
    let v = baocao().arg("--version").ok_stdout();
    assert!(String::from_utf8_lossy(&v).contains("model "));
}

/// `--version` names the embedded model without loading it (it is built at
/// every start): the id it prints is the loaded model's, as records carry.
#[test]
fn version_names_the_embedded_model_without_loading_it() {
    let loaded = baocao::Pipeline::new().expect("embedded model").model_id();
    assert_eq!(baocao::Pipeline::embedded_model_id(), loaded);
    let v = baocao().arg("--version").ok_stdout();
    assert!(String::from_utf8_lossy(&v).contains(&format!("model {loaded:016x} ")));
}

#[test]
fn a_missing_input_is_named_once_and_exits_1() {
    let d = tempfile::tempdir().expect("tempdir");
    let missing = d.path().join("missing.txt");
    for sub in ["repair", "extract", "run"] {
        let out = baocao().arg(sub).arg(&missing).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{sub}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.matches("cannot read").count(), 1, "{sub}: {err}");
        assert!(err.contains("missing.txt"), "{sub}: {err}");
    }
}
