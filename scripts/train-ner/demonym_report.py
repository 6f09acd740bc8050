"""Demonyms tagged as entities in running news/web text: the seed articles are five, so evaluate.sh also runs
`polyprep ner` on the raw text of English test sets and counts predicted spans that are a demonym alone
("North Korean", "the Russians"), against the gold spans of that kind (the UNER test sets have almost none).
It also describes a data set's own convention (`tokens`): how often a demonym is inside an entity or outside one,
and how many spans `untag_demonyms` would set to O.
usage: python3 demonym_report.py text TSV > TEXT.jsonl      (one JSON line per sentence: id, detokenized text)
       python3 demonym_report.py count TSV NER_JSONL         (one summary line)
       python3 demonym_report.py tokens TSV...               (one line per file)"""
import json
import os
import re
import sys
from collections import Counter

import common as C

DEMONYM_WORDS = C.read_demonyms(os.path.join(C.HERE, 'demonyms-en.txt'))
DEMONYMS = {' '.join(d) for d in DEMONYM_WORDS}


def is_demonym(text):
    return re.sub(r'^(?:the|The) ', '', text.strip()) in DEMONYMS


def count(gold_sents, predictions):
    """-> (Counter of labels of predicted demonym-only spans, number of gold demonym-only spans)"""
    gold = sum(is_demonym(' '.join(words[i:j])) for words, tags in gold_sents for i, j, _ in C.entity_spans(tags))
    predicted = Counter(e['label'] for d in predictions for e in d.get('entities', []) if is_demonym(e['text']))
    return predicted, gold


def convention(sents):
    """-> (demonyms inside an entity, demonyms outside one, spans, spans untag_demonym_spans sets to O); a
    demonym is the longest listed word sequence at a position, e.g. "North Korean" once, not also "Korean"."""
    inside = outside = spans = untagged = 0
    for words, tags in sents:
        for i, _ in C.find_demonyms(words, DEMONYM_WORDS):
            inside += tags[i] != 'O'
            outside += tags[i] == 'O'
        n = len(C.entity_spans(tags))
        spans += n
        untagged += n - len(C.entity_spans(C.untag_demonym_spans(words, tags, DEMONYM_WORDS)))
    return inside, outside, spans, untagged


def main():
    if sys.argv[1:2] == ['tokens']:
        for tsv in sys.argv[2:]:
            inside, outside, spans, untagged = convention(C.read_conll(tsv))
            print(f'{os.path.basename(tsv)}: demonyms inside an entity {inside}, outside {outside}; '
                  f'{untagged} of {spans} spans would be untagged')
        return
    mode, tsv = sys.argv[1], sys.argv[2]
    name = os.path.splitext(os.path.basename(tsv))[0]
    sents = C.read_conll(tsv)
    if mode == 'text':
        for i, (words, _) in enumerate(sents):
            print(json.dumps({'id': f'{name}:{i + 1}', 'text': C.detok(words)[0]}, ensure_ascii=False))
    elif mode == 'count':
        with open(sys.argv[3], encoding='utf-8') as f:
            predictions = [json.loads(line) for line in f if line.strip()]
        predicted, gold = count(sents, predictions)
        print(f'{name}: {len(sents)} sentences, {sum(predicted.values())} predicted demonym-only entity spans '
              f'{dict(sorted(predicted.items()))}, {gold} in the gold annotation')
    else:
        raise SystemExit(__doc__)


if __name__ == '__main__':
    main()
