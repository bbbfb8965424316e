//! `cargo bench --bench ocr_formats`: what reading and writing OCR engines'
//! files costs on top of repair (one thread; pin it with `taskset -c 0`).
//!
//! Input: the fixtures of `fixtures/ocr/` (Tesseract's text, hOCR, ALTO
//! and TSV of the same 29 pages). For each format, the median over several
//! runs of the whole set, with the memo warm (as inside a batch) and cold
//! (a fresh pipeline per run, as one `baocao repair FILE` starts):
//!
//! - `repair`: `Pipeline::repair_stream`, the repaired file. For text
//!   that is repair alone; an OCR file is parsed, repaired *with each
//!   change's confidence* (written back as `x_wconf` / `WC` / `conf`) and
//!   spliced back. Its overhead is shown against text repair with the same
//!   confidences (`text+conf`, `Pipeline::repair_pieces` with changes) —
//!   the formats' own cost — and against plain text repair.
//! - `extract`: `Pipeline::process`, the record (no confidences either way;
//!   an OCR file's items are also placed on their pages).
//! - `parse`: `Pipeline::validate`, reading alone.

use baocao::Pipeline;
use std::time::Instant;

const RUNS: usize = 7;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Files by name with their bytes.
type Files = Vec<(String, Vec<u8>)>;

type Job<'a> = &'a dyn Fn(&Pipeline, &str, &[u8]);

/// Median seconds of `job` over every file; `cold` builds a fresh pipeline
/// (a fresh memo) for each run, else one warm-up run comes first.
fn time(files: &[(String, Vec<u8>)], job: Job, cold: bool) -> f64 {
    let build = || {
        Pipeline::builder()
            .threads(1)
            .build()
            .unwrap_or_else(|e| panic!("model: {e}"))
    };
    let warm = build();
    let all = |p: &Pipeline| {
        for (name, bytes) in files {
            job(p, name, bytes);
        }
    };
    if !cold {
        all(&warm);
    }
    let runs = (0..RUNS)
        .map(|_| {
            let fresh = cold.then(build);
            let p = fresh.as_ref().unwrap_or(&warm);
            let t = Instant::now();
            all(p);
            t.elapsed().as_secs_f64()
        })
        .collect();
    median(runs)
}

fn main() {
    let root = std::path::Path::new("fixtures/ocr");
    let mut names: Vec<_> = std::fs::read_dir(root)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let formats = [
        ("text", "ocr.txt"),
        ("hocr", "ocr.hocr"),
        ("alto", "ocr.xml"),
        ("tsv", "ocr.tsv"),
    ];
    let sets: Vec<(&str, Files)> = formats
        .iter()
        .map(|(f, file)| {
            let files = names
                .iter()
                .filter_map(|d| {
                    let p = d.join(file);
                    Some((p.display().to_string(), std::fs::read(&p).ok()?))
                })
                .collect();
            (*f, files)
        })
        .collect();
    let mb = |files: &[(String, Vec<u8>)]| {
        files.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6
    };
    println!("input: {} documents of {}", names.len(), root.display());

    let repair: Job = &|p, n, b| {
        let mut out = Vec::new();
        std::hint::black_box(p.repair_stream(n, b, &mut out).ok());
    };
    let scored: Job = &|p, n, b| {
        std::hint::black_box(p.repair_pieces(n, b, true, &mut |_| Ok(())).ok());
    };
    let extract: Job = &|p, n, b| {
        std::hint::black_box(p.process(n, b).ok());
    };
    let parse: Job = &|p, n, b| {
        std::hint::black_box(p.validate(n, b).ok());
    };
    for cold in [false, true] {
        let memo = if cold { "cold" } else { "warm" };
        let text = &sets[0].1;
        let base = time(text, repair, cold);
        let base_conf = time(text, scored, cold);
        let base_extract = time(text, extract, cold);
        println!(
            "{memo}: text repair {:.1} ms, text+conf {:.1} ms, text extract {:.1} ms ({:.2} MB)",
            base * 1e3,
            base_conf * 1e3,
            base_extract * 1e3,
            mb(text)
        );
        for (f, files) in &sets[1..] {
            let r = time(files, repair, cold);
            let e = time(files, extract, cold);
            let v = time(files, parse, cold);
            println!(
                "{memo}: {f:<4} repair {:.1} ms = {:.2}x text+conf, {:.2}x text; extract {:.1} ms = {:.2}x text; parse {:.1} ms ({:.2} MB)",
                r * 1e3,
                r / base_conf,
                r / base,
                e * 1e3,
                e / base_extract,
                v * 1e3,
                mb(files)
            );
        }
    }
}
