//! `polyprep variants`: spelling variants of names found over a corpus, written as a gazetteer
//! for a person to review and feed back with `--gazetteer`.

use crate::{create_file, log_line, ner::NerArgs, output, progress_bar, InputArgs};
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use polyprep::corpus::{read_corpus, Record};
use polyprep::stream::StreamError;
use polyprep::translit::variants::{write_gazetteer, MentionCollector, VariantConfig};
use polyprep::translit::Gazetteer;
use polyprep::{PipelineBuilder, PipelineConfig};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// What `polyprep variants` reads and writes.
#[derive(Args, Debug)]
pub struct VariantsArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Write the gazetteer (or JSON) here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write error records (JSONL) here instead of only reporting them on standard error.
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// `tsv`: a gazetteer file with a comment per cluster; `json`: the clusters with their
    /// members, counts and the keys that linked them.
    #[arg(long = "output-format", value_enum, default_value_t = VariantsFormat::Tsv)]
    output_format: VariantsFormat,
    /// Gazetteer files whose entities are already known (their spellings are not reported as
    /// new, and their canonical forms win).
    #[arg(long = "gazetteer", value_name = "FILE")]
    gazetteer_files: Vec<PathBuf>,
    /// Do not use the built-in gazetteer.
    #[arg(long)]
    no_default_gazetteer: bool,
    /// Ignore spellings seen fewer times than this.
    #[arg(long, value_name = "N")]
    min_count: Option<usize>,
    /// Collect capitalized mentions only, without NER entities (faster; no entity types).
    #[arg(long)]
    no_ner: bool,
    #[command(flatten)]
    ner: NerArgs,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum VariantsFormat {
    Tsv,
    Json,
}

/// Runs `polyprep variants`: clean (and NER) every document, collect mentions, cluster them.
pub fn variants(args: VariantsArgs) -> Result<ExitCode> {
    let mut gazetteer = if args.no_default_gazetteer {
        Gazetteer::new()
    } else {
        Gazetteer::builtin()?
    };
    for path in &args.gazetteer_files {
        gazetteer.extend(Gazetteer::from_file(path)?);
    }
    let mut config = VariantConfig::default();
    if let Some(min_count) = args.min_count {
        config.min_count = min_count;
    }
    let ner = (!args.no_ner).then(|| args.ner.config_with_threads(args.input.threads));
    // Mentions are collected from cleaned text: boilerplate repeats names and would inflate
    // their counts. Normalization stays out, since its job is what this command discovers.
    let pipeline = PipelineBuilder::new()
        .with_config(PipelineConfig {
            langid: None,
            ner,
            normalize: None,
            ..PipelineConfig::default()
        })
        .build()?;
    let mut errors_out = args.errors.as_deref().map(create_file).transpose()?;
    let progress = progress_bar(args.input.quiet);
    let mut collector = MentionCollector::new(config);
    let sink = |record: Record| -> io::Result<()> {
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        match record {
            Ok(doc) => {
                collector.add_text(doc.text(), &doc.current_entities());
                Ok(())
            }
            Err(error) => {
                log_line(&progress, &format!("error: {error}"));
                match &mut errors_out {
                    Some(errors) => output::write_line(errors, &output::error_json(&error)),
                    None => Ok(()),
                }
            }
        }
    };
    let records = read_corpus(&args.input.inputs, &args.input.input_options());
    let stats = match pipeline.process_stream(records, &args.input.stream_options(), sink) {
        Ok(stats) => stats,
        Err(StreamError::Sink(error)) => return Err(error).context("cannot write the errors"),
        Err(error) => return Err(error.into()),
    };
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    if let Some(errors) = &mut errors_out {
        errors.flush().context("cannot write the error report")?;
    }
    let clusters = collector.finish(&gazetteer);
    let text = match args.output_format {
        VariantsFormat::Tsv => write_gazetteer(&clusters),
        VariantsFormat::Json => serde_json::to_string_pretty(&clusters)? + "\n",
    };
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => io::stdout().lock().write_all(text.as_bytes())?,
    }
    if !args.input.quiet {
        let known = clusters.iter().filter(|c| c.known_entry.is_some()).count();
        eprintln!(
            "polyprep variants: {} documents, {} errors, {} clusters ({} extend a gazetteer entry, {} new)",
            stats.documents,
            stats.errors,
            clusters.len(),
            known,
            clusters.len() - known
        );
    }
    Ok(if stats.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
