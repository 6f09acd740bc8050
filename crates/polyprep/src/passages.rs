//! Shared passages: the same quote or wire paragraph found, word for word or nearly, in several
//! documents of a corpus, with its span in each.
//!
//! ```
//! use polyprep::passages::{PassageConfig, PassageFinder};
//! use polyprep::Document;
//!
//! let docs = [
//!     Document::new(
//!         "a",
//!         "Officials met on Monday. Kirby warned: “the soldiers could travel to western Russia and \
//!          then engage in combat against the Ukrainian military.”",
//!     ),
//!     Document::new(
//!         "b",
//!         "He said the soldiers could travel to western Russia and then engage in combat \
//!          against the Ukrainian military, officials said.",
//!     ),
//! ];
//! let mut finder = PassageFinder::new(PassageConfig::default())?;
//! for (i, doc) in docs.iter().enumerate() {
//!     finder.add_document(i, doc)?;
//! }
//! let passages = finder.finish();
//! assert_eq!(passages.len(), 1);
//! assert!(passages[0].verbatim);
//! for occurrence in &passages[0].occurrences {
//!     assert_eq!(
//!         docs[occurrence.doc_index].original_slice(occurrence.span),
//!         "the soldiers could travel to western Russia and then engage in combat against the Ukrainian military"
//!     );
//! }
//! # Ok::<(), polyprep::Error>(())
//! ```
//!
//! # How passages are found
//!
//! Each document's current text is cut into sentences (Unicode sentence boundaries, which also
//! break at every line end, so headlines and paragraphs end a sentence too) and words (Unicode
//! word boundaries). A word is normalized by keeping only its letters and digits, lowercased: case,
//! typographic quotes, apostrophes (`they’re` = `they're` = `theyre`), dashes and all punctuation
//! stop mattering. The finder keeps a 32-bit hash of every word and the original span of every
//! word, never the text of a sentence.
//!
//! Candidates for a new sentence are the earlier sentences of other documents with the same
//! whole-sentence hash (verbatim) or at least [`PassageConfig::min_shared_shingles`] shared word
//! shingles (near-verbatim), from an inverted index whose posting lists stop growing at
//! [`PassageConfig::max_postings`], so stock phrases ("the White House said on") cost a bounded
//! amount of work. Each candidate pair is verified by a word-level local alignment
//! (Smith–Waterman, +1 per equal word, −1 per substituted, inserted or deleted word), which finds
//! the matching stretch inside two sentences that otherwise differ: a quote inside two different
//! attributions. Stretches of neighbouring sentences that match the same document are merged,
//! so a quote cut into two sentences in one text and one in the other, or a whole wire
//! paragraph, is one passage.
//!
//! A merged stretch is a shared passage when its two sides have at least
//! [`PassageConfig::min_words`] words in common (their longest common subsequence of words) and a
//! similarity of at least [`PassageConfig::min_similarity`]. The similarity is the word-level
//! edit ratio `2 × common words / (words of one side + words of the other)` (difflib's ratio on
//! words): 1 for a verbatim copy; two transcriptions of one quote (`they’re defending themselves`
//! for `it defends itself`) keep about 0.8; a rewrite that keeps the skeleton of a clause
//! ("could potentially move to western Russia to participate in combat" for "could travel to
//! western Russia and then engage in combat") scores 0.65 to 0.7, so `min_similarity` 0.7 keeps
//! quotes and drops such rewrites; unrelated sentences that share a stock phrase fail
//! `min_words` first. Words rather than characters, because transcriptions differ by whole
//! words, and a word alignment also says where the shared stretch starts and ends.
//!
//! Matches are grouped across documents with union–find: two matched stretches of one document
//! are the same occurrence when they cover mostly the same words (see [`SAME_OCCURRENCE`]), so a
//! quote copied by many documents becomes one group, while a verbatim quote and a looser
//! paraphrase that overlaps it stay separate groups.

use crate::Document;
use polyprep_core::{Error, Result, Span};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::BuildHasher;
use unicode_segmentation::UnicodeSegmentation;

/// Options of the [`PassageFinder`]; a partial JSON object is a valid configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PassageConfig {
    /// Fewest words two occurrences must have in common, so that stock phrases ("White House
    /// National Security Council spokesman John Kirby said") are not passages.
    pub min_words: usize,
    /// Lowest word-level edit ratio (`2 × common / (len a + len b)`, 0 to 1) between the two
    /// sides of a match.
    pub min_similarity: f64,
    /// Words per shingle of the candidate index.
    pub shingle_size: usize,
    /// Fewest distinct shingles a sentence must share with an earlier one to be compared with it
    /// (a whole-sentence hash match is always compared).
    pub min_shared_shingles: usize,
    /// Sentences remembered per shingle: a shingle seen more often (a stock phrase, or a passage
    /// copied by many documents) keeps only its first sentences as candidates.
    pub max_postings: usize,
    /// Earlier sentences a new sentence is compared with at most, those sharing the most
    /// shingles first.
    pub max_candidates: usize,
    /// Words that may separate two matched stretches for them to merge into one passage.
    pub max_gap_words: usize,
    /// Longer sentences (or text without sentence ends) are cut into pieces of this many words,
    /// which bounds the cost of one alignment.
    pub max_sentence_words: usize,
}

impl Default for PassageConfig {
    fn default() -> Self {
        PassageConfig {
            min_words: 8,
            min_similarity: 0.6,
            shingle_size: 3,
            min_shared_shingles: 2,
            max_postings: 64,
            max_candidates: 10,
            max_gap_words: 3,
            max_sentence_words: 120,
        }
    }
}

impl PassageConfig {
    /// Checks that the values make sense together.
    pub fn validate(&self) -> Result<()> {
        let invalid = |what: String| Err(Error::Config(format!("passages: {what}")));
        if !(0.0..=1.0).contains(&self.min_similarity) {
            return invalid(format!(
                "min_similarity must be between 0 and 1, not {}",
                self.min_similarity
            ));
        }
        if self.shingle_size == 0 || self.shingle_size > 16 {
            return invalid(format!(
                "shingle_size must be 1 to 16 words, not {}",
                self.shingle_size
            ));
        }
        for (name, value) in [
            ("min_shared_shingles", self.min_shared_shingles),
            ("max_postings", self.max_postings),
            ("max_candidates", self.max_candidates),
        ] {
            if value == 0 {
                return invalid(format!("{name} must be at least 1"));
            }
        }
        if self.max_sentence_words < self.shingle_size || self.max_sentence_words > 2000 {
            return invalid(format!(
                "max_sentence_words must be between shingle_size ({}) and 2000, not {}",
                self.shingle_size, self.max_sentence_words
            ));
        }
        Ok(())
    }
}

/// A passage found in two or more documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedPassage {
    /// Position in the list [`PassageFinder::finish`] returns.
    pub id: usize,
    /// The current text of one occurrence (the first whose text the finder held; when it held
    /// no whole occurrence, the longest part of one it held).
    pub text: String,
    /// Number of distinct documents (by `doc_index`) the passage occurs in.
    pub documents: usize,
    /// Words of the longest occurrence.
    pub words: usize,
    /// Lowest word-level edit ratio between two occurrences in different documents (1 when
    /// verbatim). Exact over all pairs unless the group is too large to compare every pair
    /// (over about 2·10^7 word comparisons), then the lowest over the pairs that matched directly.
    pub similarity: f64,
    /// True when every occurrence has the same normalized words.
    pub verbatim: bool,
    /// Where it occurs, by `doc_index` then position.
    pub occurrences: Vec<PassageOccurrence>,
}

/// One occurrence of a [`SharedPassage`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassageOccurrence {
    /// The index given to [`PassageFinder::add`].
    pub doc_index: usize,
    /// The id given to [`PassageFinder::add`].
    pub doc_id: String,
    /// From the first to the last word of the occurrence, in ORIGINAL bytes (through the
    /// `to_original` given to [`PassageFinder::add`]).
    pub span: Span,
    /// Number of words.
    pub words: usize,
    /// The occurrence in the document's current text, when the finder held it: the finder keeps
    /// no text of sentences that matched nothing yet, so the occurrence in the document that was
    /// added first usually has none. Slice the original text with `span` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Two matched stretches of one document are one occurrence when the words they share are at
/// least this fraction of the words either covers (Jaccard of word positions). Lower, and a
/// verbatim quote merges with an overlapping paraphrase of it into one non-verbatim group;
/// higher, and copies cut at slightly different points split into several groups.
pub const SAME_OCCURRENCE: f64 = 0.8;

/// Largest alignment (words × words) computed exactly; larger ones use the sum of the
/// sentence-level alignments, a lower bound.
const MAX_ALIGNMENT_CELLS: usize = 4_000_000;

/// Word comparisons allowed to compute a group's exact minimum pairwise similarity.
const MAX_GROUP_CELLS: usize = 20_000_000;

/// Candidate count given to a whole-sentence hash match so it ranks above shingle matches.
const EXACT_BONUS: u32 = 1 << 20;

/// Seeds the word and shingle hashes ("passages" in ASCII), so results do not change from run
/// to run.
const HASH_SEED: u64 = 0x7061_7373_6167_6573;

/// Salt that keeps whole-sentence keys apart from shingle keys in the one index.
const EXACT_SALT: u64 = 0x5345_4e54_454e_4345;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// A document as the finder remembers it.
#[derive(Debug)]
struct DocRecord {
    doc_index: usize,
    doc_id: String,
    /// Index of its first word in the finder's word arrays.
    first_word: usize,
}

/// A sentence (or piece of a long one): hashes live in the word arrays.
#[derive(Debug, Clone, Copy)]
struct SentenceRecord {
    doc: u32,
    /// First word, counted within the document.
    start: u32,
    len: u32,
}

/// The sentences that contain one index key, oldest first. Most keys occur once: those cost
/// no allocation.
#[derive(Debug, Clone)]
enum Postings {
    One(u32),
    Many(Vec<u32>),
}

impl Postings {
    fn as_slice(&self) -> &[u32] {
        match self {
            Postings::One(sentence) => std::slice::from_ref(sentence),
            Postings::Many(sentences) => sentences,
        }
    }

    /// Adds `sentence` unless the list already holds `max` sentences.
    fn push(&mut self, sentence: u32, max: usize) {
        match self {
            Postings::One(first) if max > 1 => *self = Postings::Many(vec![*first, sentence]),
            Postings::Many(sentences) if sentences.len() < max => sentences.push(sentence),
            _ => {}
        }
    }
}

/// A range of words of one document, `[start, end)` in word numbers of that document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct WordRange {
    start: u32,
    end: u32,
}

impl WordRange {
    fn len(self) -> u32 {
        self.end - self.start
    }
}

/// Two sentences' matching stretch, found while adding document `b`.
#[derive(Debug, Clone, Copy)]
struct Edge {
    a_doc: u32,
    a: WordRange,
    b: WordRange,
    matches: u32,
}

/// An accepted match between an earlier document `a` and a later one `b`.
#[derive(Debug, Clone, Copy)]
struct Match {
    a_doc: u32,
    a: WordRange,
    b_doc: u32,
    b: WordRange,
    similarity: f32,
}

/// Current text of a stretch of a document, kept for the report.
#[derive(Debug)]
struct Captured {
    range: WordRange,
    text: String,
    /// Byte range of each word of `range` within `text`.
    words: Vec<(u32, u32)>,
}

impl Captured {
    /// The text from the first to the last word of `range`, if the capture covers it.
    fn slice(&self, range: WordRange) -> Option<&str> {
        if range.start < self.range.start || range.end > self.range.end || range.len() == 0 {
            return None;
        }
        let first = self.words.get((range.start - self.range.start) as usize)?;
        let last = self
            .words
            .get((range.end - 1 - self.range.start) as usize)?;
        self.text.get(first.0 as usize..last.1 as usize)
    }
}

/// Finds passages shared by documents, one document at a time; see the [module docs](self).
#[derive(Debug)]
pub struct PassageFinder {
    config: PassageConfig,
    docs: Vec<DocRecord>,
    sentences: Vec<SentenceRecord>,
    /// Hash of every word of every document, documents one after another.
    word_hashes: Vec<u32>,
    /// Original byte span of every word.
    word_spans: Vec<(u32, u32)>,
    index: FastMap<u64, Postings>,
    matches: Vec<Match>,
    /// Captured texts per document, sorted and disjoint.
    captured: FastMap<u32, Vec<Captured>>,
    hasher: foldhash::quality::FixedState,
    scratch: Scratch,
}

/// Buffers reused from sentence to sentence.
#[derive(Debug, Default)]
struct Scratch {
    counts: FastMap<u32, u32>,
    keys: Vec<u64>,
    prev: Vec<Cell>,
    cur: Vec<Cell>,
    lcs: Vec<u32>,
}

impl PassageFinder {
    /// A finder with `config`; fails when the configuration is invalid.
    pub fn new(config: PassageConfig) -> Result<Self> {
        config.validate()?;
        Ok(PassageFinder {
            config,
            docs: Vec::new(),
            sentences: Vec::new(),
            word_hashes: Vec::new(),
            word_spans: Vec::new(),
            index: FastMap::default(),
            matches: Vec::new(),
            captured: FastMap::default(),
            hasher: foldhash::quality::FixedState::with_seed(HASH_SEED),
            scratch: Scratch::default(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &PassageConfig {
        &self.config
    }

    /// Number of documents added so far.
    pub fn documents(&self) -> usize {
        self.docs.len()
    }

    /// Adds a document's current text (`to_original` maps a byte range of it to the original
    /// bytes; use `|s, e| Span::new(s, e)` for text that is its own original) and matches it
    /// against the documents added before. Documents with the same `doc_index` are never
    /// matched with each other. Fails on a document of 4 GiB or more, or past 2^32 sentences.
    pub fn add(
        &mut self,
        doc_index: usize,
        doc_id: &str,
        text: &str,
        to_original: impl Fn(usize, usize) -> Span,
    ) -> Result<()> {
        let too_large = |what: &str| Error::InvalidRecord {
            record: doc_id.to_string(),
            message: format!("too large for passage detection: {what}"),
        };
        if u32::try_from(text.len()).is_err() {
            return Err(too_large("the text has 4 GiB or more"));
        }
        let doc = u32::try_from(self.docs.len()).map_err(|_| too_large("2^32 documents"))?;
        let first_word = self.word_hashes.len();

        // Words: hash, original span (kept) and current span (for the text of matches).
        let mut current: Vec<(u32, u32)> = Vec::new();
        let mut sentences: Vec<SentenceRecord> = Vec::new();
        let mut normalized = String::new();
        let max_words = self.config.max_sentence_words;
        let mut words = 0u32;
        for (offset, sentence) in text.split_sentence_bound_indices() {
            let mut start = words;
            for (word_offset, word) in sentence.unicode_word_indices() {
                normalized.clear();
                normalized.extend(
                    word.chars()
                        .filter(|c| c.is_alphanumeric())
                        .flat_map(char::to_lowercase),
                );
                if normalized.is_empty() {
                    continue;
                }
                let begin = offset + word_offset;
                let end = begin + word.len();
                let span = to_original(begin, end);
                let (Ok(original_start), Ok(original_end)) =
                    (u32::try_from(span.start), u32::try_from(span.end))
                else {
                    self.word_hashes.truncate(first_word);
                    self.word_spans.truncate(first_word);
                    return Err(too_large("its original text has 4 GiB or more"));
                };
                self.word_hashes
                    .push(self.hasher.hash_one(normalized.as_str()) as u32);
                self.word_spans.push((original_start, original_end));
                // Both fit: text.len() < 2^32 was checked above.
                current.push((begin as u32, end as u32));
                words += 1;
                if (words - start) as usize == max_words {
                    sentences.push(SentenceRecord {
                        doc,
                        start,
                        len: words - start,
                    });
                    start = words;
                }
            }
            if words > start {
                sentences.push(SentenceRecord {
                    doc,
                    start,
                    len: words - start,
                });
            }
        }
        if u32::try_from(self.sentences.len() + sentences.len()).is_err() {
            self.word_hashes.truncate(first_word);
            self.word_spans.truncate(first_word);
            return Err(too_large("2^32 sentences"));
        }
        self.docs.push(DocRecord {
            doc_index,
            doc_id: doc_id.to_string(),
            first_word,
        });

        let mut edges = Vec::new();
        for sentence in &sentences {
            self.match_sentence(doc_index, sentence, &mut edges);
        }
        let accepted = self.accept_runs(doc, edges);
        self.capture(doc, text, &current, &accepted);
        self.matches.extend(accepted);

        for sentence in sentences {
            let id = self.sentences.len() as u32;
            self.sentences.push(sentence);
            self.index_sentence(id, sentence);
        }
        Ok(())
    }

    /// Adds a [`Document`]'s current text, mapped back through its alignment.
    pub fn add_document(&mut self, doc_index: usize, doc: &Document) -> Result<()> {
        let alignment = doc.alignment();
        self.add(doc_index, &doc.id, doc.text(), |start, end| {
            alignment.to_original(start, end)
        })
    }

    fn words_of(&self, doc: u32, range: WordRange) -> &[u32] {
        let first = self.docs[doc as usize].first_word;
        &self.word_hashes[first + range.start as usize..first + range.end as usize]
    }

    fn sentence_words(&self, sentence: &SentenceRecord) -> &[u32] {
        self.words_of(
            sentence.doc,
            WordRange {
                start: sentence.start,
                end: sentence.start + sentence.len,
            },
        )
    }

    /// The index keys of a sentence: its whole-sentence key first, then its distinct shingles.
    fn keys(&self, words: &[u32], keys: &mut Vec<u64>) {
        keys.clear();
        keys.push(self.hasher.hash_one((EXACT_SALT, words)));
        let k = self.config.shingle_size;
        if words.len() >= k {
            let start = keys.len();
            keys.extend(words.windows(k).map(|w| self.hasher.hash_one(w)));
            keys[start..].sort_unstable();
            let mut distinct = start;
            for i in start..keys.len() {
                if i == start || keys[i] != keys[distinct - 1] {
                    keys[distinct] = keys[i];
                    distinct += 1;
                }
            }
            keys.truncate(distinct);
        }
    }

    fn index_sentence(&mut self, id: u32, sentence: SentenceRecord) {
        let mut keys = std::mem::take(&mut self.scratch.keys);
        self.keys(self.sentence_words(&sentence), &mut keys);
        for &key in &keys {
            let max = self.config.max_postings;
            self.index
                .entry(key)
                .and_modify(|postings| postings.push(id, max))
                .or_insert(Postings::One(id));
        }
        self.scratch.keys = keys;
    }

    /// Compares a sentence of the document being added with its candidates, adding the
    /// stretches that match to `edges`.
    fn match_sentence(
        &mut self,
        doc_index: usize,
        sentence: &SentenceRecord,
        edges: &mut Vec<Edge>,
    ) {
        let mut keys = std::mem::take(&mut self.scratch.keys);
        let mut counts = std::mem::take(&mut self.scratch.counts);
        let mut prev = std::mem::take(&mut self.scratch.prev);
        let mut cur = std::mem::take(&mut self.scratch.cur);
        let words = self.sentence_words(sentence);
        self.keys(words, &mut keys);
        counts.clear();
        let is_other = |sentence: u32| {
            let other = self.sentences[sentence as usize];
            self.docs[other.doc as usize].doc_index != doc_index
        };
        let mut exact = 0;
        for (i, key) in keys.iter().enumerate() {
            // Enough verbatim copies of the whole sentence make shingle candidates moot; this
            // is the common case when a passage spreads, and saves most of the counting.
            if i == 1 && exact >= self.config.max_candidates {
                break;
            }
            let Some(postings) = self.index.get(key) else {
                continue;
            };
            for &sentence in postings.as_slice() {
                if i == 0 {
                    if is_other(sentence) {
                        counts.insert(sentence, EXACT_BONUS);
                        exact += 1;
                    }
                } else {
                    *counts.entry(sentence).or_default() += 1;
                }
            }
        }
        let min_shared = self.config.min_shared_shingles as u32;
        // Sentences of the same document are filtered here, once per candidate rather than
        // once per posting.
        let mut candidates: Vec<(u32, u32)> = counts
            .iter()
            .filter(|&(&sentence, &count)| {
                count >= min_shared && (count >= EXACT_BONUS || is_other(sentence))
            })
            .map(|(&sentence, &count)| (count, sentence))
            .collect();
        candidates.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        candidates.truncate(self.config.max_candidates);

        for &(count, id) in &candidates {
            let other = self.sentences[id as usize];
            let other_words = self.sentence_words(&other);
            let found = if count >= EXACT_BONUS && other_words == words {
                Some(LocalMatch {
                    a: 0..other_words.len(),
                    b: 0..words.len(),
                    matches: words.len(),
                })
            } else {
                local_alignment(other_words, words, &mut prev, &mut cur)
            };
            let Some(found) = found else { continue };
            let needed = self
                .config
                .shingle_size
                .min(words.len())
                .min(other_words.len());
            if found.matches < needed {
                continue;
            }
            edges.push(Edge {
                a_doc: other.doc,
                a: WordRange {
                    start: other.start + found.a.start as u32,
                    end: other.start + found.a.end as u32,
                },
                b: WordRange {
                    start: sentence.start + found.b.start as u32,
                    end: sentence.start + found.b.end as u32,
                },
                matches: found.matches as u32,
            });
        }
        self.scratch.prev = prev;
        self.scratch.cur = cur;
        self.scratch.keys = keys;
        self.scratch.counts = counts;
    }

    /// Merges the new document's edges into runs per earlier document and keeps the runs that
    /// are shared passages.
    fn accept_runs(&mut self, b_doc: u32, mut edges: Vec<Edge>) -> Vec<Match> {
        edges.sort_unstable_by_key(|e| (e.a_doc, e.b, e.a));
        let gap = self.config.max_gap_words as u32;
        let mut accepted = Vec::new();
        for group in edges.chunk_by(|x, y| x.a_doc == y.a_doc) {
            // Each run: hull of its edges and the edges themselves, to fall back on.
            let mut runs: Vec<(Edge, Vec<Edge>)> = Vec::new();
            for &edge in group {
                // Words between two stretches count against the merge as they would inside an
                // alignment, so a few equal words ("that the US") after a reworded clause do
                // not glue on: the weaker side must outweigh the gap twice over.
                let extends = |run: &Edge| {
                    let gap_words = edge
                        .a
                        .start
                        .saturating_sub(run.a.end)
                        .max(edge.b.start.saturating_sub(run.b.end));
                    edge.b.start >= run.b.start
                        && edge.b.start <= run.b.end + gap
                        && edge.a.start >= run.a.start
                        && edge.a.start <= run.a.end + gap
                        && run.matches.min(edge.matches) > 2 * gap_words
                };
                let best = runs
                    .iter_mut()
                    .filter(|(run, _)| extends(run))
                    .max_by_key(|(run, _)| run.matches);
                match best {
                    Some((run, parts)) => {
                        run.a.end = run.a.end.max(edge.a.end);
                        run.b.end = run.b.end.max(edge.b.end);
                        run.matches += edge.matches;
                        parts.push(edge);
                    }
                    None => runs.push((edge, vec![edge])),
                }
            }
            for (run, parts) in runs {
                if let Some(m) = self.evaluate(b_doc, &run) {
                    accepted.push(m);
                } else if parts.len() > 1 {
                    // A weak neighbour can pull a merged run under the threshold: keep what
                    // stands on its own.
                    accepted.extend(parts.iter().filter_map(|part| self.evaluate(b_doc, part)));
                }
            }
        }
        accepted
    }

    /// The match of `run` if it is a shared passage.
    fn evaluate(&mut self, b_doc: u32, run: &Edge) -> Option<Match> {
        let mut row = std::mem::take(&mut self.scratch.lcs);
        let a = self.words_of(run.a_doc, run.a);
        let b = self.words_of(b_doc, run.b);
        let common = match common_words(a, b, &mut row) {
            Some(common) => common,
            None => (run.matches as usize).min(a.len()).min(b.len()),
        };
        let similarity = ratio(common, a.len(), b.len());
        self.scratch.lcs = row;
        (common >= self.config.min_words.max(1) && similarity >= self.config.min_similarity)
            .then_some(Match {
                a_doc: run.a_doc,
                a: run.a,
                b_doc,
                b: run.b,
                similarity: similarity as f32,
            })
    }

    /// Keeps the current text of the new document's matched stretches.
    fn capture(&mut self, doc: u32, text: &str, current: &[(u32, u32)], accepted: &[Match]) {
        let mut ranges: Vec<WordRange> = accepted.iter().map(|m| m.b).collect();
        if ranges.is_empty() {
            return;
        }
        ranges.sort_unstable();
        let mut merged: Vec<WordRange> = Vec::new();
        for range in ranges {
            match merged.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        let mut pieces = Vec::new();
        for range in merged {
            let Some(words) = current.get(range.start as usize..range.end as usize) else {
                continue;
            };
            let (Some(first), Some(last)) = (words.first(), words.last()) else {
                continue;
            };
            let Some(piece) = text.get(first.0 as usize..last.1 as usize) else {
                continue;
            };
            pieces.push(Captured {
                range,
                text: piece.to_string(),
                words: words
                    .iter()
                    .map(|&(s, e)| (s - first.0, e - first.0))
                    .collect(),
            });
        }
        self.captured.insert(doc, pieces);
    }

    /// Groups the matches into shared passages, sorted by number of documents, then length.
    pub fn finish(self) -> Vec<SharedPassage> {
        // Occurrences: the matched stretches of each document, clustered by overlap.
        let mut stretches: Vec<(u32, WordRange, usize)> = Vec::new();
        for (i, m) in self.matches.iter().enumerate() {
            stretches.push((m.a_doc, m.a, 2 * i));
            stretches.push((m.b_doc, m.b, 2 * i + 1));
        }
        stretches.sort_unstable();
        let mut nodes: Vec<(u32, WordRange)> = Vec::new();
        let mut node_of_end = vec![0usize; 2 * self.matches.len()];
        for same_doc in stretches.chunk_by(|x, y| x.0 == y.0) {
            let first_node = nodes.len();
            for &(doc, range, end) in same_doc {
                let found = (first_node..nodes.len())
                    .map(|n| (n, overlap_ratio(nodes[n].1, range)))
                    .filter(|&(_, r)| r >= SAME_OCCURRENCE)
                    .max_by(|x, y| x.1.total_cmp(&y.1));
                let node = match found {
                    Some((n, _)) => {
                        let hull = &mut nodes[n].1;
                        hull.start = hull.start.min(range.start);
                        hull.end = hull.end.max(range.end);
                        n
                    }
                    None => {
                        nodes.push((doc, range));
                        nodes.len() - 1
                    }
                };
                node_of_end[end] = node;
            }
        }

        let mut sets = UnionFind::new(nodes.len());
        for i in 0..self.matches.len() {
            sets.union(node_of_end[2 * i], node_of_end[2 * i + 1]);
        }
        // Members and the lowest similarity of a direct match, per group.
        let mut groups: FastMap<usize, (Vec<usize>, f32)> = FastMap::default();
        for n in 0..nodes.len() {
            groups
                .entry(sets.find(n))
                .or_insert_with(|| (Vec::new(), 1.0))
                .0
                .push(n);
        }
        for (i, m) in self.matches.iter().enumerate() {
            if let Some(group) = groups.get_mut(&sets.find(node_of_end[2 * i])) {
                group.1 = group.1.min(m.similarity);
            }
        }

        let mut lcs = Vec::new();
        let mut passages: Vec<SharedPassage> = groups
            .into_values()
            .filter_map(|(members, lowest_match)| {
                self.passage(&nodes, members, f64::from(lowest_match), &mut lcs)
            })
            .collect();
        passages.sort_by(|x, y| {
            y.documents
                .cmp(&x.documents)
                .then(y.words.cmp(&x.words))
                .then_with(|| {
                    let key = |p: &SharedPassage| {
                        p.occurrences
                            .first()
                            .map(|o| (o.doc_index, o.span.start, o.span.end))
                    };
                    key(x).cmp(&key(y))
                })
        });
        for (id, passage) in passages.iter_mut().enumerate() {
            passage.id = id;
        }
        passages
    }

    /// The passage of one group of occurrence nodes.
    fn passage(
        &self,
        nodes: &[(u32, WordRange)],
        members: Vec<usize>,
        lowest_match: f64,
        lcs: &mut Vec<u32>,
    ) -> Option<SharedPassage> {
        // Stretches of one document that ended in one group through other documents are one
        // occurrence.
        let mut parts: Vec<(u32, WordRange)> = members.iter().map(|&n| nodes[n]).collect();
        parts.sort_unstable();
        let mut occurrences: Vec<(u32, WordRange)> = Vec::new();
        for (doc, range) in parts {
            match occurrences.last_mut() {
                Some((last_doc, last)) if *last_doc == doc && range.start <= last.end => {
                    last.end = last.end.max(range.end);
                }
                _ => occurrences.push((doc, range)),
            }
        }
        occurrences.sort_by_key(|&(doc, range)| (self.docs[doc as usize].doc_index, doc, range));
        let mut documents: Vec<usize> = occurrences
            .iter()
            .map(|&(doc, _)| self.docs[doc as usize].doc_index)
            .collect();
        documents.dedup();
        if documents.len() < 2 {
            return None;
        }

        let words: Vec<&[u32]> = occurrences
            .iter()
            .map(|&(doc, range)| self.words_of(doc, range))
            .collect();
        let verbatim = words.iter().all(|w| *w == words[0]);
        let similarity = if verbatim {
            1.0
        } else {
            self.lowest_pairwise(&occurrences, &words, lcs)
                .unwrap_or(lowest_match)
        };

        let mut text: Option<String> = None;
        let mut partial: Option<&str> = None;
        let occurrences: Vec<PassageOccurrence> = occurrences
            .iter()
            .map(|&(doc, range)| {
                let record = &self.docs[doc as usize];
                let first = record.first_word + range.start as usize;
                let last = record.first_word + range.end as usize - 1;
                let span = Span::new(
                    self.word_spans[first].0 as usize,
                    self.word_spans[last].1 as usize,
                );
                let pieces = self.captured.get(&doc).map(Vec::as_slice).unwrap_or(&[]);
                let own = pieces
                    .iter()
                    .find_map(|c| c.slice(range))
                    .map(str::to_string);
                if text.is_none() {
                    text.clone_from(&own);
                }
                for piece in pieces {
                    let overlap = WordRange {
                        start: range.start.max(piece.range.start),
                        end: range.end.min(piece.range.end),
                    };
                    if overlap.start < overlap.end {
                        if let Some(s) = piece.slice(overlap) {
                            if partial.is_none_or(|p| p.len() < s.len()) {
                                partial = Some(s);
                            }
                        }
                    }
                }
                PassageOccurrence {
                    doc_index: record.doc_index,
                    doc_id: record.doc_id.clone(),
                    span,
                    words: range.len() as usize,
                    text: own,
                }
            })
            .collect();
        let text = text
            .or_else(|| partial.map(str::to_string))
            .unwrap_or_default();
        Some(SharedPassage {
            id: 0,
            text,
            documents: documents.len(),
            words: occurrences.iter().map(|o| o.words).max().unwrap_or(0),
            similarity,
            verbatim,
            occurrences,
        })
    }

    /// The lowest word-level edit ratio between occurrences in different documents, or `None`
    /// when that would take too many comparisons.
    fn lowest_pairwise(
        &self,
        occurrences: &[(u32, WordRange)],
        words: &[&[u32]],
        lcs: &mut Vec<u32>,
    ) -> Option<f64> {
        // Copies of a passage are mostly identical: compare each distinct wording once, with
        // the documents it occurs in (two wordings found only in one same document are not
        // a cross-document pair).
        let mut order: Vec<usize> = (0..words.len()).collect();
        order.sort_by(|&x, &y| words[x].cmp(words[y]));
        let mut wordings: Vec<(&[u32], Vec<usize>)> = Vec::new();
        for i in order {
            let doc_index = self.docs[occurrences[i].0 as usize].doc_index;
            match wordings.last_mut() {
                Some((w, docs)) if *w == words[i] => docs.push(doc_index),
                _ => wordings.push((words[i], vec![doc_index])),
            }
        }
        let in_different_docs =
            |x: &[usize], y: &[usize]| x.iter().any(|d| y.iter().any(|e| d != e));
        let n = wordings.len();
        let pairs = || (0..n).flat_map(move |i| (i + 1..n).map(move |j| (i, j)));
        let cells = pairs()
            .map(|(i, j)| wordings[i].0.len() * wordings[j].0.len())
            .fold(0usize, usize::saturating_add);
        if cells > MAX_GROUP_CELLS {
            return None;
        }
        let mut lowest = 1.0f64;
        for (i, j) in pairs() {
            let ((a, a_docs), (b, b_docs)) = (&wordings[i], &wordings[j]);
            if in_different_docs(a_docs, b_docs) {
                let common = common_words(a, b, lcs)?;
                lowest = lowest.min(ratio(common, a.len(), b.len()));
            }
        }
        Some(lowest)
    }
}

/// Finds the passages shared by `docs` (their current texts, spans in their original texts);
/// `doc_index` in the result is the position in `docs`.
pub fn find_shared_passages(
    docs: &[Document],
    config: PassageConfig,
) -> Result<Vec<SharedPassage>> {
    let mut finder = PassageFinder::new(config)?;
    for (i, doc) in docs.iter().enumerate() {
        finder.add_document(i, doc)?;
    }
    Ok(finder.finish())
}

/// `2 × common / (a + b)`.
fn ratio(common: usize, a: usize, b: usize) -> f64 {
    if a + b == 0 {
        return 0.0;
    }
    2.0 * common as f64 / (a + b) as f64
}

/// Shared positions over covered positions of two ranges of one document.
fn overlap_ratio(x: WordRange, y: WordRange) -> f64 {
    let shared = x.end.min(y.end).saturating_sub(x.start.max(y.start));
    let covered = x.end.max(y.end) - x.start.min(y.start);
    if covered == 0 {
        return 0.0;
    }
    f64::from(shared) / f64::from(covered)
}

/// Length of the longest common subsequence of words, or `None` past [`MAX_ALIGNMENT_CELLS`].
fn common_words(a: &[u32], b: &[u32], row: &mut Vec<u32>) -> Option<usize> {
    if a == b {
        return Some(a.len());
    }
    if a.len().saturating_mul(b.len()) > MAX_ALIGNMENT_CELLS {
        return None;
    }
    row.clear();
    row.resize(b.len() + 1, 0);
    for &x in a {
        let mut diagonal = 0;
        for (j, &y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    Some(row[b.len()] as usize)
}

/// One cell of the local alignment: its score and where its alignment started.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    score: i32,
    a_start: u32,
    b_start: u32,
    matches: u32,
}

/// The best-scoring matching stretch of two word sequences.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LocalMatch {
    a: std::ops::Range<usize>,
    b: std::ops::Range<usize>,
    matches: usize,
}

/// Smith–Waterman over words: +1 for an equal word, −1 for a substitution, insertion or
/// deletion. The best stretch starts and ends on equal words; of equally scored stretches, the
/// one with more equal words.
fn local_alignment(
    a: &[u32],
    b: &[u32],
    prev: &mut Vec<Cell>,
    cur: &mut Vec<Cell>,
) -> Option<LocalMatch> {
    prev.clear();
    prev.resize(b.len() + 1, Cell::default());
    cur.clear();
    cur.resize(b.len() + 1, Cell::default());
    let mut best = Cell::default();
    let mut best_end = (0, 0);
    for (i, &x) in a.iter().enumerate() {
        cur[0] = Cell::default();
        for (j, &y) in b.iter().enumerate() {
            let diagonal = prev[j];
            let mut cell = if diagonal.score > 0 {
                Cell {
                    score: diagonal.score + if x == y { 1 } else { -1 },
                    matches: diagonal.matches + u32::from(x == y),
                    ..diagonal
                }
            } else if x == y {
                Cell {
                    score: 1,
                    a_start: i as u32,
                    b_start: j as u32,
                    matches: 1,
                }
            } else {
                Cell::default()
            };
            for from in [prev[j + 1], cur[j]] {
                if from.score - 1 > cell.score {
                    cell = Cell {
                        score: from.score - 1,
                        ..from
                    };
                }
            }
            if cell.score <= 0 {
                cell = Cell::default();
            }
            // On a tie the longer stretch wins: it ends on equal words too, and the words
            // between cancel out (a quote's end after a reworded clause).
            if cell.score > best.score || (cell.score == best.score && cell.matches > best.matches)
            {
                best = cell;
                best_end = (i + 1, j + 1);
            }
            cur[j + 1] = cell;
        }
        std::mem::swap(prev, cur);
    }
    (best.score > 0).then_some(LocalMatch {
        a: best.a_start as usize..best_end.0,
        b: best.b_start as usize..best_end.1,
        matches: best.matches as usize,
    })
}

/// Union–find with path halving and union by size.
struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, x: usize, y: usize) {
        let (mut x, mut y) = (self.find(x), self.find(y));
        if x == y {
            return;
        }
        if self.size[x] < self.size[y] {
            std::mem::swap(&mut x, &mut y);
        }
        self.parent[y] = x;
        self.size[x] += self.size[y];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(text: &str) -> Vec<u32> {
        text.split_whitespace()
            .map(|w| {
                w.bytes()
                    .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
            })
            .collect()
    }

    #[test]
    fn local_alignment_finds_the_shared_stretch() {
        let a = hashes("however he speculated that they could travel to western russia");
        let b = hashes("these soldiers could travel to western russia he speculated");
        let found = local_alignment(&a, &b, &mut Vec::new(), &mut Vec::new()).unwrap();
        assert_eq!(found.a, 5..10);
        assert_eq!(found.b, 2..7);
        assert_eq!(found.matches, 5);
    }

    #[test]
    fn local_alignment_bridges_a_substitution() {
        let a = hashes("x y will defend itself against north korean soldiers");
        let b = hashes("will defend themselves against north korean soldiers z");
        let found = local_alignment(&a, &b, &mut Vec::new(), &mut Vec::new()).unwrap();
        assert_eq!(found.a, 2..9);
        assert_eq!(found.b, 0..7);
        assert_eq!(found.matches, 6);
    }

    #[test]
    fn local_alignment_of_disjoint_words_is_none() {
        let found = local_alignment(
            &hashes("a b c"),
            &hashes("d e f"),
            &mut Vec::new(),
            &mut Vec::new(),
        );
        assert_eq!(found, None);
        assert_eq!(
            local_alignment(&[], &hashes("d"), &mut Vec::new(), &mut Vec::new()),
            None
        );
    }

    #[test]
    fn common_words_is_the_longest_common_subsequence() {
        let mut row = Vec::new();
        assert_eq!(
            common_words(&hashes("a b c d e"), &hashes("a x c e"), &mut row),
            Some(3)
        );
        assert_eq!(
            common_words(&hashes("a b"), &hashes("a b"), &mut row),
            Some(2)
        );
        assert_eq!(common_words(&[], &hashes("a"), &mut row), Some(0));
    }

    #[test]
    fn overlap_ratio_is_jaccard_of_positions() {
        let r = |start, end| WordRange { start, end };
        assert_eq!(overlap_ratio(r(0, 10), r(0, 10)), 1.0);
        assert_eq!(overlap_ratio(r(0, 10), r(5, 15)), 5.0 / 15.0);
        assert_eq!(overlap_ratio(r(0, 4), r(6, 9)), 0.0);
    }

    #[test]
    fn an_original_past_4_gib_is_an_error_not_a_panic() {
        let mut finder = PassageFinder::new(PassageConfig::default()).unwrap();
        let far = |s: usize, e: usize| Span::new(s + (1 << 33), e + (1 << 33));
        let result = finder.add(0, "far", "Some words here.", far);
        assert!(matches!(result, Err(Error::InvalidRecord { .. })));
        // The finder is still usable, and the failed document left nothing behind.
        finder.add(1, "b", "Some words here.", Span::new).unwrap();
        assert!(finder.word_hashes.len() == 3 && finder.finish().is_empty());
    }

    #[test]
    fn invalid_configurations_are_rejected() {
        for config in [
            PassageConfig {
                min_similarity: 1.5,
                ..PassageConfig::default()
            },
            PassageConfig {
                min_similarity: f64::NAN,
                ..PassageConfig::default()
            },
            PassageConfig {
                shingle_size: 0,
                ..PassageConfig::default()
            },
            PassageConfig {
                max_candidates: 0,
                ..PassageConfig::default()
            },
            PassageConfig {
                max_sentence_words: 2,
                ..PassageConfig::default()
            },
        ] {
            assert!(matches!(PassageFinder::new(config), Err(Error::Config(_))));
        }
    }
}
