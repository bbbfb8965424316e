//! Onset + rhyme + tone, validity by phonotactics, canonical tone placement.

use super::letters::{Tone, split_tone, with_tone};
use std::collections::HashSet;
use std::sync::LazyLock;

/// Where a tone mark sits in the open clusters `oa`, `oe`, `uy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ToneStyle {
    /// `hòa`, `ủy`: the style of most government documents.
    #[default]
    Old,
    /// `hoà`, `uỷ`: the 1980s orthography reform's style.
    New,
}

/// A parsed syllable, lower-case, tone held apart from the letters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Syllable {
    pub onset: &'static str,
    /// Vowels and final consonant without the tone mark (`ương`, `oa`, `êch`).
    pub rhyme: String,
    pub tone: Tone,
}

const ONSETS: [&str; 27] = [
    "ngh", "ng", "gh", "nh", "ch", "kh", "ph", "th", "tr", "gi", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// Every rhyme of standard Vietnamese spelling, toneless.
const RHYMES: &str = "a ai ao au ay ac ach am an ang anh ap at \
ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây \
e eo ec em en eng ep et ê êch êm ên ênh êp êt êu \
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu \
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oc oe oen oeo oet oi om on ong oong ooc op ot \
ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt \
u ua uân uâng uât uây uc ui um un ung uôc uôi uôm uôn uông uôt up ut uy uya uych uyên uyêt uynh uyt uyu uê uêch uênh uơ uyn \
ư ưa ưc ưi ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu ưm ưn \
y yêm yên yêt yêu";

static RHYME_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| RHYMES.split(' ').collect());

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

fn has_quality_mark(c: char) -> bool {
    matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
}

/// Parses a syllable (any case); `None` when it is not Vietnamese.
pub fn parse(word: &str) -> Option<Syllable> {
    if word.is_empty() || word.len() > 32 {
        return None;
    }
    let mut letters = String::with_capacity(word.len());
    let mut tone = Tone::Level;
    for c in word.chars().flat_map(char::to_lowercase) {
        match split_tone(c) {
            Some((base, t)) => {
                if t != Tone::Level {
                    if tone != Tone::Level {
                        return None;
                    }
                    tone = t;
                }
                letters.push(base);
            }
            None if c.is_ascii_lowercase() || c == 'đ' => letters.push(c),
            None => return None,
        }
    }
    let syl = split_onset(&letters, tone)?;
    let stops = ["p", "t", "c", "ch"].iter().any(|s| syl.rhyme.ends_with(s));
    if stops && !matches!(tone, Tone::Acute | Tone::Dot) {
        return None;
    }
    Some(syl)
}

fn split_onset(letters: &str, tone: Tone) -> Option<Syllable> {
    for onset in ONSETS.iter().chain(std::iter::once(&"")) {
        let Some(rest) = letters.strip_prefix(onset) else {
            continue;
        };
        if rest.is_empty() {
            // `gi` alone is g + i (gì); anything else needs a vowel.
            if *onset == "gi" {
                return Some(Syllable {
                    onset: "g",
                    rhyme: "i".into(),
                    tone,
                });
            }
            continue;
        }
        let rhyme_ok = |r: &str| RHYME_SET.contains(r);
        let ok = match *onset {
            // gi + ê… is the iê rhyme with its i absorbed (giếng, giêng).
            "gi" => rhyme_ok(rest) || (rest.starts_with('ê') && rhyme_ok(&format!("i{rest}"))),
            "qu" => rhyme_ok(rest) && !rest.starts_with('u') && !rest.starts_with('o'),
            "k" => rest.starts_with(['i', 'e', 'ê', 'y']) && rhyme_ok(rest),
            "c" => !rest.starts_with(['i', 'e', 'ê', 'y']) && rhyme_ok(rest),
            "gh" | "ngh" => rest.starts_with(['i', 'e', 'ê']) && rhyme_ok(rest),
            _ => {
                rhyme_ok(rest)
                    && !(rest.starts_with('y')
                        && !onset.is_empty()
                        && rest.len() > 1
                        && rest != "yêu")
            }
        };
        if ok {
            return Some(Syllable {
                onset,
                rhyme: rest.to_string(),
                tone,
            });
        }
        if *onset == "gi" || *onset == "qu" {
            continue; // fall back to g + i…, or q never stands alone
        }
        if !onset.is_empty() {
            return None;
        }
    }
    None
}

impl Syllable {
    /// Index (in chars) of the rhyme vowel that carries the tone.
    fn tone_position(&self, style: ToneStyle) -> usize {
        let chars: Vec<char> = self.rhyme.chars().collect();
        let nucleus = chars.iter().take_while(|c| is_vowel(**c)).count();
        if let Some(i) = (0..nucleus).rev().find(|&i| has_quality_mark(chars[i])) {
            return i;
        }
        if nucleus < chars.len() {
            return nucleus.saturating_sub(1);
        }
        match nucleus {
            0 | 1 => 0,
            2 => {
                let pair: String = chars[..2].iter().collect();
                let second = style == ToneStyle::New && matches!(pair.as_str(), "oa" | "oe" | "uy");
                usize::from(second)
            }
            _ => 1,
        }
    }

    /// Lower-case spelling with the tone where `style` puts it.
    pub fn render(&self, style: ToneStyle) -> String {
        let pos = self.tone_position(style);
        let mut out = String::with_capacity(self.onset.len() + self.rhyme.len() + 2);
        out.push_str(self.onset);
        for (i, c) in self.rhyme.chars().enumerate() {
            out.push(if i == pos { with_tone(c, self.tone) } else { c });
        }
        out
    }
}

/// The syllable re-spelt with canonical tone placement (lower-case).
pub fn canonical(word: &str, style: ToneStyle) -> Option<String> {
    parse(word).map(|s| s.render(style))
}

/// The diacritic-free key used to index the dictionary (`Đường` → `duong`).
pub fn skeleton(word: &str) -> String {
    super::fold(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_syllables_parse() {
        for w in [
            "người", "nghiêng", "quyết", "giếng", "gì", "già", "của", "được", "Đảng", "ủy", "hòa",
            "khuya", "khuỷu", "xã", "yêu", "oái", "boong", "quốc", "thuở", "gìn", "uống", "ở", "ý",
            "ngoẹo", "huých", "TRIỂN",
        ] {
            assert!(parse(w).is_some(), "{w}");
        }
    }

    #[test]
    fn invalid_ones_do_not() {
        for w in [
            "ciia",
            "dugc",
            "ngudi",
            "xdy",
            "s6",
            "bác sĩ",
            "thàt",
            "kà",
            "ca\u{301}",
            "ba'",
            "qa",
            "ghà",
            "ấá",
        ] {
            assert!(parse(w).is_none(), "{w}");
        }
    }

    #[test]
    fn tone_placement_styles() {
        assert_eq!(canonical("hoà", ToneStyle::Old).as_deref(), Some("hòa"));
        assert_eq!(canonical("hòa", ToneStyle::New).as_deref(), Some("hoà"));
        assert_eq!(canonical("uỷ", ToneStyle::Old).as_deref(), Some("ủy"));
        assert_eq!(canonical("thủy", ToneStyle::New).as_deref(), Some("thuỷ"));
        assert_eq!(canonical("hoàn", ToneStyle::New).as_deref(), Some("hoàn"));
        assert_eq!(canonical("ngòai", ToneStyle::Old).as_deref(), Some("ngoài"));
        assert_eq!(canonical("mùa", ToneStyle::New).as_deref(), Some("mùa"));
        assert_eq!(canonical("quá", ToneStyle::New).as_deref(), Some("quá"));
        assert_eq!(canonical("giữ", ToneStyle::Old).as_deref(), Some("giữ"));
        assert_eq!(canonical("nguời", ToneStyle::Old), None);
        assert_eq!(canonical("NGƯỜI", ToneStyle::Old).as_deref(), Some("người"));
        assert_eq!(canonical("khoẻ", ToneStyle::Old).as_deref(), Some("khỏe"));
    }

    #[test]
    fn skeleton_folds() {
        assert_eq!(skeleton("Đường"), "duong");
    }
}
