"""Step 2: read the training files named in the config, sample them, and pre-tokenize with the model's tokenizer.

Each sentence is kept in two forms, as the runtime meets text in two ways: 'pt' = the given words (every word gets
the ▁ prefix) and 'dt' = detokenized running text (no space before , . ) ...), the form `polyprep ner` sees.
Labels sit on the first sub-token of each word, -100 elsewhere. Writes OUT/data/train.npz and data_manifest.json
(exact files, sha256, sentence counts: the card lists them).
usage: python prep_data.py CONFIG"""
import hashlib
import json
import os
import sys

import numpy as np
from tokenizers import Tokenizer

import common as C

def enc_pt(tok, sents):
    res = []
    for (w, t), e in zip(sents, tok.encode_batch([w for w, _ in sents], is_pretokenized=True)):
        ids, wid = e.ids[1:-1], e.word_ids[1:-1]
        lab, prev = [], None
        for x in wid:
            lab.append(C.L2I[t[x]] if x != prev and x is not None else -100)
            prev = x
        res.append((ids, lab))
    return res


def enc_dt(tok, sents):
    res = []
    texts = [C.detok(w) for w, _ in sents]
    for (w, t), (text, offs), e in zip(sents, texts, tok.encode_batch([x for x, _ in texts])):
        ids, toff = e.ids[1:-1], e.offsets[1:-1]
        lab, seen, wi = [], set(), 0
        for (s, en) in toff:
            while wi < len(offs) and offs[wi][1] <= s:
                wi += 1
            inside = wi < len(offs) and offs[wi][0] <= s < offs[wi][1]
            # '▁Word' tokens whose offset starts at the preceding space still belong to Word
            straddle = wi < len(offs) and s < offs[wi][0] < en
            if (inside or straddle) and wi not in seen:
                lab.append(C.L2I[t[wi]])
                seen.add(wi)
            else:
                lab.append(-100)
        res.append((ids, lab))
    return res


def flat(enc):
    return (np.concatenate([np.asarray(x[0], np.int32) for x in enc]) if enc else np.zeros(0, np.int32),
            np.concatenate([np.asarray(x[1], np.int8) for x in enc]) if enc else np.zeros(0, np.int8),
            np.array([len(x[0]) for x in enc], np.int32))


def main():
    cfg = C.load_config(sys.argv[1])
    out = os.path.join(cfg['out_dir'], 'data')
    os.makedirs(out, exist_ok=True)
    tok = Tokenizer.from_file(os.path.join(cfg['out_dir'], 'init', 'tokenizer.json'))
    files = C.resolve_data(cfg)
    sents, manifest = [], []
    for f in files:
        path, weight, maxn = f['path'], f['weight'], f['max_sentences']
        source = C.read_source_sentences(f)
        added = C.augmented_copies(f, source)
        data = C.with_copies(source, added)
        picked = C.sample_sentences(data, weight, maxn, seed=C.file_seed(cfg, path))
        sents += picked
        ents = sum(t.startswith('B-') for _, tags in picked for t in tags)
        original = C.read_conll(path) if f['untag_demonyms'] else source
        untagged = (sum(t.startswith('B-') for _, tags in original for t in tags)
                    - sum(t.startswith('B-') for _, tags in source for t in tags))
        manifest.append({'file': path, 'sha256': hashlib.sha256(open(path, 'rb').read()).hexdigest(),
                         'sentences_in_file': len(original), 'weight': weight, 'max_sentences': maxn,
                         'sentences_used': len(picked), 'entities_used': ents, 'to_cyrillic': f['to_cyrillic'],
                         'demonym_spans_untagged': untagged,
                         'demonym_swap_sentences': len(added.get('demonym_swaps', [])),
                         'possessive_swap_sentences': len(added.get('possessive_swaps', []))})
        copies = ''.join(f' (+{len(c)} {kind} copies before sampling)' for kind, c in added.items() if c)
        print(f'{os.path.basename(path)}{" (Cyrillic)" if f["to_cyrillic"] else ""}: {len(original)} sentences -> '
              f'{len(picked)} used'
              f'{f" ({untagged} demonym spans in the file untagged)" if untagged else ""}{copies}', flush=True)
    pt = flat(enc_pt(tok, sents))
    dt = flat(enc_dt(tok, sents))
    np.savez(os.path.join(out, 'train.npz'), pt_ids=pt[0], pt_lab=pt[1], pt_len=pt[2],
             dt_ids=dt[0], dt_lab=dt[1], dt_len=dt[2])
    summary = {'files': manifest, 'sentences': len(sents), 'tokens_pt': int(pt[2].sum()), 'tokens_dt': int(dt[2].sum())}
    json.dump(summary, open(os.path.join(out, 'data_manifest.json'), 'w'), indent=1)
    print(json.dumps({k: v for k, v in summary.items() if k != 'files'}))


if __name__ == '__main__':
    main()
