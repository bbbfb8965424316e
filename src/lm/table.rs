//! One high order's n-grams (4 and up) as a hash table of 24-bit
//! fingerprints (KenLM's probing layout, compacted): a query hashes the
//! n-gram, reads one 64-byte bucket of 16 slots and compares fingerprints.
//! These orders are only asked about after the trigram matched, so a
//! random cache line per query is affordable, and no child pointers are
//! needed.
//!
//! A slot is `fingerprint << 8 | probability code` (0 = empty). Buckets
//! fill by linear probing: an n-gram lives in its home bucket or, if that
//! was full, in the first later bucket with room, so a lookup walks from
//! its home bucket to the first one that is not full. Two n-grams of one
//! order with the same home chain and fingerprint cannot both be stored;
//! the later one is dropped (and then backs off), which happens for about
//! one n-gram in ten million.

use super::Data;
use super::quantize::Codebook;
use super::trie::NO_BACKOFF;

/// Slots per bucket: one cache line of `u32`.
pub(crate) const SLOTS: usize = 16;

/// Share of slots filled when a table is built.
const LOAD: f64 = 0.8;

/// One cache line of slots.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C, align(64))]
pub(crate) struct Bucket(pub(crate) [u32; SLOTS]);

/// Hash of the empty history; n-gram hashes extend it word by word.
pub(crate) const SEED: u64 = 0x243F_6A88_85A3_08D3;

/// The hash of an n-gram extended by one word on the right.
#[inline]
pub(crate) fn extend(h: u64, w: u32) -> u64 {
    let mut k = h ^ u64::from(w)
        .wrapping_add(1)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    k ^= k >> 33;
    k = k.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    k ^= k >> 33;
    k = k.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    k ^ (k >> 33)
}

/// The hash of a whole n-gram.
pub(crate) fn hash(words: impl IntoIterator<Item = u32>) -> u64 {
    words.into_iter().fold(SEED, extend)
}

/// An order's stored n-grams.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Table {
    pub(crate) buckets: Data<Bucket>,
    /// Backoff code per slot, for orders that are contexts of a longer one
    /// (empty for the top order).
    pub(crate) backoff: Data<u8>,
    pub(crate) prob_book: Codebook,
    pub(crate) backoff_book: Codebook,
}

#[inline]
fn home(h: u64, buckets: usize) -> (usize, u32) {
    let b = (((h >> 32) * buckets as u64) >> 32) as usize;
    let fp = ((h as u32) >> 8).max(1);
    (b, fp)
}

impl Table {
    /// Builds a table of `(hash, probability code, backoff code)` entries;
    /// returns it and the number of entries dropped for a fingerprint
    /// collision.
    pub(crate) fn build(
        entries: &[(u64, u8, u8)],
        with_backoff: bool,
        prob_book: Codebook,
        backoff_book: Codebook,
    ) -> (Table, usize) {
        let n = ((entries.len() as f64 / (SLOTS as f64 * LOAD)).ceil() as usize).max(1);
        let mut buckets = vec![Bucket::default(); n];
        let mut backoff = if with_backoff {
            vec![NO_BACKOFF; n * SLOTS]
        } else {
            Vec::new()
        };
        let mut dropped = 0;
        'entries: for &(h, prob, bo) in entries {
            let (mut b, fp) = home(h, n);
            for _ in 0..n {
                let bucket = &mut buckets[b].0;
                if bucket.iter().any(|&s| s != 0 && s >> 8 == fp) {
                    dropped += 1;
                    continue 'entries;
                }
                if let Some(k) = bucket.iter().position(|&s| s == 0) {
                    bucket[k] = fp << 8 | u32::from(prob);
                    if with_backoff {
                        backoff[b * SLOTS + k] = bo;
                    }
                    continue 'entries;
                }
                b = if b + 1 == n { 0 } else { b + 1 };
            }
            dropped += 1;
        }
        (
            Table {
                buckets: buckets.into(),
                backoff: backoff.into(),
                prob_book,
                backoff_book,
            },
            dropped,
        )
    }

    /// The slot holding the n-gram with hash `h`, if stored.
    #[inline(always)]
    pub(crate) fn find(&self, h: u64) -> Option<usize> {
        let n = self.buckets.len();
        if n == 0 {
            return None;
        }
        let (mut b, fp) = home(h, n);
        for _ in 0..n {
            let bucket = &self.buckets.get(b)?.0;
            let mut hit = 0u32;
            let mut empty = 0u32;
            for (k, &s) in bucket.iter().enumerate() {
                hit |= u32::from(s >> 8 == fp) << k;
                empty |= u32::from(s == 0) << k;
            }
            if hit != 0 {
                return Some(b * SLOTS + hit.trailing_zeros() as usize);
            }
            if empty != 0 {
                return None;
            }
            b = if b + 1 == n { 0 } else { b + 1 };
        }
        None
    }

    /// ln p of the n-gram in `slot`.
    #[inline]
    pub(crate) fn prob(&self, slot: usize) -> f32 {
        let s = self
            .buckets
            .get(slot / SLOTS)
            .map_or(0, |b| b.0[slot % SLOTS]);
        self.prob_book.get(s as u8)
    }

    /// ln backoff of the n-gram in `slot` as a context, if it is one.
    #[inline]
    pub(crate) fn backoff(&self, slot: usize) -> Option<f32> {
        match self.backoff.get(slot).copied() {
            None | Some(NO_BACKOFF) => None,
            Some(code) => Some(self.backoff_book.get(code)),
        }
    }

    /// Slots in use.
    pub(crate) fn len(&self) -> usize {
        self.buckets
            .iter()
            .map(|b| b.0.iter().filter(|&&s| s != 0).count())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_ngram_is_found_and_others_mostly_miss() {
        let book = Codebook::train(&[-1.0, -2.0, -3.0]);
        let entries: Vec<(u64, u8, u8)> = (0..5000u32)
            .map(|i| (hash([i, i * 7 + 1]), (i % 3) as u8, (i % 5) as u8))
            .collect();
        let (t, dropped) = Table::build(&entries, true, book.clone(), book);
        assert_eq!(dropped, 0);
        assert_eq!(t.len(), 5000);
        for &(h, p, bo) in &entries {
            let slot = t.find(h).expect("stored n-gram found");
            assert_eq!(t.buckets[slot / SLOTS].0[slot % SLOTS] as u8, p);
            assert_eq!(t.backoff[slot], bo);
        }
        let false_hits = (0..100_000u32)
            .filter(|&i| t.find(hash([i + 10_000, 3])).is_some())
            .count();
        assert!(false_hits <= 1, "{false_hits} false hits");
    }

    #[test]
    fn a_full_table_still_answers() {
        let book = Codebook::train(&[-1.0]);
        let entries: Vec<(u64, u8, u8)> = (0..40u32).map(|i| (hash([i]), 0, 0)).collect();
        // Two buckets for forty entries: the rest are dropped, lookups of
        // absent keys terminate.
        let mut t = Table::build(&entries[..20], false, book.clone(), book).0;
        for (h, _, _) in &entries[20..] {
            for b in t.buckets.to_mut().iter_mut() {
                if let Some(k) = b.0.iter().position(|&s| s == 0) {
                    b.0[k] = (((*h as u32) >> 8).max(1) ^ 0x5A5A) << 8;
                }
            }
        }
        assert!(t.buckets.iter().all(|b| b.0.iter().all(|&s| s != 0)));
        assert_eq!(t.find(hash([1000])), None);
        assert!(t.find(entries[3].0).is_some());
    }
}
