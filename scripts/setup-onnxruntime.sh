#!/usr/bin/env bash
# Installs the ONNX Runtime shared library that polyprep-ner loads at run time.
#
# ort's own download feature fetches binaries from a CDN, which is unreachable on many machines, so
# the library comes from the official `onnxruntime` wheel on PyPI instead: pinned, checked against
# its sha256, and unpacked into third_party/onnxruntime/ (git-ignored). `.cargo/config.toml` points
# ORT_DYLIB_PATH at the stable name third_party/onnxruntime/libonnxruntime.so, so `cargo run` and
# `cargo test` find it; installed binaries take `--ort-lib PATH` or ORT_DYLIB_PATH.
#
# Idempotent: when the library is already there and its checksum matches, it does nothing.
# Usage: scripts/setup-onnxruntime.sh [--force]
set -euo pipefail

ORT_VERSION="1.31.1"
WHEEL="onnxruntime-${ORT_VERSION}-cp311-cp311-manylinux_2_28_x86_64.whl"
WHEEL_SHA256="5752bd508126ae7c49894d3b9d2e83f0c3d487319246d04c444b393308d7ad7f"
LIB="libonnxruntime.so.${ORT_VERSION}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${root}/third_party/onnxruntime"
stamp="${dest}/${LIB}.sha256"

die() {
    echo "setup-onnxruntime: error: $*" >&2
    exit 1
}

if [[ "$(uname -s)" != "Linux" || "$(uname -m)" != "x86_64" ]]; then
    die "this script installs the Linux x86_64 library only; on $(uname -s)/$(uname -m) install ONNX Runtime ${ORT_VERSION} yourself and set ORT_DYLIB_PATH to its shared library"
fi

if [[ "${1:-}" != "--force" && -f "${dest}/${LIB}" && -f "${stamp}" ]]; then
    if (cd "${dest}" && sha256sum --check --status "${stamp}") && [[ -L "${dest}/libonnxruntime.so" ]]; then
        echo "setup-onnxruntime: ${dest}/${LIB} is present and verified; nothing to do"
        exit 0
    fi
    echo "setup-onnxruntime: ${dest}/${LIB} does not match its checksum; reinstalling" >&2
fi

python=""
for candidate in python3 python; do
    if command -v "${candidate}" >/dev/null 2>&1; then
        python="${candidate}"
        break
    fi
done
[[ -n "${python}" ]] || die "python3 with pip is needed to download the onnxruntime wheel from PyPI"
command -v unzip >/dev/null 2>&1 || die "unzip is needed (apt-get install unzip)"

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

echo "setup-onnxruntime: downloading ${WHEEL} from PyPI"
# The platform flags make pip fetch exactly the pinned wheel whatever the local Python version is.
"${python}" -m pip download --quiet --no-deps --only-binary=:all: \
    --platform manylinux_2_28_x86_64 --python-version 3.11 --implementation cp --abi cp311 \
    --dest "${work}" "onnxruntime==${ORT_VERSION}" ||
    die "pip could not download onnxruntime==${ORT_VERSION}; check that PyPI is reachable"

[[ -f "${work}/${WHEEL}" ]] || die "pip did not produce ${WHEEL} (got: $(ls "${work}"))"
actual="$(sha256sum "${work}/${WHEEL}" | cut -d' ' -f1)"
if [[ "${actual}" != "${WHEEL_SHA256}" ]]; then
    die "checksum mismatch for ${WHEEL}: expected ${WHEEL_SHA256}, got ${actual}; refusing to install it"
fi

unzip -q -o "${work}/${WHEEL}" 'onnxruntime/capi/libonnxruntime.so*' -d "${work}/x" ||
    die "${WHEEL} has no onnxruntime/capi/libonnxruntime.so*"
[[ -f "${work}/x/onnxruntime/capi/${LIB}" ]] || die "${WHEEL} has no onnxruntime/capi/${LIB}"

mkdir -p "${dest}"
install -m 0644 "${work}/x/onnxruntime/capi/${LIB}" "${dest}/${LIB}"
ln -sfn "${LIB}" "${dest}/libonnxruntime.so"
(cd "${dest}" && sha256sum "${LIB}" >"${stamp}")
echo "setup-onnxruntime: installed ${dest}/libonnxruntime.so -> ${LIB}"
