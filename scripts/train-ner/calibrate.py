"""Step 5: calibrate the O logit on held-out sentences (never on a test split) and write it into the model.

A token classifier fine-tuned on a mix of corpora is rarely calibrated for the text it meets: the first run's
model had precision below recall on every set. One bias added to the O logit trades recall for precision (what
`polyprep ner --o-bias B` does at run time); this step picks the bias with the best mean span F1 over
- every file matched by calibration.dev that the run did not train on and that never_train_on does not refuse
  (default: the UNER and Turku dev splits), and
- up to calibration.heldout_per_file sentences of each capped training file that prep_data did not sample (for a
  soup: that none of its runs sampled)
  (default: WikiANN / PAN-X, so the calibration also guards the languages only WikiANN covers),
scored by `polyprep eval ner --o-bias B` on the exported int8 model (the Rust pipeline users run), and adds it to
the classifier's O bias in model/model.onnx, so the default run gets it without a flag.
usage: python calibrate.py CONFIG"""
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys

import common as C

def write_conll(path, sents):
    with open(path, 'w', encoding='utf-8') as f:
        for words, tags in sents:
            f.writelines(f'{w}\t{t}\n' for w, t in zip(words, tags))
            f.write('\n')


def calibration_sets(cfg, work):
    cal = cfg['calibration']
    files = {}  # (path, to_cyrillic) -> the file's entry in each run that uses it
    for run in C.training_runs(cfg):
        for f in C.resolve_data(run):
            files.setdefault((os.path.abspath(f['path']), f['to_cyrillic']), []).append((run, f))
    trained = {path for path, _ in files}
    sets = []
    for pattern in cal.get('dev', []):
        for path in sorted(glob.glob(pattern)):
            if os.path.abspath(path) in trained or C.is_forbidden(path, cfg.get('never_train_on', [])):
                continue
            sets.append(path)
    per_file = int(cal.get('heldout_per_file', 500))
    for (path, to_cyrillic), uses in files.items():
        if per_file <= 0 or not all(f['max_sentences'] for _, f in uses):
            continue  # a run trained on all of it
        data = C.read_training_file(uses[0][1])
        # sentences no run sampled (each run samples with its own seed), in the first run's order
        seen = set()
        for run, f in uses:
            seen.update(C.shuffled_indices(len(data), C.file_seed(run, path))[:int(f['max_sentences'])])
        unused = [i for i in C.shuffled_indices(len(data), C.file_seed(uses[0][0], path)) if i not in seen][:per_file]
        if unused:
            out = os.path.join(work, ('heldout-cyrillic-' if to_cyrillic else 'heldout-') + os.path.basename(path))
            write_conll(out, [data[i] for i in unused])
            sets.append(out)
    return sets


def polyprep_bin():
    path = os.path.join(C.REPO, 'target', 'release', 'polyprep')
    if not os.path.exists(path):
        subprocess.run(['cargo', 'build', '--release', '--quiet'], cwd=C.REPO, check=True)
    return path


def classifier_bias(model):
    hits = [t for t in model.graph.initializer if t.name.endswith('classifier.bias')]
    assert len(hits) == 1, f'expected one classifier bias initializer, found {[t.name for t in hits]}'
    return hits[0]


def main():
    cfg = C.load_config(sys.argv[1])
    out = cfg['out_dir']
    work = os.path.join(out, 'calibrate')
    os.makedirs(work, exist_ok=True)
    model_dir = os.path.join(out, 'model')
    uncalibrated = os.path.join(out, 'export', 'model_int8.onnx')
    shutil.copy(uncalibrated, os.path.join(model_dir, 'model.onnx'))
    sets = calibration_sets(cfg, work)
    grid = [float(b) for b in cfg['calibration'].get('o_bias', [0.0])]
    if not sets:
        raise SystemExit('calibration: no held-out set (calibration.dev matched nothing usable and no file is capped)')
    binary = polyprep_bin()
    results = {}
    for b in grid:
        run = subprocess.run([binary, 'eval', 'ner', '--model', model_dir, '--o-bias', str(b), '--data', *sets],
                             check=True, capture_output=True, text=True)
        rows = C.parse_eval_text(run.stdout)
        f1 = {k: float(v['F1']) for k, v in rows.items()}
        results[b] = {'mean_f1': statistics.mean(f1.values()), 'f1': f1}
        print(f'o_bias {b:g}: mean F1 {results[b]["mean_f1"]:.4f} over {len(f1)} sets', flush=True)
    # ties go to the smaller bias: the least change that reaches the best score
    best = max(grid, key=lambda b: (round(results[b]['mean_f1'], 4), -b))
    # at the grid's end the best bias may lie beyond it: say so rather than let the grid decide silently
    at_edge = len(grid) > 1 and best in (min(grid), max(grid))
    if at_edge:
        print(f'note: the chosen O bias {best:g} is at the end of the grid {grid}; a wider calibration.o_bias '
              'may score higher', flush=True)

    import numpy as np
    import onnx
    from onnx import numpy_helper
    model = onnx.load(uncalibrated)
    init = classifier_bias(model)
    bias = numpy_helper.to_array(init).copy()
    bias[C.L2I['O']] += best
    init.CopyFrom(numpy_helper.from_array(bias.astype(np.float32), init.name))
    onnx.save(model, os.path.join(model_dir, 'model.onnx'))
    conf_path = os.path.join(model_dir, 'config.json')
    conf = json.load(open(conf_path, encoding='utf-8'))
    conf.setdefault('training', {})['o_bias_in_classifier'] = best
    json.dump(conf, open(conf_path, 'w', encoding='utf-8'), indent=1, ensure_ascii=False)
    json.dump({'sets': [os.path.basename(s) for s in sets], 'grid': results, 'chosen': best, 'at_grid_edge': at_edge},
              open(os.path.join(work, 'calibration.json'), 'w'), indent=1)
    print(f'chosen O bias {best:g} (mean F1 {results[best]["mean_f1"]:.4f}, at 0: {results.get(0.0, {}).get("mean_f1", float("nan")):.4f}); '
          f'written into {os.path.join(model_dir, "model.onnx")}')


if __name__ == '__main__':
    main()
