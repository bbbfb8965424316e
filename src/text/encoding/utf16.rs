//! UTF-16, with or without BOM.

use super::Encoding;
use super::map::MapBuilder;

/// Decodes UTF-16, dropping a matching BOM. `Err(offset)` on malformed input
/// unless `lossy`.
pub(super) fn utf16_into(
    bytes: &[u8],
    be: bool,
    lossy: bool,
    b: &mut MapBuilder,
) -> Result<(), usize> {
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
pub(super) fn utf16_by_nuls(bytes: &[u8]) -> Option<Encoding> {
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
