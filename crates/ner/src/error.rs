//! The error type of polyprep-ner.

use std::path::PathBuf;

/// What to run when the ONNX Runtime library is missing or unusable.
pub const SETUP_HINT: &str = "run scripts/setup-onnxruntime.sh (from the polyprep source tree), \
or point --ort-lib / ORT_DYLIB_PATH at libonnxruntime.so of ONNX Runtime 1.24 or newer";

/// An error of the NER crate. Each variant says what went wrong and what to do about it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NerError {
    /// No ONNX Runtime shared library was found at any of the places searched.
    #[error(
        "ONNX Runtime library not found (searched: {}); {SETUP_HINT}",
        display_paths(searched)
    )]
    RuntimeNotFound {
        /// Every path that was tried, in order.
        searched: Vec<PathBuf>,
    },
    /// A file was found but could not be loaded as ONNX Runtime (wrong file, wrong architecture,
    /// too old a version).
    #[error("could not load ONNX Runtime from {}: {source}; {SETUP_HINT}", path.display())]
    RuntimeLoad {
        /// The library file.
        path: PathBuf,
        /// What the loader said.
        #[source]
        source: ort::LoadDynamicError,
    },
    /// ONNX Runtime was loaded but refused to set up its environment.
    #[error("could not initialise ONNX Runtime: {source}")]
    RuntimeInit {
        /// What ONNX Runtime said.
        #[source]
        source: ort::Error,
    },
    /// The model directory lacks a file every token-classification export has.
    #[error("model directory {}: missing {file}; expected a Hugging Face token-classification ONNX export \
(config.json with id2label, tokenizer.json, model.onnx)", dir.display())]
    ModelFileMissing {
        /// The model directory.
        dir: PathBuf,
        /// The missing file's name.
        file: String,
    },
    /// A file of the model directory is there but unusable, or the files do not fit together.
    #[error("model {}: {message}", path.display())]
    InvalidModel {
        /// The offending file (or the directory).
        path: PathBuf,
        /// What is wrong.
        message: String,
        /// The underlying error, when there is one.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// ONNX Runtime failed to create a session or to run the model.
    #[error("ONNX Runtime failed while {action}: {source}")]
    Onnx {
        /// What was being done.
        action: &'static str,
        /// What ONNX Runtime said.
        #[source]
        source: ort::Error,
    },
    /// The tokenizer failed on an input.
    #[error("tokenizer failed: {source}")]
    Tokenizer {
        /// What the tokenizer said.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A configuration value is out of range or inconsistent.
    #[error("invalid NER configuration: {0}")]
    Config(String),
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// An evaluation data file is malformed.
    #[error("{}:{line}: {message}", path.display())]
    Data {
        /// The data file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Building the worker thread pool failed.
    #[error("could not start the NER worker threads: {0}")]
    ThreadPool(#[source] rayon::ThreadPoolBuildError),
}

impl NerError {
    /// True for problems of set-up rather than of an input: ONNX Runtime missing or unusable,
    /// model files missing or inconsistent, settings out of range. A command-line tool exits
    /// with its usage/set-up code on these.
    pub fn is_setup_error(&self) -> bool {
        matches!(
            self,
            NerError::RuntimeNotFound { .. }
                | NerError::RuntimeLoad { .. }
                | NerError::RuntimeInit { .. }
                | NerError::ModelFileMissing { .. }
                | NerError::InvalidModel { .. }
                | NerError::Config(_)
                | NerError::ThreadPool(_)
        )
    }
}

fn display_paths(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "nothing".to_owned();
    }
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A `Result` with [`NerError`].
pub type Result<T, E = NerError> = std::result::Result<T, E>;
