//! Latin script: the letters beyond a–z that each language whatlang knows writes, and the
//! letters of a–z that a few never write natively.
//!
//! The sets follow each language's standard orthography (its official alphabet plus the
//! accented letters its spelling rules use, e.g. French `é è ê`, Dutch diaeresis `ë ï ö ü`,
//! Danish and Norwegian `é` in `idé`). Letters used only in foreign names are left out: the
//! tolerance in [`super::narrow`] absorbs a few of them in longer text.
//!
//! Some languages are also commonly written with stand-ins from legacy 8-bit encodings and
//! keyboards, and those count as the language's letters too: Hungarian `õ û ô` for `ő ű`
//! (Latin-1 has no double acute), Romanian `ã` for `ă`, Turkish `ý þ ð` (Windows-1254 text
//! read as Latin-1: `ı ş ğ`), and Esperanto's x-system (`cx`, `gx`, `ux` for `ĉ ĝ ŭ`).

use super::{Orthography, ScriptTable};
use polyprep_core::Lang;

const fn o(lang: Lang, letters: &'static str, lacks: &'static str) -> Orthography {
    Orthography {
        lang,
        letters,
        lacks,
    }
}

/// The Latin-script languages of whatlang.
pub(crate) static TABLE: ScriptTable = ScriptTable {
    base: Some("abcdefghijklmnopqrstuvwxyz"),
    orthographies: &[
        o(Lang::Afr, "áéèêëíîïóôöúûüŉ", ""),
        // Twi: the open vowels ɔ ɛ; c j q v x z are not letters of its alphabet.
        o(Lang::Aka, "ɔɛ", "cjqvxz"),
        o(Lang::Aze, "çəğıöşü", "w"),
        o(Lang::Cat, "àçèéíïòóúü", ""),
        o(Lang::Ces, "áčďéěíňóřšťúůýž", ""),
        o(Lang::Cym, "àáâäèéêëìíîïòóôöùúûüýÿŵŷẁẃẅỳ", ""),
        o(Lang::Dan, "æøåé", ""),
        o(Lang::Deu, "äöüß", ""),
        o(Lang::Eng, "", ""),
        o(Lang::Epo, "ĉĝĥĵŝŭ", "qwy"),
        o(Lang::Est, "äõöüšž", ""),
        o(Lang::Fin, "äöåšž", ""),
        o(Lang::Fra, "àâæçèéêëîïôœùûüÿ", ""),
        o(Lang::Hrv, "čćđšž", ""),
        o(Lang::Hun, "áéíóöőúüűõûô", ""),
        o(Lang::Ind, "", ""),
        o(Lang::Ita, "àèéìíîòóùú", ""),
        o(Lang::Jav, "èéê", ""),
        o(Lang::Lat, "", ""),
        o(Lang::Lav, "āčēģīķļņōŗšūž", ""),
        o(Lang::Lit, "ąčęėįšųūž", ""),
        o(Lang::Nld, "áàéèëïóöüĳ", ""),
        o(Lang::Nob, "æøåéèêóòô", ""),
        o(Lang::Pol, "ąćęłńóśźż", ""),
        o(Lang::Por, "áâãàçéêíóôõú", ""),
        // Both the comma-below letters and the cedilla forms that older keyboards produce.
        o(Lang::Ron, "ăâîșțşţã", ""),
        o(Lang::Slk, "áäčďéíĺľňóôŕšťúýž", ""),
        o(Lang::Slv, "čšž", ""),
        o(Lang::Sna, "", ""),
        o(Lang::Spa, "áéíñóúü", ""),
        o(Lang::Swe, "åäöé", ""),
        // Tagalog marks stress and glottal stops with acute, grave and circumflex accents.
        o(Lang::Tgl, "áéíñóúàèìòùâêîôû", ""),
        o(Lang::Tuk, "äçňöşüýž", "cqvx"),
        o(Lang::Tur, "âçğıîöşûüýþð", "qwx"),
        // Uzbek writes oʻ and gʻ with the turned comma, a modifier letter.
        o(Lang::Uzb, "ʻʼ", "cw"),
        o(
            Lang::Vie,
            "àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",
            "",
        ),
        o(Lang::Zul, "", ""),
    ],
};
