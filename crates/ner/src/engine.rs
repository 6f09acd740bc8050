//! ONNX sessions, one per worker thread, and the batched, windowed, parallel forward pass.

use crate::error::{NerError, Result};
use crate::model::ModelFiles;
use crate::runtime::Runtime;
use crate::window::{plan, Window};
use ort::logging::LogLevel;
use ort::session::builder::GraphOptimizationLevel;
use ort::session::{Session, SessionInputValue};
use ort::value::{TensorElementType, TensorRef, ValueType};
use rayon::prelude::*;
use std::borrow::Cow;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Rows shorter than `(MIN_FILL_DENOM - 1) / MIN_FILL_DENOM` of their batch's longest row go
/// to a new batch.
const MIN_FILL_DENOM: usize = 8;

/// Counters and timings of forward passes, added up over calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RunStats {
    /// Token sequences given to the engine (sentences, lines).
    pub sequences: usize,
    /// Windows run (a sequence longer than the window is split into several).
    pub windows: usize,
    /// Batches run.
    pub batches: usize,
    /// Real tokens fed to the model, special tokens included, window overlaps counted twice.
    pub tokens: usize,
    /// Batch cells, padding included (`rows x longest row` per batch).
    pub padded_tokens: usize,
    /// Time inside `Session::run`, added up over workers.
    pub session_time: Duration,
}

impl RunStats {
    /// Adds `other` to `self`.
    pub fn add(&mut self, other: &RunStats) {
        self.sequences += other.sequences;
        self.windows += other.windows;
        self.batches += other.batches;
        self.tokens += other.tokens;
        self.padded_tokens += other.padded_tokens;
        self.session_time += other.session_time;
    }

    /// Share of batch cells that are padding, in `[0, 1]`.
    pub fn padding_waste(&self) -> f64 {
        if self.padded_tokens == 0 {
            0.0
        } else {
            1.0 - self.tokens as f64 / self.padded_tokens as f64
        }
    }
}

/// How the engine windows, batches and threads its work.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EngineSettings {
    pub max_length: usize,
    pub stride: usize,
    pub batch_tokens: usize,
    pub workers: usize,
    pub intra_threads: usize,
    pub o_bias: f32,
}

struct InputLayout {
    ids: String,
    mask: Option<String>,
    type_ids: Option<String>,
}

pub(crate) struct Engine {
    pool: rayon::ThreadPool,
    sessions: Vec<Mutex<Session>>,
    inputs: InputLayout,
    output: String,
    num_labels: usize,
    outside: Option<usize>,
    pad_id: i64,
    prefix: Vec<i64>,
    suffix: Vec<i64>,
    width: usize,
    settings: EngineSettings,
}

impl Engine {
    pub(crate) fn new(files: &ModelFiles, settings: EngineSettings, rt: &Runtime) -> Result<Self> {
        let extra = files.prefix.len() + files.suffix.len();
        if settings.max_length <= extra {
            return Err(NerError::Config(format!(
                "max_length {} leaves no room for text next to the {extra} special tokens",
                settings.max_length
            )));
        }
        if let Some(limit) = files.max_positions {
            if settings.max_length > limit {
                return Err(NerError::Config(format!(
                    "max_length {} exceeds the model's {limit} positions",
                    settings.max_length
                )));
            }
        }
        let width = settings.max_length - extra;
        if settings.stride >= width {
            return Err(NerError::Config(format!(
                "stride {} must be smaller than the {width} text tokens of a window",
                settings.stride
            )));
        }
        if settings.batch_tokens == 0 || settings.workers == 0 || settings.intra_threads == 0 {
            return Err(NerError::Config(
                "batch_tokens, workers and intra_threads must be at least 1".to_owned(),
            ));
        }
        if !settings.o_bias.is_finite() {
            return Err(NerError::Config(
                "o_bias must be a finite number".to_owned(),
            ));
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(settings.workers)
            .thread_name(|i| format!("polyprep-ner-{i}"))
            .build()
            .map_err(NerError::ThreadPool)?;
        let sessions = (0..settings.workers)
            .map(|_| new_session(files, settings.intra_threads, rt).map(Mutex::new))
            .collect::<Result<Vec<_>>>()?;
        let (inputs, output) = {
            let first = sessions[0].lock().unwrap_or_else(|p| p.into_inner());
            (input_layout(&first, files)?, output_name(&first, files)?)
        };
        Ok(Engine {
            pool,
            sessions,
            inputs,
            output,
            num_labels: files.labels.len(),
            outside: files.labels.outside(),
            pad_id: i64::from(files.pad_id),
            prefix: files.prefix.iter().map(|&i| i64::from(i)).collect(),
            suffix: files.suffix.iter().map(|&i| i64::from(i)).collect(),
            width,
            settings,
        })
    }

    pub(crate) fn pool(&self) -> &rayon::ThreadPool {
        &self.pool
    }

    pub(crate) fn num_labels(&self) -> usize {
        self.num_labels
    }

    /// Label probabilities (after the O-logit bias) for every token of every sequence:
    /// `result[s][t * num_labels + label]`. Sequences hold token ids without special tokens.
    pub(crate) fn infer(
        &self,
        sequences: &[&[u32]],
        stats: &mut RunStats,
    ) -> Result<Vec<Vec<f32>>> {
        let mut chunks: Vec<(usize, Window)> = Vec::new();
        for (s, ids) in sequences.iter().enumerate() {
            for w in plan(ids.len(), self.width, self.settings.stride) {
                chunks.push((s, w));
            }
        }
        let extra = self.prefix.len() + self.suffix.len();
        // Longest first, so each batch is padded to its first row and rows are alike in length.
        let mut order: Vec<usize> = (0..chunks.len()).collect();
        order.sort_by_key(|&c| std::cmp::Reverse(chunks[c].1.input.len()));
        let mut batches: Vec<Vec<usize>> = Vec::new();
        let mut current: Vec<usize> = Vec::new();
        let mut current_len = 0;
        for c in order {
            let len = chunks[c].1.input.len() + extra;
            // A row much shorter than the batch's first would be mostly padding: start a new
            // batch instead (at most 1/MIN_FILL_DENOM of a row is padding).
            if !current.is_empty()
                && ((current.len() + 1) * current_len > self.settings.batch_tokens
                    || len * MIN_FILL_DENOM < current_len * (MIN_FILL_DENOM - 1))
            {
                batches.push(std::mem::take(&mut current));
            }
            if current.is_empty() {
                current_len = len;
            }
            current.push(c);
        }
        if !current.is_empty() {
            batches.push(current);
        }

        let outputs: Vec<BatchOutput> = self.pool.install(|| {
            batches
                .par_iter()
                .with_max_len(1)
                .map(|batch| self.run_batch(batch, &chunks, sequences))
                .collect::<Result<Vec<_>>>()
        })?;

        let c = self.num_labels;
        let mut probs: Vec<Vec<f32>> = sequences.iter().map(|s| vec![0.0; s.len() * c]).collect();
        for (batch, out) in batches.iter().zip(&outputs) {
            stats.batches += 1;
            stats.padded_tokens += batch.len() * out.seq_len;
            stats.session_time += out.session_time;
            for (row, &chunk) in batch.iter().enumerate() {
                let (s, w) = &chunks[chunk];
                stats.windows += 1;
                stats.tokens += w.input.len() + extra;
                for t in w.keep.clone() {
                    let pos = row * out.seq_len + self.prefix.len() + (t - w.input.start);
                    let logits = &out.logits[pos * c..(pos + 1) * c];
                    softmax_into(
                        logits,
                        self.outside,
                        self.settings.o_bias,
                        &mut probs[*s][t * c..(t + 1) * c],
                    );
                }
            }
        }
        stats.sequences += sequences.len();
        Ok(probs)
    }

    fn run_batch(
        &self,
        batch: &[usize],
        chunks: &[(usize, Window)],
        sequences: &[&[u32]],
    ) -> Result<BatchOutput> {
        let extra = self.prefix.len() + self.suffix.len();
        let rows = batch.len();
        let seq_len = batch
            .iter()
            .map(|&c| chunks[c].1.input.len() + extra)
            .max()
            .unwrap_or(extra);
        let mut ids = vec![self.pad_id; rows * seq_len];
        let mut mask = vec![0i64; rows * seq_len];
        for (row, &c) in batch.iter().enumerate() {
            let (s, w) = &chunks[c];
            let base = row * seq_len;
            let body = &sequences[*s][w.input.clone()];
            let cells = &mut ids[base..base + extra + body.len()];
            let (pre, rest) = cells.split_at_mut(self.prefix.len());
            pre.copy_from_slice(&self.prefix);
            let (mid, post) = rest.split_at_mut(body.len());
            for (dst, &id) in mid.iter_mut().zip(body) {
                *dst = i64::from(id);
            }
            post.copy_from_slice(&self.suffix);
            mask[base..base + extra + body.len()].fill(1);
        }
        let type_ids = self
            .inputs
            .type_ids
            .as_ref()
            .map(|_| vec![0i64; rows * seq_len]);
        let shape = [rows, seq_len];
        let onnx = |source| NerError::Onnx {
            action: "preparing inputs",
            source,
        };
        let mut inputs: Vec<(Cow<'_, str>, SessionInputValue<'_>)> = Vec::with_capacity(3);
        inputs.push((
            Cow::from(self.inputs.ids.as_str()),
            TensorRef::from_array_view((shape, &ids[..]))
                .map_err(onnx)?
                .into(),
        ));
        if let Some(name) = &self.inputs.mask {
            inputs.push((
                Cow::from(name.as_str()),
                TensorRef::from_array_view((shape, &mask[..]))
                    .map_err(onnx)?
                    .into(),
            ));
        }
        if let (Some(name), Some(t)) = (&self.inputs.type_ids, &type_ids) {
            inputs.push((
                Cow::from(name.as_str()),
                TensorRef::from_array_view((shape, &t[..]))
                    .map_err(onnx)?
                    .into(),
            ));
        }

        // Each worker of the pool owns one session, so this lock is never contended.
        let worker = rayon::current_thread_index().unwrap_or(0) % self.sessions.len();
        let mut session = self.sessions[worker]
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let started = Instant::now();
        let outputs = session.run(inputs).map_err(|source| NerError::Onnx {
            action: "running the model",
            source,
        })?;
        let session_time = started.elapsed();
        let Some(value) = outputs.get(&self.output) else {
            return Err(NerError::Config(format!(
                "the model returned no output named {:?}",
                self.output
            )));
        };
        let array = value
            .try_extract_array::<f32>()
            .map_err(|source| NerError::Onnx {
                action: "reading the logits",
                source,
            })?;
        let expected = [rows, seq_len, self.num_labels];
        if array.shape() != expected {
            return Err(NerError::Config(format!(
                "the model's logits have shape {:?}, expected {expected:?} (does config.json's \
                 id2label match the model?)",
                array.shape()
            )));
        }
        let logits = array.iter().copied().collect();
        Ok(BatchOutput {
            logits,
            seq_len,
            session_time,
        })
    }
}

struct BatchOutput {
    logits: Vec<f32>,
    seq_len: usize,
    session_time: Duration,
}

fn softmax_into(logits: &[f32], outside: Option<usize>, o_bias: f32, out: &mut [f32]) {
    out.copy_from_slice(logits);
    if let Some(o) = outside {
        if let Some(v) = out.get_mut(o) {
            *v += o_bias;
        }
    }
    let max = out.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in out.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    if sum > 0.0 && sum.is_finite() {
        for v in out.iter_mut() {
            *v /= sum;
        }
    }
}

fn new_session(files: &ModelFiles, intra_threads: usize, rt: &Runtime) -> Result<Session> {
    let onnx = |action| move |source: ort::Error| NerError::Onnx { action, source };
    Session::builder(&rt.environment)
        .map_err(onnx("creating a session"))?
        // ort's tracing bridge creates the environment at VERBOSE; at that level ONNX Runtime
        // formats a log record per node per run, which halves throughput.
        .with_log_level(LogLevel::Warning)
        .map_err(|e| onnx("setting the log level")(e.into()))?
        .with_optimization_level(GraphOptimizationLevel::All)
        .map_err(|e| onnx("setting the optimization level")(e.into()))?
        .with_intra_threads(intra_threads)
        .map_err(|e| onnx("setting intra-op threads")(e.into()))?
        .with_inter_threads(1)
        .map_err(|e| onnx("setting inter-op threads")(e.into()))?
        .commit_from_file(&files.onnx)
        .map_err(|source| NerError::InvalidModel {
            path: files.onnx.clone(),
            message: "ONNX Runtime cannot load this model".to_owned(),
            source: Some(Box::new(source)),
        })
}

fn input_layout(session: &Session, files: &ModelFiles) -> Result<InputLayout> {
    let mut layout = InputLayout {
        ids: String::new(),
        mask: None,
        type_ids: None,
    };
    for input in session.inputs() {
        let name = input.name();
        match input.dtype() {
            ValueType::Tensor {
                ty: TensorElementType::Int64,
                ..
            } => {}
            other => {
                return Err(NerError::InvalidModel {
                    path: files.onnx.clone(),
                    message: format!("input {name:?} is {other:?}; int64 token ids were expected"),
                    source: None,
                })
            }
        }
        match name {
            "input_ids" => layout.ids = name.to_owned(),
            "attention_mask" => layout.mask = Some(name.to_owned()),
            "token_type_ids" => layout.type_ids = Some(name.to_owned()),
            _ => {
                return Err(NerError::InvalidModel {
                    path: files.onnx.clone(),
                    message: format!(
                        "unexpected input {name:?}; a token-classification export takes \
                         input_ids, attention_mask and optionally token_type_ids"
                    ),
                    source: None,
                })
            }
        }
    }
    if layout.ids.is_empty() {
        return Err(NerError::InvalidModel {
            path: files.onnx.clone(),
            message: "the model has no input_ids input".to_owned(),
            source: None,
        });
    }
    Ok(layout)
}

fn output_name(session: &Session, files: &ModelFiles) -> Result<String> {
    let outputs = session.outputs();
    let chosen = outputs
        .iter()
        .find(|o| o.name() == "logits")
        .or_else(|| outputs.first());
    let Some(out) = chosen else {
        return Err(NerError::InvalidModel {
            path: files.onnx.clone(),
            message: "the model has no output".to_owned(),
            source: None,
        });
    };
    if let ValueType::Tensor { ty, shape, .. } = out.dtype() {
        if *ty != TensorElementType::Float32 {
            return Err(NerError::InvalidModel {
                path: files.onnx.clone(),
                message: format!(
                    "output {:?} is {ty:?}; float32 logits were expected",
                    out.name()
                ),
                source: None,
            });
        }
        if let Some(&labels) = shape.last() {
            if labels > 0 && labels as usize != files.labels.len() {
                return Err(NerError::InvalidModel {
                    path: files.dir.clone(),
                    message: format!(
                        "the model has {labels} outputs per token but config.json's id2label has \
                         {} labels",
                        files.labels.len()
                    ),
                    source: None,
                });
            }
        }
    }
    Ok(out.name().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_applies_the_outside_bias() {
        let mut out = [0.0f32; 3];
        softmax_into(&[1.0, 1.0, 1.0], Some(0), 0.0, &mut out);
        assert!((out[0] - 1.0 / 3.0).abs() < 1e-6);
        softmax_into(&[1.0, 1.0, 1.0], Some(0), 2.0, &mut out);
        assert!(out[0] > out[1] && (out.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        softmax_into(&[f32::NAN, 0.0, 0.0], None, 0.0, &mut out);
    }
}
