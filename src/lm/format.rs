//! Binary serialisation.
//!
//! Layout: a fixed header (magic, version, sizes, checksum, codebooks)
//! followed by the model's arrays as little-endian sections, each padded to
//! 8 bytes. Loading converts each section with one linear pass (which the
//! compiler turns into a copy) and validates every index that a query will
//! follow, so corrupt input yields an [`LmError`], never a panic.

use thiserror::Error;

use super::MAX_VOCAB;
use super::filter::Filter;
use super::model::{Ids, LanguageModel};
use super::quantize::{ABSENT, Codebook, MAX_CODES};

const MAGIC: &[u8; 8] = b"BAOCAOLM";
/// Bump on any layout change; old binaries must refuse new models.
/// Version 2 appends the n-gram filter; version 1 files still load (the
/// filter is then built at load time, a few milliseconds).
pub const FORMAT_VERSION: u32 = 2;

/// Why a byte buffer could not be loaded as a [`LanguageModel`].
#[derive(Debug, Error, PartialEq, Eq)]
pub enum LmError {
    #[error("not a baocao language model (bad magic bytes)")]
    BadMagic,
    #[error("unsupported language model format version {found} (expected {FORMAT_VERSION})")]
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
    fn pad8(&mut self) {
        while !self.0.len().is_multiple_of(8) {
            self.0.push(0);
        }
    }
    fn codebook(&mut self, cb: &Codebook) {
        for &v in &cb.values {
            self.f32(v);
        }
    }
    fn section<T: Copy, const N: usize>(&mut self, xs: &[T], f: impl Fn(T) -> [u8; N]) {
        self.0.reserve(xs.len() * N + 8);
        for &x in xs {
            self.0.extend_from_slice(&f(x));
        }
        self.pad8();
    }
    fn ids(&mut self, ids: &Ids) {
        match ids {
            Ids::U16(v) => self.section(v, u16::to_le_bytes),
            Ids::U32(v) => self.section(v, u32::to_le_bytes),
        }
    }
}

pub(crate) const HEADER_LEN: usize = 96 + 2 * 256 * 4;
pub(crate) const CHECKSUM_AT: usize = 40;

impl LanguageModel {
    /// Serialises the model (see the module docs for the layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        w.0.extend_from_slice(MAGIC);
        w.u32(FORMAT_VERSION);
        w.u32(match self.bi_ids {
            Ids::U16(_) => 2,
            Ids::U32(_) => 4,
        });
        w.u32(self.vocab_size);
        w.u32(self.bi_ids.len() as u32);
        w.u32(self.tri_ids.len() as u32);
        w.u32(self.bi_codebook.len as u32);
        w.u32(self.tri_codebook.len as u32);
        w.u32(self.filter.words.len() as u32);
        w.0.extend_from_slice(&0u64.to_le_bytes()); // checksum, patched below
        w.f32(self.bo_min);
        w.f32(self.bo_scale);
        for d in self.discounts.iter().flatten() {
            w.f32(*d);
        }
        w.pad8();
        w.codebook(&self.bi_codebook);
        w.codebook(&self.tri_codebook);
        debug_assert_eq!(w.0.len(), HEADER_LEN);
        w.section(&self.uni_logp, f32::to_le_bytes);
        w.section(&self.uni_bo, f32::to_le_bytes);
        w.section(&self.uni_child, u32::to_le_bytes);
        w.ids(&self.bi_ids);
        w.section(&self.bi_prob, |x: u8| [x]);
        w.section(&self.bi_bo, u16::to_le_bytes);
        w.section(&self.bi_child, u32::to_le_bytes);
        w.ids(&self.tri_ids);
        w.section(&self.tri_prob, |x: u8| [x]);
        w.section(&self.filter.words, u64::to_le_bytes);
        let sum = checksum(&w.0[HEADER_LEN..]);
        w.0[CHECKSUM_AT..CHECKSUM_AT + 8].copy_from_slice(&sum.to_le_bytes());
        w.0
    }

    /// Loads a model written by [`LanguageModel::to_bytes`]. Cheap (one
    /// pass over the data, no hashing or sorting): the default model is
    /// loaded at every start-up.
    pub fn from_bytes(bytes: &[u8]) -> Result<LanguageModel, LmError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(LmError::BadMagic);
        }
        let mut r = Reader { bytes, pos: 8 };
        let version = r.u32()?;
        if !(1..=FORMAT_VERSION).contains(&version) {
            return Err(LmError::UnsupportedVersion { found: version });
        }
        let width = r.u32()?;
        let vocab_size = r.u32()?;
        let nb = r.u32()? as usize;
        let nt = r.u32()? as usize;
        let bi_len = r.u32()? as usize;
        let tri_len = r.u32()? as usize;
        let filter_words = r.u32()? as usize;
        let sum = u64::from_le_bytes(r.array::<8>()?);
        let bo_min = r.f32()?;
        let bo_scale = r.f32()?;
        let mut discounts = [[0.0f32; 3]; 3];
        for d in discounts.iter_mut().flatten() {
            *d = r.f32()?;
        }
        r.pad8()?;
        let bi_codebook = r.codebook(bi_len)?;
        let tri_codebook = r.codebook(tri_len)?;

        if !(4..=MAX_VOCAB).contains(&vocab_size) {
            return Err(LmError::Corrupt("vocabulary size out of range"));
        }
        if !(width == 4 || (width == 2 && vocab_size <= 1 << 16)) {
            return Err(LmError::Corrupt("invalid id width"));
        }
        if !(bo_min.is_finite() && bo_scale.is_finite()) {
            return Err(LmError::Corrupt("non-finite backoff scale"));
        }
        let vn = vocab_size as usize;
        // Check the total size before allocating anything, so a forged
        // header cannot request huge allocations.
        let w = width as usize;
        let sizes = [
            vn * 4,
            vn * 4,
            (vn + 1) * 4,
            nb * w,
            nb,
            nb * 2,
            (nb + 1) * 4,
            nt * w,
            nt,
            filter_words * 8,
        ];
        let needed = sizes
            .iter()
            .fold(HEADER_LEN, |acc, &s| acc + s.div_ceil(8) * 8);
        if bytes.len() < needed {
            return Err(LmError::Truncated {
                needed,
                available: bytes.len(),
            });
        }
        if bytes.len() > needed {
            return Err(LmError::TrailingBytes(bytes.len() - needed));
        }
        if checksum(&bytes[HEADER_LEN..]) != sum {
            return Err(LmError::ChecksumMismatch);
        }

        let uni_logp = r.section(vn, f32::from_le_bytes)?;
        let uni_bo = r.section(vn, f32::from_le_bytes)?;
        let uni_child = r.section(vn + 1, u32::from_le_bytes)?;
        let bi_ids = r.ids(nb, width)?;
        let bi_prob = r.section(nb, |b: [u8; 1]| b[0])?;
        let bi_bo = r.section(nb, u16::from_le_bytes)?;
        let bi_child = r.section(nb + 1, u32::from_le_bytes)?;
        let tri_ids = r.ids(nt, width)?;
        let tri_prob = r.section(nt, |b: [u8; 1]| b[0])?;
        let filter = Filter {
            words: r.section(filter_words, u64::from_le_bytes)?,
        };
        if version == 1 && filter_words != 0 {
            return Err(LmError::Corrupt("version 1 model with a filter"));
        }

        if !uni_logp.iter().chain(&uni_bo).all(|x| x.is_finite()) {
            return Err(LmError::Corrupt("non-finite unigram value"));
        }
        check_offsets(&uni_child, nb, "bigram offsets")?;
        check_offsets(&bi_child, nt, "trigram offsets")?;
        check_ids(&bi_ids, vocab_size)?;
        check_ids(&tri_ids, vocab_size)?;
        if !bi_prob
            .iter()
            .all(|&c| (c as usize) < bi_len || c == ABSENT)
        {
            return Err(LmError::Corrupt("bigram probability code out of range"));
        }
        if !tri_prob.iter().all(|&c| (c as usize) < tri_len) {
            return Err(LmError::Corrupt("trigram probability code out of range"));
        }
        let lm = LanguageModel {
            vocab_size,
            discounts,
            uni_logp,
            uni_bo,
            uni_child,
            bi_ids,
            bi_prob,
            bi_bo,
            bi_child,
            tri_ids,
            tri_prob,
            bi_codebook,
            tri_codebook,
            bo_min,
            bo_scale,
            filter,
        };
        // Version 1 carried no filter: build it (a few milliseconds).
        Ok(if version == 1 { lm.with_filter() } else { lm })
    }
}

/// Offsets must start at 0, never decrease and end at the next level's
/// length, so every range a query slices is valid.
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

fn check_ids(ids: &Ids, vocab_size: u32) -> Result<(), LmError> {
    let max = match ids {
        Ids::U16(v) => v.iter().copied().max().map(u32::from),
        Ids::U32(v) => v.iter().copied().max(),
    };
    if max.is_some_and(|m| m >= vocab_size) {
        return Err(LmError::Corrupt("word id out of range"));
    }
    Ok(())
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], LmError> {
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
    fn pad8(&mut self) -> Result<(), LmError> {
        let pad = (8 - self.pos % 8) % 8;
        self.take(pad).map(|_| ())
    }
    fn codebook(&mut self, len: usize) -> Result<Codebook, LmError> {
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
    fn section<T, const N: usize>(
        &mut self,
        n: usize,
        f: impl Fn([u8; N]) -> T,
    ) -> Result<Vec<T>, LmError> {
        let raw = self.take(n * N)?;
        let out = raw
            .chunks_exact(N)
            .map(|c| {
                let mut a = [0u8; N];
                a.copy_from_slice(c);
                f(a)
            })
            .collect();
        self.pad8()?;
        Ok(out)
    }
    fn ids(&mut self, n: usize, width: u32) -> Result<Ids, LmError> {
        Ok(if width == 2 {
            Ids::U16(self.section(n, u16::from_le_bytes)?)
        } else {
            Ids::U32(self.section(n, u32::from_le_bytes)?)
        })
    }
}
