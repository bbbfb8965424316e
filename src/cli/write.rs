//! Writing `--out-dir` files so that a crash, a kill or a full disk never
//! leaves a half-written output, and a planted link never redirects one.
//!
//! Each output is written to a fresh temporary file beside its target,
//! created with `O_EXCL` under an unpredictable name (`tempfile`), fsynced,
//! and renamed over the target; then the folder is fsynced so the rename
//! itself survives a power cut. Folders below the output folder are created
//! one component at a time and a component that is a symlink is refused, so
//! nothing is written outside the output folder. A document's outputs
//! (`NAME.txt` and `NAME.json`) appear together: both are written to temp
//! files first, and if the second rename fails the first is removed again.
//! Temporary names start with `.NAME.baocao-`, and a run removes such stale
//! files of the names it writes (left by a killed run).

use std::ffi::OsString;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// Prefix of temporary names for the output `name`.
fn temp_prefix(name: &std::ffi::OsStr) -> OsString {
    let mut p = OsString::from(".");
    p.push(name);
    p.push(".baocao-");
    p
}

/// Creates `dir/rel`'s parent folders below `root` (which must exist),
/// refusing any component that is a symlink or not a folder.
pub fn safe_parent(root: &Path, rel_file: &Path) -> Result<PathBuf, String> {
    let mut dir = root.to_path_buf();
    let parent = rel_file.parent().unwrap_or(Path::new(""));
    for c in parent.components() {
        let Component::Normal(part) = c else {
            return Err(format!(
                "{}: output path leaves the output folder",
                rel_file.display()
            ));
        };
        dir.push(part);
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(format!(
                    "{}: is a symlink inside the output folder; refusing to write through it",
                    dir.display()
                ));
            }
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(format!("{}: exists and is not a folder", dir.display())),
            Err(_) => match std::fs::create_dir(&dir) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(format!("{}: cannot create folder: {e}", dir.display())),
            },
        }
    }
    Ok(dir)
}

/// Removes stale temporary files of `name` in `dir` (a killed run's).
fn remove_stale(dir: &Path, name: &std::ffi::OsStr) {
    let prefix = temp_prefix(name);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name();
        if n.as_encoded_bytes().starts_with(prefix.as_encoded_bytes())
            && e.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes the files `rels` (paths below `root`) atomically and together:
/// `fill` gets one writer per file, in order, and either every target is
/// replaced by what it wrote or none is.
pub fn write_together<T>(
    root: &Path,
    rels: &[PathBuf],
    fill: impl FnOnce(&mut [&mut dyn Write]) -> Result<T, String>,
) -> Result<T, String> {
    let mut temps: Vec<(tempfile::NamedTempFile, PathBuf)> = Vec::new();
    for rel in rels {
        let dir = safe_parent(root, rel)?;
        let Some(name) = rel.file_name() else {
            return Err(format!("{}: not a file name", rel.display()));
        };
        let target = dir.join(name);
        remove_stale(&dir, name);
        let tmp = tempfile::Builder::new()
            .prefix(&temp_prefix(name))
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
        temps.push((tmp, target));
    }
    let mut writers: Vec<std::io::BufWriter<&std::fs::File>> = temps
        .iter()
        .map(|(t, _)| std::io::BufWriter::new(t.as_file()))
        .collect();
    let value = {
        let mut dyns: Vec<&mut dyn Write> =
            writers.iter_mut().map(|w| w as &mut dyn Write).collect();
        fill(&mut dyns)?
    };
    for (w, (_, target)) in writers.iter_mut().zip(&temps) {
        w.flush()
            .map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
    }
    drop(writers);
    for (t, target) in &temps {
        t.as_file()
            .sync_all()
            .map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
    }
    let mut done: Vec<PathBuf> = Vec::new();
    for (tmp, target) in temps {
        if let Err(e) = tmp.persist(&target) {
            for d in &done {
                let _ = std::fs::remove_file(d);
            }
            return Err(format!(
                "{}: cannot rename into place: {}",
                target.display(),
                e.error
            ));
        }
        done.push(target);
    }
    let mut dirs: Vec<&Path> = done.iter().filter_map(|t| t.parent()).collect();
    dirs.dedup();
    for d in dirs {
        if let Ok(f) = std::fs::File::open(d) {
            let _ = f.sync_all();
        }
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &'static str) -> Result<(), String> {
        write_together(root, &[PathBuf::from(rel)], |w| {
            w[0].write_all(text.as_bytes()).map_err(|e| e.to_string())
        })
    }

    #[test]
    fn writes_replaces_and_cleans_stale_temps() -> Result<(), Box<dyn std::error::Error>> {
        let d = tempfile::tempdir()?;
        std::fs::write(d.path().join(".a.txt.baocao-old.tmp"), "stale")?;
        write(d.path(), "a.txt", "one")?;
        write(d.path(), "a.txt", "two")?;
        write(d.path(), "sub/b.txt", "three")?;
        assert_eq!(std::fs::read_to_string(d.path().join("a.txt"))?, "two");
        assert_eq!(
            std::fs::read_to_string(d.path().join("sub/b.txt"))?,
            "three"
        );
        let names: Vec<_> = std::fs::read_dir(d.path())?
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_symlinked_folder() -> Result<(), Box<dyn std::error::Error>> {
        let d = tempfile::tempdir()?;
        let elsewhere = tempfile::tempdir()?;
        std::os::unix::fs::symlink(elsewhere.path(), d.path().join("sub"))?;
        assert!(write(d.path(), "sub/b.txt", "x").is_err());
        assert_eq!(std::fs::read_dir(elsewhere.path())?.count(), 0);
        Ok(())
    }
}
