//! Reading corpora: plain-text files, directories of them, JSONL files and standard input, as a
//! lazy stream of records.
//!
//! Every input record comes out exactly once, either as a [`Document`] or as a [`RecordError`]
//! that names it (file, line, id) and says what to do, so nothing is lost silently.

use polyprep_core::{Document, Warning};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// By file name: `.jsonl`, `.ndjson` and `.json` are JSONL, anything else is one text
    /// document per file; standard input is JSONL.
    #[default]
    Auto,
    /// One document per file (standard input: one document).
    Text,
    /// One JSON object per line.
    Jsonl,
}

/// Options for reading a corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InputOptions {
    /// How to read each input.
    pub format: InputFormat,
    /// JSONL: the field holding the text.
    pub text_field: String,
    /// JSONL: the field holding the id; records without it get `file:line` as id.
    pub id_field: String,
    /// Reject records with invalid UTF-8 instead of replacing the bad bytes with U+FFFD.
    pub strict: bool,
    /// Directories: file extensions read as documents (without the dot).
    pub extensions: Vec<String>,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            format: InputFormat::Auto,
            text_field: "text".into(),
            id_field: "id".into(),
            strict: false,
            extensions: vec!["txt".into()],
        }
    }
}

/// An input record that could not be turned into a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordError {
    /// Where the record is: `path`, `path:line`, or `<stdin>:line`.
    pub record: String,
    /// The record's id, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What went wrong and what to do about it.
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{} (id {id}): {}", self.record, self.message),
            None => write!(f, "{}: {}", self.record, self.message),
        }
    }
}

impl std::error::Error for RecordError {}

/// One record of the input: a document or the reason there is none.
pub type Record = Result<Document, RecordError>;

/// The name standard input is given in records.
pub const STDIN_NAME: &str = "<stdin>";

/// Reads `inputs` (files, directories, or `-` for standard input) lazily, in order: the files of
/// a directory recursively, sorted by path, each with its path relative to the directory as id.
pub fn read_corpus(inputs: &[PathBuf], options: &InputOptions) -> CorpusReader {
    CorpusReader {
        pending: inputs.iter().rev().cloned().collect(),
        options: options.clone(),
        current: None,
    }
}

/// The record stream of [`read_corpus`].
pub struct CorpusReader {
    /// Inputs not yet opened, last first.
    pending: Vec<PathBuf>,
    options: InputOptions,
    current: Option<Source>,
}

enum Source {
    /// Files still to read as documents: (path, id), last first.
    Files(Vec<(PathBuf, String)>),
    /// A JSONL stream being read line by line.
    Jsonl(JsonlSource),
    /// Standard input read whole as one text document.
    StdinText(Option<Vec<u8>>),
}

struct JsonlSource {
    name: String,
    reader: Box<dyn BufRead + Send>,
    line: usize,
}

impl Iterator for CorpusReader {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            match &mut self.current {
                Some(Source::Files(files)) => match files.pop() {
                    Some((path, id)) => return Some(read_text_file(&path, id, &self.options)),
                    None => self.current = None,
                },
                Some(Source::Jsonl(source)) => match source.next_record(&self.options) {
                    Some(record) => return Some(record),
                    None => self.current = None,
                },
                Some(Source::StdinText(bytes)) => match bytes.take() {
                    Some(bytes) => {
                        return Some(text_document(
                            bytes,
                            STDIN_NAME,
                            STDIN_NAME.into(),
                            &self.options,
                        ))
                    }
                    None => self.current = None,
                },
                None => {
                    let input = self.pending.pop()?;
                    match open_input(&input, &self.options) {
                        Ok(source) => self.current = Some(source),
                        Err(error) => return Some(Err(error)),
                    }
                }
            }
        }
    }
}

fn is_jsonl_name(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("jsonl" | "ndjson" | "json")
    )
}

fn open_input(input: &Path, options: &InputOptions) -> Result<Source, RecordError> {
    let name = input.display().to_string();
    if name == "-" {
        return match options.format {
            InputFormat::Text => {
                let mut bytes = Vec::new();
                io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .map_err(|e| io_error(STDIN_NAME, &e))?;
                Ok(Source::StdinText(Some(bytes)))
            }
            _ => Ok(Source::Jsonl(JsonlSource {
                name: STDIN_NAME.into(),
                reader: Box::new(BufReader::new(io::stdin())),
                line: 0,
            })),
        };
    }
    let metadata = std::fs::metadata(input).map_err(|e| io_error(&name, &e))?;
    if metadata.is_dir() {
        return list_directory(input, options).map(Source::Files);
    }
    let jsonl = match options.format {
        InputFormat::Auto => is_jsonl_name(input),
        InputFormat::Text => false,
        InputFormat::Jsonl => true,
    };
    if jsonl {
        let file = File::open(input).map_err(|e| io_error(&name, &e))?;
        Ok(Source::Jsonl(JsonlSource {
            name,
            reader: Box::new(BufReader::with_capacity(1 << 16, file)),
            line: 0,
        }))
    } else {
        Ok(Source::Files(vec![(input.to_path_buf(), name)]))
    }
}

fn list_directory(
    dir: &Path,
    options: &InputOptions,
) -> Result<Vec<(PathBuf, String)>, RecordError> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                // An unreadable entry is reported as its own record by read_text_file below, so
                // the run goes on and the entry is still accounted for.
                let path = e.path().unwrap_or(dir).to_path_buf();
                let id = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                files.push((path, id));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let wanted = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|ext| {
                options
                    .extensions
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(ext))
            });
        if wanted {
            let id = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            files.push((entry.path().to_path_buf(), id.display().to_string()));
        }
    }
    files.reverse();
    Ok(files)
}

fn io_error(name: &str, error: &io::Error) -> RecordError {
    RecordError {
        record: name.to_string(),
        id: None,
        message: format!("cannot read: {error}; check the path and its permissions"),
    }
}

/// Decodes bytes as UTF-8: lossily with a warning, or (strict) not at all.
fn decode(
    bytes: Vec<u8>,
    record: &str,
    strict: bool,
) -> Result<(String, Option<Warning>), RecordError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(e) => {
            let first_bad = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..first_bad].iter().filter(|&&b| b == b'\n').count() + 1;
            if strict {
                return Err(RecordError {
                    record: record.to_string(),
                    id: None,
                    message: format!(
                        "invalid UTF-8 at byte {first_bad} (line {line}); re-encode the input as UTF-8 or drop --strict to replace bad bytes"
                    ),
                });
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let warning = Warning {
                source: "input".into(),
                message: format!(
                    "{record}: invalid UTF-8 from byte {first_bad} (line {line}) replaced with U+FFFD; use --strict to reject such records"
                ),
            };
            Ok((text, Some(warning)))
        }
    }
}

fn read_text_file(path: &Path, id: String, options: &InputOptions) -> Record {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => text_document(bytes, &name, id, options),
        Err(e) => Err(RecordError {
            id: Some(id),
            ..io_error(&name, &e)
        }),
    }
}

/// A whole file (or standard input) as one document.
fn text_document(bytes: Vec<u8>, name: &str, id: String, options: &InputOptions) -> Record {
    let (text, warning) = decode(bytes, name, options.strict).map_err(|e| RecordError {
        id: Some(id.clone()),
        ..e
    })?;
    let mut doc = Document::new(id, text);
    doc.metadata
        .insert("source".into(), Value::String(name.to_string()));
    doc.annotations.warnings.extend(warning);
    Ok(doc)
}

impl JsonlSource {
    fn next_record(&mut self, options: &InputOptions) -> Option<Record> {
        let mut bytes = Vec::new();
        loop {
            bytes.clear();
            self.line += 1;
            match self.reader.read_until(b'\n', &mut bytes) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    let error = io_error(&format!("{}:{}", self.name, self.line), &e);
                    // A stream that fails once will fail again: end it after reporting.
                    self.reader = Box::new(io::empty());
                    return Some(Err(error));
                }
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue; // blank lines separate nothing in JSONL and are not records
            }
            return Some(self.parse_line(std::mem::take(&mut bytes), options));
        }
    }

    fn parse_line(&self, bytes: Vec<u8>, options: &InputOptions) -> Record {
        let record = format!("{}:{}", self.name, self.line);
        let (line, warning) = decode(bytes, &record, options.strict)?;
        let value: Value = serde_json::from_str(&line).map_err(|e| RecordError {
            record: record.clone(),
            id: None,
            message: format!("malformed JSON ({e}); each line must be one JSON object"),
        })?;
        let Value::Object(mut object) = value else {
            return Err(RecordError {
                record,
                id: None,
                message: "the line is JSON but not an object; each line must be one JSON object"
                    .into(),
            });
        };
        let id = match object.remove(&options.id_field) {
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) => n.to_string(),
            _ => record.clone(),
        };
        let text = match object.remove(&options.text_field) {
            Some(Value::String(text)) => text,
            Some(other) => {
                return Err(RecordError {
                    record,
                    id: Some(id),
                    message: format!(
                        "field {:?} is a {} but must be a string",
                        options.text_field,
                        json_kind(&other)
                    ),
                })
            }
            None => {
                return Err(RecordError {
                    record,
                    id: Some(id),
                    message: format!(
                        "no field {:?}; name the text field with --text-field",
                        options.text_field
                    ),
                })
            }
        };
        let mut doc = Document::new(id, text);
        doc.metadata = object;
        doc.metadata.insert("source".into(), Value::String(record));
        doc.annotations.warnings.extend(warning);
        Ok(doc)
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(records: &[Record]) -> Vec<String> {
        records
            .iter()
            .map(|r| match r {
                Ok(doc) => doc.id.clone(),
                Err(e) => format!("error {}", e.record),
            })
            .collect()
    }

    #[test]
    fn directories_are_read_recursively_in_sorted_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "b").unwrap();
        std::fs::write(dir.path().join("a.TXT"), "a").unwrap();
        std::fs::write(dir.path().join("sub/c.txt"), "c").unwrap();
        std::fs::write(dir.path().join("notes.md"), "skipped").unwrap();
        let records: Vec<Record> =
            read_corpus(&[dir.path().to_path_buf()], &InputOptions::default()).collect();
        assert_eq!(
            ids(&records),
            [
                "a.TXT",
                "b.txt",
                &format!("sub{}c.txt", std::path::MAIN_SEPARATOR)
            ]
        );
        let doc = records[2].as_ref().unwrap();
        assert_eq!(doc.text(), "c");
        assert!(doc.metadata["source"].as_str().unwrap().ends_with("c.txt"));
    }

    #[test]
    fn jsonl_records_carry_ids_metadata_and_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"x\",\"text\":\"hello\",\"lang\":\"en\"}\n\n{\"text\":\"no id\"}\nnot json\n",
        )
        .unwrap();
        let records: Vec<Record> =
            read_corpus(std::slice::from_ref(&path), &InputOptions::default()).collect();
        assert_eq!(records.len(), 3);
        let first = records[0].as_ref().unwrap();
        assert_eq!(first.id, "x");
        assert_eq!(first.metadata["lang"], "en");
        let name = path.display().to_string();
        assert_eq!(records[1].as_ref().unwrap().id, format!("{name}:3"));
        assert_eq!(records[2].as_ref().unwrap_err().record, format!("{name}:4"));
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_warning_or_rejected_when_strict() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.txt");
        std::fs::write(&path, b"line one\ncaf\xe9\n").unwrap();
        let mut records = read_corpus(std::slice::from_ref(&path), &InputOptions::default());
        let doc = records.next().unwrap().unwrap();
        assert_eq!(doc.text(), "line one\ncaf\u{FFFD}\n");
        assert!(doc.annotations.warnings[0].message.contains("line 2"));
        let strict = InputOptions {
            strict: true,
            ..InputOptions::default()
        };
        let error = read_corpus(&[path], &strict).next().unwrap().unwrap_err();
        assert!(
            error.message.contains("invalid UTF-8 at byte 12 (line 2)"),
            "{}",
            error.message
        );
        assert_eq!(error.id.as_deref(), Some(error.record.as_str()));
    }

    #[test]
    fn a_missing_input_is_one_error_record_and_reading_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ok.txt"), "ok").unwrap();
        let inputs = [dir.path().join("missing"), dir.path().join("ok.txt")];
        let records: Vec<Record> = read_corpus(&inputs, &InputOptions::default()).collect();
        assert_eq!(records.len(), 2);
        assert!(records[0]
            .as_ref()
            .unwrap_err()
            .message
            .contains("cannot read"));
        assert_eq!(records[1].as_ref().unwrap().text(), "ok");
    }
}
