//! Cutting text into words and the stretches between them.
//!
//! A transliteration scheme works on whole words: rules such as "word-initial `є` is `ye`" or
//! "word-final `ия` is `ia`" need to know where a word starts and ends. [`split_words`] gives
//! those boundaries as byte ranges that tile the text, so a caller can rewrite the words and
//! copy everything else unchanged.
//!
//! ```
//! use polyprep_translit::words::split_words;
//!
//! let text = "Короп’є, 12 км";
//! let parts: Vec<(&str, bool)> = split_words(text).map(|(r, w)| (&text[r], w)).collect();
//! assert_eq!(parts, [("Короп’є", true), (", 12 ", false), ("км", true)]);
//! ```

use std::ops::Range;

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// Cuts `text` into alternating word and non-word stretches.
///
/// Each item is a byte range into `text` and `true` when the stretch is a word. A word is a
/// maximal run of letters (Unicode `Alphabetic`) and combining marks (`Mn`, `Mc`, `Me`); an
/// apostrophe (`'` U+0027, `’` U+2019, `ʼ` U+02BC) between two such characters belongs to the
/// word, so Ukrainian `Короп’є` and `Знам’янка` are one word each. Digits, hyphens, spaces and
/// punctuation form the non-word stretches.
///
/// The ranges cover every byte of `text` exactly once, in order, and always start and end on
/// char boundaries; consecutive items alternate between words and non-words. An empty text
/// yields nothing.
pub fn split_words(text: &str) -> impl Iterator<Item = (Range<usize>, bool)> + '_ {
    Words { text, pos: 0 }
}

/// Iterator behind [`split_words`].
struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Words<'_> {
    type Item = (Range<usize>, bool);

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.pos;
        let rest = self.text.get(start..)?;
        let mut chars = rest.char_indices().peekable();
        let (_, first) = chars.next()?;
        let is_word = is_word_char(first);
        let mut end = rest.len();
        while let Some((i, c)) = chars.next() {
            if is_word_char(c) == is_word {
                continue;
            }
            // An apostrophe continues a word only when a word character follows it; the
            // character before it is a word character because we are still inside the word.
            if is_word && is_apostrophe(c) {
                if let Some(&(_, after)) = chars.peek() {
                    if is_word_char(after) {
                        continue;
                    }
                }
            }
            end = i;
            break;
        }
        self.pos = start + end;
        Some((start..self.pos, is_word))
    }
}

/// Whether `c` is one of the apostrophes that may sit inside a word.
#[inline]
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Whether `c` is a letter or a combining mark, i.e. part of a word on its own.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    match classes().get(c as usize) {
        Some(&class) => class & WORD != 0,
        None => slow_is_word_char(c),
    }
}

/// Character-class bit: part of a word ([`is_word_char`]).
pub(crate) const WORD: u8 = 1;
/// Character-class bit: `char::is_lowercase`.
pub(crate) const LOWER: u8 = 2;
/// Character-class bit: `char::is_uppercase`.
pub(crate) const UPPER: u8 = 4;
/// Code points with a precomputed class: ASCII through Cyrillic Supplement, where the
/// standard library's binary-searched Unicode tables would dominate the transliteration time.
const TABLE_LEN: usize = 0x530;

static CLASSES: std::sync::OnceLock<Box<[u8]>> = std::sync::OnceLock::new();

/// The class bits of the first [`TABLE_LEN`] code points, computed once from the exact
/// (slow) definitions so the fast path can never disagree with them.
fn classes() -> &'static [u8] {
    CLASSES.get_or_init(|| {
        (0..TABLE_LEN as u32)
            .map(|cp| char::from_u32(cp).map_or(0, slow_char_class))
            .collect()
    })
}

/// The class bits of `c` ([`WORD`], [`LOWER`], [`UPPER`]).
#[inline]
pub(crate) fn char_class(c: char) -> u8 {
    match classes().get(c as usize) {
        Some(&class) => class,
        None => slow_char_class(c),
    }
}

/// The class bits of `c` from the exact definitions.
fn slow_char_class(c: char) -> u8 {
    let mut class = 0;
    if slow_is_word_char(c) {
        class |= WORD;
    }
    if c.is_lowercase() {
        class |= LOWER;
    }
    if c.is_uppercase() {
        class |= UPPER;
    }
    class
}

fn slow_is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    // U+02BC is Alphabetic (a modifier letter) but is used as the Ukrainian apostrophe, which
    // only belongs to a word between two letters.
    if c == '\u{02BC}' {
        return false;
    }
    c.is_alphabetic() || c.general_category_group() == GeneralCategoryGroup::Mark
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parts(text: &str) -> Vec<(&str, bool)> {
        split_words(text).map(|(r, w)| (&text[r], w)).collect()
    }

    #[test]
    fn ukrainian_apostrophes_stay_inside_words() {
        assert_eq!(parts("Короп’є"), [("Короп’є", true)]);
        assert_eq!(parts("Знам'янка"), [("Знам'янка", true)]);
        assert_eq!(parts("Мар\u{02BC}їне"), [("Мар\u{02BC}їне", true)]);
    }

    #[test]
    fn apostrophes_at_word_edges_are_not_part_of_the_word() {
        assert_eq!(
            parts("'Київ' ’x ʼy"),
            [
                ("'", false),
                ("Київ", true),
                ("' ’", false),
                ("x", true),
                (" ʼ", false),
                ("y", true)
            ]
        );
        // Two apostrophes in a row end the word.
        assert_eq!(parts("a''b"), [("a", true), ("''", false), ("b", true)]);
    }

    #[test]
    fn digits_hyphens_and_punctuation_are_not_words() {
        assert_eq!(
            parts("Йошкар-Ола, 2024 г."),
            [
                ("Йошкар", true),
                ("-", false),
                ("Ола", true),
                (", 2024 ", false),
                ("г", true),
                (".", false)
            ]
        );
    }

    #[test]
    fn combining_marks_belong_to_words() {
        // и + combining breve (a decomposed й), and a stress mark on о.
        let text = "Бии\u{0306}ск міс\u{0301}то";
        assert_eq!(
            parts(text),
            [
                ("Бии\u{0306}ск", true),
                (" ", false),
                ("міс\u{0301}то", true)
            ]
        );
        // Devanagari virama (Mn, not Alphabetic) does not split a Hindi word.
        assert_eq!(parts("हिन्दी"), [("हिन्दी", true)]);
    }

    #[test]
    fn empty_and_edge_inputs() {
        assert!(parts("").is_empty());
        assert_eq!(parts(" "), [(" ", false)]);
        assert_eq!(parts("я"), [("я", true)]);
    }

    proptest! {
        #[test]
        fn ranges_tile_the_text(text in any::<String>()) {
            let mut expected_start = 0;
            let mut last_kind: Option<bool> = None;
            for (range, is_word) in split_words(&text) {
                prop_assert_eq!(range.start, expected_start);
                prop_assert!(range.start < range.end);
                prop_assert!(text.is_char_boundary(range.start));
                prop_assert!(text.is_char_boundary(range.end));
                prop_assert_ne!(Some(is_word), last_kind);
                let piece = &text[range.clone()];
                let chars: Vec<char> = piece.chars().collect();
                for (i, &c) in chars.iter().enumerate() {
                    if is_word {
                        let inner_apostrophe = is_apostrophe(c)
                            && i > 0
                            && i + 1 < chars.len()
                            && is_word_char(chars[i - 1])
                            && is_word_char(chars[i + 1]);
                        prop_assert!(is_word_char(c) || inner_apostrophe);
                    } else {
                        prop_assert!(!is_word_char(c));
                    }
                }
                last_kind = Some(is_word);
                expected_start = range.end;
            }
            prop_assert_eq!(expected_start, text.len());
        }

        #[test]
        fn mixed_script_text_tiles(text in "[a-zА-яЁёЇїЄєІіҐґ'’ʼ0-9 ,.\\-\u{0301}]{0,40}") {
            let joined: String = split_words(&text).map(|(r, _)| &text[r]).collect();
            prop_assert_eq!(joined, text);
        }
    }
}
