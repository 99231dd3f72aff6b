#!/bin/bash
# test_http_front.sh - the HTTP/1.1 behaviour issue #17 asks of the
# gateway, with curl against a real kinerjad holding the Batu Bara demo:
# a UTF-8 X-Reason stored as sent (read back by GetHistory and the CLI),
# 100 Continue for a 2 MiB body (no second of waiting), chunked bodies,
# keep-alive, every error body in google.rpc.Status's JSON with "@type" on
# details (the gateway's own answers too), unset message fields omitted,
# int64 above 2^53 taken exactly as a number and as a string, and the
# requests the gateway refuses itself logged and counted in GetMetrics with
# the client's address (as are forwarded ones: peer=http/IP:PORT).
#
#   test_http_front.sh KINERJAD KINERJA
#
# Needs bash, coreutils, grep, sed, curl and /usr/bin/python3.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 KINERJAD KINERJA" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
PY=/usr/bin/python3
command -v curl >/dev/null || { echo "$0: needs curl" >&2; exit 2; }

. "$(dirname "$0")/harness.sh"

# The 100 Continue itself is read from curl's trace; the time is a second
# check, loose enough for a loaded CI machine and the sanitizers (a
# missing 100 Continue costs curl a whole second on top).
LIMIT_MS=1500
[ -n "${KINERJA_SANITIZE:-}" ] && LIMIT_MS=3000

# req CURL ARGS...: any request; STATUS, BODY, HDRS (headers), VERBOSE
# (curl -v), MS (time taken) and LPORT (curl's own port) for the checks.
req() {
	local w
	w=$(curl -s -S -v -o "$tmp/.body" -D "$tmp/.hdrs" --max-time 20 \
	    -w '%{http_code} %{time_total} %{local_port}' "$@" \
	    2>"$tmp/.verbose")
	STATUS=${w%% *}
	MS=$(echo "$w" | awk '{ printf "%d", $2 * 1000 }')
	LPORT=${w##* }
	BODY=$(cat "$tmp/.body")
	HDRS=$(tr -d '\r' <"$tmp/.hdrs")
	VERBOSE=$(cat "$tmp/.verbose")
	RC=$STATUS OUT=$BODY ERR=$HDRS ELAPSED_MS=$MS CMD="curl $*"
}

# post METHOD JSON [CURL ARGS...]
post() {
	local m=$1
	printf '%s' "$2" >"$tmp/.req"
	shift 2
	req -X POST --data-binary @"$tmp/.req" "$@" "$BASE/v1/$m"
}

status_is() {
	[ "$STATUS" = "$1" ] || why "expected HTTP $1, got $STATUS"
}

body_has() {
	printf '%s' "$BODY" | grep -qF -- "$1" || why "body lacks: $1"
}

# py EXPR: evaluates a Python expression over the body as b (parsed JSON)
# and the raw text as t; true when it is.
py() {
	printf '%s' "$BODY" | "$PY" -c '
import json, sys
t = sys.stdin.read()
b = json.loads(t)
sys.exit(0 if ('"$1"') else 1)' || why "not true of the body: $1"
}

# An error body exactly as grpc-gateway writes google.rpc.Status: code,
# message, details and nothing else, each details item an Any naming its
# type first; served as JSON.
status_json() {
	printf '%s\n' "$HDRS" | grep -qi '^Content-Type: application/json' ||
	    why "not served as application/json"
	py 'list(b) == ["code", "message", "details"] and
	    isinstance(b["code"], int) and b["code"] > 0 and
	    isinstance(b["message"], str) and b["message"] and
	    isinstance(b["details"], list) and
	    all(list(d)[0] == "@type" and d["@type"] ==
	        "type.googleapis.com/kinerja.FieldError" for d in b["details"])'
}

cli() {
	"$KINERJA" --url "ipc://$tmp/k.sock" --format json "$@" 2>&1
}

# ------------------------------------------------------------ server

start_http k --db "$tmp/k.db" --demo --listen "ipc://$tmp/k.sock" \
    --http 127.0.0.1:0 --max-message 8388608 --log-level info
PID=$SERVER_PID
BASE=http://127.0.0.1:$PORT

# ------------------------------------------------ UTF-8 header values

REASON='Revisi PK — pagu baru (Perbup 12/2025), ĕ 日本'
post SubmitBudget '{"lines": [{"unit": "medang-deras", "year": 2031,
  "code": "TOTAL", "name": "Jumlah", "pagu_sen": 9007199254740993,
  "realisasi_sen": "9007199254740995"}]}' -H "X-Reason: $REASON" \
    -H 'X-Request-Id: front-budget-1'
check "a write with a UTF-8 X-Reason is taken" \
    'status_is 200 && body_has "\"created\":1"'

post GetHistory '{"unit": "medang-deras", "year": 2031}'
export REASON
check "GetHistory has the X-Reason byte for byte as sent" \
    'status_is 200 && py "[r[\"reason\"] for r in b[\"revisions\"]] ==
        [__import__(\"os\").environ[\"REASON\"]]"'
hist=$(cli history --unit medang-deras --year 2031)
check "the CLI (over nng) reads the same reason" \
    'printf "%s" "$hist" | grep -qF -- "$REASON" || why "CLI: $hist"'

# ------------------------------------------------ int64 above 2^53

post GetBudget '{"unit": "medang-deras", "year": 2031}'
check "pagu_sen 9007199254740993 sent as a JSON number is stored exactly" \
    'status_is 200 &&
     py "b[\"stated_total\"][\"pagu_sen\"] == \"9007199254740993\""'
check "realisasi_sen sent as the string \"9007199254740995\": exact too" \
    'py "b[\"stated_total\"][\"realisasi_sen\"] == \"9007199254740995\""'
nng=$(cli budget --unit medang-deras --year 2031)
check "GetBudget over HTTP is the CLI's JSON of the same budget" \
    '[ "$BODY" = "$nng" ] || why "the CLI printed: $nng"'

post SubmitBudget '{"validate_only": true, "lines": [{"unit":
  "medang-deras", "year": 2032, "code": "TOTAL", "name": "Jumlah",
  "pagu_sen": 9223372036854775808}]}'
check "2^63 for an int64: 400 naming the field, not rounded" \
    'status_is 400 && status_json &&
     body_has "lines[0].pagu_sen: 9223372036854775808 is out of range"'

# ------------------------------------------------ bodies and connections

{ printf '{"unit": "tanjung-tiram", "year": 2023'
  head -c 2097152 /dev/zero | tr '\0' ' '; printf '}'; } >"$tmp/big.json"
post GetCapaian '{"unit": "tanjung-tiram", "year": 2023}'
small=$BODY
req -X POST --data-binary @"$tmp/big.json" "$BASE/v1/GetCapaian"
check "2 MiB body: curl's Expect: 100-continue is answered at once" \
    'status_is 200 && [ "$BODY" = "$small" ] &&
     printf "%s" "$VERBOSE" | grep -q "^> Expect: 100-continue" &&
     { printf "%s" "$VERBOSE" | grep -q "^< HTTP/1.1 100 Continue" ||
       why "no 100 Continue"; } && faster_than $LIMIT_MS'

req -X POST -H 'Transfer-Encoding: chunked' --data-binary @"$tmp/big.json" \
    "$BASE/v1/GetCapaian"
check "2 MiB chunked body: read whole, answered at once" \
    'status_is 200 && [ "$BODY" = "$small" ] &&
     printf "%s" "$VERBOSE" | grep -q "^> Transfer-Encoding: chunked" &&
     faster_than $LIMIT_MS'

req "$BASE/healthz" "$BASE/healthz" -X GET
check "keep-alive: a second request on the same connection" \
    'status_is 200 && printf "%s" "$VERBOSE" |
     grep -q "Re-using existing connection" || why "$VERBOSE"'

# ------------------------------------------------ error bodies

post NoSuchMethod '{}'
check "404 unknown RPC: google.rpc.Status JSON" 'status_is 404 && status_json'
req "$BASE/v1/Health"
check "405 GET on an RPC: JSON, not HTML" 'status_is 405 && status_json'
req -X DELETE "$BASE/healthz"
check "405 DELETE /healthz: JSON" 'status_is 405 && status_json'
req -X POST -d x "$BASE/console/app.js"
check "405 POST on a console file: JSON" 'status_is 405 && status_json'
req "$BASE/console/nope.js"
check "404 no such console file: JSON" 'status_is 404 && status_json'
req -X PUT -d x "$BASE/v1/openapi.json"
check "405 PUT /v1/openapi.json: JSON" 'status_is 405 && status_json'
req "$BASE/nowhere"
check "404 outside /v1/: JSON" 'status_is 404 && status_json'
post UpsertUnits '{"units": [{"code": "baru"'
check "400 malformed JSON: JSON" 'status_is 400 && status_json'
post Health '{}' -H 'Authorization: Basic dXNlcjpwYXNz'
check "401 not a Bearer token: JSON" 'status_is 401 && status_json'
post Health '{}' -H 'X-Timeout-Ms: soon'
check "400 bad X-Timeout-Ms: JSON" 'status_is 400 && status_json'
head -c 9000000 /dev/zero | tr '\0' ' ' >"$tmp/huge"
req -X POST --data-binary @"$tmp/huge" "$BASE/v1/UpsertUnits"
check "413 body over --max-message: JSON" 'status_is 413 && status_json'
post SubmitIndicatorData '{"values": [
  {"unit": "nowhere", "indicator": "IKM", "year": 2024,
   "kind": "VALUE_KIND_TARGET", "value": 1},
  {"unit": "medang-deras", "indicator": "NOPE", "year": 2024,
   "kind": "VALUE_KIND_TARGET", "value": 1}]}'
check "kinerjad's own error: details carry @type first" \
    'status_is 404 && status_json && py "len(b[\"details\"]) == 2 and
     b[\"details\"][0][\"field\"] == \"unit\""'

# ------------------------------------------------ unset message fields

post GetRanking '{"year": 2025, "measure": "RANK_MEASURE_OVERALL"}'
check "an unset message field (GetRanking.indicator) is omitted" \
    'status_is 200 && py "\"indicator\" not in b and len(b[\"rows\"]) > 0"'
nulls=
for m in 'GetRanking {"year":2025,"measure":"RANK_MEASURE_OVERALL"}' \
    'GetBudget {"unit":"medang-deras","year":2025}' \
    'GetCapaian {"unit":"tanjung-tiram","year":2023}' \
    'GetSurvey {"unit":"sei-balai","year":2024}' 'ServerInfo {}' \
    'GetMetrics {}' 'ListUnits {}'; do
	post "${m%% *}" "${m#* }"
	py '"null" not in t' 2>/dev/null || nulls="$nulls ${m%% *}"
done
check "no null in the replies of seven RPCs" \
    '[ -z "$nulls" ] || why "null in:$nulls"'

# ------------------------------------------------ refused: log, metrics

# metric METHOD FIELD: GetMetrics' count, over nng, for METHOD.
metric() {
	cli metrics | "$PY" -c '
import json, sys
m = [x for x in json.load(sys.stdin)["methods"] if x["method"] == sys.argv[1]]
print(int(m[0][sys.argv[2]]) if m else 0)' "$1" "$2"
}
unknown=$(metric '(unknown)' requests)
capaian=$(metric GetCapaian errors)
for i in 1 2 3; do
	post NoSuchMethod '{}' -H "X-Request-Id: front-404-$i"
done
lport=$LPORT
post GetCapaian '{"unit": ' -H 'X-Request-Id: front-bad-json'
req "$BASE/v1/GetCapaian"
post GetCapaian '{"unit": "tanjung-tiram", "year": 2023}' \
    -H 'X-Request-Id: front-ok'
okport=$LPORT
check "three unknown methods: (unknown) counted 3 more in GetMetrics" \
    '[ "$(metric "(unknown)" requests)" = $((unknown + 3)) ] ||
     why "(unknown): $unknown before, $(metric "(unknown)" requests) after"'
check "bad JSON and a GET (405) for GetCapaian: two more of its errors" \
    '[ "$(metric GetCapaian errors)" = $((capaian + 2)) ] ||
     why "errors: $capaian before, $(metric GetCapaian errors) after"'
sleep 0.2
LOG=$(cat "$tmp/k.err")
check "a refusal is logged with the client's address and port" \
    'printf "%s\n" "$LOG" | grep -qE " warn - NOT_FOUND [0-9.]+ms id=front-404-3 peer=http/127\.0\.0\.1:$lport\$" ||
     why "no line for front-404-3 from port $lport"'
check "bad JSON is logged under its method" \
    'printf "%s\n" "$LOG" | grep -qE " warn GetCapaian INVALID_ARGUMENT [0-9.]+ms id=front-bad-json peer=http/127\.0\.0\.1:[0-9]+$"'
check "a forwarded request is logged with peer=http/IP:PORT, not inproc" \
    'printf "%s\n" "$LOG" | grep -qE " info GetCapaian OK [0-9.]+ms id=front-ok peer=http/127\.0\.0\.1:$okport\$" ||
     why "no line for front-ok from port $okport"'

# Over IPv6 the address is bracketed, as nng writes it.
if grep -qs "^0\{31\}1 " /proc/net/if_inet6 &&
    start_server v6 --db "$tmp/v6.db" --listen "ipc://$tmp/v6.sock" \
        --http '[::1]:0' --log-level info; then
	v6port=$(http_port v6)
	req -g -X POST -d '{}' "http://[::1]:$v6port/v1/Health"
	sleep 0.2
	check "over IPv6 the log names peer=http/[::1]:PORT" \
	    'status_is 200 && grep -qE " info Health OK .* peer=http/\[::1\]:$LPORT\$" "$tmp/v6.err" ||
	     why "$(tail -2 "$tmp/v6.err")"'
	stop_server "$SERVER_PID" 10
fi

stop_server "$PID" 10
STATUS=$STOP_RC BODY=$(tail -3 "$tmp/k.err")
RC=$STATUS OUT=$BODY CMD="kill -TERM kinerjad"
check "kinerjad stops cleanly" 'status_is 0'

finish
