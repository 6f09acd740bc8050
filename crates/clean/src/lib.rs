//! Text cleaning for polyprep: boilerplate removal driven by documented rule files and
//! language-aware heuristics, repeated-block removal, and the [`Cleaner`] stage that runs them
//! in order. Every removed block is reported in `doc.annotations.removed` with its span in the
//! original text and the rule that removed it; nothing disappears silently.
//!
//! ```
//! use polyprep_clean::CleanerBuilder;
//! use polyprep_core::{Document, Stage};
//!
//! let cleaner = CleanerBuilder::new().build()?;
//! let mut doc = Document::new(
//!     "seed",
//!     "close\nclose\n\nNorth Korean troops would be fair game, the White House says\n\n\
//!      Kirby said the troops could travel to western Russia, the White House said on Wednesday.\n\n\
//!      Mandatory credit: The White House",
//! );
//! cleaner.process(&mut doc)?;
//! assert_eq!(
//!     doc.text(),
//!     "North Korean troops would be fair game, the White House says\n\n\
//!      Kirby said the troops could travel to western Russia, the White House said on Wednesday."
//! );
//! let rules: Vec<&str> = doc.annotations.removed.iter().map(|r| r.rule.as_str()).collect();
//! assert_eq!(rules, ["page-chrome", "page-chrome", "credit-line"]);
//! assert_eq!(doc.original_slice(doc.annotations.removed[2].span), "Mandatory credit: The White House");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub mod boilerplate;
mod cleaner;
mod error;
pub mod normalize;
pub mod repeats;

pub use boilerplate::{BoilerplateConfig, BoilerplateRemover, BoilerplateRemoverBuilder};
pub use cleaner::{CleanConfig, Cleaner, CleanerBuilder};
pub use error::CleanError;
pub use normalize::{NormalizeConfig, Normalizer, UnicodeForm};
pub use repeats::{RepeatConfig, RepeatRemover};
