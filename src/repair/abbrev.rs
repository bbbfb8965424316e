//! Restores `Đ` in administrative abbreviations (`QD`→`QĐ`, `PU`→`ĐU`,
//! `HDND`→`HĐND`) while leaving `UBND`, `TTHC`, `ISO` alone: the table lists
//! only abbreviations that really contain `Đ`, and their OCR variants are
//! generated from the confusions English OCR makes for `Đ` and `Q`. The
//! acronyms `baocao train` learns from the corpora (`acronyms.tsv`:
//! `GD&ĐT`, `BGDĐT`, `ĐH`) join it, restored from their `D` spelling only
//! in text that lost its marks.

use crate::text::Letter;
use super::kind::InputKind;
use super::channel::FastMap;

/// Where an abbreviation may be restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Only as a segment of a document code.
    Code,
    /// Also as a stand-alone word.
    Any,
    /// A real abbreviation some variant would collide with: never rewritten.
    Keep,
    /// Learnt from the corpora, spelt with `D`: as [`Scope::Any`], but
    /// not in clean text.
    Learned,
    /// Learnt from the corpora, spelt with OCR's `P` for `Đ`: only in OCR.
    LearnedOcr,
}

impl Scope {
    /// Whether a learnt form may be restored in text of `kind`.
    fn learned_in(self, kind: InputKind) -> bool {
        match self {
            Scope::Learned => kind != InputKind::Clean,
            Scope::LearnedOcr => kind == InputKind::Ocr,
            _ => false,
        }
    }
}

/// OCR's spellings of an acronym with `Đ` other than the plain `D` one:
/// each `Đ` as `D` or `P`, at least one `P` (`PKDD` for `ĐKĐĐ`).
pub fn ocr_spellings(form: &str) -> Vec<String> {
    let mut out = vec![(String::new(), false)];
    for c in form.chars() {
        out = match c {
            'Đ' => out
                .into_iter()
                .flat_map(|(s, p)| [(format!("{s}D"), p), (format!("{s}P"), true)])
                .collect(),
            c => out
                .into_iter()
                .map(|(mut s, p)| {
                    s.push(c);
                    (s, p)
                })
                .collect(),
        };
    }
    out.into_iter().filter(|(_, p)| *p).map(|(s, _)| s).collect()
}

/// OCR form → (correct form, scope).
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    map: FastMap<String, (String, Scope)>,
}

/// The two-glyph spellings of a capital `Đ` (see [`variants`]).
const TWO_GLYPHS: [&str; 5] = ["DP", "PD", "DB", "BP", "Db"];

/// How English OCR writes `Đ` and `Q` in capitals: one glyph, or for `Đ`
/// two where the bar is read as a letter of its own (`HDBND`, `HPDND`,
/// `DPBQH`, `QDb` seen in scans of `HĐND`, `ĐBQH`, `QĐ`).
fn variants(c: char) -> Vec<&'static str> {
    match c {
        'Đ' => ["D", "P", "B", "Ð", "b", "Đ"]
            .into_iter()
            .chain(TWO_GLYPHS)
            .collect(),
        'Q' => vec!["Q", "0", "O"],
        _ => Vec::new(),
    }
}

impl Abbreviations {
    /// Parses the table (`FORM\tcode|any`, `#` comments).
    pub fn from_tsv(tsv: &str) -> Result<Self, String> {
        let mut a = Abbreviations::default();
        for (n, line) in tsv.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (form, scope) = line
                .split_once('\t')
                .ok_or(format!("abbreviations line {}: no tab", n + 1))?;
            let scope = match scope.trim() {
                "code" => Scope::Code,
                "any" => Scope::Any,
                "keep" => Scope::Keep,
                s => return Err(format!("abbreviations line {}: bad scope {s:?}", n + 1)),
            };
            for segment in form.split('-') {
                a.add_variants(segment, scope);
            }
        }
        Ok(a)
    }

    /// Adds the acronyms of `acronyms.tsv` (`FORM\tcount\tcount\tseen`,
    /// `#` comments) under their `D` (and `Ð`) spellings and OCR's
    /// spellings with `P` that the corpora never write (`seen` lists the
    /// others), after the hand-written table, which wins where both have a
    /// form.
    pub fn with_learned(mut self, tsv: &str) -> Result<Self, String> {
        for (n, line) in tsv.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let form = cols
                .next()
                .filter(|f| f.contains('Đ'))
                .ok_or(format!("acronyms line {}: no form with Đ", n + 1))?;
            let seen: Vec<&str> = cols.nth(2).unwrap_or("").split(',').collect();
            let plain = ["D", "Ð"].map(|d| (form.replace('Đ', d), Scope::Learned));
            // With one `Đ`, its bar read as a letter of its own too
            // (`SGDDPT`, `CQDBP`): spellings no acronym of the corpora has.
            let two = (form.matches('Đ').count() == 1)
                .then(|| TWO_GLYPHS.map(|g| form.replace('Đ', g)))
                .into_iter()
                .flatten();
            let ocr = ocr_spellings(form)
                .into_iter()
                .chain(two)
                .filter(|v| !seen.contains(&v.as_str()))
                .map(|v| (v, Scope::LearnedOcr));
            for (v, scope) in plain.into_iter().chain(ocr) {
                self.map
                    .entry(v)
                    .or_insert_with(|| (form.to_string(), scope));
            }
        }
        Ok(self)
    }

    fn add_variants(&mut self, form: &str, scope: Scope) {
        if scope == Scope::Keep {
            self.map.insert(form.to_string(), (form.to_string(), scope));
            return;
        }
        let mut forms = vec![String::new()];
        for c in form.chars() {
            let vs = variants(c);
            if vs.is_empty() {
                forms.iter_mut().for_each(|f| f.push(c));
            } else {
                forms = forms
                    .iter()
                    .flat_map(|f| vs.iter().map(move |v| format!("{f}{v}")))
                    .collect();
            }
        }
        for f in forms {
            // A real abbreviation spelt with D (none here) must not be overwritten.
            let entry = self.map.entry(f).or_insert((form.to_string(), scope));
            if scope == Scope::Any {
                entry.1 = Scope::Any;
            }
        }
    }

    /// The restored form of a stand-alone word in text of `kind`, if it is
    /// a known abbreviation (learnt ones only where the text may have lost
    /// its marks).
    pub fn word(&self, w: &str, kind: InputKind) -> Option<&str> {
        match self.map.get(w) {
            Some((form, Scope::Any)) if form != w => Some(form),
            Some((form, s)) if s.learned_in(kind) => Some(form),
            _ => None,
        }
    }

    /// The restored form of one upper-case code segment, if it lost a `Đ`:
    /// table entries first, then the two productive patterns of Party and
    /// steering-committee codes: `…ĐU` (`KDVDU`, `BTGPU`: organs of a Đảng
    /// ủy) and `BCĐ…` (`BCP389`).
    pub fn segment(&self, seg: &str, kind: InputKind) -> Option<String> {
        match self.map.get(seg) {
            Some((_, Scope::Keep)) => return None,
            Some((_, s @ (Scope::Learned | Scope::LearnedOcr))) if !s.learned_in(kind) => {
                return None;
            }
            Some((form, _)) => return (form != seg).then(|| form.clone()),
            None => {}
        }
        let letters = seg.chars().filter(|c| c.is_letter()).count();
        if letters >= 3
            && seg
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            for p in ["DU", "PU", "BU"] {
                if let Some(head) = seg.strip_suffix(p) {
                    return Some(format!("{head}ĐU"));
                }
            }
            for p in ["BCD", "BCP", "BCB"] {
                if let Some(rest) = seg.strip_prefix(p) {
                    return Some(format!("BCĐ{rest}"));
                }
            }
        }
        None
    }

    /// Restores every abbreviation segment of a document code
    /// (`101-QD/PU` → `101-QĐ/ĐU`), or the whole of a learnt acronym with
    /// a hyphen (`GD-DT` → `GD-ĐT`); `None` when nothing changes. A `&`
    /// joins a segment (`QLVB&DH`).
    pub fn code(&self, code: &str, kind: InputKind) -> Option<String> {
        if let Some((form, s)) = self.map.get(code)
            && s.learned_in(kind)
        {
            return Some(form.clone());
        }
        // A code in a line written in small letters (`42/2006/nq-hdnd`) is
        // restored as its capitals are, then written small again.
        if code.chars().any(char::is_lowercase) && !code.chars().any(char::is_uppercase) {
            // (Some small letters have no capital, `ĸ`, `ª`: not a code.)
            let upper = code.to_uppercase();
            if upper.chars().any(char::is_lowercase) {
                return None;
            }
            return self.code(&upper, kind).map(|c| c.to_lowercase());
        }
        let mut out = String::with_capacity(code.len() + 4);
        let mut changed = false;
        let mut seg = String::new();
        let mut flush = |seg: &mut String, out: &mut String| {
            match self.segment(seg, kind) {
                Some(form) => {
                    out.push_str(&form);
                    changed = true;
                }
                None => out.push_str(seg),
            }
            seg.clear();
        };
        for c in code.chars() {
            if c.is_letter_or_number() || c == '&' {
                seg.push(c);
            } else {
                flush(&mut seg, &mut out);
                out.push(c);
            }
        }
        flush(&mut seg, &mut out);
        changed.then_some(out)
    }
}

/// The abbreviations with `Đ` that Decree 30/2020/NĐ-CP (Appendix III)
/// gives the kinds of document, by the kind's folded name: a code after
/// its kind's name (`Đề án số 401/DA-CP`) has that kind's segment, which
/// no table can restore from `D` where the `D` spelling is another kind's
/// (`DA` is Dự án, `HD` Hướng dẫn).
const KIND_SEGMENTS: &[(&str, &str)] = &[
    ("de an", "ĐA"),
    ("cong dien", "CĐ"),
    ("hop dong", "HĐ"),
    ("quy dinh", "QyĐ"),
    ("quyet dinh", "QĐ"),
    ("nghi dinh", "NĐ"),
];

/// `code` with its kind's segment restored after the kind's folded name
/// (`cong dien`, `224/CD-TTg` → `224/CĐ-TTg`): the first segment of
/// letters, spelt with OCR's `D`, `P` or `B` for the `Đ`. `kind` names the
/// kind written before the code; it is only asked for when the segment is
/// so spelt, as few codes are.
pub fn kind_segment(code: &str, kind: impl FnOnce() -> Option<String>) -> Option<String> {
    let start = code.find(|c: char| c.is_alphabetic())?;
    let len = code[start..]
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(code.len() - start);
    let seg = &code[start..start + len];
    let spelt = |form: &str| ["D", "P", "B"].iter().any(|d| form.replace('Đ', d) == seg);
    if !KIND_SEGMENTS.iter().any(|(_, form)| spelt(form)) {
        return None;
    }
    let kind = kind()?;
    let (_, form) = KIND_SEGMENTS
        .iter()
        .find(|(k, form)| *k == kind && spelt(form))?;
    Some(format!("{}{form}{}", &code[..start], &code[start + len..]))
}

/// The table shipped in `dictionaries/`, for callers without a model
/// (extraction of text that was not repaired).
pub fn builtin() -> &'static Abbreviations {
    static TABLE: std::sync::LazyLock<Abbreviations> = std::sync::LazyLock::new(|| {
        Abbreviations::from_tsv(include_str!("../../dictionaries/abbreviations.tsv"))
            .unwrap_or_default()
    });
    &TABLE
}

#[cfg(test)]
mod tests {
    use super::*;
    use InputKind::{Clean, Ocr, Plain};

    fn table() -> Abbreviations {
        Abbreviations::from_tsv(include_str!("../../dictionaries/abbreviations.tsv")).unwrap()
    }

    #[test]
    fn codes_get_their_d_back() {
        let a = table();
        assert_eq!(a.code("101-QD/PU", Ocr).as_deref(), Some("101-QĐ/ĐU"));
        assert_eq!(a.code("710/0P-UBND", Ocr).as_deref(), Some("710/QĐ-UBND"));
        assert_eq!(a.code("64/2014/ND-CP", Ocr).as_deref(), Some("64/2014/NĐ-CP"));
        assert_eq!(a.code("05/HD-UBND", Ocr), None);
        assert_eq!(
            a.code("42/2006/nq-hdnd", Ocr).as_deref(),
            Some("42/2006/nq-hđnd")
        );
        assert_eq!(a.code("km/h", Ocr), None);
        // A small letter without a capital must not send it round again.
        assert_eq!(a.code("12/ĸª", Ocr), None);
        assert_eq!(
            a.code("02/KHPH-UBND-KDVDU", Ocr).as_deref(),
            Some("02/KHPH-UBND-KDVĐU")
        );
        assert_eq!(a.code("144/KH-UBND", Ocr), None);
        assert_eq!(a.code("12-KH/BTGPU", Ocr).as_deref(), Some("12-KH/BTGĐU"));
        assert_eq!(a.code("45-TB/BCP", Ocr).as_deref(), Some("45-TB/BCĐ"));
        assert_eq!(a.code("3-CV/HU", Ocr), None);
        // The bar of a Đ read as a letter of its own.
        assert_eq!(
            a.code("80/2025/NQ-HDBND", Ocr).as_deref(),
            Some("80/2025/NQ-HĐND")
        );
        assert_eq!(
            a.code("69/2009/NDP-CP", Ocr).as_deref(),
            Some("69/2009/NĐ-CP")
        );
        assert_eq!(a.word("HPDND", Ocr), Some("HĐND"));
        assert_eq!(a.code("2858-CV/TU", Ocr), None);
    }

    #[test]
    fn a_kinds_name_restores_its_segment() {
        assert_eq!(kind_segment("401/DA-CP", || Some("de an".into())).as_deref(), Some("401/ĐA-CP"));
        assert_eq!(kind_segment("224/CD-TTg", || Some("cong dien".into())).as_deref(), Some("224/CĐ-TTg"));
        assert_eq!(
            kind_segment("12/2020/HD-UBND", || Some("hop dong".into())).as_deref(),
            Some("12/2020/HĐ-UBND")
        );
        assert_eq!(kind_segment("401/DA-CP", || Some("du an".into())), None);
        assert_eq!(kind_segment("05/HD-UBND", || Some("huong dan".into())), None);
        assert_eq!(kind_segment("401/ĐA-CP", || Some("de an".into())), None);
    }

    #[test]
    fn words_only_where_allowed() {
        let a = table();
        assert_eq!(a.word("HDND", Clean), Some("HĐND"));
        assert_eq!(a.word("BCP", Clean), Some("BCĐ"));
        assert_eq!(a.word("UBND", Plain), None);
        assert_eq!(a.word("TTHC", Plain), None);
        assert_eq!(a.word("QD", Plain), None);
    }

    #[test]
    fn learnt_acronyms_in_words_and_codes() {
        let a = table()
            .with_learned(
                "# comment\nGD&ĐT\t432\t0\t\nBGDĐT\t784\t2\t\nGD-ĐT\t50\t0\nHĐND\t9\t0\t\n\
                 GDĐT\t354\t0\tGDPT\nĐKĐĐ\t23\t0\t\n",
            )
            .unwrap();
        assert_eq!(a.word("GD&DT", Plain), Some("GD&ĐT"));
        // Clean text keeps what it wrote.
        assert_eq!(a.word("GD&DT", Clean), None);
        // The hand-written table wins.
        assert_eq!(a.word("HDND", Clean), Some("HĐND"));
        assert_eq!(
            a.code("36/2017/TT-BGDDT", Ocr).as_deref(),
            Some("36/2017/TT-BGDĐT")
        );
        assert_eq!(a.code("GD-DT", Ocr).as_deref(), Some("GD-ĐT"));
        assert_eq!(a.code("01/GD&DT", Ocr).as_deref(), Some("01/GD&ĐT"));
        assert!(table().with_learned("GDDT\t1\t0\n").is_err());
        // OCR's P for Đ, in OCR only, and not where the corpora write the
        // P spelling as an acronym of its own.
        assert_eq!(a.word("PKDD", Ocr), Some("ĐKĐĐ"));
        assert_eq!(a.word("PKDD", Plain), None);
        assert_eq!(a.word("GDDT", Plain), Some("GDĐT"));
        assert_eq!(a.word("GDPT", Ocr), None);
        assert_eq!(a.code("2045/QĐ-BGDPT", Ocr).as_deref(), Some("2045/QĐ-BGDĐT"));
        assert_eq!(a.code("36/2017/TT-BGDDT", Clean), None);
    }

    #[test]
    fn ocr_spellings_have_a_p() {
        assert_eq!(ocr_spellings("ĐKĐ"), ["DKP", "PKD", "PKP"]);
        assert!(ocr_spellings("UBND").is_empty());
    }
}
