//! Span-level evaluation on CoNLL-style data, scored the way `seqeval` scores (its default,
//! conlleval-compatible mode).

use crate::error::{NerError, Result};
use crate::ner::{Ner, NerStats};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;

/// One sentence of an evaluation set: its words and their gold tags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// The words, as the data set splits them.
    pub words: Vec<String>,
    /// One tag per word (`O`, `B-PER`, `I-LOC`, ...; IOB1 and IOB2 both work).
    pub tags: Vec<String>,
}

/// Reads a CoNLL-style file: one `token<TAB>tag` per line (or whitespace-separated columns with
/// the tag last, as in CoNLL-2003), a blank line between sentences, `-DOCSTART-` lines skipped.
pub fn read_conll(path: &Path) -> Result<Vec<Sentence>> {
    let text = std::fs::read_to_string(path).map_err(|source| NerError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_conll(&text, path)
}

/// Parses CoNLL-style text; `path` only names the source in errors.
pub fn parse_conll(text: &str, path: &Path) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut current = Sentence {
        words: Vec::new(),
        tags: Vec::new(),
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.words.is_empty() {
                out.push(std::mem::replace(
                    &mut current,
                    Sentence {
                        words: Vec::new(),
                        tags: Vec::new(),
                    },
                ));
            }
            continue;
        }
        let (word, tag) = match line.split_once('\t') {
            Some((word, rest)) => (word, rest.rsplit('\t').next().unwrap_or(rest)),
            None => {
                let mut cols = line.split_whitespace();
                let word = cols.next().unwrap_or("");
                match cols.next_back() {
                    Some(tag) => (word, tag),
                    None => {
                        return Err(NerError::Data {
                            path: path.to_path_buf(),
                            line: n + 1,
                            message: format!("expected `token<TAB>tag`, got {line:?}"),
                        })
                    }
                }
            }
        };
        if word == "-DOCSTART-" {
            continue;
        }
        current.words.push(word.to_owned());
        current.tags.push(tag.trim().to_owned());
    }
    if !current.words.is_empty() {
        out.push(current);
    }
    Ok(out)
}

/// An entity span over word positions: (type, first word, one past the last word).
pub type WordSpan = (String, usize, usize);

fn split_tag(tag: &str) -> (char, &str) {
    if tag == "O" || tag.is_empty() {
        return ('O', "");
    }
    match tag.split_once(['-', '_']) {
        Some((p, ty)) if p.chars().count() == 1 => (p.chars().next().unwrap_or('O'), ty),
        _ => ('I', tag),
    }
}

fn end_of_chunk(prev: char, tag: char, prev_ty: &str, ty: &str) -> bool {
    matches!(
        (prev, tag),
        ('E', _) | ('S', _) | ('B', 'B' | 'S' | 'O') | ('I', 'B' | 'S' | 'O')
    ) || (prev != 'O' && prev_ty != ty)
}

fn start_of_chunk(prev: char, tag: char, prev_ty: &str, ty: &str) -> bool {
    matches!(
        (prev, tag),
        (_, 'B') | (_, 'S') | ('E' | 'S' | 'O', 'E' | 'I')
    ) || (tag != 'O' && prev_ty != ty)
}

/// Entity spans of one tag sequence, exactly as `seqeval.metrics.sequence_labeling.get_entities`
/// finds them: an `I-` after `O` or after another type starts an entity (IOB1 and IOB2 read
/// alike), a type change ends one.
pub fn spans_of(tags: &[impl AsRef<str>]) -> Vec<WordSpan> {
    let mut out = Vec::new();
    let (mut prev, mut prev_ty) = ('O', "");
    let mut begin = 0;
    let end = std::iter::once(('O', ""));
    for (i, (tag, ty)) in tags
        .iter()
        .map(|t| split_tag(t.as_ref()))
        .chain(end)
        .enumerate()
    {
        if end_of_chunk(prev, tag, prev_ty, ty) {
            out.push((prev_ty.to_owned(), begin, i));
        }
        if start_of_chunk(prev, tag, prev_ty, ty) {
            begin = i;
        }
        prev = tag;
        prev_ty = ty;
    }
    out
}

/// Precision, recall and F1 of one entity type (or of all, micro-averaged).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Correct entities / predicted entities (0 when nothing was predicted).
    pub precision: f64,
    /// Correct entities / gold entities (0 when there is no gold entity).
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
    /// Gold entities.
    pub support: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Exact matches (same type, same first and last word).
    pub correct: usize,
}

impl Score {
    fn from_counts(correct: usize, predicted: usize, support: usize) -> Self {
        let precision = if predicted == 0 {
            0.0
        } else {
            correct as f64 / predicted as f64
        };
        let recall = if support == 0 {
            0.0
        } else {
            correct as f64 / support as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Score {
            precision,
            recall,
            f1,
            support,
            predicted,
            correct,
        }
    }
}

/// Span-level exact-match scores, per type and overall (micro average), as seqeval's
/// `classification_report` gives them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    /// Sentences scored.
    pub sentences: usize,
    /// Scores per entity type, by type name.
    pub per_type: BTreeMap<String, Score>,
    /// Micro average over all types.
    pub overall: Score,
    /// Gold types the model does not know, mapped to `O` before scoring (e.g. CoNLL's MISC).
    pub ignored_types: Vec<String>,
    /// Time and work of the predictions (zero when scoring given tags).
    pub stats: NerStats,
}

impl EvalReport {
    /// Scores predicted tag sequences against gold ones (one sequence per sentence).
    pub fn score<G: AsRef<str>, P: AsRef<str>>(gold: &[Vec<G>], predicted: &[Vec<P>]) -> Self {
        let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
        for (g, p) in gold.iter().zip(predicted) {
            let gs: HashSet<WordSpan> = spans_of(g).into_iter().collect();
            let ps: HashSet<WordSpan> = spans_of(p).into_iter().collect();
            for s in &gs {
                counts.entry(s.0.clone()).or_default().2 += 1;
            }
            for s in &ps {
                let c = counts.entry(s.0.clone()).or_default();
                c.1 += 1;
                if gs.contains(s) {
                    c.0 += 1;
                }
            }
        }
        let (mut tc, mut tp, mut ts) = (0, 0, 0);
        let per_type = counts
            .into_iter()
            .map(|(ty, (c, p, s))| {
                tc += c;
                tp += p;
                ts += s;
                (ty, Score::from_counts(c, p, s))
            })
            .collect();
        EvalReport {
            sentences: gold.len(),
            per_type,
            overall: Score::from_counts(tc, tp, ts),
            ignored_types: Vec::new(),
            stats: NerStats::default(),
        }
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<10} {:>9} {:>9} {:>9} {:>8} {:>8}",
            "type", "precision", "recall", "f1", "support", "predicted"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, s: &Score| {
            writeln!(
                f,
                "{:<10} {:>9.4} {:>9.4} {:>9.4} {:>8} {:>8}",
                name, s.precision, s.recall, s.f1, s.support, s.predicted
            )
        };
        for (ty, s) in &self.per_type {
            row(f, ty, s)?;
        }
        row(f, "overall", &self.overall)?;
        write!(f, "({} sentences", self.sentences)?;
        if !self.ignored_types.is_empty() {
            write!(f, "; gold types ignored: {}", self.ignored_types.join(", "))?;
        }
        write!(f, ")")
    }
}

/// Gold tags with types the model does not know replaced by `O`, and those types.
fn gold_for(ner: &Ner, data: &[Sentence]) -> (Vec<Vec<String>>, Vec<String>) {
    let known = ner.entity_types();
    let mut ignored: Vec<String> = Vec::new();
    let gold = data
        .iter()
        .map(|s| {
            s.tags
                .iter()
                .map(|t| {
                    let (p, ty) = split_tag(t);
                    if p == 'O' || known.iter().any(|k| k == ty) {
                        t.clone()
                    } else {
                        if !ignored.iter().any(|i| i == ty) {
                            ignored.push(ty.to_owned());
                        }
                        "O".to_owned()
                    }
                })
                .collect()
        })
        .collect();
    (gold, ignored)
}

/// Word mode: the model labels the data set's own words (the first sub-token decides with the
/// default aggregation), as the model card's evaluation does.
pub fn evaluate_words(ner: &Ner, data: &[Sentence]) -> Result<EvalReport> {
    let (gold, ignored) = gold_for(ner, data);
    let words: Vec<Vec<&str>> = data
        .iter()
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    let mut stats = NerStats::default();
    let predicted = ner.predict_words_with_stats(&words, &mut stats)?;
    let mut report = EvalReport::score(&gold, &predicted);
    report.ignored_types = ignored;
    report.stats = stats;
    Ok(report)
}

/// Characters that attach to the word before them when a sentence is written back as text.
const NO_SPACE_BEFORE: &[&str] = &[
    ",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "»", "”", "’", "…", "'s", "n't", "'",
];
/// Characters that attach to the word after them.
const NO_SPACE_AFTER: &[&str] = &["(", "[", "{", "«", "„", "“", "$"];

/// Writes words back as running text (no space before `,` `.` `)` etc., none after `(`), the
/// way the default model's recipe detokenizes; returns the text and each word's byte range.
pub fn detokenize<S: AsRef<str>>(words: &[S]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut offsets = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let w = w.as_ref();
        if i > 0
            && !(NO_SPACE_BEFORE.contains(&w) || NO_SPACE_AFTER.contains(&words[i - 1].as_ref()))
        {
            text.push(' ');
        }
        offsets.push((text.len(), text.len() + w.len()));
        text.push_str(w);
    }
    (text, offsets)
}

/// Raw-text mode: each sentence is written back as text ([`detokenize`]) and goes through the
/// full text path ([`Ner::predict_batch`]: word splitting, tokenization, decoding); entities are
/// mapped back to the data set's words (the first word an entity overlaps gets `B-`, the others
/// `I-`). This is what users get on running text.
pub fn evaluate_raw(ner: &Ner, data: &[Sentence]) -> Result<EvalReport> {
    let (gold, ignored) = gold_for(ner, data);
    let texts: Vec<(String, Vec<(usize, usize)>)> =
        data.iter().map(|s| detokenize(&s.words)).collect();
    let inputs: Vec<&str> = texts.iter().map(|(t, _)| t.as_str()).collect();
    let mut stats = NerStats::default();
    let found = ner.predict_batch_with_stats(&inputs, &mut stats)?;
    let predicted: Vec<Vec<String>> = texts
        .iter()
        .zip(&found)
        .map(|((_, offsets), entities)| {
            let mut tags = vec!["O".to_owned(); offsets.len()];
            for e in entities {
                let mut first = true;
                for (i, &(s, end)) in offsets.iter().enumerate() {
                    if s < e.span.end && end > e.span.start && tags[i] == "O" {
                        let prefix = if first { "B" } else { "I" };
                        tags[i] = format!("{prefix}-{}", e.label);
                        first = false;
                    }
                }
            }
            tags
        })
        .collect();
    let mut report = EvalReport::score(&gold, &predicted);
    report.ignored_types = ignored;
    report.stats = stats;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(tags: &str) -> Vec<String> {
        tags.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn spans_follow_seqeval() {
        // seqeval.metrics.sequence_labeling.get_entities on the same sequences.
        let s = |t: &str| spans_of(&v(t));
        assert_eq!(
            s("B-PER I-PER O B-LOC"),
            vec![("PER".into(), 0, 2), ("LOC".into(), 3, 4)]
        );
        // IOB1: I- opens an entity, B- separates two of the same type.
        assert_eq!(
            s("I-ORG I-ORG B-ORG O I-LOC"),
            vec![
                ("ORG".into(), 0, 2),
                ("ORG".into(), 2, 3),
                ("LOC".into(), 4, 5)
            ]
        );
        // Type change inside a run ends one entity and starts another.
        assert_eq!(
            s("B-PER I-LOC I-LOC"),
            vec![("PER".into(), 0, 1), ("LOC".into(), 1, 3)]
        );
        assert_eq!(s("O O"), vec![]);
    }

    #[test]
    fn scores_match_a_hand_checked_case() {
        // Gold: PER(0,2) LOC(3,4) | ORG(0,1) LOC(2,3)
        // Pred: PER(0,2) LOC(3,4) | ORG(0,2) LOC(2,3) PER(4,5)
        let gold = vec![v("B-PER I-PER O B-LOC"), v("B-ORG O B-LOC O O")];
        let pred = vec![v("B-PER I-PER O B-LOC"), v("B-ORG I-ORG B-LOC O B-PER")];
        let r = EvalReport::score(&gold, &pred);
        // PER: 1 correct of 2 predicted, 1 gold -> P .5, R 1, F1 2/3.
        let per = r.per_type["PER"];
        assert_eq!((per.correct, per.predicted, per.support), (1, 2, 1));
        assert!((per.f1 - 2.0 / 3.0).abs() < 1e-12);
        // ORG: 0 correct -> all zero.
        assert_eq!(r.per_type["ORG"].f1, 0.0);
        // LOC: 2 of 2.
        assert_eq!(r.per_type["LOC"].f1, 1.0);
        // Overall: 3 correct, 5 predicted, 4 gold -> P .6, R .75, F1 2/3.
        assert!((r.overall.precision - 0.6).abs() < 1e-12);
        assert!((r.overall.recall - 0.75).abs() < 1e-12);
        assert!((r.overall.f1 - 2.0 * 0.6 * 0.75 / 1.35).abs() < 1e-12);
    }

    #[test]
    fn reads_tab_and_space_separated_files() {
        let text = "-DOCSTART- -X- O O\n\nKim\tB-PER\nmet\tO\n\n\nEU NNP B-NP I-ORG\n";
        let s = parse_conll(text, Path::new("t")).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words, ["Kim", "met"]);
        assert_eq!(s[1].tags, ["I-ORG"]);
        assert!(parse_conll("lonely\n", Path::new("t")).is_err());
    }

    #[test]
    fn detokenizes_like_the_recipe() {
        let (t, o) = detokenize(&["Kirby", "(", "US", ")", "said", ",", "Russia", "'s"]);
        assert_eq!(t, "Kirby (US) said, Russia's");
        assert_eq!(&t[o[6].0..o[6].1], "Russia");
        assert_eq!(&t[o[7].0..o[7].1], "'s");
    }
}
