//! Acceptance on the seed articles (sample/seeds, the bundled copy of the project's seeds):
//! every `Kiev` naming the city becomes `Kyiv`, `Zelenksy` becomes `Zelensky`, `Vladimir Zelensky`
//! becomes `Volodymyr Zelensky`, and nothing else changes by a byte.

use polyprep_core::{Document, NormalizationRule, Stage};
use polyprep_translit::{Mode, NormalizerBuilder, Profile};
use std::path::Path;

fn seeds() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert_eq!(
        paths.len(),
        5,
        "the five seed articles are in {}",
        dir.display()
    );
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect()
}

#[test]
fn seeds_are_normalized_exactly_as_asked_and_nothing_else_changes() {
    let normalizer = NormalizerBuilder::new().build().unwrap();
    let mut applied = Vec::new();
    for (name, text) in seeds() {
        let mut doc = Document::new(name.clone(), text.clone());
        normalizer.process(&mut doc).unwrap();
        // Rebuild the output from the original and the applied changes: every other byte is
        // the original's.
        let mut rebuilt = String::new();
        let mut pos = 0;
        for change in doc.annotations.normalizations.iter().filter(|n| n.applied) {
            assert_eq!(&text[change.span.range()], change.text, "{name}");
            rebuilt.push_str(&text[pos..change.span.start]);
            rebuilt.push_str(&change.canonical);
            pos = change.span.end;
            applied.push((change.text.clone(), change.canonical.clone(), change.rule));
        }
        rebuilt.push_str(&text[pos..]);
        assert_eq!(doc.text(), rebuilt, "{name}");
        assert!(!doc.text().contains("Kiev"), "{name}: a Kiev is left");
        assert!(!doc.text().contains("Zelenksy"), "{name}");
        assert!(!doc.text().contains("Vladimir Zelensky"), "{name}");
        assert_eq!(
            text.matches("Vladimir Putin").count(),
            doc.text().matches("Vladimir Putin").count(),
            "{name}"
        );
        assert_eq!(
            text.matches("Kyiv Independent").count(),
            doc.text().matches("Kyiv Independent").count(),
            "{name}"
        );
    }
    applied.sort_by(|a, b| a.0.cmp(&b.0));
    let gazetteer = NormalizationRule::Gazetteer;
    let fuzzy = NormalizationRule::Fuzzy;
    let expected = [
        ("Kiev", "Kyiv", gazetteer),
        ("Kiev", "Kyiv", gazetteer),
        ("Kiev", "Kyiv", gazetteer),
        ("Vladimir Zelensky", "Volodymyr Zelensky", gazetteer),
        ("Zelenksy", "Zelensky", fuzzy),
        ("Zelenksy", "Zelensky", fuzzy),
        ("Zelenksy", "Zelensky", fuzzy),
    ];
    let applied: Vec<(&str, &str, NormalizationRule)> = applied
        .iter()
        .map(|(a, b, r)| (a.as_str(), b.as_str(), *r))
        .collect();
    assert_eq!(applied, expected);
}

#[test]
fn annotate_mode_reports_the_same_changes_without_making_them() {
    let rewrite = NormalizerBuilder::new().build().unwrap();
    let annotate = NormalizerBuilder::new()
        .with_mode(Mode::Annotate)
        .build()
        .unwrap();
    for (name, text) in seeds() {
        let mut rewritten = Document::new(name.clone(), text.clone());
        rewrite.process(&mut rewritten).unwrap();
        let mut annotated = Document::new(name.clone(), text.clone());
        annotate.process(&mut annotated).unwrap();
        assert_eq!(annotated.text(), text);
        let spans = |d: &Document| -> Vec<_> {
            d.annotations
                .normalizations
                .iter()
                .map(|n| (n.span, n.canonical.clone()))
                .collect()
        };
        assert_eq!(spans(&rewritten), spans(&annotated), "{name}");
        assert!(annotated
            .annotations
            .normalizations
            .iter()
            .all(|n| !n.applied));
    }
}

#[test]
fn the_official_profile_writes_the_own_romanization() {
    let normalizer = NormalizerBuilder::new()
        .with_profile(Profile::Official)
        .build()
        .unwrap();
    let (_, text) = seeds().remove(3);
    let mut doc = Document::new("003", text);
    normalizer.process(&mut doc).unwrap();
    assert!(doc.text().contains("President Volodymyr Zelenskyy"));
    assert!(!doc.text().contains("Zelensky,") && !doc.text().contains("Zelensky "));
}
