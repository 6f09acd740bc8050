//! Cleaning throughput (MB/s) on the sample corpus: each step alone and the whole clean stage.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use polyprep::clean::{
    BoilerplateRemoverBuilder, Cleaner, CleanerBuilder, Normalizer, RepeatRemover,
};
use polyprep::{Document, Stage};
use std::hint::black_box;

mod common;

fn bench_clean(c: &mut Criterion) {
    let texts = common::sample_texts();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let mut group = c.benchmark_group("clean");
    group.throughput(Throughput::Bytes(bytes as u64));
    let cleaner: Cleaner = CleanerBuilder::new().build().expect("default cleaner");
    let stages: [(&str, Box<dyn Stage>); 4] = [
        ("normalize", Box::new(Normalizer::new(Default::default()))),
        (
            "boilerplate",
            Box::new(
                BoilerplateRemoverBuilder::new()
                    .build()
                    .expect("default rules"),
            ),
        ),
        ("repeats", Box::new(RepeatRemover::new(Default::default()))),
        ("clean", Box::new(cleaner)),
    ];
    for (name, stage) in &stages {
        group.bench_with_input(BenchmarkId::new(*name, "sample"), &texts, |b, texts| {
            b.iter(|| {
                for (id, text) in texts {
                    let mut doc = Document::new(id.as_str(), text.as_str());
                    stage.process(&mut doc).expect("clean never fails on text");
                    black_box(doc.text().len());
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_clean);
criterion_main!(benches);
