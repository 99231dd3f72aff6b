#!/bin/bash
# test_text_cli.sh - the LKjIP's own text through the real binaries (issue
# #15): narasi.csv, profil.csv and pegawai.csv imported, shown by `kinerja
# narasi` and `kinerja profil` in Indonesian (and --format json, csv), a
# section written from a file and from stdin, removed by an empty file,
# refused on an approved year, and a bad row named file:line: column.
#
#   test_text_cli.sh KINERJAD KINERJA
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 KINERJAD KINERJA" >&2
	exit 2
fi
KINERJAD=$1
KINERJA=$2
. "$(dirname "$0")/harness.sh"

URL="ipc://$tmp/t.sock"
K=("$KINERJA" --url "$URL")
start_server text --db "$(db t)" --listen "$URL"

cd "$tmp" || exit 2
cat >units.csv <<'EOF'
unit;name;level;parent
batubara;Kabupaten Batu Bara;kabupaten;
medang-deras;Kecamatan Medang Deras;kecamatan;batubara
EOF
cat >indicators.csv <<'EOF'
indicator;name;satuan;polarity;type;definisi;formula;sumber_data
IKM;Indeks Kepuasan Masyarakat;Nilai;maximize;iku;Tingkat kepuasan masyarakat;Rata-rata tertimbang NRR x 25;Survei Kepuasan Masyarakat
EOF
cat >sasaran.csv <<'EOF'
unit;sasaran;indicator;penanggung_jawab
medang-deras;Meningkatnya Kepuasan Masyarakat;IKM;Kasi Pelayanan Umum
EOF
cat >narasi.csv <<'EOF'
unit;year;indicator;section;text
medang-deras;2025;;ringkasan;"Kecamatan Medang Deras melaporkan kinerja 2025.

Paragraf kedua; dengan titik koma."
medang-deras;2025;IKM;analisis;IKM naik dari 85,10 menjadi 87,42.
medang-deras;2025;IKM;upaya;Menambah loket pelayanan.
EOF
cat >profil.csv <<'EOF'
unit;year;field;value
medang-deras;2025;dasar_hukum;Undang-Undang Nomor 23 Tahun 2014
medang-deras;2025;dasar_hukum;Peraturan Pemerintah Nomor 17 Tahun 2018
medang-deras;2025;tugas_pokok;Melaksanakan kewenangan yang dilimpahkan Bupati
medang-deras;2025;luas_ha;6.511,25
medang-deras;2025;desa;12
medang-deras;2025;penduduk;41234
medang-deras;2025;pimpinan_jabatan;Camat Medang Deras
medang-deras;2025;pimpinan_nama;Ahmad
medang-deras;2025;tanggal_pk;2025-01-31
EOF
cat >pegawai.csv <<'EOF'
unit;year;group;category;laki_laki;perempuan
medang-deras;2025;eselon;III;2;1
medang-deras;2025;eselon;IV;5;3
medang-deras;2025;golongan;III;10;12
medang-deras;2025;pendidikan;S1;9;11
EOF

run "${K[@]}" import units.csv indicators.csv sasaran.csv narasi.csv \
    profil.csv pegawai.csv
check "import: the text sheets with the units, indicators and sasaran" '
    rc_is 0 && out_has "imported 20 rows from 6 files"'

run "${K[@]}" narasi --unit medang-deras --year 2025
check "narasi: the unit section first, then the indicator, in Indonesian" '
    rc_is 0 && out_has "Narasi Laporan Kinerja medang-deras tahun 2025" &&
    out_has "Ringkasan Eksekutif" && out_has "Paragraf kedua; dengan titik koma." &&
    out_has "Indikator IKM: Indeks Kepuasan Masyarakat" &&
    out_has "  Analisis Capaian" &&
    out_has "  IKM naik dari 85,10 menjadi 87,42." &&
    out_has "  Upaya / Solusi" && out_lacks "section"'

run "${K[@]}" profil --unit medang-deras --year 2025
check "profil: labels, the list numbered, Indonesian numbers, staff tables" '
    rc_is 0 && out_has "Profil medang-deras tahun 2025" &&
    out_has "  2. Peraturan Pemerintah Nomor 17 Tahun 2018" &&
    out_has "6.511,25 ha" && out_has "41.234 jiwa" &&
    out_has "Camat Medang Deras" && out_has "Pegawai menurut Eselon" &&
    out_has "Jumlah  7  4      11" && out_has "Pegawai menurut Pendidikan"'

run "${K[@]}" --format json profil --unit medang-deras --year 2025
check "profil --format json: the reply, one profile of profil and pegawai" '
    rc_is 0 && json_valid && out_has "\"luas_ha\":6511.25" &&
    out_has "\"group\":\"STAFF_GROUP_PENDIDIKAN\"" &&
    out_has "\"dasar_hukum\":\"Undang-Undang Nomor 23 Tahun 2014\nPeraturan"'

run "${K[@]}" --format csv narasi --unit medang-deras --year 2025
check "narasi --format csv: narasi.csv columns, a multi-line text quoted" '
    rc_is 0 && out_has "unit,year,indicator,section,text" &&
    out_has "medang-deras,2025,IKM,upaya,Menambah loket pelayanan." &&
    out_has "medang-deras,2025,,ringkasan,\"Kecamatan Medang Deras"'

run "${K[@]}" --format json indicators
check "indicators --format json: type, definisi, sumber data" '
    rc_is 0 && out_has "\"type\":\"INDICATOR_TYPE_IKU\"" &&
    out_has "\"sumber_data\":\"Survei Kepuasan Masyarakat\""'

run "${K[@]}" history --unit medang-deras --year 2025
check "history: each section a row, its paragraphs on the row's line" '
    rc_is 0 && out_has "narrative" && out_has "ringkasan" &&
    out_has "melaporkan kinerja 2025.  Paragraf kedua" &&
    out_has "profile" && out_has "staff"'

printf 'Cuaca buruk.\r\nJaringan lambat.\n\n' >penghambat.txt
run "${K[@]}" narasi --unit medang-deras --year 2025 --indicator IKM \
    --bagian penghambat --file penghambat.txt
check "narasi --bagian --file writes one section" '
    rc_is 0 && out_has "Faktor Penghambat medang-deras tahun 2025, indikator IKM: disimpan"'
run "${K[@]}" narasi --unit medang-deras --year 2025
check "the section shows, its CRLF made lines" '
    rc_is 0 && out_has "  Faktor Penghambat" && out_has "  Jaringan lambat."'

: >empty.txt
run "${K[@]}" narasi --unit medang-deras --year 2025 --indicator IKM \
    --bagian upaya --file empty.txt
check "an empty file removes the section" 'rc_is 0 && out_has "dihapus"'
run "${K[@]}" narasi --unit medang-deras --year 2025
check "the removed section is gone" 'rc_is 0 && out_lacks "Upaya / Solusi"'

run "${K[@]}" narasi --unit medang-deras --year 2025 --bagian analisis \
    --file empty.txt
check "an indicator section without --indicator is refused, naming it" '
    rc_is 1 && err_has "indicator: required for section analisis"'

run "${K[@]}" narasi --unit medang-deras --year 2025 --bagian kata \
    --file empty.txt
check "an unknown --bagian is a usage error" '
    rc_is 2 && err_has "\"kata\" is not analisis"'

cat >bad-pegawai.csv <<'EOF'
unit;year;group;category;laki_laki;perempuan
medang-deras;2024;eselon;III;2;1
medang-deras;2024;eselon;III;1;1
medang-deras;2024;kelas;IV;1;1
medang-deras;2024;golongan;IV;dua;1
EOF
run "${K[@]}" import bad-pegawai.csv
check "bad pegawai rows: file:line: column: message, nothing written" '
    rc_is 1 &&
    err_has "bad-pegawai.csv:3: category: given twice for this group, unit and year (also line 2)" &&
    err_has "bad-pegawai.csv:4: group: \"kelas\" is not eselon, golongan or pendidikan" &&
    err_has "bad-pegawai.csv:5: laki_laki: \"dua\" is not a whole number" &&
    err_has "nothing was written"'
run "${K[@]}" profil --unit medang-deras --year 2024
check "nothing of the bad sheet was written" '
    rc_is 0 && out_has "Belum ada profil untuk medang-deras tahun 2024."'

cat >bad-profil.csv <<'EOF'
unit;year;field;value
medang-deras;2024;tanggal_pk;2024-02-30
medang-deras;2024;warna;biru
EOF
run "${K[@]}" import bad-profil.csv
check "a bad profil field and the server's date check, by line" '
    rc_is 1 && err_has "bad-profil.csv:3: field: \"warna\" is not a field" &&
    err_has "nothing was written"'
sed -i '/warna/d' bad-profil.csv
run "${K[@]}" import bad-profil.csv
check "the server refuses an unreal date, named at its row" '
    rc_is 1 &&
    err_has "bad-profil.csv:2: tanggal_pk: \"2024-02-30\" is not a date (YYYY-MM-DD)"'

# export writes the text sheets; they rebuild the same text elsewhere.
run "${K[@]}" export --unit medang-deras out
check "export writes narasi, profil and pegawai" '
    rc_is 0 && [ -s out/narasi.csv ] && [ -s out/profil.csv ] &&
    [ -s out/pegawai.csv ] && grep -q "Kasi Pelayanan Umum" out/sasaran.csv &&
    grep -q ";iku;Tingkat kepuasan masyarakat;" out/indicators.csv'
URL2="ipc://$tmp/t2.sock"
K2=("$KINERJA" --url "$URL2")
start_server copy --db "$(db t2)" --listen "$URL2"
run "${K2[@]}" import out/*.csv
check "the exported sheets import into an empty database" 'rc_is 0'
for cmd in narasi profil; do
	A=$("${K[@]}" --format json "$cmd" --unit medang-deras --year 2025)
	run "${K2[@]}" --format json "$cmd" --unit medang-deras --year 2025
	check "$cmd: the same after export and import" '
	    rc_is 0 && [ "$OUT" = "$A" ] || why "before: $A"'
done

run "${K[@]}" ajukan --unit medang-deras --year 2025
run "${K[@]}" verifikasi --unit medang-deras --year 2025
run "${K[@]}" setujui --unit medang-deras --year 2025
check "the year is approved" 'rc_is 0 && out_has "disetujui"'
run "${K[@]}" import narasi.csv
check "an approved year refuses its narrative, at the row" '
    rc_is 1 && err_has "narasi.csv:2: year: unit \"medang-deras\" tahun 2025 sudah disetujui"'

finish
