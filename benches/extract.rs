//! `cargo bench --bench extract`: time to extract one report's record from
//! already repaired text (the part of `baocao extract` after repair), per
//! fixture report.

use baocao::extract::extract;
use baocao::text::{Document, Rewrite};
use std::time::Instant;

fn main() {
    let Ok(dir) = std::fs::read_dir("fixtures/seeds") else {
        eprintln!("run from the repository root");
        return;
    };
    let mut paths: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        let doc = Document::from_text(p.display().to_string(), text);
        let rw = Rewrite::identity(&doc.text);
        let runs = 50;
        let t = Instant::now();
        for _ in 0..runs {
            std::hint::black_box(extract(&doc, &rw));
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0 / runs as f64;
        println!(
            "{}: {} bytes, {:.2} ms per extraction",
            p.display(),
            doc.text.len(),
            ms
        );
    }
}
