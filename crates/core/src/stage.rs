//! The trait every processing stage implements.

use crate::{Document, Result};

/// A processing stage: cleaning, language detection, normalization, NER.
///
/// A stage reads and annotates one document at a time and may rewrite its text through
/// [`Document::apply`]. Stages are `Send + Sync` so one instance serves every worker thread.
pub trait Stage: Send + Sync {
    /// A short, stable name used in reports and errors, e.g. `"clean"`.
    fn name(&self) -> &'static str;

    /// Processes one document in place.
    fn process(&self, doc: &mut Document) -> Result<()>;
}
