//! The streaming index: a fixed number of bytes per document, candidate pairs from LSH bands,
//! verification by estimated Jaccard, clusters by union-find.

use super::minhash::{is_empty_signature, matches, DocSketch};
use super::{DedupError, DedupPolicy, KeepPolicy};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashSet};
use xxhash_rust::xxh3::xxh3_64;

/// Corpora up to this many documents rank [`DedupIndex::most_similar_pairs`] over all pairs
/// (8.4 million at the limit, well under a second); larger ones over the LSH candidates only.
pub const ALL_PAIRS_LIMIT: usize = 4096;

/// Buckets up to this size are verified pair by pair. A larger bucket (thousands of
/// near-copies of one text, or a flood of band collisions) compares each document with one
/// member of each group found so far in the bucket instead, which bounds the work at
/// `size * MAX_BUCKET_GROUPS` comparisons.
const PAIRWISE_BUCKET: usize = 128;
/// The most groups a large bucket keeps heads of.
const MAX_BUCKET_GROUPS: usize = 256;

const FLAG_EMPTY: u8 = 1;
const FLAG_SHORT: u8 = 2;

/// What deduplication decided for one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocDedup {
    /// The document's duplicate cluster (numbered from 0 in order of their first document), or
    /// `None` when it has no duplicate.
    pub cluster: Option<usize>,
    /// The index of the cluster's representative (the document kept); the document itself when
    /// it is one or has no duplicate.
    pub representative: usize,
    /// The estimated Jaccard similarity of the document's shingles to the representative's: 1.0
    /// for the representative itself, for exact duplicates and for documents without
    /// duplicates. Union-find links documents through chains of verified pairs, so a member can
    /// be below the threshold to its representative while each link is above it.
    pub similarity: f64,
    /// The document's normalized text equals the representative's (and it is not the
    /// representative).
    pub exact: bool,
    /// Whether the policy keeps the document: always under `annotate`; under `drop`, only
    /// representatives and documents without duplicates.
    pub keep: bool,
}

/// Counts of one deduplication run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DedupStats {
    /// Documents deduplicated.
    pub documents: usize,
    /// Documents without words: compared only exactly, with each other.
    pub empty: usize,
    /// Documents shorter than one shingle, each hashed as one shingle (known only for documents
    /// inserted as sketches).
    pub short: usize,
    /// Documents whose normalized text equals an earlier document's.
    pub exact_duplicates: usize,
    /// Clusters of two or more documents.
    pub clusters: usize,
    /// Documents in such clusters.
    pub clustered_documents: usize,
    /// Documents the policy drops.
    pub dropped: usize,
    /// Candidate pairs from the LSH bands whose signatures were compared.
    pub candidate_pairs: u64,
    /// Candidate pairs at or above the threshold, which joined two clusters.
    pub verified_pairs: u64,
    /// Buckets too large to verify pair by pair (see the module docs).
    pub large_buckets: usize,
    /// LSH bands.
    pub bands: usize,
    /// Rows (signature values) per band.
    pub rows: usize,
}

/// The outcome of deduplication: one [`DocDedup`] per document, in input order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DedupResult {
    /// Per document, by document index.
    pub docs: Vec<DocDedup>,
    /// Counts.
    pub stats: DedupStats,
    /// What is worth knowing about this corpus's result, in words (empty corpus, empty or
    /// short documents, large buckets).
    pub notes: Vec<String>,
}

impl DedupResult {
    /// The indices of the documents the policy keeps, in order.
    pub fn kept(&self) -> impl Iterator<Item = usize> + '_ {
        self.docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.keep)
            .map(|(i, _)| i)
    }

    /// The members of every cluster, by cluster id, each in document order.
    pub fn clusters(&self) -> Vec<Vec<usize>> {
        let mut clusters = vec![Vec::new(); self.stats.clusters];
        for (i, doc) in self.docs.iter().enumerate() {
            if let Some(members) = doc.cluster.and_then(|c| clusters.get_mut(c)) {
                members.push(i);
            }
        }
        clusters
    }
}

/// Two documents and how similar they are, as [`DedupIndex::most_similar_pairs`] ranks them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarPair {
    /// The lower document index.
    pub a: usize,
    /// The higher document index.
    pub b: usize,
    /// Estimated Jaccard similarity (1.0 for exact duplicates).
    pub similarity: f64,
    /// Their normalized texts are equal.
    pub exact: bool,
}

/// Collects documents' sketches as they stream in and clusters them on [`finish`].
///
/// Per document it holds the signature (4 bytes per permutation), one 32-bit hash per band with
/// the document's slot (8 bytes per band), the exact hash, length and keep-field value (8 bytes
/// each), the document index (4) and flags (1): 613 bytes at 128 permutations and 9 bands,
/// whatever the text's length. See [`DedupIndex::bytes_per_document`].
///
/// Documents may be inserted in any order (e.g. as parallel workers finish), but every index
/// from 0 to the highest must be inserted exactly once by [`finish`].
///
/// [`finish`]: DedupIndex::finish
#[derive(Debug, Clone)]
pub struct DedupIndex {
    permutations: usize,
    bands: usize,
    rows: usize,
    /// Signature positions that must agree for a pair to reach the threshold.
    required_matches: usize,
    policy: DedupPolicy,
    /// Per slot (insertion order).
    doc_ids: Vec<u32>,
    signatures: Vec<u32>,
    exact: Vec<u64>,
    lens: Vec<u64>,
    fields: Vec<f64>,
    flags: Vec<u8>,
    /// Per band: `band hash << 32 | slot`. 32-bit band hashes collide by chance about
    /// `n^2 / 2^33` times per band; each collision costs one signature comparison that rejects
    /// it, which is cheaper than 4 more bytes per band and document.
    band_entries: Vec<Vec<u64>>,
    band_buffer: Vec<u8>,
}

impl DedupIndex {
    /// An empty index for signatures of `permutations` values, banded as `bands` x `rows`, that
    /// joins pairs whose estimated Jaccard similarity is at least `threshold`.
    pub fn new(
        permutations: usize,
        bands: usize,
        rows: usize,
        threshold: f64,
        policy: DedupPolicy,
    ) -> Result<Self, DedupError> {
        super::check_params(threshold, permutations, bands, rows)?;
        if let DedupPolicy::Drop {
            keep: KeepPolicy::Field(field),
        } = &policy
        {
            if field.is_empty() {
                return Err(DedupError::Config(
                    "the keep field's name is empty; name a numeric metadata field".into(),
                ));
            }
        }
        Ok(DedupIndex {
            permutations,
            bands,
            rows,
            required_matches: required_matches(threshold, permutations),
            policy,
            doc_ids: Vec::new(),
            signatures: Vec::new(),
            exact: Vec::new(),
            lens: Vec::new(),
            fields: Vec::new(),
            flags: Vec::new(),
            band_entries: vec![Vec::new(); bands],
            band_buffer: Vec::with_capacity(rows * 4),
        })
    }

    /// Reserves room for `additional` more documents, so a corpus of known size is stored
    /// without the transient doubling of growing vectors.
    pub fn reserve(&mut self, additional: usize) {
        self.doc_ids.reserve(additional);
        self.signatures
            .reserve(additional.saturating_mul(self.permutations));
        self.exact.reserve(additional);
        self.lens.reserve(additional);
        self.fields.reserve(additional);
        self.flags.reserve(additional);
        for band in &mut self.band_entries {
            band.reserve(additional);
        }
    }

    /// Bytes the index holds per document (see the type's docs).
    pub fn bytes_per_document(&self) -> usize {
        self.permutations * 4 + self.bands * 8 + 3 * 8 + 4 + 1
    }

    /// Bytes the index has allocated.
    pub fn heap_bytes(&self) -> usize {
        self.doc_ids.capacity() * 4
            + self.signatures.capacity() * 4
            + (self.exact.capacity() + self.lens.capacity() + self.fields.capacity()) * 8
            + self.flags.capacity()
            + self
                .band_entries
                .iter()
                .map(|b| b.capacity() * 8)
                .sum::<usize>()
    }

    /// Documents inserted.
    pub fn len(&self) -> usize {
        self.doc_ids.len()
    }

    /// Whether no document was inserted.
    pub fn is_empty(&self) -> bool {
        self.doc_ids.is_empty()
    }

    /// The LSH banding: `(bands, rows)`.
    pub fn lsh_params(&self) -> (usize, usize) {
        (self.bands, self.rows)
    }

    /// Adds document `doc_index`: its MinHash `signature`, the hash of its normalized text
    /// (equal hashes make exact duplicates), its length (for the `longest` policy) and the
    /// value of the keep field (for the `field` policy; `None` ranks below every number).
    pub fn insert(
        &mut self,
        doc_index: usize,
        signature: &[u32],
        exact_hash: u64,
        len: usize,
        field_value: Option<f64>,
    ) -> Result<(), DedupError> {
        self.insert_flagged(doc_index, signature, exact_hash, len, field_value, 0)
    }

    /// Adds document `doc_index` from its sketch, which also records whether it is shorter than
    /// a shingle (for the notes).
    pub fn insert_sketch(
        &mut self,
        doc_index: usize,
        sketch: &DocSketch,
        field_value: Option<f64>,
    ) -> Result<(), DedupError> {
        let flags = if sketch.short && sketch.words > 0 {
            FLAG_SHORT
        } else {
            0
        };
        self.insert_flagged(
            doc_index,
            &sketch.signature,
            sketch.exact_hash,
            sketch.len,
            field_value,
            flags,
        )
    }

    fn insert_flagged(
        &mut self,
        doc_index: usize,
        signature: &[u32],
        exact_hash: u64,
        len: usize,
        field_value: Option<f64>,
        mut flags: u8,
    ) -> Result<(), DedupError> {
        if signature.len() != self.permutations {
            return Err(DedupError::SignatureLength {
                doc: doc_index,
                expected: self.permutations,
                got: signature.len(),
            });
        }
        // u32 indices halve the bytes of band entries; u32::MAX stays free as "none".
        let limit = u32::MAX as usize - 1;
        let doc = match u32::try_from(doc_index) {
            Ok(doc) if doc_index < limit && self.doc_ids.len() < limit => doc,
            _ => return Err(DedupError::TooManyDocuments(doc_index)),
        };
        let slot = self.doc_ids.len() as u64;
        if is_empty_signature(signature) {
            flags |= FLAG_EMPTY;
        } else {
            for (band, chunk) in self
                .band_entries
                .iter_mut()
                .zip(signature.chunks_exact(self.rows))
            {
                self.band_buffer.clear();
                for value in chunk {
                    self.band_buffer.extend_from_slice(&value.to_le_bytes());
                }
                let hash = xxh3_64(&self.band_buffer) >> 32;
                band.push(hash << 32 | slot);
            }
        }
        self.doc_ids.push(doc);
        self.signatures.extend_from_slice(signature);
        self.exact.push(exact_hash);
        self.lens.push(len as u64);
        self.fields.push(field_value.unwrap_or(f64::NAN));
        self.flags.push(flags);
        Ok(())
    }

    fn signature(&self, slot: usize) -> &[u32] {
        &self.signatures[slot * self.permutations..(slot + 1) * self.permutations]
    }

    fn is_empty_slot(&self, slot: usize) -> bool {
        self.flags[slot] & FLAG_EMPTY != 0
    }

    /// Slots sorted by exact hash (then document index): runs of equal hashes are the exact
    /// duplicate groups.
    fn slots_by_exact_hash(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.doc_ids.len() as u32).collect();
        order.par_sort_unstable_by_key(|&s| (self.exact[s as usize], self.doc_ids[s as usize]));
        order
    }

    /// The `k` most similar pairs of documents, most similar first (exact duplicates before
    /// pairs that merely estimate 1.0; ties by document index). Up to [`ALL_PAIRS_LIMIT`]
    /// documents every pair is ranked, so pairs far below the threshold rank too; above it,
    /// only the exact duplicates and the LSH candidate pairs, which are unlikely to include
    /// pairs much below the threshold. Documents without words pair only with each other.
    pub fn most_similar_pairs(&self, k: usize) -> Vec<SimilarPair> {
        let n = self.doc_ids.len();
        if k == 0 || n < 2 {
            return Vec::new();
        }
        let top = if n <= ALL_PAIRS_LIMIT {
            (0..n)
                .into_par_iter()
                .fold(TopPairs::default, |mut top, i| {
                    for j in i + 1..n {
                        if let Some(key) = self.pair_key(i, j) {
                            top.push(key, k);
                        }
                    }
                    top
                })
                .reduce(TopPairs::default, |a, b| a.merge(b, k))
        } else {
            self.candidate_top_pairs(k)
        };
        top.into_sorted()
            .into_iter()
            .map(|key| SimilarPair {
                a: key.a as usize,
                b: key.b as usize,
                similarity: key.matches as f64 / self.permutations as f64,
                exact: key.exact,
            })
            .collect()
    }

    fn pair_key(&self, i: usize, j: usize) -> Option<PairKey> {
        let exact = self.exact[i] == self.exact[j];
        let matches = if exact {
            self.permutations
        } else if self.is_empty_slot(i) || self.is_empty_slot(j) {
            return None;
        } else {
            matches(self.signature(i), self.signature(j))
        };
        let (a, b) = (self.doc_ids[i], self.doc_ids[j]);
        Some(PairKey {
            matches: matches as u32,
            exact,
            a: a.min(b),
            b: a.max(b),
        })
    }

    fn candidate_top_pairs(&self, k: usize) -> TopPairs {
        let mut top = TopPairs::default();
        let order = self.slots_by_exact_hash();
        let mut leader = vec![true; self.doc_ids.len()];
        for run in order.chunk_by(|&x, &y| self.exact[x as usize] == self.exact[y as usize]) {
            for &other in &run[1..] {
                leader[other as usize] = false;
                if let Some(key) = self.pair_key(run[0] as usize, other as usize) {
                    top.push(key, k);
                }
            }
        }
        drop(order);
        let mut seen = HashSet::new();
        for band in &self.band_entries {
            let mut entries: Vec<u64> = band
                .iter()
                .copied()
                .filter(|&e| leader[(e & 0xFFFF_FFFF) as usize])
                .collect();
            entries.par_sort_unstable();
            for run in entries.chunk_by(|x, y| x >> 32 == y >> 32) {
                // A star from the first member bounds a large bucket's pairs at its size.
                let partners = if run.len() <= PAIRWISE_BUCKET {
                    run.len()
                } else {
                    1
                };
                for (i, &x) in run.iter().enumerate().take(partners) {
                    for &y in &run[i + 1..] {
                        let (x, y) = ((x & 0xFFFF_FFFF) as usize, (y & 0xFFFF_FFFF) as usize);
                        if seen.insert((x.min(y), x.max(y))) {
                            if let Some(key) = self.pair_key(x, y) {
                                top.push(key, k);
                            }
                        }
                    }
                }
            }
        }
        top
    }

    /// Clusters the documents: exact duplicates first, then LSH candidate pairs whose estimated
    /// Jaccard similarity reaches the threshold, joined by union-find; then picks each
    /// cluster's representative by the policy. Fails if some document index from 0 to the
    /// highest was not inserted, or was inserted twice.
    pub fn finish(mut self) -> Result<DedupResult, DedupError> {
        let n = self.doc_ids.len();
        let slot_of = self.slot_of_doc()?;
        let mut stats = DedupStats {
            documents: n,
            bands: self.bands,
            rows: self.rows,
            ..DedupStats::default()
        };
        let mut sets = UnionFind::new(n);

        // Exact duplicates first: only one of each exact group enters the bands, so a
        // thousand copies of one text are one bucket member, not half a million pairs.
        let mut leader = vec![true; n];
        let order = self.slots_by_exact_hash();
        for run in order.chunk_by(|&x, &y| self.exact[x as usize] == self.exact[y as usize]) {
            for &other in &run[1..] {
                sets.union(run[0], other);
                leader[other as usize] = false;
            }
            stats.exact_duplicates += run.len() - 1;
        }
        drop(order);

        for band in std::mem::take(&mut self.band_entries) {
            let mut entries = band;
            entries.retain(|&e| leader[(e & 0xFFFF_FFFF) as usize]);
            entries.par_sort_unstable();
            for run in entries.chunk_by(|x, y| x >> 32 == y >> 32) {
                if run.len() > 1 {
                    self.verify_bucket(run, &mut sets, &mut stats);
                }
            }
        }

        let result = self.assign_clusters(&slot_of, &mut sets, stats);
        Ok(result)
    }

    /// `slot_of[doc]`, checking that the documents are exactly `0..n`.
    fn slot_of_doc(&self) -> Result<Vec<u32>, DedupError> {
        let n = self.doc_ids.len();
        let mut slot_of = vec![u32::MAX; n];
        for (slot, &doc) in self.doc_ids.iter().enumerate() {
            if let Some(entry) = slot_of.get_mut(doc as usize) {
                if *entry != u32::MAX {
                    return Err(DedupError::DuplicateDocument(doc as usize));
                }
                *entry = slot as u32;
            }
        }
        let missing = slot_of.iter().filter(|&&s| s == u32::MAX).count();
        if let Some(first) = slot_of.iter().position(|&s| s == u32::MAX) {
            return Err(DedupError::MissingDocuments { missing, first });
        }
        Ok(slot_of)
    }

    fn similar(&self, x: usize, y: usize) -> bool {
        matches(self.signature(x), self.signature(y)) >= self.required_matches
    }

    fn verify_bucket(&self, run: &[u64], sets: &mut UnionFind, stats: &mut DedupStats) {
        let slots = run.iter().map(|&e| (e & 0xFFFF_FFFF) as u32);
        if run.len() <= PAIRWISE_BUCKET {
            let members: Vec<u32> = slots.collect();
            for (i, &x) in members.iter().enumerate() {
                for &y in &members[..i] {
                    if sets.find(x) != sets.find(y) {
                        stats.candidate_pairs += 1;
                        if self.similar(x as usize, y as usize) {
                            stats.verified_pairs += 1;
                            sets.union(x, y);
                        }
                    }
                }
            }
            return;
        }
        stats.large_buckets += 1;
        let mut heads: Vec<u32> = Vec::new();
        for x in slots {
            for &head in &heads {
                if sets.find(x) != sets.find(head) {
                    stats.candidate_pairs += 1;
                    if self.similar(x as usize, head as usize) {
                        stats.verified_pairs += 1;
                        sets.union(x, head);
                    }
                }
            }
            let root = sets.find(x);
            if heads.len() < MAX_BUCKET_GROUPS && heads.iter().all(|&h| sets.find(h) != root) {
                heads.push(x);
            }
        }
    }

    /// Numbers the clusters in order of their first document, picks representatives and fills
    /// in every document's outcome.
    fn assign_clusters(
        &self,
        slot_of: &[u32],
        sets: &mut UnionFind,
        mut stats: DedupStats,
    ) -> DedupResult {
        let n = slot_of.len();
        let keep = match &self.policy {
            DedupPolicy::Annotate => None,
            DedupPolicy::Drop { keep } => Some(keep),
        };
        let mut cluster_of_root = vec![u32::MAX; n];
        let mut representatives: Vec<u32> = Vec::new();
        let mut roots = vec![0u32; n];
        for (doc, &slot) in slot_of.iter().enumerate() {
            let root = sets.find(slot);
            roots[doc] = root;
            if sets.size(root) < 2 {
                continue;
            }
            let cluster = &mut cluster_of_root[root as usize];
            if *cluster == u32::MAX {
                *cluster = representatives.len() as u32;
                representatives.push(slot);
            } else if let Some(rule) = keep {
                // Documents come in index order, so only a strictly better one replaces the
                // current representative: ties go to the first.
                let current = &mut representatives[*cluster as usize];
                if self.better(rule, slot as usize, *current as usize) {
                    *current = slot;
                }
            }
        }
        stats.clusters = representatives.len();
        let docs: Vec<DocDedup> = slot_of
            .iter()
            .enumerate()
            .map(|(doc, &slot)| {
                let slot = slot as usize;
                if self.is_empty_slot(slot) {
                    stats.empty += 1;
                }
                if self.flags[slot] & FLAG_SHORT != 0 {
                    stats.short += 1;
                }
                let cluster = cluster_of_root[roots[doc] as usize];
                if cluster == u32::MAX {
                    return DocDedup {
                        cluster: None,
                        representative: doc,
                        similarity: 1.0,
                        exact: false,
                        keep: true,
                    };
                }
                stats.clustered_documents += 1;
                let rep = representatives[cluster as usize] as usize;
                let is_rep = rep == slot;
                let exact = !is_rep && self.exact[slot] == self.exact[rep];
                let similarity = if is_rep || exact {
                    1.0
                } else {
                    matches(self.signature(slot), self.signature(rep)) as f64
                        / self.permutations as f64
                };
                let keep = keep.is_none() || is_rep;
                if !keep {
                    stats.dropped += 1;
                }
                DocDedup {
                    cluster: Some(cluster as usize),
                    representative: self.doc_ids[rep] as usize,
                    similarity,
                    exact,
                    keep,
                }
            })
            .collect();
        let notes = notes(&stats);
        DedupResult { docs, stats, notes }
    }

    /// Whether `candidate` should represent its cluster rather than `current` (which comes
    /// earlier in the corpus).
    fn better(&self, rule: &KeepPolicy, candidate: usize, current: usize) -> bool {
        match rule {
            KeepPolicy::First => false,
            KeepPolicy::Longest => self.lens[candidate] > self.lens[current],
            KeepPolicy::Field(_) => {
                let rank = |v: f64| if v.is_nan() { f64::NEG_INFINITY } else { v };
                rank(self.fields[candidate]) > rank(self.fields[current])
            }
        }
    }
}

fn notes(stats: &DedupStats) -> Vec<String> {
    let mut notes = Vec::new();
    if stats.documents == 0 {
        notes.push("the corpus is empty: there is nothing to deduplicate".into());
        return notes;
    }
    if stats.documents == 1 {
        notes.push("one document: it has nothing to be a duplicate of".into());
    }
    if stats.empty > 0 {
        notes.push(format!(
            "{} document(s) have no words: they are never near-duplicates, only exact duplicates of each other",
            stats.empty
        ));
    }
    if stats.short > 0 {
        notes.push(format!(
            "{} document(s) are shorter than one shingle: each is hashed as one shingle of all its words, so they match only texts with the same words in the same order",
            stats.short
        ));
    }
    if stats.exact_duplicates + 1 == stats.documents && stats.documents > 1 {
        notes.push("all documents are identical after normalization: one cluster".into());
    }
    if stats.large_buckets > 0 {
        notes.push(format!(
            "{} LSH bucket(s) held more than {PAIRWISE_BUCKET} documents; each member was compared with one member per group found in the bucket, so some links within them may be missed",
            stats.large_buckets
        ));
    }
    notes
}

/// The least number of agreeing positions whose share reaches `threshold`, computed in integers
/// so that, e.g., 0.8 of 128 is 103 and not 102.4 rounded either way by float error.
fn required_matches(threshold: f64, permutations: usize) -> usize {
    let exact = threshold * permutations as f64;
    let rounded = exact.round();
    if (exact - rounded).abs() < 1e-9 {
        rounded as usize
    } else {
        exact.ceil() as usize
    }
}

/// Disjoint sets over `u32` slots with path halving and union by size. Hand-written because it
/// is twenty lines and u32 indices halve its memory next to general-purpose crates' usize.
struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grandparent = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grandparent;
            x = grandparent;
        }
        x
    }

    fn union(&mut self, x: u32, y: u32) {
        let (mut x, mut y) = (self.find(x), self.find(y));
        if x == y {
            return;
        }
        if self.size[x as usize] < self.size[y as usize] {
            std::mem::swap(&mut x, &mut y);
        }
        self.parent[y as usize] = x;
        self.size[x as usize] += self.size[y as usize];
    }

    fn size(&self, root: u32) -> u32 {
        self.size[root as usize]
    }
}

/// A ranked pair: more agreeing positions first, exact before estimated, then by indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PairKey {
    matches: u32,
    exact: bool,
    a: u32,
    b: u32,
}

impl Ord for PairKey {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.matches, self.exact, Reverse(self.a), Reverse(self.b)).cmp(&(
            other.matches,
            other.exact,
            Reverse(other.a),
            Reverse(other.b),
        ))
    }
}

impl PartialOrd for PairKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The best `k` pairs seen: a min-heap whose top is the worst kept.
#[derive(Default)]
struct TopPairs(BinaryHeap<Reverse<PairKey>>);

impl TopPairs {
    fn push(&mut self, key: PairKey, k: usize) {
        if self.0.len() < k {
            self.0.push(Reverse(key));
        } else if self.0.peek().is_some_and(|worst| key > worst.0) {
            self.0.pop();
            self.0.push(Reverse(key));
        }
    }

    fn merge(mut self, other: TopPairs, k: usize) -> TopPairs {
        for Reverse(key) in other.0 {
            self.push(key, k);
        }
        self
    }

    fn into_sorted(self) -> Vec<PairKey> {
        // Ascending order of Reverse is descending order of keys: best first.
        self.0.into_sorted_vec().into_iter().map(|r| r.0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_find_joins_transitively() {
        let mut sets = UnionFind::new(6);
        sets.union(0, 1);
        sets.union(2, 3);
        sets.union(1, 3);
        assert_eq!(sets.find(0), sets.find(2));
        assert_ne!(sets.find(0), sets.find(4));
        let root = sets.find(3);
        assert_eq!(sets.size(root), 4);
        sets.union(4, 4);
        let root = sets.find(4);
        assert_eq!(sets.size(root), 1);
    }

    #[test]
    fn required_matches_is_exact_at_round_thresholds() {
        assert_eq!(required_matches(0.8, 128), 103);
        assert_eq!(required_matches(0.75, 128), 96);
        assert_eq!(required_matches(1.0, 128), 128);
        assert_eq!(required_matches(0.8, 10), 8);
    }

    #[test]
    fn top_pairs_keeps_the_best_k_best_first() {
        let mut top = TopPairs::default();
        for (matches, a) in [(5, 0), (9, 1), (7, 2), (9, 3), (1, 4)] {
            let key = PairKey {
                matches,
                exact: false,
                a,
                b: 10,
            };
            top.push(key, 3);
        }
        let ranked: Vec<(u32, u32)> = top.into_sorted().iter().map(|k| (k.matches, k.a)).collect();
        assert_eq!(ranked, [(9, 1), (9, 3), (7, 2)]);
    }
}
