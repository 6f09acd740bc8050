//! Greek → Latin after ELOT 743 type 2 ("transcription"), the table Greece uses for passports, identity cards
//! and road signs; ISO 843:1997 type 2 is the same table, and UNGEGN recommends it (UN resolution V/19, 1987).
//!
//! Rule table, as recorded by the UNGEGN Working Group on Romanization Systems ("Greek", version 4.0, 2016)
//! and the annex of UN resolution V/19:
//!
//! | Greek | Latin | when |
//! |---|---|---|
//! | α β γ δ ε ζ η θ ι κ λ μ ν ξ ο π ρ σ/ς τ υ φ χ ψ ω | a v g d e z i th i k l m n x o p r s t y f ch ps o | |
//! | αυ ευ ηυ | av ev iv | before a vowel or β γ δ ζ λ μ ν ρ |
//! | αυ ευ ηυ | af ef if | before θ κ ξ π σ τ φ χ ψ and at the end of the word |
//! | ου | ou | |
//! | γγ γξ γχ | ng nx nch | |
//! | μπ | b | at the beginning and at the end of the word |
//! | μπ | mp | elsewhere (Μπάμπης → Bampis) |
//! | γκ ντ αι ει οι υι | gk nt ai ei oi yi | letter by letter (UNGEGN note 2) |
//!
//! A diaeresis on υ, or a stress accent on the vowel before it, splits the pair into two vowels
//! (αϋ → ay: Ταΰγετος → Taygetos, προϋπόθεση → proypothesi; άυ → ay). Other diaereses change nothing, because
//! αι, ει, οι are written ai, ei, oi anyway (αϊ → ai).
//!
//! Three common renderings are *not* ELOT 743 and are deliberately not produced: γκ → g/ng and ντ → d/nd
//! (BGN/PCGN 1962) and medial μπ → mb (BGN/PCGN): ELOT writes gk, nt and mp there.
//!
//! ELOT also allows marking the stress accent on the Latin vowel (Athína); passports and road signs leave it
//! out, and so does this module: the output for Greek letters is plain ASCII.
//!
//! Case: a word in capitals (two or more capital letters and no small one) comes out in capitals
//! (ΧΑΝΙΑ → CHANIA, ΘΕΟΣ → THEOS); otherwise a capital letter whose romanization has two letters gives one
//! capital (Χανιά → Chania, Θεσσαλονίκη → Thessaloniki).

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Whether `c` belongs to the Greek script blocks this module handles: Greek and Coptic (U+0370–U+03FF)
/// and Greek Extended (U+1F00–U+1FFF).
///
/// Coptic letters and archaic Greek letters (digamma, koppa, sampi, ...) are covered but have no ELOT
/// value: [`transliterate_word`] copies them unchanged.
pub fn covers(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}')
}

/// Appends the ELOT 743 romanization of one word to `out`.
///
/// `word` is expected to be a maximal run of letters and combining marks, so that "beginning" and "end of the
/// word" in the μπ and αυ/ευ/ηυ rules mean the ends of `word`. Precomposed and decomposed accents are both
/// accepted, as is polytonic spelling (breathings, iota subscript and accents are dropped). Characters with no
/// ELOT value (Latin letters, Coptic, archaic letters, stray marks after them) are copied unchanged; Greek
/// spacing accents (΄ ΅ ᾽ ...) are dropped. Never panics and allocates at most once (growing `out`).
///
/// ```
/// use polyprep_translit::greek::transliterate_word;
/// let mut out = String::new();
/// for word in ["Ευάγγελος", "Μπάμπης", "ΧΑΝΙΑ"] {
///     transliterate_word(word, &mut out);
///     out.push(' ');
/// }
/// assert_eq!(out, "Evangelos Bampis CHANIA ");
/// ```
pub fn transliterate_word(word: &str, out: &mut String) {
    out.reserve(word.len());
    let all_caps = is_all_caps(word);
    let mut letters = Letters::new(word);
    let mut cur = letters.next();
    let mut next1 = letters.next();
    let mut next2 = letters.next();
    let mut at_start = true;
    while let Some(letter) = cur {
        let pair_used = emit(letter, next1, next2, at_start, all_caps, out);
        if pair_used {
            cur = next2;
            next1 = letters.next();
        } else {
            cur = next1;
            next1 = next2;
        }
        next2 = letters.next();
        at_start = false;
    }
}

/// One letter of the word after canonical decomposition, with the marks that followed it folded into flags.
#[derive(Clone, Copy, Debug)]
struct Letter {
    /// Small Greek base letter (α..ω, ς) when `greek`, else the original character, copied as it is.
    base: char,
    greek: bool,
    upper: bool,
    diaeresis: bool,
    /// Any stress accent (acute/tonos, grave, circumflex): it splits αυ/ευ/ηυ/ου when on the first vowel.
    accent: bool,
}

impl Letter {
    fn foreign(c: char) -> Self {
        Self {
            base: c,
            greek: false,
            upper: false,
            diaeresis: false,
            accent: false,
        }
    }

    fn is(&self, base: char) -> bool {
        self.greek && self.base == base
    }
}

/// Writes the romanization of `cur` (and of `next1` when the two form a digraph); returns whether `next1` was
/// consumed.
fn emit(
    cur: Letter,
    next1: Option<Letter>,
    next2: Option<Letter>,
    at_start: bool,
    all_caps: bool,
    out: &mut String,
) -> bool {
    if !cur.greek {
        out.push(cur.base);
        return false;
    }
    // The digraph forms only when υ has no diaeresis and the stress is not on the first vowel (άυλος → aylos).
    let u_pair = next1.filter(|n| n.is('υ') && !n.diaeresis && !cur.accent);
    match (cur.base, u_pair) {
        ('α' | 'ε' | 'η', Some(u)) => {
            push_cased(out, single(cur.base), cur.upper, all_caps);
            let voiced =
                next2.is_some_and(|n| n.greek && (is_vowel(n.base) || is_voiced_consonant(n.base)));
            push_cased(out, if voiced { "v" } else { "f" }, u.upper, all_caps);
            true
        }
        ('ο', Some(u)) => {
            push_cased(out, "o", cur.upper, all_caps);
            push_cased(out, "u", u.upper, all_caps);
            true
        }
        ('μ', _)
            if next1.is_some_and(|n| n.is('π'))
                && (at_start || !next2.is_some_and(|n| n.greek)) =>
        {
            push_cased(out, "b", cur.upper, all_caps);
            true
        }
        // γγ ng, γξ nx, γχ nch: only the γ changes, the second letter keeps its own value.
        ('γ', _) if next1.is_some_and(|n| n.is('γ') || n.is('ξ') || n.is('χ')) => {
            push_cased(out, "n", cur.upper, all_caps);
            false
        }
        (base, _) => {
            push_cased(out, single(base), cur.upper, all_caps);
            false
        }
    }
}

/// ELOT value of a single small letter.
fn single(base: char) -> &'static str {
    match base {
        'α' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' => "e",
        'ζ' => "z",
        'η' | 'ι' => "i",
        'θ' => "th",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ω' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        // Unreachable for bases produced by `greek_base`; an empty string keeps it panic-free regardless.
        _ => "",
    }
}

fn is_vowel(base: char) -> bool {
    matches!(base, 'α' | 'ε' | 'η' | 'ι' | 'ο' | 'υ' | 'ω')
}

fn is_voiced_consonant(base: char) -> bool {
    matches!(base, 'β' | 'γ' | 'δ' | 'ζ' | 'λ' | 'μ' | 'ν' | 'ρ')
}

/// Pushes the small ASCII romanization `s` with the case of the Greek letter it came from.
fn push_cased(out: &mut String, s: &str, upper: bool, all_caps: bool) {
    if !upper {
        out.push_str(s);
    } else if all_caps {
        out.extend(s.chars().map(|c| c.to_ascii_uppercase()));
    } else {
        let mut chars = s.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
}

/// A word is in capitals when it has at least two capital Greek letters and no small one: a lone capital
/// (Θ) is an initial, and reads better as "Th" than "TH".
fn is_all_caps(word: &str) -> bool {
    let mut capitals = 0usize;
    for c in word.chars().filter(|&c| covers(c)) {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            capitals += 1;
        }
    }
    capitals >= 2
}

/// Small base letter and case of a decomposed Greek character, including the symbol variants that are plain
/// letters in running text (ϐ ϑ ϕ ϖ ϰ ϱ ϲ ϵ ...).
fn greek_base(c: char) -> Option<(char, bool)> {
    let pair = match c {
        'α'..='ω' => (c, false),
        'Α'..='Ω' => (char::from_u32(c as u32 + 0x20)?, true),
        'ϐ' => ('β', false),
        'ϑ' => ('θ', false),
        'ϒ' => ('υ', true),
        'ϕ' => ('φ', false),
        'ϖ' => ('π', false),
        'ϰ' => ('κ', false),
        'ϱ' => ('ρ', false),
        'ϲ' => ('σ', false),
        'Ϲ' => ('σ', true),
        'ϴ' => ('θ', true),
        'ϵ' => ('ε', false),
        _ => return None,
    };
    // U+03A2 is unassigned; its +0x20 image is ς, which must not come from a capital.
    (c != '\u{03A2}').then_some(pair)
}

/// Spacing accents of the Greek blocks: they are diacritics written beside a letter, not letters.
fn is_spacing_diacritic(c: char) -> bool {
    matches!(
        c,
        '\u{0374}'
            | '\u{0375}'
            | '\u{037A}'
            | '\u{0384}'
            | '\u{0385}'
            | '\u{1FBD}'
            | '\u{1FBF}'..='\u{1FC1}'
            | '\u{1FCD}'..='\u{1FCF}'
            | '\u{1FDD}'..='\u{1FDF}'
            | '\u{1FED}'..='\u{1FEF}'
            | '\u{1FFD}'
            | '\u{1FFE}'
    )
}

/// Combining mark test with the two ranges that hold no marks but most letters of Greek text answered without a
/// table lookup.
fn is_mark(c: char) -> bool {
    !matches!(c, '\0'..='\u{02FF}' | '\u{0370}'..='\u{03FF}') && is_combining_mark(c)
}

/// The letters of a word, decomposed on the fly into a fixed buffer so that no allocation happens per letter.
struct Letters<'a> {
    chars: std::str::Chars<'a>,
    /// Canonical decompositions are at most 4 characters long; 8 leaves room without any risk.
    pending: [char; 8],
    pending_len: usize,
    pending_pos: usize,
    /// A base character read while collecting the marks of the previous letter.
    lookahead: Option<char>,
}

impl<'a> Letters<'a> {
    fn new(word: &'a str) -> Self {
        Self {
            chars: word.chars(),
            pending: ['\0'; 8],
            pending_len: 0,
            pending_pos: 0,
            lookahead: None,
        }
    }

    /// Next character of the word, Greek characters and combining marks canonically decomposed.
    fn next_char(&mut self) -> Option<char> {
        loop {
            if self.pending_pos < self.pending_len {
                let c = self.pending[self.pending_pos];
                self.pending_pos += 1;
                return Some(c);
            }
            let c = self.chars.next()?;
            // Fast path: unaccented letters are most of any text and have nothing to decompose.
            if matches!(c, 'Α'..='Ω' | 'α'..='ω') {
                return Some(c);
            }
            if is_spacing_diacritic(c) {
                continue;
            }
            // Foreign letters are copied as written, so they are not decomposed.
            if !covers(c) && !is_mark(c) {
                return Some(c);
            }
            let mut buf = ['\0'; 8];
            let mut len = 0;
            decompose_canonical(c, |d| {
                if let Some(slot) = buf.get_mut(len) {
                    *slot = d;
                    len += 1;
                }
            });
            self.pending = buf;
            self.pending_len = len;
            self.pending_pos = 0;
        }
    }

    fn next(&mut self) -> Option<Letter> {
        let c = match self.lookahead.take() {
            Some(c) => c,
            None => self.next_char()?,
        };
        let Some((base, upper)) = greek_base(c) else {
            return Some(Letter::foreign(c));
        };
        let mut letter = Letter {
            base,
            greek: true,
            upper,
            diaeresis: false,
            accent: false,
        };
        while let Some(m) = self.next_char() {
            if !is_mark(m) {
                self.lookahead = Some(m);
                break;
            }
            match m {
                '\u{0308}' => letter.diaeresis = true,
                '\u{0300}' | '\u{0301}' | '\u{0342}' => letter.accent = true,
                // Breathings and iota subscript have no value in ELOT 743.
                _ => {}
            }
        }
        Some(letter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tr(word: &str) -> String {
        let mut out = String::new();
        transliterate_word(word, &mut out);
        out
    }

    fn check(cases: &[(&str, &str)]) {
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|&(greek, want)| {
                let got = tr(greek);
                (got != want).then(|| format!("{greek}: got {got}, want {want}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn place_names_as_on_greek_road_signs() {
        // ELOT 743 forms used by the Hellenic state for these places (official romanized names).
        check(&[
            ("Αθήνα", "Athina"),
            ("Θεσσαλονίκη", "Thessaloniki"),
            ("Πειραιάς", "Peiraias"),
            ("Χανιά", "Chania"),
            ("Ηράκλειο", "Irakleio"),
            ("Πάτρα", "Patra"),
            ("Κέρκυρα", "Kerkyra"),
            ("Ζάκυνθος", "Zakynthos"),
            ("Ξάνθη", "Xanthi"),
            ("Χαλκίδα", "Chalkida"),
            ("Ψυχικό", "Psychiko"),
            ("Κομοτηνή", "Komotini"),
            ("Ιωάννινα", "Ioannina"),
            ("Ελλάδα", "Ellada"),
        ]);
    }

    #[test]
    fn av_af_ev_ef_by_the_following_sound() {
        // UNGEGN WGRS Greek v4.0 notes A/B: v before vowels and β γ δ ζ λ μ ν ρ, f before θ κ ξ π σ τ φ χ ψ
        // and at the end of the word.
        check(&[
            ("Ευάγγελος", "Evangelos"),
            ("Αυγή", "Avgi"),
            ("Ευτυχία", "Eftychia"),
            ("Παύλος", "Pavlos"),
            ("Ναύπλιο", "Nafplio"),
            ("Λαύριο", "Lavrio"),
            ("Ελευσίνα", "Elefsina"),
            ("Εύβοια", "Evvoia"),
            ("Ευφροσύνη", "Effrosyni"),
            ("Ελευθέριος", "Eleftherios"),
            ("Ευρώπη", "Evropi"),
            ("αυτός", "aftos"),
            ("ευχαριστώ", "efcharisto"),
            ("ηύρα", "ivra"),
            ("Ζευς", "Zefs"),
            // End of the word counts as voiceless.
            ("ταυ", "taf"),
        ]);
    }

    #[test]
    fn diaeresis_or_first_vowel_accent_splits_the_pair() {
        check(&[
            ("Ταΰγετος", "Taygetos"),
            ("προϋπόθεση", "proypothesi"),
            ("άυλος", "aylos"),
            ("Μαΐου", "Maiou"),
            ("ταΐζω", "taizo"),
            ("Αϊδίνη", "Aidini"),
            // Decomposed spelling behaves the same as precomposed.
            ("προ\u{3C5}\u{308}πόθεση", "proypothesi"),
            ("Ευα\u{301}γγελος", "Evangelos"),
        ]);
    }

    #[test]
    fn consonant_pairs_follow_elot_not_bgn() {
        // UNGEGN WGRS Greek v4.0: μπ b at the beginning and end, mp elsewhere; γκ and ντ letter by letter
        // (note 2); γγ ng, γξ nx, γχ nch.
        check(&[
            ("Μπάμπης", "Bampis"),
            ("μπάλα", "bala"),
            ("λάμπα", "lampa"),
            ("Λαμπράκης", "Lamprakis"),
            ("Ντίνος", "Ntinos"),
            ("Γκίκας", "Gkikas"),
            ("Άγκυρα", "Agkyra"),
            ("Άγγελος", "Angelos"),
            ("Αγγλία", "Anglia"),
            ("σφίγξ", "sfinx"),
            ("μελαγχολία", "melancholia"),
            ("Σπάρτη", "Sparti"),
        ]);
    }

    #[test]
    fn capitals() {
        check(&[
            ("ΧΑΝΙΑ", "CHANIA"),
            ("ΘΕΣΣΑΛΟΝΙΚΗ", "THESSALONIKI"),
            ("ΕΥΑΓΓΕΛΟΣ", "EVANGELOS"),
            ("ΜΠΑΜΠΗΣ", "BAMPIS"),
            ("ΨΥΧΙΚΟ", "PSYCHIKO"),
            ("ΠΡΟΫΠΟΘΕΣΗ", "PROYPOTHESI"),
            ("ΘΕΟΣ", "THEOS"),
            ("Θ", "Th"),
            ("ΘΑ", "THA"),
            ("Ουρανός", "Ouranos"),
        ]);
    }

    #[test]
    fn polytonic_and_symbol_variants() {
        check(&[
            ("Ἀθῆναι", "Athinai"),
            ("ᾠδή", "odi"),
            ("Ἑλλάς", "Ellas"),
            ("ϑεϱμός", "thermos"),
            ("Ἄ\u{0384}γγελος", "Angelos"),
        ]);
    }

    #[test]
    fn foreign_characters_are_copied() {
        check(&[
            ("Ϣαβ", "Ϣav"),
            ("aβc", "avc"),
            ("\u{301}α", "\u{301}a"),
            ("", ""),
        ]);
    }

    #[test]
    fn appends_without_clearing() {
        let mut out = String::from("x ");
        transliterate_word("Αθήνα", &mut out);
        assert_eq!(out, "x Athina");
    }

    #[test]
    fn covers_the_two_greek_blocks_only() {
        assert!(covers('α') && covers('Ω') && covers('ἀ') && covers('ϣ') && covers('\u{1FFE}'));
        assert!(!covers('a') && !covers('я') && !covers('\u{0301}') && !covers('가'));
    }

    /// Letters of modern and polytonic Greek whose capitals are single letters (unlike ᾳ → ΑΙ).
    const GREEK_LETTERS: &[char] = &[
        'α', 'β', 'γ', 'δ', 'ε', 'ζ', 'η', 'θ', 'ι', 'κ', 'λ', 'μ', 'ν', 'ξ', 'ο', 'π', 'ρ', 'σ',
        'ς', 'τ', 'υ', 'φ', 'χ', 'ψ', 'ω', 'ά', 'έ', 'ή', 'ί', 'ό', 'ύ', 'ώ', 'ϊ', 'ϋ', 'ΐ', 'ΰ',
        'ἀ', 'ῶ', 'ὑ', 'ϐ', 'ϑ',
    ];
    /// Marks that may follow a letter (decomposed spelling); ypogegrammeni is left out for the same reason.
    const GREEK_MARKS: &[char] = &['\u{301}', '\u{308}', '\u{313}', '\u{314}', '\u{342}'];

    fn greek_word() -> impl Strategy<Value = String> {
        let letter = (
            proptest::sample::select(GREEK_LETTERS),
            proptest::option::of(proptest::sample::select(GREEK_MARKS)),
        );
        proptest::collection::vec(letter, 0..12).prop_map(|v| {
            v.into_iter()
                .flat_map(|(l, m)| std::iter::once(l).chain(m))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let mut out = String::new();
            transliterate_word(&s, &mut out);
        }

        #[test]
        fn never_panics_on_greek_block_soup(s in "[\u{0370}-\u{03FF}\u{1F00}-\u{1FFF}\u{0300}-\u{036F}]{0,16}") {
            let mut out = String::new();
            transliterate_word(&s, &mut out);
        }

        #[test]
        fn greek_letters_give_small_ascii(w in greek_word()) {
            let out = tr(&w);
            prop_assert!(out.bytes().all(|b| b.is_ascii_lowercase()), "{} -> {}", w, out);
        }

        #[test]
        fn capitals_give_capitals(w in greek_word()) {
            let upper = w.to_uppercase();
            let greek_letters = upper.chars().filter(|c| c.is_uppercase()).count();
            prop_assume!(greek_letters >= 2);
            prop_assert_eq!(tr(&upper), tr(&w).to_ascii_uppercase());
        }

        #[test]
        fn a_capital_initial_gives_one_capital(w in greek_word()) {
            let mut chars = w.chars();
            let Some(first) = chars.next() else { return Ok(()) };
            prop_assume!(first.is_lowercase());
            let titled: String = first.to_uppercase().chain(chars).collect();
            let small = tr(&w);
            let mut want = String::new();
            let mut small_chars = small.chars();
            if let Some(c) = small_chars.next() {
                want.push(c.to_ascii_uppercase());
                want.push_str(small_chars.as_str());
            }
            prop_assert_eq!(tr(&titled), want);
        }
    }
}
