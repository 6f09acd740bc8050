//! The error type of language identification.

use polyprep_core::Lang;
use std::path::PathBuf;

/// What can go wrong when building a [`crate::LanguageDetector`] or running an evaluation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LangIdError {
    /// The allow-list names languages that nothing can detect (neither whatlang nor the
    /// function-word layer, when it is on), so they could never be returned.
    #[error(
        "the allow-list contains languages polyprep cannot detect: {}; remove them (a detector \
         built without an allow-list lists those it can in LanguageDetector::allowed())",
        codes(.0)
    )]
    UnsupportedLanguages(Vec<Lang>),
    /// The allow-list is empty, so no language could ever be returned.
    #[error("the allow-list is empty: list at least one language, or leave it unset to allow all")]
    EmptyAllowList,
    /// A configuration value is out of range.
    #[error("invalid language-identification configuration: {0}")]
    InvalidConfig(String),
    /// A file or folder of an evaluation set could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
}

fn codes(langs: &[Lang]) -> String {
    langs
        .iter()
        .map(|l| format!("{} ({})", l.code(), l.english_name()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl From<LangIdError> for polyprep_core::Error {
    fn from(error: LangIdError) -> Self {
        match error {
            LangIdError::Io { path, source } => polyprep_core::Error::Io { path, source },
            other => polyprep_core::Error::Config(other.to_string()),
        }
    }
}
