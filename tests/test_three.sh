#!/bin/bash
# test_three.sh - kinerja's three interfaces give identical results (issue
# #17): one kinerjad with the Batu Bara demo serves nng (ipc://), gRPC
# (--grpc) and HTTP/JSON (--http) at once, and tests/three.py sends each
# request over all three (nng_send, python3-grpcio, curl) and compares the
# replies as protobuf messages, and the errors as code, message and
# FieldError details.
#
#   test_three.sh KINERJAD NNG_SEND SOURCE_DIR
#
# Needs /usr/bin/python3 with python3-grpcio, python3-grpc-tools and
# python3-protobuf (Debian), and curl.
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 KINERJAD NNG_SEND SOURCE_DIR" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=/bin/false # harness.sh wants one; the CLI is not used here
NNG_SEND=$2
SRC=$3
PY=/usr/bin/python3

. "$(dirname "$0")/harness.sh"

mkdir -p "$tmp/stubs"
if ! $PY -m grpc_tools.protoc -I "$SRC/proto" --python_out="$tmp/stubs" \
    --grpc_python_out="$tmp/stubs" "$SRC/proto/kinerja.proto"; then
	echo "Bail out! python3-grpc-tools made no stubs"
	exit 1
fi

"$KINERJAD" --db "$tmp/k.db" --demo --listen "ipc://$tmp/k.sock" \
    --grpc 127.0.0.1:0 --http 127.0.0.1:0 --log-level warn \
    2>"$tmp/kinerjad.log" &
PID=$!
PIDS+=("$PID")
grpc= http=
for _ in $(seq 150); do
	grpc=$(sed -n 's/^kinerjad: gRPC on port \([0-9]*\).*$/\1/p' \
	    "$tmp/kinerjad.log")
	http=$(sed -n 's/^kinerjad: HTTP on port \([0-9]*\)$/\1/p' \
	    "$tmp/kinerjad.log")
	[ -n "$grpc" ] && [ -n "$http" ] && break
	kill -0 "$PID" 2>/dev/null || break
	sleep 0.1
done
if [ -z "$grpc" ] || [ -z "$http" ]; then
	echo "Bail out! kinerjad --grpc --http did not start"
	sed 's/^/#   /' "$tmp/kinerjad.log"
	exit 1
fi

$PY "$SRC/tests/three.py" "$tmp/stubs" "$NNG_SEND" "ipc://$tmp/k.sock" \
    "127.0.0.1:$grpc" "http://127.0.0.1:$http"
rc=$?
stop_server "$PID" 10 || rc=1
[ "$STOP_RC" -eq 0 ] || { echo "# kinerjad exited $STOP_RC"; rc=1; }
exit $rc
