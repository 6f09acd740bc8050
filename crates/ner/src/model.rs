//! Reading a Hugging Face token-classification ONNX export from a directory.

use crate::error::{NerError, Result};
use crate::labels::LabelSet;
use std::path::{Path, PathBuf};
use tokenizers::Tokenizer;

/// The folder of the default model inside the polyprep source tree and next to installed
/// binaries.
const DEFAULT_MODEL_SUBDIR: &str = "models/multilingual-ner";

/// The default model directory: `models/multilingual-ner` next to the executable (one to three
/// folders up, so both an installed `bin/` and `target/<profile>/` work), else in the source
/// tree this crate was built from. The first that has a `config.json` wins; when none has, the
/// source-tree path is returned and loading it reports the missing files.
pub fn default_model_dir() -> PathBuf {
    let mut candidates = Vec::new();
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    {
        let mut dir = Some(exe_dir.as_path());
        for _ in 0..4 {
            let Some(d) = dir else { break };
            candidates.push(d.join(DEFAULT_MODEL_SUBDIR));
            dir = d.parent();
        }
    }
    let source_tree = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("..")
        .join(DEFAULT_MODEL_SUBDIR);
    candidates
        .into_iter()
        .find(|c| c.join("config.json").is_file())
        .unwrap_or(source_tree)
}

/// The files of a model directory and what they say, before any ONNX session exists.
#[derive(Debug, Clone)]
pub struct ModelFiles {
    /// The directory.
    pub dir: PathBuf,
    /// The ONNX graph (`model.onnx`, or `onnx/model.onnx` as some hub repositories lay it out).
    pub onnx: PathBuf,
    /// The labels from `config.json`'s `id2label`.
    pub labels: LabelSet,
    /// The longest input the position embeddings allow (`max_position_embeddings`), if stated.
    pub max_positions: Option<usize>,
    /// The id used to pad batches.
    pub pad_id: u32,
    /// Special tokens the tokenizer puts before a sequence (`<s>`, `[CLS]`).
    pub prefix: Vec<u32>,
    /// Special tokens the tokenizer puts after a sequence (`</s>`, `[SEP]`).
    pub suffix: Vec<u32>,
    pub(crate) tokenizer: Tokenizer,
}

fn invalid(path: &Path, message: impl Into<String>) -> NerError {
    NerError::InvalidModel {
        path: path.to_path_buf(),
        message: message.into(),
        source: None,
    }
}

impl ModelFiles {
    /// Reads `config.json` and `tokenizer.json` of `dir` and finds its ONNX file.
    ///
    /// # Errors
    /// [`NerError::ModelFileMissing`] when a file is absent, [`NerError::InvalidModel`] when one
    /// is unreadable or `id2label` is missing or not numbered `0..n`.
    pub fn read(dir: &Path) -> Result<Self> {
        if !dir.is_dir() {
            return Err(NerError::ModelFileMissing {
                dir: dir.to_path_buf(),
                file: "the directory itself".to_owned(),
            });
        }
        let require = |name: &str| -> Result<PathBuf> {
            let p = dir.join(name);
            if p.is_file() {
                Ok(p)
            } else {
                Err(NerError::ModelFileMissing {
                    dir: dir.to_path_buf(),
                    file: name.to_owned(),
                })
            }
        };
        let config_path = require("config.json")?;
        let tokenizer_path = require("tokenizer.json")?;
        let config_text = std::fs::read_to_string(&config_path).map_err(|source| NerError::Io {
            path: config_path.clone(),
            source,
        })?;
        let config: serde_json::Value =
            serde_json::from_str(&config_text).map_err(|e| NerError::InvalidModel {
                path: config_path.clone(),
                message: "not valid JSON".to_owned(),
                source: Some(Box::new(e)),
            })?;
        let onnx = onnx_file(dir, &config)?;
        let labels = read_labels(&config_path, &config)?;
        let max_positions = config
            .get("max_position_embeddings")
            .and_then(serde_json::Value::as_u64)
            .map(|v| v as usize);

        let mut tokenizer =
            Tokenizer::from_file(&tokenizer_path).map_err(|e| NerError::InvalidModel {
                path: tokenizer_path.clone(),
                message: "not a Hugging Face tokenizers file".to_owned(),
                source: Some(e),
            })?;
        // A tokenizer.json saved with truncation would silently cut long texts; windows handle
        // length instead, and batches are padded here.
        tokenizer
            .with_truncation(None)
            .map_err(|e| NerError::InvalidModel {
                path: tokenizer_path.clone(),
                message: "cannot disable truncation".to_owned(),
                source: Some(e),
            })?;
        tokenizer.with_padding(None);

        let (prefix, suffix) = special_tokens(&tokenizer, &tokenizer_path)?;
        let pad_id = config
            .get("pad_token_id")
            .and_then(serde_json::Value::as_u64)
            .map(|v| v as u32)
            .or_else(|| tokenizer.token_to_id("<pad>"))
            .or_else(|| tokenizer.token_to_id("[PAD]"))
            .unwrap_or(0);
        Ok(ModelFiles {
            dir: dir.to_path_buf(),
            onnx,
            labels,
            max_positions,
            pad_id,
            prefix,
            suffix,
            tokenizer,
        })
    }
}

fn onnx_file(dir: &Path, config: &serde_json::Value) -> Result<PathBuf> {
    let named = config
        .get("onnx")
        .and_then(|o| o.get("file"))
        .and_then(serde_json::Value::as_str);
    let mut tried = Vec::new();
    for name in named
        .into_iter()
        .chain(["model.onnx", "onnx/model.onnx", "model_quantized.onnx"])
    {
        let p = dir.join(name);
        if p.is_file() {
            return Ok(p);
        }
        tried.push(name.to_owned());
    }
    Err(NerError::ModelFileMissing {
        dir: dir.to_path_buf(),
        file: tried.join(" or "),
    })
}

fn read_labels(path: &Path, config: &serde_json::Value) -> Result<LabelSet> {
    let Some(map) = config
        .get("id2label")
        .and_then(serde_json::Value::as_object)
    else {
        return Err(invalid(
            path,
            "no id2label object: not a token-classification config",
        ));
    };
    let mut names: Vec<Option<String>> = vec![None; map.len()];
    for (key, value) in map {
        let index: usize = key
            .trim()
            .parse()
            .map_err(|_| invalid(path, format!("id2label key {key:?} is not a number")))?;
        let Some(slot) = names.get_mut(index) else {
            return Err(invalid(
                path,
                format!(
                    "id2label index {index} out of range 0..{} (labels must be numbered 0..n)",
                    map.len()
                ),
            ));
        };
        let name = value
            .as_str()
            .ok_or_else(|| invalid(path, format!("id2label[{key}] is not a string")))?;
        *slot = Some(name.to_owned());
    }
    let names: Vec<String> = names
        .into_iter()
        .enumerate()
        .map(|(i, n)| n.ok_or_else(|| invalid(path, format!("id2label has no label {i}"))))
        .collect::<Result<_>>()?;
    if names.is_empty() {
        return Err(invalid(path, "id2label is empty"));
    }
    Ok(LabelSet::new(names))
}

/// The special tokens the tokenizer's post-processor adds around one sequence.
fn special_tokens(tokenizer: &Tokenizer, path: &Path) -> Result<(Vec<u32>, Vec<u32>)> {
    let probe = tokenizer
        .encode("a", true)
        .map_err(|e| NerError::InvalidModel {
            path: path.to_path_buf(),
            message: "the tokenizer cannot encode a probe text".to_owned(),
            source: Some(e),
        })?;
    let ids = probe.get_ids();
    let mask = probe.get_special_tokens_mask();
    let first = mask.iter().position(|&m| m == 0);
    let last = mask.iter().rposition(|&m| m == 0);
    Ok(match (first, last) {
        (Some(f), Some(l)) => (ids[..f].to_vec(), ids[l + 1..].to_vec()),
        _ => (ids.to_vec(), Vec::new()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_model_reads() {
        let m = ModelFiles::read(&default_model_dir()).expect("committed model");
        assert_eq!(
            m.labels.names(),
            ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
        );
        assert_eq!(m.prefix, [0]);
        assert_eq!(m.suffix, [2]);
        assert_eq!(m.pad_id, 1);
        assert_eq!(m.max_positions, Some(512));
        assert!(m.onnx.ends_with("model.onnx"));
    }

    #[test]
    fn bad_id2label_is_reported() {
        let p = Path::new("config.json");
        let err = read_labels(p, &serde_json::json!({"id2label": {"0": "O", "2": "B-X"}}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("out of range"), "{err}");
        let err = read_labels(p, &serde_json::json!({"num_labels": 3}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("id2label"), "{err}");
    }
}
