//! Measures near-duplicate detection on a corpus generated from the lingua sentences.
//!
//! ```text
//! cargo run --release -p polyprep --no-default-features --example bench_dedup -- \
//!     [DOCS] [DUP_RATE] [DIR]
//! ```
//!
//! DOCS defaults to 10000, DUP_RATE to 0.1 and DIR to `../shared/data/langid/lingua-testdata`
//! (relative to the workspace root); every `*/sentences.txt` under DIR is read, in sorted order.

use polyprep::dedup::bench::{generate_corpus, peak_rss_bytes, run_bench};
use polyprep::dedup::DedupConfig;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let docs: usize = args.next().map_or(Ok(10_000), |a| a.parse())?;
    let dup_rate: f64 = args.next().map_or(Ok(0.1), |a| a.parse())?;
    let dir = args.next().map_or_else(
        || PathBuf::from("../shared/data/langid/lingua-testdata"),
        PathBuf::from,
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path().join("sentences.txt")))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut sentences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)?;
        sentences.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from),
        );
    }
    eprintln!(
        "{} sentences from {} files; generating {docs} documents, {:.0} % copies",
        sentences.len(),
        files.len(),
        dup_rate * 100.0
    );
    let start = Instant::now();
    let (corpus, truth) = generate_corpus(&sentences, docs, dup_rate, 2024);
    drop(sentences);
    eprintln!(
        "generated in {:.1} s; RSS peak so far {:.0} MiB",
        start.elapsed().as_secs_f64(),
        peak_rss_bytes().unwrap_or(0) as f64 / 1048576.0
    );
    let config = DedupConfig::default();
    let report = run_bench(&corpus, &truth, &config)?;
    print!("{report}");
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}
