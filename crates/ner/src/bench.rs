//! Throughput measurement: sentences/s, tokens/s, padding waste, and where the wall time goes.

use crate::error::Result;
use crate::ner::{Ner, NerStats};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Instant;
use unicode_segmentation::UnicodeSegmentation;

/// What one benchmark run measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchReport {
    /// Texts (sentences) processed.
    pub sentences: usize,
    /// Bytes of text processed.
    pub bytes: usize,
    /// Tokens fed to the model (special tokens included).
    pub tokens: usize,
    /// Entities found.
    pub entities: usize,
    /// Wall time of the measured run, in seconds.
    pub wall_seconds: f64,
    /// Sentences per second of wall time.
    pub sentences_per_second: f64,
    /// Tokens per second of wall time.
    pub tokens_per_second: f64,
    /// Share of batch cells that were padding.
    pub padding_waste: f64,
    /// Wall seconds spent splitting and tokenizing.
    pub tokenize_seconds: f64,
    /// Wall seconds spent in batching and forward passes.
    pub inference_seconds: f64,
    /// Wall seconds spent decoding.
    pub decode_seconds: f64,
    /// Seconds inside `Session::run`, summed over workers and divided by the worker count:
    /// the wall time the sessions kept the workers busy.
    pub session_seconds: f64,
    /// `session_seconds / wall_seconds`.
    pub session_share: f64,
    /// Batches run.
    pub batches: usize,
    /// Worker threads (one session each).
    pub workers: usize,
    /// Intra-op threads per session.
    pub intra_threads: usize,
    /// Batch budget in tokens.
    pub batch_tokens: usize,
}

impl BenchReport {
    fn from_stats(ner: &Ner, texts: &[&str], entities: usize, wall: f64, s: &NerStats) -> Self {
        let cfg = ner.config();
        let session = s.run.session_time.as_secs_f64() / cfg.workers.max(1) as f64;
        let per_s = |x: usize| if wall > 0.0 { x as f64 / wall } else { 0.0 };
        BenchReport {
            sentences: texts.len(),
            bytes: texts.iter().map(|t| t.len()).sum(),
            tokens: s.run.tokens,
            entities,
            wall_seconds: wall,
            sentences_per_second: per_s(texts.len()),
            tokens_per_second: per_s(s.run.tokens),
            padding_waste: s.run.padding_waste(),
            tokenize_seconds: s.tokenize.as_secs_f64(),
            inference_seconds: s.inference.as_secs_f64(),
            decode_seconds: s.decode.as_secs_f64(),
            session_seconds: session,
            session_share: if wall > 0.0 { session / wall } else { 0.0 },
            batches: s.run.batches,
            workers: cfg.workers,
            intra_threads: cfg.intra_threads,
            batch_tokens: cfg.batch_tokens,
        }
    }
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |x: f64| {
            if self.wall_seconds > 0.0 {
                100.0 * x / self.wall_seconds
            } else {
                0.0
            }
        };
        writeln!(
            f,
            "{} sentences, {} bytes, {} tokens, {} entities in {:.3} s ({} workers x {} intra-op threads, batch {} tokens)",
            self.sentences,
            self.bytes,
            self.tokens,
            self.entities,
            self.wall_seconds,
            self.workers,
            self.intra_threads,
            self.batch_tokens
        )?;
        writeln!(
            f,
            "throughput: {:.1} sentences/s, {:.0} tokens/s; padding waste {:.1}% over {} batches",
            self.sentences_per_second,
            self.tokens_per_second,
            100.0 * self.padding_waste,
            self.batches
        )?;
        write!(
            f,
            "wall time: tokenize {:.3} s ({:.1}%), inference {:.3} s ({:.1}%; session run {:.3} s = {:.1}%), decode {:.3} s ({:.1}%)",
            self.tokenize_seconds,
            pct(self.tokenize_seconds),
            self.inference_seconds,
            pct(self.inference_seconds),
            self.session_seconds,
            100.0 * self.session_share,
            self.decode_seconds,
            pct(self.decode_seconds)
        )
    }
}

/// Runs `ner` over `texts` (typically one sentence each) and measures it. A short warm-up on
/// the first texts comes first, so one-time session set-up is not counted.
pub fn bench<S: AsRef<str> + Sync>(ner: &Ner, texts: &[S]) -> Result<BenchReport> {
    let refs: Vec<&str> = texts.iter().map(AsRef::as_ref).collect();
    let warm = refs.len().min(64);
    ner.predict_batch(&refs[..warm])?;
    let mut stats = NerStats::default();
    let started = Instant::now();
    let found = ner.predict_batch_with_stats(&refs, &mut stats)?;
    let wall = started.elapsed().as_secs_f64();
    let entities = found.iter().map(Vec::len).sum();
    Ok(BenchReport::from_stats(ner, &refs, entities, wall, &stats))
}

/// Splits text into sentences for a benchmark corpus: lines, then Unicode sentence boundaries
/// (UAX #29) within each line; whitespace-only pieces are dropped and the rest trimmed.
pub fn split_sentences(text: &str) -> Vec<&str> {
    text.lines()
        .flat_map(|line| line.split_sentence_bounds())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A benchmark corpus of about `target_bytes`: the sentences of `texts`, repeated in order
/// until the size is reached (at least one pass; empty when `texts` has no sentence).
pub fn repeat_to_size<S: AsRef<str>>(texts: &[S], target_bytes: usize) -> Vec<String> {
    let base: Vec<&str> = texts
        .iter()
        .flat_map(|t| split_sentences(t.as_ref()))
        .collect();
    let mut out = Vec::new();
    if base.is_empty() {
        return out;
    }
    let mut size = 0;
    'outer: loop {
        for s in &base {
            out.push((*s).to_owned());
            size += s.len();
            if size >= target_bytes {
                break 'outer;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_corpus_sizes() {
        let s = split_sentences("Kyiv said no. Seoul agreed!\n\n  Pyongyang?  ");
        assert_eq!(s, ["Kyiv said no.", "Seoul agreed!", "Pyongyang?"]);
        let c = repeat_to_size(&["One. Two."], 20);
        assert_eq!(c, ["One.", "Two.", "One.", "Two.", "One."]);
        assert!(repeat_to_size(&["   "], 100).is_empty());
    }
}
