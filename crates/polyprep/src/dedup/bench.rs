//! A measurement of deduplication: corpora generated from real sentences with known injected
//! duplicates, and the speed, memory, precision and recall of finding them.
//!
//! ```
//! use polyprep::dedup::bench::{generate_corpus, run_bench};
//! use polyprep::dedup::DedupConfig;
//!
//! let sentences: Vec<String> = (0..200)
//!     .map(|i| format!("Sentence number {i} tells of event {} in city {}.", i * 7, i % 13))
//!     .collect();
//! let (docs, truth) = generate_corpus(&sentences, 300, 0.2, 42);
//! assert_eq!(docs.len(), 300);
//! let report = run_bench(&docs, &truth, &DedupConfig::default())?;
//! assert!(report.precision > 0.9);
//! # Ok::<(), polyprep::dedup::DedupError>(())
//! ```

use super::{DedupBuilder, DedupConfig, DedupError, DedupStats};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::time::Instant;

/// How a generated document came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CopyKind {
    /// Sentences drawn from the pool.
    Original,
    /// A verbatim copy.
    Exact,
    /// A copy with one word replaced by a word from elsewhere in the pool.
    WordChanged,
    /// A copy with one word inserted.
    WordInserted,
    /// A copy with one word deleted.
    WordDeleted,
    /// A copy with two words replaced, anywhere.
    TwoWordsChanged,
    /// A copy with one more sentence at the end.
    SentenceAdded,
}

/// What the generator injected: every document's family (the index of its original) and how
/// it was made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroundTruth {
    /// Per document, the index of the original it is (a copy of).
    pub family: Vec<u32>,
    /// Per document, how it was made.
    pub kind: Vec<CopyKind>,
}

impl GroundTruth {
    /// Pairs of documents of the same family: the pairs a perfect deduplicator joins.
    pub fn true_pairs(&self) -> u64 {
        let mut sizes: HashMap<u32, u64> = HashMap::new();
        for &f in &self.family {
            *sizes.entry(f).or_default() += 1;
        }
        sizes.values().map(|&s| s * (s - 1) / 2).sum()
    }
}

/// Words (whitespace-separated tokens) below which a text is edited by characters instead:
/// sentences of Chinese or Japanese have no spaces, and each of their ideographs is a word to
/// the shingler.
const MIN_TOKENS_FOR_WORD_EDITS: usize = 8;

/// Sentences around a document's first that it draws the others from. The lingua files hold
/// about 1,000 sentences per language one language after another, so a document is (mostly)
/// in one language, as news articles are.
const SENTENCE_WINDOW: usize = 500;

/// Generates `n_docs` documents of 3 to 6 sentences from `sentences`, of which a share
/// `dup_rate` (at most 0.95, and never all) are copies of an earlier-generated original: 30 %
/// verbatim, the rest with a word changed, inserted or deleted, two words changed or a sentence
/// added. Documents are shuffled, so copies come before and after their original. The same
/// arguments give the same corpus. No sentences or no documents give an empty corpus.
pub fn generate_corpus(
    sentences: &[String],
    n_docs: usize,
    dup_rate: f64,
    seed: u64,
) -> (Vec<String>, GroundTruth) {
    if sentences.is_empty() || n_docs == 0 {
        return (Vec::new(), GroundTruth::default());
    }
    let mut rng = fastrand::Rng::with_seed(seed);
    let rate = if dup_rate.is_finite() {
        dup_rate.clamp(0.0, 0.95)
    } else {
        0.0
    };
    let copies = ((n_docs as f64 * rate).round() as usize).min(n_docs - 1);
    let originals = n_docs - copies;

    let mut texts: Vec<String> = Vec::with_capacity(n_docs);
    let mut kinds: Vec<CopyKind> = Vec::with_capacity(n_docs);
    let mut sources: Vec<u32> = Vec::with_capacity(n_docs);
    for i in 0..originals {
        texts.push(original(sentences, &mut rng));
        kinds.push(CopyKind::Original);
        sources.push(i as u32);
    }
    for _ in 0..copies {
        let source = rng.usize(..originals);
        let kind = match rng.u32(..100) {
            0..30 => CopyKind::Exact,
            30..50 => CopyKind::WordChanged,
            50..60 => CopyKind::WordInserted,
            60..70 => CopyKind::WordDeleted,
            70..85 => CopyKind::TwoWordsChanged,
            _ => CopyKind::SentenceAdded,
        };
        let text = edit(&texts[source], kind, sentences, &mut rng);
        texts.push(text);
        kinds.push(kind);
        sources.push(source as u32);
    }
    // Shuffle, then renumber families by the originals' new positions.
    let mut order: Vec<usize> = (0..n_docs).collect();
    rng.shuffle(&mut order);
    let mut position = vec![0u32; n_docs];
    for (new, &old) in order.iter().enumerate() {
        position[old] = new as u32;
    }
    let mut slots: Vec<Option<String>> = texts.into_iter().map(Some).collect();
    let docs = order
        .iter()
        .map(|&old| slots[old].take().unwrap_or_default())
        .collect();
    let truth = GroundTruth {
        family: order
            .iter()
            .map(|&old| position[sources[old] as usize])
            .collect(),
        kind: order.iter().map(|&old| kinds[old]).collect(),
    };
    (docs, truth)
}

fn original(sentences: &[String], rng: &mut fastrand::Rng) -> String {
    let anchor = rng.usize(..sentences.len());
    let low = anchor.saturating_sub(SENTENCE_WINDOW / 2);
    let high = (anchor + SENTENCE_WINDOW / 2).min(sentences.len());
    let mut text = sentences[anchor].trim().to_string();
    for _ in 0..rng.usize(2..=5) {
        text.push(' ');
        text.push_str(sentences[rng.usize(low..high)].trim());
    }
    text
}

fn random_word<'a>(sentences: &'a [String], rng: &mut fastrand::Rng) -> &'a str {
    let sentence = &sentences[rng.usize(..sentences.len())];
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() >= 2 {
        words[rng.usize(..words.len())]
    } else {
        // A sentence without spaces: take one character of it.
        let chars: Vec<(usize, char)> = sentence.char_indices().collect();
        match chars.get(rng.usize(..chars.len().max(1))) {
            Some(&(i, c)) => &sentence[i..i + c.len_utf8()],
            None => "word",
        }
    }
}

fn edit(source: &str, kind: CopyKind, sentences: &[String], rng: &mut fastrand::Rng) -> String {
    match kind {
        CopyKind::Original | CopyKind::Exact => source.to_string(),
        CopyKind::SentenceAdded => {
            format!(
                "{source} {}",
                sentences[rng.usize(..sentences.len())].trim()
            )
        }
        CopyKind::WordChanged | CopyKind::WordInserted | CopyKind::WordDeleted => {
            edit_tokens(source, kind, 1, sentences, rng)
        }
        CopyKind::TwoWordsChanged => edit_tokens(source, CopyKind::WordChanged, 2, sentences, rng),
    }
}

/// Applies `times` edits of one word (or, in texts without spaces, of one character).
fn edit_tokens(
    source: &str,
    kind: CopyKind,
    times: usize,
    sentences: &[String],
    rng: &mut fastrand::Rng,
) -> String {
    let by_words = source.split_whitespace().count() >= MIN_TOKENS_FOR_WORD_EDITS;
    let mut tokens: Vec<String> = if by_words {
        source.split_whitespace().map(str::to_string).collect()
    } else {
        source.chars().map(String::from).collect()
    };
    for _ in 0..times {
        if tokens.is_empty() {
            break;
        }
        let at = rng.usize(..tokens.len());
        let word = random_word(sentences, rng).to_string();
        match kind {
            CopyKind::WordInserted => tokens.insert(at, word),
            CopyKind::WordDeleted => {
                tokens.remove(at);
            }
            _ => tokens[at] = word,
        }
    }
    tokens.join(if by_words { " " } else { "" })
}

/// Recall of the injected copies whose true Jaccard similarity to their original lies in
/// `[from, to)`, or is exactly `from` when `from == to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarityBand {
    /// Lower bound of the true (exact) Jaccard similarity.
    pub from: f64,
    /// Upper bound.
    pub to: f64,
    /// Copies in the band.
    pub copies: usize,
    /// Of those, copies clustered with their original.
    pub found: usize,
}

/// What [`run_bench`] measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchReport {
    /// Documents deduplicated.
    pub docs: usize,
    /// Wall time of sketching, indexing and clustering (not of generating or scoring).
    pub seconds: f64,
    /// Of `seconds`, the time to sketch and index the documents (the rest is clustering).
    pub sketch_seconds: f64,
    /// `docs / seconds`.
    pub docs_per_second: f64,
    /// Rayon threads used.
    pub threads: usize,
    /// The process's peak resident memory (VmHWM, Linux only), the corpus's texts included.
    pub peak_rss_bytes: Option<u64>,
    /// Bytes of the corpus's texts, which the process held but the index did not.
    pub corpus_bytes: u64,
    /// Bytes the index had allocated before clustering.
    pub index_bytes: u64,
    /// Of the pairs clustered together, the share that are of one family.
    pub precision: f64,
    /// Of the pairs of one family, the share clustered together.
    pub recall: f64,
    /// Pairs clustered together.
    pub pairs_found: u64,
    /// Pairs of one family.
    pub true_pairs: u64,
    /// Pairs both clustered together and of one family.
    pub true_positive_pairs: u64,
    /// LSH bands.
    pub bands: usize,
    /// Rows per band.
    pub rows: usize,
    /// Of the injected copies whose true Jaccard similarity to their original reaches the
    /// threshold, the share clustered with it: recall with the generator's too-different
    /// copies left out.
    pub recall_above_threshold: f64,
    /// Recall of copies by their true similarity to the original.
    pub copies_by_similarity: Vec<SimilarityBand>,
    /// The deduplication's own counts.
    pub stats: DedupStats,
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
        writeln!(
            f,
            "{} documents in {:.2} s ({:.2} s sketching, {:.2} s clustering): {:.0} documents/s on {} thread(s)",
            self.docs,
            self.seconds,
            self.sketch_seconds,
            self.seconds - self.sketch_seconds,
            self.docs_per_second,
            self.threads
        )?;
        let per_document = self.index_bytes / (self.docs.max(1) as u64);
        match self.peak_rss_bytes {
            Some(peak) => writeln!(
                f,
                "peak RSS {:.0} MiB (corpus texts {:.0} MiB, index {:.0} MiB = {per_document} bytes per document)",
                mib(peak),
                mib(self.corpus_bytes),
                mib(self.index_bytes)
            )?,
            None => writeln!(
                f,
                "peak RSS unknown on this system (index {:.0} MiB = {per_document} bytes per document)",
                mib(self.index_bytes)
            )?,
        }
        writeln!(
            f,
            "bands x rows {} x {}; precision {:.4}, recall {:.4} ({} pairs found, {} true, {} both)",
            self.bands,
            self.rows,
            self.precision,
            self.recall,
            self.pairs_found,
            self.true_pairs,
            self.true_positive_pairs
        )?;
        writeln!(
            f,
            "recall of copies at or above the threshold by true Jaccard: {:.4}",
            self.recall_above_threshold
        )?;
        for band in &self.copies_by_similarity {
            let share = if band.copies == 0 {
                0.0
            } else {
                band.found as f64 / band.copies as f64
            };
            writeln!(
                f,
                "  copies with true Jaccard {:.2}..{:.2}: {} found of {} ({:.1} %)",
                band.from,
                band.to,
                band.found,
                band.copies,
                100.0 * share
            )?;
        }
        Ok(())
    }
}

/// Sketches in chunks of this many documents: enough to keep every thread busy, small enough
/// that the sketches in flight are a few megabytes.
const CHUNK: usize = 16_384;

/// Deduplicates `docs` with `config`, timing it, and scores the clusters against `truth`.
pub fn run_bench(
    docs: &[String],
    truth: &GroundTruth,
    config: &DedupConfig,
) -> Result<BenchReport, DedupError> {
    if truth.family.len() != docs.len() {
        return Err(DedupError::Config(format!(
            "the ground truth describes {} documents but the corpus has {}",
            truth.family.len(),
            docs.len()
        )));
    }
    let start = Instant::now();
    let deduper = DedupBuilder::new().with_config(config.clone()).build()?;
    let mut index = deduper.index();
    index.reserve(docs.len());
    for (c, chunk) in docs.chunks(CHUNK).enumerate() {
        for (i, sketch) in deduper.hasher().sketch_batch(chunk).iter().enumerate() {
            index.insert_sketch(c * CHUNK + i, sketch, None)?;
        }
    }
    let index_bytes = index.heap_bytes() as u64;
    let sketch_seconds = start.elapsed().as_secs_f64();
    let result = index.finish()?;
    let seconds = start.elapsed().as_secs_f64();
    let peak_rss_bytes = peak_rss_bytes();

    let cluster = |i: usize| result.docs[i].cluster.map_or(u32::MAX, |c| c as u32);
    let mut cluster_sizes: HashMap<u32, u64> = HashMap::new();
    let mut cells: HashMap<(u32, u32), u64> = HashMap::new();
    for (i, &family) in truth.family.iter().enumerate() {
        let c = cluster(i);
        if c != u32::MAX {
            *cluster_sizes.entry(c).or_default() += 1;
            *cells.entry((c, family)).or_default() += 1;
        }
    }
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let pairs_found: u64 = cluster_sizes.values().map(|&n| pairs(n)).sum();
    let true_positive_pairs: u64 = cells.values().map(|&n| pairs(n)).sum();
    let true_pairs = truth.true_pairs();
    let share = |part: u64, whole: u64| {
        if whole == 0 {
            1.0
        } else {
            part as f64 / whole as f64
        }
    };

    let copies = copy_similarities(docs, truth, &deduper, &result.docs);
    let above: Vec<bool> = copies
        .iter()
        .filter(|(s, _)| *s >= config.threshold)
        .map(|&(_, found)| found)
        .collect();
    let recall_above_threshold = share(
        above.iter().filter(|&&f| f).count() as u64,
        above.len() as u64,
    );
    let copies_by_similarity = by_similarity(&copies);
    let (bands, rows) = deduper.lsh_params();
    Ok(BenchReport {
        docs: docs.len(),
        seconds,
        sketch_seconds,
        docs_per_second: if seconds > 0.0 {
            docs.len() as f64 / seconds
        } else {
            0.0
        },
        threads: rayon::current_num_threads(),
        peak_rss_bytes,
        corpus_bytes: docs.iter().map(|d| d.len() as u64).sum(),
        index_bytes,
        precision: share(true_positive_pairs, pairs_found),
        recall: share(true_positive_pairs, true_pairs),
        pairs_found,
        true_pairs,
        true_positive_pairs,
        recall_above_threshold,
        bands,
        rows,
        copies_by_similarity,
        stats: result.stats,
    })
}

/// Per injected copy: its true Jaccard similarity to its original, and whether it was
/// clustered with it.
fn copy_similarities(
    docs: &[String],
    truth: &GroundTruth,
    deduper: &super::Deduper,
    outcomes: &[super::DocDedup],
) -> Vec<(f64, bool)> {
    let hasher = deduper.hasher();
    (0..docs.len())
        .into_par_iter()
        .filter(|&i| truth.kind[i] != CopyKind::Original)
        .map(|i| {
            let source = truth.family[i] as usize;
            let similarity = super::exact_jaccard(
                &hasher.shingle_hashes(&docs[i]),
                &hasher.shingle_hashes(&docs[source]),
            );
            let found =
                outcomes[i].cluster.is_some() && outcomes[i].cluster == outcomes[source].cluster;
            (similarity, found)
        })
        .collect()
}

fn by_similarity(copies: &[(f64, bool)]) -> Vec<SimilarityBand> {
    // Identical shingle sets (1.0) get a band of their own.
    const BANDS: [(f64, f64); 6] = [
        (0.0, 0.5),
        (0.5, 0.7),
        (0.7, 0.8),
        (0.8, 0.9),
        (0.9, 1.0),
        (1.0, 1.0),
    ];
    BANDS
        .iter()
        .map(|&(from, to)| {
            let within = |s: f64| s >= from && (s < to || (from == to && s == to));
            let in_band: Vec<bool> = copies
                .iter()
                .filter(|(s, _)| within(*s))
                .map(|&(_, found)| found)
                .collect();
            SimilarityBand {
                from,
                to,
                copies: in_band.len(),
                found: in_band.iter().filter(|&&f| f).count(),
            }
        })
        .collect()
}

/// The process's peak resident set size, from `VmHWM` in `/proc/self/status`; `None` where
/// there is no such file.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
