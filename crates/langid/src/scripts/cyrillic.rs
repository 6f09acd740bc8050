//! Cyrillic script: the full alphabet of each language whatlang knows.
//!
//! Cyrillic alphabets differ in whole letters, so one letter often settles or narrows the
//! question: `ї є ґ` are Ukrainian, `ў` Belarusian, `ђ ћ` Serbian, `ѓ ќ ѕ` Macedonian; `ы э`
//! rule out Ukrainian, Bulgarian, Serbian and Macedonian; `й ь ю я щ` rule out Serbian and
//! Macedonian; `и щ ъ` rule out Belarusian.

use super::{FunctionWordSource, Orthography, ScriptTable, Trim};
use polyprep_core::Lang;

/// The Cyrillic-script languages of whatlang, and Kazakh.
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
        // Whatlang cannot detect Kazakh; its letters ә ғ қ ң ө ұ ү һ set it apart from the
        // languages above.
        Orthography {
            lang: Lang::Kaz,
            letters: "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
            lacks: "",
        },
    ],
    // No list for Ukrainian: the ISO one (73 words) is too short beside the Russian one,
    // which then claims Ukrainian pairs and sentences on the development sets; Ukrainian's
    // letters tell it apart more often. Nor for Serbian and Macedonian: none exists.
    function_words: &[
        FunctionWordSource {
            lang: Lang::Rus,
            list: "ru",
            trim: Trim::Drop(&[]),
        },
        FunctionWordSource {
            lang: Lang::Bel,
            list: "be",
            trim: Trim::Drop(&[]),
        },
        // The ISO Bulgarian list has the abbreviations `г. д. м. н. т. ч.` as words; split
        // off a number (`9-м`, `1990 г.`) they are as common in Russian text.
        FunctionWordSource {
            lang: Lang::Bul,
            list: "bg",
            trim: Trim::Drop(&["г", "д", "м", "н", "т", "ч"]),
        },
        FunctionWordSource {
            lang: Lang::Kaz,
            list: "kk",
            trim: Trim::Drop(&[]),
        },
    ],
};
