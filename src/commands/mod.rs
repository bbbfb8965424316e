//! The subcommands behind the binary: argument structs (clap) and their
//! runners, kept in the library so `main.rs` only parses and dispatches.

pub mod candidates;
pub mod eval;
pub mod extract;
pub mod input;
pub mod meta;
pub mod repair;
pub mod run;
pub mod streaming;
pub mod train;
pub mod walk;

use crate::repair::engine::{InputKind, RepairOptions};
use crate::repair::model::Model;
use crate::syllable::ToneStyle;
use std::path::PathBuf;

/// Model and repair flags shared by `repair`, `extract` and `run`.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelArgs {
    /// Load the model from this folder (as written by `baocao train`)
    /// instead of the one embedded in the binary.
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
    /// Tone placement in output: old `hòa/ủy` or new `hoà/uỷ`.
    #[arg(long, value_enum, default_value_t = ToneStyle::Old)]
    pub tone_style: ToneStyle,
    /// Leave words whose repair is less certain than this (0–1) unchanged.
    #[arg(long, default_value_t = 0.0, value_name = "X")]
    pub min_confidence: f32,
    /// What damaged the text: English-model OCR, or plain stripping of all
    /// diacritics (`auto` decides per document).
    #[arg(long, value_enum, default_value_t = InputKind::Auto)]
    pub input_kind: InputKind,
    /// Never turn stand-alone 1–2 digit numbers into words (`13` → `là`).
    #[arg(long)]
    pub keep_digits: bool,
    /// Weight of the language model against the OCR channel (tuning).
    #[arg(long, hide = true)]
    pub lm_weight: Option<f32>,
    /// Channel cost of keeping an unknown word as written (tuning).
    #[arg(long, hide = true)]
    pub keep_unknown_cost: Option<f32>,
    /// Channel cost of keeping a known non-syllable token (tuning).
    #[arg(long, hide = true)]
    pub keep_token_cost: Option<f32>,
    /// Lattice options per word at most (tuning).
    #[arg(long, hide = true)]
    pub max_options: Option<usize>,
    /// Posterior-cost window for lattice options (tuning).
    #[arg(long, hide = true)]
    pub option_beam: Option<f32>,
    /// Score window for hypotheses, in nats (tuning).
    #[arg(long, hide = true)]
    pub score_beam: Option<f32>,
    /// Hypotheses kept per position (tuning).
    #[arg(long, hide = true)]
    pub beam: Option<usize>,
}

impl ModelArgs {
    /// Loads the model these flags name.
    pub fn load(&self) -> anyhow::Result<Model> {
        Ok(match &self.model {
            Some(dir) => Model::load(dir)?,
            None => Model::embedded()?,
        })
    }

    /// Repair options from the flags.
    pub fn options(&self) -> RepairOptions {
        let mut o = RepairOptions {
            tone_style: self.tone_style,
            min_confidence: self.min_confidence,
            keep_digits: self.keep_digits,
            input_kind: self.input_kind,
            ..RepairOptions::default()
        };
        if let Some(w) = self.lm_weight {
            o.decode.lm_weight = w;
        }
        if let Some(c) = self.keep_unknown_cost {
            o.keep_unknown_cost = c;
        }
        if let Some(c) = self.keep_token_cost {
            o.keep_token_cost = c;
        }
        if let Some(m) = self.max_options {
            o.limits.max_candidates = m.max(1);
        }
        if let Some(b) = self.option_beam {
            o.limits.beam = b;
        }
        if let Some(b) = self.score_beam {
            o.decode.score_beam = b;
        }
        if let Some(b) = self.beam {
            o.decode.beam = b.max(1);
        }
        o
    }
}
