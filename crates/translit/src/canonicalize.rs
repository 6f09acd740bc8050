//! Entity-aware canonicalization of spelling variants: exact gazetteer matches (leftmost-longest,
//! whole words) and typo-tolerant matches of capitalized near-misses.

use crate::error::TranslitError;
use crate::gazetteer::{Gazetteer, GazetteerEntry, Profile};
use crate::script::{is_latin_text, letter_script, LetterScript};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};
use polyprep_core::NormalizationRule;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Titles that, right before a near-miss of a person's name, support correcting it.
const PERSON_TITLES: [&str; 14] = [
    "President",
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Dr.",
    "Minister",
    "General",
    "Gen.",
    "leader",
    "Chairman",
    "Commander",
];

/// A change the canonicalizer proposes, in the coordinates of the text it was given.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The byte range in the text.
    pub range: Range<usize>,
    /// The replacement (or, when `apply` is false, the form it stands for).
    pub canonical: String,
    /// Which kind of rule proposed it.
    pub rule: NormalizationRule,
    /// The gazetteer entry, for gazetteer, alias and fuzzy changes.
    pub entry: Option<usize>,
    /// The transliteration scheme, for transliterations.
    pub scheme: Option<&'static str>,
    /// Confidence in `[0, 1]`.
    pub confidence: f32,
    /// False when the change is only reported: aliases, and native-script variants when the text
    /// is not being transliterated (a Latin name inside Cyrillic text would help nobody).
    pub apply: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PatternKind {
    /// A canonical, official or variant spelling: normalized to the profile's form.
    Spelling,
    /// Another name: linked, not rewritten.
    Alias,
    /// A protected phrase: left alone, and it hides the variants inside it.
    Protect,
}

#[derive(Debug, Clone, Copy)]
struct PatternTarget {
    entry: usize,
    kind: PatternKind,
    /// The pattern is the ALL-CAPS form of a listed one: the replacement is upper-cased too.
    upper: bool,
}

/// A near-miss candidate: a single-word Latin spelling of an entry, case-folded.
#[derive(Debug, Clone)]
struct FuzzyName {
    folded: String,
    chars: usize,
    entry: usize,
}

/// Gazetteer matching compiled for one profile.
#[derive(Debug, Clone)]
pub struct Canonicalizer {
    automaton: Option<AhoCorasick>,
    targets: Vec<PatternTarget>,
    entries: Vec<GazetteerEntry>,
    profile: Profile,
    /// Near-miss candidates grouped by their first (case-folded) letter.
    fuzzy_names: HashMap<char, Vec<FuzzyName>>,
    /// Words that support a fuzzy match of an entry when they come right before it.
    context: HashMap<usize, HashSet<String>>,
    /// Every entry's context words together: a quick test before any distance is computed.
    any_context: HashSet<String>,
    /// Every single word the gazetteer knows (case-folded): never "corrected" into another.
    known_names: HashSet<String>,
}

impl Canonicalizer {
    /// Compiles `gazetteer` for `profile`; fails only when the automaton of all its forms
    /// exceeds Aho-Corasick's size limits.
    pub fn new(gazetteer: &Gazetteer, profile: Profile) -> Result<Self, TranslitError> {
        let entries = gazetteer.entries().to_vec();
        // Later entries override earlier ones for the same surface form.
        let mut by_form: HashMap<String, PatternTarget> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        let mut add = |form: &str, target: PatternTarget| {
            if by_form.insert(form.to_string(), target).is_none() {
                order.push(form.to_string());
            }
        };
        for (index, entry) in entries.iter().enumerate() {
            let listed = entry
                .spellings()
                .map(|form| (form, PatternKind::Spelling))
                .chain(
                    entry
                        .aliases
                        .iter()
                        .map(|a| (a.as_str(), PatternKind::Alias)),
                )
                .chain(
                    entry
                        .protect
                        .iter()
                        .map(|p| (p.as_str(), PatternKind::Protect)),
                );
            for (form, kind) in listed {
                add(
                    form,
                    PatternTarget {
                        entry: index,
                        kind,
                        upper: false,
                    },
                );
                let upper = form.to_uppercase();
                if upper != form && form.chars().filter(|c| c.is_alphabetic()).count() > 1 {
                    add(
                        &upper,
                        PatternTarget {
                            entry: index,
                            kind,
                            upper: true,
                        },
                    );
                }
            }
        }
        let targets: Vec<PatternTarget> = order.iter().map(|form| by_form[form]).collect();
        let automaton = if order.is_empty() {
            None
        } else {
            let built = AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&order)
                .map_err(|e| TranslitError::Gazetteer {
                    source_name: "the gazetteers together".into(),
                    line: None,
                    message: format!("{e}; split the gazetteer or drop forms"),
                })?;
            Some(built)
        };

        let mut fuzzy_names: HashMap<char, Vec<FuzzyName>> = HashMap::new();
        let mut known_names = HashSet::new();
        let mut context: HashMap<usize, HashSet<String>> = HashMap::new();
        let mut first_names: HashMap<&str, HashSet<String>> = HashMap::new();
        for entry in &entries {
            for form in entry
                .spellings()
                .chain(entry.aliases.iter().map(String::as_str))
            {
                let words: Vec<&str> = form.split_whitespace().collect();
                for word in &words {
                    known_names.insert(word.to_lowercase());
                }
                if let [first, .., _last] = words.as_slice() {
                    first_names
                        .entry(entry.id.as_str())
                        .or_default()
                        .insert(first.to_string());
                }
            }
        }
        for (index, entry) in entries.iter().enumerate() {
            let words = context.entry(index).or_default();
            words.extend(entry.context.iter().cloned());
            if let Some(names) = first_names.get(entry.id.as_str()) {
                words.extend(names.iter().cloned());
            }
            if entry.entity_type == "PER" {
                words.extend(PERSON_TITLES.iter().map(|t| t.to_string()));
            }
            for form in entry.spellings() {
                let is_single_latin_word = !form.contains(char::is_whitespace)
                    && is_latin_text(form)
                    && form.chars().count() >= FUZZY_MIN_CHARS;
                if is_single_latin_word {
                    let folded = form.to_lowercase();
                    if let Some(first) = folded.chars().next() {
                        fuzzy_names.entry(first).or_default().push(FuzzyName {
                            chars: folded.chars().count(),
                            folded,
                            entry: index,
                        });
                    }
                }
            }
        }
        let any_context = context.values().flatten().cloned().collect();
        Ok(Canonicalizer {
            automaton,
            targets,
            entries,
            profile,
            fuzzy_names,
            context,
            any_context,
            known_names,
        })
    }

    /// The entries, indexed by [`Change::entry`].
    pub fn entries(&self) -> &[GazetteerEntry] {
        &self.entries
    }

    /// Exact gazetteer matches in `text`, leftmost-longest, on word boundaries, in text order.
    /// `transliterating` says whether native-script variants may be rewritten to Latin forms.
    /// Protected phrases and forms already canonical produce no change but are returned in
    /// `claimed` so nothing else touches them.
    pub fn exact(&self, text: &str, transliterating: bool) -> (Vec<Change>, Vec<Range<usize>>) {
        let mut changes = Vec::new();
        let mut claimed = Vec::new();
        let Some(automaton) = &self.automaton else {
            return (changes, claimed);
        };
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = automaton.find(Input::new(text).range(pos..)) else {
                break;
            };
            let range = m.range();
            if !on_word_boundaries(text, &range) && !before_korean_particle(text, &range) {
                // A longer pattern failing its boundary may hide a shorter one at the same start.
                pos = next_char_boundary(text, range.start);
                continue;
            }
            pos = range.end;
            let target = self.targets[m.pattern().as_usize()];
            let entry = &self.entries[target.entry];
            let matched = &text[range.clone()];
            // Spellings are replaced whole; a native-script alias or protected phrase is only
            // kept from being read as a variant, and is still romanized like any other text.
            if target.kind == PatternKind::Spelling || !transliterating || is_latin_text(matched) {
                claimed.push(range.clone());
            }
            match target.kind {
                PatternKind::Protect => {}
                PatternKind::Alias => changes.push(Change {
                    range,
                    canonical: entry.form(self.profile).to_string(),
                    rule: NormalizationRule::Alias,
                    entry: Some(target.entry),
                    scheme: None,
                    confidence: 1.0,
                    apply: false,
                }),
                PatternKind::Spelling => {
                    let mut canonical = entry.form(self.profile).to_string();
                    if target.upper {
                        canonical = canonical.to_uppercase();
                    }
                    // The text's apostrophe style is kept: `People’s` is not a variant of
                    // `People's`.
                    if matched.contains('’') && !matched.contains('\'') {
                        canonical = canonical.replace('\'', "’");
                    }
                    if canonical != matched {
                        changes.push(Change {
                            range,
                            canonical,
                            rule: NormalizationRule::Gazetteer,
                            entry: Some(target.entry),
                            scheme: None,
                            confidence: 1.0,
                            apply: transliterating || is_latin_text(matched),
                        });
                    }
                }
            }
        }
        (changes, claimed)
    }

    /// Near-miss spellings of single-word gazetteer names among the capitalized Latin words of
    /// `text` outside `claimed`, corrected only when the word before is a title or a name the
    /// entry knows, or when `entity_at` says NER found an entity of the entry's type there, and
    /// only where `in_scope` accepts the word's offset (the language filter: Spanish `Rusia` is
    /// a word, not a typo of `Russia`).
    pub fn fuzzy(
        &self,
        text: &str,
        claimed: &[Range<usize>],
        entity_at: &dyn Fn(Range<usize>) -> Option<String>,
        in_scope: &dyn Fn(usize) -> bool,
    ) -> Vec<Change> {
        let mut changes = Vec::new();
        let mut lowercase_words: Option<HashSet<String>> = None;
        let mut previous_word: Option<Range<usize>> = None;
        let mut claimed_iter = claimed.iter().peekable();
        for word in latin_words(text) {
            let prev = previous_word.replace(word.clone());
            while claimed_iter.next_if(|c| c.end <= word.start).is_some() {}
            if claimed_iter.peek().is_some_and(|c| c.start < word.end) {
                continue;
            }
            let token = &text[word.clone()];
            let Some(first) = token.chars().next() else {
                continue;
            };
            if !first.is_uppercase() || token.chars().count() < FUZZY_MIN_CHARS {
                continue;
            }
            // Cheap tests first: most capitalized words have neither a title before them nor
            // an entity around them.
            let after_context = prev
                .filter(|p| text[p.end..word.start].chars().all(char::is_whitespace))
                .filter(|p| self.any_context.contains(&text[p.clone()]));
            let ner_label = entity_at(word.clone());
            if after_context.is_none() && ner_label.is_none() {
                continue;
            }
            let folded = token.to_lowercase();
            if self.known_names.contains(&folded) || !in_scope(word.start) {
                continue;
            }
            let Some(best) = self.nearest(&folded) else {
                continue;
            };
            // A word that also occurs in lower case is an ordinary word, not a misspelled name.
            let lowercase = lowercase_words.get_or_insert_with(|| {
                latin_words(text)
                    .map(|w| &text[w])
                    .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
                    .map(str::to_string)
                    .collect()
            });
            if lowercase.contains(&folded) {
                continue;
            }
            let (entry_index, distance) = best;
            let entry = &self.entries[entry_index];
            let by_context = after_context.is_some_and(|p| {
                self.context
                    .get(&entry_index)
                    .is_some_and(|words| words.contains(&text[p]))
            });
            let by_ner = ner_label.is_some_and(|label| label == entry.entity_type);
            if !by_context && !by_ner {
                continue;
            }
            let base = if by_context { 0.9 } else { 0.75 };
            let bonus = if by_context && by_ner { 0.05 } else { 0.0 };
            let confidence = base + bonus - 0.1 * (distance as f32 - 1.0);
            let form = self.single_word_form(entry_index);
            let canonical = if token.chars().all(|c| !c.is_lowercase()) {
                form.to_uppercase()
            } else {
                form
            };
            changes.push(Change {
                range: word,
                canonical,
                rule: NormalizationRule::Fuzzy,
                entry: Some(entry_index),
                scheme: None,
                confidence,
                apply: true,
            });
        }
        changes
    }

    /// The entry and distance of the nearest single-word name within the length-scaled limit;
    /// `None` when there is none or when two entries tie.
    fn nearest(&self, word: &str) -> Option<(usize, usize)> {
        let chars = word.chars().count();
        let limit = max_typo_distance(chars);
        let candidates = self.fuzzy_names.get(&word.chars().next()?)?;
        let mut best: Option<(usize, usize)> = None;
        let mut tied = false;
        for name in candidates {
            if name.chars.abs_diff(chars) > limit {
                continue;
            }
            // Optimal string alignment: Damerau-Levenshtein where a transposition is one edit.
            let distance = strsim::osa_distance(&name.folded, word);
            if distance == 0 || distance > limit {
                continue;
            }
            match best {
                Some((entry, d)) if d == distance && entry != name.entry => tied = true,
                Some((_, d)) if d <= distance => {}
                _ => {
                    best = Some((name.entry, distance));
                    tied = false;
                }
            }
        }
        best.filter(|_| !tied)
    }

    /// The profile's form of `entry` that a single misspelled word stands for: the entry's own
    /// form when it is one word, else its last word (a surname).
    fn single_word_form(&self, entry: usize) -> String {
        let form = self.entries[entry].form(self.profile);
        form.split_whitespace().last().unwrap_or(form).to_string()
    }
}

/// Words shorter than this are never corrected: too many real words lie one edit apart.
const FUZZY_MIN_CHARS: usize = 5;

/// How many edits a word of `len` characters may be from a name: one up to nine letters, two
/// from ten (transpositions count one).
fn max_typo_distance(len: usize) -> usize {
    match len {
        0..FUZZY_MIN_CHARS => 0,
        FUZZY_MIN_CHARS..=9 => 1,
        _ => 2,
    }
}

/// Runs of Latin letters (byte ranges), e.g. the words a typo could be in.
fn latin_words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|&(_, c)| c.is_alphabetic())?;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphabetic() {
                end = i;
                break;
            }
            chars.next();
        }
        Some(start..end)
    })
    .filter(move |range| is_latin_text(&text[range.clone()]))
}

/// Whether `range` starts and ends on word boundaries: no letter or digit right outside it.
/// `Kiev's`, `Kiev’s` and `Kiev-based` all have a boundary after `Kiev`.
fn on_word_boundaries(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    !is_word(before) && !is_word(after)
}

/// Whether `range` is a Hangul name followed by a particle written onto it (평양에서 "in
/// Pyongyang", 김정은이): Korean attaches case particles to the noun, so the name ends there.
fn before_korean_particle(text: &str, range: &Range<usize>) -> bool {
    let is_hangul = |c: Option<char>| c.and_then(letter_script) == Some(LetterScript::Hangul);
    let before = text[..range.start].chars().next_back();
    let last = text[range.clone()].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && is_hangul(last) && is_hangul(after)
}

fn next_char_boundary(text: &str, pos: usize) -> usize {
    text[pos..]
        .chars()
        .next()
        .map_or(text.len(), |c| pos + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        Gazetteer::from_tsv(
            "id\ttype\tcanonical\tofficial\tvariants\taliases\tprotect\tcontext\twikidata\n\
             kyiv\tLOC\tKyiv\t\tKiev|Київ|Киеве\t\tChicken Kiev|Kievan Rus\t\t\n\
             volodymyr-zelensky\tPER\tVolodymyr Zelensky\tVolodymyr Zelenskyy\tVladimir Zelensky\t\t\t\t\n\
             volodymyr-zelensky\tPER\tZelensky\tZelenskyy\tZelenskiy\t\t\t\t\n\
             olena-zelenska\tPER\tZelenska\t\t\t\t\t\t\n\
             north-korea\tLOC\tNorth Korea\t\t\tDPRK|Democratic People's Republic of Korea\t\t\t\n",
            "test",
        )
        .unwrap()
    }

    fn apply(c: &Canonicalizer, text: &str) -> String {
        let (mut changes, claimed) = c.exact(text, true);
        changes.extend(c.fuzzy(text, &claimed, &|_| None, &|_| true));
        changes.sort_by_key(|ch| ch.range.start);
        let mut out = String::new();
        let mut pos = 0;
        for ch in changes.iter().filter(|ch| ch.apply) {
            out.push_str(&text[pos..ch.range.start]);
            out.push_str(&ch.canonical);
            pos = ch.range.end;
        }
        out.push_str(&text[pos..]);
        out
    }

    #[test]
    fn variants_become_canonical_on_word_boundaries() {
        let c = Canonicalizer::new(&gazetteer(), Profile::Default).unwrap();
        assert_eq!(
            apply(&c, "Kiev's forces, Kiev’s allies, a Kiev-based firm, KIEV."),
            "Kyiv's forces, Kyiv’s allies, a Kyiv-based firm, KYIV."
        );
        assert_eq!(
            apply(&c, "Kievan Rus and Chicken Kiev"),
            "Kievan Rus and Chicken Kiev"
        );
        assert_eq!(apply(&c, "Kievskaya, Kievan"), "Kievskaya, Kievan");
    }

    #[test]
    fn full_names_are_entity_aware() {
        let c = Canonicalizer::new(&gazetteer(), Profile::Default).unwrap();
        assert_eq!(
            apply(&c, "Vladimir Zelensky met Vladimir Putin."),
            "Volodymyr Zelensky met Vladimir Putin."
        );
        assert_eq!(apply(&c, "Zelenskiy said"), "Zelensky said");
    }

    #[test]
    fn profiles_choose_the_canonical_form() {
        let c = Canonicalizer::new(&gazetteer(), Profile::Official).unwrap();
        assert_eq!(
            apply(&c, "Zelensky and Volodymyr Zelensky"),
            "Zelenskyy and Volodymyr Zelenskyy"
        );
    }

    #[test]
    fn aliases_are_linked_not_rewritten() {
        let c = Canonicalizer::new(&gazetteer(), Profile::Default).unwrap();
        let text = "The DPRK, i.e. North Korea.";
        let (changes, _) = c.exact(text, true);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].rule, NormalizationRule::Alias);
        assert!(!changes[0].apply);
        assert_eq!(&text[changes[0].range.clone()], "DPRK");
        assert_eq!(apply(&c, text), text);
    }

    #[test]
    fn native_script_variants_are_only_reported_without_transliteration() {
        let c = Canonicalizer::new(&gazetteer(), Profile::Default).unwrap();
        let (changes, _) = c.exact("у Києві та Киеве", false);
        assert_eq!(changes.len(), 1);
        assert!(!changes[0].apply);
        let (changes, _) = c.exact("у Київ", true);
        assert!(changes[0].apply);
    }

    #[test]
    fn typos_are_fixed_only_with_supporting_context() {
        let c = Canonicalizer::new(&gazetteer(), Profile::Default).unwrap();
        assert_eq!(
            apply(&c, "Volodymyr Zelenksy and President Zelenksy."),
            "Volodymyr Zelensky and President Zelensky."
        );
        // No context: left alone. A known name one edit away is not a typo.
        assert_eq!(apply(&c, "Zelenksy said."), "Zelenksy said.");
        assert_eq!(apply(&c, "Mrs. Zelenska said."), "Mrs. Zelenska said.");
        // NER support stands in for context.
        let text = "Zelenksy said.";
        let changes = c.fuzzy(
            text,
            &[],
            &|r| (r.start == 0).then(|| "PER".to_string()),
            &|_| true,
        );
        assert_eq!(changes.len(), 1);
        assert!(changes[0].confidence < 0.9);
        // Words under five letters are never corrected, even after a title: too many real
        // words lie one edit from a short name (Kyev is one edit from the listed Kyiv).
        assert_eq!(apply(&c, "President Kyev"), "President Kyev");
    }

    #[test]
    fn apostrophe_style_and_korean_particles() {
        let g = Gazetteer::from_tsv(
            "id\ttype\tcanonical\tofficial\tvariants\taliases\tprotect\tcontext\twikidata\n\
             lpr\tLOC\tLuhansk People's Republic\t\tLugansk People's Republic|Lugansk People’s Republic\t\t\t\t\n\
             pyongyang\tLOC\tPyongyang\t\t평양\t\t\t\t\n",
            "t",
        )
        .unwrap();
        let c = Canonicalizer::new(&g, Profile::Default).unwrap();
        assert_eq!(
            apply(&c, "the Lugansk People’s Republic"),
            "the Luhansk People’s Republic"
        );
        let (changes, _) = c.exact("평양에서 만났다", true);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].range, 0..6);
        // A Hangul name inside a longer word is not matched from the middle.
        assert!(c.exact("북평양", true).0.is_empty());
    }

    #[test]
    fn a_word_seen_in_lower_case_is_not_a_name() {
        let g = Gazetteer::from_tsv(
            "id\ttype\tcanonical\tofficial\tvariants\taliases\tprotect\tcontext\twikidata\n\
             x\tPER\tMarkets\t\t\t\t\t\t\n",
            "t",
        )
        .unwrap();
        let c = Canonicalizer::new(&g, Profile::Default).unwrap();
        assert_eq!(
            apply(&c, "President Market said the market fell."),
            "President Market said the market fell."
        );
    }
}
