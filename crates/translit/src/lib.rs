//! Transliteration by official national systems and entity-aware spelling-variant
//! normalization.
//!
//! - Romanization: Ukrainian by KMU 2010, Russian by BGN/PCGN (27 other schemes selectable),
//!   Belarusian, Bulgarian, Serbian and Macedonian by their national systems, Greek by
//!   ELOT 743, Korean by the Revised Romanization, other scripts by `any_ascii`.
//! - Canonicalization: gazetteer variants to one canonical form per profile (`Kiev` → `Kyiv`,
//!   `Vladimir Zelensky` → `Volodymyr Zelensky`, `Vladimir Putin` untouched), aliases linked but
//!   not rewritten (`DPRK`), near-miss typos fixed where the context supports them
//!   (`President Zelenksy`).
//! - Discovery: [`variants`] finds spellings of one name that nobody listed yet.
//!
//! ```
//! use polyprep_core::{Document, Stage};
//! use polyprep_translit::NormalizerBuilder;
//!
//! let normalizer = NormalizerBuilder::new().build()?;
//! let mut doc = Document::new("d", "Ukraine's leader Volodymyr Zelenksy visited Kharkov.");
//! normalizer.process(&mut doc)?;
//! assert_eq!(doc.text(), "Ukraine's leader Volodymyr Zelensky visited Kharkiv.");
//! for change in &doc.annotations.normalizations {
//!     println!("{} -> {} ({:?})", doc.original_slice(change.span), change.canonical, change.rule);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod canonicalize;
mod error;
pub mod gazetteer;
pub mod greek;
pub mod hangul;
mod normalizer;
pub mod scheme;
pub mod script;
mod transliterate;
pub mod variants;
pub mod words;

pub use canonicalize::{Canonicalizer, Change};
pub use error::TranslitError;
pub use gazetteer::{Gazetteer, GazetteerEntry, Profile};
pub use normalizer::{GazetteerConfig, Mode, NormalizeConfig, Normalizer, NormalizerBuilder};
pub use transliterate::{
    bundled_schemes_by_language, scheme_names, TransliterationConfig, Transliterator,
    FALLBACK_SCHEME, GREEK_SCHEME, HANGUL_SCHEME,
};
