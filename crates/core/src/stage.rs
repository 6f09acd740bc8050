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
            .map(|doc| guard(self.name(), &doc.id.clone(), || self.process(doc)))
            .collect()
    }
}

/// Runs `f`, turning a panic into an [`Error::Stage`] for `document` that says it is a bug.
pub fn guard<T>(stage: &'static str, document: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Error::Stage {
            stage,
            document: document.to_string(),
            source: format!(
                "internal error ({what}); this is a bug, please report it with this record"
            )
            .into(),
        })
    })
}
