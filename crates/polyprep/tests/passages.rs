//! Shared-passage detection on the seed articles, on edge cases and on arbitrary text.

use polyprep::clean::{Cleaner, CleanerBuilder};
use polyprep::passages::{find_shared_passages, PassageConfig, PassageFinder, SharedPassage};
use polyprep::{Document, Span, Stage};
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../sample/seeds")
}

fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| CleanerBuilder::new().build().expect("default cleaner"))
}

/// The five seed articles, cleaned by the default cleaner, in file-name order.
fn cleaned_seeds() -> Vec<Document> {
    let cleaner = cleaner();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(seeds_dir())
        .expect("sample/seeds")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 5);
    paths
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            let text = std::fs::read_to_string(path).expect("seed text");
            let mut doc = Document::new(&name[..3], text);
            cleaner.process(&mut doc).expect("cleaning");
            doc
        })
        .collect()
}

fn seed_passages(docs: &[Document]) -> Vec<SharedPassage> {
    let mut finder = PassageFinder::new(PassageConfig::default()).unwrap();
    for (i, doc) in docs.iter().enumerate() {
        let alignment = doc.alignment();
        finder
            .add(i, &doc.id, doc.text(), |s, e| alignment.to_original(s, e))
            .unwrap();
    }
    finder.finish()
}

/// Whether some passage has exactly these (document, original text) occurrences.
fn find<'p>(
    passages: &'p [SharedPassage],
    docs: &[Document],
    wanted: &[(usize, &str)],
) -> Option<&'p SharedPassage> {
    passages.iter().find(|p| {
        p.occurrences.len() == wanted.len()
            && p.occurrences.iter().zip(wanted).all(|(o, &(doc, text))| {
                o.doc_index == doc && docs[doc].original_slice(o.span) == text
            })
    })
}

#[test]
fn seeds_kirby_quote_is_shared_verbatim_by_001_and_002() {
    let docs = cleaned_seeds();
    let passages = seed_passages(&docs);
    let quote =
        "could travel to western Russia and then engage in combat against the Ukrainian military";
    let passage = find(&passages, &docs, &[(1, quote), (2, quote)])
        .unwrap_or_else(|| panic!("no verbatim Kirby passage in {passages:#?}"));
    assert!(passage.verbatim);
    assert_eq!(passage.similarity, 1.0);
    assert_eq!(passage.documents, 2);
    assert_eq!(passage.words, 14);
    assert_eq!(passage.text, quote);
    // 002 was added after 001, so the finder held 002's text when it matched; 001's it had not.
    assert_eq!(passage.occurrences[1].text.as_deref(), Some(quote));
}

#[test]
fn seeds_fair_targets_transcriptions_in_003_and_004_are_one_near_verbatim_passage() {
    let docs = cleaned_seeds();
    let passages = seed_passages(&docs);
    let in_003 =
        "fair targets, and the Ukrainian military will defend itself against North Korean \
                  soldiers in the same way that it defends itself against Russian soldiers,” Kirby";
    let in_004 = "fair targets and the Ukrainian military will defend themselves against North Korean \
                  soldiers the same way they’re defending themselves against Russian soldiers,” Kirby";
    let passage = find(&passages, &docs, &[(3, in_003), (4, in_004)])
        .unwrap_or_else(|| panic!("no fair-targets passage in {passages:#?}"));
    assert!(!passage.verbatim);
    // 19 words in common of 25 and 23.
    assert!(
        (passage.similarity - 38.0 / 48.0).abs() < 1e-6,
        "{passage:?}"
    );
}

#[test]
fn seeds_passages_are_cross_document_and_map_to_original_text() {
    let docs = cleaned_seeds();
    let passages = seed_passages(&docs);
    for (id, passage) in passages.iter().enumerate() {
        assert_eq!(passage.id, id);
        assert!(passage.documents >= 2);
        assert!(passage.similarity >= 0.6 && passage.similarity <= 1.0);
        assert!(passage.words >= 8);
        for o in &passage.occurrences {
            let original = docs[o.doc_index].original();
            let slice = o.span.slice(original).expect("span on char boundaries");
            assert_eq!(o.doc_id, docs[o.doc_index].id);
            // The current text differs from the original only by cleaning, which keeps words.
            if let Some(text) = &o.text {
                let words = |s: &str| s.split_whitespace().count();
                assert_eq!(words(text), words(slice), "{text} / {slice}");
            }
        }
    }
    // Sorted by number of documents, then length.
    for pair in passages.windows(2) {
        assert!((pair[0].documents, pair[0].words) >= (pair[1].documents, pair[1].words));
    }
}

/// `cargo test -p polyprep --no-default-features --test passages -- --ignored --nocapture
/// list_seed_passages` prints every passage found on the seeds.
#[test]
#[ignore = "prints a report"]
fn list_seed_passages() {
    let docs = cleaned_seeds();
    let start = Instant::now();
    let passages = seed_passages(&docs);
    println!(
        "{} passages on the 5 cleaned seeds in {:?}",
        passages.len(),
        start.elapsed()
    );
    for p in &passages {
        println!(
            "#{} docs={} words={} similarity={:.3} verbatim={}",
            p.id, p.documents, p.words, p.similarity, p.verbatim
        );
        for o in &p.occurrences {
            println!(
                "   {} {:?}: {}",
                o.doc_id,
                o.span.range(),
                docs[o.doc_index].original_slice(o.span)
            );
        }
    }
}

const SENTENCE: &str = "North Korean troops deployed to fight for Russia against Ukraine are fair \
                        game, the spokesman said on Wednesday.";

#[test]
fn empty_corpus_and_single_document_share_nothing() {
    assert!(find_shared_passages(&[], PassageConfig::default())
        .unwrap()
        .is_empty());
    let one = [Document::new("one", format!("{SENTENCE} {SENTENCE}"))];
    // A sentence repeated within one document is a repeat, not a shared passage.
    assert!(find_shared_passages(&one, PassageConfig::default())
        .unwrap()
        .is_empty());
    let blank = [Document::new("a", ""), Document::new("b", "  \n\n ...")];
    assert!(find_shared_passages(&blank, PassageConfig::default())
        .unwrap()
        .is_empty());
}

#[test]
fn identical_documents_share_their_whole_text() {
    let text = format!(
        "Headline without a full stop\n\n{SENTENCE} Short one. Then, \u{201C}a quoted line \
         with typographic quotes,\u{201D} he added \u{2014} and more!\n"
    );
    let docs: Vec<Document> = (0..3)
        .map(|i| Document::new(format!("d{i}"), text.clone()))
        .collect();
    let passages = find_shared_passages(&docs, PassageConfig::default()).unwrap();
    assert_eq!(passages.len(), 1, "{passages:#?}");
    let p = &passages[0];
    assert!(p.verbatim);
    assert_eq!(p.documents, 3);
    let whole = text.trim_end_matches(['!', '\n']);
    for (i, o) in p.occurrences.iter().enumerate() {
        assert_eq!(o.doc_index, i);
        assert_eq!(o.span, Span::new(0, whole.len()));
    }
    assert_eq!(p.text, whole);
}

#[test]
fn documents_of_one_sentence() {
    let short = [
        Document::new("a", "He said so."),
        Document::new("b", "He said so."),
    ];
    assert!(find_shared_passages(&short, PassageConfig::default())
        .unwrap()
        .is_empty());
    let long = [
        Document::new("a", SENTENCE),
        Document::new("b", SENTENCE.to_uppercase()),
    ];
    let passages = find_shared_passages(&long, PassageConfig::default()).unwrap();
    assert_eq!(passages.len(), 1);
    // Case and punctuation do not count.
    assert!(passages[0].verbatim);
    let end = SENTENCE.len() - 1;
    assert_eq!(passages[0].occurrences[0].span, Span::new(0, end));
}

#[test]
fn the_same_doc_index_is_never_matched_with_itself() {
    let mut finder = PassageFinder::new(PassageConfig::default()).unwrap();
    finder.add(7, "x", SENTENCE, Span::new).unwrap();
    finder.add(7, "x-again", SENTENCE, Span::new).unwrap();
    assert!(finder.finish().is_empty());
}

#[test]
fn stock_phrases_and_unrelated_sentences_do_not_match() {
    let docs = [
        Document::new(
            "a",
            "The minister arrived in Kyiv, the White House said on Wednesday. Prices rose sharply \
             in March as energy costs climbed across the region.",
        ),
        Document::new(
            "b",
            "Troops were seen near the border, the White House said on Wednesday. The football \
             season ended in March with a win for the home team.",
        ),
    ];
    let passages = find_shared_passages(&docs, PassageConfig::default()).unwrap();
    assert!(passages.is_empty(), "{passages:#?}");
}

#[test]
fn a_passage_copied_across_paragraphs_is_one_passage() {
    let wire = "Moscow has denied the reports of troop movements near the border. The \
                ministry called the claims fake and hype on Wednesday.\n\nOfficials in Seoul said \
                the soldiers were sent to bolster Russian forces fighting against Ukraine.";
    let docs = [
        Document::new(
            "a",
            format!("Local news first.\n\n{wire}\n\nMore local news."),
        ),
        Document::new("b", format!("Other intro here.\n\n{wire}")),
    ];
    let passages = find_shared_passages(&docs, PassageConfig::default()).unwrap();
    assert_eq!(passages.len(), 1, "{passages:#?}");
    let p = &passages[0];
    assert!(p.verbatim);
    let end = wire.len() - 1; // the final full stop is not a word
    assert_eq!(docs[0].original_slice(p.occurrences[0].span), &wire[..end]);
    assert_eq!(docs[1].original_slice(p.occurrences[1].span), &wire[..end]);
}

#[test]
fn config_reads_partial_json() {
    let config: PassageConfig = serde_json::from_str(r#"{"min_words": 12}"#).unwrap();
    assert_eq!(config.min_words, 12);
    assert_eq!(config.shingle_size, PassageConfig::default().shingle_size);
    assert!(serde_json::from_str::<PassageConfig>(r#"{"min_word": 12}"#).is_err());
    let back: PassageConfig =
        serde_json::from_str(&serde_json::to_string(&config).unwrap()).unwrap();
    assert_eq!(back, config);
}

/// Text made of shared sentences, near-copies of them, line breaks and arbitrary characters.
fn corpus_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(SENTENCE.to_string()),
        Just(SENTENCE.replace("fair", "legitimate")),
        Just("“They’re fair targets,” Kirby said — twice. ".to_string()),
        Just("Київ і Харків, заявив речник у середу. ".to_string()),
        Just("\n\n".to_string()),
        Just("e\u{0301}\u{200B}\u{FEFF} ".to_string()),
        "\\PC{0,40}",
        "[a-c ]{0,30}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

fn config() -> impl Strategy<Value = PassageConfig> {
    (
        0usize..12,
        0.0f64..=1.0,
        1usize..5,
        1usize..4,
        1usize..4,
        1usize..4,
        0usize..4,
    )
        .prop_map(
            |(min_words, min_similarity, shingle_size, min_shared, postings, candidates, gap)| {
                PassageConfig {
                    min_words,
                    min_similarity,
                    shingle_size,
                    min_shared_shingles: min_shared,
                    max_postings: postings,
                    max_candidates: candidates,
                    max_gap_words: gap,
                    max_sentence_words: shingle_size + 7,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn no_input_panics_and_spans_lie_on_char_boundaries(
        texts in prop::collection::vec(corpus_text(), 0..5),
        config in config(),
    ) {
        let cleaner = cleaner();
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut doc = Document::new(format!("d{i}"), t.clone());
                cleaner.process(&mut doc).unwrap();
                doc
            })
            .collect();
        let passages = find_shared_passages(&docs, config.clone()).unwrap();
        for p in &passages {
            prop_assert!(p.documents >= 2);
            for o in &p.occurrences {
                prop_assert!(o.span.slice(docs[o.doc_index].original()).is_some());
            }
        }
        // Without cleaning, the current text is the original: held texts are its slices.
        let raw: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("d{i}"), t.clone()))
            .collect();
        for p in find_shared_passages(&raw, config).unwrap() {
            for o in &p.occurrences {
                let slice = o.span.slice(raw[o.doc_index].original());
                prop_assert!(slice.is_some());
                if let Some(text) = &o.text {
                    prop_assert_eq!(Some(text.as_str()), slice);
                }
            }
        }
    }
}

/// Throughput on 10^4 documents of 6 to 14 sentences each drawn from lingua's 1,000 English
/// test sentences, some altered (a word dropped, case changed) to exercise near-verbatim
/// matching: `cargo test --release -p polyprep --no-default-features --test passages --
/// --ignored --nocapture ten_thousand_documents`.
#[test]
#[ignore = "a measurement, run in release"]
fn ten_thousand_documents() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/langid/lingua-testdata/en/sentences.txt");
    let text = std::fs::read_to_string(path).expect("lingua English sentences");
    let sentences: Vec<&str> = text.lines().collect();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut docs = Vec::new();
    // Which source sentence each byte range of each document is: the ground truth.
    let mut slots: Vec<Vec<(usize, usize, usize)>> = Vec::new();
    let mut bytes = 0;
    for i in 0..10_000 {
        let count = 6 + next(9);
        let mut doc = String::new();
        let mut doc_slots = Vec::new();
        for _ in 0..count {
            let source = next(sentences.len());
            let sentence = sentences[source];
            let slot_start = doc.len();
            match next(10) {
                0 => {
                    // Drop one word.
                    let words: Vec<&str> = sentence.split(' ').collect();
                    let skip = next(words.len());
                    let kept: Vec<&str> = words
                        .iter()
                        .enumerate()
                        .filter(|&(j, _)| j != skip)
                        .map(|(_, w)| *w)
                        .collect();
                    doc.push_str(&kept.join(" "));
                }
                1 => doc.push_str(&sentence.to_uppercase()),
                _ => doc.push_str(sentence),
            }
            doc_slots.push((slot_start, doc.len(), source));
            doc.push_str(if next(4) == 0 { "\n\n" } else { " " });
        }
        bytes += doc.len();
        docs.push((format!("doc{i}"), doc));
        slots.push(doc_slots);
    }
    let start = Instant::now();
    let mut finder = PassageFinder::new(PassageConfig::default()).unwrap();
    for (i, (id, text)) in docs.iter().enumerate() {
        finder.add(i, id, text, Span::new).unwrap();
    }
    let added = start.elapsed();
    let passages = finder.finish();
    let total = start.elapsed();
    let occurrences: usize = passages.iter().map(|p| p.occurrences.len()).sum();
    let verbatim = passages.iter().filter(|p| p.verbatim).count();
    println!(
        "{} documents, {:.1} MB: add {:?}, finish {:?}, total {:?} ({:.1} MB/s); {} passages \
         ({verbatim} verbatim), {occurrences} occurrences; largest in {} documents",
        docs.len(),
        bytes as f64 / 1e6,
        added,
        total - added,
        total,
        bytes as f64 / 1e6 / total.as_secs_f64(),
        passages.len(),
        passages.first().map_or(0, |p| p.documents),
    );

    // Precision: the occurrences of a passage all overlap copies of one source sentence.
    let sources = |doc: usize, span: Span| -> Vec<usize> {
        slots[doc]
            .iter()
            .filter(|&&(s, e, _)| s < span.end && span.start < e)
            .map(|&(_, _, source)| source)
            .collect()
    };
    let mut wrong = Vec::new();
    let mut multi_sentence = 0;
    for p in &passages {
        let first = sources(p.occurrences[0].doc_index, p.occurrences[0].span);
        if first.len() > 1 {
            multi_sentence += 1;
        }
        let shared = first.iter().any(|source| {
            p.occurrences
                .iter()
                .all(|o| sources(o.doc_index, o.span).contains(source))
        });
        if !shared {
            wrong.push(p);
        }
    }
    // Recall: copies of source sentences of at least min_words words that occur in two or more
    // documents, covered (half their bytes or more) by an occurrence.
    let mut docs_of = vec![std::collections::BTreeSet::new(); sentences.len()];
    for (doc, doc_slots) in slots.iter().enumerate() {
        for &(_, _, source) in doc_slots {
            docs_of[source].insert(doc);
        }
    }
    let mut covered_spans: Vec<Vec<Span>> = vec![Vec::new(); docs.len()];
    for p in &passages {
        for o in &p.occurrences {
            covered_spans[o.doc_index].push(o.span);
        }
    }
    let (mut expected, mut found) = (0, 0);
    for (doc, doc_slots) in slots.iter().enumerate() {
        for &(s, e, source) in doc_slots {
            let long = docs[doc].1[s..e].split_whitespace().count() >= 8;
            if long && docs_of[source].len() >= 2 {
                expected += 1;
                let covered = covered_spans[doc]
                    .iter()
                    .any(|c| 2 * (c.end.min(e).saturating_sub(c.start.max(s))) >= e - s);
                found += usize::from(covered);
                if !covered && expected - found <= 3 {
                    println!("missed in doc {doc}: {:?}", &docs[doc].1[s..e]);
                }
            }
        }
    }
    println!(
        "precision: {} of {} passages join copies of one source sentence ({multi_sentence} span \
         several); recall: {found} of {expected} copies of shared sentences of 8+ words covered \
         ({:.1}%)",
        passages.len() - wrong.len(),
        passages.len(),
        100.0 * found as f64 / expected.max(1) as f64
    );
    for p in wrong.iter().take(5) {
        println!("not one source sentence: {p:#?}");
    }
}
