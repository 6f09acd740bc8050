//! The error type of polyprep-clean.

use std::path::PathBuf;

/// An error building a cleaning stage: a rule file that cannot be read or is invalid.
///
/// Cleaning itself never fails on a document; only configuration can be wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CleanError {
    /// A rule file could not be read.
    #[error("cannot read boilerplate rule file {}: {source}", path.display())]
    RuleFile {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A rule file is not valid JSON.
    #[error("boilerplate rule file {file} is not valid JSON: {source}")]
    RuleFileSyntax {
        /// The file (or `<default rules>`).
        file: String,
        /// What the JSON parser said, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// A rule file is JSON but not a rule file (e.g. no `rules` array).
    #[error("boilerplate rule file {file}: {message}")]
    InvalidRuleFile {
        /// The file.
        file: String,
        /// What is wrong and what is expected instead.
        message: String,
    },
    /// One rule of a rule file is invalid.
    #[error("boilerplate rule file {file}, rule {rule}: {message}")]
    InvalidRule {
        /// The file.
        file: String,
        /// The rule's name (or `#N`, its position, when it has none).
        rule: String,
        /// What is wrong with it.
        message: String,
    },
}
