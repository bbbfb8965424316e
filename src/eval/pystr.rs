//! CPython string semantics that score.py silently relies on (`str.split()`,
//! `str.casefold()`, `re`'s `\w`, category `Mn`).  Rust's own predicates differ
//! at the edges (e.g. `²` is `\w` in Python but not in `regex`), and the port must
//! agree with the reference metric, so we use tables generated from CPython.

use super::tables::cpython_unicode::{CASEFOLD, MN, SPACE, WORD};

fn in_ranges(table: &[(u32, u32)], c: char) -> bool {
    let cp = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `c.isspace()`: includes U+001C..U+001F, which Rust's `is_whitespace` does not.
pub(crate) fn is_space(c: char) -> bool {
    if c.is_ascii() {
        return matches!(
            c,
            '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\x1c'..='\x1f' | ' '
        );
    }
    in_ranges(SPACE, c)
}

/// `re.match(r"\w", c)` on a str pattern.
pub(crate) fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    in_ranges(WORD, c)
}

/// `unicodedata.category(c) == "Mn"`.
pub(crate) fn is_mn(c: char) -> bool {
    !c.is_ascii() && in_ranges(MN, c)
}

/// Appends `c.casefold()` to `out`.
pub(crate) fn push_casefold(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match CASEFOLD.binary_search_by_key(&(c as u32), |&(cp, _)| cp) {
        Ok(i) => out.push_str(CASEFOLD[i].1),
        Err(_) => out.push(c),
    }
}

/// `s.casefold()`.
pub(crate) fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_casefold(c, &mut out);
    }
    out
}

/// `s.split()`: runs of Python whitespace separate fields; no empty fields.
pub(crate) fn split_py(s: &str) -> impl Iterator<Item = &str> {
    s.split(is_space).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_predicates() {
        assert!(is_space('\u{1c}') && is_space('\u{a0}') && is_space('\u{3000}'));
        assert!(!is_space('\u{200b}') && !is_space('\u{feff}'));
        assert!(is_word('²') && is_word('đ') && is_word('_') && !is_word('\u{301}'));
        assert!(!is_word('.') && !is_word('“'));
        assert!(is_mn('\u{301}') && is_mn('\u{323}') && !is_mn('a'));
        assert_eq!(casefold("ĐÔNG Straße ΣΑΣ"), "đông strasse σασ");
        assert_eq!(
            split_py(" a\u{1c}b  c\t").collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
    }
}
