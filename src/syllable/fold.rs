//! Accent- and case-insensitive keys, so `Quyết định`, `Quyet dinh` and
//! `QUYẾT ĐỊNH` compare equal when matching keywords.

use unicode_normalization::UnicodeNormalization;

/// Folds one character to its lower-case ASCII base letter (`Ế`→`e`, `Đ`→`d`).
/// Characters without a Latin base are lower-cased and kept.
///
/// Every character is folded several times on its way through repair and
/// extraction, so the Latin blocks are read from a table made once by
/// [`fold_slow`]; its canonical decomposition cost ~100 instructions a
/// letter.
#[inline]
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    latin(c).map_or_else(|| fold_slow(c), |&(fold, _)| fold)
}

/// Appends `s` lower-cased, as `s.chars().flat_map(char::to_lowercase)`
/// does, with the Latin blocks read from the same table: repair lower-cases
/// every word, and the standard library's case table search cost ~300
/// instructions a word.
pub fn push_lower(out: &mut String, s: &str) {
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            match latin(c) {
                Some(&(_, lower)) if lower != '\0' => out.push(lower),
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
}

/// Latin-1 Supplement and Latin Extended-A and -B: `U+0080..U+0250`.
const LATIN_END: usize = 0x250;
/// Latin Extended Additional (`ạ` … `ỹ`): `U+1E00..U+1F00`.
const EXTENDED: usize = 0x1e00;

/// Per character of the Latin blocks, its [`fold_slow`] and its lower case
/// (`\0` where that is more than one character, as for `İ`).
struct Latin {
    low: Vec<(char, char)>,
    extended: Vec<(char, char)>,
}

static LATIN: std::sync::LazyLock<Latin> = std::sync::LazyLock::new(|| {
    let entry = |c: char| {
        let mut lower = c.to_lowercase();
        let single = match (lower.next(), lower.next()) {
            (Some(l), None) => l,
            _ => '\0',
        };
        (fold_slow(c), single)
    };
    let range = |r: std::ops::Range<usize>| {
        r.map(|u| char::from_u32(u as u32).map_or(('\0', '\0'), entry))
            .collect()
    };
    Latin {
        low: range(0x80..LATIN_END),
        extended: range(EXTENDED..EXTENDED + 0x100),
    }
});

/// The table's entry for a non-ASCII character of the Latin blocks.
#[inline]
fn latin(c: char) -> Option<&'static (char, char)> {
    let u = c as usize;
    let table = &*LATIN;
    if u < LATIN_END {
        table.low.get(u.checked_sub(0x80)?)
    } else if (EXTENDED..EXTENDED + 0x100).contains(&u) {
        table.extended.get(u - EXTENDED)
    } else {
        None
    }
}

/// The fold by canonical decomposition: the base letter of `c`, lower-cased.
fn fold_slow(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match c {
        'đ' | 'Đ' => 'd',
        _ => {
            let base = c.nfd().next().unwrap_or(c);
            if base.is_ascii() {
                base.to_ascii_lowercase()
            } else {
                c.to_lowercase().next().unwrap_or(c)
            }
        }
    }
}

/// Folds a string: lower-case, no diacritics, `đ`→`d`.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table folds and lower-cases as the decomposition and the
    /// standard library do, on every character.
    #[test]
    fn the_table_folds_and_lowers_as_the_standard_ways_do() {
        let mut lower = String::new();
        for c in (0u32..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(fold_char(c), fold_slow(c), "U+{:04X}", c as u32);
            lower.clear();
            push_lower(&mut lower, c.encode_utf8(&mut [0; 4]));
            assert!(lower.chars().eq(c.to_lowercase()), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Quyết Định SỐ"), "quyet dinh so");
        assert_eq!(fold("ĐẢNG ỦY Hoằng"), "dang uy hoang");
        assert_eq!(fold("Việt-Nam 2024"), "viet-nam 2024");
    }
}
