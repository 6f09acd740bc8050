//! The errors of polyprep-translit.

use std::path::PathBuf;

/// Everything that can go wrong while loading gazetteers and schemes or normalizing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TranslitError {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A gazetteer is malformed.
    #[error("{source_name}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Gazetteer {
        /// The file (or a description of the input).
        source_name: String,
        /// The line, when known.
        line: Option<usize>,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A transliteration scheme was asked for by a name that does not exist.
    #[error("unknown transliteration scheme {name:?} for {language}; available: {available}")]
    UnknownScheme {
        /// The name asked for.
        name: String,
        /// The language it was asked for.
        language: String,
        /// The names that exist.
        available: String,
    },
    /// A bundled or user scheme file is malformed.
    #[error("transliteration scheme {name}: {source}")]
    Scheme {
        /// The scheme's file name.
        name: String,
        /// The parser's error.
        #[source]
        source: crate::scheme::SchemeError,
    },
}
