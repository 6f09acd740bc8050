//! Paragraphs, sentences and language runs, each with its own language decision.

use crate::detector::LanguageDetector;
use polyprep_core::{Lang, LanguageGuess, SpanKind};
use std::cell::OnceCell;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// A byte range of the text, how it was cut, and its language.
pub type DetectedSpan = (Range<usize>, SpanKind, LanguageGuess);

impl LanguageDetector {
    /// The language of the paragraphs and/or sentences of `text` (as configured by
    /// [`crate::LangIdConfig::span_level`]) and, for a text whose sentences hold more than one
    /// language, its language runs (see [`crate::LangIdConfig::language_runs`]).
    ///
    /// Ranges are byte ranges of `text`, trimmed of surrounding whitespace and on character
    /// boundaries. The result lists paragraphs, then sentences, then runs, each kind in text
    /// order.
    ///
    /// ```
    /// use polyprep_core::{Lang, SpanKind};
    /// use polyprep_langid::{LanguageDetectorBuilder, SpanLevel};
    ///
    /// let detector = LanguageDetectorBuilder::new().with_span_level(SpanLevel::Sentence).build()?;
    /// let text = "The mayor opened the new bridge on Monday. Міст з'єднав два береги річки.";
    /// let spans = detector.detect_spans(text);
    /// let sentences: Vec<_> = spans.iter().filter(|s| s.1 == SpanKind::Sentence).collect();
    /// assert_eq!(sentences[0].2.lang, Lang::Eng);
    /// assert_eq!(&text[sentences[1].0.clone()], "Міст з'єднав два береги річки.");
    /// assert_eq!(sentences[1].2.lang, Lang::Ukr);
    /// // Two languages: the sentences also form two language runs.
    /// assert_eq!(spans.iter().filter(|s| s.1 == SpanKind::LanguageRun).count(), 2);
    /// # Ok::<(), polyprep_langid::LangIdError>(())
    /// ```
    pub fn detect_spans(&self, text: &str) -> Vec<DetectedSpan> {
        self.detect_spans_with(text, None)
    }

    /// [`LanguageDetector::detect_spans`] with the document's guess, when the caller already
    /// has it, for short spans to inherit.
    pub(crate) fn detect_spans_with(
        &self,
        text: &str,
        document: Option<LanguageGuess>,
    ) -> Vec<DetectedSpan> {
        let level = self.config.span_level;
        let mut out = Vec::new();
        if level == crate::SpanLevel::None {
            return out;
        }
        let cell = OnceCell::new();
        if let Some(guess) = document {
            let _ = cell.set(guess);
        }
        let document = || *cell.get_or_init(|| self.detect(text));
        let paragraphs = paragraph_ranges(text);
        if level.paragraphs() {
            let guesses = self.decide_spans(text, &paragraphs, &document);
            out.extend(
                paragraphs
                    .iter()
                    .cloned()
                    .zip(guesses)
                    .map(|(r, g)| (r, SpanKind::Paragraph, g)),
            );
        }
        if level.sentences() || self.config.language_runs {
            let sentences: Vec<Range<usize>> = paragraphs
                .iter()
                .flat_map(|p| sentence_ranges(text, p.clone()))
                .collect();
            let guesses = self.decide_spans(text, &sentences, &document);
            if self.config.language_runs {
                let runs = self.language_runs(text, &sentences, &guesses);
                if level.sentences() {
                    out.extend(
                        sentences
                            .iter()
                            .cloned()
                            .zip(guesses)
                            .map(|(r, g)| (r, SpanKind::Sentence, g)),
                    );
                }
                out.extend(runs);
            } else if level.sentences() {
                out.extend(
                    sentences
                        .iter()
                        .cloned()
                        .zip(guesses)
                        .map(|(r, g)| (r, SpanKind::Sentence, g)),
                );
            }
        }
        out
    }

    /// One decision per span; spans with too few letters inherit from a neighbour, a span in
    /// the document's script that is not sure enough of another language keeps the
    /// document's, and so does an unreliable span whose best guess is the document's language.
    fn decide_spans(
        &self,
        text: &str,
        spans: &[Range<usize>],
        document: &dyn Fn() -> LanguageGuess,
    ) -> Vec<LanguageGuess> {
        let own: Vec<Option<LanguageGuess>> = spans
            .iter()
            .map(|r| {
                let span = &text[r.clone()];
                (letters(span) >= self.config.min_span_chars).then(|| {
                    let guess = self.detect(span);
                    let doc = document();
                    let weak_switch = doc.reliable
                        && guess.best_guess != doc.lang
                        && guess.script == doc.script
                        && guess.confidence < self.config.min_switch_confidence;
                    // A span too unsure to be reliable on its own, but whose best guess is the
                    // document's language, takes the document's decision rather than `und`.
                    let weak_agreement =
                        doc.reliable && !guess.reliable && guess.best_guess == doc.lang;
                    if weak_switch || weak_agreement {
                        doc
                    } else {
                        guess
                    }
                })
            })
            .collect();
        // The nearest decided span after each position, for spans before the first decision.
        let mut next: Vec<Option<LanguageGuess>> = vec![None; own.len()];
        let mut following = None;
        for i in (0..own.len()).rev() {
            if own[i].is_some() {
                following = own[i];
            }
            next[i] = following;
        }
        let mut previous = None;
        own.iter()
            .enumerate()
            .map(|(i, guess)| match guess {
                Some(g) => {
                    previous = Some(*g);
                    *g
                }
                None => previous.or(next[i]).unwrap_or_else(document),
            })
            .collect()
    }

    /// Maximal runs of consecutive sentences in one language, when there is more than one.
    /// Unreliable (`und`) sentences join the run before them, or the first run.
    fn language_runs(
        &self,
        text: &str,
        sentences: &[Range<usize>],
        guesses: &[LanguageGuess],
    ) -> Vec<DetectedSpan> {
        let mut languages: Vec<Lang> = guesses
            .iter()
            .map(|g| g.lang)
            .filter(|&l| l != Lang::Und)
            .collect();
        languages.sort();
        languages.dedup();
        if languages.len() < 2 {
            return Vec::new();
        }
        // (first sentence, last sentence, language) of each run.
        let mut runs: Vec<(usize, usize, Lang)> = Vec::new();
        let mut leading_und: Option<usize> = None;
        for (i, guess) in guesses.iter().enumerate() {
            if guess.lang == Lang::Und && runs.is_empty() {
                leading_und.get_or_insert(i);
                continue;
            }
            match runs.last_mut() {
                Some(run) if guess.lang == Lang::Und || guess.lang == run.2 => run.1 = i,
                _ => runs.push((leading_und.take().unwrap_or(i), i, guess.lang)),
            }
        }
        runs.into_iter()
            .map(|(first, last, lang)| {
                let mut weight = 0usize;
                let mut weighted = 0.0;
                let mut scripts: Vec<(polyprep_core::Script, usize)> = Vec::new();
                for i in first..=last {
                    let g = &guesses[i];
                    if g.lang != lang {
                        continue;
                    }
                    let n = letters(&text[sentences[i].clone()]).max(1);
                    weight += n;
                    weighted += g.confidence * n as f64;
                    match scripts.iter_mut().find(|(s, _)| *s == g.script) {
                        Some((_, c)) => *c += n,
                        None => scripts.push((g.script, n)),
                    }
                }
                let script = scripts
                    .iter()
                    .max_by_key(|(_, n)| *n)
                    .map_or(polyprep_core::Script::Unknown, |(s, _)| *s);
                let confidence = weighted / weight.max(1) as f64;
                let range = sentences[first].start..sentences[last].end;
                (
                    range,
                    SpanKind::LanguageRun,
                    self.guess(lang, script, confidence),
                )
            })
            .collect()
    }
}

/// Letters in a text (what span-length thresholds count).
fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphabetic()).count()
}

/// `range` of `text` without leading and trailing whitespace.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

/// Paragraphs: runs of non-blank lines between blank lines; when the text has no blank line,
/// each line. Trimmed; empty ones dropped.
pub(crate) fn paragraph_ranges(text: &str) -> Vec<Range<usize>> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        lines.push(pos..pos + line.len());
        pos += line.len();
    }
    let blank = |r: &Range<usize>| text[r.clone()].trim().is_empty();
    let has_blank_line = lines.iter().any(blank);
    let mut paragraphs = Vec::new();
    if has_blank_line {
        let mut current: Option<Range<usize>> = None;
        for line in &lines {
            if blank(line) {
                paragraphs.extend(current.take());
            } else {
                current = Some(current.map_or(line.clone(), |c| c.start..line.end));
            }
        }
        paragraphs.extend(current);
    } else {
        paragraphs = lines;
    }
    paragraphs
        .into_iter()
        .map(|r| trim(text, r))
        .filter(|r| !r.is_empty())
        .collect()
}

/// Sentences of one paragraph by Unicode sentence boundaries, trimmed; empty ones dropped.
pub(crate) fn sentence_ranges(text: &str, paragraph: Range<usize>) -> Vec<Range<usize>> {
    text[paragraph.clone()]
        .split_sentence_bound_indices()
        .map(|(i, s)| trim(text, paragraph.start + i..paragraph.start + i + s.len()))
        .filter(|r| !r.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LanguageDetectorBuilder, SpanLevel};

    fn slices<'t>(text: &'t str, ranges: &[Range<usize>]) -> Vec<&'t str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    /// Regression: in seed 004 an English quote scored 0.37 Afrikaans and became an Afrikaans
    /// language run inside an English article. The function words now get the quote itself
    /// right; whatlang alone (function words off) still misjudges it, which is what the
    /// switch threshold guards against.
    #[test]
    fn a_weak_same_script_guess_keeps_the_document_language() {
        let text = "North Korean troops who join Russia in the war against Ukraine will be fair game, a White House spokesman said.\n\
            \u{201C}Kim Jong Un is selling North Korean soldiers as cannon fodder mercenaries,\u{201D} the defense minister said, according to NBC.\n\
            South Korean officials said that the North Korean troops were sent to bolster Russian forces fighting against Ukraine.";
        let quote = text.lines().nth(1).unwrap();
        let default = LanguageDetectorBuilder::new().build().unwrap();
        assert_eq!(default.detect(quote).best_guess, Lang::Eng);
        assert!(default
            .detect_spans(text)
            .iter()
            .all(|s| s.2.lang == Lang::Eng));
        let detector = LanguageDetectorBuilder::new()
            .with_function_words(false)
            .build()
            .unwrap();
        assert_ne!(
            detector.detect(quote).best_guess,
            Lang::Eng,
            "the quote alone is misjudged"
        );
        let spans = detector.detect_spans(text);
        assert!(spans.iter().all(|s| s.2.lang == Lang::Eng), "{spans:?}");
        assert!(!spans.iter().any(|s| s.1 == SpanKind::LanguageRun));
        // A sure switch still splits the document.
        let lenient = LanguageDetectorBuilder::new()
            .with_function_words(false)
            .with_min_switch_confidence(0.0)
            .build()
            .unwrap();
        assert!(lenient
            .detect_spans(text)
            .iter()
            .any(|s| s.1 == SpanKind::LanguageRun));
        assert!(LanguageDetectorBuilder::new()
            .with_min_switch_confidence(1.5)
            .build()
            .is_err());
    }

    #[test]
    fn paragraphs_split_on_blank_lines_else_lines() {
        let text = "  First line\nstill first.\n\n \r\nSecond one.\n";
        assert_eq!(
            slices(text, &paragraph_ranges(text)),
            vec!["First line\nstill first.", "Second one."]
        );
        let text = "One\nTwo\r\n  \tThree  ";
        assert_eq!(
            slices(text, &paragraph_ranges(text)),
            vec!["One", "Two", "Three"]
        );
        assert!(paragraph_ranges("").is_empty());
        assert!(paragraph_ranges(" \n\n \n").is_empty());
    }

    #[test]
    fn sentences_stay_inside_paragraphs() {
        let text = "Hello there. How are you?\n\nFine, thanks!";
        let sentences: Vec<_> = paragraph_ranges(text)
            .into_iter()
            .flat_map(|p| sentence_ranges(text, p))
            .collect();
        assert_eq!(
            slices(text, &sentences),
            vec!["Hello there.", "How are you?", "Fine, thanks!"]
        );
    }

    const MIXED: &str = "The city council met on Monday to discuss the new budget. \
        Members argued for hours about the cost of public transport.\n\n\
        Депутати міської ради обговорювали новий бюджет у понеділок. \
        Вони довго сперечалися про вартість громадського транспорту.\n\n\
        Der Stadtrat hat am Montag über den neuen Haushalt beraten. \
        Die Mitglieder stritten stundenlang über die Kosten des Nahverkehrs.";

    #[test]
    fn runs_of_a_mixed_document() {
        let d = LanguageDetectorBuilder::new()
            .with_span_level(SpanLevel::Both)
            .build()
            .unwrap();
        let spans = d.detect_spans(MIXED);
        let of = |kind| -> Vec<(&str, Lang)> {
            spans
                .iter()
                .filter(|s| s.1 == kind)
                .map(|s| (&MIXED[s.0.clone()], s.2.lang))
                .collect()
        };
        let paragraphs = of(SpanKind::Paragraph);
        assert_eq!(
            paragraphs.iter().map(|p| p.1).collect::<Vec<_>>(),
            vec![Lang::Eng, Lang::Ukr, Lang::Deu]
        );
        assert_eq!(of(SpanKind::Sentence).len(), 6);
        let runs = of(SpanKind::LanguageRun);
        assert_eq!(runs.len(), 3);
        for (run, paragraph) in runs.iter().zip(&paragraphs) {
            assert_eq!(run, paragraph);
        }
        assert!(spans.iter().all(|s| s.2.reliable));
    }

    #[test]
    fn one_language_has_no_runs_and_short_spans_inherit() {
        let d = LanguageDetectorBuilder::new()
            .with_span_level(SpanLevel::Sentence)
            .build()
            .unwrap();
        let text = "Ok. The council met on Monday to discuss the new budget. Yes!";
        let spans = d.detect_spans(text);
        assert_eq!(spans.len(), 3);
        assert!(spans.iter().all(|s| s.1 == SpanKind::Sentence));
        // "Ok." and "Yes!" are too short to decide: they take the long sentence's language.
        assert!(spans.iter().all(|s| s.2.lang == Lang::Eng), "{spans:?}");
        assert_eq!(spans[0].2, spans[1].2);
        assert_eq!(spans[2].2, spans[1].2);
    }

    #[test]
    fn short_text_inherits_from_the_document() {
        let d = LanguageDetectorBuilder::new()
            .with_span_level(SpanLevel::Paragraph)
            .with_min_span_chars(1000)
            .build()
            .unwrap();
        let text = "The council met on Monday.\nIt discussed the new budget for the city.";
        let document = d.detect(text);
        let spans = d.detect_spans(text);
        assert_eq!(spans.len(), 2);
        assert!(spans.iter().all(|s| s.2 == document));
    }

    #[test]
    fn level_none_reports_nothing() {
        let d = LanguageDetectorBuilder::new()
            .with_span_level(SpanLevel::None)
            .build()
            .unwrap();
        assert!(d.detect_spans(MIXED).is_empty());
    }

    #[test]
    fn und_sentences_join_runs() {
        let d = LanguageDetectorBuilder::new()
            .with_span_level(SpanLevel::Sentence)
            .with_min_span_chars(0)
            .build()
            .unwrap();
        let text = "The council met on Monday to discuss the new budget. 12345. \
                    Депутати міської ради обговорювали новий бюджет у понеділок.";
        let spans = d.detect_spans(text);
        let runs: Vec<_> = spans
            .iter()
            .filter(|s| s.1 == SpanKind::LanguageRun)
            .collect();
        assert_eq!(runs.len(), 2, "{spans:?}");
        assert!(text[runs[0].0.clone()].ends_with("12345."));
        assert_eq!(runs[1].2.lang, Lang::Ukr);
        assert_eq!(runs[0].0.end + 1, runs[1].0.start);
    }

    #[test]
    fn empty_and_whitespace_have_no_spans() {
        let d = LanguageDetectorBuilder::new()
            .with_span_level(SpanLevel::Both)
            .build()
            .unwrap();
        for text in ["", " \n\n\t ", "\n"] {
            assert!(d.detect_spans(text).is_empty(), "{text:?}");
        }
        let spans = d.detect_spans("2024\n\n12:00");
        assert_eq!(spans.len(), 4);
        assert!(spans.iter().all(|s| s.2.lang == Lang::Und));
    }
}
