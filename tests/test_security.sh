#!/bin/bash
# test_security.sh - tokens, roles, TLS, history and backup through the real
# binaries: kinerjad's token and backup commands, a kinerjad with --auth on
# ipc:// and tls+tcp://127.0.0.1, and the kinerja CLI. The TLS checks use a
# CA, server and client certificates made here with openssl. On
# PostgreSQL (KINERJA_TEST_DB) backup is refused, pointing to pg_dump, and
# the restore of a backup file is skipped.
#
#   test_security.sh KINERJAD KINERJA
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 KINERJAD KINERJA" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
. "$(dirname "$0")/harness.sh"

DB=$(db s)
URL="ipc://$tmp/s.sock"
K=("$KINERJA" --url "$URL")

# --------------------------------------------------- secure by default

run "$KINERJAD" --db "$DB" --listen tcp://0.0.0.0:7451
check "no --auth: kinerjad refuses a non-loopback listener" \
    'rc_is 2 && err_has "refusing to listen on tcp://0.0.0.0:7451 without --auth"'

run "$KINERJAD" --db "$DB" --listen tcp://192.0.2.10:7451 --listen "$URL"
check "no --auth: one exposed listener among local ones is refused too" \
    'rc_is 2 && err_has "refusing"'

run "$KINERJAD" --db "$DB" --listen tcp://127.0.0.1.evil.example:7451
check "no --auth: a host name that only looks like 127.x is refused" \
    'rc_is 2 && err_has "refusing"'

# ------------------------------------------------------------ tokens

run "$KINERJAD" token create --role admin --name pusat --db "$DB"
ADMIN=$OUT
check "token create prints the token once, on stdout" \
    'rc_is 0 && [[ "$OUT" =~ ^kin_[0-9]+_[A-Za-z0-9_-]{43}$ ]] && err_has "shown only now" ||
     why "token: $OUT"'

run "$KINERJAD" token create --role admin --name pusat --db "$DB"
check "token create: a taken name is refused" 'rc_is 1 && err_has "taken"'

run "$KINERJAD" token create --role submitter --db "$DB"
check "token create: a submitter needs --unit" 'rc_is 2 && err_has "at least one --unit"'

run "$KINERJAD" token create --role viewer --unit x --db "$DB"
check "token create: --unit is for submitters only" 'rc_is 2 && err_has "for submitters"'

run "$KINERJAD" token create --role boss --db "$DB"
check "token create: an unknown role is refused" 'rc_is 2 && err_has "admin, submitter, verifier or viewer"'

run "$KINERJAD" token create --role viewer --name inspektorat --db "$DB"
VIEWER=$OUT
check "token create: viewer" 'rc_is 0'

if on_pg; then
	run sh -c "pg_dump -n ${DB##*%3D} '$PG_URL' | grep -c -- '${ADMIN#kin_*_}'"
else
	run grep -c -- "${ADMIN#kin_*_}" "$DB"
fi
check "the database keeps no token secret" 'out_has 0'

start_server auth --db "$DB" --auth --demo --listen "$URL"
RC=$? OUT=$(cat "$tmp/auth.out") ERR=$(cat "$tmp/auth.err")
CMD="kinerjad --auth --demo"
check "kinerjad --auth --demo loads the demo with a token of its own" \
    'rc_is 0 && err_has "demo: loaded 538 rows" && err_lacks "authentication is off"'
[ "$RC" -eq 0 ] || finish
AUTH_PID=$SERVER_PID

run "$KINERJAD" token create --role submitter --unit tanjung-tiram \
    --name kec-tiram --db "$DB"
TIRAM=$OUT
check "token create: submitter bound to tanjung-tiram (server running)" 'rc_is 0'

run "$KINERJAD" token create --role submitter --unit nowhere --db "$DB"
check "token create: a unit that does not exist is refused" 'rc_is 2 && err_has "no such unit"'

run "$KINERJAD" token list --db "$DB"
check "token list: names, roles, units; the demo loader's token is revoked" \
    'rc_is 0 && out_has "pusat" && out_has "tanjung-tiram" &&
     printf "%s\n" "$OUT" | grep -q "demo-loader.*revoked" || why "no revoked demo-loader"'

# ------------------------------------------------------------ access

run "${K[@]}" units
check "no token: UNAUTHENTICATED" 'rc_is 1 && err_has "UNAUTHENTICATED: authorization: a token is required"'

run "${K[@]}" health
check "health needs no token (load balancers)" 'rc_is 0 && out_has SERVING'

run "${K[@]}" --token kin_1_forged units
check "a forged token: UNAUTHENTICATED" 'rc_is 1 && err_has "unknown token"'

run "${K[@]}" --token "$VIEWER" capaian --unit tanjung-tiram --year 2025
BEFORE=$OUT
check "viewer reads capaian" 'rc_is 0 && out_has "100,08"'

run env KINERJA_TOKEN="$VIEWER" "${K[@]}" units
check "KINERJA_TOKEN carries the token" 'rc_is 0 && out_has tanjung-tiram'

printf 'unit;indicator;year;kind;value\ntanjung-tiram;IKM;2025;target;91\n' >"$tmp/own.csv"
printf 'unit;indicator;year;kind;value\ntanjung-tiram;IKM;2025;target;95\nsei-suka;IKM;2025;target;95\n' >"$tmp/mixed.csv"

run "${K[@]}" --token "$VIEWER" import "$tmp/own.csv"
check "viewer may not import: PERMISSION_DENIED" 'rc_is 1 && err_has "PERMISSION_DENIED"'

run "${K[@]}" --token "$TIRAM" import "$tmp/mixed.csv"
check "submitter: another unit's row refuses the whole import, naming it" \
    'rc_is 1 && err_has "mixed.csv:3: unit: token \"kec-tiram\" (submitter) may not write unit \"sei-suka\"" &&
     err_has "nothing was written"'

printf 'unit;name;parent;level\nbaru;Kecamatan Baru;batubara;kecamatan\n' >"$tmp/units.csv"
run "${K[@]}" --token "$TIRAM" import "$tmp/units.csv"
check "submitter may not write units" 'rc_is 1 && err_has "may not write units"'

run "${K[@]}" --token "$VIEWER" capaian --unit tanjung-tiram --year 2025
check "refused writes changed nothing" '[ "$OUT" = "$BEFORE" ] || why "capaian changed"'

run "${K[@]}" --token "$TIRAM" --reason "PK perubahan" import "$tmp/own.csv"
check "submitter writes its own unit" 'rc_is 0 && out_has "1 updated"'

# ------------------------------------------------------------ history

run "${K[@]}" --token "$VIEWER" history --unit tanjung-tiram --indicator IKM --year 2025
check "history: the revised target with who, old, new and why" \
    'rc_is 0 && printf "%s\n" "$OUT" | grep -q "kec-tiram *target *IKM *2025 *value *90 *91 *PK perubahan" ||
     why "no revision row 90 -> 91 by kec-tiram"'

run "${K[@]}" --token "$VIEWER" --format json history --unit tanjung-tiram --indicator IKM --year 2025
check "history --format json: one GetHistoryReply of every page" \
    'rc_is 0 && json_valid && out_has "\"actor\":\"kec-tiram\"" &&
     out_has "\"old_value\":\"90\"" && out_has "\"new_value\":\"91\"" &&
     out_has "\"reason\":\"PK perubahan\"" && out_has "],\"more\":false}" &&
     { printf "%s\n" "$OUT" | sed "s/},{/}\n{/g" | grep -v old_value |
       grep -q new_value || why "no revision without an old value"; }'

run "${K[@]}" --token "$VIEWER" --format json history --unit tanjung-tiram --limit 2
check "history --format json --limit: 2 revisions and more" \
    'rc_is 0 && json_valid && count_of "{\"id\":" 2 && out_has "\"more\":true"'

run "${K[@]}" --token "$VIEWER" history --unit tanjung-tiram --limit 2
check "history --limit" 'rc_is 0 && [ "$(printf "%s\n" "$OUT" | wc -l)" -eq 3 ] || why "expected a header and 2 rows"'

run "${K[@]}" --token "$VIEWER" history
check "history without --unit or --indicator is a usage error" \
    'rc_is 2 && err_has "--unit or --indicator is required"'

# ------------------------------------------------------- revocation

run "$KINERJAD" token revoke kec-tiram --db "$DB"
check "token revoke" 'rc_is 0'

run "${K[@]}" --token "$TIRAM" units
check "a revoked token is refused at its next request" 'rc_is 1 && err_has "revoked"'

run "$KINERJAD" token revoke kec-tiram --db "$DB"
check "revoking twice says so" 'rc_is 1 && err_has "no valid token"'

# ------------------------------------------------- backup and restore

if on_pg; then
	run "$KINERJAD" backup "$tmp/backup.db" --db "$DB"
	check "backup on PostgreSQL: refused, pointing to pg_dump" \
	    'rc_is 1 && err_has "pg_dump" && [ ! -e "$tmp/backup.db" ]'
	sqlite_only "restore from a backup file" \
	    "kinerjad backup copies a SQLite file; PostgreSQL has pg_dump"
	stop_server "$AUTH_PID" 10
else
	run "$KINERJAD" backup "$tmp/backup.db" --db "$DB"
	check "backup while kinerjad serves" 'rc_is 0 && err_has "written to"'

	printf 'unit;indicator;year;kind;value\ntanjung-tiram;IKM;2025;target;93\n' >"$tmp/late.csv"
	run "${K[@]}" --token "$ADMIN" import "$tmp/late.csv"
	check "a write after the backup" 'rc_is 0'

	stop_server "$AUTH_PID" 10
	rm -f "$DB-wal" "$DB-shm"
	cp "$tmp/backup.db" "$DB"
	start_server restored --db "$DB" --auth --listen "$URL"
	RC=$? OUT=$(cat "$tmp/restored.out") ERR=$(cat "$tmp/restored.err")
	CMD="kinerjad on the restored backup"
	check "kinerjad starts on the restored backup" 'rc_is 0'

	run "${K[@]}" --token "$VIEWER" --format json history --unit tanjung-tiram --indicator IKM --year 2025
	check "restore: the data as at the backup (91 there, the later 93 not)" \
	    'rc_is 0 && out_has "\"new_value\":\"91\"" && out_lacks "\"new_value\":\"93\""'
	stop_server "$SERVER_PID" 10
fi

# ------------------------------------------------ the HTTP gateway

start_server http --db "$DB" --auth --listen "$URL" --http 127.0.0.1:0
RC=$? OUT=$(cat "$tmp/http.out") ERR=$(cat "$tmp/http.err")
CMD="kinerjad --auth --http 127.0.0.1:0"
HTTP_PORT=$(sed -n 's/^kinerjad: HTTP on port \([0-9]*\)$/\1/p' "$tmp/http.err")
check "kinerjad --auth --http serves HTTP" '[ -n "$HTTP_PORT" ] || why "no port in the log"'
HTTP_PID=$SERVER_PID

# post METHOD JSON [TOKEN [REASON]]: sets RC to the HTTP status, OUT to
# the body.
post() {
	local auth=()
	[ -n "${3:-}" ] && auth=(-H "Authorization: Bearer $3")
	[ -n "${4:-}" ] && auth+=(-H "X-Reason: $4")
	CMD="POST /v1/$1 $2"
	RC=$(curl -s -o "$tmp/.body" -w '%{http_code}' ${auth[@]+"${auth[@]}"} \
	    -H 'Content-Type: application/json' -d "$2" \
	    "http://127.0.0.1:$HTTP_PORT/v1/$1")
	OUT=$(cat "$tmp/.body") ERR=
}

VALUE='{"values":[{"unit":"tanjung-tiram","indicator":"IKM","year":2025,"kind":"VALUE_KIND_TARGET","value":94}]}'
post GetCapaian '{"unit":"tanjung-tiram","year":2025}'
check "HTTP without a token: 401" 'rc_is 401 && out_has "\"code\":16"'

post GetCapaian '{"unit":"tanjung-tiram","year":2025}' kin_1_forged
check "HTTP with a forged token: 401" 'rc_is 401'

post GetCapaian '{"unit":"tanjung-tiram","year":2025}' "$VIEWER"
check "HTTP, viewer's Bearer token: capaian" 'rc_is 200 && out_has "\"capaian\":"'

post SubmitIndicatorData "$VALUE" "$VIEWER"
check "HTTP, viewer writes: 403" 'rc_is 403 && out_has "\"code\":7"'

post SubmitIndicatorData "$VALUE" "$ADMIN" "PK perubahan II"
check "HTTP, admin writes" 'rc_is 200 && out_has "\"updated\":1"'

post GetHistory '{"unit":"tanjung-tiram","indicator":"IKM","year":2025}' "$VIEWER"
check "HTTP: GetHistory shows the write with its X-Reason" \
    'rc_is 200 && out_has "\"actor\":\"pusat\"" && out_has "\"reason\":\"PK perubahan II\""'

run curl -s "http://127.0.0.1:$HTTP_PORT/healthz"
check "/healthz needs no token" 'rc_is 0 && out_has SERVING'
stop_server "$HTTP_PID" 10

run "$KINERJAD" --db "$DB" --listen "$URL" --http 0.0.0.0:0
check "no --auth: --http on a non-loopback address is refused" \
    'rc_is 1 && err_has "not a loopback address"'

# ------------------------------------------------------------- TLS

cd "$tmp" || exit 1
run make_pki
check "a test CA, server and client certificates (openssl)" 'rc_is 0'
cd - >/dev/null || exit 1

PORT=$((20000 + RANDOM % 30000))
TLS="tls+tcp://127.0.0.1:$PORT"
start_server tls --db "$DB" --auth --listen "$URL" --listen "$TLS" \
    --tls-cert "$tmp/srv.pem" --tls-key "$tmp/srv.key"
RC=$? OUT=$(cat "$tmp/tls.out") ERR=$(cat "$tmp/tls.err")
CMD="kinerjad --listen $TLS"
check "kinerjad listens on tls+tcp://" "rc_is 0 && err_has 'listening on $TLS'"

run "$KINERJA" --url "$TLS" --ca "$tmp/ca.pem" --token "$VIEWER" capaian \
    --unit lima-puluh-pesisir --year 2023
check "a TLS session checked against the test CA: LPP 2023 IKM 99,72" \
    'rc_is 0 && out_has "99,72"'

run env KINERJA_CA="$tmp/ca.pem" "$KINERJA" --url "$TLS" --token "$VIEWER" units
check "KINERJA_CA names the CA" 'rc_is 0'

run "$KINERJA" --url "$TLS" --token "$VIEWER" units
check "tls+tcp:// without a CA is refused before connecting" \
    'rc_is 1 && err_has "needs a CA file"'

run "$KINERJA" --url "$TLS" --ca "$tmp/other.pem" --timeout 3000 --token "$VIEWER" units
check "a server not signed by the CA: the handshake fails" \
    'rc_is 1 && err_has "TLS handshake failed"'
stop_server "$SERVER_PID" 10

start_server wrongname --db "$DB" --auth --listen "$URL" --listen "$TLS" \
    --tls-cert "$tmp/wrong.pem" --tls-key "$tmp/wrong.key"
RC=$? OUT=$(cat "$tmp/wrongname.out") ERR=$(cat "$tmp/wrongname.err")
CMD="kinerjad with a certificate for some-other-host"
check "kinerjad with a certificate for another host starts" 'rc_is 0'

run "$KINERJA" --url "$TLS" --ca "$tmp/ca.pem" --timeout 3000 --token "$VIEWER" units
check "a certificate the CA signed for another host is refused" \
    'rc_is 1 && err_has "TLS handshake failed"'
stop_server "$SERVER_PID" 10

start_server mtls --db "$DB" --auth --listen "$URL" --listen "$TLS" \
    --tls-cert "$tmp/srv.pem" --tls-key "$tmp/srv.key" --tls-ca "$tmp/ca.pem"
RC=$? OUT=$(cat "$tmp/mtls.out") ERR=$(cat "$tmp/mtls.err")
CMD="kinerjad --tls-ca"
check "kinerjad requiring client certificates starts" 'rc_is 0'

run "$KINERJA" --url "$TLS" --ca "$tmp/ca.pem" --cert "$tmp/cli.pem" --token "$VIEWER" units
check "client certificate signed by the CA: served" 'rc_is 0 && out_has tanjung-tiram'

run "$KINERJA" --url "$TLS" --ca "$tmp/ca.pem" --timeout 3000 --token "$VIEWER" units
check "no client certificate: refused" 'rc_is 1'
stop_server "$SERVER_PID" 10

run "$KINERJAD" --db "$DB" --auth --listen "$TLS" --tls-cert "$tmp/srv.pem"
check "tls+tcp:// without --tls-key: a clear error" 'rc_is 1 && err_has "needs --tls-cert and --tls-key"'

finish
