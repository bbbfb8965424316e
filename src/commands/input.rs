//! Reading inputs: files or stdin, decoded to documents with clear errors.

use crate::text::{Document, Encoding, IntakeOptions, decode_auto};
use anyhow::Context;
use std::io::Read;
use std::path::Path;

/// Input decoding flags shared by all subcommands.
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    #[arg(long)]
    pub lossy: bool,
    /// Input encoding instead of detecting it: utf-8, utf-16le, utf-16be,
    /// windows-1258, tcvn3, vni-windows, viqr.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<Encoding>,
}

impl InputArgs {
    pub fn intake(&self) -> IntakeOptions {
        IntakeOptions {
            lossy: self.lossy,
            ..IntakeOptions::default()
        }
    }
}

/// Reads `path` (`-` = stdin) and decodes it.
pub fn read_document(path: &Path, args: &InputArgs) -> anyhow::Result<Document> {
    let name = path.display().to_string();
    let bytes = if name == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .context("reading standard input")?;
        b
    } else {
        std::fs::read(path).with_context(|| format!("{name}: cannot read"))?
    };
    Ok(decode_auto(&name, &bytes, &args.intake(), args.encoding)?)
}

/// Reads `path`, or reports why not on stderr and counts it as failed, so a
/// batch goes on past a bad input.
pub fn read_or_report(path: &Path, args: &InputArgs, failed: &mut usize) -> Option<Document> {
    match read_document(path, args) {
        Ok(d) => Some(d),
        Err(e) => {
            eprintln!("baocao: {e:#}");
            *failed += 1;
            None
        }
    }
}
