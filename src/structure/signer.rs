//! The signer: the person's name in the signature block (Decree 30/2020/
//! NĐ-CP, Appendix I, item 7): `KT./TM./Q.` + role (`KT. CHỦ TỊCH` /
//! `PHÓ CHỦ TỊCH`) + name, on one line or several, before or after the
//! recipients (`Nơi nhận`); or the name standing alone where the crawl lost
//! the role.

use crate::text::Letter;
use super::agency::role_len;
use super::lines::{Doc, upper_ratio};
use crate::text::fold;
use std::ops::Range;

/// Vietnamese surnames (the `surname` rows of `vn_person_names.gazetteer.tsv`
/// in `../shared/corpora` seen at least twice, legacy-encoding damage left
/// out, plus common surnames of ethnic minorities), folded.
const SURNAMES: &[&str] = &[
    "nguyen", "tran", "le", "pham", "vo", "vu", "huynh", "hoang", "phan", "bui", "truong", "do",
    "dang", "ho", "ngo", "duong", "doan", "dinh", "trinh", "cao", "dao", "mai", "luong", "luu",
    "lam", "ha", "thai", "phung", "ta", "ly", "to", "vuong", "chau", "chu", "tu", "quach", "la",
    "ton", "tong", "dong", "hua", "tang", "dau", "diep", "dam", "kieu", "trieu", "lai", "thach",
    "chung", "lu", "nong", "du", "bach", "hong", "au", "giang", "than", "banh", "cap", "danh",
    "vy", "vi", "pho", "ma", "han", "nghiem", "nhu", "cu", "khuong", "ong", "ung", "mac", "sam",
    "tuong", "on", "lieu", "tiet", "luc", "ninh", "uong", "doan", "lang", "khong", "che", "quan",
    "khuu", "thieu", "mong", "bien", "lo", "sung", "giang", "mua", "hau", "vang", "cam", "quang",
    "kim", "quan", "lanh", "nghiem", "thieu",
];

/// Whether `w` (as written) is a capitalised word of a name: an upper-case
/// letter, then lower-case letters.
fn is_name_word(w: &str) -> bool {
    // A syllable has at most seven letters (`nghiêng`).
    if w.chars().count() > 7 {
        return false;
    }
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase)
        && cs.clone().all(char::is_letter)
        && (w.chars().count() == 1 || cs.any(char::is_lowercase))
}

/// Words of `s`, with a letter-spaced name put back together (`Ngu y ễn
/// Hữu Tín` → `Nguyễn Hữu Tín`: a piece starting in lower case belongs to
/// the word before it).
fn joined_words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in s.split_whitespace() {
        match out.last_mut() {
            Some(p) if w.starts_with(char::is_lowercase) && p.starts_with(char::is_uppercase) => {
                p.push_str(w)
            }
            _ => out.push(w.to_string()),
        }
    }
    out
}

/// The trailing run of name words of `s` (after the role words).
fn trailing_name(s: &str) -> Vec<String> {
    let ws = joined_words(s);
    let mut k = ws.len();
    while k > 0 && is_name_word(&ws[k - 1]) && upper_ratio(&ws[k - 1]) < 1.0 {
        k -= 1;
    }
    ws[k..].to_vec()
}

fn has_surname(name: &[String]) -> bool {
    name.first()
        .is_some_and(|w| SURNAMES.contains(&fold(w).as_str()))
}

/// A line that is only a name, or `None`.
fn name_line(text: &str) -> Option<Vec<String>> {
    let t = text.trim_matches(|c: char| !c.is_letter());
    if t.is_empty()
        || text.contains([':', '@', ',', ';'])
        || text.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    let ws = joined_words(t);
    ws.iter()
        .all(|w| is_name_word(w) && upper_ratio(w) < 1.0)
        .then_some(ws)
}

/// Whether line `i` opens a signature block: an upper-case role
/// (`KT. CHỦ TỊCH`, `TM. ỦY BAN NHÂN DÂN`, `THỨ TRƯỞNG`), possibly after
/// the recipients' heading on a merged line.
fn role_at(doc: &Doc, i: usize) -> Option<usize> {
    let l = &doc.lines[i];
    let b = l.body();
    // Letter-spaced roles (`CHỦ TỊ CH`) are matched without spaces.
    let squeezed: String = b.chars().filter(char::is_ascii_alphanumeric).collect();
    let starts = [0usize]
        .into_iter()
        .chain(b.match_indices("tm.").map(|(k, _)| k))
        .chain(b.match_indices("kt.").map(|(k, _)| k));
    for k in starts {
        let n = role_len(&b[k..]);
        if n > 0 {
            let role = doc.orig(l.body_start() + k..l.body_start() + k + n);
            if upper_ratio(role) >= 0.8 {
                return Some(k + n);
            }
        }
    }
    let squeezed_role = ["ktchutich", "chutich", "tmuybannhandan", "bientruong"]
        .iter()
        .any(|r| squeezed.starts_with(r));
    (squeezed_role && doc.upper(i) >= 0.5).then_some(0)
}

/// The signer's name and its folded span, looked for in lines
/// `[from, to)` (the closing part of the document).
pub fn find(doc: &Doc, from: usize, to: usize) -> Option<(String, Range<usize>)> {
    let to = to.min(doc.lines.len());
    let line_range = |a: usize, b: usize| doc.lines[a].body_start()..doc.lines[b].end();
    // Role lines, last first: the name follows on the same line or within
    // a few lines (recipients may sit in between).
    for i in (from..to).rev() {
        let Some(after) = role_at(doc, i) else {
            continue;
        };
        let l = &doc.lines[i];
        let rest = doc.orig(l.body_start() + after..l.end());
        let mut name = trailing_name(rest);
        let mut last = i;
        if name.is_empty() {
            for j in i + 1..(i + 16).min(to) {
                let t = doc.body_text(j);
                if t.trim_start().starts_with(['-', '+']) {
                    continue;
                }
                if let Some(ws) = name_line(t)
                    && (2..=5).contains(&ws.len())
                    && has_surname(&ws)
                {
                    name = ws;
                    last = j;
                    break;
                }
                if role_at(doc, j).is_some() {
                    // A role line of its own with a name after it.
                    let l2 = &doc.lines[j];
                    let n2 = trailing_name(doc.orig(l2.body_start()..l2.end()));
                    if n2.len() >= 2 {
                        name = n2;
                        last = j;
                        break;
                    }
                }
            }
        }
        if name.is_empty() {
            continue;
        }
        // A name wrapped onto the next line (`Nguyễn Thị` / `Thu Hà`).
        if name.len() < 4
            && let Some(j) = doc.next_filled(last + 1, to.min(last + 2))
            && let Some(more) = name_line(doc.body_text(j))
            && more.len() <= 2
            && name.len() + more.len() <= 5
            && (name.len() == 1 || !has_surname(&more))
        {
            name.extend(more);
            last = j;
        }
        if (2..=5).contains(&name.len()) {
            return Some((name.join(" "), line_range(i, last)));
        }
    }
    // No role line: the last line that is only a person's name.
    for i in (from..to).rev() {
        if let Some(mut ws) = name_line(doc.body_text(i))
            && has_surname(&ws)
            && (2..=4).contains(&ws.len())
            && super::places::province(&ws.join(" ")).is_none()
        {
            let mut last = i;
            if ws.len() == 2
                && let Some(j) = doc.next_filled(i + 1, to.min(i + 2))
                && let Some(more) = name_line(doc.body_text(j))
                && more.len() == 1
            {
                ws.extend(more);
                last = j;
            }
            return Some((ws.join(" "), line_range(i, last)));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::view::View;

    fn signer(t: &str) -> Option<String> {
        let v = View::new(t);
        let d = Doc::new(t, &v);
        find(&d, 0, d.lines.len()).map(|s| s.0)
    }

    #[test]
    fn signature_layouts() {
        assert_eq!(
            signer("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn An\n").as_deref(),
            Some("Lê Văn An")
        );
        assert_eq!(
            signer("KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lâm Hải Giang\n").as_deref(),
            Some("Lâm Hải Giang")
        );
        assert_eq!(
            signer("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Thị\nThu Hà\n").as_deref(),
            Some("Nguyễn Thị Thu Hà")
        );
        assert_eq!(
            signer("KT. BỘ TRƯỞNG THỨ TRƯỞNG THƯỜNG TRỰC\nVũ Hải Quân\nTHỦ TỤC HÀNH CHÍNH\n")
                .as_deref(),
            Some("Vũ Hải Quân")
        );
        assert_eq!(
            signer("- Lưu: VT, XNK.\nPhan Thị Thắng\n").as_deref(),
            Some("Phan Thị Thắng")
        );
        assert_eq!(
            signer("- Lưu: VT\nLê Tấn\nCận\n").as_deref(),
            Some("Lê Tấn Cận")
        );
        assert_eq!(
            signer("KT. CHỦ TỊ CH P HÓ CHỦ T Ị CH Ngu y ễn Hữu Tín\n").as_deref(),
            Some("Nguyễn Hữu Tín")
        );
        assert_eq!(signer("CHỦ TỊCH\n").as_deref(), None);
        assert_eq!(signer("Hà Nội\n").as_deref(), None);
    }
}
