//! From token probabilities to word labels (aggregation) and from labels to entity spans (BIO
//! decoding with repair).

use crate::labels::{LabelSet, TagKind};
use crate::words::Piece;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// How the labels of a word's sub-tokens become the word's label, as the Hugging Face
/// token-classification pipeline names the strategies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregation {
    /// The first sub-token decides (how the default model was trained).
    #[default]
    First,
    /// Probabilities are averaged over the word's sub-tokens.
    Average,
    /// The sub-token with the most confident prediction decides.
    Max,
    /// No word grouping: every sub-token is labelled on its own and entities are built from
    /// tokens, so an entity may start or end inside a word.
    Simple,
}

impl Aggregation {
    /// The strategy's name as written in configs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Aggregation::First => "first",
            Aggregation::Average => "average",
            Aggregation::Max => "max",
            Aggregation::Simple => "simple",
        }
    }
}

impl std::fmt::Display for Aggregation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Aggregation {
    type Err = crate::NerError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "first" => Ok(Aggregation::First),
            "average" => Ok(Aggregation::Average),
            "max" => Ok(Aggregation::Max),
            "simple" => Ok(Aggregation::Simple),
            _ => Err(crate::NerError::Config(format!(
                "unknown aggregation {s:?}; use first, average, max or simple"
            ))),
        }
    }
}

fn argmax(p: &[f32]) -> (usize, f32) {
    let mut best = (0, f32::NEG_INFINITY);
    for (i, &v) in p.iter().enumerate() {
        if v > best.1 {
            best = (i, v);
        }
    }
    if best.1.is_finite() {
        best
    } else {
        (0, 0.0)
    }
}

/// The label and its probability for a word made of `tokens`, or `None` when the word has no
/// token. `probs` holds `num_labels` probabilities per token. [`Aggregation::Simple`] reads as
/// [`Aggregation::First`] here, since a word needs one label.
pub(crate) fn word_label(
    probs: &[f32],
    num_labels: usize,
    tokens: Range<usize>,
    aggregation: Aggregation,
) -> Option<(usize, f32)> {
    if tokens.is_empty() {
        return None;
    }
    let row = |t: usize| &probs[t * num_labels..(t + 1) * num_labels];
    Some(match aggregation {
        Aggregation::First | Aggregation::Simple => argmax(row(tokens.start)),
        Aggregation::Average => {
            let mut mean = vec![0.0f32; num_labels];
            for t in tokens.clone() {
                for (m, &p) in mean.iter_mut().zip(row(t)) {
                    *m += p;
                }
            }
            let n = tokens.len() as f32;
            mean.iter_mut().for_each(|m| *m /= n);
            argmax(&mean)
        }
        Aggregation::Max => {
            tokens
                .map(|t| argmax(row(t)))
                .fold((0, f32::NEG_INFINITY), |best, cand| {
                    if cand.1 > best.1 {
                        cand
                    } else {
                        best
                    }
                })
        }
    })
}

/// A unit to decode: a labelled word or token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Unit {
    /// Label index, or `None` for a unit without tokens (it neither extends nor breaks an
    /// entity).
    pub label: Option<usize>,
    pub score: f32,
}

/// An entity over units: type index, first and last unit, mean score.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UnitSpan {
    pub entity_type: usize,
    pub first: usize,
    pub last: usize,
    pub score: f32,
}

/// BIO(ES) decoding with repair: `B-X` starts an entity; `I-X` continues an X entity and starts
/// one after `O` or another type (an `I-` without its `B-`); `E-X` ends one; `S-X` is one on its
/// own; `O` closes.
pub(crate) fn decode_units(units: &[Unit], labels: &LabelSet) -> Vec<UnitSpan> {
    struct Open {
        ty: usize,
        first: usize,
        last: usize,
        sum: f32,
        n: usize,
    }
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    let close = |open: &mut Option<Open>, out: &mut Vec<UnitSpan>| {
        if let Some(o) = open.take() {
            out.push(UnitSpan {
                entity_type: o.ty,
                first: o.first,
                last: o.last,
                score: o.sum / o.n as f32,
            });
        }
    };
    for (i, unit) in units.iter().enumerate() {
        let Some(label) = unit.label else { continue };
        let tag = labels.tag(label);
        let start = |open: &mut Option<Open>| {
            *open = Some(Open {
                ty: tag.entity_type,
                first: i,
                last: i,
                sum: unit.score,
                n: 1,
            })
        };
        let continues = matches!(&open, Some(o) if o.ty == tag.entity_type);
        match tag.kind {
            TagKind::Outside => close(&mut open, &mut out),
            TagKind::Begin => {
                close(&mut open, &mut out);
                start(&mut open);
            }
            TagKind::Single => {
                close(&mut open, &mut out);
                start(&mut open);
                close(&mut open, &mut out);
            }
            TagKind::Inside | TagKind::End => {
                if continues {
                    if let Some(o) = open.as_mut() {
                        o.last = i;
                        o.sum += unit.score;
                        o.n += 1;
                    }
                } else {
                    close(&mut open, &mut out);
                    start(&mut open);
                }
                if tag.kind == TagKind::End {
                    close(&mut open, &mut out);
                }
            }
        }
    }
    close(&mut open, &mut out);
    out
}

/// Opening and closing marks an entity keeps only in pairs.
const PAIRS: &[(char, char)] = &[
    ('(', ')'),
    ('[', ']'),
    ('«', '»'),
    ('“', '”'),
    ('„', '“'),
    ('‘', '’'),
    ('"', '"'),
];

/// Trims a candidate entity `[start, end)` of `text` to its letters and digits: leading and
/// trailing punctuation pieces go (quotes, commas, a sentence's final period), except the final
/// period of dotted initials (`U.S.`) and a closing (opening) quote or bracket whose partner is
/// inside the entity (`«Арсенал» (Харків)`, `ХК «Берн»`). Returns `None` when nothing
/// alphanumeric is left.
pub(crate) fn trim_span(
    text: &str,
    pieces: &[Piece],
    start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    let lo = pieces.partition_point(|p| p.end <= start);
    let hi = pieces.partition_point(|p| p.start < end);
    let inside = pieces.get(lo..hi)?;
    let first = lo + inside.iter().position(|p| p.alnum)?;
    let last = lo + inside.iter().rposition(|p| p.alnum)?;
    let mut new_start = pieces[first].start.max(start);
    let mut new_end = pieces[last].end.min(end);
    let piece_text = |i: usize| pieces.get(i).map(|p| &text[p.start..p.end]);
    // Only whole pieces may grow the span, so a span cut inside a piece stays as it is.
    let (mut before, mut after) = (
        (new_start == pieces[first].start)
            .then(|| first.checked_sub(1))
            .flatten(),
        (new_end == pieces[last].end).then_some(last + 1),
    );
    if let Some(i) = after {
        // A period right after the entity belongs to it when it is part of an abbreviation
        // (`U.S.`) or cannot end a sentence because the text goes on in lower case or with a
        // digit or comma (`Benedikt XVI. ernannte`, `Apple Inc. said`).
        let goes_on = || {
            text[pieces[i].end..]
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_numeric() || ",;:".contains(c))
        };
        if piece_text(i) == Some(".")
            && pieces[i].start == new_end
            && (crate::words::is_dotted_initials(&text[pieces[last].start..pieces[last].end])
                || goes_on())
        {
            new_end = pieces[i].end;
            after = Some(i + 1);
        }
    }
    for &(open, close) in PAIRS {
        let body = &text[new_start..new_end];
        let (opens, closes) = if open == close {
            let n = body.matches(open).count();
            (n % 2, 0)
        } else {
            (body.matches(open).count(), body.matches(close).count())
        };
        if opens > closes {
            if let Some(i) = after {
                if piece_text(i).is_some_and(|t| t.starts_with(close)) && pieces[i].start == new_end
                {
                    new_end = pieces[i].start + close.len_utf8();
                    after = None;
                }
            }
        } else if closes > opens {
            if let Some(i) = before {
                if piece_text(i).is_some_and(|t| t.ends_with(open)) && pieces[i].end == new_start {
                    new_start = pieces[i].end - open.len_utf8();
                    before = None;
                }
            }
        }
    }
    Some((new_start, new_end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::split_words;

    fn labels() -> LabelSet {
        LabelSet::new(
            ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        )
    }

    fn units(tags: &[usize]) -> Vec<Unit> {
        tags.iter()
            .map(|&l| Unit {
                label: Some(l),
                score: 1.0,
            })
            .collect()
    }

    fn spans(tags: &[usize]) -> Vec<(usize, usize, usize)> {
        decode_units(&units(tags), &labels())
            .into_iter()
            .map(|s| (s.entity_type, s.first, s.last))
            .collect()
    }

    #[test]
    fn bio_decoding_repairs_orphan_inside_tags() {
        // B-PER I-PER O I-LOC I-LOC B-LOC I-ORG
        assert_eq!(
            spans(&[1, 2, 0, 6, 6, 5, 4]),
            vec![(0, 0, 1), (2, 3, 4), (2, 5, 5), (1, 6, 6)]
        );
        // I-PER directly after B-LOC starts a new PER entity.
        assert_eq!(spans(&[5, 2, 2]), vec![(2, 0, 0), (0, 1, 2)]);
        assert_eq!(spans(&[]), vec![]);
    }

    #[test]
    fn units_without_tokens_are_transparent() {
        let mut u = units(&[1, 2, 2]);
        u[1].label = None;
        let s = decode_units(&u, &labels());
        assert_eq!((s[0].first, s[0].last), (0, 2));
    }

    #[test]
    fn bioes_tags_open_and_close() {
        let l = LabelSet::new(
            ["O", "B-X", "I-X", "E-X", "S-X"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        );
        let got: Vec<_> = decode_units(&units(&[1, 2, 3, 3, 4, 4, 0]), &l)
            .into_iter()
            .map(|s| (s.first, s.last))
            .collect();
        assert_eq!(got, vec![(0, 2), (3, 3), (4, 4), (5, 5)]);
    }

    #[test]
    fn aggregation_strategies_differ_as_documented() {
        // Three tokens, three labels: O, B-PER, I-PER.
        let probs = [
            0.5, 0.4, 0.1, // first token: O wins narrowly
            0.1, 0.8, 0.1, // second: B-PER
            0.3, 0.65, 0.05, // third: B-PER
        ];
        assert_eq!(
            word_label(&probs, 3, 0..3, Aggregation::First),
            Some((0, 0.5))
        );
        let (avg, p) = word_label(&probs, 3, 0..3, Aggregation::Average).unwrap();
        assert_eq!(avg, 1);
        assert!((p - (0.4 + 0.8 + 0.65) / 3.0).abs() < 1e-6);
        assert_eq!(
            word_label(&probs, 3, 0..3, Aggregation::Max),
            Some((1, 0.8))
        );
        assert_eq!(word_label(&probs, 3, 1..1, Aggregation::First), None);
    }

    #[test]
    fn trimming_keeps_abbreviations_and_drops_punctuation() {
        let t = "“the U.S.” and (Kyiv), St. Petersburg (Russia) «Арсенал» (Харків) ХК «Берн». \
                 E.ON. Papst Benedikt XVI. ernannte; Pius II.";
        let p = split_words(t).pieces;
        let cut = |s: &str| {
            let start = t.find(s).unwrap();
            let (a, b) = trim_span(t, &p, start, start + s.len()).unwrap();
            &t[a..b]
        };
        assert_eq!(cut("“the U.S"), "the U.S.");
        assert_eq!(cut("(Kyiv),"), "Kyiv");
        assert_eq!(cut("St. Petersburg"), "St. Petersburg");
        assert_eq!(cut("Petersburg (Russia"), "Petersburg (Russia)");
        assert_eq!(cut("Арсенал» (Харків"), "«Арсенал» (Харків)");
        assert_eq!(cut("«Арсенал»"), "Арсенал");
        assert_eq!(cut("ХК «Берн"), "ХК «Берн»");
        assert_eq!(cut("E.ON."), "E.ON");
        assert_eq!(cut("Benedikt XVI."), "Benedikt XVI.");
        assert_eq!(cut("Pius II."), "Pius II");
        assert_eq!(trim_span(t, &p, 0, 3), None); // just the quote
    }
}
