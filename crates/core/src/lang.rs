//! Languages as ISO 639-3 codes, independent of any detector's own enum.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! languages {
    ($( $variant:ident => $iso3:literal, $iso1:literal, $name:literal, $whatlang:expr; )*) => {
        /// A language, named by its ISO 639-3 code.
        ///
        /// The set covers every language whatlang detects plus the other languages of common
        /// evaluation sets, so that a gold label can always be represented even when no detector
        /// of ours can produce it. [`Lang::Und`] is the ISO 639-3 code for "undetermined".
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(into = "&'static str", try_from = "String")]
        #[non_exhaustive]
        pub enum Lang {
            $(
                #[doc = $name]
                $variant,
            )*
            /// Undetermined (ISO 639-3 `und`): no reliable decision could be made.
            Und,
        }

        impl Lang {
            /// Every language, `Und` last.
            pub const ALL: &'static [Lang] = &[$(Lang::$variant,)* Lang::Und];

            /// The ISO 639-3 code, e.g. `"ukr"`.
            pub fn code(self) -> &'static str {
                match self { $(Lang::$variant => $iso3,)* Lang::Und => "und" }
            }

            /// The ISO 639-1 two-letter code where one exists, e.g. `"uk"`.
            pub fn iso639_1(self) -> Option<&'static str> {
                match self { $(Lang::$variant => if $iso1.is_empty() { None } else { Some($iso1) },)* Lang::Und => None }
            }

            /// The English name, e.g. `"Ukrainian"`.
            pub fn english_name(self) -> &'static str {
                match self { $(Lang::$variant => $name,)* Lang::Und => "Undetermined" }
            }

            /// The whatlang language this one corresponds to, if whatlang knows it.
            pub fn to_whatlang(self) -> Option<whatlang::Lang> {
                match self { $(Lang::$variant => $whatlang,)* Lang::Und => None }
            }
        }
    };
}

use whatlang::Lang as W;

languages! {
    Afr => "afr", "af", "Afrikaans", Some(W::Afr);
    Aka => "aka", "ak", "Akan", Some(W::Aka);
    Amh => "amh", "am", "Amharic", Some(W::Amh);
    Ara => "ara", "ar", "Arabic", Some(W::Ara);
    Aze => "aze", "az", "Azerbaijani", Some(W::Aze);
    Bel => "bel", "be", "Belarusian", Some(W::Bel);
    Ben => "ben", "bn", "Bengali", Some(W::Ben);
    Bos => "bos", "bs", "Bosnian", None;
    Bul => "bul", "bg", "Bulgarian", Some(W::Bul);
    Cat => "cat", "ca", "Catalan", Some(W::Cat);
    Ces => "ces", "cs", "Czech", Some(W::Ces);
    Cmn => "cmn", "zh", "Mandarin Chinese", Some(W::Cmn);
    Cym => "cym", "cy", "Welsh", Some(W::Cym);
    Dan => "dan", "da", "Danish", Some(W::Dan);
    Deu => "deu", "de", "German", Some(W::Deu);
    Ell => "ell", "el", "Greek", Some(W::Ell);
    Eng => "eng", "en", "English", Some(W::Eng);
    Epo => "epo", "eo", "Esperanto", Some(W::Epo);
    Est => "est", "et", "Estonian", Some(W::Est);
    Eus => "eus", "eu", "Basque", None;
    Fin => "fin", "fi", "Finnish", Some(W::Fin);
    Fra => "fra", "fr", "French", Some(W::Fra);
    Gle => "gle", "ga", "Irish", None;
    Guj => "guj", "gu", "Gujarati", Some(W::Guj);
    Heb => "heb", "he", "Hebrew", Some(W::Heb);
    Hin => "hin", "hi", "Hindi", Some(W::Hin);
    Hrv => "hrv", "hr", "Croatian", Some(W::Hrv);
    Hun => "hun", "hu", "Hungarian", Some(W::Hun);
    Hye => "hye", "hy", "Armenian", Some(W::Hye);
    Ind => "ind", "id", "Indonesian", Some(W::Ind);
    Isl => "isl", "is", "Icelandic", None;
    Ita => "ita", "it", "Italian", Some(W::Ita);
    Jav => "jav", "jv", "Javanese", Some(W::Jav);
    Jpn => "jpn", "ja", "Japanese", Some(W::Jpn);
    Kan => "kan", "kn", "Kannada", Some(W::Kan);
    Kat => "kat", "ka", "Georgian", Some(W::Kat);
    Kaz => "kaz", "kk", "Kazakh", None;
    Khm => "khm", "km", "Khmer", Some(W::Khm);
    Kor => "kor", "ko", "Korean", Some(W::Kor);
    Lat => "lat", "la", "Latin", Some(W::Lat);
    Lav => "lav", "lv", "Latvian", Some(W::Lav);
    Lit => "lit", "lt", "Lithuanian", Some(W::Lit);
    Lug => "lug", "lg", "Ganda", None;
    Mal => "mal", "ml", "Malayalam", Some(W::Mal);
    Mar => "mar", "mr", "Marathi", Some(W::Mar);
    Mkd => "mkd", "mk", "Macedonian", Some(W::Mkd);
    Mon => "mon", "mn", "Mongolian", None;
    Mri => "mri", "mi", "Maori", None;
    Msa => "msa", "ms", "Malay", None;
    Mya => "mya", "my", "Burmese", Some(W::Mya);
    Nep => "nep", "ne", "Nepali", Some(W::Nep);
    Nld => "nld", "nl", "Dutch", Some(W::Nld);
    Nno => "nno", "nn", "Norwegian Nynorsk", None;
    Nob => "nob", "nb", "Norwegian Bokmål", Some(W::Nob);
    Ori => "ori", "or", "Oriya", Some(W::Ori);
    Pan => "pan", "pa", "Punjabi", Some(W::Pan);
    Pes => "pes", "fa", "Persian", Some(W::Pes);
    Pol => "pol", "pl", "Polish", Some(W::Pol);
    Por => "por", "pt", "Portuguese", Some(W::Por);
    Ron => "ron", "ro", "Romanian", Some(W::Ron);
    Rus => "rus", "ru", "Russian", Some(W::Rus);
    Sin => "sin", "si", "Sinhala", Some(W::Sin);
    Slk => "slk", "sk", "Slovak", Some(W::Slk);
    Slv => "slv", "sl", "Slovenian", Some(W::Slv);
    Sna => "sna", "sn", "Shona", Some(W::Sna);
    Som => "som", "so", "Somali", None;
    Sot => "sot", "st", "Southern Sotho", None;
    Spa => "spa", "es", "Spanish", Some(W::Spa);
    Sqi => "sqi", "sq", "Albanian", None;
    Srp => "srp", "sr", "Serbian", Some(W::Srp);
    Swa => "swa", "sw", "Swahili", None;
    Swe => "swe", "sv", "Swedish", Some(W::Swe);
    Tam => "tam", "ta", "Tamil", Some(W::Tam);
    Tel => "tel", "te", "Telugu", Some(W::Tel);
    Tgl => "tgl", "tl", "Tagalog", Some(W::Tgl);
    Tha => "tha", "th", "Thai", Some(W::Tha);
    Tsn => "tsn", "tn", "Tswana", None;
    Tso => "tso", "ts", "Tsonga", None;
    Tuk => "tuk", "tk", "Turkmen", Some(W::Tuk);
    Tur => "tur", "tr", "Turkish", Some(W::Tur);
    Ukr => "ukr", "uk", "Ukrainian", Some(W::Ukr);
    Urd => "urd", "ur", "Urdu", Some(W::Urd);
    Uzb => "uzb", "uz", "Uzbek", Some(W::Uzb);
    Vie => "vie", "vi", "Vietnamese", Some(W::Vie);
    Xho => "xho", "xh", "Xhosa", None;
    Yid => "yid", "yi", "Yiddish", Some(W::Yid);
    Yor => "yor", "yo", "Yoruba", None;
    Zul => "zul", "zu", "Zulu", Some(W::Zul);
}

impl Lang {
    /// Parses an ISO 639-3 or ISO 639-1 code, case-insensitively (`"ukr"`, `"uk"`, `"UKR"`).
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        Lang::ALL
            .iter()
            .copied()
            .find(|l| l.code() == code || l.iso639_1() == Some(code.as_str()))
    }
}

impl From<whatlang::Lang> for Lang {
    fn from(lang: whatlang::Lang) -> Self {
        // Every whatlang language has a variant of ours; the table above is checked by a test.
        Lang::ALL
            .iter()
            .copied()
            .find(|l| l.to_whatlang() == Some(lang))
            .unwrap_or(Lang::Und)
    }
}

impl TryFrom<Lang> for whatlang::Lang {
    type Error = Lang;

    /// Fails (returning the language back) for languages whatlang does not know, and for `Und`.
    fn try_from(lang: Lang) -> Result<Self, Lang> {
        lang.to_whatlang().ok_or(lang)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error of parsing a language code that is neither ISO 639-3 nor ISO 639-1 of a known language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language code {0:?}: use an ISO 639-3 code such as \"ukr\" or an ISO 639-1 code such as \"uk\"")]
pub struct UnknownLangCode(pub String);

impl FromStr for Lang {
    type Err = UnknownLangCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::from_code(s).ok_or_else(|| UnknownLangCode(s.to_string()))
    }
}

impl From<Lang> for &'static str {
    fn from(lang: Lang) -> Self {
        lang.code()
    }
}

impl TryFrom<String> for Lang {
    type Error = UnknownLangCode;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_whatlang_language_round_trips() {
        for &w in whatlang::Lang::all() {
            let ours = Lang::from(w);
            assert_ne!(ours, Lang::Und, "{w:?} has no variant of ours");
            assert_eq!(ours.code(), w.code(), "ISO 639-3 codes differ for {w:?}");
            assert_eq!(whatlang::Lang::try_from(ours), Ok(w));
        }
    }

    #[test]
    fn codes_are_unique_and_parse_back() {
        for &l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
            if let Some(two) = l.iso639_1() {
                assert_eq!(Lang::from_code(two), Some(l), "{two}");
            }
        }
        assert_eq!("UK".parse::<Lang>(), Ok(Lang::Ukr));
        assert!("xx".parse::<Lang>().is_err());
        assert_eq!(whatlang::Lang::try_from(Lang::Und), Err(Lang::Und));
    }

    #[test]
    fn serializes_as_code() {
        assert_eq!(serde_json::to_string(&Lang::Ukr).unwrap(), "\"ukr\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::Eng);
    }
}
