//! Language detection throughput (MB/s): polyprep (document + paragraph spans) beside raw whatlang
//! on the same texts.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use polyprep::langid::LanguageDetectorBuilder;
use polyprep::{Document, Stage};
use std::hint::black_box;

mod common;

fn bench_langid(c: &mut Criterion) {
    let texts = common::sample_texts();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let mut group = c.benchmark_group("langid");
    group.throughput(Throughput::Bytes(bytes as u64));
    let detector = LanguageDetectorBuilder::new()
        .build()
        .expect("default detector");
    group.bench_with_input(
        BenchmarkId::new("polyprep-document", "sample"),
        &texts,
        |b, texts| {
            b.iter(|| {
                for (_, text) in texts {
                    black_box(detector.detect(text));
                }
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("polyprep-stage", "sample"),
        &texts,
        |b, texts| {
            b.iter(|| {
                for (id, text) in texts {
                    let mut doc = Document::new(id.as_str(), text.as_str());
                    detector
                        .process(&mut doc)
                        .expect("langid never fails on text");
                    black_box(doc.annotations.language_spans.len());
                }
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("whatlang-raw", "sample"),
        &texts,
        |b, texts| {
            b.iter(|| {
                for (_, text) in texts {
                    black_box(whatlang::detect(text));
                }
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench_langid);
criterion_main!(benches);
