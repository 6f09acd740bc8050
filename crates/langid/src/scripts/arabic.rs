//! Arabic script: the letters of Arabic, Persian and Urdu.
//!
//! Persian and Urdu add `پ چ ژ گ` and write yeh and kaf as `ی ک` where Arabic writes `ي ك`;
//! `ة ى` are Arabic; Urdu alone has the retroflex `ٹ ڈ ڑ`, `ں ے ھ` and writes heh as `ہ`
//! where Persian and Arabic write `ه`.
//!
//! Persian typed on Arabic keyboards writes `ي ك` throughout; such text has no language
//! whose letters explain it when it also has `پ چ ژ گ`, and is then left to whatlang (see
//! [`super::narrow`]). Counting `ي ك` as Persian would cost more Arabic words than it gains.

use super::{FunctionWordSource, Orthography, ScriptTable, Trim};
use polyprep_core::Lang;

/// The Arabic-script languages of whatlang.
pub(crate) static TABLE: ScriptTable = ScriptTable {
    base: Some(""),
    orthographies: &[
        Orthography {
            lang: Lang::Ara,
            letters: "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيٱ",
            lacks: "",
        },
        Orthography {
            lang: Lang::Pes,
            letters: "ءآأؤئابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیۀ",
            lacks: "",
        },
        Orthography {
            lang: Lang::Urd,
            letters: "ءآأؤئابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھیےۂۃۓ",
            lacks: "",
        },
    ],
    // No list for Urdu: Urdu and Persian share much of their vocabulary and the two ISO
    // lists hold it, turning Urdu words and pairs into Persian on the development sets (the
    // letter rules tell the two apart better).
    function_words: &[
        FunctionWordSource {
            lang: Lang::Ara,
            list: "ar",
            trim: Trim::Drop(&[]),
        },
        FunctionWordSource {
            lang: Lang::Pes,
            list: "fa",
            trim: Trim::Drop(&[]),
        },
    ],
};
