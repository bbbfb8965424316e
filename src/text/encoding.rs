//! Input encoding detection and conversion for Vietnamese archives.
//!
//! Old government reports arrive as UTF-8, UTF-16 (Windows "Unicode" text),
//! Windows-1258, TCVN3 (ABC), VNI-Windows or VIQR. Every decoder here feeds a
//! [`MapBuilder`] so that each character of the NFC text still maps back to
//! the exact input bytes it came from.

use super::intake::{Document, IntakeError, IntakeOptions, decode};
use std::fmt;
use std::str::FromStr;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};

/// An input encoding we can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8, BOM optional (also NFD UTF-8).
    Utf8,
    /// UTF-16 little endian (Windows "Unicode" text files).
    Utf16Le,
    /// UTF-16 big endian.
    Utf16Be,
    /// Windows-1258: base letters plus combining tone marks.
    Windows1258,
    /// TCVN 5712:1993 VN3 ("ABC", `.VnTime` fonts): one byte per letter.
    Tcvn3,
    /// VNI-Windows (`VNI-Times` fonts): base letter followed by a mark byte.
    VniWindows,
    /// VIQR (RFC 1456): ASCII mnemonics such as `Vie^.t`.
    Viqr,
}

impl Encoding {
    /// Every encoding, in the order the CLI lists them.
    pub const ALL: [Encoding; 7] = [
        Encoding::Utf8,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Windows1258,
        Encoding::Tcvn3,
        Encoding::VniWindows,
        Encoding::Viqr,
    ];

    /// Stable name used in JSON output and messages.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::VniWindows => "vni-windows",
            Encoding::Viqr => "viqr",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Encoding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// `--encoding` named something we cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown encoding `{0}` (expected utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni-windows or viqr)"
)]
pub struct UnknownEncoding(pub String);

impl FromStr for Encoding {
    type Err = UnknownEncoding;

    /// Accepts the canonical names plus the aliases people actually type
    /// (`cp1258`, `abc`, `vni`, `utf16`, ...), case- and `_`/`-`-insensitive.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' ' | '.'))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        Ok(match key.as_str() {
            "utf8" | "utf8bom" | "unicodeutf8" => Encoding::Utf8,
            "utf16" | "utf16le" | "ucs2" | "ucs2le" | "unicode" => Encoding::Utf16Le,
            "utf16be" | "ucs2be" | "unicodebe" => Encoding::Utf16Be,
            "windows1258" | "cp1258" | "win1258" | "1258" | "vncp1258" | "ms1258" => {
                Encoding::Windows1258
            }
            "tcvn3" | "tcvn" | "abc" | "tcvn3abc" | "tcvn5712" | "tcvn57121993" | "vn3"
            | "vntime" => Encoding::Tcvn3,
            "vniwindows" | "vni" | "vniwin" | "vnitimes" => Encoding::VniWindows,
            "viqr" | "vietnet" => Encoding::Viqr,
            _ => return Err(UnknownEncoding(s.to_string())),
        })
    }
}

/// Bytes inspected when scoring candidate encodings; enough for hundreds of
/// words while keeping detection cheap on large archives.
const SAMPLE_LEN: usize = 64 * 1024;

/// Guesses the encoding of `bytes`.
///
/// Valid UTF-8 containing any non-ASCII character is always UTF-8 (legacy
/// Vietnamese byte strings essentially never form valid multi-byte UTF-8).
/// ASCII-only input is UTF-8 unless it is clearly VIQR or NUL-patterned
/// UTF-16. Other bytes are decoded with each legacy table and the one giving
/// the most plausible Vietnamese syllables wins; with no evidence we fall back
/// to UTF-8 so intake reports the invalid byte (or replaces it with `--lossy`).
pub fn detect(bytes: &[u8]) -> Encoding {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Encoding::Utf8;
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Encoding::Utf16Le;
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Encoding::Utf16Be;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) if !s.is_ascii() => Encoding::Utf8,
        Ok(s) => {
            if let Some(enc) = utf16_by_nuls(bytes) {
                enc
            } else if looks_like_viqr(sample_str(s)) {
                Encoding::Viqr
            } else {
                Encoding::Utf8
            }
        }
        Err(_) => {
            if let Some(enc) = utf16_by_nuls(bytes) {
                return enc;
            }
            if mostly_utf8(bytes) {
                return Encoding::Utf8;
            }
            best_legacy(sample(bytes)).unwrap_or(Encoding::Utf8)
        }
    }
}

/// Decodes `bytes` in the `forced` encoding, or the detected one, into an
/// NFC [`Document`] whose spans map back to the original bytes.
///
/// UTF-8 goes through [`decode`] unchanged, so its `encoding` stays `utf-8`
/// or `utf-8-bom`; other encodings report [`Encoding::name`].
pub fn decode_auto(
    source: &str,
    bytes: &[u8],
    opts: &IntakeOptions,
    forced: Option<Encoding>,
) -> Result<Document, IntakeError> {
    let enc = forced.unwrap_or_else(|| detect(bytes));
    if enc == Encoding::Utf8 {
        return decode(source, bytes, opts);
    }
    let mut b = MapBuilder::with_capacity(bytes.len());
    let result = match enc {
        Encoding::Utf8 => Ok(()),
        Encoding::Utf16Le => utf16_into(bytes, false, opts.lossy, &mut b),
        Encoding::Utf16Be => utf16_into(bytes, true, opts.lossy, &mut b),
        Encoding::Windows1258 => {
            windows1258_into(bytes, &mut b);
            Ok(())
        }
        Encoding::Tcvn3 => {
            tcvn3_into(bytes, &mut b);
            Ok(())
        }
        Encoding::VniWindows => {
            vni_into(bytes, &mut b);
            Ok(())
        }
        Encoding::Viqr => viqr_into(bytes, opts.lossy, &mut b),
    };
    if let Err(offset) = result {
        let line = 1 + bytes[..offset.min(bytes.len())]
            .iter()
            .filter(|&&x| x == b'\n')
            .count();
        return Err(match enc {
            Encoding::Viqr => IntakeError::InvalidUtf8 {
                source_name: source.to_string(),
                offset,
                line,
            },
            _ => IntakeError::InvalidEncoding {
                source_name: source.to_string(),
                encoding: enc.name(),
                offset,
                line,
            },
        });
    }
    b.flush();
    if let Some(offset) = b.nul_at.filter(|_| !opts.allow_binary) {
        return Err(IntakeError::Binary {
            source_name: source.to_string(),
            offset,
        });
    }
    Ok(b.finish(source, enc.name(), bytes.len()))
}

// ---------------------------------------------------------------------------
// Offset-preserving text builder
// ---------------------------------------------------------------------------

/// Accumulates decoded characters with their input ranges, composing to NFC
/// run by run and anchoring only where text and input lengths diverge, so a
/// long ASCII run costs no anchors.
struct MapBuilder {
    text: String,
    anchors: Vec<(usize, usize)>,
    /// The current NFC run: a starter and the combining marks after it.
    pending: Vec<(char, usize, usize)>,
    /// Input offset that the end of `text` maps to under the current anchors.
    input_at: usize,
    /// Input offset of the first decoded U+0000, for the binary-file check.
    nul_at: Option<usize>,
}

impl MapBuilder {
    fn with_capacity(n: usize) -> Self {
        MapBuilder {
            text: String::with_capacity(n + n / 4),
            anchors: Vec::new(),
            pending: Vec::with_capacity(4),
            input_at: 0,
            nul_at: None,
        }
    }

    /// Adds one decoded character that came from input bytes `start..end`.
    fn push(&mut self, c: char, start: usize, end: usize) {
        if c == '\0' && self.nul_at.is_none() {
            self.nul_at = Some(start);
        }
        if canonical_combining_class(c) == 0 {
            self.flush();
        }
        self.pending.push((c, start, end));
    }

    /// Emits the pending run, NFC-composed if that changes it.
    fn flush(&mut self) {
        match self.pending.len() {
            0 => {}
            1 => {
                let (c, s, e) = self.pending[0];
                self.emit(c.encode_utf8(&mut [0; 4]), s, e);
            }
            _ => {
                let run = std::mem::take(&mut self.pending);
                let composed: String = run.iter().map(|u| u.0).nfc().collect();
                if composed.chars().eq(run.iter().map(|u| u.0)) {
                    for &(c, s, e) in &run {
                        self.emit(c.encode_utf8(&mut [0; 4]), s, e);
                    }
                } else if let (Some(first), Some(last)) = (run.first(), run.last()) {
                    self.emit(&composed, first.1, last.2);
                }
                self.pending = run;
            }
        }
        self.pending.clear();
    }

    fn emit(&mut self, s: &str, start: usize, end: usize) {
        if start != self.input_at {
            self.anchor(start);
        }
        self.text.push_str(s);
        self.input_at = end;
        if s.len() != end - start {
            self.anchor(end);
        }
    }

    fn anchor(&mut self, input: usize) {
        let t = self.text.len();
        match self.anchors.last_mut() {
            Some(last) if last.0 == t => last.1 = input,
            _ => self.anchors.push((t, input)),
        }
    }

    fn finish(mut self, source: &str, encoding: &'static str, input_len: usize) -> Document {
        self.flush();
        if self.anchors.is_empty() && self.text.len() != input_len {
            // Identity map would be wrong only past the end; pin the end.
            self.anchors.push((self.text.len(), self.input_at));
        }
        Document::with_map(source, self.text, encoding, self.anchors, input_len)
    }
}

// ---------------------------------------------------------------------------
// UTF-16
// ---------------------------------------------------------------------------

/// Decodes UTF-16, dropping a matching BOM. `Err(offset)` on malformed input
/// unless `lossy`.
fn utf16_into(bytes: &[u8], be: bool, lossy: bool, b: &mut MapBuilder) -> Result<(), usize> {
    let bom: &[u8] = if be { b"\xFE\xFF" } else { b"\xFF\xFE" };
    let mut i = if bytes.starts_with(bom) { 2 } else { 0 };
    let unit = |i: usize| -> Option<u16> {
        let pair = [*bytes.get(i)?, *bytes.get(i + 1)?];
        Some(if be {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        })
    };
    while i < bytes.len() {
        let decoded = match unit(i) {
            None => None,
            Some(u) if (0xD800..0xDC00).contains(&u) => match unit(i + 2) {
                Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                    let cp = 0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(lo) - 0xDC00);
                    char::from_u32(cp).map(|c| (c, 4))
                }
                _ => None,
            },
            Some(u) => char::from_u32(u32::from(u)).map(|c| (c, 2)),
        };
        match decoded {
            Some((c, n)) => {
                b.push(c, i, i + n);
                i += n;
            }
            None if lossy => {
                let n = (bytes.len() - i).min(2);
                b.push('\u{FFFD}', i, i + n);
                i += n;
            }
            None => return Err(i),
        }
    }
    Ok(())
}

/// UTF-16 without BOM: many ASCII characters show up as a NUL on one side.
fn utf16_by_nuls(bytes: &[u8]) -> Option<Encoding> {
    let s = &bytes[..bytes.len().min(4096) & !1];
    let pairs = s.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut le, mut be) = (0, 0);
    for p in s.chunks_exact(2) {
        match (p[0] == 0, p[1] == 0) {
            (false, true) => le += 1,
            (true, false) => be += 1,
            _ => {}
        }
    }
    // A third of the characters being ASCII is typical even for Vietnamese;
    // the other pattern must be (almost) absent.
    let clear = |hit: usize, other: usize| hit * 3 >= pairs && other * 20 <= pairs;
    let enc = if clear(le, be) {
        Encoding::Utf16Le
    } else if clear(be, le) {
        Encoding::Utf16Be
    } else {
        return None;
    };
    // Binary data (arrays of small integers) can show the same pattern; real
    // text decodes without NULs and with almost no control characters.
    let mut probe = MapBuilder::with_capacity(s.len());
    utf16_into(s, enc == Encoding::Utf16Be, false, &mut probe).ok()?;
    probe.flush();
    let chars = probe.text.chars().count();
    let controls = probe
        .text
        .chars()
        .filter(|c| c.is_control() && !c.is_whitespace())
        .count();
    (probe.nul_at.is_none() && controls * 100 <= chars).then_some(enc)
}

// ---------------------------------------------------------------------------
// Windows-1258
// ---------------------------------------------------------------------------

/// Windows-1258 is single-byte, so the n-th decoded char is the n-th byte;
/// its combining tone marks are composed to NFC by the builder.
fn windows1258_into(bytes: &[u8], b: &mut MapBuilder) {
    let (text, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
    if text.chars().count() == bytes.len() {
        for (i, c) in text.chars().enumerate() {
            b.push(c, i, i + 1);
        }
    } else {
        // Not expected for a single-byte table; stay exact byte by byte.
        for (i, &byte) in bytes.iter().enumerate() {
            b.push(single_byte(encoding_rs::WINDOWS_1258, byte), i, i + 1);
        }
    }
}

/// One byte through an `encoding_rs` single-byte table.
fn single_byte(enc: &'static encoding_rs::Encoding, byte: u8) -> char {
    let one = [byte];
    let (text, _) = enc.decode_without_bom_handling(&one);
    text.chars().next().unwrap_or('\u{FFFD}')
}

// ---------------------------------------------------------------------------
// TCVN3 (ABC)
// ---------------------------------------------------------------------------

/// TCVN 5712:1993 bytes 0xA0–0xFF. VN3 defines the lower-case letters,
/// `Ă Â Ê Ô Ơ Ư Đ` and the five combining tone marks (0xB0–0xB4); the slots
/// VN3 leaves empty carry the VN1/VN2 capitals of the same standard, which
/// can only help. 0x80–0x9F are read as Windows-1252 (smart quotes, dashes
/// from Windows editors), since VN3 assigns nothing there.
const TCVN3_HIGH: [char; 96] = [
    // 0xA0
    '\u{A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ',
    // 0xB0: grave, hook, tilde, acute, dot below (combining), then a-tones
    '\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ', 'ẳ',
    'ẵ', 'ắ', 'Ẵ', // 0xC0
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ',
    // 0xD0
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò',
    // 0xE0
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù',
    // 0xF0
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố',
];

fn tcvn3_char(byte: u8) -> char {
    match byte {
        0x00..=0x7F => char::from(byte),
        0x80..=0x9F => single_byte(encoding_rs::WINDOWS_1252, byte),
        _ => TCVN3_HIGH[usize::from(byte - 0xA0)],
    }
}

/// VN3 has no toned capitals: headings are typed in lower-case codes under
/// an all-caps font (`.VnTimeH`), so `CéNG HOµ X·` means `CỘNG HOÀ XÃ`. A
/// word with no ASCII lower case and two ASCII capitals (or one, right after
/// such a word on the same line) gets its Vietnamese letters upper-cased.
fn tcvn3_into(bytes: &[u8], b: &mut MapBuilder) {
    let mut prev_caps = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            prev_caps &= bytes[i] != b'\n';
            b.push(char::from(bytes[i]), i, i + 1);
            i += 1;
            continue;
        }
        let end = bytes[i..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |p| i + p);
        let word = &bytes[i..end];
        let upper = word.iter().filter(|c| c.is_ascii_uppercase()).count();
        let lower = word.iter().filter(|c| c.is_ascii_lowercase()).count();
        let caps = lower == 0 && (upper >= 2 || upper == 1 && prev_caps);
        for (k, &byte) in word.iter().enumerate() {
            let c = tcvn3_char(byte);
            let c = if caps && byte >= 0xA0 {
                upper_same_len(c)
            } else {
                c
            };
            b.push(c, i + k, i + k + 1);
        }
        // Punctuation-only words (`-`, `:`) keep the heading context.
        prev_caps = caps || lower == 0 && upper == 0 && prev_caps;
        i = end;
    }
}

/// Upper case of a letter when it is a single char of the same UTF-8 length
/// (true for every Vietnamese letter), else the letter itself.
fn upper_same_len(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) if u.len_utf8() == c.len_utf8() => u,
        _ => c,
    }
}

// ---------------------------------------------------------------------------
// VNI-Windows
// ---------------------------------------------------------------------------

/// Vowel shape a VNI mark byte adds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    None,
    Circumflex,
    Breve,
}

/// VNI-Windows mark bytes that follow a base vowel: `(byte, shape, tone)`,
/// tone as a combining character (`None` = no tone). Lower- and upper-case
/// glyph variants are both listed; the base letter decides the case.
const VNI_MARKS: [(u8, Shape, Option<char>); 34] = [
    (0xF9, Shape::None, Some('\u{301}')), // ù  sắc
    (0xF8, Shape::None, Some('\u{300}')), // ø  huyền
    (0xFB, Shape::None, Some('\u{309}')), // û  hỏi
    (0xF5, Shape::None, Some('\u{303}')), // õ  ngã
    (0xEF, Shape::None, Some('\u{323}')), // ï  nặng
    (0xE2, Shape::Circumflex, None),      // â
    (0xE1, Shape::Circumflex, Some('\u{301}')),
    (0xE0, Shape::Circumflex, Some('\u{300}')),
    (0xE5, Shape::Circumflex, Some('\u{309}')),
    (0xE3, Shape::Circumflex, Some('\u{303}')),
    (0xE4, Shape::Circumflex, Some('\u{323}')),
    (0xEA, Shape::Breve, None), // ê  ă
    (0xE9, Shape::Breve, Some('\u{301}')),
    (0xE8, Shape::Breve, Some('\u{300}')),
    (0xFA, Shape::Breve, Some('\u{309}')),
    (0xFC, Shape::Breve, Some('\u{303}')),
    (0xEB, Shape::Breve, Some('\u{323}')),
    (0xD9, Shape::None, Some('\u{301}')), // Ù
    (0xD8, Shape::None, Some('\u{300}')), // Ø
    (0xDB, Shape::None, Some('\u{309}')), // Û
    (0xD5, Shape::None, Some('\u{303}')), // Õ
    (0xCF, Shape::None, Some('\u{323}')), // Ï
    (0xC2, Shape::Circumflex, None),      // Â
    (0xC1, Shape::Circumflex, Some('\u{301}')),
    (0xC0, Shape::Circumflex, Some('\u{300}')),
    (0xC5, Shape::Circumflex, Some('\u{309}')),
    (0xC3, Shape::Circumflex, Some('\u{303}')),
    (0xC4, Shape::Circumflex, Some('\u{323}')),
    (0xCA, Shape::Breve, None), // Ê  Ă
    (0xC9, Shape::Breve, Some('\u{301}')),
    (0xC8, Shape::Breve, Some('\u{300}')),
    (0xDA, Shape::Breve, Some('\u{309}')),
    (0xDC, Shape::Breve, Some('\u{303}')),
    (0xCB, Shape::Breve, Some('\u{323}')),
];

/// VNI-Windows bytes that are whole letters on their own.
const VNI_LETTERS: [(u8, char); 18] = [
    (0xF1, 'đ'),
    (0xD1, 'Đ'),
    (0xF4, 'ơ'),
    (0xD4, 'Ơ'),
    (0xF6, 'ư'),
    (0xD6, 'Ư'),
    (0xEC, 'ì'),
    (0xED, 'í'),
    (0xE6, 'ỉ'),
    (0xF3, 'ĩ'),
    (0xF2, 'ị'),
    (0xCC, 'Ì'),
    (0xCD, 'Í'),
    (0xC6, 'Ỉ'),
    (0xD3, 'Ĩ'),
    (0xD2, 'Ị'),
    (0xEE, 'ỵ'),
    (0xCE, 'Ỵ'),
];

fn vni_letter(byte: u8) -> char {
    if byte < 0x80 {
        return char::from(byte);
    }
    VNI_LETTERS
        .iter()
        .find(|l| l.0 == byte)
        .map_or_else(|| single_byte(encoding_rs::WINDOWS_1252, byte), |l| l.1)
}

/// Base letter + VNI mark → precomposed letter, if Vietnamese has it.
fn vni_compose(base: char, mark: u8) -> Option<char> {
    let &(_, shape, tone) = VNI_MARKS.iter().find(|m| m.0 == mark)?;
    let lower = base.to_lowercase().next()?;
    let shape = match shape {
        Shape::None if "aeiouyơư".contains(lower) => None,
        Shape::Circumflex if "aeo".contains(lower) => Some('\u{302}'),
        Shape::Breve if lower == 'a' => Some('\u{306}'),
        _ => return None,
    };
    compose_marks(base, shape.into_iter().chain(tone))
}

/// Base letter plus combining marks as one precomposed character, if any.
/// (Pairwise `compose` is not enough: `ệ` is `ẹ` + circumflex, not `ê` + dot.)
fn compose_marks(base: char, marks: impl IntoIterator<Item = char>) -> Option<char> {
    let mut composed = std::iter::once(base).chain(marks).nfc();
    let c = composed.next()?;
    composed.next().is_none().then_some(c)
}

fn vni_into(bytes: &[u8], b: &mut MapBuilder) {
    let mut i = 0;
    while i < bytes.len() {
        let base = vni_letter(bytes[i]);
        if let Some(c) = bytes.get(i + 1).and_then(|&m| vni_compose(base, m)) {
            b.push(c, i, i + 2);
            i += 2;
        } else {
            b.push(base, i, i + 1);
            i += 1;
        }
    }
}

// ---------------------------------------------------------------------------
// VIQR
// ---------------------------------------------------------------------------

const VIQR_TONES: [(char, char); 5] = [
    ('\'', '\u{301}'),
    ('`', '\u{300}'),
    ('?', '\u{309}'),
    ('~', '\u{303}'),
    ('.', '\u{323}'),
];

fn viqr_tone(c: char) -> Option<char> {
    VIQR_TONES.iter().find(|t| t.0 == c).map(|t| t.1)
}

fn is_viqr_mark(c: char) -> bool {
    matches!(c, '(' | '^' | '+') || viqr_tone(c).is_some()
}

/// A decoded character with the input range it came from.
type Unit = (char, usize, usize);

/// Decodes input as UTF-8 (VIQR is ASCII, but files may mix in real
/// letters) and converts VIQR words.
fn viqr_into(bytes: &[u8], lossy: bool, b: &mut MapBuilder) -> Result<(), usize> {
    let units = utf8_units(bytes, lossy)?;
    viqr_convert(&units, |c, s, e| b.push(c, s, e), &mut (0, 0));
    Ok(())
}

/// UTF-8 (BOM skipped) as units; `Err(offset)` at invalid bytes unless lossy.
fn utf8_units(bytes: &[u8], lossy: bool) -> Result<Vec<Unit>, usize> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut units = Vec::with_capacity(bytes.len());
    let mut at = bom;
    for chunk in bytes[bom..].utf8_chunks() {
        for c in chunk.valid().chars() {
            units.push((c, at, at + c.len_utf8()));
            at += c.len_utf8();
        }
        let bad = chunk.invalid().len();
        if bad > 0 {
            if !lossy {
                return Err(at);
            }
            units.push(('\u{FFFD}', at, at + bad));
            at += bad;
        }
    }
    Ok(units)
}

/// The VIQR conversion proper, over units. Words are converted only when the
/// result is a plausible Vietnamese syllable; anything else stays literal.
/// `counts` receives (converted words, strongly marked words).
fn viqr_convert(
    units: &[Unit],
    mut out: impl FnMut(char, usize, usize),
    counts: &mut (usize, usize),
) {
    let ch = |i: usize| units.get(i).map(|u| u.0);
    let mut i = 0;
    while i < units.len() {
        let (c, s, e) = units[i];
        let prev = i.checked_sub(1).and_then(ch);
        if c == '\\'
            && prev.is_some_and(char::is_alphabetic)
            && ch(i + 1).is_some_and(|n| is_viqr_mark(n) || n == '\\')
        {
            // RFC 1456 escape: `Nam\.` keeps a literal full stop.
            if let Some(&(n, _, ne)) = units.get(i + 1) {
                out(n, s, ne);
            }
            i += 2;
            continue;
        }
        let word_start = c.is_ascii_alphabetic() && !prev.is_some_and(char::is_alphanumeric);
        if word_start {
            if let Some((word, next, strong)) = viqr_word(units, i) {
                for (wc, ws, we) in word {
                    out(wc, ws, we);
                }
                counts.0 += 1;
                counts.1 += usize::from(strong);
                i = next;
                continue;
            }
            // Not VIQR: copy the letter run verbatim.
            while let Some(&(lc, ls, le)) = units.get(i).filter(|u| u.0.is_alphabetic()) {
                out(lc, ls, le);
                i += 1;
            }
            continue;
        }
        out(c, s, e);
        i += 1;
    }
}

/// A converted VIQR word: its characters, the index after it, and whether it
/// carries a mark English text hardly produces (`dd`, `^`, `(`, `+`, or a
/// `` ` ``/`~`/`.`/`?` tone inside the word), as opposed to `I'm` or `no.`.
type ViqrWord = (Vec<Unit>, usize, bool);

/// Parses a VIQR word at `start`, or `None` if it has no marks or is not a
/// syllable.
fn viqr_word(units: &[Unit], start: usize) -> Option<ViqrWord> {
    let ch = |i: usize| units.get(i).map(|u| u.0);
    let mut out: Vec<Unit> = Vec::new();
    let mut strong = false;
    let mut i = start;
    // Index in `out` of the last letter if a tone mark was its last unit.
    let mut last_tone: Option<usize> = None;
    if let (Some(d1 @ ('d' | 'D')), Some('d' | 'D')) = (ch(i), ch(i + 1)) {
        let c = if d1 == 'D' { 'Đ' } else { 'đ' };
        out.push((c, units[i].1, units[i + 1].2));
        strong = true;
        i += 2;
    }
    while let Some(&(c, s, _)) = units.get(i).filter(|u| u.0.is_ascii_alphabetic()) {
        let mut letter = c;
        let mut end = units[i].2;
        let mut j = i + 1;
        last_tone = None;
        if "aeiouyAEIOUY".contains(c) {
            let shaped = match ch(j) {
                Some('(') if matches!(c, 'a' | 'A') => compose(c, '\u{306}'),
                Some('^') if "aeoAEO".contains(c) => compose(c, '\u{302}'),
                Some('+') if "ouOU".contains(c) => compose(c, '\u{31B}'),
                _ => None,
            };
            if let Some(sc) = shaped {
                strong = true;
                letter = sc;
                end = units[j].2;
                j += 1;
            }
            if let Some(t) = ch(j).and_then(viqr_tone)
                && let Some(tc) = compose_marks(letter, [t])
            {
                // `a.m.`, `e.g.`: a mark on the first letter is weak evidence.
                strong |= t != '\u{301}'
                    && i > start
                    && ch(j + 1).is_some_and(|n| n.is_ascii_alphabetic());
                letter = tc;
                end = units[j].2;
                last_tone = Some(out.len());
                j += 1;
            }
        }
        out.push((letter, s, end));
        i = j;
    }
    if out.iter().all(|u| u.2 - u.1 == 1) {
        return None;
    }
    // A `.`/`?` ending the word is sentence punctuation unless the sentence
    // visibly goes on (space then a lower-case letter) and the toned word is
    // a syllable: `Nam.` stays `Nam.`, `le^. ho^m` becomes `lệ hôm`.
    let trailing = last_tone.filter(|_| matches!(i.checked_sub(1).and_then(ch), Some('.' | '?')));
    if let Some(idx) = trailing {
        let mut k = i;
        while matches!(ch(k), Some(' ' | '\t')) {
            k += 1;
        }
        let continues = k > i && ch(k).is_some_and(char::is_lowercase);
        if !continues || !is_plausible_syllable(&word_text(&out)) {
            let (c, s, e) = out[idx];
            out[idx] = (strip_tone(c), s, e - 1);
            i -= 1;
        }
    }
    // Marked = some letter came from several input bytes (`dd`, `a^`, `e'`).
    let marked = out.iter().any(|u| u.2 - u.1 > 1);
    (marked && is_plausible_syllable(&word_text(&out))).then_some((out, i, strong))
}

fn word_text(units: &[Unit]) -> String {
    units.iter().map(|u| u.0).collect()
}

/// Removes the tone (not the vowel shape) from one letter.
fn strip_tone(c: char) -> char {
    let mut base = None;
    let mut kept = Vec::new();
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        } else if !is_tone_mark(d) {
            kept.push(d);
        }
    });
    kept.into_iter()
        .try_fold(base.unwrap_or(c), compose)
        .unwrap_or(c)
}

fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// ASCII text is VIQR only with several converted words making up a good
/// share of all words, enough of them with unambiguous marks; stray `a^2`,
/// `I'm` or `no. the` must not flip English to VIQR.
fn looks_like_viqr(s: &str) -> bool {
    let units: Vec<Unit> = s
        .char_indices()
        .map(|(i, c)| (c, i, i + c.len_utf8()))
        .collect();
    let mut counts = (0, 0);
    viqr_convert(&units, |_, _, _| {}, &mut counts);
    let (converted, strong) = counts;
    let words = s
        .split_ascii_whitespace()
        .filter(|w| w.bytes().any(|b| b.is_ascii_alphabetic()))
        .count();
    strong >= 3 && converted * 10 >= words * 3 && strong * 100 >= words * 15
}

// ---------------------------------------------------------------------------
// Legacy scoring
// ---------------------------------------------------------------------------

/// Start of the input, cut at a line or space so no word is split.
fn sample(bytes: &[u8]) -> &[u8] {
    if bytes.len() <= SAMPLE_LEN {
        return bytes;
    }
    let head = &bytes[..SAMPLE_LEN];
    let cut = head
        .iter()
        .rposition(|&b| b == b'\n' || b == b' ')
        .unwrap_or(SAMPLE_LEN);
    &bytes[..cut]
}

fn sample_str(s: &str) -> &str {
    let cut = sample(s.as_bytes()).len();
    s.get(..cut).unwrap_or(s)
}

/// Invalid UTF-8 that is still mostly UTF-8 (a few corrupt bytes among many
/// valid multi-byte letters) should be reported as such, not re-read as a
/// legacy encoding.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    good > 0 && good >= 4 * bad
}

/// Scores each legacy table by plausible minus implausible non-ASCII words.
fn best_legacy(bytes: &[u8]) -> Option<Encoding> {
    let mut best: Option<(i64, Encoding)> = None;
    for enc in [Encoding::Tcvn3, Encoding::VniWindows, Encoding::Windows1258] {
        let mut b = MapBuilder::with_capacity(bytes.len());
        match enc {
            Encoding::Tcvn3 => tcvn3_into(bytes, &mut b),
            Encoding::VniWindows => vni_into(bytes, &mut b),
            _ => windows1258_into(bytes, &mut b),
        }
        b.flush();
        let (good, bad) = syllable_score(&b.text);
        let score = good as i64 - bad as i64;
        if good > bad && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, enc));
        }
    }
    best.map(|(_, enc)| enc)
}

/// Counts (plausible, implausible) words among those with non-ASCII letters;
/// ASCII words read the same in every candidate, so they carry no signal.
fn syllable_score(text: &str) -> (usize, usize) {
    let mut good = 0;
    let mut bad = 0;
    for word in text.split(|c: char| !c.is_alphabetic() && !is_tone_mark(c)) {
        if word.is_ascii() {
            continue;
        }
        if is_plausible_syllable(word) {
            good += 1;
        } else {
            bad += 1;
        }
    }
    (good, bad)
}

// ---------------------------------------------------------------------------
// Syllable plausibility
// ---------------------------------------------------------------------------

/// Initial consonants, longest first so `ngh` wins over `ng` over `n`.
const INITIALS: [&str; 28] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

/// Final consonants.
const CODAS: [&str; 9] = ["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];

/// Vowel nuclei that may take a final consonant; `true` = it must have one.
const NUCLEI: [(&str, bool); 24] = [
    ("a", false),
    ("ă", true),
    ("â", true),
    ("e", false),
    ("ê", false),
    ("i", false),
    ("o", false),
    ("ô", false),
    ("ơ", false),
    ("u", false),
    ("ư", false),
    ("y", false),
    ("iê", true),
    ("yê", true),
    ("uô", true),
    ("ươ", true),
    ("oa", false),
    ("oă", true),
    ("oe", false),
    ("uâ", true),
    ("uê", false),
    ("uy", false),
    ("uyê", true),
    ("oo", true),
];

/// Open rhymes ending in a glide vowel; these take no final consonant.
const OPEN_RHYMES: [&str; 32] = [
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa",
    "ưi", "ưu", "iêu", "yêu", "uôi", "ươi", "ươu", "oai", "oay", "oao", "oeo", "uây", "uya", "uyu",
    "uơ", "ya",
];

/// Whether `word` could be one written Vietnamese syllable: an initial, a
/// rhyme from the closed sets above and at most one tone mark. Used to score
/// candidate decodings and to keep VIQR conversion from touching English.
pub fn is_plausible_syllable(word: &str) -> bool {
    let mut bare = String::with_capacity(word.len());
    let mut tones = 0;
    for c in word.nfd() {
        if is_tone_mark(c) {
            tones += 1;
        } else {
            bare.extend(c.to_lowercase());
        }
    }
    let bare: String = bare.nfc().collect();
    if tones > 1 || bare.is_empty() || bare.chars().count() > 7 {
        return false;
    }
    INITIALS.iter().any(|init| {
        bare.strip_prefix(init)
            .is_some_and(|rhyme| !rhyme.is_empty() && is_rhyme(rhyme))
    })
}

fn is_rhyme(rhyme: &str) -> bool {
    if OPEN_RHYMES.contains(&rhyme) {
        return true;
    }
    CODAS.iter().any(|coda| {
        rhyme.strip_suffix(coda).is_some_and(|nucleus| {
            NUCLEI
                .iter()
                .any(|&(n, needs_coda)| n == nucleus && (!needs_coda || !coda.is_empty()))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHRASE: &str = "Cộng hòa xã hội chủ nghĩa Việt Nam";
    /// Windows-1258: ô=F4, ê=EA, combining dot F2, grave CC, tilde DE, hook D2.
    const CP1258: &[u8] =
        b"C\xF4\xF2ng ho\xCCa xa\xDE h\xF4\xF2i chu\xD2 nghi\xDEa Vi\xEA\xF2t Nam";
    const TCVN3: &[u8] = b"C\xE9ng h\xDFa x\xB7 h\xE9i ch\xF1 ngh\xDCa Vi\xD6t Nam";
    const VNI: &[u8] = b"Co\xE4ng ho\xF8a xa\xF5 ho\xE4i chu\xFB ngh\xF3a Vie\xE4t Nam";
    const VIQR: &[u8] = b"Co^.ng ho`a xa~ ho^.i chu? nghi~a Vie^.t Nam";

    fn auto(bytes: &[u8]) -> Document {
        decode_auto("t", bytes, &IntakeOptions::default(), None).unwrap()
    }

    /// Each word of the text maps back to exactly its bytes in the input.
    fn assert_words_map(doc: &Document, input: &[u8], input_words: &[&[u8]]) {
        let mut at = 0;
        for (word, expected) in doc.text.split(' ').zip(input_words) {
            let span = doc.input_span(&(at..at + word.len()));
            assert_eq!(&input[span], *expected, "word {word:?}");
            at += word.len() + 1;
        }
    }

    #[test]
    fn names_and_aliases_round_trip() {
        for enc in Encoding::ALL {
            assert_eq!(enc.name().parse::<Encoding>(), Ok(enc));
        }
        assert_eq!("CP1258".parse(), Ok(Encoding::Windows1258));
        assert_eq!("abc".parse(), Ok(Encoding::Tcvn3));
        assert_eq!("VNI".parse(), Ok(Encoding::VniWindows));
        assert_eq!("utf_16".parse(), Ok(Encoding::Utf16Le));
        assert!("latin1".parse::<Encoding>().is_err());
    }

    #[test]
    fn tcvn3_phrase_and_spans() {
        assert_eq!(detect(TCVN3), Encoding::Tcvn3);
        let doc = auto(TCVN3);
        assert_eq!(doc.text, PHRASE);
        assert_eq!(doc.encoding, "tcvn3");
        let words: Vec<&[u8]> = TCVN3.split(|&b| b == b' ').collect();
        assert_words_map(&doc, TCVN3, &words);
        assert_eq!(doc.input_offset(doc.text.len()), TCVN3.len());
    }

    #[test]
    fn tcvn3_known_bytes() {
        let doc = decode_auto(
            "t",
            b"Vi\xD6t",
            &IntakeOptions::default(),
            Some(Encoding::Tcvn3),
        );
        assert_eq!(doc.unwrap().text, "Việt");
        // Old-style tone placement and the capital Đ.
        let doc = decode_auto(
            "t",
            b"\xA7\xE9c l\xCBp - T\xF9 do - H\xB9nh ph\xF3c, ho\xB5",
            &IntakeOptions::default(),
            Some(Encoding::Tcvn3),
        );
        assert_eq!(doc.unwrap().text, "Độc lập - Tự do - Hạnh phúc, hoà");
        // All-caps headings use lower-case codes under a capitals font.
        let doc = decode_auto(
            "t",
            b"C\xE9NG HO\xB5 X\xB7 H\xE9I CH\xF1 NGH\xDCA VI\xD6T NAM\nB\xE9 T\xB5i ch\xDDnh",
            &IntakeOptions::default(),
            None,
        );
        assert_eq!(
            doc.unwrap().text,
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBộ Tài chính"
        );
        // Separate combining tone byte after a capital base.
        let doc = decode_auto(
            "t",
            b"A\xB3",
            &IntakeOptions::default(),
            Some(Encoding::Tcvn3),
        );
        assert_eq!(doc.unwrap().text, "Á");
    }

    #[test]
    fn vni_phrase_and_spans() {
        assert_eq!(detect(VNI), Encoding::VniWindows);
        let doc = auto(VNI);
        assert_eq!(doc.text, PHRASE);
        let words: Vec<&[u8]> = VNI.split(|&b| b == b' ').collect();
        assert_words_map(&doc, VNI, &words);
    }

    #[test]
    fn vni_known_bytes() {
        let opts = IntakeOptions::default();
        let vni = |b: &[u8]| decode_auto("t", b, &opts, Some(Encoding::VniWindows)).unwrap();
        assert_eq!(vni(b"Vie\xE4t Nam").text, "Việt Nam");
        assert_eq!(vni(b"n\xF6\xF4\xF9c").text, "nước");
        assert_eq!(
            vni(b"\xD1o\xE4c la\xE4p - T\xF6\xEF do").text,
            "Độc lập - Tự do"
        );
        assert_eq!(vni(b"VIE\xC4T NAM, QUO\xC1C").text, "VIỆT NAM, QUỐC");
        assert_eq!(vni(b"ma\xEBt, ky\xF5, l\xEE").text, "mặt, kỹ, lỵ");
    }

    #[test]
    fn windows1258_phrase_and_spans() {
        assert_eq!(detect(CP1258), Encoding::Windows1258);
        let doc = auto(CP1258);
        assert_eq!(doc.text, PHRASE);
        assert_eq!(doc.encoding, "windows-1258");
        let words: Vec<&[u8]> = CP1258.split(|&b| b == b' ').collect();
        assert_words_map(&doc, CP1258, &words);
    }

    #[test]
    fn viqr_phrase_and_spans() {
        assert_eq!(detect(VIQR), Encoding::Viqr);
        let doc = auto(VIQR);
        assert_eq!(doc.text, PHRASE);
        let words: Vec<&[u8]> = VIQR.split(|&b| b == b' ').collect();
        assert_words_map(&doc, VIQR, &words);
    }

    #[test]
    fn viqr_punctuation_is_kept() {
        let opts = IntakeOptions::default();
        let viqr = |s: &str| {
            decode_auto("t", s.as_bytes(), &opts, Some(Encoding::Viqr))
                .unwrap()
                .text
        };
        assert_eq!(viqr("Vie^.t Nam. Ho^m nay"), "Việt Nam. Hôm nay");
        assert_eq!(viqr("Co' kho?e kho^ng?"), "Có khỏe không?");
        assert_eq!(viqr("co' le^. ho^m"), "có lệ hôm");
        assert_eq!(viqr("ddu+o+`ng DDa^'t"), "đường Đất");
        assert_eq!(viqr("Nam\\."), "Nam.");
        assert_eq!(
            viqr("don't e.g. www.gov.vn a.b?c"),
            "don't e.g. www.gov.vn a.b?c"
        );
        assert_eq!(viqr("ngu+o+`i."), "người.");
    }

    #[test]
    fn viqr_escape_maps_two_bytes() {
        let input = b"Nam\\. Vie^.t";
        let doc = decode_auto("t", input, &IntakeOptions::default(), Some(Encoding::Viqr)).unwrap();
        assert_eq!(doc.text, "Nam. Việt");
        assert_eq!(doc.input_span(&(3..4)), 3..5);
        let v = doc.text.find('V').unwrap();
        assert_eq!(&input[doc.input_span(&(v..doc.text.len()))], b"Vie^.t");
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in PHRASE.encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        for (bytes, enc) in [(le, Encoding::Utf16Le), (be, Encoding::Utf16Be)] {
            assert_eq!(detect(&bytes), enc);
            let doc = auto(&bytes);
            assert_eq!(doc.text, PHRASE);
            assert_eq!(doc.encoding, enc.name());
            let viet = doc.text.find("Việt").unwrap();
            let span = doc.input_span(&(viet..viet + "Việt".len()));
            assert_eq!(span.len(), 8);
            assert_eq!(bytes.len() - span.start, 2 * "Việt Nam".chars().count());
        }
    }

    #[test]
    fn utf16_without_bom_by_nuls() {
        let le: Vec<u8> = "Số 12/BC-UBND ngày 5"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(detect(&le), Encoding::Utf16Le);
        assert_eq!(auto(&le).text, "Số 12/BC-UBND ngày 5");
    }

    #[test]
    fn utf16_unpaired_surrogate_errors_or_replaces() {
        let bytes = b"\xFF\xFEa\x00\x00\xD8b\x00";
        let err = decode_auto("t", bytes, &IntakeOptions::default(), None).unwrap_err();
        assert!(err.to_string().contains("byte 4"), "{err}");
        let opts = IntakeOptions {
            lossy: true,
            ..IntakeOptions::default()
        };
        let doc = decode_auto("t", bytes, &opts, None).unwrap();
        assert_eq!(doc.text, "a\u{FFFD}b");
        assert_eq!(doc.input_span(&(4..5)), 6..8);
    }

    #[test]
    fn utf8_stays_utf8() {
        assert_eq!(detect(PHRASE.as_bytes()), Encoding::Utf8);
        assert_eq!(
            detect(b"The quick brown fox, e.g. a.m. don't"),
            Encoding::Utf8
        );
        assert_eq!(detect(b"x^2 + a^2 = c^2"), Encoding::Utf8);
        let nfd: String = PHRASE.nfd().collect();
        assert_eq!(detect(nfd.as_bytes()), Encoding::Utf8);
        assert_eq!(auto(nfd.as_bytes()).text, PHRASE);
        // Corrupt UTF-8 is still reported as UTF-8, not reinterpreted.
        assert_eq!(detect("Cộng hòa xã hội \u{FF}".as_bytes()), Encoding::Utf8);
        let mut corrupt = "Cộng hòa xã hội chủ nghĩa".as_bytes().to_vec();
        corrupt.push(0xFF);
        assert_eq!(detect(&corrupt), Encoding::Utf8);
        assert!(decode_auto("t", b"ab\xFFcd", &IntakeOptions::default(), None).is_err());
    }

    #[test]
    fn nul_in_legacy_is_binary() {
        let err = decode_auto(
            "t",
            b"a\0b",
            &IntakeOptions::default(),
            Some(Encoding::Tcvn3),
        );
        assert!(matches!(err, Err(IntakeError::Binary { offset: 1, .. })));
    }

    #[test]
    fn syllables() {
        for w in [
            "của", "và", "các", "được", "trong", "những", "người", "nghĩa", "quyết", "định",
            "khuya", "giữa", "gì", "xoong", "Việt", "QUỐC", "huyện", "uống", "oản",
        ] {
            assert!(is_plausible_syllable(w), "{w}");
        }
        for w in ["viöt", "chuû", "hoøa", "xyz", "ăa", "ngảá", "strength", "ä"] {
            assert!(!is_plausible_syllable(w), "{w}");
        }
    }
}
