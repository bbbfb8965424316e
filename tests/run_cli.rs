//! `baocao run` as a batch user meets it: walking, ordering, out-dir safety,
//! bad inputs, formats, and the extras (completions, explain).

use predicates::prelude::*;
use std::fs;
use std::path::Path;

mod common;
use common::{SucceedsWith, baocao};

const OCR: &str =
    "Pang uy di ban hanh Quyét dinh s6 101-QD/PU ngay 05/03/2024 vé\nviec thuc hien.\n";

fn is_root() -> bool {
    // Root reads chmod-000 files and writes read-only directories anyway.
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn seed(name_prefix: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    let mut names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(name_prefix)
        })
        .collect();
    names.sort();
    fs::read_to_string(&names[0]).unwrap()
}

fn sources(jsonl: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(jsonl)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["source"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn walks_directories_with_glob_in_name_order() {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir_all(d.path().join("b/c")).unwrap();
    fs::write(d.path().join("b/c/z.txt"), OCR).unwrap();
    fs::write(d.path().join("a.txt"), OCR).unwrap();
    fs::write(d.path().join("skip.md"), OCR).unwrap();
    fs::write(d.path().join("b/y.TXT"), OCR).unwrap();
    let out = baocao()
        .current_dir(d.path())
        .args(["run", ".", "--quiet"])
        .ok_stdout();
    assert_eq!(sources(&out), vec!["./a.txt", "./b/c/z.txt"]);
    let out = baocao()
        .current_dir(d.path())
        .args(["run", ".", "--quiet", "--glob", "*.{md,TXT}"])
        .ok_stdout();
    // A folder's files (name order) come before its subfolders.
    assert_eq!(sources(&out), vec!["./skip.md", "./b/y.TXT"]);
}

#[test]
fn files_from_stdin_and_record_fields() {
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("a.txt");
    let b = d.path().join("b.txt");
    fs::write(&a, OCR).unwrap();
    fs::write(&b, OCR).unwrap();
    let list = format!("{}\n{}\n", b.display(), a.display());
    let out = baocao()
        .args([
            "run",
            "--files-from",
            "-",
            "--format",
            "jsonl",
            "--include-text",
            "-q",
        ])
        .write_stdin(list)
        .ok_stdout();
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["source"].as_str().unwrap().ends_with("b.txt"));
    assert_eq!(lines[0]["encoding"], "utf-8");
    assert!(lines[0]["text"].as_str().unwrap().starts_with("Đảng ủy"));
    assert!(lines[0]["repair"]["changed"].as_u64().unwrap() > 3);
    // Document records skip confidences (they cost as much as repair).
    assert!(lines[0]["repair"]["mean_confidence"].is_null());
}

#[test]
fn jobs_1_and_2_give_identical_output() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..6 {
        fs::write(
            d.path().join(format!("f{i}.txt")),
            seed(&format!("00{}", i % 5)),
        )
        .unwrap();
    }
    // One input large enough to be repaired in several paragraph chunks.
    let mut big = String::new();
    while big.len() < 600 * 1024 {
        big.push_str(&seed("000"));
        big.push_str("\n\n");
    }
    fs::write(d.path().join("big.txt"), &big).unwrap();
    let run = |jobs: &str, format: &str| {
        baocao()
            .arg("run")
            .arg(d.path())
            .args(["--jobs", jobs, "--quiet", "--format", format])
            .ok_stdout()
    };
    let (j1, j2) = (run("1", "jsonl"), run("2", "jsonl"));
    assert!(j1 == j2, "jsonl differs between --jobs 1 and --jobs 2");
    assert_eq!(sources(&j1).len(), 7);
    let (t1, t2) = (run("1", "text"), run("2", "text"));
    assert!(t1 == t2, "text differs between --jobs 1 and --jobs 2");
    // Streaming text equals the one-shot repair of the same file.
    let single = baocao()
        .arg("repair")
        .arg(d.path().join("big.txt"))
        .ok_stdout();
    let json = baocao()
        .args(["repair", "--format", "json", "--include-text"])
        .arg(d.path().join("big.txt"))
        .ok_stdout();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["text"].as_str().unwrap().as_bytes(), &single[..]);
}

#[test]
fn out_dir_writes_txt_and_json_and_never_overwrites_inputs() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("scans");
    fs::create_dir_all(src.join("sub")).unwrap();
    fs::write(src.join("a.txt"), OCR).unwrap();
    fs::write(src.join("sub/b.txt"), OCR).unwrap();
    let out = d.path().join("out");
    baocao()
        .arg("run")
        .arg(&src)
        .arg("--out-dir")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    let txt = fs::read_to_string(out.join("a.txt")).unwrap();
    assert!(txt.starts_with("Đảng ủy"), "{txt}");
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("sub/b.json")).unwrap()).unwrap();
    assert!(json["source"].as_str().unwrap().ends_with("b.txt"));
    let leftovers: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".tmp-")
        })
        .collect();
    assert!(leftovers.is_empty());

    // Writing into the input folder would replace a.txt: refused, untouched.
    baocao()
        .arg("run")
        .arg(&src)
        .arg("--out-dir")
        .arg(&src)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to overwrite"));
    assert_eq!(fs::read_to_string(src.join("a.txt")).unwrap(), OCR);
}

#[test]
fn bad_inputs_are_reported_and_skipped() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("a.txt"), OCR).unwrap();
    fs::write(d.path().join("bin.txt"), b"abc\0\x01\x02def").unwrap();
    fs::write(d.path().join("empty.txt"), b"").unwrap();
    let unreadable = d.path().join("locked.txt");
    fs::write(&unreadable, OCR).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::{PermissionsExt, symlink};
        fs::set_permissions(&unreadable, fs::Permissions::from_mode(0o000)).unwrap();
        // Unreadable even for root: a dangling link.
        symlink(d.path().join("nowhere"), d.path().join("dangling.txt")).unwrap();
        // A loop back to the top folder: must end, noted, not a failure.
        symlink(d.path(), d.path().join("loop")).unwrap();
    }
    let assert = baocao().arg("run").arg(d.path()).assert().code(1).stderr(
        predicate::str::contains("bin.txt")
            .and(predicate::str::contains("binary"))
            .and(predicate::str::contains("dangling.txt"))
            .and(predicate::str::contains("symlink loop")),
    );
    let out = assert.get_output().stdout.clone();
    let names = sources(&out);
    assert!(names.iter().any(|n| n.ends_with("a.txt")));
    assert!(names.iter().any(|n| n.ends_with("empty.txt")));
    assert_eq!(names.iter().any(|n| n.ends_with("locked.txt")), is_root());
}

#[cfg(unix)]
#[test]
fn read_only_out_dir_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    if is_root() {
        return; // root writes read-only directories anyway
    }
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("a.txt"), OCR).unwrap();
    let out = d.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).unwrap();
    baocao()
        .arg("run")
        .arg(d.path().join("a.txt"))
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("cannot write").and(predicate::str::contains("panick").not()),
        );
    fs::set_permissions(&out, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn csv_has_header_and_parses() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("a.txt"), seed("002")).unwrap();
    fs::write(d.path().join("b.txt"), seed("000")).unwrap();
    for table in ["dossiers", "references", "dates", "sections"] {
        let out = baocao()
            .arg("run")
            .arg(d.path())
            .args(["--format", "csv", "--table", table, "-q"])
            .ok_stdout();
        let mut r = csv::Reader::from_reader(&out[..]);
        let header = r.headers().unwrap().clone();
        assert_eq!(&header[0], "source");
        assert_eq!(&header[3], "span_end");
        let rows: Vec<_> = r.records().map(|x| x.unwrap()).collect();
        assert!(rows.iter().all(|row| row.len() == header.len()));
        if table != "sections" {
            assert!(!rows.is_empty(), "{table}");
        }
    }
    // extract shares the table writer.
    let out = baocao()
        .args(["extract", "--format", "csv", "--table", "dates"])
        .arg(d.path().join("a.txt"))
        .ok_stdout();
    assert!(String::from_utf8_lossy(&out).starts_with("source,line,span_start,span_end,text"));
}

#[test]
fn stdin_dash_and_completions_and_man() {
    baocao()
        .args(["run", "-", "--format", "text", "-q"])
        .write_stdin(OCR)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Đảng ủy"));
    baocao()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("baocao").and(predicate::str::is_empty().not()));
    baocao()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH"));
    baocao()
        .args(["run", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
}

#[cfg(unix)]
#[test]
fn closed_pipe_ends_quietly() {
    use std::process::{Command as Std, Stdio};
    let d = tempfile::tempdir().unwrap();
    for i in 0..40 {
        fs::write(d.path().join(format!("f{i:02}.txt")), OCR.repeat(50)).unwrap();
    }
    let bin = assert_cmd::cargo::cargo_bin("baocao");
    let mut child = Std::new(bin)
        .arg("run")
        .arg(d.path())
        .args(["--format", "text", "-q"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read a little, then close our end while baocao is still writing.
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut buf).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn snapshot_json_record_of_seed_002() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("002.txt");
    fs::write(&p, seed("002")).unwrap();
    let out = baocao()
        .current_dir(d.path())
        .args(["run", "002.txt", "--format", "json", "-q"])
        .ok_stdout();
    let mut v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    // The model fingerprint and version change with every release.
    v["producer"] = serde_json::Value::Null;
    insta::assert_json_snapshot!("run_json_seed_002", v);
}

#[test]
fn snapshot_explain_view() {
    let out = baocao()
        .args(["run", "--explain", "-q", "-"])
        .env("NO_COLOR", "1")
        .write_stdin("Pang uy di ban hanh Quyét dinh s6 101-QD/PU\nngay 05/03/2024 vé viec thuc hien chi thi.\n")
        .ok_stdout();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("→"));
    insta::assert_snapshot!("run_explain_snippet", text);
}
