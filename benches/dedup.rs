//! Corpus-pass throughput: MinHash sketching (MiB/s), deduplication of a generated corpus
//! (documents/s) and shared-passage finding (MiB/s), on the sample corpus's text.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use polyprep::dedup::bench::generate_corpus;
use polyprep::dedup::{DedupBuilder, DedupConfig};
use polyprep::passages::{PassageConfig, PassageFinder};
use polyprep::Span;
use std::hint::black_box;

mod common;

fn bench_dedup(c: &mut Criterion) {
    let texts: Vec<String> = common::sample_texts().into_iter().map(|(_, t)| t).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let deduper = DedupBuilder::new()
        .with_config(DedupConfig::default())
        .build()
        .expect("default dedup config");
    let mut group = c.benchmark_group("dedup");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_with_input(BenchmarkId::new("sketch", "sample"), &texts, |b, texts| {
        b.iter(|| {
            for text in texts {
                black_box(deduper.hasher().sketch(text));
            }
        })
    });
    // 10,000 documents of sample sentences with 10 % injected copies.
    let sentences: Vec<String> = texts
        .iter()
        .flat_map(|t| t.split(['.', '\n']))
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() >= 5)
        .map(str::to_string)
        .collect();
    let (corpus, _) = generate_corpus(&sentences, 10_000, 0.1, 7);
    group.throughput(Throughput::Elements(corpus.len() as u64));
    group.sample_size(10);
    group.bench_with_input(
        BenchmarkId::new("dedup_texts", "10k"),
        &corpus,
        |b, corpus| {
            b.iter(|| black_box(deduper.dedup_texts(corpus).expect("dedup").stats.clusters))
        },
    );
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_with_input(
        BenchmarkId::new("passages", "sample"),
        &texts,
        |b, texts| {
            b.iter(|| {
                let mut finder = PassageFinder::new(PassageConfig::default()).expect("config");
                for (i, text) in texts.iter().enumerate() {
                    finder
                        .add(i, "d", text, Span::new)
                        .expect("text under 4 GiB");
                }
                black_box(finder.finish().len())
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench_dedup);
criterion_main!(benches);
