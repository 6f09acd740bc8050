//! The cleaning stage: normalization, then boilerplate removal, then repeated-block removal.
//!
//! Normalization comes first so that rules and fingerprints see one form of the text (one
//! kind of line break, no stray zero-width characters, single blank lines); repeats come last
//! so that a repeated article is compared without the credit lines that separate its copies.

use crate::boilerplate::{BoilerplateConfig, BoilerplateRemover, BoilerplateRemoverBuilder};
use crate::error::CleanError;
use crate::normalize::{NormalizeConfig, Normalizer, NormalizerBuilder};
use crate::repeats::{RepeatConfig, RepeatRemover};
use polyprep_core::{Document, Stage};
use serde::{Deserialize, Serialize};

/// Configuration of the whole cleaning stage; every part has its own defaults, so a partial
/// JSON object such as `{"boilerplate": {"keep": true}}` is a valid configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CleanConfig {
    /// Unicode, whitespace and mojibake normalization.
    pub normalize: NormalizeConfig,
    /// Boilerplate removal.
    pub boilerplate: BoilerplateConfig,
    /// Repeated-block removal.
    pub repeats: RepeatConfig,
}

impl CleanConfig {
    /// Flags boilerplate and repeated blocks without removing them (`keep`), or removes them.
    pub fn set_keep_boilerplate(&mut self, keep: bool) {
        self.boilerplate.keep = keep;
        self.repeats.keep = keep;
    }
}

/// Builds a [`Cleaner`].
#[derive(Debug, Clone, Default)]
pub struct CleanerBuilder {
    config: CleanConfig,
}

impl CleanerBuilder {
    /// A builder with the default configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the whole configuration.
    pub fn with_config(mut self, config: CleanConfig) -> Self {
        self.config = config;
        self
    }

    /// Only annotate boilerplate and repeats (`removed: false`) instead of removing them.
    pub fn with_keep_boilerplate(mut self, keep: bool) -> Self {
        self.config.set_keep_boilerplate(keep);
        self
    }

    /// Builds the cleaner; fails when a rule file cannot be read or is invalid.
    pub fn build(self) -> Result<Cleaner, CleanError> {
        let normalizer = NormalizerBuilder::new()
            .with_config(self.config.normalize.clone())
            .build()?;
        let boilerplate = BoilerplateRemoverBuilder::new()
            .with_config(self.config.boilerplate.clone())
            .build()?;
        let repeats = RepeatRemover::new(self.config.repeats.clone());
        Ok(Cleaner {
            normalizer,
            boilerplate,
            repeats,
            config: self.config,
        })
    }
}

/// The cleaning stage (`"clean"`): normalization, then boilerplate removal, then
/// repeated-block removal, each annotating what it removed.
#[derive(Debug, Clone)]
pub struct Cleaner {
    normalizer: Normalizer,
    boilerplate: BoilerplateRemover,
    repeats: RepeatRemover,
    config: CleanConfig,
}

impl Cleaner {
    /// The configuration the cleaner was built with.
    pub fn config(&self) -> &CleanConfig {
        &self.config
    }

    /// The normalization step.
    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    /// The boilerplate step.
    pub fn boilerplate(&self) -> &BoilerplateRemover {
        &self.boilerplate
    }

    /// The repeated-block step.
    pub fn repeats(&self) -> &RepeatRemover {
        &self.repeats
    }
}

impl Stage for Cleaner {
    fn name(&self) -> &'static str {
        "clean"
    }

    fn process(&self, doc: &mut Document) -> polyprep_core::Result<()> {
        self.normalizer.process(doc)?;
        self.boilerplate.process(doc)?;
        self.repeats.process(doc)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn cleaner() -> &'static Cleaner {
        static CLEANER: OnceLock<Cleaner> = OnceLock::new();
        CLEANER.get_or_init(|| CleanerBuilder::new().build().unwrap())
    }

    #[test]
    fn partial_config_files_and_typos() {
        let config: CleanConfig = serde_json::from_str(
            r#"{"boilerplate": {"keep": true}, "repeats": {"min_chars": 10}}"#,
        )
        .unwrap();
        assert!(config.boilerplate.keep && config.boilerplate.use_default_rules);
        assert_eq!(config.repeats.min_chars, 10);
        assert!(serde_json::from_str::<CleanConfig>(r#"{"boilerplate": {"kep": true}}"#).is_err());
        let round: CleanConfig =
            serde_json::from_str(&serde_json::to_string(&CleanConfig::default()).unwrap()).unwrap();
        assert_eq!(round, CleanConfig::default());
    }

    #[test]
    fn builder_sets_keep_on_both_steps_and_reports_bad_rule_files() {
        let c = CleanerBuilder::new()
            .with_keep_boilerplate(true)
            .build()
            .unwrap();
        assert!(c.config().boilerplate.keep && c.config().repeats.keep);
        assert_eq!(c.name(), "clean");
        let mut config = CleanConfig::default();
        config
            .boilerplate
            .rule_files
            .push("/nonexistent/rules.json".into());
        let err = CleanerBuilder::new()
            .with_config(config)
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("/nonexistent/rules.json"));
    }

    #[test]
    fn normalization_runs_before_the_rules() {
        // CRLF, a zero-width space and trailing blanks would hide "close" from the rule.
        let mut doc = Document::new("d", "clo\u{200B}se  \r\n\r\nKirby said the troops were in Russia, the White House said.\r\n");
        cleaner().process(&mut doc).unwrap();
        assert_eq!(
            doc.text(),
            "Kirby said the troops were in Russia, the White House said."
        );
        assert_eq!(doc.annotations.removed[0].rule, "page-chrome");
        assert_eq!(
            doc.original_slice(doc.annotations.removed[0].span),
            "clo\u{200B}se"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]

        /// No input panics the whole cleaning stage, and every reported span lies on character
        /// boundaries of the original.
        #[test]
        fn any_text_cleans(text in "(?s)(\\PC{0,8}|\r\n|\n\n|close|Read more|Mandatory credit: X|\u{200B}|â€™|Kyiv said the troops were there\\.){0,30}") {
            let mut doc = Document::new("p", text.as_str());
            cleaner().process(&mut doc).unwrap();
            for r in &doc.annotations.removed {
                prop_assert!(r.span.slice(doc.original()).is_some());
            }
        }
    }
}
