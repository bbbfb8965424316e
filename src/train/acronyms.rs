//! `acronyms.tsv`: capital acronyms the corpora write with `Đ` (`GD&ĐT`,
//! `BGDĐT`, `ĐH`, `CTĐT`) and almost never without, so that the same
//! letters with `D` — what stripping the marks or English OCR leaves — are
//! that acronym. Learnt from counts, so an acronym the corpora also write
//! with `D` on its own (`DT` for diện tích beside `ĐT`, `VND` beside `VNĐ`)
//! is left alone (see `repair::abbrev`).

use std::collections::HashMap;

/// An acronym must be seen this often with `Đ`…
const MIN_COUNT: u32 = 10;

/// …and this many times as often as its `D` spelling (plus one).
const MIN_RATIO: u32 = 10;

/// The acronym-like pieces of a line: maximal runs of letters, `&` and
/// `-` whose letters are all capitals `A`–`Z` or `Đ`, at least two of them,
/// with their `-`-separated segments when they have several (`TT-BGDĐT`,
/// then `TT` and `BGDĐT`).
fn pieces(line: &str, mut f: impl FnMut(&str)) {
    let is_part = |c: char| c.is_alphabetic() || c == '&' || c == '-';
    for run in line.split(|c: char| !is_part(c)) {
        let run = run.trim_matches(['&', '-']);
        let letters = run.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2
            || !run
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == 'Đ' || c == '&' || c == '-')
        {
            continue;
        }
        f(run);
        if run.contains('-') {
            for seg in run.split('-') {
                if seg.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                    f(seg);
                }
            }
        }
    }
}

/// `FORM\tcount\tcount of its D spelling\tits OCR spellings the corpora
/// write (comma-separated)`, most frequent first, for the acronyms of
/// `texts` seen at least `MIN_COUNT` times and `MIN_RATIO` times as often
/// as their `D` spelling plus one. A form that is a syllable in capitals (`ĐI`, `ĐAI`) is a word, not an acronym. The last
/// column keeps OCR's `P` for `Đ` (`GDPT` for `GDĐT`) off the spellings
/// that are acronyms of their own (`GDPT`, giáo dục phổ thông).
pub fn acronyms_tsv<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for text in texts {
        for line in text.lines() {
            pieces(line, |p| *counts.entry(p.to_string()).or_default() += 1);
        }
    }
    let mut rows: Vec<(&str, u32, u32, Vec<String>)> = counts
        .iter()
        .filter(|(form, _)| form.contains('Đ'))
        .filter_map(|(form, &n)| {
            let plain = form.replace('Đ', "D");
            let without = counts.get(&plain).copied().unwrap_or(0);
            let word = crate::syllable::is_syllable(&form.to_lowercase())
                || crate::syllable::is_syllable(&plain.to_lowercase());
            if word || n < MIN_COUNT || n < MIN_RATIO * (without + 1) {
                return None;
            }
            let mut seen: Vec<String> = crate::repair::abbrev::ocr_spellings(form)
                .into_iter()
                .filter(|v| counts.contains_key(v))
                .collect();
            seen.sort();
            Some((form.as_str(), n, without, seen))
        })
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut out = String::from(
        "# Acronyms the training corpora write with Đ and rarely with D (written by\n\
         # `baocao train`, see src/train/acronyms.rs): form, count, count of the D\n\
         # spelling, the OCR spellings (P for Đ) the corpora also write.\n",
    );
    for (form, n, without, seen) in rows {
        out.push_str(&format!("{form}\t{n}\t{without}\t{}\n", seen.join(",")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_written_with_dd_and_rarely_without() {
        let mut text = String::new();
        for _ in 0..20 {
            text.push_str("Sở GD&ĐT tỉnh, Thông tư 01/2024/TT-BGDĐT, ĐI HỌC, ĐT và DT, GDĐT\n");
        }
        text.push_str("GD&DT\n");
        text.push_str("DT DT DT GDPT\n");
        let tsv = acronyms_tsv([text.as_str()]);
        let forms: Vec<&str> = tsv
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .collect();
        // 20 against 1 + 1: in. `ĐT` 20 against 24 `DT`: out; `ĐI` is a word.
        assert!(forms.contains(&"GD&ĐT"), "{tsv}");
        assert!(
            forms.contains(&"TT-BGDĐT") && forms.contains(&"BGDĐT"),
            "{tsv}"
        );
        assert!(!forms.contains(&"ĐT") && !forms.contains(&"ĐI"), "{tsv}");
        // `GDPT` is written: OCR's `P` spelling of `GDĐT` is listed as seen.
        assert!(tsv.contains("GDĐT\t20\t0\tGDPT\n"), "{tsv}");
    }
}
