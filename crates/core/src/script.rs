//! Writing systems as ISO 15924 codes, independent of any detector's own enum.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! scripts {
    ($( $variant:ident => $iso:literal, $name:literal, $whatlang:ident; )*) => {
        /// A writing system, named by its ISO 15924 code.
        ///
        /// [`Script::Unknown`] (`Zzzz`) stands for text in no script we recognise, such as digits
        /// and punctuation only.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(into = "&'static str", try_from = "String")]
        #[non_exhaustive]
        pub enum Script {
            $(
                #[doc = $name]
                $variant,
            )*
            /// No recognised script (ISO 15924 `Zzzz`).
            Unknown,
        }

        impl Script {
            /// Every script, `Unknown` last.
            pub const ALL: &'static [Script] = &[$(Script::$variant,)* Script::Unknown];

            /// The ISO 15924 code, e.g. `"Cyrl"`.
            pub fn code(self) -> &'static str {
                match self { $(Script::$variant => $iso,)* Script::Unknown => "Zzzz" }
            }

            /// The English name, e.g. `"Cyrillic"`.
            pub fn english_name(self) -> &'static str {
                match self { $(Script::$variant => $name,)* Script::Unknown => "Unknown" }
            }
        }

        impl From<whatlang::Script> for Script {
            fn from(script: whatlang::Script) -> Self {
                match script { $(whatlang::Script::$whatlang => Script::$variant,)* }
            }
        }

        impl TryFrom<Script> for whatlang::Script {
            type Error = Script;

            /// Fails (returning the script back) only for `Unknown`.
            fn try_from(script: Script) -> Result<Self, Script> {
                match script { $(Script::$variant => Ok(whatlang::Script::$whatlang),)* Script::Unknown => Err(script) }
            }
        }
    };
}

scripts! {
    Arabic => "Arab", "Arabic", Arabic;
    Armenian => "Armn", "Armenian", Armenian;
    Bengali => "Beng", "Bengali", Bengali;
    Cyrillic => "Cyrl", "Cyrillic", Cyrillic;
    Devanagari => "Deva", "Devanagari", Devanagari;
    Ethiopic => "Ethi", "Ethiopic", Ethiopic;
    Georgian => "Geor", "Georgian", Georgian;
    Greek => "Grek", "Greek", Greek;
    Gujarati => "Gujr", "Gujarati", Gujarati;
    Gurmukhi => "Guru", "Gurmukhi", Gurmukhi;
    Hangul => "Hang", "Hangul", Hangul;
    Hebrew => "Hebr", "Hebrew", Hebrew;
    Hiragana => "Hira", "Hiragana", Hiragana;
    Kannada => "Knda", "Kannada", Kannada;
    Katakana => "Kana", "Katakana", Katakana;
    Khmer => "Khmr", "Khmer", Khmer;
    Latin => "Latn", "Latin", Latin;
    Malayalam => "Mlym", "Malayalam", Malayalam;
    Han => "Hani", "Han (Chinese characters)", Mandarin;
    Myanmar => "Mymr", "Myanmar", Myanmar;
    Oriya => "Orya", "Oriya", Oriya;
    Sinhala => "Sinh", "Sinhala", Sinhala;
    Tamil => "Taml", "Tamil", Tamil;
    Telugu => "Telu", "Telugu", Telugu;
    Thai => "Thai", "Thai", Thai;
}

impl Script {
    /// Parses an ISO 15924 code case-insensitively (`"Cyrl"`, `"cyrl"`).
    pub fn from_code(code: &str) -> Option<Script> {
        Script::ALL
            .iter()
            .copied()
            .find(|s| s.code().eq_ignore_ascii_case(code.trim()))
    }
}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl From<Script> for &'static str {
    fn from(script: Script) -> Self {
        script.code()
    }
}

impl TryFrom<String> for Script {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Script::from_code(&s).ok_or_else(|| format!("unknown ISO 15924 script code {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_whatlang_script_round_trips() {
        for &w in whatlang::Script::all() {
            let ours = Script::from(w);
            assert_eq!(whatlang::Script::try_from(ours), Ok(w));
            assert_eq!(Script::from_code(ours.code()), Some(ours));
        }
        assert_eq!(Script::from(whatlang::Script::Mandarin).code(), "Hani");
    }
}
