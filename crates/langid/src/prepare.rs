//! Text preparation before whatlang: only letters of one script reach it.
//!
//! whatlang counts every non-ASCII character as part of a word: typographic quotes, dashes,
//! `«»`, non-ASCII digits and symbols become trigrams no language profile has, and `«»` even
//! count as Latin letters in its script vote. Words of another script (a Latin brand name in a
//! Cyrillic sentence) dilute the trigram profile the same way. So the text is reduced to the
//! letters (and combining marks) of the script being decided, with URLs and e-mail addresses
//! dropped, in Unicode NFC so that a decomposed `é` counts as the letter it is.

use crate::scripts::script_of;
use polyprep_core::Script;
use std::borrow::Cow;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// A text reduced to its letters, each with its script.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    /// Letters and marks with their script; every other character as `(' ', None)`.
    chars: Vec<(char, Option<Script>)>,
}

/// Zero-width (non-)joiners are part of Persian and Indic words, not separators.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// URLs, e-mail addresses and @handles say nothing about the language of the text around them.
fn is_address(token: &str) -> bool {
    token.contains("://")
        || token.starts_with("www.")
        || token.starts_with('@')
        || token
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
}

/// The group a script votes in when picking the main script: Japanese mixes Han and kana in
/// one sentence, so the three count together.
fn vote_group(script: Script) -> Script {
    match script {
        Script::Hiragana | Script::Katakana => Script::Han,
        other => other,
    }
}

impl Prepared {
    /// Prepares `text`.
    pub(crate) fn new(text: &str) -> Self {
        let text: Cow<str> = match is_nfc_quick(text.chars()) {
            IsNormalized::Yes => Cow::Borrowed(text),
            _ => Cow::Owned(text.nfc().collect()),
        };
        let mut chars = Vec::with_capacity(text.len());
        let mut last_script = None;
        let mut rest = text.as_ref();
        while let Some(c) = rest.chars().next() {
            // An address is dropped whole, at the start of a whitespace-separated token.
            if chars
                .last()
                .is_none_or(|&(last, _): &(char, _)| last.is_whitespace())
            {
                let token_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
                if is_address(&rest[..token_len]) {
                    chars.push((' ', None));
                    last_script = None;
                    rest = &rest[token_len..];
                    continue;
                }
            }
            rest = &rest[c.len_utf8()..];
            match c.general_category_group() {
                GeneralCategoryGroup::Letter => {
                    last_script = script_of(c);
                    chars.push((c, last_script));
                }
                // A mark (or a joiner) belongs to the letter before it.
                GeneralCategoryGroup::Mark if last_script.is_some() => chars.push((c, last_script)),
                _ if is_joiner(c) && last_script.is_some() => chars.push((c, last_script)),
                // One space per dropped character, as whatlang turns each ASCII punctuation
                // mark into a space: a comma between two words must not join them into
                // cross-word trigrams that the raw text does not have.
                _ => {
                    last_script = None;
                    chars.push((' ', None));
                }
            }
        }
        repair_homoglyphs(&mut chars);
        Prepared { chars }
    }

    /// Letters per voting group, most first (ties in [`Script`] order); Han includes kana.
    pub(crate) fn scripts_by_count(&self) -> Vec<(Script, usize)> {
        let mut counts: Vec<(Script, usize)> = Vec::new();
        for &(c, script) in &self.chars {
            let Some(script) = script else { continue };
            if !c.is_alphabetic() {
                continue;
            }
            let group = vote_group(script);
            match counts.iter_mut().find(|(s, _)| *s == group) {
                Some((_, n)) => *n += 1,
                None => counts.push((group, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counts
    }

    /// Letters of `script` (Han: of Han, Hiragana and Katakana).
    fn in_group(script: Option<Script>, group: Script) -> bool {
        script.is_some_and(|s| vote_group(s) == group)
    }

    /// The text of one voting group's letters, every other character a space.
    pub(crate) fn text_of(&self, group: Script) -> String {
        self.chars
            .iter()
            .map(|&(c, script)| {
                if Self::in_group(script, group) {
                    c
                } else {
                    ' '
                }
            })
            .collect()
    }

    /// The most common script inside a voting group (Han, Hiragana or Katakana for Han).
    pub(crate) fn dominant_in(&self, group: Script) -> Script {
        if group != Script::Han {
            return group;
        }
        let mut counts = [0usize; 3];
        for &(_, script) in &self.chars {
            match script {
                Some(Script::Han) => counts[0] += 1,
                Some(Script::Hiragana) => counts[1] += 1,
                Some(Script::Katakana) => counts[2] += 1,
                _ => {}
            }
        }
        let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
        [Script::Han, Script::Hiragana, Script::Katakana][best]
    }

    /// Number of kana letters in the text.
    pub(crate) fn kana(&self) -> usize {
        self.chars
            .iter()
            .filter(|(_, s)| matches!(s, Some(Script::Hiragana | Script::Katakana)))
            .count()
    }

    /// Each distinct lowercase letter or mark of one voting group with its count, and the
    /// number of letters.
    pub(crate) fn letter_counts(&self, group: Script) -> (Vec<(char, usize)>, usize) {
        let mut counts: Vec<(char, usize)> = Vec::new();
        let mut total = 0;
        for &(c, script) in &self.chars {
            if !Self::in_group(script, group) {
                continue;
            }
            if c.is_alphabetic() {
                total += 1;
            }
            for lower in c.to_lowercase() {
                match counts.iter_mut().find(|(d, _)| *d == lower) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((lower, 1)),
                }
            }
        }
        (counts, total)
    }
}

/// The Cyrillic letter a Latin letter looks exactly like, if any.
fn cyrillic_twin(c: char) -> Option<char> {
    let twin = match c {
        'a' => 'а',
        'c' => 'с',
        'e' => 'е',
        'i' => 'і',
        'o' => 'о',
        'p' => 'р',
        'x' => 'х',
        'y' => 'у',
        'A' => 'А',
        'B' => 'В',
        'C' => 'С',
        'E' => 'Е',
        'H' => 'Н',
        'I' => 'І',
        'K' => 'К',
        'M' => 'М',
        'O' => 'О',
        'P' => 'Р',
        'T' => 'Т',
        'X' => 'Х',
        _ => return None,
    };
    Some(twin)
}

/// Latin look-alikes inside Cyrillic words (`Твiй` typed with a Latin `i`, common in
/// Ukrainian text from keyboards without `і`) become the Cyrillic letters they stand for, so
/// the word stays one Cyrillic word instead of two fragments and a stray Latin letter.
fn repair_homoglyphs(chars: &mut [(char, Option<Script>)]) {
    let mut start = 0;
    while start < chars.len() {
        let end = chars[start..]
            .iter()
            .position(|(_, s)| s.is_none())
            .map_or(chars.len(), |n| start + n);
        let word = &mut chars[start..end];
        let cyrillic = word
            .iter()
            .filter(|(_, s)| *s == Some(Script::Cyrillic))
            .count();
        let latin = word
            .iter()
            .filter(|(_, s)| *s == Some(Script::Latin))
            .count();
        if cyrillic > 0 && latin > 0 && cyrillic >= latin {
            for (c, s) in word.iter_mut() {
                if *s == Some(Script::Latin) {
                    if let Some(twin) = cyrillic_twin(*c) {
                        *c = twin;
                        *s = Some(Script::Cyrillic);
                    }
                }
            }
        }
        start = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_letters_of_one_script() {
        let p = Prepared::new("«УДАР» і Google — 2015 року, див. https://example.com/x");
        assert_eq!(
            p.text_of(Script::Cyrillic)
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["УДАР", "і", "року", "див"]
        );
        assert_eq!(p.text_of(Script::Latin).trim(), "Google");
        assert!(p.text_of(Script::Cyrillic).starts_with(" УДАР  і "));
        assert_eq!(p.scripts_by_count()[0], (Script::Cyrillic, 12));
    }

    #[test]
    fn latin_look_alikes_in_cyrillic_words() {
        let p = Prepared::new("Твiй Син i Kyiv");
        assert_eq!(p.text_of(Script::Cyrillic).trim_end(), "Твій Син");
        assert_eq!(p.text_of(Script::Latin).trim(), "i Kyiv");
    }

    #[test]
    fn decomposed_letters_are_composed() {
        let p = Prepared::new("cafe\u{301}");
        let (letters, total) = p.letter_counts(Script::Latin);
        assert_eq!(total, 4);
        assert!(letters.contains(&('é', 1)));
    }

    #[test]
    fn japanese_votes_as_one_group() {
        let p = Prepared::new("東京でテストを行う GPU");
        assert_eq!(p.scripts_by_count()[0].0, Script::Han);
        assert!(p.kana() > 0);
        assert_eq!(p.text_of(Script::Han).trim(), "東京でテストを行う");
    }

    #[test]
    fn nothing_to_prepare() {
        for text in [
            "",
            "   ",
            "2024-01-01 12:00",
            "!!! ... ???",
            "user@example.org",
        ] {
            assert!(
                Prepared::new(text).scripts_by_count().is_empty(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn marks_and_joiners_stay_in_words() {
        let p = Prepared::new("می\u{200C}شود हिन्दी");
        assert_eq!(p.text_of(Script::Arabic).trim(), "می\u{200C}شود");
        assert_eq!(p.text_of(Script::Devanagari).trim(), "हिन्दी");
    }
}
