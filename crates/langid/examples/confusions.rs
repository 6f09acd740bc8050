//! Prints, for a lingua-style test set, which languages polyprep mistakes each language for,
//! with and without the function-word evidence: the tool for tuning on a development set.
//!
//! ```text
//! cargo run --release -p polyprep-langid --example confusions -- DIR [KIND] [LANG]
//! ```
//! KIND is `sentences` (default), `word-pairs` or `single-words`; LANG (an ISO 639-1 folder
//! name) also prints the lines whose decision the function words change.

use polyprep_core::Lang;
use polyprep_langid::LanguageDetectorBuilder;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: confusions DIR [KIND] [LANG]")?);
    let kind = args.next().unwrap_or_else(|| "sentences".to_string());
    let show = args.next();
    let with = LanguageDetectorBuilder::new().build()?;
    let without = LanguageDetectorBuilder::new()
        .with_function_words(false)
        .build()?;
    let mut folders: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    // Written through a handle so that a closed pipe (`| head`) ends the listing quietly.
    let mut out = std::io::stdout().lock();
    for folder in folders {
        let Some(gold) = Lang::from_code(&folder) else {
            continue;
        };
        let text = std::fs::read_to_string(dir.join(&folder).join(format!("{kind}.txt")))?;
        let mut errors: [BTreeMap<Lang, usize>; 2] = Default::default();
        let mut lines = 0;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            lines += 1;
            let a = without.detect(line).best_guess;
            let b = with.detect(line).best_guess;
            for (i, guess) in [a, b].into_iter().enumerate() {
                if guess != gold {
                    *errors[i].entry(guess).or_default() += 1;
                }
            }
            if show.as_deref() == Some(folder.as_str())
                && a != b
                && writeln!(out, "  {a} -> {b}: {line}").is_err()
            {
                return Ok(());
            }
        }
        let summary = |m: &BTreeMap<Lang, usize>| {
            let mut v: Vec<_> = m.iter().collect();
            v.sort_by(|x, y| y.1.cmp(x.1));
            v.iter()
                .take(5)
                .map(|(l, n)| format!("{l} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let total = |m: &BTreeMap<Lang, usize>| m.values().sum::<usize>();
        if writeln!(
            out,
            "{folder} ({lines}): without {} [{}] | with {} [{}]",
            total(&errors[0]),
            summary(&errors[0]),
            total(&errors[1]),
            summary(&errors[1])
        )
        .is_err()
        {
            return Ok(());
        }
    }
    Ok(())
}
