#!/bin/bash
# test_triwulan.sh - triwulan (docs/triwulan.md) through the real binaries:
# the demo's quarterly IKM imported with its period column, a count with
# its periods written the ways people write them (TW I, Triwulan II,
# triwulan 3, TW 4, Tahunan), `capaian --triwulan` against the triwulan's
# and the yearly target, `trend --quarters`, what is refused (a period not
# understood, a triwulan for a yearly indicator, a triwulan outside 1-4)
# with nothing written, the HTTP gateway's POST /v1/GetCapaian with the
# same figures as the CLI, and an export that rebuilds the quarters.
#
#   test_triwulan.sh KINERJAD KINERJA DATA_DIR
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 KINERJAD KINERJA DATA_DIR" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
DATA=$3
command -v curl >/dev/null || { echo "$0: needs curl" >&2; exit 2; }

. "$(dirname "$0")/harness.sh"

start_http main --db "$(db k)" --listen "ipc://$tmp/k.sock" \
    --http 127.0.0.1:0 --log-level warn
port=$PORT
K=("$KINERJA" --url "ipc://$tmp/k.sock")

# ------------------------------------------------- the demo's quarters

run "${K[@]}" import "$DATA"/*.csv
check "the demo, with its period column, imports" 'rc_is 0 && out_has imported'

run "${K[@]}" capaian --unit tanjung-tiram --year 2025 --triwulan 3
check "capaian --triwulan 3: IKM 89,45 against TW III 89,00 and the year's 90,00" '
    rc_is 0 && out_has "Target TW III" && out_has "Capaian thd target TW (%)" &&
    out_has "Capaian thd target tahunan (%)" &&
    out_has "89,00                  89,45" && out_has "100,51" &&
    out_has "99,39" && out_has "indikator hanya bernilai tahunan" && out_lacks "n/a" &&
    out_has "Capaian kinerja tanjung-tiram triwulan III: 100,51 thd target TW, 99,39 thd target tahunan"'

run "${K[@]}" capaian --unit tanjung-tiram --year 2025
check "the yearly capaian is as before: 100,04" \
    'rc_is 0 && out_has "Capaian kinerja tanjung-tiram: 100,04"'

for form in "TW III" "Triwulan 3" III; do
	run "${K[@]}" --format json capaian --unit tanjung-tiram --year 2025 \
	    --triwulan "$form"
	check "--triwulan \"$form\" is triwulan 3" \
	    'rc_is 0 && out_has "\"triwulan\":3," && out_has "\"capaian\":100.51,"'
done

run "${K[@]}" trend --unit tanjung-tiram --indicator IKM --year 2025 --quarters
check "trend --quarters: the four triwulan of 2025" '
    rc_is 0 && out_has "Target TW" && out_has "TW I 2025" &&
    out_has "TW IV 2025       90,00              90,07       100,08" &&
    out_has "+1,50"'

# ------------------------------- a count, periods as people write them

cat >"$tmp/indicators.csv" <<'CSV'
indicator;name;satuan;polarity;value_type;quarterly
LAYAN;Dokumen kependudukan yang diterbitkan;Dokumen;maximize;number;kumulatif
CSV
cat >"$tmp/sasaran.csv" <<'CSV'
unit;sasaran;indicator
tanjung-tiram;Meningkatnya Pelayanan Administrasi Kependudukan;LAYAN
CSV
cat >"$tmp/values.csv" <<'CSV'
unit;indicator;year;kind;value;period
tanjung-tiram;LAYAN;2025;target;1200;Tahunan
tanjung-tiram;LAYAN;2025;target;300;TW I
tanjung-tiram;LAYAN;2025;target;600;Triwulan II
tanjung-tiram;LAYAN;2025;target;900;triwulan 3
tanjung-tiram;LAYAN;2025;target;1200;TW 4
tanjung-tiram;LAYAN;2025;realisasi;280;tw1
tanjung-tiram;LAYAN;2025;realisasi;610;TW II
tanjung-tiram;LAYAN;2025;realisasi;955;Triwulan III
tanjung-tiram;LAYAN;2025;realisasi;1180;
CSV
run "${K[@]}" import "$tmp/indicators.csv" "$tmp/sasaran.csv" "$tmp/values.csv"
check "a count with periods TW I, Triwulan II, triwulan 3, TW 4, Tahunan imports" \
    'rc_is 0 && out_has "imported 11 rows"'

run "${K[@]}" indicators
check "indicators: LAYAN sums its quarters, IKM latest, AKIP yearly" '
    rc_is 0 && out_has "sum" && out_has "latest (bawaan)" &&
    out_has "yearly (bawaan)"'

run "${K[@]}" capaian --unit tanjung-tiram --year 2025 --triwulan III
check "LAYAN triwulan III: 955 to date, 345 in the quarter, 106,11 and 79,58" '
    rc_is 0 && out_has "kumulatif" && out_has "955" && out_has "345" &&
    out_has "106,11" && out_has "79,58"'
CLI_JSON=$("${K[@]}" --format json capaian --unit tanjung-tiram --year 2025 \
    --triwulan 3 2>&1)

run "${K[@]}" --format csv capaian --unit tanjung-tiram --year 2025 --triwulan 3
check "--format csv: the triwulan table" '
    rc_is 0 && out_has "Target TW III" && out_has "3,LAYAN,Dokumen,kumulatif,900.00,955.00,345.00,106.11,1200.00,79.58,Sangat Tinggi"'

# ------------------------------------------------ refused, nothing written

BEFORE=$CLI_JSON
cat >"$tmp/bad-period.csv" <<'CSV'
unit;indicator;year;kind;value;period
tanjung-tiram;LAYAN;2025;realisasi;1100;TW IV
tanjung-tiram;LAYAN;2025;realisasi;400;semester 1
CSV
run "${K[@]}" import "$tmp/bad-period.csv"
check "a period not understood: file:line and the column, nothing written" '
    rc_is 1 && err_has "bad-period.csv:3: period: \"semester 1\" is not a period" &&
    err_has "nothing was written"'

cat >"$tmp/bad-yearly.csv" <<'CSV'
unit;indicator;year;kind;value;period
tanjung-tiram;LAYAN;2025;realisasi;1100;TW IV
tanjung-tiram;AKIP;2025;realisasi;71;TW II
CSV
run "${K[@]}" import "$tmp/bad-yearly.csv"
check "a triwulan for AKIP (yearly only): refused by the service, file:line" '
    rc_is 1 && err_has "bad-yearly.csv:3: period:" &&
    err_has "yearly values only" && err_has "nothing was written"'

run "${K[@]}" capaian --unit tanjung-tiram --year 2025 --triwulan 5
check "--triwulan 5: INVALID_ARGUMENT naming triwulan" '
    rc_is 1 && err_has "INVALID_ARGUMENT" && err_has "triwulan: 5 is not 1-4"'

run "${K[@]}" capaian --unit tanjung-tiram --year 2025 --triwulan V
check "--triwulan V: refused by the CLI" 'rc_fails && err_has "--triwulan"'

AFTER=$("${K[@]}" --format json capaian --unit tanjung-tiram --year 2025 \
    --triwulan 3 2>&1)
RC=0 OUT=$AFTER ERR= CMD="capaian --triwulan 3 after the refusals"
check "after the refusals the triwulan figures are unchanged" \
    '[ "$BEFORE" = "$AFTER" ] || why "changed"'
run "${K[@]}" --format json capaian --unit tanjung-tiram --year 2025 --triwulan 4
check "LAYAN triwulan IV is not the refused 1100" '
    rc_is 0 && out_lacks "\"realisasi\":1100" && out_has "tidak ada realisasi triwulan ini"'

# --------------------------------------------------- the HTTP gateway

printf '%s' '{"unit": "tanjung-tiram", "year": 2025, "triwulan": 3}' >"$tmp/req.json"
HTTP_JSON=$(curl -s -S --max-time 20 -X POST --data-binary @"$tmp/req.json" \
    -H 'Content-Type: application/json' \
    "http://127.0.0.1:$port/v1/GetCapaian" 2>&1)
RC=0 OUT=$HTTP_JSON ERR= CMD="POST /v1/GetCapaian triwulan 3"
numbers() {
	grep -o "\"$1\":-\?[0-9.]*" | cut -d: -f2 | awk '{ printf "%.2f\n", $1 }'
}
same_numbers() {
	local a b
	a=$(printf '%s' "$HTTP_JSON" | numbers "$1")
	b=$(printf '%s' "$CLI_JSON" | numbers "$1")
	[ -n "$a" ] || why "no \"$1\" in the HTTP answer"
	[ "$a" = "$b" ] || why "\"$1\" differs: HTTP $(echo $a) vs CLI $(echo $b)"
}
check "POST /v1/GetCapaian with triwulan: the CLI's figures" '
    out_has "\"triwulan\":3" && same_numbers capaian &&
    same_numbers year_capaian && same_numbers target &&
    same_numbers realisasi && same_numbers in_quarter &&
    out_has "\"year_capaian\":99.39"'

printf '%s' '{"unit": "tanjung-tiram", "year": 2025, "triwulan": 7}' >"$tmp/req.json"
OUT=$(curl -s -S --max-time 20 -X POST --data-binary @"$tmp/req.json" \
    -H 'Content-Type: application/json' \
    "http://127.0.0.1:$port/v1/GetCapaian" 2>&1)
check "POST /v1/GetCapaian with triwulan 7: INVALID_ARGUMENT" \
    'out_has "\"code\":3" && out_has "triwulan: 7 is not 1-4"'

# ------------------------------------------------------ the round trip

run "${K[@]}" export "$tmp/export"
check "export: values.csv carries the period, indicators.csv the rule" '
    rc_is 0 && grep -q ";tw3$" "$tmp/export/values.csv" &&
    grep -Eq "^LAYAN;([^;]*;){6}sum(;|$)" "$tmp/export/indicators.csv" ||
    why "no period or rule in the export: $(head -3 "$tmp/export/indicators.csv")"'
start_server rt --db "$(db rt)" --listen "ipc://$tmp/rt.sock"
run "$KINERJA" --url "ipc://$tmp/rt.sock" import "$tmp/export"/*.csv
check "the export imports into a fresh database" 'rc_is 0'
RT=$("$KINERJA" --url "ipc://$tmp/rt.sock" --format json capaian \
    --unit tanjung-tiram --year 2025 --triwulan 3 2>&1)
RC=0 OUT=$RT ERR= CMD="capaian --triwulan 3 after the round trip"
check "round trip: the same triwulan figures" \
    '[ "$RT" = "$CLI_JSON" ] || why "differ"'

# A triwulan has no roll-up and no Renstra target: refused, naming it.
run "${K[@]}" capaian --unit batubara --year 2025 --triwulan 2
check "a region's capaian for a triwulan: INVALID_ARGUMENT (the roll-up is yearly)" \
    'rc_is 1 && err_has "INVALID_ARGUMENT" && err_has "triwulan: the roll-up"'
run "${K[@]}" capaian --unit tanjung-tiram --year 2025 --triwulan 2 --against renstra
check "a triwulan against the Renstra: INVALID_ARGUMENT" \
    'rc_is 1 && err_has "INVALID_ARGUMENT" && err_has "Renstra target is yearly"'

finish
