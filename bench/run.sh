#!/bin/sh
# bench/run.sh [--quick]: builds kinerja and its benchmarks in $BENCH_BUILD
# (default build-bench in the source tree), runs them all and prints one Markdown
# table. --quick (or BENCH_QUICK=1) runs shorter and smaller, under a
# minute.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-$src/build-bench}
quick=
case "${1:-}" in
--quick) quick=--quick ;;
"") [ "${BENCH_QUICK:-}" = 1 ] && quick=--quick ;;
*) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac

echo "building in $build"
mkdir -p "$build"
cmake -S "$src" -B "$build" -DKINERJA_TESTS=OFF -DKINERJA_BENCH=ON >"$build/cmake.log" 2>&1 ||
	{ cat "$build/cmake.log" >&2; exit 1; }
cmake --build "$build" -j"$(nproc)" >"$build/build.log" 2>&1 ||
	{ tail -40 "$build/build.log" >&2; exit 1; }

rows=$(mktemp /tmp/kinerja-bench-rows.XXXXXX)
trap 'rm -f "$rows"' EXIT
for b in bench_rpc bench_ingest bench_national; do
	echo "== $b $quick"
	# Table rows are collected for the end; the rest is shown as it comes.
	"$build/bench/$b" $quick | while IFS= read -r line; do
		case "$line" in
		ROW\|*) echo "${line#ROW|}" >>"$rows" ;;
		*) echo "  $line" ;;
		esac
	done
done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo
echo "kinerja benchmarks${quick:+ (quick)}: $(nproc) CPUs, ${cpu:-unknown CPU}," \
	"$(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| benchmark | kinerja | baseline | ratio | target | met? |"
echo "|---|---|---|---|---|---|"
sed 's/|/ | /g; s/^/| /; s/$/ |/' "$rows"
echo
if pkg-config --exists grpc++ 2>/dev/null; then
	echo "gRPC benchmark: grpc++ found, but no gRPC benchmark is written yet"
else
	echo "gRPC benchmark skipped: libgrpc++-dev not installed"
fi
