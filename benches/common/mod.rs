//! The texts the benches run on: the bundled sample corpus (seed news articles and the
//! multilingual JSONL), read once.

use std::path::Path;

/// (id, text) of every document of `sample/`.
pub fn sample_texts() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample");
    let mut texts = Vec::new();
    let mut seeds: Vec<_> = std::fs::read_dir(root.join("seeds"))
        .expect("sample/seeds exists")
        .map(|e| e.expect("readable entry").path())
        .collect();
    seeds.sort();
    for path in seeds {
        let text = std::fs::read_to_string(&path).expect("seed is UTF-8");
        texts.push((path.display().to_string(), text));
    }
    let jsonl = std::fs::read_to_string(root.join("multilingual.jsonl")).expect("sample JSONL");
    for line in jsonl.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("sample JSONL is valid");
        texts.push((
            value["id"].as_str().unwrap_or("").into(),
            value["text"].as_str().unwrap_or("").into(),
        ));
    }
    texts
}
