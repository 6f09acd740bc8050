//! The normalization stage: gazetteer canonicalization, typo fixes and transliteration in one
//! pass over a document, every change reported with its span in the original.

use crate::canonicalize::{Canonicalizer, Change};
use crate::error::TranslitError;
use crate::gazetteer::{Gazetteer, Profile};
use crate::transliterate::{TransliterationConfig, Transliterator};
use crate::words::split_words;
use polyprep_core::{
    Document, Error, Lang, Normalization, NormalizationRule, Result, Span, Stage, TextRewriter,
};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::PathBuf;

/// Whether normalization changes the text or only reports what it would change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Rewrite the text (the alignment keeps every change mapped to the original).
    #[default]
    Rewrite,
    /// Leave the text as it is; report every change as not applied.
    Annotate,
}

/// Which gazetteers to load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GazetteerConfig {
    /// Whether the bundled default gazetteer is loaded (first, so files override it).
    pub builtin: bool,
    /// Gazetteer files (TSV, or JSON by the `.json` extension), loaded in order.
    pub files: Vec<PathBuf>,
}

impl Default for GazetteerConfig {
    fn default() -> Self {
        GazetteerConfig {
            builtin: true,
            files: Vec::new(),
        }
    }
}

/// How normalization runs. Written as a file, e.g.
/// `{"profile": "official", "transliteration": {"schemes": {"rus": "wikipedia"}}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizeConfig {
    /// Rewrite the text or only annotate.
    pub mode: Mode,
    /// Which canonical forms to write.
    pub profile: Profile,
    /// Which gazetteers to use.
    pub gazetteer: GazetteerConfig,
    /// Whether capitalized near-misses of gazetteer names are corrected where the context
    /// supports it.
    pub fuzzy: bool,
    /// The languages (ISO 639-3) in which near-misses are corrected; empty means any. The
    /// canonical forms are English, and in another language a near-miss is often that
    /// language's own name for the place (Spanish `Rusia`). Text of undetermined language counts
    /// as in scope.
    pub fuzzy_languages: Vec<Lang>,
    /// Romanization of non-Latin scripts.
    pub transliteration: TransliterationConfig,
}

impl Default for NormalizeConfig {
    fn default() -> Self {
        NormalizeConfig {
            mode: Mode::Rewrite,
            profile: Profile::Default,
            gazetteer: GazetteerConfig::default(),
            fuzzy: true,
            fuzzy_languages: vec![Lang::Eng],
            transliteration: TransliterationConfig::default(),
        }
    }
}

/// Builds a [`Normalizer`].
#[derive(Debug, Clone, Default)]
pub struct NormalizerBuilder {
    config: NormalizeConfig,
    gazetteers: Vec<Gazetteer>,
}

impl NormalizerBuilder {
    /// A builder with the default configuration.
    pub fn new() -> Self {
        NormalizerBuilder::default()
    }

    /// Replaces the configuration.
    pub fn with_config(mut self, config: NormalizeConfig) -> Self {
        self.config = config;
        self
    }

    /// Rewrite or annotate only.
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.config.mode = mode;
        self
    }

    /// The canonical-form profile.
    pub fn with_profile(mut self, profile: Profile) -> Self {
        self.config.profile = profile;
        self
    }

    /// Whether the bundled gazetteer is used.
    pub fn with_builtin_gazetteer(mut self, builtin: bool) -> Self {
        self.config.gazetteer.builtin = builtin;
        self
    }

    /// Adds a gazetteer file, loaded after the ones before it.
    pub fn with_gazetteer_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config.gazetteer.files.push(path.into());
        self
    }

    /// Adds a gazetteer built in code; it takes priority over every file.
    pub fn with_gazetteer(mut self, gazetteer: Gazetteer) -> Self {
        self.gazetteers.push(gazetteer);
        self
    }

    /// Whether near-miss spellings are corrected.
    pub fn with_fuzzy(mut self, fuzzy: bool) -> Self {
        self.config.fuzzy = fuzzy;
        self
    }

    /// Whether non-Latin scripts are romanized.
    pub fn with_transliteration(mut self, enabled: bool) -> Self {
        self.config.transliteration.enabled = enabled;
        self
    }

    /// Chooses the scheme for a language, e.g. `("rus", "wikipedia")`.
    pub fn with_scheme(mut self, lang: &str, scheme: &str) -> Self {
        self.config
            .transliteration
            .schemes
            .insert(lang.to_string(), scheme.to_string());
        self
    }

    /// Loads the gazetteers and schemes; fails naming the file and line of a bad gazetteer or
    /// the scheme that does not exist.
    pub fn build(self) -> Result<Normalizer, TranslitError> {
        let mut gazetteer = if self.config.gazetteer.builtin {
            Gazetteer::builtin()?
        } else {
            Gazetteer::new()
        };
        for path in &self.config.gazetteer.files {
            gazetteer.extend(Gazetteer::from_file(path)?);
        }
        for extra in self.gazetteers {
            gazetteer.extend(extra);
        }
        let transliterator = Transliterator::new(&self.config.transliteration)?;
        Ok(Normalizer {
            canonicalizer: Canonicalizer::new(&gazetteer, self.config.profile)?,
            transliterator: self
                .config
                .transliteration
                .enabled
                .then_some(transliterator),
            mode: self.config.mode,
            fuzzy: self.config.fuzzy,
            fuzzy_languages: self.config.fuzzy_languages,
        })
    }
}

/// Normalizes spellings: gazetteer variants to their canonical form, near-miss typos of
/// gazetteer names, and non-Latin words romanized by the official system of their language.
///
/// ```
/// use polyprep_core::{Document, Stage};
/// use polyprep_translit::NormalizerBuilder;
///
/// let normalizer = NormalizerBuilder::new().build()?;
/// let mut doc = Document::new("d", "Vladimir Zelensky and Vladimir Putin spoke of Kiev’s defence.");
/// normalizer.process(&mut doc)?;
/// assert_eq!(doc.text(), "Volodymyr Zelensky and Vladimir Putin spoke of Kyiv’s defence.");
/// let change = &doc.annotations.normalizations[1];
/// assert_eq!(doc.original_slice(change.span), "Kiev");
/// assert_eq!(change.canonical, "Kyiv");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Normalizer {
    canonicalizer: Canonicalizer,
    transliterator: Option<Transliterator>,
    mode: Mode,
    fuzzy: bool,
    fuzzy_languages: Vec<Lang>,
}

impl Normalizer {
    /// Plans the changes to `text`: gazetteer matches, then typo fixes outside them, then
    /// romanization of the non-Latin words left, in text order and never overlapping.
    /// `lang_at` gives the language at a byte offset; `entity_at` the NER label of an entity
    /// covering a range.
    fn plan(
        &self,
        text: &str,
        lang_at: &dyn Fn(usize) -> Option<Lang>,
        entity_at: &dyn Fn(Range<usize>) -> Option<String>,
    ) -> Vec<Change> {
        let transliterating = self.transliterator.is_some();
        let (mut changes, mut claimed) = self.canonicalizer.exact(text, transliterating);
        if self.fuzzy {
            let in_scope = |pos: usize| {
                self.fuzzy_languages.is_empty()
                    || lang_at(pos).is_none_or(|lang| self.fuzzy_languages.contains(&lang))
            };
            let fuzzy = self
                .canonicalizer
                .fuzzy(text, &claimed, entity_at, &in_scope);
            claimed.extend(fuzzy.iter().map(|c| c.range.clone()));
            claimed.sort_by_key(|r| r.start);
            changes.extend(fuzzy);
        }
        if let Some(transliterator) = &self.transliterator {
            if !crate::script::is_latin_text(text) {
                changes.extend(transliterate_words(transliterator, text, &claimed, lang_at));
            }
        }
        changes.sort_by_key(|c| c.range.start);
        changes
    }
}

/// Romanizes the words of `text` outside `claimed`; consecutive words of one system separated
/// only by spaces and punctuation on one line become one change (one report, several
/// alignment pieces would be no clearer).
fn transliterate_words(
    transliterator: &Transliterator,
    text: &str,
    claimed: &[Range<usize>],
    lang_at: &dyn Fn(usize) -> Option<Lang>,
) -> Vec<Change> {
    let mut changes: Vec<Change> = Vec::new();
    let mut claimed = claimed.iter().peekable();
    let mut word_out = String::new();
    // The parts of each word outside claimed ranges: a particle after a Hangul name, the
    // rest of a hyphenated form.
    let mut pieces: Vec<Range<usize>> = Vec::new();
    for (word, _) in split_words(text).filter(|(_, is_word)| *is_word) {
        let mut start = word.start;
        while claimed.next_if(|c| c.end <= start).is_some() {}
        while let Some(c) = claimed.peek().filter(|c| c.start < word.end) {
            if c.start > start {
                pieces.push(start..c.start);
            }
            start = start.max(c.end);
            if c.end > word.end {
                break;
            }
            claimed.next();
        }
        if start < word.end {
            pieces.push(start..word.end);
        }
    }
    for range in pieces {
        word_out.clear();
        let word = &text[range.clone()];
        let Some(scheme) = transliterator.word(word, lang_at(range.start), &mut word_out) else {
            continue;
        };
        if let Some(last) = changes.last_mut() {
            let gap = &text[last.range.end..range.start];
            let joins = last.scheme == Some(scheme)
                && !gap.contains('\n')
                && gap.chars().all(|c| !c.is_alphanumeric());
            if joins {
                last.canonical.push_str(gap);
                last.canonical.push_str(&word_out);
                last.range.end = range.end;
                continue;
            }
        }
        let rule = if scheme == crate::transliterate::FALLBACK_SCHEME {
            NormalizationRule::Fallback
        } else {
            NormalizationRule::Transliteration
        };
        changes.push(Change {
            range,
            canonical: word_out.clone(),
            rule,
            entry: None,
            scheme: Some(scheme),
            confidence: if rule == NormalizationRule::Fallback {
                0.5
            } else {
                1.0
            },
            apply: true,
        });
    }
    changes
}

impl Stage for Normalizer {
    fn name(&self) -> &'static str {
        "normalize"
    }

    fn process(&self, doc: &mut Document) -> Result<()> {
        let languages = LanguageMap::new(doc);
        let alignment = doc.alignment();
        let entities = doc.current_entities();
        let lang_at = |pos: usize| languages.at(alignment.to_original(pos, pos).start);
        let entity_at = |range: Range<usize>| {
            entities
                .iter()
                .find(|(e, _)| e.start <= range.start && range.end <= e.end)
                .map(|(_, label)| label.to_string())
        };
        let changes = self.plan(doc.text(), &lang_at, &entity_at);
        if changes.is_empty() {
            return Ok(());
        }
        let apply = self.mode == Mode::Rewrite;
        let entries = self.canonicalizer.entries();
        let records: Vec<Normalization> = changes
            .iter()
            .map(|change| {
                let entry = change.entry.and_then(|i| entries.get(i));
                Normalization {
                    span: doc.original_span(change.range.start, change.range.end),
                    text: doc.text()[change.range.clone()].to_string(),
                    canonical: change.canonical.clone(),
                    rule: change.rule,
                    entity_id: entry.map(|e| e.id.clone()),
                    entity_type: entry.map(|e| e.entity_type.clone()),
                    wikidata: entry.and_then(|e| e.wikidata.clone()),
                    scheme: change.scheme.map(str::to_string),
                    confidence: change.confidence,
                    applied: apply && change.apply,
                }
            })
            .collect();
        if apply {
            let mut failure = None;
            doc.apply(|text| {
                let mut rewriter = TextRewriter::new(text);
                for change in changes.iter().filter(|c| c.apply) {
                    if change.range.start < rewriter.position() || change.range.end > text.len() {
                        failure = Some(change.range.clone());
                        break;
                    }
                    rewriter.copy_to(change.range.start);
                    rewriter.replace(change.range.end, &change.canonical);
                }
                rewriter.finish()
            });
            if let Some(range) = failure {
                return Err(Error::Stage {
                    stage: "normalize",
                    document: doc.id.clone(),
                    source: format!("overlapping changes at bytes {range:?}; this is a bug").into(),
                });
            }
        }
        doc.annotations.normalizations.extend(records);
        Ok(())
    }
}

/// The languages langid found, for looking up the language at an original offset: the
/// shortest reliable span around it, else the document's language.
struct LanguageMap {
    /// Reliable language spans sorted by start.
    spans: Vec<(Span, Lang)>,
    document: Option<Lang>,
}

impl LanguageMap {
    fn new(doc: &Document) -> Self {
        let mut spans: Vec<(Span, Lang)> = doc
            .annotations
            .language_spans
            .iter()
            .filter(|s| s.guess.reliable && s.guess.lang != Lang::Und)
            .map(|s| (s.span, s.guess.lang))
            .collect();
        spans.sort_by_key(|(span, _)| (span.start, span.end));
        let document = doc
            .annotations
            .language
            .filter(|g| g.reliable && g.lang != Lang::Und)
            .map(|g| g.lang);
        LanguageMap { spans, document }
    }

    fn at(&self, pos: usize) -> Option<Lang> {
        let after = self.spans.partition_point(|(span, _)| span.start <= pos);
        self.spans[..after]
            .iter()
            .rev()
            .take(32)
            .filter(|(span, _)| pos < span.end)
            .min_by_key(|(span, _)| span.end - span.start)
            .map(|(_, lang)| *lang)
            .or(self.document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyprep_core::{Entity, LanguageGuess, Script};

    fn normalizer() -> Normalizer {
        NormalizerBuilder::new().build().unwrap()
    }

    #[test]
    fn rewrites_and_reports_every_change_with_its_original_span() {
        let n = normalizer();
        let text = "Vladimir Zelensky met Vladimir Putin. Kiev’s mayor; President Zelenksy.";
        let mut doc = Document::new("d", text);
        n.process(&mut doc).unwrap();
        assert_eq!(
            doc.text(),
            "Volodymyr Zelensky met Vladimir Putin. Kyiv’s mayor; President Zelensky."
        );
        let found: Vec<(&str, &str, NormalizationRule)> = doc
            .annotations
            .normalizations
            .iter()
            .map(|n| (doc.original_slice(n.span), n.canonical.as_str(), n.rule))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "Vladimir Zelensky",
                    "Volodymyr Zelensky",
                    NormalizationRule::Gazetteer
                ),
                ("Kiev", "Kyiv", NormalizationRule::Gazetteer),
                ("Zelenksy", "Zelensky", NormalizationRule::Fuzzy),
            ]
        );
        assert!(doc.annotations.normalizations.iter().all(|n| n.applied));
        assert_eq!(
            doc.annotations.normalizations[0].entity_id.as_deref(),
            Some("volodymyr-zelensky")
        );
    }

    #[test]
    fn annotate_mode_leaves_the_text_alone() {
        let n = NormalizerBuilder::new()
            .with_mode(Mode::Annotate)
            .build()
            .unwrap();
        let mut doc = Document::new("d", "Kiev and Київ");
        n.process(&mut doc).unwrap();
        assert_eq!(doc.text(), "Kiev and Київ");
        assert_eq!(doc.annotations.normalizations.len(), 2);
        assert!(doc.annotations.normalizations.iter().all(|n| !n.applied));
    }

    #[test]
    fn nothing_to_change_leaves_the_document_untouched() {
        let n = normalizer();
        let mut doc = Document::new("d", "Kyiv Independent reported on Vladimir Putin.");
        n.process(&mut doc).unwrap();
        assert!(doc.alignment().is_identity());
        assert!(doc.annotations.normalizations.is_empty());
    }

    #[test]
    fn transliteration_uses_the_language_langid_found() {
        let n = normalizer();
        let mut doc = Document::new("d", "Миргород");
        doc.annotations.language = Some(LanguageGuess {
            lang: Lang::Ukr,
            best_guess: Lang::Ukr,
            script: Script::Cyrillic,
            confidence: 1.0,
            reliable: true,
        });
        n.process(&mut doc).unwrap();
        assert_eq!(doc.text(), "Myrhorod");
        let change = &doc.annotations.normalizations[0];
        assert_eq!(change.rule, NormalizationRule::Transliteration);
        assert_eq!(change.scheme.as_deref(), Some("uk_kmu_2010"));
    }

    #[test]
    fn gazetteer_forms_win_over_transliteration_and_runs_are_one_change() {
        let n = normalizer();
        // Inflected native forms of gazetteer names become the canonical name (Києві, України).
        let mut doc = Document::new("d", "Вчора у Києві, столиці країни.");
        n.process(&mut doc).unwrap();
        assert_eq!(doc.text(), "Vchora u Kyiv, stolytsi krainy.");
        let rules: Vec<_> = doc
            .annotations
            .normalizations
            .iter()
            .map(|n| n.rule)
            .collect();
        assert_eq!(
            rules,
            [
                NormalizationRule::Transliteration,
                NormalizationRule::Gazetteer,
                NormalizationRule::Transliteration
            ]
        );
    }

    #[test]
    fn particles_and_native_aliases_are_romanized_around_gazetteer_names() {
        let n = normalizer();
        let mut doc = Document::new("d", "평양에서 만났다");
        n.process(&mut doc).unwrap();
        assert_eq!(doc.text(), "Pyongyangeseo mannatda");
    }

    #[test]
    fn ner_entities_support_typo_fixes() {
        let n = normalizer();
        let mut doc = Document::new("d", "Zelenksy said so.");
        n.process(&mut doc).unwrap();
        assert_eq!(doc.text(), "Zelenksy said so.");
        let mut doc = Document::new("d", "Zelenksy said so.");
        doc.annotations.entities.push(Entity {
            span: Span::new(0, 8),
            label: "PER".into(),
            text: "Zelenksy".into(),
            score: 0.9,
        });
        n.process(&mut doc).unwrap();
        assert_eq!(doc.text(), "Zelensky said so.");
    }

    #[test]
    fn near_misses_are_corrected_only_in_the_configured_languages() {
        let english = |lang: Lang| {
            let mut doc = Document::new("d", "President Zelenksy visited Rusia.");
            doc.annotations.language = Some(LanguageGuess {
                lang,
                best_guess: lang,
                script: Script::Latin,
                confidence: 1.0,
                reliable: true,
            });
            doc
        };
        let mut doc = english(Lang::Spa);
        normalizer().process(&mut doc).unwrap();
        assert_eq!(doc.text(), "President Zelenksy visited Rusia.");
        let mut doc = english(Lang::Eng);
        normalizer().process(&mut doc).unwrap();
        assert_eq!(doc.text(), "President Zelensky visited Rusia.");
        let any = NormalizerBuilder::new()
            .with_config(NormalizeConfig {
                fuzzy_languages: vec![],
                ..NormalizeConfig::default()
            })
            .build()
            .unwrap();
        let mut doc = english(Lang::Spa);
        any.process(&mut doc).unwrap();
        assert_eq!(doc.text(), "President Zelensky visited Rusia.");
    }

    #[test]
    fn a_bad_gazetteer_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.tsv");
        std::fs::write(&path, "id\ttype\n").unwrap();
        let err = NormalizerBuilder::new()
            .with_gazetteer_file(&path)
            .build()
            .unwrap_err()
            .to_string();
        assert!(err.contains("mine.tsv:1"), "{err}");
        let missing = NormalizerBuilder::new()
            .with_gazetteer_file(dir.path().join("absent.tsv"))
            .build()
            .unwrap_err()
            .to_string();
        assert!(missing.contains("absent.tsv"), "{missing}");
    }
}
