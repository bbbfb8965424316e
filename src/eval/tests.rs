use super::*;

/// Scores two files named by `EVAL_GOLD`/`EVAL_HYP` and prints score.py-style
/// JSON (for comparing with score.py by hand):
/// `EVAL_GOLD=g EVAL_HYP=h EVAL_CI=1 cargo test --release --lib eval::tests::score_files -- --ignored --nocapture`
#[test]
#[ignore]
fn score_files() -> Result<(), Box<dyn std::error::Error>> {
    let gold = std::fs::read_to_string(std::env::var("EVAL_GOLD")?)?;
    let hyp = std::fs::read_to_string(std::env::var("EVAL_HYP")?)?;
    let opts = ScoreOptions {
        case_insensitive: std::env::var("EVAL_CI").is_ok(),
        strip_punct: std::env::var("EVAL_STRIP").is_ok(),
        tone_norm: std::env::var("EVAL_NO_TONE").is_err(),
        top_errors: 10,
    };
    let t = std::time::Instant::now();
    let r = score_repair(&gold, &hyp, &opts)?;
    let dt = t.elapsed();
    println!("{}", serde_json::to_string_pretty(&r)?);
    eprintln!("scored in {dt:?}");
    Ok(())
}
