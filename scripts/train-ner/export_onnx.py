"""Step 4: trained weights -> fp32 ONNX (opset 17, inputs input_ids/attention_mask, token_type_ids fixed to 0 inside)
-> dynamic int8 (QInt8 per-channel MatMul weights, uint8 word embedding) with the most quantization-sensitive
MatMuls left in fp32 -> a model directory with the layout polyprep loads (model.onnx, tokenizer.json, config.json).
Also checks that both ONNX files agree with PyTorch.
usage: python export_onnx.py CONFIG [WEIGHTS_NPZ]   (default: the run's trained.npz, or the mean of a soup's runs')"""
import json
import os
import shutil
import sys
import time

import numpy as np
import torch

import common as C


class Wrap(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask):
        return self.m(input_ids=input_ids, attention_mask=attention_mask,
                      token_type_ids=torch.zeros_like(input_ids)).logits


def load_weights(path):
    z = np.load(path)
    return {k: z[k].astype(np.float32) for k in z.files}  # an npz reads an array per access: once each


def trained_weights(cfg):
    """The trained weights, or for a soup the mean of its runs' trained weights (a uniform "model soup": runs
    fine-tuned from one start with different data samples average into a model that generalises better than
    each). The runs must share the starting point, or the average is meaningless."""
    runs = C.training_runs(cfg)
    starts = {json.dumps(json.load(open(os.path.join(r['out_dir'], 'init', 'init_info.json'))), sort_keys=True)
              for r in runs}
    if len(starts) > 1:
        raise SystemExit('soup: the runs started from different weights (init/init_info.json differ)')
    paths = [os.path.join(r['out_dir'], 'train', 'trained.npz') for r in runs]
    for p in paths:
        if not os.path.exists(p):
            raise SystemExit(f'no trained weights at {p}: run the train step of that run first')
    sd = load_weights(paths[0])
    for p in paths[1:]:
        other = load_weights(p)
        if other.keys() != sd.keys() or any(other[k].shape != v.shape for k, v in sd.items()):
            raise SystemExit(f'soup: {p} does not have the same tensors as {paths[0]}')
        for k in sd:
            sd[k] += other[k]
    if len(paths) > 1:
        print(f'averaged the weights of {len(paths)} runs: {", ".join(paths)}', flush=True)
    return {k: v / len(paths) for k, v in sd.items()}


def main():
    cfg = C.load_config(sys.argv[1])
    work = os.path.join(cfg['out_dir'], 'export')
    model_dir = os.path.join(cfg['out_dir'], 'model')
    init_dir = C.init_dir(cfg)
    os.makedirs(work, exist_ok=True)
    os.makedirs(model_dir, exist_ok=True)
    from transformers import BertForTokenClassification
    if len(sys.argv) > 2:
        sd = load_weights(sys.argv[2])
    else:
        sd = trained_weights(cfg)
    alpha = float(cfg.get('interpolate', 1.0))
    if alpha != 1.0:
        # weight-space interpolation with the starting weights (WiSE-FT): below 1 it keeps more of what the
        # starting model knew (here: WikiANN) at some cost to what the fine-tuning added
        start = load_weights(os.path.join(init_dir, 'weights.npz'))
        sd = {k: start[k] + alpha * (v - start[k]) if k in start else v for k, v in sd.items()}
        print(f'interpolated with the starting weights, alpha {alpha}', flush=True)
    V = sd['bert.embeddings.word_embeddings.weight'].shape[0]
    model = BertForTokenClassification(C.bert_config(V))
    res = model.load_state_dict({k: torch.from_numpy(v) for k, v in sd.items()}, strict=False)
    assert not [k for k in res.missing_keys if 'position_ids' not in k], res
    model.eval()
    fp32 = os.path.join(work, 'model_fp32.onnx')
    ids = torch.tensor([[0, 100, 200, 300, 2], [0, 400, 2, 1, 1]])
    am = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]])
    t = time.time()
    torch.onnx.export(Wrap(model).eval(), (ids, am), fp32, input_names=['input_ids', 'attention_mask'],
                      output_names=['logits'],
                      dynamic_axes={'input_ids': {0: 'batch', 1: 'sequence'}, 'attention_mask': {0: 'batch', 1: 'sequence'},
                                    'logits': {0: 'batch', 1: 'sequence'}},
                      opset_version=17, dynamo=False, do_constant_folding=True)
    print('fp32 ONNX', os.path.getsize(fp32) / 1e6, 'MB', f'{time.time() - t:.0f}s', flush=True)

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    # the calibration step writes model/model.onnx from this file
    q = os.path.join(work, 'model_int8.onnx')
    excl = [f'/m/bert/encoder/layer.{int(i)}/output/dense/MatMul' for i in cfg['fp32_ffn_out_layers']]
    names = {n.name for n in onnx.load(fp32, load_external_data=False).graph.node}
    missing = [e for e in excl if e not in names]
    assert not missing, f'nodes to keep fp32 not found in the graph: {missing}'
    quantize_dynamic(fp32, q, weight_type=QuantType.QInt8, per_channel=cfg.get('per_channel', True),
                     nodes_to_exclude=excl)
    print('int8', os.path.getsize(q) / 1e6, 'MB; kept fp32:', excl, flush=True)

    import onnxruntime as ort
    rs = np.random.RandomState(0)
    x = rs.randint(4, V, size=(4, 40))
    x[:, 0], x[:, -1] = 0, 2
    a = np.ones_like(x)
    a[1, 30:] = 0
    x[1, 30:] = 1
    with torch.no_grad():
        ref = model(input_ids=torch.from_numpy(x), attention_mask=torch.from_numpy(a)).logits.numpy()
    parity = {}
    for path in [fp32, q]:
        so = ort.SessionOptions()
        so.intra_op_num_threads = 2
        s = ort.InferenceSession(path, so, providers=['CPUExecutionProvider'])
        o = s.run(None, {'input_ids': x.astype(np.int64), 'attention_mask': a.astype(np.int64)})[0]
        m = a.astype(bool)
        parity[os.path.basename(path)] = {'max_abs_diff': float(np.abs(o - ref)[m].max()),
                                          'argmax_agreement': float((o.argmax(-1) == ref.argmax(-1))[m].mean())}
    print('parity vs torch', json.dumps(parity), flush=True)
    json.dump(parity, open(os.path.join(work, 'parity.json'), 'w'), indent=1)

    shutil.copy(q, os.path.join(model_dir, 'model.onnx'))
    shutil.copy(os.path.join(init_dir, 'tokenizer.json'), os.path.join(model_dir, 'tokenizer.json'))
    conf = json.load(open(os.path.join(init_dir, 'config.json')))
    conf['vocab_size'] = V
    conf['max_train_sequence_length'] = cfg['max_len']
    conf['onnx']['quantization'] = ('onnxruntime quantize_dynamic, QInt8 %s weights for MatMul (uint8 dynamic '
                                    'activations), word-embedding Gather uint8 per-tensor; the FFN output MatMul of '
                                    'layers %s kept fp32' % ('per-channel' if cfg.get('per_channel', True) else 'per-tensor',
                                                             ', '.join(str(i) for i in cfg['fp32_ffn_out_layers'])))
    conf['training'] = {'pipeline': 'scripts/train-ner (see MODEL_CARD.md)', 'init': cfg['init'],
                        'epochs': cfg['epochs'], 'lr': cfg['lr'], 'batch': cfg['batch_size'], 'max_len': cfg['max_len'],
                        'budget_s': cfg['budget_s'], 'interpolate': float(cfg.get('interpolate', 1.0)),
                        'frozen': 'word embeddings' if cfg.get('freeze_embeddings', True) else 'none',
                        'seed': cfg['seed'],
                        'data': 'see MODEL_CARD.md and data_manifest.json'}
    if 'soup' in cfg:
        conf['training']['soup'] = [f"{os.path.basename(r['_config_path'])} (seed {r['seed']})" for r in cfg['soup']]
    json.dump(conf, open(os.path.join(model_dir, 'config.json'), 'w'), indent=1, ensure_ascii=False)
    print('model directory', model_dir)


if __name__ == '__main__':
    main()
