//! A BERT-style export as optimum lays it out (three int64 inputs including token_type_ids,
//! WordPiece with [CLS]/[SEP], a lower-casing normalizer, MISC in the labels, a tokenizer.json
//! saved with truncation on), with a lookup-table "encoder" so every expected label is exact.
//! `tests/fixtures/tiny-bert-ner/make_fixture.py` builds it.

use polyprep_ner::eval::{evaluate_words, parse_conll};
use polyprep_ner::{Aggregation, Entity, Ner, NerBuilder};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny-bert-ner")
}

fn build(builder: NerBuilder) -> Ner {
    builder
        .with_model_dir(fixture())
        .with_workers(1)
        .build()
        .unwrap_or_else(|e| panic!("fixture model must load: {e}"))
}

fn pairs(entities: &[Entity]) -> Vec<(&str, &str)> {
    entities
        .iter()
        .map(|e| (e.label.as_str(), e.text.as_str()))
        .collect()
}

#[test]
fn a_bert_export_works_unmodified() {
    let ner = build(NerBuilder::new());
    assert_eq!(ner.entity_types(), ["MISC", "PER", "ORG", "LOC"]);
    let text = "JOHN Kirby visited Kyiv, Paris and London Bridge.";
    let entities = ner.predict(text).expect("predict");
    // `Kirby` is `ki ##rby`: its first sub-token (I-PER) continues John; `##rby` says B-ORG
    // and is ignored by `first`. Offsets come through the lower-casing normalizer.
    assert_eq!(
        pairs(&entities),
        [
            ("PER", "JOHN Kirby"),
            ("LOC", "Kyiv"),
            ("LOC", "Paris"),
            ("LOC", "London Bridge")
        ]
    );
    assert_eq!(entities[1].span.range(), 19..23);

    let words = ner
        .predict_words(&[vec!["John", "Kirby", "met", "NATO", "unknownword"]])
        .expect("words");
    assert_eq!(words[0], ["B-PER", "I-PER", "O", "B-ORG", "O"]);

    let simple = build(NerBuilder::new().with_aggregation(Aggregation::Simple));
    assert_eq!(
        pairs(&simple.predict("John Kirby met NATO").expect("simple")),
        [("PER", "John Ki"), ("ORG", "rby"), ("ORG", "NATO")]
    );
}

#[test]
fn windows_and_a_saved_truncation_do_not_lose_entities() {
    // 16-token windows over a line of ~1,200 tokens, well past the tokenizer.json's saved
    // truncation at 512: every repetition is found exactly once and whole.
    let ner = build(NerBuilder::new().with_max_length(16).with_stride(4));
    let text = "John Kirby visited Kyiv and London Bridge. ".repeat(150);
    let entities = ner.predict(&text).expect("predict");
    let count = |label: &str, name: &str| {
        entities
            .iter()
            .filter(|e| e.label == label && e.text == name)
            .count()
    };
    assert_eq!(count("PER", "John Kirby"), 150);
    assert_eq!(count("LOC", "Kyiv"), 150);
    assert_eq!(count("LOC", "London Bridge"), 150);
    assert_eq!(entities.len(), 450);
}

#[test]
fn word_mode_evaluation_scores_a_perfect_model_perfectly() {
    let ner = build(NerBuilder::new());
    let data = parse_conll(
        "John\tB-PER\nKirby\tI-PER\nvisited\tO\nParis\tB-LOC\n\nNATO\tB-ORG\nmet\tO\nthe\tO\nEU\tB-MISC\n",
        Path::new("inline"),
    )
    .expect("parse");
    let report = evaluate_words(&ner, &data).expect("evaluate");
    assert_eq!(report.overall.f1, 0.75 * 2.0 / (1.0 + 0.75));
    assert_eq!(report.per_type["PER"].f1, 1.0);
    // The model never predicts the gold MISC entity `EU` (an unknown word): a miss.
    assert_eq!(report.per_type["MISC"].support, 1);
    assert_eq!(report.per_type["MISC"].correct, 0);
}
