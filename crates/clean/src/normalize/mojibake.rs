//! Repair of mojibake: UTF-8 text that was decoded as Windows-1252 (or Latin-1) and encoded
//! again, so that `’` reads `â€™` and `é` reads `Ã©`.
//!
//! Each repaired character is one replacement of the two to four characters it had become, so
//! the alignment maps it back to exactly those bytes. A candidate is a lead character
//! `Â`..`ô` (a UTF-8 lead byte read as Windows-1252) followed by the right number of
//! characters that stand for continuation bytes, which together decode to a valid, assigned,
//! non-control character. Legitimate text can contain such pairs (`CAFÉ’S`, Portuguese `IRMÃ”`,
//! Slovak `MÔŽEME`, French `é »` with a no-break space), so only candidates with strong evidence
//! are repaired on their own: where they stand (inside a lowercase word, outside any word), what
//! they decode to (a letter of a script real text uses, fitting its neighbours), or a run of
//! several adjacent candidates (`ÐŸÑ€Ð¸`). Weak ones need a strong one on the same line.
//!
//! A lone C1 control (U+0080..U+009F) is Windows-1252 text read as Latin-1: `l\u{92}Ecole` is
//! `l’Ecole`. Those with a Windows-1252 meaning are replaced by it, except NEL (U+0085), which
//! stays a line break. The behaviour follows Python's `ftfy` for the common cases.

use memchr::{memchr2, memchr2_iter};
use polyprep_core::{Rewrite, TextRewriter};
use unicode_normalization::char::is_public_assigned;

/// UTF-8 of U+00C0..U+00FF starts with this byte; U+00C2..U+00F4 are the possible leads.
const LATIN1_HIGH_LEAD: u8 = 0xC3;

/// UTF-8 of U+0080..U+00BF starts with this byte; U+0080..U+009F are the C1 controls.
const LATIN1_LOW_LEAD: u8 = 0xC2;

/// One repairable sequence: `text[start..end]` decodes to `repaired`.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    repaired: char,
    strong: bool,
    /// Whether it is UTF-8 read as Windows-1252, the kind of damage that makes weak candidates
    /// on the same line credible (a lone C1 control is another kind).
    utf8: bool,
}

/// Repairs the mojibake sequences of `text` in one left-to-right pass. Doubly encoded text
/// (`Ã©` encoded again as `ÃƒÂ©`) needs one pass per layer; the caller repeats until nothing
/// changes, which terminates because every repair makes the text shorter.
pub(super) fn repair(text: &str) -> Rewrite<'_> {
    let candidates = find_candidates(text);
    if candidates.is_empty() {
        return Rewrite::unchanged(text);
    }
    let accepted = accept(text, &candidates);
    let mut rw = TextRewriter::new(text);
    let mut buf = [0u8; 4];
    for c in candidates
        .iter()
        .zip(&accepted)
        .filter(|(_, &ok)| ok)
        .map(|(c, _)| c)
    {
        rw.copy_to(c.start);
        rw.replace(c.end, c.repaired.encode_utf8(&mut buf));
    }
    rw.finish()
}

/// Every candidate sequence, left to right, not overlapping.
fn find_candidates(text: &str) -> Vec<Candidate> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut resume = 0;
    for start in memchr2_iter(LATIN1_LOW_LEAD, LATIN1_HIGH_LEAD, bytes) {
        if start < resume {
            continue;
        }
        let Some(&second) = bytes.get(start + 1) else {
            break;
        };
        let candidate = if bytes[start] == LATIN1_LOW_LEAD {
            lone_c1_control(start, second)
        } else if (0x82..=0xB4).contains(&second) {
            // The character is U+00C0 + (second - 0x80); as a Windows-1252 byte, second + 0x40.
            candidate_at(text, start, second + 0x40)
        } else {
            None
        };
        if let Some(candidate) = candidate {
            resume = candidate.end;
            out.push(candidate);
        }
    }
    out
}

/// A C1 control at `start` (UTF-8 `C2 second`) that Windows-1252 gives a meaning to.
fn lone_c1_control(start: usize, second: u8) -> Option<Candidate> {
    if second == 0x85 {
        return None;
    }
    let repaired = windows_1252_c1(second)?;
    Some(Candidate {
        start,
        end: start + 2,
        repaired,
        strong: true,
        utf8: false,
    })
}

/// The Windows-1252 character of byte 0x80..=0x9F, if it defines one.
fn windows_1252_c1(byte: u8) -> Option<char> {
    let c = match byte {
        0x80 => '€',
        0x82 => '‚',
        0x83 => 'ƒ',
        0x84 => '„',
        0x85 => '…',
        0x86 => '†',
        0x87 => '‡',
        0x88 => 'ˆ',
        0x89 => '‰',
        0x8A => 'Š',
        0x8B => '‹',
        0x8C => 'Œ',
        0x8E => 'Ž',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x95 => '•',
        0x96 => '–',
        0x97 => '—',
        0x98 => '˜',
        0x99 => '™',
        0x9A => 'š',
        0x9B => '›',
        0x9C => 'œ',
        0x9E => 'ž',
        0x9F => 'Ÿ',
        _ => return None,
    };
    Some(c)
}

/// The candidate starting with the lead character at `start` (whose byte value is `lead`).
fn candidate_at(text: &str, start: usize, lead: u8) -> Option<Candidate> {
    let continuations = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return None,
    };
    let mut encoded = [lead, 0, 0, 0];
    let mut tail = text.get(start + 2..)?.char_indices();
    let mut end = start + 2;
    let mut has_nbsp = false;
    let mut all_punctuation = true;
    let mut last = '\0';
    for slot in encoded.iter_mut().skip(1).take(continuations) {
        let (offset, c) = tail.next()?;
        *slot = continuation_byte(c)?;
        has_nbsp |= c == '\u{A0}';
        all_punctuation &= is_punctuation_continuation(c);
        last = c;
        end = start + 2 + offset + c.len_utf8();
    }
    // from_utf8 rejects overlong forms, surrogates and code points past U+10FFFF.
    let mut repaired = std::str::from_utf8(&encoded[..=continuations])
        .ok()?
        .chars()
        .next()?;
    let two_layers = matches!(repaired, '\u{80}'..='\u{9F}');
    if two_layers {
        // `Â’` is Windows-1252 read as Latin-1, then as UTF-8 read as Windows-1252: both layers.
        repaired = windows_1252_c1(repaired as u32 as u8)?;
    }
    if repaired.is_control() || !is_public_assigned(repaired) {
        return None;
    }
    let prev = text[..start].chars().next_back();
    let prev_is_lowercase = prev.is_some_and(char::is_lowercase);
    let prev_is_letter = prev.is_some_and(char::is_alphabetic);
    let next = text[end..].chars().next();
    let next_is_letter = next.is_some_and(char::is_alphabetic);
    let next_is_lowercase = next.is_some_and(char::is_lowercase);
    let next_is_alphanumeric = next.is_some_and(char::is_alphanumeric);
    // Legitimate text has a Latin-1 capital (`À`..`ß`) after a lowercase letter or outside a
    // word almost never, but at the end of a capitalized word before closing punctuation
    // (`IRMÃ”`) or before an apostrophe and more letters (`CAFÉ’S`, Turkish `YARILGAÇ’ın`)
    // now and then. After `Ä` and `Å` such punctuation mostly makes Baltic, Polish and
    // Latvian letters (`Ä–` is `Ė`, `Å»` is `Ż`, `Ä’` is `Ē`), so only `”` stays plausible.
    let scandinavian_capital = matches!(lead, 0xC4 | 0xC5);
    let plausible_after_word =
        is_plausible_after_word(last) && (!scandinavian_capital || last == '”');
    let apostrophe_suffix = last == '’' && !scandinavian_capital;
    let in_word = prev_is_lowercase
        || !prev_is_letter
        || !plausible_after_word
        || (next_is_letter && !apostrophe_suffix);
    // After a no-break space a capitalized word can go on (`IRMÃ\u{A0}E`); mojibake of `à`,
    // `Š` goes on in lowercase (`Ã\u{A0}s`, `Å\u{A0}imun`) or not at all.
    let nbsp_in_word = prev_is_lowercase || next_is_lowercase || !next_is_alphanumeric;
    let strong = match (lead, continuations) {
        // `Â` + one of U+00A0..U+00BF (no-break space, ©, °, £, ...): French capitals are the
        // only legitimate `Â`, and they are followed by letters, not by these.
        // Windows-1252 punctuation after it (`Â’`) is both layers of `sÂ’engager`, or Welsh
        // `Â’R` in capitals.
        (0xC2, _) if two_layers => prev_is_lowercase || !next_is_letter,
        (0xC2, _) => true,
        // `Ã` is a Portuguese capital (SÃO, IRMÃ). A no-break space after it is plausible as a
        // word separator, so that counts only inside a lowercase word or before a space,
        // punctuation or the end (`voilÃ  la` is `voilà la`, `cÃ o` is `cào`).
        (0xC3, _) if has_nbsp => nbsp_in_word,
        (0xC3, _) => in_word,
        // Other capitals: Latin Extended (`Ä\u{8D}` is `č`), Greek, Cyrillic, Hebrew, Arabic.
        // `Å` + no-break space is `Š`, common in capitals too (`DANAÅ NJE`, `Å KOLA`).
        (_, 1) if has_nbsp => {
            (nbsp_in_word || next_is_letter) && fits_two_byte(repaired, prev, next)
        }
        (_, 1) => in_word && fits_two_byte(repaired, prev, next),
        // `â€` + one more: the punctuation block U+2000.., by far the commonest mojibake.
        (0xE2, _) => !has_nbsp || ('\u{2000}'..='\u{206F}').contains(&repaired),
        // The byte order mark and the replacement character (`ï»¿`, `ï¿½`).
        (0xEF, _) if matches!(repaired, '\u{FEFF}' | '\u{FFFD}') => true,
        // Other three-byte characters (CJK, kana, Hangul, Indic, Thai, Vietnamese): a lowercase
        // accented letter and two punctuation marks (`café”…`) can be legitimate.
        (_, 2) => !has_nbsp && !all_punctuation && is_likely_three_byte_target(repaired),
        // Four-byte sequences (emoji read as `ðŸ˜€`) do not occur in real text otherwise.
        _ => !has_nbsp,
    };
    Some(Candidate {
        start,
        end,
        repaired,
        strong,
        utf8: true,
    })
}

/// Closing punctuation that legitimately follows a word ending in a Latin-1 capital.
fn is_plausible_after_word(c: char) -> bool {
    matches!(c, '’' | '”' | '»' | '–' | '—')
}

/// Continuation characters that are punctuation commonly written right after a word, as
/// opposed to letters (`œ`, `š`, `Ÿ`), guillemets and the Latin-1 signs (`¸`, `¤`, `©`) that
/// the second and third bytes of CJK, kana and Vietnamese letters read as.
fn is_punctuation_continuation(c: char) -> bool {
    matches!(c, '‘' | '’' | '“' | '”' | '…' | '–' | '—')
}

/// Whether a two-byte repair is a character real text is made of, in a plausible place.
///
/// Latin Extended letters, the IPA letters of African orthographies and Azerbaijani `ə`, and
/// the common combining accents fit anywhere. Greek, Cyrillic, Armenian, Hebrew and Arabic fit
/// only away from Latin letters: a lone one inside a Latin word is a legitimate capital plus a
/// Windows-1252 letter (Slovak `MÔŽEME` would read `MԎEME`); real mojibake of those scripts
/// comes in runs, which [`accept`] takes anyway. Not the rest of the IPA block, spacing
/// modifiers, Syriac, Thaana or N'Ko, which `É’` (as in `CAFÉ’S`) or `ß’` would decode to.
fn fits_two_byte(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let latin = matches!(
        c,
        '\u{100}'..='\u{23F}'
            | 'ɓ'
            | 'ɔ'
            | 'ɖ'
            | 'ɗ'
            | 'ə'
            | 'ɛ'
            | 'ɲ'
            | 'ʋ'
            | 'ʻ'
            | 'ʼ'
            | '\u{300}'..='\u{328}'
    );
    let other_script = matches!(
        c,
        '\u{370}'..='\u{4FF}' | '\u{531}'..='\u{58F}' | '\u{5D0}'..='\u{5EA}' | '\u{600}'..='\u{6FF}'
    );
    let is_latin_letter = |c: char| c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c);
    latin
        || (other_script
            && !prev.is_some_and(is_latin_letter)
            && !next.is_some_and(is_latin_letter))
}

/// Three-byte characters that real text is made of: the scripts from Samaritan to Greek
/// Extended (Indic, Thai, Georgian, Hangul jamo, Ethiopic, Khmer, Vietnamese letters), CJK,
/// kana, Hangul syllables and full-width forms.
fn is_likely_three_byte_target(c: char) -> bool {
    matches!(
        c,
        '\u{800}'..='\u{1FFF}' | '\u{3000}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{FF00}'..='\u{FFEF}'
    )
}

/// Which candidates to repair: strong ones, those in a run of two or more adjacent candidates
/// (a mojibake word such as `ÐŸÑ€Ð¸`), and weak ones on a line that has either.
fn accept(text: &str, candidates: &[Candidate]) -> Vec<bool> {
    let bytes = text.as_bytes();
    let mut accepted: Vec<bool> = candidates.iter().map(|c| c.strong).collect();
    for i in 1..candidates.len() {
        if candidates[i - 1].end == candidates[i].start
            && candidates[i - 1].utf8
            && candidates[i].utf8
        {
            accepted[i - 1] = true;
            accepted[i] = true;
        }
    }
    // Group by line; lines are only cut at \n and \r, the breaks that survive re-encoding.
    let mut line_first = 0;
    for i in 0..=candidates.len() {
        let new_line = i == candidates.len()
            || (i > 0
                && memchr2(
                    b'\n',
                    b'\r',
                    &bytes[candidates[i - 1].end..candidates[i].start],
                )
                .is_some());
        if new_line {
            let line = line_first..i;
            if line.clone().any(|k| accepted[k] && candidates[k].utf8) {
                accepted[line].iter_mut().for_each(|a| *a = true);
            }
            line_first = i;
        }
    }
    accepted
}

/// The byte a character stands for when it is read as a UTF-8 continuation byte (0x80..=0xBF)
/// decoded as Windows-1252, or as Latin-1 for the C1 controls (which also cover the five bytes
/// Windows-1252 leaves undefined, as browsers and ftfy's "sloppy" codec decode them).
fn continuation_byte(c: char) -> Option<u8> {
    let byte = match c {
        '\u{80}'..='\u{BF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str) -> String {
        repair(text).text.into_owned()
    }

    #[test]
    fn continuation_table_matches_whatwg_windows_1252() {
        for byte in 0x80u8..=0xBF {
            let encoded = [byte];
            let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&encoded);
            let c = decoded.chars().next().expect("one character per byte");
            assert_eq!(
                continuation_byte(c),
                Some(byte),
                "byte {byte:#x} decodes to {c:?}"
            );
        }
        // Latin-1 decoding of the same bytes gives the C1 controls, which map too.
        for cp in 0x80u32..=0x9F {
            let c = char::from_u32(cp).expect("C1 control");
            assert_eq!(continuation_byte(c), Some(cp as u8));
        }
        assert_eq!(continuation_byte('a'), None);
        assert_eq!(continuation_byte('é'), None);
    }

    #[test]
    fn one_pass_repairs_one_layer() {
        assert_eq!(repaired("cafÃƒÂ©"), "cafÃ©");
        assert_eq!(repaired("cafÃ©"), "café");
        assert_eq!(repaired("No mojibake here."), "No mojibake here.");
    }

    #[test]
    fn weak_candidates_need_evidence_on_their_line() {
        // A lone `Ð²` (Russian "в") is taken outside Latin words.
        assert_eq!(repaired("Ð² ÐœÐ¾Ñ\u{81}ÐºÐ²Ðµ"), "в Москве");
        // `Ã` + no-break space between capitals is taken only next to stronger evidence on the
        // same line ...
        assert_eq!(repaired("IRMÃ\u{A0}E cafÃ©"), "IRMàE café");
        assert_eq!(repaired("cafÃ©\nIRMÃ\u{A0}E"), "café\nIRMÃ\u{A0}E");
        assert_eq!(repaired("IRMÃ\u{A0}E MÃE"), "IRMÃ\u{A0}E MÃE");
        // ... or inside a lowercase word, or before a space.
        assert_eq!(repaired("voilÃ\u{A0} la"), "voilà la");
        assert_eq!(repaired("cÃ\u{A0}o"), "cào");
        assert_eq!(repaired("CAFÉ’S"), "CAFÉ’S");
    }
}
