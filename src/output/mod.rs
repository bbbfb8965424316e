//! Writing results: text, JSON records, and a stdout that treats a closed
//! pipe (`| head`) as a normal end rather than an error.

mod repair_json;
mod sink;

pub use repair_json::repair_record;
pub use sink::{Format, is_broken_pipe};
