//! Pairs the words of a clean line with the words of its OCR line, so the
//! channel learns from (clean syllable, OCR token) pairs.

use crate::text::fold;

/// Strips punctuation at the edges of a whitespace token (`“Chinh,` → `Chinh`).
/// Keeps the OCR debris the tokenizer keeps inside words (`&`, `¢`, `€`) and
/// after them (`@`, `¥`), so the channel learns what the tokenizer will show it.
pub fn core_word(tok: &str) -> &str {
    let inner = |c: char| c.is_alphanumeric() || matches!(c, '&' | '¢' | '£' | '§' | '€');
    tok.trim_start_matches(|c: char| !inner(c))
        .trim_end_matches(|c: char| !(inner(c) || crate::text::is_trailing_debris(c)))
}

fn dist(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Aligns two whitespace-tokenised lines; returns index pairs of tokens that
/// were substituted for each other (1:1), skipping merges and splits.
pub fn align_words(clean: &[&str], ocr: &[&str]) -> Vec<(usize, usize)> {
    let cf: Vec<Vec<char>> = clean.iter().map(|w| fold(w).chars().collect()).collect();
    let of: Vec<Vec<char>> = ocr.iter().map(|w| fold(w).chars().collect()).collect();
    let (n, m) = (clean.len(), ocr.len());
    let w = m + 1;
    let mut cost = vec![f32::INFINITY; (n + 1) * w];
    let mut back = vec![0u8; (n + 1) * w];
    cost[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let here = cost[i * w + j];
            if !here.is_finite() {
                continue;
            }
            if i < n && j < m {
                let d = dist(&cf[i], &of[j]) as f32 / cf[i].len().max(of[j].len()).max(1) as f32;
                let c = here + d * 1.5;
                if c < cost[(i + 1) * w + j + 1] {
                    cost[(i + 1) * w + j + 1] = c;
                    back[(i + 1) * w + j + 1] = 0;
                }
            }
            if i < n && here + 1.0 < cost[(i + 1) * w + j] {
                cost[(i + 1) * w + j] = here + 1.0;
                back[(i + 1) * w + j] = 1;
            }
            if j < m && here + 1.0 < cost[i * w + j + 1] {
                cost[i * w + j + 1] = here + 1.0;
                back[i * w + j + 1] = 2;
            }
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        match back[i * w + j] {
            0 if i > 0 && j > 0 => {
                pairs.push((i - 1, j - 1));
                i -= 1;
                j -= 1;
            }
            1 if i > 0 => i -= 1,
            _ if j > 0 => j -= 1,
            _ => i -= 1,
        }
    }
    pairs.reverse();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_does_not_shift_the_rest() {
        let clean = ["Đảng", "ủy", "đã", "ban", "hành"];
        let ocr = ["Pang", "uydi", "ban", "hanh"];
        let pairs = align_words(&clean, &ocr);
        assert!(pairs.contains(&(0, 0)) && pairs.contains(&(3, 2)) && pairs.contains(&(4, 3)));
    }
}
