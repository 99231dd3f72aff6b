#!/bin/bash
# test_cli.sh - end-to-end test of the kinerja CLI against real kinerjad
# processes: the Batu Bara demo on one server, CSV import on a second, fresh
# one. Only ipc:// sockets inside a temporary directory are used.
#
#   test_cli.sh KINERJAD KINERJA DATA_DIR
#
# Needs only bash, coreutils, grep, sed and awk (mawk). Expected figures are
# recomputed by hand from docs/domain.md (full precision, rounded once, half
# away from zero, to 2 decimals), never copied from the reports.
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 KINERJAD KINERJA DATA_DIR" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
DATA=$3
for f in "$KINERJAD" "$KINERJA"; do
	if [ ! -x "$f" ]; then
		echo "$0: $f: not an executable" >&2
		exit 2
	fi
done
if [ ! -r "$DATA/values.csv" ]; then
	echo "$0: $DATA: no values.csv (expected data/batubara)" >&2
	exit 2
fi

. "$(dirname "$0")/harness.sh"

# ---------------------------------------------- the demo server (data/batubara)

URL1="ipc://$tmp/k.sock"
K1=("$KINERJA" --url "$URL1")

start_server demo --db "$(db demo)" --demo --listen "$URL1"
RC=$? OUT=$(cat "$tmp/demo.out") ERR=$(cat "$tmp/demo.err")
CMD="kinerjad --db $(db demo) --demo --listen $URL1"
ELAPSED_MS=0
check "kinerjad --demo starts and answers health within 10 s" \
    'rc_is 0 && err_has "demo: loaded"'
[ "$RC" -eq 0 ] || finish
DEMO_PID=$SERVER_PID

run "${K1[@]}" health
check "health: exit 0 and SERVING" 'rc_is 0 && out_has SERVING'

run "${K1[@]}" --format json health
check "health --format json: valid JSON with status SERVING" \
    'rc_is 0 && json_valid && top status "\"SERVING\"" && top version "\"0.1.0\""'

run "${K1[@]}" units
check "units: the 8 demo units" '
    rc_is 0 && out_has sumut && out_has batubara && out_has tanjung-tiram &&
    out_has lima-puluh-pesisir && out_has sei-balai && out_has medang-deras &&
    out_has sei-suka && out_has datuk-tanah-datar &&
    out_has "Kecamatan Tanjung Tiram" &&
    [ "$(printf "%s\n" "$OUT" | wc -l)" -eq 9 ] ||
    why "expected a header and 8 rows"'

run "${K1[@]}" --format json units
check "units --format json: valid JSON, 8 units, 6 kecamatan" \
    'rc_is 0 && json_valid && count_of "{\"code\":" 8 &&
     count_of "\"level\":\"LEVEL_KECAMATAN\"" 6'

run "${K1[@]}" indicators
check "indicators: IKM and AKIP" '
    rc_is 0 && out_has IKM && out_has AKIP &&
    out_has "Indeks Kepuasan Masyarakat" &&
    [ "$(printf "%s\n" "$OUT" | wc -l)" -eq 3 ] ||
    why "expected a header and 2 rows"'

# sub KEY FIELD WANT: FIELD of the object stored under "KEY":{...}.
sub() {
	local obj got
	obj=$(printf '%s' "$OUT" | grep -o "\"$1\":{[^{}]*}" | head -n 1)
	[ -n "$obj" ] || { why "no object $1"; return 1; }
	got=$(jtok "${obj#*:}" "$2")
	same_tok "$got" "$3" || why "$1.$2: expected $3, got ${got:-(absent)}"
}

# after MATCH KEY WANT: the first KEY after the text MATCH in the last
# reply, for a row holding a message (a budget line's "amount":{...}).
after() {
	local got
	case $OUT in
	*"$1"*) ;;
	*) why "no $1"; return 1 ;;
	esac
	got=$(jtok "${OUT#*"$1"}" "$2")
	same_tok "$got" "$3" || why "$1 ... $2: expected $3, got ${got:-(absent)}"
}

# --- capaian, recomputed per docs/domain.md

run "${K1[@]}" --format json capaian --unit tanjung-tiram --year 2025
TT2025=$OUT
check "capaian tanjung-tiram 2025: IKM 100.08, AKIP 100.00, overall 100.04" '
    rc_is 0 && json_valid &&
    ind IKM target 90 && ind IKM realisasi 90.07 && ind IKM capaian 100.08 &&
    ind IKM predikat "\"Sangat Tinggi\"" &&
    ind AKIP target 71.38 && ind AKIP realisasi 71.38 &&
    ind AKIP capaian 100.00 && ind AKIP realisasi_predikat "\"BB\"" &&
    top capaian 100.04 && top predikat "\"Sangat Tinggi\""'

check "capaian JSON shape: unit, year, indicators, sasaran, capaian" '
    sub unit code "\"tanjung-tiram\"" && top year 2025 &&
    sub unit name "\"Kecamatan Tanjung Tiram\"" &&
    out_has "\"indicators\":[{" && out_has "\"sasaran\":[{" &&
    count_of "{\"indicator\":" 2 && count_of "{\"sasaran\":" 2 &&
    sas "Meningkatnya Kepuasan Masyarakat terhadap Pelayanan Publik" 100.08 &&
    sas "Meningkatnya Akuntabilitas Perangkat Daerah" 100.00'

run "${K1[@]}" capaian --unit tanjung-tiram --year 2025 --format json
check "--format json after the command gives the same reply" \
    'rc_is 0 && [ "$OUT" = "$TT2025" ] || why "replies differ"'

run "${K1[@]}" capaian --format json --year 2025 --unit tanjung-tiram
check "--format json among the command's flags gives the same reply" \
    'rc_is 0 && [ "$OUT" = "$TT2025" ] || why "replies differ"'

run "${K1[@]}" --format json capaian --unit medang-deras --year 2025
check "capaian medang-deras 2025: IKM 98.59 (report: 98,20)" '
    rc_is 0 && json_valid && ind IKM target 89.20 && ind IKM realisasi 87.94 &&
    ind IKM capaian 98.59 && ind AKIP capaian 100.00'

run "${K1[@]}" --format json capaian --unit lima-puluh-pesisir --year 2023
check "capaian lima-puluh-pesisir 2023: IKM 99.72 (not truncated 99,71)" \
    'rc_is 0 && json_valid && ind IKM capaian 99.72'
check "capaian lima-puluh-pesisir 2023: AKIP 96.69, realisasi 70.20 is BB (report: B)" '
    ind AKIP target 72.60 && ind AKIP realisasi 70.20 &&
    ind AKIP capaian 96.69 && ind AKIP realisasi_predikat "\"BB\"" &&
    ind AKIP target_predikat "\"BB\""'

run "${K1[@]}" --format json capaian --unit sei-balai --year 2024
check "capaian sei-balai 2024: IKM 88.65 Tinggi, AKIP 102.28" '
    rc_is 0 && json_valid &&
    ind IKM target 85 && ind IKM realisasi 75.35 && ind IKM capaian 88.65 &&
    ind IKM predikat "\"Tinggi\"" &&
    ind AKIP target 71 && ind AKIP realisasi 72.62 &&
    ind AKIP capaian 102.28 && ind AKIP predikat "\"Sangat Tinggi\""'

run "${K1[@]}" --format json capaian --unit tanjung-tiram --year 2023
check "capaian tanjung-tiram 2023: AKIP 97.89 (report: 97,98), realisasi B" '
    rc_is 0 && json_valid && ind AKIP target 71 && ind AKIP realisasi 69.50 &&
    ind AKIP capaian 97.89 && ind AKIP realisasi_predikat "\"B\"" &&
    ind IKM capaian 100.07'

# A demo unit-year with a realisasi but no PK target: n/a, never 0.
run "${K1[@]}" --format json capaian --unit lima-puluh-pesisir --year 2022
check "capaian without a PK target: target and capaian absent, na_reason, mean over the rest" '
    rc_is 0 && json_valid &&
    ind IKM target absent && ind IKM realisasi 82.48 && ind IKM capaian absent &&
    ind IKM predikat "\"\"" && ind_has IKM na_reason &&
    sas "Meningkatkan Kepuasan Masyarakat terhadap Pelayanan Publik" absent &&
    ind AKIP capaian 96.79 && top capaian 96.79'

# --- predikat-only targets (tanjung-tiram 2021 AKIP target "B")

run "${K1[@]}" --format json capaian --unit tanjung-tiram --year 2021
check "predikat-only target B: converted to 60.00 by default (capaian 109.15)" '
    rc_is 0 && json_valid && ind AKIP target_converted true &&
    ind AKIP target 60.00 && ind AKIP target_predikat "\"B\"" &&
    ind AKIP realisasi 65.49 && ind AKIP realisasi_converted false &&
    ind AKIP capaian 109.15 && ind IKM target_converted false &&
    ind IKM capaian 97.75 && top capaian 103.45'

run "${K1[@]}" --format json capaian --unit tanjung-tiram --year 2021 \
    --predikat-rule upper
check "--predikat-rule upper: B counts as 70.00 (capaian 93.56)" '
    rc_is 0 && ind AKIP target_converted true && ind AKIP target 70.00 &&
    ind AKIP capaian 93.56'

run "${K1[@]}" --format json capaian --unit tanjung-tiram --year 2021 \
    --predikat-rule mid
check "--predikat-rule mid: B counts as 65.00 (capaian 100.75)" '
    rc_is 0 && ind AKIP target 65.00 && ind AKIP capaian 100.75'

run "${K1[@]}" capaian --unit tanjung-tiram --year 2021
check "table marks a converted target and names the rule" \
    'rc_is 0 && out_has "B* (60,00)" && out_has "batas bawah"'

# --- table and CSV

run "${K1[@]}" capaian --unit tanjung-tiram --year 2025
check "table format: Indonesian decimals and the unit name" '
    rc_is 0 && out_has "100,08" && out_has "100,04" && out_has "90,07" &&
    out_has "BB (71,38)" && out_has "Kecamatan Tanjung Tiram" &&
    out_lacks "100.08"'

run "${K1[@]}" --format csv capaian --unit tanjung-tiram --year 2025
check "csv format: header No,Sasaran..., one line per indicator" '
    rc_is 0 &&
    { printf "%s\n" "$OUT" | head -n 1 | grep -q "^No,Sasaran" ||
      why "first line does not start with No,Sasaran"; } &&
    [ "$(printf "%s\n" "$OUT" | wc -l)" -eq 3 ] &&
    out_has ",IKM," && out_has "100.08" && out_lacks "100,08"'

# --- analytics: ranking, trend, progress

# field MATCH KEY WANT: KEY of the first flat JSON object of the last reply
# that contains the text MATCH (e.g. '"unit":"sei-suka"').
field() {
	local obj got
	obj=$(printf '%s' "$OUT" | grep -oF -- "$1" >/dev/null &&
	    printf '%s' "$OUT" | grep -o "{[^{}]*$1[^{}]*}" | head -n 1)
	[ -n "$obj" ] || { why "no object with $1"; return 1; }
	got=$(jtok "$obj" "$2")
	same_tok "$got" "$3" || why "$1 $2: expected $3, got ${got:-(absent)}"
}

run "${K1[@]}" --format json ranking --year 2025 --indicator IKM --region batubara
check "ranking IKM 2025 realisasi: Tanjung Tiram first, Medang Deras up 2" '
    rc_is 0 && json_valid &&
    field "\"unit\":\"tanjung-tiram\"" rank 1 &&
    field "\"unit\":\"tanjung-tiram\"" value 90.07 &&
    field "\"unit\":\"medang-deras\"" rank 2 &&
    field "\"unit\":\"medang-deras\"" previous_rank 4 &&
    field "\"unit\":\"medang-deras\"" rank_change 2 &&
    field "\"unit\":\"sei-suka\"" rank 3 &&
    field "\"unit\":\"sei-balai\"" rank 0 &&
    field "\"unit\":\"sei-balai\"" na_reason "\"tidak ada realisasi tahun ini\"" &&
    count_of "{\"rank\":" 6'

run "${K1[@]}" --format json ranking --year 2024 --indicator IKM --by capaian
check "ranking IKM 2024 by capaian: Datuk Tanah Datar 118.31 first" '
    rc_is 0 && json_valid &&
    field "\"unit\":\"datuk-tanah-datar\"" rank 1 &&
    field "\"unit\":\"datuk-tanah-datar\"" value 118.31 &&
    field "\"unit\":\"sei-balai\"" value 88.65 &&
    field "\"unit\":\"sei-balai\"" predikat "\"Tinggi\""'

run "${K1[@]}" --format json ranking --year 2025 --overall --units medang-deras,tanjung-tiram
check "ranking --overall of two peers: Tanjung Tiram 100.04, Medang Deras 99.29" '
    rc_is 0 && json_valid && count_of "{\"rank\":" 2 &&
    field "\"unit\":\"tanjung-tiram\"" rank 1 &&
    field "\"unit\":\"tanjung-tiram\"" value 100.04 &&
    field "\"unit\":\"medang-deras\"" value 99.29'

run "${K1[@]}" ranking --year 2025 --indicator IKM
check "ranking table: Indonesian decimals and the rank change" '
    rc_is 0 && out_has "90,07" && out_has "naik 2" && out_has "Peringkat"'

# The chart is kinerjad's (GetChart): capaian, as the documents draw it.
run "${K1[@]}" --format svg ranking --year 2025 --indicator IKM
check "ranking --format svg: GetChart's bar chart of capaian" '
    rc_is 0 && out_has "<svg" && out_has "</svg>" &&
    out_has "Kecamatan Tanjung Tiram" && out_has ">100,08<" &&
    out_has "Capaian (%)"'

run "${K1[@]}" --format svg ranking --year 2025 --overall
check "ranking --format svg --overall: no such chart, usage error" '
    rc_is 2 && err_has "--format svg"'

run "${K1[@]}" --format json trend --unit medang-deras --indicator IKM --from 2021 --to 2025
check "trend Medang Deras IKM 2021-2025: the 2024 dip, slope, not on track" '
    rc_is 0 && json_valid && count_of "{\"year\":" 5 &&
    field "\"year\":2024" realisasi 82.36 &&
    field "\"year\":2024" direction "\"DIRECTION_TURUN\"" &&
    field "\"year\":2024" delta -2.99 &&
    field "\"year\":2025" direction "\"DIRECTION_NAIK\"" &&
    field "\"year\":2025" capaian 98.59 &&
    top slope 1.364 && top projection 88.182 && top end_year 2026 &&
    top end_target 90.2 && top on_track false && top best_year 2025 &&
    top worst_year 2021'

run "${K1[@]}" trend --unit medang-deras --indicator IKM --from 2021
check "trend table: sparkline, direction words and the projection" '
    rc_is 0 && out_has "turun" && out_has "naik" && out_has "▁" &&
    out_has "Proyeksi 2026" && out_has "tidak on track"'

run "${K1[@]}" --format svg trend --unit medang-deras --indicator IKM
check "trend --format svg: an SVG line chart" '
    rc_is 0 && out_has "<svg" && out_has "</svg>" && out_has "Tahun" &&
    out_has "82,36" && out_has "Target"'

run "${K1[@]}" --format svg trend --unit medang-deras --indicator IKM --from 2021
check "trend --format svg --from without --to: usage error" '
    rc_is 2 && err_has "--from needs --to"'

run "${K1[@]}" --format json progress --unit medang-deras --year 2025
check "progress Medang Deras 2025: IKM 97.49 (Tabel 3.7), AKIP 99.93" '
    rc_is 0 && json_valid && ind IKM kemajuan 97.49 &&
    ind IKM end_target 90.2 && ind AKIP kemajuan 99.93'

run "${K1[@]}" --format json progress --unit tanjung-tiram --year 2025
check "progress Tanjung Tiram 2025 against the 2030 targets" '
    rc_is 0 && json_valid && ind IKM kemajuan 98.71 && ind IKM end_year 2030 &&
    ind AKIP kemajuan 98.46'

run "${K1[@]}" ranking --year 2025
check "ranking without --indicator or --overall: usage error" 'rc_is 2'

run "${K1[@]}" trend --unit medang-deras --indicator NOPE
check "trend of an unknown indicator: NOT_FOUND" 'rc_is 1 && err_has NOT_FOUND'

run "${K1[@]}" --format svg capaian --unit tanjung-tiram --year 2025
check "--format svg is refused where there is no chart" 'rc_is 2'

# --- budget, efficiency, survey, AKIP components

run "${K1[@]}" --format json budget --unit tanjung-tiram --year 2025
check "budget Tanjung Tiram 2025: total 91.81, the 99.97 program, the pagu gap" '
    rc_is 0 && json_valid && sub total serapan 91.81 &&
    after "\"code\":\"7.01.02\"" serapan 99.97 &&
    top program_mean 98.11 &&
    field "\"line\":\"7.01.01\"" difference_sen "\"35730000000\"" &&
    field "\"line\":\"7.01.01\"" field "\"pagu\""'

run "${K1[@]}" --format json budget --unit medang-deras --year 2025
check "budget Medang Deras 2025: stated total 97.84, parts that differ found" '
    rc_is 0 && json_valid && sub stated_total serapan 97.84 &&
    sub stated_total realisasi_sen "\"534519634424\"" &&
    field "\"line\":\"TOTAL\"" field "\"realisasi\"" &&
    field "\"line\":\"P1.K1\"" stated_sen "\"287800000\"" &&
    after "\"code\":\"P1\"" serapan 95.77 && sub belanja_total serapan 97.84'

run "${K1[@]}" --format json budget --unit sei-balai --year 2024
check "budget Sei Balai 2024: weighted 95.35 against the program mean 98.34" '
    rc_is 0 && json_valid && sub total serapan 95.35 &&
    top program_mean 98.34 &&
    after "\"name\":\"Belanja Pegawai\"" serapan 94.66'

run "${K1[@]}" budget --unit tanjung-tiram --year 2025
check "budget table: amounts in rupiah the Indonesian way, the finding" '
    rc_is 0 && out_has "4.163.873.053,00" && out_has "91,81" &&
    out_has "Temuan" && out_has "357.300.000,00"'

run "${K1[@]}" --format json efficiency --unit lima-puluh-pesisir --year 2023
check "efficiency Lima Puluh Pesisir 2023: 7.09 recomputed (report 7,08), 5.01" '
    rc_is 0 && json_valid &&
    after "\"sasaran\":\"Meningkatkan Kepuasan" efisiensi 7.09 &&
    after "\"sasaran\":\"Meningkatkan Kepuasan" whole_budget true &&
    after "\"sasaran\":\"Meningkatnya Akuntabilitas" efisiensi 5.01'

run "${K1[@]}" --format json survey --unit sei-balai --year 2024
check "survey Sei Balai 2024 from unsur means: IKM 75.42, mutu C" '
    rc_is 0 && json_valid && top ikm 75.42 && top mutu "\"C\"" &&
    top weakest 9 && field "\"unsur\":4" nrr 3.99'

run "${K1[@]}" --format json akip --unit sei-balai --year 2024
check "akip Sei Balai 2024: 72.62 BB against targets 71.00, capaian 102.28" '
    rc_is 0 && json_valid && top total 72.62 && top predikat "\"BB\"" &&
    out_has "\"target_total\":71,\"capaian\":102.28," &&
    top realisasi 72.62 && top finding "\"\"" &&
    field "\"name\":\"Perencanaan Kinerja\"" capaian 103.79'

run "${K1[@]}" --format json akip --unit lima-puluh-pesisir --year 2020
check "akip Lima Puluh Pesisir 2020: components sum to 66.56, the stated 66,87 is the realisasi" '
    rc_is 0 && json_valid && top total 66.56 && top predikat "\"B\"" &&
    top realisasi 66.87 && top realisasi_derived false &&
    out_has "\"finding\":\"komponen evaluasi AKIP menghasilkan 66,56, realisasi tercatat 66,87 (selisih -0,31)\""'

# Issue #12: the stated total is the realisasi wherever both appear.
run "${K1[@]}" akip --unit lima-puluh-pesisir --year 2020
check "akip table: the stated realisasi and the finding, in Indonesian" '
    rc_is 0 && out_has "Realisasi AKIP tercatat 66,87 (dinyatakan)" &&
    out_has "Temuan: komponen evaluasi AKIP menghasilkan 66,56, realisasi tercatat 66,87 (selisih -0,31)"'
run "${K1[@]}" --format json capaian --unit medang-deras --year 2021
check "capaian MD 2021: stated 69,22 is the realisasi (138.44, as validate says), the component sum a finding" '
    rc_is 0 && json_valid && ind AKIP realisasi 69.22 && ind AKIP capaian 138.44 &&
    ind AKIP derived 69.12 && ind AKIP derived_from "\"akip\"" && ind_has AKIP finding'
run "${K1[@]}" capaian --unit medang-deras --year 2021
check "capaian table MD 2021: the finding under the table" '
    rc_is 0 && out_has "Temuan AKIP: komponen evaluasi AKIP menghasilkan 69,12, realisasi tercatat 69,22"'
run "${K1[@]}" --format json trend --unit medang-deras --indicator AKIP --from 2020 --to 2021
check "trend MD AKIP 2020->2021 rises, as the report has it (69,12 -> 69,22)" '
    rc_is 0 && json_valid && out_has "\"realisasi\":69.22" &&
    out_has "DIRECTION_NAIK"'

run "${K1[@]}" akip --unit tanjung-tiram --year 2025
check "akip without an evaluation: NOT_FOUND" 'rc_is 1 && err_has NOT_FOUND'

# --- report, export and the round trip

run "${K1[@]}" --format md report --unit medang-deras --year 2025
check "report md: numbered, sourced tables with the recomputed figures" '
    rc_is 0 &&
    out_has "# Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun 2025" &&
    out_has "**Tabel 3.1 Capaian indikator kinerja tahun 2025**" &&
    out_has "| 98,59 |" && out_has "*Sumber: Capaian (kinerja capaian)" &&
    out_has "atau 97,49%." && out_has "Realisasi anggaran tahun 2025" &&
    out_lacks "| 98,20 |"'

run "${K1[@]}" --format html report --unit tanjung-tiram --year 2025
check "report html: a page with its numbered tables and a print stylesheet" '
    rc_is 0 && out_has "<!DOCTYPE html>" &&
    out_has "<caption>Tabel 3.1" && out_has "91,81" &&
    out_has "@media print" && out_has "</html>"'

run "${K1[@]}" --format md report --unit sei-suka --year 2025
check "report of a unit without budget says so instead of empty tables" '
    rc_is 0 && out_has "Belum ada data anggaran untuk tahun 2025." &&
    out_has "Tingkat efisiensi tahun 2025 belum dapat dihitung"'

run "${K1[@]}" report --unit sei-suka --year 2025
check "report without --format writes the HTML" \
    'rc_is 0 && out_has "<!DOCTYPE html>"'

run "${K1[@]}" --format csv report --unit sei-suka --year 2025
check "report refuses a format that is no document" 'rc_is 2'

run "${K1[@]}" --format md report --unit lima-puluh-pesisir --year 2023
check "report efficiency says whose serapan each row uses" '
    rc_is 0 &&
    out_has "| 99,72 | 92,63 | 7,09 | 92,89 | seluruh anggaran unit |" &&
    out_has "| 96,69 | 91,68 | 5,01 | 94,82 | program sasaran ini |"'


# --- ranking by serapan, IKM and AKIP, recomputed from the data files:
# serapan = sum of the programs' realisasi / pagu (GetBudget's weighted
# total), IKM = sum of the 9 NRR / 9 * 25, AKIP = sum of the component
# scores; each rounded once, half away from zero.

# expected_rank MEASURE YEAR: "rank unit value" of the ranked units.
expected_rank() {
	awk -F';' -v m="$1" -v y="$2" '
	function e2(s,  i, f) {
		gsub(/\./, "", s)
		if (!(i = index(s, ","))) return s * 100
		f = substr(s, i + 1) "00"
		return substr(s, 1, i - 1) * 100 + substr(f, 1, 2)
	}
	FNR == 1 { next }
	$2 != y { next }
	m == "serapan" && $3 != "TOTAL" && $7 == "" {
		pagu[$1] += e2($5); real[$1] += e2($6); seen[$1] = 1 }
	m == "ikm" { sum[$1] += e2($4); seen[$1] = 1 }
	m == "akip" { sum[$1] += e2($5); seen[$1] = 1 }
	END {
		for (u in seen) {
			if (m == "serapan") v = int(real[u] * 10000 / pagu[u] + 0.5)
			else if (m == "ikm") v = int(sum[u] * 25 / 9 + 0.5)
			else v = sum[u]
			printf "%s %.2f\n", u, v / 100
		}
	}' "$DATA/$3" | sort -k2,2nr -k1,1 |
	    awk '{ n++; if ($2 != last) r = n; last = $2; print r, $1, $2 }'
}

# ranked_rows: "rank unit value" of the ranked rows of a JSON ranking.
ranked_rows() {
	printf '%s\n' "$OUT" | sed 's/},{/}\n{/g' |
	    sed -n 's/.*"rank":\([1-9][0-9]*\),"unit":"\([^"]*\)".*"value":\([0-9.]*\),.*/\1 \2 \3/p' |
	    awk '{ printf "%s %s %.2f\n", $1, $2, $3 }'
}

for spec in "serapan 2025 budget.csv" "serapan 2024 budget.csv" \
    "ikm 2024 skm.csv" "ikm 2025 skm.csv" "akip 2024 akip.csv" \
    "akip 2025 akip.csv"; do
	read -r M Y F <<<"$spec"
	WANT=$(expected_rank "$M" "$Y" "$F")
	NONE=$((6 - $(printf "%s\n" "$WANT" | wc -l)))
	run "${K1[@]}" --format json ranking --year "$Y" --by "$M" --region batubara
	check "ranking --by $M $Y: ranks and values recomputed from $F; the rest unranked with a reason" '
	    rc_is 0 && json_valid &&
	    out_has "\"measure\":\"RANK_MEASURE_$(printf %s "$M" | tr a-z A-Z)\"" &&
	    [ -n "$WANT" ] && { [ "$(ranked_rows)" = "$WANT" ] ||
	        why "got $(ranked_rows | tr "\n" "/"), want $(printf "%s" "$WANT" | tr "\n" "/")"; } &&
	    count_of "\"rank\":0," "$NONE" &&
	    count_of "\"na_reason\":\"\"" "$((6 - NONE))"'
done

run "${K1[@]}" --format json ranking --year 2025 --by akip
check "ranking --by akip 2025: medang-deras 74.10 BB, up from rank 2 in 2024" '
    rc_is 0 && out_has "{\"rank\":1,\"unit\":\"medang-deras\",\"name\":\"Kecamatan Medang Deras\",\"value\":74.1,\"predikat\":\"BB\",\"na_reason\":\"\",\"previous_rank\":2,\"rank_change\":1}"'

run "${K1[@]}" ranking --year 2025 --by serapan
check "ranking --by serapan table: Indonesian headers, 96,27 and 91,81, reason for the rest" '
    rc_is 0 && out_has "Peringkat serapan anggaran (%) 2025" &&
    out_has "Serapan (%)" && out_has "96,27" && out_has "91,81" &&
    out_has "tidak ada anggaran tahun ini" && out_lacks "no budget"'

run "${K1[@]}" ranking --year 2024 --by ikm
check "ranking --by ikm table: Mutu column, sei-balai 75,42 C" '
    rc_is 0 && out_has "Mutu" && out_has "75,42  C"'

run "${K1[@]}" ranking --year 2025 --by serapan --indicator IKM
check "ranking --by serapan with --indicator: usage error" 'rc_is 2'

# --- a decimal comma in comma-separated CSV (issue #12): "85,5" unquoted is
# two fields; the record is refused, not read as 85 with an ignored extra
# column, and nothing is written.

printf 'unit,indicator,year,kind,value\ntanjung-tiram,IKM,2023,realisasi,88\ntanjung-tiram,IKM,2023,target,85,5\n' \
    >"$tmp/pk.csv"
BEFORE=$("${K1[@]}" --format json capaian --unit tanjung-tiram --year 2023)
for dry in --dry-run ""; do
	run "${K1[@]}" import $dry "$tmp/pk.csv"
	AFTER=$("${K1[@]}" --format json capaian --unit tanjung-tiram --year 2023)
	check "import ${dry:-(real)} of \"85,5\" unquoted in comma CSV: exit 1 naming line, counts and the fix; capaian unchanged" '
	    rc_is 1 && out_lacks imported && out_lacks checked &&
	    err_has "pk.csv:3: -: 6 fields where the header has 5; quote a value with a decimal comma (\"85,5\") or separate fields with '"';'"'" &&
	    { [ "$BEFORE" = "$AFTER" ] || why "capaian changed: $AFTER"; } &&
	    printf "%s" "$AFTER" | grep -qF "\"target\":88.31,"  || why "IKM 2023 target is not 88.31"'
done

EXPORT="$tmp/export"
run "${K1[@]}" export "$EXPORT"
check "export of everything: the import sheets" '
    rc_is 0 && out_has "exported 8 units" && [ -s "$EXPORT/values.csv" ] &&
    [ -s "$EXPORT/budget.csv" ] && [ -s "$EXPORT/akip.csv" ] &&
    [ -s "$EXPORT/skm.csv" ] || why "sheets missing in $EXPORT"'

URL3="ipc://$tmp/r.sock"
K3=("$KINERJA" --url "$URL3")
start_server roundtrip --db "$(db roundtrip)" --listen "$URL3"
run "${K3[@]}" import "$EXPORT"/*.csv
check "the exported sheets import into a fresh database" 'rc_is 0 && out_has "imported"'

same=0 differ=
for u in tanjung-tiram lima-puluh-pesisir sei-balai medang-deras sei-suka; do
	for y in 2020 2021 2022 2023 2024 2025; do
		for c in capaian budget efficiency akip survey progress; do
			# A year's approval is the workflow's record, not a
			# figure: the sheets do not carry it (docs/approval.md).
			a=$("${K1[@]}" --format json "$c" --unit "$u" --year "$y" 2>&1 |
			    sed 's/,"approval":{[^}]*}//')
			b=$("${K3[@]}" --format json "$c" --unit "$u" --year "$y" 2>&1 |
			    sed 's/,"approval":{[^}]*}//')
			if [ "$a" = "$b" ]; then
				same=$((same + 1))
			else
				differ="$differ $c/$u/$y"
			fi
		done
	done
	a=$("${K1[@]}" --format json trend --unit "$u" --indicator IKM 2>&1)
	b=$("${K3[@]}" --format json trend --unit "$u" --indicator IKM 2>&1)
	[ "$a" = "$b" ] && same=$((same + 1)) || differ="$differ trend/$u"
done
RC=0 OUT="$same identical" ERR=$differ CMD="compare 185 replies"
check "round trip: export, import into a fresh database, recompute: identical" \
    '[ -z "$differ" ] || why "differ:$differ"'

# --- validation of the reports' own tables

run "${K1[@]}" validate "$DATA"/../../tests/validation/*.csv
VAL=$(printf '%s\n' "$OUT" | grep ' \[[a-z_]*\]$' |
    sed -E 's#^.*/validation/([^:]+):([0-9]+): .* \[([a-z_]+)\]$#\1:\2 \3#' |
    sort)
check "validate: the reports' tables give exactly the expected findings" '
    rc_is 1 && out_has "42 findings in 69 tables" &&
    { [ "$VAL" = "$(cat "$DATA/../../tests/validation/expected.txt")" ] ||
      why "findings differ from tests/validation/expected.txt"; }'

run "${K1[@]}" validate "$DATA"/../../tests/validation/tt-2025-tabel-3.1-capaian.csv
check "validate: a correct table gives no findings, exit 0" '
    rc_is 0 && out_has "0 findings in 1 table"'

# --- errors and usage

run "${K1[@]}" capaian --unit no-such-unit --year 2025
check "unknown unit: exit 1, NOT_FOUND on stderr" \
    'rc_is 1 && err_has NOT_FOUND && [ -z "$OUT" ] || why "stdout not empty"'

run "${K1[@]}" capaian --unit tanjung-tiram --year 99
check "--year 99: usage error, exit 2" 'rc_is 2 && err_has "--year"'

run "${K1[@]}" capaian --unit tanjung-tiram
check "capaian without --year: exit 2" 'rc_is 2'

run "${K1[@]}" capaian --unit tanjung-tiram --year 2025 --predikat-rule sideways
check "--predikat-rule sideways: exit 2" 'rc_is 2 && err_has "predikat-rule"'

run "${K1[@]}" frobnicate
check "unknown command: exit 2" 'rc_is 2 && err_has frobnicate'

run "${K1[@]}" --format xml units
check "--format xml: exit 2" 'rc_is 2 && err_has xml'

run "${K1[@]}" --timeout 0 health
check "--timeout 0: exit 2" 'rc_is 2'

run "$KINERJA"
check "no command: usage on stderr, exit 2" 'rc_is 2 && err_has usage'

run "$KINERJA" --help
check "--help: exit 0, lists the commands" '
    rc_is 0 && out_has health && out_has units && out_has indicators &&
    out_has import && out_has capaian && out_has "--format"'

run "${K1[@]}" capaian --help
check "capaian --help: exit 0 and its usage" \
    'rc_is 0 && out_has "--unit" && out_has "--year" && out_has "--predikat-rule"'

# Help needs no server: this one points at a socket nobody listens on.
run "$KINERJA" --url "ipc://$tmp/nobody.sock" capaian --help
check "capaian --help works without a reachable kinerjad" \
    'rc_is 0 && out_has "--unit"'

run "$KINERJA" --version
check "--version: kinerja 0.1.0" 'rc_is 0 && [ "$OUT" = "kinerja 0.1.0" ] ||
    why "stdout is not exactly kinerja 0.1.0"'

# --- operations: metrics and the request log

run "${K1[@]}" capaian --unit nowhere --year 2025
check "capaian of an unknown unit: NOT_FOUND" 'rc_fails && err_has NOT_FOUND'

run "${K1[@]}" metrics
check "metrics: uptime, database size and a row per method called" '
    rc_is 0 && out_has "kinerjad aktif" && out_has " byte" &&
    out_has "<=1ms" && out_has ">1000ms" &&
    printf "%s\n" "$OUT" | grep -Eq "^Health +[1-9][0-9]* +0 " &&
    printf "%s\n" "$OUT" | grep -Eq "^GetCapaian +[1-9][0-9]* +[1-9]" &&
    printf "%s\n" "$OUT" | grep -Eq "^Import +[1-9][0-9]* +0 " ||
    why "expected Health without errors, GetCapaian with errors, Import"'

run "${K1[@]}" --format csv metrics
check "metrics --format csv: header and rows of 13 fields (3 ms and 30 ms among the bounds)" '
    rc_is 0 && out_has "Metode,Permintaan,Galat,<=1ms,<=3ms,<=5ms,<=10ms,<=30ms" &&
    [ -z "$(printf "%s\n" "$OUT" | awk -F, "NF != 13")" ]'

run "${K1[@]}" --format json metrics
check "metrics --format json: valid, with database_bytes and methods" '
    rc_is 0 && json_valid && out_has "\"database_bytes\":" &&
    out_has "\"method\":\"Health\"" && out_has "\"latency\":["'

# (After the metrics checks: these imports are refused by kinerjad.)
# --- plausibility (issue #12): a value outside its indicator's valid range,
# or written with % for a satuan that is not %, is refused naming the
# field and the range; duplicate respondent ids name both lines.

BEFORE=$("${K1[@]}" --format json capaian --unit tanjung-tiram --year 2023)
printf 'unit;indicator;year;kind;value\ntanjung-tiram;IKM;2023;target;90\ntanjung-tiram;IKM;2023;realisasi;150\n' \
    >"$tmp/ikm150.csv"
run "${K1[@]}" import "$tmp/ikm150.csv"
AFTER=$("${K1[@]}" --format json capaian --unit tanjung-tiram --year 2023)
check "import of IKM 150: exit 1 naming the line, the field and the range 25..100; nothing written" '
    rc_is 1 && out_lacks imported &&
    err_has "ikm150.csv:3: value: 150 di luar rentang sah IKM (25..100 Nilai)" &&
    { [ "$BEFORE" = "$AFTER" ] || why "capaian changed: $AFTER"; }'

printf 'unit;indicator;year;kind;value\ntanjung-tiram;IKM;2023;realisasi;80,5 %%\n' \
    >"$tmp/ikmpct.csv"
run "${K1[@]}" import --dry-run "$tmp/ikmpct.csv"
check "import of \"80,5 %\" for IKM (satuan Nilai): refused naming the satuan" '
    rc_is 1 && err_has "ikmpct.csv:2: value: written with %, but the satuan of IKM is Nilai"'

printf 'unit;year;respondent;u1;u2;u3;u4;u5;u6;u7;u8;u9\nsei-suka;2025;R1;4;4;3;4;3;3;4;3;2\nsei-suka;2025;R12;4;4;3;4;3;3;4;3;2\nsei-suka;2025;R12;3;3;3;3;3;3;3;3;3\n' \
    >"$tmp/skm-dup.csv"
run "${K1[@]}" import "$tmp/skm-dup.csv"
check "skm responses with respondent R12 twice: refused naming both lines" '
    rc_is 1 && err_has "skm-dup.csv:4: respondent: \"R12\" already on line 3"'

run "${K1[@]}" indicators
check "indicators: the valid range of each (defaults: IKM 25..100, AKIP 0..100)" '
    rc_is 0 && out_has valid_range && out_has "25..100" && out_has "0..100"'

# The demo's IKM values lie in 75,00..99,79: a min of 80 would contradict
# stored ones; a max of 99,8 does not, and then 99,9 is refused.
printf 'indicator;name;satuan;polarity;value_type;min;max\nIKM;Indeks Kepuasan Masyarakat (IKM);Nilai;maximize;number;80;\n' \
    >"$tmp/ind-min.csv"
run "${K1[@]}" import --dry-run "$tmp/ind-min.csv"
check "an indicators sheet setting min 80 while stored IKM values are below: refused, naming the count" '
    rc_is 1 && err_has "ind-min.csv:2: min: $(awk -F";" "\$2 == \"IKM\" && \$5 + 0 < 80" "$DATA/values.csv" | wc -l) stored values of IKM lie outside 80..100 Nilai; change them first"'
printf 'indicator;name;satuan;polarity;value_type;min;max\nIKM;Indeks Kepuasan Masyarakat (IKM);Nilai;maximize;number;;"99,8"\n' \
    >"$tmp/ind-range.csv"
printf 'unit;indicator;year;kind;value\ntanjung-tiram;IKM;2023;realisasi;99,9\n' \
    >"$tmp/ikm999.csv"
run "${K1[@]}" import --dry-run "$tmp/ind-range.csv" "$tmp/ikm999.csv"
check "an indicators sheet setting max 99,8: a realisasi of 99,9 in the same import is refused with 25..99.8" '
    rc_is 1 && err_has "ikm999.csv:2: value: 99.9 di luar rentang sah IKM (25..99.8 Nilai)"'
run "${K1[@]}" --format json indicators
check "that refused import changed no indicator" \
    'rc_is 0 && out_has "\"code\":\"IKM\"" && out_lacks "\"min\":"'

run grep -Ec '^[0-9-]{10}T[0-9:]{8}Z info Health OK [0-9]+\.[0-9]{3}ms id=[0-9a-f]{32} peer=ipc$' "$tmp/demo.err"
check "log: one info line per Health request with time, status, duration, id, caller" \
    '[ "$OUT" -ge 2 ] 2>/dev/null || why "$OUT matching lines"'

run grep -Ec ' warn GetCapaian NOT_FOUND ' "$tmp/demo.err"
check "log: a rejected request is logged at warn" '[ "$OUT" -ge 1 ] 2>/dev/null'

run "$KINERJA" --url "ipc://$tmp/nobody.sock" --timeout 10000 \
    capaian --unit tanjung-tiram --year 2025
check "unreachable kinerjad: non-zero exit, UNAVAILABLE, well under the timeout" \
    'rc_fails && err_has UNAVAILABLE && faster_than 3000'

run "$KINERJA" --url "ipc://$tmp/nobody.sock" health
check "unreachable kinerjad (default 30 s timeout): health fails quickly" \
    'rc_fails && err_has UNAVAILABLE && faster_than 3000'

# --- kinerjad's own flags

run "$KINERJAD" --workers 0 --db "$tmp/never.db" --listen "ipc://$tmp/never.sock"
check "kinerjad --workers 0: exit 2" 'rc_is 2 && err_has "--workers"'

run "$KINERJAD" --db "$tmp/never.db" --listen "ipc://$tmp/never.sock" --frob
check "kinerjad --frob: exit 2" 'rc_is 2'

run env KINERJA_LOG_LEVEL=loud "$KINERJAD" --db "$tmp/never.db" --listen "ipc://$tmp/never.sock"
check "KINERJA_LOG_LEVEL=loud: exit 2 naming the levels" \
    'rc_is 2 && err_has "loud" && err_has "warn"'

run env KINERJA_WORKERS=0 "$KINERJAD" --db "$tmp/never.db" --listen "ipc://$tmp/never.sock"
check "KINERJA_WORKERS=0: exit 2" 'rc_is 2 && err_has KINERJA_WORKERS'

run "$KINERJAD" --version
check "kinerjad --version: kinerjad 0.1.0" 'rc_is 0 && out_has "kinerjad 0.1.0"'

run env KINERJA_WORKERS=0 KINERJA_LOG_LEVEL=loud "$KINERJAD" --workers 2 --log-level warn \
    --db "$tmp/env-flag.db" --listen "ipc://$tmp/no/such/dir.sock"
check "flags win over bad environment variables (here it fails later, at listen)" \
    'rc_is 1 && err_has "2 workers" && err_lacks KINERJA_WORKERS && err_lacks loud'


run "$KINERJAD" --help
check "kinerjad --help: exit 0 and usage" \
    'rc_is 0 && out_has "--listen" && out_has "--db" && out_has "--workers"'

run test ! -e "$tmp/never.db"
check "kinerjad with bad flags creates no database" 'rc_is 0'

# ------------------------------------------------ import on a fresh server

URL2="ipc://$tmp/i.sock"
K2=("$KINERJA" --url "$URL2")
start_server import --db "$(db import)" --listen "$URL2"
RC=$? OUT=$(cat "$tmp/import.out") ERR=$(cat "$tmp/import.err")
CMD="kinerjad --db $(db import) --listen $URL2"
check "second kinerjad (no --demo) starts" 'rc_is 0'
IMPORT_PID=$SERVER_PID

run "${K2[@]}" --format csv units
check "fresh server has no units" \
    'rc_is 0 && [ "$OUT" = "unit,name,parent,level" ] || why "expected only the header"'

# Sheets in both separators, with quoted fields, a BOM, CRLF and Indonesian
# numbers.
printf 'unit,name,parent,level\r\nprov-t,Provinsi Uji,,provinsi\r\nkab-t,"Kabupaten Uji, Selatan",prov-t,kabupaten\r\nkec-t,Kecamatan Uji,kab-t,kecamatan\r\n' \
    >"$tmp/units.csv"
cat >"$tmp/indicators.csv" <<'EOF'
indicator;name;satuan;polarity;value_type
ADU;Jumlah pengaduan;Kasus;minimize;number
HARI;"Lama layanan; hari kerja";Hari;minimize;number
DOK;Dokumen perencanaan;Dokumen;maximize;number
AK;Nilai AKIP;Nilai;maximize;akip
SKM;Indeks kepuasan;Nilai;maximize;number
EOF
{
	printf '\357\273\277'
	cat <<'EOF'
unit;sasaran;indicator;tujuan
kec-t;Menurunnya pengaduan;ADU;Pelayanan prima
kec-t;Menurunnya pengaduan;HARI;Pelayanan prima
kec-t;Tersedianya dokumen;DOK;Tata kelola
kec-t;Meningkatnya akuntabilitas;AK;Tata kelola
kec-t;Meningkatnya kepuasan;SKM;Pelayanan prima
EOF
} >"$tmp/sasaran.csv"
cat >"$tmp/values.csv" <<'EOF'
unit,indicator,year,kind,value
kec-t,ADU,2024,target,"1.234,5"
kec-t,ADU,2024,realisasi,"1.000,25"
kec-t,HARI,2024,target,8
kec-t,HARI,2024,realisasi,"7,99"
kec-t,DOK,2024,target,0
kec-t,DOK,2024,realisasi,3
kec-t,AK,2024,target,"BB (71,38)"
kec-t,AK,2024,realisasi,"72,10 (BB)"
kec-t,SKM,2024,target,"88,5"
kec-t,AK,2025,target,B
kec-t,DOK,2025,target,"1.250,00"
kec-t,DOK,2025,realisasi,1000
kec-t,SKM,2025,target,80
kec-t,SKM,2025,realisasi,"80,1"
EOF
GOOD=("$tmp/values.csv" "$tmp/sasaran.csv" "$tmp/indicators.csv" "$tmp/units.csv")

run "${K2[@]}" import "${GOOD[@]}"
check "good import (4 sheets, any order): exit 0, imported 27 rows" \
    'rc_is 0 && out_has "imported 27 rows from 4 files" && [ -z "$ERR" ] ||
     why "stderr not empty"'

run "${K2[@]}" --format json units
check "imported units: quoted name with a comma, CRLF sheet" '
    rc_is 0 && json_valid && count_of "{\"code\":" 3 &&
    out_has "\"name\":\"Kabupaten Uji, Selatan\"" &&
    out_has "{\"code\":\"kec-t\",\"name\":\"Kecamatan Uji\",\"parent\":\"kab-t\",\"level\":\"LEVEL_KECAMATAN\"}"'

run "${K2[@]}" --format json indicators
check "imported indicators: quoted name with a semicolon, polarity" '
    rc_is 0 && json_valid && count_of "{\"code\":" 5 &&
    out_has "\"name\":\"Lama layanan; hari kerja\"" &&
    out_has "{\"code\":\"ADU\",\"name\":\"Jumlah pengaduan\",\"satuan\":\"Kasus\",\"polarity\":\"POLARITY_MINIMIZE\",\"value_type\":\"VALUE_TYPE_NUMBER\",\"quarterly\":\"QUARTERLY_RULE_DEFAULT\",\"type\":\"INDICATOR_TYPE_UNSPECIFIED\",\"definisi\":\"\",\"formula\":\"\",\"sumber_data\":\"\",\"valid_range\":\">= 0\",\"quarterly_rule\":\"sum\"}" &&
    out_has "{\"code\":\"AK\",\"name\":\"Nilai AKIP\",\"satuan\":\"Nilai\",\"polarity\":\"POLARITY_MAXIMIZE\",\"value_type\":\"VALUE_TYPE_AKIP\",\"quarterly\":\"QUARTERLY_RULE_DEFAULT\",\"type\":\"INDICATOR_TYPE_UNSPECIFIED\",\"definisi\":\"\",\"formula\":\"\",\"sumber_data\":\"\",\"valid_range\":\"0..100\",\"quarterly_rule\":\"yearly\"}" &&
    out_has "\"code\":\"SKM\",\"name\":\"Indeks kepuasan\",\"satuan\":\"Nilai\",\"polarity\":\"POLARITY_MAXIMIZE\",\"value_type\":\"VALUE_TYPE_NUMBER\",\"quarterly\":\"QUARTERLY_RULE_DEFAULT\",\"type\":\"INDICATOR_TYPE_UNSPECIFIED\",\"definisi\":\"\",\"formula\":\"\",\"sumber_data\":\"\",\"valid_range\":\"25..100\""'

# 2024 by hand:
#   ADU (minimize) (2*1234.5 - 1000.25)/1234.5*100 = 118.97529... -> 118.98
#   HARI (minimize) (2*8 - 7.99)/8*100 = 100.125 exactly -> 100.13 (half away)
#   sasaran pengaduan (118.97529... + 100.125)/2 = 109.55014... -> 109.55
#   DOK target 0 -> n/a; AK 72.10/71.38*100 = 101.00868... -> 101.01
#   SKM target 88.5 without realisasi -> n/a
#   overall (109.55014... + 101.00868...)/2 = 105.27941... -> 105.28
run "${K2[@]}" --format json capaian --unit kec-t --year 2024
check "imported 2024: minimize ADU 118.98 from \"1.234,5\" and \"1.000,25\"" '
    rc_is 0 && json_valid && ind ADU target 1234.5 && ind ADU realisasi 1000.25 &&
    ind ADU capaian 118.98 && ind ADU predikat "\"Sangat Tinggi\""'
check "imported 2024: minimize HARI (16-7.99)/8 = 100.125 rounds half away to 100.13" \
    'ind HARI capaian 100.13'
check "imported 2024: target 0 gives no capaian, with na_reason" '
    ind DOK target 0 && ind DOK realisasi 3 && ind DOK capaian absent &&
    ind DOK predikat "\"\"" && ind DOK na_reason "\"target 0 pada indikator yang dimaksimalkan\"" &&
    sas "Tersedianya dokumen" absent'
check "imported 2024: target without realisasi gives no capaian, with na_reason" '
    ind SKM target 88.5 && ind SKM realisasi absent && ind SKM capaian absent &&
    ind_has SKM na_reason && sas "Meningkatnya kepuasan" absent'
check "imported 2024: AKIP \"72,10 (BB)\" against \"BB (71,38)\" is 101.01" '
    ind AK target 71.38 && ind AK realisasi 72.10 && ind AK capaian 101.01 &&
    ind AK realisasi_predikat "\"BB\"" && ind AK target_converted false'
check "imported 2024: sasaran means and overall 105.28 from unrounded values" '
    sas "Menurunnya pengaduan" 109.55 && sas "Meningkatnya akuntabilitas" 101.01 &&
    top capaian 105.28 && top predikat "\"Sangat Tinggi\""'

# 2025 by hand:
#   DOK 1000/1250*100 = 80.00 (Tinggi); SKM 80.1/80*100 = 100.125 -> 100.13
#   AK target "B" only -> 60.00 converted, no realisasi -> n/a
#   overall (80 + 100.125)/2 = 90.0625 -> 90.06 (not 90.07 from rounded parts)
run "${K2[@]}" --format json capaian --unit kec-t --year 2025
check "imported 2025: \"1.250,00\" target, 100.125 rounds to 100.13" '
    rc_is 0 && json_valid && ind DOK target 1250 && ind DOK capaian 80.00 &&
    ind DOK predikat "\"Tinggi\"" && ind SKM capaian 100.13'
check "imported 2025: predikat-only target without realisasi: 60.00 converted, n/a" '
    ind AK target 60.00 && ind AK target_converted true && ind AK capaian absent &&
    ind_has AK na_reason && ind ADU capaian absent && ind_has ADU na_reason'
check "imported 2025: overall 90.06 (rounded once), Tinggi" \
    'top capaian 90.06 && top predikat "\"Tinggi\""'

run "${K2[@]}" import "${GOOD[@]}"
check "importing the same good files again: everything unchanged" \
    'rc_is 0 && out_has "imported 27 rows from 4 files: 0 created, 0 updated, 27 unchanged"'

# What the server holds, to prove that failed imports write nothing.
snapshot() {
	{
		"${K2[@]}" --format csv units
		"${K2[@]}" --format csv indicators
		for y in 2024 2025 2026; do
			"${K2[@]}" --format json capaian --unit kec-t --year "$y"
		done
	} 2>&1
}

# bad_import NAME FILE LINE COLUMN FILES...: importing FILES fails naming
# FILE:LINE: COLUMN: and the server is unchanged.
bad_import() {
	local name=$1 file=$2 line=$3 col=$4 before after
	shift 4
	before=$(snapshot)
	run "${K2[@]}" import "$@"
	after=$(snapshot)
	check "bad import ($name): fails with $(basename "$file"):$line: $col:, writes nothing" '
	    rc_fails && err_has "$file:$line: $col: " &&
	    out_lacks imported &&
	    { [ "$before" = "$after" ] || why "server data changed"; }'
}

# A values sheet whose line 4 is the given row; the other rows are good.
bad_values() {
	local file="$tmp/$1" sep=$2
	printf 'unit%sindicator%syear%skind%svalue\n' "$sep" "$sep" "$sep" "$sep" >"$file"
	printf 'kec-t%sSKM%s2026%starget%s90\n' "$sep" "$sep" "$sep" "$sep" >>"$file"
	printf 'kec-t%sSKM%s2026%srealisasi%s91\n' "$sep" "$sep" "$sep" "$sep" >>"$file"
	printf '%s\n' "$3" >>"$file"
	printf 'kec-t%sDOK%s2026%starget%s2\n' "$sep" "$sep" "$sep" "$sep" >>"$file"
}

bad_values bad-year.csv ';' 'kec-t;AK;20x5;target;71'
bad_import 'year "20x5"' \
    "$tmp/bad-year.csv" 4 year "$tmp/bad-year.csv"

bad_values bad-kind.csv ';' 'kec-t;AK;2026;targte;71'
bad_import 'kind "targte"' \
    "$tmp/bad-kind.csv" 4 kind "$tmp/bad-kind.csv"

bad_values bad-ambiguous.csv ',' 'kec-t,ADU,2026,target,"1.738"'
bad_import 'ambiguous value "1.738"' \
    "$tmp/bad-ambiguous.csv" 4 value "$tmp/bad-ambiguous.csv"

bad_values bad-predikat.csv ';' 'kec-t;AK;2026;realisasi;BB (70,00)'
bad_import 'predikat "BB (70,00)" contradicts the bands' \
    "$tmp/bad-predikat.csv" 4 value "$tmp/bad-predikat.csv"

bad_values bad-unit.csv ';' 'kec-zz;AK;2026;target;71'
bad_import 'unknown unit code' \
    "$tmp/bad-unit.csv" 4 unit "$tmp/bad-unit.csv"

bad_values bad-indicator.csv ',' 'kec-t,XYZ,2026,target,71'
bad_import 'unknown indicator code' \
    "$tmp/bad-indicator.csv" 4 indicator "$tmp/bad-indicator.csv"

bad_values bad-score.csv ';' 'kec-t;AK;2026;target;101'
bad_import 'AKIP score 101 (checked by the server)' \
    "$tmp/bad-score.csv" 4 value "$tmp/bad-score.csv"

bad_values bad-range.csv ';' 'kec-t;AK;1850;target;71'
bad_import 'year 1850 (checked by the server)' \
    "$tmp/bad-range.csv" 4 year "$tmp/bad-range.csv"

bad_values bad-empty.csv ';' 'kec-t;AK;2026;target;'
bad_import 'empty value' \
    "$tmp/bad-empty.csv" 4 value "$tmp/bad-empty.csv"

# A predikat belongs to AKIP indicators only; SKM is a number indicator.
bad_values bad-numpred.csv ';' 'kec-t;SKM;2027;target;BB (71,00)'
bad_import 'AKIP predikat on a number indicator' \
    "$tmp/bad-numpred.csv" 4 value "$tmp/bad-numpred.csv"

# A CSV syntax error on line 4 is reported on line 4.
bad_values bad-quote.csv ',' 'kec-t,SKM,2027,target,"71"x'
bad_import 'text after a closing quote' \
    "$tmp/bad-quote.csv" 4 - "$tmp/bad-quote.csv"

# The bad row sits in the second of two files; the first is good.
bad_values good-first.csv ';' 'kec-t;DOK;2026;realisasi;2'
bad_values bad-second.csv ';' 'kec-t;AK;2026;kind?;71'
bad_import 'bad row in the second file' "$tmp/bad-second.csv" 4 kind \
    "$tmp/good-first.csv" "$tmp/bad-second.csv"

# A new unit and a value for it with an error only the server sees: the
# unit must not be written either ("every row is checked before anything
# is written").
printf 'unit;name;parent;level\nkec-n;Kecamatan Baru;kab-t;kecamatan\n' \
    >"$tmp/new-unit.csv"
printf 'unit;indicator;year;kind;value\nkec-n;AK;2026;target;71\nkec-n;AK;2026;realisasi;101\n' \
    >"$tmp/new-unit-values.csv"
bad_import 'server-side error for a unit defined in the same import' \
    "$tmp/new-unit-values.csv" 3 value \
    "$tmp/new-unit-values.csv" "$tmp/new-unit.csv"

printf 'kode;nama;induk\nkec-q;Kecamatan Q;kab-t\n' >"$tmp/bad-header.csv"
bad_import 'unrecognised header' \
    "$tmp/bad-header.csv" 1 header "$tmp/bad-header.csv"

# --- dry run

bad_values dry.csv ';' 'kec-t;AK;2026;target;BB (71,38)'
before=$(snapshot)
run "${K2[@]}" import --dry-run "$tmp/dry.csv"
after=$(snapshot)
check "import --dry-run of a good file: exit 0, checked, writes nothing" '
    rc_is 0 && out_has "checked 4 rows from 1 files" && out_lacks imported &&
    { [ "$before" = "$after" ] || why "server data changed"; }'

printf 'unit;indicator;year;kind;value\nkec-n;AK;2026;target;71\n' \
    >"$tmp/new-unit-good.csv"
before=$(snapshot)
run "${K2[@]}" import "$tmp/new-unit.csv" "$tmp/new-unit-good.csv" --dry-run
after=$(snapshot)
check "import --dry-run of a new unit and its values: checked, writes nothing" '
    rc_is 0 && out_has "checked 2 rows from 2 files" &&
    { [ "$before" = "$after" ] || why "server data changed"; }'

# --- a revised PK target (PK Perubahan): counted as updated, latest wins

printf 'unit;indicator;year;kind;value\nkec-t;AK;2024;target;BB (72,10)\n' \
    >"$tmp/revision.csv"
run "${K2[@]}" import "$tmp/revision.csv"
check "changed PK target: counted as updated" \
    'rc_is 0 && out_has "imported 1 rows from 1 files: 0 created, 1 updated, 0 unchanged"'

# AK 72.10/72.10 = 100.00; overall (109.55014... + 100)/2 = 104.77507 -> 104.78
run "${K2[@]}" --format json capaian --unit kec-t --year 2024
check "changed PK target: the latest value wins in capaian" '
    rc_is 0 && ind AK target 72.10 && ind AK capaian 100.00 &&
    sas "Meningkatnya akuntabilitas" 100.00 && top capaian 104.78'

# Two target rows of one year in one file, in revision order (as in
# data/batubara): the last one counts. 71.38/71.38 = 100.00 (against the
# first, 71.25: 100.18).
printf 'unit;indicator;year;kind;value\nkec-t;AK;2027;target;71,25\nkec-t;AK;2027;target;BB (71,38)\nkec-t;AK;2027;realisasi;BB (71,38)\n' \
    >"$tmp/revisions.csv"
run "${K2[@]}" import "$tmp/revisions.csv"
check "two revisions in one file: created and updated" \
    'rc_is 0 && out_has "imported 3 rows from 1 files: 2 created, 1 updated, 0 unchanged"'
run "${K2[@]}" --format json capaian --unit kec-t --year 2027
check "two revisions in one file: the later one wins (100.00, not 100.18)" \
    'rc_is 0 && ind AK target 71.38 && ind AK capaian 100.00'

run "${K2[@]}" import "$tmp/revisions.csv"
check "re-importing a file with revisions in order changes nothing" \
    'rc_is 0 && out_has "0 created, 0 updated, 3 unchanged"'

# --- the demo sheets themselves through `kinerja import`

run "${K2[@]}" import "$DATA"/*.csv
check "import of data/batubara: exit 0, 538 rows from 11 sheets" \
    'rc_is 0 && out_has "imported 538 rows from 11 files"'

run "${K2[@]}" --format json capaian --unit tanjung-tiram --year 2025
check "imported data/batubara gives the same capaian as --demo" \
    'rc_is 0 && [ "$OUT" = "$TT2025" ] || why "replies differ"'

run "${K2[@]}" import "$DATA"/*.csv
check "re-import of data/batubara: nothing created or updated" \
    'rc_is 0 && out_has "imported 538 rows from 11 files: 0 created, 0 updated, 357 unchanged"'

run "${K2[@]}" --format json capaian --unit tanjung-tiram --year 2025
check "after the re-import tanjung-tiram 2025 AKIP still counts 71.38" \
    'rc_is 0 && ind AKIP target 71.38 && ind AKIP capaian 100.00'

# --- imports larger than one request (10 000 items), files that share a
# unit-year

{
	echo "unit;name;parent;level"
	echo "sumut;Provinsi Sumatera Utara;;provinsi"
	echo "batubara;Kabupaten Batu Bara;sumut;kabupaten"
	seq 1 9993 | awk '{ printf "kec-%05d;Kecamatan %05d;batubara;kecamatan\n", $1, $1 }'
} >"$tmp/many-units.csv"
{
	echo "unit;year;code;name;pagu;realisasi"
	for i in 0 1 2 3 4 5 6 7 8 9; do
		echo "sei-suka;2020;P$i;Program $i;1.000;900"
	done
} >"$tmp/budget-ten.csv"
run "${K2[@]}" import "$tmp/many-units.csv" "$tmp/budget-ten.csv"
check "import of 10 005 rows (two requests): exit 0" \
    'rc_is 0 && out_has "imported 10005 rows from 2 files"'

run "${K2[@]}" --format csv budget --unit sei-suka --year 2020
check "a unit-year's budget lines travel in one request: all 10 programs kept" \
    'rc_is 0 && [ "$(printf "%s\n" "$OUT" | grep -c "^P[0-9],")" -eq 10 ] ||
    why "expected 10 program rows"'

for part in 1 2; do
	{
		echo "unit,year,respondent,u1,u2,u3,u4,u5,u6,u7,u8,u9"
		seq 1 25 | awk -v p="$part" '{ printf "sei-suka,2013,r%d-%d,4,3,3,4,3,3,4,3,2\n", p, $1 }'
	} >"$tmp/skm-part$part.csv"
done
run "${K2[@]}" import "$tmp/skm-part1.csv" "$tmp/skm-part2.csv"
check "a survey split over two files is one survey of 50 rows" \
    'rc_is 0 && out_has "imported 50 rows from 2 files: 1 created"'

run "${K2[@]}" --format json survey --unit sei-suka --year 2013
check "the split survey counts all 50 respondents" \
    'rc_is 0 && out_has "\"respondents\":50"'

printf 'unit,year,code,name,pagu,realisasi\nnobody,2015,P3,Prog,100,90\nsei-suka,1800,P1,Prog,100,90\n' \
    >"$tmp/budget-years.csv"
run "${K2[@]}" import "$tmp/budget-years.csv"
check "budget rows: every bad row is named by its line, a bad year too" \
    'rc_fails && err_has "budget-years.csv:2: unit" &&
    err_has "budget-years.csv:3: year: 1800 outside 1900-2200"'

{ echo "unit;year;unsur;nrr"; for u in 1 2 3 4; do echo "sei-suka;2012;$u;3,10"; done; } \
    >"$tmp/means-a.csv"
{ echo "unit;year;unsur;nrr"; for u in 5 6 7 8 9; do echo "sei-suka;2012;$u;3,20"; done; } \
    >"$tmp/means-b.csv"
run "${K2[@]}" import --dry-run "$tmp/means-a.csv" "$tmp/means-b.csv"
check "unsur means split over two files make one complete survey" \
    'rc_is 0 && out_has "9 rows from 2 files: 1 created"'

{ echo "unit;year;unsur;nrr"; for u in 1 2 3 4 5 6 7 8 9; do echo "sei-suka;2013;$u;3,00"; done; } \
    >"$tmp/means-2013.csv"
run "${K2[@]}" import --dry-run "$tmp/skm-part1.csv" "$tmp/means-2013.csv"
check "responses in one file and means in another for one unit-year: refused, named" \
    'rc_fails && err_has "means-2013.csv:2: unit: this unit and year has survey rows of the other kind"'

printf 'unit;year;component;weight;score;target\nsei-suka;2018;Perencanaan Kinerja;30;;\n' \
    >"$tmp/akip-empty.csv"
run "${K2[@]}" import "$tmp/akip-empty.csv"
check "an AKIP component without a score is refused, naming the cell" \
    'rc_fails && err_has "akip-empty.csv:2: score: empty"'

# ------------------------------------ issue #12: nothing silently changes

# Target 0 of a minimize indicator: none is 100 %, one is 0 % (README).
printf 'unit;indicator;year;kind;value\nkec-t;ADU;2026;target;0\nkec-t;ADU;2026;realisasi;0\nkec-t;HARI;2026;target;8\nkec-t;HARI;2026;realisasi;8\n' \
    >"$tmp/zero.csv"
run "${K2[@]}" import "$tmp/zero.csv"
check "target 0, minimize: import accepted" 'rc_is 0'
run "${K2[@]}" --format json capaian --unit kec-t --year 2026
check "target 0, minimize, realisasi 0: capaian 100, counted in the sasaran mean" '
    rc_is 0 && ind ADU capaian 100.00 && sas "Menurunnya pengaduan" 100.00'
printf 'unit;indicator;year;kind;value\nkec-t;ADU;2026;realisasi;1\n' >"$tmp/zero1.csv"
run "${K2[@]}" import "$tmp/zero1.csv"
run "${K2[@]}" --format json capaian --unit kec-t --year 2026
check "target 0, minimize, realisasi 1: capaian 0 (Sangat Rendah), mean 50" '
    rc_is 0 && ind ADU capaian 0.00 && ind ADU predikat "\"Sangat Rendah\"" &&
    sas "Menurunnya pengaduan" 50.00'
run "${K2[@]}" capaian --unit kec-t --year 2024
check "a maximize target 0 stays in the table with its reason; the sasaran says it is left out" '
    rc_is 0 && out_has "target 0 pada indikator yang dimaksimalkan" &&
    out_lacks "target is 0" &&
    out_has "Sasaran \"Tersedianya dokumen\": 1 indikator tanpa capaian, tidak dihitung dalam rata-rata"'

# A value no sasaran of the unit shows: written, with a warning at its line.
printf 'unit;indicator;year;kind;value\nkec-t;SKM;2026;target;80\nprov-t;SKM;2026;realisasi;81\n' \
    >"$tmp/unlinked.csv"
run "${K2[@]}" import --dry-run "$tmp/unlinked.csv"
check "dry run: the unlinked value is warned about at its line" '
    rc_is 0 && err_has "unlinked.csv:3: peringatan: indicator: no sasaran of unit \"prov-t\" shows \"SKM\"" &&
    err_lacks "unlinked.csv:2:" && out_has "with warnings (peringatan)"'
run "${K2[@]}" import "$tmp/unlinked.csv"
check "import: the unlinked value is written, with the same warning" '
    rc_is 0 && err_has "unlinked.csv:3: peringatan:" && out_has "2 created"'

# Stated vs derived: a stated total after an evaluation replaces the sum,
# the evaluation sent again keeps the stated total, and each says so.
printf '%s\n' 'unit;year;component;weight;score;target' \
    'kec-t;2026;Perencanaan Kinerja;30;26,05;' \
    'kec-t;2026;Pengukuran Kinerja;25;16,56;' \
    'kec-t;2026;Pelaporan Kinerja;15;9,13;' \
    'kec-t;2026;Evaluasi Akuntabilitas Kinerja Internal;10;5,69;' \
    'kec-t;2026;Pencapaian Sasaran/Kinerja Organisasi;20;9,13;' \
    >"$tmp/akip-t.csv"
printf 'unit;indicator;year;kind;value\nkec-t;AKIP;2026;target;70\nkec-t;AKIP;2026;realisasi;66,87\n' \
    >"$tmp/lhe.csv"
printf 'unit;sasaran;indicator;tujuan\nkec-t;Meningkatnya akuntabilitas;AKIP;Tata kelola\n' \
    >"$tmp/akip-link.csv"
run "${K2[@]}" import "$tmp/akip-link.csv"
run "${K2[@]}" import "$tmp/akip-t.csv"
check "AKIP evaluation alone: its sum 66,56 becomes the realisasi, no warning" '
    rc_is 0 && err_lacks peringatan'
run "${K2[@]}" import "$tmp/lhe.csv"
check "the stated LHE total replaces the derived sum, with two warnings" '
    rc_is 0 && err_has "lhe.csv:3: peringatan: value: replaces the realisasi 66.56 derived from the AKIP components" &&
    err_has "lhe.csv:3: peringatan: value: recorded as stated, a finding"'
run "${K2[@]}" import "$tmp/akip-t.csv"
check "the evaluation sent again keeps the stated total and says so" '
    rc_is 0 && out_has "1 unchanged" && err_has "akip-t.csv:2: peringatan: realisasi: the stated figure is kept"'
run "${K2[@]}" --format json import --dry-run "$tmp/akip-t.csv"
check "import --format json: the counts and each warning with file, line and column" '
    rc_is 0 && json_valid && err_lacks peringatan &&
    out_has "{\"warnings\":[{\"file\":\"$tmp/akip-t.csv\",\"line\":2," &&
    out_has "the stated figure is kept" && top dry_run true && top unchanged 1'
run "${K2[@]}" --format json akip --unit kec-t --year 2026
check "akip: the realisasi is the stated 66,87; the sum 66,56 is a finding" '
    rc_is 0 && top total 66.56 && top realisasi 66.87 && out_has "\"finding\":\"komponen evaluasi AKIP menghasilkan 66,56"'
run "${K2[@]}" --format json capaian --unit kec-t --year 2026
check "capaian uses the stated 66,87 too: 95.53 % of 70" '
    rc_is 0 && ind AKIP realisasi 66.87 && ind AKIP capaian 95.53 && ind AKIP derived 66.56'

# ------------------------------------------------- SIGTERM and restart

run "${K1[@]}" --format json capaian --unit lima-puluh-pesisir --year 2023
LPP2023=$OUT

stop_server "$DEMO_PID" 10
RC=$STOP_RC ELAPSED_MS=$STOP_MS OUT=$(cat "$tmp/demo.out")
ERR=$(cat "$tmp/demo.err") CMD="kill -TERM $DEMO_PID (kinerjad --demo)"
check "SIGTERM stops kinerjad with exit status 0 within 5 s" \
    'rc_is 0 && faster_than 5000 && err_has SIGTERM'

start_server demo2 --db "$(db demo)" --demo --listen "$URL1"
RC=$? OUT=$(cat "$tmp/demo2.out") ERR=$(cat "$tmp/demo2.err")
CMD="kinerjad --db $(db demo) --demo --listen $URL1 (restart)"
ELAPSED_MS=0
check "restart on the same db: demo not loaded twice" \
    'rc_is 0 && err_has "database already has units" && err_lacks "demo: loaded"'

run "${K1[@]}" --format json capaian --unit tanjung-tiram --year 2025
check "restart keeps the data: tanjung-tiram 2025 unchanged" \
    'rc_is 0 && [ "$OUT" = "$TT2025" ] || why "reply differs from before the restart"'

run "${K1[@]}" --format json capaian --unit lima-puluh-pesisir --year 2023
check "restart keeps the data: lima-puluh-pesisir 2023 unchanged" \
    'rc_is 0 && [ "$OUT" = "$LPP2023" ] || why "reply differs from before the restart"'

run "${K1[@]}" --format json units
check "restart keeps the data: still 8 units" 'rc_is 0 && count_of "{\"code\":" 8'

stop_server "$IMPORT_PID" 10
RC=$STOP_RC ELAPSED_MS=$STOP_MS OUT=$(cat "$tmp/import.out")
ERR=$(cat "$tmp/import.err") CMD="kill -TERM $IMPORT_PID (kinerjad, import)"
check "SIGTERM stops the second kinerjad with exit status 0 within 5 s" \
    'rc_is 0 && faster_than 5000'

finish
