//! Generated tables (never edited by hand). Regenerate with:
//!
//! ```sh
//! python3 scripts/gen_cpython_unicode_tables.py > src/eval/tables/cpython_unicode.rs
//! ```
//!
//! (CPython 3.11, as `score.py` runs; CI checks nothing here changes behaviour
//! through `src/eval/tests.rs`.)

#[rustfmt::skip]
pub(crate) mod cpython_unicode;
