#!/bin/bash
# test_report.sh - the documents kinerjad writes (GetReport, issue #15,
# docs/lkjip.md) through the real binaries on the demo data: the LKjIP as
# HTML (well-formed, BAB I-IV, numbered tables), as DOCX (opened by
# python-docx; its capaian table holds exactly what `kinerja capaian`
# answers), a year without data said in sentences, the Perjanjian Kinerja
# with its PK Perubahan, and the report's own tables fed back to
# `kinerja validate` giving no finding.
#
#   test_report.sh KINERJAD KINERJA DATA_DIR
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 KINERJAD KINERJA DATA_DIR" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
HERE=$(dirname "$0")
. "$HERE/harness.sh"

# python-docx is Debian's python3-docx: the system python has it even when
# another python3 comes first in PATH.
PY=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null && "$p" -c "import docx" 2>/dev/null; then
		PY=$p
		break
	fi
done
if [ -z "$PY" ]; then
	echo "Bail out! no python3 with python-docx (scripts/deps.sh --test)"
	exit 1
fi

URL="ipc://$tmp/r.sock"
K=("$KINERJA" --url "$URL")
start_http demo --db "$(db r)" --demo --listen "$URL" \
    --http 127.0.0.1:0
PORT=$(http_port demo)

# py NAME ARGS...: runs check_docx.py and counts its ok/not ok lines.
py() {
	local out line
	out=$(PYTHONDONTWRITEBYTECODE=1 "$PY" "$HERE/check_docx.py" "$@" 2>&1)
	while IFS= read -r line; do
		echo "$line"
		case $line in
		"ok - "*) PASS=$((PASS + 1)) ;;
		"not ok - "*) FAIL=$((FAIL + 1)) ;;
		"Traceback"*) FAIL=$((FAIL + 1)) ;;
		esac
	done <<<"$out"
}

# --- the LKjIP as HTML and DOCX, and validate on its own tables

for uy in medang-deras:2025 sei-balai:2024 tanjung-tiram:2025 \
    lima-puluh-pesisir:2023; do
	u=${uy%:*} y=${uy#*:}
	run "${K[@]}" report --unit "$u" --year "$y" --output "$tmp/$u.html"
	check "report $u $y: HTML written" \
	    'rc_is 0 && err_has "byte ditulis ke"'
	py html "$tmp/$u.html"
	OUT=$(cat "$tmp/$u.html")
	check "report $u $y: charts inline, no English reason or finding" '
	    [ "$(grep -c "<svg" "$tmp/$u.html")" -ge 2 ] &&
	    out_lacks "no target" && out_lacks "no realisasi" &&
	    out_lacks "target is" && out_lacks "its parts sum" &&
	    out_lacks "not available"'

	run "${K[@]}" --format docx report --unit "$u" --year "$y" \
	    --output "$tmp/$u.docx"
	check "report $u $y: DOCX written" 'rc_is 0'
	"${K[@]}" --format json capaian --unit "$u" --year "$y" \
	    >"$tmp/$u.json"
	mkdir -p "$tmp/v-$u"
	py docx "$tmp/$u.docx" "$tmp/$u.json" "$tmp/v-$u"

	run "${K[@]}" validate "$tmp/v-$u"/*.csv
	check "report $u $y: its capaian, budget, AKIP and IKM tables give validate no finding" \
	    'rc_is 0 && [ "$(ls "$tmp/v-$u" | wc -l)" -ge 2 ]'
done

# The check above can fail: one capaian of the report's table changed by
# 0,01 is a finding.
sed 's/;98,59;/;98,60;/' "$tmp/v-medang-deras/capaian.csv" >"$tmp/tampered.csv"
run "${K[@]}" validate "$tmp/tampered.csv"
check "validate finds a capaian changed by 0,01 in the report's table" \
    'rc_is 1 && out_has "98,60"'

# --- the HTML's figures are the Markdown's: one model, three writers

run "${K[@]}" --format md report --unit medang-deras --year 2025
check "report md medang-deras 2025: the same capaian rows, BAB III" '
    rc_is 0 && out_has "# BAB III Akuntabilitas Kinerja" &&
    out_has "| 1 | Meningkatnya Kepuasan Masyarakat terhadap Pelayanan Publik | Indeks Kepuasan Masyarakat (IKM) | Nilai | 89,20 | 87,94 | 98,59 | Sangat Tinggi |" &&
    out_has "Tingkat kemajuan terhadap target akhir Renstra tahun 2026"'

run "${K[@]}" --format md report --unit tanjung-tiram --year 2025
check "report tanjung-tiram 2025: the triwulan of IKM, as trend --quarters has them" '
    rc_is 0 && out_has "Capaian Indeks Kepuasan Masyarakat (IKM) per triwulan tahun 2025**" &&
    out_has "| II | 88,50 | 88,60 | 100,11 | Sangat Tinggi |" &&
    out_has "Status: Draf"'

run "${K[@]}" --format md report --unit sei-balai --year 2024
check "report sei-balai 2024: the approved year says so on its cover, with the profile" '
    rc_is 0 && out_has "Status: Disetujui $(date -u +%-d) " &&
    out_has "**Tabel 1.1 Wilayah Kecamatan Sei Balai**" &&
    out_lacks "[Belum diisi: Profil"'

# --- a year without data says so in sentences, never an empty table

run "${K[@]}" --format md report --unit medang-deras --year 2030
check "report of a year without data: sentences, no capaian table" '
    rc_is 0 &&
    out_has "Belum ada target maupun realisasi untuk tahun 2030." &&
    out_has "Belum ada data anggaran untuk tahun 2030." &&
    out_has "Belum ada hasil Survei Kepuasan Masyarakat untuk tahun 2030." &&
    out_lacks "Tabel 3.1" && out_lacks "|  |  |"'
run "${K[@]}" report --unit medang-deras --year 2030 --output "$tmp/2030.html"
check "report of a year without data: still a whole document" 'rc_is 0'
py html "$tmp/2030.html"

# --- placeholders are visible and named

run "${K[@]}" --format md report --unit sei-suka --year 2025
check "report without narrative: visible placeholders, counted on stderr" '
    rc_is 0 && out_has "[Belum diisi: Penutup" &&
    err_has "bagian belum diisi"'

# --- the Perjanjian Kinerja; Tanjung Tiram revised its AKIP target in 2025

run "${K[@]}" --format md pk --unit tanjung-tiram --year 2025
check "pk tanjung-tiram 2025: target table and the PK Perubahan side by side" '
    rc_is 0 && out_has "# Perjanjian Kinerja Tahun 2025" &&
    out_has "Perjanjian Kinerja Perubahan tahun 2025" &&
    out_has "| Nilai Evaluasi AKIP | Nilai | 71,25 | 71,38 |" &&
    out_has "| 2 | Meningkatnya Akuntabilitas Perangkat Daerah | Nilai Evaluasi AKIP | Nilai | BB (71,38) |"'

run "${K[@]}" --format md pk --unit medang-deras --year 2025
check "pk without a revision has no PK Perubahan; the parties from the profile, a missing one a placeholder" '
    rc_is 0 && out_has "Target kinerja tahun 2025" &&
    out_lacks "Perjanjian Kinerja Perubahan tahun" &&
    out_has "Nama: SYAHRIZAL, SH; Jabatan: Camat Medang Deras, selanjutnya disebut pihak pertama." &&
    out_has "NIP. 19681028 198903 1 005" &&
    out_has "Pihak kedua (atasan) Perjanjian Kinerja — isi atasan\\_nama"'

run "${K[@]}" --format docx pk --unit tanjung-tiram --year 2025 \
    --output "$tmp/pk.docx"
check "pk as DOCX" 'rc_is 0'
run "$PY" -c "
import docx, sys
d = docx.Document(sys.argv[1])
cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
sys.exit(0 if '71,25' in cells and '71,38' in cells else 1)" "$tmp/pk.docx"
check "pk DOCX: python-docx finds both targets in its tables" 'rc_is 0'

# --- over HTTP: the document in base64, the same bytes as the CLI's

run "${K[@]}" --format md report --unit sei-balai --year 2024
printf '%s' "$OUT" >"$tmp/sb-cli.md"
run "$PY" -c "
import base64, json, sys, urllib.request
req = urllib.request.Request('http://127.0.0.1:$PORT/v1/GetReport',
    data=json.dumps({'unit': 'sei-balai', 'year': 2024,
                     'format': 'REPORT_FORMAT_MARKDOWN'}).encode(),
    headers={'Content-Type': 'application/json'})
r = json.load(urllib.request.urlopen(req))
doc = base64.b64decode(r['document'])
cli = open(sys.argv[1], 'rb').read()
print(r['filename'], r['content_type'], len(r.get('placeholders', [])))
sys.exit(0 if doc.rstrip(b'\\n') == cli.rstrip(b'\\n') else 1)" "$tmp/sb-cli.md"
check "POST /v1/GetReport: the document in base64, as the CLI writes it" \
    'rc_is 0 && out_has "LKjIP-sei-balai-2024.md text/markdown"'

# --- refusals

run "${K[@]}" report --unit no-such-unit --year 2025
check "report of an unknown unit: NOT_FOUND naming the unit" \
    'rc_is 1 && err_has "NOT_FOUND" && err_has "no-such-unit"'
run "${K[@]}" report --unit medang-deras --year 1800
check "report of a year out of range: refused" 'rc_is 2 || rc_is 1'
run "${K[@]}" --format csv report --unit medang-deras --year 2025
check "report --format csv: refused, a document is html, md or docx" \
    'rc_is 2 && err_has "html, md or docx"'
run "${K[@]}" report --help
check "report --help documents --format and --output" \
    'rc_is 0 && out_has "--output FILE"'
if command -v script >/dev/null; then
	run script -qec "$(printf '%q ' "${K[@]}") --format docx report --unit medang-deras --year 2025" /dev/null
	check "docx to a terminal is refused without --output" \
	    'rc_is 2 && out_has "not for a terminal"'
fi

finish
