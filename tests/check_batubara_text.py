#!/usr/bin/env python3
"""Checks the LKjIP text sheets of data/batubara (issue #15): narasi.csv,
profil.csv, pegawai.csv and the metadata columns of indicators.csv and
sasaran.csv. Headers exact, codes known, words from the fixed lists, texts
UTF-8 and at most 16 KiB, numbers parse. Prints the row counts per file
and unit-year; exits 1 on the first kind of fault it finds (all listed)."""
import csv
import os
import re
import sys
from collections import Counter

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                    "data", "batubara")
MAX_TEXT = 16 * 1024
UNIT_SECTIONS = {"ringkasan", "penutup", "pendahuluan"}
IND_SECTIONS = {"analisis", "penyebab", "pendukung", "penghambat", "upaya",
                "tindak_lanjut"}
LIST_FIELDS = {"dasar_hukum", "tugas_pokok", "fungsi", "susunan_organisasi"}
INT_FIELDS = {"desa", "kelurahan", "penduduk"}
DATE_FIELDS = {"tanggal_pk", "tanggal_pk_perubahan"}
ONE_FIELDS = {"luas_ha", "pimpinan_jabatan", "pimpinan_nama", "pimpinan_nip",
              "sekretaris_nama", "sekretaris_nip", "atasan_jabatan",
              "atasan_nama", "tempat"} | INT_FIELDS | DATE_FIELDS
GROUPS = {"eselon", "golongan", "pendidikan"}
faults = []


def sheet(name, header):
    path = os.path.join(DATA, name)
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        faults.append("%s: not UTF-8: %s" % (name, e))
        return []
    rows = list(csv.reader(text.splitlines(keepends=True), delimiter=";"))
    if not rows or rows[0] != header:
        faults.append("%s: header %r, want %r" %
                      (name, rows[0] if rows else None, header))
        return []
    for i, r in enumerate(rows[1:], 2):
        if len(r) != len(header):
            faults.append("%s:%d: %d fields, want %d" %
                          (name, i, len(r), len(header)))
    return [(i, r) for i, r in enumerate(rows[1:], 2) if len(r) == len(header)]


def fault(name, line, msg):
    faults.append("%s:%d: %s" % (name, line, msg))


def check_unit_year(name, line, unit, year, units):
    if unit not in units:
        fault(name, line, "unknown unit %r" % unit)
    if not re.fullmatch(r"20\d\d", year):
        fault(name, line, "year %r" % year)


def main():
    units = {r[0] for _, r in sheet("units.csv",
                                    ["unit", "name", "parent", "level"])}
    ind_rows = sheet("indicators.csv",
                     ["indicator", "name", "satuan", "polarity", "value_type",
                      "type", "definisi", "formula", "sumber_data"])
    indicators = {r[0] for _, r in ind_rows}
    for line, r in ind_rows:
        if r[5] not in {"iku", "ikk", "output", "outcome"}:
            fault("indicators.csv", line, "type %r" % r[5])
    for line, r in sheet("sasaran.csv", ["unit", "sasaran", "indicator",
                                         "tujuan", "penanggung_jawab"]):
        if r[0] not in units:
            fault("sasaran.csv", line, "unknown unit %r" % r[0])
        if r[2] not in indicators:
            fault("sasaran.csv", line, "unknown indicator %r" % r[2])

    counts = Counter()
    seen = set()
    for line, r in sheet("narasi.csv",
                         ["unit", "year", "indicator", "section", "text"]):
        unit, year, ind, sec, text = r
        check_unit_year("narasi.csv", line, unit, year, units)
        if ind == "" and sec not in UNIT_SECTIONS:
            fault("narasi.csv", line, "unit section %r" % sec)
        if ind != "" and (ind not in indicators or sec not in IND_SECTIONS):
            fault("narasi.csv", line, "indicator %r section %r" % (ind, sec))
        if not text.strip() or len(text.encode("utf-8")) > MAX_TEXT:
            fault("narasi.csv", line, "text empty or over 16 KiB")
        if "\n\n\n" in text or re.search(r"</?[a-z]+>|\*\*", text):
            fault("narasi.csv", line, "three newlines or markup left")
        key = (unit, year, ind, sec)
        if key in seen:
            fault("narasi.csv", line, "duplicate %r" % (key,))
        seen.add(key)
        counts[("narasi.csv", unit, year)] += 1

    seen = set()
    for line, r in sheet("profil.csv", ["unit", "year", "field", "value"]):
        unit, year, field, value = r
        check_unit_year("profil.csv", line, unit, year, units)
        if field not in LIST_FIELDS | ONE_FIELDS:
            fault("profil.csv", line, "field %r" % field)
        if field in ONE_FIELDS and (unit, year, field) in seen:
            fault("profil.csv", line, "%s given twice" % field)
        seen.add((unit, year, field))
        if (not value.strip() or "\n" in value or
                len(value.encode("utf-8")) > MAX_TEXT):
            fault("profil.csv", line, "value empty, multi-line or too long")
        if field in LIST_FIELDS and re.match(r"(\d+|[a-z])[.)]\s", value):
            fault("profil.csv", line, "list item keeps its marker: %r" %
                  value[:20])
        if field in INT_FIELDS and not re.fullmatch(r"[0-9]+", value):
            fault("profil.csv", line, "%s %r is not an integer" %
                  (field, value))
        if field == "luas_ha" and not re.fullmatch(r"[0-9]+(,[0-9]{1,2})?",
                                                   value):
            fault("profil.csv", line, "luas_ha %r" % value)
        if field in DATE_FIELDS and not re.fullmatch(r"\d{4}-\d\d-\d\d",
                                                     value):
            fault("profil.csv", line, "%s %r" % (field, value))
        counts[("profil.csv", unit, year)] += 1

    seen = set()
    for line, r in sheet("pegawai.csv", ["unit", "year", "group", "category",
                                         "laki_laki", "perempuan"]):
        unit, year, group, cat, lk, pr = r
        check_unit_year("pegawai.csv", line, unit, year, units)
        if group not in GROUPS or not cat or len(cat.encode()) > 32:
            fault("pegawai.csv", line, "group %r category %r" % (group, cat))
        if (unit, year, group, cat) in seen:
            fault("pegawai.csv", line, "duplicate category %r" % cat)
        seen.add((unit, year, group, cat))
        if not (lk.isdigit() and pr.isdigit()):
            fault("pegawai.csv", line, "counts %r %r" % (lk, pr))
        counts[("pegawai.csv", unit, year)] += 1

    for (f, unit, year), n in sorted(counts.items()):
        print("%-12s %-20s %s %3d rows" % (f, unit, year, n))
    for f in faults:
        print("FAULT", f, file=sys.stderr)
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
