//! Document structure: the header block, the layout of the parts (title,
//! body, closing, annexes) and the section outline.

pub mod agency;
pub mod dateline;
pub mod header;
pub mod layout;
pub mod lines;
pub mod motto;
pub mod number;
pub mod numerals;
pub mod places;
pub mod sections;
pub mod signer;
pub mod view;

