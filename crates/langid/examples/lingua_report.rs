//! Prints polyprep's and raw whatlang's accuracy on lingua's test set, side by side.
//!
//! ```text
//! cargo run --release -p polyprep-langid --example lingua_report -- [--without-function-words] [DIR] [MIN_CONFIDENCE]
//! ```
//! DIR defaults to `../shared/data/langid/lingua-testdata` (relative to the workspace root).
//! `--without-function-words` measures the detector without its function-word evidence.

use polyprep_langid::{eval::lingua_report, LanguageDetectorBuilder};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (flags, positional): (Vec<String>, Vec<String>) =
        std::env::args().skip(1).partition(|a| a.starts_with("--"));
    let mut function_words = true;
    for flag in flags {
        match flag.as_str() {
            "--without-function-words" => function_words = false,
            other => return Err(format!("unknown flag {other}").into()),
        }
    }
    let mut args = positional.into_iter();
    let dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data/langid/lingua-testdata"));
    let mut builder = LanguageDetectorBuilder::new().with_function_words(function_words);
    if let Some(threshold) = args.next() {
        builder = builder.with_min_confidence(threshold.parse()?);
    }
    let detector = builder.build()?;
    let start = Instant::now();
    let report = lingua_report(&dir, &detector)?;
    let elapsed = start.elapsed();
    print!("{report}");
    let lines: usize = report
        .languages
        .iter()
        .flat_map(|l| l.results.iter())
        .map(|r| r.lines)
        .sum();
    eprintln!(
        "{lines} lines of {} languages in {:.2} s on {} threads",
        report.languages.len(),
        elapsed.as_secs_f64(),
        rayon::current_num_threads()
    );
    Ok(())
}
