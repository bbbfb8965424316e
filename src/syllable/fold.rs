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
    let u = c as usize;
    let table = &*LATIN;
    if u < LATIN_END {
        return table.low[u - 0x80];
    }
    if (EXTENDED..EXTENDED + 0x100).contains(&u) {
        return table.extended[u - EXTENDED];
    }
    fold_slow(c)
}

/// Latin-1 Supplement and Latin Extended-A and -B: `U+0080..U+0250`.
const LATIN_END: usize = 0x250;
/// Latin Extended Additional (`ạ` … `ỹ`): `U+1E00..U+1F00`.
const EXTENDED: usize = 0x1e00;

/// [`fold_slow`] of every character of the Latin blocks.
struct Latin {
    low: Vec<char>,
    extended: Vec<char>,
}

static LATIN: std::sync::LazyLock<Latin> = std::sync::LazyLock::new(|| {
    let fold_range = |r: std::ops::Range<usize>| {
        r.map(|u| char::from_u32(u as u32).map_or('\0', fold_slow))
            .collect()
    };
    Latin {
        low: fold_range(0x80..LATIN_END),
        extended: fold_range(EXTENDED..EXTENDED + 0x100),
    }
});

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

    /// The table agrees with the decomposition on every character.
    #[test]
    fn the_table_folds_as_the_decomposition_does() {
        for c in (0u32..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(fold_char(c), fold_slow(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Quyết Định SỐ"), "quyet dinh so");
        assert_eq!(fold("ĐẢNG ỦY Hoằng"), "dang uy hoang");
        assert_eq!(fold("Việt-Nam 2024"), "viet-nam 2024");
    }
}
