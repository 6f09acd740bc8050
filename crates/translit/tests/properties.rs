//! Properties that hold for every input: no panic, every reported span lies on character
//! boundaries and holds the reported text, the output is the original with the applied changes
//! and nothing else, and text with nothing to change comes back unchanged and unallocated.

use polyprep_core::{Document, Stage};
use polyprep_translit::{Normalizer, NormalizerBuilder, TransliterationConfig, Transliterator};
use proptest::prelude::*;
use std::borrow::Cow;
use std::sync::OnceLock;

fn normalizer() -> &'static Normalizer {
    static NORMALIZER: OnceLock<Normalizer> = OnceLock::new();
    NORMALIZER.get_or_init(|| NormalizerBuilder::new().build().unwrap())
}

/// Text built from pieces that exercise every rule: gazetteer names and their variants in
/// several scripts, near-misses, particles, apostrophes, and arbitrary characters.
fn mixed_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Kiev".to_string()),
        Just("Kiev’s".to_string()),
        Just("Vladimir Zelensky".to_string()),
        Just("President Zelenksy".to_string()),
        Just("Києві".to_string()),
        Just("평양에서".to_string()),
        Just("Αθήνα".to_string()),
        Just("DPRK".to_string()),
        Just("東京".to_string()),
        Just("Знам’янка".to_string()),
        "[a-zA-Z ,.'’-]{0,12}",
        "\\PC{0,6}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.join(" "))
}

proptest! {
    #[test]
    fn spans_hold_the_reported_text_and_only_applied_changes_differ(text in mixed_text()) {
        let mut doc = Document::new("p", text.clone());
        normalizer().process(&mut doc).unwrap();
        let mut rebuilt = String::new();
        let mut pos = 0;
        for change in &doc.annotations.normalizations {
            let slice = text.get(change.span.range());
            prop_assert_eq!(slice, Some(change.text.as_str()));
            if change.applied {
                prop_assert!(change.span.start >= pos);
                rebuilt.push_str(&text[pos..change.span.start]);
                rebuilt.push_str(&change.canonical);
                pos = change.span.end;
            }
        }
        rebuilt.push_str(&text[pos..]);
        prop_assert_eq!(doc.text(), rebuilt.as_str());
    }

    #[test]
    fn latin_text_without_names_is_returned_unallocated(text in "[a-z0-9 ,.;:!?'()-]{0,200}") {
        let transliterator = Transliterator::new(&TransliterationConfig::default()).unwrap();
        let out = transliterator.transliterate(&text, None);
        prop_assert!(matches!(out.text, Cow::Borrowed(_)));
        prop_assert!(out.alignment.is_none());
        let mut doc = Document::new("p", text.clone());
        normalizer().process(&mut doc).unwrap();
        prop_assert!(doc.alignment().is_identity());
        prop_assert!(doc.annotations.normalizations.is_empty());
    }
}
