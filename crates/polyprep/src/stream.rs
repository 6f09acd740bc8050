//! Running a stage over a stream of records: in parallel, in input order, in bounded memory.

use crate::corpus::{Record, RecordError};
use polyprep_core::{internal_error, Document, Stage};
use serde::{Deserialize, Serialize};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How to run a stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StreamOptions {
    /// Worker threads; `None` uses rayon's default (one per core), `Some(1)` runs on one thread.
    pub threads: Option<usize>,
    /// At most this many records are held in memory per chunk.
    pub chunk_records: usize,
    /// A chunk is closed once its documents hold this many bytes, so memory stays bounded
    /// whatever the document sizes.
    pub chunk_bytes: usize,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            threads: None,
            chunk_records: 512,
            chunk_bytes: 32 << 20,
        }
    }
}

/// What a stream run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StreamStats {
    /// Records that became documents.
    pub documents: usize,
    /// Records that failed (reading or processing).
    pub errors: usize,
    /// Bytes of the documents' original text.
    pub bytes_in: usize,
    /// Bytes of the documents' final text.
    pub bytes_out: usize,
    /// Wall time.
    pub elapsed: Duration,
}

impl StreamStats {
    /// Input throughput in MB/s (10^6 bytes).
    pub fn megabytes_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.bytes_in as f64 / 1e6 / seconds
        } else {
            0.0
        }
    }
}

/// Errors of [`process_stream`]: the sink failed, or the thread pool could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError<E: std::error::Error + 'static> {
    /// The sink returned an error; the stream stopped there.
    #[error(transparent)]
    Sink(E),
    /// The worker threads could not be started.
    #[error("cannot start {threads} worker threads: {source}")]
    ThreadPool {
        /// The thread count asked for.
        threads: usize,
        /// What rayon said.
        #[source]
        source: rayon::ThreadPoolBuildError,
    },
}

/// Runs `stage` over every document of `records` and hands each result, in input order, to
/// `sink`, which sees every record exactly once: a processed document or a [`RecordError`].
///
/// Records are read on a separate thread in chunks (bounded by [`StreamOptions`]) while the
/// previous chunk is processed in parallel, so memory stays bounded for corpora larger than
/// RAM. A stage that fails or panics on a document yields an error record for it; the run
/// goes on.
pub fn process_stream<I, S, E>(
    stage: &dyn Stage,
    records: I,
    options: &StreamOptions,
    mut sink: S,
) -> Result<StreamStats, StreamError<E>>
where
    I: Iterator<Item = Record> + Send,
    S: FnMut(Record) -> Result<(), E>,
    E: std::error::Error + 'static,
{
    let start = Instant::now();
    let pool = match options.threads {
        Some(threads) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|source| StreamError::ThreadPool { threads, source })?,
        ),
        None => None,
    };
    let mut stats = StreamStats::default();
    let chunk_records = options.chunk_records.max(1);
    let chunk_bytes = options.chunk_bytes.max(1);
    let result = std::thread::scope(|scope| {
        // One chunk in flight while another is processed: reading overlaps the work.
        let (sender, receiver) = mpsc::sync_channel::<Vec<Record>>(1);
        scope.spawn(move || {
            let mut chunk = Vec::new();
            let mut bytes = 0;
            for record in records {
                if let Ok(doc) = &record {
                    bytes += doc.original().len();
                }
                chunk.push(record);
                if chunk.len() >= chunk_records || bytes >= chunk_bytes {
                    if sender.send(std::mem::take(&mut chunk)).is_err() {
                        return; // the consumer stopped
                    }
                    bytes = 0;
                }
            }
            if !chunk.is_empty() {
                let _ = sender.send(chunk);
            }
        });
        for chunk in receiver {
            let processed = match &pool {
                Some(pool) => pool.install(|| process_chunk(stage, chunk)),
                None => process_chunk(stage, chunk),
            };
            for record in processed {
                match &record {
                    Ok(doc) => {
                        stats.documents += 1;
                        stats.bytes_in += doc.original().len();
                        stats.bytes_out += doc.text().len();
                    }
                    Err(_) => stats.errors += 1,
                }
                sink(record).map_err(StreamError::Sink)?;
            }
        }
        Ok(())
    });
    stats.elapsed = start.elapsed();
    result.map(|()| stats)
}

/// Runs the chunk's documents through the stage as one batch; records that failed to read pass
/// through, and each document that fails becomes an error record naming it.
fn process_chunk(stage: &dyn Stage, chunk: Vec<Record>) -> Vec<Record> {
    let mut slots: Vec<Option<RecordError>> = Vec::with_capacity(chunk.len());
    let mut docs = Vec::with_capacity(chunk.len());
    for record in chunk {
        match record {
            Ok(doc) => {
                docs.push(doc);
                slots.push(None);
            }
            Err(error) => slots.push(Some(error)),
        }
    }
    // Stages guard each document themselves (see `Stage::process_batch`); this catches a
    // stage whose own batch code panics, which can only fail the whole batch.
    let results =
        catch_unwind(AssertUnwindSafe(|| stage.process_batch(&mut docs))).unwrap_or_else(|_| {
            docs.iter()
                .map(|doc| Err(internal_error(stage.name(), &doc.id, "panic in batch code")))
                .collect()
        });
    let mut outcomes = docs.into_iter().zip(results);
    slots
        .into_iter()
        .map(|slot| match slot {
            Some(error) => Err(error),
            None => match outcomes.next() {
                Some((doc, Ok(()))) => Ok(doc),
                Some((doc, Err(error))) => Err(RecordError {
                    record: record_name(&doc),
                    id: Some(doc.id.clone()),
                    message: error.to_string(),
                }),
                None => unreachable!("one result per document"),
            },
        })
        .collect()
}

/// How a document's record is named in errors: its source (file, file:line), else its id.
fn record_name(doc: &Document) -> String {
    doc.metadata
        .get("source")
        .and_then(|s| s.as_str())
        .unwrap_or(&doc.id)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyprep_core::{Error, TextRewriter};

    /// Drops the first character of every document, fails on id "fail" and panics on "panic":
    /// enough behaviour to see order, failures and panics through the runner.
    struct DropFirstChar;

    impl Stage for DropFirstChar {
        fn name(&self) -> &'static str {
            "drop-first-char"
        }

        fn process(&self, doc: &mut Document) -> polyprep_core::Result<()> {
            match doc.id.as_str() {
                "fail" => Err(Error::Config("refused".into())),
                "panic" => panic!("boom"),
                _ => {
                    doc.apply(|text| {
                        let mut rw = TextRewriter::new(text);
                        rw.delete_to(text.chars().next().map_or(0, char::len_utf8));
                        rw.finish()
                    });
                    Ok(())
                }
            }
        }
    }

    fn records(n: usize) -> Vec<Record> {
        (0..n)
            .map(|i| match i % 7 {
                3 => Ok(Document::new("fail", "x")),
                5 => Ok(Document::new("panic", "x")),
                6 => Err(RecordError {
                    record: format!("input:{i}"),
                    id: None,
                    message: "unreadable".into(),
                }),
                _ => Ok(Document::new(i.to_string(), format!("#{i}"))),
            })
            .collect()
    }

    #[test]
    fn every_record_comes_out_once_in_input_order() {
        for threads in [Some(1), Some(2), None] {
            let options = StreamOptions {
                threads,
                chunk_records: 3,
                chunk_bytes: 1 << 20,
            };
            let mut seen = Vec::new();
            let stats = process_stream(&DropFirstChar, records(50).into_iter(), &options, |r| {
                seen.push(r);
                Ok::<(), std::io::Error>(())
            })
            .unwrap();
            assert_eq!(seen.len(), 50);
            assert_eq!(stats.documents + stats.errors, 50);
            for (i, record) in seen.iter().enumerate() {
                match (i % 7, record) {
                    (3 | 5 | 6, Err(_)) => {}
                    (_, Ok(doc)) => assert_eq!(doc.text(), i.to_string()),
                    (_, other) => panic!("record {i}: {other:?}"),
                }
            }
            let panicked = seen[5].as_ref().unwrap_err();
            assert!(
                panicked.message.contains("internal error") && panicked.message.contains("boom")
            );
            assert_eq!(panicked.id.as_deref(), Some("panic"));
        }
    }

    #[test]
    fn a_failing_sink_stops_the_stream() {
        let mut calls = 0;
        let result = process_stream(
            &DropFirstChar,
            records(100).into_iter(),
            &StreamOptions::default(),
            |_| {
                calls += 1;
                if calls == 2 {
                    Err(std::io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            },
        );
        assert!(matches!(result, Err(StreamError::Sink(_))));
        assert_eq!(calls, 2);
    }
}
