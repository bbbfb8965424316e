//! `cargo bench --bench repair`: model load time and repair throughput
//! (syllables per second on one core; pin it with `taskset -c 0`).
//!
//! - *cold*: a fresh per-thread memo, as `baocao repair FILE` starts;
//! - *warm*: the memo already holds the text's forms, as in the middle of
//!   a `baocao run` batch;
//! - *no table*: cold without the precomputed candidate table, so every
//!   word form is searched (what text unlike the training pairs costs).
//!
//! Each figure is the median of several runs. Input: `$BAOCAO_DEV` or
//! `../shared/ocr-pairs/dev.ocr.txt`, falling back to the fixture pairs so
//! the bench runs from the repository alone. `$BAOCAO_MODEL` names a model
//! folder (as `baocao train` writes it) to time instead of the embedded one.

use baocao::repair::engine::{RepairOptions, Session, repair_text};
use baocao::repair::model::Model;
use std::time::Instant;

const RUNS: usize = 7;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Median seconds of one repair of `text`; `fresh` starts each run with an
/// empty memo, otherwise one warm-up run fills it first.
fn time(text: &str, model: &Model, opts: &RepairOptions, fresh: bool) -> f64 {
    let mut session = Session::default();
    if !fresh {
        std::hint::black_box(repair_text(text, model, opts, &mut session));
    }
    let runs = (0..RUNS)
        .map(|_| {
            if fresh {
                session = Session::default();
            }
            let t = Instant::now();
            std::hint::black_box(repair_text(text, model, opts, &mut session));
            t.elapsed().as_secs_f64()
        })
        .collect();
    median(runs)
}

fn main() {
    let path =
        std::env::var("BAOCAO_DEV").unwrap_or_else(|_| "../shared/ocr-pairs/dev.ocr.txt".into());
    let (path, text) = match std::fs::read_to_string(&path) {
        Ok(t) => (path, t),
        Err(_) => {
            let p = "fixtures/pairs/seeds23.ocr.txt".to_string();
            let t = std::fs::read_to_string(&p).unwrap_or_default();
            (p, t)
        }
    };
    let syllables = text.split_whitespace().count();

    let loads = (0..5)
        .map(|_| {
            let t = Instant::now();
            let m = Model::embedded();
            let dt = t.elapsed().as_secs_f64() * 1000.0;
            drop(m);
            dt
        })
        .collect();
    println!("model load: median {:.1} ms", median(loads));

    let load = || match std::env::var_os("BAOCAO_MODEL") {
        Some(dir) => Model::load(std::path::Path::new(&dir)),
        None => Model::embedded(),
    };
    let (Ok(model), Ok(mut searched)) = (load(), load()) else {
        eprintln!("model failed to load");
        return;
    };
    searched.precomputed = None;
    println!(
        "input: {path} ({} bytes, {syllables} syllables)",
        text.len()
    );
    let rate = |secs: f64| {
        format!(
            "{:>7.0}k syllables/s ({:.1} ms)",
            syllables as f64 / secs / 1000.0,
            secs * 1000.0
        )
    };
    // `baocao repair` writes text; `--format json` also records each change
    // with its confidence and alternatives.
    let text_opts = RepairOptions {
        record_changes: false,
        ..RepairOptions::default()
    };
    let json_opts = RepairOptions::default();
    for (name, opts) in [("text", &text_opts), ("json", &json_opts)] {
        println!("{name} cold:     {}", rate(time(&text, &model, opts, true)));
        println!(
            "{name} warm:     {}",
            rate(time(&text, &model, opts, false))
        );
        println!(
            "{name} no table: {}",
            rate(time(&text, &searched, opts, true))
        );
    }
}
