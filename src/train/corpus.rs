//! Reads the training corpora: which files, how much each weighs, and how a
//! line becomes sentences of vocabulary ids.

use super::holdout::{self, Holdout};
use crate::repair::units::{Unit, unit_of};
use crate::repair::vocab::Vocab;
use crate::text::tokenize;
use std::path::{Path, PathBuf};

/// Running-text files and their weight: legal/administrative text counts
/// twice, because it is the genre baocao repairs.
pub const RUNNING_TEXT: [(&str, u32); 8] = [
    ("tlnb_legal_web.txt", 2),
    ("uts_vlc_laws.txt", 2),
    ("nqb_legal_docs1000.txt", 2),
    ("congbot_admin_procedures.txt", 2),
    ("khanhng29_admin_docs.txt", 2),
    ("tlnb_viwiki2025.txt", 1),
    ("uts_unc_news.txt", 1),
    ("hongocduc_vv30k_defs.txt", 1),
];

/// Syllable lists that vouch for rare syllables.
pub const WORD_LISTS: [&str; 3] = [
    "hunspell_vi.words.txt",
    "underthesea_infore_lexicon.words.txt",
    "tesseract_vie.words.txt",
];

/// The running-text files present under `dir`, with weights.
pub fn running_text(dir: &Path) -> Vec<(PathBuf, u32)> {
    RUNNING_TEXT
        .iter()
        .map(|(f, w)| (dir.join(f), *w))
        .filter(|(p, _)| p.exists())
        .collect()
}

/// The training text in memory, with what was held out of it.
pub struct Corpus {
    /// Each running-text file's training lines, with its weight.
    pub texts: Vec<(String, u32)>,
    /// Each test slice's prose lines ([`holdout::SLICED`] order).
    pub tests: Vec<(&'static str, Vec<String>)>,
    /// Lines dropped from training (test slices, evaluation documents and
    /// their copies elsewhere).
    pub dropped: usize,
}

/// Reads the running-text files and removes what [`holdout`] keeps out.
pub fn load(files: &[(PathBuf, u32)], extract_dev: &Path) -> std::io::Result<Corpus> {
    let mut held = Holdout::from_documents(extract_dev)?;
    let mut raw = Vec::with_capacity(files.len());
    let mut tests = Vec::new();
    let mut sliced = 0;
    for (path, weight) in files {
        let text = std::fs::read_to_string(path)?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        match holdout::SLICED.iter().find(|(f, _)| *f == name) {
            Some(&(_, slice)) => {
                let mut kept = String::with_capacity(text.len());
                let mut test = Vec::new();
                for (i, line) in text.lines().enumerate() {
                    if holdout::in_test_slice(i) {
                        held.add(line);
                        sliced += 1;
                        if holdout::is_test_line(line) && test.len() < holdout::MAX_TEST_LINES {
                            test.push(line.to_string());
                        }
                    } else {
                        kept.push_str(line);
                        kept.push('\n');
                    }
                }
                tests.push((slice, test));
                raw.push((kept, *weight));
            }
            None => raw.push((text, *weight)),
        }
    }
    let mut dropped = sliced;
    let texts = raw
        .into_iter()
        .map(|(text, w)| {
            let mut kept = String::with_capacity(text.len());
            for line in text.lines() {
                if held.contains(line) {
                    dropped += 1;
                } else {
                    kept.push_str(line);
                    kept.push('\n');
                }
            }
            (kept, w)
        })
        .collect();
    Ok(Corpus {
        texts,
        tests,
        dropped,
    })
}

/// Visits the words of one line: `(token text, is sentence boundary)`.
pub fn for_each_unit(line: &str, mut f: impl FnMut(Unit, &str)) {
    for t in tokenize(line) {
        let s = t.text(line);
        f(unit_of(t.kind, s), s);
    }
}

/// Turns one paragraph into sentences of ids.
pub fn sentences(line: &str, vocab: &Vocab, out: &mut Vec<Vec<u32>>) {
    let mut cur = Vec::new();
    for_each_unit(line, |unit, s| match unit {
        Unit::Word => cur.push(vocab.lookup_word(s)),
        Unit::Fixed(id) => cur.push(id),
        Unit::Boundary => {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
        Unit::Skip => {}
    });
    if !cur.is_empty() {
        out.push(cur);
    }
}

/// The administrative-unit gazetteer (MIT; see `dictionaries/README.md`).
pub const GAZETTEER: &str = "vn_admin_units.gazetteer.tsv";

/// Weight of gazetteer phrases: place names are rare in running text but
/// fill every report's header, so the model should know them well.
pub const GAZETTEER_WEIGHT: u32 = 3;

/// Short phrases built from the gazetteer (`xã Hoằng Hợp`, `Hoằng Hợp,
/// Hoằng Hóa`), kept in memory only, so the vocabulary and the language
/// model know place names and which units go together.
pub fn gazetteer_phrases(dir: &Path) -> std::io::Result<String> {
    let path = dir.join(GAZETTEER);
    if !path.exists() {
        return Ok(String::new());
    }
    let mut out = String::new();
    for line in std::fs::read_to_string(path)?.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(kind), Some(name)) = (f.get(2), f.get(3)) else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        out.push_str(&format!("{} {name}\n", kind.to_lowercase()));
        for parent in [f.get(5), f.get(6)]
            .into_iter()
            .flatten()
            .filter(|p| !p.is_empty())
        {
            out.push_str(&format!("{name}, {parent}\n"));
        }
    }
    Ok(out)
}
