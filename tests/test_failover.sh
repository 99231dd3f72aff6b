#!/bin/bash
# test_failover.sh - the CLI given several kinerjad URLs (issue #18): two
# replicas on one database (--shared-db), `--url A,B` and KINERJA_URL=A,B,
# calls spread over both (their logs), a list with a bad URL refused naming
# it, the first URL down at start, both down, and one replica killed with
# SIGKILL and restarted while CLI writes run: no write fails, and each one
# acknowledged is in the history exactly once.
#
#   test_failover.sh KINERJAD KINERJA
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 KINERJAD KINERJA" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
. "$(dirname "$0")/harness.sh"

DB=$(db shared)
A="ipc://$tmp/a.sock"
B="ipc://$tmp/b.sock"
NOBODY="ipc://$tmp/nobody.sock"
# Under the sanitizers every process starts slower.
LIMIT_MS=1500
[ -n "${KINERJA_SANITIZE:-}" ] && LIMIT_MS=4000

start_server a --db "$DB" --listen "$A" --shared-db --demo ||
	{ echo "Bail out! replica a did not start"; exit 1; }
APID=$SERVER_PID
start_server b --db "$DB" --listen "$B" --shared-db ||
	{ echo "Bail out! replica b did not start"; exit 1; }

# gets COUNT URL-LIST: COUNT capaian reads with that --url.
gets() {
	local i
	for i in $(seq 1 "$1"); do
		"$KINERJA" --url "$2" capaian --unit tanjung-tiram --year 2025 \
		    >/dev/null 2>>"$tmp/gets.err" || echo "read $i failed"
	done
}

# served NAME: the GetCapaian requests replica NAME logged.
served() {
	grep -c ' GetCapaian OK ' "$tmp/$1.err"
}

# ------------------------------------------------------------ the list

run "$KINERJA" --help
check "--help says --url takes a comma-separated list of replicas" \
    'rc_is 0 && out_has "comma-separated" && out_has "tcp://a:7450,tcp://b:7450"'

run "$KINERJA" --url "$A,$B" health
check "--url A,B: health answers" 'rc_is 0 && out_has SERVING'

run env KINERJA_URL="$A,$B" "$KINERJA" health
check "KINERJA_URL=A,B: health answers" 'rc_is 0 && out_has SERVING'

run env KINERJA_URL="$A, $B" "$KINERJA" health
check "blanks after the commas are allowed" 'rc_is 0 && out_has SERVING'

run gets 40 "$A,$B"
NA=$(served a)
NB=$(served b)
check "40 CLI reads with --url A,B: none fails, both replicas serve ($NA + $NB)" \
    '[ -z "$OUT" ] && [ $((NA + NB)) -eq 40 ] && [ "$NA" -ge 5 ] && [ "$NB" -ge 5 ] ||
     why "a: $NA, b: $NB"'

run "$KINERJA" --url "$A,tcp//b:7450" health
check "a malformed URL in the list: refused, naming it" \
    'rc_is 1 && err_has INVALID_ARGUMENT && err_has "\"tcp//b:7450\": not a kinerjad URL"'

run env KINERJA_URL="$A,bogus://x" "$KINERJA" health
check "KINERJA_URL with an unknown scheme: refused, naming it" \
    'rc_is 1 && err_has INVALID_ARGUMENT && err_has "\"bogus://x\""'

run "$KINERJA" --url "$A,,$B" health
check "an empty entry in the list: refused, saying which" \
    'rc_is 1 && err_has INVALID_ARGUMENT && err_has "URL 2 of"'

run "$KINERJA" --url "$A," health
check "a trailing comma: refused" 'rc_is 1 && err_has "URL 2 of"'

run "$KINERJA" --url "$NOBODY,$B" capaian --unit tanjung-tiram --year 2025
check "first URL down at start: the call works" \
    "rc_is 0 && out_has IKM && faster_than $LIMIT_MS"

run "$KINERJA" --url "$NOBODY,ipc://$tmp/nobody2.sock" --timeout 10000 health
check "every URL down: UNAVAILABLE at once, naming each" \
    "rc_is 1 && err_has UNAVAILABLE && err_has '$NOBODY: ' && err_has 'nobody2.sock: ' && faster_than $LIMIT_MS"

run "$KINERJA" --url "$NOBODY" health
check "a single URL down: the message of before lists" \
    'rc_is 1 && err_has "UNAVAILABLE: cannot reach kinerjad: Connection refused"'

# ----------------------------------- a replica killed under CLI writes

# history_ids: the request ids of the history of IKM 2025 in Tanjung Tiram.
history_ids() {
	"$KINERJA" --url "$A,$B" --format csv history --unit tanjung-tiram \
	    --indicator IKM --year 2025 --limit 10000 |
	    grep -oE '\b[0-9a-f]{32}\b'
}

BEFORE=$(history_ids | wc -l)
# writes N: N imports of a new IKM target, one per process (each with its
# own request id); "ok" or "failed" per write on stdout.
writes() {
	local i
	for i in $(seq 1 "$1"); do
		printf 'unit;indicator;year;kind;value\ntanjung-tiram;IKM;2025;target;%d\n' \
		    $((i % 2 ? 30 + i / 2 : 90 - i / 2)) >"$tmp/w.csv"
		if "$KINERJA" --url "$A,$B" import "$tmp/w.csv" \
		    >/dev/null 2>>"$tmp/writes.err"; then
			echo ok
		else
			echo failed
		fi
	done
}

writes 60 >"$tmp/writes.out" &
WPID=$!
sleep 0.4
kill -KILL "$APID"
wait "$APID" 2>/dev/null
forget_pid "$APID"
sleep 0.3
start_server a --db "$DB" --listen "$A" --shared-db
RESTART=$?
wait "$WPID"
OK=$(grep -c '^ok$' "$tmp/writes.out")
FAILED=$(grep -c '^failed$' "$tmp/writes.out")
run cat "$tmp/writes.err"
check "replica a killed with SIGKILL mid-run and restarted: no write failed ($OK ok)" \
    '[ "$RESTART" -eq 0 ] && [ "$FAILED" -eq 0 ] && [ "$OK" -eq 60 ] ||
     why "restart $RESTART, $OK ok, $FAILED failed"'

AFTER=$(history_ids | wc -l)
# History is oldest first: the rows past BEFORE are the run's.
UNIQUE=$(history_ids | tail -n +$((BEFORE + 1)) | sort -u | wc -l)
check "the history holds each acknowledged write once ($BEFORE + $OK = $AFTER)" \
    '[ $((AFTER - BEFORE)) -eq "$OK" ] && [ "$UNIQUE" -eq "$OK" ] ||
     why "before $BEFORE, after $AFTER ($UNIQUE distinct ids), acknowledged $OK"'

run "$KINERJA" --url "$A,$B" --format json capaian --unit tanjung-tiram --year 2025
check "the last write is the value both replicas serve" "ind IKM target $((90 - 60 / 2))"

finish
