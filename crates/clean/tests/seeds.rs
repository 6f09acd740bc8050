//! Golden tests on the project's five seed articles (`sample/seeds/`, goldens in
//! `tests/fixtures/seeds-expected/`).
//!
//! For each seed the default [`Cleaner`] must produce `tests/fixtures/seeds-expected/<name>.clean.txt` and report
//! exactly the blocks of `<name>.removed.json`. `UPDATE_GOLDEN=1 cargo test -p
//! polyprep-clean --test seeds` rewrites the goldens; read every one before committing it: it
//! is the specification.
//!
//! Beside the goldens, each item the cleaning issue lists is checked explicitly, and so is the
//! other direction: every line of the articles' own reporting survives, word for word.

use polyprep_clean::normalize::{NormalizeConfig, Normalizer};
use polyprep_clean::{Cleaner, CleanerBuilder};
use polyprep_core::{Document, Stage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

const SEEDS: [&str; 5] = [
    "000_f15029a5649e6a24",
    "001_274ee2d29b0dfeef",
    "002_ef7bace14a8e43ce",
    "003_dd9665f586c6a7ac",
    "004_a77db58b3138f986",
];

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../sample/seeds")
}

fn read_seed(name: &str) -> String {
    let path = fixtures().join(format!("{name}.txt"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| CleanerBuilder::new().build().expect("default cleaner"))
}

fn keeping_cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| {
        CleanerBuilder::new()
            .with_keep_boilerplate(true)
            .build()
            .expect("keep-mode cleaner")
    })
}

fn cleaned(name: &str) -> Document {
    let mut doc = Document::new(name, read_seed(name));
    cleaner().process(&mut doc).expect("cleaning never fails");
    doc
}

/// One removed block as the golden files record it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct GoldenRemoval {
    rule: String,
    text: String,
    start: usize,
    end: usize,
}

fn removals(doc: &Document) -> Vec<GoldenRemoval> {
    doc.annotations
        .removed
        .iter()
        .map(|r| GoldenRemoval {
            rule: r.rule.clone(),
            text: r.text.clone(),
            start: r.span.start,
            end: r.span.end,
        })
        .collect()
}

#[test]
fn seeds_match_their_goldens() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let expected_dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/seeds-expected");
    for name in SEEDS {
        let doc = cleaned(name);
        let clean_path = expected_dir.join(format!("{name}.clean.txt"));
        let removed_path = expected_dir.join(format!("{name}.removed.json"));
        let removed = removals(&doc);
        if update {
            std::fs::create_dir_all(&expected_dir).unwrap();
            std::fs::write(&clean_path, doc.text()).unwrap();
            let json = serde_json::to_string_pretty(&removed).unwrap();
            std::fs::write(&removed_path, json + "\n").unwrap();
            continue;
        }
        let expected_text = std::fs::read_to_string(&clean_path).unwrap_or_else(|e| {
            panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", clean_path.display())
        });
        assert_eq!(
            doc.text(),
            expected_text,
            "{name}: clean text differs from its golden"
        );
        let expected_removed: Vec<GoldenRemoval> =
            serde_json::from_str(&std::fs::read_to_string(&removed_path).unwrap()).unwrap();
        assert_eq!(
            removed, expected_removed,
            "{name}: removed blocks differ from the golden"
        );
    }
}

/// Asserts that `fragment` is gone from the clean text and was reported under `rule`.
fn assert_gone(doc: &Document, fragment: &str, rule: &str) {
    assert!(
        !doc.text().contains(fragment),
        "{}: {fragment:?} is still in the clean text",
        doc.id
    );
    let hits: Vec<&str> = doc
        .annotations
        .removed
        .iter()
        .filter(|r| r.text.contains(fragment))
        .map(|r| r.rule.as_str())
        .collect();
    assert!(
        !hits.is_empty() && hits.iter().all(|r| *r == rule),
        "{}: {fragment:?} removed by {hits:?}, expected {rule}",
        doc.id
    );
    for r in &doc.annotations.removed {
        assert!(r.removed);
        assert_eq!(doc.original_slice(r.span), r.text, "span of {:?}", r.rule);
    }
}

#[test]
fn seed_000_dateline_goes_and_becomes_metadata() {
    let doc = cleaned(SEEDS[0]);
    assert_gone(&doc, "date 2024-10-27 (MENAFN)", "dateline");
    assert!(doc.text().starts_with(
        "The ongoing tensions surrounding the Ukraine conflict have taken a new turn"
    ));
    assert_eq!(doc.metadata["dateline_date"], "2024-10-27");
    assert_eq!(doc.metadata["dateline_source"], "MENAFN");
    assert_eq!(doc.annotations.removed.len(), 1);
}

#[test]
fn seed_001_read_more_teaser_goes() {
    let doc = cleaned(SEEDS[1]);
    assert!(!doc.text().lines().any(|l| l == "Read more"));
    assert_gone(
        &doc,
        "FILE PHOTO: US Defense Secretary Lloyd Austin.",
        "photo-caption",
    );
    assert_gone(
        &doc,
        "Pentagon believes North Korean troops are in Russia",
        "read-more",
    );
    let rules: Vec<&str> = doc
        .annotations
        .removed
        .iter()
        .map(|r| r.rule.as_str())
        .collect();
    assert_eq!(rules, ["read-more", "photo-caption", "read-more"]);
    // The headline is the article's own and stays.
    assert!(doc
        .text()
        .starts_with("North Korean troops would be ‘legitimate target’ – US\n"));
}

#[test]
fn seed_002_article_appears_once_without_credits() {
    let doc = cleaned(SEEDS[2]);
    assert_gone(&doc, "Mandatory credit: The White House", "credit-line");
    let credits = doc
        .annotations
        .removed
        .iter()
        .filter(|r| r.rule == "credit-line")
        .count();
    assert_eq!(credits, 2);
    let original = read_seed(SEEDS[2]);
    let paragraphs: BTreeSet<&str> = original
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("Mandatory credit"))
        .collect();
    assert_eq!(paragraphs.len(), 7);
    for p in &paragraphs {
        assert_eq!(doc.text().matches(p).count(), 1, "{p:?}");
    }
    assert_eq!(doc.text().lines().count(), 7);
    let repeats: Vec<_> = doc
        .annotations
        .removed
        .iter()
        .filter(|r| r.rule == "repeated-block")
        .collect();
    assert_eq!(
        repeats.len(),
        2,
        "the second and third copies, one annotation each"
    );
}

#[test]
fn seed_003_chrome_and_both_teasers_go() {
    let doc = cleaned(SEEDS[3]);
    assert!(!doc.text().lines().any(|l| l.trim() == "close"));
    let chrome = doc
        .annotations
        .removed
        .iter()
        .filter(|r| r.rule == "page-chrome" && r.text == "close");
    assert_eq!(chrome.count(), 2);
    assert_gone(
        &doc,
        "Finishing off the defenseless",
        "content-warning-teaser",
    );
    assert_gone(
        &doc,
        "Warning: This article contains graphic photos",
        "content-warning-teaser",
    );
    assert_gone(&doc, "A decomposed human hand", "content-warning-teaser");
    assert_gone(
        &doc,
        "Experts say South Korea is unlikely",
        "truncated-teaser",
    );
    assert_gone(&doc, "but on October 22…", "truncated-teaser");
    assert!(doc.text().starts_with(
        "North Korean troops fighting for Russia in Ukraine would be “fair game,” the White House says\n"
    ));
    assert!(doc.text().ends_with("to monitor North Korean troops."));
}

#[test]
fn seed_004_all_caps_promo_goes() {
    let doc = cleaned(SEEDS[4]);
    assert_gone(
        &doc,
        "MATT WALSH’S ‘AM I RACIST?’ COMING TO DAILYWIRE+ OCT. 28",
        "all-caps-promo",
    );
    assert_eq!(doc.annotations.removed.len(), 1);
}

/// The lines of each seed that are boilerplate, as the cleaning issue lists them; every other
/// line is the articles' own reporting.
fn boilerplate_lines(name: &str) -> &'static [&'static str] {
    match name {
        "001_274ee2d29b0dfeef" => &[
            "Read more",
            "FILE PHOTO: US Defense Secretary Lloyd Austin.",
            "Pentagon believes North Korean troops are in Russia",
        ],
        "002_ef7bace14a8e43ce" => &["Mandatory credit: The White House"],
        "003_dd9665f586c6a7ac" => &[
            "close",
            "Finishing off the defenseless: How the Russians execute Ukrainian soldiers",
            "Warning: This article contains graphic photos",
            "Experts say South Korea is unlikely to supply weapons to Ukraine given legal hurdles",
            "South Korea has indicated it may change its longstanding stance",
        ],
        "004_a77db58b3138f986" => &["MATT WALSH’S ‘AM I RACIST?’ COMING TO DAILYWIRE+ OCT. 28"],
        _ => &[],
    }
}

#[test]
fn every_line_of_reporting_survives() {
    let normalizer = Normalizer::new(NormalizeConfig::default());
    for name in SEEDS {
        let doc = cleaned(name);
        let clean_lines: BTreeSet<&str> = doc.text().lines().collect();
        let original = read_seed(name);
        let mut checked = 0;
        for line in original.lines().filter(|l| !l.trim().is_empty()) {
            if boilerplate_lines(name).iter().any(|b| line.starts_with(b)) {
                continue;
            }
            let line = line
                .trim_start()
                .strip_prefix("date 2024-10-27 (MENAFN) ")
                .unwrap_or(line);
            let expected = normalizer.normalize(line).text.into_owned();
            assert!(
                clean_lines.contains(expected.as_str()),
                "{name}: reporting line lost or altered: {expected:?}"
            );
            checked += 1;
        }
        assert!(checked >= 6, "{name}: only {checked} lines checked");
    }
}

#[test]
fn keep_mode_removes_nothing_and_flags_the_same_blocks() {
    let normalizer = Normalizer::new(NormalizeConfig::default());
    for name in SEEDS {
        let removed = cleaned(name);
        let mut kept = Document::new(name, read_seed(name));
        keeping_cleaner().process(&mut kept).unwrap();
        assert_eq!(
            kept.text(),
            normalizer.normalize(kept.original()).text,
            "{name}"
        );
        assert!(kept.annotations.removed.iter().all(|r| !r.removed));
        let key = |d: &Document| -> BTreeSet<(String, usize, usize)> {
            d.annotations
                .removed
                .iter()
                .map(|r| (r.rule.clone(), r.span.start, r.span.end))
                .collect()
        };
        assert_eq!(key(&kept), key(&removed), "{name}");
        assert_eq!(kept.metadata, removed.metadata, "{name}");
    }
}
