//! `polyprep`: clean, language-tag and annotate multilingual text corpora from the command line.

mod dedup;
mod eval;
mod ner;
mod normalize;
mod output;
mod report;
mod variants;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use output::OutputOptions;
use polyprep::corpus::{read_corpus, InputFormat, InputOptions, Record};
use polyprep::stream::{StreamError, StreamOptions, StreamStats};
use polyprep::{Lang, Pipeline, PipelineBuilder, PipelineConfig};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Clean, language-tag and annotate multilingual text corpora.
///
/// Inputs are text files (one document each), directories (every *.txt below them, the relative
/// path as id), JSONL files (one JSON object per line) or `-` for standard input (JSONL).
/// Output is JSONL, one line per input record, on stdout or -o FILE. Exit status: 0 when every
/// record was processed, 1 when some records failed (each is reported), 2 on usage or setup
/// errors.
#[derive(Parser, Debug)]
#[command(name = "polyprep", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run every stage: clean, detect languages, find named entities, normalize spellings.
    Run(RunArgs),
    /// Only clean: normalize Unicode and whitespace, remove boilerplate and repeated blocks.
    Clean(RunArgs),
    /// Only detect languages (of the text as read, without cleaning).
    Langid(RunArgs),
    /// Only find named entities (in the text as read, without cleaning).
    Ner(RunArgs),
    /// Only normalize spellings: gazetteer variants, typos, transliteration (of the text as
    /// read, without cleaning; languages are detected first to choose transliteration systems).
    Normalize(RunArgs),
    /// Find spelling variants of names over a corpus and write them as a gazetteer to review.
    Variants(variants::VariantsArgs),
    /// Find exact and near-duplicate documents (MinHash-LSH over word shingles, after cleaning
    /// and spelling normalization); annotate them or keep one per cluster.
    Dedup(RunArgs),
    /// One self-contained HTML page (or JSON) on a corpus: documents, languages, boilerplate by
    /// rule, duplicate clusters and similar pairs, shared passages, entities, spelling variants.
    Report(report::ReportArgs),
    /// Measure accuracy against reference data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure throughput.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Subcommand, Debug)]
enum BenchCommand {
    /// NER throughput: sentences/s, tokens/s, padding waste, and the wall-time split.
    Ner(ner::BenchNerArgs),
    /// Near-duplicate detection on a generated corpus with known copies: documents/s, peak
    /// memory, precision and recall.
    Dedup(dedup::BenchDedupArgs),
}

#[derive(Subcommand, Debug)]
enum EvalCommand {
    /// Language identification accuracy on the lingua test set, polyprep beside raw whatlang.
    Langid(eval::LangidEvalArgs),
    /// NER span-level precision, recall and F1 (exact match, as seqeval) on CoNLL-style files.
    Ner(ner::EvalNerArgs),
    /// Transliteration: every bundled scheme on its samples, KMU 2010 beside any_ascii.
    Translit(eval::TranslitEvalArgs),
}

#[derive(Args, Debug)]
struct RunArgs {
    #[command(flatten)]
    io: IoArgs,
    #[command(flatten)]
    clean: CleanArgs,
    #[command(flatten)]
    langid: LangidArgs,
    #[command(flatten)]
    ner: ner::NerArgs,
    #[command(flatten)]
    normalize: normalize::NormalizeArgs,
    /// Leave named-entity recognition out of `run`.
    #[arg(long)]
    no_ner: bool,
    /// Leave spelling normalization out of `run`.
    #[arg(long)]
    no_normalize: bool,
    /// Find duplicate documents first (a separate pass that cleans and sketches every
    /// document; inputs must be files) and annotate each document's cluster.
    #[arg(long)]
    dedup: bool,
    #[command(flatten)]
    dedup_options: dedup::DedupArgs,
    /// A pipeline configuration file (JSON); the flags above override it.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct IoArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Write the JSONL output here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write error records here instead of into the output.
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Include the original text in each output line (all offsets point into it).
    #[arg(long)]
    include_original: bool,
}

/// What to read and how: shared by every command that reads a corpus.
#[derive(Args, Debug)]
struct InputArgs {
    /// Files, directories or `-` (standard input).
    #[arg(default_value = "-")]
    inputs: Vec<PathBuf>,
    /// How to read the inputs.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    format: FormatArg,
    /// JSONL: the field that holds the text.
    #[arg(long, default_value = "text")]
    text_field: String,
    /// JSONL: the field that holds the id (records without one get FILE:LINE).
    #[arg(long, default_value = "id")]
    id_field: String,
    /// Directories: extensions of the files to read.
    #[arg(long = "ext", value_delimiter = ',', default_value = "txt")]
    extensions: Vec<String>,
    /// Reject records with invalid UTF-8 instead of replacing bad bytes (with a warning).
    #[arg(long)]
    strict: bool,
    /// Worker threads for documents and NER sessions (default: one per core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
    /// No progress bar and no summary on standard error.
    #[arg(long, short)]
    quiet: bool,
}

impl InputArgs {
    fn input_options(&self) -> InputOptions {
        InputOptions {
            format: match self.format {
                FormatArg::Auto => InputFormat::Auto,
                FormatArg::Text => InputFormat::Text,
                FormatArg::Jsonl => InputFormat::Jsonl,
            },
            text_field: self.text_field.clone(),
            id_field: self.id_field.clone(),
            strict: self.strict,
            extensions: self.extensions.clone(),
        }
    }

    fn stream_options(&self) -> StreamOptions {
        StreamOptions {
            threads: self.threads,
            ..StreamOptions::default()
        }
    }
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum FormatArg {
    Auto,
    Text,
    Jsonl,
}

#[derive(Args, Debug)]
struct CleanArgs {
    /// Flag boilerplate and repeated blocks without removing them.
    #[arg(long)]
    keep_boilerplate: bool,
    /// Extra boilerplate rule files (JSON, see README).
    #[arg(long = "rules", value_name = "FILE")]
    rule_files: Vec<PathBuf>,
    /// Do not use the built-in boilerplate rules.
    #[arg(long)]
    no_default_rules: bool,
    /// Unicode NFKC instead of NFC (folds compatibility characters such as ligatures).
    #[arg(long)]
    nfkc: bool,
    /// Fold typographic quotes, dashes, ellipses and Unicode spaces to ASCII.
    #[arg(long)]
    fold_typography: bool,
}

#[derive(Args, Debug)]
struct LangidArgs {
    /// Only consider these languages (ISO 639-3 or 639-1 codes, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "LANGS")]
    allow: Vec<Lang>,
    /// Decisions below this confidence are `und`.
    #[arg(long, value_name = "X")]
    min_confidence: Option<f64>,
}

impl CleanArgs {
    /// The cleaning flags given on the command line, by name.
    fn given(&self) -> Vec<&'static str> {
        given_flags([
            ("--keep-boilerplate", self.keep_boilerplate),
            ("--rules", !self.rule_files.is_empty()),
            ("--no-default-rules", self.no_default_rules),
            ("--nfkc", self.nfkc),
            ("--fold-typography", self.fold_typography),
        ])
    }
}

impl LangidArgs {
    /// The language-detection flags given on the command line, by name.
    fn given(&self) -> Vec<&'static str> {
        given_flags([
            ("--allow", !self.allow.is_empty()),
            ("--min-confidence", self.min_confidence.is_some()),
        ])
    }
}

/// The names of the flags that were given, from (name, given) pairs.
fn given_flags<const N: usize>(flags: [(&'static str, bool); N]) -> Vec<&'static str> {
    flags
        .into_iter()
        .filter(|(_, given)| *given)
        .map(|(name, _)| name)
        .collect()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(args, Stages::All),
        Command::Clean(args) => run(args, Stages::Clean),
        Command::Langid(args) => run(args, Stages::Langid),
        Command::Ner(args) => run(args, Stages::Ner),
        Command::Normalize(args) => run(args, Stages::Normalize),
        Command::Variants(args) => variants::variants(args),
        Command::Dedup(args) => run(args, Stages::Dedup),
        Command::Report(args) => report::report(args),
        Command::Bench(BenchCommand::Dedup(args)) => {
            dedup::bench_dedup(args).map(|()| ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Langid(args)) => eval::langid(args).map(|()| ExitCode::SUCCESS),
        Command::Eval(EvalCommand::Ner(args)) => ner::eval(args).map(|()| ExitCode::SUCCESS),
        Command::Eval(EvalCommand::Translit(args)) => {
            eval::translit(args).map(|()| ExitCode::SUCCESS)
        }
        Command::Bench(BenchCommand::Ner(args)) => ner::bench_ner(args).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed pipe downstream (`polyprep run … | head`) ends the run quietly.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Which stages a subcommand runs: `run` every one, the others only their own.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stages {
    All,
    Clean,
    Langid,
    Ner,
    Normalize,
    /// The duplicate pass, then cleaning and normalization (which it deduplicates after).
    Dedup,
}

impl Stages {
    fn includes(self, stage: Stages) -> bool {
        // Normalization needs each word's language to pick its transliteration system.
        let needed_by_normalize = self == Stages::Normalize && stage == Stages::Langid;
        let written_by_dedup =
            self == Stages::Dedup && matches!(stage, Stages::Clean | Stages::Normalize);
        self == Stages::All || self == stage || needed_by_normalize || written_by_dedup
    }

    /// The subcommand that runs these stages.
    fn command(self) -> &'static str {
        match self {
            Stages::All => "run",
            Stages::Clean => "clean",
            Stages::Langid => "langid",
            Stages::Ner => "ner",
            Stages::Normalize => "normalize",
            Stages::Dedup => "dedup",
        }
    }
}

/// Flags of a stage the command does not run would be ignored: `polyprep ner --fold-typography`
/// reads like cleaning before NER but is not. Refuse them and say what runs both.
fn refuse_flags_of_skipped_stages(args: &RunArgs, stages: Stages) -> Result<()> {
    let groups = [
        (Stages::Clean, "cleaning", args.clean.given(), None),
        (
            Stages::Langid,
            "language detection",
            args.langid.given(),
            None,
        ),
        (
            Stages::Ner,
            "named-entity recognition",
            args.ner.given(),
            Some(("--no-ner", args.no_ner)),
        ),
        (
            Stages::Normalize,
            "spelling normalization",
            args.normalize.given(),
            Some(("--no-normalize", args.no_normalize)),
        ),
    ];
    for (stage, name, flags, leave_out) in groups {
        if flags.is_empty() {
            continue;
        }
        let affect = format!(
            "{} only affect{} {name}",
            flags.join(", "),
            if flags.len() == 1 { "s" } else { "" }
        );
        if !stages.includes(stage) {
            bail!(
                "{affect}, which `polyprep {}` does not run; use `polyprep run` (--no-ner and \
                 --no-normalize leave those stages out)",
                stages.command()
            );
        }
        if let Some((leave_flag, true)) = leave_out {
            bail!("{affect}, which {leave_flag} leaves out; give one or the other");
        }
    }
    Ok(())
}

fn pipeline_config(args: &RunArgs, stages: Stages) -> Result<PipelineConfig> {
    refuse_flags_of_skipped_stages(args, stages)?;
    let mut config = match &args.config {
        Some(path) => PipelineConfig::from_file(path)?,
        None => PipelineConfig::default(),
    };
    if !stages.includes(Stages::Clean) {
        config.clean = None;
    }
    if !stages.includes(Stages::Langid) {
        config.langid = None;
    }
    if !stages.includes(Stages::Ner) || args.no_ner {
        config.ner = None;
    }
    if !stages.includes(Stages::Normalize) || args.no_normalize {
        config.normalize = None;
    }
    if let Some(normalize) = &mut config.normalize {
        args.normalize.apply(normalize)?;
    }
    if let Some(ner) = &mut config.ner {
        args.ner.apply_with_threads(ner, args.io.input.threads);
    }
    if let Some(clean) = &mut config.clean {
        let c = &args.clean;
        if c.keep_boilerplate {
            clean.set_keep_boilerplate(true);
        }
        clean
            .boilerplate
            .rule_files
            .extend(c.rule_files.iter().cloned());
        if c.no_default_rules {
            clean.boilerplate.use_default_rules = false;
        }
        if c.nfkc {
            clean.normalize.form = polyprep::clean::UnicodeForm::Nfkc;
        }
        if c.fold_typography {
            clean.normalize.fold_typography = true;
        }
    }
    if let Some(langid) = &mut config.langid {
        if !args.langid.allow.is_empty() {
            langid.allow = Some(args.langid.allow.clone());
        }
        if let Some(min) = args.langid.min_confidence {
            langid.min_confidence = min;
        }
    }
    Ok(config)
}

fn run(args: RunArgs, stages: Stages) -> Result<ExitCode> {
    let config = pipeline_config(&args, stages)?;
    let (config_clean, config_normalize) = (config.clean.clone(), config.normalize.clone());
    let pipeline: Pipeline = PipelineBuilder::new().with_config(config).build()?;
    let io_args = &args.io;
    let input = &io_args.input;
    let mut output = open_output(io_args.output.as_deref())?;
    let mut errors_out = io_args.errors.as_deref().map(create_file).transpose()?;
    let mut dropped_out = args
        .dedup_options
        .dropped
        .as_deref()
        .map(create_file)
        .transpose()?;
    let progress = progress_bar(input.quiet);
    let output_options = OutputOptions {
        include_original: io_args.include_original,
    };
    // `--drop` implies deduplication.
    let duplicates = if args.dedup || args.dedup_options.drop || stages == Stages::Dedup {
        let config = args.dedup_options.apply(Default::default())?;
        if args.dedup_options.s_curve {
            dedup::print_s_curve(&config)?;
        }
        Some(dedup::first_pass(
            input,
            config_clean,
            config_normalize,
            config,
            0,
        )?)
    } else {
        None
    };
    let mut position = 0;
    let mut dropped = 0;
    let records = read_corpus(&input.inputs, &input.input_options());
    let sink = |record: Record| -> io::Result<()> {
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        let doc_index = duplicates
            .as_ref()
            .and_then(|d| d.records.get(position).copied().flatten());
        position += 1;
        let (line, file) = match record {
            Ok(mut doc) => {
                for warning in &doc.annotations.warnings {
                    log_line(&progress, &format!("warning: {}", warning.message));
                }
                doc.annotations.duplicate = duplicates
                    .as_ref()
                    .zip(doc_index)
                    .and_then(|(d, i)| d.annotation(i));
                match &doc.annotations.duplicate {
                    Some(dup) if !dup.kept => {
                        dropped += 1;
                        (dedup::dropped_json(&doc.id, dup), dropped_out.as_mut())
                    }
                    _ => (output::document_json(&doc, output_options), None),
                }
            }
            Err(error) => {
                log_line(&progress, &format!("error: {error}"));
                (output::error_json(&error), errors_out.as_mut())
            }
        };
        match file {
            Some(file) => output::write_line(file, &line),
            None => output::write_line(&mut output, &line),
        }
    };
    let stats = match pipeline.process_stream(records, &input.stream_options(), sink) {
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
    if let Some(found) = &duplicates {
        if position != found.records.len() {
            bail!(
                "the inputs changed between the two passes ({} records, then {position}); deduplicate a corpus that is not being written to",
                found.records.len()
            );
        }
    }
    if !input.quiet {
        eprintln!("{}", summary(&stats, &pipeline));
        if duplicates.is_some() {
            eprintln!(
                "polyprep: {dropped} duplicates dropped, {} documents kept",
                stats.documents - dropped
            );
        }
    }
    Ok(if stats.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Creates (or truncates) `path` for writing.
fn create_file(path: &std::path::Path) -> Result<BufWriter<File>> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(BufWriter::new(file))
}

/// The output file, or standard output.
fn open_output(path: Option<&std::path::Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(path) => Box::new(create_file(path)?),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

/// A spinner on stderr when it is a terminal and the run is not quiet.
fn progress_bar(quiet: bool) -> Option<ProgressBar> {
    (!quiet && io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} records {msg} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar
    })
}

fn log_line(progress: &Option<ProgressBar>, line: &str) {
    match progress {
        Some(bar) => bar.println(line),
        None => eprintln!("{line}"),
    }
}

fn summary(stats: &StreamStats, pipeline: &Pipeline) -> String {
    format!(
        "polyprep: {} documents, {} errors, {:.2} MB in, {:.2} MB out, {:.2} s, {:.2} MB/s (stages: {})",
        stats.documents,
        stats.errors,
        stats.bytes_in as f64 / 1e6,
        stats.bytes_out as f64 / 1e6,
        stats.elapsed.as_secs_f64(),
        stats.megabytes_per_second(),
        pipeline.stage_names().join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every flag of a stage's options (clap's group of the options struct) must be reported by
    /// that struct's `given()`, or `refuse_flags_of_skipped_stages` would let it pass unnoticed.
    #[test]
    fn given_lists_every_flag_of_each_stage() {
        let command = Cli::command();
        let run = command.find_subcommand("run").expect("run");
        for group in ["CleanArgs", "LangidArgs", "NerArgs", "NormalizeArgs"] {
            let group = run
                .get_groups()
                .find(|g| g.get_id() == group)
                .unwrap_or_else(|| panic!("no group {group}"));
            assert!(group.get_args().count() > 0, "{group:?} has flags");
            for id in group.get_args() {
                let arg = run.get_arguments().find(|a| a.get_id() == id).unwrap();
                let flag = format!("--{}", arg.get_long().unwrap());
                let mut argv = vec!["polyprep".to_string(), "run".to_string(), flag.clone()];
                if arg.get_action().takes_values() {
                    // a value each flag's parser accepts, by its placeholder
                    let placeholder = arg.get_value_names().unwrap_or_default();
                    let value = match placeholder.first().map(|n| n.as_str()) {
                        Some("LANGS") => "eng",
                        Some("STRATEGY") => "first",
                        Some("PROFILE") => "official",
                        _ => "1",
                    };
                    argv.push(value.to_string());
                }
                let Command::Run(args) = Cli::try_parse_from(&argv).unwrap().command else {
                    unreachable!()
                };
                let given = [
                    args.clean.given(),
                    args.langid.given(),
                    args.ner.given(),
                    args.normalize.given(),
                ]
                .concat();
                assert_eq!(given, [flag.as_str()], "{argv:?}");
            }
        }
    }
}
