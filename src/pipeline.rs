//! The pipeline as one call per document, for the binary and for library
//! users: bytes → document → repaired text → (extraction) → records.

use crate::repair::engine::{RepairOptions, Repaired, Session, repair_text};
use crate::repair::model::Model;
use crate::text::Document;

/// A loaded model plus the options to run it with.
pub struct Pipeline {
    pub model: Model,
    pub repair: RepairOptions,
}

impl Pipeline {
    /// Repairs one document (a `Session` per thread keeps candidate memos).
    pub fn repair(&self, doc: &Document, session: &mut Session) -> Repaired {
        repair_text(&doc.text, &self.model, &self.repair, session)
    }
}
