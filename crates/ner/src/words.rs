//! Words as the model was trained on them, and which sub-tokens belong to which word.
//!
//! WikiANN/PAN-X words are whitespace words with punctuation split off at their edges
//! (`Vladivostok ,`), a possessive split off (`Russia 's`), and word-internal punctuation kept
//! (`Warmian-Masurian`, `U.S`). Unicode word boundaries (UAX #29) give the punctuation split;
//! hyphens between letters are glued back and a final `'s` is split off to match the data.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// A UAX #29 segment that is not whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    pub start: usize,
    pub end: usize,
    /// Contains a letter or digit (a word proper, not punctuation or a symbol).
    pub alnum: bool,
}

/// A word: consecutive pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub pieces: Range<usize>,
    pub start: usize,
    pub end: usize,
}

/// The words of a text and its pieces.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    pub pieces: Vec<Piece>,
    pub words: Vec<Word>,
}

fn is_connector(s: &str) -> bool {
    matches!(s, "-" | "\u{2010}" | "\u{2011}" | "&")
}

/// Splits `text` into words. Offsets are byte offsets into `text`.
pub(crate) fn split_words(text: &str) -> Words {
    let mut pieces: Vec<Piece> = Vec::new();
    for (start, seg) in text.split_word_bound_indices() {
        if seg.chars().all(char::is_whitespace) {
            continue;
        }
        let end = start + seg.len();
        let alnum = seg.chars().any(char::is_alphanumeric);
        if alnum {
            if let Some(cut) = possessive_cut(seg) {
                pieces.push(Piece {
                    start,
                    end: start + cut,
                    alnum: true,
                });
                pieces.push(Piece {
                    start: start + cut,
                    end,
                    alnum: true,
                });
                continue;
            }
        }
        pieces.push(Piece { start, end, alnum });
    }

    let mut words: Vec<Word> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let first = i;
        i += 1;
        // Glue `A-B` (no spaces) into one word, as the training data writes them.
        while i + 1 < pieces.len()
            && pieces[i - 1].alnum
            && pieces[i - 1].end == pieces[i].start
            && is_connector(&text[pieces[i].start..pieces[i].end])
            && pieces[i].end == pieces[i + 1].start
            && pieces[i + 1].alnum
        {
            i += 2;
        }
        // Abbreviations and initials keep their period (`St.`, `J.`, `U.S.`), as in the data:
        // the period's token is then a non-first sub-token, whose label the model was never
        // trained on, instead of a word that could break `П. Будківський` in two.
        if i < pieces.len()
            && pieces[i - 1].end == pieces[i].start
            && &text[pieces[i].start..pieces[i].end] == "."
            && is_abbreviation(&text[pieces[i - 1].start..pieces[i - 1].end])
        {
            i += 1;
        }
        words.push(Word {
            pieces: first..i,
            start: pieces[first].start,
            end: pieces[i - 1].end,
        });
    }
    Words { pieces, words }
}

/// A short capitalised word (`St`, `Dr`, `J`, `Inc`) or dotted initials (`U.S`): a following
/// period belongs to it.
fn is_abbreviation(piece: &str) -> bool {
    if piece.contains('.') {
        return is_dotted_initials(piece);
    }
    let mut chars = piece.chars();
    chars.next().is_some_and(char::is_uppercase) && piece.chars().count() <= 3
}

/// `U.S`, `D.C`, `U.S.A`: single letters joined by periods.
pub(crate) fn is_dotted_initials(piece: &str) -> bool {
    piece.contains('.')
        && piece
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

/// Where a trailing possessive `'s`/`’s` starts in a UAX #29 word, if it has one after a letter.
fn possessive_cut(seg: &str) -> Option<usize> {
    let lower_s = seg.strip_suffix('s').or_else(|| seg.strip_suffix('S'))?;
    let stem = lower_s
        .strip_suffix('\'')
        .or_else(|| lower_s.strip_suffix('\u{2019}'))?;
    let last = stem.chars().next_back()?;
    if last.is_alphabetic() {
        Some(stem.len())
    } else {
        None
    }
}

/// The part of a token's offsets that is not whitespace (SentencePiece's `▁` maps to the space
/// before a word), or `None` for a token of whitespace only.
pub(crate) fn content_range(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let s = text.get(start..end)?;
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return None;
    }
    Some((start + lead, end - trail))
}

/// Words of a text together with the tokens that belong to each word.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordTokens {
    pub words: Words,
    /// Per word, the range of token indices whose content starts inside the word (empty when
    /// the tokenizer dropped all of the word's characters).
    pub tokens: Vec<Range<usize>>,
}

/// Aligns tokens (byte offsets into `text`, in order) with the words of `text`.
///
/// A token that runs across a word boundary (a SentencePiece piece like `).`) joins the words it
/// covers, because the model sees them as one unit and cannot label them apart.
pub(crate) fn align(text: &str, words: Words, token_offsets: &[(usize, usize)]) -> WordTokens {
    let n = words.words.len();
    let contents: Vec<Option<(usize, usize)>> = token_offsets
        .iter()
        .map(|&(s, e)| content_range(text, s, e))
        .collect();
    // Which word boundaries a token crosses.
    let mut joined = vec![false; n];
    let mut w = 0;
    for &(cs, ce) in contents.iter().flatten() {
        while w < n && words.words[w].end <= cs {
            w += 1;
        }
        let mut k = w;
        while k + 1 < n && words.words[k + 1].start < ce {
            joined[k] = true;
            k += 1;
        }
    }
    let mut merged: Vec<Word> = Vec::with_capacity(n);
    for (i, word) in words.words.iter().enumerate() {
        match merged.last_mut() {
            Some(last) if i > 0 && joined[i - 1] => {
                last.pieces.end = word.pieces.end;
                last.end = word.end;
            }
            _ => merged.push(word.clone()),
        }
    }
    // Token ranges per merged word: tokens are in text order, so each word's tokens are
    // contiguous.
    let mut ranges = vec![0..0; merged.len()];
    let mut w = 0;
    let mut t = 0;
    while t < contents.len() {
        let Some((cs, _)) = contents[t] else {
            t += 1;
            continue;
        };
        while w < merged.len() && merged[w].end <= cs {
            w += 1;
        }
        if w == merged.len() {
            break;
        }
        if cs < merged[w].start {
            t += 1; // content outside every word (cannot happen with UAX #29 words; be safe)
            continue;
        }
        if ranges[w].is_empty() {
            ranges[w] = t..t + 1;
        } else {
            ranges[w].end = t + 1;
        }
        t += 1;
    }
    WordTokens {
        words: Words {
            pieces: words.pieces,
            words: merged,
        },
        tokens: ranges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(text: &str) -> Vec<&str> {
        split_words(text)
            .words
            .iter()
            .map(|w| &text[w.start..w.end])
            .collect()
    }

    #[test]
    fn splits_like_the_training_data() {
        assert_eq!(
            words_of("Vladivostok, the U.S. and Russia's Warmian-Masurian (Kyiv)."),
            [
                "Vladivostok",
                ",",
                "the",
                "U.S.",
                "and",
                "Russia",
                "'s",
                "Warmian-Masurian",
                "(",
                "Kyiv",
                ")",
                "."
            ]
        );
        assert_eq!(
            words_of("Kirby’s “fair game”"),
            ["Kirby", "’s", "“", "fair", "game", "”"]
        );
        assert_eq!(words_of("서울에서 만났다"), ["서울에서", "만났다"]);
        assert!(words_of("  \n\t ").is_empty());
        assert_eq!(words_of("a - b"), ["a", "-", "b"]);
        assert_eq!(
            words_of("П. Будківський, St. Petersburg. Kyiv. E.ON."),
            [
                "П.",
                "Будківський",
                ",",
                "St.",
                "Petersburg",
                ".",
                "Kyiv",
                ".",
                "E.ON",
                "."
            ]
        );
    }

    #[test]
    fn tokens_join_words_they_cross() {
        let text = "in (Kyiv).";
        let words = split_words(text);
        // "▁in", "▁(", "Ky", "iv", ")." as the XLM-R tokenizer gives them.
        let toks = [(0, 2), (2, 4), (4, 6), (6, 8), (8, 10)];
        let wt = align(text, words, &toks);
        let got: Vec<&str> = wt
            .words
            .words
            .iter()
            .map(|w| &text[w.start..w.end])
            .collect();
        assert_eq!(got, ["in", "(", "Kyiv", ")."]);
        assert_eq!(wt.tokens, vec![0..1, 1..2, 2..4, 4..5]);
    }

    #[test]
    fn whitespace_tokens_belong_to_no_word() {
        let text = "a ,";
        let wt = align(text, split_words(text), &[(0, 1), (1, 2), (2, 3)]);
        assert_eq!(wt.tokens, vec![0..1, 2..3]);
    }
}
