//! Candidate lists worked out ahead of time for the OCR forms of the
//! training pairs: the search's own output, stored so that a cold run
//! starts with the commonest forms answered. Real reports share most of
//! their forms with the training text (94–96% of the seed reports' tokens),
//! so a single file no longer pays a search for each of them.
//!
//! The table is exact, not an approximation: `baocao train` fills it by
//! running the search, and it is only consulted with the default search
//! limits and the vocabulary and channel it was built from (a fingerprint
//! of both is stored; a stale table is ignored). A test compares every
//! entry of the embedded table with a live search.
//!
//! Layout (little-endian): magic, version, form count, fingerprint,
//! checksum of the body; then the body: key offsets (`n + 1` × u32),
//! candidate offsets (`n + 1` × u32), the keys (lower-case UTF-8, sorted
//! bytewise, concatenated, padded to 4 bytes) and the candidates
//! (id, cost bits, posterior bits: 3 × u32 each).

use super::candidates::{Candidate, SearchLimits, SearchScratch, generate};
use super::model::Model;
use crate::text::{TokenKind, tokenize};
use std::borrow::Cow;

const MAGIC: &[u8; 8] = b"BAOCAOPC";
const VERSION: u32 = 1;
const HEADER_LEN: usize = 32;

/// The stored candidate lists (see the module docs).
#[derive(Debug, Clone)]
pub struct Precomputed {
    bytes: Cow<'static, [u8]>,
    forms: usize,
    keys_at: usize,
    cands_at: usize,
}

/// What identifies the inputs of a search: the vocabulary and channel
/// files and the limits. A table built from other inputs is stale.
pub fn fingerprint(vocab_tsv: &str, channel_tsv: &str, limits: &SearchLimits) -> u64 {
    let mut bytes = Vec::with_capacity(vocab_tsv.len() + channel_tsv.len() + 32);
    bytes.extend_from_slice(vocab_tsv.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(channel_tsv.as_bytes());
    for x in [
        limits.max_candidates as u32,
        limits.beam.to_bits(),
        limits.max_cost.to_bits(),
        limits.max_expansions as u32,
        limits.max_token_chars as u32,
    ] {
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    crate::lm::checksum(&bytes)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

impl Precomputed {
    /// Reads a table. `Ok(None)`: built for other inputs (ignored, the
    /// search runs instead); `Err`: damaged.
    pub fn from_bytes(
        bytes: Cow<'static, [u8]>,
        expected: u64,
        vocab_len: usize,
    ) -> Result<Option<Precomputed>, String> {
        if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
            return Err("not a baocao candidate table".into());
        }
        let header = |at| u32_at(&bytes, at).unwrap_or(0);
        if header(8) != VERSION {
            return Err(format!("unsupported candidate table version {}", header(8)));
        }
        let forms = header(12) as usize;
        let word = |at| u64::from(header(at)) | u64::from(header(at + 4)) << 32;
        if word(16) != expected {
            return Ok(None);
        }
        if crate::lm::checksum(&bytes[HEADER_LEN..]) != word(24) {
            return Err("checksum mismatch (corrupt data)".into());
        }
        let keys_at = HEADER_LEN + (forms + 1) * 8;
        let offset = |table: usize, i: usize| {
            u32_at(&bytes, HEADER_LEN + table * (forms + 1) * 4 + i * 4).map(|x| x as usize)
        };
        let (Some(key_len), Some(cand_len)) = (offset(0, forms), offset(1, forms)) else {
            return Err("truncated".into());
        };
        let cands_at = keys_at + key_len.div_ceil(4) * 4;
        if bytes.len() != cands_at + cand_len * 12 {
            return Err("size does not match its offsets".into());
        }
        let table = Precomputed {
            bytes,
            forms,
            keys_at,
            cands_at,
        };
        // Every range a lookup slices must be valid, keys strictly sorted
        // (the lookup bisects) and every id in the vocabulary.
        if table.offset(0, 0) != 0 || table.offset(1, 0) != 0 {
            return Err("offsets do not start at zero".into());
        }
        for i in 0..forms {
            if table.offset(0, i) > table.offset(0, i + 1)
                || table.offset(1, i) > table.offset(1, i + 1)
            {
                return Err("offsets out of order".into());
            }
            if i > 0 && table.key(i - 1) >= table.key(i) {
                return Err("forms not sorted".into());
            }
        }
        if !(0..cand_len).all(|c| {
            table.candidate(c).is_some_and(|c| {
                (c.id as usize) < vocab_len && c.cost.is_finite() && c.posterior.is_finite()
            })
        }) {
            return Err("candidate out of range".into());
        }
        Ok(Some(table))
    }

    fn offset(&self, table: usize, i: usize) -> usize {
        u32_at(
            &self.bytes,
            HEADER_LEN + table * (self.forms + 1) * 4 + i * 4,
        )
        .unwrap_or(0) as usize
    }

    fn key(&self, i: usize) -> &[u8] {
        let (a, b) = (self.offset(0, i), self.offset(0, i + 1));
        self.bytes
            .get(self.keys_at + a..self.keys_at + b)
            .unwrap_or(&[])
    }

    fn candidate(&self, c: usize) -> Option<Candidate> {
        let at = self.cands_at + c * 12;
        let f = |o| u32_at(&self.bytes, at + o).map(f32::from_bits);
        Some(Candidate {
            id: u32_at(&self.bytes, at)?,
            cost: f(4)?,
            posterior: f(8)?,
        })
    }

    /// Number of stored forms.
    #[cfg(test)]
    pub fn forms(&self) -> usize {
        self.forms
    }

    /// The stored candidates for a lower-case OCR form, if it was stored.
    pub fn get(&self, lower: &str) -> Option<Vec<Candidate>> {
        let (mut lo, mut hi) = (0, self.forms);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.key(mid).cmp(lower.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let (a, b) = (self.offset(1, mid), self.offset(1, mid + 1));
                    return Some((a..b).filter_map(|c| self.candidate(c)).collect());
                }
            }
        }
        None
    }

    /// Runs the search for every word form of `ocr_text` (lower-cased) and
    /// serialises the results; `fingerprint` as [`fingerprint`] gives it
    /// for the model's files.
    pub fn build(model: &Model, ocr_text: &str, fingerprint: u64) -> Vec<u8> {
        let limits = SearchLimits::default();
        let mut forms: Vec<String> = tokenize(ocr_text)
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.text(ocr_text).to_lowercase())
            .filter(|w| w.chars().count() <= limits.max_token_chars)
            .collect();
        forms.sort_unstable();
        forms.dedup();
        let mut scratch = SearchScratch::default();
        let (mut keys, mut key_off, mut cands, mut cand_off) =
            (Vec::new(), vec![0u32], Vec::new(), vec![0u32]);
        for form in &forms {
            let found = generate(
                &model.trie,
                &model.channel,
                &model.vocab,
                &model.prior_cost,
                form,
                &limits,
                &mut scratch,
            );
            keys.extend_from_slice(form.as_bytes());
            key_off.push(keys.len() as u32);
            for c in &found {
                for x in [c.id, c.cost.to_bits(), c.posterior.to_bits()] {
                    cands.extend_from_slice(&x.to_le_bytes());
                }
            }
            cand_off.push((cands.len() / 12) as u32);
        }
        while keys.len() % 4 != 0 {
            keys.push(0);
        }
        let mut body = Vec::new();
        for x in key_off.iter().chain(&cand_off) {
            body.extend_from_slice(&x.to_le_bytes());
        }
        body.extend_from_slice(&keys);
        body.extend_from_slice(&cands);
        let mut out = Vec::with_capacity(HEADER_LEN + body.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(forms.len() as u32).to_le_bytes());
        out.extend_from_slice(&fingerprint.to_le_bytes());
        out.extend_from_slice(&crate::lm::checksum(&body).to_le_bytes());
        out.extend_from_slice(&body);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn searched(model: &Model, form: &str) -> Vec<Candidate> {
        let mut scratch = SearchScratch::default();
        generate(
            &model.trie,
            &model.channel,
            &model.vocab,
            &model.prior_cost,
            form,
            &SearchLimits::default(),
            &mut scratch,
        )
    }

    fn bits(c: &[Candidate]) -> Vec<(u32, u32, u32)> {
        c.iter()
            .map(|c| (c.id, c.cost.to_bits(), c.posterior.to_bits()))
            .collect()
    }

    #[test]
    fn embedded_table_is_exactly_the_search() {
        let model = Model::embedded().expect("embedded model");
        let table = model.precomputed.as_ref().expect("embedded table in use");
        assert!(table.forms() > 1000);
        for i in 0..table.forms() {
            let form = std::str::from_utf8(table.key(i)).expect("utf-8 form");
            let stored = table.get(form).expect("stored form");
            assert_eq!(
                bits(&stored),
                bits(&searched(&model, form)),
                "{form}: dictionaries/candidates.bin is stale; rebuild it with `baocao train`"
            );
        }
    }

    #[test]
    fn round_trip_staleness_and_damage() {
        let model = Model::embedded().expect("embedded model");
        let fp = model.fingerprint;
        let n = model.vocab.len();
        let bytes = Precomputed::build(&model, "Ngudi dân s6 c6 NGUDI\nKét qua", fp);
        let table = Precomputed::from_bytes(Cow::Owned(bytes.clone()), fp, n)
            .expect("valid")
            .expect("fresh");
        assert_eq!(table.forms(), 6);
        for form in ["ngudi", "dân", "s6", "két"] {
            let got = table.get(form).expect("stored");
            assert_eq!(bits(&got), bits(&searched(&model, form)));
        }
        assert!(table.get("không").is_none() && table.get("").is_none());
        // Built for other inputs: ignored, not an error.
        let stale = Precomputed::from_bytes(Cow::Owned(bytes.clone()), fp ^ 1, n);
        assert!(matches!(stale, Ok(None)));
        for len in 0..bytes.len() {
            let cut = Precomputed::from_bytes(Cow::Owned(bytes[..len].to_vec()), fp, n);
            assert!(cut.is_err(), "truncated to {len}");
        }
        let mut flipped = bytes.clone();
        if let Some(b) = flipped.last_mut() {
            *b ^= 1;
        }
        assert!(Precomputed::from_bytes(Cow::Owned(flipped), fp, n).is_err());
        assert!(Precomputed::from_bytes(Cow::Owned(bytes), fp, 3).is_err());
    }
}
