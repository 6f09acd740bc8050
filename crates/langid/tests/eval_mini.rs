//! The accuracy report on a tiny lingua-style fixture.

use polyprep_core::Lang;
use polyprep_langid::eval::{lingua_report, System, TestKind};
use polyprep_langid::{LangIdError, LanguageDetector, LanguageDetectorBuilder};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lingua-mini")
}

fn detector() -> LanguageDetector {
    LanguageDetectorBuilder::new().build().unwrap()
}

fn lines(folder: &str, kind: TestKind) -> Vec<String> {
    std::fs::read_to_string(fixture().join(folder).join(kind.file_name()))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn counts_match_a_line_by_line_recount() {
    let detector = detector();
    let report = lingua_report(&fixture(), &detector).unwrap();
    let folders: Vec<&str> = report.languages.iter().map(|l| l.folder.as_str()).collect();
    // Sorted by English name; `xx` is skipped with a note, LICENSE ignored.
    assert_eq!(folders, ["en", "de", "is", "uk"]);
    assert_eq!(report.notes.len(), 1);
    assert!(report.notes[0].contains("\"xx\""), "{:?}", report.notes);

    for language in &report.languages {
        for kind in TestKind::ALL {
            let lines = lines(&language.folder, kind);
            let result = language.get(kind);
            assert_eq!(result.lines, lines.len());
            let polyprep = lines
                .iter()
                .filter(|l| detector.detect(l).best_guess == language.lang)
                .count();
            let whatlang = lines
                .iter()
                .filter(|l| {
                    whatlang::detect(l).is_some_and(|i| Lang::from(i.lang()) == language.lang)
                })
                .count();
            assert_eq!(
                result.polyprep_correct, polyprep,
                "{} {kind:?}",
                language.folder
            );
            assert_eq!(
                result.whatlang_correct, whatlang,
                "{} {kind:?}",
                language.folder
            );
            assert!(result.polyprep_reliable_correct <= result.polyprep_reliable);
        }
    }

    let en = &report.languages[0];
    assert_eq!(
        (
            en.get(TestKind::SingleWords).lines,
            en.get(TestKind::WordPairs).lines
        ),
        (4, 3)
    );
    let uk = &report.languages[3];
    assert_eq!(uk.get(TestKind::Sentences).polyprep_correct, 3);
    // Icelandic: whatlang cannot detect it, so both miss every line.
    let is = &report.languages[2];
    assert!(!is.whatlang_detects);
    for kind in TestKind::ALL {
        assert_eq!(
            is.get(kind).polyprep_correct + is.get(kind).whatlang_correct,
            0
        );
    }

    // Averages are over languages.
    let mean: f64 = report
        .languages
        .iter()
        .map(|l| l.get(TestKind::Sentences).polyprep_accuracy())
        .sum::<f64>()
        / 4.0;
    let average = report.average(TestKind::Sentences, System::Polyprep, false);
    assert!((average - mean).abs() < 1e-12);
    assert!(report.average(TestKind::Sentences, System::Polyprep, true) > average);
}

#[test]
fn markdown_table() {
    let report = lingua_report(&fixture(), &detector()).unwrap();
    let markdown = report.to_string();
    assert!(markdown.starts_with(
        "| Language | polyprep words | whatlang words | polyprep pairs | whatlang pairs | \
         polyprep sentences | whatlang sentences |"
    ));
    assert!(markdown.contains("| Ukrainian (uk) |"));
    assert!(markdown.contains("| Icelandic (is) † |"));
    assert!(markdown.contains("| **Average** (4 languages) |"));
    assert!(markdown.contains("whatlang cannot detect 1 of the 4 languages (is)"));
    assert!(markdown.contains("(configured)"));
    assert!(markdown.contains("Note: skipped folder"));
}

#[test]
fn missing_files_are_errors_naming_them() {
    let missing = fixture().join("no-such-dir");
    match lingua_report(&missing, &detector()) {
        Err(LangIdError::Io { path, .. }) => assert_eq!(path, missing),
        other => panic!("unexpected {other:?}"),
    }

    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("en")).unwrap();
    std::fs::write(dir.path().join("en/single-words.txt"), "house\n").unwrap();
    std::fs::write(dir.path().join("en/sentences.txt"), "A house.\n").unwrap();
    let err = lingua_report(dir.path(), &detector()).unwrap_err();
    let expected = dir.path().join("en/word-pairs.txt");
    assert!(matches!(&err, LangIdError::Io { path, .. } if *path == expected));
    assert!(err.to_string().contains("word-pairs.txt"), "{err}");
}

/// Languages whatlang lacks but the function words detect are reported apart from those
/// neither detects. The lines are written for this test.
#[test]
fn languages_only_polyprep_detects() {
    let dir = tempfile::tempdir().unwrap();
    let write = |folder: &str, words: &str, pairs: &str, sentences: &str| {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        for (kind, text) in [
            (TestKind::SingleWords, words),
            (TestKind::WordPairs, pairs),
            (TestKind::Sentences, sentences),
        ] {
            std::fs::write(dir.path().join(folder).join(kind.file_name()), text).unwrap();
        }
    };
    write(
        "sw",
        "kwamba\nshule\n",
        "kila siku\nwatu wengi\n",
        "Rais alisema kwamba serikali itajenga shule mpya katika kila wilaya mwaka huu.\n\
         Watu wengi walikuwa wakisubiri basi kwa muda mrefu sana.\n",
    );
    write(
        "is",
        "hús\n",
        "gott veður\n",
        "Ríkisstjórnin ætlar að byggja nýja skóla í hverju héraði á þessu ári.\n",
    );
    write(
        "en",
        "house\n",
        "new schools\n",
        "The government will build new schools in every district this year.\n",
    );
    let report = lingua_report(dir.path(), &detector()).unwrap();
    let sw = report
        .languages
        .iter()
        .find(|l| l.folder == "sw")
        .expect("sw");
    assert!(!sw.whatlang_detects && sw.polyprep_detects);
    assert_eq!(sw.get(TestKind::Sentences).polyprep_correct, 2);
    assert_eq!(sw.get(TestKind::Sentences).whatlang_correct, 0);
    let folders = |langs: Vec<&polyprep_langid::eval::LanguageResult>| -> Vec<String> {
        langs.iter().map(|l| l.folder.clone()).collect()
    };
    assert_eq!(folders(report.undetectable()), ["is", "sw"]);
    assert_eq!(folders(report.undetectable_by_both()), ["is"]);
    let markdown = report.to_string();
    assert!(
        markdown.contains(
            "whatlang cannot detect 2 of the 3 languages (is, sw): their lines count as misses \
             for whatlang. polyprep detects 1 of them by their function words (sw); the lines \
             of the other 1 (is) count as misses for both."
        ),
        "{markdown}"
    );
    assert!(markdown.contains("The languages only polyprep detects"));
}
