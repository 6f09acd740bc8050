//! Properties of the whole pipeline on arbitrary text: no input panics it, and every span it
//! reports lies on character boundaries of the original and maps back to real text.

use polyprep::{Document, Pipeline, PipelineBuilder, Stage};
use proptest::prelude::*;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| PipelineBuilder::new().build().expect("default pipeline"))
}

/// Text made of the things news scrapes are made of: lines, blank lines, boilerplate words,
/// mojibake, several scripts, combining marks, joiners and controls.
fn scraped_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Read more".to_string()),
        Just("close".to_string()),
        Just("Mandatory credit: The White House".to_string()),
        Just("date 2024-10-27 (MENAFN) ".to_string()),
        Just("â€™Ã©Â ".to_string()),
        Just("Київ і Харків. ".to_string()),
        Just("North Korean troops entered Russia, officials said. ".to_string()),
        Just("\u{0915}\u{094D}\u{200D}\u{0937} ".to_string()),
        Just("e\u{0301}\u{200B}\u{FEFF}\u{00AD}".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n\n".to_string()),
        Just("…".to_string()),
        "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_input_panics_and_every_span_maps_back(text in scraped_text()) {
        let mut doc = Document::new("prop", text.clone());
        pipeline().process(&mut doc).expect("the pipeline does not fail on text");
        prop_assert_eq!(doc.original(), text.as_str());
        let alignment = doc.alignment();
        prop_assert_eq!(alignment.current_len(), doc.text().len());
        for block in &doc.annotations.removed {
            prop_assert!(block.span.slice(&text).is_some(), "removed {:?} off boundaries", block.span);
        }
        for span in &doc.annotations.language_spans {
            prop_assert!(span.span.slice(&text).is_some(), "language span {:?} off boundaries", span.span);
        }
        // Every character of the clean text maps to original text on character boundaries.
        for (i, c) in doc.text().char_indices() {
            let span = doc.original_span(i, i + c.len_utf8());
            prop_assert!(span.slice(&text).is_some(), "char {:?} at {} maps to {:?}", c, i, span);
        }
    }
}

/// Every removed block's text, where the block was not rewritten by normalization, is exactly
/// the original under its span.
#[test]
fn removed_blocks_point_at_their_original_text_on_the_seeds() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample/seeds");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut doc = Document::new(path.display().to_string(), text);
        pipeline().process(&mut doc).unwrap();
        for block in &doc.annotations.removed {
            let original = doc.original_slice(block.span);
            assert!(
                original.contains(block.text.lines().next().unwrap()),
                "{:?} vs {original:?}",
                block.text
            );
            checked += 1;
        }
    }
    assert!(checked >= 15, "{checked}");
}
