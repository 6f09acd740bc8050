//! Devanagari script: the few letters that tell Hindi, Marathi and Nepali apart.
//!
//! Marathi alone writes `ळ` and the eyelash `ऱ` (and `ॲ` for English a); Hindi writes the
//! nukta letters (`ज़ फ़ ड़ ढ़`, precomposed or with the combining nukta) that Marathi and Nepali
//! spelling does without. Every other letter is shared and left to whatlang's trigrams.

use super::{FunctionWordSource, Orthography, ScriptTable, Trim};
use polyprep_core::Lang;

/// The Devanagari-script languages of whatlang.
pub(crate) static TABLE: ScriptTable = ScriptTable {
    base: None,
    orthographies: &[
        Orthography {
            lang: Lang::Hin,
            letters: "\u{093C}\u{0958}\u{0959}\u{095A}\u{095B}\u{095C}\u{095D}\u{095E}\u{095F}",
            lacks: "",
        },
        Orthography {
            lang: Lang::Mar,
            letters: "\u{0933}\u{0931}\u{0972}",
            lacks: "",
        },
        Orthography {
            lang: Lang::Nep,
            letters: "",
            lacks: "",
        },
    ],
    function_words: &[
        FunctionWordSource {
            lang: Lang::Hin,
            list: "hi",
            trim: Trim::Drop(&[]),
        },
        FunctionWordSource {
            lang: Lang::Mar,
            list: "mr",
            trim: Trim::Drop(&[]),
        },
        FunctionWordSource {
            lang: Lang::Nep,
            list: "ne",
            trim: Trim::Drop(&[]),
        },
    ],
};
