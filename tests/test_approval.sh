#!/bin/bash
# test_approval.sh - a unit-year's approval and the region's completeness
# through the real binaries (issue #14): verifier tokens bound to a region,
# the transitions and who may take them, the lock an approval puts on every
# write, the reopen, the "disetujui/draft" of capaian, report and export,
# and `kinerja status` against counts recomputed here from the demo CSVs.
#
#   test_approval.sh KINERJAD KINERJA DATA_DIR
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 KINERJAD KINERJA DATA_DIR" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
DATA=$3
. "$(dirname "$0")/harness.sh"

DB=$(db a)
URL="ipc://$tmp/a.sock"
K=("$KINERJA" --url "$URL")
TODAY=$(date -u +%Y-%m-%d)

start_server approval --db "$DB" --auth --demo --listen "$URL" \
    --http 127.0.0.1:0
RC=$? OUT=$(cat "$tmp/approval.out") ERR=$(cat "$tmp/approval.err")
CMD="kinerjad --auth --demo"
check "kinerjad --auth --demo loads the demo and approves sei-balai 2024" \
    'rc_is 0 && err_has "demo: loaded" && err_has "sei-balai 2024 disetujui"'
[ "$RC" -eq 0 ] || finish

token() { # NAME ARGS...: creates a token, prints it
	local name=$1
	shift
	"$KINERJAD" token create --name "$name" --db "$DB" "$@" 2>/dev/null
}
ADMIN=$(token pusat --role admin)
VIEWER=$(token pengamat --role viewer)
TIRAM=$(token kec-tiram --role submitter --unit tanjung-tiram)
VERIF=$(token bagor-batubara --role verifier --region batubara)
OTHER=$(token verif-md --role verifier --region medang-deras)

# ------------------------------------------------------------ tokens

run "$KINERJAD" token create --role verifier --db "$DB"
check "token create: a verifier needs --region" \
    'rc_is 2 && err_has "a verifier needs at least one --region"'

run "$KINERJAD" token create --role submitter --unit sei-suka --region batubara --db "$DB"
check "token create: --region is for verifiers only" \
    'rc_is 2 && err_has "only a verifier has one"'

run "$KINERJAD" token create --role verifier --region atlantis --db "$DB"
check "token create: a region that does not exist is refused" \
    'rc_is 2 && err_has "--region atlantis: no such unit"'

run "$KINERJAD" token list --db "$DB"
check "token list: the verifier and its region" \
    'rc_is 0 && printf "%s\n" "$OUT" | grep -q "bagor-batubara.*verifier.*batubara" || why "no verifier row"'

# ------------------------------------------------- the demo's locked year

run "${K[@]}" --token "$VIEWER" persetujuan --unit sei-balai --year 2024
check "persetujuan: the demo's sei-balai 2024 is disetujui, three steps" \
    'rc_is 0 && out_has "Unit sei-balai tahun 2024: disetujui $TODAY oleh demo-loader-" &&
     out_has "diverifikasi  disetujui" && count_of "demo: LK 2024" 3'

run "${K[@]}" --token "$VIEWER" capaian --unit sei-balai --year 2024
check "capaian of a locked year says disetujui under the table" \
    'rc_is 0 && out_has "Status data 2024: disetujui $TODAY oleh demo-loader-"'

run "${K[@]}" --token "$VIEWER" capaian --unit sei-balai --year 2023
check "capaian of an open year says draft" \
    'rc_is 0 && out_has "Status data 2023: draft"'

run "${K[@]}" --token "$VIEWER" --format md report --unit sei-balai --year 2024
check "report of a locked year: Disetujui <date> on its cover" \
    'rc_is 0 && out_has "Status: Disetujui $(date -u +%-d) "'

run "${K[@]}" --token "$VIEWER" --format md report --unit tanjung-tiram --year 2024
check "report of an open year: Draf" \
    'rc_is 0 && out_has "Status: Draf"'

run "${K[@]}" --token "$VIEWER" export --unit sei-balai --year 2024 "$tmp/exp-sb"
check "export of a locked year says disetujui" \
    'rc_is 0 && out_has "status sei-balai 2024: disetujui $TODAY oleh demo-loader-"'

run "${K[@]}" --token "$VIEWER" export --unit tanjung-tiram --year 2024 "$tmp/exp-tt"
check "export of an open year says draft" \
    'rc_is 0 && out_has "status tanjung-tiram 2024: draft"'

printf 'unit;indicator;year;kind;value\nsei-balai;IKM;2024;realisasi;90\n' >"$tmp/sb.csv"
snap() { # UNIT YEAR: the capaian reply, to compare before and after
	"${K[@]}" --token "$VIEWER" --format json capaian --unit "$1" --year "$2"
}
unchanged() { # UNIT YEAR BEFORE: checks that the capaian is still BEFORE
	local before=$3 after
	after=$(snap "$1" "$2")
	RC=0 OUT=$after ERR= CMD="capaian $1 $2 before and after"
	check "the refused write changed nothing ($1 $2)" \
	    '[ "$before" = "$after" ] || why "capaian changed"'
}

BEFORE=$(snap sei-balai 2024)
run "${K[@]}" --token "$ADMIN" import "$tmp/sb.csv"
check "a locked year refuses even an admin's write, naming the lock" \
    'rc_is 1 && err_has "unit \"sei-balai\" tahun 2024 sudah disetujui ($TODAY oleh \"demo-loader-" &&
     err_has "); buka kembali dulu" &&
     err_has "nothing was written"'
unchanged sei-balai 2024 "$BEFORE"

# ------------------------------------------------- the cycle, by role

tt() { # TOKEN ACTION [ARGS]: a transition of tanjung-tiram 2024
	local t=$1 a=$2
	shift 2
	run "${K[@]}" --token "$t" "$@" "$a" --unit tanjung-tiram --year 2024
}

tt "$VERIF" ajukan
check "a verifier may not submit for the unit: PERMISSION_DENIED" \
    'rc_is 1 && err_has "PERMISSION_DENIED" && err_has "may not ajukan unit \"tanjung-tiram\" year 2024"'

tt "$TIRAM" verifikasi
check "verifikasi of a draft: FAILED_PRECONDITION naming the state" \
    'rc_is 1 && err_has "FAILED_PRECONDITION" &&
     err_has "verifikasi is not allowed: unit \"tanjung-tiram\" year 2024 is draft (allowed: ajukan)"'

tt "$TIRAM" ajukan
check "the unit's submitter submits its year: diajukan" \
    'rc_is 0 && out_has "Unit tanjung-tiram tahun 2024: diajukan"'

tt "$TIRAM" ajukan
check "submitting twice: FAILED_PRECONDITION, the year is diajukan" \
    'rc_is 1 && err_has "FAILED_PRECONDITION" && err_has "is diajukan (allowed: verifikasi, kembalikan)"'

tt "$TIRAM" verifikasi
check "the submitter may not verify its own year" \
    'rc_is 1 && err_has "PERMISSION_DENIED" && err_has "token \"kec-tiram\" (submitter) may not verifikasi"'

tt "$OTHER" verifikasi
check "a verifier outside its region: PERMISSION_DENIED naming the unit" \
    'rc_is 1 && err_has "PERMISSION_DENIED" &&
     err_has "token \"verif-md\" (verifier) verifies medang-deras; unit \"tanjung-tiram\" is not under it"'

tt "$VIEWER" verifikasi
check "a viewer may not move a year" 'rc_is 1 && err_has "PERMISSION_DENIED"'

tt "$VERIF" kembalikan
check "sending back needs a reason: INVALID_ARGUMENT" \
    'rc_is 1 && err_has "INVALID_ARGUMENT" && err_has "reason: required to kembalikan"'

tt "$VERIF" kembalikan --reason "lengkapi realisasi AKIP"
check "the region's verifier sends it back with a reason: draft" \
    'rc_is 0 && out_has "Unit tanjung-tiram tahun 2024: draft"'

tt "$TIRAM" ajukan
tt "$VERIF" verifikasi
check "the region's verifier verifies" 'rc_is 0 && out_has "diverifikasi"'
tt "$VERIF" setujui
check "and approves: disetujui <date> oleh bagor-batubara" \
    'rc_is 0 && out_has "Unit tanjung-tiram tahun 2024: disetujui $TODAY oleh bagor-batubara"'

# ------------------------------------------------- the lock and the reopen

printf 'unit;indicator;year;kind;value\ntanjung-tiram;IKM;2024;realisasi;97,5\n' >"$tmp/tt.csv"
BEFORE=$(snap tanjung-tiram 2024)
run "${K[@]}" --token "$TIRAM" import "$tmp/tt.csv"
check "a locked year refuses the submitter's write: FAILED_PRECONDITION" \
    'rc_is 1 && err_has "tt.csv:2: year: unit \"tanjung-tiram\" tahun 2024 sudah disetujui ($TODAY oleh \"bagor-batubara\"); buka kembali dulu"'
unchanged tanjung-tiram 2024 "$BEFORE"

printf 'unit;indicator;year;kind;value\ntanjung-tiram;IKM;2025;realisasi;97,5\n' >"$tmp/tt25.csv"
run "${K[@]}" --token "$TIRAM" import "$tmp/tt25.csv"
check "another year of the unit stays open" 'rc_is 0'

tt "$TIRAM" buka --reason "salah ketik"
check "the submitter may not reopen" 'rc_is 1 && err_has "PERMISSION_DENIED"'

tt "$VERIF" buka --reason "koreksi realisasi IKM"
check "the verifier reopens with a reason: draft" \
    'rc_is 0 && out_has "Unit tanjung-tiram tahun 2024: draft"'

run "${K[@]}" --token "$TIRAM" import "$tmp/tt.csv"
check "after the reopen the submitter's write is accepted" 'rc_is 0'

run "${K[@]}" --token "$VIEWER" --format json capaian --unit tanjung-tiram --year 2024
check "the new realisasi is there" 'rc_is 0 && ind IKM realisasi 97.5'

run "${K[@]}" --token "$VIEWER" persetujuan --unit tanjung-tiram --year 2024
check "persetujuan: every transition with who and why" \
    'rc_is 0 && out_has "Unit tanjung-tiram tahun 2024: draft" &&
     count_of "kec-tiram" 2 && count_of "bagor-batubara" 4 &&
     out_has "lengkapi realisasi AKIP" && out_has "koreksi realisasi IKM"'

run "${K[@]}" --token "$VIEWER" history --unit tanjung-tiram --year 2024
check "the history holds the transitions beside the figures" \
    'rc_is 0 && count_of "approval" 6 && out_has "koreksi realisasi IKM"'

# ------------------------------------------------- completeness

# Recomputed from the CSVs: per kecamatan of batubara, the indicators of
# its sasaran, which have a target and a realisasi for the year, and
# whether a budget (program or belanja), a survey, an AKIP evaluation is
# there. Expected: 2 per indicator and 3 per unit.
expect_status() { # YEAR -> "units silent present expected e2"
	awk -F';' -v y="$1" '
	FILENAME ~ /units.csv$/ && $3 == "batubara" { unit[$1] = 1 }
	FILENAME ~ /sasaran.csv$/ { ind[$1 SUBSEP $3] = 1 }
	FILENAME ~ /values.csv$/ && $3 == y && ($4 == "target" || $4 == "realisasi") { v[$1 SUBSEP $2 SUBSEP $4] = 1 }
	FILENAME ~ /(budget|belanja).csv$/ && $2 == y { b[$1] = 1 }
	FILENAME ~ /skm.csv$/ && $2 == y { s[$1] = 1 }
	FILENAME ~ /akip.csv$/ && $2 == y { a[$1] = 1 }
	END {
		for (u in unit) {
			n++; p = 0
			for (k in ind) {
				split(k, f, SUBSEP)
				if (f[1] != u) continue
				ex += 2
				p += ((u SUBSEP f[2] SUBSEP "target") in v)
				p += ((u SUBSEP f[2] SUBSEP "realisasi") in v)
			}
			p += (u in b) + (u in s) + (u in a)
			ex += 3; pres += p; silent += (p == 0)
		}
		# present / expected * 100, half up, in hundredths
		e2 = int((pres * 20000 + ex) / (2 * ex))
		printf "%d %d %d %d %d,%02d\n", n, silent, pres, ex, int(e2 / 100), e2 % 100
	}' "$DATA/units.csv" "$DATA/sasaran.csv" "$DATA/values.csv" \
	    "$DATA/budget.csv" "$DATA/belanja.csv" "$DATA/skm.csv" "$DATA/akip.csv"
}

for y in 2023 2024; do
	read -r n silent pres exp pct <<<"$(expect_status $y)"
	approved=$([ $y = 2024 ] && echo 1 || echo 0)
	run "${K[@]}" --token "$VIEWER" status --region batubara --year $y
	check "status $y: $n units, $silent not reporting, $pres of $exp ($pct %) as the CSVs say" \
	    'rc_is 0 && out_has "Kelengkapan data Kabupaten Batu Bara tahun $y" &&
	     out_has "$n unit: $silent belum melapor, $approved disetujui; lengkap $pct % ($pres dari $exp isian)"'
done

run "${K[@]}" --token "$VIEWER" status --region batubara --year 2024
FIRST=$(printf '%s\n' "$OUT" | sed -n 4p)
check "status: the unit not yet reporting comes first, sei-balai shows disetujui" \
    'rc_is 0 && [[ "$FIRST" == lima-puluh-pesisir*"0,00"*draft ]] &&
     printf "%s\n" "$OUT" | grep -q "^sei-balai .*100,00 .*disetujui $TODAY oleh demo-loader-" ||
     why "first row: $FIRST"'

run "${K[@]}" --token "$VIEWER" --format json status --region batubara --year 2024
check "status --format json: the totals and a unit's indicators" \
    'rc_is 0 && json_valid && out_has "\"not_reporting\":1}" && out_has "\"approved\":1" &&
     out_has "{\"indicator\":\"IKM\",\"target\":true,\"realisasi\":true}"'

run "${K[@]}" --token "$VIEWER" status --region batubara --year 2024 --triwulan 5
check "status --triwulan 5: INVALID_ARGUMENT naming triwulan" \
    'rc_is 1 && err_has "INVALID_ARGUMENT" && err_has "triwulan: 5 outside 1-4"'
run "${K[@]}" --token "$VIEWER" status --region batubara --year 2024 --triwulan "TW 9"
check "status --triwulan \"TW 9\": a usage error" 'rc_is 2 && err_has "--triwulan"'

# The demo has tanjung-tiram's IKM for the four triwulan of 2025 (and
# no one else's); AKIP is yearly, so its year's figures count.
run "${K[@]}" --token "$VIEWER" status --region batubara --year 2025 --triwulan 3
check "status --triwulan 3: the quarter's IKM, the year's AKIP" \
    'rc_is 0 && out_has "Kelengkapan data Kabupaten Batu Bara tahun 2025 triwulan III" &&
     out_has "Kecamatan Tanjung Tiram       2/2     2/2" &&
     out_has "Kecamatan Sei Suka            1/2     1/2"'

run "${K[@]}" --token "$VIEWER" status --region atlantis --year 2024
check "status of an unknown region: NOT_FOUND" 'rc_is 1 && err_has "NOT_FOUND"'

# ------------------------------------------------- the HTTP gateway

PORT=$(http_port approval)
post() { # TOKEN METHOD JSON: the body on stdout, the HTTP status last
	curl -s -S --max-time 20 -w '\n%{http_code}' -X POST \
	    -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
	    --data-binary "$3" "http://127.0.0.1:$PORT/v1/$2"
}
if command -v curl >/dev/null && [ -n "$PORT" ]; then
	run post "$VIEWER" GetCompleteness '{"region": "batubara", "year": 2024}'
	check "POST /v1/GetCompleteness: the region's totals" \
	    'rc_is 0 && out_has "\"not_reporting\":1}" && out_has "\"approved\":1" &&
	     [ "$(printf "%s\n" "$OUT" | tail -n 1)" = 200 ] || why "status"'
	run post "$OTHER" TransitionYear \
	    '{"unit": "sei-suka", "year": 2024, "action": "APPROVAL_ACTION_VERIFY"}'
	check "POST /v1/TransitionYear out of region: 403 naming the unit" \
	    'out_has "unit \\\"sei-suka\\\" is not under it" &&
	     [ "$(printf "%s\n" "$OUT" | tail -n 1)" = 403 ] || why "status"'
	run post "$VIEWER" GetApproval '{"unit": "sei-balai", "year": 2024}'
	check "POST /v1/GetApproval: disetujui with its history" \
	    'out_has "\"label\":\"disetujui $TODAY oleh demo-loader-" &&
	     count_of "\"what\":\"approval\"" 3'
else
	echo "ok - # SKIP the HTTP gateway: no curl or no port"
fi

finish
