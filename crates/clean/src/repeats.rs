//! Repeated-block removal: a block whose text already appeared earlier in the same document is
//! removed, so an article that a scraper captured three times is kept once.
//!
//! ```
//! use polyprep_clean::repeats::{RepeatConfig, RepeatRemover};
//! use polyprep_core::{Document, Stage};
//!
//! let para = "Kirby said the troops could travel to western Russia and engage in combat.";
//! let text = format!("{para}\nMoscow denied the reports on Thursday, officials said.\n{para}\nMoscow denied the reports on Thursday, officials said.");
//! let mut doc = Document::new("d", text);
//! RepeatRemover::new(RepeatConfig::default()).process(&mut doc)?;
//! assert_eq!(doc.text().matches(para).count(), 1);
//! // The second copy is reported once, as one run of repeated blocks.
//! assert_eq!(doc.annotations.removed.len(), 1);
//! assert_eq!(doc.annotations.removed[0].rule, "repeated-block");
//! # Ok::<(), polyprep_core::Error>(())
//! ```

use crate::boilerplate::blocks::{split_blocks, Block};
use crate::boilerplate::{block_deletions, delete_ranges};
use polyprep_core::{Document, RemovedBlock, Stage};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::ops::Range;

/// Configuration of repeated-block removal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RepeatConfig {
    /// Whether repeated blocks are removed at all.
    pub enabled: bool,
    /// Blocks shorter than this (characters, after whitespace collapsing) are not removed for
    /// being repeated on their own — a one-word line or a short quote may rightly recur — but
    /// are when they sit inside a run of longer repeated blocks.
    pub min_chars: usize,
    /// Only annotate repeats (`removed: false`), do not remove them.
    pub keep: bool,
}

impl Default for RepeatConfig {
    fn default() -> Self {
        RepeatConfig {
            enabled: true,
            min_chars: 40,
            keep: false,
        }
    }
}

/// Removes (or flags) blocks repeated within one document. A [`Stage`] named `"repeats"`.
#[derive(Debug, Clone, Default)]
pub struct RepeatRemover {
    config: RepeatConfig,
}

/// The rule name repeated blocks are reported under.
pub const REPEATED_BLOCK_RULE: &str = "repeated-block";

impl RepeatRemover {
    /// A remover with `config`.
    pub fn new(config: RepeatConfig) -> Self {
        RepeatRemover { config }
    }

    /// The configuration.
    pub fn config(&self) -> &RepeatConfig {
        &self.config
    }

    /// Runs of repeated blocks in `text`, as ranges of block indices into `blocks`. Blocks
    /// whose index is in `ignore` (already flagged as boilerplate) are neither fingerprinted
    /// nor reported, and end a run, as does `barrier_before[i]` (boilerplate was removed
    /// between blocks `i - 1` and `i`): keep mode and removal then report the same runs.
    fn repeated_runs(
        &self,
        text: &str,
        blocks: &[Block],
        ignore: &[bool],
        barrier_before: &[bool],
    ) -> Vec<Range<usize>> {
        let n = blocks.len();
        let mut seen: HashSet<String> = HashSet::new();
        // 2: repeated and long enough on its own; 1: repeated but short; 0: first occurrence.
        let mut state = vec![0u8; n];
        for (i, b) in blocks.iter().enumerate() {
            if ignore[i] {
                continue;
            }
            let key = fingerprint(b.text(text));
            if key.is_empty() {
                continue;
            }
            let long = key.chars().count() >= self.config.min_chars;
            if !seen.insert(key) {
                state[i] = if long { 2 } else { 1 };
            }
        }
        let mut runs = Vec::new();
        let mut i = 0;
        while i < n {
            if state[i] != 2 {
                i += 1;
                continue;
            }
            // Extend the run over long repeats, and over short repeats that lie between two
            // long repeats.
            let mut end = i + 1;
            let mut j = i + 1;
            while j < n && !barrier_before[j] && !ignore[j] {
                match state[j] {
                    2 => {
                        j += 1;
                        end = j;
                    }
                    1 => j += 1,
                    _ => break,
                }
            }
            runs.push(i..end);
            i = end;
        }
        runs
    }
}

/// The normalized text a block is compared by: whitespace collapsed, case folded.
pub fn fingerprint(block: &str) -> String {
    let mut out = String::with_capacity(block.len());
    for word in block.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

impl Stage for RepeatRemover {
    fn name(&self) -> &'static str {
        "repeats"
    }

    fn process(&self, doc: &mut Document) -> polyprep_core::Result<()> {
        if !self.config.enabled {
            return Ok(());
        }
        let text = doc.text();
        let blocks = split_blocks(text);
        // In keep mode boilerplate is still in the text; a flagged block must not also be
        // reported as a repeat, so keep mode flags exactly what removal would remove.
        let flagged: Vec<_> = doc
            .annotations
            .removed
            .iter()
            .filter(|r| !r.removed)
            .map(|r| r.span)
            .collect();
        let spans: Vec<_> = blocks
            .iter()
            .map(|b| doc.original_span(b.start, b.end))
            .collect();
        let ignore: Vec<bool> = spans
            .iter()
            .map(|span| {
                flagged
                    .iter()
                    .any(|f| f.start <= span.start && span.end <= f.end)
            })
            .collect();
        let earlier = &doc.annotations.removed;
        let barrier_before: Vec<bool> = (0..blocks.len())
            .map(|i| {
                i > 0 && {
                    let (gap_start, gap_end) = (spans[i - 1].end, spans[i].start);
                    earlier
                        .iter()
                        .any(|r| gap_start <= r.span.start && r.span.end <= gap_end)
                }
            })
            .collect();
        let runs = self.repeated_runs(text, &blocks, &ignore, &barrier_before);
        if runs.is_empty() {
            return Ok(());
        }
        let mut annotations = Vec::new();
        let mut whole = vec![false; blocks.len()];
        for run in &runs {
            whole[run.clone()].iter_mut().for_each(|w| *w = true);
            let (first, last) = (blocks[run.start], blocks[run.end - 1]);
            annotations.push(RemovedBlock {
                span: doc.original_span(first.start, last.end),
                text: text[first.start..last.end].to_string(),
                rule: REPEATED_BLOCK_RULE.to_string(),
                reason: format!(
                    "{} block(s) already present earlier in the document (same text, ignoring case and whitespace)",
                    run.len()
                ),
                removed: !self.config.keep,
            });
        }
        let ranges = block_deletions(text.len(), &blocks, &whole, &[]);
        doc.annotations.removed.extend(annotations);
        if !self.config.keep {
            delete_ranges(doc, &ranges);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, config: RepeatConfig) -> Document {
        let mut doc = Document::new("t", text);
        RepeatRemover::new(config).process(&mut doc).unwrap();
        doc
    }

    const A: &str = "White House spokesperson John Kirby said the troops were in Russia.";
    const B: &str = "We do not yet know whether these soldiers will enter into combat.";

    #[test]
    fn a_repeated_article_is_kept_once_and_reported_per_run() {
        let text = format!("{A}\n{B}\n{A}\n{B}\nMandatory credit\n{A}\n{B}");
        let doc = run(&text, RepeatConfig::default());
        assert_eq!(doc.text(), format!("{A}\n{B}\nMandatory credit"));
        assert_eq!(doc.annotations.removed.len(), 2);
        for r in &doc.annotations.removed {
            assert_eq!(r.rule, REPEATED_BLOCK_RULE);
            assert_eq!(doc.original_slice(r.span), format!("{A}\n{B}"));
            assert!(r.removed);
        }
    }

    /// Regression: two runs of repeats that became adjacent when boilerplate between them was
    /// removed are reported separately, and both are deleted (the second was left in the text).
    #[test]
    fn runs_split_by_removed_boilerplate_are_both_deleted() {
        let text = format!("{A}\n{B}\n{A}\n{B}\nMandatory credit: The White House\n{A}\n{B}");
        let mut doc = Document::new("t", text);
        crate::BoilerplateRemoverBuilder::new()
            .build()
            .unwrap()
            .process(&mut doc)
            .unwrap();
        RepeatRemover::default().process(&mut doc).unwrap();
        assert_eq!(doc.text(), format!("{A}\n{B}"));
        let rules: Vec<&str> = doc
            .annotations
            .removed
            .iter()
            .map(|r| r.rule.as_str())
            .collect();
        assert_eq!(
            rules,
            ["credit-line", REPEATED_BLOCK_RULE, REPEATED_BLOCK_RULE]
        );
    }

    #[test]
    fn case_and_whitespace_do_not_hide_a_repeat() {
        let text = format!("{A}\n\n{}", A.to_uppercase().replace(' ', "  "));
        let doc = run(&text, RepeatConfig::default());
        assert_eq!(doc.text(), A);
    }

    #[test]
    fn short_repeats_stay_unless_inside_a_run() {
        let text = format!("Yes.\n{A}\nYes.\n{B}");
        let doc = run(&text, RepeatConfig::default());
        assert_eq!(doc.text(), text);
        assert!(doc.annotations.removed.is_empty());
        let text = format!("{A}\nUpdate\n{B}\n{A}\nUpdate\n{B}\nEnd.");
        let doc = run(&text, RepeatConfig::default());
        assert_eq!(doc.text(), format!("{A}\nUpdate\n{B}\nEnd."));
        assert_eq!(doc.annotations.removed.len(), 1);
    }

    #[test]
    fn keep_mode_and_disabled() {
        let text = format!("{A}\n{A}");
        let doc = run(
            &text,
            RepeatConfig {
                keep: true,
                ..RepeatConfig::default()
            },
        );
        assert_eq!(doc.text(), text);
        assert_eq!(doc.annotations.removed.len(), 1);
        assert!(!doc.annotations.removed[0].removed);
        let doc = run(
            &text,
            RepeatConfig {
                enabled: false,
                ..RepeatConfig::default()
            },
        );
        assert!(doc.annotations.removed.is_empty());
    }

    #[test]
    fn fingerprints_collapse_whitespace_and_case() {
        assert_eq!(fingerprint("  Kyiv\tSAID \n so "), "kyiv said so");
        assert_eq!(fingerprint(" \n "), "");
    }
}
