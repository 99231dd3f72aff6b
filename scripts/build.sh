#!/usr/bin/env bash
# Configures and builds kinerja into DIR (default build/) with warnings as
# errors; extra arguments go to cmake (e.g. -DKINERJA_SANITIZE=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake -S . -B "$dir" -DKINERJA_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
