//! End-to-end tests with the committed model and the ONNX Runtime library that
//! `scripts/setup-onnxruntime.sh` installs.

use polyprep_core::{Document, Stage, TextRewriter};
use polyprep_ner::{Aggregation, Entity, Ner, NerBuilder, NerStage};
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

fn ner() -> &'static Ner {
    static NER: OnceLock<Ner> = OnceLock::new();
    NER.get_or_init(|| {
        NerBuilder::new()
            .build()
            .unwrap_or_else(|e| panic!("the default model must load: {e}"))
    })
}

/// Every entity's offsets slice `text` to exactly its text, entities are in order and do not
/// overlap, and character offsets agree with byte offsets.
fn check_offsets(text: &str, entities: &[Entity]) {
    let mut last_end = 0;
    for e in entities {
        assert_eq!(
            text.get(e.span.range()),
            Some(e.text.as_str()),
            "entity {e:?} in {text:?}"
        );
        assert!(!e.text.trim().is_empty(), "empty entity {e:?}");
        assert!(e.span.start >= last_end, "overlap or disorder at {e:?}");
        last_end = e.span.end;
        let chars: String = text
            .chars()
            .skip(e.char_span.start)
            .take(e.char_span.end - e.char_span.start)
            .collect();
        assert_eq!(chars, e.text);
        assert!((0.0..=1.0).contains(&e.score), "score {e:?}");
    }
}

/// The seed articles, from the bundled copy in sample/seeds (present on every checkout).
fn seeds() -> Vec<(PathBuf, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../sample/seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, text)
        })
        .collect()
}

#[test]
fn finds_the_people_places_and_organisations_of_the_seeds() {
    let seeds = seeds();
    assert_eq!(seeds.len(), 5, "the five seed articles");
    let texts: Vec<&str> = seeds.iter().map(|(_, t)| t.as_str()).collect();
    let found = ner().predict_batch(&texts).expect("seeds");
    for (text, entities) in texts.iter().zip(&found) {
        check_offsets(text, entities);
    }
    let all: Vec<&Entity> = found.iter().flatten().collect();
    let has = |label: &str, text: &str| all.iter().any(|e| e.label == label && e.text == text);
    for person in [
        "John Kirby",
        "Lloyd Austin",
        "Kim Jong Un",
        "Volodymyr Zelensky",
        "Dmitry Peskov",
        "Mark Rutte",
        "Kyrylo Budanov",
        "Yoon Suk Yeol",
    ] {
        assert!(has("PER", person), "PER {person} not found");
    }
    for place in [
        "Ukraine",
        "Russia",
        "North Korea",
        "Kursk",
        "Vladivostok",
        "Pyongyang",
        "Seoul",
        "Moscow",
    ] {
        assert!(has("LOC", place), "LOC {place} not found");
    }
    for org in [
        "White House",
        "National Security Council",
        "NATO",
        "Kyiv Independent",
    ] {
        assert!(has("ORG", org), "ORG {org} not found");
    }
    // Found, with the model's own view of the type (see the model card's limitations).
    for name in ["Pentagon", "Kremlin", "State Duma", "Yonhap"] {
        assert!(all.iter().any(|e| e.text == name), "{name} not found");
    }
}

#[test]
fn labels_words_given_by_a_data_set() {
    let words = vec![
        vec!["John", "Kirby", "visited", "Kyiv", "."],
        vec![],
        vec!["\u{200b}"],
    ];
    let labels = ner().predict_words(&words).expect("words");
    assert_eq!(labels[0], ["B-PER", "I-PER", "O", "B-LOC", "O"]);
    assert!(labels[1].is_empty());
    assert_eq!(labels[2], ["O"]);
}

#[test]
fn degenerate_inputs_never_fail() {
    let inputs = [
        "",
        " ",
        "\n\n\t  \r\n",
        "\u{0}\u{1}\u{7f}",
        "\u{200b}\u{feff}\u{2028}",
        "🙂🙂🙂 ∑∫√ ﷽",
        "ᚠᛇᚻ᛫ᛒᛦᚦ ⵜⴰⵎⴰⵣⵉⵖⵜ ꦗꦮ",
        "\u{10ffff}\u{e000}",
        ".,;:!?«»“”()[]",
        "a\u{301}\u{301}\u{301} Zalgơ̷̢",
    ];
    let found = ner().predict_batch(&inputs).expect("degenerate inputs");
    assert_eq!(found.len(), inputs.len());
    for (text, entities) in inputs.iter().zip(&found) {
        check_offsets(text, entities);
    }
    assert!(found[0].is_empty() && found[1].is_empty() && found[2].is_empty());
}

#[test]
fn long_lines_are_windowed_without_duplicates_or_cuts() {
    // One line of ~900 tokens: many overlapping windows, and with 48-token windows even more
    // edges. Every repetition must give its stable entities exactly once, and no window edge
    // may cut a name.
    let sentence = "Ukrainian President Volodymyr Zelensky met NATO Secretary General Mark Rutte in Kyiv on Tuesday. ";
    let text = sentence.repeat(40);
    let small = NerBuilder::new()
        .with_max_length(48)
        .with_stride(16)
        .build()
        .expect("model");
    for recognizer in [ner(), &small] {
        let entities = recognizer.predict(&text).expect("long line");
        check_offsets(&text, &entities);
        let count = |name: &str| entities.iter().filter(|e| e.text == name).count();
        assert_eq!(count("Mark Rutte"), 40);
        assert_eq!(count("Kyiv"), 40);
        for e in &entities {
            for name in ["Volodymyr Zelensky", "Mark Rutte"] {
                let cut = name.split(' ').any(|part| e.text == part);
                assert!(!cut, "{name} cut to {:?} at {}", e.text, e.span.start);
            }
        }
    }
}

#[test]
fn single_window_batches_are_reproducible() {
    // The default model quantizes activations per batch, so batch mates can shift scores;
    // with one window per batch a text's entities never depend on the other texts.
    let alone = NerBuilder::new()
        .with_batch_tokens(1)
        .with_workers(1)
        .build()
        .expect("model");
    let text = "The security pact, set to be ratified by Russia's State Duma, alarmed Seoul.";
    let others = [
        "Kim Jong Un met Vladimir Putin in Vladivostok.",
        text,
        "A much longer sentence about Kyiv, Kursk, Pyongyang and the Pentagon, to change the batch.",
    ];
    let single = alone.predict(text).expect("single");
    let batched = alone.predict_batch(&others).expect("batch");
    assert_eq!(single, batched[1]);
    assert!(!single.is_empty());
}

#[test]
fn aggregation_strategies_all_decode() {
    let text = "Kyrylo Budanov, head of Ukraine's HUR, spoke to the Kyiv Independent in Kyiv.";
    for aggregation in [
        Aggregation::First,
        Aggregation::Average,
        Aggregation::Max,
        Aggregation::Simple,
    ] {
        let ner = NerBuilder::new()
            .with_aggregation(aggregation)
            .with_workers(1)
            .build()
            .expect("model");
        let entities = ner.predict(text).expect("predict");
        check_offsets(text, &entities);
        let whole = entities
            .iter()
            .any(|e| e.label == "PER" && e.text == "Kyrylo Budanov");
        if aggregation == Aggregation::Simple {
            // Token-level grouping follows every sub-token's own label, so a name may come in
            // pieces (`Kyry` + `lo Budanov`): all of them must be PER and cover the name.
            let covered: usize = entities
                .iter()
                .filter(|e| e.span.end <= 14)
                .map(|e| {
                    assert_eq!(e.label, "PER", "{e:?}");
                    e.span.len()
                })
                .sum();
            assert!(covered >= 13, "{entities:?}");
        } else {
            assert!(whole, "{aggregation}: {entities:?}");
        }
    }
}

#[test]
fn the_o_bias_only_removes_entity_words() {
    let text = "The Ukraine conflict and North Korean troops worried the White House and Kyiv.";
    let with_bias = |b: f32| {
        NerBuilder::new()
            .with_o_bias(b)
            .with_workers(1)
            .build()
            .expect("model")
            .predict(text)
            .expect("predict")
    };
    let plain = with_bias(0.0);
    let biased = with_bias(3.0);
    // A bias on O can only turn words to O, so every entity left lies inside one found
    // without it, with the same type, and the covered text shrinks.
    for e in &biased {
        assert!(
            plain.iter().any(|p| p.label == e.label
                && p.span.start <= e.span.start
                && e.span.end <= p.span.end),
            "{e:?} not within {plain:?}"
        );
    }
    let covered = |v: &[Entity]| v.iter().map(|e| e.span.len()).sum::<usize>();
    assert!(
        covered(&biased) < covered(&plain),
        "{plain:?} vs {biased:?}"
    );
    assert!(with_bias(50.0).is_empty());
}

#[test]
fn documents_get_original_offsets_through_the_alignment() {
    let mut doc = Document::new("d1", "close\nJohn  Kirby met Mark Rutte in Kyiv.");
    doc.apply(|t| {
        let mut rw = TextRewriter::new(t);
        rw.delete_to(6);
        rw.copy_to(10);
        rw.replace(12, " ");
        rw.finish()
    });
    assert_eq!(doc.text(), "John Kirby met Mark Rutte in Kyiv.");
    let entities = ner().annotate(&doc).expect("annotate");
    check_offsets(doc.original(), &entities);
    let texts: Vec<&str> = entities.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts, ["John  Kirby", "Mark Rutte", "Kyiv"]);
    assert_eq!(entities[0].span.range(), 6..17);

    let stage = NerStage::new(Arc::new(
        NerBuilder::new().with_workers(1).build().expect("model"),
    ));
    assert_eq!(stage.name(), "ner");
    stage.process(&mut doc).expect("stage");
    // The stage stores the same entities, with the same original offsets, in the annotations.
    let as_stored = |found: &[Entity]| -> Vec<(String, String, polyprep_core::Span)> {
        found
            .iter()
            .map(|e| (e.label.clone(), e.text.clone(), e.span))
            .collect()
    };
    let stored_of = |doc: &Document| -> Vec<(String, String, polyprep_core::Span)> {
        doc.annotations
            .entities
            .iter()
            .map(|e| (e.label.clone(), e.text.clone(), e.span))
            .collect()
    };
    assert_eq!(stored_of(&doc), as_stored(&entities));

    // The batch path stores the same, document by document, in order.
    let mut docs = vec![
        Document::new("d0", ""),
        doc.clone(),
        Document::new("d2", "Seoul."),
    ];
    let results = stage.process_batch(&mut docs);
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert!(docs[0].annotations.entities.is_empty());
    assert_eq!(stored_of(&docs[1]), as_stored(&entities));
    assert_eq!(docs[2].annotations.entities[0].text, "Seoul");
}

fn text_strategy() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("Kyiv".to_owned()),
        Just("John Kirby".to_owned()),
        Just("Київ".to_owned()),
        Just("서울에서".to_owned()),
        Just("U.S.".to_owned()),
        Just("«Динамо»".to_owned()),
        Just("Russia's".to_owned()),
        Just("North-Korea".to_owned()),
        Just("\n".to_owned()),
        "[ \\t,.;:()\"'«»“”-]{1,3}",
        "\\PC{1,8}",
        "[a-zA-Z]{1,10}",
    ];
    prop::collection::vec(word, 0..40).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn entity_offsets_slice_the_text_exactly(text in text_strategy()) {
        let entities = ner().predict(&text).expect("predict");
        check_offsets(&text, &entities);
    }
}
