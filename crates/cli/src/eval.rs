//! `polyprep eval …`: accuracy reports on reference data.

use anyhow::{Context, Result};
use clap::Args;
use polyprep::langid::{eval::lingua_report, LanguageDetectorBuilder};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Args, Debug)]
pub struct LangidEvalArgs {
    /// The lingua test data: one folder per ISO 639-1 code holding single-words.txt,
    /// word-pairs.txt and sentences.txt.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "../shared/data/langid/lingua-testdata"
    )]
    lingua_dir: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
}

pub fn langid(args: LangidEvalArgs) -> Result<()> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .context("cannot start the worker threads")?;
    }
    let detector = LanguageDetectorBuilder::new().build()?;
    let start = Instant::now();
    let report = lingua_report(&args.lingua_dir, &detector)
        .with_context(|| format!("evaluating on {}", args.lingua_dir.display()))?;
    println!("{report}");
    eprintln!("evaluated in {:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}
