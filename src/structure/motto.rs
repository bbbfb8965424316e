//! The national motto (`CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM` / `Độc lập - Tự
//! do - Hạnh phúc`) and the Party's (`ĐẢNG CỘNG SẢN VIỆT NAM`) stand in the
//! right column of a header (Decree 30/2020/NĐ-CP, Appendix I; Hướng dẫn
//! 36-HD/VPTW). When OCR or a crawl merges the two columns, the agency name
//! and the motto share a line, and the motto may wrap anywhere. This finds
//! the motto's words on a folded line so the agency keeps only its own.

use std::ops::Range;

const STATE: &[&str] = &[
    "cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam", "doc", "lap", "tu", "do", "hanh",
    "phuc",
];
const PARTY: &[&str] = &["dang", "cong", "san", "viet", "nam"];

/// Folded words of a line with their ranges (letters and digits only).
fn words(line: &str) -> Vec<(Range<usize>, &str)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphanumeric() {
            let s = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            out.push((s..i, &line[s..i]));
        } else {
            i += 1;
        }
    }
    out
}

/// 2 for the word itself, 1 for one OCR slip (`poc` for `doc`, `phic`).
fn likeness(w: &str, m: &str) -> u8 {
    if w == m {
        return 2;
    }
    let close = w.len() == m.len()
        && w.len() >= 2
        && w.bytes().zip(m.bytes()).filter(|(a, b)| a != b).count() == 1;
    u8::from(close)
}

/// Runs of motto words on `line` (folded): ranges to drop. `before` and
/// `after` say whether the motto goes on from the line before / onto the
/// line after, so a single word at the edge (`CỘNG` / `HÒA XÃ HỘI …`)
/// counts too.
pub fn runs(line: &str, before: Option<&str>, after: Option<&str>) -> Vec<Range<usize>> {
    let ws = words(line);
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let mut best: Option<(usize, usize)> = None; // (len, motto start)
        for seq in [STATE, PARTY] {
            for m in 0..seq.len() {
                let first = likeness(ws[i].1, seq[m]);
                if first == 0 {
                    continue;
                }
                let (mut len, mut exact) = (1, usize::from(first == 2));
                while i + len < ws.len() && m + len < seq.len() {
                    let l = likeness(ws[i + len].1, seq[m + len]);
                    if l == 0 {
                        break;
                    }
                    exact += usize::from(l == 2);
                    len += 1;
                }
                // Two words are the motto where a motto opens (`CỘNG HÒA`,
                // `Độc lập`, `ĐẢNG CỘNG`) or where the line goes on from
                // the motto's wrap; elsewhere two words are as likely an
                // agency's own (`THƯƠNG BINH VÀ XÃ HỘI`, `NGÂN HÀNG NHÀ
                // NƯỚC VIỆT NAM`, `XÂY DỰNG` read against `ĐẢNG CỘNG`), so
                // three are needed.
                let opens = (m == 0 || seq == STATE && seq[m] == "doc") && first == 2;
                let pair_ok = len >= 2 && exact >= 1 && (opens || i == 0);
                let long_ok = len >= 3 && exact >= 2;
                let edge_ok = len == 1
                    && exact == 1
                    && ((i + 1 == ws.len()
                        && m + 1 < seq.len()
                        && after.is_some_and(|a| first_word(a) == Some(seq[m + 1])))
                        || (i == 0
                            && m > 0
                            && before.is_some_and(|b| last_word(b) == Some(seq[m - 1]))));
                if (pair_ok || long_ok || edge_ok) && best.is_none_or(|(bl, _)| len > bl) {
                    best = Some((len, m));
                }
            }
        }
        match best {
            Some((len, _)) => {
                out.push(ws[i].0.start..ws[i + len - 1].0.end);
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

fn first_word(s: &str) -> Option<&str> {
    words(s).first().map(|w| w.1)
}

fn last_word(s: &str) -> Option<&str> {
    words(s).last().map(|w| w.1)
}

/// Whether the whole line is motto (or separators).
pub fn is_motto_line(line: &str, before: Option<&str>, after: Option<&str>) -> bool {
    let rs = runs(line, before, after);
    !rs.is_empty()
        && rest(line, &rs)
            .iter()
            .all(|r| !line[r.clone()].bytes().any(|c| c.is_ascii_alphanumeric()))
}

/// The parts of `line` outside the motto runs `rs`.
pub fn rest(line: &str, rs: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in rs {
        if r.start > at {
            out.push(at..r.start);
        }
        at = r.end;
    }
    if at < line.len() {
        out.push(at..line.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_merged_and_wrapped_mottos() {
        let l = "uy ban nhan dan tinh son la ------- cong hoa xa hoi chu";
        let rs = runs(l, None, Some("nghia viet nam doc lap - tu do - hanh phuc"));
        assert_eq!(rs.len(), 1);
        assert_eq!(&l[..rs[0].start], "uy ban nhan dan tinh son la ------- ");
        assert!(is_motto_line(
            "nghia viet nam doc lap - tu do - hanh phuc ------",
            Some(l),
            None
        ));
        let raw = " xa pong son poc lap - tu do - hanh phic.";
        let rs = runs(raw, None, None);
        assert_eq!(&raw[..rs[0].start], " xa pong son ");
        assert!(runs("xa dong son", None, None).is_empty());
        let edge = runs("uy ban ------- cong", None, Some("hoa xa hoi"));
        assert_eq!(edge.len(), 1);
        assert!(runs("dang uy xa dong son", None, None).is_empty());
    }

    #[test]
    fn an_agency_keeps_its_own_words_that_the_motto_also_has() {
        let l = "bo lao dong - thuong binh va xa hoi ------- cong hoa xa hoi chu nghia viet nam";
        let rs = runs(l, None, None);
        assert_eq!(rs.len(), 1);
        assert_eq!(
            &l[..rs[0].start],
            "bo lao dong - thuong binh va xa hoi ------- "
        );
        let l = "bo xay dung ------- cong hoa xa hoi chu nghia viet nam";
        assert_eq!(&l[..runs(l, None, None)[0].start], "bo xay dung ------- ");
        assert!(runs("ngan hang nha nuoc viet nam", None, None).is_empty());
        // Where the motto wraps, its continuation opens the next line.
        let rs = runs("viet nam doc lap - tu do", Some("cong hoa xa hoi chu nghia"), None);
        assert_eq!(rs.len(), 1);
        // OCR may lose the motto's first word.
        assert_eq!(runs("so y te ------- hoa xa hoi chu nghia", None, None).len(), 1);
    }
}
