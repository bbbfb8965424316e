//! The library's front door: a [`Pipeline`] loads the model once and turns
//! input bytes into typed records, repaired text or a repaired stream.
//!
//! Bytes → document (decoded, NFC, with a map back to input offsets) →
//! repaired text → extraction → [`DocumentRecord`]. Large texts are
//! repaired in paragraph chunks in parallel on the pipeline's threads; the
//! result is byte-identical to a sequential repair (see [`chunks`]).

pub(crate) mod chunks;
mod ocr;
mod pieces;
mod records;

pub(crate) use chunks::CHUNK_BYTES;
pub(crate) use records::RepairStats;
#[cfg(test)]
pub(crate) use records::empty_record;

use crate::error::{Error, Result};
use crate::ocr::InputFormat;
use crate::record::{DocumentRecord, Producer, RepairRecord, RepairSummary};
use crate::repair::engine::{InputKind, RepairOptions, Repaired, Session, repair_text};
use crate::repair::model::Model;
use crate::syllable::ToneStyle;
use crate::text::{Encoding, IntakeOptions, Rewrite};
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

/// How often [`Pipeline::adapt`] labels its sample: the second labelling,
/// by the adapted channel, reads more of a new engine's words right, and
/// the channel learnt from it (again from the trained one) is better:
/// measured on Debian's fast model 96.48% → 96.51% (news), 95.18% →
/// 95.24% (Wikipedia), on a `d`-as-`cl` engine 97.60% → 97.81%; a third
/// gained nothing more.
const LABELLING_ROUNDS: usize = 2;

/// Chunks of a sample [`Pipeline::adapt`] labels apart, so a sample of one
/// file uses every thread (a label hardly depends on where a chunk ends).
const SAMPLE_CHUNK_BYTES: usize = 16 * 1024;

/// How much of the inputs' starts [`Pipeline::adapt_to_files`] reads:
/// enough words to learn an engine's habits (about 20,000), little time
/// next to a large batch (256 KiB measured the same).
pub const ADAPT_SAMPLE_BYTES: usize = 128 << 10;

/// Up to `limit` bytes of the start of `path`, cut after its last line end
/// when it is longer (so no word or character is cut in two).
fn read_head(path: &std::path::Path, limit: usize) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    std::fs::File::open(path)?
        .take(limit as u64 + 1)
        .read_to_end(&mut head)?;
    if head.len() > limit {
        let end = head[..limit]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        head.truncate(end);
    }
    Ok(head)
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
    input_format: InputFormat,
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
    input_format: InputFormat,
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
            input_format: InputFormat::Auto,
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

    /// Never turn stand-alone 1–3 digit numbers into words (`13` → `là`).
    pub fn keep_digits(mut self, keep: bool) -> Self {
        self.options.keep_digits = keep;
        self
    }

    /// Read inputs in this encoding instead of detecting it.
    pub fn encoding(mut self, encoding: Option<Encoding>) -> Self {
        self.encoding = encoding;
        self
    }

    /// What kind of file inputs are (default [`InputFormat::Auto`]: hOCR,
    /// ALTO and Tesseract TSV are told from text by their content). An OCR
    /// file's text is rebuilt in reading order, its record items carry
    /// `page` and `bbox`, and its repaired output is the same file with the
    /// words replaced.
    pub fn input_format(mut self, format: InputFormat) -> Self {
        self.input_format = format;
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
            input_format: self.input_format,
            repair: self.repair,
            include_text: self.include_text,
            pool,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }
}

/// One piece of an input repaired by [`Pipeline::repair_pieces`].
#[derive(Debug)]
pub struct RepairPiece<'a> {
    /// The input's encoding (detected on its start, or the one forced).
    pub encoding: &'static str,
    /// The piece of the input, decoded (NFC).
    pub input: &'a str,
    /// Its repaired text.
    pub repaired: &'a str,
    /// Its changes, with lines and spans of the whole input.
    pub changes: &'a [crate::record::Change],
    /// The whole input's line number of the piece's first line.
    pub first_line: usize,
    /// Input bytes of the piece.
    pub input_bytes: u64,
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

    /// [`Pipeline::model_id`] of the embedded default model, without
    /// loading it: cheap enough for a `--version` line built at every start.
    pub fn embedded_model_id() -> u64 {
        crate::repair::model::embedded_id()
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

    /// Repair, structure and extraction of one input: its whole record.
    pub fn process(&self, source: &str, bytes: &[u8]) -> Result<DocumentRecord> {
        self.process_reader(source, bytes, None, None)
    }

    /// [`Pipeline::process`] of text that is already decoded.
    pub fn process_text(&self, source: &str, text: &str) -> DocumentRecord {
        let result = self.process_reader(source, text.as_bytes(), Some(Encoding::Utf8), None);
        // UTF-8 text always decodes; an empty record is the only fallback.
        result.unwrap_or_else(|_| records::empty_record(source, "utf-8", None))
    }

    /// [`Pipeline::process`] of an input of any size, read piece by piece
    /// (see [`Pipeline::repair_stream`]): the record's items are held, the
    /// text is not; the repaired text goes to `text_out` when given. The
    /// header comes from the first piece (4 MB), the signer from the last
    /// piece that has one.
    pub fn process_stream(
        &self,
        source: &str,
        reader: impl Read,
        text_out: Option<&mut dyn Write>,
    ) -> Result<DocumentRecord> {
        self.process_reader(source, reader, None, text_out)
    }

    fn process_reader(
        &self,
        source: &str,
        reader: impl Read,
        forced: Option<Encoding>,
        mut text_out: Option<&mut dyn Write>,
    ) -> Result<DocumentRecord> {
        let model = self.repair.then_some(&self.model);
        let mut rec = records::empty_record(source, "utf-8", model);
        let mut stats = RepairStats::default();
        let mut text = self.include_text.then(String::new);
        let mut first = true;
        pieces::for_each_piece(self, source, reader, forced, &mut |p| {
            // An OCR file written back carries each change's confidence.
            let mut scores = Vec::new();
            let rewrite = if !self.repair {
                Rewrite::identity(&p.doc.text)
            } else if p.ocr.is_some() && text_out.is_some() {
                let (rw, sc, s) = self.repair_scored(&p.doc.text);
                stats.add(&s);
                scores = sc;
                rw
            } else {
                let (rw, s) = self.repair_summary(&p.doc.text);
                stats.add(&s);
                rw
            };
            if first {
                rec.encoding = p.doc.encoding.to_string();
            }
            let ex = crate::extract::extract(&p.doc, &rewrite);
            records::add_piece(&mut rec, ex, p.line_base, p.byte_base, first);
            first = false;
            if let Some(layout) = &p.ocr {
                ocr::place_record(&mut rec, layout);
            }
            if let Some(out) = text_out.as_deref_mut() {
                match &p.ocr {
                    Some(layout) => layout.write_repaired(&p.doc.text, &rewrite, &scores, out),
                    None => out.write_all(rewrite.text.as_bytes()),
                }
                .map_err(Error::Write)?;
            }
            if let Some(t) = text.as_mut() {
                t.push_str(&rewrite.text);
            }
            Ok(())
        })?;
        rec.repair = self.repair.then(|| stats.summary());
        rec.text = text;
        Ok(rec)
    }

    /// Repairs one input and records every change.
    pub fn repair(&self, source: &str, bytes: &[u8]) -> Result<RepairOutput> {
        let mut changes = Vec::new();
        let (mut input, mut text) = (String::new(), String::new());
        let mut encoding = "utf-8";
        let repair = self.repair_pieces(source, bytes, true, &mut |p| {
            encoding = p.encoding;
            changes.extend_from_slice(p.changes);
            input.push_str(p.input);
            text.push_str(p.repaired);
            Ok(())
        })?;
        let record = RepairRecord {
            schema_version: crate::record::SCHEMA_VERSION.to_string(),
            producer: self.producer(),
            source: source.to_string(),
            encoding: encoding.to_string(),
            changes,
            repair,
            text: Some(text),
        };
        Ok(RepairOutput { record, input })
    }

    /// Repairs an input of any size piece by piece, handing each piece (its
    /// decoded input, repaired text and, with `with_changes`, its changes
    /// in whole-input coordinates) to `f` in order; returns the totals.
    /// What `f` returns stops the run when it is an error.
    pub fn repair_pieces(
        &self,
        source: &str,
        reader: impl Read,
        with_changes: bool,
        f: &mut dyn FnMut(&RepairPiece<'_>) -> Result<()>,
    ) -> Result<RepairSummary> {
        let mut stats = RepairStats::default();
        pieces::for_each_piece(self, source, reader, None, &mut |p| {
            if !with_changes {
                let (rw, s) = self.repair_summary(&p.doc.text);
                stats.add(&s);
                return f(&RepairPiece {
                    encoding: p.doc.encoding,
                    input: &p.doc.text,
                    repaired: &rw.text,
                    changes: &[],
                    first_line: p.line_base + 1,
                    input_bytes: p.len,
                });
            }
            // Changes are many and large: only one group of paragraph
            // chunks (one per thread) holds them at a time.
            let text = p.doc.text.as_str();
            let ranges = chunks::paragraph_chunks(text, CHUNK_BYTES);
            let opts = chunks::options_for(text, ranges.len(), &self.options);
            let group = self.install(rayon::current_num_threads).max(1);
            let mut line_base = 0;
            for batch in ranges.chunks(group) {
                let parts: Vec<Repaired> = self.install(|| {
                    batch
                        .par_iter()
                        .map(|r| self.repair_local(&text[r.clone()], &opts))
                        .collect()
                });
                for (range, mut r) in batch.iter().zip(parts) {
                    chunks::shift_repair(&mut r, range.start, line_base);
                    stats.add(&RepairStats::of(&r, true));
                    let input = &text[range.clone()];
                    let mut changes =
                        records::changes_of(&p.doc, r.changes, p.line_base, p.byte_base);
                    if let Some(layout) = &p.ocr {
                        ocr::place_changes(&mut changes, layout);
                    }
                    let span = p.doc.input_span(range);
                    f(&RepairPiece {
                        encoding: p.doc.encoding,
                        input,
                        repaired: &r.rewrite.text,
                        changes: &changes,
                        first_line: p.line_base + line_base + 1,
                        input_bytes: (span.end - span.start) as u64,
                    })?;
                    line_base += crate::text::LineIndex::new(input).count() - 1;
                }
            }
            Ok(())
        })?;
        Ok(stats.summary())
    }

    /// Reads an input through and checks that it decodes, without repairing
    /// it: what a caller runs before streaming output it cannot take back.
    pub fn validate(&self, source: &str, reader: impl Read) -> Result<()> {
        pieces::for_each_piece(self, source, reader, None, &mut |_| Ok(()))
    }

    /// The repaired text of `text`.
    pub fn repair_text(&self, text: &str) -> String {
        self.repair_summary(text).0.text
    }

    /// Repairs `reader` into `writer` piece by piece, with memory bounded
    /// whatever the input's size (pieces of up to 1 MB cut after blank
    /// lines, else line ends); `source` names the input in errors.
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

    /// Learns the OCR channel of the inputs to come from a sample of them
    /// (each `(name, bytes)` the start of an input, decoded as the input
    /// would be): repairs the sample, takes each OCR word it left alone or
    /// changed with confidence as a label, and re-estimates the channel
    /// from those pairs with the trained one as the prior (unsupervised:
    /// the language model is the teacher). When the adapted channel
    /// explains the pairs clearly better than the trained one (by 0.15
    /// nats a word: the input comes from another engine), it labels the
    /// sample once more with the adapted channel and learns again from
    /// those labels, and later repairs use that channel; otherwise nothing
    /// changes (`applied` is false: on the trained engine's own output
    /// adapting moved words both ways). Returns what it measured, or
    /// `None` when the sample holds fewer than 2,000 usable OCR words (or
    /// repair is off). A sample that does not decode is skipped: the run
    /// itself reports it.
    pub fn adapt(&mut self, samples: &[(&str, &[u8])]) -> Option<crate::ChannelAdaptation> {
        use crate::repair::adapt::{MIN_GAIN, adapted_channel};
        if !self.repair {
            return None;
        }
        let mut texts = Vec::new();
        for (name, bytes) in samples {
            let mut doc = Vec::new();
            let read = pieces::for_each_piece(self, name, *bytes, None, &mut |p| {
                doc.push(p.doc.text);
                Ok(())
            });
            if read.is_ok() {
                texts.extend(doc);
            }
        }
        let base = self.model.channel.clone();
        let mut pairs = self.sample_labels(&texts);
        let (channel, gain) = adapted_channel(&base, &pairs)?;
        let applied = gain >= MIN_GAIN;
        if applied {
            self.use_model(self.model.with_channel(channel));
            // Labelled again by the adapted channel, more of the sample
            // reads right; learn again (from the trained channel) from that.
            for _ in 1..LABELLING_ROUNDS {
                let again = self.sample_labels(&texts);
                let Some((channel, _)) = adapted_channel(&base, &again) else {
                    break;
                };
                self.use_model(self.model.with_channel(channel));
                pairs = again;
            }
        }
        Some(crate::ChannelAdaptation {
            words: pairs.len(),
            changed: pairs.iter().filter(|(clean, ocr)| clean != ocr).count(),
            gain: (gain * 1000.0).round() / 1000.0,
            applied,
        })
    }

    /// The (syllable, OCR token) labels of the sample `texts` as this
    /// pipeline repairs them, in chunks on all threads.
    fn sample_labels(&self, texts: &[String]) -> Vec<(String, String)> {
        let opts = &self.options;
        let labelled: Vec<Vec<(String, String)>> = self.map(texts, |text| {
            let r = chunks::repair_parallel(text, SAMPLE_CHUNK_BYTES, opts, &|t, o| {
                self.repair_local(t, o)
            });
            crate::repair::adapt::self_labels(&self.model, text, &r, opts.input_kind)
        });
        labelled.into_iter().flatten().collect()
    }

    /// Repairs with `model` from now on; the per-thread memos, filled by the
    /// old one, start afresh.
    fn use_model(&mut self, model: Model) {
        self.model = model;
        self.id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// [`Pipeline::adapt`] to the files `paths` will repair, sampling at
    /// most [`ADAPT_SAMPLE_BYTES`] of their starts, each cut after its last
    /// whole line: what `baocao run` and `repair` do unless `--adapt off`.
    /// `-` (standard input) and unreadable files are skipped (the run
    /// reports the latter).
    pub fn adapt_to_files<P: AsRef<std::path::Path>>(
        &mut self,
        paths: impl IntoIterator<Item = P>,
    ) -> Option<crate::ChannelAdaptation> {
        let mut samples: Vec<(String, Vec<u8>)> = Vec::new();
        let mut left = ADAPT_SAMPLE_BYTES;
        for path in paths {
            let path = path.as_ref();
            if left == 0 {
                break;
            }
            if path.as_os_str() == "-" {
                continue;
            }
            let Ok(head) = read_head(path, left) else {
                continue;
            };
            left -= head.len();
            samples.push((path.display().to_string(), head));
        }
        let refs: Vec<(&str, &[u8])> = samples
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        self.adapt(&refs)
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

    /// Repairs `text` in paragraph chunks in parallel, keeping only the
    /// rewrite and totals: no change records and no confidences (they
    /// cost as much as the rest of repair), so `mean_confidence` is unknown.
    pub(crate) fn repair_summary(&self, text: &str) -> (Rewrite, RepairStats) {
        let opts = RepairOptions {
            record_changes: false,
            ..self.options.clone()
        };
        self.install(|| {
            chunks::repair_summary(text, CHUNK_BYTES, &opts, &|t, o| self.repair_local(t, o))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Changes streamed chunk group by chunk group equal one sequential
    /// repair of the whole text, lines and spans included.
    #[test]
    fn grouped_changes_equal_a_sequential_repair() {
        let p = Pipeline::builder().threads(2).build().expect("model");
        let para =
            "Pang uy di ban hanh Quyét dinh s6 101-QD/PU ngay 05/03/2024 vé\nviec thuc hien.\n";
        let mut text = String::new();
        while text.len() < 3 * CHUNK_BYTES {
            text.push_str(para);
            text.push_str(if text.len().is_multiple_of(7) {
                "\n\n"
            } else {
                "\n"
            });
        }
        let seq = repair_text(&text, &p.model, &p.options, &mut Session::default());
        let out = p.repair("t", text.as_bytes()).expect("utf-8");
        assert_eq!(out.record.text.as_deref(), Some(seq.rewrite.text.as_str()));
        assert_eq!(out.record.changes.len(), seq.changes.len());
        for (a, b) in out.record.changes.iter().zip(&seq.changes) {
            assert_eq!(
                (a.line, a.span, &a.replacement),
                (b.line, (b.span.start, b.span.end), &b.replacement)
            );
        }
    }
}
