//! `--explain`: a review view for people, not programs. Every line of the
//! input is printed with its line number and each changed word as
//! `old→new`; a change less certain than [`LOW_CONFIDENCE`] gets a `?` so a
//! reviewer knows where to look first.

use crate::record::Change;
use std::fmt::Write;

/// Below this confidence a change is marked for review.
pub const LOW_CONFIDENCE: f64 = 0.6;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Renders `text` (the decoded input) with `changes` (in text order, as a
/// [`crate::RepairRecord`] lists them) marked inline on their lines.
pub fn render(text: &str, changes: &[Change], color: bool) -> String {
    render_from(text, changes, 1, color)
}

/// [`render`] of a piece of a longer input whose first line is line
/// `first_line` of the whole (the changes' lines are the whole input's).
pub fn render_from(text: &str, changes: &[Change], first_line: usize, color: bool) -> String {
    let mut out = String::with_capacity(text.len() + changes.len() * 16);
    let mut next = changes.iter().peekable();
    let mut line_no = first_line;
    let mut start = 0;
    loop {
        let (body_end, line_end) = line_bounds(text, start);
        if color {
            let _ = write!(out, "{DIM}{line_no:>5}{RESET}  ");
        } else {
            let _ = write!(out, "{line_no:>5}  ");
        }
        let line = &text[start..body_end];
        let mut at = 0;
        while let Some(c) = next.next_if(|c| c.line <= line_no) {
            // A change's word is found on its line after the previous one;
            // one that is not there (never expected) is left unmarked.
            if c.line < line_no || c.original.is_empty() {
                continue;
            }
            if let Some(k) = line[at..].find(c.original.as_str()) {
                out.push_str(&line[at..at + k]);
                mark(&mut out, c, color);
                at += k + c.original.len();
            }
        }
        out.push_str(&line[at..]);
        out.push('\n');
        line_no += 1;
        start = line_end;
        if line_end >= text.len() {
            break;
        }
    }
    out
}

/// The end of the line's text and the start of the next line.
fn line_bounds(text: &str, start: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    match bytes[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
    {
        Some(k) => {
            let i = start + k;
            let next = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            };
            (i, next)
        }
        None => (text.len(), text.len()),
    }
}

fn mark(out: &mut String, c: &Change, color: bool) {
    let low = c.confidence < LOW_CONFIDENCE;
    let q = if low { "?" } else { "" };
    if color {
        let new_color = if low { YELLOW } else { GREEN };
        let _ = write!(
            out,
            "{RED}{}{RESET}→{new_color}{}{q}{RESET}",
            c.original, c.replacement
        );
    } else {
        let _ = write!(out, "{}→{}{q}", c.original, c.replacement);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(line: usize, orig: &str, new: &str, conf: f64) -> Change {
        Change {
            line,
            span: (0, 0),
            region: Default::default(),
            original: orig.into(),
            replacement: new.into(),
            confidence: conf,
            alternatives: Vec::new(),
        }
    }

    #[test]
    fn marks_changes_and_low_confidence() {
        let text = "Pang uy\r\ndi ban";
        let changes = [change(1, "Pang", "Đảng", 0.9), change(2, "di", "đã", 0.4)];
        assert_eq!(
            render(text, &changes, false),
            "    1  Pang→Đảng uy\n    2  di→đã? ban\n"
        );
        assert!(render(text, &changes, true).contains("\x1b[31mPang\x1b[0m→"));
    }

    #[test]
    fn repeated_words_are_marked_in_order() {
        let text = "vé vé\nx";
        let changes = [change(1, "vé", "về", 0.9), change(1, "vé", "vé", 0.9)];
        assert_eq!(
            render(text, &changes[..1], false),
            "    1  vé→về vé\n    2  x\n"
        );
    }

    #[test]
    fn empty_text_is_one_empty_line() {
        assert_eq!(render("", &[], false), "    1  \n");
    }
}
