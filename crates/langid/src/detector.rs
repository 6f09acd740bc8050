//! The language detector: whatlang behind script rules, letter rules and reliability.

use crate::config::{LangIdConfig, SpanLevel};
use crate::error::LangIdError;
use crate::function_words::{self, FunctionWords};
use crate::prepare::Prepared;
use crate::scripts;
use polyprep_core::{Lang, LanguageGuess, Script};

/// Builds a [`LanguageDetector`].
///
/// ```
/// use polyprep_langid::LanguageDetectorBuilder;
/// use polyprep_core::Lang;
///
/// let detector = LanguageDetectorBuilder::new()
///     .with_allow([Lang::Eng, Lang::Ukr, Lang::Rus])
///     .with_min_confidence(0.6)
///     .build()?;
/// assert_eq!(detector.detect("Це речення написане українською мовою.").lang, Lang::Ukr);
/// # Ok::<(), polyprep_langid::LangIdError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct LanguageDetectorBuilder {
    config: LangIdConfig,
}

impl LanguageDetectorBuilder {
    /// A builder with the default configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts from a whole configuration (e.g. read from a pipeline file).
    pub fn with_config(mut self, config: LangIdConfig) -> Self {
        self.config = config;
        self
    }

    /// Restricts detection to these languages.
    pub fn with_allow(mut self, langs: impl IntoIterator<Item = Lang>) -> Self {
        self.config.allow = Some(langs.into_iter().collect());
        self
    }

    /// Never returns these languages.
    pub fn with_deny(mut self, langs: impl IntoIterator<Item = Lang>) -> Self {
        self.config.deny = langs.into_iter().collect();
        self
    }

    /// Sets the reliability threshold, in `[0, 1]`.
    pub fn with_min_confidence(mut self, min_confidence: f64) -> Self {
        self.config.min_confidence = min_confidence;
        self
    }

    /// Sets which spans get their own decision.
    pub fn with_span_level(mut self, span_level: SpanLevel) -> Self {
        self.config.span_level = span_level;
        self
    }

    /// Turns the function-word evidence on or off (see [`LangIdConfig::function_words`]).
    pub fn with_function_words(mut self, function_words: bool) -> Self {
        self.config.function_words = function_words;
        self
    }

    /// Turns language runs on or off.
    pub fn with_language_runs(mut self, language_runs: bool) -> Self {
        self.config.language_runs = language_runs;
        self
    }

    /// Sets the number of letters below which a span inherits its language.
    pub fn with_min_span_chars(mut self, min_span_chars: usize) -> Self {
        self.config.min_span_chars = min_span_chars;
        self
    }

    /// Sets the confidence a span in the document's script needs to get another language
    /// than the document's.
    pub fn with_min_switch_confidence(mut self, min_switch_confidence: f64) -> Self {
        self.config.min_switch_confidence = min_switch_confidence;
        self
    }

    /// Checks the configuration and builds the detector.
    ///
    /// Fails when the allow-list is empty or names languages nothing can detect (neither
    /// whatlang nor, when it is on, the function-word layer), when allow- and deny-list
    /// together leave no language, or when `min_confidence` or `min_switch_confidence` is not
    /// in `[0, 1]`.
    pub fn build(self) -> Result<LanguageDetector, LangIdError> {
        let config = self.config;
        for (name, value) in [
            ("min_confidence", config.min_confidence),
            ("min_switch_confidence", config.min_switch_confidence),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(LangIdError::InvalidConfig(format!(
                    "{name} must be in [0, 1], got {value}"
                )));
            }
        }
        let extra = if config.function_words {
            function_words::all_extra_langs()
        } else {
            Vec::new()
        };
        let mut allowed: Vec<Lang> = match &config.allow {
            Some(list) => {
                if list.is_empty() {
                    return Err(LangIdError::EmptyAllowList);
                }
                let mut unsupported: Vec<Lang> = list
                    .iter()
                    .copied()
                    .filter(|l| l.to_whatlang().is_none() && !extra.contains(l))
                    .collect();
                if !unsupported.is_empty() {
                    unsupported.sort();
                    unsupported.dedup();
                    return Err(LangIdError::UnsupportedLanguages(unsupported));
                }
                list.clone()
            }
            None => whatlang::Lang::all()
                .iter()
                .map(|&l| Lang::from(l))
                .chain(extra)
                .collect(),
        };
        allowed.retain(|l| !config.deny.contains(l));
        allowed.sort();
        allowed.dedup();
        if allowed.is_empty() {
            return Err(LangIdError::InvalidConfig(
                "the deny-list removes every allowed language".to_string(),
            ));
        }
        Ok(LanguageDetector { config, allowed })
    }
}

/// Detects the language of a text, of its paragraphs and sentences, and splits mixed-language
/// documents into language runs. Built with [`LanguageDetectorBuilder`]; cheap to share
/// between threads.
///
/// A decision goes in steps: the text is reduced to letters (see the crate docs); the script
/// with most letters whose languages are allowed is chosen; scripts that one language writes
/// decide at once (Hangul is Korean, kana make Japanese); otherwise the letters rule out the
/// languages whose alphabets do not explain them, whatlang ranks the rest it knows, and the
/// function words confirm or overrule its pick (and detect languages it lacks).
#[derive(Debug, Clone)]
pub struct LanguageDetector {
    pub(crate) config: LangIdConfig,
    /// Languages that may be returned, sorted.
    allowed: Vec<Lang>,
}

impl LanguageDetector {
    /// The configuration the detector was built with.
    pub fn config(&self) -> &LangIdConfig {
        &self.config
    }

    /// The languages the detector may return, sorted.
    pub fn allowed(&self) -> &[Lang] {
        &self.allowed
    }

    /// The language of `text`. Text without letters (empty, digits, punctuation) is `und`
    /// with confidence 0 and script `Zzzz`.
    pub fn detect(&self, text: &str) -> LanguageGuess {
        self.detect_prepared(&Prepared::new(text))
    }

    /// The main script of `text`: the script with most letters (Han, Hiragana and Katakana
    /// voting together, the largest of them reported); `Zzzz` when there is no letter.
    pub fn detect_script(&self, text: &str) -> Script {
        let prepared = Prepared::new(text);
        prepared
            .scripts_by_count()
            .first()
            .map_or(Script::Unknown, |&(group, _)| prepared.dominant_in(group))
    }

    fn detect_prepared(&self, prepared: &Prepared) -> LanguageGuess {
        let scripts = prepared.scripts_by_count();
        for &(group, _) in &scripts {
            let candidates = self.candidates(group);
            if candidates.is_empty() {
                continue;
            }
            let script = prepared.dominant_in(group);
            let (best, confidence) = self.decide(prepared, group, candidates);
            return self.guess(best, script, confidence);
        }
        let script = scripts
            .first()
            .map_or(Script::Unknown, |&(group, _)| prepared.dominant_in(group));
        self.guess(Lang::Und, script, 0.0)
    }

    /// The allowed languages written in a voting group's script.
    fn candidates(&self, group: Script) -> Vec<Lang> {
        let mut langs: Vec<Lang> = match group {
            Script::Han => vec![Lang::Cmn, Lang::Jpn],
            other => match whatlang::Script::try_from(other) {
                Ok(script) => script.langs().iter().map(|&l| Lang::from(l)).collect(),
                Err(_) => Vec::new(),
            },
        };
        if self.config.function_words {
            if let Some(table) = scripts::table(group) {
                langs.extend(function_words::extra_langs(table));
            }
        }
        langs
            .into_iter()
            .filter(|l| self.allowed.binary_search(l).is_ok())
            .collect()
    }

    /// The best language among `candidates` (not empty) and the confidence in it.
    fn decide(&self, prepared: &Prepared, group: Script, mut candidates: Vec<Lang>) -> (Lang, f64) {
        if group == Script::Han {
            return han(prepared, &candidates);
        }
        if let Some(table) = scripts::table(group) {
            let (letters, total) = prepared.letter_counts(group);
            scripts::narrow(table, &letters, total, &mut candidates);
        }
        if let [only] = candidates[..] {
            return (only, 1.0);
        }
        let text = prepared.text_of(group);
        let known: Vec<Lang> = candidates
            .iter()
            .copied()
            .filter(|l| l.to_whatlang().is_some())
            .collect();
        let whatlang_pick = (!known.is_empty()).then(|| whatlang_rank(&text, &known));
        let words = self
            .config
            .function_words
            .then(|| FunctionWords::for_script(group))
            .flatten();
        match (words, whatlang_pick) {
            (Some(words), pick) => function_words::decide(words, &text, &candidates, pick),
            (None, Some(pick)) => pick,
            (None, None) => (candidates[0], 0.0),
        }
    }

    pub(crate) fn guess(&self, best: Lang, script: Script, confidence: f64) -> LanguageGuess {
        let confidence = if confidence.is_finite() {
            confidence.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let reliable = best != Lang::Und && confidence >= self.config.min_confidence;
        LanguageGuess {
            lang: if reliable { best } else { Lang::Und },
            best_guess: best,
            script,
            confidence,
            reliable,
        }
    }
}

/// whatlang's pick among `candidates` (languages it knows, not empty) for the prepared
/// `text`, and its confidence.
fn whatlang_rank(text: &str, candidates: &[Lang]) -> (Lang, f64) {
    let allowlist: Vec<whatlang::Lang> =
        candidates.iter().filter_map(|l| l.to_whatlang()).collect();
    let restricted = whatlang::Detector::with_allowlist(allowlist)
        .detect(text)
        .map(|info| (Lang::from(info.lang()), info.confidence()))
        .filter(|(lang, _)| candidates.contains(lang));
    match restricted {
        Some(pick) if pick.1 > 0.0 => pick,
        // A tie (confidence 0) is broken as whatlang breaks it among all its languages,
        // so that narrowing never turns whatlang's own pick into a different coin toss.
        _ => {
            let unrestricted = whatlang::detect(text)
                .map(|info| Lang::from(info.lang()))
                .filter(|lang| candidates.contains(lang));
            match (unrestricted, restricted) {
                (Some(lang), _) => (lang, 0.0),
                (None, Some(pick)) => pick,
                (None, None) => (candidates[0], 0.0),
            }
        }
    }
}

/// Chinese or Japanese for Han/kana text, within the allowed `candidates`.
fn han(prepared: &Prepared, candidates: &[Lang]) -> (Lang, f64) {
    let kana = prepared.kana();
    let preferred = scripts::han_or_kana(kana);
    if candidates.contains(&preferred) {
        return (preferred, 1.0);
    }
    if preferred == Lang::Jpn {
        // Kana but only Chinese allowed: as sure as the share of Han letters.
        let (_, total) = prepared.letter_counts(Script::Han);
        let han = total.saturating_sub(kana);
        (Lang::Cmn, han as f64 / total.max(1) as f64)
    } else {
        // Han alone is also how Japanese writes many words.
        (Lang::Jpn, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detector() -> LanguageDetector {
        LanguageDetectorBuilder::new()
            .build()
            .expect("default config builds")
    }

    #[test]
    fn sentences_in_many_scripts() {
        let d = detector();
        for (text, lang) in [
            (
                "The committee will publish its report next week.",
                Lang::Eng,
            ),
            (
                "Die Regierung hat am Montag neue Maßnahmen beschlossen.",
                Lang::Deu,
            ),
            (
                "Уряд ухвалив нові правила для підприємців у понеділок.",
                Lang::Ukr,
            ),
            (
                "Правительство в понедельник утвердило новые правила.",
                Lang::Rus,
            ),
            ("Η κυβέρνηση ανακοίνωσε νέα μέτρα.", Lang::Ell),
            ("정부는 월요일에 새로운 규칙을 발표했다.", Lang::Kor),
            ("政府は月曜日に新しい規則を発表した。", Lang::Jpn),
            ("政府星期一宣布了新的规定。", Lang::Cmn),
            ("הממשלה הודיעה על צעדים חדשים.", Lang::Heb),
            ("حکومت نے پیر کو نئے قوانین کا اعلان کیا۔", Lang::Urd),
        ] {
            let guess = d.detect(text);
            assert_eq!(guess.lang, lang, "{text}: {guess:?}");
            assert!(guess.reliable);
        }
    }

    #[test]
    fn unreliable_is_und_with_best_guess() {
        let d = LanguageDetectorBuilder::new()
            .with_min_confidence(1.0)
            .build()
            .unwrap();
        // Two letters cannot be told apart with full confidence among 37 Latin languages.
        let guess = d.detect("la");
        assert!(!guess.reliable);
        assert_eq!(guess.lang, Lang::Und);
        assert_ne!(guess.best_guess, Lang::Und);
        assert!(guess.confidence < 1.0);
        assert_eq!(guess.script, Script::Latin);
    }

    #[test]
    fn no_letters_is_und() {
        let d = detector();
        for text in [
            "",
            "   \n\t",
            "2024 12 31",
            "1 234,56 € — 7 %",
            "https://example.com",
        ] {
            let guess = d.detect(text);
            assert_eq!(guess.lang, Lang::Und, "{text:?}");
            assert_eq!(guess.best_guess, Lang::Und);
            assert_eq!(guess.script, Script::Unknown);
            assert_eq!(guess.confidence, 0.0);
            assert!(!guess.reliable);
        }
    }

    #[test]
    fn allow_list_restricts() {
        let d = LanguageDetectorBuilder::new()
            .with_allow([Lang::Ukr, Lang::Eng])
            .build()
            .unwrap();
        // Russian text, but only Ukrainian and English are allowed.
        let guess = d.detect("Правительство в понедельник утвердило новые правила.");
        assert_eq!(guess.best_guess, Lang::Ukr);
        // German text: English is the only allowed Latin language.
        assert_eq!(
            d.detect("Guten Morgen, wie geht es dir?").best_guess,
            Lang::Eng
        );
        // Greek has no allowed language: und, but the script is still reported.
        let guess = d.detect("Καλημέρα");
        assert_eq!((guess.lang, guess.script), (Lang::Und, Script::Greek));
        // A minority script is used when the majority's languages are not allowed.
        let d = LanguageDetectorBuilder::new()
            .with_allow([Lang::Ukr])
            .build()
            .unwrap();
        let guess = d.detect("Kyiv Kharkiv Lviv: Київ");
        assert_eq!(
            (guess.best_guess, guess.script),
            (Lang::Ukr, Script::Cyrillic)
        );
    }

    #[test]
    fn deny_list_removes() {
        let d = LanguageDetectorBuilder::new()
            .with_deny([Lang::Rus])
            .build()
            .unwrap();
        assert_ne!(
            d.detect("Правительство в понедельник утвердило новые правила.")
                .best_guess,
            Lang::Rus
        );
    }

    #[test]
    fn allow_list_errors() {
        // Icelandic and Maori have neither a whatlang profile nor a function-word list.
        let err = LanguageDetectorBuilder::new()
            .with_allow([Lang::Eng, Lang::Mri, Lang::Isl, Lang::Eus])
            .build()
            .unwrap_err();
        match &err {
            LangIdError::UnsupportedLanguages(langs) => {
                assert_eq!(langs, &vec![Lang::Isl, Lang::Mri])
            }
            other => panic!("unexpected {other:?}"),
        }
        let message = err.to_string();
        assert!(message.contains("isl (Icelandic)") && message.contains("mri (Maori)"));
        // Basque is detected by its function words only: without them it cannot be allowed.
        assert!(matches!(
            LanguageDetectorBuilder::new()
                .with_allow([Lang::Eng, Lang::Eus])
                .with_function_words(false)
                .build(),
            Err(LangIdError::UnsupportedLanguages(langs)) if langs == [Lang::Eus]
        ));
        assert!(matches!(
            LanguageDetectorBuilder::new().with_allow([]).build(),
            Err(LangIdError::EmptyAllowList)
        ));
        assert!(matches!(
            LanguageDetectorBuilder::new()
                .with_allow([Lang::Und])
                .build(),
            Err(LangIdError::UnsupportedLanguages(_))
        ));
        assert!(matches!(
            LanguageDetectorBuilder::new()
                .with_allow([Lang::Eng])
                .with_deny([Lang::Eng])
                .build(),
            Err(LangIdError::InvalidConfig(_))
        ));
        for bad in [-0.1, 1.5, f64::NAN] {
            assert!(matches!(
                LanguageDetectorBuilder::new()
                    .with_min_confidence(bad)
                    .build(),
                Err(LangIdError::InvalidConfig(_))
            ));
        }
    }

    /// Sentences written for these tests (not from any evaluation set) in languages whatlang
    /// has no profile for.
    const WHATLANG_LACKS: [(&str, Lang); 6] = [
        (
            "Rais alisema kwamba serikali itajenga shule mpya katika kila wilaya mwaka huu.",
            Lang::Swa,
        ),
        (
            "Gaur goizean ez da inor etorri, eta ni bakarrik egon naiz etxean.",
            Lang::Eus,
        ),
        (
            "Qeveria tha se do të ndërtojë shkolla të reja në çdo qytet këtë vit.",
            Lang::Sqi,
        ),
        (
            "Dúirt an rialtas go dtógfar scoileanna nua i ngach contae i mbliana.",
            Lang::Gle,
        ),
        (
            "Kerajaan berkata bahawa sekolah baharu akan dibina di setiap daerah tahun ini.",
            Lang::Msa,
        ),
        (
            "Үкімет биыл әр ауданда жаңа мектептер салатынын мәлімдеді.",
            Lang::Kaz,
        ),
    ];

    #[test]
    fn function_words_detect_languages_whatlang_lacks() {
        let d = detector();
        let without = LanguageDetectorBuilder::new()
            .with_function_words(false)
            .build()
            .unwrap();
        for (text, lang) in WHATLANG_LACKS {
            let guess = d.detect(text);
            assert_eq!(guess.best_guess, lang, "{text}: {guess:?}");
            assert!(guess.confidence > 0.0, "{text}: {guess:?}");
            assert_ne!(without.detect(text).best_guess, lang, "{text}");
        }
        // The Swahili sentence is sure enough to be reliable at the default threshold.
        assert_eq!(d.detect(WHATLANG_LACKS[0].0).lang, Lang::Swa);
        // Indonesian stays Indonesian next to Malay: only Malay spellings make Malay.
        assert_eq!(
            d.detect("Pemerintah mengatakan bahwa sekolah baru akan dibangun di setiap daerah tahun ini.")
                .lang,
            Lang::Ind
        );
        // And text in a language whatlang knows is not claimed by the new languages.
        for (text, lang) in [
            (
                "The government said it would build new schools in every district this year.",
                Lang::Eng,
            ),
            (
                "Le gouvernement a annoncé de nouvelles écoles dans chaque district cette année.",
                Lang::Fra,
            ),
        ] {
            assert_eq!(d.detect(text).lang, lang, "{text}");
        }
    }

    #[test]
    fn function_words_settle_close_languages() {
        let d = detector();
        let without = LanguageDetectorBuilder::new()
            .with_function_words(false)
            .build()
            .unwrap();
        // Sentences whatlang alone gets wrong, hesitating between Bokmål and Danish: `mig`
        // and `sagde` are Danish spellings, `vet hva nå` and `sa hadde` Norwegian ones.
        for (text, lang, whatlang_alone) in [
            (
                "Vi har ikke tid til det nu, sagde hun til mig.",
                Lang::Dan,
                Lang::Nob,
            ),
            ("Jeg vet ikke hva vi skal gjøre nå.", Lang::Nob, Lang::Dan),
            (
                "Hun sa at hun ikke hadde tid til det.",
                Lang::Nob,
                Lang::Dan,
            ),
        ] {
            assert_eq!(without.detect(text).best_guess, whatlang_alone, "{text}");
            let guess = d.detect(text);
            assert_eq!(guess.best_guess, lang, "{text}: {guess:?}");
        }
    }

    #[test]
    fn allow_list_with_languages_whatlang_lacks() {
        let d = LanguageDetectorBuilder::new()
            .with_allow([Lang::Eng, Lang::Swa])
            .build()
            .unwrap();
        assert_eq!(d.allowed(), [Lang::Eng, Lang::Swa]);
        assert_eq!(d.detect(WHATLANG_LACKS[0].0).best_guess, Lang::Swa);
        assert_eq!(
            d.detect("The government will build new schools this year.")
                .best_guess,
            Lang::Eng
        );
        // Only the new languages of a script allowed: the function words decide alone.
        let d = LanguageDetectorBuilder::new()
            .with_allow([Lang::Swa, Lang::Eus])
            .build()
            .unwrap();
        assert_eq!(d.detect(WHATLANG_LACKS[1].0).best_guess, Lang::Eus);
        assert_eq!(d.detect(WHATLANG_LACKS[0].0).best_guess, Lang::Swa);
        // The default detector allows whatlang's languages and the nine new ones.
        let all = detector();
        assert_eq!(all.allowed().len(), whatlang::Lang::all().len() + 9);
        assert!(all.allowed().contains(&Lang::Kaz));
        assert!(!all.allowed().contains(&Lang::Isl));
    }

    #[test]
    fn script_detection() {
        let d = detector();
        assert_eq!(d.detect_script("Привіт, Kyiv!"), Script::Cyrillic);
        assert_eq!(d.detect_script("«Hello» — 2024"), Script::Latin);
        assert_eq!(d.detect_script("東京"), Script::Han);
        assert_eq!(d.detect_script("ひらがなと漢字"), Script::Hiragana);
        assert_eq!(d.detect_script("ქართული"), Script::Georgian);
        assert_eq!(d.detect_script("12345 !?"), Script::Unknown);
        assert_eq!(d.detect_script(""), Script::Unknown);
    }

    #[test]
    fn letter_rules_decide_short_words() {
        let d = detector();
        for (word, lang) in [
            ("їжак", Lang::Ukr),
            ("ўсё", Lang::Bel),
            ("ћерка", Lang::Srp),
            ("őszi", Lang::Hun),
            ("řeka", Lang::Ces),
            ("pięść", Lang::Pol),
            ("پژوهش", Lang::Pes),
            // Letters no language whatlang knows writes, but the function-word layer's do.
            ("қазақ", Lang::Kaz),
            ("ṣùgbọ́n", Lang::Yor),
        ] {
            let guess = d.detect(word);
            assert_eq!(guess.best_guess, lang, "{word}: {guess:?}");
        }
    }
}
