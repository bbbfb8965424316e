//! Binary serialisation.
//!
//! Layout: a header (magic, version, order, vocabulary size, checksum,
//! discounts, trie sizes and codebooks, then per hash-table order its
//! bucket count and codebooks) followed by little-endian sections, each
//! padded to 64 bytes (a cache line, so that a model compiled into the
//! binary is used in place, not copied): unigram ln p, unigram ln backoff,
//! bigram offsets, bigram entries, trigram offsets, trigram entries (both
//! in whole lines of 16), the bigram and trigram filters (a byte per
//! entry), then per hash-table order its buckets and (below the top
//! order) backoff codes. Loading checks every length and each section with
//! one linear pass, so corrupt input yields an [`LmError`], never a panic;
//! queries read through bounds-checked accessors, so no stored value can
//! make them panic either.

use thiserror::Error;

use super::MAX_ORDER;
use super::count::MAX_VOCAB;
use super::filter::Filter;
use super::model::LanguageModel;
use super::Data;
use super::quantize::{Codebook, MAX_CODES};
use super::table::{Bucket, SLOTS, Table};
use super::trie::{self, Line, PER_LINE};

const MAGIC: &[u8; 8] = b"BAOCAOLM";
/// Bump on any layout change; old binaries must refuse new models.
/// Version 4 lays the filter out by context run and aligns sections to
/// cache lines; older versions (3: one global filter; 1 and 2: the trigram
/// trie) are no longer read: `baocao train` rewrites the file.
pub const FORMAT_VERSION: u32 = 4;

/// Why a byte buffer could not be loaded as a [`LanguageModel`].
#[derive(Debug, Error, PartialEq, Eq)]
pub enum LmError {
    #[error("not a baocao language model (bad magic bytes)")]
    BadMagic,
    #[error(
        "unsupported language model format version {found} (expected {FORMAT_VERSION}; rebuild it with `baocao train`)"
    )]
    UnsupportedVersion { found: u32 },
    #[error("language model data truncated: need {needed} bytes, have {available}")]
    Truncated { needed: usize, available: usize },
    #[error("language model data has {0} unexpected trailing bytes")]
    TrailingBytes(usize),
    #[error("language model checksum mismatch (corrupt data)")]
    ChecksumMismatch,
    #[error("corrupt language model: {0}")]
    Corrupt(&'static str),
}

/// Fast 4-lane multiplicative checksum: catches corruption of the embedded
/// model for ~1 ms per 15 MB, far below the load budget.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut lanes = [1u64, 2, 3, 4];
    let mut chunks = bytes.chunks_exact(32);
    for c in &mut chunks {
        for (i, lane) in lanes.iter_mut().enumerate() {
            let mut w = [0u8; 8];
            w.copy_from_slice(&c[i * 8..i * 8 + 8]);
            *lane = (*lane ^ u64::from_le_bytes(w))
                .wrapping_mul(K)
                .rotate_left(29);
        }
    }
    let mut h = bytes.len() as u64;
    for (i, &b) in chunks.remainder().iter().enumerate() {
        h ^= (b as u64) << ((i % 8) * 8);
        if i % 8 == 7 {
            h = h.wrapping_mul(K).rotate_left(29);
        }
    }
    for lane in lanes {
        h = (h ^ lane).wrapping_mul(K).rotate_left(29);
    }
    h ^ (h >> 32)
}

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, x: u32) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    fn f32(&mut self, x: f32) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    fn pad(&mut self) {
        while !self.0.len().is_multiple_of(ALIGN) {
            self.0.push(0);
        }
    }
    fn codebook(&mut self, cb: &Codebook) {
        self.u32(cb.len as u32);
        for &v in &cb.values {
            self.f32(v);
        }
    }
    fn section<T: Copy, const N: usize>(&mut self, xs: &[T], f: impl Fn(T) -> [u8; N]) {
        self.0.reserve(xs.len() * N + 8);
        for &x in xs {
            self.0.extend_from_slice(&f(x));
        }
        self.pad();
    }
}

/// Sections start on a cache line.
const ALIGN: usize = 64;

/// Where the checksum sits in the header.
pub(crate) const CHECKSUM_AT: usize = 24;

/// Codebooks in the header: bigram and trigram probabilities and backoffs.
const TRIE_BOOKS: usize = 4;

/// Bytes before the body for a model with `high` hash-table orders.
pub(crate) fn header_len(high: usize) -> usize {
    let book = 4 + 256 * 4;
    let fixed = 8 + 4 * 4 + 8 + MAX_ORDER * 3 * 4 + 3 * 4 + TRIE_BOOKS * book;
    (fixed + high * (2 * 4 + 2 * book)).div_ceil(ALIGN) * ALIGN
}

impl LanguageModel {
    /// Serialises the model (see the module docs for the layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        w.0.extend_from_slice(MAGIC);
        w.u32(FORMAT_VERSION);
        w.u32(self.order as u32);
        w.u32(self.vocab_size);
        w.u32(self.high.len() as u32);
        w.0.extend_from_slice(&0u64.to_le_bytes()); // checksum, patched below
        for n in 0..MAX_ORDER {
            let d = self.discounts.get(n).copied().unwrap_or([0.0; 3]);
            for x in d {
                w.f32(x);
            }
        }
        w.u32(self.bigrams.len() as u32);
        w.u32(self.trigrams.len() as u32);
        w.u32((self.bi_filter.bytes.len() + self.tri_filter.bytes.len()) as u32);
        for level in [&self.bigrams, &self.trigrams] {
            w.codebook(&level.prob_book);
            w.codebook(&level.backoff_book);
        }
        for t in &self.high {
            w.u32(t.buckets.len() as u32);
            w.u32(u32::from(!t.backoff.is_empty()));
            w.codebook(&t.prob_book);
            w.codebook(&t.backoff_book);
        }
        w.pad();
        let header = w.0.len();
        debug_assert_eq!(header, header_len(self.high.len()));
        w.section(&self.uni_logp, f32::to_le_bytes);
        w.section(&self.uni_backoff, f32::to_le_bytes);
        w.section(&self.uni_child, u32::to_le_bytes);
        let entries = |l: &trie::Level| l.lines().iter().flat_map(|l| l.0).collect::<Vec<u32>>();
        w.section(&entries(&self.bigrams), u32::to_le_bytes);
        w.section(&self.bi_child, u32::to_le_bytes);
        w.section(&entries(&self.trigrams), u32::to_le_bytes);
        w.section(&self.bi_filter.bytes, |x: u8| [x]);
        w.section(&self.tri_filter.bytes, |x: u8| [x]);
        for t in &self.high {
            let slots: Vec<u32> = t.buckets.iter().flat_map(|b| b.0).collect();
            w.section(&slots, u32::to_le_bytes);
            w.section(&t.backoff, |x: u8| [x]);
        }
        let sum = checksum(&w.0[header..]);
        w.0[CHECKSUM_AT..CHECKSUM_AT + 8].copy_from_slice(&sum.to_le_bytes());
        w.0
    }

    /// Loads a model written by [`LanguageModel::to_bytes`]. Cheap (one
    /// pass over the data, no hashing or sorting): the default model is
    /// loaded at every start-up.
    pub fn from_bytes(bytes: &[u8]) -> Result<LanguageModel, LmError> {
        LanguageModel::read(bytes, None)
    }

    /// [`LanguageModel::from_bytes`] of data that lives as long as the
    /// program (the model compiled into the binary): its arrays are used in
    /// place when the data is aligned to 64 bytes, instead of copied, which
    /// saves most of the start-up time.
    pub fn from_static(bytes: &'static [u8]) -> Result<LanguageModel, LmError> {
        LanguageModel::read(bytes, Some(bytes))
    }

    fn read(bytes: &[u8], statics: Option<&'static [u8]>) -> Result<LanguageModel, LmError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(LmError::BadMagic);
        }
        let mut r = Reader {
            bytes,
            statics,
            pos: 8,
        };
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(LmError::UnsupportedVersion { found: version });
        }
        let order = r.u32()? as usize;
        let vocab_size = r.u32()?;
        let nhigh = r.u32()? as usize;
        let sum = u64::from_le_bytes(r.array::<8>()?);
        if !(2..=MAX_ORDER).contains(&order) || nhigh != order.saturating_sub(3) {
            return Err(LmError::Corrupt("order out of range"));
        }
        if !(4..=MAX_VOCAB).contains(&vocab_size) {
            return Err(LmError::Corrupt("vocabulary size out of range"));
        }
        let mut discounts = Vec::with_capacity(order);
        for n in 0..MAX_ORDER {
            let d = [r.f32()?, r.f32()?, r.f32()?];
            if n < order {
                discounts.push(d);
            }
        }
        let nb = r.u32()? as usize;
        let nt = r.u32()? as usize;
        // The filters: a byte per bigram and trigram, or none at all.
        let nf = r.u32()? as usize;
        let nf = match nf {
            0 => 0,
            n if n == nb + nt => 1,
            _ => return Err(LmError::Corrupt("filter size")),
        };
        if order == 2 && nt != 0 {
            return Err(LmError::Corrupt("trigrams in a bigram model"));
        }
        let mut books = Vec::with_capacity(TRIE_BOOKS);
        for _ in 0..TRIE_BOOKS {
            books.push(r.codebook()?);
        }
        let mut heads = Vec::with_capacity(nhigh);
        for _ in 0..nhigh {
            let buckets = r.u32()? as usize;
            let with_backoff = match r.u32()? {
                0 => false,
                1 => true,
                _ => return Err(LmError::Corrupt("bad backoff flag")),
            };
            heads.push((buckets, with_backoff, r.codebook()?, r.codebook()?));
        }
        r.pad()?;
        let header = r.pos;
        let vn = vocab_size as usize;
        let nbc = if order > 2 { nb + 1 } else { 0 };
        // Check the total size before allocating anything, so a forged
        // header cannot request huge allocations.
        let mut sizes = vec![
            vn * 4,
            vn * 4,
            (vn + 1) * 4,
            nb.div_ceil(PER_LINE) * std::mem::size_of::<Line>(),
            nbc * 4,
            nt.div_ceil(PER_LINE) * std::mem::size_of::<Line>(),
            nf * nb,
            nf * nt,
        ];
        for &(buckets, with_backoff, _, _) in &heads {
            sizes.push(buckets.saturating_mul(SLOTS * 4));
            sizes.push(if with_backoff { buckets * SLOTS } else { 0 });
        }
        let needed = sizes
            .iter()
            .fold(header, |acc, &s| acc.saturating_add(s.div_ceil(ALIGN) * ALIGN));
        if bytes.len() < needed {
            return Err(LmError::Truncated {
                needed,
                available: bytes.len(),
            });
        }
        if bytes.len() > needed {
            return Err(LmError::TrailingBytes(bytes.len() - needed));
        }
        if checksum(&bytes[header..]) != sum {
            return Err(LmError::ChecksumMismatch);
        }
        let uni_logp = r.section::<f32>(vn)?.into_owned();
        let uni_backoff = r.section::<f32>(vn)?.into_owned();
        if !uni_logp.iter().chain(&uni_backoff).all(|x| x.is_finite()) {
            return Err(LmError::Corrupt("non-finite unigram value"));
        }
        let uni_child = r.section::<u32>(vn + 1)?.into_owned();
        let bigram_lines: Data<Line> = r.section(nb.div_ceil(PER_LINE))?;
        let bi_child = r.section(nbc)?;
        let trigram_lines: Data<Line> = r.section(nt.div_ceil(PER_LINE))?;
        check_offsets(&uni_child, nb, "bigram offsets")?;
        if order > 2 {
            check_offsets(&bi_child, nt, "trigram offsets")?;
        }
        let ids = |lines: &[Line], n: usize| {
            bytemuck::cast_slice::<Line, u32>(lines)[..n.min(lines.len() * PER_LINE)]
                .iter()
                .any(|&e| e >> 16 >= vocab_size)
        };
        if ids(&bigram_lines, nb) || ids(&trigram_lines, nt) {
            return Err(LmError::Corrupt("word id out of range"));
        }
        let bi_filter = Filter {
            bytes: r.section(nf * nb)?,
        };
        let tri_filter = Filter {
            bytes: r.section(nf * nt)?,
        };
        let mut books = books.into_iter();
        let mut level = |lines: Data<Line>, n: usize| {
            let prob = books.next().unwrap_or_default();
            trie::Level::of_lines(lines, n, prob, books.next().unwrap_or_default())
        };
        let bigrams = level(bigram_lines, nb);
        let trigrams = level(trigram_lines, nt);
        let mut high = Vec::with_capacity(nhigh);
        for (buckets, with_backoff, prob_book, backoff_book) in heads {
            let buckets: Data<Bucket> = r.section(buckets)?;
            let n = if with_backoff {
                buckets.len() * SLOTS
            } else {
                0
            };
            let backoff = r.section(n)?;
            high.push(Table {
                buckets,
                backoff,
                prob_book,
                backoff_book,
            });
        }
        Ok(LanguageModel {
            vocab_size,
            order,
            discounts,
            uni_logp,
            uni_backoff,
            uni_child,
            bigrams,
            bi_child,
            trigrams,
            bi_filter,
            tri_filter,
            high,
        })
    }
}

/// Offsets must start at 0, never decrease and end at the next level's
/// length, so every run a query slices is valid.
fn check_offsets(off: &[u32], end: usize, what: &'static str) -> Result<(), LmError> {
    let ok = off.first() == Some(&0)
        && off.last().map(|&x| x as usize) == Some(end)
        && off.windows(2).all(|p| p[0] <= p[1]);
    if ok {
        Ok(())
    } else {
        Err(LmError::Corrupt(what))
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    /// The same bytes, when they outlive the model and can be borrowed.
    statics: Option<&'static [u8]>,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], LmError> {
        let end = self.pos.checked_add(n).ok_or(LmError::Truncated {
            needed: usize::MAX,
            available: self.bytes.len(),
        })?;
        let s = self.bytes.get(self.pos..end).ok_or(LmError::Truncated {
            needed: end,
            available: self.bytes.len(),
        })?;
        self.pos = end;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], LmError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u32(&mut self) -> Result<u32, LmError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn f32(&mut self) -> Result<f32, LmError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    fn pad(&mut self) -> Result<(), LmError> {
        let pad = (ALIGN - self.pos % ALIGN) % ALIGN;
        self.take(pad).map(|_| ())
    }
    fn codebook(&mut self) -> Result<Codebook, LmError> {
        let len = self.u32()? as usize;
        let mut values = [0f32; 256];
        for v in values.iter_mut() {
            *v = self.f32()?;
        }
        if !(1..=MAX_CODES).contains(&len) {
            return Err(LmError::Corrupt("codebook length out of range"));
        }
        if !values[..len].iter().all(|v| v.is_finite()) {
            return Err(LmError::Corrupt("non-finite codebook value"));
        }
        // Rebuild the padding so lookups with any code stay meaningful.
        let last = values[len - 1];
        values[len..].fill(last);
        Ok(Codebook { values, len })
    }
    /// `n` values: borrowed in place from static little-endian data
    /// aligned for `T`, else copied out in one piece.
    fn section<T: Le>(&mut self, n: usize) -> Result<Data<T>, LmError> {
        let at = self.pos;
        let raw = self.take(n.saturating_mul(std::mem::size_of::<T>()))?;
        let in_place = self
            .statics
            .filter(|_| cfg!(target_endian = "little"))
            .and_then(|s| s.get(at..at + raw.len()))
            .and_then(|s| bytemuck::try_cast_slice::<u8, T>(s).ok());
        let out = match in_place {
            Some(xs) => Data::Borrowed(xs),
            None => {
                let mut out = vec![T::zeroed(); n];
                bytemuck::cast_slice_mut::<T, u8>(&mut out).copy_from_slice(raw);
                // A no-op on little-endian machines, which the compiler drops.
                for x in &mut out {
                    *x = x.to_native();
                }
                Data::Owned(out)
            }
        };
        self.pad()?;
        Ok(out)
    }
}

/// A value stored little-endian.
pub(crate) trait Le: bytemuck::Pod {
    /// The value from its stored bytes read in native order.
    fn to_native(self) -> Self;
}

impl Le for u8 {
    fn to_native(self) -> Self {
        self
    }
}

impl Le for u32 {
    fn to_native(self) -> Self {
        u32::from_le(self)
    }
}

impl Le for f32 {
    fn to_native(self) -> Self {
        f32::from_bits(u32::from_le(self.to_bits()))
    }
}

impl Le for Line {
    fn to_native(mut self) -> Self {
        for e in &mut self.0 {
            *e = u32::from_le(*e);
        }
        self
    }
}

impl Le for Bucket {
    fn to_native(mut self) -> Self {
        for s in &mut self.0 {
            *s = u32::from_le(*s);
        }
        self
    }
}
