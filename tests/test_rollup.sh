#!/bin/bash
# test_rollup.sh - a region's roll-up (docs/rollup.md) through the real
# binaries on the Batu Bara demo: the kabupaten's figures in `kinerja
# capaian --unit batubara` equal the means computed here, by hand, from
# its kecamatan's own `capaian` and `budget` outputs; the provinsi counts
# the same kecamatan (the leaves under it); POST /v1/GetCapaian for the
# kabupaten is the CLI's --format json, byte for byte.
#
#   test_rollup.sh KINERJAD KINERJA DATA_DIR
#
# Needs bash, coreutils, grep, sed, awk and curl (the gateway check).
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 KINERJAD KINERJA DATA_DIR" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
DATA=$3

. "$(dirname "$0")/harness.sh"

URL="ipc://$tmp/k.sock"
K=("$KINERJA" --url "$URL")

start_server demo --db "$(db demo)" --demo --listen "$URL" \
    --http 127.0.0.1:0 --log-level warn
RC=$? OUT= ERR=$(cat "$tmp/demo.err") CMD="kinerjad --demo --http"
check "kinerjad starts with the demo data and the gateway" 'rc_is 0'
PORT=$(http_port demo)

# The kabupaten's kecamatan, from the data itself (all of them leaves).
UNITS=$(awk -F';' '$3 == "batubara" { print $1 }' "$DATA/units.csv")

# A table's "100,04" as 100.04.
dot() {
	tr ',' '.'
}

# mean: the mean of the numbers on stdin, rounded once, half away from
# zero, to 2 decimals ("-" when there are none).
mean() {
	awk '{ s += $1; n++ }
	     END { if (!n) { print "-"; exit }
	           m = s / n; printf "%.2f\n", int(m * 100 + 0.5 + 1e-9) / 100 }'
}

# The predikat band of a capaian (Permendagri 86/2017), of the figure
# rounded as the unit shows it.
band() {
	awk '{ c = int($1 * 100 + 0.5 + 1e-9) / 100
	       b = "SR"
	       if (c >= 51) b = "R"
	       if (c >= 66) b = "S"
	       if (c >= 76) b = "T"
	       if (c >= 91) b = "ST"
	       print b }'
}

# unit_json UNIT YEAR: the unit's own capaian reply.
unit_json() {
	"${K[@]}" --format json capaian --unit "$1" --year "$2"
}

# The top-level capaian of a unit's reply (its overall figure), or empty.
overall_of() {
	OUT=$1
	jtok "$(top_obj)" capaian
}

# rows JSON: "sasaran<TAB>indicator<TAB>target<TAB>realisasi<TAB>polarity"
# per indicator row of a unit's reply ("" where a value is absent).
rows() {
	local o
	printf '%s' "$1" | grep -o '{"indicator":"[^"]*"[^}]*}' |
	    while IFS= read -r o; do
		printf '%s\t%s\t%s\t%s\t%s\n' "$(jtok "$o" sasaran)" \
		    "$(jtok "$o" indicator)" "$(jtok "$o" target)" \
		    "$(jtok "$o" realisasi)" "$(jtok "$o" polarity)"
	done
}

# exact ROWS: each row's capaian recomputed by hand from the target and
# realisasi the unit shows (docs/domain.md), unrounded:
# "sasaran<TAB>indicator<TAB>capaian", for the rows that have one.
exact() {
	awk -F'\t' '$3 != "" && $4 != "" && $3 + 0 > 0 {
	    c = $5 ~ /MINIMIZE/ ? (2 * $3 - $4) / $3 * 100 : $4 / $3 * 100
	    printf "%s\t%s\t%.12f\n", $1, $2, c }'
}

# The unit's overall capaian by hand: the mean of its sasaran's means.
overall_exact() {
	awk -F'\t' '{ if (!($1 in n)) order[k++] = $1; s[$1] += $3; n[$1]++ }
	    END { for (i = 0; i < k; i++) { t += s[order[i]] / n[order[i]] }
	          if (k) printf "%.12f\n", t / k }'
}

check_year() {
	local year=$1 u js ex overall= shown= ikm= akip= bands= counted=0
	local t p r pcts= want got region pagu=0 real=0
	for u in $UNITS; do
		js=$(unit_json "$u" "$year")
		ex=$(rows "$js" | exact)
		t=$(printf '%s' "$ex" | overall_exact)
		[ -n "$t" ] && { overall+="$t"$'\n'; counted=$((counted + 1)); }
		t=$(overall_of "$js")
		[ -n "$t" ] && shown+="$t"$'\n'
		ikm+=$(printf '%s\n' "$ex" | awk -F'\t' '$2 == "\"IKM\"" { print $3; exit }')$'\n'
		akip+=$(printf '%s\n' "$ex" | awk -F'\t' '$2 == "\"AKIP\"" { print $3; exit }')$'\n'
		t=$("${K[@]}" --format json budget --unit "$u" --year "$year" |
		    grep -o '"total":{[^}]*}')
		p=$(jtok "$t" pagu_sen | tr -d '"')
		r=$(jtok "$t" realisasi_sen | tr -d '"')
		if [ -n "$p" ] && [ -n "$r" ] && [ -n "$(jtok "$t" serapan)" ]; then
			pagu=$(awk -v a="$pagu" -v b="$p" 'BEGIN { printf "%.0f", a + b }')
			real=$(awk -v a="$real" -v b="$r" 'BEGIN { printf "%.0f", a + b }')
			pcts+="$(jtok "$t" serapan)"$'\n'
		fi
	done
	run "${K[@]}" capaian --unit batubara --year "$year"
	region=$OUT
	want=$(printf '%s' "$overall" | mean)
	got=$(printf '%s\n' "$region" |
	    sed -n 's/^Capaian kinerja batubara (rata-rata \([0-9]*\) unit): \([0-9,]*\).*/\1 \2/p' | dot)
	check "$year: batubara's capaian is the mean of its $counted units' ($want)" \
	    '[ "$got" = "$counted $want" ] || why "roll-up says: $got"'
	# Each unit's own figure is the exact one rounded: they agree.
	check "$year: the units' overall capaian, by hand, is what each shows" \
	    '[ "$(printf "%s" "$overall" | awk "{ printf \"%.2f\n\", int(\$1 * 100 + 0.5 + 1e-9) / 100 }")" = \
	       "$(printf "%s" "$shown" | awk "{ printf \"%.2f\n\", \$1 }")" ] ||
	     why "by hand: $(echo $overall); shown: $(echo $shown)"'
	# The mean of the shown (rounded) figures may be 0.01 off: the
	# service means the exact ones, rounding once.
	t=$(printf '%s' "$shown" | mean)
	check "$year: the mean of the shown figures ($t) is within 0.01" \
	    'awk -v a="$t" -v b="${got#* }" "BEGIN { d = a - b; exit !(d <= 0.0100001 && d >= -0.0100001) }"'
	for t in IKM AKIP; do
		[ $t = IKM ] && want=$(printf '%s' "$ikm" | grep . | mean) ||
		    want=$(printf '%s' "$akip" | grep . | mean)
		got=$(printf '%s\n' "$region" | awk -v i=$t '$1 == i { print $3 }' | dot)
		check "$year: $t mean over the units is $want" \
		    '[ "$got" = "$want" ] || why "roll-up says: $got"'
	done
	bands=$(printf '%s' "$overall" | band | sort | uniq -c |
	    awk '{ printf "%s=%s ", $2, $1 }')
	want=$(printf '%s' "$overall" | band | awk '
	    { n[$1]++ }
	    END { printf "Sangat Tinggi %d, Tinggi %d, Sedang %d, Rendah %d, Sangat Rendah %d",
	          n["ST"], n["T"], n["S"], n["R"], n["SR"] }')
	check "$year: predikat distribution of the units ($bands)" \
	    'out_has "Sebaran predikat unit: $want"'
	check "$year: the units not counted are listed" \
	    'out_has "Unit tidak dihitung ($(( $(echo $UNITS | wc -w) - counted )))" ||
	     [ "$counted" -eq "$(echo $UNITS | wc -w)" ]'
	if [ "$pagu" != 0 ]; then
		want=$(awk -v p="$pagu" -v r="$real" 'BEGIN {
		    printf "%.2f", int(r / p * 10000 + 0.5) / 100 }')
		got=$(printf '%s\n' "$region" |
		    sed -n 's/^Serapan anggaran wilayah.*: \([0-9,]*\) %$/\1/p' | dot)
		check "$year: weighted serapan = sum of realisasi / sum of pagu ($want)" \
		    '[ "$got" = "$want" ] || why "roll-up says: $got"'
	fi
	if [ "$year" = 2025 ]; then
		t=$(printf '%s' "$pcts" | mean)
		check "2025: the weighted serapan is not the mean of the units' ($t)" \
		    '[ "$t" != "$got" ] && [ "$(printf "%s" "$pcts" | wc -l)" -ge 2 ]'
	fi
}

for year in 2023 2024 2025; do
	check_year "$year"
done

# Nested: sumut > batubara > kecamatan; the provinsi counts the leaves.
run "${K[@]}" capaian --unit batubara --year 2024
kab=$(printf '%s\n' "$OUT" | grep '^Capaian kinerja batubara' | sed 's/batubara//')
run "${K[@]}" capaian --unit sumut --year 2024
check "sumut (provinsi) counts the kecamatan under batubara" \
    'out_has "Rekapitulasi 6 unit di bawah sumut" &&
     out_has "$(printf "%s" "$kab" | sed "s/Capaian kinerja /Capaian kinerja sumut/")"'

# A leaf answers as before: no roll-up.
run "${K[@]}" capaian --unit tanjung-tiram --year 2025
check "a kecamatan's capaian has no roll-up" \
    'rc_is 0 && out_has "Capaian kinerja tanjung-tiram: 100,04" &&
     out_lacks "Rekapitulasi"'

# Against the Renstra: the roll-up takes the same target as the rows. In
# 2023 only lima-puluh-pesisir has Renstra targets, so the mean is its own.
run "${K[@]}" capaian --unit lima-puluh-pesisir --year 2023 --against renstra
lpp=$(printf '%s\n' "$OUT" | sed -n 's/^Capaian kinerja lima-puluh-pesisir: \([0-9,]*\) .*/\1/p')
run "${K[@]}" capaian --unit batubara --year 2023 --against renstra
check "against renstra, the roll-up counts only the units with a Renstra target" \
    'rc_is 0 && [ -n "$lpp" ] &&
     out_has "Capaian kinerja batubara (rata-rata 1 unit): $lpp" &&
     out_has "Unit tidak dihitung (5):"'

run "${K[@]}" --format json capaian --unit batubara --year 2025
check "--format json carries the roll-up" \
    'rc_is 0 && json_valid && out_has "\"rollup\":{\"units\":[" &&
     out_has "\"budget_counted\":2"'
nng=$OUT
if command -v curl >/dev/null && [ -n "$PORT" ]; then
	http=$(curl -s -S --max-time 20 -X POST \
	    -H 'Content-Type: application/json' \
	    --data-binary '{"unit": "batubara", "year": 2025}' \
	    "http://127.0.0.1:$PORT/v1/GetCapaian")
	check "POST /v1/GetCapaian for batubara is the CLI's JSON" \
	    '[ "$http" = "$nng" ] || why "HTTP: ${http:0:300}"'
else
	check "the gateway is up for the HTTP check" 'why "no curl or no port"'
fi

run "${K[@]}" --format csv capaian --unit batubara --year 2025
check "--format csv lists the units of the roll-up" \
    'rc_is 0 && out_has "No,Unit,Nama,Capaian (%)" &&
     out_has "6,tanjung-tiram,Kecamatan Tanjung Tiram,100.04,Sangat Tinggi"'

finish
