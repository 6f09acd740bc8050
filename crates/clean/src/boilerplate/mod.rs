//! Boilerplate removal at block (paragraph or line) level: data-driven rules plus
//! language-aware heuristics. Every removed block is reported with its span in the original
//! text and the rule that removed it; in keep mode blocks are only reported.
//!
//! ```
//! use polyprep_clean::boilerplate::BoilerplateRemoverBuilder;
//! use polyprep_core::{Document, Stage};
//!
//! let remover = BoilerplateRemoverBuilder::new().build()?;
//! let mut doc = Document::new(
//!     "d",
//!     "Troops would be fair game – US\n\nThe White House said so on Wednesday.\n\nRead more\n\nPentagon believes troops are in Russia\n\nHe added that it was a concern.",
//! );
//! remover.process(&mut doc)?;
//! assert_eq!(
//!     doc.text(),
//!     "Troops would be fair game – US\n\nThe White House said so on Wednesday.\n\nHe added that it was a concern."
//! );
//! let rules: Vec<&str> = doc.annotations.removed.iter().map(|r| r.rule.as_str()).collect();
//! assert_eq!(rules, ["read-more", "read-more"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Order of decisions: `keep` rules protect blocks; then rules are tried on each block in order
//! (user rule files first, then the default rules; a user rule named like a default rule
//! replaces it); then the heuristics look at what is left (see [`heuristics`]).

pub mod blocks;
pub mod heuristics;
pub mod rules;
pub mod stopwords;

use crate::error::CleanError;
use blocks::{split_blocks, Block};
use heuristics::{
    is_all_caps_promo, justext_classes, truncated_teaser, BlockClass, BlockFeatures,
    HeuristicsConfig, STOPWORD_FREE,
};
use polyprep_core::{Document, Lang, RemovedBlock, Stage, TextRewriter};
use regex::RegexSet;
use rules::{
    load_rule_file, parse_rules, BoilerplateRule, ContextSelect, Direction, RuleAction,
    DEFAULT_RULES_JSON, DEFAULT_RULES_NAME,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::ops::Range;
use std::path::PathBuf;
use stopwords::StopWords;

pub use heuristics::JustextParams;
pub use rules::{MatchScope, RuleFile, RuleSpec};

/// Configuration of boilerplate removal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BoilerplateConfig {
    /// Rule files of your own (JSON, see `crates/clean/rules/README.md`), tried before the
    /// default rules in the order given.
    pub rule_files: Vec<PathBuf>,
    /// Whether the built-in rules (`crates/clean/rules/default.json`) apply.
    pub use_default_rules: bool,
    /// Only annotate boilerplate (`removed: false`), do not remove it.
    pub keep: bool,
    /// The documents' language, when known in advance; otherwise a language annotation of the
    /// document is used, and failing that a guess from stop words.
    pub language: Option<Lang>,
    /// Which heuristics run and their thresholds.
    pub heuristics: HeuristicsConfig,
}

impl Default for BoilerplateConfig {
    fn default() -> Self {
        BoilerplateConfig {
            rule_files: Vec::new(),
            use_default_rules: true,
            keep: false,
            language: None,
            heuristics: HeuristicsConfig::default(),
        }
    }
}

/// Builds a [`BoilerplateRemover`].
#[derive(Debug, Clone, Default)]
pub struct BoilerplateRemoverBuilder {
    config: BoilerplateConfig,
    inline_rules: Vec<(String, String)>,
}

impl BoilerplateRemoverBuilder {
    /// A builder with the default configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the whole configuration.
    pub fn with_config(mut self, config: BoilerplateConfig) -> Self {
        self.config = config;
        self
    }

    /// Adds a rule file of your own.
    pub fn with_rule_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config.rule_files.push(path.into());
        self
    }

    /// Adds rules from JSON text (the rule-file format); `name` identifies them in errors.
    pub fn with_rules_json(mut self, name: impl Into<String>, json: impl Into<String>) -> Self {
        self.inline_rules.push((name.into(), json.into()));
        self
    }

    /// Only annotate boilerplate instead of removing it.
    pub fn with_keep(mut self, keep: bool) -> Self {
        self.config.keep = keep;
        self
    }

    /// Sets the documents' language.
    pub fn with_language(mut self, language: Option<Lang>) -> Self {
        self.config.language = language;
        self
    }

    /// Loads and checks every rule.
    pub fn build(self) -> Result<BoilerplateRemover, CleanError> {
        let mut user: Vec<BoilerplateRule> = Vec::new();
        for path in &self.config.rule_files {
            user.extend(load_rule_file(path)?);
        }
        for (name, json) in &self.inline_rules {
            user.extend(parse_rules(json, name)?);
        }
        let mut rules = user;
        if self.config.use_default_rules {
            let defaults = parse_rules(DEFAULT_RULES_JSON, DEFAULT_RULES_NAME)?;
            let replaced: Vec<String> = rules.iter().map(|r| r.name.clone()).collect();
            rules.extend(defaults.into_iter().filter(|r| !replaced.contains(&r.name)));
        }
        let mut stop = StopWords::new(&self.config.heuristics.languages);
        if let Some(lang) = self.config.language {
            stop.ensure(lang);
        }
        let set = RegexSet::new(rules.iter().map(|r| r.regex.as_str())).map_err(|e| {
            CleanError::InvalidRuleFile {
                file: "(all rules together)".into(),
                message: format!("the rules cannot be combined: {e}"),
            }
        })?;
        Ok(BoilerplateRemover {
            rules,
            set,
            stop,
            config: self.config,
        })
    }
}

/// What the remover found in a text: one block, or the prefix of one, and why it goes.
#[derive(Debug, Clone, PartialEq)]
pub struct BoilerplateFinding {
    /// The found content (a whole block, or a dateline-like prefix) in the text searched.
    pub range: Range<usize>,
    /// Whether only a prefix of the block goes.
    pub prefix: bool,
    /// The rule or heuristic.
    pub rule: String,
    /// Why, in words.
    pub reason: String,
    /// Metadata the match yields (capture → value, under the rule's keys).
    pub metadata: Vec<(String, String)>,
    block: usize,
    /// For a prefix: where the deletion ends (the match plus the whitespace after it).
    delete_end: usize,
}

/// Removes (or, in keep mode, flags) boilerplate blocks. A [`Stage`] named `"boilerplate"`.
#[derive(Debug, Clone)]
pub struct BoilerplateRemover {
    rules: Vec<BoilerplateRule>,
    /// All rules' patterns as one automaton, to find the candidates for a block in one pass.
    set: RegexSet,
    stop: StopWords,
    config: BoilerplateConfig,
}

/// A decision about one block.
#[derive(Debug, Clone)]
struct Decision {
    rule: String,
    reason: String,
    prefix_end: Option<usize>,
    metadata: Vec<(String, String)>,
}

impl BoilerplateRemover {
    /// The rules in the order they are tried.
    pub fn rules(&self) -> &[BoilerplateRule] {
        &self.rules
    }

    /// The configuration.
    pub fn config(&self) -> &BoilerplateConfig {
        &self.config
    }

    /// The language boilerplate decisions for `doc` use: the configured one, else the
    /// document's reliable language annotation, else a guess from stop words.
    pub fn document_language(&self, doc: &Document) -> Option<Lang> {
        self.config
            .language
            .or_else(|| {
                doc.annotations
                    .language
                    .filter(|g| g.reliable && g.lang != Lang::Und)
                    .map(|g| g.lang)
            })
            .or_else(|| self.stop.guess(doc.text()))
    }

    /// Finds the boilerplate of `text`, a document in `lang`, without changing anything.
    pub fn find(&self, text: &str, lang: Option<Lang>) -> Vec<BoilerplateFinding> {
        let blocks = split_blocks(text);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text(text)).collect();
        let n = blocks.len();
        // Every rule that matches each block, in rule order: one pass of the combined
        // automaton, then the individual regex only for the rules it names.
        let applicable: Vec<bool> = self.rules.iter().map(|r| r.applies_to(lang)).collect();
        let matches: Vec<Vec<(&BoilerplateRule, usize)>> = texts
            .iter()
            .map(|t| {
                let chars = t.chars().count();
                let truncated = blocks::is_truncated(t);
                self.set
                    .matches(t)
                    .into_iter()
                    .filter(|&k| applicable[k])
                    .filter_map(|k| {
                        let rule = &self.rules[k];
                        rule.match_end_measured(t, chars, truncated)
                            .map(|end| (rule, end))
                    })
                    .collect()
            })
            .collect();

        let protected: Vec<bool> = matches
            .iter()
            .map(|m| m.first().is_some_and(|(r, _)| r.action == RuleAction::Keep))
            .collect();

        // Blocks another rule removes outright: context conditions look past them, so that a
        // caption between "Read more" and its headline does not hide the headline.
        let skip: Vec<bool> = matches
            .iter()
            .zip(&protected)
            .map(|(m, &p)| {
                !p && m
                    .iter()
                    .find(|(r, _)| r.context.iter().all(|c| !c.required))
                    .is_some_and(|(r, _)| r.action == RuleAction::DropBlock)
            })
            .collect();

        let mut decisions: Vec<Option<Decision>> = vec![None; n];
        let mut context_of: Vec<Option<Decision>> = vec![None; n];
        for i in 0..n {
            if protected[i] {
                continue;
            }
            for &(rule, end) in &matches[i] {
                if rule.action == RuleAction::Keep {
                    break;
                }
                let mut taken: Vec<(usize, &str)> = Vec::new();
                let mut fulfilled = true;
                for c in &rule.context {
                    let found = self.context_blocks(c, i, &texts, &skip, &protected);
                    if found.is_empty() && c.required {
                        fulfilled = false;
                        break;
                    }
                    taken.extend(found.into_iter().map(|j| (j, c.reason.as_str())));
                }
                if !fulfilled {
                    continue;
                }
                let (prefix_end, metadata) = match rule.action {
                    RuleAction::DropPrefix => {
                        let caps = rule.regex.captures(texts[i]);
                        let metadata = rule
                            .metadata
                            .iter()
                            .filter_map(|(cap, key)| {
                                let v = caps.as_ref()?.name(cap)?.as_str().trim();
                                (!v.is_empty()).then(|| (key.clone(), v.to_string()))
                            })
                            .collect();
                        // A prefix that is the whole block takes the block.
                        let rest_empty = texts[i][end..].trim().is_empty();
                        ((!rest_empty).then_some(end), metadata)
                    }
                    _ => (None, Vec::new()),
                };
                decisions[i] = Some(Decision {
                    rule: rule.name.clone(),
                    reason: rule.reason.clone(),
                    prefix_end,
                    metadata,
                });
                for (j, reason) in taken {
                    context_of[j].get_or_insert_with(|| Decision {
                        rule: rule.name.clone(),
                        reason: reason.to_string(),
                        prefix_end: None,
                        metadata: Vec::new(),
                    });
                }
                break;
            }
        }
        for (d, c) in decisions.iter_mut().zip(context_of) {
            if d.is_none() {
                *d = c;
            }
        }
        let removed = |d: &Option<Decision>| d.as_ref().is_some_and(|d| d.prefix_end.is_none());
        let h = &self.config.heuristics;

        if h.all_caps_promo {
            for i in 0..n {
                if decisions[i].is_none() && !protected[i] && is_all_caps_promo(texts[i], lang) {
                    decisions[i] = Some(Decision {
                        rule: "all-caps-promo".into(),
                        reason: "a line in capitals advertising something (promotional wording or a BRAND+ mark), not a sentence".into(),
                        prefix_end: None,
                        metadata: Vec::new(),
                    });
                }
            }
        }

        if h.truncated_teaser {
            let left: Vec<usize> = (0..n).filter(|&i| !removed(&decisions[i])).collect();
            let left_texts: Vec<&str> = left.iter().map(|&i| texts[i]).collect();
            if let Some(pair) = truncated_teaser(&left_texts, h.headline_max_chars) {
                let targets = pair.map(|k| left[k]);
                if targets
                    .iter()
                    .all(|&i| !protected[i] && decisions[i].is_none())
                {
                    for (k, &i) in targets.iter().enumerate() {
                        decisions[i] = Some(Decision {
                            rule: "truncated-teaser".into(),
                            reason: if k == 0 {
                                "headline of a teaser that ends the document cut off with an ellipsis"
                            } else {
                                "teaser excerpt cut off with an ellipsis at the end of the document"
                            }
                            .into(),
                            prefix_end: None,
                            metadata: Vec::new(),
                        });
                    }
                }
            }
        }

        if h.stopword_density {
            self.density_pass(&texts, lang, &protected, &mut decisions);
        }

        decisions
            .into_iter()
            .enumerate()
            .filter_map(|(i, d)| {
                let d = d?;
                let b = blocks[i];
                Some(match d.prefix_end {
                    Some(end) => {
                        let rest = &texts[i][end..];
                        let ws = rest.len() - rest.trim_start().len();
                        let matched = texts[i][..end].trim_end();
                        BoilerplateFinding {
                            range: b.start..b.start + matched.len(),
                            prefix: true,
                            rule: d.rule,
                            reason: d.reason,
                            metadata: d.metadata,
                            block: i,
                            delete_end: b.start + end + ws,
                        }
                    }
                    None => BoilerplateFinding {
                        range: b.range(),
                        prefix: false,
                        rule: d.rule,
                        reason: d.reason,
                        metadata: d.metadata,
                        block: i,
                        delete_end: b.end,
                    },
                })
            })
            .collect()
    }

    /// The blocks a context condition takes along from block `i`.
    fn context_blocks(
        &self,
        c: &rules::CompiledContext,
        i: usize,
        texts: &[&str],
        skip: &[bool],
        protected: &[bool],
    ) -> Vec<usize> {
        let order: Box<dyn Iterator<Item = usize>> = match c.direction {
            Direction::Following => Box::new(i + 1..texts.len()),
            Direction::Preceding => Box::new((0..i).rev()),
        };
        let candidates = order.filter(|&j| !skip[j]);
        let max_chars = self.config.heuristics.headline_max_chars;
        let mut taken = Vec::new();
        match c.select {
            ContextSelect::Headline => {
                for j in candidates {
                    if taken.len() == c.max_blocks
                        || protected[j]
                        || !blocks::is_headline_like(texts[j], max_chars)
                    {
                        break;
                    }
                    taken.push(j);
                }
            }
            ContextSelect::Until => {
                let Some(until) = &c.until else {
                    return taken;
                };
                for j in candidates.take(c.max_blocks) {
                    if protected[j] {
                        return Vec::new();
                    }
                    taken.push(j);
                    if until.is_match(texts[j]) {
                        return taken;
                    }
                }
                taken.clear();
            }
        }
        taken
    }

    /// The jusText-style pass: removes what the classifier calls bad where that is safe.
    fn density_pass(
        &self,
        texts: &[&str],
        lang: Option<Lang>,
        protected: &[bool],
        decisions: &mut [Option<Decision>],
    ) {
        let n = texts.len();
        let h = &self.config.heuristics;
        let density_lang = lang.filter(|&l| self.stop.has(l));
        let removed = |d: &Option<Decision>| d.as_ref().is_some_and(|d| d.prefix_end.is_none());
        let features: Vec<BlockFeatures> = texts
            .iter()
            .map(|t| BlockFeatures::measure(t, density_lang, &self.stop))
            .collect();
        let mut classes = justext_classes(&features, &h.justext);
        for i in 0..n {
            if removed(&decisions[i]) {
                classes[i] = BlockClass::Bad;
            } else if protected[i] {
                classes[i] = BlockClass::Good;
            }
        }
        // Where jusText itself has no context, the rule-based decisions give it.
        let revised = heuristics::revise_classes(&classes);
        let candidate = |i: usize| {
            let f = &features[i];
            decisions[i].is_none() && !protected[i] && revised[i] == BlockClass::Bad && !f.sentence
        };
        let mut chosen: Vec<Option<&'static str>> = vec![None; n];
        for i in 0..n {
            if candidate(i) && features[i].link_density > h.justext.max_link_density {
                chosen[i] = Some("link");
            }
        }
        // Runs of stop-word-free lines (menus, tag lists) go when they lean on boilerplate:
        // a run of two or more touching boilerplate or the end of the document, a single line
        // only with boilerplate on both sides, or boilerplate before it and the end after it.
        // The first block left (the title's place) never goes this way.
        let first_kept = (0..n).find(|&i| !removed(&decisions[i]) && chosen[i].is_none());
        if density_lang.is_some() {
            let free = |i: usize| {
                chosen[i].is_none()
                    && candidate(i)
                    && Some(i) != first_kept
                    && features[i].stopword_density < STOPWORD_FREE
            };
            let gone = |i: usize| removed(&decisions[i]) || chosen[i].is_some();
            let mut runs: Vec<Range<usize>> = Vec::new();
            let mut i = 0;
            while i < n {
                if !free(i) {
                    i += 1;
                    continue;
                }
                let start = i;
                while i < n && free(i) {
                    i += 1;
                }
                runs.push(start..i);
            }
            let going: Vec<Range<usize>> = runs
                .into_iter()
                .filter(|run| {
                    let before = run.start > 0 && gone(run.start - 1);
                    let after_end = run.end == n;
                    let after = !after_end && gone(run.end);
                    if run.len() >= 2 {
                        before || after || after_end
                    } else {
                        before && (after || after_end)
                    }
                })
                .collect();
            for run in going {
                for k in run {
                    chosen[k] = Some("free");
                }
            }
        }
        for i in 0..n {
            let Some(kind) = chosen[i] else { continue };
            let f = &features[i];
            let why = if kind == "link" {
                format!(
                    "jusText-style: bad block (link/separator density {:.2}), not a sentence",
                    f.link_density
                )
            } else {
                format!(
                    "jusText-style: bad block without stop words (density {:.2}), not a sentence, in a run leaning on boilerplate",
                    f.stopword_density
                )
            };
            decisions[i] = Some(Decision {
                rule: "stopword-density".into(),
                reason: why,
                prefix_end: None,
                metadata: Vec::new(),
            });
        }
    }
}

/// The deletions that remove `findings` from `text` (sorted, disjoint byte ranges).
fn deletions(text: &str, findings: &[BoilerplateFinding]) -> Vec<Range<usize>> {
    let blocks: Vec<Block> = split_blocks(text);
    let n = blocks.len();
    let mut whole = vec![false; n];
    let mut prefix: Vec<Option<usize>> = vec![None; n];
    for f in findings {
        if f.block >= n {
            continue;
        }
        if f.prefix {
            prefix[f.block] = Some(f.delete_end);
        } else {
            whole[f.block] = true;
        }
    }
    block_deletions(text.len(), &blocks, &whole, &prefix)
}

/// The byte ranges that remove the blocks flagged in `whole` and the prefixes in `prefix`
/// (prefix end per block) from a text of `text_len` bytes split into `blocks`.
///
/// A run of removed blocks goes with the separator after it, so the text closes up; a run at
/// the end of the text goes with the separator before it instead, so no blank line is left
/// dangling; a prefix goes from the start of its line. The ranges are sorted and disjoint.
pub(crate) fn block_deletions(
    text_len: usize,
    blocks: &[Block],
    whole: &[bool],
    prefix: &[Option<usize>],
) -> Vec<Range<usize>> {
    let n = blocks.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if !whole.get(i).copied().unwrap_or(false) {
            if let Some(end) = prefix.get(i).copied().flatten() {
                out.push(blocks[i].line_start..end);
            }
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < n && whole.get(j + 1).copied().unwrap_or(false) {
            j += 1;
        }
        if j + 1 < n {
            out.push(blocks[i].line_start..blocks[j + 1].line_start);
        } else if i > 0 {
            out.push(blocks[i - 1].end..blocks[j].end);
        } else {
            out.push(0..text_len);
        }
        i = j + 1;
    }
    out
}

/// Applies removals of byte ranges of the current text through a [`TextRewriter`].
pub(crate) fn delete_ranges(doc: &mut Document, ranges: &[Range<usize>]) {
    if ranges.is_empty() {
        return;
    }
    doc.apply(|text| {
        let mut rw = TextRewriter::new(text);
        for r in ranges {
            if r.start < rw.position() || r.end < r.start || r.end > text.len() {
                continue; // not sorted or out of bounds: skip rather than panic
            }
            rw.copy_to(r.start);
            rw.delete_to(r.end);
        }
        rw.finish()
    });
}

impl Stage for BoilerplateRemover {
    fn name(&self) -> &'static str {
        "boilerplate"
    }

    fn process(&self, doc: &mut Document) -> polyprep_core::Result<()> {
        let lang = self.document_language(doc);
        let findings = self.find(doc.text(), lang);
        if findings.is_empty() {
            return Ok(());
        }
        for f in &findings {
            for (key, value) in &f.metadata {
                if !doc.metadata.contains_key(key) {
                    doc.metadata
                        .insert(key.clone(), Value::String(value.clone()));
                }
            }
            let span = doc.original_span(f.range.start, f.range.end);
            doc.annotations.removed.push(RemovedBlock {
                span,
                text: doc.text()[f.range.clone()].to_string(),
                rule: f.rule.clone(),
                reason: f.reason.clone(),
                removed: !self.config.keep,
            });
        }
        if !self.config.keep {
            let ranges = deletions(doc.text(), &findings);
            delete_ranges(doc, &ranges);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
