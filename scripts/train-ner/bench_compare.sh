#!/usr/bin/env bash
# Throughput of two model directories side by side: `polyprep bench ner` alternated ROUNDS times (default 3) on
# the same corpus, median tokens/s of each and the ratio. usage: bench_compare.sh MODEL_A MODEL_B [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="$repo/target/release/polyprep"
rounds="${3:-3}"
tmp="$(mktemp -d)"
for r in $(seq "$rounds"); do
  for m in A B; do
    dir="$1"; [ "$m" = B ] && dir="$2"
    "$bin" bench ner --model "$dir" --json > "$tmp/$m.$r.json"
  done
done
python3 - "$tmp" "$rounds" "$1" "$2" <<'PY'
import json, statistics, sys
tmp, rounds = sys.argv[1], int(sys.argv[2])
med = {}
for m, name in (('A', sys.argv[3]), ('B', sys.argv[4])):
    runs = [json.load(open(f'{tmp}/{m}.{r}.json')) for r in range(1, rounds + 1)]
    key = 'tokens_per_second'
    vals = [r[key] for r in runs]
    med[m] = statistics.median(vals)
    print(f'{name}: {key} {vals} median {med[m]:.1f}')
print(f'ratio B/A {med["B"] / med["A"]:.3f}')
PY
rm -rf "$tmp"
