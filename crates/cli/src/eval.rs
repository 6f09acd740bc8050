//! `polyprep eval …`: accuracy reports on reference data.

use anyhow::{Context, Result};
use clap::Args;
use polyprep::langid::{eval::lingua_report, LanguageDetectorBuilder};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Args, Debug)]
pub struct LangidEvalArgs {
    /// The lingua test data: one folder per ISO 639-1 code holding single-words.txt,
    /// word-pairs.txt and sentences.txt.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "../shared/data/langid/lingua-testdata"
    )]
    lingua_dir: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
}

pub fn langid(args: LangidEvalArgs) -> Result<()> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .context("cannot start the worker threads")?;
    }
    let detector = LanguageDetectorBuilder::new().build()?;
    let start = Instant::now();
    let report = lingua_report(&args.lingua_dir, &detector)
        .with_context(|| format!("evaluating on {}", args.lingua_dir.display()))?;
    println!("{report}");
    eprintln!("evaluated in {:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}

#[derive(Args, Debug)]
pub struct TranslitEvalArgs {
    /// The KMU 2010 worked examples (letter, cyrillic, latin; tab-separated).
    #[arg(
        long,
        value_name = "FILE",
        default_value = "crates/translit/schemes/sources/kmu2010_official_examples.tsv"
    )]
    kmu_examples: PathBuf,
}

/// Sample pass counts of every bundled scheme, and the KMU 2010 examples by polyprep beside the
/// general-purpose any_ascii.
pub fn translit(args: TranslitEvalArgs) -> Result<()> {
    use polyprep::translit::{bundled_schemes_by_language, TransliterationConfig, Transliterator};
    use polyprep::Lang;

    println!("scheme                 language     samples passed");
    for (lang, scheme) in bundled_schemes_by_language()? {
        let samples = scheme.samples();
        let passed = samples
            .iter()
            .filter(|(cyrillic, latin)| scheme.transliterate(cyrillic) == *latin)
            .count();
        println!(
            "{:<22} {:<12} {passed}/{}",
            scheme.name(),
            lang.english_name(),
            samples.len()
        );
    }
    let tsv = std::fs::read_to_string(&args.kmu_examples)
        .with_context(|| format!("cannot read {}", args.kmu_examples.display()))?;
    let examples: Vec<(&str, &str)> = tsv
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split('\t').skip(1);
            Some((fields.next()?, fields.next()?))
        })
        .collect();
    let transliterator = Transliterator::new(&TransliterationConfig::default())?;
    let ours = examples
        .iter()
        .filter(|(cyrillic, latin)| {
            transliterator.transliterate(cyrillic, Some(Lang::Ukr)).text == *latin
        })
        .count();
    let any_ascii = examples
        .iter()
        .filter(|(cyrillic, latin)| any_ascii::any_ascii(cyrillic) == *latin)
        .count();
    println!(
        "\nKMU 2010 official examples, exact match: polyprep {ours}/{n}, any_ascii {any_ascii}/{n}",
        n = examples.len()
    );
    Ok(())
}
