//! Near-duplicate detection: exact duplicates by a hash of the normalized text, near-duplicates
//! by MinHash over word shingles with LSH banding, candidate pairs verified by their estimated
//! Jaccard similarity, clusters by union-find.
//!
//! ```
//! use polyprep::dedup::{DedupBuilder, DedupPolicy, KeepPolicy};
//!
//! let deduper = DedupBuilder::new()
//!     .with_policy(DedupPolicy::Drop { keep: KeepPolicy::Longest })
//!     .build()?;
//! let story = "North Korean troops entered eastern Russia earlier this month and have been \
//!              dispatched to several training sites, the White House spokesman said on \
//!              Wednesday, adding that their mission was unclear";
//! let texts = [
//!     story.to_string(),
//!     format!("{story}. Read more"),                  // a near copy, and the longest
//!     "The weather in Kyiv was mild.".to_string(),
//!     story.to_uppercase(),                            // exact after normalization
//! ];
//! let result = deduper.dedup_texts(&texts)?;
//! assert_eq!(result.docs[0].cluster, Some(0));
//! assert_eq!(result.docs[0].representative, 1);
//! assert!(result.docs[0].similarity > 0.8 && !result.docs[0].keep);
//! // Document 3 is an exact copy of 0 (after normalization), not of the representative 1.
//! assert_eq!(result.docs[3].cluster, Some(0));
//! assert!(!result.docs[3].exact && result.docs[3].similarity == result.docs[0].similarity);
//! assert_eq!(result.stats.exact_duplicates, 1);
//! assert_eq!(result.docs[2].cluster, None);
//! assert_eq!(result.kept().collect::<Vec<_>>(), [1, 2]);
//! # Ok::<(), polyprep::dedup::DedupError>(())
//! ```
//!
//! The pieces also work one at a time, for corpora streamed in chunks: [`MinHasher`] sketches
//! texts (in parallel with [`MinHasher::sketch_batch`]), [`DedupIndex`] takes the sketches and
//! holds a fixed number of bytes per document, never the text, and [`DedupIndex::finish`]
//! clusters them.
//!
//! # Defaults
//!
//! Threshold 0.8, 5-word shingles and 128 permutations, as text-dedup's MinHash-LSH and
//! datatrove use; bands and rows (9 x 13 at the defaults) minimise the equally weighted areas of
//! false positives and false negatives under the S-curve, as datasketch's `_optimal_param`
//! does. [`DedupConfig::s_curve`] prints the probability that a pair at each similarity becomes
//! a candidate; at the defaults it is 0.40 at s = 0.8 and 0.93 at s = 0.9, so pairs just above
//! the threshold are often missed. Raise `false_negative_weight` to trade candidates for
//! recall.

mod index;
mod lsh;
mod minhash;
mod pass;

pub mod bench;

pub use index::{DedupIndex, DedupResult, DedupStats, DocDedup, SimilarPair, ALL_PAIRS_LIMIT};
pub use lsh::{candidate_probability, optimal_lsh_params, s_curve};
pub use minhash::{
    estimated_jaccard, exact_jaccard, is_empty_signature, DocSketch, MinHasher, EMPTY_VALUE,
    MERSENNE_PRIME,
};
pub use pass::{dedup_corpus, CorpusDedup, CorpusDedupError};

use polyprep_core::Document;
use serde::{Deserialize, Serialize};

/// The most permutations a configuration may ask for; more buy little precision for much time.
pub const MAX_PERMUTATIONS: usize = 1024;

/// An error of deduplication: a bad configuration or misuse of the index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DedupError {
    /// A configuration value is out of range.
    #[error("invalid dedup configuration: {0}")]
    Config(String),
    /// A signature's length differs from the index's number of permutations.
    #[error("the signature of document {doc} has {got} values but the index expects {expected}; compute signatures with the index's configuration")]
    SignatureLength {
        /// The document index.
        doc: usize,
        /// The index's number of permutations.
        expected: usize,
        /// The signature's length.
        got: usize,
    },
    /// A document index was inserted twice.
    #[error("document {0} was inserted twice; insert each document index once")]
    DuplicateDocument(usize),
    /// Some document indices below the highest were never inserted.
    #[error("{missing} document index(es) were never inserted, the first is {first}; insert every index from 0 to the highest once")]
    MissingDocuments {
        /// How many are missing.
        missing: usize,
        /// The lowest missing index.
        first: usize,
    },
    /// The index holds at most `u32::MAX - 1` documents, numbered below that.
    #[error("document index {0} is beyond the index's limit of 4,294,967,294 documents; deduplicate in shards")]
    TooManyDocuments(usize),
}

/// What to do with duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum DedupPolicy {
    /// Keep every document and report its cluster; each cluster's representative is its first
    /// document.
    #[default]
    Annotate,
    /// Keep one document per cluster and drop the others.
    Drop {
        /// Which document to keep.
        #[serde(default)]
        keep: KeepPolicy,
    },
}

/// Which document of a cluster is kept (and represents it). Ties go to the first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeepPolicy {
    /// The first in corpus order.
    #[default]
    First,
    /// The longest text (in bytes).
    Longest,
    /// The highest value of this numeric metadata field; documents without it (or with a
    /// non-numeric value) rank below every number.
    Field(String),
}

/// Deduplication settings. As JSON, e.g. `{"threshold": 0.85, "policy": {"drop": {"keep":
/// {"field": "score"}}}}`; every field is optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DedupConfig {
    /// Estimated Jaccard similarity at or above which two documents are near-duplicates, in
    /// (0, 1]. Default 0.8.
    pub threshold: f64,
    /// Words per shingle. Default 5.
    pub shingle_words: usize,
    /// MinHash permutations (signature length), 1 to [`MAX_PERMUTATIONS`]. Default 128.
    pub permutations: usize,
    /// LSH bands; `None` derives them from `rows`, or both are chosen for the threshold.
    pub bands: Option<usize>,
    /// Signature values per band; `None` derives them from `bands`, or both are chosen for the
    /// threshold.
    pub rows: Option<usize>,
    /// Weight of false positives when choosing bands and rows. Default 0.5.
    pub false_positive_weight: f64,
    /// Weight of false negatives when choosing bands and rows. Default 0.5.
    pub false_negative_weight: f64,
    /// Seed of the permutations; signatures compare only under equal seeds. Default 1.
    pub seed: u64,
    /// What to do with duplicates. Default: annotate.
    pub policy: DedupPolicy,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            threshold: 0.8,
            shingle_words: 5,
            permutations: 128,
            bands: None,
            rows: None,
            false_positive_weight: 0.5,
            false_negative_weight: 0.5,
            seed: 1,
            policy: DedupPolicy::Annotate,
        }
    }
}

impl DedupConfig {
    /// Settings for ranking pairs far below the threshold, as a corpus report's "most similar
    /// pairs" does: 3-word shingles and 512 permutations. Near 0.02 similarity, 5-word shingles
    /// rank by noise: on the seed articles the rewrite 000 of 001 is the top pair under 6 of
    /// 30 seeds with the defaults at 256 permutations, and under 30 of 30 with these.
    pub fn for_ranking() -> Self {
        DedupConfig {
            shingle_words: 3,
            permutations: 512,
            ..DedupConfig::default()
        }
    }

    /// Checks every value and resolves the banding: `(bands, rows)`, given, derived from one
    /// another (`bands = permutations / rows`), or optimal for the threshold.
    pub fn lsh_params(&self) -> Result<(usize, usize), DedupError> {
        check_threshold(self.threshold)?;
        check_permutations(self.permutations)?;
        if self.shingle_words == 0 {
            return Err(DedupError::Config(
                "shingle_words must be at least 1 (5 is usual)".into(),
            ));
        }
        let p = self.permutations;
        let (bands, rows) = match (self.bands, self.rows) {
            (Some(bands), Some(rows)) => (bands, rows),
            (Some(bands), None) => (bands, p / bands.max(1)),
            (None, Some(rows)) => (p / rows.max(1), rows),
            (None, None) => {
                let (fp, fn_) = (self.false_positive_weight, self.false_negative_weight);
                let valid = |w: f64| w.is_finite() && w >= 0.0;
                if !valid(fp) || !valid(fn_) || fp + fn_ == 0.0 {
                    return Err(DedupError::Config(format!(
                        "false_positive_weight ({fp}) and false_negative_weight ({fn_}) must be finite, non-negative and not both 0"
                    )));
                }
                optimal_lsh_params(self.threshold, p, fp, fn_)
            }
        };
        check_params(self.threshold, p, bands, rows)?;
        Ok((bands, rows))
    }

    /// The S-curve of the configured banding at `points` similarities from 0 to 1:
    /// `(s, P(candidate | s))` with `P = 1 - (1 - s^rows)^bands`.
    pub fn s_curve(&self, points: usize) -> Result<Vec<(f64, f64)>, DedupError> {
        let (bands, rows) = self.lsh_params()?;
        Ok(s_curve(bands, rows, points))
    }
}

fn check_threshold(threshold: f64) -> Result<(), DedupError> {
    if threshold.is_finite() && threshold > 0.0 && threshold <= 1.0 {
        Ok(())
    } else {
        Err(DedupError::Config(format!(
            "threshold {threshold} is outside (0, 1]; 0.8 is usual"
        )))
    }
}

fn check_permutations(permutations: usize) -> Result<(), DedupError> {
    if (1..=MAX_PERMUTATIONS).contains(&permutations) {
        Ok(())
    } else {
        Err(DedupError::Config(format!(
            "permutations {permutations} is outside 1..={MAX_PERMUTATIONS}; 128 is usual"
        )))
    }
}

fn check_params(
    threshold: f64,
    permutations: usize,
    bands: usize,
    rows: usize,
) -> Result<(), DedupError> {
    check_threshold(threshold)?;
    check_permutations(permutations)?;
    if bands == 0 || rows == 0 || bands.saturating_mul(rows) > permutations {
        return Err(DedupError::Config(format!(
            "{bands} bands x {rows} rows do not fit {permutations} permutations; both must be at least 1 and bands * rows at most the permutations"
        )));
    }
    Ok(())
}

/// The value of a numeric metadata field of `doc`, for [`KeepPolicy::Field`]: a JSON number, or
/// a string that parses as one.
pub fn field_value(doc: &Document, field: &str) -> Option<f64> {
    match doc.metadata.get(field)? {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Builds a [`Deduper`].
#[derive(Debug, Clone, Default)]
pub struct DedupBuilder {
    config: DedupConfig,
}

impl DedupBuilder {
    /// A builder with the default configuration.
    pub fn new() -> Self {
        DedupBuilder::default()
    }

    /// Replaces the configuration.
    pub fn with_config(mut self, config: DedupConfig) -> Self {
        self.config = config;
        self
    }

    /// Sets the similarity threshold.
    pub fn with_threshold(mut self, threshold: f64) -> Self {
        self.config.threshold = threshold;
        self
    }

    /// Sets the words per shingle.
    pub fn with_shingle_words(mut self, words: usize) -> Self {
        self.config.shingle_words = words;
        self
    }

    /// Sets the number of permutations.
    pub fn with_permutations(mut self, permutations: usize) -> Self {
        self.config.permutations = permutations;
        self
    }

    /// Sets the banding explicitly.
    pub fn with_bands_rows(mut self, bands: usize, rows: usize) -> Self {
        self.config.bands = Some(bands);
        self.config.rows = Some(rows);
        self
    }

    /// Sets the permutations' seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.config.seed = seed;
        self
    }

    /// Sets the policy.
    pub fn with_policy(mut self, policy: DedupPolicy) -> Self {
        self.config.policy = policy;
        self
    }

    /// Checks the configuration and resolves the banding.
    pub fn build(self) -> Result<Deduper, DedupError> {
        let (bands, rows) = self.config.lsh_params()?;
        // Also catches an empty field name before any document is read.
        let template = DedupIndex::new(
            self.config.permutations,
            bands,
            rows,
            self.config.threshold,
            self.config.policy.clone(),
        )?;
        let hasher = MinHasher::new(
            self.config.permutations,
            self.config.shingle_words,
            self.config.seed,
        )?;
        Ok(Deduper {
            config: self.config,
            hasher,
            bands,
            rows,
            template,
        })
    }
}

/// A configured deduplicator: a [`MinHasher`] and the banding, which make [`DedupIndex`]es.
#[derive(Debug, Clone)]
pub struct Deduper {
    config: DedupConfig,
    hasher: MinHasher,
    bands: usize,
    rows: usize,
    /// An empty index with the configuration, cloned for each run.
    template: DedupIndex,
}

impl Deduper {
    /// The configuration.
    pub fn config(&self) -> &DedupConfig {
        &self.config
    }

    /// The signature hasher.
    pub fn hasher(&self) -> &MinHasher {
        &self.hasher
    }

    /// The banding: `(bands, rows)`.
    pub fn lsh_params(&self) -> (usize, usize) {
        (self.bands, self.rows)
    }

    /// The S-curve of the banding at `points` similarities from 0 to 1.
    pub fn s_curve(&self, points: usize) -> Vec<(f64, f64)> {
        s_curve(self.bands, self.rows, points)
    }

    /// An empty index with this configuration.
    pub fn index(&self) -> DedupIndex {
        self.template.clone()
    }

    /// The metadata field the policy keeps by, if any.
    pub fn keep_field(&self) -> Option<&str> {
        match &self.config.policy {
            DedupPolicy::Drop {
                keep: KeepPolicy::Field(field),
            } => Some(field),
            _ => None,
        }
    }

    /// Deduplicates texts held in memory (sketched in parallel). Texts have no metadata, so a
    /// `field` policy keeps the first.
    pub fn dedup_texts<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
    ) -> Result<DedupResult, DedupError> {
        let mut index = self.index();
        index.reserve(texts.len());
        for (i, sketch) in self.hasher.sketch_batch(texts).iter().enumerate() {
            index.insert_sketch(i, sketch, None)?;
        }
        index.finish()
    }

    /// Deduplicates documents by their current text, taking the keep field from their
    /// metadata.
    pub fn dedup_documents(&self, docs: &[Document]) -> Result<DedupResult, DedupError> {
        let texts: Vec<&str> = docs.iter().map(|d| d.text()).collect();
        let mut index = self.index();
        index.reserve(docs.len());
        for (i, (doc, sketch)) in docs
            .iter()
            .zip(self.hasher.sketch_batch(&texts))
            .enumerate()
        {
            let field = self.keep_field().and_then(|f| field_value(doc, f));
            index.insert_sketch(i, &sketch, field)?;
        }
        index.finish()
    }
}
