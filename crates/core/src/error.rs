//! The error type shared by stages and the pipeline.

use std::path::PathBuf;

/// An error of polyprep's core: reading input, configuration, or a stage that failed on a
/// document. Each variant says what to do about it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A configuration value or file is invalid.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A record of the input is unusable.
    #[error("{record}: {message}")]
    InvalidRecord {
        /// Which record (file, line, id).
        record: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// A stage failed on a document.
    #[error("stage {stage} failed on document {document}: {source}")]
    Stage {
        /// The stage's name.
        stage: &'static str,
        /// The document's id.
        document: String,
        /// The stage's own error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// A `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
