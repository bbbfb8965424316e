//! Restores the letter case of the OCR token on its replacement, because the
//! models work in lower case but `ĐẢNG ỦY`, `Đảng ủy` and `đảng ủy` differ.

use crate::text::Letter;
use crate::text::{Token, TokenKind};

/// The case pattern of a written word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Lower,
    Title,
    Upper,
}

/// Reads the pattern; `None` when the token has no cased letters (`&`, `6`).
/// Capitals with one lower-case letter are a capital word: an English OCR
/// model writes a marked capital it does not know as a lower-case base
/// letter (`TiNH` for `TỈNH`, `CHi` for `CHÍ`, `bOI` for `ĐỘI`).
pub fn case_of(word: &str) -> Option<Case> {
    let mut upper = 0;
    let mut lower = 0;
    let mut first = None;
    for c in word.chars() {
        let Some(up) = crate::text::letter_case(c) else {
            continue;
        };
        if first.is_none() {
            first = Some(up);
        }
        if up {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    match first? {
        _ if upper >= 2 && lower <= 1 => Some(Case::Upper),
        true => Some(Case::Title),
        false => Some(Case::Lower),
    }
}

/// Which lines are written in capitals (a title, a heading, an agency
/// block: Decree 30/2020/NĐ-CP sets the subject line of a document and its
/// issuer in capitals): at least three words of two or more letters, three
/// quarters of them capital words. One entry per line of `text`.
///
/// On such a line a short capital word is a word, not an acronym (`AP
/// DỤNG` is `ÁP DỤNG`), and a title-case token is OCR's damage of a capital
/// one (`Ké HOẠCH`, `P01` for `ĐỔI`).
pub fn capital_lines(text: &str, tokens: &[Token]) -> Vec<bool> {
    let mut out = Vec::new();
    let (mut words, mut upper) = (0usize, 0usize);
    let mut close = |words: &mut usize, upper: &mut usize| {
        out.push(*words >= 3 && *upper * 4 >= *words * 3);
        (*words, *upper) = (0, 0);
    };
    for t in tokens {
        match t.kind {
            TokenKind::Newline => close(&mut words, &mut upper),
            TokenKind::Word => {
                let w = t.text(text);
                if w.chars().filter(|c| c.is_letter()).count() >= 2 {
                    words += 1;
                    upper += usize::from(case_of(w) == Some(Case::Upper));
                }
            }
            _ => {}
        }
    }
    close(&mut words, &mut upper);
    out
}

/// First letters an English OCR model reads in the other case than the
/// page's: `b` for a capital `Đ`, `I` for a lower-case `l`, `G` for a
/// lower-case `ư` or `u`. Counted in `../shared/ocr-pairs` train, where the
/// OCR and the clean word line up: every `b` that stood for a `đ` stood for
/// a capital (43 of 43), every `I` for an `l` for a lower-case one (106 of
/// 106), every `G` for a `ư` or a `u` for a lower-case one (35 of 35, 13 of
/// 13). On the page the word's case is then the confusion's, not the OCR
/// token's (`biéu khoan` is `Điều khoản`, `dap Ung` is `đáp ứng`, `Gy` is
/// `ủy`).
const FIRST_LETTER_FLIPS: [(char, char, bool); 4] = [
    ('b', 'đ', true),
    ('I', 'l', false),
    ('G', 'ư', false),
    ('G', 'u', false),
];

/// The case to write `repaired` (lower case) in, when OCR read it as
/// `original` in `case`.
///
/// A word that is not all capitals whose first letter went through a
/// case-flipping confusion takes that letter's case. And a word of one to
/// three letters in capitals, `lone` (its neighbours and its line not in
/// capitals), that repair gave a vowel mark is a title-case word whose
/// marked vowel OCR read as a capital (`BO` for `Bộ`, `HOi` for `Hội`,
/// `TAy` for `Tây`): of such words in `../shared/ocr-pairs` train and dev,
/// 198 are title case on the page, 2 capitals and 3 lower case.
/// Acronyms (`CLB`, `WB`) are kept as written before this is asked.
pub fn page_case(original: &str, repaired: &str, case: Case, lone: bool) -> Case {
    let (Some(o), Some(r)) = (original.chars().next(), repaired.chars().next()) else {
        return case;
    };
    let toneless = crate::syllable::split_tone(r).map_or(r, |(v, _)| v);
    let flip = FIRST_LETTER_FLIPS
        .iter()
        .find(|&&(from, to, _)| from == o && to == toneless);
    match flip {
        Some(&(_, _, upper)) if case != Case::Upper => {
            if upper {
                Case::Title
            } else {
                Case::Lower
            }
        }
        _ if case == Case::Upper
            && lone
            && original.chars().filter(|c| c.is_alphabetic()).count() <= 3
            && repaired.chars().any(|c| !c.is_ascii() && c != 'đ') =>
        {
            Case::Title
        }
        _ => case,
    }
}

/// Applies `case` to a lower-case word.
pub fn apply(word: &str, case: Case) -> String {
    match case {
        Case::Lower => word.to_string(),
        Case::Upper => word.to_uppercase(),
        Case::Title => {
            let mut cs = word.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().chain(cs).collect(),
                None => String::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_letters_read_in_the_other_case_take_the_page_case() {
        assert_eq!(page_case("biéu", "điều", Case::Lower, false), Case::Title);
        assert_eq!(page_case("Iuat", "luật", Case::Title, false), Case::Lower);
        assert_eq!(page_case("Ung", "ứng", Case::Title, false), Case::Title);
        assert_eq!(page_case("Ging", "ứng", Case::Title, false), Case::Lower);
        // The OCR's case stands where no flip explains the letters.
        assert_eq!(page_case("bay", "bảy", Case::Lower, false), Case::Lower);
        assert_eq!(page_case("Ban", "bản", Case::Title, false), Case::Title);
        // A word in capitals stays in capitals (`bOI` is `ĐỘI`).
        assert_eq!(page_case("bOI", "đội", Case::Upper, false), Case::Upper);
    }

    #[test]
    fn short_capitals_alone_among_lower_case_words_are_title_case() {
        assert_eq!(page_case("BO", "bộ", Case::Upper, true), Case::Title);
        assert_eq!(page_case("HOi", "hội", Case::Upper, true), Case::Title);
        // Among capitals, long, or with no mark but `đ`, they stay.
        assert_eq!(page_case("BO", "bộ", Case::Upper, false), Case::Upper);
        assert_eq!(page_case("NGAY", "ngày", Case::Upper, true), Case::Upper);
        assert_eq!(page_case("QD", "qđ", Case::Upper, true), Case::Upper);
    }

    #[test]
    fn patterns() {
        assert_eq!(case_of("PONG"), Some(Case::Upper));
        assert_eq!(case_of("Pong"), Some(Case::Title));
        assert_eq!(case_of("COng"), Some(Case::Title));
        assert_eq!(case_of("TiNH"), Some(Case::Upper));
        assert_eq!(case_of("CHi"), Some(Case::Upper));
        assert_eq!(case_of("bOI"), Some(Case::Upper));
        assert_eq!(case_of("ThÀnh"), Some(Case::Title));
        assert_eq!(case_of("CONng"), Some(Case::Title));
        assert_eq!(case_of("iPhone"), Some(Case::Lower));
        assert_eq!(case_of("s6"), Some(Case::Lower));
        assert_eq!(case_of("&"), None);
        assert_eq!(apply("đảng", Case::Upper), "ĐẢNG");
        assert_eq!(apply("đảng", Case::Title), "Đảng");
    }

    #[test]
    fn capital_lines_need_three_words_mostly_in_capitals() {
        let text = "QUYẾT ĐỊNH Ké HOẠCH\nVề việc ban hành\nUBND TỈNH\n\nSỐ 12, NGÀY 3";
        let tokens = crate::text::tokenize(text);
        assert_eq!(
            capital_lines(text, &tokens),
            vec![true, false, false, false, false]
        );
    }
}
