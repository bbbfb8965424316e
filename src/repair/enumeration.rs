//! The letters of a legal enumeration. Points (`điểm`) are lettered in the
//! Vietnamese alphabet, `a), b), c), d), đ), e), g)` (Decree 30/2020/NĐ-CP,
//! Appendix I, on the layout of a normative text), and a citation names
//! them the same way (`điểm d, điểm đ khoản 2`). A cited letter is a
//! letter, not a word for the language model to guess at (it made `điểm d`
//! into `điểm a`); English OCR writes `đ` as `d`, but a point lettered `d`
//! right after a point lettered `d` can only be `đ`; and `¢` in a list of
//! points (`các điểm a, b, ¢ và d`) is the `c` it was printed as.

use crate::text::Letter;
use super::units::{Unit, unit_of};
use crate::syllable::fold_char;
use crate::text::{Token, TokenKind};

/// What a point letter's token is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PointLetter {
    /// As it is.
    Keep,
    /// This letter instead (`đ` for a second `d`, `c` for `¢`).
    Write(char),
}

/// The point letters of `tokens`, ascending by token index: a line's
/// marker `d)` after a line whose marker was `d)` (the others are told by
/// the repair of list markers), and every cited point (after `điểm`, or
/// after a cited point and `,`, `và`, `hoặc`).
pub(crate) fn point_letters(text: &str, tokens: &[Token]) -> Vec<(usize, PointLetter)> {
    let mut found = Vec::new();
    let mut last_marker: Option<char> = None;
    let mut line_start = true;
    // The line before ended the decoder's sentence, or a blank line came
    // since: where chunked repair may cut (`pipeline::chunks`), so a list
    // is only followed past it by a line opening with a marker (it never
    // cuts before one), and its state is forgotten anywhere else. That
    // keeps a chunk's letters those of the whole text.
    let mut may_cut = false;
    let mut line_has_text = false;
    let mut last_unit_ends = false;
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
                may_cut = !line_has_text || last_unit_ends;
                if !line_has_text {
                    // A blank line: no list reads on across it.
                    (cited, after_point_word) = (None, false);
                }
                (line_start, line_has_text) = (true, false);
                continue;
            }
            _ => {}
        }
        line_has_text = true;
        last_unit_ends = unit_of(t.kind, s) == Unit::Boundary;
        let opens_line = std::mem::replace(&mut line_start, false);
        let letter = point_letter(t, s);
        let marker = opens_line && letter.is_some() && closes_marker(text, tokens, i);
        if opens_line && !marker && may_cut {
            last_marker = None;
        }
        if let Some(l) = letter {
            if marker {
                let d = l == 'd' && last_marker == Some('d');
                if d {
                    found.push((i, PointLetter::Write(dd(s))));
                }
                last_marker = Some(if d { 'đ' } else { l });
                cited = None;
                after_point_word = false;
                continue;
            }
            let in_list = linked && cited.is_some();
            // `¢` alone after `điểm` may be OCR's `có` or `ở` as well.
            if in_list || (after_point_word && s != "¢") {
                let d = l == 'd' && cited == Some('d');
                let written = if d {
                    PointLetter::Write(dd(s))
                } else if s == "¢" {
                    PointLetter::Write('c')
                } else {
                    PointLetter::Keep
                };
                found.push((i, written));
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

/// Whether token `i` (a one-letter word) is followed by the `)` of a
/// marker.
fn closes_marker(text: &str, tokens: &[Token], i: usize) -> bool {
    tokens
        .get(i + 1)
        .is_some_and(|n| n.kind == TokenKind::Punct && n.text(text).starts_with(')'))
}

/// Whether `line` opens with a list marker (`d)`, `¢)`) as
/// [`point_letters`] reads one: chunked repair never cuts before such a
/// line, so a list's markers are read in one piece.
pub(crate) fn opens_with_marker(line: &str) -> bool {
    // A marker is a line's first few bytes; a longer first token is none.
    let mut end = line.len().min(64);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    let line = &line[..end];
    let tokens = crate::text::tokenize(line);
    let Some(i) = tokens.iter().position(|t| t.kind != TokenKind::Space) else {
        return false;
    };
    let t = &tokens[i];
    t.kind != TokenKind::Newline
        && point_letter(t, t.text(line)).is_some()
        && closes_marker(line, &tokens, i)
}

/// `đ` in the case `d` was written in.
fn dd(d: &str) -> char {
    if d == "D" { 'Đ' } else { 'đ' }
}

/// The point letter a one-letter word token stands for (lower case), if it
/// is one; `¢` is OCR's `c`.
fn point_letter(t: &Token, s: &str) -> Option<char> {
    if t.kind != TokenKind::Word {
        return None;
    }
    let mut cs = s.chars();
    let c = cs.next()?;
    if cs.next().is_some() {
        return None;
    }
    match c {
        '¢' => Some('c'),
        c if c.is_letter() => c.to_lowercase().next(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    /// Where [`point_letters`] writes another letter: byte offsets, so a
    /// test reads as positions in its text.
    fn marked(text: &str) -> Vec<usize> {
        let tokens = tokenize(text);
        point_letters(text, &tokens)
            .iter()
            .filter(|(_, w)| *w != PointLetter::Keep)
            .map(|&(i, _)| tokens[i].span.start)
            .collect()
    }

    #[test]
    fn cited_letters_are_kept_and_cent_in_a_list_is_c() {
        let text = "tai cac diem a, b, ¢ va d khoan 1; diem d khoan 3";
        let tokens = tokenize(text);
        let found = point_letters(text, &tokens);
        let letters: Vec<(&str, PointLetter)> =
            found.iter().map(|&(i, w)| (tokens[i].text(text), w)).collect();
        use PointLetter::*;
        assert_eq!(
            letters,
            vec![("a", Keep), ("b", Keep), ("¢", Write('c')), ("d", Keep), ("d", Keep)]
        );
        // Alone after `điểm`, `¢` is left to the model (`địa điểm có`).
        let text = "dia diem ¢ nhieu";
        assert!(point_letters(text, &tokenize(text)).is_empty());
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
