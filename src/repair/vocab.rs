//! The vocabulary shared by the dictionary, the channel and the language
//! model: canonical syllables plus frequent non-syllable tokens (`ubnd`).

use crate::syllable::{ToneStyle, canonical};
use super::channel::FastMap;

// Id 0 is the sentence start, which only the language model writes.
/// Sentence end.
pub const EOS: u32 = 1;
/// Any word outside the vocabulary (foreign words, garbage, names).
pub const UNK: u32 = 2;
/// Any number, date or document code: they shape context but are never repaired.
pub const NUM: u32 = 3;
/// A comma: a cheap, reliable clause boundary.
pub const COMMA: u32 = 4;
/// A slash between words: `xã/phường`, `lần/năm` (`or`, `per`), whose
/// sides are alternatives or a rate, so it is context of its own.
pub const SLASH: u32 = 5;
const SPECIALS: [&str; 6] = ["<s>", "</s>", "<unk>", "<num>", ",", "/"];

/// Whether an entry is a Vietnamese syllable (repair may produce it) or a
/// token kept only for context (abbreviations, loanwords).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Special,
    Syllable,
    Token,
}

/// Id ↔ string, with corpus counts.
#[derive(Debug, Clone)]
pub struct Vocab {
    words: Vec<String>,
    kinds: Vec<EntryKind>,
    counts: Vec<u64>,
    index: FastMap<String, u32>,
}

impl Default for Vocab {
    fn default() -> Self {
        let mut v = Vocab {
            words: Vec::new(),
            kinds: Vec::new(),
            counts: Vec::new(),
            index: FastMap::default(),
        };
        for s in SPECIALS {
            v.push(s, EntryKind::Special, 0);
        }
        v
    }
}

impl Vocab {
    /// Adds an entry (no-op if present) and returns its id.
    pub fn push(&mut self, word: &str, kind: EntryKind, count: u64) -> u32 {
        if let Some(&id) = self.index.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word.to_string());
        self.kinds.push(kind);
        self.counts.push(count);
        self.index.insert(word.to_string(), id);
        id
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.len() <= SPECIALS.len()
    }

    pub fn word(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("<unk>", String::as_str)
    }

    pub fn kind(&self, id: u32) -> EntryKind {
        self.kinds
            .get(id as usize)
            .copied()
            .unwrap_or(EntryKind::Special)
    }

    pub fn count(&self, id: u32) -> u64 {
        self.counts.get(id as usize).copied().unwrap_or(0)
    }

    pub fn get(&self, word: &str) -> Option<u32> {
        self.index.get(word).copied()
    }

    /// Ids of all syllable entries.
    pub fn syllables(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.words.len() as u32).filter(|&id| self.kinds[id as usize] == EntryKind::Syllable)
    }

    /// The id a written word stands for in the language model.
    pub fn lookup_word(&self, word: &str) -> u32 {
        self.lookup_lower(&word.to_lowercase())
    }

    /// [`Vocab::lookup_word`] for a word already in lower case.
    pub fn lookup_lower(&self, lower: &str) -> u32 {
        if let Some(c) = canonical(lower, ToneStyle::Old)
            && let Some(id) = self.get(&c)
        {
            return id;
        }
        self.get(lower)
            .filter(|&id| self.kind(id) == EntryKind::Token)
            .unwrap_or(UNK)
    }

    /// TSV: `word\tcount\tsyl|tok`, specials implicit.
    pub fn to_tsv(&self) -> String {
        let mut out = String::new();
        for id in SPECIALS.len()..self.words.len() {
            let kind = if self.kinds[id] == EntryKind::Syllable {
                "syl"
            } else {
                "tok"
            };
            out.push_str(&format!(
                "{}\t{}\t{kind}\n",
                self.words[id], self.counts[id]
            ));
        }
        out
    }

    /// Parses [`Vocab::to_tsv`]; errors name the bad line.
    pub fn from_tsv(tsv: &str) -> Result<Vocab, String> {
        let mut v = Vocab::default();
        for (n, line) in tsv.lines().enumerate() {
            let mut f = line.split('\t');
            let (Some(w), Some(c), Some(k), None) = (f.next(), f.next(), f.next(), f.next()) else {
                return Err(format!("vocab line {}: expected 3 fields", n + 1));
            };
            let count = c
                .parse()
                .map_err(|_| format!("vocab line {}: bad count {c:?}", n + 1))?;
            let kind = match k {
                "syl" => EntryKind::Syllable,
                "tok" => EntryKind::Token,
                _ => return Err(format!("vocab line {}: bad kind {k:?}", n + 1)),
            };
            v.push(w, kind, count);
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_normalises_case_and_tone_placement() {
        let mut v = Vocab::default();
        let hoa = v.push("hòa", EntryKind::Syllable, 10);
        let ubnd = v.push("ubnd", EntryKind::Token, 5);
        assert_eq!(v.lookup_word("HOÀ"), hoa);
        assert_eq!(v.lookup_word("UBND"), ubnd);
        assert_eq!(v.lookup_word("zalo"), UNK);
        let back = Vocab::from_tsv(&v.to_tsv()).unwrap();
        assert_eq!(back.get("ubnd"), Some(ubnd));
        assert_eq!(back.kind(hoa), EntryKind::Syllable);
    }
}
