//! The corpus report end to end: the seed articles through the real cleaner, language detector
//! and normalizer, deduplication and passage detection wired as a streaming command would wire
//! them, the numbers in JSON against the documents and the cleaning goldens, the HTML's shape,
//! and the page rendered by headless Chromium when one is installed.

use polyprep::clean::{Cleaner, CleanerBuilder};
use polyprep::corpus::{read_corpus, InputOptions};
use polyprep::dedup::{dedup_corpus, DedupBuilder};
use polyprep::langid::{LanguageDetector, LanguageDetectorBuilder};
use polyprep::passages::{PassageConfig, PassageFinder};
use polyprep::report::{render_html, ClusterKind, CorpusReport, ReportBuilder, ReportConfig};
use polyprep::stream::StreamOptions;
use polyprep::translit::{Normalizer, NormalizerBuilder};
use polyprep::{Document, Entity, Pipeline, Span, Stage};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample/seeds")
}

fn goldens_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/seeds-expected")
}

struct Stages {
    cleaner: Cleaner,
    detector: LanguageDetector,
    normalizer: Normalizer,
}

fn stages() -> &'static Stages {
    static STAGES: OnceLock<Stages> = OnceLock::new();
    STAGES.get_or_init(|| Stages {
        cleaner: CleanerBuilder::new().build().expect("default cleaner"),
        detector: LanguageDetectorBuilder::new()
            .build()
            .expect("default detector"),
        normalizer: NormalizerBuilder::new()
            .build()
            .expect("default normalizer"),
    })
}

/// A document through the default cleaner, language detector and normalizer.
fn processed(id: &str, text: &str) -> Document {
    let stages = stages();
    let mut doc = Document::new(id, text);
    stages.cleaner.process(&mut doc).expect("cleaning");
    stages
        .detector
        .process(&mut doc)
        .expect("language detection");
    stages.normalizer.process(&mut doc).expect("normalization");
    doc
}

/// The seed file names and texts, in name order.
fn seed_files() -> Vec<(String, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(seeds_dir())
        .expect("sample/seeds")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 5, "the five seed articles");
    paths
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(p).expect("seed text"))
        })
        .collect()
}

fn seed_documents() -> Vec<Document> {
    seed_files()
        .iter()
        .map(|(name, text)| processed(name, text))
        .collect()
}

/// The report as a streaming command builds it: each document goes to the report, the dedup
/// index and the passage finder as it comes; then the corpus-level results join.
fn report_of(docs: &[Document], errors: &[(&str, &str)]) -> CorpusReport {
    let deduper = DedupBuilder::new().build().unwrap();
    let mut index = deduper.index();
    let mut finder = PassageFinder::new(PassageConfig::default()).unwrap();
    let mut builder = ReportBuilder::new().with_title("Seed articles");
    for (i, doc) in docs.iter().enumerate() {
        builder.add_document(doc);
        index
            .insert_sketch(i, &deduper.hasher().sketch(doc.text()), None)
            .unwrap();
        finder.add_document(i, doc).unwrap();
    }
    for (record, message) in errors {
        builder.add_error(record, message);
    }
    let pairs = index.most_similar_pairs(20);
    let result = index.finish().unwrap();
    builder
        .with_duplicates(&result, &pairs)
        .with_dedup_threshold(deduper.config().threshold)
        .with_passages(&finder.finish())
        .finish()
}

/// Blocks and bytes per rule in the cleaning goldens of the seeds.
fn golden_rules() -> BTreeMap<String, (u64, u64)> {
    let mut rules = BTreeMap::new();
    for (name, _) in seed_files() {
        let path = goldens_dir().join(name.replace(".txt", ".removed.json"));
        let blocks: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("golden")).unwrap();
        for block in blocks.as_array().expect("an array of blocks") {
            let rule = block["rule"].as_str().unwrap().to_string();
            let bytes = block["end"].as_u64().unwrap() - block["start"].as_u64().unwrap();
            let entry = rules.entry(rule).or_insert((0, 0));
            entry.0 += 1;
            entry.1 += bytes;
        }
    }
    rules
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

/// Opening and closing tags that must pair up, and no resource the page would fetch.
fn assert_well_formed_and_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    for tag in [
        "html", "head", "body", "main", "section", "svg", "table", "thead", "tbody", "tr", "td",
        "th", "ul", "li", "g", "text", "rect", "title", "code", "p", "h2", "h3", "div",
    ] {
        let open = count(html, &format!("<{tag}>")) + count(html, &format!("<{tag} "));
        let close = count(html, &format!("</{tag}>"));
        assert_eq!(open, close, "<{tag}> opened {open} times, closed {close}");
    }
    for forbidden in [
        "http://", "https://", "src=", "url(", "@import", "<script", "<link", "<iframe",
    ] {
        assert!(!html.contains(forbidden), "the page holds {forbidden:?}");
    }
    // The only links are to the page's own sections.
    for (i, _) in html.match_indices("href=\"") {
        assert_eq!(
            &html[i + 6..i + 7],
            "#",
            "{}",
            &html[i..(i + 40).min(html.len())]
        );
    }
}

#[test]
fn the_seed_report_counts_what_the_pipeline_did() {
    let docs = seed_documents();
    let report = report_of(&docs, &[]);
    let json: Value = serde_json::to_value(&report).unwrap();
    let totals = &json["totals"];
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();

    assert_eq!(totals["documents"], 5);
    assert_eq!(totals["errors"], 0);
    let bytes_in: u64 = seed_files().iter().map(|(_, t)| t.len() as u64).sum();
    assert_eq!(totals["bytes_in"], bytes_in);
    assert_eq!(bytes_in, 17_564, "the seeds as bundled");
    let bytes_out: u64 = docs.iter().map(|d| d.text().len() as u64).sum();
    assert_eq!(totals["bytes_out"], bytes_out);
    assert!(bytes_out < bytes_in);

    // Five English articles in Latin script.
    assert_eq!(json["languages"].as_array().unwrap().len(), 1);
    assert_eq!(json["languages"][0]["code"], "eng");
    assert_eq!(json["languages"][0]["documents"], 5);
    assert_eq!(json["languages"][0]["bytes"], bytes_out);
    assert_eq!(json["scripts"][0]["code"], "Latn");
    assert_eq!(json["scripts"][0]["documents"], 5);

    // Blocks and bytes per rule are those of the cleaning goldens.
    let golden = golden_rules();
    assert!(golden.len() >= 5, "{golden:?}");
    let reported: BTreeMap<String, (u64, u64)> = report
        .boilerplate
        .iter()
        .map(|r| (r.rule.clone(), (r.blocks, r.bytes)))
        .collect();
    assert_eq!(reported, golden);
    assert!(report
        .boilerplate
        .iter()
        .all(|r| r.blocks > 0 && !r.examples.is_empty()));
    let golden_blocks: u64 = golden.values().map(|v| v.0).sum();
    let golden_bytes: u64 = golden.values().map(|v| v.1).sum();
    assert_eq!(totals["blocks_removed"], golden_blocks);
    assert_eq!(totals["bytes_removed"], golden_bytes);
    assert_eq!(totals["documents_with_removals"], 5);
    // The chart orders rules by bytes.
    assert!(report
        .boilerplate
        .windows(2)
        .all(|w| w[0].bytes >= w[1].bytes));

    // No two seeds are near duplicates; the pairs that share something rank below the
    // threshold, most similar first.
    let duplicates = report.duplicates.as_ref().unwrap();
    assert_eq!((duplicates.clusters, duplicates.exact_duplicates), (0, 0));
    let pairs = &duplicates.similar_pairs;
    assert!((1..=10).contains(&pairs.len()), "{pairs:?}");
    assert!(pairs.iter().all(|p| p.similarity > 0.0
        && p.above_threshold == Some(false)
        && !p.same_cluster
        && p.a < p.b
        && ids[p.a] == p.a_id
        && ids[p.b] == p.b_id));
    assert!(pairs.windows(2).all(|w| w[0].similarity >= w[1].similarity));
    assert_eq!(json["duplicates"]["threshold"], 0.8);

    // Kirby's quote is shared by several seeds; every occurrence names a seed.
    let passages = report.passages.as_ref().unwrap();
    assert!(passages.passages >= 1, "{passages:?}");
    for passage in &passages.shown {
        assert!(passage.documents >= 2);
        for occurrence in &passage.occurrences {
            assert_eq!(ids[occurrence.doc_index], occurrence.doc_id);
            let original = docs[occurrence.doc_index].original_slice(occurrence.span);
            assert!(!original.is_empty());
        }
    }
    assert!(passages.shown.iter().any(
        |p| p.text.contains("legitimate military targets") || p.text.contains("western Russia")
    ));

    // Spelling normalizations, per rule, add up to those of the documents.
    let normalizations: u64 = docs
        .iter()
        .map(|d| d.annotations.normalizations.len() as u64)
        .sum();
    assert_eq!(report.normalizations.total, normalizations);
    assert_eq!(
        report
            .normalizations
            .by_rule
            .iter()
            .map(|r| r.count)
            .sum::<u64>(),
        normalizations
    );
    let variant_counts: u64 = report
        .normalizations
        .variants
        .iter()
        .map(|v| v.count)
        .sum::<u64>()
        + report
            .normalizations
            .aliases
            .iter()
            .map(|v| v.count)
            .sum::<u64>();
    assert_eq!(
        variant_counts, normalizations,
        "every form is listed at this size"
    );

    let html = render_html(&report);
    assert_well_formed_and_self_contained(&html);
    for rule in golden.keys() {
        assert!(html.contains(rule.as_str()), "rule {rule} is on the page");
    }
    assert!(html.contains("English (eng)"));
    assert!(html.contains("No duplicate clusters"));

    // The JSON reads back into the same report, so a page can be drawn from a saved report.
    let back: CorpusReport =
        serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
    assert_eq!(back, report);
}

/// The seeds, an exact copy of the first, a near copy of the third (a sentence added) under an
/// id that is markup, a Ukrainian article, and two records that failed.
fn corpus_with_duplicates() -> (Vec<Document>, CorpusReport) {
    let seeds = seed_files();
    let mut docs = seed_documents();
    docs.push(processed("copy-of-000.txt", &seeds[0].1));
    docs.push(processed(
        "<script>alert('id')</script>.txt",
        &format!("{}\nThe ministry declined to comment.", seeds[2].1),
    ));
    docs.push(processed(
        "uk-1.txt",
        "Уряд України ухвалив нові правила для підприємців. Міністерство економіки оприлюднило \
         роз'яснення щодо нових вимог до звітності малого бізнесу.",
    ));
    let report = report_of(
        &docs,
        &[
            (
                "corpus.jsonl:9",
                "invalid JSON: expected value at line 1 column 1",
            ),
            ("<b>bad.jsonl</b>:2", "missing field \"text\""),
        ],
    );
    (docs, report)
}

#[test]
fn duplicate_clusters_name_their_members_and_the_page_escapes_ids() {
    let (docs, report) = corpus_with_duplicates();
    assert_eq!((report.totals.documents, report.totals.errors), (8, 2));
    let codes: Vec<&str> = report.languages.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["eng", "ukr"]);
    let scripts: Vec<&str> = report.scripts.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(scripts, ["Latn", "Cyrl"]);

    let duplicates = report.duplicates.as_ref().unwrap();
    assert_eq!(duplicates.documents, 8);
    assert_eq!((duplicates.clusters, duplicates.exact_clusters), (2, 1));
    assert_eq!(duplicates.exact_duplicates, 1);
    assert_eq!(duplicates.clustered_documents, 4);
    let members = |kind| {
        let cluster = duplicates
            .largest
            .iter()
            .find(|c| c.kind == kind)
            .expect("a cluster of each kind");
        cluster
            .members
            .iter()
            .map(|m| (m.id.clone(), m.representative, m.kept))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        members(ClusterKind::Exact),
        [
            (docs[0].id.clone(), true, true),
            ("copy-of-000.txt".to_string(), false, true)
        ]
    );
    let near = duplicates
        .largest
        .iter()
        .find(|c| c.kind == ClusterKind::Near)
        .unwrap();
    assert_eq!(near.members[0].id, docs[2].id);
    assert_eq!(near.members[1].id, "<script>alert('id')</script>.txt");
    assert!(near.members[1].similarity > 0.8 && near.members[1].similarity < 1.0);
    assert_eq!(near.members[1].lang.as_deref(), Some("eng"));
    // The exact copy ranks first among the pairs, the near copy second, both in their clusters.
    let pairs = &duplicates.similar_pairs;
    assert!(pairs[0].exact && pairs[0].same_cluster && pairs[0].similarity == 1.0);
    assert_eq!(pairs[1].b_id, "<script>alert('id')</script>.txt");
    assert!(pairs[1].same_cluster && pairs[1].above_threshold == Some(true));
    assert!(pairs[2].above_threshold == Some(false) && !pairs[2].same_cluster);

    let json = serde_json::to_string(&report).unwrap();
    assert!(
        json.contains("<script>alert('id')</script>.txt"),
        "JSON keeps ids as they are"
    );
    let html = render_html(&report);
    assert_well_formed_and_self_contained(&html);
    assert!(html.contains("&lt;script&gt;alert(&#39;id&#39;)&lt;/script&gt;.txt"));
    assert!(html.contains("&lt;b&gt;bad.jsonl&lt;/b&gt;:2"));
    assert!(!html.contains("<b>bad"));
    assert!(html.contains("Ukrainian (ukr)") && html.contains("near duplicates"));
}

/// The wiring of a `report` command: a deduplication pass over the records, then a second
/// read through the whole pipeline into the report and the passage finder, record errors and
/// warnings included.
#[test]
fn a_streamed_corpus_with_a_dedup_pass_reports_clusters_errors_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let seeds = seed_files();
    for (name, text) in &seeds {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    std::fs::write(corpus.join("zz-copy.txt"), &seeds[3].1).unwrap();
    // Invalid UTF-8 is replaced, with a warning.
    let mut latin1 = b"Kyiv \xe9t\xe9 officials said the talks would resume next week.".to_vec();
    latin1.push(b'\n');
    std::fs::write(corpus.join("latin1.txt"), latin1).unwrap();
    let jsonl = dir.path().join("more.jsonl");
    std::fs::write(
        &jsonl,
        "{\"id\": \"j1\", \"text\": \"Seoul said on Friday that the troops had arrived in Vladivostok.\"}\n{not json}\n",
    )
    .unwrap();
    let inputs = [corpus.clone(), jsonl];
    let options = InputOptions::default();
    let stream = StreamOptions::default();

    let cleaning = Pipeline::from_stages(vec![Box::new(stages().cleaner.clone())]);
    let deduper = DedupBuilder::new().build().unwrap();
    let dedup = dedup_corpus(
        &cleaning,
        read_corpus(&inputs, &options),
        &deduper,
        &stream,
        20,
    )
    .unwrap();

    let pipeline = Pipeline::from_stages(vec![
        Box::new(stages().cleaner.clone()),
        Box::new(stages().detector.clone()),
        Box::new(stages().normalizer.clone()),
    ]);
    let mut builder = ReportBuilder::new().with_title("A streamed corpus");
    let mut finder = PassageFinder::new(PassageConfig::default()).unwrap();
    pipeline
        .process_stream(read_corpus(&inputs, &options), &stream, |record| {
            match record {
                Ok(doc) => {
                    finder.add_document(builder.documents(), &doc).unwrap();
                    builder.add_document(&doc);
                }
                Err(error) => builder.add_error(&error.record, &error.message),
            }
            Ok::<(), std::convert::Infallible>(())
        })
        .unwrap();
    let report = builder
        .with_corpus_dedup(&dedup)
        .with_dedup_threshold(deduper.config().threshold)
        .with_passages(&finder.finish())
        .finish();

    assert_eq!(report.totals.documents, 8);
    assert_eq!(report.totals.errors, 1);
    assert!(
        report.errors[0].record.ends_with("more.jsonl:2"),
        "{:?}",
        report.errors
    );
    assert_eq!(report.totals.documents_with_warnings, 1);
    assert_eq!(report.warnings.len(), 1);
    let duplicates = report.duplicates.as_ref().unwrap();
    assert!(duplicates.notes.is_empty(), "{:?}", duplicates.notes);
    assert_eq!((duplicates.clusters, duplicates.exact_clusters), (1, 1));
    let ids: Vec<&str> = duplicates.largest[0]
        .members
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(ids, [seeds[3].0.as_str(), "zz-copy.txt"]);
    assert!(duplicates.largest[0]
        .members
        .iter()
        .all(|m| m.bytes.is_some()));
    let html = render_html(&report);
    assert_well_formed_and_self_contained(&html);
    assert!(html.contains("zz-copy.txt") && html.contains("more.jsonl:2"));
}

#[test]
fn empty_one_document_and_nothing_removed_still_render() {
    let empty = ReportBuilder::new().finish();
    assert_eq!(empty.totals.documents, 0);
    let html = render_html(&empty);
    assert_well_formed_and_self_contained(&html);
    for message in [
        "No documents, so no languages.",
        "No documents, so nothing was removed.",
        "Deduplication was not run for this report.",
        "Passage detection was not run for this report.",
        "No entities",
        "No spelling normalizations",
        "No record failed.",
        "No warnings.",
    ] {
        assert!(html.contains(message), "{message}");
    }

    // One clean document: nothing removed, no cluster, no pair, no passage.
    let doc = processed(
        "only",
        "The committee will publish its report next week, officials in Brussels said on Monday.",
    );
    assert!(doc.annotations.removed.is_empty());
    let report = report_of(std::slice::from_ref(&doc), &[]);
    assert_eq!(report.totals.documents, 1);
    assert_eq!(report.languages[0].code, "eng");
    let html = render_html(&report);
    assert_well_formed_and_self_contained(&html);
    for message in [
        "Nothing was removed: no cleaning rule matched any document.",
        "No duplicate clusters",
        "No pairs were ranked",
        "No passage occurs in two or more documents.",
    ] {
        assert!(html.contains(message), "{message}");
    }
}

#[test]
fn errors_and_texts_are_capped_but_counted() {
    let mut builder = ReportBuilder::new();
    let long = "x".repeat(10_000);
    for i in 0..500 {
        builder.add_error(&format!("line {i}"), &long);
    }
    let report = builder.finish();
    assert_eq!(report.totals.errors, 500);
    assert_eq!(report.errors.len(), 50);
    assert_eq!(report.errors[0].message.chars().count(), 400);
    assert!(report.errors[0].message.ends_with('…'));
    assert!(render_html(&report).contains("the first 50 are listed"));
}

#[test]
fn frequency_tables_stay_bounded_on_a_long_tail() {
    // 20,000 documents, each naming a person of its own and, every tenth, the same one: a
    // table of 64 counters keeps the frequent name on top with a bounded overcount.
    let mut builder = ReportBuilder::new().with_config(ReportConfig {
        counters: 64,
        ..ReportConfig::default()
    });
    let entity = |text: String| Entity {
        span: Span::new(0, 0),
        label: "PER".to_string(),
        text,
        score: 0.9,
    };
    for i in 0..20_000 {
        let mut doc = Document::new(format!("d{i}"), "text");
        doc.annotations.entities.push(entity(format!("Person {i}")));
        if i % 10 == 0 {
            doc.annotations.entities.push(entity("Kirby".to_string()));
        }
        builder.add_document(&doc);
    }
    let report = builder.finish();
    let per = &report.entities.labels[0];
    assert_eq!(per.mentions, 22_000);
    assert!(!per.exact);
    assert_eq!(per.top.len(), 15);
    assert_eq!(per.top[0].text, "Kirby");
    assert!(per.top[0].count >= 2_000 && per.top[0].count - per.top[0].max_overcount <= 2_000);
    assert!(render_html(&report).contains("(±"));
}

/// The first `chromium` on PATH.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromium"))
        .find(|candidate| candidate.is_file())
}

#[test]
fn headless_chromium_renders_the_page() {
    let Some(chromium) = chromium() else {
        eprintln!(
            "SKIPPED headless_chromium_renders_the_page: no `chromium` on PATH (Debian: apt-get install -y chromium)"
        );
        return;
    };
    let (_, report) = corpus_with_duplicates();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, render_html(&report)).unwrap();
    std::fs::write(
        dir.path().join("report.json"),
        serde_json::to_string_pretty(&report).unwrap(),
    )
    .unwrap();
    let png = dir.path().join("report.png");
    let mut child = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1200,3000",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    // Chromium should take a second or two; a hung browser fails the test instead of the run.
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chromium did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(status.success(), "chromium failed ({status}):\n{stderr}");

    // dbus, GPU and sandbox noise is not about the page; console messages and errors naming
    // the page are.
    let page_url = format!("file://{}", page.display());
    let about_the_page: Vec<&str> = stderr
        .lines()
        .filter(|line| {
            line.contains(":CONSOLE")
                || (line.contains("ERROR") && line.contains(page_url.as_str()))
        })
        .collect();
    assert!(
        about_the_page.is_empty(),
        "the page logged:\n{}",
        about_the_page.join("\n")
    );

    let bytes = std::fs::read(&png).expect("the screenshot exists");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let dimension = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    assert_eq!(
        (dimension(16), dimension(20)),
        (1200, 3000),
        "IHDR width and height"
    );
    // A blank 1200 x 3000 page compresses to a few kB; text, tables and charts do not.
    assert!(
        bytes.len() > 60_000,
        "the screenshot has {} bytes",
        bytes.len()
    );
    // To look at the page: POLYPREP_REPORT_DIR=/some/dir keeps the page, its JSON and the
    // screenshot there.
    if let Some(keep) = std::env::var_os("POLYPREP_REPORT_DIR") {
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep).unwrap();
        for name in ["report.html", "report.json", "report.png"] {
            std::fs::copy(dir.path().join(name), keep.join(name)).unwrap();
        }
    }
}
