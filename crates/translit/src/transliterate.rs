//! Romanization of non-Latin words by the official system for their script and language.

use crate::error::TranslitError;
use crate::scheme::Scheme;
use crate::script::{letter_script, LetterScript};
use crate::words::split_words;
use crate::{greek, hangul};
use polyprep_core::{Lang, Rewrite, TextRewriter};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The name reported for Greek words (ELOT 743, identical to ISO 843 transcription).
pub const GREEK_SCHEME: &str = "el_elot_743";
/// The name reported for Hangul words (Revised Romanization of Korean, 2000).
pub const HANGUL_SCHEME: &str = "ko_revised_romanization";
/// The name reported for words of other scripts (the `any_ascii` crate).
pub const FALLBACK_SCHEME: &str = "any_ascii";

/// A bundled table-driven scheme: its name, the language it serves, its JSON.
struct BundledScheme {
    name: &'static str,
    lang: Lang,
    json: &'static str,
}

macro_rules! bundled {
    ($( $lang:ident $name:literal => $path:literal, )*) => {
        &[$( BundledScheme { name: $name, lang: Lang::$lang, json: include_str!($path) }, )*]
    };
}

/// Every bundled Cyrillic scheme; the first one listed for a language is its default.
const BUNDLED: &[BundledScheme] = bundled! {
    Ukr "uk_kmu_2010" => "../schemes/uk_kmu_2010.json",
    Bel "be_national_2007" => "../schemes/be_national_2007.json",
    Bul "bg_streamlined" => "../schemes/bg_streamlined.json",
    Srp "sr_latin" => "../schemes/sr_latin.json",
    Mkd "mk_official" => "../schemes/mk_official.json",
    Uzb "uz" => "../schemes/ru/uz.json",
    Rus "bgn_pcgn" => "../schemes/ru/bgn_pcgn.json",
    Rus "bgn_pcgn_alt" => "../schemes/ru/bgn_pcgn_alt.json",
    Rus "ala_lc" => "../schemes/ru/ala_lc.json",
    Rus "ala_lc_alt" => "../schemes/ru/ala_lc_alt.json",
    Rus "bs_2979" => "../schemes/ru/bs_2979.json",
    Rus "bs_2979_alt" => "../schemes/ru/bs_2979_alt.json",
    Rus "gost_16876" => "../schemes/ru/gost_16876.json",
    Rus "gost_16876_alt" => "../schemes/ru/gost_16876_alt.json",
    Rus "gost_52290" => "../schemes/ru/gost_52290.json",
    Rus "gost_52535" => "../schemes/ru/gost_52535.json",
    Rus "gost_7034" => "../schemes/ru/gost_7034.json",
    Rus "gost_779" => "../schemes/ru/gost_779.json",
    Rus "gost_779_alt" => "../schemes/ru/gost_779_alt.json",
    Rus "icao_doc_9303" => "../schemes/ru/icao_doc_9303.json",
    Rus "iso_9_1954" => "../schemes/ru/iso_9_1954.json",
    Rus "iso_9_1968" => "../schemes/ru/iso_9_1968.json",
    Rus "iso_9_1968_alt" => "../schemes/ru/iso_9_1968_alt.json",
    Rus "mosmetro" => "../schemes/ru/mosmetro.json",
    Rus "mvd_310" => "../schemes/ru/mvd_310.json",
    Rus "mvd_310_fr" => "../schemes/ru/mvd_310_fr.json",
    Rus "mvd_782" => "../schemes/ru/mvd_782.json",
    Rus "scientific" => "../schemes/ru/scientific.json",
    Rus "telegram" => "../schemes/ru/telegram.json",
    Rus "ungegn_1987" => "../schemes/ru/ungegn_1987.json",
    Rus "wikipedia" => "../schemes/ru/wikipedia.json",
    Rus "yandex_maps" => "../schemes/ru/yandex_maps.json",
    Rus "yandex_money" => "../schemes/ru/yandex_money.json",
};

/// The bundled schemes, parsed once per process.
fn bundled_schemes() -> Result<&'static [Scheme], TranslitError> {
    static PARSED: OnceLock<Result<Vec<Scheme>, (usize, String)>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| {
        BUNDLED
            .iter()
            .enumerate()
            .map(|(i, b)| Scheme::from_json(b.json).map_err(|e| (i, e.to_string())))
            .collect()
    });
    parsed
        .as_deref()
        .map_err(|(i, message)| TranslitError::Gazetteer {
            source_name: format!("bundled scheme {}", BUNDLED[*i].name),
            line: None,
            message: message.clone(),
        })
}

/// The Cyrillic languages with an official system here.
const CYRILLIC_LANGUAGES: [Lang; 7] = [
    Lang::Ukr,
    Lang::Rus,
    Lang::Bel,
    Lang::Bul,
    Lang::Srp,
    Lang::Mkd,
    Lang::Uzb,
];

/// Names of the bundled schemes for `lang` (the first is the default), e.g. the 28 Russian ones.
pub fn scheme_names(lang: Lang) -> Vec<&'static str> {
    BUNDLED
        .iter()
        .filter(|b| b.lang == lang)
        .map(|b| b.name)
        .collect()
}

/// Every bundled table-driven scheme with the language it serves, in registry order.
pub fn bundled_schemes_by_language() -> Result<Vec<(Lang, &'static Scheme)>, TranslitError> {
    let schemes = bundled_schemes()?;
    Ok(BUNDLED.iter().map(|b| b.lang).zip(schemes).collect())
}

/// Which systems romanization uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TransliterationConfig {
    /// Whether non-Latin words are romanized at all.
    pub enabled: bool,
    /// Scheme per language code, overriding the defaults (`{"rus": "wikipedia"}`); see
    /// [`scheme_names`].
    pub schemes: BTreeMap<String, String>,
    /// Whether scripts without an official system here fall back to `any_ascii`.
    pub fallback: bool,
}

impl Default for TransliterationConfig {
    fn default() -> Self {
        TransliterationConfig {
            enabled: true,
            schemes: BTreeMap::new(),
            fallback: true,
        }
    }
}

/// Romanizes words: Cyrillic by the official system of the word's language, Greek by ELOT 743,
/// Hangul by the Revised Romanization, other scripts by `any_ascii` (if enabled).
///
/// ```
/// use polyprep_translit::{Transliterator, TransliterationConfig};
/// use polyprep_core::Lang;
///
/// let t = Transliterator::new(&TransliterationConfig::default()).unwrap();
/// assert_eq!(t.transliterate("Згорани, Київ", Some(Lang::Ukr)).text, "Zghorany, Kyiv");
/// assert_eq!(t.transliterate("Юлия", Some(Lang::Rus)).text, "Yuliya");
/// ```
#[derive(Debug, Clone)]
pub struct Transliterator {
    /// The scheme for each language of [`CYRILLIC_LANGUAGES`], in that order.
    cyrillic: Vec<(Lang, &'static Scheme, &'static str)>,
    fallback: bool,
}

impl Transliterator {
    /// Builds a transliterator; fails on a scheme name or language code that does not exist.
    pub fn new(config: &TransliterationConfig) -> Result<Self, TranslitError> {
        let schemes = bundled_schemes()?;
        for (code, name) in &config.schemes {
            let lang: Lang = code.parse().map_err(|_| TranslitError::UnknownScheme {
                name: name.clone(),
                language: code.clone(),
                available: format!(
                    "languages {}",
                    CYRILLIC_LANGUAGES.map(|l| l.code()).join(", ")
                ),
            })?;
            if !BUNDLED.iter().any(|b| b.lang == lang && b.name == name) {
                return Err(TranslitError::UnknownScheme {
                    name: name.clone(),
                    language: lang.english_name().to_string(),
                    available: scheme_names(lang).join(", "),
                });
            }
        }
        let cyrillic = CYRILLIC_LANGUAGES
            .iter()
            .filter_map(|&lang| {
                let wanted = config.schemes.get(lang.code()).map(String::as_str);
                let index = BUNDLED
                    .iter()
                    .position(|b| b.lang == lang && wanted.is_none_or(|w| w == b.name))?;
                Some((lang, &schemes[index], BUNDLED[index].name))
            })
            .collect();
        Ok(Transliterator {
            cyrillic,
            fallback: config.fallback,
        })
    }

    /// Romanizes one word (a run of letters as [`crate::words::split_words`] cuts them) into `out`
    /// and returns the system's name; returns `None`, writing nothing, when the word is Latin
    /// or no system applies. `lang` is the language around the word, when known.
    pub fn word(&self, word: &str, lang: Option<Lang>, out: &mut String) -> Option<&'static str> {
        let script = word
            .chars()
            .filter_map(letter_script)
            .find(|s| *s != LetterScript::Latin)?;
        match script {
            LetterScript::Latin => None,
            LetterScript::Cyrillic => {
                let lang = cyrillic_language(word, lang);
                let (_, scheme, name) = self
                    .cyrillic
                    .iter()
                    .find(|(l, _, _)| *l == lang)
                    .or_else(|| self.cyrillic.iter().find(|(l, _, _)| *l == Lang::Rus))?;
                scheme.transliterate_word(word, out);
                Some(name)
            }
            LetterScript::Greek => {
                greek::transliterate_word(word, out);
                Some(GREEK_SCHEME)
            }
            LetterScript::Hangul => {
                hangul::transliterate_word(word, out);
                Some(HANGUL_SCHEME)
            }
            LetterScript::Other if self.fallback => {
                out.push_str(&any_ascii::any_ascii(word));
                Some(FALLBACK_SCHEME)
            }
            LetterScript::Other => None,
        }
    }

    /// Romanizes every non-Latin word of `text`, keeping the alignment (one piece per word).
    pub fn transliterate<'a>(&self, text: &'a str, lang: Option<Lang>) -> Rewrite<'a> {
        let mut rewriter = TextRewriter::new(text);
        let mut buffer = String::new();
        for (range, is_word) in split_words(text) {
            if !is_word {
                continue;
            }
            buffer.clear();
            if self.word(&text[range.clone()], lang, &mut buffer).is_some() {
                rewriter.copy_to(range.start);
                rewriter.replace(range.end, &buffer);
            }
        }
        rewriter.finish()
    }
}

/// The language whose system romanizes a Cyrillic word: letters only one language uses decide;
/// otherwise the language around the word if it writes Cyrillic; otherwise Russian.
fn cyrillic_language(word: &str, context: Option<Lang>) -> Lang {
    let context = context.filter(|l| CYRILLIC_LANGUAGES.contains(l));
    let mut has_i = false;
    let mut russian_letters = false;
    let mut short_u = false;
    for c in word.chars() {
        match c {
            'ї' | 'є' | 'ґ' | 'Ї' | 'Є' | 'Ґ' => return Lang::Ukr,
            'қ' | 'ғ' | 'ҳ' | 'Қ' | 'Ғ' | 'Ҳ' => return Lang::Uzb,
            'ў' | 'Ў' => short_u = true,
            'ђ' | 'ћ' | 'Ђ' | 'Ћ' => return Lang::Srp,
            'ѓ' | 'ќ' | 'ѕ' | 'Ѓ' | 'Ќ' | 'Ѕ' => return Lang::Mkd,
            'і' | 'І' => has_i = true,
            'ы' | 'э' | 'ё' | 'Ы' | 'Э' | 'Ё' => russian_letters = true,
            'ј' | 'љ' | 'њ' | 'џ' | 'Ј' | 'Љ' | 'Њ' | 'Џ' => {
                return context.filter(|l| *l == Lang::Mkd).unwrap_or(Lang::Srp)
            }
            _ => {}
        }
    }
    if short_u {
        // Belarusian and Uzbek both write ў; Uzbek's own letters returned above.
        return context.filter(|l| *l == Lang::Uzb).unwrap_or(Lang::Bel);
    }
    match (has_i, russian_letters) {
        // Belarusian has both і and ы/э/ё; Ukrainian has і without them.
        (true, true) => Lang::Bel,
        (true, false) => context.filter(|l| *l == Lang::Bel).unwrap_or(Lang::Ukr),
        (false, true) => context.filter(|l| *l == Lang::Bel).unwrap_or(Lang::Rus),
        (false, false) => context.unwrap_or(Lang::Rus),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default() -> Transliterator {
        Transliterator::new(&TransliterationConfig::default()).unwrap()
    }

    #[test]
    fn language_decides_the_cyrillic_system() {
        let t = default();
        // и is y in Ukrainian, i in Russian; г is h in Ukrainian, g in Russian.
        assert_eq!(
            t.transliterate("Миргород", Some(Lang::Ukr)).text,
            "Myrhorod"
        );
        assert_eq!(
            t.transliterate("Миргород", Some(Lang::Rus)).text,
            "Mirgorod"
        );
        // Letters only Ukrainian has win over the context.
        assert_eq!(t.transliterate("Київ", Some(Lang::Rus)).text, "Kyiv");
        assert_eq!(t.transliterate("Київ", None).text, "Kyiv");
        assert_eq!(t.transliterate("кўпроқ", None).text, "koʻproq");
        assert_eq!(
            t.transliterate("Магілёў", None).text,
            t.transliterate("Магілёў", Some(Lang::Bel)).text
        );
        // No context and no telling letters: Russian.
        assert_eq!(t.transliterate("Москва", None).text, "Moskva");
    }

    #[test]
    fn schemes_are_selectable_and_checked() {
        let mut config = TransliterationConfig::default();
        config.schemes.insert("rus".into(), "icao_doc_9303".into());
        let t = Transliterator::new(&config).unwrap();
        assert_eq!(t.transliterate("Юлия", Some(Lang::Rus)).text, "Iuliia");
        config.schemes.insert("rus".into(), "no_such".into());
        let err = Transliterator::new(&config).unwrap_err().to_string();
        assert!(err.contains("no_such") && err.contains("bgn_pcgn"), "{err}");
        let mut config = TransliterationConfig::default();
        config.schemes.insert("xx".into(), "bgn_pcgn".into());
        assert!(Transliterator::new(&config).is_err());
        assert_eq!(scheme_names(Lang::Rus).len(), 27);
        assert_eq!(scheme_names(Lang::Uzb), ["uz"]);
        assert_eq!(scheme_names(Lang::Rus)[0], "bgn_pcgn");
    }

    #[test]
    fn bundled_names_are_the_files_own() {
        let schemes = bundled_schemes().unwrap();
        for (bundled, scheme) in BUNDLED.iter().zip(schemes) {
            assert_eq!(bundled.name, scheme.name());
        }
    }

    #[test]
    fn other_scripts_fall_back_and_latin_is_untouched() {
        let t = default();
        let out = t.transliterate("Tokyo 東京 and Kyiv", None);
        assert_eq!(out.text, "Tokyo DongJing and Kyiv");
        let unchanged = t.transliterate("Kyiv’s 3 Zelenskyy", None);
        assert!(!unchanged.is_changed());
        let no_fallback = Transliterator::new(&TransliterationConfig {
            fallback: false,
            ..Default::default()
        })
        .unwrap();
        assert!(!no_fallback.transliterate("東京", None).is_changed());
    }

    #[test]
    fn every_word_maps_back_to_its_original_bytes() {
        let t = default();
        let text = "Президент України — Володимир Зеленський.";
        let out = t.transliterate(text, Some(Lang::Ukr));
        assert_eq!(out.text, "Prezydent Ukrainy — Volodymyr Zelenskyi.");
        let alignment = out.alignment.unwrap();
        let start = out.text.find("Volodymyr").unwrap();
        let span = alignment.to_original(start, start + "Volodymyr".len());
        assert_eq!(&text[span.range()], "Володимир");
    }
}
