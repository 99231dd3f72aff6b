#!/bin/bash
# test_interop.sh - kinerjad's replies read by strict readers that are not
# ours. Over nng: Google's protobuf runtime (python3-protobuf, on Python
# that protoc generates from kinerja.proto), which refuses a string that is
# not UTF-8, reads the replies to hostile requests (NUL, broken UTF-8 in
# payloads and envelopes) and every request and reply of the test_rpc_*
# groups (test_rpc_all runs them all here with KINERJA_TEST_REPLY_DIR, and
# their fixture writes each pair). Over HTTP: curl sends NUL escapes, lone
# surrogates and broken UTF-8, and each body must be JSON in strict UTF-8.
# Servers listen on ipc:// in a temporary directory and 127.0.0.1 on a
# port the kernel picks.
#
#   test_interop.sh KINERJAD KINERJA NNG_SEND TEST_RPC PROTO
#
# Needs bash, curl, protoc (protobuf-compiler) and /usr/bin/python3 with
# python3-protobuf: scripts/deps.sh installs them.
set -u

if [ $# -ne 5 ]; then
	echo "usage: $0 KINERJAD KINERJA NNG_SEND TEST_RPC PROTO" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
NNG_SEND=$3
TEST_RPC=$4
PROTO=$5
# Debian's interpreter, where python3-protobuf is, whatever PATH says.
PY=/usr/bin/python3
INTEROP=$(dirname "$0")/interop.py
if ! command -v protoc >/dev/null || ! command -v curl >/dev/null ||
    ! "$PY" -c 'import google.protobuf' 2>/dev/null; then
	echo "Bail out! needs protoc, curl and python3-protobuf (scripts/deps.sh)"
	exit 1
fi

. "$(dirname "$0")/harness.sh"

# ------------------------------------------------------------ protobuf

mkdir "$tmp/py"
run protoc --python_out="$tmp/py" -I "$(dirname "$PROTO")" "$PROTO"
check "protoc generates Python for kinerja.proto" 'rc_is 0'
run "$PY" "$INTEROP" selftest "$tmp/py"
check "python3-protobuf refuses broken UTF-8 (so the rest means it)" \
    'rc_is 0'

URL="ipc://$tmp/k.sock"
start_server main --db "$tmp/k.db" --demo --listen "$URL" \
    --http 127.0.0.1:0 --log-level warn
RC=$? OUT=$(cat "$tmp/main.out") ERR=$(cat "$tmp/main.err")
CMD="kinerjad --demo --http 127.0.0.1:0"
PORT=$(http_port main)
check "kinerjad serves nng and HTTP" \
    'rc_is 0 && { [ -n "$PORT" ] || why "no port in the log"; }'

run "$PY" "$INTEROP" nng "$tmp/py" "$NNG_SEND" "$URL"
check "hostile requests over nng: refused naming the field, replies strict" \
    'rc_is 0'

# Under ASan, nng's reaper may still hold the socket group's sockets at
# exit (LeakSanitizer calls them leaks); each group's own ctest run checks
# for leaks.
mkdir "$tmp/replies"
KINERJA_TEST_REPLY_DIR=$tmp/replies \
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
    run "$TEST_RPC"
# Only what went wrong, should anything.
OUT=$(printf '%s\n' "$OUT" | grep -v -e '^\[ RUN' -e '^\[       OK')
check "the test_rpc groups pass, their requests and replies written" 'rc_is 0'
run "$PY" "$INTEROP" dir "$tmp/py" "$tmp/replies"
check "every reply the test_rpc groups got parses strictly" 'rc_is 0'

# ---------------------------------------------------------------- HTTP

# post METHOD BODY [CURL ARGS...]: RC is the HTTP status, OUT the body,
# ERR what the strict JSON reader said of it.
post() {
	local m=$1
	printf '%s' "$2" >"$tmp/.req"
	shift 2
	CMD="POST /v1/$m $(cat "$tmp/.req")"
	RC=$(curl -s -o "$tmp/.body" -w '%{http_code}' --max-time 20 \
	    -H 'Content-Type: application/json' --data-binary @"$tmp/.req" \
	    "$@" "http://127.0.0.1:$PORT/v1/$m")
	OUT=$(cat "$tmp/.body")
	ERR=$("$PY" "$INTEROP" json "$tmp/.body")
	STRICT=$?
}

strict_json() {
	[ "$STRICT" -eq 0 ] || why "the body is not strict UTF-8 JSON"
}

post GetCapaian '{"unit":"tanjung-tiram","year":2025}'
BEFORE=$OUT
check "HTTP: GetCapaian of tanjung-tiram" 'rc_is 200 && strict_json'

post SubmitIndicatorData '{"values":[{"unit":"tanjung-tiram\u0000-x","indicator":"IKM","year":2025,"kind":"VALUE_KIND_REALISASI","value":10}]}'
check "HTTP: \\u0000 in a unit is refused naming it, not cut" \
    'rc_is 400 && strict_json && out_has "values[0].unit: contains a NUL byte"'
post GetCapaian '{"unit":"tanjung-tiram","year":2025}'
check "HTTP: ... and nothing was written" \
    'rc_is 200 && { [ "$OUT" = "$BEFORE" ] || why "GetCapaian changed"; }'

post UpsertUnits '{"units":[{"code":"aceh\u0000x","name":"Aceh"}]}'
check "HTTP: \\u0000 in a unit code" \
    'rc_is 400 && strict_json && out_has "units[0].code: contains a NUL byte"'
post UpsertUnits '{"units":[{"code":"aceh","name":"Aceh \ud800"}]}'
check "HTTP: a lone surrogate escape is refused naming the field" \
    'rc_is 400 && strict_json && out_has "units[0].name: not valid UTF-8"'
post UpsertUnits '{"units":[{"code":"aceh","name":"Aceh \udc00\u0041"}]}'
check "HTTP: a lone low surrogate escape" \
    'rc_is 400 && strict_json && out_has "units[0].name: not valid UTF-8"'
post UpsertUnits $'{"units":[{"code":"aceh","name":"Aceh \xed\xa0\x80"}]}'
check "HTTP: a raw surrogate" \
    'rc_is 400 && strict_json && out_has "units[0].name: not valid UTF-8"'
post UpsertUnits $'{"units":[{"code":"aceh","name":"Aceh \xc0\xaf"}]}'
check "HTTP: an overlong form" \
    'rc_is 400 && strict_json && out_has "units[0].name: not valid UTF-8"'
post UpsertUnits $'{"units":[{"code":"aceh","name":"Aceh \xf4\x90\x80\x80"}]}'
check "HTTP: a code point past U+10FFFF" \
    'rc_is 400 && strict_json && out_has "units[0].name: not valid UTF-8"'
post UpsertUnits '{"units":[{"code\u0000":"aceh","name":"Aceh"}]}'
check "HTTP: \\u0000 in a field name: unknown field, quoted" \
    'rc_is 400 && strict_json && out_has "unknown field"'
# nng's HTTP server closes the connection on a header byte past ASCII:
# broken UTF-8 in X-Request-Id never reaches the gateway.
post UpsertUnits '{"units":[{"code":"aceh","name":"Aceh"}]}' \
    -H $'X-Request-Id: id-\xff\xfe'
check "HTTP: a header with bytes past ASCII is not served" \
    '{ [ "$RC" != 200 ] || why "served"; }'
post Health '{}' -H 'X-Timeout-Ms: 12"x\'
WANT='X-Timeout-Ms: \"12\\\"x\\\\\"' # "12\"x\\", as JSON writes it
check "HTTP: X-Timeout-Ms quoted back escaped" \
    'rc_is 400 && strict_json && out_has "$WANT"'
WANT='\"\\x1b[31m' # the quoted unit, as JSON writes it
post GetCapaian "{\"unit\":\"\\u001b[31m$(printf '\xe2\x82\xac%.0s' $(seq 70))\",\"year\":2025}"
check "HTTP: caller text in a message is escaped and cut whole" \
    'rc_fails && strict_json && out_has "$WANT" && out_has "\"..."'
post ListUnits '{}'
check "HTTP: no refused unit was written" \
    'rc_is 200 && strict_json && out_has "tanjung-tiram" && out_lacks "aceh"'

finish
