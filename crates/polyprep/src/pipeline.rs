//! The pipeline: stages composed in order, configured from code or a file.

use crate::corpus::Record;
use crate::stream::{process_stream, StreamError, StreamOptions, StreamStats};
use polyprep_clean::{CleanConfig, CleanerBuilder};
use polyprep_core::{Document, Error, Result, Stage};
use polyprep_langid::{LangIdConfig, LanguageDetectorBuilder};
use polyprep_translit::{NormalizeConfig, NormalizerBuilder};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Which stages run and how; `null` (or `None`) for a stage leaves it out.
///
/// Written as a file, a pipeline configuration is JSON in this shape (every field optional):
/// `{"clean": {"boilerplate": {"keep": true}}, "langid": {"allow": ["eng", "ukr"]},
/// "normalize": {"profile": "official"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineConfig {
    /// Normalization, boilerplate and repeated-block removal.
    pub clean: Option<CleanConfig>,
    /// Language detection.
    pub langid: Option<LangIdConfig>,
    /// Named-entity recognition.
    #[cfg(feature = "ner")]
    pub ner: Option<polyprep_ner::NerConfig>,
    /// Spelling normalization: gazetteer variants, typo fixes, transliteration. It runs after
    /// NER, so NER sees the text in its own script and supports typo fixes with its entities.
    pub normalize: Option<NormalizeConfig>,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig {
            clean: Some(CleanConfig::default()),
            langid: Some(LangIdConfig::default()),
            #[cfg(feature = "ner")]
            ner: Some(polyprep_ner::NerConfig::default()),
            normalize: Some(NormalizeConfig::default()),
        }
    }
}

impl PipelineConfig {
    /// Reads a configuration from a JSON file.
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| Error::Config(format!("{}: {e}", path.display())))
    }
}

/// Builds a [`Pipeline`].
#[derive(Default)]
pub struct PipelineBuilder {
    config: PipelineConfig,
    extra: Vec<Box<dyn Stage>>,
}

impl PipelineBuilder {
    /// A builder with the default configuration (every stage, default settings).
    pub fn new() -> Self {
        PipelineBuilder::default()
    }

    /// Replaces the configuration.
    pub fn with_config(mut self, config: PipelineConfig) -> Self {
        self.config = config;
        self
    }

    /// Sets or removes the cleaning stage.
    pub fn with_clean(mut self, clean: Option<CleanConfig>) -> Self {
        self.config.clean = clean;
        self
    }

    /// Sets or removes the language detection stage.
    pub fn with_langid(mut self, langid: Option<LangIdConfig>) -> Self {
        self.config.langid = langid;
        self
    }

    /// Sets or removes the named-entity recognition stage.
    #[cfg(feature = "ner")]
    pub fn with_ner(mut self, ner: Option<polyprep_ner::NerConfig>) -> Self {
        self.config.ner = ner;
        self
    }

    /// Sets or removes the spelling normalization stage.
    pub fn with_normalize(mut self, normalize: Option<NormalizeConfig>) -> Self {
        self.config.normalize = normalize;
        self
    }

    /// Appends a stage of your own after the configured ones.
    pub fn with_stage(mut self, stage: Box<dyn Stage>) -> Self {
        self.extra.push(stage);
        self
    }

    /// Builds the stages; fails on an invalid configuration (e.g. an unreadable rule file), or
    /// when NER is on and its model or the ONNX Runtime library cannot be loaded.
    pub fn build(self) -> Result<Pipeline> {
        let mut stages: Vec<Box<dyn Stage>> = Vec::new();
        if let Some(clean) = self.config.clean {
            let cleaner = CleanerBuilder::new()
                .with_config(clean)
                .build()
                .map_err(|e| Error::Config(e.to_string()))?;
            stages.push(Box::new(cleaner));
        }
        if let Some(langid) = self.config.langid {
            let detector = LanguageDetectorBuilder::new()
                .with_config(langid)
                .build()
                .map_err(|e| Error::Config(e.to_string()))?;
            stages.push(Box::new(detector));
        }
        #[cfg(feature = "ner")]
        if let Some(ner) = self.config.ner {
            let ner = polyprep_ner::NerBuilder::from_config(ner)
                .build()
                .map_err(|e| Error::Config(e.to_string()))?;
            stages.push(Box::new(polyprep_ner::NerStage::new(std::sync::Arc::new(
                ner,
            ))));
        }
        if let Some(normalize) = self.config.normalize {
            let normalizer = NormalizerBuilder::new()
                .with_config(normalize)
                .build()
                .map_err(|e| Error::Config(e.to_string()))?;
            stages.push(Box::new(normalizer));
        }
        stages.extend(self.extra);
        Ok(Pipeline { stages })
    }
}

/// Stages run in order over each document. A pipeline is itself a [`Stage`].
///
/// ```
/// use polyprep::{Document, PipelineBuilder, Stage};
///
/// let pipeline = PipelineBuilder::new().build().unwrap();
/// let mut doc = Document::new("d1", "Mandatory credit: The White House\nKyiv is the capital of Ukraine and its largest city.");
/// pipeline.process(&mut doc).unwrap();
/// assert_eq!(doc.text(), "Kyiv is the capital of Ukraine and its largest city.");
/// assert_eq!(doc.annotations.language.unwrap().lang.code(), "eng");
/// ```
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// A pipeline of the given stages.
    pub fn from_stages(stages: Vec<Box<dyn Stage>>) -> Self {
        Pipeline { stages }
    }

    /// The stages' names, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Processes a stream of records in parallel, in order and in bounded memory; see
    /// [`process_stream`].
    pub fn process_stream<I, S, E>(
        &self,
        records: I,
        options: &StreamOptions,
        sink: S,
    ) -> std::result::Result<StreamStats, StreamError<E>>
    where
        I: Iterator<Item = Record> + Send,
        S: FnMut(Record) -> std::result::Result<(), E>,
        E: std::error::Error + 'static,
    {
        process_stream(self, records, options, sink)
    }
}

impl Stage for Pipeline {
    fn name(&self) -> &'static str {
        "pipeline"
    }

    fn process(&self, doc: &mut Document) -> Result<()> {
        self.stages.iter().try_for_each(|stage| stage.process(doc))
    }

    /// Runs each stage over the whole batch in turn, so stages that batch across documents
    /// (NER) can; a document keeps the first error any stage gave it.
    fn process_batch(&self, docs: &mut [Document]) -> Vec<Result<()>> {
        let mut results: Vec<Result<()>> = docs.iter().map(|_| Ok(())).collect();
        for stage in &self.stages {
            for (result, outcome) in results.iter_mut().zip(stage.process_batch(docs)) {
                if result.is_ok() {
                    *result = outcome;
                }
            }
        }
        results
    }
}
