//! Scores the model on CoNLL-style files in word mode and raw-text mode.
//!
//! `cargo run --release -p polyprep-ner --example eval -- [--raw] [--aggregation first]
//! [--o-bias 0] [--batch-tokens N] [--model DIR] FILE...`

use polyprep_ner::eval::{evaluate_raw, evaluate_words, read_conll};
use polyprep_ner::{Aggregation, NerBuilder};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut files = Vec::new();
    let mut raw = false;
    let mut builder = NerBuilder::new();
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--raw" => raw = true,
            "--aggregation" => builder = builder.with_aggregation(value()?.parse::<Aggregation>()?),
            "--o-bias" => builder = builder.with_o_bias(value()?.parse()?),
            "--model" => builder = builder.with_model_dir(value()?),
            "--batch-tokens" => builder = builder.with_batch_tokens(value()?.parse()?),
            _ => files.push(PathBuf::from(a)),
        }
    }
    let ner = builder.build()?;
    println!(
        "{:<28} {:>6} {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6}",
        "set", "mode", "PER", "ORG", "LOC", "P", "R", "F1", "sec"
    );
    for file in files {
        let data = read_conll(&file)?;
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut modes = vec![("words", evaluate_words as fn(_, _) -> _)];
        if raw {
            modes.push(("raw", evaluate_raw));
        }
        for (mode, f) in modes {
            let started = std::time::Instant::now();
            let r = f(&ner, &data)?;
            let f1 = |t: &str| r.per_type.get(t).map_or(0.0, |s| s.f1);
            println!(
                "{:<28} {:>6} {:>6.4} {:>6.4} {:>6.4}  {:>6.4} {:>6.4} {:>6.4}  {:>6.1}",
                name,
                mode,
                f1("PER"),
                f1("ORG"),
                f1("LOC"),
                r.overall.precision,
                r.overall.recall,
                r.overall.f1,
                started.elapsed().as_secs_f64()
            );
            let st = &r.stats;
            eprintln!(
                "    tokenize {:.2}s inference {:.2}s (session {:.2}s summed) decode {:.2}s; {} windows, {} batches, {} tokens, padding {:.1}%",
                st.tokenize.as_secs_f64(), st.inference.as_secs_f64(), st.run.session_time.as_secs_f64(),
                st.decode.as_secs_f64(), st.run.windows, st.run.batches, st.run.tokens, 100.0 * st.run.padding_waste()
            );
        }
    }
    Ok(())
}
