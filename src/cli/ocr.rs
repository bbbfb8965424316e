//! The command line's part of reading OCR engines' files: which files a
//! walk takes by default, and what `--out-dir` calls their outputs.
//!
//! With `--input-format auto` (the default) folders are walked for text
//! (`*.txt`) and for what OCR engines write: hOCR (`*.hocr`, `*.html`,
//! `*.htm`), ALTO (`*.xml`) and Tesseract TSV (`*.tsv`). Since `.html`,
//! `.xml` and `.tsv` files are often something else, a walked one is taken
//! only when its content is hOCR, ALTO or TSV (else it is skipped with a
//! note); named files are always read. A forced format walks for its own
//! extensions only.

use super::walk::Input;
use baocao::InputFormat;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Extensions whose files a walk sniffs before taking them.
const SNIFFED: &[&str] = &["html", "htm", "xml", "tsv"];

/// The globs a walk uses when none is given.
pub fn default_globs(format: InputFormat) -> &'static [&'static str] {
    match format {
        InputFormat::Auto => &["*.txt", "*.hocr", "*.html", "*.htm", "*.xml", "*.tsv"],
        InputFormat::Text => &["*.txt"],
        InputFormat::Hocr => &["*.hocr", "*.html", "*.htm"],
        InputFormat::Alto => &["*.xml"],
        InputFormat::Tsv => &["*.tsv"],
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Why a walked file is not taken, for a note: an `.html`, `.xml` or
/// `.tsv` file whose first bytes are not an OCR engine's (`None`: take it).
pub fn not_ocr(path: &Path) -> Option<String> {
    let ext = extension(path)?;
    if !SNIFFED.contains(&ext.as_str()) {
        return None;
    }
    let mut head = Vec::new();
    // An unreadable file is taken, so reading it reports the error.
    let f = std::fs::File::open(path).ok()?;
    f.take(64 << 10).read_to_end(&mut head).ok()?;
    (InputFormat::of_content(&head) == InputFormat::Text).then(|| {
        format!(
            "{}: not hOCR, ALTO or Tesseract TSV, skipped (name it, or use --input-format text, to read it as text)",
            path.display()
        )
    })
}

/// `--out-dir` names (below the output folder) of an input's repaired
/// file and record: `NAME.txt` and `NAME.json` for text; for an OCR
/// engine's file its own name (`NAME.hocr`) and `NAME.hocr.json`, so the
/// engine's several outputs of one page never claim the same record.
pub fn out_names(input: &Input, format: InputFormat) -> (PathBuf, PathBuf) {
    let with = |ext: &str| {
        let mut name = input.rel.as_os_str().to_owned();
        name.push(".");
        name.push(ext);
        PathBuf::from(name)
    };
    let own = extension(&input.path);
    let ocr_ext = match (format, own.as_deref()) {
        (InputFormat::Text, _) => None,
        (_, Some(e)) if e == "hocr" || SNIFFED.contains(&e) => Some(e.to_string()),
        (InputFormat::Auto, _) => None,
        // A forced OCR format: the file's own extension, else the format's.
        (_, Some(e)) if e != "txt" => Some(e.to_string()),
        (InputFormat::Alto, _) => Some("xml".to_string()),
        (f, _) => Some(f.as_str().to_string()),
    };
    match ocr_ext {
        Some(e) => (with(&e), with(&format!("{e}.json"))),
        None => (with("txt"), with("json")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &str, rel: &str) -> Input {
        Input {
            path: PathBuf::from(path),
            rel: PathBuf::from(rel),
            size: None,
        }
    }

    #[test]
    fn out_names_keep_an_ocr_files_extension() {
        let names = |p, f| out_names(&input(p, "d/page"), f);
        let pb = |a: &str, b: &str| (PathBuf::from(a), PathBuf::from(b));
        assert_eq!(
            names("x/page.txt", InputFormat::Auto),
            pb("d/page.txt", "d/page.json")
        );
        assert_eq!(
            names("x/page.hocr", InputFormat::Auto),
            pb("d/page.hocr", "d/page.hocr.json")
        );
        assert_eq!(
            names("x/page.XML", InputFormat::Auto),
            pb("d/page.xml", "d/page.xml.json")
        );
        assert_eq!(
            names("x/page.xml", InputFormat::Text),
            pb("d/page.txt", "d/page.json")
        );
        assert_eq!(
            names("x/page", InputFormat::Alto),
            pb("d/page.xml", "d/page.xml.json")
        );
        assert_eq!(
            names("x/page.txt", InputFormat::Tsv),
            pb("d/page.tsv", "d/page.tsv.json")
        );
    }
}
