//! Property tests: no input panics, and every span lies on character boundaries of the
//! original text and maps back into it.

use polyprep_core::{Document, Lang, Stage, TextRewriter};
use polyprep_langid::{LanguageDetector, LanguageDetectorBuilder, SpanLevel};
use proptest::prelude::*;
use std::sync::OnceLock;

fn detector() -> &'static LanguageDetector {
    static DETECTOR: OnceLock<LanguageDetector> = OnceLock::new();
    DETECTOR.get_or_init(|| {
        LanguageDetectorBuilder::new()
            .with_span_level(SpanLevel::Both)
            .with_min_span_chars(5)
            .build()
            .unwrap()
    })
}

/// Text mixing scripts, punctuation, digits, combining marks and line breaks.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("The council met on Monday. ".to_string()),
        Just("Уряд ухвалив нові правила! ".to_string()),
        Just("Der Stadtrat hat beraten. ".to_string()),
        Just("東京でテスト。".to_string()),
        Just("مي\u{200C}شود ".to_string()),
        Just("e\u{301}\u{301} ".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("https://example.com/a?b=c ".to_string()),
        Just("2024-05-01 12:00 ".to_string()),
        "\\PC{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
}

fn assert_guess(guess: &polyprep_core::LanguageGuess) {
    assert!((0.0..=1.0).contains(&guess.confidence));
    assert_eq!(guess.reliable, guess.lang != Lang::Und);
    if guess.reliable {
        assert_eq!(guess.lang, guess.best_guess);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn no_input_panics(text in text()) {
        let d = detector();
        assert_guess(&d.detect(&text));
        let _ = d.detect_script(&text);
        for (range, _, guess) in d.detect_spans(&text) {
            prop_assert!(text.get(range.clone()).is_some(), "{range:?}");
            prop_assert!(!range.is_empty());
            assert_guess(&guess);
        }
    }

    #[test]
    fn spans_map_to_char_boundaries_of_the_original(text in text(), cut in 0usize..64) {
        let mut doc = Document::new("p", text);
        // Delete a prefix (on a char boundary) so that current and original text differ.
        doc.apply(|t| {
            let mut end = cut.min(t.len());
            while !t.is_char_boundary(end) {
                end -= 1;
            }
            let mut rw = TextRewriter::new(t);
            rw.delete_to(end);
            rw.finish()
        });
        detector().process(&mut doc).unwrap();
        prop_assert!(doc.annotations.language.is_some());
        for span in &doc.annotations.language_spans {
            prop_assert!(span.span.slice(doc.original()).is_some(), "{:?}", span.span);
            prop_assert!(span.span.end <= doc.original().len());
            // The span's original text holds the current text's span (nothing was replaced).
            let original = doc.original_slice(span.span);
            prop_assert!(!original.trim().is_empty());
        }
    }
}
