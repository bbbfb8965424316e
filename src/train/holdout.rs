//! Text kept out of training, so that accuracy can be measured on text the
//! models have never seen.
//!
//! Two rules, both deterministic (same corpora, same split):
//!
//! 1. **Test slices.** In the news and Wikipedia files, line `i` (0-based)
//!    is held out when `(i / BLOCK) % EVERY == PICK`: one block of 200
//!    consecutive lines in every 50, i.e. 2% of each file, in whole
//!    articles' worth of lines so that a test sentence's neighbours (the
//!    same names, the same topic) are not in training either. A line of any
//!    other file that is identical to a held-out line is dropped too.
//! 2. **Evaluation documents.** Lines of `../shared/extract-dev/*/doc.txt`
//!    (real documents cut from the legal corpora) are dropped from every
//!    file, as is any corpus line that is a prefix or a suffix (cut at a
//!    space) of one of them, since some of their paragraphs were joined
//!    from two corpus lines. Their OCR versions then measure repair on
//!    unseen documents.
//!
//! `baocao train --holdout-dir DIR` writes the test slices' prose lines
//! (at least [`MIN_TEST_WORDS`] words) as `news.clean.txt` and
//! `wiki.clean.txt`.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::path::Path;

/// Lines per block.
pub const BLOCK: usize = 200;
/// One block in this many is held out.
pub const EVERY: usize = 50;
/// Which block of each `EVERY`.
pub const PICK: usize = 25;

/// Corpus files with a held-out test slice, and the slice's name.
pub const SLICED: [(&str, &str); 2] = [
    ("uts_unc_news.txt", "news"),
    ("tlnb_viwiki2025.txt", "wiki"),
];

/// A held-out line becomes a test line when it has this many words.
pub const MIN_TEST_WORDS: usize = 10;

/// Test lines written per slice at most (the first ones, in file order).
pub const MAX_TEST_LINES: usize = 1500;

/// Whether line `i` of a sliced file is held out.
pub fn in_test_slice(i: usize) -> bool {
    (i / BLOCK) % EVERY == PICK
}

/// Fixed-key hashing so the line sets are the same in every run.
#[derive(Default, Clone, Copy)]
struct Fixed;

impl BuildHasher for Fixed {
    type Hasher = std::collections::hash_map::DefaultHasher;
    fn build_hasher(&self) -> Self::Hasher {
        std::collections::hash_map::DefaultHasher::new()
    }
}

fn line_hash(s: &str) -> u64 {
    Fixed.hash_one(s.trim())
}

/// What training must not see, as line hashes.
#[derive(Default)]
pub struct Holdout {
    lines: HashSet<u64>,
}

/// A prefix or suffix shorter than this (in bytes) is too generic to drop.
const MIN_PIECE: usize = 24;

impl Holdout {
    /// Collects the lines of the evaluation documents under `extract_dev`
    /// (absent folder: nothing), with their prefixes and suffixes at spaces.
    pub fn from_documents(extract_dev: &Path) -> std::io::Result<Holdout> {
        let mut h = Holdout::default();
        let Ok(entries) = std::fs::read_dir(extract_dev) else {
            return Ok(h);
        };
        let mut docs: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path().join("doc.txt"))
            .filter(|p| p.is_file())
            .collect();
        docs.sort();
        for doc in docs {
            for line in std::fs::read_to_string(&doc)?.lines() {
                let line = line.trim();
                h.add(line);
                for (at, _) in line.match_indices(' ') {
                    for piece in [&line[..at], &line[at + 1..]] {
                        if piece.len() >= MIN_PIECE {
                            h.add(piece);
                        }
                    }
                }
            }
        }
        Ok(h)
    }

    /// Adds one line.
    pub fn add(&mut self, line: &str) {
        if !line.trim().is_empty() {
            self.lines.insert(line_hash(line));
        }
    }

    /// Whether training must skip `line`.
    pub fn contains(&self, line: &str) -> bool {
        !self.lines.is_empty() && self.lines.contains(&line_hash(line))
    }

    /// Number of distinct lines held out.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether nothing is held out.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// Whether a held-out line is prose worth testing on.
pub fn is_test_line(line: &str) -> bool {
    line.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
        >= MIN_TEST_WORDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_block_in_fifty() {
        let held = (0..BLOCK * EVERY * 3).filter(|&i| in_test_slice(i)).count();
        assert_eq!(held, BLOCK * 3);
        assert!(!in_test_slice(0));
        assert!(in_test_slice(PICK * BLOCK));
        assert!(!in_test_slice((PICK + 1) * BLOCK));
    }

    #[test]
    fn joined_paragraphs_are_caught_by_their_halves() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("01");
        std::fs::create_dir(&d).unwrap();
        std::fs::write(
            d.join("doc.txt"),
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015 và Luật sửa đổi\n",
        )
        .unwrap();
        let h = Holdout::from_documents(dir.path()).unwrap();
        assert!(h.contains("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"));
        assert!(h.contains(
            " Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015 và Luật sửa đổi"
        ));
        assert!(!h.contains("Căn cứ"));
        assert!(!h.contains("Luật sửa đổi"));
        assert!(
            Holdout::from_documents(&dir.path().join("absent"))
                .unwrap()
                .is_empty()
        );
    }
}
