//! Whole-pipeline tests that need the stages' internals (lossless rewrites,
//! offset maps, per-token checks): repair of the fixtures, properties on generated text and the
//! replay of inputs the fuzzers once failed on (`tests/regressions/`).

mod repair_fixtures;
mod robustness_properties;
mod robustness_regressions;
