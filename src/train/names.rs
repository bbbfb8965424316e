//! `names.tsv`: how often each syllable is a surname, a middle name or a
//! given name, from the person-name gazetteer (see `repair::names`).

use std::path::Path;

/// The gazetteer of person names in `../shared/corpora`.
const GAZETTEER: &str = "vn_person_names.gazetteer.tsv";

/// Rows seen fewer times than this are left out (typos, legacy encodings).
const MIN_COUNT: u32 = 2;

/// `kind\tname\tcount` for one-syllable surnames, middle and given names,
/// by kind then count; empty when the gazetteer is missing.
pub fn names_tsv(corpora: &Path) -> std::io::Result<String> {
    let path = corpora.join(GAZETTEER);
    if !path.exists() {
        return Ok(String::new());
    }
    let mut rows: Vec<(&str, String, u32)> = Vec::new();
    for line in std::fs::read_to_string(path)?.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(&kind), Some(&name), Some(count)) = (f.first(), f.get(1), f.get(2)) else {
            continue;
        };
        let kind = match kind {
            "surname" => "surname",
            "middle" => "middle",
            "given_last" => "given_last",
            _ => continue,
        };
        let Ok(count) = count.parse::<u32>() else {
            continue;
        };
        let one_syllable = crate::syllable::parse(&name.to_lowercase()).is_some();
        if count >= MIN_COUNT && one_syllable {
            rows.push((kind, name.to_string(), count));
        }
    }
    rows.sort_by(|a, b| a.0.cmp(b.0).then(b.2.cmp(&a.2)).then(a.1.cmp(&b.1)));
    Ok(rows
        .iter()
        .map(|(k, n, c)| format!("{k}\t{n}\t{c}\n"))
        .collect())
}
