//! The library's front door: a [`Pipeline`] loads the model once and turns
//! input bytes into typed records, repaired text or a repaired stream.
//!
//! Bytes → document (decoded, NFC, with a map back to input offsets) →
//! repaired text → extraction → [`DocumentRecord`]. Large texts are
//! repaired in paragraph chunks in parallel on the pipeline's threads; the
//! result is byte-identical to a sequential repair (see [`chunks`]).

mod chunks;
mod pieces;
mod records;

pub(crate) use chunks::CHUNK_BYTES;
pub(crate) use records::RepairStats;
#[cfg(test)]
pub(crate) use records::document_record;

use crate::error::{Error, Result};
use crate::record::{DocumentRecord, Producer, RepairRecord, RepairSummary};
use crate::repair::engine::{InputKind, RepairOptions, Repaired, Session, repair_text};
use crate::repair::model::Model;
use crate::syllable::ToneStyle;
use crate::text::{Document, Encoding, IntakeOptions, Rewrite, decode_auto};
use rayon::prelude::*;
use std::cell::RefCell;
use std::io::{Read, Write};
use std::path::PathBuf;

thread_local! {
    /// One candidate memo per worker thread: `Session` is not `Send`, and a
    /// warm memo is most of repair's speed on repetitive reports. It holds
    /// the id of the pipeline that filled it: another pipeline (another
    /// model or other search limits) starts it afresh.
    static SESSION: RefCell<(u64, Session)> = RefCell::new((0, Session::default()));
}

/// Ids of pipelines, for the per-thread memo (0 is never given).
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A loaded model plus the options to run it with. Build one with
/// [`Pipeline::builder`] (or [`Pipeline::new`] for the defaults) and share
/// it: every method takes `&self`, and it is `Sync`.
pub struct Pipeline {
    model: Model,
    options: RepairOptions,
    intake: IntakeOptions,
    encoding: Option<Encoding>,
    repair: bool,
    include_text: bool,
    pool: Option<rayon::ThreadPool>,
    /// Tells this pipeline's memos from another's.
    id: u64,
}

/// Settings of a [`Pipeline`], checked by [`PipelineBuilder::build`].
#[derive(Debug, Clone)]
#[must_use]
pub struct PipelineBuilder {
    model_dir: Option<PathBuf>,
    options: RepairOptions,
    intake: IntakeOptions,
    encoding: Option<Encoding>,
    repair: bool,
    include_text: bool,
    threads: Option<usize>,
}

/// Search and decoding knobs for tuning experiments (`None` keeps the
/// default). Not part of the stable interface.
#[doc(hidden)]
#[derive(Debug, Clone, Default)]
pub struct Tuning {
    pub lm_weight: Option<f32>,
    pub keep_unknown_cost: Option<f32>,
    pub keep_token_cost: Option<f32>,
    pub max_options: Option<usize>,
    pub option_beam: Option<f32>,
    pub score_beam: Option<f32>,
    pub beam: Option<usize>,
}

impl Default for PipelineBuilder {
    fn default() -> Self {
        PipelineBuilder {
            model_dir: None,
            options: RepairOptions::default(),
            intake: IntakeOptions::default(),
            encoding: None,
            repair: true,
            include_text: false,
            threads: None,
        }
    }
}

impl PipelineBuilder {
    /// Load the model from a folder written by `baocao train` instead of
    /// the one embedded in the binary.
    pub fn model_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.model_dir = Some(dir.into());
        self
    }

    /// What damaged the text (default [`InputKind::Auto`], decided per
    /// document).
    pub fn input_kind(mut self, kind: InputKind) -> Self {
        self.options.input_kind = kind;
        self
    }

    /// Tone placement in the output (default [`ToneStyle::Old`], `hòa`).
    pub fn tone_style(mut self, style: ToneStyle) -> Self {
        self.options.tone_style = style;
        self
    }

    /// Leave words whose repair is less certain than `x` (0–1) unchanged.
    pub fn min_confidence(mut self, x: f32) -> Self {
        self.options.min_confidence = x;
        self
    }

    /// Never turn stand-alone 1–2 digit numbers into words (`13` → `là`).
    pub fn keep_digits(mut self, keep: bool) -> Self {
        self.options.keep_digits = keep;
        self
    }

    /// Read inputs in this encoding instead of detecting it.
    pub fn encoding(mut self, encoding: Option<Encoding>) -> Self {
        self.encoding = encoding;
        self
    }

    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    pub fn lossy(mut self, lossy: bool) -> Self {
        self.intake.lossy = lossy;
        self
    }

    /// Repair before extracting (default); `false` reads the text as it is.
    pub fn repair(mut self, repair: bool) -> Self {
        self.repair = repair;
        self
    }

    /// Put the repaired text into every [`DocumentRecord`] (`text`).
    pub fn include_text(mut self, include: bool) -> Self {
        self.include_text = include;
        self
    }

    /// Worker threads for parallel repair and [`Pipeline::map`] (default:
    /// rayon's global pool, one thread per core).
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = Some(n);
        self
    }

    #[doc(hidden)]
    pub fn tuning(mut self, t: &Tuning) -> Self {
        let o = &mut self.options;
        if let Some(w) = t.lm_weight {
            o.decode.lm_weight = w;
        }
        if let Some(c) = t.keep_unknown_cost {
            o.keep_unknown_cost = c;
        }
        if let Some(c) = t.keep_token_cost {
            o.keep_token_cost = c;
        }
        if let Some(m) = t.max_options {
            o.limits.max_candidates = m.max(1);
        }
        if let Some(b) = t.option_beam {
            o.limits.beam = b;
        }
        if let Some(b) = t.score_beam {
            o.decode.score_beam = b;
        }
        if let Some(b) = t.beam {
            o.decode.beam = b.max(1);
        }
        self
    }

    /// Checks the settings and loads the model.
    pub fn build(self) -> Result<Pipeline> {
        let c = self.options.min_confidence;
        if !(0.0..=1.0).contains(&c) {
            return Err(Error::option(format!(
                "min_confidence must lie in 0..=1, not {c}"
            )));
        }
        let model = match &self.model_dir {
            Some(dir) => Model::load(dir)?,
            None => Model::embedded()?,
        };
        let pool = match self.threads {
            Some(n) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| Error::option(format!("cannot start {n} threads: {e}")))?,
            ),
            None => None,
        };
        Ok(Pipeline {
            model,
            options: self.options,
            intake: self.intake,
            encoding: self.encoding,
            repair: self.repair,
            include_text: self.include_text,
            pool,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }
}

/// One repaired document: its record (every change, and the repaired text
/// in `record.text`) and the decoded input it was made from.
#[derive(Debug, Clone)]
pub struct RepairOutput {
    /// The record, with the repaired text.
    pub record: RepairRecord,
    /// The input as decoded text (NFC), which the changes' lines refer to.
    pub input: String,
}

impl Pipeline {
    /// The default pipeline: embedded model, everything detected.
    pub fn new() -> Result<Pipeline> {
        PipelineBuilder::default().build()
    }

    /// Settings to build a pipeline from.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Who made the records: this build and its model.
    pub fn producer(&self) -> Producer {
        Producer::new(Some(self.model.id))
    }

    /// Fingerprint of the loaded model (16 hex digits in records).
    pub fn model_id(&self) -> u64 {
        self.model.id
    }

    /// Runs `op` on the pipeline's threads.
    fn install<R: Send>(&self, op: impl FnOnce() -> R + Send) -> R {
        match &self.pool {
            Some(p) => p.install(op),
            None => op(),
        }
    }

    /// Applies `f` to every item on the pipeline's threads; results come
    /// back in input order whatever the thread count.
    pub fn map<T: Sync, R: Send>(&self, items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
        self.install(|| items.par_iter().map(f).collect())
    }

    /// Decodes input bytes (encoding detected unless set) into a document.
    pub(crate) fn decode(&self, source: &str, bytes: &[u8]) -> Result<Document> {
        Ok(decode_auto(source, bytes, &self.intake, self.encoding)?)
    }

    /// Repair, structure and extraction of one input: its whole record.
    pub fn process(&self, source: &str, bytes: &[u8]) -> Result<DocumentRecord> {
        let doc = self.decode(source, bytes)?;
        Ok(self.process_document(&doc))
    }

    /// [`Pipeline::process`] of text that is already decoded.
    pub fn process_text(&self, source: &str, text: &str) -> DocumentRecord {
        self.process_document(&Document::from_text(source, text))
    }

    fn process_document(&self, doc: &Document) -> DocumentRecord {
        let (rewrite, stats) = if self.repair {
            let (rw, stats) = self.repair_summary(&doc.text);
            (rw, Some(stats.summary()))
        } else {
            (Rewrite::identity(&doc.text), None)
        };
        let model = self.repair.then_some(&self.model);
        let mut rec = records::document_record(doc, &rewrite, model, stats);
        if self.include_text {
            rec.text = Some(rewrite.text);
        }
        rec
    }

    /// Repairs one input and records every change.
    pub fn repair(&self, source: &str, bytes: &[u8]) -> Result<RepairOutput> {
        let doc = self.decode(source, bytes)?;
        let repaired = self.repair_changes(&doc.text);
        let record = records::repair_record(&doc, &repaired, &self.model, true);
        Ok(RepairOutput {
            record,
            input: doc.text,
        })
    }

    /// The repaired text of `text`.
    pub fn repair_text(&self, text: &str) -> String {
        self.repair_summary(text).0.text
    }

    /// Repairs `reader` into `writer` piece by piece, with memory bounded
    /// whatever the input's size (pieces of up to 4 MB cut after blank
    /// lines, else line ends); `source` names the input
    /// in errors.
    pub fn repair_stream(
        &self,
        source: &str,
        reader: impl Read,
        writer: &mut dyn Write,
    ) -> Result<RepairSummary> {
        self.repair_stream_with(source, reader, writer, &mut |_| {})
    }

    /// [`Pipeline::repair_stream`], calling `progress` with the input bytes
    /// of each piece done.
    pub fn repair_stream_with(
        &self,
        source: &str,
        reader: impl Read,
        writer: &mut dyn Write,
        progress: &mut dyn FnMut(u64),
    ) -> Result<RepairSummary> {
        pieces::stream_repair(self, source, reader, writer, progress).map(|s| s.summary())
    }

    /// The channel's candidate syllables for a token, cheapest first
    /// (model debugging).
    #[doc(hidden)]
    pub fn candidates(&self, word: &str) -> Vec<(String, f32)> {
        use crate::repair::candidates::{SearchLimits, SearchScratch, generate};
        let m = &self.model;
        let lower = word.to_lowercase();
        generate(
            &m.trie,
            &m.channel,
            &m.vocab,
            &m.prior_cost,
            &lower,
            &SearchLimits::default(),
            &mut SearchScratch::default(),
        )
        .iter()
        .map(|c| (m.vocab.word(c.id).to_string(), c.cost))
        .collect()
    }

    /// Repairs `text` with this thread's memo (a fresh one when the memo is
    /// already in use higher up this thread's stack).
    fn repair_local(&self, text: &str, opts: &RepairOptions) -> Repaired {
        SESSION.with(|s| match s.try_borrow_mut() {
            Ok(mut memo) => {
                if memo.0 != self.id {
                    *memo = (self.id, Session::default());
                }
                repair_text(text, &self.model, opts, &mut memo.1)
            }
            Err(_) => repair_text(text, &self.model, opts, &mut Session::default()),
        })
    }

    /// Repairs `text` in paragraph chunks in parallel, keeping every change.
    pub(crate) fn repair_changes(&self, text: &str) -> Repaired {
        self.install(|| {
            chunks::repair_parallel(text, CHUNK_BYTES, &self.options, &|t, o| {
                self.repair_local(t, o)
            })
        })
    }

    /// Repairs `text` in paragraph chunks in parallel, dropping each
    /// chunk's change list as it finishes and keeping only totals.
    pub(crate) fn repair_summary(&self, text: &str) -> (Rewrite, RepairStats) {
        self.install(|| {
            chunks::repair_summary(text, CHUNK_BYTES, &self.options, &|t, o| {
                self.repair_local(t, o)
            })
        })
    }
}
