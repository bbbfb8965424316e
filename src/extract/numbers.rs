//! Vietnamese number notation: `.` groups thousands, `,` is the decimal
//! mark (`2.449` = 2449, `96,6` = 96.6, `1.719,58` = 1719.58).

/// Parses a Vietnamese-notation number; `None` if it is not one.
pub fn parse_vn(s: &str) -> Option<f64> {
    let s = s.trim().trim_end_matches('%').trim();
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let (int_part, frac) = match s.rsplit_once(',') {
        Some((i, f)) if !f.is_empty() && !i.contains(',') => (i, Some(f)),
        Some(_) => return None,
        None => (s, None),
    };
    let int_digits: String = if int_part.contains('.') {
        let groups: Vec<&str> = int_part.split('.').collect();
        let thousands = groups.iter().skip(1).all(|g| g.len() == 3) && !groups[0].is_empty();
        if thousands {
            groups.concat()
        } else if groups.len() == 2 && frac.is_none() {
            // `8.0 km`: a decimal point written the English way.
            return format!("{}.{}", groups[0], groups[1]).parse().ok();
        } else {
            return None;
        }
    } else {
        int_part.to_string()
    };
    let text = match frac {
        Some(f) => format!("{int_digits}.{f}"),
        None => int_digits,
    };
    text.parse().ok()
}

/// Parses a whole count (`2.449` → 2449); `None` if it has a fraction.
pub fn parse_count(s: &str) -> Option<u64> {
    let v = parse_vn(s)?;
    (v >= 0.0 && v.fract() == 0.0 && v < 1e15).then_some(v as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_notation() {
        assert_eq!(parse_vn("2.449"), Some(2449.0));
        assert_eq!(parse_vn("96,6%"), Some(96.6));
        assert_eq!(parse_vn("1.719,58"), Some(1719.58));
        assert_eq!(parse_vn("36.999.000"), Some(36_999_000.0));
        assert_eq!(parse_vn("2000.000"), Some(2_000_000.0));
        assert_eq!(parse_vn("8.0"), Some(8.0));
        assert_eq!(parse_vn("abc"), None);
        assert_eq!(parse_count("04"), Some(4));
        assert_eq!(parse_count("6,04"), None);
    }
}
