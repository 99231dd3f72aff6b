#!/bin/bash
# test_self_consistency.sh - the service checked against itself: every
# capaian, tingkat kemajuan, serapan and IKM table that `kinerjad --demo`
# produces is written as a `kinerja validate` table (tests/validation/
# README.md formats) and validated; the service's own figures must give
# zero findings. Then the original bug of issue #12 item 3 through the
# real binaries: an SKM of raw responses whose exact IKM is 74,1666... must
# become the realisasi 74,17 (the published 2-decimal IKM), so that the
# tingkat kemajuan against 89,00 is 83,34 and validate agrees with it.
#
#   test_self_consistency.sh KINERJAD KINERJA DATA_DIR
#
# The values are copied exactly as `kinerja --format json` prints them
# (protobuf's JSON mapping: point form, which validate accepts as well as
# the Indonesian one; money, int64 sen, is written in rupiah); a
# target given only as an AKIP predikat is written as the bare predikat, so
# that validate converts it by the same default rule as GetCapaian. A
# negative check alters one figure per kind and requires validate to find
# it, so that the test can fail.
#
# Prints one line per table file, then "N passed, N failed" per group of
# files (a failure names the file and the finding) and overall; exits 1 on
# any failure. Needs bash and python3 (standard library only).
set -u

[ $# -eq 3 ] || { echo "usage: $0 KINERJAD KINERJA DATA_DIR" >&2; exit 2; }
KINERJAD=$1 KINERJA=$2 DATA=$3
if [ ! -x "$KINERJAD" ] || [ ! -x "$KINERJA" ] || [ ! -r "$DATA/values.csv" ] ||
    ! command -v python3 >/dev/null; then
	echo "$0: needs the kinerjad and kinerja executables," \
	    "data/batubara and python3" >&2
	exit 2
fi

. "$(dirname "$0")/harness.sh"

# The demo server, and a fresh one (no --demo) for the bug's own data.
DEMO_URL="ipc://$tmp/demo.sock"
FRESH_URL="ipc://$tmp/fresh.sock"
for s in "demo --db $(db demo) --demo --listen $DEMO_URL" \
    "fresh --db $(db fresh) --listen $FRESH_URL"; do
	# shellcheck disable=SC2086 # the words of $s are the arguments
	if ! start_server $s; then
		echo "not ok - kinerjad ${s%% *} starts and answers health"
		sed 's/^/#   /' "$tmp/${s%% *}.err"
		exit 1
	fi
	echo "ok - kinerjad ${s%% *} starts and answers health"
done

PYTHONPATH=$(dirname "$0") PYTHONDONTWRITEBYTECODE=1 \
    python3 - "$KINERJA" "$DEMO_URL" "$FRESH_URL" "$tmp" <<'PYTHON'
import csv
import json
import os
import subprocess
import sys
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction

from cli_json import rupiah

KINERJA, DEMO_URL, FRESH_URL, TMP = sys.argv[1:5]
YEARS = range(2019, 2031)
GROUPS = ("capaian", "kemajuan", "serapan", "ikm")

# Per group: files passed, files failed, rows checked.
tally = {g: [0, 0, 0] for g in GROUPS + ("negative", "bug")}
failures = []


def kinerja(url, *args):
    """Runs the CLI; returns (exit status, stdout, stderr)."""
    p = subprocess.run([KINERJA, "--url", url, *args], capture_output=True,
                       text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def get(url, *args):
    """The JSON reply of a read command, numbers kept as printed (Decimal),
    or None when the command fails (e.g. NOT_FOUND: no survey). A field
    not sent (an unset oneof: no target) reads as None with .get(); money
    in rupiah (cli_json.py)."""
    rc, out, _ = kinerja(url, "--format", "json", *args)
    return rupiah(json.loads(out, parse_float=Decimal)) if rc == 0 else None


def cell(v):
    """A JSON value as a table cell: the number as printed, null empty."""
    return "" if v is None else str(v)


def write_table(path, header, rows):
    """A validate table: ';'-separated, first line the header."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def validate(url, path):
    """validate's findings for one file as a list of dicts; a refusal or a
    parse error (exit status without findings) is one pseudo finding."""
    rc, out, err = kinerja(url, "--format", "json", "validate", path)
    # One ValidateReply per file, with "file" added.
    files = json.loads(out) if out.strip().startswith("[") else []
    findings = [dict(f, file=r["file"], kind=kind_name(f["kind"]))
                for r in files for f in r["findings"]]
    if rc != 0 and not findings:
        findings = [{"line": 0, "ref": "-", "kind": "error",
                     "message": (err or out).strip()}]
    return findings


def kind_name(kind):
    """FINDING_ARITHMETIC -> arithmetic, as the table output names it."""
    return kind[len("FINDING_"):].lower()


def polarity_name(polarity):
    """POLARITY_MINIMIZE -> minimize, as a validate table states it."""
    return polarity[len("POLARITY_"):].lower()


def describe(f):
    return "%s:%s: %s: %s [%s]" % (os.path.basename(f.get("file", "?")),
                                   f["line"], f["ref"], f["message"],
                                   f["kind"])


def expect_clean(group, path, nrows, url=DEMO_URL):
    """Validates a table the service produced: zero findings expected."""
    findings = validate(url, path)
    tally[group][2] += nrows
    name = os.path.basename(path)
    if not findings:
        tally[group][0] += 1
        print("ok - %s (%d rows): no findings" % (name, nrows))
        return True
    tally[group][1] += 1
    print("not ok - %s (%d rows): %d findings" % (name, nrows, len(findings)))
    for f in findings:
        f.setdefault("file", path)
        print("#   " + describe(f))
        failures.append("%s: %s" % (group, describe(f)))
    return False


def check(group, name, ok, detail=""):
    """A single check outside the table files."""
    if ok:
        tally[group][0] += 1
        print("ok - " + name)
    else:
        tally[group][1] += 1
        print("not ok - " + name)
        if detail:
            print("#   " + detail)
        failures.append("%s: %s %s" % (group, name, detail))


def round2(x):
    """Fraction -> Decimal, rounded once, half away from zero (x >= 0)."""
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(
        Decimal("0.01"), ROUND_HALF_UP)


# ------------------------------------------------------------ table writers

CAPAIAN_HEADER = ["ref", "label", "target", "realisasi", "capaian",
                  "predikat", "polarity", "unit", "indicator", "year"]
SERAPAN_HEADER = ["ref", "label", "pagu", "realisasi", "serapan"]
IKM_HEADER = ["ref", "label", "nrr", "ikm", "mutu"]
HEADERS = {"capaian": CAPAIAN_HEADER, "kemajuan": CAPAIAN_HEADER,
           "serapan": SERAPAN_HEADER, "ikm": IKM_HEADER}


def akip_cell(value, predikat, converted):
    """A value with its AKIP predikat: the bare predikat when the service
    converted a predikat-only value (validate applies the same default
    rule), else "BB (71.38)" so that validate also checks the predikat."""
    if converted:
        return predikat
    if predikat and value is not None:
        return "%s (%s)" % (predikat, value)
    return cell(value)


def capaian_table(unit, year, reply, polarity):
    """Tabel 3.1: one row per indicator that has a target or a realisasi."""
    rows = []
    for i in reply["indicators"]:
        if i.get("target") is None and i.get("realisasi") is None:
            continue
        rows.append([
            "capaian %s %d %s" % (unit, year, i["indicator"]), i["name"],
            akip_cell(i.get("target"), i["target_predikat"],
                      i["target_converted"]),
            akip_cell(i.get("realisasi"), i["realisasi_predikat"],
                      i["realisasi_converted"]),
            cell(i.get("capaian")), cell(i["predikat"]),
            polarity[i["indicator"]], unit, i["indicator"], year])
    return rows


def kemajuan_table(unit, year, reply, polarity):
    """Tingkat kemajuan: a capaian row whose target is the Renstra end
    target and whose year is the realisasi year."""
    return [["kemajuan %s %d %s" % (unit, year, r["indicator"]),
             r["sasaran"], cell(r["end_target"]), cell(r["realisasi"]),
             cell(r.get("kemajuan")), "", polarity[r["indicator"]], unit,
             r["indicator"], year]
            for r in reply["rows"]
            if r.get("realisasi") is not None and
            r.get("end_target") is not None]


def serapan_table(reply):
    """Every line of the program tree, the program total, the stated total,
    the belanja classes and their total."""
    def amounts(a):
        return [cell(a.get("pagu")), cell(a.get("realisasi")),
                cell(a.get("serapan"))]

    rows = [[l["code"], l["name"]] + amounts(l) for l in reply["lines"]]
    for key, label in (("total", "Jumlah (program)"),
                       ("stated_total", "Jumlah tercantum")):
        if reply.get(key) is not None:
            rows.append([key, label] + amounts(reply[key]))
    for b in reply["belanja"]:
        rows.append(["belanja " + b["name"], b["name"]] + amounts(b))
    if reply.get("belanja_total") is not None:
        rows.append(["belanja_total", "Jumlah belanja"] +
                    amounts(reply["belanja_total"]))
    return rows


def ikm_table(reply):
    """Nine unsur with the NRR as the service prints them, then the IKM
    and its mutu (validate allows the 0,13 that 2-decimal NRR leave)."""
    rows = [["U%d" % u["unsur"], u["name"], cell(u["nrr"]), "", ""]
            for u in reply["unsur"]]
    rows.append(["IKM", "IKM", "", cell(reply["ikm"]), reply["mutu"]])
    return rows


# ---------------------------------------------------- the demo, every table

def demo_tables(outdir):
    """Writes every table of the demo; returns {group: [(path, rows)]}."""
    polarity = {i["code"]: polarity_name(i["polarity"])
                for i in get(DEMO_URL, "indicators")["indicators"]}
    units = [u["code"] for u in get(DEMO_URL, "units")["units"]]
    files = {g: [] for g in GROUPS}

    def read(group, command, unit, year):
        """A reply that every unit-year has (an empty one when there is
        no data); a refusal is a failure of the group, not a crash."""
        reply = get(DEMO_URL, command, "--unit", unit, "--year", str(year))
        if reply is None:
            check(group, "%s %s %d answers" % (command, unit, year), False,
                  "the command failed")
        return reply

    def emit(group, name, header, rows):
        if rows:
            path = os.path.join(outdir, name)
            write_table(path, header, rows)
            files[group].append((path, rows))

    for unit in units:
        for year in YEARS:
            base = "%s-%d" % (unit, year)
            reply = read("capaian", "capaian", unit, year)
            if reply is not None:
                emit("capaian", base + "-capaian.csv", CAPAIAN_HEADER,
                     capaian_table(unit, year, reply, polarity))
            reply = read("kemajuan", "progress", unit, year)
            if reply is not None:
                emit("kemajuan", base + "-kemajuan-capaian.csv",
                     CAPAIAN_HEADER,
                     kemajuan_table(unit, year, reply, polarity))
            reply = read("serapan", "budget", unit, year)
            if reply is not None and (reply["lines"] or reply["belanja"]):
                emit("serapan", base + "-serapan.csv", SERAPAN_HEADER,
                     serapan_table(reply))
            # NOT_FOUND when the unit has no survey for the year.
            reply = get(DEMO_URL, "survey", "--unit", unit, "--year",
                        str(year))
            if reply is not None:
                emit("ikm", base + "-ikm.csv", IKM_HEADER, ikm_table(reply))
    return files


def negative_checks(files, outdir):
    """One figure altered per kind of table: validate must find exactly
    that row, or a clean result above would prove nothing."""
    def alter(group, column, delta, kind_ok):
        for path, rows in files[group]:
            for n, row in enumerate(rows):
                if row[column] == "":
                    continue
                bad = [list(r) for r in rows]
                bad[n][column] = str(Decimal(row[column]) + Decimal(delta))
                name = "altered-" + os.path.basename(path)
                out = os.path.join(outdir, name)
                header = HEADERS[group]
                write_table(out, header, bad)
                found = validate(DEMO_URL, out)
                hit = [f for f in found if f["line"] == n + 2 and
                       f["kind"] in kind_ok]
                check("negative", "%s, %s %s in row %d: validate finds "
                      "it" % (name, header[column], delta, n + 2),
                      len(found) == 1 and hit,
                      "findings: %s" % [describe(f) for f in found])
                return
        check("negative", "a %s table to alter" % group, False, "none")

    alter("capaian", 4, "+0.01", ("arithmetic",))
    alter("kemajuan", 4, "-0.02", ("arithmetic",))
    alter("serapan", 4, "+0.5", ("arithmetic",))
    # The IKM tolerance is 0,13: 0,2 off must be a finding.
    alter("ikm", 3, "+0.2", ("arithmetic",))


# -------------------------------------- the original bug, on a fresh server

def bug_check(outdir):
    """Issue #12 item 3: raw responses whose exact IKM has a 4th decimal.

    IKM = 25 * (sum of all scores) / (9 * respondents). With 10
    respondents and scores summing to 267 it is 74,1666...: the published
    IKM is 74,17 and kemajuan against 89,00 is 74,17 / 89 = 83,3370... ->
    83,34, where the exact IKM would give 83,33.
    """
    unit, year, n, total = "uji-ikm", 2025, 10, 267
    scores = [[3] * 9 for _ in range(n)]
    for k in range(9 * n * 3 - total):  # 270 -> 267: three scores of 2
        scores[k][k] = 2
    exact = Fraction(25 * total, 9 * n)
    published = round2(exact)
    assert exact.denominator != 1 and published == Decimal("74.17")
    end_target, pk_target = Decimal("89.00"), Decimal("80.00")
    kemajuan = round2(Fraction(published) / Fraction(end_target) * 100)
    assert kemajuan == Decimal("83.34")
    assert round2(exact / Fraction(end_target) * 100) == Decimal("83.33")
    capaian = round2(Fraction(published) / Fraction(pk_target) * 100)

    sheets = {
        "units.csv": [["unit", "name", "level"],
                      [unit, "Kecamatan Uji IKM", "kecamatan"]],
        "indicators.csv": [["indicator", "name", "satuan", "polarity"],
                           ["IKM", "Indeks Kepuasan Masyarakat (IKM)",
                            "Nilai", "maximize"]],
        "sasaran.csv": [["unit", "sasaran", "indicator"],
                        [unit, "Meningkatnya Kepuasan Masyarakat", "IKM"]],
        "values.csv": [["unit", "indicator", "year", "kind", "value"],
                       [unit, "IKM", year, "renstra_end_target", "89,00"],
                       [unit, "IKM", year, "target", "80,00"]],
        "skm-responses.csv": [["unit", "year", "respondent"] +
                              ["u%d" % i for i in range(1, 10)]] +
                             [[unit, year, "R%02d" % (r + 1)] + scores[r]
                              for r in range(n)],
    }
    paths = []
    for name, rows in sheets.items():
        paths.append(os.path.join(outdir, name))
        write_table(paths[-1], rows[0], rows[1:])
    rc, out, err = kinerja(FRESH_URL, "import", *paths)
    check("bug", "import of a unit, IKM, end target 89,00 and %d raw SKM "
          "responses" % n, rc == 0, (err or out).strip())

    y = str(year)
    survey = get(FRESH_URL, "survey", "--unit", unit, "--year", y) or {}
    check("bug", "survey: ikm %s (exact %.4f), recorded as the realisasi"
          % (published, float(exact)),
          survey.get("ikm") == published and
          survey.get("realisasi") == published and
          survey.get("realisasi_derived") is True and
          survey.get("respondents") == n, json.dumps(survey, default=str))

    cap = get(FRESH_URL, "capaian", "--unit", unit, "--year", y) or {}
    ind = (cap.get("indicators") or [{}])[0]
    check("bug", "capaian: realisasi %s, capaian %s" % (published, capaian),
          ind.get("realisasi") == published and
          ind.get("capaian") == capaian, json.dumps(ind, default=str))

    prog = get(FRESH_URL, "progress", "--unit", unit, "--year", y) or {}
    row = (prog.get("rows") or [{}])[0]
    check("bug", "progress: realisasi %s / %s = kemajuan %s"
          % (published, end_target, kemajuan),
          row.get("realisasi") == published and
          row.get("end_target") == end_target and
          row.get("kemajuan") == kemajuan, json.dumps(row, default=str))

    # What the service printed, fed back: no finding (the bug made validate
    # call the kemajuan 83,33 a truncation of 83,34).
    tables = [("bug-kemajuan-capaian.csv", CAPAIAN_HEADER,
               kemajuan_table(unit, year, prog, {"IKM": "maximize"})),
              ("bug-capaian.csv", CAPAIAN_HEADER,
               capaian_table(unit, year, cap, {"IKM": "maximize"}))]
    if survey:
        tables.append(("bug-ikm.csv", IKM_HEADER, ikm_table(survey)))
        # Two outputs together, as a report puts them: the survey's
        # published IKM as the realisasi of the progress table's kemajuan.
        # With the exact IKM recorded, progress said 83,33 and validate
        # called it a truncation of 83,34.
        tables.append(("bug-survey-kemajuan-capaian.csv", CAPAIAN_HEADER,
                       [["survey IKM / progress kemajuan", "IKM",
                         cell(row.get("end_target")), cell(survey["ikm"]),
                         cell(row.get("kemajuan")), "", "maximize", unit,
                         "IKM", year]]))
    for name, header, rows in tables:
        path = os.path.join(outdir, name)
        write_table(path, header, rows)
        if rows:
            expect_clean("bug", path, len(rows), FRESH_URL)
        else:
            check("bug", name + " has rows", False, "no rows")


def main():
    outdir = os.path.join(TMP, "tables")
    os.makedirs(outdir)
    files = demo_tables(outdir)
    for group in GROUPS:
        if not files[group]:
            check(group, "the demo has %s tables" % group, False, "none")
        for path, rows in files[group]:
            expect_clean(group, path, len(rows))
    negative_checks(files, outdir)
    bug_check(outdir)

    print()
    for group, (p, f, rows) in tally.items():
        print("%-9s %d passed, %d failed%s" % (
            group + ":", p, f, " (%d rows)" % rows if rows else ""))
    for line in failures:
        print("# FAILED " + line)
    passed = sum(t[0] for t in tally.values())
    failed = sum(t[1] for t in tally.values())
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
PYTHON
