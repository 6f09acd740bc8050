//! NER throughput (sentences/s) with the default model on the seed sentences, for the batching
//! settings that matter: the default (2 workers x 1 intra-op thread on 2 cores, 512-token
//! batches) beside one window per batch.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use polyprep::ner::bench::repeat_to_size;
use polyprep::ner::NerBuilder;
use std::hint::black_box;

mod common;

fn bench_ner(c: &mut Criterion) {
    let texts: Vec<String> = common::sample_texts().into_iter().map(|(_, t)| t).collect();
    let sentences = repeat_to_size(&texts, 20_000);
    let mut group = c.benchmark_group("ner");
    group.sample_size(10);
    group.throughput(Throughput::Elements(sentences.len() as u64));
    for batch_tokens in [512, 1] {
        let ner = NerBuilder::new()
            .with_batch_tokens(batch_tokens)
            .build()
            .expect("the default model and ONNX Runtime (run scripts/setup.sh)");
        group.bench_with_input(
            BenchmarkId::new("batch-tokens", batch_tokens),
            &sentences,
            |b, sentences| b.iter(|| black_box(ner.predict_batch(sentences).expect("prediction"))),
        );
    }
    group.finish();
}

criterion_group!(benches, bench_ner);
criterion_main!(benches);
