//! A batch tool runs unattended over folders other people filled: each test
//! here guards one way a hostile or broken input once hurt it (issue 16).

#[allow(dead_code)]
mod common;

use common::baocao;
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use std::time::Duration;

const OCR: &str =
    "Pang uy di ban hanh Quyét dinh s6 101-QD/PU ngay 05/03/2024 vé\nviec thuc hien.\n";

fn run_in(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    baocao()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(120))
        .assert()
}

#[cfg(unix)]
#[test]
fn planted_links_in_the_output_folder_are_never_followed() {
    use std::os::unix::fs::symlink;
    let d = tempfile::tempdir().expect("tempdir");
    let p = d.path();
    fs::write(p.join("a.txt"), OCR).expect("write");
    fs::write(p.join("precious.txt"), "keep me").expect("write");
    fs::create_dir_all(p.join("out")).expect("mkdir");
    // The final name and every predictable temporary name are links.
    symlink(p.join("precious.txt"), p.join("out/a.txt")).expect("link");
    for pid in 0..50 {
        let _ = symlink(
            p.join("precious.txt"),
            p.join(format!("out/a.txt.tmp-{pid}")),
        );
    }
    run_in(
        p,
        &["run", "a.txt", "--out-dir", "out", "--format", "text", "-q"],
    )
    .success();
    assert_eq!(
        fs::read_to_string(p.join("precious.txt")).expect("read"),
        "keep me"
    );
    let meta = fs::symlink_metadata(p.join("out/a.txt")).expect("output");
    assert!(meta.file_type().is_file(), "the output replaced the link");
}

#[cfg(unix)]
#[test]
fn a_symlinked_subfolder_of_the_output_folder_is_refused() {
    use std::os::unix::fs::symlink;
    let d = tempfile::tempdir().expect("tempdir");
    let p = d.path();
    fs::create_dir_all(p.join("tree/sub")).expect("mkdir");
    fs::write(p.join("tree/sub/b.txt"), OCR).expect("write");
    fs::create_dir_all(p.join("out")).expect("mkdir");
    fs::create_dir_all(p.join("elsewhere")).expect("mkdir");
    symlink(p.join("elsewhere"), p.join("out/sub")).expect("link");
    run_in(p, &["run", "tree", "--out-dir", "out", "-q"])
        .code(1)
        .stderr(predicate::str::contains("symlink"));
    assert_eq!(fs::read_dir(p.join("elsewhere")).expect("dir").count(), 0);
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_walked_folder_is_skipped_not_waited_for() {
    let d = tempfile::tempdir().expect("tempdir");
    let p = d.path();
    fs::create_dir_all(p.join("in")).expect("mkdir");
    fs::write(p.join("in/a.txt"), OCR).expect("write");
    let made = std::process::Command::new("mkfifo")
        .arg(p.join("in/pipe.txt"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("mkfifo unavailable; skipped");
        return;
    }
    run_in(p, &["run", "in", "--out-dir", "out"])
        .success()
        .stderr(
            predicate::str::contains("pipe.txt")
                .and(predicate::str::contains("not a regular file")),
        );
    assert!(p.join("out/a.txt").is_file());
}

#[cfg(unix)]
#[test]
fn endless_binary_input_is_refused_at_its_first_piece() {
    for args in [
        &["extract", "/dev/zero"][..],
        &["run", "/dev/zero"],
        &["run", "--format", "json", "/dev/urandom"],
        &["repair", "/dev/zero"],
    ] {
        baocao()
            .args(args)
            .timeout(Duration::from_secs(30))
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("binary"));
    }
}

#[test]
fn a_failing_input_writes_nothing_to_stdout() {
    let d = tempfile::tempdir().expect("tempdir");
    let p = d.path();
    // Valid text past the streaming threshold, then a NUL byte.
    let mut big = String::new();
    while big.len() < 9 << 20 {
        big.push_str(OCR);
        big.push('\n');
    }
    let mut bad = big.clone().into_bytes();
    bad.extend_from_slice(b"tail\0tail\n");
    fs::write(p.join("a_bad.txt"), &bad).expect("write");
    fs::write(p.join("b_good.txt"), OCR).expect("write");
    let alone = run_in(p, &["repair", "a_bad.txt"]).code(1);
    assert!(alone.get_output().stdout.is_empty());
    let good = run_in(p, &["repair", "b_good.txt"]).success();
    let good = good.get_output().stdout.clone();
    for format in ["text", "jsonl"] {
        let both = run_in(
            p,
            &["run", "a_bad.txt", "b_good.txt", "-q", "--format", format],
        )
        .code(1);
        let out = both.get_output().stdout.clone();
        if format == "text" {
            assert_eq!(out, good);
        } else {
            assert_eq!(String::from_utf8_lossy(&out).lines().count(), 1);
        }
    }
    // Standard input is spooled and checked first too.
    let piped = baocao()
        .args(["repair", "-"])
        .write_stdin(bad)
        .timeout(Duration::from_secs(120))
        .assert()
        .code(1);
    assert!(piped.get_output().stdout.is_empty());
}

#[test]
fn stray_bytes_in_a_short_file_are_not_taken_for_a_legacy_encoding() {
    // Two invalid UTF-8 sequences in ASCII text (once read as VNI-Windows).
    let two = b"Ho\xe0 so\x9b dinh kem\n".to_vec();
    // Half UTF-8, half Windows-1258.
    let mut mixed = "Quyết định số 12 của Ủy ban nhân dân\n".as_bytes().to_vec();
    mixed.extend_from_slice(b"C\xF4\xF2ng ho\xCCa xa\xDE h\xF4\xF2i\n");
    for bytes in [two, mixed] {
        baocao()
            .args(["extract", "-"])
            .write_stdin(bytes.clone())
            .assert()
            .code(1)
            .stdout("")
            .stderr(
                predicate::str::contains("invalid UTF-8 at byte")
                    .and(predicate::str::contains("--encoding")),
            );
        // Naming the encoding still reads it.
        baocao()
            .args(["extract", "--encoding", "windows-1258", "--lossy", "-"])
            .write_stdin(bytes)
            .assert()
            .success();
    }
}

#[test]
fn a_deep_tree_is_walked_in_linear_time() {
    let d = tempfile::tempdir().expect("tempdir");
    let mut dir = d.path().join("t");
    for i in 0..600 {
        dir.push(format!("{}", i % 10));
    }
    if fs::create_dir_all(&dir).is_err() {
        eprintln!("file system refuses a 600-deep tree; skipped");
        return;
    }
    fs::write(dir.join("deep.txt"), OCR).expect("write");
    fs::write(d.path().join("t/top.txt"), OCR).expect("write");
    let out = run_in(d.path(), &["run", "t", "-q", "--no-repair"]).success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout)
            .lines()
            .count(),
        2
    );
}

#[test]
fn a_rerun_removes_its_own_stale_temporary_files() {
    let d = tempfile::tempdir().expect("tempdir");
    let p = d.path();
    fs::write(p.join("a.txt"), OCR).expect("write");
    fs::create_dir_all(p.join("out")).expect("mkdir");
    // What a run killed mid-write leaves.
    fs::write(p.join("out/.a.txt.baocao-x1Yz.tmp"), "half").expect("write");
    fs::write(p.join("out/.a.json.baocao-Q2w3.tmp"), "half").expect("write");
    run_in(p, &["run", "a.txt", "--out-dir", "out", "-q"]).success();
    let mut names: Vec<String> = fs::read_dir(p.join("out"))
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.json", "a.txt"]);
}

#[test]
fn a_broken_model_folder_is_named_once_with_its_reason() {
    let d = tempfile::tempdir().expect("tempdir");
    let p = d.path();
    fs::write(p.join("a.txt"), OCR).expect("write");
    let model = p.join("model");
    fs::create_dir_all(&model).expect("mkdir");
    let missing = run_in(p, &["repair", "--model", "model", "a.txt"])
        .code(2)
        .stdout("");
    let err = String::from_utf8_lossy(&missing.get_output().stderr).to_string();
    let lm = Path::new("model").join("lm.bin").display().to_string();
    assert_eq!(err.matches(&lm).count(), 1, "{err}");
    assert_eq!(err.matches("os error").count(), 1, "{err}");
    // A truncated model file: the reason, once, after the file's path.
    fs::write(model.join("lm.bin"), b"BAOCAOLM\x04\x00\x00\x00").expect("write");
    for f in ["vocab.tsv", "channel.tsv"] {
        fs::write(model.join(f), "").expect("write");
    }
    let truncated = run_in(p, &["repair", "--model", "model", "a.txt"])
        .code(2)
        .stdout("");
    let err = String::from_utf8_lossy(&truncated.get_output().stderr).to_string();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("baocao: model"), "{err}");
}
