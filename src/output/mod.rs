//! Writing results: text, JSON records, CSV tables, the `--explain` review
//! view, and a stdout that treats a closed pipe (`| head`) as a normal end
//! rather than an error.

pub mod csv_table;
pub mod explain;
mod sink;

pub use csv_table::Table;
pub use sink::{Format, is_broken_pipe};
