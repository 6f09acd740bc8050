//! Which writing system a letter belongs to, as far as romanization needs to know.

/// The writing systems romanization treats differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LetterScript {
    /// Latin letters: never transliterated.
    Latin,
    /// Cyrillic: an official system chosen by language.
    Cyrillic,
    /// Greek: ELOT 743.
    Greek,
    /// Hangul: Revised Romanization.
    Hangul,
    /// Any other script: the general fallback.
    Other,
}

/// The script of a letter; `None` for anything that is not a letter (digits, punctuation,
/// spaces, combining marks), which belongs to whatever word it sits in.
pub fn letter_script(c: char) -> Option<LetterScript> {
    if c.is_ascii() {
        return c.is_ascii_alphabetic().then_some(LetterScript::Latin);
    }
    // Blocks made of letters only answer without the general Unicode letter lookup, which
    // dominates the cost of romanizing Cyrillic and Hangul text otherwise.
    match c as u32 {
        0x00C0..=0x00D6 | 0x00D8..=0x00F6 | 0x00F8..=0x024F => return Some(LetterScript::Latin),
        0x0400..=0x0481 | 0x048A..=0x052F => return Some(LetterScript::Cyrillic),
        0x0386 | 0x0388..=0x03F5 | 0x03F7..=0x03FF => return Some(LetterScript::Greek),
        0xAC00..=0xD7A3 => return Some(LetterScript::Hangul),
        _ => {}
    }
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0x00AA | 0x00BA | 0x00C0..=0x024F | 0x0250..=0x02AF | 0x1D00..=0x1DBF => {
            LetterScript::Latin
        }
        0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xAB30..=0xAB6F => {
            LetterScript::Latin
        }
        0xFB00..=0xFB06 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => LetterScript::Latin,
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => {
            LetterScript::Cyrillic
        }
        0x0370..=0x03FF | 0x1F00..=0x1FFF => LetterScript::Greek,
        0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F => {
            LetterScript::Hangul
        }
        0xD7B0..=0xD7FF => LetterScript::Hangul,
        _ => LetterScript::Other,
    })
}

/// Whether every letter of `text` is Latin (true for text without letters).
pub fn is_latin_text(text: &str) -> bool {
    text.chars()
        .all(|c| matches!(letter_script(c), None | Some(LetterScript::Latin)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_letters() {
        assert_eq!(letter_script('K'), Some(LetterScript::Latin));
        assert_eq!(letter_script('ž'), Some(LetterScript::Latin));
        assert_eq!(letter_script('ї'), Some(LetterScript::Cyrillic));
        assert_eq!(letter_script('Ω'), Some(LetterScript::Greek));
        assert_eq!(letter_script('한'), Some(LetterScript::Hangul));
        assert_eq!(letter_script('中'), Some(LetterScript::Other));
        assert_eq!(letter_script('’'), None);
        assert_eq!(letter_script('7'), None);
        // Non-letters inside the fast-path blocks.
        assert_eq!(letter_script('×'), None);
        assert_eq!(letter_script('҂'), None);
        assert_eq!(letter_script(';'), None);
        // The fast path agrees with the Unicode letter property on every code point it covers.
        for c in [
            '\u{00C0}', '\u{024F}', '\u{0400}', '\u{052F}', '\u{0386}', '\u{03FF}', '\u{AC00}',
            '\u{D7A3}',
        ] {
            assert!(c.is_alphabetic(), "{c:?}");
        }
        assert!(is_latin_text("Kyiv’s 3 Zelenskyy-led"));
        assert!(!is_latin_text("Київ"));
    }
}
