//! Boilerplate rules as data: the file format, its validation, and compiled rules.
//!
//! The format is documented with examples in `crates/clean/rules/README.md`; the default rule
//! set is `crates/clean/rules/default.json`.

use crate::error::CleanError;
use polyprep_core::Lang;
use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// The default rule set, compiled into the library.
pub const DEFAULT_RULES_JSON: &str = include_str!("../../rules/default.json");

/// The name under which errors in the default rule set are reported.
pub const DEFAULT_RULES_NAME: &str = "<default rules>";

/// Which part of a block a rule's pattern must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MatchScope {
    /// The whole block (the pattern is anchored at both ends).
    #[default]
    Block,
    /// The beginning of the block (anchored at the start only).
    Prefix,
}

/// What a rule does with what it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RuleAction {
    /// Remove the whole block.
    #[default]
    DropBlock,
    /// Remove only the matched prefix (and the whitespace after it); the rest of the block
    /// stays. Named captures can be saved as metadata (datelines).
    DropPrefix,
    /// Protect the block: no other rule or heuristic may remove it.
    Keep,
}

/// Which way a context condition looks from the block that triggered the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Towards the start of the document.
    Preceding,
    /// Towards the end of the document.
    Following,
}

/// Which neighbouring blocks a context condition takes along.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContextSelect {
    /// The nearest block not removed by another rule, if it is headline-like: short, no
    /// sentence-final punctuation (a teaser headline next to a "Read more" marker).
    Headline,
    /// Blocks up to and including the first one matching the `until` pattern.
    Until,
}

/// A context condition as written in a rule file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextSpec {
    /// Which way to look.
    pub direction: Direction,
    /// What to take.
    pub select: ContextSelect,
    /// With `select: "until"`: the pattern (anchored at the block's start) of the last block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// How many blocks to take at most (`headline`: default 1) or to look through (`until`:
    /// default 5). Blocks removed by other rules are skipped and not counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_blocks: Option<usize>,
    /// When true, the rule only fires if this context is found.
    #[serde(default)]
    pub required: bool,
    /// Why the context blocks go, reported with each of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One rule as written in a rule file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// A short, stable name reported with every block the rule removes, e.g. `"credit-line"`.
    /// A user rule with the name of a default rule replaces it.
    pub name: String,
    /// What the rule removes and why it is safe.
    pub description: String,
    /// A regular expression (Rust `regex` syntax), matched case-sensitively unless it says
    /// `(?i)`. Blocks never have surrounding whitespace; a hard-wrapped block contains `\n`.
    pub pattern: String,
    /// Whether the pattern must cover the whole block or only its beginning.
    #[serde(default)]
    pub scope: MatchScope,
    /// What to do with a match.
    #[serde(default)]
    pub action: RuleAction,
    /// ISO 639-1 or 639-3 codes; when given, the rule applies only to documents in one of these
    /// languages (or whose language is unknown).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// Only blocks of at most this many characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<usize>,
    /// When true, only blocks cut off with an ellipsis (`…`, `...`) at their end: excerpts of
    /// other articles.
    #[serde(default)]
    pub truncated: bool,
    /// For `drop_prefix`: named capture → metadata key, e.g. `{"date": "dateline_date"}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    /// Neighbouring blocks that go with a match.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<ContextSpec>,
    /// The reason reported with each removed block; defaults to the description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A rule file: `{"rules": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RuleFile {
    /// The rules, tried in order; the first that matches a block wins.
    pub rules: Vec<RuleSpec>,
}

/// A compiled context condition.
#[derive(Debug, Clone)]
pub struct CompiledContext {
    /// Which way to look.
    pub direction: Direction,
    /// What to take.
    pub select: ContextSelect,
    /// The `until` pattern, anchored at the start.
    pub until: Option<Regex>,
    /// See [`ContextSpec::max_blocks`].
    pub max_blocks: usize,
    /// See [`ContextSpec::required`].
    pub required: bool,
    /// Reason reported with the context blocks.
    pub reason: String,
}

/// A compiled, validated rule.
#[derive(Debug, Clone)]
pub struct BoilerplateRule {
    /// The rule's name.
    pub name: String,
    /// Where the rule came from (a file path or [`DEFAULT_RULES_NAME`]).
    pub source: String,
    /// The anchored pattern.
    pub regex: Regex,
    /// See [`RuleSpec::scope`].
    pub scope: MatchScope,
    /// See [`RuleSpec::action`].
    pub action: RuleAction,
    /// Languages the rule is restricted to (empty: all).
    pub languages: Vec<Lang>,
    /// See [`RuleSpec::max_chars`].
    pub max_chars: Option<usize>,
    /// See [`RuleSpec::truncated`].
    pub truncated: bool,
    /// Capture name → metadata key.
    pub metadata: Vec<(String, String)>,
    /// Context conditions.
    pub context: Vec<CompiledContext>,
    /// Reason reported with each removed block.
    pub reason: String,
}

impl BoilerplateRule {
    /// Compiles `spec`, read from `source`; errors name the source and the rule.
    pub fn compile(spec: &RuleSpec, source: &str) -> Result<Self, CleanError> {
        let invalid = |message: String| CleanError::InvalidRule {
            file: source.to_string(),
            rule: spec.name.clone(),
            message,
        };
        if spec.name.trim().is_empty() {
            return Err(invalid("the rule has an empty name".into()));
        }
        let anchored = match spec.scope {
            MatchScope::Block => format!("^(?:{})$", spec.pattern),
            MatchScope::Prefix => format!("^(?:{})", spec.pattern),
        };
        let regex = Regex::new(&anchored).map_err(|e| invalid(format!("bad pattern: {e}")))?;
        let mut languages = Vec::new();
        for code in &spec.languages {
            languages.push(
                Lang::from_code(code)
                    .ok_or_else(|| invalid(format!("unknown language code {code:?}")))?,
            );
        }
        if !spec.metadata.is_empty() && spec.action != RuleAction::DropPrefix {
            return Err(invalid(
                "`metadata` needs `\"action\": \"drop_prefix\"` (a dropped block keeps nothing)"
                    .into(),
            ));
        }
        if spec.action == RuleAction::DropPrefix && spec.scope != MatchScope::Prefix {
            return Err(invalid(
                "`\"action\": \"drop_prefix\"` needs `\"scope\": \"prefix\"`".into(),
            ));
        }
        let names: HashSet<&str> = regex.capture_names().flatten().collect();
        let mut metadata = Vec::new();
        for (capture, key) in &spec.metadata {
            if !names.contains(capture.as_str()) {
                return Err(invalid(format!(
                    "`metadata` names the capture {capture:?}, which the pattern does not have"
                )));
            }
            metadata.push((capture.clone(), key.clone()));
        }
        let mut context = Vec::new();
        for c in &spec.context {
            if spec.action == RuleAction::Keep {
                return Err(invalid("a `keep` rule cannot have a context".into()));
            }
            let until = match (c.select, &c.until) {
                (ContextSelect::Until, Some(p)) => Some(
                    Regex::new(&format!("^(?:{p})"))
                        .map_err(|e| invalid(format!("bad `until` pattern: {e}")))?,
                ),
                (ContextSelect::Until, None) => {
                    return Err(invalid(
                        "a context with `\"select\": \"until\"` needs an `until` pattern".into(),
                    ))
                }
                (ContextSelect::Headline, Some(_)) => {
                    return Err(invalid(
                        "`until` only goes with `\"select\": \"until\"`".into(),
                    ))
                }
                (ContextSelect::Headline, None) => None,
            };
            let max_blocks = c.max_blocks.unwrap_or(match c.select {
                ContextSelect::Headline => 1,
                ContextSelect::Until => 5,
            });
            if max_blocks == 0 {
                return Err(invalid("`max_blocks` must be at least 1".into()));
            }
            context.push(CompiledContext {
                direction: c.direction,
                select: c.select,
                until,
                max_blocks,
                required: c.required,
                reason: c.reason.clone().unwrap_or_else(|| {
                    format!("goes with the block that rule {} matched", spec.name)
                }),
            });
        }
        Ok(BoilerplateRule {
            name: spec.name.clone(),
            source: source.to_string(),
            regex,
            scope: spec.scope,
            action: spec.action,
            languages,
            max_chars: spec.max_chars,
            truncated: spec.truncated,
            metadata,
            context,
            reason: spec
                .reason
                .clone()
                .unwrap_or_else(|| spec.description.clone()),
        })
    }

    /// Whether the rule applies to a document in `lang` (`None`: unknown).
    pub fn applies_to(&self, lang: Option<Lang>) -> bool {
        match lang {
            Some(l) if !self.languages.is_empty() => self.languages.contains(&l),
            _ => true,
        }
    }

    /// The end (in `block`) of this rule's match on `block`, if it matches.
    pub fn match_end(&self, block: &str) -> Option<usize> {
        self.match_end_measured(
            block,
            block.chars().count(),
            super::blocks::is_truncated(block),
        )
    }

    /// [`BoilerplateRule::match_end`] for a block whose length in characters and truncation
    /// are already known.
    pub fn match_end_measured(&self, block: &str, chars: usize, truncated: bool) -> Option<usize> {
        if (self.truncated && !truncated) || self.max_chars.is_some_and(|max| chars > max) {
            return None;
        }
        self.regex.find(block).map(|m| m.end())
    }
}

/// Parses and compiles the rules of one rule file's text; `source` names it in errors.
///
/// Each rule is checked on its own, so an error names the rule (or its position when it has
/// no name) as well as the file.
pub fn parse_rules(json: &str, source: &str) -> Result<Vec<BoilerplateRule>, CleanError> {
    let file_error = |message: String| CleanError::InvalidRuleFile {
        file: source.to_string(),
        message,
    };
    let value: Value = serde_json::from_str(json).map_err(|error| CleanError::RuleFileSyntax {
        file: source.to_string(),
        source: error,
    })?;
    let Some(object) = value.as_object() else {
        return Err(file_error("expected an object `{\"rules\": [...]}`".into()));
    };
    if let Some(key) = object
        .keys()
        .find(|k| k.as_str() != "rules" && !k.starts_with('_'))
    {
        return Err(file_error(format!(
            "unknown top-level field {key:?} (expected `rules`; fields starting with `_` are comments)"
        )));
    }
    let Some(rules) = object.get("rules").and_then(Value::as_array) else {
        return Err(file_error("expected a `rules` array".into()));
    };
    let mut compiled = Vec::with_capacity(rules.len());
    let mut seen = HashSet::new();
    for (i, rule) in rules.iter().enumerate() {
        let label = rule
            .get("name")
            .and_then(Value::as_str)
            .map_or_else(|| format!("#{}", i + 1), str::to_string);
        let spec: RuleSpec =
            serde_json::from_value(rule.clone()).map_err(|e| CleanError::InvalidRule {
                file: source.to_string(),
                rule: label.clone(),
                message: e.to_string(),
            })?;
        if !seen.insert(spec.name.clone()) {
            return Err(CleanError::InvalidRule {
                file: source.to_string(),
                rule: label,
                message: "another rule of this file has the same name".into(),
            });
        }
        compiled.push(BoilerplateRule::compile(&spec, source)?);
    }
    Ok(compiled)
}

/// Reads and compiles a rule file.
pub fn load_rule_file(path: &Path) -> Result<Vec<BoilerplateRule>, CleanError> {
    let json = std::fs::read_to_string(path).map_err(|source| CleanError::RuleFile {
        path: PathBuf::from(path),
        source,
    })?;
    parse_rules(&json, &path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(json: &str) -> Result<Vec<BoilerplateRule>, CleanError> {
        parse_rules(json, "user.json")
    }

    #[test]
    fn default_rules_compile() {
        let rules = parse_rules(DEFAULT_RULES_JSON, DEFAULT_RULES_NAME).unwrap();
        assert!(rules.len() >= 10);
        assert!(rules.iter().all(|r| !r.reason.is_empty()));
    }

    #[test]
    fn errors_name_the_file_and_the_rule() {
        let err = one(r#"{"rules": [{"name": "ok", "description": "d", "pattern": "x"},
                                     {"name": "broken", "description": "d", "pattern": "(unclosed"}]}"#)
            .unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("user.json") && message.contains("broken"),
            "{message}"
        );
        assert!(matches!(err, CleanError::InvalidRule { ref rule, .. } if rule == "broken"));
    }

    #[test]
    fn invalid_rules_are_refused() {
        let cases = [
            (
                r#"{"name": "a", "description": "d", "pattern": "x", "languages": ["xx"]}"#,
                "unknown language",
            ),
            (
                r#"{"name": "a", "description": "d", "pattern": "x", "actoin": "keep"}"#,
                "unknown field",
            ),
            (
                r#"{"name": "a", "description": "d", "pattern": "(?P<d>x)", "metadata": {"d": "k"}}"#,
                "drop_prefix",
            ),
            (
                r#"{"name": "a", "description": "d", "pattern": "x", "scope": "prefix", "action": "drop_prefix", "metadata": {"nope": "k"}}"#,
                "capture",
            ),
            (
                r#"{"name": "a", "description": "d", "pattern": "x", "context": [{"direction": "following", "select": "until"}]}"#,
                "until",
            ),
            (
                r#"{"name": "", "description": "d", "pattern": "x"}"#,
                "empty name",
            ),
            (
                r#"{"name": "a", "description": "d", "pattern": "x", "context": [{"direction": "following", "select": "headline", "max_blocks": 0}]}"#,
                "at least 1",
            ),
        ];
        for (rule, expected) in cases {
            let err = one(&format!(r#"{{"rules": [{rule}]}}"#))
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected), "{rule}: {err}");
        }
        let dup = r#"{"rules": [{"name": "a", "description": "d", "pattern": "x"}, {"name": "a", "description": "d", "pattern": "y"}]}"#;
        assert!(one(dup).unwrap_err().to_string().contains("same name"));
        assert!(one("[1, 2]").unwrap_err().to_string().contains("user.json"));
        assert!(one("{\"rulez\": []}")
            .unwrap_err()
            .to_string()
            .contains("rulez"));
        assert!(one("{not json")
            .unwrap_err()
            .to_string()
            .contains("not valid JSON"));
    }

    #[test]
    fn scope_anchors_the_pattern() {
        let rules = one(
            r#"{"rules": [{"name": "b", "description": "d", "pattern": "(?i)close"},
                          {"name": "p", "description": "d", "pattern": "date \\d+ ", "scope": "prefix", "action": "drop_prefix"}]}"#,
        )
        .unwrap();
        assert_eq!(rules[0].match_end("Close"), Some(5));
        assert_eq!(rules[0].match_end("Close the door."), None);
        assert_eq!(rules[1].match_end("date 2024 rest"), Some(10));
        assert_eq!(rules[1].match_end("a date 2024 rest"), None);
    }

    #[test]
    fn languages_restrict_unless_unknown() {
        let rules = one(r#"{"rules": [{"name": "r", "description": "d", "pattern": "x", "languages": ["en", "ukr"]}]}"#).unwrap();
        assert!(rules[0].applies_to(Some(Lang::Eng)));
        assert!(rules[0].applies_to(Some(Lang::Ukr)));
        assert!(!rules[0].applies_to(Some(Lang::Deu)));
        assert!(rules[0].applies_to(None));
    }

    #[test]
    fn missing_file_names_the_path() {
        let err = load_rule_file(Path::new("/nonexistent/rules.json")).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/rules.json"));
        assert!(std::error::Error::source(&err).is_some());
    }
}
