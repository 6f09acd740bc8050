"""Demonyms tagged as entities in running news/web text: the seed articles are five, so evaluate.sh also runs
`polyprep ner` on the raw text of English test sets and counts predicted spans that are a demonym alone
("North Korean", "the Russians"), against the gold spans of that kind (the UNER test sets have almost none).
usage: python3 demonym_report.py text TSV > TEXT.jsonl      (one JSON line per sentence: id, detokenized text)
       python3 demonym_report.py count TSV NER_JSONL         (one summary line)"""
import json
import os
import re
import sys
from collections import Counter

import common as C

DEMONYMS = {' '.join(d) for d in C.read_demonyms(os.path.join(C.HERE, 'demonyms-en.txt'))}


def is_demonym(text):
    return re.sub(r'^(?:the|The) ', '', text.strip()) in DEMONYMS


def count(gold_sents, predictions):
    """-> (Counter of labels of predicted demonym-only spans, number of gold demonym-only spans)"""
    gold = sum(is_demonym(' '.join(words[i:j])) for words, tags in gold_sents for i, j, _ in C.entity_spans(tags))
    predicted = Counter(e['label'] for d in predictions for e in d.get('entities', []) if is_demonym(e['text']))
    return predicted, gold


def main():
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
