"""Summarise `polyprep ner` JSONL output on the seed articles: entities per document and type, demonyms and
common-noun phrases tagged as entities (must be none), and which of the expected entities were found.
usage: python seed_report.py SEEDS_JSONL [--json OUT]"""
import json
import re
import sys
from collections import Counter

# Issue 3's list of entities in the seed articles that must still be found.
EXPECTED = ['John Kirby', 'Lloyd Austin', 'Kim Jong Un', 'Volodymyr Zelensky', 'Dmitry Peskov', 'Mark Rutte',
            'Kyrylo Budanov', 'Yoon Suk Yeol', 'Ukraine', 'Russia', 'North Korea', 'Kyiv', 'Kursk', 'Vladivostok',
            'Pyongyang', 'Seoul', 'White House', 'National Security Council', 'Pentagon', 'NATO', 'Kremlin',
            'State Duma', 'Yonhap']
DEMONYM = re.compile(r"^(?:the )?(?:North |South )?(?:Korean|Ukrainian|Russian|American|Chinese|European)s?$", re.I)
# Lower-case words that make a span a common noun phrase rather than a name.
COMMON = {'conflict', 'war', 'soldiers', 'troops', 'military', 'forces', 'community', 'invasion', 'media', 'government',
          'uniforms', 'bases', 'deployment', 'pact', 'side', 'behalf', 'warplanes', 'intelligence', 'flag', 'camp',
          'join', 'more', 'fight', 'agency', 'body', 'minister', 'execute', 'secretary', 'partnership'}


def main():
    docs = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8') if l.strip()]
    report = {'demonyms': Counter(), 'common_noun_phrases': Counter(), 'found': {}, 'per_doc': []}
    all_ents = []
    for d in docs:
        ents = d.get('entities', [])
        all_ents += ents
        by = {}
        for e in ents:
            by.setdefault(e['label'], Counter())[e['text']] += 1
            if DEMONYM.match(e['text'].strip()):
                report['demonyms'][f'{e["text"]} ({e["label"]})'] += 1
            elif any(w in COMMON for w in re.findall(r"[a-z][a-z'-]*", e['text'])) or e['text'].islower():
                report['common_noun_phrases'][f'{e["text"]} ({e["label"]})'] += 1
        report['per_doc'].append({'id': d.get('id'), 'n': len(ents),
                                  'by_type': {k: dict(v.most_common()) for k, v in sorted(by.items())}})
    for name in EXPECTED:
        labels = Counter(e['label'] for e in all_ents if e['text'] == name)
        report['found'][name] = dict(labels)
    missed = [n for n, l in report['found'].items() if not l]
    print(f'{len(docs)} documents, {len(all_ents)} entities')
    for pd in report['per_doc']:
        print(f'== {pd["id"]}: {pd["n"]} entities')
        for lab, c in pd['by_type'].items():
            print(f'  {lab}: ' + '; '.join(f'{t}' + (f' x{n}' if n > 1 else '') for t, n in c.items()))
    print(f'demonyms tagged: {sum(report["demonyms"].values())} ' + str(dict(report['demonyms'])))
    print(f'common-noun phrases tagged: {sum(report["common_noun_phrases"].values())} ' + str(dict(report['common_noun_phrases'])))
    print(f'expected entities found as an exact span: {len(EXPECTED) - len(missed)}/{len(EXPECTED)}; missed: {missed}')
    print('labels of expected entities: ' + '; '.join(f'{n} {dict(l)}' for n, l in report['found'].items() if l))
    if '--json' in sys.argv:
        json.dump({k: (dict(v) if isinstance(v, Counter) else v) for k, v in report.items()},
                  open(sys.argv[sys.argv.index('--json') + 1], 'w'), indent=1)


if __name__ == '__main__':
    main()
