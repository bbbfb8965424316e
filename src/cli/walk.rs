//! Finding a batch's inputs: files as given, folders walked for files whose
//! names match the globs, and lists of paths (`--files-from`).
//!
//! Folders are walked with the `ignore` crate, as ripgrep and fd walk:
//! hidden files and folders and what `.gitignore` / `.ignore` files exclude
//! are skipped unless `--hidden` / `--no-ignore`. Globs are `globset`
//! patterns (no backtracking, so no pattern can hang the walk), matched on
//! the file name, or on the path below the walked folder when the pattern
//! holds a `/`; `!` in front excludes (files and folders). Symlinks are
//! followed; a link loop ends that branch with a note. Only regular files
//! are taken from walks: FIFOs, sockets and devices are skipped with a note
//! (reading one could block the batch forever). Within a folder, files come
//! first in name order, then its subfolders in name order, so the output
//! order never depends on the file system. A file reached twice is
//! processed once.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// One input to process.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path to read (`-` is standard input).
    pub path: PathBuf,
    /// Where its outputs go under `--out-dir`, without extension: the path
    /// below the walked folder, or the file's own name.
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
    /// Problems that make the batch fail (exit 1): unreadable folders.
    pub errors: Vec<String>,
    /// Things skipped on purpose (symlink loops, duplicates, FIFOs).
    pub notes: Vec<String>,
}

/// Which files to take from walked folders.
#[derive(Debug, Clone)]
pub struct Filter {
    include_names: GlobSet,
    include_paths: GlobSet,
    exclude_names: GlobSet,
    exclude_paths: GlobSet,
    /// The patterns as given, for messages.
    pub patterns: Vec<String>,
    pub hidden: bool,
    pub no_ignore: bool,
    /// The default globs are in use with `--input-format auto`: walked
    /// `.html`, `.xml` and `.tsv` files are taken only when they hold OCR
    /// output (see `super::ocr`).
    pub sniff: bool,
}

impl Filter {
    /// Builds the filter from `--glob` and `--iglob` patterns, or
    /// `defaults` when they include nothing.
    pub fn new(
        globs: &[String],
        iglobs: &[String],
        defaults: &[&str],
        hidden: bool,
        no_ignore: bool,
    ) -> anyhow::Result<Filter> {
        let mut sets = [
            GlobSetBuilder::new(),
            GlobSetBuilder::new(),
            GlobSetBuilder::new(),
            GlobSetBuilder::new(),
        ];
        let mut patterns: Vec<String> = Vec::new();
        let mut includes = 0;
        let all = globs
            .iter()
            .map(|g| (g, false))
            .chain(iglobs.iter().map(|g| (g, true)));
        for (raw, caseless) in all {
            let (exclude, pat) = match raw.strip_prefix('!') {
                Some(p) => (true, p),
                None => (false, raw.as_str()),
            };
            let pat = pat.trim_start_matches("./").trim_end_matches('/');
            let glob = GlobBuilder::new(pat)
                .case_insensitive(caseless)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| anyhow::anyhow!("--glob {raw:?}: {e}"))?;
            let whole = usize::from(pat.contains('/'));
            let slot = usize::from(exclude) * 2 + whole;
            sets[slot].add(glob);
            includes += usize::from(!exclude);
            patterns.push(raw.clone());
        }
        if includes == 0 {
            for (i, g) in defaults.iter().enumerate() {
                sets[0].add(
                    GlobBuilder::new(g)
                        .build()
                        .map_err(|e| anyhow::anyhow!("{e}"))?,
                );
                patterns.insert(i, g.to_string());
            }
        }
        let [a, b, c, d] = sets.map(|s| s.build());
        let err = |e: globset::Error| anyhow::anyhow!("--glob: {e}");
        Ok(Filter {
            include_names: a.map_err(err)?,
            include_paths: b.map_err(err)?,
            exclude_names: c.map_err(err)?,
            exclude_paths: d.map_err(err)?,
            patterns,
            hidden,
            no_ignore,
            sniff: false,
        })
    }

    fn excluded(&self, rel: &str, name: &str) -> bool {
        self.exclude_names.is_match(name) || self.exclude_paths.is_match(rel)
    }

    /// True when a file at `rel` (below the walked folder) is an input.
    pub fn takes(&self, rel: &Path) -> bool {
        let (rel, name) = slash_path(rel);
        !self.excluded(&rel, &name)
            && (self.include_names.is_match(&name) || self.include_paths.is_match(&rel))
    }

    /// True when a folder at `rel` is excluded by a `!` glob.
    fn skips_dir(&self, rel: &Path) -> bool {
        let (rel, name) = slash_path(rel);
        self.excluded(&rel, &name)
    }
}

/// `rel` with `/` separators, and its last component.
fn slash_path(rel: &Path) -> (String, String) {
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let name = parts.last().cloned().unwrap_or_default();
    (parts.join("/"), name)
}

/// Walks command-line inputs in order.
pub struct Walker<'a> {
    filter: &'a Filter,
    /// A folder never to enter (the output folder, canonical).
    exclude: Option<PathBuf>,
    seen_files: HashSet<PathBuf>,
    pub walk: Walk,
}

impl<'a> Walker<'a> {
    pub fn new(filter: &'a Filter, exclude: Option<PathBuf>) -> Self {
        Walker {
            filter,
            exclude,
            seen_files: HashSet::new(),
            walk: Walk::default(),
        }
    }

    /// Adds one command-line input: `-`, a file, or a folder to walk.
    /// Named files are taken whatever the globs say.
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
            Ok(m) => self.file(path, name_stem(path), m.is_file().then_some(m.len())),
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
        let filter = self.filter.clone();
        let exclude = self.exclude.clone();
        let root_buf = root.to_path_buf();
        let mut builder = ignore::WalkBuilder::new(root);
        builder
            .follow_links(true)
            .hidden(!self.filter.hidden)
            .ignore(!self.filter.no_ignore)
            .git_ignore(!self.filter.no_ignore)
            .git_exclude(!self.filter.no_ignore)
            .git_global(false)
            .parents(!self.filter.no_ignore)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(move |e| {
                if !e.file_type().is_some_and(|t| t.is_dir()) || e.depth() == 0 {
                    return true;
                }
                let rel = e.path().strip_prefix(&root_buf).unwrap_or(e.path());
                if filter.skips_dir(rel) {
                    return false;
                }
                // The output folder inside a walked tree holds our own
                // results, not inputs.
                match (&exclude, e.path().canonicalize()) {
                    (Some(x), Ok(c)) => &c != x,
                    _ => true,
                }
            });
        let mut found: Vec<(Vec<String>, Input)> = Vec::new();
        for entry in builder.build() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    match walk_error(&e) {
                        (true, msg) => self.walk.notes.push(msg),
                        (false, msg) => self.walk.errors.push(msg),
                    }
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            let Some(ft) = entry.file_type() else {
                continue;
            };
            if ft.is_dir() {
                continue;
            }
            let path = entry.path();
            let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
            if !self.filter.takes(&rel) {
                continue;
            }
            if self.filter.sniff
                && let Some(note) = super::ocr::not_ocr(path)
            {
                self.walk.notes.push(note);
                continue;
            }
            if !ft.is_file() {
                self.walk.notes.push(format!(
                    "{}: not a regular file (FIFO, socket or device), skipped",
                    path.display()
                ));
                continue;
            }
            let size = entry.metadata().ok().map(|m| m.len());
            let key = slash_path(&rel).0.split('/').map(str::to_string).collect();
            found.push((
                key,
                Input {
                    path: path.to_path_buf(),
                    rel: strip_ext(&rel),
                    size,
                },
            ));
        }
        found.sort_by(|a, b| files_first(&a.0, &b.0));
        for (_, input) in found {
            self.file(&input.path, input.rel, input.size);
        }
    }
}

/// A walk error as `(is_a_note, message)`: a symlink loop is skipped with
/// a note; anything else (a dangling link, an unreadable folder) fails.
fn walk_error(e: &ignore::Error) -> (bool, String) {
    match e {
        ignore::Error::WithDepth { err, .. } => walk_error(err),
        ignore::Error::Loop { child, .. } => (
            true,
            format!(
                "{}: symlink loop (a folder already being walked), skipped",
                child.display()
            ),
        ),
        ignore::Error::WithPath { path, err } => {
            let (note, msg) = walk_error(err);
            (note, format!("{}: {msg}", path.display()))
        }
        ignore::Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => (
            false,
            "cannot read: not found (a dangling symlink?)".to_string(),
        ),
        ignore::Error::Io(io) => (false, format!("cannot read: {io}")),
        other => (false, other.to_string()),
    }
}

/// Order of two paths below a walked folder: at the first component where
/// they differ, a file of that folder comes before anything in a subfolder,
/// and otherwise names compare bytewise.
fn files_first(a: &[String], b: &[String]) -> std::cmp::Ordering {
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if x != y {
            let (a_file, b_file) = (i + 1 == a.len(), i + 1 == b.len());
            return b_file.cmp(&a_file).then_with(|| x.cmp(y));
        }
    }
    a.len().cmp(&b.len())
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(globs: &[&str], iglobs: &[&str]) -> Filter {
        let s = |v: &[&str]| v.iter().map(|g| g.to_string()).collect::<Vec<_>>();
        match Filter::new(&s(globs), &s(iglobs), &["*.txt"], false, false) {
            Ok(f) => f,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn globs_match_names_paths_and_exclusions() {
        let f = filter(&[], &[]);
        assert!(f.takes(Path::new("a/b.txt")));
        assert!(!f.takes(Path::new("a/b.md")));
        let f = filter(&["*.{md,TXT}", "!draft*"], &[]);
        assert!(f.takes(Path::new("x/a.md")) && f.takes(Path::new("B.TXT")));
        assert!(!f.takes(Path::new("draft1.md")) && !f.takes(Path::new("b.txt")));
        let f = filter(&["2024/**/*.txt"], &["*.OCR"]);
        assert!(f.takes(Path::new("2024/q1/a.txt")) && !f.takes(Path::new("2023/a.txt")));
        assert!(f.takes(Path::new("scan.ocr")));
        assert!(filter(&["!old"], &[]).skips_dir(Path::new("x/old")));
    }

    #[test]
    fn pathological_glob_is_fast() {
        let f = filter(&["*a*a*a*a*a*a*a*a*a*a*a*b"], &[]);
        let name = "a".repeat(64);
        let t = std::time::Instant::now();
        assert!(!f.takes(Path::new(&name)));
        assert!(t.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn files_before_subfolders() {
        let p = |s: &str| s.split('/').map(str::to_string).collect::<Vec<_>>();
        let mut v = vec![
            p("b/a.txt"),
            p("z.txt"),
            p("a.txt"),
            p("b/c/d.txt"),
            p("b/e.txt"),
        ];
        v.sort_by(|a, b| files_first(a, b));
        assert_eq!(
            v,
            [
                p("a.txt"),
                p("z.txt"),
                p("b/a.txt"),
                p("b/e.txt"),
                p("b/c/d.txt")
            ]
        );
    }
}
