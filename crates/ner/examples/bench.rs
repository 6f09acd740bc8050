//! Measures NER throughput on a corpus of sentences.
//!
//! `cargo run --release -p polyprep-ner --example bench -- [--workers N] [--intra N]
//! [--batch-tokens N] [--bytes N] [FILE...]`
//!
//! Text files are split into sentences and repeated to `--bytes` (default 1 MB); `.tsv`
//! CoNLL files give their sentences written back as text. Without files, the seed articles in
//! `../shared/corpus/seeds` are used.

use polyprep_ner::bench::{bench, repeat_to_size};
use polyprep_ner::eval::{detokenize, read_conll};
use polyprep_ner::NerBuilder;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut builder = NerBuilder::new();
    let mut bytes = 1_000_000usize;
    let mut files: Vec<PathBuf> = Vec::new();
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--workers" => builder = builder.with_workers(value()?.parse()?),
            "--intra" => builder = builder.with_intra_threads(value()?.parse()?),
            "--batch-tokens" => builder = builder.with_batch_tokens(value()?.parse()?),
            "--max-length" => builder = builder.with_max_length(value()?.parse()?),
            "--stride" => builder = builder.with_stride(value()?.parse()?),
            "--bytes" => bytes = value()?.parse()?,
            _ => files.push(PathBuf::from(a)),
        }
    }
    if files.is_empty() {
        let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
        for entry in std::fs::read_dir(&seeds)? {
            files.push(entry?.path());
        }
        files.sort();
    }
    let mut texts = Vec::new();
    for f in &files {
        if f.extension().is_some_and(|e| e == "tsv") {
            texts.extend(read_conll(f)?.iter().map(|s| detokenize(&s.words).0));
        } else {
            texts.push(std::fs::read_to_string(f)?);
        }
    }
    let corpus = repeat_to_size(&texts, bytes);
    let ner = builder.build()?;
    let report = bench(&ner, &corpus)?;
    println!("{report}");
    Ok(())
}
