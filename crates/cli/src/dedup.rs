//! The duplicate pass of `polyprep dedup` and `run --dedup`, and `polyprep bench dedup`.

use crate::InputArgs;
use anyhow::{bail, Context, Result};
use clap::Args;
use polyprep::corpus::read_corpus;
use polyprep::dedup::bench::{generate_corpus, run_bench};
use polyprep::dedup::{
    dedup_corpus, CorpusDedup, DedupBuilder, DedupConfig, DedupPolicy, KeepPolicy,
};
use polyprep::{PipelineBuilder, PipelineConfig};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Near-duplicate settings shared by `dedup` and `run --dedup`.
#[derive(Args, Debug, Clone, Default)]
pub struct DedupArgs {
    /// Estimated Jaccard similarity at or above which documents are near-duplicates [0.8].
    #[arg(long, value_name = "S")]
    pub threshold: Option<f64>,
    /// Words per shingle [5].
    #[arg(long, value_name = "N")]
    pub shingle_words: Option<usize>,
    /// MinHash permutations [128].
    #[arg(long, value_name = "N")]
    pub permutations: Option<usize>,
    /// LSH bands (default: the banding that minimises false positives + false negatives at the
    /// threshold; rows = permutations / bands).
    #[arg(long, value_name = "N")]
    pub bands: Option<usize>,
    /// Drop all but one document of each cluster (default: keep all, annotate).
    #[arg(long)]
    pub drop: bool,
    /// With --drop, which one to keep: `first`, `longest`, or `field:NAME` (the highest value
    /// of a numeric metadata field).
    #[arg(long, value_name = "WHICH", default_value = "first")]
    pub keep: String,
    /// With --drop: write the lines of dropped duplicates here instead of into the output.
    #[arg(long, value_name = "FILE")]
    pub dropped: Option<PathBuf>,
    /// Print the S-curve of the banding (the probability that a pair at similarity s becomes a
    /// candidate) on standard error.
    #[arg(long)]
    pub s_curve: bool,
}

impl DedupArgs {
    /// The configuration the flags describe, on top of `base`.
    pub fn apply(&self, mut config: DedupConfig) -> Result<DedupConfig> {
        if let Some(threshold) = self.threshold {
            config.threshold = threshold;
        }
        if let Some(words) = self.shingle_words {
            config.shingle_words = words;
        }
        if let Some(permutations) = self.permutations {
            config.permutations = permutations;
        }
        if let Some(bands) = self.bands {
            config.bands = Some(bands);
            config.rows = None;
        }
        if self.drop {
            let keep = match self.keep.as_str() {
                "first" => KeepPolicy::First,
                "longest" => KeepPolicy::Longest,
                other => match other.strip_prefix("field:") {
                    Some(field) => KeepPolicy::Field(field.to_string()),
                    None => bail!("--keep {other:?}: use first, longest or field:NAME"),
                },
            };
            config.policy = DedupPolicy::Drop { keep };
        }
        Ok(config)
    }
}

/// Standard input cannot be read twice; the dedup pass needs a second read.
fn check_rereadable(inputs: &[PathBuf]) -> Result<()> {
    if inputs.iter().any(|p| p == Path::new("-")) {
        bail!("deduplication reads its inputs twice; save standard input to a file and pass that");
    }
    Ok(())
}

/// The first pass: clean and normalize every record (each unless off), so that boilerplate
/// and spelling variants do not hide copies, and cluster the documents.
pub fn first_pass(
    input: &InputArgs,
    clean: Option<polyprep::clean::CleanConfig>,
    normalize: Option<polyprep::translit::NormalizeConfig>,
    config: DedupConfig,
    top_pairs: usize,
) -> Result<CorpusDedup> {
    check_rereadable(&input.inputs)?;
    let deduper = DedupBuilder::new().with_config(config).build()?;
    let cleaner = PipelineBuilder::new()
        .with_config(PipelineConfig {
            clean,
            langid: None,
            ner: None,
            normalize,
        })
        .build()?;
    let records = read_corpus(&input.inputs, &input.input_options());
    let start = Instant::now();
    let found = dedup_corpus(
        &cleaner,
        records,
        &deduper,
        &input.stream_options(),
        top_pairs,
    )?;
    if !input.quiet {
        let s = &found.result.stats;
        eprintln!(
            "polyprep dedup pass: {} documents, {} exact duplicates, {} clusters holding {} documents, {} to drop, {} x {} bands x rows, {:.2} s",
            s.documents,
            s.exact_duplicates,
            s.clusters,
            s.clustered_documents,
            s.dropped,
            s.bands,
            s.rows,
            start.elapsed().as_secs_f64()
        );
        for note in &found.result.notes {
            eprintln!("polyprep dedup pass: {note}");
        }
    }
    Ok(found)
}

/// The line that stands for a dropped duplicate in the output (or the `--dropped` file).
pub fn dropped_json(id: &str, dedup: &polyprep::Duplicate) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "status": "duplicate",
        "duplicate_of": dedup.representative,
        "cluster": dedup.cluster,
        "similarity": dedup.similarity,
        "exact": dedup.exact,
    })
}

/// Prints the S-curve of the banding: the probability that a pair at similarity s becomes a
/// candidate.
pub fn print_s_curve(config: &DedupConfig) -> Result<()> {
    let deduper = DedupBuilder::new().with_config(config.clone()).build()?;
    let (bands, rows) = deduper.lsh_params();
    eprintln!(
        "S-curve for {bands} bands x {rows} rows (threshold {}):",
        config.threshold
    );
    eprintln!("  similarity  P(candidate)");
    for (s, p) in deduper.s_curve(21) {
        eprintln!("  {s:10.2}  {p:12.4}");
    }
    Ok(())
}

/// What `polyprep bench dedup` measures.
#[derive(Args, Debug)]
pub struct BenchDedupArgs {
    /// Documents to generate.
    #[arg(long, default_value_t = 10_000)]
    docs: usize,
    /// Share of the documents that are injected copies (exact and edited).
    #[arg(long, default_value_t = 0.1)]
    dup_rate: f64,
    /// The lingua test data (every */sentences.txt is read): the real text documents are
    /// made of.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "../shared/data/langid/lingua-testdata"
    )]
    lingua_dir: PathBuf,
    /// Also print the report as one JSON line.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    dedup: DedupArgs,
}

/// Generates a corpus from real sentences with known injected copies, deduplicates it and
/// prints documents/s, peak memory, and precision and recall of the injected copies.
pub fn bench_dedup(args: BenchDedupArgs) -> Result<()> {
    let config = args.dedup.apply(DedupConfig::default())?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&args.lingua_dir)
        .with_context(|| format!("cannot read {}", args.lingua_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path().join("sentences.txt")))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut sentences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        sentences.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from),
        );
    }
    if sentences.is_empty() {
        bail!("no sentences under {}", args.lingua_dir.display());
    }
    eprintln!(
        "{} sentences from {} files; generating {} documents, {:.0} % copies",
        sentences.len(),
        files.len(),
        args.docs,
        args.dup_rate * 100.0
    );
    let (corpus, truth) = generate_corpus(&sentences, args.docs, args.dup_rate, 2024);
    drop(sentences);
    let report = run_bench(&corpus, &truth, &config)?;
    print!("{report}");
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    }
    Ok(())
}
