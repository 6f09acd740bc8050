"""What a model gets wrong on a CoNLL-style test file: the most frequent false positives, misses and type
confusions, to see whether the errors are the model's or a convention of the data set (UNER, for one, tags a
country acting as a government as ORG). Each sentence is detokenized and run through `polyprep ner` (the raw-text
path users run), and its entities are mapped back to words; an entity whose edges fall inside a word counts as a
false positive.
usage: python3 error_report.py MODEL_DIR TSV [--top N] [--o-bias B]"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter

import common as C


def word_span(offsets, start, end):
    """Character span -> (first word, end word) when both edges are word edges, else None."""
    starts = {s: i for i, (s, _) in enumerate(offsets)}
    ends = {e: i + 1 for i, (_, e) in enumerate(offsets)}
    if start in starts and end in ends and starts[start] < ends[end]:
        return starts[start], ends[end]
    return None


def span_text(text, offsets, start, end):
    return text[offsets[start][0]:offsets[end - 1][1]]


def compare(gold, predicted):
    """gold, predicted: sets of (start, end, type) -> (false positives, misses, confusions as (gold, predicted)):
    a predicted span whose edges match a gold span of another type is a confusion, not also a miss and a false
    positive."""
    gold_edges = {(s, e): t for s, e, t in gold}
    pred_edges = {(s, e): t for s, e, t in predicted}
    confusions = [((s, e, gold_edges[(s, e)]), (s, e, t)) for s, e, t in predicted
                  if (s, e) in gold_edges and gold_edges[(s, e)] != t]
    false_positives = [p for p in predicted if (p[0], p[1]) not in gold_edges]
    misses = [g for g in gold if (g[0], g[1]) not in pred_edges]
    return false_positives, misses, confusions


def predict(model, texts, o_bias):
    """`polyprep ner` on one text per line -> each text's entities, in order."""
    binary = os.path.join(C.REPO, 'target', 'release', 'polyprep')
    with tempfile.TemporaryDirectory() as d:
        inp = os.path.join(d, 'in.jsonl')
        with open(inp, 'w', encoding='utf-8') as f:
            for i, text in enumerate(texts):
                f.write(json.dumps({'id': str(i), 'text': text}, ensure_ascii=False) + '\n')
        run = subprocess.run([binary, 'ner', inp, '--model', model, f'--o-bias={o_bias}'],
                             capture_output=True, text=True, check=True)
    by_id = {r['id']: r.get('entities', []) for r in map(json.loads, run.stdout.splitlines())}
    return [by_id.get(str(i), []) for i in range(len(texts))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('model')
    ap.add_argument('tsv')
    ap.add_argument('--top', type=int, default=25)
    ap.add_argument('--o-bias', type=float, default=0.0)
    args = ap.parse_args()
    sents = C.read_conll(args.tsv)
    texts, offsets = zip(*(C.detok(words) for words, _ in sents)) if sents else ((), ())
    found = {'false positives': Counter(), 'misses': Counter(), 'type confusions': Counter()}
    pairs = Counter()  # type confusions by (gold, predicted) type
    gold_types = Counter()
    n_pred = 0
    for (words, tags), text, offs, ents in zip(sents, texts, offsets, predict(args.model, texts, args.o_bias)):
        gold = set(C.entity_spans(tags))
        predicted, unaligned = set(), []
        for e in ents:
            span = word_span(offs, e['char_start'], e['char_end'])
            if span:
                predicted.add((*span, e['label']))
            else:
                unaligned.append(e)
        fps, misses, confusions = compare(gold, predicted)
        gold_types.update(t for _, _, t in gold)
        n_pred += len(predicted) + len(unaligned)
        found['false positives'].update(f'{span_text(text, offs, s, e)} {t}' for s, e, t in fps)
        found['false positives'].update(f'{e["text"]} {e["label"]} (inside a word)' for e in unaligned)
        found['misses'].update(f'{span_text(text, offs, s, e)} {t}' for s, e, t in misses)
        pairs.update(f'{g[2]} -> {p[2]}' for g, p in confusions)
        found['type confusions'].update(f'{span_text(text, offs, g[0], g[1])} {g[2]} -> {p[2]}' for g, p in confusions)
    by_type = ', '.join(f'{t} {n}' for t, n in sorted(gold_types.items()))
    kinds = ', '.join(f'{k} {sum(c.values())}' for k, c in found.items())
    print(f'{os.path.basename(args.tsv)} ({len(sents)} sentences, raw-text path): {sum(gold_types.values())} gold spans '
          f'({by_type}), {n_pred} predicted; {kinds} (' + ', '.join(f'{k} {n}' for k, n in pairs.most_common()) + ')')
    for kind, c in found.items():
        print(f'== {kind} (top {args.top} of {len(c)} distinct)')
        print('; '.join(f'{k} x{n}' if n > 1 else k for k, n in c.most_common(args.top)))


if __name__ == '__main__':
    sys.exit(main())
