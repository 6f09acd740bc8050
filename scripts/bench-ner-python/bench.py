#!/usr/bin/env python3
"""NER throughput in plain Python: the baseline `polyprep bench ner` is compared against.

This is what a Python user would write to run polyprep's default NER model without polyprep:
onnxruntime + Hugging Face `tokenizers` + numpy, processing a corpus the way the Hugging Face
token-classification pipeline does with `aggregation_strategy="first"`:

  * batches of N sentences in corpus order (no length sorting), each tokenized with
    `Tokenizer.encode_batch`, truncated to 128 tokens and padded to the longest in the batch;
  * one `InferenceSession.run` per batch, softmax over the logits;
  * the pipeline's post-processing: special tokens skipped, a token starts a new word unless the
    character before it is not a space (the pipeline's rule for tokenizers without a
    continuing-subword prefix, which is the case of this SentencePiece vocabulary), a word takes the
    label and score of its first token, adjacent words merge into an entity when their types match
    and the later one is not B-, O groups are dropped. Entities carry character offsets into the
    sentence; the only liberty taken is trimming surrounding whitespace from the span (the pipeline
    puts the space before a SentencePiece word into its offsets) and so dropping the empty spans
    that a lone "▁" token labelled as an entity would give.

It reports the same figures as the Rust report so both can be printed side by side (see
scripts/bench-ner-compare.sh). Usage:

    bench.py --corpus FILE [--model DIR] [--batch-size 32] [--threads 2] [--json]
             [--entities-out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MODEL = REPO_ROOT / "models" / "multilingual-ner"
MAX_LENGTH = 128


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description="NER throughput with onnxruntime + tokenizers, Hugging Face pipeline-style "
        "(aggregation 'first'), for comparison with `polyprep bench ner`.",
    )
    ap.add_argument("--corpus", required=True, type=Path,
                    help="UTF-8 text file, one sentence per line (blank lines are skipped)")
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL,
                    help=f"model folder with model.onnx, tokenizer.json, config.json (default: {DEFAULT_MODEL})")
    ap.add_argument("--batch-size", type=int, default=32, help="sentences per batch (default 32)")
    ap.add_argument("--threads", type=int, default=2,
                    help="onnxruntime intra-op threads; inter-op threads are 1 (default 2)")
    ap.add_argument("--max-length", type=int, default=MAX_LENGTH,
                    help=f"truncate each sentence to this many tokens (default {MAX_LENGTH}, the training length)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a summary")
    ap.add_argument("--entities-out", type=Path,
                    help="also write the entities, one JSON array per sentence (JSON lines), to this file")
    args = ap.parse_args(argv)
    for name in ("batch_size", "threads", "max_length"):
        if getattr(args, name) < 1:
            ap.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def load_corpus(path: Path) -> list[str]:
    # Split on "\n" only (not str.splitlines, which also breaks on U+2028, U+0085, ...) so a
    # sentence file written by `polyprep bench ner --write-corpus` reads back line for line.
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    return [line.rstrip("\r") for line in lines if line.strip()]


class Pipeline:
    """Tokenizer + session + pipeline-style decoding for one token-classification ONNX export."""

    def __init__(self, model_dir: Path, threads: int, max_length: int):
        for name in ("model.onnx", "tokenizer.json", "config.json"):
            if not (model_dir / name).is_file():
                raise SystemExit(f"bench.py: error: {model_dir / name} is missing (--model names the model folder)")
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.id2label = [config["id2label"][str(i)] for i in range(len(config["id2label"]))]

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        pad_id = int(config.get("pad_token_id", 1))
        pad_token = self.tokenizer.id_to_token(pad_id) or "<pad>"
        self.tokenizer.enable_truncation(max_length=max_length)
        self.tokenizer.enable_padding(pad_id=pad_id, pad_token=pad_token)  # to the longest in the batch
        unk = config.get("unk_token_id")
        self.unk_id = int(unk) if unk is not None else None

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(model_dir / "model.onnx"), options,
                                            providers=["CPUExecutionProvider"])
        self.input_names = [i.name for i in self.session.get_inputs()]
        outputs = [o.name for o in self.session.get_outputs()]
        self.output_name = "logits" if "logits" in outputs else outputs[0]
        self.max_length = max_length

    def tokenize(self, sentences: list[str]):
        encodings = self.tokenizer.encode_batch(sentences)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.input_names:  # BERT exports take it; this model does not
            feeds["token_type_ids"] = np.zeros_like(ids)
        return encodings, feeds

    def run(self, feeds) -> np.ndarray:
        return self.session.run([self.output_name], feeds)[0]

    def decode(self, sentences: list[str], encodings, logits: np.ndarray) -> list[list[dict]]:
        shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
        scores = shifted / shifted.sum(axis=-1, keepdims=True)
        labels = scores.argmax(axis=-1)
        best = scores.max(axis=-1)
        return [self._entities(text, enc, labels[row], best[row])
                for row, (text, enc) in enumerate(zip(sentences, encodings))]

    def _entities(self, text: str, enc, labels: np.ndarray, best: np.ndarray) -> list[dict]:
        # Words, as the pipeline's aggregate_words(FIRST) builds them: label and score of the
        # first token, span from the first token's start to the last token's end.
        words: list[list] = []
        ids, offsets, special, mask = enc.ids, enc.offsets, enc.special_tokens_mask, enc.attention_mask
        for idx in range(len(ids)):
            if special[idx] or not mask[idx]:
                continue
            start, end = offsets[idx]
            is_subword = start > 0 and " " not in text[start - 1:start + 1]
            if ids[idx] == self.unk_id:
                is_subword = False
            if is_subword and words:
                words[-1][3] = end
            else:
                words.append([self.id2label[labels[idx]], float(best[idx]), start, end])

        # group_entities: same type and not B- continues the group; O groups are dropped.
        entities: list[dict] = []
        group = None
        for label, score, start, end in words:
            bi, tag = (label[0], label[2:]) if label[:2] in ("B-", "I-") else ("I", label)
            if group is not None and tag == group["tag"] and bi != "B":
                group["end"] = end
                group["scores"].append(score)
                continue
            if group is not None:
                entities.append(group)
            group = {"tag": tag, "start": start, "end": end, "scores": [score]}
        if group is not None:
            entities.append(group)

        out = []
        for g in entities:
            if g["tag"] == "O":
                continue
            start, end = g["start"], g["end"]
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start == end:  # a lone "▁" token (before quotes, digits, some capitals) is a word of its own
                continue
            out.append({"label": g["tag"], "text": text[start:end], "start": start, "end": end,
                        "score": float(np.mean(g["scores"]))})
        return out


def bench(pipe: Pipeline, sentences: list[str], batch_size: int, entities_out=None) -> dict:
    batches = [sentences[i:i + batch_size] for i in range(0, len(sentences), batch_size)]
    if not batches:
        raise SystemExit("bench.py: error: the corpus has no sentence")

    # Warm-up, not measured: the first run builds the session's kernels and thread pool.
    encodings, feeds = pipe.tokenize(batches[0])
    pipe.decode(batches[0], encodings, pipe.run(feeds))

    tokens = cells = entities = truncated = 0
    t_tok = t_run = t_dec = 0.0
    started = time.perf_counter()
    for batch in batches:
        t0 = time.perf_counter()
        encodings, feeds = pipe.tokenize(batch)
        t1 = time.perf_counter()
        logits = pipe.run(feeds)
        t2 = time.perf_counter()
        found = pipe.decode(batch, encodings, logits)
        t3 = time.perf_counter()
        t_tok += t1 - t0
        t_run += t2 - t1
        t_dec += t3 - t2
        mask = feeds["attention_mask"]
        tokens += int(mask.sum())
        cells += mask.size
        truncated += sum(1 for e in encodings if e.overflowing)
        entities += sum(len(f) for f in found)
        if entities_out is not None:
            for f in found:
                entities_out.write(json.dumps(f, ensure_ascii=False) + "\n")
    wall = time.perf_counter() - started

    return {
        "sentences": len(sentences),
        "tokens": tokens,
        "entities": entities,
        "wall_seconds": wall,
        "sentences_per_second": len(sentences) / wall,
        "tokens_per_second": tokens / wall,
        "padding_waste": 1.0 - tokens / cells if cells else 0.0,
        "tokenize_seconds": t_tok,
        "session_seconds": t_run,
        "decode_seconds": t_dec,
        "session_share": t_run / wall,
        "batches": len(batches),
        "threads": None,  # filled in by main
        "batch_size": batch_size,
        "truncated_sentences": truncated,
    }


def summary(r: dict) -> str:
    pct = lambda x: 100.0 * x / r["wall_seconds"]  # noqa: E731
    return "\n".join([
        f"{r['sentences']} sentences, {r['tokens']} tokens, {r['entities']} entities in {r['wall_seconds']:.3f} s "
        f"(onnxruntime {ort.__version__}, {r['threads']} intra-op threads, batch {r['batch_size']} sentences)",
        f"throughput: {r['sentences_per_second']:.1f} sentences/s, {r['tokens_per_second']:.0f} tokens/s; "
        f"padding waste {100.0 * r['padding_waste']:.1f}% over {r['batches']} batches"
        + (f"; {r['truncated_sentences']} sentences truncated to the token limit" if r["truncated_sentences"] else ""),
        f"wall time: tokenize {r['tokenize_seconds']:.3f} s ({pct(r['tokenize_seconds']):.1f}%), "
        f"session run {r['session_seconds']:.3f} s ({100.0 * r['session_share']:.1f}%), "
        f"decode {r['decode_seconds']:.3f} s ({pct(r['decode_seconds']):.1f}%)",
    ])


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if not args.corpus.is_file():
        print(f"bench.py: error: corpus file {args.corpus} not found", file=sys.stderr)
        return 2
    sentences = load_corpus(args.corpus)
    pipe = Pipeline(args.model, args.threads, args.max_length)
    out = open(args.entities_out, "w", encoding="utf-8") if args.entities_out else None
    try:
        report = bench(pipe, sentences, args.batch_size, out)
    finally:
        if out is not None:
            out.close()
    report["threads"] = args.threads
    print(json.dumps(report) if args.json else summary(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
