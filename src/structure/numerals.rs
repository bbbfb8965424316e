//! Roman numerals as OCR writes them (`|.`, `I1.`, `111.`, `V1.`), read in
//! the light of the numbering sequence the document is following.

/// Reads a numeral that OCR may have written with `1`, `l`, `|` or `i` for
/// `I`. Returns the value and whether the spelling was clean (only I/V/X).
pub fn read_roman(raw: &str) -> Option<(u32, bool)> {
    if raw.is_empty() || raw.len() > 6 {
        return None;
    }
    let mut clean = true;
    let mut vals = Vec::with_capacity(raw.len());
    for c in raw.chars() {
        let v = match c {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            '1' | 'l' | '|' | 'i' => {
                clean = false;
                1
            }
            _ => return None,
        };
        vals.push(v);
    }
    let mut total = 0i32;
    for (i, &v) in vals.iter().enumerate() {
        if vals.get(i + 1).is_some_and(|&n| n > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    (1..=39).contains(&total).then_some((total as u32, clean))
}

/// Writes `n` as an upper-case Roman numeral.
pub fn to_roman(n: u32) -> String {
    const T: [(u32, &str); 9] = [
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
        (0, ""),
        (0, ""),
        (0, ""),
    ];
    let mut n = n;
    let mut s = String::new();
    for (v, r) in T {
        while v > 0 && n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Decides the numeral of a level-1 marker given the previous one: clean
/// spellings are trusted if they move forward; OCR spellings made of ones
/// only (`11.`, `|.`, `1.` before a heading in capitals) are read as the
/// expected next numeral, since OCR drops and merges their strokes (`II.`
/// comes out as `1.`); other OCR spellings must move forward too.
pub fn resolve_roman(raw: &str, prev: u32) -> Option<u32> {
    let (n, clean) = read_roman(raw)?;
    let expected = prev + 1;
    if clean {
        return (n > prev && n <= prev + 2).then_some(n);
    }
    if n == expected {
        return Some(n);
    }
    let glyphs = raw.chars().count() as u32;
    let ones_only = raw
        .chars()
        .all(|c| matches!(c, '1' | 'l' | '|' | 'i' | 'I'));
    // OCR loses and merges strokes more than it adds them.
    if ones_only && expected <= 3 && glyphs <= expected {
        return Some(expected);
    }
    (n > prev && n <= prev + 2).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocr_numerals_follow_sequence() {
        assert_eq!(resolve_roman("|", 0), Some(1));
        assert_eq!(resolve_roman("I1", 1), Some(2));
        assert_eq!(resolve_roman("111", 2), Some(3));
        assert_eq!(resolve_roman("I11", 2), Some(3));
        assert_eq!(resolve_roman("V1", 5), Some(6));
        assert_eq!(resolve_roman("11", 1), Some(2));
        assert_eq!(resolve_roman("I1l", 2), Some(3));
        assert_eq!(resolve_roman("V", 3), Some(5));
        assert_eq!(resolve_roman("II", 5), None);
        assert_eq!(resolve_roman("1", 1), Some(2));
        assert_eq!(resolve_roman("1", 2), Some(3));
        assert_eq!(resolve_roman("11", 0), Some(2));
        assert_eq!(resolve_roman("I1I", 1), Some(3));
        assert_eq!(to_roman(7), "VII");
        assert_eq!(to_roman(4), "IV");
    }
}
