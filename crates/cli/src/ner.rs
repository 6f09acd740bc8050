//! `polyprep eval ner` and `polyprep bench ner`, and the NER options shared by `run` and `ner`.

use anyhow::{bail, Context, Result};
use clap::Args;
use polyprep::ner::bench::{bench, repeat_to_size};
use polyprep::ner::eval::{evaluate_raw, evaluate_words, read_conll};
use polyprep::ner::{Aggregation, NerBuilder, NerConfig};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// How the NER stage runs.
#[derive(Args, Debug, Clone)]
pub struct NerArgs {
    /// The model directory (a Hugging Face token-classification ONNX export); default: the
    /// bundled models/multilingual-ner.
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
    /// The ONNX Runtime shared library (default: ORT_DYLIB_PATH, else the one
    /// scripts/setup-onnxruntime.sh installs).
    #[arg(long, value_name = "FILE")]
    pub ort_lib: Option<PathBuf>,
    /// Batch budget in tokens (rows x longest row, padding included).
    #[arg(long, value_name = "N")]
    pub batch_tokens: Option<usize>,
    /// NER workers, one ONNX session each (default: --threads, else one per core).
    #[arg(long, value_name = "N")]
    pub ner_workers: Option<usize>,
    /// ONNX Runtime intra-op threads per worker.
    #[arg(long, value_name = "N")]
    pub intra_threads: Option<usize>,
    /// Tokens per window (the default model was trained on 128).
    #[arg(long, value_name = "N")]
    pub max_length: Option<usize>,
    /// Tokens shared by consecutive windows of a long line.
    #[arg(long, value_name = "N")]
    pub stride: Option<usize>,
    /// How sub-token predictions become word labels: first, average, max or simple.
    #[arg(long, value_name = "STRATEGY")]
    pub aggregation: Option<Aggregation>,
    /// Bias added to the O logit: above 0, fewer and more precise entities (the default
    /// model's card suggests 2 for news).
    #[arg(long, value_name = "B", allow_negative_numbers = true)]
    pub o_bias: Option<f32>,
}

impl NerArgs {
    /// Applies `--threads` and the NER flags to `config`. `--threads N` bounds NER too: N
    /// single-threaded sessions, unless the NER flags say otherwise.
    pub fn apply_with_threads(&self, config: &mut NerConfig, threads: Option<usize>) {
        if let Some(threads) = threads {
            config.workers = threads;
            config.intra_threads = 1;
        }
        self.apply(config);
    }

    /// The default configuration with `--threads` and the NER flags applied.
    pub fn config_with_threads(&self, threads: Option<usize>) -> NerConfig {
        let mut config = NerConfig::default();
        self.apply_with_threads(&mut config, threads);
        config
    }

    /// The NER flags given on the command line, by name.
    pub fn given(&self) -> Vec<&'static str> {
        crate::given_flags([
            ("--model", self.model.is_some()),
            ("--ort-lib", self.ort_lib.is_some()),
            ("--batch-tokens", self.batch_tokens.is_some()),
            ("--ner-workers", self.ner_workers.is_some()),
            ("--intra-threads", self.intra_threads.is_some()),
            ("--max-length", self.max_length.is_some()),
            ("--stride", self.stride.is_some()),
            ("--aggregation", self.aggregation.is_some()),
            ("--o-bias", self.o_bias.is_some()),
        ])
    }

    /// Applies the flags given to `config`.
    pub fn apply(&self, config: &mut NerConfig) {
        if let Some(model) = &self.model {
            config.model_dir = Some(model.clone());
        }
        if let Some(lib) = &self.ort_lib {
            config.ort_library = Some(lib.clone());
        }
        let set = |target: &mut usize, value: Option<usize>| {
            if let Some(v) = value {
                *target = v;
            }
        };
        set(&mut config.batch_tokens, self.batch_tokens);
        set(&mut config.workers, self.ner_workers);
        set(&mut config.intra_threads, self.intra_threads);
        set(&mut config.max_length, self.max_length);
        set(&mut config.stride, self.stride);
        if let Some(aggregation) = self.aggregation {
            config.aggregation = aggregation;
        }
        if let Some(bias) = self.o_bias {
            config.o_bias = bias;
        }
    }
}

#[derive(Args, Debug)]
pub struct EvalNerArgs {
    /// CoNLL-style files: `token<TAB>tag` per line (IOB1 or IOB2), a blank line between
    /// sentences.
    #[arg(long = "data", value_name = "FILE", required = true, num_args = 1..)]
    data: Vec<PathBuf>,
    /// Also score raw-text input: each sentence joined back into text and run through the
    /// text path, as users run it.
    #[arg(long)]
    raw: bool,
    #[command(flatten)]
    ner: NerArgs,
}

/// Scores the model on each file, word mode (and raw mode), and prints one table.
///
/// Unless `--batch-tokens` is given, every window runs alone: a dynamically quantized int8
/// model quantizes activations per batch, so batch mates move F1 by about ±0.003, and an
/// evaluation should be reproducible.
pub fn eval(args: EvalNerArgs) -> Result<()> {
    let mut config = args.ner.config_with_threads(None);
    if args.ner.batch_tokens.is_none() {
        config.batch_tokens = 1;
    }
    let ner = NerBuilder::from_config(config).build()?;
    println!("| set | mode | sentences | PER F1 | ORG F1 | LOC F1 | precision | recall | **F1** | seconds |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for file in &args.data {
        let data = read_conll(file)?;
        let name = file
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let mut modes = vec![("words", evaluate_words as fn(_, _) -> _)];
        if args.raw {
            modes.push(("raw text", evaluate_raw));
        }
        for (mode, evaluate) in modes {
            let started = Instant::now();
            let report =
                evaluate(&ner, &data).with_context(|| format!("evaluating {}", file.display()))?;
            let f1 = |t: &str| report.per_type.get(t).map_or(f64::NAN, |s| s.f1);
            println!(
                "| {name} | {mode} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | **{:.4}** | {:.1} |",
                report.sentences,
                f1("PER"),
                f1("ORG"),
                f1("LOC"),
                report.overall.precision,
                report.overall.recall,
                report.overall.f1,
                started.elapsed().as_secs_f64()
            );
            if !report.ignored_types.is_empty() {
                eprintln!(
                    "{name}: gold types the model does not know, scored as O: {}",
                    report.ignored_types.join(", ")
                );
            }
        }
    }
    Ok(())
}

#[derive(Args, Debug)]
pub struct BenchNerArgs {
    /// Text to run (one or more sentences per line); default: the bundled seed articles.
    #[arg(long, value_name = "FILE")]
    corpus: Option<PathBuf>,
    /// Repeat the corpus's sentences up to this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 1_000_000)]
    size: usize,
    /// Print the figures as one JSON object.
    #[arg(long)]
    json: bool,
    /// Write the sentences that were run, one per line (for running another system on the
    /// same input).
    #[arg(long, value_name = "FILE")]
    write_corpus: Option<PathBuf>,
    #[command(flatten)]
    ner: NerArgs,
}

/// Where the bundled seed articles are: next to the executable's source tree.
fn seed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample")
        .join("seeds")
}

/// Measures NER throughput and prints it.
pub fn bench_ner(args: BenchNerArgs) -> Result<()> {
    let texts: Vec<String> = match &args.corpus {
        Some(path) => vec![std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?],
        None => {
            let mut paths: Vec<PathBuf> = std::fs::read_dir(seed_dir())
                .with_context(|| {
                    format!(
                        "cannot read the seed corpus {}; give --corpus FILE",
                        seed_dir().display()
                    )
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            paths.sort();
            paths
                .iter()
                .map(|p| {
                    std::fs::read_to_string(p)
                        .with_context(|| format!("cannot read {}", p.display()))
                })
                .collect::<Result<_>>()?
        }
    };
    let sentences = repeat_to_size(&texts, args.size);
    if sentences.is_empty() {
        bail!("the corpus has no sentence to run");
    }
    if let Some(path) = &args.write_corpus {
        let mut out = std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        );
        for sentence in &sentences {
            writeln!(out, "{sentence}")?;
        }
        out.flush()?;
    }
    let ner = NerBuilder::from_config(args.ner.config_with_threads(None)).build()?;
    let report = bench(&ner, &sentences)?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!("{report}");
    }
    Ok(())
}
