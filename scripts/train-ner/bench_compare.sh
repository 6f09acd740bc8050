#!/usr/bin/env bash
# Throughput of two model directories side by side: ROUNDS rounds (default 5) of `polyprep bench ner` on the same
# corpus, A then B in odd rounds and B then A in even ones, so a drift of the machine's speed during the run
# falls on both. Prints every round's tokens/s and B/A ratio, the median tokens/s of each model and the median of
# the per-round ratios (the figure to compare with a limit; the spread of the ratios shows how far to trust it).
# usage: bench_compare.sh MODEL_A MODEL_B [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="$repo/target/release/polyprep"
rounds="${3:-5}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for r in $(seq "$rounds"); do
  order="A B"; [ $((r % 2)) -eq 0 ] && order="B A"
  for m in $order; do
    dir="$1"; [ "$m" = B ] && dir="$2"
    "$bin" bench ner --model "$dir" --json > "$tmp/$m.$r.json"
  done
done
python3 - "$tmp" "$rounds" "$1" "$2" <<'PY'
import json, statistics, sys
tmp, rounds, name_a, name_b = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
key = 'tokens_per_second'
speed = {m: [json.load(open(f'{tmp}/{m}.{r}.json'))[key] for r in range(1, rounds + 1)] for m in 'AB'}
ratios = [b / a for a, b in zip(speed['A'], speed['B'])]
for r, (a, b, q) in enumerate(zip(speed['A'], speed['B'], ratios), 1):
    print(f'round {r} ({"A B" if r % 2 else "B A"}): A {a:,.0f}  B {b:,.0f} tokens/s  B/A {q:.3f}')
print(f'A = {name_a}: median {statistics.median(speed["A"]):,.0f} tokens/s')
print(f'B = {name_b}: median {statistics.median(speed["B"]):,.0f} tokens/s')
print(f'B/A: median of the per-round ratios {statistics.median(ratios):.3f} (range {min(ratios):.3f}-{max(ratios):.3f})')
PY
