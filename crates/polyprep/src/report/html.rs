//! The report as one self-contained HTML page: inline CSS, inline SVG bar charts, no script,
//! no external resource, every text escaped.

use super::{
    ClusterKind, CorpusReport, DuplicateClusterSummary, DuplicateReport, PassageReport, VariantRow,
};
use polyprep_core::NormalizationRule;
use std::fmt::Write;

/// Writes to a `String`, which cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

/// Bars drawn per chart; tables below the charts list every row.
const MAX_BARS: usize = 20;
/// Characters of a chart label; the whole label is in the bar's tooltip.
const LABEL_CHARS: usize = 26;

const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6576; --line: #d9dee7; --bar: #3b6ea8; --bg: #f6f7f9; --warn: #a8503b; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
header { background: #1d2a3c; color: #fff; padding: 20px 32px 14px; }
header h1 { margin: 0 0 4px; font-size: 24px; overflow-wrap: anywhere; }
header p { margin: 0 0 10px; color: #c6d0de; font-size: 13px; }
nav a { color: #dfe7f2; margin-right: 16px; font-size: 14px; text-decoration: none; }
nav a:hover { text-decoration: underline; }
main { max-width: 1120px; margin: 0 auto; padding: 8px 24px 32px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 22px; margin: 18px 0; }
h2 { font-size: 19px; margin: 0 0 10px; }
h3 { font-size: 16px; margin: 18px 0 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: #fbfcfd; }
.card .value { font-size: 22px; font-weight: 600; }
.card .what { color: var(--muted); font-size: 13px; }
.card.bad .value { color: var(--warn); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th { color: var(--muted); font-weight: 600; font-size: 13px; }
td.key { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.none { color: var(--muted); font-style: italic; }
.note { color: var(--muted); font-size: 13px; }
.chart { display: block; max-width: 100%; height: auto; margin: 4px 0 8px; }
.tag { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px; background: #e6ecf5; color: #284a74; }
.tag.kept { background: #e2f1e5; color: #23623a; }
.tag.dropped { background: #f6e4e0; color: var(--warn); }
.passage { border-left: 3px solid var(--bar); padding: 4px 12px; margin: 12px 0; }
.passage blockquote { margin: 0 0 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
ul.examples { margin: 0; padding-left: 18px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 4px 24px; }
footer { text-align: center; color: var(--muted); font-size: 12px; padding: 0 0 24px; }
"#;

/// Renders the report as one HTML page that needs nothing else: no network, no script, no
/// font or stylesheet to fetch; it opens from a file in any browser. Every text from the
/// corpus (ids, passages, entity names, error messages) is escaped.
pub fn render_html(report: &CorpusReport) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = esc(&report.title);
    w!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    w!(
        out,
        "<header>\n<h1>{title}</h1>\n<p>Made by {}. Byte counts are UTF-8 bytes; ids and texts are as the corpus gave them.</p>\n\
         <nav><a href=\"#overview\">Overview</a><a href=\"#languages\">Languages</a>\
         <a href=\"#boilerplate\">Boilerplate</a><a href=\"#duplicates\">Duplicates</a>\
         <a href=\"#passages\">Shared passages</a><a href=\"#entities\">Entities</a>\
         <a href=\"#normalizations\">Spelling variants</a><a href=\"#problems\">Errors and warnings</a></nav>\n</header>\n<main>\n",
        esc(&report.generator)
    );
    overview(&mut out, report);
    languages(&mut out, report);
    boilerplate(&mut out, report);
    duplicates(&mut out, report);
    passages(&mut out, report);
    entities(&mut out, report);
    normalizations(&mut out, report);
    problems(&mut out, report);
    out.push_str(
        "</main>\n<footer>This page is self-contained: it loads nothing, runs no script and works offline.</footer>\n</body>\n</html>\n",
    );
    out
}

fn overview(out: &mut String, report: &CorpusReport) {
    let t = &report.totals;
    out.push_str("<section id=\"overview\">\n<h2>Overview</h2>\n<div class=\"cards\">\n");
    card(out, &int(t.documents), "documents", false);
    card(out, &int(t.errors), "records failed", t.errors > 0);
    card(out, &bytes(t.bytes_in), "in (original text)", false);
    card(
        out,
        &bytes(t.bytes_out),
        &format!(
            "out after cleaning ({} of in)",
            percent(t.bytes_out, t.bytes_in)
        ),
        false,
    );
    card(
        out,
        &bytes(t.bytes_removed),
        &format!(
            "removed as boilerplate ({} in {})",
            counted(t.blocks_removed, "block"),
            counted(t.documents_with_removals, "document")
        ),
        false,
    );
    let languages = report.languages.iter().filter(|l| l.code != "und").count();
    card(out, &int(languages as u64), "languages", false);
    let clusters = report
        .duplicates
        .as_ref()
        .map_or("–".to_string(), |d| int(d.clusters));
    card(out, &clusters, "duplicate clusters", false);
    let passages = report
        .passages
        .as_ref()
        .map_or("–".to_string(), |p| int(p.passages));
    card(out, &passages, "shared passages", false);
    card(out, &int(t.entities), "entity mentions", false);
    card(
        out,
        &int(t.normalizations),
        "spelling normalizations",
        false,
    );
    out.push_str("</div>\n");
    if t.empty_documents > 0 {
        w!(
            out,
            "<p class=\"note\">Empty after cleaning: {}.</p>\n",
            counted(t.empty_documents, "document")
        );
    }
    out.push_str("</section>\n");
}

fn card(out: &mut String, value: &str, what: &str, bad: bool) {
    let class = if bad { "card bad" } else { "card" };
    w!(
        out,
        "<div class=\"{class}\"><div class=\"value\">{}</div><div class=\"what\">{}</div></div>\n",
        esc(value),
        esc(what)
    );
}

fn languages(out: &mut String, report: &CorpusReport) {
    let t = &report.totals;
    out.push_str("<section id=\"languages\">\n<h2>Languages</h2>\n");
    if t.documents == 0 {
        out.push_str("<p class=\"none\">No documents, so no languages.</p>\n</section>\n");
        return;
    }
    if report.languages.is_empty() {
        out.push_str(
            "<p class=\"none\">Language detection did not run on any document.</p>\n</section>\n",
        );
        return;
    }
    let bars: Vec<Bar> = report
        .languages
        .iter()
        .map(|l| Bar {
            label: format!("{} ({})", l.name, l.code),
            value: l.documents as f64,
            text: format!("{} · {}", counted(l.documents, "doc"), bytes(l.bytes)),
        })
        .collect();
    out.push_str(&bar_chart("Documents per language", &bars));
    out.push_str(
        "<table><thead><tr><th>Language</th><th>Code</th><th class=\"num\">Documents</th><th class=\"num\">Share</th>\
         <th class=\"num\">Bytes</th><th class=\"num\">Mean confidence</th></tr></thead><tbody>\n",
    );
    for l in &report.languages {
        w!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{:.2}</td></tr>\n",
            esc(&l.name),
            esc(&l.code),
            int(l.documents),
            percent(l.documents, t.documents),
            bytes(l.bytes),
            l.mean_confidence
        );
    }
    out.push_str("</tbody></table>\n<p class=\"note\"><code>und</code>: no reliable decision. ");
    if t.documents_without_language > 0 {
        w!(
            out,
            "Without a language decision: {}. ",
            counted(t.documents_without_language, "document")
        );
    }
    w!(
        out,
        "Mixing two or more languages: {}.</p>\n",
        counted(t.mixed_language_documents, "document")
    );

    out.push_str("<h3>Scripts</h3>\n");
    let bars: Vec<Bar> = report
        .scripts
        .iter()
        .map(|s| Bar {
            label: format!("{} ({})", s.name, s.code),
            value: s.documents as f64,
            text: format!("{} · {}", counted(s.documents, "doc"), bytes(s.bytes)),
        })
        .collect();
    out.push_str(&bar_chart("Documents per script", &bars));
    out.push_str(
        "<table><thead><tr><th>Script</th><th>Code</th><th class=\"num\">Documents</th><th class=\"num\">Bytes</th></tr></thead><tbody>\n",
    );
    for s in &report.scripts {
        w!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            esc(&s.name),
            esc(&s.code),
            int(s.documents),
            bytes(s.bytes)
        );
    }
    out.push_str("</tbody></table>\n</section>\n");
}

fn boilerplate(out: &mut String, report: &CorpusReport) {
    let t = &report.totals;
    out.push_str("<section id=\"boilerplate\">\n<h2>Boilerplate removed by rule</h2>\n");
    if report.boilerplate.is_empty() {
        let message = if t.documents == 0 {
            "No documents, so nothing was removed."
        } else {
            "Nothing was removed: no cleaning rule matched any document."
        };
        w!(out, "<p class=\"none\">{message}</p>\n</section>\n");
        return;
    }
    w!(
        out,
        "<p>{} removed ({} of the original text) and {} only flagged, in {} of {}.</p>\n",
        counted(t.blocks_removed, "block"),
        percent(t.bytes_removed, t.bytes_in),
        int(t.blocks_flagged),
        int(t.documents_with_removals),
        counted(t.documents, "document")
    );
    let bars: Vec<Bar> = report
        .boilerplate
        .iter()
        .map(|r| Bar {
            label: r.rule.clone(),
            value: r.bytes as f64,
            text: format!("{} · {}", bytes(r.bytes), counted(r.blocks, "block")),
        })
        .collect();
    out.push_str(&bar_chart("Bytes removed per rule", &bars));
    out.push_str(
        "<table><thead><tr><th>Rule</th><th class=\"num\">Blocks</th><th class=\"num\">Documents</th>\
         <th class=\"num\">Bytes</th><th class=\"num\">Flagged only</th><th>Examples</th></tr></thead><tbody>\n",
    );
    for r in &report.boilerplate {
        w!(
            out,
            "<tr><td class=\"key\"><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><ul class=\"examples\">",
            esc(&r.rule),
            int(r.blocks),
            int(r.documents),
            bytes(r.bytes),
            int(r.flagged)
        );
        for example in &r.examples {
            w!(out, "<li>{}</li>", esc(example));
        }
        out.push_str("</ul></td></tr>\n");
    }
    out.push_str("</tbody></table>\n</section>\n");
}

fn duplicates(out: &mut String, report: &CorpusReport) {
    out.push_str("<section id=\"duplicates\">\n<h2>Duplicates</h2>\n");
    let Some(d) = &report.duplicates else {
        out.push_str(
            "<p class=\"none\">Deduplication was not run for this report.</p>\n</section>\n",
        );
        return;
    };
    let threshold = d.threshold.map_or(String::new(), |t| {
        format!(" at similarity threshold {t:.2}")
    });
    w!(
        out,
        "<p>{} compared{}: {}; {} ({} exact, {} near) holding {}; {} dropped.</p>\n",
        counted(d.documents, "document"),
        esc(&threshold),
        counted(d.exact_duplicates, "exact duplicate"),
        counted(d.clusters, "cluster"),
        int(d.exact_clusters),
        int(d.clusters.saturating_sub(d.exact_clusters)),
        counted(d.clustered_documents, "document"),
        counted(d.dropped, "document")
    );
    if d.largest.is_empty() {
        out.push_str(
            "<p class=\"none\">No duplicate clusters: no two documents are similar enough.</p>\n",
        );
    } else {
        if (d.largest.len() as u64) < d.clusters {
            w!(
                out,
                "<p class=\"note\">The {} largest clusters of {}.</p>\n",
                d.largest.len(),
                int(d.clusters)
            );
        }
        for cluster in &d.largest {
            cluster_table(out, cluster);
        }
    }
    similar_pairs(out, d);
    if !d.notes.is_empty() {
        out.push_str("<ul class=\"note\">");
        for note in &d.notes {
            w!(out, "<li>{}</li>", esc(note));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn cluster_table(out: &mut String, cluster: &DuplicateClusterSummary) {
    let kind = match cluster.kind {
        ClusterKind::Exact => "exact copies",
        ClusterKind::Near => "near duplicates",
    };
    w!(
        out,
        "<table><caption>Cluster {} · {} · {}</caption><thead><tr><th>Document</th><th class=\"num\">Index</th>\
         <th class=\"num\">Similarity to representative</th><th>Role</th><th class=\"num\">Bytes</th><th>Language</th></tr></thead><tbody>\n",
        cluster.cluster,
        kind,
        counted(cluster.size as u64, "document")
    );
    for m in &cluster.members {
        let mut role = String::new();
        if m.representative {
            role.push_str("<span class=\"tag\">representative</span> ");
        } else if m.exact {
            role.push_str("<span class=\"tag\">exact copy</span> ");
        }
        role.push_str(if m.kept {
            "<span class=\"tag kept\">kept</span>"
        } else {
            "<span class=\"tag dropped\">dropped</span>"
        });
        w!(
            out,
            "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{:.3}</td><td>{role}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
            esc(&m.id),
            m.index,
            m.similarity,
            m.bytes.map_or("–".to_string(), bytes),
            esc(m.lang.as_deref().unwrap_or("–"))
        );
    }
    if cluster.members_not_shown > 0 {
        w!(
            out,
            "<tr><td colspan=\"6\" class=\"note\">… and {} more members</td></tr>\n",
            int(cluster.members_not_shown as u64)
        );
    }
    out.push_str("</tbody></table>\n");
}

fn similar_pairs(out: &mut String, d: &DuplicateReport) {
    out.push_str("<h3>Most similar pairs</h3>\n");
    if d.similar_pairs.is_empty() {
        out.push_str("<p class=\"none\">No pairs were ranked (fewer than two documents, or the ranking was not asked for).</p>\n");
        return;
    }
    out.push_str(
        "<p class=\"note\">Estimated Jaccard similarity of word shingles, whether or not the pair reaches the threshold.</p>\n\
         <table><thead><tr><th>Document A</th><th>Document B</th><th class=\"num\">Similarity</th><th></th><th>Exact</th>\
         <th>Same cluster</th><th>Reaches threshold</th></tr></thead><tbody>\n",
    );
    for p in &d.similar_pairs {
        let width = (p.similarity.clamp(0.0, 1.0) * 100.0).round();
        w!(
            out,
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td class=\"num\">{:.3}</td>\
             <td><svg width=\"100\" height=\"10\" role=\"img\" aria-label=\"similarity\"><rect width=\"100\" height=\"10\" fill=\"#e6ecf5\"></rect>\
             <rect width=\"{width}\" height=\"10\" fill=\"#3b6ea8\"></rect></svg></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&p.a_id),
            esc(&p.b_id),
            p.similarity,
            yes_no(p.exact),
            yes_no(p.same_cluster),
            p.above_threshold.map_or("–", yes_no)
        );
    }
    out.push_str("</tbody></table>\n");
}

fn passages(out: &mut String, report: &CorpusReport) {
    out.push_str("<section id=\"passages\">\n<h2>Shared passages</h2>\n");
    let Some(p) = &report.passages else {
        out.push_str(
            "<p class=\"none\">Passage detection was not run for this report.</p>\n</section>\n",
        );
        return;
    };
    if p.passages == 0 {
        out.push_str(
            "<p class=\"none\">No passage occurs in two or more documents.</p>\n</section>\n",
        );
        return;
    }
    passage_list(out, p);
    out.push_str("</section>\n");
}

fn passage_list(out: &mut String, p: &PassageReport) {
    w!(
        out,
        "<p>{} ({} verbatim) in {}{}.</p>\n",
        counted(p.passages, "passage"),
        int(p.verbatim),
        counted(p.occurrences, "occurrence"),
        if (p.shown.len() as u64) < p.passages {
            format!("; the first {} are shown", p.shown.len())
        } else {
            String::new()
        }
    );
    for passage in &p.shown {
        w!(
            out,
            "<div class=\"passage\"><blockquote>{}</blockquote>\n<p class=\"note\">{} · {} · similarity {:.2} · {}</p>\n",
            esc(&passage.text),
            counted(passage.documents as u64, "document"),
            counted(passage.words as u64, "word"),
            passage.similarity,
            if passage.verbatim { "verbatim" } else { "not verbatim" }
        );
        out.push_str(
            "<table><thead><tr><th>Document</th><th class=\"num\">Original bytes</th><th class=\"num\">Words</th></tr></thead><tbody>\n",
        );
        for o in &passage.occurrences {
            w!(
                out,
                "<tr><td><code>{}</code></td><td class=\"num\">{}–{}</td><td class=\"num\">{}</td></tr>\n",
                esc(&o.doc_id),
                o.span.start,
                o.span.end,
                o.words
            );
        }
        if passage.occurrences_not_shown > 0 {
            w!(
                out,
                "<tr><td colspan=\"3\" class=\"note\">… and {} more occurrences</td></tr>\n",
                int(passage.occurrences_not_shown as u64)
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
}

fn entities(out: &mut String, report: &CorpusReport) {
    out.push_str("<section id=\"entities\">\n<h2>Most frequent entities</h2>\n");
    let e = &report.entities;
    if e.mentions == 0 {
        out.push_str("<p class=\"none\">No entities: named-entity recognition did not run or found none.</p>\n</section>\n");
        return;
    }
    let bars: Vec<Bar> = e
        .labels
        .iter()
        .map(|l| Bar {
            label: l.label.clone(),
            value: l.mentions as f64,
            text: counted(l.mentions, "mention"),
        })
        .collect();
    out.push_str(&bar_chart("Entity mentions per label", &bars));
    out.push_str("<div class=\"grid\">\n");
    for label in &e.labels {
        w!(
            out,
            "<table><caption>{} · {}</caption><thead><tr><th>Entity</th><th class=\"num\">Mentions</th></tr></thead><tbody>\n",
            esc(&label.label),
            counted(label.mentions, "mention")
        );
        for row in &label.top {
            w!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td></tr>\n",
                esc(&row.text),
                count(row.count, row.max_overcount)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</div>\n");
    if e.labels.iter().any(|l| !l.exact) {
        out.push_str("<p class=\"note\">Some labels have more distinct entities than the report counts exactly: a count shown as “n (±k)” may exceed the true count by up to k.</p>\n");
    }
    out.push_str("</section>\n");
}

fn normalizations(out: &mut String, report: &CorpusReport) {
    out.push_str("<section id=\"normalizations\">\n<h2>Spelling variants merged</h2>\n");
    let n = &report.normalizations;
    if n.total == 0 {
        out.push_str("<p class=\"none\">No spelling normalizations: normalization did not run or changed nothing.</p>\n</section>\n");
        return;
    }
    w!(
        out,
        "<p>{} normalizations, {} of them applied to the text.</p>\n<table><thead><tr><th>Rule</th><th class=\"num\">Count</th><th class=\"num\">Applied</th></tr></thead><tbody>\n",
        int(n.total),
        int(n.applied)
    );
    for row in &n.by_rule {
        w!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            rule_name(row.rule),
            int(row.count),
            int(row.applied)
        );
    }
    out.push_str("</tbody></table>\n<h3>Forms rewritten to their canonical form</h3>\n");
    if n.variants.is_empty() {
        out.push_str("<p class=\"none\">No form was rewritten.</p>\n");
    } else {
        variant_table(out, &n.variants);
    }
    out.push_str("<h3>Aliases linked (never rewritten)</h3>\n");
    if n.aliases.is_empty() {
        out.push_str("<p class=\"none\">No alias was linked.</p>\n");
    } else {
        variant_table(out, &n.aliases);
    }
    if !n.variants_exact || !n.aliases_exact {
        out.push_str("<p class=\"note\">More distinct forms than the report counts exactly: a count shown as “n (±k)” may exceed the true count by up to k.</p>\n");
    }
    out.push_str("</section>\n");
}

fn variant_table(out: &mut String, rows: &[VariantRow]) {
    out.push_str(
        "<table><thead><tr><th>Form in the text</th><th>Canonical</th><th>Rule</th><th>Type or scheme</th><th class=\"num\">Count</th></tr></thead><tbody>\n",
    );
    for row in rows {
        let detail = row
            .entity_type
            .as_deref()
            .or(row.scheme.as_deref())
            .unwrap_or("–");
        w!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"key\">{}</td><td class=\"key\">{}</td><td class=\"num\">{}</td></tr>\n",
            esc(&row.text),
            esc(&row.canonical),
            rule_name(row.rule),
            esc(detail),
            count(row.count, row.max_overcount)
        );
    }
    out.push_str("</tbody></table>\n");
}

fn problems(out: &mut String, report: &CorpusReport) {
    let t = &report.totals;
    out.push_str(
        "<section id=\"problems\">\n<h2>Errors and warnings</h2>\n<h3>Records that failed</h3>\n",
    );
    if t.errors == 0 {
        out.push_str("<p class=\"none\">No record failed.</p>\n");
    } else {
        w!(
            out,
            "<p>{} failed{}.</p>\n<table><thead><tr><th>Record</th><th>Message</th></tr></thead><tbody>\n",
            counted(t.errors, "record"),
            if (report.errors.len() as u64) < t.errors {
                format!("; the first {} are listed", report.errors.len())
            } else {
                String::new()
            }
        );
        for e in &report.errors {
            w!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td></tr>\n",
                esc(&e.record),
                esc(&e.message)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("<h3>Warnings</h3>\n");
    if report.warnings.is_empty() {
        out.push_str("<p class=\"none\">No warnings.</p>\n");
    } else {
        w!(
            out,
            "<p>{} in {}.</p>\n<table><thead><tr><th>Source</th><th class=\"num\">Count</th><th>First message</th></tr></thead><tbody>\n",
            counted(t.warnings, "warning"),
            counted(t.documents_with_warnings, "document")
        );
        for row in &report.warnings {
            w!(
                out,
                "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                esc(&row.source),
                int(row.count),
                esc(&row.example)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
}

/// One bar of a chart.
struct Bar {
    label: String,
    value: f64,
    text: String,
}

/// A horizontal bar chart as inline SVG, the first [`MAX_BARS`] bars; each bar's tooltip
/// holds its whole label.
fn bar_chart(name: &str, bars: &[Bar]) -> String {
    const WIDTH: usize = 820;
    const LABEL: usize = 210;
    const BAR: f64 = 420.0;
    const ROW: usize = 26;
    let bars = &bars[..bars.len().min(MAX_BARS)];
    if bars.is_empty() {
        return String::new();
    }
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let height = bars.len() * ROW + 8;
    let mut svg = String::new();
    w!(
        svg,
        "<svg class=\"chart\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\">\n",
        esc(name)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = 4 + i * ROW;
        let length = if max > 0.0 && bar.value > 0.0 {
            (bar.value / max * BAR).max(2.0)
        } else {
            0.0
        };
        let label = super::collect::cut(&bar.label, LABEL_CHARS).0;
        w!(
            svg,
            "<g><title>{}: {}</title>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1d2430\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{}\" width=\"{length:.1}\" height=\"18\" rx=\"3\" fill=\"#3b6ea8\"></rect>\
             <text x=\"{:.1}\" y=\"{}\" font-size=\"12\" fill=\"#5b6576\">{}</text></g>\n",
            esc(&bar.label),
            esc(&bar.text),
            LABEL - 8,
            y + 16,
            esc(&label),
            y + 3,
            LABEL as f64 + length + 6.0,
            y + 16,
            esc(&bar.text)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// Escapes text for HTML content and attribute values; control characters, which HTML
/// forbids, become U+FFFD.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

fn rule_name(rule: NormalizationRule) -> &'static str {
    match rule {
        NormalizationRule::Gazetteer => "gazetteer variant",
        NormalizationRule::Alias => "alias",
        NormalizationRule::Fuzzy => "typo fix",
        NormalizationRule::Transliteration => "transliteration",
        NormalizationRule::Fallback => "fallback romanization",
        _ => "other",
    }
}

/// A count, with its possible overcount when it is an upper bound.
fn count(count: u64, overcount: u64) -> String {
    if overcount == 0 {
        int(count)
    } else {
        format!("{} (±{})", int(count), int(overcount))
    }
}

/// A count and its noun: `1 document`, `12,345 documents`.
fn counted(n: u64, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {noun}{s}", int(n))
}

/// An integer with thousands separators: `12,345`.
fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes in decimal units: `950 B`, `17.6 kB`, `3.2 MB`.
fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.95 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".to_string();
    }
    format!("{:.1} %", part as f64 * 100.0 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1000), "1,000");
        assert_eq!(int(1234567), "1,234,567");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(17_564), "17.6 kB");
        assert_eq!(bytes(999_999), "1.0 MB");
        assert_eq!(percent(1, 3), "33.3 %");
        assert_eq!(percent(1, 0), "–");
    }

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(
            esc("<script>alert(\"x\")</script> & 'y'\u{0}"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;\u{FFFD}"
        );
    }

    #[test]
    fn chart_bars_scale_to_the_largest() {
        let bars = [
            Bar {
                label: "English (eng)".into(),
                value: 4.0,
                text: "4 docs".into(),
            },
            Bar {
                label: "<b>".into(),
                value: 1.0,
                text: "1 doc".into(),
            },
        ];
        let svg = bar_chart("Documents", &bars);
        assert!(svg.contains("width=\"420.0\""), "{svg}");
        assert!(svg.contains("width=\"105.0\""), "{svg}");
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert_eq!(bar_chart("empty", &[]), "");
    }
}
