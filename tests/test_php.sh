#!/bin/bash
# test_php.sh - the PHP example of the README, taken from the document
# itself (its ```php block) so that the two cannot drift, run by php-cli
# with php-curl against kinerjad --demo --http: a UTF-8 X-Reason read back
# as sent (and by the CLI over nng), a chunked body, and a body over 2 MiB
# answered without libcurl's one-second wait for 100 Continue. Its output
# must be the one the document shows (the time aside).
#
#   test_php.sh KINERJAD KINERJA DOC
#
# Needs bash, coreutils, sed, awk and php-cli with php-curl.
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 KINERJAD KINERJA DOC" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
DOC=$3
if ! command -v php >/dev/null || ! php -m | grep -qx curl; then
	echo "1..0 # SKIP needs php-cli and php-curl"
	exit 77
fi

. "$(dirname "$0")/harness.sh"

# Whether kinerjad answered 100 Continue is read from the reply itself;
# the time is a second check, loose enough for a loaded CI machine (a
# missing 100 Continue costs libcurl a whole second on top).
LIMIT_MS=1500
[ -n "${KINERJA_SANITIZE:-}" ] && LIMIT_MS=3000

# The document's first ```php block, and the ```text block after it.
awk '/^```php$/ { on = 1; next } on && /^```$/ { exit } on' "$DOC" \
    >"$tmp/example.php"
awk '/^```php$/ { php = 1 } php && /^```text$/ { on = 1; next }
     on && /^```$/ { exit } on && !/^\$ / { print }' "$DOC" >"$tmp/expected"
RC=0 OUT=$(head -3 "$tmp/example.php") ERR= CMD="awk $DOC" ELAPSED_MS=0
check "the README has a PHP example and its output" \
    '[ "$(head -1 "$tmp/example.php")" = "<?php" ] &&
     [ "$(wc -l <"$tmp/expected")" -eq 3 ] || why "no ```php/```text blocks"'

start_http php --db "$tmp/k.db" --demo --listen "ipc://$tmp/k.sock" \
    --http 127.0.0.1:0 --log-level warn

run env KINERJA_HTTP_URL="http://127.0.0.1:$PORT" php "$tmp/example.php"
check "the example runs" 'rc_is 0 && [ "$(printf "%s\n" "$OUT" | wc -l)" -eq 3 ]'
line() { printf '%s\n' "$OUT" | sed -n "$1p"; }
reason=$(sed -n "s/^\$reason = '\(.*\)';$/\1/p" "$tmp/example.php")
check "the non-ASCII X-Reason is in the history as sent" \
    '[ -n "$reason" ] && [ "$reason" != "${reason//—/}" ] &&
     [ "$(line 1)" = "target: created 1, updated 0; reason in the history: $reason" ]'
hist=$("$KINERJA" --url "ipc://$tmp/k.sock" --format json history \
    --unit tanjung-tiram --indicator IKM --year 2026 2>&1)
check "the CLI over nng reads the same reason" \
    'printf "%s" "$hist" | grep -qF -- "\"reason\":\"$reason\"" ||
     why "CLI: $hist"'
check "the chunked body is taken" \
    '[ "$(line 2)" = "realisasi: created 1, sent chunked: yes" ]'
ms=$(line 3 | awk '{ printf "%d", $5 * 1000 }')
mib=$(line 3 | awk '{ printf "%d", $1 * 100 }')
check "over 2 MiB with 100-continue, answered in under $LIMIT_MS ms" \
    'line 3 | grep -q "(100-continue, 100 Continue received): 150 sections valid$" &&
     [ "$mib" -ge 200 ] && [ "$ms" -lt "$LIMIT_MS" ] ||
     why "$(line 3): $ms ms"'
masked=$(printf '%s\n' "$OUT" | sed 's/in [0-9.]* s/in T s/')
check "the output is the one the README shows" \
    '[ "$masked" = "$(sed "s/in [0-9.]* s/in T s/" "$tmp/expected")" ] ||
     why "the document shows: $(cat "$tmp/expected")"'

finish
