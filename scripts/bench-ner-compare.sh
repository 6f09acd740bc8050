#!/usr/bin/env bash
# NER throughput, polyprep against the Python a user would write (onnxruntime + tokenizers, Hugging
# Face pipeline-style decoding), on the same sentences, model and total thread count.
#
# 1. installs the ONNX Runtime library (scripts/setup-onnxruntime.sh) and builds the release CLI;
# 2. runs `polyprep bench ner --json`, which also writes the exact sentences it ran to a file;
# 3. runs scripts/bench-ner-python/bench.py on that file, in a venv this script makes at
#    third_party/bench-ner-venv (git-ignored) from scripts/bench-ner-python/requirements.txt,
#    with intra-op threads = polyprep's workers x intra-op threads;
# 4. prints both side by side and the ratio of sentences per second.
#
# Usage: scripts/bench-ner-compare.sh [--corpus FILE] [--size BYTES] [--threads N]
#            [--ner-workers N] [--intra-threads N] [--batch-size N]
#   --corpus FILE        text to run, passed to `polyprep bench ner --corpus` (default: its own, the
#                        seeds); both sides run the sentences polyprep made of it
#   --size BYTES         passed to `polyprep bench ner --size` (corpus repeated to this size; 1 MB)
#   --threads N          N threads on each side: polyprep N workers x 1 intra-op thread, Python N
#                        intra-op threads (default: polyprep's own choice, and Python the same total)
#   --ner-workers N, --intra-threads N
#                        passed to polyprep as they are (they override --threads's split); Python
#                        gets workers x intra-op threads
#   --batch-size N       sentences per batch on the Python side (default 32)
# Needs: cargo, python3 (3.11 or newer) with venv and pip, unzip; the network only for PyPI.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${root}/third_party/bench-ner-venv"
requirements="${root}/scripts/bench-ner-python/requirements.txt"
bench_py="${root}/scripts/bench-ner-python/bench.py"
polyprep="${root}/target/release/polyprep"

say() { echo "bench-ner-compare: $*" >&2; }
die() {
    echo "bench-ner-compare: error: $*" >&2
    exit 1
}
usage() { sed -n '2,23s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

corpus=""
size=""
threads=""
workers=""
intra=""
batch_size="32"
while [[ $# -gt 0 ]]; do
    case "$1" in
    --corpus)
        [[ $# -ge 2 ]] || die "--corpus needs a file"
        corpus="$2"
        shift 2
        ;;
    --size)
        [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--size needs a positive number of bytes"
        size="$2"
        shift 2
        ;;
    --threads)
        [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--threads needs a positive integer"
        threads="$2"
        shift 2
        ;;
    --ner-workers)
        [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--ner-workers needs a positive integer"
        workers="$2"
        shift 2
        ;;
    --intra-threads)
        [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--intra-threads needs a positive integer"
        intra="$2"
        shift 2
        ;;
    --batch-size)
        [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--batch-size needs a positive integer"
        batch_size="$2"
        shift 2
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *) die "unknown argument '$1' (try --help)" ;;
    esac
done
if [[ -n "${corpus}" ]]; then
    [[ -f "${corpus}" ]] || die "corpus file '${corpus}' not found"
    corpus="$(cd "$(dirname "${corpus}")" && pwd)/$(basename "${corpus}")"
fi

command -v python3 >/dev/null 2>&1 || die "python3 is needed (for the venv and to read the JSON reports)"
command -v cargo >/dev/null 2>&1 || die "cargo is needed to build polyprep (https://rustup.rs)"
cd "${root}"

# --- 1. ONNX Runtime and the release binary -------------------------------------------------
"${root}/scripts/setup-onnxruntime.sh" || die "scripts/setup-onnxruntime.sh failed"
# The binary finds the library next to the workspace by itself; naming it makes the choice explicit.
export ORT_DYLIB_PATH="${ORT_DYLIB_PATH:-${root}/third_party/onnxruntime/libonnxruntime.so}"

say "building the release CLI (cargo build --release -p polyprep-cli)"
cargo build --release -p polyprep-cli || die "cargo build --release -p polyprep-cli failed"
[[ -x "${polyprep}" ]] || die "the build did not produce ${polyprep}"

# --- 2. The Python venv (idempotent: reinstalled only when requirements.txt changes) -----------
stamp="${venv}/.requirements.sha256"
want="$(sha256sum "${requirements}" | cut -d' ' -f1)"
if [[ -x "${venv}/bin/python" && -f "${stamp}" && "$(cat "${stamp}")" == "${want}" ]]; then
    say "venv ${venv} is up to date"
else
    if [[ ! -x "${venv}/bin/python" ]]; then
        say "creating the venv ${venv}"
        python3 -m venv "${venv}" ||
            die "python3 -m venv failed (on Debian/Ubuntu: apt-get install python3-venv)"
    fi
    say "installing ${requirements#"${root}"/} into the venv (from PyPI)"
    "${venv}/bin/python" -m pip install --quiet --disable-pip-version-check -r "${requirements}" ||
        die "pip could not install ${requirements#"${root}"/}; check that PyPI is reachable and python3 is 3.11 or newer"
    echo "${want}" >"${stamp}"
fi

# --- 3. Both benchmarks on the same sentences -------------------------------------------------
tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT

rust_args=(bench ner --json --write-corpus "${tmp}/corpus.txt")
[[ -n "${corpus}" ]] && rust_args+=(--corpus "${corpus}")
[[ -n "${size}" ]] && rust_args+=(--size "${size}")
if [[ -n "${threads}" ]]; then
    workers="${workers:-${threads}}"
    intra="${intra:-1}"
fi
[[ -n "${workers}" ]] && rust_args+=(--ner-workers "${workers}")
[[ -n "${intra}" ]] && rust_args+=(--intra-threads "${intra}")
say "running: polyprep ${rust_args[*]}"
"${polyprep}" "${rust_args[@]}" >"${tmp}/polyprep.json" || die "polyprep bench ner failed"
[[ -s "${tmp}/corpus.txt" ]] || die "polyprep bench ner wrote no corpus to --write-corpus"

total_threads="$(python3 - "${tmp}/polyprep.json" <<'EOF'
import json, sys
try:
    r = json.load(open(sys.argv[1], encoding="utf-8"))
    print(int(r["workers"]) * int(r["intra_threads"]))
except (ValueError, KeyError, TypeError) as e:
    sys.exit(f"bench-ner-compare: error: polyprep's JSON report is not what was expected ({e!r})")
EOF
)"

say "running: bench.py --threads ${total_threads} --batch-size ${batch_size} on the same $(wc -l <"${tmp}/corpus.txt") sentences"
"${venv}/bin/python" "${bench_py}" --corpus "${tmp}/corpus.txt" --threads "${total_threads}" \
    --batch-size "${batch_size}" --json >"${tmp}/python.json" || die "the Python benchmark failed"

# --- 4. Side by side ------------------------------------------------------------------------
python3 - "${tmp}/polyprep.json" "${tmp}/python.json" <<'EOF'
import json, sys

rust = json.load(open(sys.argv[1], encoding="utf-8"))
py = json.load(open(sys.argv[2], encoding="utf-8"))

def share(r, key):
    return r[key] / r["wall_seconds"] if r["wall_seconds"] > 0 else 0.0

rows = [
    ("sentences", lambda r: f"{r['sentences']}"),
    ("tokens", lambda r: f"{r['tokens']}"),
    ("entities", lambda r: f"{r['entities']}"),
    ("wall seconds", lambda r: f"{r['wall_seconds']:.2f}"),
    ("sentences/s", lambda r: f"{r['sentences_per_second']:.1f}"),
    ("tokens/s", lambda r: f"{r['tokens_per_second']:.0f}"),
    ("padding waste", lambda r: f"{100 * r['padding_waste']:.1f}%"),
    ("tokenize share", lambda r: f"{100 * share(r, 'tokenize_seconds'):.1f}%"),
    ("session share", lambda r: f"{100 * r['session_share']:.1f}%"),
    ("decode share", lambda r: f"{100 * share(r, 'decode_seconds'):.1f}%"),
    ("batches", lambda r: f"{r['batches']}"),
]
print(f"{'':16} {'polyprep':>14} {'python':>14}")
for name, cell in rows:
    print(f"{name:16} {cell(rust):>14} {cell(py):>14}")
print(f"{'threads':16} {str(rust['workers']) + ' x ' + str(rust['intra_threads']):>14} {py['threads']:>14}")
print(f"{'batching':16} {str(rust['batch_tokens']) + ' tokens':>14} {str(py['batch_size']) + ' sentences':>14}")

if rust["sentences"] != py["sentences"]:
    print(f"warning: polyprep ran {rust['sentences']} sentences, python {py['sentences']}", file=sys.stderr)
ratio = rust["sentences_per_second"] / py["sentences_per_second"] if py["sentences_per_second"] > 0 else float("inf")
print(f"\npolyprep / python, sentences per second: {ratio:.2f}x "
      f"(target >= 2x: {'met' if ratio >= 2 else 'NOT met'}); "
      f"polyprep session share {100 * rust['session_share']:.1f}% "
      f"(target >= 90%: {'met' if rust['session_share'] >= 0.9 else 'NOT met'})")
EOF
