//! The letters of a legal enumeration. Points (`điểm`) are lettered in the
//! Vietnamese alphabet, `a), b), c), d), đ), e), g)` (Decree 30/2020/NĐ-CP,
//! Appendix I, on the layout of a normative text), and a citation names
//! them the same way (`điểm d, điểm đ khoản 2`). English OCR writes `đ` as
//! `d`, and the language model alone prefers the far more common `d`; but a
//! point lettered `d` right after a point lettered `d` can only be `đ`.

use crate::syllable::fold_char;
use crate::text::{Token, TokenKind};

/// Indices of the `d` tokens that are the point `đ`, ascending: a line's
/// marker `d)` after a line whose marker was `d)`, and a cited point `d`
/// that follows a cited point `d` in the same list (`điểm c, điểm d, điểm
/// d`, `các điểm a, b, d và d`).
pub(crate) fn repeated_point_d(text: &str, tokens: &[Token]) -> Vec<usize> {
    let mut found = Vec::new();
    let mut last_marker: Option<char> = None;
    let mut line_start = true;
    // The letter of the last cited point, while its list goes on (only `,`,
    // `và`, `hoặc` and `điểm` may follow it).
    let mut cited: Option<char> = None;
    // A `,`, `và`, `hoặc` or `điểm` came since that letter.
    let mut linked = false;
    // The previous token that is no space was `điểm`.
    let mut after_point_word = false;
    for (i, t) in tokens.iter().enumerate() {
        let s = t.text(text);
        match t.kind {
            TokenKind::Space => continue,
            TokenKind::Newline => {
                line_start = true;
                continue;
            }
            _ => {}
        }
        let opens_line = std::mem::replace(&mut line_start, false);
        let letter = point_letter(t, s);
        if let Some(l) = letter {
            let closes = tokens
                .get(i + 1)
                .is_some_and(|n| n.kind == TokenKind::Punct && n.text(text).starts_with(')'));
            if opens_line && closes {
                let d = l == 'd' && last_marker == Some('d');
                if d {
                    found.push(i);
                }
                last_marker = Some(if d { 'đ' } else { l });
                cited = None;
                after_point_word = false;
                continue;
            }
            if after_point_word || (linked && cited.is_some()) {
                let d = l == 'd' && cited == Some('d');
                if d {
                    found.push(i);
                }
                cited = Some(if d { 'đ' } else { l });
                (linked, after_point_word) = (false, false);
                continue;
            }
        }
        let word = t.kind == TokenKind::Word;
        let point_word = word && folds_to(s, "diem");
        let connector = s == "," || (word && (folds_to(s, "va") || folds_to(s, "hoac")));
        if !(point_word || connector) {
            cited = None;
        }
        linked = point_word || connector;
        after_point_word = point_word;
    }
    found
}

/// Whether `s` is `plain` but for case and marks (`Điểm`, `diém` for
/// `diem`), without allocating: this runs on every token.
fn folds_to(s: &str, plain: &str) -> bool {
    s.len() <= 3 * plain.len() && s.chars().map(fold_char).eq(plain.chars())
}

/// The point letter a one-letter word token stands for (lower case), if it
/// is one.
fn point_letter(t: &Token, s: &str) -> Option<char> {
    if t.kind != TokenKind::Word {
        return None;
    }
    let mut cs = s.chars();
    let c = cs.next()?;
    if cs.next().is_some() || !c.is_alphabetic() {
        return None;
    }
    c.to_lowercase().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    /// The words that [`repeated_point_d`] marks, in order.
    fn marked(text: &str) -> Vec<usize> {
        let tokens = tokenize(text);
        let found = repeated_point_d(text, &tokens);
        // Byte offsets, so a test reads as positions in its text.
        found.iter().map(|&i| tokens[i].span.start).collect()
    }

    #[test]
    fn line_marker_after_d_is_dd() {
        let text = "c) Ba;\nd) Bon;\nd) Nam;\ne) Sau.\n";
        assert_eq!(marked(text), vec![text.find("d) Nam").unwrap_or(0)]);
    }

    #[test]
    fn a_new_list_starts_over() {
        // `d)` after `c)` is `d)`, in each list.
        let text = "a) Mot\nb) Hai\nc) Ba\nd) Bon\n2. Khoan\na) Mot\nc) Ba\nd) Bon\n";
        assert!(marked(text).is_empty());
    }

    #[test]
    fn cited_points_in_a_list() {
        let text = "quy dinh tai diem a, diem b, diem d, diem d, khoan 2";
        let second = text.rfind("d,").unwrap_or(0);
        assert_eq!(marked(text), vec![second]);
        let text = "cac diem c, d va d khoan 1";
        assert_eq!(marked(text), vec![text.rfind('d').unwrap_or(0)]);
    }

    #[test]
    fn a_list_broken_by_other_words_starts_over() {
        // `điểm d khoản 6; điểm d`: the second cites another clause's point.
        let text = "diem d khoan 6; diem d khoan 7";
        assert!(marked(text).is_empty());
        let text = "diem d, trong do d la";
        assert!(marked(text).is_empty());
    }

    #[test]
    fn a_list_may_wrap_its_line() {
        let text = "tai diem c, diem d,\ndiem d va diem g";
        assert_eq!(marked(text), vec![text.find("\ndiem d").unwrap_or(0) + 6]);
    }
}
