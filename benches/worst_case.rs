//! `cargo bench --bench worst_case`: repair and extraction time on
//! adversarial inputs at size N and 4N, then extraction alone on inputs
//! dense in what it looks for (dates, counts, citations). Every ratio should
//! be near 4 (linear); a ratio near 16 means something quadratic crept in
//! (issues 6 and 13).

use baocao::extract::extract;
use baocao::repair::engine::{RepairOptions, Session, repair_text};
use baocao::repair::model::Model;
use baocao::text::{Document, Rewrite};
use std::time::Instant;

/// Ambiguous OCR syllables: each has several candidates, so a lattice over
/// them is as wide as it gets.
const AMBIGUOUS: [&str; 14] = [
    "di", "ban", "hanh", "thin", "s6", "c6", "nim", "qua", "dinh", "ngay", "vé", "Pang", "uy",
    "tiép",
];

/// A named input shape: its base size N and how to build it at any size.
type Case = (&'static str, usize, fn(usize) -> String);

fn cases() -> Vec<Case> {
    vec![
        (
            "sentence of N ambiguous words, no punctuation",
            25_000,
            |n| {
                (0..n)
                    .map(|i| AMBIGUOUS[(i * 7 + i / 3) % AMBIGUOUS.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            },
        ),
        ("one token repeated N times", 25_000, |n| "c6 ".repeat(n)),
        ("N/1000 tokens of 10 000 letters", 10_000, |n| {
            vec!["a".repeat(10_000); n / 1000].join(" ")
        }),
        ("one token of N letters", 10_000, |n| "a".repeat(n)),
        ("brackets nested N deep", 20_000, |n| {
            format!("{}di ban hanh{}", "(".repeat(n), ")".repeat(n))
        }),
        ("N unclosed '<'", 50_000, |n| "<".repeat(n)),
        ("N curly quotes in one chunk", 50_000, |n| "“".repeat(n)),
        ("N lines 'di ban' without blank lines", 10_000, |n| {
            "di ban\n".repeat(n)
        }),
        ("N stand-alone 2-digit numbers", 20_000, |n| "13 ".repeat(n)),
        ("N joiners in one code", 20_000, |n| {
            format!("101{}", "-QD/PU".repeat(n / 6))
        }),
    ]
}

/// Inputs dense in extraction items, extracted from the text as it is.
fn extraction_cases() -> Vec<Case> {
    vec![
        ("N full dates", 15_000, |n| "ngày 12/03/2024, ".repeat(n)),
        ("N written-out dates", 10_000, |n| {
            "ngày 5 tháng 6 năm 2024 và ".repeat(n)
        }),
        ("N dossier counts in one paragraph", 10_000, |n| {
            "tiếp nhận 12 hồ sơ, đã giải quyết 10 hồ sơ (đạt 83,3%); ".repeat(n)
        }),
        ("N bare numbers in one paragraph", 20_000, |n| {
            "12, ".repeat(n)
        }),
        ("N citations in one sentence", 5_000, |n| {
            "Quyết định số 12/QĐ-UBND ngày 01/02/2024 của UBND tỉnh Nghệ An, ".repeat(n)
        }),
        ("N named laws in one sentence", 5_000, |n| {
            "Luật Đất đai, Luật sửa đổi, bổ sung một số điều của Luật Xây dựng, ".repeat(n)
        }),
        ("N codes without type words", 10_000, |n| {
            "12/AB-CD ".repeat(n)
        }),
        ("N table rows of counts", 5_000, |n| {
            "5.3.1 | Số hồ sơ đã tiếp nhận | Hồ sơ | 5 | Văn phòng\n".repeat(n)
        }),
    ]
}

/// Best of three runs, seconds.
fn time(f: impl Fn()) -> f64 {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let Ok(model) = Model::embedded() else {
        eprintln!("model failed to load");
        return;
    };
    let opts = RepairOptions::default();
    println!(
        "{:<46} {:>7} {:>9} {:>9} {:>6} {:>9} {:>9} {:>6}",
        "input", "N", "repair N", "4N ms", "ratio", "extract N", "4N ms", "ratio"
    );
    // `WORST_CASE_SCALE=4` multiplies every N, to tell noise from growth.
    let scale: usize = std::env::var("WORST_CASE_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    for (name, n, make) in cases() {
        let n = n * scale;
        let repair = |text: &str| repair_text(text, &model, &opts, &mut Session::default());
        let ex = |text: &str, rw| {
            std::hint::black_box(extract(&Document::from_text(text), rw));
        };
        let (small, large) = (make(n), make(4 * n));
        let (rs, rl) = (repair(&small).rewrite, repair(&large).rewrite);
        let a = time(|| {
            std::hint::black_box(repair(&small));
        });
        let b = time(|| {
            std::hint::black_box(repair(&large));
        });
        let c = time(|| ex(&small, &rs));
        let d = time(|| ex(&large, &rl));
        println!(
            "{:<46} {:>7} {:>9.1} {:>9.1} {:>6.1} {:>9.1} {:>9.1} {:>6.1}",
            name,
            n,
            a * 1e3,
            b * 1e3,
            b / a,
            c * 1e3,
            d * 1e3,
            d / c
        );
    }
    println!(
        "\n{:<46} {:>7} {:>9} {:>9} {:>6}",
        "extraction only", "N", "N ms", "4N ms", "ratio"
    );
    for (name, n, make) in extraction_cases() {
        let n = n * scale;
        let ex = |text: &str| {
            let doc = Document::from_text(text);
            let rw = Rewrite::identity(&doc.text);
            std::hint::black_box(extract(&doc, &rw));
        };
        let (small, large) = (make(n), make(4 * n));
        let a = time(|| ex(&small));
        let b = time(|| ex(&large));
        println!(
            "{:<46} {:>7} {:>9.1} {:>9.1} {:>6.1}",
            name,
            n,
            a * 1e3,
            b * 1e3,
            b / a
        );
    }
}
