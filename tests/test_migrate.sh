#!/bin/bash
# test_migrate.sh KINERJAD KINERJA URL - kinerjad migrate (issue #18): the
# demo with tokens, a revoked token, history, replays and approvals, copied
# from SQLite to PostgreSQL (a fresh schema of URL) and back to a new
# SQLite file. Each copy answers the same (exports, ranking, status,
# report, capaian, approval, history, tokens), its tokens authenticate, an
# old request id is still a replay, new ids do not collide with copied
# ones; a non-empty destination is refused untouched, a failure mid-copy
# leaves the destination empty, a bad URL or missing file is told.
# URL empty and no $KINERJA_TEST_PG: skipped (77).
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 KINERJAD KINERJA URL" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
PGURL=${KINERJA_TEST_PG:-$3}
[ -n "$PGURL" ] || { echo "no KINERJA_TEST_PG: skipped"; exit 77; }
. "$(dirname "$0")/harness.sh"
PSQL=$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)
# A refusal must be kinerjad's, not a sanitizer's (which also exits 1).
sane() {
	err_lacks "Sanitizer" && err_lacks "runtime error:"
}

SCHEMAS="kt_mig_a_$$ kt_mig_b_$$ kt_mig_c_$$"
# pgdb SCHEMA: the URL of a database in that schema.
pgdb() {
	case $PGURL in *\?*) echo "$PGURL&options=-csearch_path%3D$1" ;;
	*) echo "$PGURL?options=-csearch_path%3D$1" ;; esac
}
psql_q() { # SCHEMA SQL: one value
	"$PSQL" "$(pgdb "$1")" -qAtc "$2"
}
drop_schemas() {
	local s
	for s in $SCHEMAS; do
		"$PSQL" "$PGURL" -qc "DROP SCHEMA IF EXISTS $s CASCADE" \
		    >/dev/null 2>&1
	done
}
trap 'cleanup; drop_schemas' EXIT
for s in $SCHEMAS; do
	"$PSQL" "$PGURL" -qc "CREATE SCHEMA $s" >/dev/null ||
	    { echo "Bail out! cannot create schema $s"; exit 1; }
done
PG=$(pgdb kt_mig_a_$$)
PG2=$(pgdb kt_mig_b_$$)
PGBAD=$(pgdb kt_mig_c_$$)
SRC=$tmp/src.db
BACK=$tmp/back.db

# post PORT TOKEN ID BODY [METHOD]: a write over HTTP (SubmitIndicatorData
# by default) with request id ID; the answer's body on stdout.
post() {
	curl -s -S -H "Authorization: Bearer $2" -H "X-Request-Id: $3" \
	    --data-binary "$4" \
	    "http://127.0.0.1:$1/v1/${5:-SubmitIndicatorData}"
}
value() { # VALUE: one IKM target of Tanjung Tiram 2025
	printf '{"values":[{"unit":"tanjung-tiram","indicator":"IKM",'
	printf '"year":2025,"kind":"VALUE_KIND_TARGET","value":%s}]}' "$1"
}

# serve NAME DB [ARGS...]: kinerjad --auth on DB with the gateway; PORT
# set. The gateway may log its port just after kinerjad answers Health.
serve() {
	local i
	if start_server "$1" --db "$2" --auth --listen "ipc://$tmp/$1.sock" \
	    --http 127.0.0.1:0 "${@:3}"; then
		for i in $(seq 1 50); do
			PORT=$(http_port "$1")
			[ -n "$PORT" ] && return 0
			sleep 0.1
		done
	fi
	echo "Bail out! kinerjad $1 did not start"
	sed 's/^/#   /' "$tmp/$1.err"
	exit 1
}

# answers NAME DB: what kinerjad on DB answers, into $tmp/NAME/, and the
# token and replay checks on it.
answers() {
	local name=$1 d=$tmp/$1 k
	mkdir -p "$d"
	serve "$name" "$2"
	k=("$KINERJA" --url "ipc://$tmp/$name.sock" --token "$ADMIN")
	"${k[@]}" export "$d/export" >/dev/null
	"${k[@]}" --format csv ranking --year 2024 --overall >"$d/ranking.csv"
	"${k[@]}" --format csv status --region batubara --year 2024 \
	    >"$d/status.csv"
	"${k[@]}" report --unit batubara --year 2024 --format md \
	    >"$d/report.md" 2>/dev/null
	"${k[@]}" --format csv capaian --unit sei-balai --year 2024 \
	    >"$d/capaian.csv"
	"${k[@]}" --format csv persetujuan --unit sei-balai --year 2024 \
	    >"$d/approval.csv"
	"${k[@]}" --format csv history --unit tanjung-tiram --indicator IKM \
	    --year 2025 --limit 10000 >"$d/history.csv"
	"${k[@]}" survey --unit tanjung-tiram --year 2023 >"$d/survey.txt"
	"$KINERJAD" token list --db "$2" >"$d/tokens.txt"

	run "$KINERJA" --url "ipc://$tmp/$name.sock" --token "$VIEWER" units
	check "$name: a copied viewer token authenticates" \
	    'rc_is 0 && out_has "tanjung-tiram"'
	run "$KINERJA" --url "ipc://$tmp/$name.sock" --token "$GONE" units
	check "$name: a copied revoked token is refused" \
	    'rc_is 1 && sane && err_has "UNAUTHENTICATED"'
	run post "$PORT" "$ADMIN" mig-1 "$(value 77)"
	check "$name: the write of request id mig-1 is a replay" \
	    'rc_is 0 && [ "$OUT" = "${FIRST/\"replayed\":false/\"replayed\":true}" ] ||
	     why "first answer: $FIRST"'
	run post "$PORT" "$ADMIN" mig-1 "$(value 78)"
	check "$name: mig-1 with another body is ALREADY_EXISTS" \
	    'rc_is 0 && out_has "already used for a different request"'
	stop_server "$SERVER_PID"
}

# --------------------------------------------------- the source: SQLite

serve src "$SRC" --demo
token() { # NAME ARGS...
	"$KINERJAD" token create --name "$1" --db "$SRC" "${@:2}" 2>/dev/null
}
ADMIN=$(token pusat --role admin)
VIEWER=$(token pengamat --role viewer)
GONE=$(token lama --role viewer)
"$KINERJAD" token revoke lama --db "$SRC" 2>/dev/null
token kec-tiram --role submitter --unit tanjung-tiram >/dev/null
token bagor --role verifier --region batubara --region sei-balai >/dev/null
# What the demo leaves empty: a benchmark and a survey of responses.
run post "$PORT" "$ADMIN" mig-b '{"benchmarks":[{"indicator":"IKM",
    "year":2024,"value":82.5,"source":"Standar Provinsi Sumatera Utara"}]}' \
    SubmitBenchmarks
check "source: a benchmark" 'rc_is 0 && out_has "\"created\":1"'
{
	echo "unit;year;respondent;u1;u2;u3;u4;u5;u6;u7;u8;u9;gender;education;age;occupation"
	echo "tanjung-tiram;2023;r1;4;3;4;3;4;3;4;3;4;P;SMA;31-40;PNS"
	echo "tanjung-tiram;2023;r2;3;3;3;4;4;4;3;3;3;L;S1;41-50;Swasta"
} >"$tmp/skm.csv"
run "$KINERJA" --url "ipc://$tmp/src.sock" --token "$ADMIN" import \
    "$tmp/skm.csv"
check "source: a survey of two responses" 'rc_is 0'
run post "$PORT" "$ADMIN" mig-1 "$(value 77)"
FIRST=$OUT
check "source: a write with request id mig-1" \
    'rc_is 0 && out_has "\"replayed\":false" && out_has "\"rejected\":0"'
stop_server "$SERVER_PID"
answers src "$SRC"

# ------------------------------------------------- SQLite -> PostgreSQL

run "$KINERJAD" migrate --from "$SRC" --to "$PG"
cp "$tmp/.out" "$tmp/to-pg.txt"
check "migrate SQLite -> PostgreSQL: every table ok" \
    'rc_is 0 && [ "$(grep -c "  ok$" "$tmp/to-pg.txt")" -eq 21 ] &&
     out_lacks MISMATCH &&
     out_has "21 tables" && out_has "to postgresql and verified" &&
     out_lacks "$PGURL"'
rows() { # TABLE: the rows migrate copied
	awk -v t="$1" '$1 == t { print $3 }' "$tmp/to-pg.txt"
}
check "migrate: tokens, history, replays, approvals and values copied" \
    '[ "$(rows tokens)" -ge 5 ] && [ "$(rows history)" -gt 400 ] &&
     [ "$(rows requests)" -gt 5 ] && [ "$(rows approvals)" -ge 1 ] &&
     [ "$(rows token_units)" -eq 3 ] && [ "$(rows benchmarks)" -eq 1 ] &&
     [ "$(rows survey_responses)" -eq 2 ] &&
     [ "$(rows survey_profile)" -gt 2 ] &&
     [ "$(rows value_revisions)" -gt 100 ] && [ "$(rows units)" -gt 5 ] ||
     why "rows: $(awk "{print \$1 \"=\" \$3}" "$tmp/to-pg.txt" | tr "\n" " ")"'
run psql_q kt_mig_a_$$ "SELECT count(*) FROM history"
check "PostgreSQL holds the history rows migrate reported" \
    '[ "$OUT" = "$(rows history)" ] || why "psql: $OUT"'

# ---------------------------- PostgreSQL -> SQLite, and PostgreSQL -> PG

run "$KINERJAD" migrate --from "$PG" --to "$BACK"
cp "$tmp/.out" "$tmp/to-back.txt"
check "migrate PostgreSQL -> SQLite: every table ok" \
    'rc_is 0 && [ "$(grep -c "  ok$" "$tmp/to-back.txt")" -eq 21 ]'
run diff <(sed '$d' "$tmp/to-pg.txt") <(sed '$d' "$tmp/to-back.txt")
check "the round trip reads back the same rows and checksums per table" \
    'rc_is 0'
run diff <(sqlite3 "$SRC" .dump) <(sqlite3 "$BACK" .dump)
check "the SQLite file back from PostgreSQL dumps as the source" 'rc_is 0'

# A database made before kinerjad's 8 kB pages (4 kB, WAL) moves into a
# new file with 8 kB pages and the same rows (README: the way to convert).
cp "$BACK" "$tmp/old4k.db"
sqlite3 "$tmp/old4k.db" "PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096;
VACUUM; PRAGMA journal_mode = WAL;" >/dev/null
run "$KINERJAD" migrate --from "$tmp/old4k.db" --to "$tmp/new8k.db"
check "migrate SQLite -> SQLite: every table ok" \
    'rc_is 0 && [ "$(grep -c "  ok$" "$tmp/.out")" -eq 21 ]'
run diff <(sqlite3 "$tmp/old4k.db" .dump) <(sqlite3 "$tmp/new8k.db" .dump)
check "the copy dumps as the 4 kB source" 'rc_is 0'
run sqlite3 "$tmp/old4k.db" "PRAGMA page_size"
check "the source kept its 4 kB pages" 'out_has 4096'
run sqlite3 "$tmp/new8k.db" "PRAGMA page_size"
check "the new file has 8 kB pages" 'out_has 8192'
run "$KINERJAD" migrate --from "$PG" --to "$PG2"
check "migrate PostgreSQL -> PostgreSQL (another schema)" \
    'rc_is 0 && [ "$(grep -c "  ok$" "$tmp/.out")" -eq 21 ]'

answers pg "$PG"
answers back "$BACK"
for b in pg back; do
	run diff -r "$tmp/src" "$tmp/$b"
	check "$b answers as the source: export, ranking, status, report,"\
" capaian, approval, history, token list" \
	    'rc_is 0 && [ -s "$tmp/$b/ranking.csv" ] &&
	     [ "$(wc -l <"$tmp/$b/history.csv")" -gt 2 ]'
done

# ---------------------------- ids drawn after the copy are new ones

run "$KINERJAD" token create --name baru --role viewer --db "$PG"
check "PostgreSQL: a new token gets a new id" 'rc_is 0'
serve pgnew "$PG"
run post "$PORT" "$ADMIN" mig-2 "$(value 79)"
check "PostgreSQL: a new write (history, replay) after the copy" \
    'rc_is 0 && out_has "\"replayed\":false" && out_has "\"updated\":1"'
stop_server "$SERVER_PID"
LAST=$(sqlite3 "$BACK" "SELECT max(id) FROM history")
run psql_q kt_mig_a_$$ "SELECT min(id) FROM history WHERE request_id = 'mig-2'"
check "PostgreSQL: the new write's history row comes after the copied ones" \
    '[ "$OUT" = $((LAST + 1)) ] || why "copied up to $LAST"'

# ------------------------------------- refusals leave the database as is

count_pg() { # SCHEMA: rows of a few tables
	psql_q "$1" "SELECT (SELECT count(*) FROM units) || ' ' ||
	    (SELECT count(*) FROM history) || ' ' ||
	    (SELECT count(*) FROM tokens) || ' ' ||
	    (SELECT count(*) FROM requests)"
}
BEFORE=$(count_pg kt_mig_a_$$)
run "$KINERJAD" migrate --from "$SRC" --to "$PG"
check "migrate into a non-empty PostgreSQL is refused" \
    'rc_is 1 && sane && err_has "destination is not empty" &&
     err_has "nothing was written"'
run count_pg kt_mig_a_$$
check "...and it is left as it was" '[ "$OUT" = "$BEFORE" ] ||
    why "before: $BEFORE"'
DUMP=$(sqlite3 "$BACK" .dump | md5sum)
run "$KINERJAD" migrate --from "$PG" --to "$BACK"
check "migrate into a non-empty SQLite file is refused" \
    'rc_is 1 && sane && err_has "destination is not empty (table units has"'
run bash -c "sqlite3 '$BACK' .dump | md5sum"
check "...and it is left as it was" '[ "$OUT" = "$DUMP" ]'

# A failure in the middle (a trigger refuses the history rows, copied
# after the values): the one transaction leaves the destination empty.
"$KINERJAD" token list --db "$PGBAD" >/dev/null 2>&1 # creates the schema
psql_q kt_mig_c_$$ "CREATE FUNCTION no_history() RETURNS trigger
    LANGUAGE plpgsql AS \$\$ BEGIN RAISE EXCEPTION 'injected'; END \$\$;
    CREATE TRIGGER no_history BEFORE INSERT ON history
    FOR EACH ROW EXECUTE FUNCTION no_history()" >/dev/null
run "$KINERJAD" migrate --from "$SRC" --to "$PGBAD"
check "a failure mid-copy on PostgreSQL: exit 1, the table named" \
    'rc_is 1 && sane && err_has "destination: history" && err_has "injected"'
run count_pg kt_mig_c_$$
check "...and the destination is still empty" '[ "$OUT" = "0 0 0 0" ]'
# A destination that stores other than it is given (a trigger changes a
# unit's name): the read-back tells, the table is named, nothing stays.
psql_q kt_mig_c_$$ "DROP TRIGGER no_history ON history;
    CREATE FUNCTION rename() RETURNS trigger LANGUAGE plpgsql AS
    \$\$ BEGIN NEW.name := NEW.name || '!'; RETURN NEW; END \$\$;
    CREATE TRIGGER rename BEFORE INSERT ON units
    FOR EACH ROW EXECUTE FUNCTION rename()" >/dev/null
run "$KINERJAD" migrate --from "$SRC" --to "$PGBAD"
check "a destination that reads back otherwise: MISMATCH, exit 1" \
    'rc_is 1 && sane && printf "%s\n" "$OUT" | grep -q "^units .*MISMATCH$" &&
     [ "$(grep -c "  ok$" "$tmp/.out")" -eq 20 ] &&
     err_has "1 tables read back other than copied; nothing was written"'
run count_pg kt_mig_c_$$
check "...and the destination is still empty" '[ "$OUT" = "0 0 0 0" ]'
"$KINERJAD" token list --db "$tmp/bad.db" >/dev/null 2>&1
sqlite3 "$tmp/bad.db" "CREATE TRIGGER no_history BEFORE INSERT ON history
    BEGIN SELECT RAISE(ABORT, 'injected'); END"
run "$KINERJAD" migrate --from "$PG" --to "$tmp/bad.db"
check "a failure mid-copy on SQLite: exit 1, the table named" \
    'rc_is 1 && sane && err_has "destination: history" && err_has "injected"'
run sqlite3 "$tmp/bad.db" "SELECT (SELECT count(*) FROM units) ||
    (SELECT count(*) FROM value_revisions) || (SELECT count(*) FROM tokens)"
check "...and the destination is still empty" '[ "$OUT" = 000 ]'

# ------------------------------------------------------ what is told

run "$KINERJAD" migrate --from "$tmp/none.db" --to "$tmp/x.db"
check "a missing source file is named, not created" \
    'rc_is 1 && sane && err_has "--from $tmp/none.db: no such file" &&
     [ ! -e "$tmp/none.db" ] && [ ! -e "$tmp/x.db" ]'
run "$KINERJAD" migrate --from "$SRC" \
    --to "postgresql://kinerja:geheim@127.0.0.1:1/nowhere"
check "an unreachable URL is told, its password not" \
    'rc_is 1 && sane && err_has "--to postgresql: cannot connect" &&
     err_lacks geheim'
run "$KINERJAD" migrate --from "$SRC"
check "migrate without --to: usage, exit 2" \
    'rc_is 2 && sane && err_has "--from SRC and --to DST are both needed"'
run "$KINERJAD" migrate --from "$SRC" --to "$SRC"
check "migrate onto itself: exit 2" 'rc_is 2 && sane && err_has "the same database"'
run "$KINERJAD" migrate --help
check "migrate --help" \
    'rc_is 0 && out_has "usage: kinerjad migrate --from SRC --to DST"'
run "$KINERJAD" --help
check "kinerjad --help names migrate" 'out_has "kinerjad migrate --from"'

finish
