//! Lossless tokenizer: every byte of the text belongs to exactly one token.
//!
//! Word tokens deliberately include OCR debris inside letters (`s6`, `m&1`,
//! `¢6`, `THU'C`) because those are the words repair has to fix; numbers,
//! codes, URLs and e-mails are separate kinds so repair can leave them alone.

use crate::text::Letter;
use super::Span;

/// What a token is, as far as repair and extraction care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Letters, possibly with OCR digits/symbols inside: a syllable to repair.
    Word,
    /// Digits with separators: `2.449`, `96,6%`, `05/03/2024`, `2023-2025`.
    Number,
    /// A document code: `101-QD/PU`, `/BC-UBND`, `42/2013/QH13`.
    Code,
    /// `http://…`, `www.…`.
    Url,
    /// `name@host.tld`.
    Email,
    /// Markup kept verbatim: `<sup>`, `</sup>`.
    Markup,
    /// Any other non-space character run.
    Punct,
    /// Horizontal whitespace.
    Space,
    /// `\n`, `\r\n` or a lone `\r`.
    Newline,
}

/// One token: its kind and byte span in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.span.clone()]
    }
}

/// Splits `text` into tokens whose spans tile it exactly.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 3);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = next_char(text, i);
        if c == '\n' || c == '\r' {
            let len = if c == '\r' && bytes.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            out.push(tok(TokenKind::Newline, i, i + len));
            i += len;
        } else if c.is_whitespace() {
            let end = scan(text, i, super::breaks::is_inline_space);
            out.push(tok(TokenKind::Space, i, end));
            i = end;
        } else {
            let end = scan(text, i, |c| !c.is_whitespace());
            chunk(text, i, end, &mut out);
            i = end;
        }
    }
    out
}

fn tok(kind: TokenKind, start: usize, end: usize) -> Token {
    Token {
        kind,
        span: start..end,
    }
}

fn next_char(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or('\0')
}

fn scan(text: &str, start: usize, keep: impl Fn(char) -> bool) -> usize {
    text[start..]
        .char_indices()
        .find(|&(_, c)| !keep(c))
        .map_or(text.len(), |(j, _)| start + j)
}

/// Characters that can sit inside an OCR'd word: letters, digits, marks and
/// the symbols English OCR writes for Vietnamese vowels (`&`=ơ, `¢`=c/ê, …).
fn is_word_char(c: char) -> bool {
    c.is_letter_or_number()
        || matches!(
            c,
            '&' | '¢' | '£' | '§' | '\'' | '’' | '$' | '€' | '°' | '^' | '~' | '`'
        )
        || is_trailing_debris(c)
        || unicode_normalization::char::is_combining_mark(c)
}

/// Symbols English OCR leaves glued after a word for a mark it could not
/// read (`s&@` for `sở`, `ky¥` for `kỹ`): part of the word, never its start.
pub fn is_trailing_debris(c: char) -> bool {
    matches!(c, '@' | '¥' | '®' | '{' | '}')
}

/// Edge punctuation that never belongs to a word.
fn is_edge_punct(c: char) -> bool {
    !is_word_char(c) || is_edge_only(c) || is_trailing_debris(c)
}

/// Classifies one whitespace-free chunk, emitting tokens for `[start, end)`.
fn chunk(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let mut i = start;
    while i < end {
        let rest = &text[i..end];
        if let Some(len) = url_len(rest) {
            out.push(tok(TokenKind::Url, i, i + len));
            i += len;
            continue;
        }
        if let Some(len) = markup_len(rest) {
            out.push(tok(TokenKind::Markup, i, i + len));
            i += len;
            continue;
        }
        let c = next_char(text, i);
        // A debris symbol standing alone is a whole OCR'd word (`¥` for `ý`).
        if is_trailing_debris(c) && i == start && c.len_utf8() == end - start {
            out.push(tok(TokenKind::Word, i, end));
            break;
        }
        // A mark with no letter before it (the variation selector of `❤️`)
        // starts no word: it is punctuation's.
        let bare_mark = !c.is_letter_or_number() && unicode_normalization::char::is_combining_mark(c);
        if (is_edge_punct(c) || bare_mark) && !starts_code(rest) {
            let len = c.len_utf8();
            push_punct(text, out, i, i + len);
            i += len;
            continue;
        }
        // A core: word chars plus joiners (`/ - . , :`) that sit between word chars.
        let mut j = i;
        let mut k = i;
        while k < end {
            let c = next_char(text, k);
            if is_word_char(c)
                && !(k > i && is_edge_only(c) && !followed_by_word(text, k + c.len_utf8(), end))
            {
                k += c.len_utf8();
                j = k;
            } else if matches!(c, '/' | '-' | '.' | ',' | ':' | '%' | '_')
                && (followed_by_word(text, k + 1, end) || (c == '%' && k > i))
            {
                k += 1;
                if c == '%' {
                    j = k;
                }
            } else if c == '/' && k == i {
                k += 1;
            } else {
                break;
            }
        }
        if j == i {
            let len = c.len_utf8();
            push_punct(text, out, i, i + len);
            i += len;
            continue;
        }
        core(text, i, j, out);
        i = j;
    }
}

/// `'` and similar only count as word chars inside a word, not at its end.
fn is_edge_only(c: char) -> bool {
    matches!(c, '\'' | '’' | '`' | '^' | '~' | '$' | '°')
}

fn followed_by_word(text: &str, at: usize, end: usize) -> bool {
    at < end && is_word_char(next_char(text, at)) && !is_edge_only(next_char(text, at))
}

/// A chunk like `/BC-UBND` starts a code even though `/` is punctuation.
fn starts_code(rest: &str) -> bool {
    let mut it = rest.chars();
    it.next() == Some('/') && it.next().is_some_and(|c| c.is_letter_or_number())
}

fn url_len(rest: &str) -> Option<usize> {
    // Only the first bytes decide (lower-casing all of `rest` here made runs
    // of multi-byte punctuation quadratic), compared without allocating:
    // every chunk of every line asks.
    let opens = |p: &str| {
        rest.as_bytes()
            .get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
    };
    if !(opens("http://") || opens("https://") || opens("www.")) {
        return None;
    }
    Some(
        rest.trim_end_matches(|c: char| ".,;:!?)]}\"'”’".contains(c))
            .len(),
    )
}

fn markup_len(rest: &str) -> Option<usize> {
    if !rest.starts_with('<') {
        return None;
    }
    // Tags are short: look for `>` in the first 25 bytes only, or a run of
    // `<` without `>` rescans the rest of the chunk at every `<` (quadratic).
    let close = rest.bytes().take(25).position(|b| b == b'>')?;
    let inner = rest[1..close].trim_start_matches('/');
    (close <= 24
        && !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '='))
    .then_some(close + 1)
}

/// What English OCR writes for a horn glued after the word: `*` for the
/// horned `ư` under a grave, hook or tilde (`ti*`), an apostrophe for the
/// horn of `ơ` (`co'`); see `repair::horns`.
pub const HORN_GLYPHS: [&str; 3] = ["*", "'", "’"];

/// Adds punctuation, joined to the punctuation right before it, except to a
/// single [`HORN_GLYPHS`] mark glued after a word, which stays a token of
/// its own (`ti*):` is `ti`, `*`, `):`; `co',` is `co`, `'`, `,`).
fn push_punct(text: &str, out: &mut Vec<Token>, start: usize, end: usize) {
    let n = out.len();
    let after_word_horn = n >= 2
        && out[n - 2].kind == TokenKind::Word
        && out[n - 2].span.end == out[n - 1].span.start
        && HORN_GLYPHS.contains(&out[n - 1].text(text))
        && text[start..end] != *out[n - 1].text(text);
    if let Some(last) = out.last_mut()
        && last.kind == TokenKind::Punct
        && last.span.end == start
        && !after_word_horn
    {
        last.span.end = end;
        return;
    }
    out.push(tok(TokenKind::Punct, start, end));
}

/// Decides what a core (word chars with inner joiners) is.
fn core(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let s = &text[start..end];
    if is_email(s) {
        out.push(tok(TokenKind::Email, start, end));
        return;
    }
    if is_number(s) {
        out.push(tok(TokenKind::Number, start, end));
        return;
    }
    let has_joiner = s.contains(['/', '-', '.', ',', ':', '_']);
    if !has_joiner {
        out.push(tok(TokenKind::Word, start, end));
        return;
    }
    if is_code(s) {
        out.push(tok(TokenKind::Code, start, end));
        return;
    }
    // Ordinary words joined by punctuation (`đồng/người/năm`, `kinh-tế`): split.
    let mut i = start;
    for (off, c) in s.char_indices() {
        if matches!(c, '/' | '-' | '.' | ',' | ':' | '_') {
            let at = start + off;
            if at > i {
                out.push(word_or_number(text, i, at));
            }
            push_punct(text, out, at, at + 1);
            i = at + 1;
        }
    }
    if i < end {
        out.push(word_or_number(text, i, end));
    }
}

fn word_or_number(text: &str, start: usize, end: usize) -> Token {
    let kind = if is_number(&text[start..end]) {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    tok(kind, start, end)
}

/// Digits with separators, optionally a trailing `%`, or digits followed by a
/// short unit (`15km`, `10ha`): never something repair should rewrite.
fn is_number(s: &str) -> bool {
    let body = s.strip_suffix('%').unwrap_or(s);
    let digits = body.chars().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    if body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '/' | ':' | '-'))
    {
        return true;
    }
    // 15km, 100m2: digits followed by a unit of measure. Only known units:
    // `16n` is OCR for `lớn`, not a quantity.
    let lead = body.chars().take_while(|c| c.is_ascii_digit()).count();
    let unit = body[lead..].to_lowercase();
    lead >= 1 && UNITS.contains(&unit.as_str())
}

/// Units that follow a number without a space in Vietnamese reports.
const UNITS: [&str; 22] = [
    "km", "m", "cm", "mm", "ha", "kg", "g", "t", "m2", "m3", "km2", "kw", "kwh", "mw", "l", "ml",
    "h", "ph", "tr", "đ", "vnđ", "usd",
];

/// Codes carry digits or upper-case abbreviations between their joiners.
fn is_code(s: &str) -> bool {
    if s.starts_with('/') || s.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    s.split(['/', '-', '.', ',', ':', '_'])
        .any(|seg| seg.chars().filter(|c| c.is_uppercase()).count() >= 2)
        && s.contains(['/', '-'])
}

fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, host)) => !user.is_empty() && host.contains('.') && !host.ends_with('.'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.kind, &text[t.span]))
            .collect()
    }

    fn non_space(text: &str) -> Vec<(TokenKind, &str)> {
        kinds(text)
            .into_iter()
            .filter(|(k, _)| !matches!(k, TokenKind::Space | TokenKind::Newline))
            .collect()
    }

    /// A variation selector or other mark with no letter before it is no
    /// word (repair once wrote `❤️` as `❤a`); after a letter it is the
    /// letter's (NFD `e\u{301}`).
    #[test]
    fn a_bare_mark_is_no_word() {
        use TokenKind::*;
        assert_eq!(non_space("❤\u{fe0f} ok"), vec![(Punct, "❤\u{fe0f}"), (Word, "ok")]);
        assert_eq!(non_space("\u{301}"), vec![(Punct, "\u{301}")]);
        assert_eq!(non_space("de\u{301}"), vec![(Word, "de\u{301}")]);
    }

    #[test]
    fn ocr_words_stay_whole() {
        use TokenKind::*;
        assert_eq!(
            non_space("s6 c6 x3, 1a m&1 ¢6 THU'C"),
            vec![
                (Word, "s6"),
                (Word, "c6"),
                (Word, "x3"),
                (Punct, ","),
                (Word, "1a"),
                (Word, "m&1"),
                (Word, "¢6"),
                (Word, "THU'C")
            ]
        );
    }

    #[test]
    fn numbers_codes_and_dates() {
        use TokenKind::*;
        assert_eq!(
            non_space("2.449 96,6% 05/03/2024 101-QD/PU /BC-UBND 42/2013/QH13 Qb/PU 2023-2025."),
            vec![
                (Number, "2.449"),
                (Number, "96,6%"),
                (Number, "05/03/2024"),
                (Code, "101-QD/PU"),
                (Code, "/BC-UBND"),
                (Code, "42/2013/QH13"),
                (Code, "Qb/PU"),
                (Number, "2023-2025"),
                (Punct, "."),
            ]
        );
    }

    #[test]
    fn urls_emails_markup_and_quotes() {
        use TokenKind::*;
        assert_eq!(
            non_space("(https://dichvucong.gov.vn), ubnd@bacgiang.gov.vn “Chinh Việt<sup>1</sup>"),
            vec![
                (Punct, "("),
                (Url, "https://dichvucong.gov.vn"),
                (Punct, "),"),
                (Email, "ubnd@bacgiang.gov.vn"),
                (Punct, "“"),
                (Word, "Chinh"),
                (Word, "Việt"),
                (Markup, "<sup>"),
                (Number, "1"),
                (Markup, "</sup>"),
            ]
        );
    }

    #[test]
    fn plain_words_joined_by_slash_split() {
        use TokenKind::*;
        assert_eq!(
            non_space("đồng/người/năm I. |."),
            vec![
                (Word, "đồng"),
                (Punct, "/"),
                (Word, "người"),
                (Punct, "/"),
                (Word, "năm"),
                (Word, "I"),
                (Punct, "."),
                (Punct, "|.")
            ]
        );
    }

    #[test]
    fn units_are_numbers_but_ocr_digits_are_words() {
        use TokenKind::*;
        assert_eq!(
            non_space("15km 10ha 16n 1a"),
            vec![
                (Number, "15km"),
                (Number, "10ha"),
                (Word, "16n"),
                (Word, "1a")
            ]
        );
    }

    #[test]
    fn trailing_ocr_debris_stays_with_its_word() {
        use TokenKind::*;
        assert_eq!(
            non_space("s&@ ky¥, {x"),
            vec![
                (Word, "s&@"),
                (Word, "ky¥"),
                (Punct, ","),
                (Punct, "{"),
                (Word, "x")
            ]
        );
    }

    #[test]
    fn lone_debris_is_a_word() {
        use TokenKind::*;
        assert_eq!(
            non_space("ở ¥ @ x"),
            vec![(Word, "ở"), (Word, "¥"), (Word, "@"), (Word, "x")]
        );
    }

    #[test]
    fn crlf_and_spaces() {
        use TokenKind::*;
        assert_eq!(
            kinds("a \t\r\nb\rc"),
            vec![
                (Word, "a"),
                (Space, " \t"),
                (Newline, "\r\n"),
                (Word, "b"),
                (Newline, "\r"),
                (Word, "c")
            ]
        );
    }
}
