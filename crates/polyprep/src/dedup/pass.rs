//! Deduplication as a pass over a streamed corpus: documents are cleaned by a pipeline,
//! sketched in parallel batches and indexed, in memory that grows by a fixed number of bytes
//! per document (the sketch and the id), never by the text.

use super::{field_value, DedupError, DedupResult, Deduper, SimilarPair};
use crate::corpus::Record;
use crate::stream::{StreamError, StreamOptions, StreamStats};
use crate::Pipeline;
use polyprep_core::Duplicate;

/// Documents sketched together: enough to keep both cores busy, few enough to bound memory.
const SKETCH_BATCH: usize = 4096;

/// The result of deduplicating a corpus.
#[derive(Debug, Clone)]
pub struct CorpusDedup {
    /// Per document (in corpus order, error records skipped): cluster, representative, kept.
    pub result: DedupResult,
    /// The documents' ids, by document index.
    pub ids: Vec<String>,
    /// For each input record in order: its document index, or `None` for a record that failed
    /// (reading or cleaning); a second read of the same inputs meets the records in this order.
    pub records: Vec<Option<usize>>,
    /// The most similar document pairs, best first (also below the threshold).
    pub most_similar: Vec<SimilarPair>,
    /// Reading and cleaning figures of the pass.
    pub stats: StreamStats,
}

impl CorpusDedup {
    /// The duplicate annotation of document `doc_index`, if it is in a cluster.
    pub fn annotation(&self, doc_index: usize) -> Option<Duplicate> {
        let doc = self.result.docs.get(doc_index)?;
        let cluster = doc.cluster?;
        Some(Duplicate {
            cluster,
            representative: self.ids.get(doc.representative)?.clone(),
            similarity: doc.similarity,
            exact: doc.exact,
            kept: doc.keep,
        })
    }
}

/// A failure of the pass as a whole (a record's failure is only counted).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CorpusDedupError {
    /// The streaming runner failed.
    #[error(transparent)]
    Stream(#[from] StreamError<DedupError>),
    /// The index refused its input.
    #[error(transparent)]
    Dedup(#[from] DedupError),
}

/// Cleans every record with `pipeline` (usually the clean stage alone), sketches the documents
/// with `deduper` and clusters them; `top_pairs` most similar pairs are kept for reports.
pub fn dedup_corpus<I>(
    pipeline: &Pipeline,
    records: I,
    deduper: &Deduper,
    options: &StreamOptions,
    top_pairs: usize,
) -> Result<CorpusDedup, CorpusDedupError>
where
    I: Iterator<Item = Record> + Send,
{
    let mut index = deduper.index();
    let mut ids = Vec::new();
    let mut record_docs = Vec::new();
    let mut batch: Vec<(String, Option<f64>)> = Vec::with_capacity(SKETCH_BATCH);
    let keep_field = deduper.keep_field().map(str::to_string);
    let flush = |batch: &mut Vec<(String, Option<f64>)>,
                 index: &mut super::DedupIndex,
                 first: usize|
     -> Result<(), DedupError> {
        let texts: Vec<&str> = batch.iter().map(|(text, _)| text.as_str()).collect();
        for (offset, sketch) in deduper.hasher().sketch_batch(&texts).iter().enumerate() {
            index.insert_sketch(first + offset, sketch, batch[offset].1)?;
        }
        batch.clear();
        Ok(())
    };
    let mut batch_start = 0;
    let sink = |record: Record| -> Result<(), DedupError> {
        match record {
            Ok(doc) => {
                record_docs.push(Some(ids.len()));
                let field = keep_field.as_deref().and_then(|f| field_value(&doc, f));
                ids.push(doc.id.clone());
                batch.push((doc.text().to_string(), field));
                if batch.len() == SKETCH_BATCH {
                    flush(&mut batch, &mut index, batch_start)?;
                    batch_start = ids.len();
                }
            }
            Err(_) => record_docs.push(None),
        }
        Ok(())
    };
    let stats = pipeline.process_stream(records, options, sink)?;
    flush(&mut batch, &mut index, batch_start)?;
    let most_similar = if top_pairs > 0 {
        index.most_similar_pairs(top_pairs)
    } else {
        Vec::new()
    };
    let result = index.finish()?;
    Ok(CorpusDedup {
        result,
        ids,
        records: record_docs,
        most_similar,
        stats,
    })
}
