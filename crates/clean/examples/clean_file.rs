//! Cleans text files with the default [`Cleaner`] and prints the clean text, every removed (or,
//! with `--keep`, flagged) block, and the metadata found:
//! `cargo run -p polyprep-clean --example clean_file -- [--keep] FILE...`
//!
//! With `--time N` it prints nothing but the throughput of cleaning the files N times.

use polyprep_clean::CleanerBuilder;
use polyprep_core::{Document, Stage};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let keep = args.iter().any(|a| a == "--keep");
    let times: Option<usize> = args
        .iter()
        .position(|a| a == "--time")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok());
    let paths: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--time"))
        .map(|(_, a)| a)
        .collect();
    let started = Instant::now();
    let cleaner = CleanerBuilder::new().with_keep_boilerplate(keep).build()?;
    let built = started.elapsed();
    let texts: Vec<(String, String)> = paths
        .iter()
        .map(|p| Ok(((*p).clone(), std::fs::read_to_string(p)?)))
        .collect::<Result<_, std::io::Error>>()?;
    if let Some(n) = times {
        let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum::<usize>() * n;
        let started = Instant::now();
        for _ in 0..n {
            for (id, text) in &texts {
                let mut doc = Document::new(id.as_str(), text.as_str());
                cleaner.process(&mut doc)?;
            }
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "built in {:.1} ms; cleaned {} documents, {:.1} MB in {secs:.2} s: {:.2} MB/s, {:.0} documents/s",
            built.as_secs_f64() * 1e3,
            texts.len() * n,
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs,
            (texts.len() * n) as f64 / secs
        );
        return Ok(());
    }
    for (id, text) in texts {
        let mut doc = Document::new(id.as_str(), text);
        cleaner.process(&mut doc)?;
        println!("=== {id}\n{}\n--- removed", doc.text());
        for r in &doc.annotations.removed {
            println!(
                "[{}] {:?} ({}) {}",
                r.rule,
                r.span.range(),
                r.reason,
                r.text
            );
        }
        println!(
            "--- metadata {}",
            serde_json::Value::Object(doc.metadata.clone())
        );
    }
    Ok(())
}
