//! Input encoding detection and conversion for Vietnamese archives.
//!
//! Old government reports arrive as UTF-8, UTF-16 (Windows "Unicode" text),
//! Windows-1258, TCVN3 (ABC), VNI-Windows or VIQR. Every decoder here feeds a
//! [`MapBuilder`] so that each character of the NFC text still maps back to
//! the exact input bytes it came from.

use crate::text::Letter;

mod map;
mod tcvn3;
mod utf16;
mod viqr;
mod vni;
mod windows1258;

use super::intake::{Document, IntakeError, IntakeOptions, decode};
use crate::syllable::is_syllable as is_plausible_syllable;
use map::MapBuilder;
use std::fmt;
use std::str::FromStr;
use tcvn3::tcvn3_into;
use utf16::{utf16_by_nuls, utf16_into};
use viqr::{is_tone_mark, looks_like_viqr, viqr_into};
use vni::vni_into;
use windows1258::windows1258_into;

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
    Ok(b.finish(enc.name(), bytes.len()))
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

/// Invalid UTF-8 holding any valid multi-byte UTF-8 letter is UTF-8 with
/// corrupt bytes (or a mix of encodings), never a legacy encoding: legacy
/// Vietnamese byte strings essentially never form valid multi-byte UTF-8,
/// so re-reading the whole text in a legacy table would garble those
/// letters. It is reported as invalid UTF-8 instead.
fn mostly_utf8(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii())
}

/// Fewest non-ASCII words that must read as Vietnamese syllables before
/// bytes that are not UTF-8 are taken for a legacy encoding.
const LEGACY_EVIDENCE: usize = 3;

/// Scores each legacy table by plausible minus implausible non-ASCII words;
/// a table wins only on strong evidence (at least [`LEGACY_EVIDENCE`]
/// plausible words, four plausible for each implausible one, and a clear
/// lead over the next table). Otherwise nothing is guessed: the input is
/// reported as invalid UTF-8, and `--encoding` names the table.
fn best_legacy(bytes: &[u8]) -> Option<Encoding> {
    let mut best: Option<(i64, Encoding)> = None;
    let mut runner_up: Option<i64> = None;
    for enc in [Encoding::Tcvn3, Encoding::VniWindows, Encoding::Windows1258] {
        let mut b = MapBuilder::with_capacity(bytes.len());
        match enc {
            Encoding::Tcvn3 => tcvn3_into(bytes, &mut b),
            Encoding::VniWindows => vni_into(bytes, &mut b),
            _ => windows1258_into(bytes, &mut b),
        }
        b.flush();
        let (good, bad) = syllable_score(&b.text);
        if good < LEGACY_EVIDENCE || good < 4 * bad {
            continue;
        }
        let score = good as i64 - bad as i64;
        match best {
            Some((s, _)) if score <= s => {
                runner_up = Some(runner_up.map_or(score, |r| r.max(score)))
            }
            _ => {
                runner_up = best.map(|(s, _)| s).or(runner_up);
                best = Some((score, enc));
            }
        }
    }
    // Two tables reading the bytes about as well: too close to call.
    best.filter(|(s, _)| runner_up.is_none_or(|r| *s >= r + 2))
        .map(|(_, enc)| enc)
}

/// Counts (plausible, implausible) words among those with non-ASCII letters;
/// ASCII words read the same in every candidate, so they carry no signal.
fn syllable_score(text: &str) -> (usize, usize) {
    let mut good = 0;
    let mut bad = 0;
    for word in text.split(|c: char| !c.is_letter() && !is_tone_mark(c)) {
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

#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

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
