//! Collecting the report: counts per document as the corpus streams by, then the corpus-level
//! results (duplicates, passages) joined by document index.

use super::topk::{Counted, TopK};
use super::{
    ClusterKind, CorpusReport, CountRow, DuplicateClusterSummary, DuplicateMember, DuplicateReport,
    EntityReport, ErrorRow, LabelRow, LanguageRow, NormalizationReport, NormalizationRuleRow,
    OccurrenceSummary, PassageReport, PassageSummary, ReportConfig, RuleRow, ScriptRow,
    SimilarPairSummary, Totals, VariantRow, WarningRow,
};
use crate::dedup::{CorpusDedup, DedupResult, SimilarPair};
use crate::passages::SharedPassage;
use polyprep_core::{Document, Lang, NormalizationRule, Script, SpanKind};
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// Distinct labels, rules and warning sources counted by name; past these, the rest are counted
/// together under [`OTHER`], so a corpus of odd annotations cannot grow the tables.
const MAX_LABELS: usize = 64;
const MAX_RULES: usize = 256;
const MAX_WARNING_SOURCES: usize = 64;
/// The name the overflow of those tables is counted under.
const OTHER: &str = "(other)";

/// `key` itself while `table` has room for it (or already holds it), else [`OTHER`].
fn bounded_key<'a, V>(table: &BTreeMap<String, V>, key: &'a str, max: usize) -> &'a str {
    if table.len() < max || table.contains_key(key) {
        key
    } else {
        OTHER
    }
}
/// Longest entity or variant text counted as a key, in characters.
const MAX_KEY_CHARS: usize = 200;

/// Collects a [`CorpusReport`] from documents streamed in input order, then the corpus-level
/// results; see the [module documentation](super) for what it keeps.
#[derive(Debug, Clone)]
pub struct ReportBuilder {
    config: ReportConfig,
    title: String,
    totals: Totals,
    docs: DocTable,
    errors: Vec<ErrorRow>,
    languages: BTreeMap<Lang, LanguageCount>,
    scripts: BTreeMap<Script, (u64, u64)>,
    rules: BTreeMap<String, RuleRow>,
    entity_labels: BTreeMap<String, LabelCount>,
    normalization_rules: Vec<NormalizationRuleRow>,
    variants: TopK<(String, String, String), VariantDetails>,
    aliases: TopK<(String, String), VariantDetails>,
    warnings: BTreeMap<String, WarningRow>,
    duplicates: Option<DuplicateReport>,
    threshold: Option<f64>,
    passages: Option<PassageReport>,
}

#[derive(Debug, Clone, Default)]
struct LanguageCount {
    documents: u64,
    bytes: u64,
    confidence: f64,
}

#[derive(Debug, Clone)]
struct LabelCount {
    mentions: u64,
    top: TopK<String, ()>,
}

/// What a variant counter remembers of the first normalization that made it.
#[derive(Debug, Clone)]
struct VariantDetails {
    rule: NormalizationRule,
    entity_type: Option<String>,
    scheme: Option<String>,
}

/// Per document, what duplicate clusters and similar pairs show: the id (in one shared
/// buffer, to spare an allocation per document), the cleaned length and the language.
#[derive(Debug, Clone, Default)]
struct DocTable {
    ids: String,
    rows: Vec<DocRow>,
}

#[derive(Debug, Clone, Copy)]
struct DocRow {
    id_end: usize,
    bytes: u32,
    lang: Option<Lang>,
}

impl DocTable {
    fn push(&mut self, id: &str, bytes: usize, lang: Option<Lang>) {
        self.ids.push_str(id);
        self.rows.push(DocRow {
            id_end: self.ids.len(),
            bytes: u32::try_from(bytes).unwrap_or(u32::MAX),
            lang,
        });
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    /// The id of document `index`, or `#index` for a document the report did not see.
    fn id(&self, index: usize) -> String {
        let Some(row) = self.rows.get(index) else {
            return format!("#{index}");
        };
        let start = match index.checked_sub(1) {
            Some(previous) => self.rows[previous].id_end,
            None => 0,
        };
        self.ids
            .get(start..row.id_end)
            .map_or_else(|| format!("#{index}"), str::to_string)
    }
}

impl Default for ReportBuilder {
    fn default() -> Self {
        ReportBuilder::new()
    }
}

impl ReportBuilder {
    /// A builder with the default [`ReportConfig`] and title.
    pub fn new() -> Self {
        let config = ReportConfig::default();
        ReportBuilder {
            variants: TopK::new(config.counters),
            aliases: TopK::new(config.counters),
            config,
            title: "polyprep corpus report".to_string(),
            totals: Totals::default(),
            docs: DocTable::default(),
            errors: Vec::new(),
            languages: BTreeMap::new(),
            scripts: BTreeMap::new(),
            rules: BTreeMap::new(),
            entity_labels: BTreeMap::new(),
            normalization_rules: Vec::new(),
            warnings: BTreeMap::new(),
            duplicates: None,
            threshold: None,
            passages: None,
        }
    }

    /// Replaces the configuration; call it before adding documents (its counters size the
    /// frequency tables).
    pub fn with_config(mut self, config: ReportConfig) -> Self {
        self.variants = TopK::new(config.counters);
        self.aliases = TopK::new(config.counters);
        self.config = config;
        self
    }

    /// Sets the page's title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Documents added so far; the next document gets this index.
    pub fn documents(&self) -> usize {
        self.docs.len()
    }

    /// Counts one document as the pipeline left it. Documents must come in the order that
    /// deduplication and passage detection number them.
    pub fn add_document(&mut self, doc: &Document) {
        let annotations = &doc.annotations;
        let totals = &mut self.totals;
        let bytes_out = doc.text().len() as u64;
        totals.documents += 1;
        totals.bytes_in += doc.original().len() as u64;
        totals.bytes_out += bytes_out;
        if doc.text().trim().is_empty() {
            totals.empty_documents += 1;
        }

        match &annotations.language {
            Some(guess) => {
                let language = self.languages.entry(guess.lang).or_default();
                language.documents += 1;
                language.bytes += bytes_out;
                language.confidence += guess.confidence.clamp(0.0, 1.0);
                let script = self.scripts.entry(guess.script).or_default();
                script.0 += 1;
                script.1 += bytes_out;
            }
            None => totals.documents_without_language += 1,
        }
        if is_mixed_language(doc) {
            totals.mixed_language_documents += 1;
        }

        if !annotations.removed.is_empty() {
            totals.documents_with_removals += 1;
        }
        let mut rules_seen: Vec<&str> = Vec::new();
        for block in &annotations.removed {
            let bytes = block.span.len() as u64;
            if block.removed {
                totals.blocks_removed += 1;
                totals.bytes_removed += bytes;
            } else {
                totals.blocks_flagged += 1;
            }
            let name = bounded_key(&self.rules, &block.rule, MAX_RULES);
            let rule = self
                .rules
                .entry(name.to_string())
                .or_insert_with(|| RuleRow {
                    rule: name.to_string(),
                    blocks: 0,
                    bytes: 0,
                    documents: 0,
                    flagged: 0,
                    examples: Vec::new(),
                });
            rule.blocks += 1;
            rule.bytes += bytes;
            if !block.removed {
                rule.flagged += 1;
            }
            if !rules_seen.contains(&name) {
                rules_seen.push(name);
                rule.documents += 1;
            }
            if rule.examples.len() < self.config.examples_per_rule {
                let example = cut(
                    &collapse_whitespace(&block.text),
                    self.config.max_text_chars,
                )
                .0;
                if !example.is_empty() && !rule.examples.contains(&example) {
                    rule.examples.push(example);
                }
            }
        }

        for entity in &annotations.entities {
            totals.entities += 1;
            let label = bounded_key(&self.entity_labels, &entity.label, MAX_LABELS);
            let counters = self.config.counters;
            let count = self
                .entity_labels
                .entry(label.to_string())
                .or_insert_with(|| LabelCount {
                    mentions: 0,
                    top: TopK::new(counters),
                });
            count.mentions += 1;
            count.top.add(key_text(&entity.text), || ());
        }

        for normalization in &annotations.normalizations {
            totals.normalizations += 1;
            let rule = normalization.rule;
            match self
                .normalization_rules
                .iter_mut()
                .find(|row| row.rule == rule)
            {
                Some(row) => {
                    row.count += 1;
                    row.applied += u64::from(normalization.applied);
                }
                None => self.normalization_rules.push(NormalizationRuleRow {
                    rule,
                    count: 1,
                    applied: u64::from(normalization.applied),
                }),
            }
            let details = || VariantDetails {
                rule,
                entity_type: normalization.entity_type.clone(),
                scheme: normalization.scheme.clone(),
            };
            let text = key_text(&normalization.text);
            let canonical = key_text(&normalization.canonical);
            if rule == NormalizationRule::Alias {
                self.aliases.add((text, canonical), details);
            } else {
                // Debug names the rule for any variant, including ones added later.
                self.variants
                    .add((format!("{rule:?}"), text, canonical), details);
            }
        }

        if !annotations.warnings.is_empty() {
            totals.documents_with_warnings += 1;
        }
        for warning in &annotations.warnings {
            totals.warnings += 1;
            let source = bounded_key(&self.warnings, &warning.source, MAX_WARNING_SOURCES);
            let max_chars = self.config.max_text_chars;
            self.warnings
                .entry(source.to_string())
                .or_insert_with(|| WarningRow {
                    source: source.to_string(),
                    count: 0,
                    example: cut(&warning.message, max_chars).0,
                })
                .count += 1;
        }

        let lang = annotations.language.map(|guess| guess.lang);
        self.docs.push(&doc.id, doc.text().len(), lang);
    }

    /// Counts a record that did not become a document (it takes no document index).
    pub fn add_error(&mut self, record: &str, message: &str) {
        self.totals.errors += 1;
        if self.errors.len() < self.config.max_errors {
            self.errors.push(ErrorRow {
                record: cut(record, self.config.max_text_chars).0,
                message: cut(message, self.config.max_text_chars).0,
            });
        }
    }

    /// Joins deduplication's result, and the most similar pairs when the caller ranked them
    /// (`DedupIndex::most_similar_pairs`, called before `DedupIndex::finish`; `&[]` if not).
    /// The result's document `i` must be the `i`-th document added; a result of another
    /// length is joined all the same, with a note, and ids it names beyond the documents
    /// added show as `#i`.
    pub fn with_duplicates(mut self, result: &DedupResult, pairs: &[SimilarPair]) -> Self {
        self.duplicates = Some(self.summarize_duplicates(result, pairs, None));
        self
    }

    /// Joins a whole-corpus deduplication pass ([`crate::dedup::dedup_corpus`]): its result,
    /// its most similar pairs, and its ids, which name the members even when the report was
    /// given other documents.
    pub fn with_corpus_dedup(mut self, dedup: &CorpusDedup) -> Self {
        self.duplicates =
            Some(self.summarize_duplicates(&dedup.result, &dedup.most_similar, Some(&dedup.ids)));
        self
    }

    /// The similarity threshold deduplication used, so the report can say which similar
    /// pairs reach it.
    pub fn with_dedup_threshold(mut self, threshold: f64) -> Self {
        self.threshold = Some(threshold);
        self
    }

    /// Joins the shared passages (as `PassageFinder::finish` returns them, best first).
    pub fn with_passages(mut self, passages: &[SharedPassage]) -> Self {
        let config = &self.config;
        let shown = passages
            .iter()
            .take(config.max_passages)
            .map(|passage| {
                let (text, truncated) = cut(&passage.text, config.max_text_chars);
                PassageSummary {
                    id: passage.id,
                    text,
                    truncated,
                    documents: passage.documents,
                    words: passage.words,
                    similarity: passage.similarity,
                    verbatim: passage.verbatim,
                    occurrences: passage
                        .occurrences
                        .iter()
                        .take(config.max_occurrences)
                        .map(|occurrence| OccurrenceSummary {
                            doc_index: occurrence.doc_index,
                            doc_id: occurrence.doc_id.clone(),
                            span: occurrence.span,
                            words: occurrence.words,
                        })
                        .collect(),
                    occurrences_not_shown: passage
                        .occurrences
                        .len()
                        .saturating_sub(config.max_occurrences),
                }
            })
            .collect();
        self.passages = Some(PassageReport {
            passages: passages.len() as u64,
            verbatim: passages.iter().filter(|p| p.verbatim).count() as u64,
            occurrences: passages.iter().map(|p| p.occurrences.len() as u64).sum(),
            shown,
        });
        self
    }

    /// The report.
    pub fn finish(self) -> CorpusReport {
        let config = &self.config;

        let mut languages: Vec<LanguageRow> = self
            .languages
            .iter()
            .map(|(lang, count)| LanguageRow {
                code: lang.code().to_string(),
                name: lang.english_name().to_string(),
                documents: count.documents,
                bytes: count.bytes,
                mean_confidence: count.confidence / count.documents.max(1) as f64,
            })
            .collect();
        languages.sort_by(|a, b| b.documents.cmp(&a.documents).then(b.bytes.cmp(&a.bytes)));

        let mut scripts: Vec<ScriptRow> = self
            .scripts
            .iter()
            .map(|(script, &(documents, bytes))| ScriptRow {
                code: script.code().to_string(),
                name: script.english_name().to_string(),
                documents,
                bytes,
            })
            .collect();
        scripts.sort_by(|a, b| b.documents.cmp(&a.documents).then(b.bytes.cmp(&a.bytes)));

        let mut boilerplate: Vec<RuleRow> = self.rules.into_values().collect();
        boilerplate.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(b.blocks.cmp(&a.blocks)));

        let mut labels: Vec<LabelRow> = self
            .entity_labels
            .into_iter()
            .map(|(label, count)| LabelRow {
                label,
                mentions: count.mentions,
                exact: count.top.is_exact(),
                top: count
                    .top
                    .top(config.top_entities)
                    .into_iter()
                    .map(|counted| CountRow {
                        text: counted.key.clone(),
                        count: counted.count,
                        max_overcount: counted.error,
                    })
                    .collect(),
            })
            .collect();
        labels.sort_by_key(|l| Reverse(l.mentions));

        let mut by_rule = self.normalization_rules;
        by_rule.sort_by_key(|r| Reverse(r.count));
        let variants = self
            .variants
            .top(config.top_variants)
            .into_iter()
            .map(|counted| {
                let (_, text, canonical) = &counted.key;
                variant_row(text, canonical, counted)
            })
            .collect();
        let aliases = self
            .aliases
            .top(config.top_variants)
            .into_iter()
            .map(|counted| {
                let (text, canonical) = &counted.key;
                variant_row(text, canonical, counted)
            })
            .collect();

        let mut warnings: Vec<WarningRow> = self.warnings.into_values().collect();
        warnings.sort_by_key(|w| Reverse(w.count));

        let duplicates = self.duplicates.map(|mut duplicates| {
            duplicates.threshold = self.threshold;
            if let Some(threshold) = self.threshold {
                for pair in &mut duplicates.similar_pairs {
                    pair.above_threshold = Some(pair.similarity >= threshold);
                }
            }
            duplicates
        });

        CorpusReport {
            title: self.title,
            generator: concat!("polyprep ", env!("CARGO_PKG_VERSION")).to_string(),
            totals: self.totals,
            errors: self.errors,
            languages,
            scripts,
            boilerplate,
            duplicates,
            passages: self.passages,
            entities: EntityReport {
                mentions: labels.iter().map(|l| l.mentions).sum(),
                labels,
            },
            normalizations: NormalizationReport {
                total: by_rule.iter().map(|r| r.count).sum(),
                applied: by_rule.iter().map(|r| r.applied).sum(),
                by_rule,
                variants,
                variants_exact: self.variants.is_exact(),
                aliases,
                aliases_exact: self.aliases.is_exact(),
            },
            warnings,
        }
    }

    fn summarize_duplicates(
        &self,
        result: &DedupResult,
        pairs: &[SimilarPair],
        ids: Option<&[String]>,
    ) -> DuplicateReport {
        let config = &self.config;
        let id = |index: usize| match ids.and_then(|ids| ids.get(index)) {
            Some(id) => id.clone(),
            None => self.docs.id(index),
        };
        let mut notes = result.notes.clone();
        if result.docs.len() != self.docs.len() {
            notes.push(format!(
                "deduplication covered {} documents but the report counted {}: clusters and pairs are joined by position, so ids may not match",
                result.docs.len(),
                self.docs.len()
            ));
        }

        // Sizes and kinds of every cluster, from the per-document decisions (not from the
        // stats, so an inconsistent result cannot index out of bounds).
        let clusters = result
            .docs
            .iter()
            .filter_map(|d| d.cluster)
            .max()
            .map_or(0, |c| c + 1);
        let mut sizes = vec![0usize; clusters];
        let mut near = vec![false; clusters];
        let mut representative = vec![usize::MAX; clusters];
        for (index, doc) in result.docs.iter().enumerate() {
            let Some(cluster) = doc.cluster else { continue };
            sizes[cluster] += 1;
            representative[cluster] = doc.representative;
            if !doc.exact && doc.representative != index {
                near[cluster] = true;
            }
        }
        let present = sizes.iter().filter(|&&s| s > 0).count() as u64;
        let exact_clusters = (0..clusters).filter(|&c| sizes[c] > 0 && !near[c]).count() as u64;

        // The largest clusters, then their first members (the representative always).
        let mut order: Vec<usize> = (0..clusters).filter(|&c| sizes[c] > 0).collect();
        order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
        order.truncate(config.max_clusters);
        let mut slot_of = vec![usize::MAX; clusters];
        for (slot, &cluster) in order.iter().enumerate() {
            slot_of[cluster] = slot;
        }
        let mut largest: Vec<DuplicateClusterSummary> = order
            .iter()
            .map(|&cluster| DuplicateClusterSummary {
                cluster,
                kind: if near[cluster] {
                    ClusterKind::Near
                } else {
                    ClusterKind::Exact
                },
                size: sizes[cluster],
                representative: representative[cluster],
                members: Vec::new(),
                members_not_shown: 0,
            })
            .collect();
        let member = |index: usize| {
            let doc = &result.docs[index];
            let row = self.docs.rows.get(index);
            DuplicateMember {
                index,
                id: id(index),
                similarity: doc.similarity,
                exact: doc.exact,
                representative: doc.representative == index,
                kept: doc.keep,
                bytes: row.map(|r| u64::from(r.bytes)),
                lang: row.and_then(|r| r.lang).map(|l| l.code().to_string()),
            }
        };
        for (index, doc) in result.docs.iter().enumerate() {
            let Some(summary) = doc
                .cluster
                .and_then(|c| slot_of.get(c))
                .and_then(|&slot| largest.get_mut(slot))
            else {
                continue;
            };
            let is_representative = doc.representative == index;
            // One place is kept for the representative until it has come.
            let has_representative = summary.members.iter().any(|m| m.representative);
            let room = config.max_cluster_members.max(1) - usize::from(!has_representative);
            if is_representative || summary.members.len() < room {
                summary.members.push(member(index));
            } else {
                summary.members_not_shown += 1;
            }
        }

        // Pairs that share no shingle say nothing; a small corpus ranks them all the same.
        let similar_pairs = pairs
            .iter()
            .filter(|pair| pair.exact || pair.similarity > 0.0)
            .take(config.max_similar_pairs)
            .map(|pair| {
                let cluster = |i: usize| result.docs.get(i).and_then(|d| d.cluster);
                SimilarPairSummary {
                    a: pair.a,
                    a_id: id(pair.a),
                    b: pair.b,
                    b_id: id(pair.b),
                    similarity: pair.similarity,
                    exact: pair.exact,
                    same_cluster: cluster(pair.a).is_some() && cluster(pair.a) == cluster(pair.b),
                    above_threshold: None,
                }
            })
            .collect();

        DuplicateReport {
            threshold: None,
            documents: result.docs.len() as u64,
            exact_duplicates: result.stats.exact_duplicates as u64,
            clusters: present,
            exact_clusters,
            clustered_documents: sizes.iter().sum::<usize>() as u64,
            dropped: result.docs.iter().filter(|d| !d.keep).count() as u64,
            largest,
            similar_pairs,
            notes,
        }
    }
}

/// A variants or aliases table row: `text` -> `canonical` with its bounded count.
fn variant_row<K>(text: &str, canonical: &str, counted: &Counted<K, VariantDetails>) -> VariantRow {
    let details = &counted.payload;
    VariantRow {
        text: text.to_string(),
        canonical: canonical.to_string(),
        rule: details.rule,
        count: counted.count,
        max_overcount: counted.error,
        entity_type: details.entity_type.clone(),
        scheme: details.scheme.clone(),
    }
}

/// Two or more reliably detected languages among the document's language runs (or, when
/// runs are off, among its other spans).
fn is_mixed_language(doc: &Document) -> bool {
    let spans = &doc.annotations.language_spans;
    let has_runs = spans.iter().any(|s| s.kind == SpanKind::LanguageRun);
    let mut first: Option<Lang> = None;
    for span in spans {
        if has_runs && span.kind != SpanKind::LanguageRun {
            continue;
        }
        let guess = span.guess;
        if !guess.reliable || guess.lang == Lang::Und {
            continue;
        }
        match first {
            None => first = Some(guess.lang),
            Some(lang) if lang != guess.lang => return true,
            Some(_) => {}
        }
    }
    false
}

/// An entity or variant as a table key: whitespace runs as one space, and at most
/// [`MAX_KEY_CHARS`] characters, so a runaway span cannot make a huge key.
fn key_text(text: &str) -> String {
    cut(&collapse_whitespace(text), MAX_KEY_CHARS).0
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut to `max_chars` characters (the last one `…`), and whether it was cut.
pub(super) fn cut(text: &str, max_chars: usize) -> (String, bool) {
    match text.char_indices().nth(max_chars) {
        None => (text.to_string(), false),
        Some(_) => {
            let keep = max_chars.saturating_sub(1);
            let end = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
            (format!("{}…", &text[..end]), true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyprep_core::{Entity, Normalization, Span};

    #[test]
    fn cut_counts_characters() {
        assert_eq!(cut("Київ", 4), ("Київ".to_string(), false));
        assert_eq!(cut("Київ!", 4), ("Киї…".to_string(), true));
        assert_eq!(cut("", 0), (String::new(), false));
    }

    #[test]
    fn ids_come_back_by_position() {
        let mut table = DocTable::default();
        table.push("a", 3, None);
        table.push("", 0, None);
        table.push("Київ<1>", 9, Some(Lang::Ukr));
        assert_eq!(table.id(0), "a");
        assert_eq!(table.id(1), "");
        assert_eq!(table.id(2), "Київ<1>");
        assert_eq!(table.id(3), "#3");
    }

    #[test]
    fn entities_and_variants_are_counted_by_label_and_rule() {
        let mut builder = ReportBuilder::new();
        for i in 0..3 {
            let mut doc = Document::new(format!("d{i}"), "Zelensky met Zelenskyy in Kyiv.");
            let entity = |label: &str, text: &str| Entity {
                span: Span::new(0, 0),
                label: label.to_string(),
                text: text.to_string(),
                score: 0.9,
            };
            doc.annotations.entities = vec![entity("PER", "Zelensky"), entity("LOC", "Kyiv")];
            if i < 2 {
                doc.annotations.entities.push(entity("PER", "Zelenskyy"));
            }
            let normalization = |text: &str, canonical: &str, rule| Normalization {
                span: Span::new(0, 0),
                text: text.to_string(),
                canonical: canonical.to_string(),
                rule,
                entity_id: None,
                entity_type: Some("PER".to_string()),
                wikidata: None,
                scheme: None,
                confidence: 1.0,
                applied: rule != NormalizationRule::Alias,
            };
            doc.annotations.normalizations = vec![
                normalization("Zelensky", "Zelenskyy", NormalizationRule::Gazetteer),
                normalization("Ze", "Zelenskyy", NormalizationRule::Alias),
            ];
            builder.add_document(&doc);
        }
        let report = builder.finish();
        assert_eq!(report.entities.mentions, 8);
        let per = &report.entities.labels[0];
        assert_eq!(
            (per.label.as_str(), per.mentions, per.exact),
            ("PER", 5, true)
        );
        let top: Vec<(&str, u64)> = per.top.iter().map(|c| (c.text.as_str(), c.count)).collect();
        assert_eq!(top, [("Zelensky", 3), ("Zelenskyy", 2)]);
        let norms = &report.normalizations;
        assert_eq!((norms.total, norms.applied), (6, 3));
        assert_eq!(norms.variants.len(), 1);
        assert_eq!(norms.variants[0].count, 3);
        assert_eq!(norms.variants[0].rule, NormalizationRule::Gazetteer);
        assert_eq!(norms.aliases[0].text, "Ze");
        assert_eq!(norms.aliases[0].count, 3);
    }
}
