//! Prints the entities of text files (or of the arguments) found by the default model.
//!
//! `cargo run --release -p polyprep-ner --example ner -- [--o-bias 2] FILE_OR_TEXT...`

use polyprep_ner::NerBuilder;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = NerBuilder::new();
    let mut inputs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--o-bias" => {
                builder = builder.with_o_bias(args.next().ok_or("--o-bias needs a value")?.parse()?)
            }
            _ => inputs.push(a),
        }
    }
    let ner = builder.build()?;
    for input in inputs {
        let text = std::fs::read_to_string(&input).unwrap_or_else(|_| input.clone());
        let entities = ner.predict(&text)?;
        println!("== {input}: {} entities", entities.len());
        for ty in ner.entity_types() {
            let mut seen: Vec<(String, usize)> = Vec::new();
            for e in entities.iter().filter(|e| &e.label == ty) {
                match seen.iter_mut().find(|(t, _)| *t == e.text) {
                    Some((_, n)) => *n += 1,
                    None => seen.push((e.text.clone(), 1)),
                }
            }
            let items: Vec<String> = seen
                .iter()
                .map(|(t, n)| {
                    if *n > 1 {
                        format!("{t} x{n}")
                    } else {
                        t.clone()
                    }
                })
                .collect();
            println!("  {ty}: {}", items.join("; "));
        }
    }
    Ok(())
}
