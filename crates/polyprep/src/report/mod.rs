//! The corpus report: what a corpus holds and what the pipeline did to it, as one
//! self-contained HTML page (inline CSS and SVG charts, no script, nothing fetched) and as
//! JSON with the same numbers.
//!
//! ```
//! use polyprep::report::{render_html, ReportBuilder};
//! use polyprep::{Document, PipelineBuilder, Stage};
//!
//! let pipeline = PipelineBuilder::new().build()?;
//! let mut report = ReportBuilder::new().with_title("Two articles");
//! for (id, text) in [
//!     ("a", "Mandatory credit: The White House\nKyiv is the capital of Ukraine and its largest city."),
//!     ("b", "Уряд України ухвалив нові правила для підприємців."),
//! ] {
//!     let mut doc = Document::new(id, text);
//!     pipeline.process(&mut doc)?;
//!     report.add_document(&doc); // keeps counts, never the text
//! }
//! report.add_error("corpus.jsonl:3", "invalid JSON: expected value at column 1");
//! let report = report.finish();
//! assert_eq!((report.totals.documents, report.totals.errors), (2, 1));
//! assert_eq!(report.languages.len(), 2);
//! assert!(report.boilerplate.iter().any(|rule| rule.blocks > 0));
//!
//! let html = render_html(&report);
//! assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"));
//! let json = serde_json::to_string(&report)?;
//! assert!(json.contains("\"ukr\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Memory
//!
//! [`ReportBuilder`] takes documents one at a time, in input order, and keeps counts per
//! language, script, rule and warning source, the first errors, a few examples per rule, and
//! fixed-size frequency tables for entities and spelling variants ([`ReportConfig::counters`]
//! counters each, with the Space-Saving algorithm: exact until a table fills up, then the
//! frequent items stay and each count carries its possible overcount). Per document it keeps
//! only its id, its cleaned length and its language (about 16 bytes plus the id), so that
//! duplicate clusters and similar pairs, which name documents by their position, can show ids
//! once deduplication has run: a corpus of 10^6 documents with 30-byte ids costs about 46 MB.
//!
//! # Duplicates and passages
//!
//! Deduplication ([`crate::dedup`]) and shared passages ([`crate::passages`]) need the whole
//! corpus; their results join the report through [`ReportBuilder::with_duplicates`] and
//! [`ReportBuilder::with_passages`]. Both number documents by position, and so must the report:
//! document `i` is the `i`-th document given to [`ReportBuilder::add_document`] (errors do not
//! count). A report without them says that they were not computed, not that there are none.

mod collect;
mod html;
mod topk;

pub use collect::ReportBuilder;
pub use html::render_html;

use polyprep_core::{NormalizationRule, Span};
use serde::{Deserialize, Serialize};

/// How much the report lists; every count is exact whatever these say, only the tables are
/// cut.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportConfig {
    /// Entities listed per label.
    pub top_entities: usize,
    /// Spelling variants listed, and aliases listed.
    pub top_variants: usize,
    /// Counters per frequency table (entities of one label, variants, aliases): the memory
    /// bound. Counts are exact while a table has seen at most this many distinct items.
    pub counters: usize,
    /// Duplicate clusters listed, largest first.
    pub max_clusters: usize,
    /// Members listed per duplicate cluster.
    pub max_cluster_members: usize,
    /// Most similar document pairs listed.
    pub max_similar_pairs: usize,
    /// Shared passages listed.
    pub max_passages: usize,
    /// Occurrences listed per shared passage.
    pub max_occurrences: usize,
    /// Errors listed (all are counted).
    pub max_errors: usize,
    /// Example blocks kept per boilerplate rule.
    pub examples_per_rule: usize,
    /// Longest text (passages, examples, error messages) in characters; longer text is cut
    /// and ends with `…`.
    pub max_text_chars: usize,
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            top_entities: 15,
            top_variants: 50,
            counters: 4096,
            max_clusters: 50,
            max_cluster_members: 25,
            max_similar_pairs: 20,
            max_passages: 50,
            max_occurrences: 20,
            max_errors: 50,
            examples_per_rule: 3,
            max_text_chars: 400,
        }
    }
}

/// Everything the report says about a corpus; [`render_html`] draws it, serde writes it as
/// JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorpusReport {
    /// The page's title.
    pub title: String,
    /// The program that made the report, e.g. `"polyprep 0.1.0"`.
    pub generator: String,
    /// Corpus-wide counts.
    pub totals: Totals,
    /// The first [`ReportConfig::max_errors`] records that failed, in input order.
    pub errors: Vec<ErrorRow>,
    /// Documents per document language, most documents first.
    pub languages: Vec<LanguageRow>,
    /// Documents per dominant script, most documents first.
    pub scripts: Vec<ScriptRow>,
    /// Blocks removed or flagged per cleaning rule, most bytes first.
    pub boilerplate: Vec<RuleRow>,
    /// Duplicate clusters and similar pairs; `None` when deduplication was not run.
    pub duplicates: Option<DuplicateReport>,
    /// Shared passages; `None` when passage detection was not run.
    pub passages: Option<PassageReport>,
    /// The most frequent entities per label.
    pub entities: EntityReport,
    /// Spelling normalizations: variants merged into canonical forms, and aliases linked.
    pub normalizations: NormalizationReport,
    /// Non-fatal problems per source (stage or reader), most first.
    pub warnings: Vec<WarningRow>,
}

/// Corpus-wide counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Records that became documents.
    pub documents: u64,
    /// Records that failed (reading or processing).
    pub errors: u64,
    /// Bytes of the documents' original text.
    pub bytes_in: u64,
    /// Bytes of the documents' text after the pipeline (cleaning, normalization).
    pub bytes_out: u64,
    /// Original bytes of the blocks cleaning removed.
    pub bytes_removed: u64,
    /// Blocks cleaning removed.
    pub blocks_removed: u64,
    /// Blocks cleaning only flagged (`keep boilerplate`).
    pub blocks_flagged: u64,
    /// Documents with at least one block removed or flagged.
    pub documents_with_removals: u64,
    /// Documents whose text is empty after the pipeline.
    pub empty_documents: u64,
    /// Documents without a language decision (language detection did not run on them).
    pub documents_without_language: u64,
    /// Documents whose language spans are in two or more reliably detected languages.
    pub mixed_language_documents: u64,
    /// Entity mentions.
    pub entities: u64,
    /// Spelling normalizations (made or proposed).
    pub normalizations: u64,
    /// Warnings.
    pub warnings: u64,
    /// Documents with at least one warning.
    pub documents_with_warnings: u64,
}

/// A record that failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRow {
    /// Where the record is (file, line, id).
    pub record: String,
    /// What went wrong.
    pub message: String,
}

/// Documents of one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LanguageRow {
    /// ISO 639-3 code; `und` for documents without a reliable decision.
    pub code: String,
    /// English name.
    pub name: String,
    /// Documents.
    pub documents: u64,
    /// Bytes of their text after the pipeline.
    pub bytes: u64,
    /// Mean confidence of the decisions.
    pub mean_confidence: f64,
}

/// Documents of one dominant script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptRow {
    /// ISO 15924 code, e.g. `Cyrl`.
    pub code: String,
    /// English name.
    pub name: String,
    /// Documents.
    pub documents: u64,
    /// Bytes of their text after the pipeline.
    pub bytes: u64,
}

/// What one cleaning rule matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleRow {
    /// The rule's name, e.g. `read-more` or `repeated-block`.
    pub rule: String,
    /// Blocks it matched.
    pub blocks: u64,
    /// Original bytes of those blocks.
    pub bytes: u64,
    /// Documents it matched in.
    pub documents: u64,
    /// Of the blocks, those only flagged, not removed.
    pub flagged: u64,
    /// The first distinct blocks it matched, cut to [`ReportConfig::max_text_chars`].
    pub examples: Vec<String>,
}

/// Deduplication's outcome as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateReport {
    /// The similarity threshold, when the caller gave it.
    pub threshold: Option<f64>,
    /// Documents deduplicated.
    pub documents: u64,
    /// Documents whose normalized text equals an earlier one's.
    pub exact_duplicates: u64,
    /// Clusters of two or more documents.
    pub clusters: u64,
    /// Of those, clusters whose members are all exact copies.
    pub exact_clusters: u64,
    /// Documents in clusters.
    pub clustered_documents: u64,
    /// Documents the policy drops.
    pub dropped: u64,
    /// The largest clusters, largest first.
    pub largest: Vec<DuplicateClusterSummary>,
    /// The most similar pairs of documents, most similar first, in or out of clusters; pairs
    /// that share nothing are left out.
    pub similar_pairs: Vec<SimilarPairSummary>,
    /// Deduplication's own remarks, and the report's about how it was joined.
    pub notes: Vec<String>,
}

/// Whether a cluster's members are exact copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClusterKind {
    /// Every member's normalized text equals another member's.
    Exact,
    /// Some member is only similar.
    Near,
}

/// One duplicate cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateClusterSummary {
    /// The cluster's number in the deduplication result.
    pub cluster: usize,
    /// Exact or near.
    pub kind: ClusterKind,
    /// Members.
    pub size: usize,
    /// The representative's document index.
    pub representative: usize,
    /// The first members in document order (the representative always among them).
    pub members: Vec<DuplicateMember>,
    /// Members beyond [`ReportConfig::max_cluster_members`].
    pub members_not_shown: usize,
}

/// A member of a duplicate cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateMember {
    /// Document index.
    pub index: usize,
    /// Document id (`#index` when the report did not see the document).
    pub id: String,
    /// Estimated Jaccard similarity to the representative.
    pub similarity: f64,
    /// Exact copy of an earlier document.
    pub exact: bool,
    /// The cluster's representative.
    pub representative: bool,
    /// Kept by the policy.
    pub kept: bool,
    /// Bytes of its text after the pipeline, when the report saw it.
    pub bytes: Option<u64>,
    /// Its language code, when detected.
    pub lang: Option<String>,
}

/// Two documents and how similar they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarPairSummary {
    /// Lower document index.
    pub a: usize,
    /// Its id.
    pub a_id: String,
    /// Higher document index.
    pub b: usize,
    /// Its id.
    pub b_id: String,
    /// Estimated Jaccard similarity of their shingles.
    pub similarity: f64,
    /// Equal normalized texts.
    pub exact: bool,
    /// Both in the same duplicate cluster.
    pub same_cluster: bool,
    /// At or above the threshold, when it is known.
    pub above_threshold: Option<bool>,
}

/// Shared passages as the report shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassageReport {
    /// Passages found.
    pub passages: u64,
    /// Of those, verbatim ones.
    pub verbatim: u64,
    /// Occurrences of all passages.
    pub occurrences: u64,
    /// The first passages (most documents, then longest, as the finder sorts them).
    pub shown: Vec<PassageSummary>,
}

/// One shared passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassageSummary {
    /// The passage's id from the finder.
    pub id: usize,
    /// The text of one occurrence, cut to [`ReportConfig::max_text_chars`].
    pub text: String,
    /// Whether `text` was cut.
    pub truncated: bool,
    /// Distinct documents it occurs in.
    pub documents: usize,
    /// Words of the longest occurrence.
    pub words: usize,
    /// Lowest word-level similarity between two occurrences (1 when verbatim).
    pub similarity: f64,
    /// Every occurrence has the same normalized words.
    pub verbatim: bool,
    /// The first occurrences.
    pub occurrences: Vec<OccurrenceSummary>,
    /// Occurrences beyond [`ReportConfig::max_occurrences`].
    pub occurrences_not_shown: usize,
}

/// Where a passage occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccurrenceSummary {
    /// Document index.
    pub doc_index: usize,
    /// Document id.
    pub doc_id: String,
    /// Byte span in the document's original text.
    pub span: Span,
    /// Words.
    pub words: usize,
}

/// Entities by label.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityReport {
    /// Entity mentions of every label.
    pub mentions: u64,
    /// Per label, most mentions first.
    pub labels: Vec<LabelRow>,
}

/// The entities of one label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelRow {
    /// The label, e.g. `PER`.
    pub label: String,
    /// Mentions.
    pub mentions: u64,
    /// Whether the counts below are exact (fewer distinct entities than counters).
    pub exact: bool,
    /// The most frequent entity texts.
    pub top: Vec<CountRow>,
}

/// A counted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountRow {
    /// The text.
    pub text: String,
    /// Occurrences (an upper bound when the table is not exact).
    pub count: u64,
    /// How much `count` may exceed the true count (0 when exact).
    pub max_overcount: u64,
}

/// Spelling normalizations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NormalizationReport {
    /// Normalizations made or proposed.
    pub total: u64,
    /// Of those, made (text rewritten).
    pub applied: u64,
    /// Per rule, most first.
    pub by_rule: Vec<NormalizationRuleRow>,
    /// The most frequent variant → canonical rewrites (every rule but aliases).
    pub variants: Vec<VariantRow>,
    /// Whether the variant counts are exact.
    pub variants_exact: bool,
    /// The most frequent aliases linked to their entity (never rewritten).
    pub aliases: Vec<VariantRow>,
    /// Whether the alias counts are exact.
    pub aliases_exact: bool,
}

/// Normalizations of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormalizationRuleRow {
    /// The rule.
    pub rule: NormalizationRule,
    /// Normalizations.
    pub count: u64,
    /// Of those, made.
    pub applied: u64,
}

/// A form and what it became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantRow {
    /// The form in the text.
    pub text: String,
    /// The canonical form.
    pub canonical: String,
    /// The rule.
    pub rule: NormalizationRule,
    /// Occurrences (an upper bound when the table is not exact).
    pub count: u64,
    /// How much `count` may exceed the true count.
    pub max_overcount: u64,
    /// The entity's type, for gazetteer, alias and fuzzy rules.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub entity_type: Option<String>,
    /// The transliteration scheme.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scheme: Option<String>,
}

/// Warnings of one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningRow {
    /// The stage or reader that raised them.
    pub source: String,
    /// Warnings.
    pub count: u64,
    /// The first one's message.
    pub example: String,
}
