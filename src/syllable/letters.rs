//! Vowel letters with tone marks, as a table: the 12 vowel qualities × 6 tones.

/// The six Vietnamese tones, in the order of the composition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tone {
    Level,
    Grave,
    Acute,
    Hook,
    Tilde,
    Dot,
}

const TONES: [Tone; 6] = [
    Tone::Level,
    Tone::Grave,
    Tone::Acute,
    Tone::Hook,
    Tone::Tilde,
    Tone::Dot,
];

/// Rows: the vowel without tone, then its five toned forms.
const LOWER: [&str; 12] = [
    "aàáảãạ",
    "ăằắẳẵặ",
    "âầấẩẫậ",
    "eèéẻẽẹ",
    "êềếểễệ",
    "iìíỉĩị",
    "oòóỏõọ",
    "ôồốổỗộ",
    "ơờớởỡợ",
    "uùúủũụ",
    "ưừứửữự",
    "yỳýỷỹỵ",
];
const UPPER: [&str; 12] = [
    "AÀÁẢÃẠ",
    "ĂẰẮẲẴẶ",
    "ÂẦẤẨẪẬ",
    "EÈÉẺẼẸ",
    "ÊỀẾỂỄỆ",
    "IÌÍỈĨỊ",
    "OÒÓỎÕỌ",
    "ÔỒỐỔỖỘ",
    "ƠỜỚỞỠỢ",
    "UÙÚỦŨỤ",
    "ƯỪỨỬỮỰ",
    "YỲÝỶỸỴ",
];

/// Where the index's table starts and ends: every vowel letter with a
/// tone or a mark lies in Latin-1 through Latin Extended Additional.
const FIRST: u32 = 'A' as u32;
const END: u32 = 0x1F00;

/// char → (row, tone column, upper), built once as a table indexed by the
/// character: hot paths call this per char.
static INDEX: std::sync::LazyLock<Vec<Option<(u8, u8, bool)>>> = std::sync::LazyLock::new(|| {
    let mut m = vec![None; (END - FIRST) as usize];
    for (table, upper) in [(&LOWER, false), (&UPPER, true)] {
        for (row, s) in table.iter().enumerate() {
            for (col, c) in s.chars().enumerate() {
                if let (Some(slot), Ok(r), Ok(k)) = (
                    (c as u32).checked_sub(FIRST).and_then(|i| m.get_mut(i as usize)),
                    u8::try_from(row),
                    u8::try_from(col),
                ) {
                    *slot = Some((r, k, upper));
                }
            }
        }
    }
    m
});

fn find(c: char) -> Option<(usize, usize, bool)> {
    if c.is_ascii()
        && !matches!(
            c,
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'A' | 'E' | 'I' | 'O' | 'U' | 'Y'
        )
    {
        return None;
    }
    let (row, col, upper) = (*INDEX.get((c as u32).checked_sub(FIRST)? as usize)?)?;
    Some((row as usize, col as usize, upper))
}

/// Splits a vowel letter into (toneless vowel, tone); other chars are `None`.
pub fn split_tone(c: char) -> Option<(char, Tone)> {
    let (row, col, upper) = find(c)?;
    let table = if upper { &UPPER } else { &LOWER };
    let base = table[row].chars().next()?;
    Some((base, TONES[col]))
}

/// Puts `tone` on a toneless vowel letter; other chars come back unchanged.
pub fn with_tone(c: char, tone: Tone) -> char {
    match find(c) {
        Some((row, _, upper)) => {
            let table = if upper { &UPPER } else { &LOWER };
            table[row].chars().nth(tone as usize).unwrap_or(c)
        }
        None => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_every_vowel() {
        for s in LOWER.iter().chain(UPPER.iter()) {
            let base = s.chars().next().unwrap();
            for (i, c) in s.chars().enumerate() {
                assert_eq!(split_tone(c), Some((base, TONES[i])));
                assert_eq!(with_tone(base, TONES[i]), c);
            }
        }
        assert_eq!(split_tone('đ'), None);
    }
}
