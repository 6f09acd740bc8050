//! Block-level comparison of polyprep's boilerplate removal with jusText's classifier alone on
//! the seed articles, against the boilerplate the cleaning issue lists:
//! `cargo run -p polyprep-clean --example justext_compare`.
//!
//! A block counts as boilerplate when the issue names it (the list below); repeated copies are
//! left out (jusText has no notion of them) and the dateline is a prefix, so its paragraph counts
//! as content. jusText runs with our block splitting, the same stop-word lists, and either its
//! own published thresholds or ours.

use polyprep_clean::boilerplate::blocks::split_blocks;
use polyprep_clean::boilerplate::heuristics::{justext_classes, BlockClass, BlockFeatures};
use polyprep_clean::boilerplate::stopwords::StopWords;
use polyprep_clean::boilerplate::{BoilerplateRemoverBuilder, JustextParams};
use polyprep_clean::normalize::{NormalizeConfig, Normalizer};
use polyprep_core::Lang;
use std::collections::HashSet;

/// The boilerplate, by the start of each block.
const GOLD: &[&str] = &[
    "Read more",
    "FILE PHOTO: US Defense Secretary Lloyd Austin.",
    "Pentagon believes North Korean troops are in Russia",
    "Mandatory credit: The White House",
    "close",
    "Finishing off the defenseless: How the Russians execute Ukrainian soldiers",
    "Warning: This article contains graphic photos",
    "Experts say South Korea is unlikely to supply weapons to Ukraine given legal hurdles",
    "South Korea has indicated it may change its longstanding stance",
    "MATT WALSH’S ‘AM I RACIST?’ COMING TO DAILYWIRE+ OCT. 28",
];

#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    lost: Vec<String>,
}

impl Score {
    fn add(&mut self, gold: bool, removed: bool, text: &str) {
        match (gold, removed) {
            (true, true) => self.tp += 1,
            (false, true) => {
                self.fp += 1;
                self.lost.push(text.chars().take(70).collect());
            }
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
    }

    fn line(&self, name: &str) -> String {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        format!(
            "{name:<34} removed {:>3}  boilerplate caught {:>2}/{:<2}  content lost {:>2}  precision {:.2}  recall {:.2}",
            self.tp + self.fp,
            self.tp,
            self.tp + self.fn_,
            self.fp,
            p,
            r
        )
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/seeds");
    let normalizer = Normalizer::new(NormalizeConfig::default());
    let remover = BoilerplateRemoverBuilder::new().build()?;
    let stop = StopWords::new(&[Lang::Eng]);
    let justext_published = JustextParams {
        stopwords_low: 0.30,
        stopwords_high: 0.32,
        ..JustextParams::default()
    };
    let ours = JustextParams::default();
    let (mut s_pub, mut s_ours, mut s_pp) = (Score::default(), Score::default(), Score::default());
    let mut densities: Vec<f64> = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    for path in names {
        let raw = std::fs::read_to_string(&path)?;
        let text = normalizer.normalize(&raw).text.into_owned();
        let blocks = split_blocks(&text);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text(&text)).collect();
        let features: Vec<BlockFeatures> = texts
            .iter()
            .map(|t| BlockFeatures::measure(t, Some(Lang::Eng), &stop))
            .collect();
        let published = justext_classes(&features, &justext_published);
        let calibrated = justext_classes(&features, &ours);
        let found: HashSet<usize> = remover
            .find(&text, Some(Lang::Eng))
            .into_iter()
            .filter(|f| !f.prefix)
            .map(|f| f.range.start)
            .collect();
        let mut seen = HashSet::new();
        for (i, t) in texts.iter().enumerate() {
            if !seen.insert(*t) {
                continue; // a repeated copy
            }
            let gold = GOLD.iter().any(|g| t.starts_with(g));
            if !gold && features[i].chars >= 70 {
                densities.push(features[i].stopword_density);
            }
            s_pub.add(gold, published[i] == BlockClass::Bad, t);
            s_ours.add(gold, calibrated[i] == BlockClass::Bad, t);
            s_pp.add(gold, found.contains(&blocks[i].start), t);
        }
    }
    println!("{}", s_pub.line("jusText (published thresholds)"));
    println!("{}", s_ours.line("jusText (thresholds for NLTK lists)"));
    println!("{}", s_pp.line("polyprep boilerplate"));
    densities.sort_by(f64::total_cmp);
    let q = |f: f64| densities[((densities.len() - 1) as f64 * f) as usize];
    println!(
        "stop-word density of {} content blocks of 70+ chars: min {:.2}, 10% {:.2}, median {:.2}",
        densities.len(),
        q(0.0),
        q(0.1),
        q(0.5)
    );
    for (name, s) in [("jusText published", &s_pub), ("jusText NLTK", &s_ours)] {
        for lost in &s.lost {
            println!("  {name} loses: {lost}…");
        }
    }
    Ok(())
}
