#!/bin/bash
# test_chart.sh - GetChart (issue #15) as the web console fetches it: POST
# /v1/GetChart on kinerjad's HTTP gateway holding the Batu Bara demo, each
# chart's SVG parsed with python3's xml.etree (svg_text.py) and its
# figures, names and words checked; and the CLI's --format svg, which asks
# GetChart too, parsed the same way.
#
#   test_chart.sh KINERJAD KINERJA
set -u

if [ $# -lt 2 ]; then
	echo "usage: $0 KINERJAD KINERJA" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
HERE=$(cd "$(dirname "$0")" && pwd)
command -v curl >/dev/null || { echo "$0: needs curl" >&2; exit 2; }
command -v python3 >/dev/null || { echo "$0: needs python3" >&2; exit 2; }

. "$HERE/harness.sh"

start_http k --db "$(db k)" --demo --listen "ipc://$tmp/k.sock" \
    --http 127.0.0.1:0 --log-level warn

# chart JSON: the chart's texts in OUT (svg_text.py), its status in RC.
chart() {
	CMD="POST /v1/GetChart $1"
	curl -s -S --max-time 20 -X POST -H 'Content-Type: application/json' \
	    --data-binary "$1" "http://127.0.0.1:$PORT/v1/GetChart" \
	    >"$tmp/.json" 2>"$tmp/.err"
	python3 "$HERE/svg_text.py" <"$tmp/.json" >"$tmp/.out" 2>>"$tmp/.err"
	RC=$?
	OUT=$(cat "$tmp/.out")
	ERR=$(cat "$tmp/.err" "$tmp/.json")
}

chart '{"kind":"CHART_KIND_TREND","unit":"medang-deras","indicator":"IKM"}'
check "TREND of Medang Deras' IKM: well-formed, 2021-2025, the 2024 dip" '
    rc_is 0 && out_has "title: Tren Indeks Kepuasan Masyarakat (IKM), Kecamatan Medang Deras, 2021–2025" &&
    out_has "82,36" && out_has "87,94" && out_has "79,80" &&
    out_has "Tahun" && out_has "Realisasi" && out_has "Target" &&
    out_lacks "medang-deras"'

chart '{"kind":"CHART_KIND_TREND","unit":"medang-deras","indicator":"IKM","year":2025,"years":2}'
check "TREND of two years: 2024 and 2025 only" '
    rc_is 0 && out_has "2024–2025" && out_has "82,36" && out_lacks "79,80"'

chart '{"kind":"CHART_KIND_RANKING","unit":"batubara","indicator":"IKM","year":2025}'
check "RANKING of Batu Bara by IKM capaian 2025: Sei Suka first" '
    rc_is 0 && out_has "title: Peringkat capaian Indeks Kepuasan Masyarakat (IKM) 2025, Kabupaten Batu Bara" &&
    out_has "Kecamatan Sei Suka" && out_has "101,60" &&
    out_has "100,08" && out_has "98,59" && out_has "#1" &&
    out_has "Capaian (%)" && out_lacks "batubara" && out_lacks "sei-suka"'

chart '{"kind":"CHART_KIND_BUDGET","unit":"tanjung-tiram","year":2025}'
check "BUDGET of Tanjung Tiram 2025: serapan total 91,81, per program" '
    rc_is 0 && out_has "serapan total 91,81%" && out_has "99,97" &&
    out_has "90,56" && out_has "Serapan (%)" &&
    out_has "Program Penyelenggaraan Pemerintahan dan pelayanan Publik" &&
    out_has "Rp 3,27 M dari Rp 3,61 M"'

chart '{"kind":"CHART_KIND_BUDGET","unit":"nope","year":2025}'
check "an unknown unit: no SVG, NOT_FOUND naming the unit" '
    rc_fails && err_has "\"code\":5" && err_has "unit: "'

# cli ARGS...: kinerja --format svg ARGS, its SVG parsed the same way.
cli() {
	CMD="kinerja --format svg $*"
	"$KINERJA" --url "ipc://$tmp/k.sock" --format svg "$@" \
	    >"$tmp/.svg" 2>"$tmp/.err"
	RC=$?
	if [ "$RC" -eq 0 ]; then
		python3 "$HERE/svg_text.py" --raw <"$tmp/.svg" >"$tmp/.out" \
		    2>>"$tmp/.err"
		RC=$?
	fi
	OUT=$(cat "$tmp/.out")
	ERR=$(cat "$tmp/.err")
}

cli ranking --year 2025 --indicator IKM --region batubara
check "kinerja ranking --format svg is GetChart's RANKING, well-formed" '
    rc_is 0 && out_has "Peringkat capaian Indeks Kepuasan Masyarakat (IKM) 2025" &&
    out_has "Kabupaten Batu Bara" && out_has "101,60" && out_has "#1"'

cli trend --unit medang-deras --indicator IKM --from 2022 --to 2025
check "kinerja trend --format svg is GetChart's TREND, well-formed" '
    rc_is 0 && out_has "Kecamatan Medang Deras, 2022–2025" &&
    out_has "82,36" && out_lacks "79,80"'

finish
