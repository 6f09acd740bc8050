//! MinHash signatures of word shingles.
//!
//! Text is reduced to words first: Unicode word boundaries (UAX #29), every word lowercased and
//! stripped of what is not a letter, digit or combining mark (so `U.S.` is `us`, `3,000` is
//! `3000` and `don't` is `dont`), words joined by one space. A shingle is `k` consecutive words;
//! each is hashed once with xxh3-64, and permutation `i` maps that hash `x` to
//! `(a_i * x + b_i) mod (2^61 - 1)`, keeping the low 32 bits, as datasketch does: one good
//! 64-bit hash plus a cheap universal hash per permutation is far faster than `k` seeded hashes,
//! and the Mersenne prime makes the modulus a shift and an add. `a_i` and `b_i` come from a
//! splitmix64 stream of the seed, so equal seeds give comparable signatures.

use super::DedupError;
use rayon::prelude::*;
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_64;

/// The modulus of the permutations, 2^61 - 1.
pub const MERSENNE_PRIME: u64 = (1 << 61) - 1;

/// Every value of the signature of a text without words. No text with a word has it (each value
/// would have to be the largest of 2^32), so it marks "empty" without a separate flag.
pub const EMPTY_VALUE: u32 = u32::MAX;

/// Computes MinHash signatures: `permutations` values per text over shingles of `shingle_words`
/// words.
///
/// A text shorter than one shingle (fewer than `shingle_words` words) is one shingle of all its
/// words, so two such texts match only if they have the same words in the same order. A text
/// without words has the signature of [`EMPTY_VALUE`]s, which the index never treats as a
/// near-duplicate of anything; empty texts are duplicates only of each other, exactly.
#[derive(Debug, Clone)]
pub struct MinHasher {
    shingle_words: usize,
    a: Vec<u64>,
    b: Vec<u64>,
}

/// What the index needs of one text: its signature, the hash of its normalized words, and its
/// length. Its size does not depend on the text's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSketch {
    /// The MinHash signature.
    pub signature: Vec<u32>,
    /// xxh3-64 of the normalized words joined by single spaces: equal for texts that differ only
    /// in case, punctuation and spacing.
    pub exact_hash: u64,
    /// The text's length in bytes (the `longest` keep policy compares it).
    pub len: usize,
    /// How many words the text has.
    pub words: usize,
    /// Whether the text has fewer words than one shingle (and so is one shingle).
    pub short: bool,
}

/// Reusable buffers for sketching, one per worker thread.
#[derive(Default)]
struct Scratch {
    normalized: String,
    word_ends: Vec<usize>,
}

impl MinHasher {
    /// A hasher with `permutations` values per signature over shingles of `shingle_words`
    /// words, its permutations drawn from `seed`.
    pub fn new(permutations: usize, shingle_words: usize, seed: u64) -> Result<Self, DedupError> {
        if permutations == 0 {
            return Err(DedupError::Config(
                "permutations must be at least 1 (128 is usual)".into(),
            ));
        }
        if shingle_words == 0 {
            return Err(DedupError::Config(
                "shingle_words must be at least 1 (5 is usual)".into(),
            ));
        }
        let mut state = seed;
        let mut a = Vec::with_capacity(permutations);
        let mut b = Vec::with_capacity(permutations);
        for _ in 0..permutations {
            // a in [1, p) so no permutation is constant; the modulo bias is below 2^-2.
            a.push(1 + splitmix64(&mut state) % (MERSENNE_PRIME - 1));
            b.push(splitmix64(&mut state) % MERSENNE_PRIME);
        }
        Ok(MinHasher {
            shingle_words,
            a,
            b,
        })
    }

    /// Values per signature.
    pub fn permutations(&self) -> usize {
        self.a.len()
    }

    /// Words per shingle.
    pub fn shingle_words(&self) -> usize {
        self.shingle_words
    }

    /// The signature of `text`.
    pub fn signature(&self, text: &str) -> Vec<u32> {
        self.sketch(text).signature
    }

    /// The signature, exact hash and length of `text`.
    pub fn sketch(&self, text: &str) -> DocSketch {
        self.sketch_with(&mut Scratch::default(), text)
    }

    /// Sketches of many texts, in order, computed in parallel on rayon's current pool.
    pub fn sketch_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<DocSketch> {
        texts
            .par_iter()
            .map_init(Scratch::default, |scratch, text| {
                self.sketch_with(scratch, text.as_ref())
            })
            .collect()
    }

    /// The distinct shingle hashes of `text`, sorted: the set the signature estimates, for
    /// computing exact Jaccard similarities.
    pub fn shingle_hashes(&self, text: &str) -> Vec<u64> {
        let mut scratch = Scratch::default();
        normalize_words(text, &mut scratch);
        let mut hashes = Vec::new();
        for_each_shingle(&scratch, self.shingle_words, |h| hashes.push(h));
        hashes.sort_unstable();
        hashes.dedup();
        hashes
    }

    fn sketch_with(&self, scratch: &mut Scratch, text: &str) -> DocSketch {
        normalize_words(text, scratch);
        let mut signature = vec![EMPTY_VALUE; self.a.len()];
        for_each_shingle(scratch, self.shingle_words, |h| {
            let x = mod_mersenne(h);
            for ((min, &a), &b) in signature.iter_mut().zip(&self.a).zip(&self.b) {
                let v = mod_mersenne_wide(u128::from(a) * u128::from(x) + u128::from(b)) as u32;
                *min = (*min).min(v);
            }
        });
        DocSketch {
            signature,
            exact_hash: xxh3_64(scratch.normalized.as_bytes()),
            len: text.len(),
            words: scratch.word_ends.len(),
            short: scratch.word_ends.len() < self.shingle_words,
        }
    }
}

/// Whether `signature` is that of a text without words.
pub fn is_empty_signature(signature: &[u32]) -> bool {
    signature.iter().all(|&v| v == EMPTY_VALUE)
}

/// The Jaccard similarity that two signatures estimate: the share of positions where they agree.
/// Signatures of different lengths compare over the shorter; an empty signature is similar only
/// to another empty one (1.0), and to nothing else (0.0).
pub fn estimated_jaccard(a: &[u32], b: &[u32]) -> f64 {
    let (a_empty, b_empty) = (is_empty_signature(a), is_empty_signature(b));
    if a_empty || b_empty {
        return if a_empty && b_empty { 1.0 } else { 0.0 };
    }
    let len = a.len().min(b.len());
    if len == 0 {
        return 0.0;
    }
    matches(a, b) as f64 / len as f64
}

/// Positions where two signatures agree.
pub(crate) fn matches(a: &[u32], b: &[u32]) -> usize {
    a.iter().zip(b).filter(|(x, y)| x == y).count()
}

/// The exact Jaccard similarity of two sorted, deduplicated sets (as [`MinHasher::shingle_hashes`]
/// returns them); two empty sets are identical (1.0).
pub fn exact_jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

/// Writes the text's words, lowercased and without punctuation, joined by single spaces, into
/// `scratch.normalized`, and the end of each word into `scratch.word_ends`.
fn normalize_words(text: &str, scratch: &mut Scratch) {
    scratch.normalized.clear();
    scratch.word_ends.clear();
    for word in text.unicode_words() {
        let start = scratch.normalized.len();
        if start > 0 {
            scratch.normalized.push(' ');
        }
        let word_start = scratch.normalized.len();
        for c in word.chars() {
            // ASCII first: the Unicode tables cost as much as the hashing otherwise.
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    scratch.normalized.push(c.to_ascii_lowercase());
                }
            } else if matches!(
                c.general_category_group(),
                GeneralCategoryGroup::Letter
                    | GeneralCategoryGroup::Number
                    | GeneralCategoryGroup::Mark
            ) {
                scratch.normalized.extend(c.to_lowercase());
            }
        }
        if scratch.normalized.len() == word_start {
            scratch.normalized.truncate(start); // nothing but punctuation: not a word
        } else {
            scratch.word_ends.push(scratch.normalized.len());
        }
    }
}

/// Calls `f` with the xxh3 hash of every shingle (as the bytes of its words joined by spaces);
/// a text with fewer words than a shingle is one shingle, a text without words has none.
fn for_each_shingle(scratch: &Scratch, k: usize, mut f: impl FnMut(u64)) {
    let ends = &scratch.word_ends;
    let text = scratch.normalized.as_bytes();
    if ends.is_empty() {
        return;
    }
    if ends.len() <= k {
        f(xxh3_64(text));
        return;
    }
    for first in 0..=ends.len() - k {
        let start = if first == 0 { 0 } else { ends[first - 1] + 1 };
        f(xxh3_64(&text[start..ends[first + k - 1]]));
    }
}

fn mod_mersenne(x: u64) -> u64 {
    let r = (x & MERSENNE_PRIME) + (x >> 61);
    if r >= MERSENNE_PRIME {
        r - MERSENNE_PRIME
    } else {
        r
    }
}

/// `x mod (2^61 - 1)` for `x < 2^122 + 2^61` (a product of two residues plus one).
fn mod_mersenne_wide(x: u128) -> u64 {
    let folded = (x & u128::from(MERSENNE_PRIME)) + (x >> 61);
    // folded < 2^62 + 2: one more fold and one subtraction finish it.
    mod_mersenne(folded as u64)
}

/// Steele, Lea and Flood's splitmix64: a tiny, well-mixed generator for the permutation
/// parameters, so signatures depend on the seed alone and not on a random crate's version.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> String {
        let mut scratch = Scratch::default();
        normalize_words(text, &mut scratch);
        scratch.normalized
    }

    #[test]
    fn words_are_lowercased_and_stripped_of_punctuation() {
        assert_eq!(
            words("The U.S. said: 3,000 troops — don't panic!"),
            "the us said 3000 troops dont panic"
        );
        assert_eq!(words("Київ, «Харків»"), "київ харків");
        // Combining marks are part of words (Devanagari vowel signs, virama).
        assert_eq!(words("नमस्ते दुनिया"), "नमस्ते दुनिया");
        assert_eq!(words("  ... !!! "), "");
    }

    #[test]
    fn shingles_are_consecutive_words_and_short_texts_are_one_shingle() {
        let hasher = MinHasher::new(4, 3, 1).unwrap();
        assert_eq!(hasher.shingle_hashes("a b c d").len(), 2);
        assert_eq!(
            hasher.shingle_hashes("a b"),
            vec![xxh3_64(b"a b")],
            "fewer words than a shingle: the whole text is one shingle"
        );
        assert_eq!(hasher.shingle_hashes("a b c"), vec![xxh3_64(b"a b c")]);
        assert!(hasher.shingle_hashes("?!").is_empty());
        let short = hasher.sketch("Hello, World!");
        assert!(short.short);
        assert_eq!(short.words, 2);
        assert_eq!(short.signature, hasher.signature("hello world"));
    }

    #[test]
    fn empty_texts_have_the_empty_signature() {
        let hasher = MinHasher::new(16, 5, 7).unwrap();
        let empty = hasher.sketch("");
        assert!(is_empty_signature(&empty.signature));
        assert_eq!(hasher.sketch(" -- ").exact_hash, empty.exact_hash);
        assert!(!is_empty_signature(&hasher.signature("x")));
        assert_eq!(estimated_jaccard(&empty.signature, &empty.signature), 1.0);
        assert_eq!(
            estimated_jaccard(&empty.signature, &hasher.signature("x")),
            0.0
        );
    }

    #[test]
    fn the_mersenne_reduction_is_the_remainder() {
        for &x in &[
            0u128,
            1,
            u128::from(MERSENNE_PRIME) - 1,
            u128::from(MERSENNE_PRIME),
            u128::from(MERSENNE_PRIME) + 5,
            u128::from(u64::MAX),
            (u128::from(MERSENNE_PRIME) - 1) * (u128::from(MERSENNE_PRIME) - 1)
                + u128::from(MERSENNE_PRIME)
                - 1,
        ] {
            assert_eq!(
                u128::from(mod_mersenne_wide(x)),
                x % u128::from(MERSENNE_PRIME)
            );
        }
        assert_eq!(mod_mersenne(u64::MAX), u64::MAX % MERSENNE_PRIME);
    }

    #[test]
    fn seeds_and_batches_are_deterministic() {
        let hasher = MinHasher::new(64, 2, 42).unwrap();
        let texts = ["one two three", "four five six seven", ""];
        let batch = hasher.sketch_batch(&texts);
        for (text, sketch) in texts.iter().zip(&batch) {
            assert_eq!(sketch, &hasher.sketch(text));
        }
        let other = MinHasher::new(64, 2, 43).unwrap();
        assert_ne!(other.signature(texts[0]), batch[0].signature);
        assert!(MinHasher::new(0, 5, 1).is_err());
        assert!(MinHasher::new(8, 0, 1).is_err());
    }

    #[test]
    fn exact_jaccard_counts_the_intersection() {
        assert_eq!(exact_jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(exact_jaccard(&[], &[]), 1.0);
        assert_eq!(exact_jaccard(&[1], &[]), 0.0);
    }
}
