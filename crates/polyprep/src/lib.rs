//! polyprep turns raw multilingual text into clean, language-tagged documents, one document or a
//! whole corpus at a time, and keeps every offset mapped back to the original bytes.
//!
//! ```
//! use polyprep::{Document, PipelineBuilder, Stage};
//!
//! let pipeline = PipelineBuilder::new().build()?;
//! let mut doc = Document::new(
//!     "example",
//!     "close\nclose\n\nNorth Korean troops would be fair targets, the White House said on Wednesday.",
//! );
//! pipeline.process(&mut doc)?;
//! assert!(doc.text().starts_with("North Korean troops"));
//! // Removed blocks are reported with their rule and their span in the original text.
//! let removed = &doc.annotations.removed[0];
//! assert_eq!(doc.original_slice(removed.span), "close");
//! # Ok::<(), polyprep::Error>(())
//! ```

#![warn(missing_docs)]

pub mod corpus;
pub mod dedup;
pub mod passages;
mod pipeline;
pub mod report;
pub mod stream;

pub use pipeline::{Pipeline, PipelineBuilder, PipelineConfig};
pub use polyprep_core::*;

/// Cleaning: normalization, boilerplate and repeated-block removal.
pub use polyprep_clean as clean;
/// Language identification.
pub use polyprep_langid as langid;
/// Named-entity recognition (feature `ner`, on by default).
#[cfg(feature = "ner")]
pub use polyprep_ner as ner;
pub use polyprep_translit as translit;
