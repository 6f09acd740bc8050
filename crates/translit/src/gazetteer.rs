//! Gazetteers: the entities whose spellings normalization knows, read from TSV or JSON.
//!
//! The format is documented in `gazetteer/README.md` of this crate; the bundled default is
//! `gazetteer/default.tsv`.

use crate::error::TranslitError;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The columns of a gazetteer TSV file, in order; the first non-comment line must be exactly these.
pub const TSV_HEADER: [&str; 9] = [
    "id",
    "type",
    "canonical",
    "official",
    "variants",
    "aliases",
    "protect",
    "context",
    "wikidata",
];

/// The entity types a gazetteer entry may have (the NER labels).
pub const ENTITY_TYPES: [&str; 4] = ["PER", "LOC", "ORG", "MISC"];

/// The bundled default gazetteer (see `gazetteer/README.md` for its curation policy).
const DEFAULT_TSV: &str = include_str!("../gazetteer/default.tsv");

/// One row of a gazetteer: a set of surface forms of one entity and what they normalize to.
///
/// Several entries may share an `id` (one entity): a person usually has a full-name entry
/// (`Volodymyr Zelensky`) and a surname entry (`Zelensky`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GazetteerEntry {
    /// The entity's identifier, a slug such as `kyiv`.
    pub id: String,
    /// `PER`, `LOC`, `ORG` or `MISC`.
    #[serde(rename = "type")]
    pub entity_type: String,
    /// The default profile's form: what most English-language newsrooms write.
    pub canonical: String,
    /// The official profile's form (the person's or state's own romanization), when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub official: Option<String>,
    /// Forms rewritten to the profile's form.
    pub variants: Vec<String>,
    /// Other names of the entity: linked to it, never rewritten (`DPRK`, former names).
    pub aliases: Vec<String>,
    /// Phrases containing a variant inside which it is left alone (`Chicken Kiev`).
    pub protect: Vec<String>,
    /// Words that, right before a near-miss spelling, support correcting it.
    pub context: Vec<String>,
    /// The Wikidata id, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
}

/// Which canonical form normalization writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// The forms most English-language newsrooms use (Kyiv, Zelensky, Chernobyl).
    #[default]
    Default,
    /// The person's or state's own romanization (Kyiv, Zelenskyy, Chornobyl).
    Official,
}

impl std::str::FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "default" => Ok(Profile::Default),
            "official" => Ok(Profile::Official),
            other => Err(format!(
                "unknown profile {other:?}: use \"default\" or \"official\""
            )),
        }
    }
}

impl GazetteerEntry {
    /// The form this entry normalizes to under `profile`.
    pub fn form(&self, profile: Profile) -> &str {
        match (profile, &self.official) {
            (Profile::Official, Some(official)) => official,
            _ => &self.canonical,
        }
    }

    /// Every form rewritten to or kept as the profile's form: canonical, official and variants.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.canonical.as_str())
            .chain(self.official.as_deref())
            .chain(self.variants.iter().map(String::as_str))
    }

    fn validate(&self) -> Result<(), String> {
        if self.id.trim().is_empty() {
            return Err("the id is empty".into());
        }
        if self.canonical.trim().is_empty() {
            return Err(format!("entry {:?} has no canonical form", self.id));
        }
        if !ENTITY_TYPES.contains(&self.entity_type.as_str()) {
            return Err(format!(
                "entry {:?} has type {:?}; use one of {}",
                self.id,
                self.entity_type,
                ENTITY_TYPES.join(", ")
            ));
        }
        let forms = self
            .spellings()
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.protect.iter().map(String::as_str));
        for form in forms {
            if form.trim().is_empty() || form.trim() != form {
                return Err(format!(
                    "entry {:?} has an empty form or one with surrounding spaces: {form:?}",
                    self.id
                ));
            }
        }
        Ok(())
    }
}

/// A list of gazetteer entries, in priority order: when two entries claim the same surface form,
/// the later one wins, so user files loaded after the default override it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gazetteer {
    entries: Vec<GazetteerEntry>,
}

impl Gazetteer {
    /// An empty gazetteer.
    pub fn new() -> Self {
        Gazetteer::default()
    }

    /// The bundled default gazetteer.
    pub fn builtin() -> Result<Self, TranslitError> {
        Gazetteer::from_tsv(DEFAULT_TSV, "the bundled default gazetteer")
    }

    /// Reads a gazetteer file: `.json` as JSON, anything else as TSV.
    pub fn from_file(path: &Path) -> Result<Self, TranslitError> {
        let text = std::fs::read_to_string(path).map_err(|source| TranslitError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let name = path.display().to_string();
        if path.extension().is_some_and(|ext| ext == "json") {
            Gazetteer::from_json(&text, &name)
        } else {
            Gazetteer::from_tsv(&text, &name)
        }
    }

    /// Parses the JSON form: an array of entries with the TSV's column names as keys and lists
    /// as arrays of strings. `source` names the input in errors.
    pub fn from_json(text: &str, source: &str) -> Result<Self, TranslitError> {
        let entries: Vec<GazetteerEntry> =
            serde_json::from_str(text).map_err(|e| TranslitError::Gazetteer {
                source_name: source.to_string(),
                line: Some(e.line()),
                message: format!("{e}; expected an array of entries (see the gazetteer README)"),
            })?;
        for (i, entry) in entries.iter().enumerate() {
            entry
                .validate()
                .map_err(|message| TranslitError::Gazetteer {
                    source_name: source.to_string(),
                    line: None,
                    message: format!("entry {}: {message}", i + 1),
                })?;
        }
        Ok(Gazetteer { entries })
    }

    /// Parses the TSV form. `source` names the input in errors.
    pub fn from_tsv(text: &str, source: &str) -> Result<Self, TranslitError> {
        let error = |line: usize, message: String| TranslitError::Gazetteer {
            source_name: source.to_string(),
            line: Some(line),
            message,
        };
        let mut entries = Vec::new();
        let mut header_seen = false;
        for (index, raw) in text.lines().enumerate() {
            let line_no = index + 1;
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if !header_seen {
                if fields != TSV_HEADER {
                    return Err(error(
                        line_no,
                        format!(
                            "the first line must be the header `{}` (tab-separated)",
                            TSV_HEADER.join("\\t")
                        ),
                    ));
                }
                header_seen = true;
                continue;
            }
            if fields.len() != TSV_HEADER.len() {
                return Err(error(
                    line_no,
                    format!(
                        "{} tab-separated fields, expected {}; leave unused columns empty",
                        fields.len(),
                        TSV_HEADER.len()
                    ),
                ));
            }
            let list = |field: &str| -> Vec<String> {
                field
                    .split('|')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(str::to_string)
                    .collect()
            };
            let optional = |field: &str| Some(field.trim().to_string()).filter(|f| !f.is_empty());
            let entry = GazetteerEntry {
                id: fields[0].trim().to_string(),
                entity_type: fields[1].trim().to_string(),
                canonical: fields[2].trim().to_string(),
                official: optional(fields[3]),
                variants: list(fields[4]),
                aliases: list(fields[5]),
                protect: list(fields[6]),
                context: list(fields[7]),
                wikidata: optional(fields[8]),
            };
            entry
                .validate()
                .map_err(|message| error(line_no, message))?;
            entries.push(entry);
        }
        if !header_seen {
            return Err(error(
                1,
                format!("no header line `{}` found", TSV_HEADER.join("\\t")),
            ));
        }
        Ok(Gazetteer { entries })
    }

    /// Writes the TSV form (the header, then one line per entry).
    pub fn to_tsv(&self) -> String {
        let mut out = TSV_HEADER.join("\t");
        out.push('\n');
        for e in &self.entries {
            let clean = |s: &str| s.replace(['\t', '\n', '\r', '|'], " ");
            let list = |items: &[String]| {
                items
                    .iter()
                    .map(|item| clean(item))
                    .collect::<Vec<_>>()
                    .join("|")
            };
            let fields = [
                clean(&e.id),
                clean(&e.entity_type),
                clean(&e.canonical),
                clean(e.official.as_deref().unwrap_or("")),
                list(&e.variants),
                list(&e.aliases),
                list(&e.protect),
                list(&e.context),
                clean(e.wikidata.as_deref().unwrap_or("")),
            ];
            out.push_str(&fields.join("\t"));
            out.push('\n');
        }
        out
    }

    /// Appends entries; they take priority over the ones already here.
    pub fn extend(&mut self, other: Gazetteer) {
        self.entries.extend(other.entries);
    }

    /// Appends one entry (validated).
    pub fn push(&mut self, entry: GazetteerEntry) -> Result<(), TranslitError> {
        entry
            .validate()
            .map_err(|message| TranslitError::Gazetteer {
                source_name: "an entry added in code".into(),
                line: None,
                message,
            })?;
        self.entries.push(entry);
        Ok(())
    }

    /// The entries, in priority order (later wins).
    pub fn entries(&self) -> &[GazetteerEntry] {
        &self.entries
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# a comment\n\
        id\ttype\tcanonical\tofficial\tvariants\taliases\tprotect\tcontext\twikidata\n\
        kyiv\tLOC\tKyiv\t\tKiev|Київ\t\tChicken Kiev\t\tQ1899\n\
        zelensky\tPER\tZelensky\tZelenskyy\tZelenskiy\t\t\tPresident|Volodymyr\t\n";

    #[test]
    fn reads_tsv_rows_lists_and_optional_columns() {
        let g = Gazetteer::from_tsv(SAMPLE, "sample").unwrap();
        assert_eq!(g.entries().len(), 2);
        let kyiv = &g.entries()[0];
        assert_eq!(kyiv.variants, ["Kiev", "Київ"]);
        assert_eq!(kyiv.protect, ["Chicken Kiev"]);
        assert_eq!(kyiv.official, None);
        assert_eq!(kyiv.wikidata.as_deref(), Some("Q1899"));
        let zelensky = &g.entries()[1];
        assert_eq!(zelensky.form(Profile::Default), "Zelensky");
        assert_eq!(zelensky.form(Profile::Official), "Zelenskyy");
        assert_eq!(kyiv.form(Profile::Official), "Kyiv");
    }

    #[test]
    fn tsv_and_json_round_trip() {
        let g = Gazetteer::from_tsv(SAMPLE, "sample").unwrap();
        assert_eq!(Gazetteer::from_tsv(&g.to_tsv(), "again").unwrap(), g);
        let json = serde_json::to_string(g.entries()).unwrap();
        assert_eq!(Gazetteer::from_json(&json, "json").unwrap(), g);
    }

    #[test]
    fn errors_name_the_line_and_the_fix() {
        let bad_header = Gazetteer::from_tsv("id\tcanonical\n", "g.tsv").unwrap_err();
        assert!(bad_header.to_string().contains("g.tsv:1"), "{bad_header}");
        let short = format!("{}\nkyiv\tLOC\tKyiv\n", TSV_HEADER.join("\t"));
        let err = Gazetteer::from_tsv(&short, "g.tsv")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("g.tsv:2") && err.contains("3 tab-separated fields"),
            "{err}"
        );
        let bad_type = format!("{}\nkyiv\tCITY\tKyiv\t\t\t\t\t\t\n", TSV_HEADER.join("\t"));
        let err = Gazetteer::from_tsv(&bad_type, "g.tsv")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("CITY") && err.contains("PER, LOC, ORG"),
            "{err}"
        );
        let err = Gazetteer::from_json("{\"id\": 1}", "g.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("g.json"), "{err}");
        assert!(Gazetteer::from_tsv("", "empty.tsv").is_err());
    }

    #[test]
    fn bundled_gazetteer_loads_and_no_form_names_two_entities() {
        let g = Gazetteer::builtin().unwrap();
        assert!(g.entries().len() > 50);
        assert!(g.entries().iter().any(|e| e.canonical == "Kyiv"));
        let mut owner: std::collections::HashMap<&str, &str> = Default::default();
        for entry in g.entries() {
            let forms = entry
                .spellings()
                .chain(entry.aliases.iter().map(String::as_str));
            for form in forms {
                let previous = owner.insert(form, &entry.id);
                assert!(
                    previous.is_none_or(|id| id == entry.id),
                    "{form:?} is listed under {previous:?} and {:?}",
                    entry.id
                );
            }
        }
    }
}
