use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Repair OCR-mangled Vietnamese reports and extract what analysts need.
#[derive(Parser)]
#[command(name = "baocao", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Restore Vietnamese diacritics and undo OCR confusions.
    Repair {
        /// Input file ('-' for stdin).
        #[arg(default_value = "-")]
        input: PathBuf,
    },
    /// Rebuild the models from the shared corpora and OCR pairs.
    Train {
        /// Folder with the running-text corpora and word lists.
        #[arg(long, default_value = "../shared/corpora")]
        corpora: PathBuf,
        /// Folder with train.clean.txt / train.ocr.txt.
        #[arg(long, default_value = "../shared/ocr-pairs")]
        pairs: PathBuf,
        /// Where to write the model files.
        #[arg(long, default_value = "dictionaries")]
        out: PathBuf,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Repair { input } => {
            let bytes = if input.as_os_str() == "-" {
                let mut b = Vec::new();
                std::io::Read::read_to_end(&mut std::io::stdin(), &mut b)?;
                b
            } else {
                std::fs::read(&input)?
            };
            let doc =
                baocao::text::decode(&input.display().to_string(), &bytes, &Default::default())?;
            let model = baocao::repair::model::Model::embedded()?;
            let mut session = baocao::repair::engine::Session::default();
            let r = baocao::repair::engine::repair_text(
                &doc.text,
                &model,
                &Default::default(),
                &mut session,
            );
            print!("{}", r.rewrite.text);
        }
        Command::Train {
            corpora,
            pairs,
            out,
        } => {
            let opts = baocao::train::TrainOptions {
                corpora,
                pairs,
                out,
                em_iterations: 6,
            };
            eprintln!("{}", baocao::train::train_lexicon(&opts)?);
        }
    }
    Ok(())
}
