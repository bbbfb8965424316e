//! Letter case of a character, fast for the letters Vietnamese is written
//! in: the structure stage weighs the capitals of every line, and the
//! standard library's general `is_alphabetic` table walk dominated that.

/// `Some(true)` for a capital letter, `Some(false)` for any other letter,
/// `None` for a character that is no letter.
#[inline]
pub fn letter_case(c: char) -> Option<bool> {
    match c {
        'a'..='z' => Some(false),
        'A'..='Z' => Some(true),
        '\0'..='\u{7f}' | '\u{d7}' | '\u{f7}' => None,
        '\u{c0}'..='\u{de}' => Some(true),
        '\u{df}'..='\u{ff}' => Some(false),
        'Đ' | 'Ă' | 'Ĩ' | 'Ũ' | 'Ơ' | 'Ư' => Some(true),
        'đ' | 'ă' | 'ĩ' | 'ũ' | 'ơ' | 'ư' => Some(false),
        // Latin Extended Additional's Vietnamese letters: capital, small.
        '\u{1ea0}'..='\u{1ef9}' => Some((c as u32).is_multiple_of(2)),
        c if c.is_uppercase() => Some(true),
        c if c.is_alphabetic() => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast paths agree with the standard library on every character
    /// they cover.
    #[test]
    fn agrees_with_std() {
        for c in (0u32..0x2000).filter_map(char::from_u32) {
            let std = c.is_alphabetic().then(|| c.is_uppercase());
            assert_eq!(letter_case(c), std, "{c:?} U+{:04X}", c as u32);
        }
    }
}
