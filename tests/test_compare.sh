#!/bin/bash
# test_compare.sh - issue #14's comparisons through the real binaries:
# capaian against the Renstra target, `kinerja compare` (units x years with
# the point gap), `kinerja akip --years`, the survey's respondent count, the
# skm sheet's respondents column and the values sheet's target_renstra, and
# each reply's --format json equal to the gateway's POST /v1/<Method>.
#
#   test_compare.sh KINERJAD KINERJA DATA_DIR
#
# Expected figures are computed by hand from data/batubara (docs/domain.md:
# full precision, rounded once, half away from zero, to 2 decimals).
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

URL="ipc://$tmp/k.sock"
K=("$KINERJA" --url "$URL")

# start_server returns once Health answers, after the demo has loaded.
start_http main --db "$(db k)" --demo --listen "$URL" \
    --http 127.0.0.1:0 --log-level warn
port=$PORT
BASE=http://127.0.0.1:$port

# same_as_http METHOD JSON: the last --format json reply ($OUT) is what
# the gateway answers to POST /v1/METHOD with the same request.
same_as_http() {
	local body
	body=$(curl -s -S --max-time 20 -X POST -H 'Content-Type: application/json' \
	    --data-binary "$2" "$BASE/v1/$1") || { why "curl failed"; return 1; }
	[ "$body" = "$OUT" ] || why "CLI and POST /v1/$1 differ:
CLI:  $OUT
HTTP: $body"
}

# ------------------------------------------------ capaian --against renstra

# Lima Puluh Pesisir 2022 (LPP Tabel 3.6/3.7): the Renstra targets are
# IKM 85,00 and AKIP 72,60; the PK has only AKIP 75,00 (data README rule 9).
#   IKM  against Renstra: 82,48 / 85,00 * 100 = 97,0352... -> 97,04
#   AKIP against Renstra: 72,59 / 72,60 * 100 = 99,9862... -> 99,99
#   AKIP against PK:      72,59 / 75,00 * 100 = 96,7866... -> 96,79
run "${K[@]}" capaian --unit lima-puluh-pesisir --year 2022 --against renstra
check "capaian --against renstra: the Renstra targets, labelled" '
    rc_is 0 && out_has "terhadap target Renstra" &&
    out_has "Target Renstra" && out_has "97,04" && out_has "99,99" &&
    out_lacks "96,79"'

run "${K[@]}" capaian --unit lima-puluh-pesisir --year 2022
check "capaian (PK, the default): AKIP 96,79, IKM without a PK target" '
    rc_is 0 && out_has "terhadap target Perjanjian Kinerja (PK)" &&
    out_has "96,79" && out_has "tidak ada target tahun ini" &&
    out_lacks "97,04"'

run "${K[@]}" --format json capaian --unit lima-puluh-pesisir --year 2022 \
    --against renstra
check "capaian --against renstra --format json equals POST /v1/GetCapaian" '
    rc_is 0 && out_has "\"against\":\"AGAINST_RENSTRA\"" &&
    out_has "\"capaian\":97.04" &&
    same_as_http GetCapaian "{\"unit\":\"lima-puluh-pesisir\",\"year\":2022,\"against\":\"AGAINST_RENSTRA\"}"'

run "${K[@]}" capaian --unit lima-puluh-pesisir --year 2022 --against rpjmd
check "capaian --against rpjmd: a usage error naming the flag" '
    rc_is 2 && err_has "--against: \"rpjmd\" is not pk or renstra"'

# ------------------------------------------------------------- compare

# IKM, PK targets (data README): sei-balai 2023 80,50/85,00 = 94,7058...,
# 2024 75,35/85,00 = 88,6470...; medang-deras 2023 85,35/88,31 = 96,6482...,
# 2024 82,36/88,35 = 93,2201...; lima-puluh-pesisir 2023 88,12/88,37 =
# 99,7170... The gaps to sei-balai, exact then rounded once:
#   medang-deras 2023 +1,9422... -> +1,94   2024 +4,5730... -> +4,57
#   lima-puluh-pesisir 2023 +5,0112... -> +5,01
run "${K[@]}" compare --indicator IKM \
    --units sei-balai,medang-deras,lima-puluh-pesisir --years 2021-2025
check "compare: 3 units x 5 years with the gaps to sei-balai" '
    rc_is 0 && out_has "Perbandingan IKM" && out_has "2021-2025" &&
    out_has "Selisih: capaian dikurangi capaian sei-balai" &&
    out_has "94,71" && out_has "96,65" && out_has "+1,94" &&
    out_has "+4,57" && out_has "+5,01" && out_has "99,72" &&
    [ "$(printf "%s\n" "$OUT" | grep -c "^medang-deras ")" -eq 5 ] ||
    why "expected 5 rows of medang-deras"'

run "${K[@]}" --format csv compare --indicator IKM --units sei-balai,medang-deras \
    --years 2024
check "compare --format csv: one row per unit and year, plain numbers" '
    rc_is 0 && out_has "medang-deras,Kecamatan Medang Deras,2024,88.35,82.36,93.22,Sangat Tinggi,+4.57" &&
    [ "$(printf "%s\n" "$OUT" | wc -l)" -eq 3 ] || why "expected a header and 2 rows"'

run "${K[@]}" --format json compare --indicator IKM \
    --units sei-balai,medang-deras,lima-puluh-pesisir --years 2021-2025
check "compare --format json equals POST /v1/GetComparison" '
    rc_is 0 && out_has "\"reference\":\"sei-balai\"" && out_has "\"gap\":4.57" &&
    same_as_http GetComparison "{\"indicator\":\"IKM\",\"units\":[\"sei-balai\",\"medang-deras\",\"lima-puluh-pesisir\"],\"from_year\":2021,\"to_year\":2025}"'

# Against the Renstra: lima-puluh-pesisir 2021 82,28 / 80,00 = 102,85.
run "${K[@]}" compare --indicator IKM --units lima-puluh-pesisir \
    --years 2020-2023 --against renstra
check "compare --against renstra: LPP Tabel 3.6 recomputed" '
    rc_is 0 && out_has "terhadap target Renstra" && out_has "106,81" &&
    out_has "102,85" && out_has "97,04" && out_has "99,72"'

run "${K[@]}" compare --indicator IKM --region batubara --years 2025
check "compare --region: the reporting units of the region, by code" '
    rc_is 0 && out_has "datuk-tanah-datar" && out_has "tanjung-tiram" &&
    [ "$(printf "%s\n" "$OUT" | grep -c " 2025 ")" -eq 6 ] ||
    why "expected the 6 kecamatan"'

run "${K[@]}" compare --indicator IKM --units sei-balai --years 2025-2021
check "compare with the years reversed: INVALID_ARGUMENT naming from_year" '
    rc_is 1 && err_has "INVALID_ARGUMENT" && err_has "from_year: 2025..2021"'

run "${K[@]}" compare --indicator IKM --units sei-balai --years 1990-2025
check "compare over more than 30 years: refused" '
    rc_is 1 && err_has "more than 30 years"'

run "${K[@]}" compare --indicator IKM --units sei-balai,nowhere --years 2024
check "compare with an unknown unit: NOT_FOUND naming it" '
    rc_is 1 && err_has "NOT_FOUND" && err_has "nowhere"'

run "${K[@]}" compare --indicator IKM --years 2024
check "compare without units or a region: usage" 'rc_is 2'

# --------------------------------------------------------- benchmarks

# Set through the gateway (an admin's write; auth is off here).
curl -s -S --max-time 20 -X POST -H 'Content-Type: application/json' \
    --data-binary '{"benchmarks":[{"indicator":"IKM","year":2024,"value":82.5,"source":"Standar Provinsi Sumatera Utara"}]}' \
    "$BASE/v1/SubmitBenchmarks" >"$tmp/bench.json"
OUT=$(cat "$tmp/bench.json") RC=0 ERR= CMD="POST /v1/SubmitBenchmarks"
check "SubmitBenchmarks through the gateway creates one" \
    'out_has "\"created\":1"'

run "${K[@]}" capaian --unit sei-balai --year 2024
check "capaian shows the benchmark beside the realisasi, with its source" '
    rc_is 0 && out_has "Pembanding IKM 2024: 82,50 (sumber: Standar Provinsi Sumatera Utara), realisasi 75,35"'

run "${K[@]}" compare --indicator IKM --units sei-balai,medang-deras --years 2023-2024
check "compare lists the benchmark of the year under the table" '
    rc_is 0 && out_has "Pembanding 2024: 82,50 (sumber: Standar Provinsi Sumatera Utara)" &&
    out_lacks "Pembanding 2023"'

run "${K[@]}" --format json capaian --unit sei-balai --year 2024
check "capaian --format json carries the benchmark, as POST /v1/GetCapaian" '
    rc_is 0 && out_has "\"benchmark\":82.5" &&
    same_as_http GetCapaian "{\"unit\":\"sei-balai\",\"year\":2024}"'

# --------------------------------------------------------- akip --years

# Medang Deras, MD Tabel 3.12: totals 69,13 (2020), 69,12 (2021), 66,66
# (2023), 70,30 (2024), 74,10 (2025); no evaluation for 2022.
run "${K[@]}" akip --unit medang-deras --years 2020-2025
check "akip --years: components as rows, years as columns, totals" '
    rc_is 0 && out_has "Evaluasi AKIP Kecamatan Medang Deras, 2020-2025" &&
    out_has "Pencapaian Sasaran/Kinerja Organisasi" &&
    printf "%s\n" "$OUT" | grep -q "^Jumlah  *69,13  *69,12  *66,66  *70,30  *74,10$" &&
    printf "%s\n" "$OUT" | grep -q "^Predikat  *B  *B  *B  *BB  *BB$" &&
    out_has "Tanpa evaluasi: 2022" || why "table as expected"'

run "${K[@]}" --format json akip --unit medang-deras --years 2020-2025
check "akip --years --format json equals POST /v1/GetAkipYears" '
    rc_is 0 && out_has "\"missing\":[2022]" &&
    same_as_http GetAkipYears "{\"unit\":\"medang-deras\",\"from_year\":2020,\"to_year\":2025}"'

run "${K[@]}" akip --unit medang-deras --year 2025
check "akip --year still shows one evaluation" \
    'rc_is 0 && out_has "Evaluasi AKIP Kecamatan Medang Deras, 2025"'

# ------------------------------------------------- respondents, sheets

run "${K[@]}" survey --unit sei-balai --year 2024
check "survey from means without a count: the number is not known, not 0" '
    rc_is 0 && out_has "jumlah responden tidak diketahui" &&
    out_lacks "0 responden"'

{
	echo "unit;year;unsur;nrr;respondents"
	for u in 1 2 3 4 5 6 7 8 9; do echo "sei-suka;2025;$u;3,20;150"; done
	echo "unit;indicator;year;kind;value" >"$tmp/renstra.csv"
	echo "sei-suka;IKM;2025;target_renstra;82,00" >>"$tmp/renstra.csv"
	echo "sei-suka;IKM;2025;realisasi;80,00" >>"$tmp/renstra.csv"
} >"$tmp/skm.csv"
run "${K[@]}" import "$tmp/skm.csv" "$tmp/renstra.csv"
check "import: skm with respondents, values with target_renstra" 'rc_is 0'

run "${K[@]}" survey --unit sei-suka --year 2025
check "survey shows the stated count" \
    'rc_is 0 && out_has "150 responden: nilai rata-rata per unsur"'

run "${K[@]}" --format json survey --unit sei-suka --year 2025
check "survey --format json: respondents 150, stated, equals the gateway" '
    rc_is 0 && out_has "\"respondents\":150" &&
    out_has "\"respondents_stated\":true" &&
    same_as_http GetSurvey "{\"unit\":\"sei-suka\",\"year\":2025}"'

# 80,00 / 82,00 * 100 = 97,5609... -> 97,56
run "${K[@]}" capaian --unit sei-suka --year 2025 --against renstra
check "target_renstra is the Renstra target: 80,00 / 82,00 = 97,56" \
    'rc_is 0 && out_has "82,00" && out_has "97,56"'

mkdir "$tmp/out"
run "${K[@]}" export --unit sei-suka --year 2025 "$tmp/out"
check "export writes the stated count back into skm.csv" '
    rc_is 0 && grep -q "^sei-suka;2025;1;3,20;150$" "$tmp/out/skm.csv" ||
    why "skm.csv: $(cat "$tmp/out/skm.csv" 2>&1)"'

{
	echo "unit;year;unsur;nrr;respondents"
	for u in 1 2 3 4 5 6 7 8; do echo "sei-suka;2024;$u;3,20;150"; done
	echo "sei-suka;2024;9;3,20;140"
} >"$tmp/skm-bad.csv"
run "${K[@]}" import "$tmp/skm-bad.csv"
check "skm rows of one survey with two counts: refused naming the line" '
    rc_is 1 && err_has "skm-bad.csv:10: respondents: 140 where an earlier row of sei-suka 2024 says 150" &&
    err_has "nothing was written"'

run "${K[@]}" survey --unit sei-suka --year 2024
check "... and nothing was written" 'rc_is 1 && err_has "NOT_FOUND"'

finish
