#!/bin/bash
# test_grpc.sh - end-to-end test of kinerjad --grpc (issue #17) with a real
# gRPC client: python3-grpcio on stubs python3-grpc-tools generates here
# from the unchanged proto/kinerja.proto (tests/grpc_client.py), against a
# kinerjad holding the Batu Bara demo. Figures are compared with those of
# the nng path (the kinerja CLI on the same server); then the write's
# replay by x-request-id, a reason in UTF-8 (x-reason-bin) kept as sent,
# FieldError details in grpc-status-details-bin, deadlines, unknown
# methods, messages over --max-message, grpc.health.v1 Check as
# grpc_health_probe sends it, refusals logged and counted with the
# client's address; with --auth, tokens checked before the message; TLS,
# and client certificates with --tls-ca. gRPC listens on 127.0.0.1 on a
# port the kernel picks; nng on an ipc:// socket in a temporary directory.
#
#   test_grpc.sh KINERJAD KINERJA SOURCE_DIR
#
# Needs /usr/bin/python3 with python3-grpcio, python3-grpc-tools and
# python3-protobuf (Debian), and openssl.
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 KINERJAD KINERJA SOURCE_DIR" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
SRC=$3
PY=/usr/bin/python3
CLIENT="$SRC/tests/grpc_client.py"

. "$(dirname "$0")/harness.sh"

# -------------------------------------------------------------- stubs

mkdir -p "$tmp/stubs"
run $PY -m grpc_tools.protoc -I "$SRC/proto" --python_out="$tmp/stubs" \
    --grpc_python_out="$tmp/stubs" "$SRC/proto/kinerja.proto"
check "python3-grpc-tools generates stubs from the unchanged kinerja.proto" \
    'rc_is 0 && [ -s "$tmp/stubs/kinerja_pb2_grpc.py" ] ||
     why "no stubs"'
[ "$FAIL" -eq 0 ] || { echo "Bail out! no stubs"; exit 1; }

# start NAME ARGS...: a kinerjad with --grpc 127.0.0.1:0; sets PID, PORT,
# LOG.
start() {
	local name=$1
	shift
	LOG="$tmp/$name.log"
	"$KINERJAD" --grpc 127.0.0.1:0 "$@" 2>"$LOG" &
	PID=$!
	PIDS+=("$PID")
	PORT=
	for _ in $(seq 150); do
		PORT=$(sed -n 's/^kinerjad: gRPC on port \([0-9]*\).*$/\1/p' \
		    "$LOG")
		[ -n "$PORT" ] && return 0
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "Bail out! kinerjad --grpc did not start"
	sed 's/^/#   /' "$LOG"
	exit 1
}

# g [OPTIONS] COMMAND ARGS...: grpc_client.py against the last server.
g() {
	run $PY "$CLIENT" "$tmp/stubs" "127.0.0.1:$PORT" "$@"
}

cli() {
	"$KINERJA" --url "ipc://$tmp/$NAME.sock" --format json "$@" \
	    >"$tmp/cli.json" 2>&1
}

# stopped WHAT: SIGTERM to the last server; it exits 0, and (under ASan)
# without a report.
stopped() {
	stop_server "$PID" 10
	check "SIGTERM stops $1 cleanly" \
	    '[ "$STOP_RC" -eq 0 ] || why "exit status $STOP_RC"'
	check "$1 reports no leak or error on the way out" \
	    '! grep -qiE "leak|runtime error|sanitizer" "$LOG" ||
	     why "$(grep -iE -A5 "leak|runtime error|sanitizer" "$LOG")"'
}

log_has() {
	grep -qE -- "$1" "$LOG" || why "the log lacks /$1/"
}

# -------------------------------------------------- the demo, no auth

NAME=a
start a --db "$tmp/a.db" --demo --listen "ipc://$tmp/a.sock" \
    --max-message 65536 --log-level info

cli capaian --unit tanjung-tiram --year 2023
g same GetCapaian '{"unit": "tanjung-tiram", "year": 2023}' "$tmp/cli.json"
check "GetCapaian over gRPC: the reply the CLI gets over nng" \
    'rc_is 0 && out_has same'

cli ranking --year 2023 --overall
g same GetRanking '{"year": 2023, "measure": "RANK_MEASURE_OVERALL"}' \
    "$tmp/cli.json"
check "GetRanking over gRPC: the reply the CLI gets over nng" \
    'rc_is 0 && out_has same'

cli ranking --year 2023 --indicator IKM --by capaian
g same GetRanking '{"year": 2023, "measure": "RANK_MEASURE_CAPAIAN",
    "indicator": "IKM"}' "$tmp/cli.json"
check "GetRanking of one indicator: as the CLI" 'rc_is 0 && out_has same'

g call GetCapaian '{"unit": "tanjung-tiram", "year": 2023}'
check "GetCapaian: a real figure (capaian of IKM)" \
    'rc_is 0 && out_has "\"indicator\": \"IKM\"" && out_has "\"capaian\": "'

values='{"values": [
  {"unit": "tanjung-tiram", "indicator": "IKM", "year": 2030,
   "kind": "VALUE_KIND_TARGET", "value": 90},
  {"unit": "tanjung-tiram", "indicator": "IKM", "year": 2030,
   "kind": "VALUE_KIND_REALISASI", "value": 85.5}]}'
REASON='Revisi PK — perubahan target (Dinas Kominfo)'
g --request-id grpc-test-1 --reason-bin "$REASON" \
    call SubmitIndicatorData "$values"
first=$OUT
check "SubmitIndicatorData stores two values" \
    'rc_is 0 && out_has "\"created\": 2" && out_has "\"replayed\": false"'

g --request-id grpc-test-1 --reason-bin "$REASON" \
    call SubmitIndicatorData "$values"
check "the same x-request-id again replays: the same answer, replayed" \
    'rc_is 0 && out_has "\"created\": 2" && out_has "\"replayed\": true"'

cli history --unit tanjung-tiram --year 2030
hist=$(cat "$tmp/cli.json")
n=$(printf '%s' "$hist" | grep -o '"request_id":"grpc-test-1"' | wc -l)
check "the replayed write was written once (GetHistory: 2 rows)" \
    '[ "$n" -eq 2 ] || why "$n rows of grpc-test-1: $hist"'
check "x-reason-bin: the UTF-8 reason is stored as sent" \
    'printf "%s" "$hist" | grep -qF "\"reason\":\"$REASON\"" ||
     why "history: $hist"'

cli capaian --unit tanjung-tiram --year 2030
g same GetCapaian '{"unit": "tanjung-tiram", "year": 2030}' "$tmp/cli.json"
check "the values written over gRPC read back the same over nng" \
    'rc_is 0 && out_has same && grep -q "\"realisasi\":85.5" "$tmp/cli.json" ||
     why "CLI: $(cat "$tmp/cli.json")"'

g --reason "ASCII reason" --request-id grpc-test-2 call SubmitIndicatorData \
    '{"values": [{"unit": "tanjung-tiram", "indicator": "IKM",
      "year": 2031, "kind": "VALUE_KIND_TARGET", "value": 50}]}'
cli history --unit tanjung-tiram --year 2031
check "x-reason (ASCII) is stored too" \
    'rc_is 0 && grep -qF "\"reason\":\"ASCII reason\"" "$tmp/cli.json"'

g call GetHistory '{"unit": "tanjung-tiram", "year": 2199}'
check "a reply of no bytes at all (nothing in the history): OK, empty" \
    'rc_is 0 && out_has "\"revisions\": []"'

# ------------------------------------------------------------ errors

g call SubmitIndicatorData '{"values": [
  {"unit": "tanjung-tiram", "indicator": "IKM", "year": 2032,
   "kind": "VALUE_KIND_TARGET", "value": 50},
  {"unit": "tanjung-tiram", "indicator": "IKM", "year": 1,
   "kind": "VALUE_KIND_TARGET", "value": 50}]}'
check "a bad item: INVALID_ARGUMENT, the message names the field" \
    'rc_is 3 && out_has "ERROR INVALID_ARGUMENT" && out_has "values[1]: year"'
check "grpc-status-details-bin: google.rpc.Status with the code and message" \
    'out_has "STATUS 3 SubmitIndicatorData:"'
check "its detail: a kinerja.FieldError as Any, naming list, index, field" \
    'out_has "DETAIL type.googleapis.com/kinerja.FieldError" &&
     out_has "\"field\": \"year\"" && out_has "\"index\": 1" &&
     out_has "\"list\": \"values\"" && out_has "\"code\": \"INVALID_ARGUMENT\""'
cli history --unit tanjung-tiram --year 2032
check "a rejected request changes nothing" \
    '! grep -q "\"year\":2032" "$tmp/cli.json" ||
     why "history: $(cat "$tmp/cli.json")"'

g call GetCapaian '{"unit": "no-such-unit", "year": 2023}'
check "an unknown unit: NOT_FOUND naming it" \
    'rc_is 3 && out_has "ERROR NOT_FOUND" && out_has "no-such-unit"'

g raw /kinerja.Kinerja/NoSuchMethod ""
check "an unknown method: UNIMPLEMENTED" \
    'rc_is 3 && out_has "ERROR UNIMPLEMENTED" && out_has "NoSuchMethod"'

g --big 100000 call GetCapaian '{"unit": "tanjung-tiram", "year": 2023}'
check "a message over --max-message: RESOURCE_EXHAUSTED" \
    'rc_is 3 && out_has "ERROR RESOURCE_EXHAUSTED"'

g --big 65500 call GetCapaian '{"unit": "tanjung-tiram", "year": 2023}'
check "a message that fits but whose envelope would not: RESOURCE_EXHAUSTED" \
    'rc_is 3 && out_has "ERROR RESOURCE_EXHAUSTED" && out_has "--max-message"'

# A whole LKjIP takes the service far longer than 1 ms to gather (a
# ranking of six kecamatan came close enough to pass within it).
g --timeout 0.001 call GetReport '{"unit": "tanjung-tiram", "year": 2023}'
check "a deadline too short (grpc-timeout): DEADLINE_EXCEEDED" \
    'rc_is 3 && out_has "ERROR DEADLINE_EXCEEDED"'

g --timeout 30 call GetRanking '{"year": 2023,
    "measure": "RANK_MEASURE_OVERALL"}'
check "a deadline long enough: answered" 'rc_is 0 && out_has "\"rows\""'

g --reason-bin "$(printf 'bad\377utf8')" call Health '{}'
check "x-reason-bin that is not UTF-8: INVALID_ARGUMENT before dispatch" \
    'rc_is 3 && out_has "ERROR INVALID_ARGUMENT" && out_has "x-reason-bin"'

# ------------------------------------------------------------ health

g raw /grpc.health.v1.Health/Check ""
check "grpc.health.v1.Health/Check of the server (\"\"): SERVING (08 01)" \
    'rc_is 0 && out_has 0801'
# HealthCheckRequest{service: "kinerja.Kinerja"}, encoded by hand.
g raw /grpc.health.v1.Health/Check \
    "0a0f$(printf kinerja.Kinerja | od -An -tx1 | tr -d ' \n')"
check "Health/Check of kinerja.Kinerja: SERVING" 'rc_is 0 && out_has 0801'
g raw /grpc.health.v1.Health/Check "0a03$(printf foo | od -An -tx1 | tr -d ' \n')"
check "Health/Check of an unknown service: NOT_FOUND" \
    'rc_is 3 && out_has "ERROR NOT_FOUND"'
g raw /grpc.health.v1.Health/Watch ""
check "Health/Watch (streaming): UNIMPLEMENTED" \
    'rc_is 3 && out_has "ERROR UNIMPLEMENTED"'
g call Health '{}'
check "kinerja.Kinerja/Health: SERVING" 'rc_is 0 && out_has "\"SERVING\""'

# --------------------------------------------- refusals, logs, metrics

check "calls are logged with the gRPC client's address" \
    'log_has "info GetRanking OK .* peer=grpc/127\.0\.0\.1:[0-9]+"'
check "a refusal of the front itself (too large) is logged with it" \
    'log_has "warn GetCapaian RESOURCE_EXHAUSTED .* peer=grpc/127\.0\.0\.1:[0-9]+"'
check "an unknown method is logged as refused" \
    'log_has "warn - UNIMPLEMENTED .* peer=grpc/127\.0\.0\.1:[0-9]+"'
check "the replay is logged with its request id" \
    'log_has "SubmitIndicatorData OK .* id=grpc-test-1 peer=grpc/"'
g call GetMetrics '{}'
metrics=$OUT
cap_errors=$(printf '%s' "$metrics" | $PY -c '
import json, sys
m = json.load(sys.stdin)
print([x["errors"] for x in m["methods"] if x["method"] == "GetCapaian"][0])')
# Errors of GetCapaian: no-such-unit (dispatch) and the two refused by the
# front (over --max-message, envelope too large).
check "GetMetrics counts the front's refusals with the others" \
    '[ "$cap_errors" = 3 ] || why "GetCapaian errors: $cap_errors in $metrics"'

stopped "kinerjad --grpc"

# -------------------------------------------------------- overload

NAME=d
start d --db "$tmp/a.db" --listen "ipc://$tmp/d.sock" --grpc-max-calls 2 \
    --log-level warn
g burst GetRanking '{"year": 2023, "measure": "RANK_MEASURE_OVERALL"}' 64
burst=$OUT
check "--grpc-max-calls 2: of 64 calls at once, some are answered" \
    'rc_is 0 && out_has "\"OK\": "'
check "and the others RESOURCE_EXHAUSTED at once, nothing else" \
    'out_has "\"RESOURCE_EXHAUSTED\": " &&
     out_has "MESSAGE RESOURCE_EXHAUSTED grpc: 2 calls in flight" &&
     ! printf "%s" "$OUT" | grep -qE "\"(UNAVAILABLE|INTERNAL|UNKNOWN|DEADLINE_EXCEEDED)\""'
refused=$(printf '%s' "$burst" | sed -n 's/.*"RESOURCE_EXHAUSTED": \([0-9]*\).*/\1/p')
logged=$(grep -c "warn GetRanking RESOURCE_EXHAUSTED .* peer=grpc/127.0.0.1:" "$LOG")
check "each refused call is logged with the client's address" \
    '[ "$refused" = "$logged" ] || why "$refused refused, $logged logged"'
stopped "kinerjad --grpc-max-calls"

# ---------------------------------------------------------- exposure

run "$KINERJAD" --db "$tmp/x.db" --listen "ipc://$tmp/x.sock" \
    --grpc 0.0.0.0:0
check "cleartext gRPC beyond loopback without --auth is refused" \
    'rc_fails && err_has "not a loopback address"'

# ------------------------------------------------- --auth, TLS, mTLS

cd "$tmp" || exit 1
run make_pki
check "a test CA, server and client certificates (openssl)" 'rc_is 0'
cd - >/dev/null || exit 1

NAME=b
"$KINERJAD" --db "$tmp/b.db" --listen "ipc://$tmp/b.sock" \
    --demo >/dev/null 2>&1 &
p=$!
for _ in $(seq 100); do
	"$KINERJA" --url "ipc://$tmp/b.sock" health >/dev/null 2>&1 && break
	sleep 0.1
done
stop_server "$p" 10
run "$KINERJAD" token create --role viewer --name pemda --db "$tmp/b.db"
VIEWER=$OUT
check "a viewer token" 'rc_is 0 && [ -n "$VIEWER" ]'
start b --db "$tmp/b.db" --listen "ipc://$tmp/b.sock" --auth \
    --tls-cert "$tmp/srv.pem" --tls-key "$tmp/srv.key" --log-level info
TLS=(--ca "$tmp/ca.pem")
check "kinerjad says gRPC is on TLS" 'log_has "gRPC on port [0-9]+ \(TLS\)"'

g "${TLS[@]}" call GetCapaian '{"unit": "tanjung-tiram", "year": 2023}'
check "--auth: no token is UNAUTHENTICATED, before the message is read" \
    'rc_is 3 && out_has "ERROR UNAUTHENTICATED"'
check "and the refusal is logged with the client's address" \
    'log_has "warn GetCapaian UNAUTHENTICATED .* peer=grpc/127\.0\.0\.1:[0-9]+"'

g "${TLS[@]}" --token kin_1_nottherealtokennottherealtokennottherealtok \
    call GetCapaian '{"unit": "tanjung-tiram", "year": 2023}'
check "--auth: a wrong token is UNAUTHENTICATED" \
    'rc_is 3 && out_has "ERROR UNAUTHENTICATED"'

g "${TLS[@]}" --token "$VIEWER" call SubmitIndicatorData "$values"
check "--auth: a viewer may not write: PERMISSION_DENIED" \
    'rc_is 3 && out_has "ERROR PERMISSION_DENIED"'

cli --token "$VIEWER" capaian --unit tanjung-tiram --year 2023
g "${TLS[@]}" --token "$VIEWER" same GetCapaian \
    '{"unit": "tanjung-tiram", "year": 2023}' "$tmp/cli.json"
check "TLS with a token: GetCapaian as the CLI gets it over nng" \
    'rc_is 0 && out_has same'

g "${TLS[@]}" raw /grpc.health.v1.Health/Check ""
check "the health check needs no token (as Health)" 'rc_is 0 && out_has 0801'

g --timeout 5 call Health '{}'
check "a cleartext client of the TLS port fails" \
    'rc_is 3 && out_has "ERROR UNAVAILABLE"'
stopped "kinerjad --grpc --auth with TLS"

start c --db "$tmp/b.db" --listen "ipc://$tmp/b.sock" \
    --tls-cert "$tmp/srv.pem" --tls-key "$tmp/srv.key" \
    --tls-ca "$tmp/ca.pem"
g "${TLS[@]}" --timeout 5 call Health '{}'
check "--tls-ca: a client without a certificate is refused" \
    'rc_is 3 && out_has "ERROR UNAVAILABLE"'
cli capaian --unit tanjung-tiram --year 2023
g "${TLS[@]}" --cert "$tmp/rogue.crt" --key "$tmp/rogue.key" --timeout 5 \
    call Health '{}'
check "--tls-ca: a client certificate of another CA is refused" \
    'rc_is 3 && out_has "ERROR UNAVAILABLE"'
g "${TLS[@]}" --cert "$tmp/cli.crt" --key "$tmp/cli.key" same GetCapaian \
    '{"unit": "tanjung-tiram", "year": 2023}' "$tmp/cli.json"
check "--tls-ca: with a client certificate the CA signed, answered" \
    'rc_is 0 && out_has same'
stopped "kinerjad --grpc with --tls-ca"

echo "1..$((PASS + FAIL))"
echo "# $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
