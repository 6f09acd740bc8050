//! Accuracy on lingua's test set, for polyprep and for whatlang used raw on the same lines.
//!
//! The set (`<dir>/<iso639-1>/{single-words,word-pairs,sentences}.txt`, 1,000 lines each) is
//! the one behind lingua's published accuracy reports. A line counts as right when the top
//! candidate is the folder's language: polyprep's `best_guess` (whether or not it passed the
//! reliability threshold), and whatlang's `detect` (a line it returns nothing for is wrong).
//! Averages are over languages, as lingua's reports are. Languages whatlang cannot detect are
//! kept in the table and count as misses for whatlang; polyprep detects some of them by their
//! function words, and the others count as misses for both.

use crate::{LangIdError, LanguageDetector};
use polyprep_core::Lang;
use rayon::prelude::*;
use std::fmt;
use std::path::Path;

/// The three kinds of test lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TestKind {
    /// One word per line.
    SingleWords,
    /// Two words per line.
    WordPairs,
    /// One sentence per line.
    Sentences,
}

impl TestKind {
    /// The three kinds, in report order.
    pub const ALL: [TestKind; 3] = [
        TestKind::SingleWords,
        TestKind::WordPairs,
        TestKind::Sentences,
    ];

    /// The file holding the kind's lines in a language folder.
    pub fn file_name(self) -> &'static str {
        match self {
            TestKind::SingleWords => "single-words.txt",
            TestKind::WordPairs => "word-pairs.txt",
            TestKind::Sentences => "sentences.txt",
        }
    }

    /// A short label for tables.
    pub fn label(self) -> &'static str {
        match self {
            TestKind::SingleWords => "words",
            TestKind::WordPairs => "pairs",
            TestKind::Sentences => "sentences",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Number of confidence buckets: `[0, 0.1)`, …, `[0.9, 1.0)` and exactly `1.0`.
const BUCKETS: usize = 11;

fn bucket(confidence: f64) -> usize {
    ((confidence.clamp(0.0, 1.0) * 10.0).floor() as usize).min(BUCKETS - 1)
}

/// Counts for one language and one kind of line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindResult {
    /// Lines evaluated (blank lines are skipped).
    pub lines: usize,
    /// Lines where polyprep's best guess was right.
    pub polyprep_correct: usize,
    /// Lines where raw `whatlang::detect` was right.
    pub whatlang_correct: usize,
    /// Lines polyprep marked reliable.
    pub polyprep_reliable: usize,
    /// Lines polyprep marked reliable and got right.
    pub polyprep_reliable_correct: usize,
    /// Polyprep's lines per confidence bucket (tenths, then exactly 1.0): (lines, right).
    confidence_buckets: [(usize, usize); BUCKETS],
}

impl KindResult {
    /// polyprep's accuracy in `[0, 1]` (0 for no lines).
    pub fn polyprep_accuracy(&self) -> f64 {
        ratio(self.polyprep_correct, self.lines)
    }

    /// Raw whatlang's accuracy in `[0, 1]` (0 for no lines).
    pub fn whatlang_accuracy(&self) -> f64 {
        ratio(self.whatlang_correct, self.lines)
    }

    fn add(&mut self, other: &KindResult) {
        self.lines += other.lines;
        self.polyprep_correct += other.polyprep_correct;
        self.whatlang_correct += other.whatlang_correct;
        self.polyprep_reliable += other.polyprep_reliable;
        self.polyprep_reliable_correct += other.polyprep_reliable_correct;
        for (mine, theirs) in self
            .confidence_buckets
            .iter_mut()
            .zip(other.confidence_buckets)
        {
            mine.0 += theirs.0;
            mine.1 += theirs.1;
        }
    }

    /// Share of lines with confidence at least `threshold` (rounded down to a tenth), and the
    /// share of those that were right.
    pub fn at_threshold(&self, threshold: f64) -> (f64, f64) {
        let from = bucket(threshold);
        let (lines, right) = self.confidence_buckets[from..]
            .iter()
            .fold((0, 0), |acc, b| (acc.0 + b.0, acc.1 + b.1));
        (ratio(lines, self.lines), ratio(right, lines))
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The results for one language of the test set.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageResult {
    /// The language (from the folder name).
    pub lang: Lang,
    /// The folder name, e.g. `"uk"`.
    pub folder: String,
    /// Whether whatlang can detect the language at all.
    pub whatlang_detects: bool,
    /// Whether the evaluated detector can return the language at all (whatlang's languages,
    /// and those its function-word layer adds, within its allow-list).
    pub polyprep_detects: bool,
    /// Per kind, in [`TestKind::ALL`] order.
    pub results: [KindResult; 3],
}

impl LanguageResult {
    /// The counts for one kind.
    pub fn get(&self, kind: TestKind) -> &KindResult {
        &self.results[kind.index()]
    }
}

/// The accuracy report over a lingua-style test set.
#[derive(Debug, Clone, PartialEq)]
pub struct LinguaReport {
    /// One entry per language folder, sorted by English name.
    pub languages: Vec<LanguageResult>,
    /// Folders that were skipped, and why.
    pub notes: Vec<String>,
    /// The detector's reliability threshold.
    pub min_confidence: f64,
}

/// Which system an average is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// polyprep's detector.
    Polyprep,
    /// `whatlang::detect` on the raw line.
    Whatlang,
}

impl LinguaReport {
    /// Accuracy averaged over languages (all of them, or only those whatlang detects).
    pub fn average(&self, kind: TestKind, system: System, whatlang_only: bool) -> f64 {
        let accuracies: Vec<f64> = self
            .languages
            .iter()
            .filter(|l| !whatlang_only || l.whatlang_detects)
            .map(|l| match system {
                System::Polyprep => l.get(kind).polyprep_accuracy(),
                System::Whatlang => l.get(kind).whatlang_accuracy(),
            })
            .collect();
        if accuracies.is_empty() {
            0.0
        } else {
            accuracies.iter().sum::<f64>() / accuracies.len() as f64
        }
    }

    /// The counts of one kind summed over languages (all, or only those whatlang detects).
    pub fn pooled(&self, kind: TestKind, whatlang_only: bool) -> KindResult {
        let mut total = KindResult::default();
        for l in self
            .languages
            .iter()
            .filter(|l| !whatlang_only || l.whatlang_detects)
        {
            total.add(l.get(kind));
        }
        total
    }

    /// Languages of the set that whatlang cannot detect.
    pub fn undetectable(&self) -> Vec<&LanguageResult> {
        self.languages
            .iter()
            .filter(|l| !l.whatlang_detects)
            .collect()
    }

    /// Languages of the set that neither whatlang nor the evaluated detector can detect.
    pub fn undetectable_by_both(&self) -> Vec<&LanguageResult> {
        self.languages
            .iter()
            .filter(|l| !l.whatlang_detects && !l.polyprep_detects)
            .collect()
    }

    /// The report as Markdown: the accuracy table with average rows, the languages whatlang
    /// cannot detect, polyprep's reliability at its threshold and at others, and notes.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let pct = |x: f64| format!("{:.1}", x * 100.0);
        out.push_str(
            "| Language | polyprep words | whatlang words | polyprep pairs | whatlang pairs | \
             polyprep sentences | whatlang sentences |\n",
        );
        out.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
        for l in &self.languages {
            let mark = if l.whatlang_detects { "" } else { " †" };
            out.push_str(&format!(
                "| {} ({}){mark} |",
                l.lang.english_name(),
                l.folder
            ));
            for kind in TestKind::ALL {
                let r = l.get(kind);
                out.push_str(&format!(
                    " {} | {} |",
                    pct(r.polyprep_accuracy()),
                    pct(r.whatlang_accuracy())
                ));
            }
            out.push('\n');
        }
        let supported = self.languages.iter().filter(|l| l.whatlang_detects).count();
        for (label, whatlang_only) in [
            (
                format!("**Average** ({} languages)", self.languages.len()),
                false,
            ),
            (format!("Average of the {supported} whatlang detects"), true),
        ] {
            // Two decimals: the averages are what the two systems are compared on.
            out.push_str(&format!("| {label} |"));
            for kind in TestKind::ALL {
                out.push_str(&format!(
                    " {:.2} | {:.2} |",
                    self.average(kind, System::Polyprep, whatlang_only) * 100.0,
                    self.average(kind, System::Whatlang, whatlang_only) * 100.0
                ));
            }
            out.push('\n');
        }
        let folders = |langs: &[&LanguageResult]| {
            langs
                .iter()
                .map(|l| l.folder.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let undetectable = self.undetectable();
        let neither = self.undetectable_by_both();
        let rescued: Vec<&LanguageResult> = undetectable
            .iter()
            .copied()
            .filter(|l| l.polyprep_detects)
            .collect();
        if rescued.is_empty() {
            out.push_str(&format!(
                "\n† whatlang cannot detect {} of the {} languages ({}): their lines count as \
                 misses for both.\n",
                undetectable.len(),
                self.languages.len(),
                folders(&undetectable)
            ));
        } else {
            out.push_str(&format!(
                "\n† whatlang cannot detect {} of the {} languages ({}): their lines count as \
                 misses for whatlang. polyprep detects {} of them by their function words ({}); \
                 the lines of the other {} ({}) count as misses for both.\n",
                undetectable.len(),
                self.languages.len(),
                folders(&undetectable),
                rescued.len(),
                folders(&rescued),
                neither.len(),
                folders(&neither)
            ));
        }
        out.push_str(
            "\npolyprep reliability on the languages whatlang detects (lines pooled): share of \
             lines whose confidence reaches the threshold, and share of those that are right.\n\n\
             | threshold | words kept | words right | pairs kept | pairs right | sentences kept \
             | sentences right |\n|---:|---:|---:|---:|---:|---:|---:|\n",
        );
        let pooled: Vec<KindResult> = TestKind::ALL
            .iter()
            .map(|&k| self.pooled(k, true))
            .collect();
        let mut thresholds: Vec<f64> = [0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0].to_vec();
        if !thresholds
            .iter()
            .any(|t| (t - self.min_confidence).abs() < 1e-9)
        {
            thresholds.push(self.min_confidence);
            thresholds.sort_by(f64::total_cmp);
        }
        for threshold in thresholds {
            let here = if (threshold - self.min_confidence).abs() < 1e-9 {
                " (configured)"
            } else {
                ""
            };
            out.push_str(&format!("| {threshold:.2}{here} |"));
            for r in &pooled {
                let (kept, right) = r.at_threshold(threshold);
                out.push_str(&format!(" {} | {} |", pct(kept), pct(right)));
            }
            out.push('\n');
        }
        let pooled_over = |langs: &[&LanguageResult]| -> Vec<KindResult> {
            TestKind::ALL
                .iter()
                .map(|&k| {
                    let mut total = KindResult::default();
                    for l in langs {
                        total.add(l.get(k));
                    }
                    total
                })
                .collect()
        };
        if !rescued.is_empty() {
            let found = pooled_over(&rescued);
            let share = |r: &KindResult| {
                format!(
                    "{}% right, {}% reliable of which {}% right",
                    pct(r.polyprep_accuracy()),
                    pct(ratio(r.polyprep_reliable, r.lines)),
                    pct(ratio(r.polyprep_reliable_correct, r.polyprep_reliable))
                )
            };
            out.push_str(&format!(
                "\nThe languages only polyprep detects (lines pooled, at the configured threshold): \
                 words {}; pairs {}; sentences {}.\n",
                share(&found[0]),
                share(&found[1]),
                share(&found[2]),
            ));
        }
        let unknown = pooled_over(&neither);
        if unknown.iter().any(|r| r.lines > 0) {
            out.push_str(&format!(
                "\nLines of the languages neither detects that polyprep still marks reliable \
                 (at the configured threshold): words {}%, pairs {}%, sentences {}%.\n",
                pct(ratio(unknown[0].polyprep_reliable, unknown[0].lines)),
                pct(ratio(unknown[1].polyprep_reliable, unknown[1].lines)),
                pct(ratio(unknown[2].polyprep_reliable, unknown[2].lines)),
            ));
        }
        for note in &self.notes {
            out.push_str(&format!("\nNote: {note}"));
        }
        if !self.notes.is_empty() {
            out.push('\n');
        }
        out
    }
}

impl fmt::Display for LinguaReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_markdown())
    }
}

/// Evaluates `detector` and raw whatlang on the lingua test set in `dir`, languages in
/// parallel.
///
/// Fails when `dir` cannot be listed or a language folder lacks one of the three files (the
/// error names the path). Folders whose names are not language codes are skipped with a note;
/// plain files (such as `LICENSE`) are ignored.
pub fn lingua_report(dir: &Path, detector: &LanguageDetector) -> Result<LinguaReport, LangIdError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| LangIdError::Io { path, source }
    };
    let mut folders: Vec<(String, Lang)> = Vec::new();
    let mut notes = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        if !entry.file_type().map_err(io(&entry.path()))?.is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        match Lang::from_code(&name) {
            Some(lang) if lang != Lang::Und => folders.push((name, lang)),
            _ => notes.push(format!(
                "skipped folder {}: {name:?} is not a language code polyprep knows",
                entry.path().display()
            )),
        }
    }
    notes.sort();
    let mut languages = folders
        .par_iter()
        .map(|(folder, lang)| evaluate_language(&dir.join(folder), folder, *lang, detector))
        .collect::<Result<Vec<_>, _>>()?;
    languages.sort_by(|a, b| a.lang.english_name().cmp(b.lang.english_name()));
    Ok(LinguaReport {
        languages,
        notes,
        min_confidence: detector.config().min_confidence,
    })
}

fn evaluate_language(
    folder_path: &Path,
    folder: &str,
    lang: Lang,
    detector: &LanguageDetector,
) -> Result<LanguageResult, LangIdError> {
    let mut results = [KindResult::default(); 3];
    for kind in TestKind::ALL {
        let path = folder_path.join(kind.file_name());
        let text = std::fs::read_to_string(&path).map_err(|source| LangIdError::Io {
            path: path.clone(),
            source,
        })?;
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        results[kind.index()] = lines
            .par_iter()
            .map(|line| evaluate_line(line, lang, detector))
            .reduce(KindResult::default, |mut a, b| {
                a.add(&b);
                a
            });
    }
    Ok(LanguageResult {
        lang,
        folder: folder.to_string(),
        whatlang_detects: lang.to_whatlang().is_some(),
        polyprep_detects: detector.allowed().binary_search(&lang).is_ok(),
        results,
    })
}

fn evaluate_line(line: &str, gold: Lang, detector: &LanguageDetector) -> KindResult {
    let guess = detector.detect(line);
    let polyprep_right = guess.best_guess == gold;
    let whatlang_right = whatlang::detect(line).is_some_and(|info| Lang::from(info.lang()) == gold);
    let mut result = KindResult {
        lines: 1,
        polyprep_correct: polyprep_right as usize,
        whatlang_correct: whatlang_right as usize,
        polyprep_reliable: guess.reliable as usize,
        polyprep_reliable_correct: (guess.reliable && polyprep_right) as usize,
        ..KindResult::default()
    };
    let b = &mut result.confidence_buckets[bucket(guess.confidence)];
    b.0 += 1;
    b.1 += polyprep_right as usize;
    result
}
