//! Person names, for the name line of a signature block (Decree 30/2020/
//! NĐ-CP, Appendix I, item 7: the role, then the signer's full name): there
//! the first word is a surname, the last a given name, the others middle
//! names, and how often each spelling is used as such decides between
//! readings the language model cannot tell apart (`Tdng Thanh Hai`: `Tống
//! Thanh Hải`, not `Tăng Thành Hai`).

use super::vocab::{EntryKind, Vocab};
use std::collections::HashMap;

/// Where a word stands in a full name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamePart {
    Surname,
    Middle,
    Given,
}

impl NamePart {
    /// The part of word `k` of a name of `n` words.
    pub fn of(k: usize, n: usize) -> NamePart {
        match k {
            0 => NamePart::Surname,
            _ if k + 1 == n => NamePart::Given,
            _ => NamePart::Middle,
        }
    }

    fn column(self) -> &'static str {
        match self {
            NamePart::Surname => "surname",
            NamePart::Middle => "middle",
            NamePart::Given => "given_last",
        }
    }
}

/// Name counts by part and syllable id (`dictionaries/names.tsv`).
#[derive(Debug, Clone, Default)]
pub struct Names {
    counts: [HashMap<u32, u32>; 3],
}

/// Weight of ln(1 + count) as a cost bonus: how far a name's frequency may
/// override the channel (measured on extract-dev's signers and titles).
const NAME_WEIGHT: f32 = 0.5;

impl Names {
    /// Reads `kind\tname\tcount` rows; names that are no syllable of
    /// `vocab` are skipped.
    pub fn from_tsv(tsv: &str, vocab: &Vocab) -> Result<Names, String> {
        let mut names = Names::default();
        for (i, line) in tsv.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
            let mut f = line.split('\t');
            let (Some(kind), Some(name), Some(count)) = (f.next(), f.next(), f.next()) else {
                return Err(format!("line {}: expected kind, name and count", i + 1));
            };
            let count: u32 = count
                .parse()
                .map_err(|_| format!("line {}: bad count {count:?}", i + 1))?;
            let Some(part) = [NamePart::Surname, NamePart::Middle, NamePart::Given]
                .into_iter()
                .position(|p| p.column() == kind)
            else {
                return Err(format!("line {}: unknown kind {kind:?}", i + 1));
            };
            let id = vocab.lookup_lower(&name.to_lowercase());
            if vocab.kind(id) == EntryKind::Syllable {
                names.counts[part].insert(id, count);
            }
        }
        Ok(names)
    }

    /// The cost bonus (subtracted) of syllable `id` as that part of a name.
    pub fn bonus(&self, part: NamePart, id: u32) -> f32 {
        let count = self.counts[part as usize].get(&id).copied().unwrap_or(0);
        NAME_WEIGHT * (1.0 + count as f32).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_counts() {
        assert_eq!(NamePart::of(0, 3), NamePart::Surname);
        assert_eq!(NamePart::of(1, 3), NamePart::Middle);
        assert_eq!(NamePart::of(2, 3), NamePart::Given);
        assert_eq!(NamePart::of(1, 2), NamePart::Given);
        let vocab = Vocab::from_tsv(include_str!("../../dictionaries/vocab.tsv")).unwrap();
        let names = Names::from_tsv("surname\tVũ\t195\nsurname\tVi\t3\nmiddle\tXyzq\t9\n", &vocab)
            .unwrap();
        let id = |w: &str| vocab.lookup_lower(w);
        assert!(names.bonus(NamePart::Surname, id("vũ")) > names.bonus(NamePart::Surname, id("vi")));
        assert_eq!(names.bonus(NamePart::Given, id("vũ")), 0.0);
        assert!(Names::from_tsv("surname\tVũ\n", &vocab).is_err());
        assert!(Names::from_tsv("nickname\tVũ\t2\n", &vocab).is_err());
    }
}
