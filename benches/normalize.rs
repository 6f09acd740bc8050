//! Spelling-normalization throughput (MB/s): the whole stage on English news (gazetteer and
//! typo matching) and on the Cyrillic, Greek-free and Hangul texts of the sample corpus
//! (transliteration), with `any_ascii` on the same non-Latin texts as a reference point.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use polyprep::translit::{Normalizer, NormalizerBuilder, TransliterationConfig, Transliterator};
use polyprep::{Document, Stage};
use std::hint::black_box;

mod common;

fn bench_normalize(c: &mut Criterion) {
    let texts = common::sample_texts();
    let (latin, non_latin): (Vec<_>, Vec<_>) = texts
        .into_iter()
        .partition(|(_, text)| polyprep::translit::script::is_latin_text(text));
    let normalizer: Normalizer = NormalizerBuilder::new()
        .build()
        .expect("default normalizer");
    let transliterator =
        Transliterator::new(&TransliterationConfig::default()).expect("default schemes");
    let mut group = c.benchmark_group("normalize");
    for (name, texts) in [("latin", &latin), ("non-latin", &non_latin)] {
        let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(BenchmarkId::new("stage", name), texts, |b, texts| {
            b.iter(|| {
                for (id, text) in texts {
                    let mut doc = Document::new(id.as_str(), text.as_str());
                    normalizer
                        .process(&mut doc)
                        .expect("normalization never fails");
                    black_box(doc.text().len());
                }
            })
        });
    }
    let bytes: usize = non_latin.iter().map(|(_, t)| t.len()).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_with_input(
        BenchmarkId::new("transliterate", "non-latin"),
        &non_latin,
        |b, texts| {
            b.iter(|| {
                for (_, text) in texts {
                    black_box(transliterator.transliterate(text, None).text.len());
                }
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("any_ascii", "non-latin"),
        &non_latin,
        |b, texts| {
            b.iter(|| {
                for (_, text) in texts {
                    black_box(any_ascii::any_ascii(text).len());
                }
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench_normalize);
criterion_main!(benches);
