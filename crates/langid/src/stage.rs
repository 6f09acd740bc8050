//! Language identification as a pipeline stage.

use crate::LanguageDetector;
use polyprep_core::{Document, LanguageSpan, SpanKind, Stage};

impl Stage for LanguageDetector {
    fn name(&self) -> &'static str {
        "langid"
    }

    /// Sets `annotations.language` to the language of the current text and replaces
    /// `annotations.language_spans` with the spans of [`LanguageDetector::detect_spans`],
    /// mapped to the original text (so running the stage twice does not duplicate them).
    fn process(&self, doc: &mut Document) -> polyprep_core::Result<()> {
        let guess = self.detect(doc.text());
        let spans: Vec<LanguageSpan> = self
            .detect_spans_with(doc.text(), Some(guess))
            .into_iter()
            .map(|(range, kind, guess): (_, SpanKind, _)| LanguageSpan {
                span: doc.original_span(range.start, range.end),
                kind,
                guess,
            })
            .collect();
        doc.annotations.language = Some(guess);
        doc.annotations.language_spans = spans;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LanguageDetectorBuilder, SpanLevel};
    use polyprep_core::{Lang, TextRewriter};

    #[test]
    fn spans_map_to_the_original_text() {
        let teaser = "Read more | Докладніше | Weiterlesen\n\n";
        let english = "The city council met on Monday to discuss the new budget for schools.";
        let ukrainian = "Депутати міської ради обговорювали новий бюджет для шкіл у понеділок.";
        let german = "Der Stadtrat hat am Montag über den neuen Haushalt für Schulen beraten.";
        let original = format!("{teaser}{english}\n\n{ukrainian}  {german}");
        let mut doc = Document::new("mixed-1", original.clone());
        // A cleaning step drops the teaser and collapses the double space.
        doc.apply(|text| {
            let mut rw = TextRewriter::new(text);
            rw.delete_to(teaser.len());
            let double_space = text.find("  ").expect("double space");
            rw.copy_to(double_space);
            rw.replace(double_space + 2, " ");
            rw.finish()
        });
        assert_ne!(doc.text(), doc.original());

        let detector = LanguageDetectorBuilder::new()
            .with_span_level(SpanLevel::Both)
            .build()
            .unwrap();
        detector.process(&mut doc).unwrap();
        assert_eq!(detector.name(), "langid");

        let language = doc.annotations.language.expect("document language");
        assert_ne!(language.best_guess, Lang::Und);
        let of = |kind| -> Vec<(&str, Lang)> {
            doc.annotations
                .language_spans
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| (doc.original_slice(s.span), s.guess.lang))
                .collect()
        };
        assert_eq!(
            of(SpanKind::Sentence),
            vec![
                (english, Lang::Eng),
                (ukrainian, Lang::Ukr),
                (german, Lang::Deu)
            ]
        );
        let paragraphs = of(SpanKind::Paragraph);
        assert_eq!(paragraphs[0], (english, Lang::Eng));
        assert_eq!(paragraphs[1].0, format!("{ukrainian}  {german}"));
        assert_eq!(
            of(SpanKind::LanguageRun),
            vec![
                (english, Lang::Eng),
                (ukrainian, Lang::Ukr),
                (german, Lang::Deu)
            ]
        );
        let english_span = doc.annotations.language_spans[0].span;
        assert_eq!(
            english_span.range(),
            teaser.len()..teaser.len() + english.len()
        );

        // Idempotent: a second run replaces the spans.
        let count = doc.annotations.language_spans.len();
        detector.process(&mut doc).unwrap();
        assert_eq!(doc.annotations.language_spans.len(), count);
    }

    #[test]
    fn empty_document() {
        let detector = LanguageDetectorBuilder::new().build().unwrap();
        let mut doc = Document::new("empty", "   ");
        detector.process(&mut doc).unwrap();
        assert_eq!(doc.annotations.language.map(|g| g.lang), Some(Lang::Und));
        assert!(doc.annotations.language_spans.is_empty());
    }
}
