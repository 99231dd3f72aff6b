#!/bin/sh
# bench/run.sh [--quick]: builds kinerja and its benchmarks in $BENCH_BUILD
# (default build-bench in the source tree), runs them all and prints one Markdown
# table. --quick (or BENCH_QUICK=1) runs shorter and smaller, under a
# minute or so each. BENCH_VILLAGE=0 skips the village scale run.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-$src/build-bench}
quick=
case "${1:-}" in
--quick) quick=--quick ;;
"") [ "${BENCH_QUICK:-}" = 1 ] && quick=--quick ;;
*) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac

# The gRPC comparison needs gRPC C++ and its protoc plugin (Debian 12:
# libgrpc++-dev, libprotobuf-dev for protobuf.pc, which libgrpc++-dev
# does not pull in, protobuf-compiler-grpc); installed when missing, as
# scripts/deps.sh does. Without them the other benchmarks still run.
grpc_deps() {
	missing=
	for p in g++ libgrpc++-dev libprotobuf-dev protobuf-compiler-grpc \
	    protobuf-compiler; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	sudo=
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || {
			echo "bench: need root or sudo to install:$missing" >&2
			return 1
		}
		sudo=sudo
	fi
	echo "bench: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq || return 1
	# shellcheck disable=SC2086 # $missing: one word per package
	$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}
if command -v dpkg-query >/dev/null && ! grpc_deps; then
	echo "bench: gRPC packages not installed" >&2
fi

# Other work on the machine moves every figure: the table says how busy
# it was before this script's own build added to it.
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
echo "building in $build"
mkdir -p "$build"
cmake -S "$src" -B "$build" -DKINERJA_TESTS=OFF -DKINERJA_BENCH=ON >"$build/cmake.log" 2>&1 ||
	{ cat "$build/cmake.log" >&2; exit 1; }
cmake --build "$build" -j"$(nproc)" >"$build/build.log" 2>&1 ||
	{ tail -40 "$build/build.log" >&2; exit 1; }

rows=$(mktemp /tmp/kinerja-bench-rows.XXXXXX)
pgdir=
cleanup() {
	rm -f "$rows"
	if [ -n "$pgdir" ]; then
		"$src/scripts/pg.sh" stop "$pgdir" >/dev/null 2>&1 || true
		rm -rf "$pgdir"
	fi
}
trap cleanup EXIT
benches="bench_rpc bench_ingest bench_national bench_rollup"
if [ -x "$build/bench/bench_grpc" ]; then
	benches="bench_rpc bench_grpc bench_ingest bench_national bench_rollup"
fi
# The village scale (8.3 M values) takes 2-3 minutes on a 2-core
# machine; BENCH_VILLAGE=0 leaves it out, and the table says so.
if [ "${BENCH_VILLAGE:-1}" = 0 ]; then
	printf '%s|%s|-|-|%s|not run\n' "Village scale (83000 units x 10 x 10 years)" \
		"skipped: BENCH_VILLAGE=0" "< 5 min, <= 30 ms, <= 128 MB" >>"$rows"
else
	benches="$benches bench_village"
fi
# bench_pg (built when libpq is found) runs on KINERJA_BENCH_PG, else on a
# PostgreSQL 15 of its own, started durable (fsync and synchronous_commit
# on) in a temporary directory and stopped at the end.
if [ -x "$build/bench/bench_pg" ]; then
	if [ -z "${KINERJA_BENCH_PG:-}" ]; then
		pgdir=$(mktemp -d /tmp/kinerja-bench-pg.XXXXXX)
		KINERJA_BENCH_PG=$(PG_DURABLE=1 "$src/scripts/pg.sh" start "$pgdir") ||
			{ echo "bench: cannot start PostgreSQL" >&2; exit 1; }
	fi
	export KINERJA_BENCH_PG
	benches="$benches bench_pg"
fi
for b in $benches; do
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
	"$(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ), load average $load before the build"
echo
echo "| benchmark | kinerja | baseline | ratio | target | met? |"
echo "|---|---|---|---|---|---|"
sed 's/|/ | /g; s/^/| /; s/$/ |/' "$rows"
echo
[ -x "$build/bench/bench_grpc" ] ||
	echo "gRPC benchmark skipped: libgrpc++-dev or protobuf-compiler-grpc missing (see $build/cmake.log)"
