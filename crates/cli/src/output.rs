//! The JSONL output schema: one line per input record.

use polyprep::corpus::RecordError;
use polyprep::{CharIndex, Document, Span};
use serde::Serialize;
use serde_json::{Map, Value};

/// A span with byte and character offsets into the original text.
#[derive(Serialize)]
struct Offsets {
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
}

fn offsets(index: &CharIndex, span: Span) -> Offsets {
    // Spans always lie on character boundaries (the alignment guarantees it); the fallback
    // keeps a bug from turning into a panic.
    let chars = index.char_span(span).unwrap_or_default();
    Offsets {
        start: span.start,
        end: span.end,
        char_start: chars.start,
        char_end: chars.end,
    }
}

/// What goes into each output line besides the always-present fields.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutputOptions {
    /// Include the original text, to which all offsets point.
    pub include_original: bool,
}

/// The output line of a processed document.
pub fn document_json(doc: &Document, options: OutputOptions) -> Value {
    let index = CharIndex::new(doc.original());
    let mut out = Map::new();
    out.insert("id".into(), Value::String(doc.id.clone()));
    out.insert("status".into(), "ok".into());
    out.insert("text".into(), Value::String(doc.text().to_string()));
    if options.include_original {
        out.insert("original".into(), Value::String(doc.original().to_string()));
    }
    out.insert("metadata".into(), Value::Object(doc.metadata.clone()));
    let annotations = &doc.annotations;
    if let Some(language) = &annotations.language {
        out.insert("language".into(), to_value(language));
    }
    if !annotations.language_spans.is_empty() {
        let spans = annotations
            .language_spans
            .iter()
            .map(|s| merge(to_value(offsets(&index, s.span)), to_value(s)))
            .collect();
        out.insert("language_spans".into(), Value::Array(spans));
    }
    let removed = annotations
        .removed
        .iter()
        .map(|r| merge(to_value(offsets(&index, r.span)), to_value(r)))
        .collect();
    out.insert("removed".into(), Value::Array(removed));
    if !annotations.entities.is_empty() {
        let entities = annotations
            .entities
            .iter()
            .map(|e| merge(to_value(offsets(&index, e.span)), to_value(e)))
            .collect();
        out.insert("entities".into(), Value::Array(entities));
    }
    if !annotations.normalizations.is_empty() {
        let changes = annotations
            .normalizations
            .iter()
            .map(|n| merge(to_value(offsets(&index, n.span)), to_value(n)))
            .collect();
        out.insert("normalizations".into(), Value::Array(changes));
    }
    if let Some(duplicate) = &annotations.duplicate {
        out.insert("duplicate".into(), to_value(duplicate));
    }
    out.insert("warnings".into(), to_value(&annotations.warnings));
    Value::Object(out)
}

/// Writes `line` as one line of JSONL.
pub fn write_line(out: &mut dyn std::io::Write, line: &Value) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, line)?;
    out.write_all(b"\n")
}

/// The output line of a record that failed.
pub fn error_json(error: &RecordError) -> Value {
    let mut out = Map::new();
    if let Some(id) = &error.id {
        out.insert("id".into(), Value::String(id.clone()));
    }
    out.insert("status".into(), "error".into());
    out.insert("record".into(), Value::String(error.record.clone()));
    out.insert("error".into(), Value::String(error.message.clone()));
    Value::Object(out)
}

fn to_value<T: Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Merges `extra`'s fields into `base`, except a nested `span` (replaced by the offsets).
fn merge(base: Value, extra: Value) -> Value {
    let (Value::Object(mut base), Value::Object(extra)) = (base, extra) else {
        return Value::Null;
    };
    for (key, value) in extra {
        if key != "span" {
            base.insert(key, value);
        }
    }
    Value::Object(base)
}
