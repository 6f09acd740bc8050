//! What the stages add to a document. All spans are byte spans into the ORIGINAL text.

use crate::{Lang, Script, Span};
use serde::{Deserialize, Serialize};

/// A language decision for a document or a stretch of it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LanguageGuess {
    /// The language; [`Lang::Und`] when the decision is not reliable.
    pub lang: Lang,
    /// The best candidate even when unreliable, for users who want a guess anyway.
    pub best_guess: Lang,
    /// The dominant script.
    pub script: Script,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
    /// Whether the decision passed the reliability threshold.
    pub reliable: bool,
}

/// How a language span was cut out of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SpanKind {
    /// A paragraph (text between blank lines, or a line in single-newline text).
    Paragraph,
    /// A sentence.
    Sentence,
    /// A maximal run of consecutive sentences in one language.
    LanguageRun,
}

/// The language of one stretch of a document.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LanguageSpan {
    /// Where the stretch lies in the original text.
    pub span: Span,
    /// What kind of stretch it is.
    pub kind: SpanKind,
    /// Its language.
    #[serde(flatten)]
    pub guess: LanguageGuess,
}

/// A block that a cleaning rule found to be boilerplate or a repeat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemovedBlock {
    /// Where the block lies in the original text.
    pub span: Span,
    /// The block's text as it stood when it was removed (after normalization).
    pub text: String,
    /// The name of the rule that matched, e.g. `"read-more"` or `"repeated-block"`.
    pub rule: String,
    /// Why, in words.
    pub reason: String,
    /// False when the block was only annotated (`keep boilerplate`), not removed.
    pub removed: bool,
}

/// A named entity found in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Where the entity lies in the original text; its text is exactly that slice.
    pub span: Span,
    /// The entity type, e.g. `"PER"`, `"ORG"`, `"LOC"`.
    pub label: String,
    /// The entity's text (the original text under `span`).
    pub text: String,
    /// The model's confidence in `[0, 1]`.
    pub score: f32,
}

/// Which kind of rule made a [`Normalization`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NormalizationRule {
    /// A listed spelling variant of a gazetteer entity, replaced by its canonical form.
    Gazetteer,
    /// Another name of a gazetteer entity (e.g. `DPRK` for North Korea): linked, never rewritten.
    Alias,
    /// A near-miss spelling of a gazetteer name (`Zelenksy`), corrected where the context supports it.
    Fuzzy,
    /// Romanization by an official system for the script and language (`scheme` names it).
    Transliteration,
    /// Romanization by the general fallback for scripts without an official system.
    Fallback,
}

/// One spelling change made (or, in annotate-only mode, proposed) by normalization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Normalization {
    /// Where the changed text lies in the original text.
    pub span: Span,
    /// The text as it stood when normalization ran.
    pub text: String,
    /// What it became (or would become).
    pub canonical: String,
    /// Which kind of rule applied.
    pub rule: NormalizationRule,
    /// The gazetteer entity, for gazetteer, alias and fuzzy changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// The entity's type (`PER`, `LOC`, `ORG`), for gazetteer, alias and fuzzy changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_type: Option<String>,
    /// The entity's Wikidata id, when the gazetteer knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// The transliteration scheme, e.g. `"uk_kmu_2010"`, for transliteration and fallback changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// Confidence in `[0, 1]`: 1 for listed forms and official systems, lower for fuzzy matches.
    pub confidence: f32,
    /// False when the change was only reported (annotate-only mode, aliases), not made.
    pub applied: bool,
}

/// A document's place in a cluster of duplicates (exact or near) of a corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Duplicate {
    /// The cluster's number within the corpus.
    pub cluster: usize,
    /// The id of the cluster's representative (the document kept, under a drop policy).
    pub representative: String,
    /// Estimated Jaccard similarity of the shingles to the representative (1 for exact copies).
    pub similarity: f64,
    /// Whether the text equals the representative's after case and punctuation folding.
    pub exact: bool,
    /// Whether the document is kept (always, under the annotate policy).
    pub kept: bool,
}

/// A non-fatal problem with a record, e.g. invalid UTF-8 that was replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Which stage or reader raised it.
    pub source: String,
    /// What happened and what was done about it.
    pub message: String,
}

/// Everything the stages have said about a document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Annotations {
    /// Language of the whole document, once language detection has run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<LanguageGuess>,
    /// Language of paragraphs, sentences and language runs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub language_spans: Vec<LanguageSpan>,
    /// Blocks removed (or flagged) by cleaning.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<RemovedBlock>,
    /// Named entities, in text order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<Entity>,
    /// Spelling normalizations: gazetteer variants, aliases, typo fixes and transliterations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub normalizations: Vec<Normalization>,
    /// The document's duplicate cluster, when a corpus pass found it in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate: Option<Duplicate>,
    /// Non-fatal problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}
