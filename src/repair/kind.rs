//! What damaged a text, decided for the document and then line by line
//! where a line's own evidence clearly says otherwise, so that a document
//! mixing kinds (a stripped article with an OCR'd quotation, an OCR'd
//! report with a pasted clean paragraph) gets each part repaired the way
//! it needs and clean text is never touched.
//!
//! The evidence is in the letters. English-model OCR leaves Latin marks and
//! debris (`Két`, `quyén`, `s&@`) but never writes a letter beyond Latin-1
//! (`ư`, `ơ`, `ă`, `đ`, `ế`, `ợ`), which correct Vietnamese has in a good
//! share of its words; stripped text has neither. Words in other scripts,
//! IPA and symbols (`歐洲`, `[ˈeβo]`, `km²`) are evidence of nothing.

use crate::text::{Token, TokenKind, fold_char};

/// What kind of damage the input has, which decides the channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum InputKind {
    /// Decide per document, and per line where a line clearly differs.
    #[default]
    Auto,
    /// English-model OCR output: marks garbled, letters confused.
    Ocr,
    /// Correct letters with every diacritic stripped (`Quyet dinh so`).
    Plain,
    /// Already correct Vietnamese (`Quyết định số`): left as it is.
    Clean,
}

/// What one word says about the text it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    /// A letter beyond Latin-1 that folds to a Latin letter: clean text.
    Vietnamese,
    /// A Latin letter with a mark, or OCR debris: OCR output, unless the
    /// text is clean (clean Vietnamese writes `có`, `là` too).
    Marked,
    /// ASCII letters only.
    Ascii,
    /// Another script, IPA or symbols: counts for nothing.
    Foreign,
}

/// Letters beyond Latin-1 that fold to a Latin letter (`ư`, `ơ`, `đ`, `ế`).
pub(crate) fn is_beyond_latin1_letter(c: char) -> bool {
    c as u32 > 0xFF && fold_char(c).is_ascii_alphabetic()
}

/// Symbols English OCR writes inside or after a word for a mark it could
/// not read.
fn is_ocr_debris(c: char) -> bool {
    matches!(c, '&' | '¢' | '£' | '§' | '€' | '¥' | '@' | '®')
}

fn evidence(word: &str) -> Evidence {
    let mut marked = false;
    // `R&D`, `AT&T` are abbreviations; OCR debris sits in lower-case words.
    let lower = word.chars().any(|c| c.is_lowercase());
    for c in word.chars() {
        if is_ocr_debris(c) {
            marked |= lower;
            continue;
        }
        if c.is_ascii() {
            continue;
        }
        if is_beyond_latin1_letter(c) {
            return Evidence::Vietnamese;
        }
        if fold_char(c).is_ascii_alphabetic() {
            marked = true;
        } else {
            return Evidence::Foreign;
        }
    }
    if marked {
        Evidence::Marked
    } else if word.bytes().any(|b| b.is_ascii_alphabetic()) {
        Evidence::Ascii
    } else {
        Evidence::Foreign
    }
}

/// Whether an ASCII word, lower-cased, is a syllable. Syllables are short
/// (`nghieng` has 7 letters), so the lower case goes in a buffer on the stack
/// and only a longer word pays for a `String`.
fn is_syllable_ascii(word: &str, is_syllable: &dyn Fn(&str) -> bool) -> bool {
    let mut buf = [0u8; 16];
    let Some(lower) = buf.get_mut(..word.len()) else {
        return is_syllable(&word.to_ascii_lowercase());
    };
    for (l, b) in lower.iter_mut().zip(word.bytes()) {
        *l = b.to_ascii_lowercase();
    }
    std::str::from_utf8(lower).is_ok_and(is_syllable)
}

/// Counts of evidence over some words.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    vietnamese: usize,
    marked: usize,
    ascii: usize,
    /// ASCII words that spell a Vietnamese syllable.
    syllables: usize,
}

impl Tally {
    fn add(&mut self, word: &str, is_syllable: &dyn Fn(&str) -> bool) {
        match evidence(word) {
            Evidence::Vietnamese => self.vietnamese += 1,
            Evidence::Marked => self.marked += 1,
            Evidence::Ascii => {
                self.ascii += 1;
                self.syllables += usize::from(is_syllable_ascii(word, is_syllable));
            }
            Evidence::Foreign => {}
        }
    }

    /// Words of Latin script.
    fn latin(&self) -> usize {
        self.vietnamese + self.marked + self.ascii
    }

    /// A line's own kind when its evidence clearly contradicts the
    /// document's: clean Vietnamese in any document, OCR marks in a
    /// stripped one, a stripped Vietnamese paragraph (no marks at all,
    /// nearly every word a syllable, so not English) in a clean one.
    fn line(&self, document: InputKind) -> Option<InputKind> {
        let words = self.latin();
        match document {
            _ if document != InputKind::Clean && words >= 4 && self.vietnamese * 5 >= words * 2 => {
                Some(InputKind::Clean)
            }
            InputKind::Plain if self.marked >= 2 && self.marked * 10 >= words => {
                Some(InputKind::Ocr)
            }
            InputKind::Clean
                if words >= 5 && self.ascii == words && self.syllables * 10 >= words * 9 =>
            {
                Some(InputKind::Plain)
            }
            _ => None,
        }
    }
}

/// Evidence of a whole document, line by line.
#[derive(Debug, Default)]
struct Document {
    all: Tally,
    /// Latin words on lines without a single mark (stripped-looking).
    unmarked: usize,
}

impl Document {
    fn add_line(&mut self, line: &Tally) {
        self.all.vietnamese += line.vietnamese;
        self.all.marked += line.marked;
        self.all.ascii += line.ascii;
        self.all.syllables += line.syllables;
        if line.marked + line.vietnamese == 0 {
            self.unmarked += line.latin();
        }
    }

    /// Stripped when most words sit on lines without any mark (OCR leaves
    /// a mark on nearly every line: 64–93% of the words of real OCR'd
    /// documents sit on lines with one), clean when a fifth of the words
    /// have letters OCR cannot write, otherwise OCR. Short snippets
    /// without marks are more likely OCR.
    fn kind(&self) -> InputKind {
        let words = self.all.latin();
        if words >= 40 && self.unmarked * 10 >= words * 6 {
            InputKind::Plain
        } else if words >= 5 && self.all.vietnamese * 5 >= words {
            InputKind::Clean
        } else {
            InputKind::Ocr
        }
    }
}

/// Each line's tally, lines ending at newline tokens.
fn tallies(text: &str, tokens: &[Token], is_syllable: &dyn Fn(&str) -> bool) -> Vec<Tally> {
    let mut out = vec![Tally::default()];
    for tok in tokens {
        match tok.kind {
            TokenKind::Word => {
                if let Some(t) = out.last_mut() {
                    t.add(tok.text(text), is_syllable);
                }
            }
            TokenKind::Newline => out.push(Tally::default()),
            _ => {}
        }
    }
    out
}

fn document_kind(lines: &[Tally]) -> InputKind {
    let mut d = Document::default();
    for l in lines {
        d.add_line(l);
    }
    d.kind()
}

/// The kind of a whole text.
pub fn resolve_kind(text: &str, tokens: &[Token], requested: InputKind) -> InputKind {
    if requested != InputKind::Auto {
        return requested;
    }
    document_kind(&tallies(text, tokens, &|_| false))
}

/// The kind of each line of `text` (lines end at newline tokens): the
/// document's kind (`document`, or decided here when `None`), a line's
/// own where [`InputKind::Auto`] was asked for and the line clearly
/// differs. A line's kind depends on the line and the document kind only,
/// so repairing a text in chunks gives the same kinds. `is_syllable` says
/// whether a lower-case ASCII word is some syllable stripped of its marks.
pub fn line_kinds(
    text: &str,
    tokens: &[Token],
    requested: InputKind,
    document: Option<InputKind>,
    is_syllable: &dyn Fn(&str) -> bool,
) -> Vec<InputKind> {
    let lines = tallies(text, tokens, is_syllable);
    if requested != InputKind::Auto {
        return vec![requested; lines.len()];
    }
    let document = document.unwrap_or_else(|| document_kind(&lines));
    lines
        .iter()
        .map(|l| l.line(document).unwrap_or(document))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    /// Stripped syllables for the tests: the words of the test lines.
    fn is_syllable(w: &str) -> bool {
        "ket qua xay dung chinh quyen than thien vi nhan dan phuc vu tai xa trong nam"
            .split(' ')
            .any(|s| s == w)
    }

    fn kinds(text: &str) -> Vec<InputKind> {
        line_kinds(text, &tokenize(text), InputKind::Auto, None, &is_syllable)
    }

    #[test]
    fn ascii_words_are_looked_up_in_lower_case_at_any_length() {
        for (word, expected) in [("QUYEN", true), ("Xay", true), ("xyz", false), ("", false)] {
            assert_eq!(is_syllable_ascii(word, &is_syllable), expected, "{word}");
        }
        let long = "NGHIENGNGHIENGNGHIENG";
        let is_long = |w: &str| w == long.to_ascii_lowercase();
        assert!(is_syllable_ascii(long, &is_long));
    }

    #[test]
    fn words_tell_their_kind() {
        assert_eq!(evidence("Việt"), Evidence::Vietnamese);
        assert_eq!(evidence("Két"), Evidence::Marked);
        assert_eq!(evidence("s&@"), Evidence::Marked);
        assert_eq!(evidence("quyet"), Evidence::Ascii);
        for foreign in ["歐洲", "[ˈeβo]", "km²", "Ευρωπη", "ə"] {
            assert_eq!(evidence(foreign), Evidence::Foreign, "{foreign}");
        }
    }

    #[test]
    fn foreign_words_do_not_make_stripped_text_look_like_ocr() {
        let line =
            "Chau Au (歐羅巴, Ευρωπη, [ˈeβo]) la mot chau luc co dien tich 10 trieu km² va dan so ";
        let text = line.repeat(4);
        assert_eq!(kinds(&text), vec![InputKind::Plain]);
    }

    #[test]
    fn a_mixed_document_is_decided_line_by_line() {
        let plain =
            "Ket qua xay dung chinh quyen than thien vi nhan dan phuc vu tai xa trong nam qua\n";
        let ocr = "Két qua xdy dung chinh quyén s6 101 ngay vé viéc trién khai\n";
        let english = "Understanding Vietnam by Neil Jamieson, University of California Press\n";
        let clean = "Kết quả xây dựng chính quyền thân thiện vì nhân dân phục vụ\n";
        let text = format!("{plain}{plain}{plain}{ocr}{clean}{plain}");
        let clean_doc = format!("{clean}{clean}{plain}{english}{clean}");
        assert_eq!(
            kinds(&clean_doc),
            [
                InputKind::Clean,
                InputKind::Clean,
                InputKind::Plain,
                InputKind::Clean,
                InputKind::Clean,
                InputKind::Clean,
            ]
        );
        assert_eq!(
            kinds(&text),
            [
                InputKind::Plain,
                InputKind::Plain,
                InputKind::Plain,
                InputKind::Ocr,
                InputKind::Clean,
                InputKind::Plain,
                InputKind::Plain,
            ]
        );
        // An explicit kind holds for every line.
        let tokens = tokenize(&text);
        assert!(
            line_kinds(&text, &tokens, InputKind::Ocr, None, &is_syllable)
                .iter()
                .all(|&k| k == InputKind::Ocr)
        );
    }
}
