//! Per-script rules, one file per script: which letters each language of a script writes, so
//! that a text's letters can rule languages out before whatlang ranks the rest.
//!
//! whatlang already scores alphabets, but softly: its trigram score can outvote a letter the
//! winner never writes (a Slovene guess for a word with `ć`, Arabic for a Persian word with
//! `پ`). Here the letters are a hard filter with a tolerance for names and loanwords in longer
//! text, and whatlang then ranks only the languages that remain.

mod arabic;
mod cyrillic;
mod devanagari;
mod hebrew;
mod latin;

use polyprep_core::{Lang, Script};

/// The letters one language writes in a script, as far as they tell it from its neighbours.
pub(crate) struct Orthography {
    /// The language.
    pub(crate) lang: Lang,
    /// Lowercase letters (and the few combining marks that matter) it writes beyond the
    /// script's shared base.
    pub(crate) letters: &'static str,
    /// Letters of the base it never writes natively.
    pub(crate) lacks: &'static str,
}

impl Orthography {
    fn uses(&self, table: &ScriptTable, c: char) -> bool {
        if self.lacks.contains(c) {
            return false;
        }
        if self.letters.contains(c) {
            return true;
        }
        match table.base {
            Some(base) => base.contains(c),
            // Letters the table does not list are shared by every language.
            None => !table.orthographies.iter().any(|o| o.letters.contains(c)),
        }
    }
}

/// Where the function words of one language of a script come from.
pub(crate) struct FunctionWordSource {
    /// The language.
    pub(crate) lang: Lang,
    /// The code of its list in the `stop-words` crate (NLTK's list where NLTK has one, else
    /// the ISO collection's).
    pub(crate) list: &'static str,
    /// Which words of that list are used.
    pub(crate) trim: Trim,
}

/// Which words of a function-word list are used: the ISO lists are noisy, some little more
/// than a news corpus's most frequent words.
pub(crate) enum Trim {
    /// All of them but these (content words, or words as common in a neighbour).
    Drop(&'static [&'static str]),
    /// For a language written much like a close neighbour, and whose own list is mostly
    /// content words the two write alike: the neighbour's list (`base`) but its own
    /// spellings (`drop`), plus the words of the language's own list that are its own
    /// spellings (`add`). The two lists then differ exactly where the languages do.
    VariantOf {
        /// The `stop-words` code of the neighbour's list.
        base: &'static str,
        /// Words of `base` spelled differently in the language.
        drop: &'static [&'static str],
        /// Words of the language's own list that the neighbour spells differently.
        add: &'static [&'static str],
    },
}

/// The orthographies and function-word lists of the languages of one script: those whatlang
/// detects, and those only the function-word layer can detect (whose orthography then rules
/// them in or out like any other).
pub(crate) struct ScriptTable {
    /// Letters every language of the table writes unless it lists them in `lacks`; `None`
    /// when the orthographies list only the letters that set languages apart, and every other
    /// letter is shared. With `Some`, a letter in neither the base nor any orthography is
    /// foreign to all (and too many of those switch the letter rules off, see [`narrow`]).
    pub(crate) base: Option<&'static str>,
    /// One entry per language.
    pub(crate) orthographies: &'static [Orthography],
    /// The languages that have a function-word list. Every language of the table that
    /// whatlang cannot detect has one (it is how such a language is detected).
    pub(crate) function_words: &'static [FunctionWordSource],
}

/// The table for a script, for scripts that more than one language of whatlang's writes.
pub(crate) fn table(script: Script) -> Option<&'static ScriptTable> {
    match script {
        Script::Latin => Some(&latin::TABLE),
        Script::Cyrillic => Some(&cyrillic::TABLE),
        Script::Arabic => Some(&arabic::TABLE),
        Script::Devanagari => Some(&devanagari::TABLE),
        Script::Hebrew => Some(&hebrew::TABLE),
        _ => None,
    }
}

/// One letter outside a language's alphabet is tolerated per this many letters of text
/// (rounded), so that a name or loanword in a sentence (`café` in English, `Lötzsch` in Latin)
/// does not rule the language out, while in a word or a word pair (under half this many
/// letters) every letter counts.
pub(crate) const LETTERS_PER_TOLERATED_FOREIGN: usize = 40;

fn tolerance(total: usize) -> usize {
    (total + LETTERS_PER_TOLERATED_FOREIGN / 2) / LETTERS_PER_TOLERATED_FOREIGN
}

/// Narrows `candidates` to the languages whose orthography explains the text's letters best.
///
/// `letters` holds each distinct lowercase letter (or mark) of the text with its count, and
/// `total` the number of letters. A language's foreign count is the number of letters it does
/// not write; languages more than the tolerance above the best count are dropped. Languages the
/// table does not know are kept. The result is never empty when `candidates` was not.
pub(crate) fn narrow(
    table: &ScriptTable,
    letters: &[(char, usize)],
    total: usize,
    candidates: &mut Vec<Lang>,
) {
    if candidates.len() < 2 || letters.is_empty() {
        return;
    }
    let foreign: Vec<usize> = candidates
        .iter()
        .map(|&lang| {
            let Some(orthography) = table.orthographies.iter().find(|o| o.lang == lang) else {
                return 0;
            };
            letters
                .iter()
                .filter(|(c, _)| !orthography.uses(table, *c))
                .map(|(_, n)| n)
                .sum()
        })
        .collect();
    let best = foreign.iter().copied().min().unwrap_or(0);
    let tolerance = tolerance(total);
    if best > tolerance {
        // No language explains the letters: mojibake, a mix of languages, or a language
        // whatlang does not know. The letters are no evidence then; whatlang decides alone.
        return;
    }
    let limit = best + tolerance;
    let mut i = 0;
    candidates.retain(|_| {
        let keep = foreign[i] <= limit;
        i += 1;
        keep
    });
}

/// Japanese or Chinese for text whose main script is Han or kana: kana (which Chinese never
/// writes) make it Japanese, Han alone Chinese.
pub(crate) fn han_or_kana(kana: usize) -> Lang {
    if kana > 0 {
        Lang::Jpn
    } else {
        Lang::Cmn
    }
}

/// The script of one letter, as whatlang classifies it (so that a script we pick is the
/// script whatlang will see in the same text). The blocks of the common scripts are matched
/// directly; whatlang's own (slower) classification covers the rest.
pub(crate) fn script_of(c: char) -> Option<Script> {
    let script = match c {
        'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => Script::Latin,
        '\u{0400}'..='\u{0484}' | '\u{0487}'..='\u{052F}' => Script::Cyrillic,
        '\u{0370}'..='\u{03FF}' => Script::Greek,
        '\u{0590}'..='\u{05FF}' => Script::Hebrew,
        '\u{0600}'..='\u{06FF}' => Script::Arabic,
        '\u{0900}'..='\u{097F}' => Script::Devanagari,
        '\u{3040}'..='\u{309F}' => Script::Hiragana,
        '\u{30A0}'..='\u{30FF}' => Script::Katakana,
        '\u{4E00}'..='\u{9FCC}' => Script::Han,
        '\u{AC00}'..='\u{D7AF}' => Script::Hangul,
        _ => {
            let mut buf = [0u8; 4];
            return whatlang::detect_script(c.encode_utf8(&mut buf)).map(Script::from);
        }
    };
    Some(script)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(text: &str) -> (Vec<(char, usize)>, usize) {
        let mut v: Vec<(char, usize)> = Vec::new();
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            match v.iter_mut().find(|(d, _)| *d == c) {
                Some((_, n)) => *n += 1,
                None => v.push((c, 1)),
            }
        }
        let total = v.iter().map(|(_, n)| n).sum();
        (v, total)
    }

    fn narrowed(script: Script, text: &str) -> Vec<Lang> {
        let table = table(script).expect("table");
        let mut candidates: Vec<Lang> = table.orthographies.iter().map(|o| o.lang).collect();
        let (letters, total) = counts(text);
        narrow(table, &letters, total, &mut candidates);
        candidates
    }

    #[test]
    fn unique_letters_decide() {
        assert_eq!(narrowed(Script::Latin, "erdőből"), vec![Lang::Hun]);
        assert_eq!(narrowed(Script::Latin, "řeka"), vec![Lang::Ces]);
        assert_eq!(narrowed(Script::Latin, "słońce"), vec![Lang::Pol]);
        assert_eq!(narrowed(Script::Cyrillic, "їжак"), vec![Lang::Ukr]);
        assert_eq!(narrowed(Script::Cyrillic, "ўсё"), vec![Lang::Bel]);
        assert_eq!(narrowed(Script::Cyrillic, "ѓубре"), vec![Lang::Mkd]);
        assert_eq!(narrowed(Script::Arabic, "ٹیلی"), vec![Lang::Urd]);
        assert_eq!(narrowed(Script::Hebrew, "ייִדיש װאָס"), vec![Lang::Yid]);
    }

    #[test]
    fn shared_letters_narrow() {
        let mut got = narrowed(Script::Latin, "straße");
        got.sort();
        assert_eq!(got, vec![Lang::Deu]);
        let got = narrowed(Script::Cyrillic, "сын");
        assert!(
            got.contains(&Lang::Rus) && got.contains(&Lang::Bel),
            "{got:?}"
        );
        assert!(
            !got.contains(&Lang::Ukr) && !got.contains(&Lang::Srp),
            "{got:?}"
        );
        let got = narrowed(Script::Latin, "plain");
        assert!(got.len() > 20, "{got:?}");
    }

    #[test]
    fn long_text_tolerates_a_name() {
        let text = "the committee met in the old town hall on a cold morning and heard from \
                    Françoise about the plan";
        assert!(narrowed(Script::Latin, text).contains(&Lang::Eng));
    }

    #[test]
    fn kana_make_japanese() {
        assert_eq!(han_or_kana(0), Lang::Cmn);
        assert_eq!(han_or_kana(2), Lang::Jpn);
    }

    #[test]
    fn fast_script_blocks_agree_with_whatlang() {
        for block in [
            0x00C0..=0x024F,
            0x1E00..=0x1EFF,
            0x0400..=0x052F,
            0x0370..=0x03FF,
            0x0590..=0x06FF,
            0x0900..=0x097F,
            0x3040..=0x30FF,
            0x4E00..=0x9FCC,
            0xAC00..=0xD7AF,
        ] {
            for c in block
                .filter_map(char::from_u32)
                .filter(|c| c.is_alphabetic())
            {
                let mut buf = [0u8; 4];
                let whatlang = whatlang::detect_script(c.encode_utf8(&mut buf)).map(Script::from);
                assert_eq!(script_of(c), whatlang, "{c:?} U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn scripts_of_letters() {
        assert_eq!(script_of('a'), Some(Script::Latin));
        assert_eq!(script_of('ж'), Some(Script::Cyrillic));
        assert_eq!(script_of('ש'), Some(Script::Hebrew));
        assert_eq!(script_of('か'), Some(Script::Hiragana));
        assert_eq!(script_of('1'), None);
    }
}
