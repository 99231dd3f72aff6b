#!/bin/bash
# test_http.sh - end-to-end test of the HTTP/JSON gateway (kinerjad --http)
# with curl against a real kinerjad holding the Batu Bara demo: writes and
# reads in JSON, answers compared with those of the nng path (the kinerja
# CLI) for the same data, and the refusals: malformed JSON, wrong types,
# unknown fields and methods, oversized bodies, a request that would pack
# over --max-message; and, with --auth, bodies refused on their headers
# (no token, a bad one, a role that may not) before they are read, and
# too many items refused before a JSON tree is built. HTTP listens on
# 127.0.0.1 on a port the kernel picks; nng on an ipc:// socket in a
# temporary directory.
#
#   test_http.sh KINERJAD KINERJA DATA_DIR
#
# Needs bash, coreutils, grep, sed, awk and curl.
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 KINERJAD KINERJA DATA_DIR" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
DATA=$3
command -v curl >/dev/null || { echo "$0: needs curl" >&2; exit 2; }

. "$(dirname "$0")/harness.sh"

STATUS=
BODY=
HDRS=

# post METHOD JSON [CURL ARGS...]: POST /v1/METHOD; keeps status, headers
# and body for the checks that follow.
post() {
	local m=$1 json=$2
	shift 2
	printf '%s' "$json" >"$tmp/.req"
	call -X POST --data-binary @"$tmp/.req" \
	    -H 'Content-Type: application/json' "$@" "$BASE/v1/$m"
}

# call CURL ARGS...: any request.
call() {
	CMD="curl $*"
	STATUS=$(curl -s -S -o "$tmp/.body" -D "$tmp/.hdrs" \
	    -w '%{http_code}' --max-time 20 "$@" 2>"$tmp/.err")
	BODY=$(cat "$tmp/.body")
	HDRS=$(tr -d '\r' <"$tmp/.hdrs")
	RC=$STATUS OUT=$BODY ERR=$HDRS ELAPSED_MS=0
}

status_is() {
	[ "$STATUS" = "$1" ] || why "expected HTTP $1, got $STATUS"
}

body_has() {
	printf '%s' "$BODY" | grep -qF -- "$1" || why "body lacks: $1"
}

body_lacks() {
	! printf '%s' "$BODY" | grep -qF -- "$1" || why "body has: $1"
}

header_has() {
	printf '%s\n' "$HDRS" | grep -qiF -- "$1" || why "headers lack: $1"
}

# The numbers of every "KEY": in a JSON text, rounded to 2 decimals, one a
# line: how two answers are compared when one writes 71 and the other
# 71.00.
numbers() {
	grep -o "\"$1\":-\?[0-9.]*" | cut -d: -f2 | awk '{ printf "%.2f\n", $1 }'
}

# same KEY HTTP_JSON CLI_JSON: the same numbers, in the same order, and
# at least one.
same() {
	local a b
	a=$(printf '%s' "$2" | numbers "$1")
	b=$(printf '%s' "$3" | numbers "$1")
	[ -n "$a" ] || why "no \"$1\" in the HTTP answer"
	[ "$a" = "$b" ] || why "\"$1\" differs: HTTP $(echo $a) vs nng $(echo $b)"
}

# ------------------------------------------------------------ server

"$KINERJAD" --db "$tmp/k.db" --demo --listen "ipc://$tmp/k.sock" \
    --http 127.0.0.1:0 --max-message 65536 --log-level warn \
    2>"$tmp/kinerjad.log" &
PID=$!
port=
for _ in $(seq 100); do
	port=$(sed -n 's/^kinerjad: HTTP on port \([0-9]*\)$/\1/p' \
	    "$tmp/kinerjad.log")
	[ -n "$port" ] && break
	kill -0 "$PID" 2>/dev/null || break
	sleep 0.1
done
if [ -z "$port" ]; then
	echo "Bail out! kinerjad --http did not start"
	sed 's/^/#   /' "$tmp/kinerjad.log"
	exit 1
fi
BASE=http://127.0.0.1:$port
cli() {
	"$KINERJA" --url "ipc://$tmp/k.sock" --format json "$@" 2>&1
}

# ------------------------------------------------------------ health

call "$BASE/healthz"
check "GET /healthz answers 200 SERVING" \
    'status_is 200 && body_has "{\"status\":\"SERVING\",\"reason\":\"\"}" &&
     header_has "Content-Type: application/json"'

post Health ''
check "an empty body is the empty request" \
    'status_is 200 && body_has "SERVING"'

# ------------------------------------------------------------ writes

post UpsertUnits '{"units": [
  {"code": "dinas-pupr", "name": "Dinas PUPR", "parent": "batubara",
   "level": "LEVEL_OPD"},
  {"code": "dinas-kominfo", "name": "Dinas Kominfo", "parent": "batubara",
   "level": 4}]}'
check "UpsertUnits creates two units" \
    'status_is 200 && body_has "\"created\":2" &&
     body_has "\"replayed\":false"'

post UpsertIndicators '{"indicators": [
  {"code": "JALAN", "name": "Persentase jalan kabupaten mantap",
   "satuan": "%", "polarity": "POLARITY_MAXIMIZE",
   "value_type": "VALUE_TYPE_NUMBER"},
  {"code": "GENANGAN", "name": "Luas genangan banjir", "satuan": "Ha",
   "polarity": "POLARITY_MINIMIZE"}]}'
check "UpsertIndicators creates two indicators" \
    'status_is 200 && body_has "\"created\":2"'

post UpsertSasaran '{"links": [
  {"unit": "dinas-pupr", "sasaran": "Meningkatnya kemantapan jalan",
   "indicator": "JALAN", "tujuan": "Infrastruktur yang andal"},
  {"unit": "dinas-pupr", "sasaran": "Berkurangnya genangan banjir",
   "indicator": "GENANGAN", "tujuan": "Infrastruktur yang andal"}]}'
check "UpsertSasaran links both indicators" \
    'status_is 200 && body_has "\"created\":2"'

values='{"values": [
  {"unit": "dinas-pupr", "indicator": "JALAN", "year": 2024,
   "kind": "VALUE_KIND_TARGET", "value": 80},
  {"unit": "dinas-pupr", "indicator": "JALAN", "year": "2024",
   "kind": "VALUE_KIND_REALISASI", "value": 76.5},
  {"unit": "dinas-pupr", "indicator": "GENANGAN", "year": 2024,
   "kind": "VALUE_KIND_TARGET", "value": 120},
  {"unit": "dinas-pupr", "indicator": "GENANGAN", "year": 2024,
   "kind": "VALUE_KIND_REALISASI", "value": 90}]}'
post SubmitIndicatorData "$values" -H 'X-Request-Id: http-test-1'
check "SubmitIndicatorData stores four values and echoes the request id" \
    'status_is 200 && body_has "\"created\":4" &&
     header_has "X-Request-Id: http-test-1"'

post SubmitIndicatorData "$values" -H 'X-Request-Id: http-test-1'
check "resending with the same X-Request-Id replays" \
    'status_is 200 && body_has "\"replayed\":true"'

# ------------------------------------------------------------ reads

post GetCapaian '{"unit": "dinas-pupr", "year": 2024}'
http=$BODY
nng=$(cli capaian --unit dinas-pupr --year 2024)
check "GetCapaian over HTTP: the figures of the nng path" \
    'status_is 200 && same capaian "$http" "$nng" &&
     same target "$http" "$nng" && same realisasi "$http" "$nng"'
# One JSON mapping (proto/json_pb.c) behind both, printed by the same
# writer: the CLI's --format json is byte for byte the gateway's answer.
check "kinerja --format json capaian is the JSON of POST /v1/GetCapaian" \
    '[ "$http" = "$nng" ] || why "the CLI printed: $nng"'
# 76.5 / 80 = 95.625 %, rounded half away from zero.
check "GetCapaian: JALAN capaian is 95.63" 'body_has "\"capaian\":95.63"'
check "GetCapaian: enums by name, level of the unit" \
    'body_has "\"polarity\":\"POLARITY_MINIMIZE\"" &&
     body_has "\"level\":\"LEVEL_OPD\""'

post GetCapaian '{"unit": "tanjung-tiram", "year": 2023}'
http=$BODY
nng=$(cli capaian --unit tanjung-tiram --year 2023)
check "GetCapaian of the demo data: the figures of the nng path" \
    'status_is 200 && same capaian "$http" "$nng" &&
     same target "$http" "$nng" && same realisasi "$http" "$nng"'

post GetCapaian '{"unit": "tanjung-tiram", "year": 2023,
  "predikat_rule": "PREDIKAT_RULE_MID"}'
http=$BODY
nng=$(cli capaian --unit tanjung-tiram --year 2023 --predikat-rule mid)
check "GetCapaian with a predikat rule by name: as the nng path" \
    'status_is 200 && same capaian "$http" "$nng" &&
     { [ "$http" = "$nng" ] || why "the CLI printed: $nng"; }'

# same_reply METHOD JSON COMMAND...: the CLI's --format json of COMMAND is
# the gateway's answer to POST /v1/METHOD with JSON, byte for byte.
same_reply() {
	local m=$1 json=$2
	shift 2
	post "$m" "$json"
	http=$BODY
	nng=$(cli "$@")
	check "kinerja --format json $1 is the JSON of POST /v1/$m" \
	    'status_is 200 && { [ "$http" = "$nng" ] ||
	        why "the CLI printed: $nng"; }'
}
same_reply GetCapaian '{"unit": "tanjung-tiram", "year": 2021}' \
    capaian --unit tanjung-tiram --year 2021
same_reply GetBudget '{"unit": "medang-deras", "year": 2025}' \
    budget --unit medang-deras --year 2025
same_reply GetRanking '{"year": 2025, "indicator": "IKM"}' \
    ranking --year 2025 --indicator IKM
same_reply GetTrend '{"unit": "medang-deras", "indicator": "IKM"}' \
    trend --unit medang-deras --indicator IKM
same_reply GetSurvey '{"unit": "sei-balai", "year": 2024}' \
    survey --unit sei-balai --year 2024
same_reply ListUnits '{}' units

post GetCapaian '{"unit": "tanjung-tiram", "year": 2023}' \
    -H 'Transfer-Encoding: chunked'
check "a chunked body is read" \
    'status_is 200 && body_has "\"code\":\"tanjung-tiram\""'

post ServerInfo '{}'
check "ServerInfo: uint64 as a string" \
    'status_is 200 && printf "%s" "$BODY" |
     grep -q "\"uptime_seconds\":\"[0-9]*\""'

# ------------------------------------------------------------ refusals

units_before=$(cli units | grep -o '"code"' | wc -l)
post UpsertUnits '{"units": [{"code": "baru", "name": "Baru"}'
check "malformed JSON: 400 INVALID_ARGUMENT" \
    'status_is 400 && body_has "\"code\":3" &&
     body_has "malformed JSON" && body_has "\"details\":[]"'
post UpsertUnits '{"units": []} {"units": []}'
check "text after the JSON: 400" \
    'status_is 400 && body_has "text after the JSON"'
units_after=$(cli units | grep -o '"code"' | wc -l)
check "malformed JSON changed nothing" \
    '[ "$units_before" = "$units_after" ] ||
     why "units: $units_before before, $units_after after"'

post SubmitIndicatorData '{"values": [
  {"unit": "dinas-kominfo", "indicator": "JALAN", "year": 2024,
   "kind": "VALUE_KIND_TARGET", "value": 50},
  {"unit": "dinas-kominfo", "indicator": "JALAN", "year": "dua ribu",
   "kind": "VALUE_KIND_REALISASI", "value": 40}]}'
check "a wrong type: 400 naming the item and field" \
    'status_is 400 &&
     body_has "values[1].year: \\\"dua ribu\\\" is not an integer"'

post SubmitIndicatorData '{"values": [
  {"unit": "dinas-kominfo", "indicator": "JALAN", "year": 2024,
   "kind": "VALUE_KIND_TARGET", "valeu": 50}]}'
check "an unknown field: 400 naming it" \
    'status_is 400 &&
     body_has "values[0].valeu: unknown field of kinerja.IndicatorValue"'

post SubmitIndicatorData '{"values": [
  {"unit": "dinas-kominfo", "indicator": "JALAN", "year": 2024,
   "kind": "VALUE_KIND_PLAN", "value": 50}]}'
check "an unknown enum name: 400 naming it" \
    'status_is 400 &&
     body_has "values[0].kind: \\\"VALUE_KIND_PLAN\\\" is not a kinerja.ValueKind"'

post GetCapaian '{"unit": "dinas-kominfo", "year": 2024}'
check "the refused writes changed nothing" \
    'status_is 200 && body_has "\"indicators\":[]"'

post SubmitIndicatorData '{"values": [
  {"unit": "nowhere", "indicator": "JALAN", "year": 2024,
   "kind": "VALUE_KIND_TARGET", "value": 50}]}'
check "a rejected item: the service's status, details in JSON mapping" \
    'status_is 404 && body_has "\"code\":5" &&
     body_has "\"details\":[{\"@type\":\"type.googleapis.com/kinerja.FieldError\",\"index\":0,\"field\":\"unit\",\"code\":\"NOT_FOUND\""'

post GetCapaian '{"unit": "nowhere", "year": 2024}'
check "NOT_FOUND is 404" 'status_is 404 && body_has "\"code\":5"'

post GetRanking '{"year": 2023, "measure": "RANK_MEASURE_CAPAIAN"}'
check "INVALID_ARGUMENT from the service is 400" \
    'status_is 400 && body_has "\"code\":3"'

post NoSuchMethod '{}'
check "an unknown method: 404" \
    'status_is 404 && body_has "no RPC \\\"NoSuchMethod\\\" in kinerja.Kinerja"'

head -c 70000 /dev/zero | tr '\0' ' ' >"$tmp/big"
call -X POST --data-binary @"$tmp/big" "$BASE/v1/UpsertUnits"
check "a body over --max-message: 413 before it is read" \
    'status_is 413 && body_has "\"code\":8" &&
     body_has "70000 bytes exceeds the limit of 65536" &&
     header_has "Connection: close"'

call "$BASE/v1/Health"
check "GET on an RPC: 405" 'status_is 405'

# 1 300 units take kinerjad a few milliseconds to write (more under ASan):
# a 1 ms deadline passes first, and the transaction is rolled back.
awk 'BEGIN { printf "{\"units\": ["
	for (i = 0; i < 1300; i++)
		printf "%s{\"code\":\"late-%04d\",\"name\":\"L\",\"level\":4}", i ? "," : "", i
	printf "]}" }' >"$tmp/late.json"
call -X POST --data-binary @"$tmp/late.json" -H 'X-Timeout-Ms: 1' \
    "$BASE/v1/UpsertUnits"
check "a passed deadline: 504 DEADLINE_EXCEEDED" \
    'status_is 504 && body_has "\"code\":4"'
post ListUnits '{}'
check "the late batch wrote nothing" 'status_is 200 && body_lacks "late-0"'

post Health '{}' -H 'X-Timeout-Ms: soon'
check "a bad X-Timeout-Ms: 400" 'status_is 400 && body_has "X-Timeout-Ms"'

post Health '{}' -H 'X-Timeout-Ms: 5000'
check "a good X-Timeout-Ms is taken" 'status_is 200'

post Health '{}' -H 'Authorization: Basic dXNlcjpwYXNz'
check "Authorization other than Bearer: 401" \
    'status_is 401 && body_has "\"code\":16"'

post Health '{}' -H 'Authorization: Bearer not-checked-yet'
check "a Bearer token is forwarded (accepted while auth is off)" \
    'status_is 200'

# The protobuf built from a body may not exceed --max-message: 30 000
# zeros of a repeated double are 60 kB of JSON but 240 kB packed.
awk 'BEGIN { printf "{\"unit\": \"batubara\", \"year\": 2024, \"unsur_means\": ["
	for (i = 0; i < 30000; i++)
		printf "%s0", i ? "," : ""
	printf "]}" }' >"$tmp/zeros.json"
call -X POST --data-binary @"$tmp/zeros.json" -H 'X-Timeout-Ms: 3000' \
    "$BASE/v1/SubmitSurvey"
check "a body whose request would exceed --max-message: 413" \
    'status_is 413 && body_has "\"code\":8" &&
     body_has "exceeds the limit of 65536 (--max-message)"'

# ------------------------------------------------------------ stop

stop_server "$PID" 10
STATUS=$STOP_RC BODY=$(tail -5 "$tmp/kinerjad.log")
RC=$STATUS OUT=$BODY CMD="kill -TERM kinerjad"
check "kinerjad with --http stops cleanly on SIGTERM" 'status_is 0'

# Without auth, HTTP is for this host only, like the nng listener.
"$KINERJAD" --db "$tmp/k.db" --listen "ipc://$tmp/k2.sock" \
    --http 0.0.0.0:0 >/dev/null 2>"$tmp/remote.log"
STATUS=$? BODY=$(cat "$tmp/remote.log")
RC=$STATUS OUT=$BODY CMD="kinerjad --http 0.0.0.0:0"
check "--http on a non-loopback address is refused" \
    '{ [ "$STATUS" -ne 0 ] || why "exit status 0"; } &&
     body_has "not a loopback address"'

# ------------------------------------------------ bounded before auth

# peak_kb PID: the most memory kinerjad has held so far (VmHWM).
peak_kb() {
	sed -n 's/^VmHWM:[^0-9]*\([0-9]*\) kB$/\1/p' "/proc/$1/status"
}

# bounded START_KB LIMIT_MS: the answer came within LIMIT_MS and kinerjad's
# peak memory grew by less than 64 MB while it was made.
bounded() {
	local grown=$(( $(peak_kb "$APID") - $1 ))
	[ "$grown" -lt 65536 ] || why "kinerjad's peak grew by $grown kB"
	[ "$ELAPSED" -lt "$2" ] || why "answered in $ELAPSED ms"
}

timed() {
	local start=$(date +%s%N)
	call "$@"
	ELAPSED=$(( ($(date +%s%N) - start) / 1000000 ))
}

ADB=$tmp/auth.db
ADMIN=$("$KINERJAD" token create --role admin --name adm --db "$ADB" 2>/dev/null)
VIEWER=$("$KINERJAD" token create --role viewer --name vw --db "$ADB" 2>/dev/null)
"$KINERJAD" --db "$ADB" --auth --listen "ipc://$tmp/a.sock" \
    --http 127.0.0.1:0 --max-message 20000000 --max-batch 1000 \
    --log-level warn 2>"$tmp/auth.log" &
APID=$!
PIDS+=("$APID")
aport=
for _ in $(seq 100); do
	aport=$(sed -n 's/^kinerjad: HTTP on port \([0-9]*\)$/\1/p' \
	    "$tmp/auth.log")
	[ -n "$aport" ] && break
	sleep 0.1
done
ABASE=http://127.0.0.1:$aport

# 16.5 MB of {"values":[{},{},...]}: 1.2 GB of JSON tree if parsed.
{ printf '{"values":['; yes '{},' | head -n 5500000 | tr -d '\n'
  printf '{}]}'; } >"$tmp/huge.json"

hwm=$(peak_kb "$APID")
timed -X POST --data-binary @"$tmp/huge.json" "$ABASE/v1/SubmitIndicatorData"
check "16 MB without a token: 401 before the body is read, memory bounded" \
    'status_is 401 && body_has "\"code\":16" &&
     body_has "a token is required" && bounded "$hwm" 2000'

# A client that sends its body without waiting for 100 Continue still
# reads the answer: the body is dropped as it comes, not kept.
timed -X POST --data-binary @"$tmp/huge.json" -H 'Expect:' \
    "$ABASE/v1/SubmitIndicatorData"
check "16 MB sent at once without a token: 401 read, body dropped" \
    'status_is 401 && body_has "a token is required" && bounded "$hwm" 2000'

timed -X POST --data-binary @"$tmp/huge.json" \
    -H "Authorization: Bearer kin_1_forged" "$ABASE/v1/SubmitIndicatorData"
check "16 MB with a forged token: 401 before the body is read" \
    'status_is 401 && body_has "unknown token" && bounded "$hwm" 2000'

timed -X POST --data-binary @"$tmp/huge.json" \
    -H "Authorization: Bearer $VIEWER" "$ABASE/v1/SubmitIndicatorData"
check "16 MB from a role that may not write: 403 before the body is read" \
    'status_is 403 && body_has "\"code\":7" && bounded "$hwm" 2000'

timed -X POST --data-binary @"$tmp/huge.json" \
    -H "Authorization: Bearer $ADMIN" "$ABASE/v1/SubmitIndicatorData"
check "5.5 million items: 413 naming the limit, without a tree of them" \
    'status_is 413 && body_has "\"code\":8" &&
     body_has "values: more than 1000 items; at most 1000 per request" &&
     bounded "$hwm" 5000'

timed "$ABASE/healthz"
check "/healthz needs no token" 'status_is 200 && body_has "SERVING"'

stop_server "$APID" 10
STATUS=$STOP_RC BODY=$(tail -5 "$tmp/auth.log")
RC=$STATUS OUT=$BODY CMD="kill -TERM kinerjad --auth"
check "kinerjad --auth --http stops cleanly on SIGTERM" 'status_is 0'

finish
