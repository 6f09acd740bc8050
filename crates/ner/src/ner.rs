//! The recognizer: configuration, builder, and the text and word entry points.

use crate::decode::{decode_units, trim_span, word_label, Aggregation, Unit};
use crate::engine::{Engine, EngineSettings, RunStats};
use crate::error::{NerError, Result};
use crate::labels::LabelSet;
use crate::model::{default_model_dir, ModelFiles};
use crate::runtime::runtime;
use crate::words::{align, content_range, split_words, WordTokens};
use polyprep_core::{CharIndex, CharSpan, Span};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Most worker threads [`default_workers`] picks: each holds its own ONNX session (the
/// default model's weights and buffers, about 120 MB).
pub const MAX_DEFAULT_WORKERS: usize = 8;
/// Intra-op threads per session used when the configuration says 0.
pub const DEFAULT_INTRA_THREADS: usize = 1;

/// Worker threads used when the configuration says 0: one per available CPU, at most
/// [`MAX_DEFAULT_WORKERS`].
///
/// Measured on the 2-core development machine (seed sentences, best of 6 runs): 2 workers x 1
/// intra-op thread gave 9,100-9,250 tokens/s at batch budgets of 128-1,024 tokens, 1 worker x 2
/// intra-op threads 8,250-8,700, and the gap widens when other processes compete for the
/// CPU. Small transformer batches do not split well across threads; whole batches do.
pub fn default_workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_DEFAULT_WORKERS)
}

/// Settings of a [`Ner`]; `Default + serde` so a pipeline file can carry them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NerConfig {
    /// The model directory; `None` is [`default_model_dir`] (the committed
    /// `models/multilingual-ner`).
    pub model_dir: Option<PathBuf>,
    /// The ONNX Runtime library; `None` searches as [`crate::runtime`] describes.
    pub ort_library: Option<PathBuf>,
    /// How sub-token labels become word labels.
    pub aggregation: Aggregation,
    /// Tokens per window, special tokens included (the model was trained on 128).
    pub max_length: usize,
    /// Tokens shared by consecutive windows of a long text.
    pub stride: usize,
    /// Batch budget: rows x longest row, padding included. Small batches are as fast as large
    /// ones on CPU (512 measured best, 128-1,024 within 2%) and keep memory low. With an int8
    /// model quantized dynamically (like the default), activations are quantized per batch, so
    /// a text's scores can shift slightly with its batch mates; 1 runs every window alone,
    /// fully reproducible, at about 80% of the throughput.
    pub batch_tokens: usize,
    /// Worker threads, each with its own ONNX session; 0 picks [`default_workers`].
    pub workers: usize,
    /// ONNX Runtime intra-op threads per session; 0 picks [`DEFAULT_INTRA_THREADS`].
    pub intra_threads: usize,
    /// Added to the `O` logit before the argmax: above 0 means fewer, more precise entities
    /// (the default model's card suggests 2 for news text).
    pub o_bias: f32,
}

impl Default for NerConfig {
    fn default() -> Self {
        NerConfig {
            model_dir: None,
            ort_library: None,
            aggregation: Aggregation::First,
            max_length: 128,
            stride: 32,
            batch_tokens: 512,
            workers: 0,
            intra_threads: 0,
            o_bias: 0.0,
        }
    }
}

/// A named entity found in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The entity type, e.g. `PER`, `ORG`, `LOC`.
    pub label: String,
    /// The text at `span`, exactly.
    pub text: String,
    /// Byte offsets into the text the entity was found in (for [`Ner::annotate`], into the
    /// document's ORIGINAL text).
    pub span: Span,
    /// The same offsets in characters (Unicode scalar values).
    pub char_span: CharSpan,
    /// Mean probability of the entity's word labels.
    pub score: f32,
}

/// Time and work of [`Ner::predict_batch_with_stats`] and [`Ner::predict_words_with_stats`],
/// added up over calls. The three phases run one after another, so their durations add up to
/// the wall time of the calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct NerStats {
    /// Splitting into lines and words, tokenizing.
    pub tokenize: Duration,
    /// Windowing, batching and the forward passes (wall time, all workers).
    pub inference: Duration,
    /// Softmax, aggregation, BIO decoding, offsets.
    pub decode: Duration,
    /// What the forward passes did.
    pub run: RunStats,
}

impl NerStats {
    /// Adds the durations between the marks taken at the start of tokenizing, inference and
    /// decoding and at the end.
    fn add_phases(&mut self, [tokenize, inference, decode, end]: [Instant; 4]) {
        self.tokenize += inference - tokenize;
        self.inference += decode - inference;
        self.decode += end - decode;
    }

    /// Adds `other` to `self`.
    pub fn add(&mut self, other: &NerStats) {
        self.tokenize += other.tokenize;
        self.inference += other.inference;
        self.decode += other.decode;
        self.run.add(&other.run);
    }

    /// Wall time of the three phases.
    pub fn total(&self) -> Duration {
        self.tokenize + self.inference + self.decode
    }
}

/// Builds a [`Ner`]: `NerBuilder::new().with_model_dir(dir).build()`.
#[derive(Debug, Clone, Default)]
pub struct NerBuilder {
    config: NerConfig,
}

impl NerBuilder {
    /// A builder with the default configuration (the committed model, `first` aggregation).
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder that starts from `config`.
    pub fn from_config(config: NerConfig) -> Self {
        NerBuilder { config }
    }

    /// Uses the model in `dir` (a Hugging Face token-classification ONNX export).
    pub fn with_model_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.config.model_dir = Some(dir.into());
        self
    }

    /// Loads ONNX Runtime from `path` instead of searching for it.
    pub fn with_ort_library(mut self, path: impl Into<PathBuf>) -> Self {
        self.config.ort_library = Some(path.into());
        self
    }

    /// Sets the aggregation strategy.
    pub fn with_aggregation(mut self, aggregation: Aggregation) -> Self {
        self.config.aggregation = aggregation;
        self
    }

    /// Sets the window length in tokens, special tokens included.
    pub fn with_max_length(mut self, max_length: usize) -> Self {
        self.config.max_length = max_length;
        self
    }

    /// Sets the overlap of consecutive windows, in tokens.
    pub fn with_stride(mut self, stride: usize) -> Self {
        self.config.stride = stride;
        self
    }

    /// Sets the batch budget in tokens (rows x longest row).
    pub fn with_batch_tokens(mut self, batch_tokens: usize) -> Self {
        self.config.batch_tokens = batch_tokens;
        self
    }

    /// Sets the worker threads (one session each); 0 picks the default.
    pub fn with_workers(mut self, workers: usize) -> Self {
        self.config.workers = workers;
        self
    }

    /// Sets ONNX Runtime's intra-op threads per session; 0 picks the default.
    pub fn with_intra_threads(mut self, intra_threads: usize) -> Self {
        self.config.intra_threads = intra_threads;
        self
    }

    /// Spreads `threads` CPU threads over workers the default way (one single-threaded session
    /// per thread); `0` keeps the defaults. This is what a `--threads N` flag means.
    pub fn with_threads(mut self, threads: usize) -> Self {
        if threads > 0 {
            self.config.workers = threads;
            self.config.intra_threads = 1;
        }
        self
    }

    /// Sets the bias added to the `O` logit.
    pub fn with_o_bias(mut self, o_bias: f32) -> Self {
        self.config.o_bias = o_bias;
        self
    }

    /// Loads ONNX Runtime (once per process), reads the model directory and opens one session
    /// per worker.
    ///
    /// # Errors
    /// A missing or unusable ONNX Runtime ([`NerError::RuntimeNotFound`],
    /// [`NerError::RuntimeLoad`]), a missing or inconsistent model
    /// ([`NerError::ModelFileMissing`], [`NerError::InvalidModel`]), or settings out of range
    /// ([`NerError::Config`]).
    pub fn build(self) -> Result<Ner> {
        let mut config = self.config;
        if config.workers == 0 {
            config.workers = default_workers();
        }
        if config.intra_threads == 0 {
            config.intra_threads = DEFAULT_INTRA_THREADS;
        }
        // Settings that need no model are checked before anything is loaded.
        if config.batch_tokens == 0 {
            return Err(NerError::Config(
                "batch_tokens must be at least 1".to_owned(),
            ));
        }
        if config.stride >= config.max_length {
            return Err(NerError::Config(format!(
                "stride {} must be smaller than max_length {}",
                config.stride, config.max_length
            )));
        }
        if !config.o_bias.is_finite() {
            return Err(NerError::Config(
                "o_bias must be a finite number".to_owned(),
            ));
        }
        let dir = config.model_dir.clone().unwrap_or_else(default_model_dir);
        // Model files first: a wrong directory is reported even without ONNX Runtime.
        let files = ModelFiles::read(&dir)?;
        let rt = runtime(config.ort_library.as_deref())?;
        let engine = Engine::new(
            &files,
            EngineSettings {
                max_length: config.max_length,
                stride: config.stride,
                batch_tokens: config.batch_tokens,
                workers: config.workers,
                intra_threads: config.intra_threads,
                o_bias: config.o_bias,
            },
            rt,
        )?;
        config.model_dir = Some(dir);
        Ok(Ner {
            files,
            engine,
            config,
            library: rt.library.clone(),
        })
    }
}

/// A multilingual named-entity recognizer over an ONNX token-classification model.
///
/// `Ner` is `Send + Sync`: share one (e.g. in an `Arc`) between threads. Each call fans its
/// work out over the recognizer's own worker threads.
pub struct Ner {
    files: ModelFiles,
    engine: Engine,
    config: NerConfig,
    library: PathBuf,
}

impl std::fmt::Debug for Ner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ner")
            .field("config", &self.config)
            .field("labels", &self.files.labels.names())
            .field("ort_library", &self.library)
            .finish()
    }
}

/// One line of one text, tokenized and split into words.
struct LineJob {
    text: usize,
    start: usize,
    end: usize,
    ids: Vec<u32>,
    offsets: Vec<(usize, usize)>,
    words: WordTokens,
}

impl Ner {
    /// A builder with the default configuration.
    pub fn builder() -> NerBuilder {
        NerBuilder::new()
    }

    /// The effective configuration (defaults filled in, model directory resolved).
    pub fn config(&self) -> &NerConfig {
        &self.config
    }

    /// The model's labels.
    pub fn labels(&self) -> &LabelSet {
        &self.files.labels
    }

    /// The entity types the model knows, e.g. `["PER", "ORG", "LOC"]`.
    pub fn entity_types(&self) -> &[String] {
        self.files.labels.types()
    }

    /// The model directory in use.
    pub fn model_dir(&self) -> &Path {
        &self.files.dir
    }

    /// The ONNX Runtime library in use.
    pub fn ort_library(&self) -> &Path {
        &self.library
    }

    /// Entities in `text`, with byte and character offsets into `text`.
    ///
    /// Lines are independent inputs (an entity never spans a line break); a line longer than a
    /// window is covered by overlapping windows. Empty or whitespace-only text gives no entity.
    pub fn predict(&self, text: &str) -> Result<Vec<Entity>> {
        let mut out = self.predict_batch(&[text])?;
        Ok(out.pop().unwrap_or_default())
    }

    /// Entities of many texts, in input order. Lines of all texts are batched together, so
    /// this is much faster than calling [`Ner::predict`] per text.
    pub fn predict_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Vec<Vec<Entity>>> {
        self.predict_batch_with_stats(texts, &mut NerStats::default())
    }

    /// [`Ner::predict_batch`], adding what it did and how long each phase took to `stats`.
    pub fn predict_batch_with_stats<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        stats: &mut NerStats,
    ) -> Result<Vec<Vec<Entity>>> {
        let t0 = Instant::now();
        let jobs: Vec<LineJob> = self
            .engine
            .pool()
            .install(|| {
                texts
                    .par_iter()
                    .enumerate()
                    .map(|(i, t)| self.tokenize_text(i, t.as_ref()))
                    .collect::<Result<Vec<Vec<LineJob>>>>()
            })?
            .into_iter()
            .flatten()
            .collect();
        let t1 = Instant::now();
        let sequences: Vec<&[u32]> = jobs.iter().map(|j| j.ids.as_slice()).collect();
        let probs = self.engine.infer(&sequences, &mut stats.run)?;
        let t2 = Instant::now();
        let per_line: Vec<Vec<(usize, usize, usize, f32)>> = self.engine.pool().install(|| {
            jobs.par_iter()
                .zip(probs.par_iter())
                .map(|(job, p)| self.decode_line(texts[job.text].as_ref(), job, p))
                .collect()
        });
        let mut raw: Vec<Vec<(usize, usize, usize, f32)>> = vec![Vec::new(); texts.len()];
        for (job, ents) in jobs.iter().zip(per_line) {
            raw[job.text].extend(ents);
        }
        let types = self.files.labels.types();
        let out = raw
            .into_iter()
            .zip(texts)
            .map(|(ents, text)| {
                let text = text.as_ref();
                let index = CharIndex::new(text);
                ents.into_iter()
                    .filter_map(|(ty, s, e, score)| {
                        let span = Span::new(s, e);
                        Some(Entity {
                            label: types.get(ty)?.clone(),
                            text: span.slice(text)?.to_owned(),
                            char_span: index.char_span(span)?,
                            span,
                            score,
                        })
                    })
                    .collect()
            })
            .collect();
        stats.add_phases([t0, t1, t2, Instant::now()]);
        Ok(out)
    }

    fn tokenize_text(&self, index: usize, text: &str) -> Result<Vec<LineJob>> {
        let mut jobs = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let line_start = start;
            start += line.len();
            if line.trim().is_empty() {
                continue;
            }
            let enc = self
                .files
                .tokenizer
                .encode(line, false)
                .map_err(|source| NerError::Tokenizer { source })?;
            if enc.get_ids().is_empty() {
                continue;
            }
            let offsets = enc.get_offsets().to_vec();
            let words = align(line, split_words(line), &offsets);
            jobs.push(LineJob {
                text: index,
                start: line_start,
                end: start,
                ids: enc.get_ids().to_vec(),
                offsets,
                words,
            });
        }
        Ok(jobs)
    }

    /// Entities of one line as (type, start, end, score), offsets into the whole text.
    fn decode_line(
        &self,
        text: &str,
        job: &LineJob,
        probs: &[f32],
    ) -> Vec<(usize, usize, usize, f32)> {
        let line = &text[job.start..job.end];
        let c = self.engine.num_labels();
        let labels = &self.files.labels;
        // Unit spans within the line.
        let (units, bounds): (Vec<Unit>, Vec<(usize, usize)>) =
            if self.config.aggregation == Aggregation::Simple {
                job.offsets
                    .iter()
                    .enumerate()
                    .filter_map(|(t, &(s, e))| {
                        let (cs, ce) = content_range(line, s, e)?;
                        let (label, score) = word_label(probs, c, t..t + 1, Aggregation::First)?;
                        Some((
                            Unit {
                                label: Some(label),
                                score,
                            },
                            (cs, ce),
                        ))
                    })
                    .unzip()
            } else {
                job.words
                    .words
                    .words
                    .iter()
                    .zip(&job.words.tokens)
                    .map(|(w, toks)| {
                        let lab = word_label(probs, c, toks.clone(), self.config.aggregation);
                        (
                            Unit {
                                label: lab.map(|l| l.0),
                                score: lab.map_or(0.0, |l| l.1),
                            },
                            (w.start, w.end),
                        )
                    })
                    .unzip()
            };
        decode_units(&units, labels)
            .into_iter()
            .filter_map(|span| {
                let start = bounds[span.first].0;
                let end = bounds[span.last].1;
                let (s, e) = trim_span(line, &job.words.words.pieces, start, end)?;
                Some((span.entity_type, job.start + s, job.start + e, span.score))
            })
            .collect()
    }

    /// Word labels for sentences given as words (the data set's own tokenization, as in the
    /// model card's evaluation): one label name per word, e.g. `B-PER`, straight from the model
    /// (no repair; scorers apply their own). A word the tokenizer turns into nothing is `O`.
    /// [`Aggregation::Simple`] acts as `first` here.
    pub fn predict_words<S: AsRef<str> + Sync>(
        &self,
        sentences: &[Vec<S>],
    ) -> Result<Vec<Vec<String>>> {
        self.predict_words_with_stats(sentences, &mut NerStats::default())
    }

    /// [`Ner::predict_words`], adding what it did to `stats`.
    pub fn predict_words_with_stats<S: AsRef<str> + Sync>(
        &self,
        sentences: &[Vec<S>],
        stats: &mut NerStats,
    ) -> Result<Vec<Vec<String>>> {
        let t0 = Instant::now();
        let encoded: Vec<(Vec<u32>, Vec<std::ops::Range<usize>>)> =
            self.engine.pool().install(|| {
                sentences
                    .par_iter()
                    .map(|words| self.tokenize_words(words))
                    .collect::<Result<_>>()
            })?;
        let t1 = Instant::now();
        let sequences: Vec<&[u32]> = encoded.iter().map(|(ids, _)| ids.as_slice()).collect();
        let probs = self.engine.infer(&sequences, &mut stats.run)?;
        let t2 = Instant::now();
        let c = self.engine.num_labels();
        let names = self.files.labels.names();
        let outside = self
            .files
            .labels
            .outside()
            .and_then(|o| names.get(o))
            .map_or("O", String::as_str);
        let out = encoded
            .iter()
            .zip(&probs)
            .map(|((_, ranges), p)| {
                ranges
                    .iter()
                    .map(|r| {
                        word_label(p, c, r.clone(), self.config.aggregation)
                            .and_then(|(l, _)| names.get(l))
                            .map_or_else(|| outside.to_owned(), Clone::clone)
                    })
                    .collect()
            })
            .collect();
        stats.add_phases([t0, t1, t2, Instant::now()]);
        Ok(out)
    }

    /// Token ids of pre-split words and each word's token range.
    fn tokenize_words<S: AsRef<str>>(
        &self,
        words: &[S],
    ) -> Result<(Vec<u32>, Vec<std::ops::Range<usize>>)> {
        let mut ranges = vec![0..0; words.len()];
        if words.is_empty() {
            return Ok((Vec::new(), ranges));
        }
        let refs: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
        let enc = self
            .files
            .tokenizer
            .encode(&refs[..], false)
            .map_err(|source| NerError::Tokenizer { source })?;
        for (t, w) in enc.get_word_ids().iter().enumerate() {
            let Some(r) = w.and_then(|w| ranges.get_mut(w as usize)) else {
                continue;
            };
            if r.start == r.end {
                *r = t..t + 1;
            } else {
                r.end = t + 1;
            }
        }
        Ok((enc.get_ids().to_vec(), ranges))
    }

    /// Number of tokens the tokenizer makes of `text` (special tokens excluded).
    pub fn count_tokens(&self, text: &str) -> Result<usize> {
        self.files
            .tokenizer
            .encode(text, false)
            .map(|e| e.get_ids().len())
            .map_err(|source| NerError::Tokenizer { source })
    }
}
