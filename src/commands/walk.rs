//! Finding a batch's inputs: files as given, directories walked recursively
//! for names matching a glob, and lists of paths (`--files-from`).
//!
//! Symlinks are followed (archives are often assembled from links), but a
//! directory is entered at most once, by canonical path, so a link loop
//! ends the walk of that branch with a note instead of recursing forever.
//! Entries are visited in byte order of their names so a batch's output
//! order never depends on the file system.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// One input to process.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path to read (`-` is standard input).
    pub path: PathBuf,
    /// Where its outputs go under `--out-dir`, without extension: the path
    /// relative to the walked directory, or the file's own name.
    pub rel: PathBuf,
    /// Size when known (progress and streaming decisions).
    pub size: Option<u64>,
}

impl Input {
    /// True for `-`.
    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }
}

/// What the walk found besides inputs.
#[derive(Debug, Default)]
pub struct Walk {
    pub inputs: Vec<Input>,
    /// Problems that make the batch fail (exit 1): unreadable directories.
    pub errors: Vec<String>,
    /// Things skipped on purpose (symlink loops, duplicates): reported only.
    pub notes: Vec<String>,
}

/// Walks `roots` in order.
pub struct Walker<'a> {
    pub glob: &'a Glob,
    /// A directory never to enter (the output directory, canonical).
    pub exclude: Option<PathBuf>,
    visited_dirs: HashSet<PathBuf>,
    seen_files: HashSet<PathBuf>,
    pub walk: Walk,
}

impl<'a> Walker<'a> {
    pub fn new(glob: &'a Glob, exclude: Option<PathBuf>) -> Self {
        Walker {
            glob,
            exclude,
            visited_dirs: HashSet::new(),
            seen_files: HashSet::new(),
            walk: Walk::default(),
        }
    }

    /// Adds one command-line input: `-`, a file, or a directory to walk.
    pub fn add(&mut self, path: &Path) {
        if path.as_os_str() == "-" {
            self.walk.inputs.push(Input {
                path: path.to_path_buf(),
                rel: PathBuf::from("stdin"),
                size: None,
            });
            return;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => self.walk_dir(path),
            Ok(m) => self.file(path, name_stem(path), Some(m.len())),
            // Missing or dangling: keep it so reading reports it by name.
            Err(_) => self.file(path, name_stem(path), None),
        }
    }

    fn file(&mut self, path: &Path, rel: PathBuf, size: Option<u64>) {
        if let Ok(c) = path.canonicalize()
            && !self.seen_files.insert(c)
        {
            self.walk.notes.push(format!(
                "{}: already in this batch, skipped",
                path.display()
            ));
            return;
        }
        self.walk.inputs.push(Input {
            path: path.to_path_buf(),
            rel,
            size,
        });
    }

    fn walk_dir(&mut self, root: &Path) {
        let mut stack = vec![(root.to_path_buf(), PathBuf::new())];
        while let Some((dir, rel)) = stack.pop() {
            let canon = match dir.canonicalize() {
                Ok(c) => c,
                Err(e) => {
                    self.walk.errors.push(format!("{}: {e}", dir.display()));
                    continue;
                }
            };
            // The output directory inside a walked tree holds our own
            // results, not inputs (given as a root, it is walked and the
            // overwrite check refuses it instead).
            if !rel.as_os_str().is_empty() && self.exclude.as_ref() == Some(&canon) {
                continue;
            }
            if !self.visited_dirs.insert(canon) {
                self.walk.notes.push(format!(
                    "{}: directory already visited (symlink loop?), skipped",
                    dir.display()
                ));
                continue;
            }
            let entries = match std::fs::read_dir(&dir) {
                Ok(rd) => rd,
                Err(e) => {
                    self.walk
                        .errors
                        .push(format!("{}: cannot read directory: {e}", dir.display()));
                    continue;
                }
            };
            let mut names: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|e| e.file_name())
                .collect();
            names.sort();
            let mut subdirs = Vec::new();
            for name in names {
                let path = dir.join(&name);
                let rel_path = rel.join(&name);
                match std::fs::metadata(&path) {
                    Ok(m) if m.is_dir() => subdirs.push((path, rel_path)),
                    meta => {
                        if self.glob.matches(&rel_path) {
                            let size = meta.ok().map(|m| m.len());
                            self.file(&path, strip_ext(&rel_path), size);
                        }
                    }
                }
            }
            // Reversed so the stack pops them in name order (depth first).
            stack.extend(subdirs.into_iter().rev());
        }
    }
}

/// The file name without its last extension (`a.txt` → `a`).
fn name_stem(path: &Path) -> PathBuf {
    match path.file_name() {
        Some(n) => strip_ext(Path::new(n)),
        None => PathBuf::from("input"),
    }
}

fn strip_ext(rel: &Path) -> PathBuf {
    match rel.file_stem() {
        Some(stem) => rel.with_file_name(stem),
        None => rel.to_path_buf(),
    }
}

/// A shell-style pattern: `*` and `?` (not across `/`), `**` (across `/`),
/// `[abc]`/`[a-z]`/`[!a]`, `{txt,md}`. Without a `/` it matches the file
/// name; with one, the path relative to the walked directory.
#[derive(Debug, Clone)]
pub struct Glob {
    alternatives: Vec<Vec<char>>,
    whole_path: bool,
}

impl Glob {
    /// Parses a pattern (every string is a valid pattern).
    pub fn new(pattern: &str) -> Self {
        Glob {
            alternatives: expand_braces(pattern)
                .into_iter()
                .map(|p| p.chars().collect())
                .collect(),
            whole_path: pattern.contains('/'),
        }
    }

    /// Does the relative path (or its file name) match?
    pub fn matches(&self, rel: &Path) -> bool {
        let subject: String = if self.whole_path {
            rel.components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("/")
        } else {
            match rel.file_name() {
                Some(n) => n.to_string_lossy().into_owned(),
                None => return false,
            }
        };
        let s: Vec<char> = subject.chars().collect();
        self.alternatives.iter().any(|p| match_here(p, &s))
    }
}

/// `a{b,c}d` → `abd`, `acd` (nested braces too).
fn expand_braces(p: &str) -> Vec<String> {
    let chars: Vec<char> = p.chars().collect();
    let Some(open) = chars.iter().position(|&c| c == '{') else {
        return vec![p.to_string()];
    };
    let mut depth = 0;
    let mut parts = Vec::new();
    let mut part_start = open + 1;
    for (i, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '{' => depth += 1,
            ',' if depth == 1 => {
                parts.push(chars[part_start..i].iter().collect::<String>());
                part_start = i + 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    parts.push(chars[part_start..i].iter().collect::<String>());
                    let head: String = chars[..open].iter().collect();
                    let tail: String = chars[i + 1..].iter().collect();
                    return parts
                        .iter()
                        .flat_map(|m| expand_braces(&format!("{head}{m}{tail}")))
                        .collect();
                }
            }
            _ => {}
        }
    }
    vec![p.to_string()] // unbalanced: literal
}

fn match_here(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => {
            let rest = p[2..].strip_prefix(&['/']).unwrap_or(&p[2..]);
            (0..=s.len()).any(|k| (k == 0 || s[k - 1] == '/') && match_here(rest, &s[k..]))
                || (0..=s.len()).any(|k| match_here(&p[2..], &s[k..]))
        }
        Some('*') => (0..=s.len())
            .take_while(|&k| k == 0 || s[k - 1] != '/')
            .any(|k| match_here(&p[1..], &s[k..])),
        Some('?') => s.first().is_some_and(|&c| c != '/') && match_here(&p[1..], &s[1..]),
        Some('[') => match (class_end(p), s.first()) {
            (Some(end), Some(&c)) => {
                c != '/' && class_matches(&p[1..end], c) && match_here(&p[end + 1..], &s[1..])
            }
            (Some(_), None) => false,
            (None, _) => s.first() == Some(&'[') && match_here(&p[1..], &s[1..]),
        },
        Some(&c) => s.first() == Some(&c) && match_here(&p[1..], &s[1..]),
    }
}

fn class_end(p: &[char]) -> Option<usize> {
    // The first `]` after `[`, `[!` or `[^` (a leading `]` is literal).
    let mut i = 1;
    if matches!(p.get(i), Some('!' | '^')) {
        i += 1;
    }
    if p.get(i) == Some(&']') {
        i += 1;
    }
    p[i..].iter().position(|&c| c == ']').map(|k| i + k)
}

fn class_matches(class: &[char], c: char) -> bool {
    let (negate, class) = match class.first() {
        Some('!' | '^') => (true, &class[1..]),
        _ => (false, class),
    };
    let mut hit = false;
    let mut i = 0;
    while i < class.len() {
        if i + 2 < class.len() && class[i + 1] == '-' {
            hit |= class[i] <= c && c <= class[i + 2];
            i += 3;
        } else {
            hit |= class[i] == c;
            i += 1;
        }
    }
    hit != negate
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> bool {
        Glob::new(p).matches(Path::new(s))
    }

    #[test]
    fn globs() {
        assert!(m("*.txt", "a/b/c.txt"));
        assert!(!m("*.txt", "a/b/c.txt.bak"));
        assert!(m("*.{txt,md}", "x.md"));
        assert!(m("scan_??.txt", "scan_01.txt"));
        assert!(m("[0-9]*.txt", "002_x.txt"));
        assert!(!m("[!0-9]*.txt", "002_x.txt"));
        assert!(m("**/*.txt", "a/b/c.txt"));
        assert!(m("**/*.txt", "c.txt"));
        assert!(m("a/*.txt", "a/c.txt"));
        assert!(!m("a/*.txt", "a/b/c.txt"));
        assert!(m("*", "anything"));
    }
}
