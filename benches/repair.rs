//! `cargo bench --bench repair`: model load time and repair throughput
//! (syllables per second on one core), cold and warm candidate cache.
//!
//! Input: `$BAOCAO_DEV` or `../shared/ocr-pairs/dev.ocr.txt`, falling back to
//! the fixture pairs so the bench runs from the repository alone.

use baocao::repair::engine::{RepairOptions, Session, repair_text};
use baocao::repair::model::Model;
use std::time::Instant;

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

    let mut loads = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let m = Model::embedded();
        loads.push(t.elapsed().as_secs_f64() * 1000.0);
        drop(m);
    }
    loads.sort_by(f64::total_cmp);
    println!(
        "model load: median {:.1} ms (min {:.1})",
        loads[2], loads[0]
    );

    let Ok(model) = Model::embedded() else {
        eprintln!("model failed to load");
        return;
    };
    let opts = RepairOptions::default();
    let mut session = Session::default();
    let t = Instant::now();
    let r = repair_text(&text, &model, &opts, &mut session);
    let cold = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let runs = 3;
    for _ in 0..runs {
        std::hint::black_box(repair_text(&text, &model, &opts, &mut session));
    }
    let warm = t.elapsed().as_secs_f64() / runs as f64;
    // Plain-text output (`baocao repair`) skips per-change records and confidences.
    let text_opts = RepairOptions {
        record_changes: false,
        ..RepairOptions::default()
    };
    let mut text_session = Session::default();
    let t = Instant::now();
    std::hint::black_box(repair_text(&text, &model, &text_opts, &mut text_session));
    let text_cold = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(repair_text(&text, &model, &text_opts, &mut text_session));
    }
    let text_warm = t.elapsed().as_secs_f64() / runs as f64;
    println!(
        "input: {path} ({} bytes, {syllables} syllables, {} changed)",
        text.len(),
        r.changes.len()
    );
    println!(
        "repair cold cache: {:.0} syllables/s ({:.3} s)",
        syllables as f64 / cold,
        cold
    );
    println!(
        "repair warm cache: {:.0} syllables/s ({:.3} s)",
        syllables as f64 / warm,
        warm
    );
    println!(
        "text output (no change records): cold {:.0} syllables/s, warm {:.0} syllables/s",
        syllables as f64 / text_cold,
        syllables as f64 / text_warm
    );
}
