//! `cargo bench --bench extract`: time to extract one report's record from
//! already repaired text (the part of `baocao extract` after repair), per
//! fixture report; then the fixtures concatenated to 10 MB and 20 MB, whose
//! time ratio should be near 2 (linear extraction, issue 13).

use baocao::extract::extract;
use baocao::text::{Document, Rewrite};
use std::time::Instant;

/// Seconds of one extraction of `text`, best of `runs`.
fn best(text: &str, runs: usize) -> f64 {
    let doc = Document::from_text(text.to_string());
    let rw = Rewrite::identity(&doc.text);
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(extract(&doc, &rw));
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// `texts` joined by blank lines and repeated up to `bytes`.
fn concatenated(texts: &[String], bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + (1 << 16));
    while out.len() < bytes && !texts.is_empty() {
        for t in texts {
            out.push_str(t);
            out.push_str("\n\n");
            if out.len() >= bytes {
                break;
            }
        }
    }
    out
}

fn main() {
    let Ok(dir) = std::fs::read_dir("fixtures/seeds") else {
        eprintln!("run from the repository root");
        return;
    };
    let mut paths: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut texts = Vec::new();
    for p in paths {
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        let runs = 50;
        let total: f64 = (0..runs).map(|_| best(&text, 1)).sum();
        println!(
            "{}: {} bytes, {:.2} ms per extraction",
            p.display(),
            text.len(),
            total * 1000.0 / runs as f64
        );
        texts.push(text);
    }
    let (mb10, mb20) = (
        concatenated(&texts, 10 << 20),
        concatenated(&texts, 20 << 20),
    );
    let (a, b) = (best(&mb10, 3), best(&mb20, 3));
    println!(
        "fixtures concatenated: 10 MB {:.2} s, 20 MB {:.2} s, ratio {:.2} (linear: 2)",
        a,
        b,
        b / a
    );
}
