//! Cyrillic script: the full alphabet of each language whatlang knows.
//!
//! Cyrillic alphabets differ in whole letters, so one letter often settles or narrows the
//! question: `ї є ґ` are Ukrainian, `ў` Belarusian, `ђ ћ` Serbian, `ѓ ќ ѕ` Macedonian; `ы э`
//! rule out Ukrainian, Bulgarian, Serbian and Macedonian; `й ь ю я щ` rule out Serbian and
//! Macedonian; `и щ ъ` rule out Belarusian.

use super::{Orthography, ScriptTable};
use polyprep_core::Lang;

/// The Cyrillic-script languages of whatlang.
pub(crate) static TABLE: ScriptTable = ScriptTable {
    base: Some(""),
    orthographies: &[
        Orthography {
            lang: Lang::Rus,
            letters: "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
            lacks: "",
        },
        Orthography {
            lang: Lang::Ukr,
            letters: "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
            lacks: "",
        },
        Orthography {
            lang: Lang::Bel,
            letters: "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
            lacks: "",
        },
        Orthography {
            lang: Lang::Bul,
            letters: "абвгдежзийклмнопрстуфхцчшщъьюяѝ",
            lacks: "",
        },
        Orthography {
            lang: Lang::Srp,
            letters: "абвгдђежзијклљмнњопрстћуфхцчџш",
            lacks: "",
        },
        Orthography {
            lang: Lang::Mkd,
            letters: "абвгдѓежзѕијклљмнњопрстќуфхцчџшѐѝ",
            lacks: "",
        },
    ],
};
