//! Table-driven Cyrillic-to-Latin transliteration schemes in the iuliia JSON format.
//!
//! A scheme file (see the `schemes/` folder) has a letter `mapping` and three optional
//! context tables, read exactly as the reference implementation (PyPI `iuliia` 0.13.0,
//! `schema.py`) reads them:
//!
//! - `prev_mapping`: a key `"xy"` gives the value for `y` when the letter before it is `x`; a
//!   one-letter key `"y"` applies when `y` starts a word;
//! - `next_mapping`: a key `"xy"` gives the value for `x` when `y` follows it; a one-letter key
//!   applies at the end of a word;
//! - `ending_mapping`: a key of two letters replaces the last two letters of a word of three
//!   or more letters.
//!
//! Lookups go `prev_mapping`, then `next_mapping`, then `mapping`; a character none of them
//! knows is copied. Keys are written in lowercase and each table derives its Capitalized and
//! UPPER variants the way iuliia does (see [`Scheme::from_json`]).
//!
//! Two differences from iuliia, on purpose:
//!
//! - words come from [`split_words`], so an apostrophe between two letters is inside the word
//!   (`Короп’є` is one word whose `є` is not word-initial), while digits and `_` are not;
//! - a word of two or more cased letters that are all upper case is transliterated in lower
//!   case and then upper-cased, so `ЮЛИЯ` gives `YULIYA` (iuliia gives `YuLIYa`); a one-letter
//!   capital such as `Я` still gives `Ya`.
//!
//! One addition: an optional `word_mapping` table of whole-word exceptions (lowercase keys,
//! matched as written, Capitalized or UPPER), for rules such as the Bulgarian Transliteration
//! Act's `България -> Bulgaria`.
//!
//! ```
//! use polyprep_translit::scheme::Scheme;
//!
//! let json = r#"{
//!     "name": "toy",
//!     "mapping": {"к": "k", "и": "y", "ї": "i", "в": "v", "я": "ia"},
//!     "prev_mapping": {"я": "ya", "ї": "yi"}
//! }"#;
//! let scheme = Scheme::from_json(json).unwrap();
//! assert_eq!(scheme.transliterate("Київ, КИЇВ, я"), "Kyiv, KYIV, ya");
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use serde::Deserialize;

use crate::words::{char_class, split_words, LOWER, UPPER};

/// Why a scheme file could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SchemeError {
    /// The text is not JSON, or not an object with the fields of a scheme file.
    #[error("scheme file is not valid scheme JSON: {source}")]
    Json {
        /// The parser's error, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// The `name` field is empty.
    #[error("scheme file has an empty `name`")]
    EmptyName,
    /// A key of one of the tables has the wrong number of characters.
    #[error("scheme `{scheme}`: key {key:?} in `{table}` must be {expected}")]
    InvalidKey {
        /// The scheme's name.
        scheme: String,
        /// The table holding the key (`mapping`, `prev_mapping`, ...).
        table: &'static str,
        /// The offending key.
        key: String,
        /// What the table accepts, e.g. "one character".
        expected: &'static str,
    },
    /// A sample is not a `[source, expected]` pair.
    #[error("scheme `{scheme}`: sample #{index} has {len} strings, expected 2 (source, expected)")]
    InvalidSample {
        /// The scheme's name.
        scheme: String,
        /// Index of the sample in `samples`.
        index: usize,
        /// How many strings it has.
        len: usize,
    },
}

/// The scheme file as written on disk.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemeFile {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // Part of the iuliia format; accepted so iuliia files load unchanged.
    aliases: Option<Vec<String>>,
    #[serde(default)]
    #[allow(dead_code)] // Part of the iuliia format; accepted so iuliia files load unchanged.
    comments: Option<Vec<String>>,
    mapping: BTreeMap<String, String>,
    #[serde(default)]
    prev_mapping: Option<BTreeMap<String, String>>,
    #[serde(default)]
    next_mapping: Option<BTreeMap<String, String>>,
    #[serde(default)]
    ending_mapping: Option<BTreeMap<String, String>>,
    #[serde(default)]
    word_mapping: Option<BTreeMap<String, String>>,
    #[serde(default)]
    samples: Vec<Vec<String>>,
}

/// One output string in the case it is used in, and upper-cased for ALL-CAPS words.
#[derive(Clone)]
struct Rendering {
    text: Piece,
    upper: Piece,
}

/// An output string, with its common short forms kept inline: most letters render as zero
/// or one character, and pushing a `char` avoids a `memmove` call per letter.
#[derive(Clone)]
enum Piece {
    Empty,
    Char(char),
    Str(Box<str>),
}

impl Piece {
    fn new(s: String) -> Piece {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (None, _) => Piece::Empty,
            (Some(c), None) => Piece::Char(c),
            _ => Piece::Str(s.into_boxed_str()),
        }
    }

    #[inline]
    fn push_to(&self, out: &mut String) {
        match self {
            Piece::Empty => {}
            Piece::Char(c) => out.push(*c),
            Piece::Str(s) => out.push_str(s),
        }
    }
}

/// Marks "no letter": before the first letter of a word, after the last, or no rendering.
const NONE: u32 = u32::MAX;
/// Stands for "word boundary" in packed pair keys; above every `char` value.
const BOUNDARY: u32 = 0x11_0000;
/// The letter starts a key of `prev_mapping` (as its second letter, or alone).
const HAS_PREV_RULE: u8 = 1;
/// The letter starts a key of `next_mapping`.
const HAS_NEXT_RULE: u8 = 2;
/// Code points below this get a direct-indexed slot: ASCII, Latin, Greek, Cyrillic and
/// Cyrillic Supplement, so the hot path never hashes a single letter.
const DENSE_LEN: usize = 0x530;

/// What the scheme knows about one character.
#[derive(Clone, Copy)]
struct Slot {
    letter: u32,
    flags: u8,
}

const EMPTY_SLOT: Slot = Slot {
    letter: NONE,
    flags: 0,
};

/// FxHash (rustc's hasher): the keys are packed integers we build ourselves, so there is
/// nothing to defend against and SipHash would only cost time on the hot path.
#[derive(Default, Clone, Copy)]
struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(buf));
        }
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

type FxBuild = BuildHasherDefault<FxHasher>;

/// Per-character slots: a direct-indexed array for the common blocks, a hash map for the rest.
#[derive(Clone)]
struct CharTable {
    dense: Box<[Slot]>,
    sparse: HashMap<char, Slot, FxBuild>,
}

impl CharTable {
    fn new() -> Self {
        CharTable {
            dense: vec![EMPTY_SLOT; DENSE_LEN].into_boxed_slice(),
            sparse: HashMap::default(),
        }
    }

    #[inline]
    fn get(&self, c: char) -> Slot {
        match self.dense.get(c as usize) {
            Some(slot) => *slot,
            None if self.sparse.is_empty() => EMPTY_SLOT,
            None => self.sparse.get(&c).copied().unwrap_or(EMPTY_SLOT),
        }
    }

    fn get_mut(&mut self, c: char) -> &mut Slot {
        match self.dense.get_mut(c as usize) {
            Some(slot) => slot,
            None => self.sparse.entry(c).or_insert(EMPTY_SLOT),
        }
    }
}

/// Packs two letters (or a letter and [`BOUNDARY`]) into one hash key.
#[inline]
fn pack(first: u32, second: u32) -> u64 {
    (u64::from(first) << 32) | u64::from(second)
}

/// Python's `str.capitalize()`: first character upper-cased, the rest lower-cased.
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// The lowercase of `c` when it is a single character, else `c` itself.
#[inline]
fn lower_one(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Whether `word` has two or more cased letters and none of them is lowercase.
fn is_all_caps(word: &str) -> bool {
    let mut upper = 0usize;
    for c in word.chars() {
        let class = char_class(c);
        if class & LOWER != 0 {
            return false;
        }
        if class & UPPER != 0 {
            upper += 1;
        }
    }
    upper >= 2
}

/// A transliteration scheme loaded from a JSON scheme file, with its lookup tables built.
///
/// Cheap to share across threads (`Send + Sync`); build it once and reuse it.
#[derive(Clone)]
pub struct Scheme {
    name: String,
    description: String,
    url: String,
    samples: Vec<(String, String)>,
    renderings: Vec<Rendering>,
    chars: CharTable,
    prev: HashMap<u64, u32, FxBuild>,
    next: HashMap<u64, u32, FxBuild>,
    endings: HashMap<u64, u32, FxBuild>,
    words: HashMap<Box<str>, u32, FxBuild>,
    /// Whether any key has an ASCII character; when none has, ASCII words are copied whole.
    maps_ascii: bool,
}

impl fmt::Debug for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scheme")
            .field("name", &self.name)
            .field("description", &self.description)
            .field("samples", &self.samples.len())
            .finish_non_exhaustive()
    }
}

/// Collects the variants of one table before they become lookup entries.
struct Builder {
    scheme: String,
    renderings: Vec<Rendering>,
}

impl Builder {
    fn render(&mut self, text: String) -> u32 {
        let upper = Piece::new(text.to_uppercase());
        self.renderings.push(Rendering {
            text: Piece::new(text),
            upper,
        });
        // More renderings than u32 can count would need a >4 GB scheme file.
        u32::try_from(self.renderings.len() - 1).unwrap_or(NONE - 1)
    }

    fn key_chars(
        &self,
        table: &'static str,
        key: &str,
        min: usize,
        max: usize,
        expected: &'static str,
    ) -> Result<(), SchemeError> {
        let n = key.chars().count();
        if n < min || n > max {
            return Err(SchemeError::InvalidKey {
                scheme: self.scheme.clone(),
                table,
                key: key.to_owned(),
                expected,
            });
        }
        Ok(())
    }
}

/// Derives one case variant `(key, value)` of a table entry from the entry as written.
type Variant = fn(&str, &str) -> (String, String);

/// Splits a one- or two-letter key into (first, second); a one-letter key has no first.
fn pair_of(key: &str) -> Option<(Option<char>, char)> {
    let mut chars = key.chars();
    let a = chars.next()?;
    match (chars.next(), chars.next()) {
        (None, _) => Some((None, a)),
        (Some(b), None) => Some((Some(a), b)),
        _ => None,
    }
}

impl Scheme {
    /// Loads a scheme from the text of a scheme file in the iuliia JSON format.
    ///
    /// Fields: `name` (required, non-empty), `mapping` (required: one-letter keys),
    /// `description`, `url`, `aliases`, `comments`, `prev_mapping` and `next_mapping` (one- or
    /// two-letter keys, or `null`), `ending_mapping` (two-letter keys, or `null`),
    /// `word_mapping` (whole words), `samples` (`[source, expected]` pairs). Unknown fields are
    /// rejected so that a misspelt table name is an error rather than a silently ignored rule.
    ///
    /// Case variants are derived from the lowercase keys as iuliia does:
    /// `mapping` `к → v` adds `K → Capitalized(v)`; `prev_mapping` `ab → v` adds `Ab → v` and
    /// `AB → Capitalized(v)`; `next_mapping` `ab → v` adds `Ab → Capitalized(v)` and
    /// `AB → Capitalized(v)`; `ending_mapping` `ab → v` adds `AB → UPPER(v)`;
    /// `word_mapping` `w → v` adds `Capitalized(w) → Capitalized(v)` and `UPPER(w) → UPPER(v)`.
    pub fn from_json(json: &str) -> Result<Scheme, SchemeError> {
        let file: SchemeFile =
            serde_json::from_str(json).map_err(|source| SchemeError::Json { source })?;
        if file.name.trim().is_empty() {
            return Err(SchemeError::EmptyName);
        }
        let mut b = Builder {
            scheme: file.name.clone(),
            renderings: Vec::new(),
        };
        let mut chars = CharTable::new();
        let mut prev: HashMap<u64, u32, FxBuild> = HashMap::default();
        let mut next: HashMap<u64, u32, FxBuild> = HashMap::default();
        let mut endings: HashMap<u64, u32, FxBuild> = HashMap::default();
        let mut words: HashMap<Box<str>, u32, FxBuild> = HashMap::default();

        // Letters: as written, then Capitalized (iuliia applies the variants in this order, so
        // a later variant wins when two coincide).
        for key in file.mapping.keys() {
            b.key_chars("mapping", key, 1, 1, "one character")?;
        }
        let variants: [Variant; 2] = [
            |k, v| (k.to_owned(), v.to_owned()),
            |k, v| (capitalize(k), capitalize(v)),
        ];
        for variant in variants {
            for (key, value) in &file.mapping {
                let (k, v) = variant(key, value);
                if let Some((None, c)) = pair_of(&k) {
                    let id = b.render(v);
                    chars.get_mut(c).letter = id;
                }
            }
        }

        let prev_table = file.prev_mapping.unwrap_or_default();
        for key in prev_table.keys() {
            b.key_chars("prev_mapping", key, 1, 2, "one or two characters")?;
        }
        let variants: [Variant; 3] = [
            |k, v| (k.to_owned(), v.to_owned()),
            |k, v| (capitalize(k), v.to_owned()),
            |k, v| (k.to_uppercase(), capitalize(v)),
        ];
        for variant in variants {
            for (key, value) in &prev_table {
                let (k, v) = variant(key, value);
                // A case variant that changes length (e.g. `ß` -> `SS`) cannot match a letter
                // pair; iuliia would never look it up either.
                if let Some((before, c)) = pair_of(&k) {
                    let id = b.render(v);
                    prev.insert(pack(before.map_or(BOUNDARY, u32::from), u32::from(c)), id);
                    chars.get_mut(c).flags |= HAS_PREV_RULE;
                }
            }
        }

        let next_table = file.next_mapping.unwrap_or_default();
        for key in next_table.keys() {
            b.key_chars("next_mapping", key, 1, 2, "one or two characters")?;
        }
        let variants: [Variant; 3] = [
            |k, v| (k.to_owned(), v.to_owned()),
            |k, v| (capitalize(k), capitalize(v)),
            |k, v| (k.to_uppercase(), capitalize(v)),
        ];
        for variant in variants {
            for (key, value) in &next_table {
                let (k, v) = variant(key, value);
                let mut it = k.chars();
                let (Some(c), after, None) = (it.next(), it.next(), it.next()) else {
                    continue;
                };
                let id = b.render(v);
                next.insert(pack(u32::from(c), after.map_or(BOUNDARY, u32::from)), id);
                chars.get_mut(c).flags |= HAS_NEXT_RULE;
            }
        }

        let ending_table = file.ending_mapping.unwrap_or_default();
        for key in ending_table.keys() {
            b.key_chars("ending_mapping", key, 2, 2, "two characters")?;
        }
        let variants: [Variant; 2] = [
            |k, v| (k.to_owned(), v.to_owned()),
            |k, v| (k.to_uppercase(), v.to_uppercase()),
        ];
        for variant in variants {
            for (key, value) in &ending_table {
                let (k, v) = variant(key, value);
                if let Some((Some(a), c)) = pair_of(&k) {
                    let id = b.render(v);
                    endings.insert(pack(u32::from(a), u32::from(c)), id);
                }
            }
        }

        let word_table = file.word_mapping.unwrap_or_default();
        for key in word_table.keys() {
            b.key_chars("word_mapping", key, 1, usize::MAX, "a non-empty word")?;
        }
        let variants: [Variant; 3] = [
            |k, v| (k.to_owned(), v.to_owned()),
            |k, v| (capitalize(k), capitalize(v)),
            |k, v| (k.to_uppercase(), v.to_uppercase()),
        ];
        for variant in variants {
            for (key, value) in &word_table {
                let (k, v) = variant(key, value);
                let id = b.render(v);
                words.insert(k.into_boxed_str(), id);
            }
        }

        let mut samples = Vec::with_capacity(file.samples.len());
        for (index, pair) in file.samples.into_iter().enumerate() {
            let len = pair.len();
            let mut it = pair.into_iter();
            match (it.next(), it.next(), it.next()) {
                (Some(source), Some(expected), None) => samples.push((source, expected)),
                _ => {
                    return Err(SchemeError::InvalidSample {
                        scheme: file.name,
                        index,
                        len,
                    })
                }
            }
        }

        // Decided on the keys as inserted: a case variant of a non-ASCII key can be ASCII
        // (the uppercase of `ı` is `I`).
        let ascii_pair = |key: &u64| {
            let (a, b) = ((key >> 32) as u32, *key as u32);
            (a < 0x80 || a == BOUNDARY) && (b < 0x80 || b == BOUNDARY)
        };
        let maps_ascii = chars
            .dense
            .iter()
            .take(0x80)
            .any(|slot| slot.letter != NONE)
            || prev
                .keys()
                .chain(next.keys())
                .chain(endings.keys())
                .any(ascii_pair)
            || words.keys().any(|w| w.is_ascii());

        Ok(Scheme {
            name: file.name,
            description: file.description.unwrap_or_default(),
            url: file.url.unwrap_or_default(),
            samples,
            renderings: b.renderings,
            chars,
            prev,
            next,
            endings,
            words,
            maps_ascii,
        })
    }

    /// The scheme's name, e.g. `wikipedia` or `uk_kmu_2010`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the scheme is and where its rules come from (empty when the file has none).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Where the scheme is documented (empty when the file has none).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The file's worked examples as `(source, expected)` pairs.
    pub fn samples(&self) -> &[(String, String)] {
        &self.samples
    }

    /// Whether the scheme's letter table maps `c` (in the case given, or its lowercase).
    ///
    /// Lets a caller tell whether a word belongs to the scheme's alphabet, e.g. that `ў` is
    /// Belarusian rather than Russian. Characters handled only by context rules (such as an
    /// apostrophe dropped before `я`) are not counted as covered.
    pub fn covers(&self, c: char) -> bool {
        self.chars.get(c).letter != NONE || self.chars.get(lower_one(c)).letter != NONE
    }

    /// Transliterates one word, as [`split_words`] gives it, appending the result to `out`.
    ///
    /// Characters the scheme does not know are copied unchanged. Passing text that is not a
    /// single word is allowed but makes word-start and word-end rules apply at its edges only.
    pub fn transliterate_word(&self, word: &str, out: &mut String) {
        if !self.maps_ascii && word.is_ascii() {
            out.push_str(word);
            return;
        }
        if !self.words.is_empty() {
            if let Some(&id) = self.words.get(word) {
                if let Some(r) = self.renderings.get(id as usize) {
                    r.text.push_to(out);
                }
                return;
            }
        }
        let caps = is_all_caps(word);
        match self.ending(word, caps) {
            Some((stem_len, id)) => {
                // iuliia transliterates the stem as a word of its own: its last letter sees no
                // next letter. Kept so the published samples come out the same.
                self.letters(&word[..stem_len], caps, out);
                self.push(id, caps, out);
            }
            None => self.letters(word, caps, out),
        }
    }

    /// Transliterates a whole text: words as [`Scheme::transliterate_word`] does, everything
    /// between them (spaces, digits, punctuation) copied unchanged.
    pub fn transliterate(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        for (range, is_word) in split_words(text) {
            let Some(piece) = text.get(range) else {
                continue;
            };
            if is_word {
                self.transliterate_word(piece, &mut out);
            } else {
                out.push_str(piece);
            }
        }
        out
    }

    /// The byte offset where a mapped two-letter ending starts, and its rendering.
    #[inline]
    fn ending(&self, word: &str, caps: bool) -> Option<(usize, u32)> {
        if self.endings.is_empty() {
            return None;
        }
        let mut rev = word.char_indices().rev();
        let (_, last) = rev.next()?;
        let (start, before) = rev.next()?;
        // iuliia only splits off an ending from words of three or more letters.
        rev.next()?;
        let key = pack(
            u32::from(key_of(before, caps)),
            u32::from(key_of(last, caps)),
        );
        self.endings.get(&key).map(|&id| (start, id))
    }

    /// Transliterates `stem` letter by letter with its own word-start and word-end context.
    #[inline]
    fn letters(&self, stem: &str, caps: bool, out: &mut String) {
        let mut before = BOUNDARY;
        let mut chars = stem.chars();
        let mut current = chars.next();
        while let Some(c) = current {
            let following = chars.next();
            let key = key_of(c, caps);
            let slot = self.chars.get(key);
            let mut id = NONE;
            if slot.flags & HAS_PREV_RULE != 0 {
                if let Some(&found) = self.prev.get(&pack(before, u32::from(key))) {
                    id = found;
                }
            }
            if id == NONE && slot.flags & HAS_NEXT_RULE != 0 {
                let after = following.map_or(BOUNDARY, |n| u32::from(key_of(n, caps)));
                if let Some(&found) = self.next.get(&pack(u32::from(key), after)) {
                    id = found;
                }
            }
            if id == NONE {
                id = slot.letter;
            }
            if id == NONE {
                out.push(c);
            } else {
                self.push(id, caps, out);
            }
            before = u32::from(key);
            current = following;
        }
    }

    #[inline]
    fn push(&self, id: u32, caps: bool, out: &mut String) {
        if let Some(r) = self.renderings.get(id as usize) {
            if caps { &r.upper } else { &r.text }.push_to(out);
        }
    }
}

/// The character to look up: lowercased in an ALL-CAPS word, as written otherwise.
#[inline]
fn key_of(c: char, caps: bool) -> char {
    if caps {
        lower_one(c)
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::{Path, PathBuf};
    use std::sync::OnceLock;

    fn schemes_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemes")
    }

    fn load_dir(dir: &Path) -> Vec<Scheme> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p)
                    .unwrap_or_else(|e| panic!("reading {}: {e}", p.display()));
                Scheme::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            })
            .collect()
    }

    fn iuliia() -> &'static [Scheme] {
        static CELL: OnceLock<Vec<Scheme>> = OnceLock::new();
        CELL.get_or_init(|| load_dir(&schemes_dir().join("ru")))
    }

    fn ours() -> &'static [Scheme] {
        static CELL: OnceLock<Vec<Scheme>> = OnceLock::new();
        CELL.get_or_init(|| load_dir(&schemes_dir()))
    }

    fn scheme(name: &str) -> &'static Scheme {
        iuliia()
            .iter()
            .chain(ours())
            .find(|s| s.name() == name)
            .unwrap_or_else(|| panic!("no scheme named {name}"))
    }

    /// Runs every sample; returns the failures as readable lines.
    fn failures(schemes: &[Scheme]) -> Vec<String> {
        let mut failed = Vec::new();
        for s in schemes {
            let mut passed = 0;
            for (source, expected) in s.samples() {
                let got = s.transliterate(source);
                if &got == expected {
                    passed += 1;
                } else {
                    failed.push(format!(
                        "{}: {source:?}\n    expected {expected:?}\n    got      {got:?}",
                        s.name()
                    ));
                }
            }
            eprintln!("{:<16} {passed}/{} samples", s.name(), s.samples().len());
        }
        failed
    }

    #[test]
    fn all_iuliia_samples_pass() {
        assert_eq!(iuliia().len(), 28, "expected the 28 iuliia schemes");
        let failed = failures(iuliia());
        assert!(failed.is_empty(), "{}", failed.join("\n"));
    }

    #[test]
    fn all_our_samples_pass() {
        let names: Vec<&str> = ours().iter().map(Scheme::name).collect();
        assert_eq!(
            names,
            [
                "be_national_2007",
                "bg_streamlined",
                "mk_official",
                "sr_latin",
                "uk_kmu_2010"
            ]
        );
        let failed = failures(ours());
        assert!(failed.is_empty(), "{}", failed.join("\n"));
    }

    #[test]
    fn kmu_2010_has_all_76_official_examples() {
        let tsv = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schemes")
            .join("sources")
            .join("kmu2010_official_examples.tsv");
        let tsv = std::fs::read_to_string(&tsv).unwrap_or_else(|e| panic!("{tsv:?}: {e}"));
        let rows: Vec<(String, String)> = tsv
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let cols: Vec<&str> = l.split('\t').collect();
                (cols[1].to_owned(), cols[2].to_owned())
            })
            .collect();
        assert_eq!(rows.len(), 76);
        let kmu = scheme("uk_kmu_2010");
        for row in &rows {
            assert!(kmu.samples().contains(row), "sample missing: {row:?}");
        }
    }

    #[test]
    fn all_caps_words_are_transliterated_in_lowercase_then_uppercased() {
        let wiki = scheme("wikipedia");
        assert_eq!(wiki.transliterate("ЮЛИЯ"), "YULIYA");
        assert_eq!(wiki.transliterate("Юлия"), "Yuliya");
        assert_eq!(wiki.transliterate("Я"), "Ya");
        assert_eq!(wiki.transliterate("ВЕЛИКИЙ ЕЛЬЦИН"), "VELIKY YELTSIN");
        assert_eq!(wiki.transliterate("ООО «ЁЛКА»"), "OOO «YOLKA»");
        let kmu = scheme("uk_kmu_2010");
        assert_eq!(kmu.transliterate("ЗГУРСЬКИЙ"), "ZGHURSKYI");
        assert_eq!(kmu.transliterate("ЄНАКІЄВЕ"), "YENAKIIEVE");
        assert_eq!(kmu.transliterate("ЗНАМ’ЯНКА"), "ZNAMIANKA");
        assert_eq!(
            scheme("sr_latin").transliterate("ЉУБЉАНА Љубљана"),
            "LJUBLJANA Ljubljana"
        );
        assert_eq!(scheme("be_national_2007").transliterate("ГОМЕЛЬ"), "HOMIEĹ");
        assert_eq!(scheme("bg_streamlined").transliterate("СОФИЯ"), "SOFIA");
        assert_eq!(
            scheme("bg_streamlined").transliterate("БЪЛГАРИЯ"),
            "BULGARIA"
        );
        // Mixed case is not ALL-CAPS: iuliia's per-letter rules apply.
        assert_eq!(wiki.transliterate("ЮЛия"), "YuLiya");
    }

    #[test]
    fn apostrophes_inside_words() {
        let kmu = scheme("uk_kmu_2010");
        for (source, expected) in [
            ("Короп’є", "Koropie"),
            ("Короп'є", "Koropie"),
            ("Короп\u{02BC}є", "Koropie"),
            ("Мар’їне", "Marine"),
            ("п’ять", "piat"),
            ("«Знам’янка»", "«Znamianka»"),
            // A quote before a word is not inside it: the word-initial rule applies.
            ("'Єнакієве'", "'Yenakiieve'"),
            // Apostrophes in Latin words are left alone.
            ("don't", "don't"),
        ] {
            assert_eq!(kmu.transliterate(source), expected, "{source}");
        }
        let be = scheme("be_national_2007");
        assert_eq!(be.transliterate("Вераб’ёвічы"), "Vierabjovičy");
        // In iuliia an apostrophe starts a new word; here it does not, so `е` after it is not
        // treated as word-initial by `prev_mapping` one-letter keys.
        assert_eq!(scheme("wikipedia").transliterate("Д'е"), "D'e");
    }

    #[test]
    fn word_mapping_matches_whole_words_only() {
        let bg = scheme("bg_streamlined");
        assert_eq!(bg.transliterate("България"), "Bulgaria");
        assert_eq!(bg.transliterate("българия"), "bulgaria");
        assert_eq!(bg.transliterate("Българияа"), "Balgariyaa");
        assert_eq!(bg.transliterate("Мариян Мария"), "Mariyan Maria");
    }

    #[test]
    fn covers_tells_alphabets_apart() {
        let be = scheme("be_national_2007");
        assert!(be.covers('ў') && be.covers('Ў') && be.covers('і'));
        assert!(!be.covers('и') && !be.covers('щ') && !be.covers('’') && !be.covers('a'));
        let kmu = scheme("uk_kmu_2010");
        assert!(kmu.covers('ї') && kmu.covers('Ґ') && !kmu.covers('ы'));
        assert!(scheme("sr_latin").covers('ђ') && !scheme("mk_official").covers('ђ'));
    }

    #[test]
    fn decomposed_letters_pass_through_as_written() {
        // и + U+0306 is not й; the engine does not normalize (the clean stage does NFC).
        let wiki = scheme("wikipedia");
        assert_eq!(wiki.transliterate("Бии\u{0306}ск"), "Bii\u{0306}sk");
    }

    #[test]
    fn invalid_files_are_errors() {
        assert!(matches!(
            Scheme::from_json("{"),
            Err(SchemeError::Json { .. })
        ));
        assert!(matches!(
            Scheme::from_json(r#"{"name": "", "mapping": {}}"#),
            Err(SchemeError::EmptyName)
        ));
        assert!(matches!(
            Scheme::from_json(r#"{"name": "x", "mapping": {"аб": "ab"}}"#),
            Err(SchemeError::InvalidKey {
                table: "mapping",
                ..
            })
        ));
        assert!(matches!(
            Scheme::from_json(r#"{"name": "x", "mapping": {}, "ending_mapping": {"й": "y"}}"#),
            Err(SchemeError::InvalidKey {
                table: "ending_mapping",
                ..
            })
        ));
        assert!(matches!(
            Scheme::from_json(r#"{"name": "x", "mapping": {}, "samples": [["a"]]}"#),
            Err(SchemeError::InvalidSample {
                index: 0,
                len: 1,
                ..
            })
        ));
        // A misspelt table is rejected, not ignored.
        assert!(matches!(
            Scheme::from_json(r#"{"name": "x", "mapping": {}, "prev_maping": {}}"#),
            Err(SchemeError::Json { .. })
        ));
    }

    #[test]
    fn ascii_words_are_copied_only_when_no_ascii_key_exists() {
        // Regression guard for the copy-whole-word fast path: a scheme with ASCII keys must
        // still apply them to ASCII words.
        let toy = Scheme::from_json(
            r#"{"name": "toy", "mapping": {"q": "k"}, "prev_mapping": {"xq": "ks"}}"#,
        )
        .unwrap();
        assert_eq!(toy.transliterate("Quiz xq QQ"), "Kuiz xks KK");
        // Only a case variant is ASCII: the uppercase of dotless `ı` is `I`.
        let dotless = Scheme::from_json(r#"{"name": "t", "mapping": {"ı": "y"}}"#).unwrap();
        assert_eq!(dotless.transliterate("Iı"), "Yy");
        // Schemes without ASCII keys leave ASCII words alone, apostrophes included.
        assert_eq!(
            scheme("uk_kmu_2010").transliterate("don't DON'T"),
            "don't DON'T"
        );
    }

    fn all() -> impl Iterator<Item = &'static Scheme> {
        iuliia().iter().chain(ours())
    }

    proptest! {
        #[test]
        fn no_panic_on_any_text(text in any::<String>()) {
            for s in all() {
                let _ = s.transliterate(&text);
            }
        }

        #[test]
        fn no_panic_on_cyrillic_text(text in "[\u{0400}-\u{052F}'’ʼ \\-a-zA-Z0-9\u{0301}]{0,40}") {
            for s in all() {
                let out = s.transliterate(&text);
                let mut word_out = String::new();
                s.transliterate_word(&text, &mut word_out);
                prop_assert!(out.len() < 8 * text.len() + 1);
            }
        }

        #[test]
        fn text_without_cyrillic_is_unchanged(text in any::<String>()) {
            let text: String = text
                .chars()
                .filter(|c| !('\u{0400}'..='\u{052F}').contains(c))
                .collect();
            for s in all() {
                prop_assert_eq!(&s.transliterate(&text), &text, "scheme {}", s.name());
            }
        }
    }
}
