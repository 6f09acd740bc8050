"""Shared helpers of the NER training pipeline: labels, CoNLL-style readers, config loading, the BERT config.

The pipeline is driven by one JSON config (see config.default.json); every step reads it, so a run is described by
that file alone and its copy in the output directory."""
import fnmatch
import glob
import json
import os
import random
import sys

LABELS = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC']
L2I = {l: i for i, l in enumerate(LABELS)}
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))


def load_config(path, overrides=None):
    """A config file -> dict with every path absolute. `overrides` replaces top-level keys first (a soup's `set`).
    A config with `soup` (a list of {"config": FILE, "set": {...}}) averages the weights of those runs: it takes
    every setting of the first one, its own keys on top, and keeps the loaded runs under `soup`."""
    with open(path, encoding='utf-8') as f:
        cfg = json.load(f)
    cfg.update(overrides or {})
    # Paths in a config are relative to the config file, so a user's config can sit next to their data.
    base = os.path.dirname(os.path.abspath(path))

    def rel(p):
        return p if p is None or os.path.isabs(p) else os.path.normpath(os.path.join(base, os.path.expandvars(p)))
    if 'soup' in cfg:
        runs = [load_config(rel(r['config']), r.get('set')) for r in cfg['soup']]
        if not runs or any('soup' in r for r in runs):
            raise SystemExit(f'{path}: a soup lists one or more training runs, none of them a soup itself')
        own = {k: v for k, v in cfg.items() if k != 'soup'}
        cfg = json.loads(json.dumps(runs[0]))  # a copy; its paths are absolute, so resolving them again is a no-op
        cfg.update(own)
        cfg['soup'] = runs
    cfg['out_dir'] = rel(os.path.expandvars(cfg['out_dir']))
    cfg['init']['model_dir'] = rel(cfg['init'].get('model_dir'))
    for d in cfg['data']:
        d['path'] = rel(os.path.expandvars(d['path']))
        if d.get('untag_demonyms'):
            d['untag_demonyms'] = rel(d['untag_demonyms'])
        if d.get('demonym_swaps'):
            d['demonym_swaps'] = dict(d['demonym_swaps'], list=rel(d['demonym_swaps']['list']))
    cal = cfg.setdefault('calibration', {})
    cal['dev'] = [rel(os.path.expandvars(p)) for p in cal.get('dev', [])]
    cfg['_config_path'] = os.path.abspath(path)
    return cfg


def training_runs(cfg):
    """The runs whose trained weights make the model: the soup's runs, or the config itself."""
    return cfg.get('soup') or [cfg]


def init_dir(cfg):
    """Starting weights, tokenizer and model config: a soup's runs share the first run's start (export checks)."""
    return os.path.join(training_runs(cfg)[0]['out_dir'], 'init')


def write_run_configs(cfg):
    """The config file of each training run, for the init/data/train steps: the config itself, or for a soup one
    resolved copy per run under out_dir/runs/ (a run's `set` overrides exist only in the soup's file)."""
    if 'soup' not in cfg:
        return [cfg['_config_path']]
    os.makedirs(os.path.join(cfg['out_dir'], 'runs'), exist_ok=True)
    paths = []
    for i, run in enumerate(cfg['soup'], 1):
        p = os.path.join(cfg['out_dir'], 'runs', f'run{i}.json')
        with open(p, 'w', encoding='utf-8') as f:
            json.dump({k: v for k, v in run.items() if k != '_config_path'}, f, indent=1, ensure_ascii=False)
        paths.append(p)
    return paths


def read_conll(path):
    """`token<TAB>tag` per line (extra middle columns ignored), blank line between sentences, `#` comment lines
    and -DOCSTART- skipped. Unknown tags (MISC, OTH, ...) become O; an I-X that does not continue X becomes B-X."""
    out = []
    words, tags = [], []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n').rstrip('\r')
            if not line.strip():
                if words:
                    out.append((words, repair(tags)))
                words, tags = [], []
                continue
            if line.startswith('#') and '\t' not in line:
                continue
            parts = line.split('\t') if '\t' in line else line.split(' ')
            if parts[0] == '-DOCSTART-':
                continue
            words.append(parts[0] if parts[0] else '_')
            t = parts[-1].strip()
            tags.append(t if t in L2I else 'O')
    if words:
        out.append((words, repair(tags)))
    return out


def repair(tags):
    res = []
    for i, t in enumerate(tags):
        if t.startswith('I-') and (i == 0 or res[-1][2:] != t[2:]):
            t = 'B-' + t[2:]
        res.append(t)
    return res


NO_SPACE_BEFORE = set(',.;:!?)]}%»”’…') | {"'s", "n't", "'", "’s"}
NO_SPACE_AFTER = set('([{«„“$')


def detok(words):
    """Words -> running text as a writer would type it (no space before , . ) 's ...) and each word's
    (start, end) in it."""
    text = ''
    offs = []
    for i, w in enumerate(words):
        if i > 0 and not (w in NO_SPACE_BEFORE or words[i - 1] in NO_SPACE_AFTER):
            text += ' '
        offs.append((len(text), len(text) + len(w)))
        text += w
    return text, offs


def is_forbidden(path, patterns):
    name = os.path.basename(path)
    return any(fnmatch.fnmatch(name, p) for p in patterns)


def resolve_data(cfg):
    """-> list of {path, weight, max_sentences, to_cyrillic, untag_demonyms and the augmentations} per file,
    refusing any file that matches a forbidden (test) pattern."""
    files = []
    for d in cfg['data']:
        hits = sorted(glob.glob(d['path']))
        if not hits:
            raise SystemExit(f'data entry matches no file: {d["path"]}')
        for h in hits:
            if is_forbidden(h, cfg.get('never_train_on', [])):
                raise SystemExit(f'refusing to train on {h}: it matches never_train_on {cfg["never_train_on"]}')
            files.append({'path': h, 'weight': float(d.get('weight', 1.0)), 'max_sentences': d.get('max_sentences'),
                          **{k: d.get(k) for k in ('to_cyrillic', 'untag_demonyms', 'demonym_swaps',
                                                   'possessive_swaps')}})
    return files


def read_training_file(f):
    """The sentences of one resolve_data entry: its source sentences and their augmented copies."""
    source = read_source_sentences(f)
    return with_copies(source, augmented_copies(f, source))


def with_copies(source, added):
    """The order sampling sees (prep_data and calibrate must agree on it): the source sentences, then each
    augmentation's copies."""
    return source + [s for copies in added.values() for s in copies]


def read_source_sentences(f):
    """The file's sentences as training reads them. `to_cyrillic: "sr"` rewrites Serbian Latin text in Serbian
    Cyrillic (the language is officially written in both; cyrtranslit maps letter by letter, lj/nj/dž included),
    so the model meets full Cyrillic sentences, which no other training file has. `untag_demonyms: LIST_FILE`
    applies untag_demonym_spans with the demonyms listed in that file."""
    data = read_conll(f['path'])
    if f.get('to_cyrillic'):
        import cyrtranslit
        data = [([cyrtranslit.to_cyrillic(w, f['to_cyrillic']) for w in words], tags) for words, tags in data]
    if f.get('untag_demonyms'):
        demonyms = read_demonyms(f['untag_demonyms'])
        data = [(words, untag_demonym_spans(words, tags, demonyms)) for words, tags in data]
    return data


def augmented_copies(f, data):
    """-> {kind: new sentences} made from a file's source sentences, added before sampling:
    `demonym_swaps: {list, copies}` (swap_demonyms) and `possessive_swaps: {copies}` (swap_possessives)."""
    added = {}
    name = os.path.basename(f['path'])
    if f.get('demonym_swaps'):
        swaps = f['demonym_swaps']
        added['demonym_swaps'] = swap_demonyms(data, read_demonym_list(swaps['list']), int(swaps.get('copies', 1)),
                                               seed=f'swap-{name}')
    if f.get('possessive_swaps'):
        added['possessive_swaps'] = swap_possessives(data, int(f['possessive_swaps'].get('copies', 1)),
                                                     seed=f'possessive-{name}')
    return added


def read_demonym_list(path):
    """One demonym per line (`#` comments allowed) -> list of word tuples, singular as written."""
    with open(path, encoding='utf-8') as f:
        return [words for words in (tuple(line.split('#')[0].split()) for line in f) if words]


def plural(demonym):
    return demonym[:-1] + (demonym[-1] + 's',)


def read_demonyms(path):
    """-> set of word tuples, every listed demonym and its plural in -s."""
    return {form for d in read_demonym_list(path) for form in (d, plural(d))}


def demonym_at(words, i, demonyms, end=None):
    """-> the number of words of the longest demonym starting at words[i] and ending by `end` (0: none)."""
    longest = min(max((len(d) for d in demonyms), default=0), (len(words) if end is None else end) - i)
    return next((k for k in range(longest, 0, -1) if tuple(words[i:i + k]) in demonyms), 0)


def find_demonyms(words, demonyms):
    """-> [(start, length)] of the demonyms in words, longest match first ("North Korean" once, not also
    "Korean"), left to right without overlaps."""
    found, i = [], 0
    while i < len(words):
        k = demonym_at(words, i, demonyms)
        if k:
            found.append((i, k))
        i += max(k, 1)
    return found


def swap_demonyms(sents, demonym_list, copies, seed):
    """Label-preserving augmentation for the demonym convention: every sentence with a demonym outside the
    entities ("North Korean troops", tagged O) gives `copies` new sentences in which each such demonym is replaced
    by another listed one, in the same number ("Ukrainians" -> "Canadians"; a plural only by one in -an, whose
    plural surely is -ans, not "Chineses" or "Britishs"). A few dozen such sentences in EWT stand against
    hundreds of WikiANN names that start with a demonym; the copies teach the convention for every listed
    demonym, not only the ones the data happens to contain."""
    singular = set(demonym_list)
    forms = singular | {plural(d) for d in demonym_list}
    plural_ok = [d for d in demonym_list if d[-1].endswith('an')]
    rng = random.Random(seed)
    out = []
    for words, tags in sents:
        spots = [(i, k) for i, k in find_demonyms(words, forms) if all(t == 'O' for t in tags[i:i + k])]
        for _ in range(copies if spots else 0):
            new_words, new_tags, last = [], [], 0
            for i, k in spots:
                is_singular = tuple(words[i:i + k]) in singular
                pick = rng.choice(demonym_list) if is_singular else plural(rng.choice(plural_ok))
                before = words[last:i]
                if before and before[-1].lower() in ('a', 'an'):  # "an American" -> "a Canadian"
                    article = 'an' if pick[0][0] in 'AEIOU' else 'a'
                    before = before[:-1] + [article.capitalize() if before[-1][0].isupper() else article]
                new_words += before + list(pick)
                new_tags += tags[last:i] + ['O'] * len(pick)
                last = i + k
            out.append((new_words + words[last:], new_tags + tags[last:]))
    return out


def swap_possessives(sents, copies, seed):
    """Label-preserving augmentation for names after a possessive ("Russia's State Duma", "China's Foreign
    Ministry"): frequent in news, rare in the training data, where such names mostly follow "the"; models cut or
    merge them ("Verkhovna Rada" as PER, "Britain's House of Commons" as one ORG). Every sentence with an ORG
    right after "the" gives `copies` new sentences in which each such "the" becomes "NAME 's", NAME a capitalized
    LOC or ORG of the same file (up to three words) with its own tags."""
    owners = sorted({tuple(words[i:j]) + (t,) for words, tags in sents for i, j, t in entity_spans(tags)
                     if t in ('LOC', 'ORG') and j - i <= 3 and words[i][:1].isupper()
                     and not any("'" in w for w in words[i:j])})
    rng = random.Random(seed)
    out = []
    for words, tags in sents:
        spots = [i - 1 for i, _, t in entity_spans(tags)
                 if t == 'ORG' and i > 0 and words[i - 1].lower() == 'the' and tags[i - 1] == 'O']
        for _ in range(copies if spots and owners else 0):
            new_words, new_tags, last = [], [], 0
            for k in spots:
                *name, kind = rng.choice(owners)
                new_words += words[last:k] + name + ["'s"]
                new_tags += tags[last:k] + ['B-' + kind] + ['I-' + kind] * (len(name) - 1) + ['O']
                last = k + 1
            out.append((new_words + words[last:], new_tags + tags[last:]))
    return out


def entity_spans(tags):
    """IOB2 tags -> [(start, end, type)], end exclusive."""
    spans, i = [], 0
    while i < len(tags):
        if tags[i].startswith('B-'):
            j = i + 1
            while j < len(tags) and tags[j] == 'I-' + tags[i][2:]:
                j += 1
            spans.append((i, j, tags[i][2:]))
            i = j
        else:
            i += 1
    return spans


def untag_demonym_spans(words, tags, demonyms):
    """WikiANN tags a demonym wherever Wikipedia links it to its country ("Canadian" -> LOC, "Korean peninsula",
    "Canadian troops" -> ORG), so a model trained on it tags "North Korean" in news text. A span that is a demonym
    alone, or a demonym followed by a lower-case word, becomes O; a demonym that starts a name ("Korean Air",
    "Canadian Broadcasting Corporation") stays."""
    out = list(tags)
    for i, j, _ in entity_spans(tags):
        k = demonym_at(words, i, demonyms, end=j)
        if k and (i + k == j or words[i + k][:1].islower()):
            out[i:j] = ['O'] * (j - i)
    return out


def file_seed(cfg, path):
    """The sampling seed of one training file (prep_data samples with it, calibrate finds the unused rest)."""
    return f'{cfg["seed"]}-{os.path.basename(path)}'


def shuffled_indices(n, seed):
    """The sampling order of a file: a capped file uses the first max_sentences, the rest stays unseen."""
    idx = list(range(n))
    random.Random(seed).shuffle(idx)
    return idx


def sample_sentences(sents, weight, max_sentences, seed):
    """Deterministic subsample / upsample: weight 0.25 keeps a quarter, 2.0 repeats every sentence twice."""
    idx = shuffled_indices(len(sents), seed)
    if max_sentences:
        idx = idx[:int(max_sentences)]
    whole = int(weight)
    frac = weight - whole
    out = [sents[i] for _ in range(whole) for i in idx]
    out += [sents[i] for i in idx[:int(round(len(idx) * frac))]]
    return out


def parse_eval(path):
    """The table `polyprep eval ner` prints -> {set: {n, PER, ORG, LOC, P, R, F1}} (word-mode rows)."""
    if not os.path.exists(path):
        return {}
    return parse_eval_text(open(path, encoding='utf-8').read())


def parse_eval_text(text):
    rows = {}
    for line in text.splitlines():
        cells = [c.strip().strip('*') for c in line.strip().strip('|').split('|')]
        if len(cells) >= 9 and cells[1] == 'words':
            rows[cells[0]] = {'n': cells[2], 'PER': cells[3], 'ORG': cells[4], 'LOC': cells[5], 'P': cells[6],
                              'R': cells[7], 'F1': cells[8]}
    return rows


def bert_config(vocab_size):
    from transformers import BertConfig
    c = BertConfig(vocab_size=vocab_size, hidden_size=384, num_hidden_layers=12, num_attention_heads=12,
                   intermediate_size=1536, max_position_embeddings=512, type_vocab_size=2, layer_norm_eps=1e-12,
                   pad_token_id=1, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)),
                   label2id={l: i for i, l in enumerate(LABELS)})
    c._attn_implementation = 'eager'
    return c


def main(argv):
    """Queries for run.sh: `out-dir CONFIG`, `runs CONFIG` (writes a soup's run configs, prints one path per line),
    `start-model CONFIG` (the model directory the starting weights came from)."""
    query, cfg = argv[0], load_config(argv[1])
    if query == 'out-dir':
        print(cfg['out_dir'])
    elif query == 'runs':
        print('\n'.join(write_run_configs(cfg)))
    elif query == 'start-model':
        with open(os.path.join(init_dir(cfg), 'init_info.json'), encoding='utf-8') as f:
            print(json.load(f)['model_dir'])
    else:
        raise SystemExit(f'unknown query {query}')


if __name__ == '__main__':
    main(sys.argv[1:])
