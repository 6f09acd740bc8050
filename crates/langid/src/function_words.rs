//! Function words: a second source of evidence beside whatlang's trigrams.
//!
//! Close languages share most trigrams but not their function words (Bokmål `ikke hva hvordan`
//! against Danish `ikke hvad hvordan`; Bulgarian `на се че` against Russian `на что это`), and
//! a language whatlang has no profile for still has them (Swahili `na ya kwa ni`, Basque `eta
//! da ez`). For each language of a script with a list in the `stop-words` crate, the words of
//! a text are looked up (lowercased, in NFC, prepared like the text) and counted; the counts
//! then confirm or overrule whatlang's ranking (see [`decide`]).

use crate::prepare::Prepared;
use crate::scripts::{self, ScriptTable, Trim};
use polyprep_core::{Lang, Script};
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// The function words of the languages of one script, as one index: each word with the set
/// of languages (bits, in [`FunctionWords::langs`] order) whose list holds it.
#[derive(Debug)]
pub(crate) struct FunctionWords {
    langs: Vec<Lang>,
    index: HashMap<Box<str>, u64>,
}

/// How much of a text each language's function words explain.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Evidence {
    /// Words in the text.
    pub(crate) words: usize,
    /// Per candidate language with a list: the words of the text found in it, each counting
    /// one over the number of candidates whose lists hold it (a word every close language
    /// writes is no evidence for one of them; `u`, in seven Latin lists, counts a seventh).
    pub(crate) hits: Vec<(Lang, f64)>,
}

impl Evidence {
    /// The hits of `lang`, `None` when it has no list.
    pub(crate) fn of(&self, lang: Lang) -> Option<f64> {
        self.hits.iter().find(|(l, _)| *l == lang).map(|&(_, n)| n)
    }
}

impl FunctionWords {
    /// The index for a script's table, built on first use.
    pub(crate) fn for_script(script: Script) -> Option<&'static FunctionWords> {
        static LATIN: OnceLock<FunctionWords> = OnceLock::new();
        static CYRILLIC: OnceLock<FunctionWords> = OnceLock::new();
        static ARABIC: OnceLock<FunctionWords> = OnceLock::new();
        static DEVANAGARI: OnceLock<FunctionWords> = OnceLock::new();
        static HEBREW: OnceLock<FunctionWords> = OnceLock::new();
        let cell = match script {
            Script::Latin => &LATIN,
            Script::Cyrillic => &CYRILLIC,
            Script::Arabic => &ARABIC,
            Script::Devanagari => &DEVANAGARI,
            Script::Hebrew => &HEBREW,
            _ => return None,
        };
        let table = scripts::table(script)?;
        Some(cell.get_or_init(|| FunctionWords::build(script, table)))
    }

    fn build(script: Script, table: &ScriptTable) -> FunctionWords {
        let mut langs = Vec::new();
        let mut index: HashMap<Box<str>, u64> = HashMap::new();
        // At most 64 languages per script: a test checks the tables.
        for source in table.function_words.iter().take(64) {
            let Some(list) = stop_words::lookup(source.list) else {
                continue;
            };
            let bit = 1u64 << langs.len();
            langs.push(source.lang);
            let words: Vec<String> = match source.trim {
                Trim::Drop(drop) => list
                    .iter()
                    .filter_map(|e| normalize_entry(e, script))
                    .filter(|w| !drop.contains(&w.as_str()))
                    .collect(),
                Trim::VariantOf { base, drop, add } => stop_words::lookup(base)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|e| normalize_entry(e, script))
                    .filter(|w| !drop.contains(&w.as_str()))
                    .chain(
                        list.iter()
                            .filter_map(|e| normalize_entry(e, script))
                            .filter(|w| add.contains(&w.as_str())),
                    )
                    .collect(),
            };
            for word in words {
                *index.entry(word.into_boxed_str()).or_insert(0) |= bit;
            }
        }
        FunctionWords { langs, index }
    }

    /// Weighs the words of `text` (letters of this script only, as [`Prepared::text_of`]
    /// gives them) found in the lists of the `candidates`.
    pub(crate) fn count(&self, text: &str, candidates: &[Lang]) -> Evidence {
        let mask = self
            .langs
            .iter()
            .enumerate()
            .filter(|(_, l)| candidates.contains(l))
            .fold(0u64, |m, (i, _)| m | 1 << i);
        let mut hits = vec![0.0f64; self.langs.len()];
        let mut words = 0;
        let mut lower = String::new();
        for word in text.split_whitespace() {
            words += 1;
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            let Some(&bits) = self.index.get(lower.as_str()) else {
                continue;
            };
            let bits = bits & mask;
            let weight = 1.0 / bits.count_ones().max(1) as f64;
            for (i, hit) in hits.iter_mut().enumerate() {
                if bits & (1 << i) != 0 {
                    *hit += weight;
                }
            }
        }
        Evidence {
            words,
            hits: self
                .langs
                .iter()
                .copied()
                .zip(hits)
                .filter(|(l, _)| candidates.contains(l))
                .collect(),
        }
    }

    /// Whether `word` (lowercase, prepared) is in `lang`'s list.
    #[cfg(test)]
    pub(crate) fn contains(&self, lang: Lang, word: &str) -> bool {
        let Some(i) = self.langs.iter().position(|&l| l == lang) else {
            return false;
        };
        self.index
            .get(word)
            .is_some_and(|bits| bits & (1 << i) != 0)
    }
}

/// A list entry as the detector would see it in text: prepared like text (NFC, Latin
/// look-alikes in Cyrillic words repaired) and lowercased. Entries that are not one word of
/// the script (`d.m.th.`, `kira-kira`, `'n`) are dropped, as text never yields them whole.
fn normalize_entry(entry: &str, script: Script) -> Option<String> {
    let entry = entry.trim();
    let text = Prepared::new(entry).text_of(script);
    let mut words = text.split_whitespace();
    let word = words.next()?;
    // Look-alike repair changes letters one for one, so a whole word keeps its length.
    if words.next().is_some() || word.chars().count() != entry.nfc().count() {
        return None;
    }
    Some(word.chars().flat_map(char::to_lowercase).collect())
}

/// The languages of `table` that whatlang cannot detect: only function words (and letters)
/// can tell them.
pub(crate) fn extra_langs(table: &ScriptTable) -> impl Iterator<Item = Lang> + '_ {
    table
        .function_words
        .iter()
        .map(|s| s.lang)
        .filter(|l| l.to_whatlang().is_none())
}

/// Languages the function-word layer adds to whatlang's, over every script.
pub(crate) fn all_extra_langs() -> Vec<Lang> {
    let mut langs: Vec<Lang> = [
        Script::Latin,
        Script::Cyrillic,
        Script::Arabic,
        Script::Devanagari,
        Script::Hebrew,
    ]
    .into_iter()
    .filter_map(scripts::table)
    .flat_map(extra_langs)
    .collect();
    langs.sort();
    langs.dedup();
    langs
}

/// Rule 1 (a language whatlang cannot detect): its lists' words must outweigh every other
/// candidate's by this much (in weighted words, see [`Evidence::hits`]). Half a word lets one
/// word that only its list and one other hold count; chosen on the development sets, where
/// 1.0 loses 0.8 points of sentences of those languages and gains nothing elsewhere.
pub(crate) const NEW_LANGUAGE_MARGIN: f64 = 0.5;

/// Rule 1: the weighted words its list must explain at least: one word of the text that no
/// other candidate's list holds, or two shared with one other.
pub(crate) const NEW_LANGUAGE_MIN_WORDS: f64 = 1.0;

/// Rule 1: the share of the text's words its list must explain (weighted), when whatlang's
/// pick has a list of its own to compare with. At 0.2 a third of the Somali and Sotho
/// sentences of the development set (whose ISO lists hold only 30 words) are lost; below 0.1
/// Latin-script news sentences of other languages start to flip.
pub(crate) const NEW_LANGUAGE_MIN_SHARE: f64 = 0.1;

/// Rule 1, when whatlang's pick has no list (Welsh, Javanese, Shona, Akan, Turkmen, Serbian,
/// Macedonian, Yiddish): nothing speaks for the pick, so the list must explain more. Below
/// 0.2 Welsh sentences start to become Irish on the development set.
pub(crate) const NEW_LANGUAGE_MIN_SHARE_UNLISTED: f64 = 0.2;

/// Rule 2 (close languages): whatlang's pick is overruled only below this confidence. At 1.0
/// (always) sentences whatlang gets right lose a point on the development sets; 0.3 and 0.7
/// do as well as 0.5 within 0.1 point.
pub(crate) const CLOSE_LANGUAGE_MAX_CONFIDENCE: f64 = 0.5;

/// Rule 2: the other language's list must explain this many more (weighted) words than the
/// pick's. 0.5 and 1.0 do equally on sentences; 0.5 gains 1.2 points on single words and
/// 0.9 on word pairs of the languages whatlang detects.
pub(crate) const CLOSE_LANGUAGE_MARGIN: f64 = 0.5;

/// A margin of this many weighted words gives a function-word decision full confidence
/// (proportionally less below): with it the decisions kept at the default reliability
/// threshold are as often right as before on the development sets.
pub(crate) const FULL_CONFIDENCE_MARGIN: f64 = 4.0;

/// Weighted counts are sums of fractions (a third plus a sixth): comparisons allow for their
/// rounding, so that half a word's margin is half a word however it was summed.
const ROUNDING: f64 = 1e-9;

/// Combines whatlang's pick among the `candidates` it knows (`None` when it knows none of
/// them) with the function words of `text`, and returns the decision with its confidence.
///
/// 1. A language whatlang cannot detect is chosen when its list explains at least
///    [`NEW_LANGUAGE_MIN_WORDS`] words and [`NEW_LANGUAGE_MIN_SHARE`] of them (or [`NEW_LANGUAGE_MIN_SHARE_UNLISTED`] when
///    the pick has no list) and [`NEW_LANGUAGE_MARGIN`] more than any other candidate's.
/// 2. Otherwise, when whatlang is unsure (confidence below
///    [`CLOSE_LANGUAGE_MAX_CONFIDENCE`]) and its pick has a list, another language it knows
///    is chosen when its list explains [`CLOSE_LANGUAGE_MARGIN`] more words than the pick's.
/// 3. Otherwise whatlang's pick stands, with its confidence.
pub(crate) fn decide(
    words: &FunctionWords,
    text: &str,
    candidates: &[Lang],
    whatlang_pick: Option<(Lang, f64)>,
) -> (Lang, f64) {
    let evidence = words.count(text, candidates);
    let best_by = |extra: bool| -> Option<(Lang, f64)> {
        evidence
            .hits
            .iter()
            .copied()
            .filter(|(l, _)| l.to_whatlang().is_none() == extra)
            .fold(None, |best, (l, n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((l, n)),
            })
    };
    let best_other = |lang: Lang| -> f64 {
        evidence
            .hits
            .iter()
            .filter(|(l, _)| *l != lang)
            .map(|&(_, n)| n)
            .fold(0.0, f64::max)
    };
    let words_in_text = evidence.words.max(1) as f64;
    let Some((pick, confidence)) = whatlang_pick else {
        // Only languages whatlang lacks are left: the function words decide.
        return match best_by(true) {
            Some((lang, hits)) if hits > 0.0 => (lang, margin_confidence(hits - best_other(lang))),
            _ => (candidates[0], 0.0),
        };
    };
    let pick_hits = evidence.of(pick);
    if let Some((extra, hits)) = best_by(true) {
        let min_share = if pick_hits.is_some() {
            NEW_LANGUAGE_MIN_SHARE
        } else {
            NEW_LANGUAGE_MIN_SHARE_UNLISTED
        };
        let margin = hits - best_other(extra);
        if hits >= NEW_LANGUAGE_MIN_WORDS - ROUNDING
            && hits / words_in_text >= min_share
            && margin >= NEW_LANGUAGE_MARGIN - ROUNDING
        {
            return (extra, margin_confidence(margin));
        }
    }
    if confidence < CLOSE_LANGUAGE_MAX_CONFIDENCE {
        if let Some((other, hits)) = best_by(false).filter(|&(other, _)| other != pick) {
            // A pick without a list has nothing to set against the other's words: close
            // neighbours share function words (Macedonian and Bulgarian, Welsh and Irish), so
            // the pick stands.
            if let Some(pick_hits) = pick_hits {
                if hits - pick_hits >= CLOSE_LANGUAGE_MARGIN - ROUNDING {
                    return (other, margin_confidence(hits - pick_hits));
                }
            }
        }
    }
    (pick, confidence)
}

/// The confidence of a decision the function words made, from how much more of the text the
/// winner's list explains than the runner-up's.
fn margin_confidence(margin: f64) -> f64 {
    (margin / FULL_CONFIDENCE_MARGIN).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scripts::FunctionWordSource;

    const SCRIPTS: [Script; 5] = [
        Script::Latin,
        Script::Cyrillic,
        Script::Arabic,
        Script::Devanagari,
        Script::Hebrew,
    ];

    fn latin() -> &'static FunctionWords {
        FunctionWords::for_script(Script::Latin).expect("Latin has lists")
    }

    #[test]
    fn every_list_is_there_and_trimmed_as_written() {
        for script in SCRIPTS {
            let table = scripts::table(script).expect("table");
            let words = FunctionWords::for_script(script).expect("lists");
            assert!(table.function_words.len() <= 64, "{script:?}");
            assert_eq!(words.langs.len(), table.function_words.len(), "{script:?}");
            for FunctionWordSource { lang, list, trim } in table.function_words {
                let own: Vec<String> = stop_words::lookup(list)
                    .unwrap_or_else(|| panic!("no list {list}"))
                    .iter()
                    .filter_map(|e| normalize_entry(e, script))
                    .collect();
                // A word to drop or add that its list does not hold is a typo.
                match trim {
                    Trim::Drop(drop) => {
                        for word in *drop {
                            assert!(own.iter().any(|w| w == word), "{lang}: {word}");
                            assert!(!words.contains(*lang, word), "{lang}: {word}");
                        }
                    }
                    Trim::VariantOf { base, drop, add } => {
                        let base: Vec<String> = stop_words::lookup(base)
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|e| normalize_entry(e, script))
                            .collect();
                        for word in *drop {
                            assert!(base.iter().any(|w| w == word), "{lang}: {word}");
                            assert!(!words.contains(*lang, word), "{lang}: {word}");
                        }
                        for word in *add {
                            assert!(own.iter().any(|w| w == word), "{lang}: {word}");
                            assert!(words.contains(*lang, word), "{lang}: {word}");
                        }
                    }
                }
            }
            // Every language whatlang lacks has an orthography too, so that letters rule it
            // in or out like the others.
            for lang in extra_langs(table) {
                assert!(table.orthographies.iter().any(|o| o.lang == lang), "{lang}");
            }
        }
        assert_eq!(
            all_extra_langs(),
            [
                Lang::Eus,
                Lang::Gle,
                Lang::Kaz,
                Lang::Msa,
                Lang::Som,
                Lang::Sot,
                Lang::Sqi,
                Lang::Swa,
                Lang::Yor
            ]
        );
    }

    #[test]
    fn entries_are_prepared_like_text() {
        let latin = latin();
        // Multi-word and punctuated entries cannot match a word of text.
        assert!(!latin
            .index
            .keys()
            .any(|w| w.contains(['.', '-', '\'', ' '])));
        assert!(latin.contains(Lang::Sqi, "është"));
        // Yoruba's tone marks stay on their letters (NFC).
        assert!(latin.contains(Lang::Yor, "ṣùgbọ́n"));
        // NLTK's Belarusian list writes some words with a Latin `i`.
        let cyrillic = FunctionWords::for_script(Script::Cyrillic).expect("lists");
        assert!(cyrillic.contains(Lang::Bel, "калі"));
        assert!(!cyrillic.contains(Lang::Bul, "г"));
    }

    #[test]
    fn variants_differ_where_the_languages_do() {
        let latin = latin();
        assert!(latin.contains(Lang::Msa, "bahawa") && !latin.contains(Lang::Msa, "bahwa"));
        assert!(latin.contains(Lang::Ind, "bahwa") && !latin.contains(Lang::Ind, "bahawa"));
        assert!(latin.contains(Lang::Msa, "yang") && latin.contains(Lang::Ind, "yang"));
        // News words the ISO Malay list holds but Indonesian writes alike are left out.
        assert!(!latin.contains(Lang::Msa, "negara"));
        assert!(latin.contains(Lang::Dan, "af") && !latin.contains(Lang::Dan, "av"));
        assert!(latin.contains(Lang::Nob, "av") && !latin.contains(Lang::Nob, "af"));
        assert!(latin.contains(Lang::Dan, "ikke") && latin.contains(Lang::Nob, "ikke"));
        assert!(!latin.contains(Lang::Dan, "ikkje"));
    }

    #[test]
    fn shared_words_weigh_less() {
        let latin = latin();
        let candidates = [Lang::Dan, Lang::Nob, Lang::Swe, Lang::Eng];
        let evidence = latin.count("Hvad   gør  vi NU og hvad med os", &candidates);
        assert_eq!(evidence.words, 8);
        let of = |lang| evidence.of(lang).expect("listed");
        // `hvad` (twice) and `os`: Danish only; `nu`: Danish and Swedish; `og`: Danish and
        // Norwegian; `vi`, `med`: all three Scandinavian lists; `gør`: none.
        let shared = 0.5 + 2.0 / 3.0;
        assert!(
            (of(Lang::Dan) - (3.0 + 0.5 + shared)).abs() < 1e-9,
            "{evidence:?}"
        );
        assert!((of(Lang::Nob) - shared).abs() < 1e-9, "{evidence:?}");
        assert!((of(Lang::Swe) - shared).abs() < 1e-9, "{evidence:?}");
        assert_eq!(of(Lang::Eng), 0.0);
        // Languages that are not candidates are neither reported nor share the weight.
        assert_eq!(evidence.of(Lang::Fra), None);
        assert_eq!(latin.count("", &candidates).words, 0);
    }

    #[test]
    fn the_rules() {
        let latin = latin();
        let candidates = [Lang::Dan, Lang::Nob, Lang::Eng, Lang::Swa, Lang::Sna];
        let text = "watu wengi walikuwa wakisubiri basi kwa muda mrefu sana";
        // Rule 1: Swahili, whichever language whatlang prefers among those it knows.
        for pick in [(Lang::Sna, 1.0), (Lang::Eng, 0.2)] {
            let (lang, confidence) = decide(latin, text, &candidates, Some(pick));
            assert_eq!(lang, Lang::Swa);
            assert!(confidence > 0.5);
        }
        // Not on a word another candidate's list holds as much (`na` is Czech too).
        assert_eq!(
            decide(
                latin,
                "na",
                &[Lang::Ces, Lang::Swa, Lang::Sna],
                Some((Lang::Ces, 0.1))
            ),
            (Lang::Ces, 0.1)
        );
        // Rule 2: a sure whatlang pick stands, an unsure one yields to the function words.
        let danish = "hvad skal vi gøre nu sagde hun til mig";
        assert_eq!(
            decide(latin, danish, &candidates, Some((Lang::Nob, 0.9))),
            (Lang::Nob, 0.9)
        );
        assert_eq!(
            decide(latin, danish, &candidates, Some((Lang::Nob, 0.2))).0,
            Lang::Dan
        );
        // No whatlang language left: the function words decide alone.
        assert_eq!(
            decide(latin, text, &[Lang::Swa, Lang::Som], None).0,
            Lang::Swa
        );
        assert_eq!(
            decide(latin, "xyz", &[Lang::Som, Lang::Swa], None),
            (Lang::Som, 0.0)
        );
    }
}
