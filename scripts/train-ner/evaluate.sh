#!/usr/bin/env bash
# Scores a model directory on every set of eval_sets.txt through the Rust pipeline (`polyprep eval ner`, word
# mode), then runs `polyprep ner` on the seed articles (seed_report.py) and on the raw text of the English EWT and
# PUD test sets (demonym_report.py: demonyms tagged as entities). usage: evaluate.sh MODEL_DIR OUT_DIR [O_BIAS]
# O_BIAS (default 0) is added to the O logit on top of the bias written into the model (`--o-bias`), to see what
# another calibration would give without exporting the model again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
model="$(cd "$1" && pwd)"
out="$2"
bias=("--o-bias=${3:-0}")
mkdir -p "$out"
bin="$repo/target/release/polyprep"
[ -x "$bin" ] || (cd "$repo" && cargo build --release --quiet)
sets=()
while read -r f; do
  case "$f" in ''|'#'*) continue ;; esac
  sets+=("$repo/$f")
done < "$here/eval_sets.txt"
"$bin" eval ner --model "$model" "${bias[@]}" --data "${sets[@]}" > "$out/eval.md"
"$bin" ner "$repo/sample/seeds" --model "$model" "${bias[@]}" > "$out/seeds.txt" 2> "$out/seeds.stderr" || true
python3 "$here/seed_report.py" "$out/seeds.txt" --json "$out/seeds_report.json" > "$out/seeds_report.txt"
: > "$out/demonyms.txt"
for name in uner_ewt-en-test uner_pud-en-test; do
  tsv="$repo/../shared/data/ner-train/$name.tsv"
  [ -f "$tsv" ] || continue
  python3 "$here/demonym_report.py" text "$tsv" > "$out/$name.text.jsonl"
  "$bin" ner "$out/$name.text.jsonl" --model "$model" "${bias[@]}" > "$out/$name.ner.jsonl" 2>> "$out/seeds.stderr"
  python3 "$here/demonym_report.py" count "$tsv" "$out/$name.ner.jsonl" >> "$out/demonyms.txt"
done
echo "wrote $out/eval.md, $out/seeds.txt, $out/seeds_report.txt and $out/demonyms.txt"
