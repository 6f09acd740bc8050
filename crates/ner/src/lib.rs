//! Named-entity recognition for polyprep: any Hugging Face token-classification ONNX export
//! (by default the committed multilingual `models/multilingual-ner`), run through ONNX Runtime
//! in length-sorted batches on parallel workers, with exact byte and character offsets.
//!
//! ```
//! use polyprep_ner::{Aggregation, NerBuilder};
//!
//! // The default model; ONNX Runtime comes from scripts/setup-onnxruntime.sh.
//! let ner = NerBuilder::new()
//!     .with_aggregation(Aggregation::First)
//!     .build()?;
//! let text = "John Kirby said North Korean troops were sent to Vladivostok, Russia.";
//! let entities = ner.predict(text)?;
//! for e in &entities {
//!     // The offsets slice the text to exactly the entity's text.
//!     assert_eq!(&text[e.span.range()], e.text);
//! }
//! assert!(entities.iter().any(|e| e.label == "PER" && e.text == "John Kirby"));
//! assert!(entities.iter().any(|e| e.label == "LOC" && e.text == "Vladivostok"));
//! # Ok::<(), polyprep_ner::NerError>(())
//! ```
//!
//! How text becomes entities:
//! - **Lines** are independent inputs. Each is tokenized whole; a line longer than a window
//!   (`max_length` tokens) is covered by overlapping windows (`stride` tokens shared), each
//!   token's prediction is taken from the window where it has the most context, and decoding
//!   runs on the merged predictions, so nothing is duplicated or cut at a window edge.
//! - **Words** are split as the training data splits them (Unicode word boundaries: `Vladivostok,`
//!   gives `Vladivostok` and `,`; a possessive `'s` is split off; `Warmian-Masurian` stays one
//!   word). A word's label comes from its sub-tokens by the [`Aggregation`] strategy (`first` by
//!   default, as the model was trained), after an optional bias on the `O` logit.
//! - **Entities** come from BIO decoding with repair (an `I-X` without `B-X` starts an entity),
//!   trimmed of edge punctuation (except the final period of `U.S.`).
//! - **Batches**: windows of all texts are sorted by length and packed under a token budget;
//!   batches run on a rayon pool with one ONNX session per worker; results return in input
//!   order.
//!
//! For documents, [`Ner::annotate`] maps entities to the ORIGINAL text through the document's
//! alignment and [`NerStage`] is the pipeline stage. [`eval`] scores CoNLL files as `seqeval`
//! does; [`bench`](mod@bench) measures throughput.

#![warn(missing_docs)]

pub mod bench;
mod decode;
mod engine;
mod error;
pub mod eval;
mod labels;
mod model;
mod ner;
pub mod runtime;
mod stage;
mod window;
mod words;

pub use decode::Aggregation;
pub use engine::RunStats;
pub use error::{NerError, Result, SETUP_HINT};
pub use labels::{LabelSet, Tag, TagKind};
pub use model::{default_model_dir, ModelFiles};
pub use ner::{
    default_workers, Entity, Ner, NerBuilder, NerConfig, NerStats, DEFAULT_INTRA_THREADS,
    MAX_DEFAULT_WORKERS,
};
pub use runtime::init_runtime;
pub use stage::NerStage;
pub use window::{plan as plan_windows, Window};
