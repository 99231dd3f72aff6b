#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ with clang (ASan + UBSan) into
# build-fuzz/ and runs each for SECONDS (default 45) on a copy of its seed
# corpus, so the repository stays clean. Prints the executions per harness;
# exits non-zero when any harness finds a crash, leak or timeout, leaving
# the input in build-fuzz/findings/<harness>/.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-45}
scripts/deps.sh

# libFuzzer ships in compiler-rt; Debian 12's clang is version 14.
packages=(clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' \
    || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "fuzz: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  echo "fuzz: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

dir=build-fuzz
san="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
CC=clang cmake -S . -B "$dir" -DKINERJA_FUZZ=ON -DKINERJA_TESTS=OFF \
  -DKINERJA_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="$san -fno-omit-frame-pointer" >/dev/null
cmake --build "$dir" -j"$(nproc)" --target \
  fuzz_envelope fuzz_dispatch fuzz_csv fuzz_number fuzz_import fuzz_token fuzz_json \
  fuzz_wire \
  >/dev/null

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
for h in envelope dispatch csv number import token json wire; do
  work=$dir/run/$h findings=$dir/findings/$h
  rm -rf "$work"
  mkdir -p "$work" "$findings"
  # fuzz_wire reads the dispatch seeds: the same first byte, the same
  # request payloads.
  seeds=fuzz/corpus/$h
  [ "$h" = wire ] && seeds=fuzz/corpus/dispatch
  cp -r "$seeds" "$work/corpus"
  log=$work/log
  if "$dir/fuzz/fuzz_$h" -max_total_time="$secs" -print_final_stats=1 \
      -timeout=25 -rss_limit_mb=2048 -artifact_prefix="$findings/" \
      "$work/corpus" >"$log" 2>&1; then
    status=ok
  else
    status=FAILED failed=1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  printf 'fuzz_%-9s %s: %s executions in %s s (%s/s)\n' "$h" "$status" \
    "${execs:-?}" "$secs" "${speed:-?}"
  if [ $status != ok ]; then
    grep -E 'ERROR|SUMMARY|runtime error|fuzz_' "$log" | head -20 >&2
    echo "  log: $log; inputs: $findings/" >&2
  fi
done
exit $failed
