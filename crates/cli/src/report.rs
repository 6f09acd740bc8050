//! `polyprep report`: one self-contained HTML page (or JSON) on what a corpus holds.

use crate::{dedup::first_pass, log_line, ner::NerArgs, progress_bar, InputArgs};
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use polyprep::corpus::{read_corpus, Record};
use polyprep::dedup::DedupConfig;
use polyprep::passages::{PassageConfig, PassageFinder};
use polyprep::report::{render_html, ReportBuilder};
use polyprep::stream::StreamError;
use polyprep::{PipelineBuilder, PipelineConfig};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Most similar document pairs listed (below the near-duplicate threshold too).
const TOP_PAIRS: usize = 20;

/// What `polyprep report` reads and writes.
#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Write the report here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// `html`: one self-contained page (inline CSS and SVG, no network); `json`: the same data.
    #[arg(long = "output-format", value_enum, default_value_t = ReportFormat::Html)]
    output_format: ReportFormat,
    /// The page's title (default: the inputs).
    #[arg(long)]
    title: Option<String>,
    /// Leave named-entity recognition out (faster; no entity table).
    #[arg(long)]
    no_ner: bool,
    /// Skip the duplicate pass (needed to read standard input, which cannot be read twice).
    #[arg(long)]
    no_dedup: bool,
    #[command(flatten)]
    ner: NerArgs,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum ReportFormat {
    Html,
    Json,
}

/// Runs every stage over the corpus (and a duplicate pass first), collects counts and small
/// tables, finds shared passages, and writes the report.
pub fn report(args: ReportArgs) -> Result<ExitCode> {
    let input = &args.input;
    // Finer sketches than `polyprep dedup` uses, so that the ranking of similar pairs holds
    // on small corpora too (3-word shingles, 512 permutations; same threshold).
    let dedup_config = DedupConfig::for_ranking();
    let threshold = dedup_config.threshold;
    let duplicates = if args.no_dedup {
        None
    } else {
        let clean = Some(polyprep::clean::CleanConfig::default());
        let normalize = Some(polyprep::translit::NormalizeConfig::default());
        Some(first_pass(
            input,
            clean,
            normalize,
            dedup_config,
            TOP_PAIRS,
        )?)
    };
    let ner = (!args.no_ner).then(|| args.ner.config_with_threads(input.threads));
    let pipeline = PipelineBuilder::new()
        .with_config(PipelineConfig {
            ner,
            ..PipelineConfig::default()
        })
        .build()?;
    let title = args.title.clone().unwrap_or_else(|| {
        let names: Vec<String> = input
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        format!("Corpus report: {}", names.join(", "))
    });
    let mut builder = ReportBuilder::new().with_title(title);
    let mut passages = PassageFinder::new(PassageConfig::default())?;
    let progress = progress_bar(input.quiet);
    let sink = |record: Record| -> io::Result<()> {
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        match record {
            Ok(doc) => {
                if let Err(error) = passages.add_document(builder.documents(), &doc) {
                    log_line(&progress, &format!("warning: {}: {error}", doc.id));
                }
                builder.add_document(&doc);
            }
            Err(error) => {
                log_line(&progress, &format!("error: {error}"));
                builder.add_error(&error.record, &error.message);
            }
        }
        Ok(())
    };
    let records = read_corpus(&input.inputs, &input.input_options());
    let stats = match pipeline.process_stream(records, &input.stream_options(), sink) {
        Ok(stats) => stats,
        Err(StreamError::Sink(error)) => return Err(error).context("cannot collect the report"),
        Err(error) => return Err(error.into()),
    };
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    if let Some(found) = &duplicates {
        builder = builder
            .with_corpus_dedup(found)
            .with_dedup_threshold(threshold);
    }
    let report = builder.with_passages(&passages.finish()).finish();
    let text = match args.output_format {
        ReportFormat::Html => render_html(&report),
        ReportFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => io::stdout().lock().write_all(text.as_bytes())?,
    }
    if !input.quiet {
        eprintln!(
            "polyprep report: {} documents, {} errors, {:.2} s",
            stats.documents,
            stats.errors,
            stats.elapsed.as_secs_f64()
        );
    }
    Ok(if stats.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
