#!/bin/bash
# test_console.sh - the web console (issue #16) in a real headless
# Chromium: starts kinerjad --demo --auth with its HTTP listener on
# 127.0.0.1, creates an admin token and two submitters' (tanjung-tiram,
# and sei-balai whose 2024 the demo approves), and runs test_console.py,
# which drives the console and checks it against the kinerja CLI. The
# screenshots it takes go to OUT_DIR.
#
#   test_console.sh KINERJAD KINERJA OUT_DIR
#
# Needs Debian's chromium and chromium-driver and python3-selenium
# (scripts/deps.sh --test); without them the test is skipped (77).
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 KINERJAD KINERJA OUT_DIR" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
OUT=$3
PY=/usr/bin/python3
if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ] ||
    ! "$PY" -c 'import selenium' 2>/dev/null; then
	echo "1..0 # SKIP needs chromium, chromium-driver and python3-selenium"
	exit 77
fi

. "$(dirname "$0")/harness.sh"

db=$tmp/console.db
url=ipc://$tmp/console.sock
ADMIN=$("$KINERJAD" token create --role admin --name pusat --db "$db" \
    2>/dev/null)
start_http srv --db "$db" --demo --auth --listen "$url" \
    --http 127.0.0.1:0 --log-level warn

# A submitter's unit exists once the demo has loaded.
submitter() {
	local t i
	for i in $(seq 1 100); do
		t=$("$KINERJAD" token create --role submitter --unit "$1" \
		    --name "$2" --db "$db" 2>/dev/null) && { echo "$t"; return; }
		sleep 0.1
	done
	return 1
}
TIRAM=$(submitter tanjung-tiram kec-tiram) || {
	echo "Bail out! no submitter token"; exit 1; }
BALAI=$(submitter sei-balai kec-balai) || {
	echo "Bail out! no submitter token"; exit 1; }

# Tokens go through the environment, not the command line.
CONSOLE_ADMIN=$ADMIN CONSOLE_TIRAM=$TIRAM CONSOLE_BALAI=$BALAI \
	"$PY" "$(dirname "$0")/test_console.py" --base "http://127.0.0.1:$PORT" \
	--kinerja "$KINERJA" --url "$url" --out "$OUT" --tmp "$tmp"
