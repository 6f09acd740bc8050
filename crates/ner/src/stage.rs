//! NER as a pipeline stage over [`Document`]s, with offsets into the ORIGINAL text.

use crate::error::Result;
use crate::ner::{Entity, Ner, NerStats};
use polyprep_core::{guard, CharIndex, Document, Stage};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

impl Ner {
    /// Entities of a document's current text, with spans, character spans and texts in the
    /// document's ORIGINAL text (mapped back through the cleaning alignment). The entity's
    /// `text` is exactly the original's slice at `span`.
    pub fn annotate(&self, doc: &Document) -> Result<Vec<Entity>> {
        let mut out = self.annotate_batch(std::slice::from_ref(doc))?;
        Ok(out.pop().unwrap_or_default())
    }

    /// [`Ner::annotate`] for many documents at once (batched together, in input order).
    pub fn annotate_batch(&self, docs: &[Document]) -> Result<Vec<Vec<Entity>>> {
        self.annotate_batch_with_stats(docs, &mut NerStats::default())
    }

    /// [`Ner::annotate_batch`], adding what it did to `stats`.
    pub fn annotate_batch_with_stats(
        &self,
        docs: &[Document],
        stats: &mut NerStats,
    ) -> Result<Vec<Vec<Entity>>> {
        let texts: Vec<&str> = docs.iter().map(Document::text).collect();
        let found = self.predict_batch_with_stats(&texts, stats)?;
        Ok(docs
            .iter()
            .zip(found)
            .map(|(doc, entities)| to_original(doc, entities))
            .collect())
    }
}

fn to_original(doc: &Document, entities: Vec<Entity>) -> Vec<Entity> {
    if doc.alignment().is_identity() {
        return entities;
    }
    let index = CharIndex::new(doc.original());
    entities
        .into_iter()
        .filter_map(|e| {
            let span = doc.original_span(e.span.start, e.span.end);
            let text = span.slice(doc.original())?.to_owned();
            let char_span = index.char_span(span)?;
            Some(Entity {
                text,
                span,
                char_span,
                ..e
            })
        })
        .collect()
}

/// NER as a [`Stage`]: finds the entities of each document and stores them, with ORIGINAL-text
/// offsets, in `doc.annotations.entities` (replacing what was there, so running it twice does
/// not duplicate them).
///
/// For many documents, [`Ner::annotate_batch`] is faster: it batches lines across documents.
#[derive(Debug, Clone)]
pub struct NerStage {
    ner: Arc<Ner>,
}

impl NerStage {
    /// A stage over a shared recognizer.
    pub fn new(ner: Arc<Ner>) -> Self {
        NerStage { ner }
    }

    /// The recognizer.
    pub fn ner(&self) -> &Arc<Ner> {
        &self.ner
    }

    /// The entities of `doc` in its original text; see [`Ner::annotate`].
    pub fn annotate(&self, doc: &Document) -> Result<Vec<Entity>> {
        self.ner.annotate(doc)
    }
}

fn stage_error(
    doc: &Document,
    e: Box<dyn std::error::Error + Send + Sync>,
) -> polyprep_core::Error {
    polyprep_core::Error::Stage {
        stage: "ner",
        document: doc.id.clone(),
        source: e,
    }
}

fn store(doc: &mut Document, entities: Vec<Entity>) -> polyprep_core::Result<()> {
    doc.annotations.entities = entities
        .into_iter()
        .map(|e| polyprep_core::Entity {
            span: e.span,
            label: e.label,
            text: e.text,
            score: e.score,
        })
        .collect();
    Ok(())
}

impl Stage for NerStage {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn process(&self, doc: &mut Document) -> polyprep_core::Result<()> {
        let entities = self
            .ner
            .annotate(doc)
            .map_err(|e| stage_error(doc, Box::new(e)))?;
        store(doc, entities)
    }

    /// Batches the lines of all documents together (much faster than one document at a time).
    /// If the batch fails, each document is retried alone so only the bad ones report errors.
    fn process_batch(&self, docs: &mut [Document]) -> Vec<polyprep_core::Result<()>> {
        match catch_unwind(AssertUnwindSafe(|| self.ner.annotate_batch(docs))) {
            Ok(Ok(all)) => docs
                .iter_mut()
                .zip(all)
                .map(|(doc, entities)| store(doc, entities))
                .collect(),
            _ => docs
                .iter_mut()
                .map(|doc| guard("ner", doc, |doc| self.process(doc)))
                .collect(),
        }
    }
}
