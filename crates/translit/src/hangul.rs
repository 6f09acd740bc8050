//! Hangul → Latin after the Revised Romanization of Korean (Ministry of Culture and Tourism, Notice 2000-8;
//! the National Institute of the Korean Language publishes the English text as "Romanization of Korean").
//!
//! RR romanizes the standard *pronunciation*, so a word is not romanized syllable by syllable: the sound changes
//! listed in the rule text are applied between the syllables of a word first.
//!
//! * Final consonants are written by their representative sound: ㄱ ㄲ ㅋ ㄳ ㄺ → k, ㄷ ㅅ ㅆ ㅈ ㅊ ㅌ ㅎ → t,
//!   ㅂ ㅍ ㄿ ㅄ → p, ㄴ ㄵ ㄶ → n, ㄹ ㄼ ㄽ ㄾ ㅀ → l, ㅁ ㄻ → m, ㅇ → ng (월곶 Wolgot, 벚꽃 beotkkot, 한밭 Hanbat).
//! * Liaison: a final consonant before a vowel is read as the next syllable's initial (백암 Baegam, 설악 Seorak,
//!   한국어 hangugeo); of a double final only the second moves (없어 eopseo); ㅎ is silent (좋아 joa).
//! * Nasalization: k t p before ㄴ ㅁ become ng n m (백마 Baengma); ㄹ after any consonant but ㄴ/ㄹ reads ㄴ
//!   (종로 Jongno, 왕십리 Wangsimni, 독립문 Dongnimmun).
//! * Liquidization: ㄴㄹ and ㄹㄴ read ㄹㄹ, written ll (신라 Silla, 별내 Byeollae); ㄹㄹ is ll (울릉 Ulleung).
//! * Palatalization: ㄷ ㅌ before 이 read ㅈ ㅊ (해돋이 haedoji, 같이 gachi).
//! * Aspiration: ㅎ before ㄱ ㄷ ㅈ gives k t ch (좋고 joko, 놓다 nota, 낳지 nachi). The reverse order, ㄱ ㄷ ㅂ ㅈ
//!   before ㅎ, is aspirated only in verbs and adjectives (잡혀 japyeo); in nouns the ㅎ is written (묵호 Mukho,
//!   집현전 Jiphyeonjeon). Which one applies is chosen with [`WordKind`].
//! * Tensing is never written (압구정 Apgujeong, 낙동강 Nakdonggang).
//! * ㅢ is ui everywhere (희망 huimang, 광희문 Gwanghuimun).
//!
//! Syllables are decomposed arithmetically from U+AC00; conjoining jamo sequences (NFD Hangul) are recomposed
//! the same way, and isolated letters (compatibility jamo such as ㅋㅋ, halfwidth jamo) are written by their
//! own values.

/// How the sound changes between the syllables of a word are applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WordKind {
    /// Nouns, place names and anything not known to be a predicate: all sound changes except aspiration of
    /// ㄱ ㄷ ㅂ ㅈ by a following ㅎ, which the rule text excludes for nouns (묵호 Mukho). The best default for
    /// news text, where the words worth romanizing are mostly names and nouns.
    #[default]
    Noun,
    /// Verbs and adjectives: like [`WordKind::Noun`], and ㄱ ㄷ ㅂ ㅈ + ㅎ are written aspirated (잡혀 japyeo,
    /// 맞히다 machida, 굳히다 guchida).
    Predicate,
    /// Personal names (RR 3.4): no sound change between syllables; each syllable is written as if it stood
    /// alone, except that ㄹㄹ stays ll (한복남 Boknam, 홍빛나 Bitna).
    Name,
}

/// Whether `c` is Hangul: syllables (U+AC00–U+D7A3), Jamo (U+1100–U+11FF), Jamo Extended-A and -B
/// (U+A960–U+A97F, U+D7B0–U+D7FF), compatibility Jamo (U+3130–U+318F) and halfwidth Hangul (U+FFA0–U+FFDC).
///
/// Archaic letters and fillers in these blocks are covered but have no RR value and produce no output.
pub fn covers(c: char) -> bool {
    matches!(
        c,
        '\u{AC00}'..='\u{D7A3}'
            | '\u{1100}'..='\u{11FF}'
            | '\u{A960}'..='\u{A97F}'
            | '\u{D7B0}'..='\u{D7FF}'
            | '\u{3130}'..='\u{318F}'
            | '\u{FFA0}'..='\u{FFDC}'
    )
}

/// Appends the RR romanization of one word, in small letters, treating it as a noun ([`WordKind::Noun`]).
///
/// Use this for running text: the sound changes between syllables are applied, as RR requires for words,
/// place names and other proper nouns. Characters that are not Hangul are copied unchanged, so the output is
/// ASCII whenever the input is Hangul. Never panics.
///
/// ```
/// use polyprep_translit::hangul::transliterate_word;
/// let mut out = String::new();
/// transliterate_word("한국어", &mut out);
/// assert_eq!(out, "hangugeo");
/// ```
pub fn transliterate_word(word: &str, out: &mut String) {
    transliterate_word_as(word, WordKind::Noun, false, out);
}

/// Like [`transliterate_word`], with the first letter capitalized: for place names and other proper nouns
/// (RR 3.3: 서울 → Seoul, 부산 → Busan).
pub fn transliterate_word_capitalized(word: &str, out: &mut String) {
    transliterate_word_as(word, WordKind::Noun, true, out);
}

/// Appends the RR romanization of a personal name, capitalized, without sound changes between syllables
/// (RR 3.4: 한복남 → "Han Boknam", not "Bongnam").
///
/// Use it for a word known to be a person's name (from NER or a gazetteer), on the family name and on the given
/// name separately when they are separate words (한 + 복남 → "Han" + "Boknam"). A full name written as one
/// word comes out as one word (김정은 → "Gimjeongeun"); splitting off the family name needs a list of family
/// names and is left to the caller. Use [`transliterate_word_capitalized`] for place names instead: RR applies
/// the sound changes there (종로 → Jongno).
pub fn transliterate_name(word: &str, out: &mut String) {
    transliterate_word_as(word, WordKind::Name, true, out);
}

/// Appends the RR romanization of one word with the sound changes of `kind`, capitalizing the first letter
/// when `capitalize` is set. The other functions of this module are shorthands for this one.
pub fn transliterate_word_as(word: &str, kind: WordKind, capitalize: bool, out: &mut String) {
    let start = out.len();
    out.reserve(word.len() * 2);
    let mut units = Units::new(word);
    // Position of the current syllable in the current run of syllables (the ㄴㄹ → nn exception needs it).
    let mut run_pos = 0usize;
    // Initial of the current syllable as decided at the boundary with the previous one.
    let mut onset: Option<&'static str> = None;
    let mut cur = units.next();
    while let Some(unit) = cur {
        let next = units.next();
        match unit {
            Unit::Syllable(s) => {
                out.push_str(onset.take().unwrap_or(INITIALS[s.initial]));
                out.push_str(VOWELS[s.vowel]);
                if let Some(Unit::Syllable(n)) = next {
                    let (coda, next_onset) =
                        boundary(s.fin, n, kind, run_pos > 0 && is_nn_suffix(n));
                    out.push_str(coda);
                    onset = Some(next_onset);
                    run_pos += 1;
                } else {
                    out.push_str(coda_str(FINAL_SOUND[s.fin]));
                    run_pos = 0;
                }
            }
            Unit::Letter(s) => {
                out.push_str(s);
                run_pos = 0;
            }
            Unit::Foreign(c) => {
                out.push(c);
                run_pos = 0;
            }
            Unit::Silent => run_pos = 0,
        }
        cur = next;
    }
    if capitalize {
        if let Some(first) = out.get_mut(start..start + 1) {
            first.make_ascii_uppercase();
        }
    }
}

/// Romanization of the 19 modern initials (ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ) before a vowel.
const INITIALS: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];

/// Romanization of the 21 modern vowels (ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ).
const VOWELS: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];

// Indices used by the sound rules.
const I_G: usize = 0;
const I_N: usize = 2;
const I_R: usize = 5;
const I_M: usize = 6;
const I_ZERO: usize = 11;
const I_H: usize = 18;
const V_I: usize = 20;
const F_D: usize = 7;
const F_LG: usize = 9;
const F_LT: usize = 13;
const F_T: usize = 25;

/// The seven sounds a syllable-final consonant is pronounced as (plus none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Coda {
    None,
    K,
    T,
    P,
    N,
    L,
    M,
    Ng,
}

/// Representative sound of each of the 28 finals (none, ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ
/// ㅍ ㅎ), after the Standard Pronunciation rules for double finals (닭 dak, 삶 sam, 여덟 yeodeol, 읊 eup).
const FINAL_SOUND: [Coda; 28] = {
    use Coda::*;
    [
        None, K, K, K, N, N, N, T, L, K, M, L, L, L, P, L, M, P, P, T, T, Ng, T, T, K, T, P, T,
    ]
};

fn coda_str(coda: Coda) -> &'static str {
    match coda {
        Coda::None => "",
        Coda::K => "k",
        Coda::T => "t",
        Coda::P => "p",
        Coda::N => "n",
        Coda::L => "l",
        Coda::M => "m",
        Coda::Ng => "ng",
    }
}

/// Final + vowel-initial syllable: what stays as the final and what becomes the next initial.
const LIAISON: [(&str, &str); 28] = [
    ("", ""),   // none
    ("", "g"),  // ㄱ
    ("", "kk"), // ㄲ
    ("k", "s"), // ㄳ
    ("", "n"),  // ㄴ
    ("n", "j"), // ㄵ
    ("", "n"),  // ㄶ: ㅎ is silent
    ("", "d"),  // ㄷ
    ("", "r"),  // ㄹ
    ("l", "g"), // ㄺ
    ("l", "m"), // ㄻ
    ("l", "b"), // ㄼ
    ("l", "s"), // ㄽ
    ("l", "t"), // ㄾ
    ("l", "p"), // ㄿ
    ("", "r"),  // ㅀ: ㅎ is silent
    ("", "m"),  // ㅁ
    ("", "b"),  // ㅂ
    ("p", "s"), // ㅄ
    ("", "s"),  // ㅅ
    ("", "ss"), // ㅆ
    ("ng", ""), // ㅇ is a sound of its own and does not move
    ("", "j"),  // ㅈ
    ("", "ch"), // ㅊ
    ("", "k"),  // ㅋ
    ("", "t"),  // ㅌ
    ("", "p"),  // ㅍ
    ("", ""),   // ㅎ is silent
];

/// Final + ㅎ in predicates, where the two merge into an aspirate; `None` for finals that do not merge.
const ASPIRATED: [Option<(&str, &str)>; 28] = [
    None,              // none
    Some(("", "k")),   // ㄱ
    Some(("", "k")),   // ㄲ
    Some(("", "k")),   // ㄳ
    None,              // ㄴ
    Some(("n", "ch")), // ㄵ: 앉히다 anchida
    None,              // ㄶ
    Some(("", "t")),   // ㄷ (palatalized before 히, see `boundary`)
    None,              // ㄹ
    Some(("l", "k")),  // ㄺ: 밝히다 balkida
    None,              // ㄻ
    Some(("l", "p")),  // ㄼ: 넓히다 neolpida
    None,              // ㄽ
    Some(("l", "t")),  // ㄾ
    Some(("l", "p")),  // ㄿ
    None,              // ㅀ
    None,              // ㅁ
    Some(("", "p")),   // ㅂ
    Some(("", "p")),   // ㅄ
    Some(("", "t")),   // ㅅ
    Some(("", "t")),   // ㅆ
    None,              // ㅇ
    Some(("", "ch")),  // ㅈ
    Some(("", "ch")),  // ㅊ
    Some(("", "k")),   // ㅋ
    Some(("", "t")),   // ㅌ
    Some(("", "p")),   // ㅍ
    None,              // ㅎ
];

/// One modern syllable as initial, vowel and final indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Syllable {
    initial: usize,
    vowel: usize,
    fin: usize,
}

/// Final of one syllable + the next syllable → (what is written for the final, the next syllable's initial).
fn boundary(
    fin: usize,
    next: Syllable,
    kind: WordKind,
    nn_suffix: bool,
) -> (&'static str, &'static str) {
    let initial = next.initial;
    if fin == 0 {
        return ("", INITIALS[initial]);
    }
    let sound = FINAL_SOUND[fin];
    if kind == WordKind::Name {
        let onset = if initial == I_R && sound == Coda::L {
            "l"
        } else {
            INITIALS[initial]
        };
        return (coda_str(sound), onset);
    }
    if initial == I_ZERO {
        if next.vowel == V_I {
            match fin {
                F_D => return ("", "j"),
                F_T => return ("", "ch"),
                F_LT => return ("l", "ch"),
                _ => {}
            }
        }
        return LIAISON[fin];
    }
    // ㅎ, ㄶ, ㅀ: the ㅎ aspirates a following ㄱ ㄷ ㅈ, turns ㅅ tense (not written) and reads ㄴ before ㄴ.
    if let Some(kept) = match fin {
        6 => Some("n"),
        15 => Some("l"),
        27 => Some(""),
        _ => None,
    } {
        match initial {
            0 => return (kept, "k"),
            3 => return (kept, "t"),
            12 => return (kept, "ch"),
            1 | 4 | 9 | 10 | 13 => return (kept, INITIALS[initial]),
            I_N => return if fin == 15 { ("l", "l") } else { ("n", "n") },
            I_H => return (kept, "h"),
            _ => {}
        }
    }
    if initial == I_H {
        if kind == WordKind::Predicate {
            if fin == F_D && next.vowel == V_I {
                return ("", "ch");
            }
            if let Some(pair) = ASPIRATED[fin] {
                return pair;
            }
        }
        return (coda_str(sound), "h");
    }
    match (initial, sound) {
        (I_N | I_M, Coda::K) => ("ng", INITIALS[initial]),
        (I_N | I_M, Coda::T) => ("n", INITIALS[initial]),
        (I_N | I_M, Coda::P) => ("m", INITIALS[initial]),
        (I_N, Coda::L) => ("l", "l"),
        (I_R, Coda::K | Coda::Ng) => ("ng", "n"),
        (I_R, Coda::T) => ("n", "n"),
        (I_R, Coda::P | Coda::M) => ("m", "n"),
        (I_R, Coda::N) if nn_suffix => ("n", "n"),
        (I_R, Coda::N | Coda::L) => ("l", "l"),
        // ㄺ keeps its ㄹ before ㄱ (읽고 ilgo, 맑게 malge).
        (I_G, _) if fin == F_LG => ("l", "g"),
        _ => (coda_str(sound), INITIALS[initial]),
    }
}

/// Sino-Korean suffixes after which ㄴㄹ reads ㄴㄴ instead of ㄹㄹ when they follow a stem of two or more
/// syllables (Standard Pronunciation art. 20 exceptions: 신문로 Sinmunno, 의견란, 생산량, 공권력, 입원료,
/// 음운론, 상견례, 구근류). In two-syllable words ㄴㄹ stays ll (신라 Silla, 진로, 권력, 난로). 령 is not in the
/// list because place names in -령 (pass) read ll (대관령 Daegwallyeong).
fn is_nn_suffix(s: Syllable) -> bool {
    s.initial == I_R
        && matches!(
            (s.vowel, s.fin),
            (0, 4) // 란
                | (2, 21) // 량
                | (6, 1) // 력
                | (7, 0) // 례
                | (8, 0) // 로
                | (8, 4) // 론
                | (12, 0) // 료
                | (17, 0) // 류
        )
}

/// What a word is made of, read one character (or one conjoining jamo sequence) at a time.
#[derive(Clone, Copy, Debug)]
enum Unit {
    Syllable(Syllable),
    /// An isolated letter, already romanized.
    Letter(&'static str),
    /// Not Hangul: copied unchanged.
    Foreign(char),
    /// Hangul with no RR value (fillers, archaic letters).
    Silent,
}

/// Isolated consonants by their own value (ㅇ, which has no sound before a vowel, by its final value ng);
/// order of the compatibility jamo U+3131–U+314E.
const COMPAT_CONSONANTS: [&str; 30] = [
    "g", "kk", "gs", "n", "nj", "nh", "d", "tt", "r", "lg", "lm", "lb", "ls", "lt", "lp", "lh",
    "m", "b", "pp", "bs", "s", "ss", "ng", "j", "jj", "ch", "k", "t", "p", "h",
];

/// Isolated conjoining initials U+1100–U+1112.
const LONE_INITIALS: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "ng", "j", "jj", "ch", "k", "t",
    "p", "h",
];

/// Isolated conjoining finals U+11A8–U+11C2 (index 0 unused).
const LONE_FINALS: [&str; 28] = [
    "", "g", "kk", "gs", "n", "nj", "nh", "d", "r", "lg", "lm", "lb", "ls", "lt", "lp", "lh", "m",
    "b", "bs", "s", "ss", "ng", "j", "ch", "k", "t", "p", "h",
];

struct Units<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
}

impl<'a> Units<'a> {
    fn new(word: &'a str) -> Self {
        Self {
            chars: word.chars().peekable(),
        }
    }

    /// Consumes a following modern conjoining vowel (U+1161–U+1175) and returns its index.
    fn take_vowel(&mut self) -> Option<usize> {
        let v = self
            .chars
            .next_if(|&c| ('\u{1161}'..='\u{1175}').contains(&c))?;
        Some(v as usize - 0x1161)
    }

    /// Consumes a following modern conjoining final (U+11A8–U+11C2) and returns its index (1..=27), or 0.
    fn take_final(&mut self) -> usize {
        match self
            .chars
            .next_if(|&c| ('\u{11A8}'..='\u{11C2}').contains(&c))
        {
            Some(t) => t as usize - 0x11A7,
            None => 0,
        }
    }

    fn next(&mut self) -> Option<Unit> {
        let c = self.chars.next()?;
        let cp = c as usize;
        let unit = match c {
            '\u{AC00}'..='\u{D7A3}' => {
                let index = cp - 0xAC00;
                let mut fin = index % 28;
                if fin == 0 {
                    // An LV syllable followed by a conjoining final is one syllable (NFC would compose it).
                    fin = self.take_final();
                }
                Unit::Syllable(Syllable {
                    initial: index / 588,
                    vowel: index % 588 / 28,
                    fin,
                })
            }
            '\u{1100}'..='\u{1112}' | '\u{115F}' => match self.take_vowel() {
                Some(vowel) => Unit::Syllable(Syllable {
                    // The choseong filler stands for "no initial", which is what ㅇ means before a vowel.
                    initial: if c == '\u{115F}' { I_ZERO } else { cp - 0x1100 },
                    vowel,
                    fin: self.take_final(),
                }),
                None if c == '\u{115F}' => Unit::Silent,
                None => Unit::Letter(LONE_INITIALS[cp - 0x1100]),
            },
            '\u{1161}'..='\u{1175}' => Unit::Letter(VOWELS[cp - 0x1161]),
            '\u{11A8}'..='\u{11C2}' => Unit::Letter(LONE_FINALS[cp - 0x11A7]),
            '\u{3131}'..='\u{314E}' => Unit::Letter(COMPAT_CONSONANTS[cp - 0x3131]),
            '\u{314F}'..='\u{3163}' => Unit::Letter(VOWELS[cp - 0x314F]),
            '\u{FFA1}'..='\u{FFBE}' => Unit::Letter(COMPAT_CONSONANTS[cp - 0xFFA1]),
            // Halfwidth vowels come in four runs with gaps between them.
            '\u{FFC2}'..='\u{FFC7}' => Unit::Letter(VOWELS[cp - 0xFFC2]),
            '\u{FFCA}'..='\u{FFCF}' => Unit::Letter(VOWELS[cp - 0xFFCA + 6]),
            '\u{FFD2}'..='\u{FFD7}' => Unit::Letter(VOWELS[cp - 0xFFD2 + 12]),
            '\u{FFDA}'..='\u{FFDC}' => Unit::Letter(VOWELS[cp - 0xFFDA + 18]),
            _ if covers(c) => Unit::Silent,
            _ => Unit::Foreign(c),
        };
        Some(unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tr_as(word: &str, kind: WordKind, capitalize: bool) -> String {
        let mut out = String::new();
        transliterate_word_as(word, kind, capitalize, &mut out);
        out
    }

    fn check(kind: WordKind, capitalize: bool, cases: &[(&str, &str)]) {
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|&(hangul, want)| {
                let got = tr_as(hangul, kind, capitalize);
                (got != want).then(|| format!("{hangul}: got {got}, want {want}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn vowels_and_ui() {
        // RR 2(1): vowel table; note 1: ㅢ is ui even when pronounced ㅣ.
        check(
            WordKind::Noun,
            false,
            &[
                (
                    "아애야얘어에여예오와왜외요우워웨위유으의이",
                    "aaeyayaeeoeyeoyeowawaeoeyouwowewiyueuuii",
                ),
                ("희망", "huimang"),
                ("광희문", "gwanghuimun"),
                ("의정부", "uijeongbu"),
            ],
        );
    }

    #[test]
    fn consonants_g_d_b_and_finals() {
        // RR 2(2) note 1: ㄱ ㄷ ㅂ are g d b before a vowel, k t p before a consonant or at the end.
        // Examples of the rule text; [월곧] [벋꼳] [한받] are their pronunciations.
        check(
            WordKind::Noun,
            true,
            &[
                ("구미", "Gumi"),
                ("영동", "Yeongdong"),
                ("백암", "Baegam"),
                ("옥천", "Okcheon"),
                ("합덕", "Hapdeok"),
                ("호법", "Hobeop"),
                ("월곶", "Wolgot"),
                ("벚꽃", "Beotkkot"),
                ("한밭", "Hanbat"),
            ],
        );
    }

    #[test]
    fn r_and_l() {
        // RR 2(2) note 2: ㄹ is r before a vowel, l before a consonant or at the end; ㄹㄹ is ll.
        check(
            WordKind::Noun,
            true,
            &[
                ("구리", "Guri"),
                ("설악", "Seorak"),
                ("칠곡", "Chilgok"),
                ("임실", "Imsil"),
                ("울릉", "Ulleung"),
                ("대관령", "Daegwallyeong"),
                ("철원", "Cheorwon"),
                ("울릉도", "Ulleungdo"),
                ("발해", "Balhae"),
                ("리을", "Rieul"),
            ],
        );
    }

    #[test]
    fn assimilation_of_adjacent_consonants() {
        // RR 3(1)1.
        check(
            WordKind::Noun,
            true,
            &[
                ("백마", "Baengma"),
                ("신문로", "Sinmunno"),
                ("종로", "Jongno"),
                ("왕십리", "Wangsimni"),
                ("별내", "Byeollae"),
                ("신라", "Silla"),
            ],
        );
    }

    #[test]
    fn palatalization_and_aspiration() {
        // RR 3(1)3 and 3(1)4: 해돋이, 같이 in any word; the rest are verbs/adjectives.
        check(
            WordKind::Noun,
            false,
            &[
                ("해돋이", "haedoji"),
                ("같이", "gachi"),
                ("좋고", "joko"),
                ("놓다", "nota"),
                ("낳지", "nachi"),
            ],
        );
        check(
            WordKind::Predicate,
            false,
            &[
                ("맞히다", "machida"),
                ("굳히다", "guchida"),
                ("잡혀", "japyeo"),
                ("좋고", "joko"),
                ("놓다", "nota"),
                ("낳지", "nachi"),
                ("먹히다", "meokida"),
                ("밝히다", "balkida"),
                ("앉히다", "anchida"),
            ],
        );
        // "This does not apply to nouns where ㅎ follows ㄱ ㄷ ㅂ".
        check(
            WordKind::Noun,
            true,
            &[
                ("묵호", "Mukho"),
                ("집현전", "Jiphyeonjeon"),
                ("북한", "Bukhan"),
            ],
        );
    }

    #[test]
    fn tensing_is_not_written() {
        // RR 3(1) note.
        check(
            WordKind::Noun,
            true,
            &[
                ("압구정", "Apgujeong"),
                ("낙동강", "Nakdonggang"),
                ("죽변", "Jukbyeon"),
                ("낙성대", "Nakseongdae"),
                ("합정", "Hapjeong"),
                ("팔당", "Paldang"),
                ("샛별", "Saetbyeol"),
                ("울산", "Ulsan"),
            ],
        );
    }

    #[test]
    fn proper_names_of_places_and_monuments() {
        // RR 3.3 (부산, 세종) and the names of 3.6 (features and cultural properties, written without hyphens).
        check(
            WordKind::Noun,
            true,
            &[
                ("서울", "Seoul"),
                ("부산", "Busan"),
                ("세종", "Sejong"),
                ("남산", "Namsan"),
                ("속리산", "Songnisan"),
                ("금강", "Geumgang"),
                ("독도", "Dokdo"),
                ("경복궁", "Gyeongbokgung"),
                ("무량수전", "Muryangsujeon"),
                ("연화교", "Yeonhwagyo"),
                ("극락전", "Geungnakjeon"),
                ("안압지", "Anapji"),
                ("남한산성", "Namhansanseong"),
                ("화랑대", "Hwarangdae"),
                ("불국사", "Bulguksa"),
                ("현충사", "Hyeonchungsa"),
                ("독립문", "Dongnimmun"),
                ("오죽헌", "Ojukheon"),
                ("촉석루", "Chokseongnu"),
                ("종묘", "Jongmyo"),
                ("다보탑", "Dabotap"),
                ("청주", "Cheongju"),
                ("함평", "Hampyeong"),
                ("순창", "Sunchang"),
                ("전라북도", "Jeollabukdo"),
                ("한라산", "Hallasan"),
                ("광한루", "Gwanghallu"),
            ],
        );
    }

    #[test]
    fn liaison_with_double_finals_and_h() {
        // Wikipedia's RR summary (벽에 byeoge, 밖에 bakke, 부엌에 bueoke) and Standard Pronunciation arts. 12-14.
        check(
            WordKind::Noun,
            false,
            &[
                ("한국어", "hangugeo"),
                ("벽", "byeok"),
                ("밖", "bak"),
                ("부엌", "bueok"),
                ("벽에", "byeoge"),
                ("밖에", "bakke"),
                ("부엌에", "bueoke"),
                ("없어", "eopseo"),
                ("앉아", "anja"),
                ("읽어", "ilgeo"),
                ("닭", "dak"),
                ("좋아", "joa"),
                ("않아", "ana"),
                ("싫어", "sireo"),
                ("있는", "inneun"),
                ("없는", "eomneun"),
                ("놓는", "nonneun"),
                ("앓는", "alleun"),
                ("않고", "anko"),
                ("싫다", "silta"),
                ("읽고", "ilgo"),
                ("김정은", "gimjeongeun"),
            ],
        );
    }

    #[test]
    fn personal_names_without_sound_changes() {
        // RR 3.4: 민용하 Min Yongha, 송나리 Song Nari, 한복남 Han Boknam, 홍빛나 Hong Bitna.
        let names = [
            ("민", "Min"),
            ("용하", "Yongha"),
            ("송", "Song"),
            ("나리", "Nari"),
        ];
        check(WordKind::Name, true, &names);
        check(
            WordKind::Name,
            true,
            &[
                ("한", "Han"),
                ("복남", "Boknam"),
                ("홍", "Hong"),
                ("빛나", "Bitna"),
            ],
        );
        let mut out = String::new();
        transliterate_name("김정은", &mut out);
        assert_eq!(out, "Gimjeongeun");
        // The same words as ordinary words do change.
        check(
            WordKind::Noun,
            false,
            &[("복남", "bongnam"), ("빛나", "binna")],
        );
    }

    #[test]
    fn jamo_forms() {
        // Conjoining jamo (NFD) compose like precomposed syllables; a precomposed LV takes a conjoining final.
        check(
            WordKind::Noun,
            true,
            &[("\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}", "Hanguk")],
        );
        check(WordKind::Noun, false, &[("하\u{11AB}국어", "hangugeo")]);
        // Isolated letters: chat-style ㅋㅋ, ㅠㅠ, halfwidth ﾡ (ㄱ), lone conjoining letters.
        check(
            WordKind::Noun,
            false,
            &[
                ("ㅋㅋㅋ", "kkk"),
                ("ㅠㅠ", "yuyu"),
                ("\u{FFA1}\u{FFC2}", "ga"),
                ("\u{1100}", "g"),
                ("ㅇ", "ng"),
            ],
        );
        // Fillers and archaic letters have no value.
        check(
            WordKind::Noun,
            false,
            &[("\u{3164}\u{318D}", ""), ("\u{115F}\u{1160}", "")],
        );
    }

    #[test]
    fn foreign_characters_are_copied_and_break_the_run() {
        check(
            WordKind::Noun,
            false,
            &[("백x마", "baekxma"), ("é한", "éhan"), ("", "")],
        );
    }

    #[test]
    fn wrappers_match_the_general_function() {
        let mut out = String::from("> ");
        transliterate_word("서울", &mut out);
        transliterate_word_capitalized("서울", &mut out);
        transliterate_name("복남", &mut out);
        assert_eq!(out, "> seoulSeoulBoknam");
    }

    #[test]
    fn covers_hangul_blocks_only() {
        assert!(
            covers('한')
                && covers('ㄱ')
                && covers('\u{1100}')
                && covers('\u{11FF}')
                && covers('\u{FFA1}')
        );
        assert!(!covers('a') && !covers('α') && !covers('漢') && !covers('あ'));
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>(), kind in 0..3u8, cap in any::<bool>()) {
            let kind = [WordKind::Noun, WordKind::Predicate, WordKind::Name][kind as usize];
            let _ = tr_as(&s, kind, cap);
        }

        #[test]
        fn hangul_gives_ascii(
            s in "[\u{AC00}-\u{D7A3}\u{1100}-\u{11FF}\u{3130}-\u{318F}\u{A960}-\u{A97F}\u{D7B0}-\u{D7FF}\u{FFA0}-\u{FFDC}]{0,12}",
            kind in 0..3u8,
            cap in any::<bool>(),
        ) {
            let kind = [WordKind::Noun, WordKind::Predicate, WordKind::Name][kind as usize];
            let out = tr_as(&s, kind, cap);
            prop_assert!(out.is_ascii(), "{} -> {}", s, out);
        }

        #[test]
        fn syllables_give_small_letters_and_every_syllable_is_heard(s in "[\u{AC00}-\u{D7A3}]{1,8}") {
            let out = tr_as(&s, WordKind::Noun, false);
            prop_assert!(out.bytes().all(|b| b.is_ascii_lowercase()), "{} -> {}", s, out);
            // Every syllable has a vowel, and the vowel letters survive whatever happens to the consonants.
            let vowels_in = s.chars().count();
            let vowel_groups = out
                .split(|c: char| !"aeiouwy".contains(c))
                .filter(|g| !g.is_empty())
                .count();
            prop_assert!(vowel_groups <= vowels_in && vowel_groups >= 1, "{} -> {}", s, out);
        }

        #[test]
        fn names_are_the_syllables_written_alone(s in "[\u{AC00}-\u{D7A3}]{1,6}") {
            // Without sound changes, a name is the concatenation of its syllables romanized one by one, except
            // that ㄹ after ㄹ is l.
            let whole = tr_as(&s, WordKind::Name, false);
            let mut parts = String::new();
            let mut prev_l = false;
            for c in s.chars() {
                let one = tr_as(c.encode_utf8(&mut [0; 4]), WordKind::Name, false);
                match one.strip_prefix('r') {
                    Some(rest) if prev_l => { parts.push('l'); parts.push_str(rest); }
                    _ => parts.push_str(&one),
                }
                prev_l = one.ends_with('l');
            }
            prop_assert_eq!(whole, parts);
        }
    }
}
