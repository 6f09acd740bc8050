//! Core types of polyprep: [`Document`], byte [`Span`]s into the original text with character
//! offsets on demand, the [`Alignment`] that every rewriting stage keeps up to date, our own
//! [`Lang`] and [`Script`] enums, the [`Stage`] trait and the shared [`Error`].
//!
//! ```
//! use polyprep_core::{Document, TextRewriter};
//!
//! let mut doc = Document::new("seed-1", "Read more\nKiev  is the capital.");
//! doc.apply(|text| {
//!     let mut rw = TextRewriter::new(text);
//!     rw.delete_to(10); // drop the teaser line
//!     rw.copy_to(14);
//!     rw.replace(16, " "); // collapse the double space
//!     rw.finish()
//! });
//! assert_eq!(doc.text(), "Kiev is the capital.");
//! // Any range of the current text maps back to the original bytes.
//! let span = doc.original_span(0, 4);
//! assert_eq!(doc.original_slice(span), "Kiev");
//! assert_eq!(span.range(), 10..14);
//! ```

#![warn(missing_docs)]

mod alignment;
mod annotation;
mod document;
mod error;
mod lang;
mod script;
mod span;
mod stage;

pub use alignment::{Alignment, Rewrite, TextRewriter};
pub use annotation::{
    Annotations, Duplicate, Entity, LanguageGuess, LanguageSpan, Normalization, NormalizationRule,
    RemovedBlock, SpanKind, Warning,
};
pub use document::Document;
pub use error::{Error, Result};
pub use lang::{Lang, UnknownLangCode};
pub use script::Script;
pub use span::{CharIndex, CharSpan, Span};
pub use stage::{guard, internal_error, Stage};
