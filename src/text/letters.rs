//! Letters and their case, fast for the letters Vietnamese is written in.
//!
//! The standard library's `is_alphabetic` walks a general Unicode table for
//! every character past ASCII, about 500 instructions each: tokenizing,
//! casing and the header's line tests made it 7% of a whole `baocao run`.
//! Vietnamese letters all sit in three Latin blocks, so those are decided
//! by range and only other scripts take the table walk.

/// Letter tests that agree with `char::is_alphabetic` and
/// `char::is_alphanumeric` on every character, answered by range for Latin.
// By value, as `char`'s own tests are, so `chars().all(char::is_letter)`
// reads as it did with `is_alphabetic`.
#[allow(clippy::wrong_self_convention)]
pub trait Letter {
    /// `char::is_alphabetic`, fast for Latin.
    fn is_letter(self) -> bool;
    /// `char::is_alphanumeric`, fast for Latin.
    fn is_letter_or_number(self) -> bool;
}

impl Letter for char {
    #[inline]
    fn is_letter(self) -> bool {
        match self {
            'a'..='z' | 'A'..='Z' => true,
            '\0'..='\u{7f}' | '\u{d7}' | '\u{f7}' => false,
            // Latin-1's letters, Latin Extended-A and -B.
            '\u{c0}'..='\u{24f}' => true,
            // Latin Extended Additional (`ạ` … `ỹ`).
            '\u{1e00}'..='\u{1eff}' => true,
            // General Punctuation (dashes, quotes, spaces).
            '\u{2000}'..='\u{206f}' => false,
            c => c.is_alphabetic(),
        }
    }

    #[inline]
    fn is_letter_or_number(self) -> bool {
        self.is_ascii_digit() || self.is_letter() || (!self.is_ascii() && self.is_numeric())
    }
}

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
        c if c.is_letter() => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast paths agree with the standard library on every character.
    #[test]
    fn agrees_with_std_on_every_character() {
        for c in (0u32..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(c.is_letter(), c.is_alphabetic(), "{c:?} U+{:04X}", c as u32);
            assert_eq!(
                c.is_letter_or_number(),
                c.is_alphanumeric(),
                "{c:?} U+{:04X}",
                c as u32
            );
            let std = c.is_alphabetic().then(|| c.is_uppercase());
            assert_eq!(letter_case(c), std, "{c:?} U+{:04X}", c as u32);
        }
    }
}
