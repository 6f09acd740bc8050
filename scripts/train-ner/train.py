"""Step 3: fine-tune the 7-label token classifier on the prepared data, on CPU (or a GPU when there is one).

Starts from OUT/init/weights.npz (init_weights.py). Word embeddings stay frozen by default: the model keeps the
row of every piece valid, and a CPU run saves their gradient. The learning-rate schedule runs on
progress = max(step / planned_steps, elapsed / budget_s), so a wall-clock budget ends the run cleanly with a fully
decayed rate. A checkpoint is written every `checkpoint_every_s`; `--resume` continues from it.
usage: python train.py CONFIG [--resume]"""
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch

import common as C

CLS, SEP, PAD = 0, 2, 1


def split(z, form):
    ids, lab, ln = z[f'{form}_ids'], z[f'{form}_lab'], z[f'{form}_len']
    cut = np.cumsum(ln)[:-1]
    return list(zip(np.split(ids, cut), np.split(lab, cut)))


def epoch_batches(pt, dt, cfg, epoch):
    """Deterministic per (seed, epoch), so a resumed run skips exactly the batches it already took."""
    rng = random.Random(f'{cfg["seed"]}-{epoch}')
    maxlen = cfg['max_len']
    order = list(range(len(pt)))
    rng.shuffle(order)
    seqs, i = [], 0
    while i < len(order):
        def get(k):
            return (dt if rng.random() < cfg['p_dt'] else pt)[order[k]]
        ids, lab = get(i)
        i += 1
        ids, lab = list(ids[:maxlen - 2]), list(lab[:maxlen - 2])
        if rng.random() < cfg['p_pack']:
            # packed sequences teach the model that several sentences can share one window
            target = rng.randint(40, maxlen - 2)
            while i < len(order):
                ni, nl = get(i)
                if len(ids) + len(ni) > target:
                    break
                ids += list(ni)
                lab += list(nl)
                i += 1
        seqs.append(([CLS] + ids + [SEP], [-100] + lab + [-100]))
    rng.shuffle(seqs)
    bs = cfg['batch_size']
    batches = []
    for m in range(0, len(seqs), bs * 50):
        chunk = sorted(seqs[m:m + bs * 50], key=lambda x: len(x[0]))  # less padding, much faster on CPU
        batches += [chunk[k:k + bs] for k in range(0, len(chunk), bs)]
    rng.shuffle(batches)
    return batches


def collate(b):
    L = max(len(x[0]) for x in b)
    ids = np.full((len(b), L), PAD, np.int64)
    lab = np.full((len(b), L), -100, np.int64)
    am = np.zeros((len(b), L), np.int64)
    for j, (a, c) in enumerate(b):
        ids[j, :len(a)] = a
        lab[j, :len(c)] = c
        am[j, :len(a)] = 1
    return torch.from_numpy(ids), torch.from_numpy(am), torch.from_numpy(lab)


def main():
    cfg = C.load_config(sys.argv[1])
    resume = '--resume' in sys.argv
    out = os.path.join(cfg['out_dir'], 'train')
    os.makedirs(out, exist_ok=True)
    logf = open(os.path.join(out, 'train_log.txt'), 'a')

    def log(*a):
        s = ' '.join(str(x) for x in a)
        print(s, flush=True)
        logf.write(s + '\n')
        logf.flush()

    torch.manual_seed(cfg['seed'])
    torch.set_num_threads(cfg.get('threads') or os.cpu_count())
    z = np.load(os.path.join(cfg['out_dir'], 'data', 'train.npz'))
    pt, dt = split(z, 'pt'), split(z, 'dt')

    from transformers import BertForTokenClassification
    init = np.load(os.path.join(cfg['out_dir'], 'init', 'weights.npz'))
    V = init['bert.embeddings.word_embeddings.weight'].shape[0]
    model = BertForTokenClassification(C.bert_config(V))
    res = model.load_state_dict({k: torch.from_numpy(init[k].astype(np.float32)) for k in init.files}, strict=False)
    missing = [k for k in res.missing_keys if 'position_ids' not in k]
    log('init from', os.path.join(cfg['out_dir'], 'init', 'weights.npz'), 'missing:', missing, 'unexpected:', res.unexpected_keys)
    if cfg.get('freeze_embeddings', True):
        model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    if int(cfg.get('freeze_layers', 0)) > 0:
        # nothing below a frozen layer may train, or backward would still run through the frozen layers
        for p in model.bert.embeddings.parameters():
            p.requires_grad_(False)
    for l in range(int(cfg.get('freeze_layers', 0))):
        for p in model.bert.encoder.layer[l].parameters():
            p.requires_grad_(False)
    params = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    decay = [p for n, p in params if p.ndim >= 2]
    nodecay = [p for n, p in params if p.ndim < 2]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': cfg['weight_decay']},
                             {'params': nodecay, 'weight_decay': 0.0}], lr=cfg['lr'])

    steps_per_epoch = len(epoch_batches(pt, dt, cfg, 0))
    total = int(steps_per_epoch * cfg['epochs'])
    budget = float(cfg['budget_s'])
    step, epoch, elapsed0 = 0, 0, 0.0
    ck = os.path.join(out, 'checkpoint.pt')
    if resume and os.path.exists(ck):
        st = torch.load(ck, weights_only=False)
        model.load_state_dict(st['model'])
        opt.load_state_dict(st['opt'])
        step, epoch, elapsed0 = st['step'], st['epoch'], st['elapsed']
        log(f'resumed at step {step}, epoch {epoch}, {elapsed0:.0f}s already trained')
    log(f'config {json.dumps({k: v for k, v in cfg.items() if k != "data"})}')
    log(f'sentences {len(pt)}, steps/epoch {steps_per_epoch}, planned steps {total}, budget {budget:.0f}s, '
        f'trainable params {sum(p.numel() for _, p in params)}')

    def save_ck(elapsed):
        torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'step': step, 'epoch': epoch,
                    'elapsed': elapsed}, ck + '.tmp')
        os.replace(ck + '.tmp', ck)

    model.train()
    t0 = time.time() - elapsed0
    last_ck = time.time()
    ntok, loss_ema, progress, done = 0, None, 0.0, False
    while not done and epoch < math.ceil(cfg['epochs']):
        batches = epoch_batches(pt, dt, cfg, epoch)
        skip = step - epoch * steps_per_epoch
        for b in batches[max(skip, 0):]:
            el = time.time() - t0
            progress = max(step / max(total, 1), el / budget)
            if progress >= 1.0:
                done = True
                break
            w = cfg['warmup']
            lr = cfg['lr'] * (progress / w if progress < w else max(0.0, (1 - progress) / (1 - w)))
            for g in opt.param_groups:
                g['lr'] = lr
            ids, am, lab = collate(b)
            # bf16 autocast roughly doubles CPU throughput on AVX512-BF16 machines; weights and optimizer stay fp32
            with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bool(cfg.get('bf16', False))):
                logits = model(input_ids=ids, attention_mask=am).logits
            loss = torch.nn.functional.cross_entropy(logits.float().view(-1, logits.shape[-1]), lab.view(-1),
                                                     ignore_index=-100)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(decay + nodecay, 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            ntok += int(am.sum())
            lv = loss.item()
            loss_ema = lv if loss_ema is None else 0.98 * loss_ema + 0.02 * lv
            if step % 50 == 0 or step == 5:
                run = time.time() - t0 - elapsed0
                log(f'ep {epoch} step {step}/{total} loss {lv:.4f} ema {loss_ema:.4f} lr {lr:.2e} '
                    f'{ntok / max(run, 1e-9):.0f} tok/s elapsed {time.time() - t0:.0f}s progress {progress:.3f}')
            if time.time() - last_ck > cfg.get('checkpoint_every_s', 600):
                save_ck(time.time() - t0)
                last_ck = time.time()
        else:
            epoch += 1
            log(f'--- epoch {epoch} done at step {step}, {time.time() - t0:.0f}s')
    train_time = time.time() - t0
    save_ck(train_time)
    log(f'training finished: steps {step}, progress {progress:.3f}, {train_time:.0f}s')
    sd = {k: v.detach().float().numpy() for k, v in model.state_dict().items() if 'position_ids' not in k}
    np.savez(os.path.join(out, 'trained.npz'), **sd)
    json.dump({'steps': step, 'planned_steps': total, 'train_time_s': train_time, 'progress': progress,
               'epochs_completed': epoch, 'tokens_this_process': ntok},
              open(os.path.join(out, 'train_result.json'), 'w'), indent=1)
    log('saved', os.path.join(out, 'trained.npz'))


if __name__ == '__main__':
    main()
