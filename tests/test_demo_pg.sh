#!/bin/sh
# test_demo_pg.sh KINERJAD KINERJA URL - issue #18: kinerjad --demo loads
# through the RPCs on PostgreSQL (a fresh schema of URL) as on SQLite, and
# both give the same export, ranking, status and report, byte for byte.
# URL empty and no $KINERJA_TEST_PG: skipped (77).
set -eu
kinerjad=$1 cli=$2 url=${KINERJA_TEST_PG:-${3:-}}
[ -n "$url" ] || { echo "no KINERJA_TEST_PG: skipped"; exit 77; }
psql=$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)
dir=$(mktemp -d /tmp/kinerja-demo-pg-XXXXXX)
schema=kt_demo_$$
case $url in *\?*) sep='&' ;; *) sep='?' ;; esac
pgdb="$url${sep}options=-csearch_path%3D$schema"
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || :; done
	wait 2>/dev/null || :
	"$psql" "$url" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" \
		>/dev/null 2>&1 || :
	rm -rf "$dir"
}
trap cleanup EXIT
"$psql" "$url" -qc "CREATE SCHEMA $schema" >/dev/null

# Starts kinerjad --demo on $2, listening on ipc://$dir/$1.sock.
serve() {
	"$kinerjad" --db "$2" --demo --listen "ipc://$dir/$1.sock" \
		>"$dir/$1.log" 2>&1 &
	pids="$pids $!"
	for _ in $(seq 1 600); do
		grep -q 'listening on' "$dir/$1.log" && return 0
		kill -0 $! 2>/dev/null || break
		sleep 0.1
	done
	echo "kinerjad on $1 did not start:"; cat "$dir/$1.log"; exit 1
}

serve lite "$dir/demo.db"
serve pg "$pgdb"
grep -q 'demo: loaded 538 rows' "$dir/pg.log" || {
	echo "demo not loaded on PostgreSQL:"; cat "$dir/pg.log"; exit 1
}
for b in lite pg; do
	k="$cli --url ipc://$dir/$b.sock"
	$k export "$dir/export-$b" >/dev/null
	$k --format csv ranking --year 2024 --overall >"$dir/ranking-$b.csv"
	$k --format csv status --region batubara --year 2024 >"$dir/status-$b.csv"
	$k report --unit batubara --year 2024 --format md >"$dir/report-$b.md"
	$k --format csv capaian --unit sei-balai --year 2024 >"$dir/capaian-$b.csv"
	$k --format csv persetujuan --unit sei-balai --year 2024 \
		| cut -d, -f1-2 >"$dir/approval-$b.csv"
done
diff -r "$dir/export-lite" "$dir/export-pg"
for f in ranking.csv status.csv report.md capaian.csv approval.csv; do
	diff "$dir/${f%.*}-lite.${f#*.}" "$dir/${f%.*}-pg.${f#*.}"
done
[ "$(wc -l <"$dir/ranking-pg.csv")" -gt 3 ] || { echo "empty ranking"; exit 1; }
[ "$(find "$dir/export-pg" -name '*.csv' | wc -l)" -ge 10 ]
echo "demo on PostgreSQL: same export, ranking, status, report, capaian" \
	"and approval as on SQLite"
