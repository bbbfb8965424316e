//! Hostile inputs through the binary (`repair` and `extract`): each has a
//! defined behaviour, listed in `docs/robustness.md`. Never a panic.

use predicates::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;
use common::{SucceedsWith, baocao};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// `baocao repair FILE` must succeed; returns stdout.
fn repair_ok(path: &Path) -> Vec<u8> {
    baocao()
        .arg("repair")
        .arg(path)
        .assert()
        .success()
        .stderr(predicate::str::contains("panicked").not())
        .get_output()
        .stdout
        .clone()
}

/// `baocao extract FILE` must succeed with one JSON record.
fn extract_ok(path: &Path) -> serde_json::Value {
    let out = baocao()
        .args(["extract", "--format", "jsonl"])
        .arg(path)
        .ok_stdout();
    serde_json::from_slice(&out).unwrap()
}

/// Both subcommands exit 1 with a message that contains every `needle`.
fn both_fail(path: &Path, needles: &[&str]) {
    for cmd in ["repair", "extract"] {
        let assert = baocao().arg(cmd).arg(path).assert().code(1);
        let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(!err.contains("panicked"), "{cmd}: {err}");
        for n in needles {
            assert!(err.contains(n), "{cmd}: {err:?} lacks {n:?}");
        }
        assert!(assert.get_output().stdout.is_empty(), "{cmd} wrote output");
    }
}

fn empty_record(v: &serde_json::Value) {
    for k in ["sections", "references", "dates", "dossiers", "warnings"] {
        assert_eq!(v[k], serde_json::json!([]), "{k}");
    }
}

#[test]
fn empty_file_gives_empty_output_and_an_empty_record() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "empty.txt", b"");
    assert!(repair_ok(&p).is_empty());
    let v = extract_ok(&p);
    empty_record(&v);
    assert_eq!(v["source"], p.display().to_string());
}

#[test]
fn whitespace_only_is_kept_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let ws = b" \n\t \r\n  \r\r\n\n\x0b\x0c \xc2\xa0\xe3\x80\x80";
    let p = write(dir.path(), "ws.txt", ws);
    assert_eq!(repair_ok(&p), ws);
    empty_record(&extract_ok(&p));
}

#[test]
fn binary_data_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    // An ELF-like header: NUL bytes that do not pattern like UTF-16.
    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0".to_vec();
    elf.extend((0..2000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8));
    let p = write(dir.path(), "prog.bin", &elf);
    both_fail(&p, &["prog.bin", "binary"]);
    // `--lossy` does not make binary data text.
    baocao()
        .args(["repair", "--lossy"])
        .arg(&p)
        .assert()
        .code(1);
}

#[test]
fn nul_bytes_in_text_are_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "nul.txt",
        "Quyết định số 12\nngày\0 05/03/2024\n".as_bytes(),
    );
    both_fail(&p, &["nul.txt"]);
}

#[test]
fn invalid_utf8_mid_line_names_file_offset_and_line() {
    let dir = tempfile::tempdir().unwrap();
    // Line 1 is clean; line 2 is stripped (repaired on its own).
    let mut bytes = "Quyết định số 101-QĐ/ĐU\nngay 05/03/2024 ve viec "
        .as_bytes()
        .to_vec();
    let offset = bytes.len();
    bytes.extend(b"\xff\xfe ban hanh\ncuoi\n");
    let p = write(dir.path(), "scan.txt", &bytes);
    both_fail(
        &p,
        &["scan.txt", &format!("byte {offset}"), "line 2", "--lossy"],
    );
    // `--lossy` replaces the bad bytes with U+FFFD and repairs the rest.
    let out = baocao().args(["repair", "--lossy"]).arg(&p).ok_stdout();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains('\u{FFFD}'), "{out}");
    assert!(out.contains("ban hành"), "{out}");
    assert_eq!(out.lines().count(), 3);
    baocao()
        .args(["extract", "--lossy"])
        .arg(&p)
        .assert()
        .success();
}

#[test]
fn ten_thousand_letter_token_is_kept_and_fast() {
    let dir = tempfile::tempdir().unwrap();
    let long = "a".repeat(10_000);
    let text = format!("Pang uy {long} di ban\n{long}{long}\n");
    let p = write(dir.path(), "long.txt", text.as_bytes());
    let t = Instant::now();
    let out = String::from_utf8(repair_ok(&p)).unwrap();
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert!(out.contains(&format!(" {long} ")), "long token changed");
    assert!(out.starts_with("Đảng ủy "), "{}", &out[..20]);
    extract_ok(&p);
}

#[test]
fn mixed_scripts_are_kept_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = [
        "中华人民共和国 国务院",
        "😀👍🏽 🇻🇳 ❤️",
        "Москва Жук привет",
        "עברית العربية ไทย",
        "\u{200B}\u{200D}\u{FEFF}",
    ];
    let mut text = String::from("Pang uy di ban hanh\n");
    for f in &foreign {
        text.push_str(f);
        text.push('\n');
    }
    let p = write(dir.path(), "mixed.txt", text.as_bytes());
    let out = String::from_utf8(repair_ok(&p)).unwrap();
    let lines: Vec<&str> = out.split('\n').collect();
    assert!(lines[0].starts_with("Đảng ủy"), "{out}");
    for (i, f) in foreign.iter().enumerate() {
        assert_eq!(lines[i + 1], *f);
    }
    extract_ok(&p);
}

#[test]
fn crlf_and_lone_cr_are_preserved_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let input = "Pang uy di\r\nban hanh\rQuyét dinh\r\n\r\n\rs6 01\n\r\nvé";
    let p = write(dir.path(), "crlf.txt", input.as_bytes());
    let out = String::from_utf8(repair_ok(&p)).unwrap();
    let endings = |s: &str| -> Vec<&'static str> {
        let b = s.as_bytes();
        let mut v = Vec::new();
        let mut i = 0;
        while i < b.len() {
            match (b[i], b.get(i + 1)) {
                (b'\r', Some(b'\n')) => {
                    v.push("crlf");
                    i += 1;
                }
                (b'\r', _) => v.push("cr"),
                (b'\n', _) => v.push("lf"),
                _ => {}
            }
            i += 1;
        }
        v
    };
    assert_eq!(endings(&out), endings(input));
    assert!(out.starts_with("Đảng ủy"), "{out:?}");
    extract_ok(&p);
}

/// Minutes of work and ~1.5 GB of memory: run by hand with
/// `cargo test --release --test robustness_hostile -- --ignored line_of_200mb`.
#[test]
#[ignore]
fn line_of_200mb() {
    let dir = tempfile::tempdir().unwrap();
    let unit = "Pang uy di ban hanh Quyét dinh s6 101-QD/PU ngay 05/03/2024 vé ";
    let text = unit.repeat(200_000_000 / unit.len());
    let p = write(dir.path(), "line.txt", text.as_bytes());
    drop(text);
    let t = Instant::now();
    let out = baocao()
        .arg("repair")
        .arg(&p)
        .timeout(Duration::from_secs(1800))
        .assert()
        .success()
        .get_output()
        .stdout
        .len();
    eprintln!("200 MB line: repaired in {:?}", t.elapsed());
    assert!(out >= 200_000_000 / unit.len() * unit.len());
}

/// Memory grows with the input (whole-file intake); run by hand with
/// `cargo test --release --test robustness_hostile -- --ignored file_of_1gb`.
#[test]
#[ignore]
fn file_of_1gb() {
    let dir = tempfile::tempdir().unwrap();
    let para = "Pang uy di ban hanh Quyét dinh s6 101-QD/PU ngay 05/03/2024 vé\n\
                tiép nhan 1.234 hd so, giai quyét dung han 1.200 hd so.\n\n";
    let p = dir.path().join("big.txt");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
        for _ in 0..(1_000_000_000 / para.len()) {
            f.write_all(para.as_bytes()).unwrap();
        }
    }
    let t = Instant::now();
    baocao()
        .arg("repair")
        .arg(&p)
        .timeout(Duration::from_secs(3600))
        .assert()
        .success();
    eprintln!("1 GB file: repaired in {:?}", t.elapsed());
}

#[test]
fn a_bad_input_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let bin = write(
        dir.path(),
        "bin.dat",
        b"\x7fELF\0\0\0\x01\x02\0\0\0\0\0\0\0\x09",
    );
    let good = write(dir.path(), "good.txt", b"Pang uy di ban hanh\n");
    let missing = dir.path().join("missing.txt");
    let assert = baocao()
        .arg("repair")
        .args([&bin, &missing, &good])
        .assert()
        .code(1);
    let out = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert_eq!(out, "Đảng ủy đã ban hành\n");
    assert!(
        err.contains("bin.dat") && err.contains("missing.txt"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}
