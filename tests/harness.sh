# harness.sh - what the shell tests share: a temporary directory, the
# databases (SQLite files there, or PostgreSQL schemas) and kinerjad
# processes they start (stopped on exit), and TAP-style checks of a
# command's exit status, stdout, stderr and duration. Sourced after
# KINERJAD and KINERJA are set.

# ipc:// paths must fit in sun_path (108 bytes): fall back to /tmp when
# TMPDIR is deep.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kinerja-cli.XXXXXX") || exit 2
if [ ${#tmp} -gt 70 ]; then
	rmdir "$tmp"
	tmp=$(mktemp -d /tmp/kinerja-cli.XXXXXX) || exit 2
fi

PIDS=()

# Sends SIGTERM to a kinerjad we started and waits (bounded) for it.
# Sets STOP_RC (exit status) and STOP_MS (time to stop); SIGKILLs after
# $2 seconds and returns 1 then.
stop_server() {
	local pid=$1 limit=${2:-10} start i=0
	start=$(date +%s%N)
	kill -TERM "$pid" 2>/dev/null
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$i" -ge $((limit * 20)) ]; then
			kill -KILL "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			STOP_RC=137
			STOP_MS=$(( ($(date +%s%N) - start) / 1000000 ))
			forget_pid "$pid"
			return 1
		fi
		sleep 0.05
		i=$((i + 1))
	done
	wait "$pid" 2>/dev/null
	STOP_RC=$?
	STOP_MS=$(( ($(date +%s%N) - start) / 1000000 ))
	forget_pid "$pid"
	return 0
}

forget_pid() {
	local p keep=()
	for p in ${PIDS[@]+"${PIDS[@]}"}; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	PIDS=(${keep[@]+"${keep[@]}"})
}

cleanup() {
	local p
	for p in ${PIDS[@]+"${PIDS[@]}"}; do
		stop_server "$p" 10
	done
	drop_dbs
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ----------------------------------------------------------- database

# Issue #18: with KINERJA_TEST_DB=postgresql://... (tests/pg_run.sh sets
# it) the suites run on PostgreSQL, each kinerjad database a schema of its
# own on that server, as tests/test_db.c does for the C tests.
PG_URL=
case ${KINERJA_TEST_DB:-} in postgres*) PG_URL=$KINERJA_TEST_DB ;; esac
PSQL=$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)

on_pg() {
	[ -n "$PG_URL" ]
}
on_pg && echo "# on PostgreSQL (KINERJA_TEST_DB): a schema per database"

# db NAME: the --db of the test's database NAME ([a-z0-9_]): the file
# $tmp/NAME.db, or on PostgreSQL the URL of the empty schema kt_sh_PID_NAME
# (made on first use, dropped on exit). The same NAME is the same database.
db() {
	local schema=kt_sh_$$_$1 sep='?'

	if ! on_pg; then
		echo "$tmp/$1.db"
		return 0
	fi
	if [ ! -e "$tmp/.pg-$schema" ]; then
		"$PSQL" "$PG_URL" -qc "CREATE SCHEMA $schema" >/dev/null ||
		    return 1
		: >"$tmp/.pg-$schema"
	fi
	case $PG_URL in *\?*) sep='&' ;; esac
	echo "$PG_URL${sep}options=-csearch_path%3D$schema"
}

drop_dbs() {
	local f
	for f in "$tmp"/.pg-kt_sh_*; do
		[ -e "$f" ] || continue
		"$PSQL" "$PG_URL" -qc "DROP SCHEMA IF EXISTS ${f##*/.pg-} CASCADE" \
		    >/dev/null 2>&1
	done
}

# sqlite_only NAME REASON: true on SQLite; on PostgreSQL reports the check
# NAME skipped (TAP) with the reason, for what only a database file has.
sqlite_only() {
	on_pg || return 0
	echo "ok - $1 # SKIP on PostgreSQL: $2"
	SKIPPED=$((SKIPPED + 1))
	return 1
}

# ------------------------------------------------------------ harness

PASS=0
FAIL=0
SKIPPED=0
RC=0
OUT=
ERR=
CMD=
ELAPSED_MS=0
WHY=

# run CMD...: runs a command, keeping its exit status, stdout, stderr and
# duration for the checks that follow.
run() {
	local start
	CMD=$(printf '%q ' "$@")
	start=$(date +%s%N)
	"$@" >"$tmp/.out" 2>"$tmp/.err" </dev/null
	RC=$?
	ELAPSED_MS=$(( ($(date +%s%N) - start) / 1000000 ))
	OUT=$(cat "$tmp/.out")
	ERR=$(cat "$tmp/.err")
}

indent() {
	sed 's/^/#     /'
}

# check NAME CONDITION: CONDITION is shell code (usually && of the helpers
# below) judged against the last run.
check() {
	local name=$1 cond=$2
	WHY=
	if eval "$cond"; then
		PASS=$((PASS + 1))
		echo "ok - $name"
	else
		FAIL=$((FAIL + 1))
		echo "not ok - $name"
		[ -n "$WHY" ] && printf '%s\n' "$WHY" | sed 's/^/#   /'
		echo "#   command: $CMD"
		echo "#   exit status: $RC (${ELAPSED_MS} ms)"
		echo "#   stdout:"
		printf '%s\n' "$OUT" | head -n 40 | indent
		echo "#   stderr:"
		printf '%s\n' "$ERR" | head -n 40 | indent
	fi
}

why() {
	WHY="${WHY:+$WHY
}$*"
	return 1
}

rc_is() {
	[ "$RC" -eq "$1" ] || why "expected exit status $1, got $RC"
}

rc_fails() {
	[ "$RC" -ne 0 ] || why "expected a non-zero exit status"
}

out_has() {
	printf '%s\n' "$OUT" | grep -qF -- "$1" || why "stdout lacks: $1"
}

out_lacks() {
	! printf '%s\n' "$OUT" | grep -qF -- "$1" || why "stdout has: $1"
}

err_has() {
	printf '%s\n' "$ERR" | grep -qF -- "$1" || why "stderr lacks: $1"
}

err_lacks() {
	! printf '%s\n' "$ERR" | grep -qF -- "$1" || why "stderr has: $1"
}

faster_than() {
	[ "$ELAPSED_MS" -lt "$1" ] ||
	    why "took ${ELAPSED_MS} ms, expected under $1 ms"
}

# Strict JSON syntax check of stdout (RFC 8259 grammar, one value).
json_valid() {
	local msg
	msg=$(printf '%s' "$OUT" | awk '
	function fail(m) { if (!bad) { bad = 1; msg = m " at byte " pos } return 0 }
	function ws() { while (pos <= n && index(" \t\r\n", substr(s, pos, 1))) pos++ }
	function value(   c) {
		ws(); c = substr(s, pos, 1)
		if (c == "{") return object()
		if (c == "[") return array()
		if (c == "\"") return string()
		if (c == "-" || (c >= "0" && c <= "9")) return number()
		if (substr(s, pos, 4) == "true" || substr(s, pos, 4) == "null") {
			pos += 4; return 1
		}
		if (substr(s, pos, 5) == "false") { pos += 5; return 1 }
		return fail("unexpected \"" c "\"")
	}
	function object(   c) {
		pos++; ws()
		if (substr(s, pos, 1) == "}") { pos++; return 1 }
		for (;;) {
			ws()
			if (substr(s, pos, 1) != "\"") return fail("expected a key")
			if (!string()) return 0
			ws()
			if (substr(s, pos, 1) != ":") return fail("expected :")
			pos++
			if (!value()) return 0
			ws(); c = substr(s, pos, 1); pos++
			if (c == ",") continue
			if (c == "}") return 1
			pos--; return fail("expected , or }")
		}
	}
	function array(   c) {
		pos++; ws()
		if (substr(s, pos, 1) == "]") { pos++; return 1 }
		for (;;) {
			if (!value()) return 0
			ws(); c = substr(s, pos, 1); pos++
			if (c == ",") continue
			if (c == "]") return 1
			pos--; return fail("expected , or ]")
		}
	}
	function string(   c) {
		pos++
		for (;;) {
			c = substr(s, pos, 1)
			if (c == "") return fail("unterminated string")
			if (c == "\"") { pos++; return 1 }
			if (c == "\\") {
				c = substr(s, pos + 1, 1)
				if (c == "u") {
					if (substr(s, pos + 2, 4) !~ /^[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]$/)
						return fail("bad \\u escape")
					pos += 6
				} else if (index("\"\\/bfnrt", c)) {
					pos += 2
				} else
					return fail("bad escape")
				continue
			}
			if (c < " ") return fail("control character in a string")
			pos++
		}
	}
	function number(   rest, c) {
		rest = substr(s, pos)
		if (!match(rest, /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/))
			return fail("bad number")
		pos += RLENGTH
		c = substr(s, pos, 1)
		if (c != "" && index(" \t\r\n,]}", c) == 0) return fail("bad number")
		return 1
	}
	{ s = s $0 "\n" }
	END {
		n = length(s); pos = 1
		if (value()) { ws(); if (pos <= n) fail("text after the value") }
		if (bad) print msg
		exit bad
	}') || why "stdout is not valid JSON: $msg"
}

# The object of one indicator in a capaian reply ({"indicator":"IKM",...}).
ind_obj() {
	printf '%s' "$OUT" | grep -o "{\"indicator\":\"$1\"[^}]*}" | head -n 1
}

# The reply with its indicators and sasaran arrays taken out.
top_obj() {
	printf '%s' "$OUT" |
	    sed 's/"indicators":\[[^]]*\],\{0,1\}//; s/"sasaran":\[[^]]*\],\{0,1\}//'
}

# The raw JSON token of KEY in an object ("100.08", "null", "\"BB\"").
jtok() {
	printf '%s' "$1" | grep -oE "\"$2\":(\"([^\"\\\\]|\\\\.)*\"|[^,}]*)" |
	    head -n 1 | sed "s/^\"$2\"://"
}

# Compares a token with an expectation: numerically when the expectation is
# a number, else literally (null, true, "BB"); "absent" wants no such key
# (an unset oneof member in protobuf's JSON mapping).
same_tok() {
	local got=$1 want=$2
	case $want in
	absent) [ -z "$got" ] ;;
	-[0-9]* | [0-9]*)
		printf '%s' "$got" | grep -qE '^-?[0-9]+(\.[0-9]+)?$' &&
		    awk -v a="$got" -v b="$want" 'BEGIN { exit !(a + 0 == b + 0) }'
		;;
	*) [ "$got" = "$want" ] ;;
	esac
}

# ind IND KEY WANT: a field of one indicator row of the last capaian reply.
ind() {
	local obj got
	obj=$(ind_obj "$1")
	[ -n "$obj" ] || { why "no indicator $1 in the reply"; return 1; }
	got=$(jtok "$obj" "$2")
	same_tok "$got" "$3" || why "$1 $2: expected $3, got ${got:-(absent)}"
}

# ind_has IND KEY: the row has KEY at all.
ind_has() {
	ind_obj "$1" | grep -qF "\"$2\":" || why "$1 has no \"$2\""
}

# top KEY WANT: a top-level field of the last reply.
top() {
	local got
	got=$(jtok "$(top_obj)" "$1")
	same_tok "$got" "$2" || why "top-level $1: expected $2, got ${got:-(absent)}"
}

# sas NAME WANT: the capaian of one sasaran of the last reply.
sas() {
	local obj got
	obj=$(printf '%s' "$OUT" | grep -o "{\"sasaran\":\"$1\",[^}]*}" | head -n 1)
	got=$(jtok "$obj" capaian)
	same_tok "$got" "$2" || why "sasaran \"$1\" capaian: expected $2, got ${got:-(absent)}"
}

# count_of PATTERN WANT: how many times a fixed string occurs in stdout.
count_of() {
	local got
	got=$(printf '%s' "$OUT" | grep -oF -- "$1" | wc -l)
	[ "$got" -eq "$2" ] || why "expected $2 x '$1', got $got"
}

finish() {
	local skipped=
	[ "$SKIPPED" -eq 0 ] || skipped=", $SKIPPED skipped on PostgreSQL"
	echo "$PASS passed, $FAIL failed$skipped"
	[ "$FAIL" -eq 0 ]
	exit $?
}

# start_server NAME ARGS...: starts kinerjad in the background with stderr
# in $tmp/NAME.err and waits (10 s at most) until `health` answers on the
# ipc URL given in ARGS. Sets SERVER_PID.
start_server() {
	local name=$1 url i
	shift
	url=$(printf '%s\n' "$@" | grep '^ipc://' | head -n 1)
	"$KINERJAD" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	for i in $(seq 1 100); do
		if "$KINERJA" --url "$url" --timeout 1000 health \
		    >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	return 1
}

# http_port NAME: the port kinerjad NAME (start_server with --http
# 127.0.0.1:0) logged it listens on, HTTP or HTTPS; empty when none.
http_port() {
	sed -n 's/^kinerjad: HTTPS\{0,1\} on port \([0-9]*\)$/\1/p' \
	    "$tmp/$1.err"
}

# start_http NAME ARGS...: start_server, then the gateway's port in PORT;
# a server or gateway that does not start bails the test out.
start_http() {
	local name=$1

	if ! start_server "$@" || [ -z "$(http_port "$name")" ]; then
		echo "Bail out! kinerjad --http did not start"
		sed 's/^/#   /' "$tmp/$name.err"
		exit 1
	fi
	PORT=$(http_port "$name")
}

# make_pki: in the current directory, a test CA (ca.pem, ca.key) and
# another one (other.pem); a server certificate of the CA for localhost
# and 127.0.0.1 (srv.pem, srv.key) and one for another host (wrong.pem);
# client certificates of the CA (cli.crt, cli.key, both in cli.pem) and
# of the other CA (rogue.crt, rogue.key). Valid for two days.
make_pki() {
	local ec='-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes'
	# sign NAME CA SUBJECT [EXTFILE]: NAME.key and a certificate of CA.
	sign() {
		openssl req $ec -keyout "$1.key" -out "$1.csr" -subj "$3" &&
		openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" \
		    -CAcreateserial -out "$1.crt" -days 2 ${4:+-extfile "$4"}
	}
	openssl req -x509 $ec -keyout ca.key -out ca.pem -days 2 \
	    -subj /CN=kinerja-test-ca &&
	openssl req -x509 $ec -keyout other.key -out other.pem -days 2 \
	    -subj /CN=other-ca &&
	# mbed TLS 2.28 matches the host against DNS names only, so the
	# address the tests dial is one too.
	printf 'subjectAltName=DNS:localhost,DNS:127.0.0.1,IP:127.0.0.1\n' \
	    >srv.ext &&
	sign srv ca /CN=localhost srv.ext && mv srv.crt srv.pem &&
	printf 'subjectAltName=DNS:some-other-host\n' >wrong.ext &&
	sign wrong ca /CN=some-other-host wrong.ext &&
	mv wrong.crt wrong.pem &&
	sign cli ca /CN=sipd && cat cli.crt cli.key >cli.pem &&
	sign rogue other /CN=rogue
}
