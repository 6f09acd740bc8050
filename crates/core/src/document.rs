//! One record of a corpus as it moves through the stages.

use crate::alignment::{Alignment, Rewrite};
use crate::annotation::Annotations;
use crate::span::Span;
use serde_json::{Map, Value};

/// A document: its id, the original text, the current (rewritten) text, the alignment between
/// the two, metadata and the stages' annotations.
///
/// The original text is never changed. Stages rewrite the current text with
/// [`Document::apply`], which keeps the alignment, so [`Document::original_span`] maps any
/// range of the current text back to original bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The record's id (a relative path, a JSONL id field, or a line number).
    pub id: String,
    original: String,
    text: String,
    alignment: Alignment,
    /// Free-form metadata: fields carried over from the input and facts stages extract
    /// (e.g. a dateline's date and source).
    pub metadata: Map<String, Value>,
    /// What the stages found.
    pub annotations: Annotations,
}

impl Document {
    /// A document whose current text is its original text.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        let original: String = text.into();
        Document {
            id: id.into(),
            alignment: Alignment::identity(original.len()),
            text: original.clone(),
            original,
            metadata: Map::new(),
            annotations: Annotations::default(),
        }
    }

    /// The text as it was read.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// The text as the stages so far have left it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Current text → original text.
    pub fn alignment(&self) -> &Alignment {
        &self.alignment
    }

    /// Rewrites the current text with `f` and keeps the alignment; returns whether the text
    /// changed. `f` gets the current text and returns a [`Rewrite`] of it, usually built with a
    /// [`crate::TextRewriter`].
    pub fn apply<F>(&mut self, f: F) -> bool
    where
        F: for<'t> FnOnce(&'t str) -> Rewrite<'t>,
    {
        let rewrite = f(&self.text);
        let Some(step) = rewrite.alignment else {
            return false;
        };
        let text = rewrite.text.into_owned();
        self.alignment = self.alignment.compose(&step);
        self.text = text;
        true
    }

    /// The original span that a byte range of the current text came from.
    pub fn original_span(&self, start: usize, end: usize) -> Span {
        self.alignment.to_original(start, end)
    }

    /// The text of the original under `span` (empty if the span is out of bounds).
    pub fn original_slice(&self, span: Span) -> &str {
        span.slice(&self.original).unwrap_or("")
    }

    /// The entities found so far with their ranges in the CURRENT text and their labels, for
    /// stages that look at entities while working on the text; entities whose text was deleted
    /// since are left out.
    pub fn current_entities(&self) -> Vec<(std::ops::Range<usize>, &str)> {
        self.annotations
            .entities
            .iter()
            .filter_map(|e| {
                let (start, end) = self.alignment.to_current(e.span)?;
                Some((start..end, e.label.as_str()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TextRewriter;

    #[test]
    fn apply_composes_and_reports_change() {
        let mut doc = Document::new("d", "close\nKiev  news");
        assert!(!doc.apply(|t| TextRewriter::new(t).finish()));
        assert!(doc.apply(|t| {
            let mut rw = TextRewriter::new(t);
            rw.delete_to(6);
            rw.finish()
        }));
        assert!(doc.apply(|t| {
            let mut rw = TextRewriter::new(t);
            rw.copy_to(4);
            rw.replace(6, " ");
            rw.finish()
        }));
        assert_eq!(doc.text(), "Kiev news");
        assert_eq!(doc.original_slice(doc.original_span(5, 9)), "news");
        assert_eq!(doc.original_slice(doc.original_span(0, 4)), "Kiev");
        assert_eq!(doc.original(), "close\nKiev  news");
    }
}
