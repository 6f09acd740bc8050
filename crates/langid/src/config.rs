//! Configuration of language identification, writable as part of a pipeline file.

use polyprep_core::Lang;
use serde::{Deserialize, Serialize};

/// Which stretches of a document get their own language decision besides the whole document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanLevel {
    /// The document only: no spans, and no language runs.
    None,
    /// Paragraphs: text between blank lines, or each line when the text has no blank line.
    #[default]
    Paragraph,
    /// Sentences (Unicode sentence boundaries), never crossing a paragraph.
    Sentence,
    /// Paragraphs and sentences.
    Both,
}

impl SpanLevel {
    /// Whether paragraph spans are reported.
    pub fn paragraphs(self) -> bool {
        matches!(self, SpanLevel::Paragraph | SpanLevel::Both)
    }

    /// Whether sentence spans are reported.
    pub fn sentences(self) -> bool {
        matches!(self, SpanLevel::Sentence | SpanLevel::Both)
    }
}

/// The reliability threshold used unless configured: a decision whose confidence is below it
/// is reported as `und`.
///
/// Measured on the lingua test set (the lines of the 57 languages whatlang detects, pooled;
/// `cargo run --release -p polyprep-langid --example lingua_report`): at 0.3 the decisions
/// kept as reliable are right 98.8 % of the time for single words, 98.2 % for word pairs and
/// 98.7 % for sentences, and 92 % of sentences (but only a third of single words) are kept.
/// At 0.5 precision rises to about 99.5 % but 87 % of sentences are kept; at 0.2 it falls to
/// about 96 %. The report prints the table for other thresholds.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.3;

/// Spans with fewer letters than this inherit their language (see
/// [`LangIdConfig::min_span_chars`]). Twenty letters is about a word pair of the lingua test
/// set, where whatlang's top guess is right only 72 % of the time against 95 % for sentences:
/// a neighbour's decision is the better bet below that.
pub const DEFAULT_MIN_SPAN_CHARS: usize = 20;

/// A span is given a language other than its document's only with at least this confidence
/// (when both are written in the same script); below it the span keeps the document's
/// language. Whatlang's confidence on one sentence is low exactly when close languages compete
/// (an English quote scored 0.37 Afrikaans in a seed article), and at 0.5 the lingua report
/// measures about 99.5 % precision for the decisions kept: a switch inside a document should
/// be at least that sure.
pub const DEFAULT_MIN_SWITCH_CONFIDENCE: f64 = 0.5;

/// How [`crate::LanguageDetector`] decides and which spans it reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LangIdConfig {
    /// Only these languages may be returned (`None`: every language whatlang detects, and
    /// those the function-word layer adds when [`LangIdConfig::function_words`] is on). Every
    /// entry must be detectable by one of the two, or building the detector fails. Confidence
    /// is then relative to the allowed languages: text in a language that is not allowed comes
    /// out as the closest allowed one of its script, possibly with full confidence.
    pub allow: Option<Vec<Lang>>,
    /// These languages are never returned (applied after `allow`; languages that cannot be
    /// detected anyway are ignored).
    pub deny: Vec<Lang>,
    /// Decisions with a confidence below this are unreliable: their `lang` is `und` (the best
    /// candidate stays in `best_guess`). In `[0, 1]`; see [`DEFAULT_MIN_CONFIDENCE`].
    pub min_confidence: f64,
    /// Which spans get their own decision.
    pub span_level: SpanLevel,
    /// When the document's sentences hold more than one language, also report maximal runs of
    /// consecutive sentences in one language (decided per sentence whatever `span_level`
    /// reports, unless it is `None`).
    pub language_runs: bool,
    /// Spans with fewer letters than this get no decision of their own: they take the language
    /// of the nearest preceding span of the same kind that has one, else of the next, else of
    /// the document. Counted in letters so that dates and numbers do not count.
    pub min_span_chars: usize,
    /// A span written in the document's script gets a language other than the document's only
    /// with at least this confidence; see [`DEFAULT_MIN_SWITCH_CONFIDENCE`].
    pub min_switch_confidence: f64,
    /// Whether function words (the lists of the `stop-words` crate) are a second source of
    /// evidence beside whatlang: they settle close languages whatlang hesitates between and
    /// detect languages whatlang cannot (Albanian, Basque, Irish, Kazakh, Malay, Somali,
    /// Southern Sotho, Swahili, Yoruba). Off, decisions are whatlang's alone (after the
    /// letter rules).
    pub function_words: bool,
}

impl Default for LangIdConfig {
    fn default() -> Self {
        LangIdConfig {
            allow: None,
            deny: Vec::new(),
            min_confidence: DEFAULT_MIN_CONFIDENCE,
            span_level: SpanLevel::default(),
            language_runs: true,
            min_switch_confidence: DEFAULT_MIN_SWITCH_CONFIDENCE,
            min_span_chars: DEFAULT_MIN_SPAN_CHARS,
            function_words: true,
        }
    }
}
