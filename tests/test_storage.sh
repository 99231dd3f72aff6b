#!/bin/bash
# test_storage.sh - kinerjad's database as an operator meets it: schema
# versions it must refuse (negative, newer) without touching the file,
# local listeners without --auth, file modes under umask 000, Health when
# the database cannot be written or is corrupt, one kinerjad per database,
# and `kinerjad history archive`. On PostgreSQL (KINERJA_TEST_DB, see
# harness.sh) the file modes, the file lock and the damaged file are
# skipped, saying why; two kinerjad on one database are checked instead.
#
#   test_storage.sh KINERJAD KINERJA
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 KINERJAD KINERJA" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
. "$(dirname "$0")/harness.sh"

# mode FILE: its permission bits, e.g. 600.
mode() {
	stat -c %a "$1"
}

mode_is() {
	local got
	got=$(mode "$1" 2>/dev/null) || { why "$1 does not exist"; return 1; }
	[ "$got" = "$2" ] || why "$1: mode $got, expected $2"
}

# json_lines_valid FILE: 1 when every line is JSON (SQLite's json_valid on
# the lines joined into one array; a JSON line holds no raw newline).
json_lines_valid() {
	sqlite3 :memory: "SELECT json_valid('[' || replace(rtrim(CAST(
	    readfile('$1') AS TEXT), char(10)), char(10), ',') || ']')"
}

# wait_health URL: until kinerjad answers there (10 s at most).
wait_health() {
	local i
	for i in $(seq 1 100); do
		"$KINERJA" --url "$1" --timeout 1000 health >/dev/null 2>&1 &&
			return 0
		sleep 0.1
	done
	return 1
}

# sql TARGET SQL: runs SQL on the database (sqlite3 or psql; rows as a|b).
sql() {
	if on_pg; then
		PGOPTIONS='-c client_min_messages=warning' "$PSQL" "$1" -qAtc "$2"
	else
		sqlite3 "$1" "$2"
	fi
}

# set_version TARGET N: the schema version the database claims.
set_version() {
	if on_pg; then
		sql "$1" "CREATE TABLE IF NOT EXISTS kinerja_schema
		    (version integer NOT NULL); DELETE FROM kinerja_schema;
		    INSERT INTO kinerja_schema VALUES ($2)"
	else
		sql "$1" "PRAGMA user_version = $2"
	fi
}

# -------------------------------------------- schema versions it refuses

V=$(db v)
# How kinerjad's errors name it: the file, or the backend.
VNAME=$V
on_pg && VNAME=postgresql
run "$KINERJAD" token list --db "$V"
check "a fresh database is created and migrated" 'rc_is 0'
for version in -1 -100 -100000; do
	set_version "$V" "$version"
	run timeout 10 "$KINERJAD" --db "$V" --listen "ipc://$tmp/v.sock"
	check "kinerjad refuses user_version $version, naming path and version" \
	    "rc_is 1 && err_has '$VNAME' && err_has 'version $version'"
	run "$KINERJAD" token list --db "$V"
	check "kinerjad token list refuses user_version $version" \
	    "rc_is 1 && err_has '$VNAME' && err_has 'version $version'"
	run "$KINERJAD" backup "$tmp/v-backup.db" --db "$V"
	check "kinerjad backup refuses user_version $version" \
	    "rc_is 1 && err_has 'version $version' && [ ! -e '$tmp/v-backup.db' ]"
done

# A newer schema is refused before anything changes: the journal mode of
# a rollback-journal database stays as it was (on PostgreSQL: no table
# of kinerja's is made).
N=$(db newer)
sql "$N" "CREATE TABLE future (x integer)"
set_version "$N" 999
run timeout 10 "$KINERJAD" --db "$N" --listen "ipc://$tmp/n.sock"
check "a newer database is refused" \
    "rc_is 1 && err_has 'version 999'"
if on_pg; then
	run sql "$N" "SELECT string_agg(tablename, ',' ORDER BY tablename)
	    FROM pg_tables WHERE schemaname = current_schema()"
	check "the refused newer database is left as it was" \
	    '[ "$OUT" = future,kinerja_schema ] || why "tables: $OUT"'
else
	run sqlite3 "$N" "PRAGMA journal_mode"
	check "the refused newer database is still in journal mode delete" \
	    'out_has delete && [ ! -e "$N-wal" ]'
fi

# ------------------------------------ local listeners without --auth

for url in "abstract://kinerja-storage-$$" "unix://$tmp/u.sock"; do
	start_server local --listen "ipc://$tmp/l.sock" --db "$(db l)" \
	    --listen "$url"
	run "$KINERJA" --url "$url" --timeout 2000 health
	check "$url without --auth is local: kinerjad serves on it" \
	    'rc_is 0 && out_has SERVING'
	stop_server "$SERVER_PID"
	run timeout 10 "$KINERJAD" --db "$(db l)" --listen "$url" \
	    --listen "ipc://$tmp/no/such/dir.sock"
	check "$url without --auth is let through the exposure check" \
	    'rc_is 1 && err_lacks refusing && err_has "no/such/dir"'
done
(KINERJA_LISTEN="unix://$tmp/e.sock" exec "$KINERJAD" --db "$(db l)" \
    >"$tmp/e.out" 2>"$tmp/e.err" </dev/null) &
EPID=$!
PIDS+=("$EPID")
wait_health "unix://$tmp/e.sock"
run "$KINERJA" --url "unix://$tmp/e.sock" health
check "KINERJA_LISTEN=unix://... without --auth serves" \
    'rc_is 0 && out_has SERVING'
stop_server "$EPID"
run timeout 10 env KINERJA_LISTEN="abstract://k-$$" "$KINERJAD" --db "$tmp"
check "KINERJA_LISTEN=abstract://... is checked without a crash" \
    'rc_is 1 && err_lacks refusing'

# ---------------------------------------------- modes under umask 000

# What kinerjad keeps in files of its own (the database, its -wal and -shm,
# a backup) and the file lock that keeps a second kinerjad off them; on
# PostgreSQL the server owns both.
modes_and_lock() {
	M=$tmp/m.db
	(umask 000; exec "$KINERJAD" --db "$M" --listen "ipc://$tmp/m.sock" \
	    >"$tmp/m.out" 2>"$tmp/m.err" </dev/null) &
	MPID=$!
	PIDS+=("$MPID")
	wait_health "ipc://$tmp/m.sock"
	printf 'unit;name;parent;level\nm;M;;kabupaten\n' >"$tmp/m.csv"
	run "$KINERJA" --url "ipc://$tmp/m.sock" import "$tmp/m.csv"
	check "umask 000: the database is created 0600" 'mode_is "$M" 600'
	check "umask 000: its -wal is 0600" 'mode_is "$M-wal" 600'
	check "umask 000: its -shm is 0600" 'mode_is "$M-shm" 600'
	(umask 000; "$KINERJAD" backup "$tmp/m-backup.db" --db "$M" 2>/dev/null)
	check "umask 000: a backup is created 0600" 'mode_is "$tmp/m-backup.db" 600'
	(umask 000; "$KINERJAD" token list --db "$tmp/m2.db" >/dev/null 2>&1)
	check "umask 000: kinerjad token creates its database 0600" \
	    'mode_is "$tmp/m2.db" 600'

	# One kinerjad per database file, unless all say --shared-db.

	run timeout 10 "$KINERJAD" --db "$M" --listen "ipc://$tmp/m-second.sock"
	check "a second kinerjad on the same database is refused, naming it and the pid" \
	    "rc_is 1 && err_has '$M' && err_has 'pid $MPID' && err_has '--shared-db'"
	run timeout 10 "$KINERJAD" --db "$M" --listen "ipc://$tmp/m-shared.sock" --shared-db
	check "--shared-db is refused too while the first has not said it" \
	    "rc_is 1 && err_has '$M'"
	mkdir -p "$tmp/elsewhere"
	ln -s "$M" "$tmp/elsewhere/link.db"
	run timeout 10 "$KINERJAD" --db "$tmp/elsewhere/link.db" --listen "ipc://$tmp/m-link.sock"
	check "the same database through a symlink in another directory is refused too" \
	    "rc_is 1 && err_has 'pid $MPID' && err_has '--shared-db'"
	stop_server "$MPID"
	start_server s1 --db "$M" --listen "ipc://$tmp/s1.sock" --shared-db
	S1=$SERVER_PID
	start_server s2 --db "$M" --listen "ipc://$tmp/s2.sock" --shared-db
	run "$KINERJA" --url "ipc://$tmp/s2.sock" health
	check "--shared-db on both: two kinerjad serve one database" \
	    'rc_is 0 && out_has SERVING'
	S2=$SERVER_PID
	run timeout 10 "$KINERJAD" --db "$M" --listen "ipc://$tmp/s3.sock"
	check "an exclusive kinerjad is refused while shared ones run" \
	    "rc_is 1 && err_has '$M'"
	stop_server "$S2"
	stop_server "$S1"
}

# On PostgreSQL replicas are the point: two kinerjad serve one database
# without --shared-db.
pg_replicas() {
	local p1
	start_server p1 --db "$(db p)" --listen "ipc://$tmp/p1.sock"
	p1=$SERVER_PID
	start_server p2 --db "$(db p)" --listen "ipc://$tmp/p2.sock"
	run "$KINERJA" --url "ipc://$tmp/p2.sock" health
	check "PostgreSQL: two kinerjad serve one database (no file lock)" \
	    'rc_is 0 && out_has SERVING'
	stop_server "$SERVER_PID"
	stop_server "$p1"
}

if sqlite_only "file modes under umask 000, one kinerjad per database file" \
    "PostgreSQL keeps no files of kinerjad's and takes several kinerjad"; then
	modes_and_lock
else
	pg_replicas
fi

run timeout 10 "$KINERJAD" --db "$tmp/t.db" --replay-ttl 5x
check "--replay-ttl must be a duration" \
    'rc_is 2 && err_has "--replay-ttl" && err_has "7d"'

# --------------------------------------- Health when writes cannot go

# What a SQLite file can suffer under a running kinerjad.
file_health() {
	H=$tmp/h.db
	HURL="ipc://$tmp/h.sock"
	start_server health --db "$H" --listen "$HURL"
	run "$KINERJA" --url "$HURL" health
	check "a writable database: SERVING" 'rc_is 0 && out_has SERVING'
	if chattr +i "$H" 2>/dev/null; then
		sleep 1.2
		run "$KINERJA" --url "$HURL" health
		chattr -i "$H"
		check "an immutable (read-only) database file: NOT_SERVING with the reason" \
		    'rc_fails && out_has NOT_SERVING && out_has "not writable"'
		sleep 1.2
		run "$KINERJA" --url "$HURL" health
		check "writable again: SERVING again" 'rc_is 0 && out_has SERVING'
		# Writes through descriptors already open fail too (as after a
		# read-only remount): the write fails, and Health says why.
		chattr +i "$H" "$H-wal"
		printf 'unit;name;parent;level\nh;H;;kabupaten\n' >"$tmp/h.csv"
		run "$KINERJA" --url "$HURL" import "$tmp/h.csv"
		check "a write on a read-only file fails: INTERNAL" \
		    'rc_fails && err_has INTERNAL'
		run "$KINERJA" --url "$HURL" health
		chattr -i "$H" "$H-wal"
		check "after a failed write: NOT_SERVING with the error" \
		    'rc_fails && out_has NOT_SERVING && out_has "alasan: database:"'
		sleep 2.5
		run "$KINERJA" --url "$HURL" health
		check "writable again without any write: a probe brings SERVING back" \
		    'rc_is 0 && out_has SERVING'
		run "$KINERJA" --url "$HURL" import "$tmp/h.csv"
		check "and writes go through" 'rc_is 0'
	elif [ "$(id -u)" -ne 0 ]; then
		chmod 0444 "$H"
		sleep 1.2
		run "$KINERJA" --url "$HURL" health
		chmod 0600 "$H"
		check "a read-only database file: NOT_SERVING with the reason" \
		    'rc_fails && out_has NOT_SERVING && out_has "not writable"'
	else
		echo "ok - read-only database # SKIP neither chattr nor a non-root user"
	fi
	stop_server "$SERVER_PID"

	# A garbage page in the tokens table: INTERNAL (not UNAVAILABLE, which
	# tells clients to retry for ever), and Health says why.
	C=$tmp/c.db
	CURL="ipc://$tmp/c.sock"
	TOKEN=$("$KINERJAD" token create --role admin --name c --db "$C" 2>/dev/null)
	ROOT=$(sqlite3 "$C" "SELECT rootpage FROM sqlite_master WHERE name = 'tokens'")
	PAGE=$(sqlite3 "$C" "PRAGMA page_size")
	head -c "$PAGE" /dev/urandom | tr '\000' '\377' |
		dd of="$C" bs="$PAGE" seek=$((ROOT - 1)) conv=notrunc 2>/dev/null
	start_server corrupt --db "$C" --listen "$CURL" --auth
	run "$KINERJA" --url "$CURL" --token "$TOKEN" units
	check "a corrupt tokens page: INTERNAL, not UNAVAILABLE" \
	    'rc_fails && err_has INTERNAL && err_lacks UNAVAILABLE'
	run "$KINERJA" --url "$CURL" health
	check "a corrupt tokens page: Health NOT_SERVING, saying so" \
	    'rc_fails && out_has NOT_SERVING && out_has malformed'
	stop_server "$SERVER_PID"
}
if sqlite_only "Health on a read-only or corrupt database file" \
    "chattr and corrupt pages act on a SQLite file"; then
	file_health
fi

# --------------------------------------------------- history archive

A=$(db a)
AURL="ipc://$tmp/a.sock"
start_server archive --db "$A" --listen "$AURL"
printf 'unit;name;parent;level\ndinas;"Dinas ""Satu"" \303\251";;kabupaten\n' \
    >"$tmp/units.csv"
run "$KINERJA" --url "$AURL" import "$tmp/units.csv"
check "a unit is written (history to archive)" 'rc_is 0'
stop_server "$SERVER_PID"
BEFORE=$(sql "$A" "SELECT COUNT(*) FROM history")
run "$KINERJAD" history archive --help
check "history archive --help says what it writes" \
    'rc_is 0 && out_has "--before DATE" && out_has "JSON lines" && out_has fsync'
: >"$tmp/exists.jsonl"
run "$KINERJAD" history archive --before 2999-01-01 "$tmp/exists.jsonl" \
    --db "$A"
check "history archive refuses a FILE that exists, deleting nothing" \
    "rc_fails && err_has exists && [ \"\$(sql '$A' 'SELECT COUNT(*) FROM history')\" = $BEFORE ]"
run "$KINERJAD" history archive --before yesterday "$tmp/x.jsonl" --db "$A"
check "history archive refuses a date it cannot read" \
    "rc_is 2 && err_has --before && [ ! -e '$tmp/x.jsonl' ]"
NAME_JSON='Dinas \"Satu\" é'
(umask 000; "$KINERJAD" history archive --before 2999-01-01 \
    "$tmp/h1.jsonl" --db "$A" >"$tmp/a.out" 2>"$tmp/a.err")
RC=$?
OUT=$(cat "$tmp/h1.jsonl" 2>/dev/null)
ERR=$(cat "$tmp/a.err")
check "history archive writes every row before the date as JSON lines" \
    "rc_is 0 && [ \"\$(wc -l <'$tmp/h1.jsonl')\" -eq $BEFORE ] && out_has '\"what\":\"unit\"' && out_has \"\$NAME_JSON\" && out_has '\"old\":null' && err_has '$BEFORE rows'"
check "the archive file is 0600" 'mode_is "$tmp/h1.jsonl" 600'
check "every line of the archive is JSON" \
    "[ \"\$(json_lines_valid '$tmp/h1.jsonl')\" = 1 ]"
run sql "$A" "SELECT COUNT(*), MAX(what), MAX(new), MAX(actor) FROM history"
check "the archived rows are gone and the archiving is recorded" \
    "out_has '1|history|$BEFORE rows before 2999-01-01T00:00:00Z to $tmp/h1.jsonl|'"
run "$KINERJAD" history archive --before 2000-01-01 "$tmp/h2.jsonl" --db "$A"
check "a second run with nothing before the date archives nothing" \
    "rc_is 0 && err_has 'nothing to archive' && [ ! -e '$tmp/h2.jsonl' ] && [ \"\$(sql '$A' 'SELECT COUNT(*) FROM history')\" = 1 ]"

finish
