#!/bin/bash
# test_http_tls.sh - the gateway over HTTPS (kinerjad --http with
# --tls-cert/--tls-key, and --tls-ca requiring client certificates), with
# curl and certificates made here by openssl: the same answers as over nng,
# 100 Continue, chunked bodies and keep-alive through TLS, client
# certificates checked (none, another CA's), and the hostile-input bounds
# under TLS: auth before the body is read (memory bounded), the body limit,
# a connection that never finishes its handshake closed at --http-timeout,
# and the connection cap.
#
#   test_http_tls.sh KINERJAD KINERJA
#
# Needs bash, coreutils, grep, sed, openssl and curl.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 KINERJAD KINERJA" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
for c in curl openssl; do
	command -v $c >/dev/null || { echo "$0: needs $c" >&2; exit 2; }
done

. "$(dirname "$0")/harness.sh"

LIMIT_MS=700
[ -n "${KINERJA_SANITIZE:-}" ] && LIMIT_MS=1500

# req CURL ARGS...: STATUS (000: no HTTP answer), BODY, VERBOSE, MS.
req() {
	local w
	w=$(curl -s -v -o "$tmp/.body" --max-time 20 \
	    -w '%{http_code} %{time_total}' "$@" 2>"$tmp/.verbose")
	CURL_RC=$?
	STATUS=${w%% *}
	MS=$(echo "$w" | awk '{ printf "%d", $2 * 1000 }')
	BODY=$(cat "$tmp/.body" 2>/dev/null)
	VERBOSE=$(cat "$tmp/.verbose")
	RC=$STATUS OUT=$BODY ERR=$VERBOSE ELAPSED_MS=$MS CMD="curl $*"
}

status_is() {
	[ "$STATUS" = "$1" ] || why "expected HTTP $1, got $STATUS"
}

body_has() {
	printf '%s' "$BODY" | grep -qF -- "$1" || why "body lacks: $1"
}

peak_kb() {
	sed -n 's/^VmHWM:[^0-9]*\([0-9]*\) kB$/\1/p' "/proc/$1/status"
}

# ------------------------------------------------------------ certificates

cd "$tmp" || exit 1
run make_pki
check "a test CA, server and client certificates (openssl)" 'rc_is 0'
cd - >/dev/null || exit 1
CA=(--cacert "$tmp/ca.pem")
ME=(--cacert "$tmp/ca.pem" --cert "$tmp/cli.crt" --key "$tmp/cli.key")

# ------------------------------------------------ HTTPS, no client CA

start_http k --db "$tmp/k.db" --demo --listen "ipc://$tmp/k.sock" \
    --http 127.0.0.1:0 --max-message 8388608 --tls-cert "$tmp/srv.pem" \
    --tls-key "$tmp/srv.key" --log-level warn
PID=$SERVER_PID
BASE=https://127.0.0.1:$PORT
RC=0 OUT= ERR=$(cat "$tmp/k.err") CMD="kinerjad --http --tls-cert"
check "kinerjad says it serves HTTPS" 'err_has "kinerjad: HTTPS on port $PORT"'

req "${CA[@]}" "$BASE/healthz"
check "--http with --tls-cert serves HTTPS, verified against the CA" \
    'status_is 200 && body_has SERVING'

req "$BASE/healthz"
check "a client without the CA refuses the certificate" \
    '[ "$CURL_RC" = 60 ] || why "curl exit $CURL_RC"'

req "http://127.0.0.1:$PORT/healthz"
check "plain HTTP on the HTTPS port gets no answer" 'status_is 000'

req "${CA[@]}" -X POST -d '{"unit": "tanjung-tiram", "year": 2023}' \
    "$BASE/v1/GetCapaian"
nng=$("$KINERJA" --url "ipc://$tmp/k.sock" --format json capaian \
    --unit tanjung-tiram --year 2023 2>&1)
check "GetCapaian over HTTPS is the CLI's JSON over nng" \
    'status_is 200 && { [ "$BODY" = "$nng" ] || why "CLI: $nng"; }'
small=$BODY

{ printf '{"unit": "tanjung-tiram", "year": 2023'
  head -c 2097152 /dev/zero | tr '\0' ' '; printf '}'; } >"$tmp/big.json"
req "${CA[@]}" -X POST --data-binary @"$tmp/big.json" "$BASE/v1/GetCapaian"
check "2 MiB over HTTPS: 100 Continue at once" \
    'status_is 200 && [ "$BODY" = "$small" ] &&
     { printf "%s" "$VERBOSE" | grep -q "^< HTTP/1.1 100 Continue" ||
       why "no 100 Continue"; } && faster_than $LIMIT_MS'
req "${CA[@]}" -X POST -H 'Transfer-Encoding: chunked' \
    --data-binary @"$tmp/big.json" "$BASE/v1/GetCapaian"
check "2 MiB chunked over HTTPS" \
    'status_is 200 && [ "$BODY" = "$small" ] && faster_than $LIMIT_MS'
req "${CA[@]}" "$BASE/healthz" "$BASE/healthz"
check "keep-alive over HTTPS" \
    'status_is 200 && printf "%s" "$VERBOSE" |
     grep -q "Re-using existing connection"'
stop_server "$PID" 10

run "$KINERJAD" --db "$tmp/x.db" --listen "ipc://$tmp/x.sock" \
    --http 127.0.0.1:0 --tls-cert "$tmp/srv.pem"
check "--tls-cert without --tls-key: a clear error" \
    'rc_fails && err_has "needs --tls-cert and --tls-key"'
run "$KINERJAD" --db "$tmp/x.db" --listen "ipc://$tmp/x.sock" \
    --http 127.0.0.1:0 --tls-ca "$tmp/ca.pem"
check "--tls-ca alone does not leave HTTP plain: a clear error" \
    'rc_fails && err_has "needs --tls-cert and --tls-key"'
run "$KINERJAD" --db "$tmp/x.db" --listen "ipc://$tmp/x.sock" \
    --http 0.0.0.0:0 --tls-cert "$tmp/srv.pem" --tls-key "$tmp/srv.key"
check "HTTPS beyond loopback still needs --auth" \
    'rc_fails && err_has "not a loopback address"'

# ------------------------------------------------ client CA, auth, bounds

ADB=$tmp/auth.db
ADMIN=$("$KINERJAD" token create --role admin --name adm --db "$ADB" 2>/dev/null)
start_http a --db "$ADB" --auth --listen "ipc://$tmp/a.sock" \
    --http 127.0.0.1:0 --tls-cert "$tmp/srv.pem" --tls-key "$tmp/srv.key" \
    --tls-ca "$tmp/ca.pem" --max-message 4194304 --max-batch 1000 \
    --http-timeout 1000 --http-max-connections 4 --log-level warn
APID=$SERVER_PID
aport=$PORT
ABASE=https://127.0.0.1:$aport
TOKEN=(-H "Authorization: Bearer $ADMIN")

req "${CA[@]}" "$ABASE/healthz"
check "--tls-ca: no client certificate, 401 in JSON" \
    'status_is 401 && body_has "\"code\":16" && body_has "--tls-ca"'
req "${CA[@]}" --cert "$tmp/rogue.crt" --key "$tmp/rogue.key" "$ABASE/healthz"
check "--tls-ca: a certificate of another CA, 401" \
    'status_is 401 && body_has "not accepted"'
req "${ME[@]}" "$ABASE/healthz" "$ABASE/healthz"
check "--tls-ca: a certificate the CA signed is served, kept alive" \
    'status_is 200 && body_has SERVING && printf "%s" "$VERBOSE" |
     grep -q "Re-using existing connection"'
sleep 0.2
check "the refused handshakes are logged with the client's address" \
    '[ "$(grep -cE " warn - UNAUTHENTICATED .* peer=http/127\.0\.0\.1:[0-9]+$" "$tmp/a.err")" = 2 ]'

# 16 MB of {"values":[{},{},...]}: a large JSON tree if parsed.
{ printf '{"values":['; yes '{},' | head -n 5500000 | tr -d '\n'
  printf '{}]}'; } >"$tmp/huge.json"
hwm=$(peak_kb "$APID")
req "${ME[@]}" -X POST --data-binary @"$tmp/huge.json" \
    "$ABASE/v1/SubmitIndicatorData"
grown=$(( $(peak_kb "$APID") - hwm ))
check "16 MB without a token over TLS: 401 before the body, memory bounded" \
    'status_is 401 && body_has "a token is required" &&
     { [ "$grown" -lt 65536 ] || why "peak grew by $grown kB"; } &&
     faster_than 3000'
req "${ME[@]}" "${TOKEN[@]}" -X POST --data-binary @"$tmp/huge.json" \
    "$ABASE/v1/SubmitIndicatorData"
check "16 MB with a token over TLS: 413 before the body (--max-message)" \
    'status_is 413 && body_has "exceeds the limit of 4194304" &&
     faster_than 3000'
{ printf '{"values":['; yes '{},' | head -n 1000 | tr -d '\n'
  printf '{}]}'; } >"$tmp/items.json"
req "${ME[@]}" "${TOKEN[@]}" -X POST --data-binary @"$tmp/items.json" \
    "$ABASE/v1/SubmitIndicatorData"
check "1001 items over TLS: 413 naming --max-batch" \
    'status_is 413 && body_has "more than 1000 items"'

# A client that opens TCP and never finishes the handshake (nothing, or
# the first bytes of a ClientHello) is closed at --http-timeout (1 s).
# silent_for BYTES: how long until kinerjad closes such a connection.
silent_for() {
	local start=$(date +%s%N)
	exec 3<>"/dev/tcp/127.0.0.1/$aport" || return 1
	printf "$1" >&3
	timeout 10 cat <&3 >/dev/null
	exec 3>&-
	ELAPSED_MS=$(( ($(date +%s%N) - start) / 1000000 ))
}
silent_for ''
check "a connection that sends nothing: closed at --http-timeout" \
    '[ "$ELAPSED_MS" -ge 800 ] && [ "$ELAPSED_MS" -lt 4000 ] ||
     why "closed after $ELAPSED_MS ms"'
silent_for '\x16\x03\x01\x02\x00\x01'
check "a ClientHello that stops halfway: closed at --http-timeout" \
    '[ "$ELAPSED_MS" -ge 800 ] && [ "$ELAPSED_MS" -lt 4000 ] ||
     why "closed after $ELAPSED_MS ms"'

# After a good handshake, headers or a body sent a byte every 200 ms are
# cut at --http-timeout too: the deadline is on what a connection is
# doing, not on its silence.
# trickle TEXT BYTE: TEXT, then BYTE every 200 ms over TLS (10 s at most);
# how long until kinerjad closes the connection.
trickle() {
	local start=$(date +%s%N)
	{ printf "$1"; for _ in $(seq 50); do printf "$2"; sleep 0.2; done; } |
	    timeout 12 openssl s_client -quiet -connect "127.0.0.1:$aport" \
	    -CAfile "$tmp/ca.pem" -cert "$tmp/cli.crt" -key "$tmp/cli.key" \
	    >/dev/null 2>&1
	ELAPSED_MS=$(( ($(date +%s%N) - start) / 1000000 ))
}
trickle 'GET /healthz HTTP/1.1\r\nHost: x\r\n' x
check "headers trickled over TLS: closed at --http-timeout" \
    '[ "$ELAPSED_MS" -ge 800 ] && [ "$ELAPSED_MS" -lt 4000 ] ||
     why "closed after $ELAPSED_MS ms"'
trickle "POST /v1/Health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer $ADMIN\r\nContent-Length: 100\r\n\r\n" ' '
check "a body trickled over TLS: closed at --http-timeout" \
    '[ "$ELAPSED_MS" -ge 800 ] && [ "$ELAPSED_MS" -lt 4000 ] ||
     why "closed after $ELAPSED_MS ms"'

# Four silent connections take --http-max-connections 4: a fifth client
# is served only once the sweeper has closed them.
for fd in 4 5 6 7; do
	eval "exec $fd<>/dev/tcp/127.0.0.1/$aport"
done
sleep 0.1
req "${ME[@]}" "$ABASE/healthz"
for fd in 4 5 6 7; do
	eval "exec $fd>&-"
done
check "at the connection cap a new client waits for the silent ones to go" \
    'status_is 200 && [ "$MS" -ge 500 ] ||
     why "served after $MS ms with the cap taken"'

stop_server "$APID" 10
STATUS=$STOP_RC BODY=$(tail -3 "$tmp/a.err")
RC=$STATUS OUT=$BODY CMD="kill -TERM kinerjad --tls-ca"
check "kinerjad with HTTPS stops cleanly" 'status_is 0'

finish
