//! Prints the language of each argument (or of each line of standard input).

use polyprep_langid::LanguageDetectorBuilder;
use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let detector = LanguageDetectorBuilder::new().build()?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lines: Vec<String> = if args.is_empty() {
        std::io::stdin().lock().lines().collect::<Result<_, _>>()?
    } else {
        args
    };
    for line in lines {
        let g = detector.detect(&line);
        println!(
            "{}\t{}\t{}\t{:.3}\t{}\t{line}",
            g.lang, g.best_guess, g.script, g.confidence, g.reliable
        );
    }
    Ok(())
}
