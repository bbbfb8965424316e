//! Restores `Đ` in administrative abbreviations (`QD`→`QĐ`, `PU`→`ĐU`,
//! `HDND`→`HĐND`) while leaving `UBND`, `TTHC`, `ISO` alone: the table lists
//! only abbreviations that really contain `Đ`, and their OCR variants are
//! generated from the confusions English OCR makes for `Đ` and `Q`.

use std::collections::HashMap;

/// Where an abbreviation may be restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Only as a segment of a document code.
    Code,
    /// Also as a stand-alone word.
    Any,
    /// A real abbreviation some variant would collide with: never rewritten.
    Keep,
}

/// OCR form → (correct form, scope).
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    map: HashMap<String, (String, Scope)>,
}

fn variants(c: char) -> &'static [char] {
    match c {
        'Đ' => &['D', 'P', 'B', 'Ð', 'b', 'Đ'],
        'Q' => &['Q', '0', 'O'],
        _ => &[],
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

    /// The restored form of a stand-alone word, if it is a known abbreviation.
    pub fn word(&self, w: &str) -> Option<&str> {
        match self.map.get(w) {
            Some((form, Scope::Any)) if form != w => Some(form),
            _ => None,
        }
    }

    /// The restored form of one upper-case code segment, if it lost a `Đ`:
    /// table entries first, then the two productive patterns of Party and
    /// steering-committee codes: `…ĐU` (`KDVDU`, `BTGPU`: organs of a Đảng
    /// ủy) and `BCĐ…` (`BCP389`).
    pub fn segment(&self, seg: &str) -> Option<String> {
        match self.map.get(seg) {
            Some((_, Scope::Keep)) => return None,
            Some((form, _)) => return (form != seg).then(|| form.clone()),
            None => {}
        }
        let letters = seg.chars().filter(|c| c.is_alphabetic()).count();
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
    /// (`101-QD/PU` → `101-QĐ/ĐU`); `None` when nothing changes.
    pub fn code(&self, code: &str) -> Option<String> {
        // A code in a line written in small letters (`42/2006/nq-hdnd`) is
        // restored as its capitals are, then written small again.
        if code.chars().any(char::is_lowercase) && !code.chars().any(char::is_uppercase) {
            // (Some small letters have no capital, `ĸ`, `ª`: not a code.)
            let upper = code.to_uppercase();
            if upper.chars().any(char::is_lowercase) {
                return None;
            }
            return self.code(&upper).map(|c| c.to_lowercase());
        }
        let mut out = String::with_capacity(code.len() + 4);
        let mut changed = false;
        let mut seg = String::new();
        let mut flush = |seg: &mut String, out: &mut String| {
            match self.segment(seg) {
                Some(form) => {
                    out.push_str(&form);
                    changed = true;
                }
                None => out.push_str(seg),
            }
            seg.clear();
        };
        for c in code.chars() {
            if c.is_alphanumeric() {
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

    fn table() -> Abbreviations {
        Abbreviations::from_tsv(include_str!("../../dictionaries/abbreviations.tsv")).unwrap()
    }

    #[test]
    fn codes_get_their_d_back() {
        let a = table();
        assert_eq!(a.code("101-QD/PU").as_deref(), Some("101-QĐ/ĐU"));
        assert_eq!(a.code("710/0P-UBND").as_deref(), Some("710/QĐ-UBND"));
        assert_eq!(a.code("64/2014/ND-CP").as_deref(), Some("64/2014/NĐ-CP"));
        assert_eq!(a.code("05/HD-UBND"), None);
        assert_eq!(
            a.code("42/2006/nq-hdnd").as_deref(),
            Some("42/2006/nq-hđnd")
        );
        assert_eq!(a.code("km/h"), None);
        // A small letter without a capital must not send it round again.
        assert_eq!(a.code("12/ĸª"), None);
        assert_eq!(
            a.code("02/KHPH-UBND-KDVDU").as_deref(),
            Some("02/KHPH-UBND-KDVĐU")
        );
        assert_eq!(a.code("144/KH-UBND"), None);
        assert_eq!(a.code("12-KH/BTGPU").as_deref(), Some("12-KH/BTGĐU"));
        assert_eq!(a.code("45-TB/BCP").as_deref(), Some("45-TB/BCĐ"));
        assert_eq!(a.code("3-CV/HU"), None);
        assert_eq!(a.code("2858-CV/TU"), None);
    }

    #[test]
    fn words_only_where_allowed() {
        let a = table();
        assert_eq!(a.word("HDND"), Some("HĐND"));
        assert_eq!(a.word("BCP"), Some("BCĐ"));
        assert_eq!(a.word("UBND"), None);
        assert_eq!(a.word("TTHC"), None);
        assert_eq!(a.word("QD"), None);
    }
}
