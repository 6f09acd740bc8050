//! Hebrew script: Yiddish spelling has the ligatures `װ ױ ײ` (and their pointed presentation
//! forms), which Hebrew never writes.

use super::{FunctionWordSource, Orthography, ScriptTable, Trim};
use polyprep_core::Lang;

/// The Hebrew-script languages of whatlang.
pub(crate) static TABLE: ScriptTable = ScriptTable {
    base: None,
    orthographies: &[
        Orthography {
            lang: Lang::Heb,
            letters: "",
            lacks: "",
        },
        Orthography {
            lang: Lang::Yid,
            letters: "\u{05F0}\u{05F1}\u{05F2}\u{FB1F}\u{FB2E}\u{FB2F}\u{FB4E}",
            lacks: "",
        },
    ],
    function_words: &[FunctionWordSource {
        lang: Lang::Heb,
        list: "he",
        trim: Trim::Drop(&[]),
    }],
};
