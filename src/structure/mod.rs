//! Document structure: the header block and the section outline.

pub mod header;
pub mod numerals;
pub mod sections;
pub mod view;

pub use header::{Header, HeaderInfo};
pub use sections::RawSection;
