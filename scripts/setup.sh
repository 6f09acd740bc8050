#!/usr/bin/env bash
# Prepares a fresh machine for building and testing polyprep. Idempotent: run it as often as you like.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo not found; install Rust (https://rustup.rs) and run this again" >&2
  exit 2
fi

# The ONNX Runtime shared library that named-entity recognition loads (from the PyPI wheel).
./scripts/setup-onnxruntime.sh
