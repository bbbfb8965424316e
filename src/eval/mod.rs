//! Evaluation: how good is a repair (a Rust port of the reference metric
//! `score.py`, so we can score inside tests and the CLI without Python) and
//! how good is an extraction (P/R/F1 against an expected record).

mod extract_score;
mod pystr;
mod repair_score;
mod tables;

pub use extract_score::{ExtractReport, KindScore, MAIN_KINDS, Prf, Tally};
pub use repair_score::{
    ChangesReport, DiacriticOnly, EchoOptions, ErrorPair, LineDiff, RepairReport, base_form,
    read_lines, render_diff, strip_diacritics, tokenize, tone_norm,
};

/// Knobs mirroring score.py's flags (`--ci`, `--strip-punct`,
/// `--no-tone-norm`, `--errors N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreOptions {
    /// Fold case before comparing (`score.py --ci`).
    pub case_insensitive: bool,
    /// Remove punctuation before comparing.
    pub strip_punct: bool,
    /// Unify tone placement (`hoà` = `hòa`).
    pub tone_norm: bool,
    /// How many of the most frequent error pairs to report (0 = none).
    pub top_errors: usize,
}

impl Default for ScoreOptions {
    /// score.py's defaults: case-sensitive, punctuation kept, tone placement unified.
    fn default() -> Self {
        ScoreOptions {
            case_insensitive: false,
            strip_punct: false,
            tone_norm: true,
            top_errors: 0,
        }
    }
}

/// Why two texts cannot be scored against each other.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EvalError {
    /// Scoring is line-aligned, so every text must have as many lines as gold.
    #[error("line count differs: gold {gold} vs {other_name} {other}")]
    LineCount {
        /// Lines of the gold text.
        gold: usize,
        /// Which text differs (`hyp`, `input`).
        other_name: &'static str,
        /// Its lines.
        other: usize,
    },
}

fn check_lines(gold: &[&str], other: &[&str], other_name: &'static str) -> Result<(), EvalError> {
    if gold.len() == other.len() {
        Ok(())
    } else {
        Err(EvalError::LineCount {
            gold: gold.len(),
            other_name,
            other: other.len(),
        })
    }
}

/// Scores a repaired text against gold exactly like `score.py GOLD HYP`.
/// Both are whole file contents; lines are split like score.py reads files.
pub fn score_repair(gold: &str, hyp: &str, opts: &ScoreOptions) -> Result<RepairReport, EvalError> {
    let (g, h) = (read_lines(gold), read_lines(hyp));
    check_lines(&g, &h, "hyp")?;
    Ok(repair_score::score_lines(&g, &h, opts))
}

/// Lines where the hypothesis differs from gold, with the edits marked.
pub fn diff_repair(gold: &str, hyp: &str, opts: &ScoreOptions) -> Result<Vec<LineDiff>, EvalError> {
    let (g, h) = (read_lines(gold), read_lines(hyp));
    check_lines(&g, &h, "hyp")?;
    Ok(repair_score::diff_lines(&g, &h, opts))
}

/// What the repair changed in `input` (the OCR text) to produce `hyp`, and
/// whether each change helped, judged against `gold`.
pub fn score_changes(
    gold: &str,
    input: &str,
    hyp: &str,
    opts: &ScoreOptions,
) -> Result<ChangesReport, EvalError> {
    let (g, i, h) = (read_lines(gold), read_lines(input), read_lines(hyp));
    check_lines(&g, &i, "input")?;
    check_lines(&g, &h, "hyp")?;
    Ok(repair_score::score_changes(&g, &i, &h, opts))
}

/// Scores one predicted extraction record against its gold record, as
/// `score_extract.py` does.
pub fn score_extract(gold: &serde_json::Value, predicted: &serde_json::Value) -> ExtractReport {
    extract_score::score(gold, predicted)
}

#[cfg(test)]
mod tests;
