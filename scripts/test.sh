#!/usr/bin/env bash
# The test command: installs dependencies, builds, and runs every test twice,
# once plainly and once under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --test

# Issue #18: a throwaway PostgreSQL 15 (Unix socket and 127.0.0.1 in a
# temporary directory, as an unprivileged user) for the *_pg tests: the
# store and RPC suites again on the PostgreSQL backend. Stopped at the end.
pgdir=$(mktemp -d /tmp/kinerja-pg-XXXXXX)
trap 'scripts/pg.sh stop "$pgdir" >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
KINERJA_TEST_PG=$(scripts/pg.sh start "$pgdir")
export KINERJA_TEST_PG

scripts/build.sh build
(cd build && ctest --output-on-failure --timeout 600)

# The container builds with -O3, where gcc warns of more: -Werror there too.
scripts/build.sh build-release -DCMAKE_BUILD_TYPE=Release \
  -DKINERJA_TESTS=OFF -DKINERJA_BENCH=OFF

# Leaks fail the run too: LeakSanitizer is part of ASan on Linux.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
scripts/build.sh build-asan -DKINERJA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
(cd build-asan && ctest --output-on-failure --timeout 900)

# Each libFuzzer harness briefly on its seeds (issue #6); see fuzz/README.md.
scripts/fuzz.sh 30
