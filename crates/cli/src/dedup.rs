//! `polyprep dedup`, the dedup pass of `polyprep run`, and `polyprep bench dedup`.

use crate::{log_line, output, progress_bar, InputArgs};
use anyhow::{bail, Context, Result};
use clap::Args;
use polyprep::corpus::{read_corpus, Record};
use polyprep::dedup::bench::{generate_corpus, run_bench};
use polyprep::dedup::{
    dedup_corpus, CorpusDedup, DedupBuilder, DedupConfig, DedupPolicy, KeepPolicy,
};
use polyprep::stream::StreamError;
use polyprep::{PipelineBuilder, PipelineConfig};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
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

/// What `polyprep dedup` reads and writes.
#[derive(Args, Debug)]
pub struct DedupCommandArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Write the documents (JSONL) here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write error records here instead of into the output.
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// With --drop: write the lines of dropped duplicates here instead of into the output.
    #[arg(long, value_name = "FILE")]
    dropped: Option<PathBuf>,
    /// Deduplicate the text as read, without cleaning and normalizing it first.
    #[arg(long)]
    no_clean: bool,
    /// Print the S-curve of the banding (the probability that a pair at similarity s becomes a
    /// candidate) on standard error.
    #[arg(long)]
    s_curve: bool,
    #[command(flatten)]
    dedup: DedupArgs,
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    Ok(BufWriter::new(File::create(path).with_context(|| {
        format!("cannot create {}", path.display())
    })?))
}

/// Runs `polyprep dedup`: a first pass clusters the documents, a second writes every record:
/// kept documents with their cluster, dropped ones as `"status": "duplicate"` lines, failed
/// ones as error lines.
pub fn dedup(args: DedupCommandArgs) -> Result<ExitCode> {
    let config = args.dedup.apply(DedupConfig::default())?;
    if args.s_curve {
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
    }
    let clean = (!args.no_clean).then(polyprep::clean::CleanConfig::default);
    let normalize = (!args.no_clean).then(polyprep::translit::NormalizeConfig::default);
    let found = first_pass(&args.input, clean.clone(), normalize.clone(), config, 0)?;
    let pipeline = PipelineBuilder::new()
        .with_config(PipelineConfig {
            clean,
            langid: None,
            ner: None,
            normalize,
        })
        .build()?;
    let mut output: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(create(path)?),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let mut errors_out = args.errors.as_deref().map(create).transpose()?;
    let mut dropped_out = args.dropped.as_deref().map(create).transpose()?;
    let progress = progress_bar(args.input.quiet);
    let mut position = 0;
    let mut dropped = 0;
    let sink = |record: Record| -> io::Result<()> {
        let doc_index = found.records.get(position).copied().flatten();
        position += 1;
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        let (line, target) = match record {
            Ok(mut doc) => {
                doc.annotations.duplicate = doc_index.and_then(|i| found.annotation(i));
                match &doc.annotations.duplicate {
                    Some(dup) if !dup.kept => {
                        dropped += 1;
                        (dropped_json(&doc.id, dup), dropped_out.as_mut())
                    }
                    _ => (output::document_json(&doc, Default::default()), None),
                }
            }
            Err(error) => {
                log_line(&progress, &format!("error: {error}"));
                (output::error_json(&error), errors_out.as_mut())
            }
        };
        match target {
            Some(file) => {
                serde_json::to_writer(&mut *file, &line)?;
                file.write_all(b"\n")
            }
            None => {
                serde_json::to_writer(&mut output, &line)?;
                output.write_all(b"\n")
            }
        }
    };
    let records = read_corpus(&args.input.inputs, &args.input.input_options());
    let stats = match pipeline.process_stream(records, &args.input.stream_options(), sink) {
        Ok(stats) => stats,
        Err(StreamError::Sink(error)) => return Err(error).context("cannot write the output"),
        Err(error) => return Err(error.into()),
    };
    output.flush().context("cannot write the output")?;
    for file in [&mut errors_out, &mut dropped_out].into_iter().flatten() {
        file.flush().context("cannot write a report file")?;
    }
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    if position != found.records.len() {
        bail!("the inputs changed between the two passes ({} records, then {position}); deduplicate a corpus that is not being written to", found.records.len());
    }
    if !args.input.quiet {
        eprintln!(
            "polyprep dedup: {} documents, {} errors, {dropped} dropped, {} kept",
            stats.documents,
            stats.errors,
            stats.documents - dropped
        );
    }
    Ok(if stats.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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
