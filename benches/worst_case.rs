//! `cargo bench --bench worst_case`: repair time on adversarial inputs at
//! size N and 4N. Every ratio should be near 4 (linear); a ratio near 16
//! means something quadratic crept in (issue 6).

use baocao::extract::extract;
use baocao::repair::engine::{RepairOptions, Session, repair_text};
use baocao::repair::model::Model;
use baocao::text::Document;
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
            std::hint::black_box(extract(&Document::from_text("bench", text), rw));
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
}
