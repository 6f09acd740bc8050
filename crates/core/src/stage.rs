//! The trait every processing stage implements.

use crate::{Document, Error, Result};
use rayon::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A processing stage: cleaning, language detection, normalization, NER.
///
/// A stage reads and annotates one document at a time and may rewrite its text through
/// [`Document::apply`]. Stages are `Send + Sync` so one instance serves every worker thread.
pub trait Stage: Send + Sync {
    /// A short, stable name used in reports and errors, e.g. `"clean"`.
    fn name(&self) -> &'static str;

    /// Processes one document in place.
    fn process(&self, doc: &mut Document) -> Result<()>;

    /// Processes many documents, one result per document in order. The default runs
    /// [`Stage::process`] on rayon's current pool, turning a panic into that document's error
    /// so one bad record cannot take the others down; stages that gain from batching across
    /// documents (NER) override it.
    fn process_batch(&self, docs: &mut [Document]) -> Vec<Result<()>> {
        docs.par_iter_mut()
            .map(|doc| guard(self.name(), doc, |doc| self.process(doc)))
            .collect()
    }
}

/// Runs `process` on `doc`, turning a panic into that document's [`internal_error`].
pub fn guard(
    stage: &'static str,
    doc: &mut Document,
    process: impl FnOnce(&mut Document) -> Result<()>,
) -> Result<()> {
    catch_unwind(AssertUnwindSafe(|| process(doc))).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(internal_error(stage, &doc.id, &what))
    })
}

/// The error of a stage that panicked on `document`: a bug, which the message asks to report.
pub fn internal_error(stage: &'static str, document: &str, what: &str) -> Error {
    Error::Stage {
        stage,
        document: document.to_string(),
        source: format!(
            "internal error ({what}); this is a bug, please report it with this record"
        )
        .into(),
    }
}
