//! Stop-word lists per language, for the jusText-style density classifier and for guessing a
//! document's language before language identification has run.

use super::blocks::words;
use polyprep_core::Lang;
use std::borrow::Cow;
use std::collections::HashMap;

/// The most frequent Ukrainian function words, which the stopwords-iso list the `stop-words`
/// crate ships for `uk` lacks (it has no `і`, `в`, `на`, `не`): without them, Ukrainian prose
/// would look as stop-word poor as a menu.
#[rustfmt::skip]
const UKRAINIAN_SUPPLEMENT: &[&str] = &[
    "і", "в", "у", "на", "не", "з", "за", "а", "по", "та", "від", "до", "що", "це", "як", "для",
    "але", "про", "його", "її", "їх", "він", "вона", "вони", "ми", "ви", "я", "ж", "же", "би",
    "б", "щоб", "бо", "або", "ще", "вже", "так", "тому", "які", "яка", "яке", "який", "під",
    "при", "через", "між", "після", "перед", "був", "була", "було", "були", "буде", "будуть",
    "є", "має", "мають", "цього", "цей", "ця", "ці", "того", "тих", "також", "лише", "тільки",
    "ні", "чи", "свої", "своїх", "свого", "своєї", "йому", "їм", "неї", "нього", "себе",
];

/// Stop-word sets of the languages the cleaner knows.
///
/// Lists come from the `stop-words` crate: the NLTK lists for English, German, French,
/// Spanish and Russian (short, function words only, as jusText's classifier wants) and the
/// stopwords-iso list plus [`UKRAINIAN_SUPPLEMENT`] for Ukrainian; any other language the crate
/// has is available when asked for explicitly.
#[derive(Debug, Clone, Default)]
pub struct StopWords {
    /// Each stop word → a bit per language of `langs` whose list has it: one hash lookup per
    /// word answers for every language.
    index: HashMap<String, u64>,
    /// Languages with a list, in the order of their bits.
    langs: Vec<Lang>,
    /// Languages a document's language is guessed among, in order of preference on ties.
    candidates: Vec<Lang>,
}

/// How many words language guessing reads: enough to tell six languages apart, and a long
/// document costs no more than a short one.
const GUESS_WORDS: usize = 400;

impl StopWords {
    /// Stop-word sets for `languages` (those without a list are skipped).
    pub fn new(languages: &[Lang]) -> Self {
        let mut stop = StopWords::default();
        for &lang in languages {
            if stop.ensure(lang) && !stop.candidates.contains(&lang) {
                stop.candidates.push(lang);
            }
        }
        stop
    }

    /// Loads the list of `lang` if there is one; returns whether there is. At most 64
    /// languages can be loaded.
    pub fn ensure(&mut self, lang: Lang) -> bool {
        if self.has(lang) {
            return true;
        }
        let Some(list) = lang.iso639_1().and_then(stop_words::lookup) else {
            return false;
        };
        if self.langs.len() == 64 {
            return false;
        }
        let bit = 1u64 << self.langs.len();
        self.langs.push(lang);
        let supplement: &[&str] = if lang == Lang::Ukr {
            UKRAINIAN_SUPPLEMENT
        } else {
            &[]
        };
        for w in list.iter().chain(supplement) {
            *self.index.entry(fold(w).into_owned()).or_default() |= bit;
        }
        true
    }

    /// Whether `lang` has a list.
    pub fn has(&self, lang: Lang) -> bool {
        self.langs.contains(&lang)
    }

    fn bit(&self, lang: Lang) -> u64 {
        self.langs
            .iter()
            .position(|&l| l == lang)
            .map_or(0, |i| 1 << i)
    }

    /// `(stop words, words)` in `text` for `lang`; `(0, words)` when `lang` has no list.
    pub fn count(&self, lang: Lang, text: &str) -> (usize, usize) {
        let bit = self.bit(lang);
        let mut stops = 0;
        let mut total = 0;
        for w in words(text) {
            total += 1;
            if bit != 0
                && self
                    .index
                    .get(fold(w).as_ref())
                    .is_some_and(|b| b & bit != 0)
            {
                stops += 1;
            }
        }
        (stops, total)
    }

    /// The candidate language whose stop words cover most of `text` (its first words), if it
    /// covers at least 15% of at least 8 words (news prose scores 30–50% in its own language,
    /// 0–10% in others).
    pub fn guess(&self, text: &str) -> Option<Lang> {
        let bits: Vec<u64> = self.candidates.iter().map(|&l| self.bit(l)).collect();
        let mut hits = vec![0usize; bits.len()];
        let mut total = 0;
        for w in words(text).take(GUESS_WORDS) {
            total += 1;
            let Some(&found) = self.index.get(fold(w).as_ref()) else {
                continue;
            };
            for (bit, hit) in bits.iter().zip(hits.iter_mut()) {
                if found & bit != 0 {
                    *hit += 1;
                }
            }
        }
        // The first candidate wins a tie.
        let (best, stops) = hits.iter().enumerate().fold(
            None,
            |best: Option<(usize, usize)>, (i, &h)| match best {
                Some((_, b)) if b >= h => best,
                _ => Some((i, h)),
            },
        )?;
        (total >= 8 && stops * 100 >= total * 15).then(|| self.candidates[best])
    }
}

/// Case-folds a word and unifies apostrophes, so `Don’t` finds NLTK's `don't`; borrows the
/// word when it is already folded (most words of running text).
fn fold(w: &str) -> Cow<'_, str> {
    if w.chars().any(|c| c.is_uppercase() || c == '’') {
        Cow::Owned(w.to_lowercase().replace('’', "'"))
    } else {
        Cow::Borrowed(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn six() -> StopWords {
        StopWords::new(&[
            Lang::Eng,
            Lang::Deu,
            Lang::Fra,
            Lang::Spa,
            Lang::Rus,
            Lang::Ukr,
        ])
    }

    #[test]
    fn guesses_the_six_languages_from_prose() {
        let stop = six();
        let cases = [
            (Lang::Eng, "The White House said on Wednesday that it was not clear what the troops were doing there."),
            (Lang::Deu, "Das Weiße Haus sagte am Mittwoch, dass nicht klar sei, was die Soldaten dort machen würden."),
            (Lang::Fra, "La Maison Blanche a déclaré mercredi qu'il n'était pas clair ce que les soldats faisaient là-bas."),
            (Lang::Spa, "La Casa Blanca dijo el miércoles que no estaba claro lo que los soldados estaban haciendo allí."),
            (Lang::Rus, "Белый дом заявил в среду, что пока не ясно, что именно эти солдаты делают в России и на фронте."),
            (Lang::Ukr, "Білий дім заявив у середу, що поки не зрозуміло, що саме ці солдати роблять у Росії та на фронті."),
        ];
        for (lang, text) in cases {
            assert_eq!(stop.guess(text), Some(lang), "{text}");
        }
    }

    #[test]
    fn no_guess_for_too_little_or_foreign_text() {
        let stop = six();
        assert_eq!(stop.guess("Home World Business"), None);
        assert_eq!(stop.guess("Helsingin Sanomat kertoi keskiviikkona Venäjän joukkojen liikkeistä rajalla tänään"), None);
    }

    #[test]
    fn counts_with_curly_apostrophes() {
        let stop = six();
        assert_eq!(stop.count(Lang::Eng, "Don’t go there"), (2, 3));
        assert_eq!(stop.count(Lang::Und, "Don’t go there"), (0, 3));
    }
}
