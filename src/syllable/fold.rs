//! Accent- and case-insensitive keys, so `Quyết định`, `Quyet dinh` and
//! `QUYẾT ĐỊNH` compare equal when matching keywords.

use unicode_normalization::UnicodeNormalization;

/// Folds one character to its lower-case ASCII base letter (`Ế`→`e`, `Đ`→`d`).
/// Characters without a Latin base are lower-cased and kept.
pub fn fold_char(c: char) -> char {
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

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Quyết Định SỐ"), "quyet dinh so");
        assert_eq!(fold("ĐẢNG ỦY Hoằng"), "dang uy hoang");
        assert_eq!(fold("Việt-Nam 2024"), "viet-nam 2024");
    }
}
