//! Language-aware heuristics for boilerplate that no fixed pattern describes.
//!
//! * **all-caps promotion** — a line in capitals that advertises something (`MATT WALSH’S ‘AM I
//!   RACIST?’ COMING TO DAILYWIRE+ OCT. 28`): mostly upper-case letters, no sentence ending, and
//!   either promotional vocabulary of the document's language (or English) or a `BRAND+` mark.
//! * **truncated teaser** — a headline-like line followed by a final block cut off with an
//!   ellipsis at the very end of the document: the site's teaser of its next article.
//! * **stop-word density** — jusText's paragraph classifier (Pomikálek 2011: length, stop-word
//!   density, link density, then context from the neighbours), used only where it is safe: a
//!   block it calls bad goes only if it is not a sentence and is either link- or separator-heavy
//!   or a stop-word-free line touching other boilerplate or the document's edge. jusText alone
//!   drops headlines and name-heavy sentences; this never removes a sentence of prose.

use super::blocks::{ends_sentence, is_headline_like, is_truncated, words};
use super::stopwords::StopWords;
use polyprep_core::Lang;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Thresholds of the jusText-style classifier (jusText's names and defaults, except the
/// stop-word densities, which are lower because the NLTK lists used here are shorter than
/// jusText's own lists of the most frequent words).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JustextParams {
    /// Blocks shorter than this (characters) are "short" and classified by their neighbours.
    pub length_low: usize,
    /// Blocks longer than this with high stop-word density are "good" outright.
    pub length_high: usize,
    /// Below this stop-word density a long block is "bad".
    pub stopwords_low: f64,
    /// From this stop-word density a block is "good" (if long) or "near-good".
    pub stopwords_high: f64,
    /// Above this share of link-ish characters (URLs, handles, `|`, `•`, `»` separators) a
    /// block is "bad".
    pub max_link_density: f64,
}

impl Default for JustextParams {
    fn default() -> Self {
        JustextParams {
            length_low: 70,
            length_high: 200,
            stopwords_low: 0.22,
            stopwords_high: 0.26,
            max_link_density: 0.2,
        }
    }
}

/// Which heuristics run, and their thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HeuristicsConfig {
    /// Remove all-caps promotional lines.
    pub all_caps_promo: bool,
    /// Remove a headline plus a final block cut off with an ellipsis at the document's end.
    pub truncated_teaser: bool,
    /// Remove what the jusText-style classifier calls bad, where that is safe.
    pub stopword_density: bool,
    /// A headline-like block has at most this many characters.
    pub headline_max_chars: usize,
    /// Languages whose stop words decide a document's language when no language is known.
    pub languages: Vec<Lang>,
    /// The classifier's thresholds.
    pub justext: JustextParams,
}

impl Default for HeuristicsConfig {
    fn default() -> Self {
        HeuristicsConfig {
            all_caps_promo: true,
            truncated_teaser: true,
            stopword_density: true,
            headline_max_chars: 150,
            languages: vec![
                Lang::Eng,
                Lang::Deu,
                Lang::Fra,
                Lang::Spa,
                Lang::Rus,
                Lang::Ukr,
            ],
            justext: JustextParams::default(),
        }
    }
}

/// Promotional phrases per language, matched on an upper-case line. Each is a call to buy,
/// watch, subscribe or download — words a news sentence in capitals would rarely contain.
fn promo_patterns(lang: Lang) -> Option<&'static Regex> {
    static PATTERNS: OnceLock<Vec<(Lang, Regex)>> = OnceLock::new();
    let table = PATTERNS.get_or_init(|| {
        let sources = [
            (Lang::Eng, r"COMING (?:TO|SOON)|AVAILABLE (?:NOW|ON|TO)|NOW (?:STREAMING|AVAILABLE|PLAYING|ON)|STREAM(?:ING)? (?:NOW|ON)|WATCH (?:NOW|FREE|ON|LIVE)|ONLY ON|SUBSCRIBE|SIGN UP|PRE-?ORDER|DOWNLOAD|TICKETS?|PREMIERES?|ON SALE|\d+% OFF|FREE TRIAL|LISTEN NOW|BUY NOW|SHOP NOW|LIMITED TIME|JOIN (?:NOW|US|TODAY)|CLICK HERE"),
            (Lang::Deu, r"JETZT (?:ABONNIEREN|ANSEHEN|STREAMEN|BESTELLEN|HÖREN|TESTEN)|ABONNIEREN|KOSTENLOS TESTEN|NUR (?:AUF|BEI)|DEMNÄCHST|TICKETS"),
            (Lang::Fra, r"ABONNEZ-VOUS|S'ABONNER|DÈS MAINTENANT|DISPONIBLE (?:SUR|MAINTENANT)|EN EXCLUSIVITÉ|ESSAI GRATUIT|BIENTÔT SUR|BILLETS|CLIQUEZ ICI"),
            (Lang::Spa, r"SUSCR[IÍ]BETE|YA DISPONIBLE|DISPONIBLE EN|PRUEBA GRATIS|M[IÍ]RALO|PR[OÓ]XIMAMENTE|ENTRADAS|SOLO EN|HAZ CLIC"),
            (Lang::Rus, r"ПОДПИСЫВАЙТЕСЬ|ПОДПИШИТЕСЬ|СМОТРИТЕ (?:НА|СЕЙЧАС)|СКОРО НА|БЕСПЛАТНО|ТОЛЬКО НА|БИЛЕТЫ"),
            (Lang::Ukr, r"ПІДПИСУЙТЕСЯ|ПІДПИШІТЬСЯ|ДИВІТЬСЯ (?:НА|ЗАРАЗ)|НЕЗАБАРОМ НА|БЕЗКОШТОВНО|ТІЛЬКИ НА|КВИТКИ"),
        ];
        sources
            .into_iter()
            .filter_map(|(lang, src)| {
                // The patterns are constants; one that failed to compile would be skipped
                // rather than panic, and the unit tests check they all compile.
                Regex::new(&format!(r"\b(?:{src})\b")).ok().map(|r| (lang, r))
            })
            .collect()
    });
    table.iter().find(|(l, _)| *l == lang).map(|(_, r)| r)
}

/// A `BRAND+` mark: a word of capitals or digits directly followed by `+` (`DAILYWIRE+`,
/// `DISNEY+`, `TV+`), the way streaming services name themselves.
fn has_brand_plus(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        c == '+'
            && i >= 2
            && chars[i - 1].is_uppercase()
            && chars[i - 2].is_uppercase()
            && chars.get(i + 1).is_none_or(|n| !n.is_alphanumeric())
    })
}

/// Whether `block` is an all-caps promotional line for a document in `lang`.
pub fn is_all_caps_promo(block: &str, lang: Option<Lang>) -> bool {
    if block.contains('\n') || block.chars().count() > 200 || ends_sentence(block) {
        return false;
    }
    let upper = block.chars().filter(|c| c.is_uppercase()).count();
    let lower = block.chars().filter(|c| c.is_lowercase()).count();
    if upper < 8 || upper * 10 < (upper + lower) * 9 || words(block).nth(2).is_none() {
        return false;
    }
    if has_brand_plus(block) {
        return true;
    }
    let mut langs = vec![Lang::Eng];
    match lang {
        Some(l) if l != Lang::Eng => langs.push(l),
        Some(_) => {}
        None => langs.extend([Lang::Deu, Lang::Fra, Lang::Spa, Lang::Rus, Lang::Ukr]),
    }
    langs
        .into_iter()
        .filter_map(promo_patterns)
        .any(|r| r.is_match(block))
}

/// Indices (into `texts`) of a trailing truncated teaser: the last candidate block is cut off
/// with an ellipsis and the candidate before it is headline-like. `texts` are the blocks not
/// already removed, in order.
pub fn truncated_teaser(texts: &[&str], headline_max_chars: usize) -> Option<[usize; 2]> {
    let n = texts.len();
    if n < 3 {
        // A teaser follows an article: with fewer blocks there is no article to protect it from.
        return None;
    }
    let (last, before) = (texts[n - 1], texts[n - 2]);
    (is_truncated(last) && is_headline_like(before, headline_max_chars)).then_some([n - 2, n - 1])
}

/// jusText's classes of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockClass {
    /// Content.
    Good,
    /// Probably content; decided by the neighbours.
    NearGood,
    /// Too short to tell; decided by the neighbours.
    Short,
    /// Boilerplate.
    Bad,
}

/// The features jusText classifies a block by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlockFeatures {
    /// Length in characters.
    pub chars: usize,
    /// Number of words.
    pub words: usize,
    /// Share of words that are stop words of the document's language.
    pub stopword_density: f64,
    /// Share of characters in URLs, e-mail addresses, @handles, #tags and separators.
    pub link_density: f64,
    /// Whether the block ends like a sentence.
    pub sentence: bool,
}

impl BlockFeatures {
    /// Measures `block` against the stop words of `lang`.
    pub fn measure(block: &str, lang: Option<Lang>, stop: &StopWords) -> Self {
        let chars = block.chars().count();
        let (stops, n_words) = match lang {
            Some(l) => stop.count(l, block),
            None => (0, words(block).count()),
        };
        let mut linkish = 0;
        let starts = |t: &str, p: &str| t.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
        for t in block.split_whitespace() {
            let token = t;
            if starts(t, "http://")
                || starts(t, "https://")
                || starts(t, "www.")
                || (t.starts_with('@') && t.len() > 1)
                || (t.starts_with('#') && t.len() > 1)
                || (t.contains('@') && t.contains('.'))
            {
                linkish += token.chars().count();
            } else if token
                .chars()
                .all(|c| matches!(c, '|' | '•' | '·' | '»' | '›' | '>' | '/' | '→'))
            {
                // A separator between menu items stands for the item on each side.
                linkish += 8;
            }
        }
        BlockFeatures {
            chars,
            words: n_words,
            stopword_density: if n_words == 0 {
                0.0
            } else {
                stops as f64 / n_words as f64
            },
            link_density: if chars == 0 {
                0.0
            } else {
                (linkish as f64 / chars as f64).min(1.0)
            },
            sentence: ends_sentence(block),
        }
    }
}

/// jusText's context-free class of a block.
pub fn initial_class(f: &BlockFeatures, p: &JustextParams) -> BlockClass {
    if f.link_density > p.max_link_density {
        BlockClass::Bad
    } else if f.chars < p.length_low {
        if f.link_density > 0.0 {
            BlockClass::Bad
        } else {
            BlockClass::Short
        }
    } else if f.stopword_density >= p.stopwords_high {
        if f.chars > p.length_high {
            BlockClass::Good
        } else {
            BlockClass::NearGood
        }
    } else if f.stopword_density >= p.stopwords_low {
        BlockClass::NearGood
    } else {
        BlockClass::Bad
    }
}

/// jusText's context-sensitive pass: short blocks take the class of their neighbours, then
/// near-good blocks become good unless both neighbours are bad. The document's edges count as
/// bad neighbours, as in jusText.
pub fn revise_classes(classes: &[BlockClass]) -> Vec<BlockClass> {
    use BlockClass::*;
    let neighbour = |i: usize, forward: bool, ignore_neargood: bool, cls: &[BlockClass]| {
        let mut j = i;
        loop {
            if forward {
                j += 1;
                if j >= cls.len() {
                    return Bad;
                }
            } else {
                if j == 0 {
                    return Bad;
                }
                j -= 1;
            }
            match cls[j] {
                Short => continue,
                NearGood if ignore_neargood => continue,
                c => return c,
            }
        }
    };
    let mut revised = classes.to_vec();
    for (i, &c) in classes.iter().enumerate() {
        if c != Short {
            continue;
        }
        let prev = neighbour(i, false, true, classes);
        let next = neighbour(i, true, true, classes);
        revised[i] = match (prev, next) {
            (Good, Good) => Good,
            (Bad, Bad) => Bad,
            _ if (prev == Bad && neighbour(i, false, false, classes) == NearGood)
                || (next == Bad && neighbour(i, true, false, classes) == NearGood) =>
            {
                Good
            }
            _ => Bad,
        };
    }
    let after_short = revised.clone();
    for (i, &c) in after_short.iter().enumerate() {
        if c != NearGood {
            continue;
        }
        let prev = neighbour(i, false, true, &after_short);
        let next = neighbour(i, true, true, &after_short);
        revised[i] = if prev == Bad && next == Bad {
            Bad
        } else {
            Good
        };
    }
    revised
}

/// jusText's final classes for a sequence of blocks.
pub fn justext_classes(features: &[BlockFeatures], p: &JustextParams) -> Vec<BlockClass> {
    let initial: Vec<BlockClass> = features.iter().map(|f| initial_class(f, p)).collect();
    revise_classes(&initial)
}

/// Below this stop-word density a line has no function words to speak of: a menu item, a tag,
/// a name list, not a headline in running language.
pub const STOPWORD_FREE: f64 = 0.1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promo_patterns_compile() {
        for lang in [
            Lang::Eng,
            Lang::Deu,
            Lang::Fra,
            Lang::Spa,
            Lang::Rus,
            Lang::Ukr,
        ] {
            assert!(promo_patterns(lang).is_some(), "{lang}");
        }
    }

    #[test]
    fn all_caps_promotions_are_found() {
        assert!(is_all_caps_promo(
            "MATT WALSH’S ‘AM I RACIST?’ COMING TO DAILYWIRE+ OCT. 28",
            Some(Lang::Eng)
        ));
        assert!(is_all_caps_promo("SUBSCRIBE TO OUR CHANNEL FOR MORE", None));
        assert!(is_all_caps_promo(
            "JETZT ABONNIEREN UND GEWINNEN",
            Some(Lang::Deu)
        ));
        assert!(is_all_caps_promo(
            "ПІДПИШІТЬСЯ НА НАШ КАНАЛ",
            Some(Lang::Ukr)
        ));
    }

    #[test]
    fn capitals_that_are_not_promotions_stay() {
        // Acronyms inside a real sentence.
        assert!(!is_all_caps_promo(
            "NATO, the EU and the UN said the DPRK sent troops to Russia.",
            Some(Lang::Eng)
        ));
        // A sentence in capitals ends like a sentence.
        assert!(!is_all_caps_promo(
            "THE PRESIDENT SAID TICKETS WOULD BE FREE.",
            Some(Lang::Eng)
        ));
        // An all-caps heading without promotion.
        assert!(!is_all_caps_promo(
            "BREAKING NEWS FROM KYIV",
            Some(Lang::Eng)
        ));
        assert!(!is_all_caps_promo(
            "NORTH KOREA SENDS NEW TROOPS",
            Some(Lang::Eng)
        ));
        // "C++" is not a brand mark; too few capitals anyway.
        assert!(!is_all_caps_promo("C++ TIPS", None));
    }

    #[test]
    fn brand_plus_marks() {
        assert!(has_brand_plus("COMING TO DAILYWIRE+ OCT. 28"));
        assert!(has_brand_plus("NOW ON APPLE TV+"));
        assert!(!has_brand_plus("C++ 20"));
        assert!(!has_brand_plus("A+B"));
    }

    #[test]
    fn truncated_teaser_needs_a_headline_before_the_cut_block() {
        let texts = [
            "Title of the article",
            "Body sentence.",
            "Experts say South Korea is unlikely to supply weapons to Ukraine given legal hurdles",
            "South Korea has indicated it may change its stance, but on October 22…",
        ];
        assert_eq!(truncated_teaser(&texts, 150), Some([2, 3]));
        let no_headline = [
            "Title",
            "Body sentence.",
            "Another sentence.",
            "He paused and then…",
        ];
        assert_eq!(truncated_teaser(&no_headline, 150), None);
        let quoted = [
            "Title",
            "Body sentence.",
            "A subheading here",
            "“And then…”",
        ];
        assert_eq!(truncated_teaser(&quoted, 150), None);
        assert_eq!(truncated_teaser(&texts[2..], 150), None);
    }

    #[test]
    fn justext_classes_follow_the_paper() {
        use BlockClass::*;
        assert_eq!(revise_classes(&[Bad, Short, Bad]), [Bad, Bad, Bad]);
        assert_eq!(revise_classes(&[Good, Short, Good]), [Good, Good, Good]);
        assert_eq!(revise_classes(&[Good, NearGood, Bad]), [Good, Good, Bad]);
        assert_eq!(revise_classes(&[Bad, NearGood, Bad]), [Bad, Bad, Bad]);
        // A short headline at the top: the edge counts as bad, so jusText drops it.
        assert_eq!(revise_classes(&[Short, Good]), [Bad, Good]);
    }

    #[test]
    fn features_measure_density() {
        let stop = StopWords::new(&[Lang::Eng]);
        let prose = BlockFeatures::measure(
            "He said that the troops would be in the region by the end of the month.",
            Some(Lang::Eng),
            &stop,
        );
        assert!(prose.stopword_density > 0.4 && prose.sentence);
        let menu =
            BlockFeatures::measure("Home | World | Business | Sport", Some(Lang::Eng), &stop);
        assert!(menu.link_density > 0.2 && menu.stopword_density == 0.0);
        let p = JustextParams::default();
        assert_eq!(initial_class(&menu, &p), BlockClass::Bad);
    }
}
