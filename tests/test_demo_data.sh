#!/bin/bash
# test_demo_data.sh - every figure data/batubara/README.md states, checked
# against a running `kinerjad --demo` through `kinerja --format json`.
#
#   test_demo_data.sh KINERJAD KINERJA DATA_DIR
#
# The expected figures are parsed from the README's own tables (Expected
# capaian, Tingkat kemajuan, Serapan per program and unit, Serapan per
# belanja class, Findings, AKIP component totals, IKM from unsur means,
# Tingkat efisiensi, the rows per file), not copied here, so an edited
# README is re-checked. Numbers are read in the Indonesian form (71,38;
# 1.738.126.580; 5.345.196.344,24) and compared exactly as decimals. Where a
# README cell also quotes a report's own figure ("[report 97,83]",
# "(reported 99,36)") only the recomputed figure is compared.
#
# Prints one line per README row (a group of figures) and a final
# "N passed, N failed" line counting figures; exits 1 on any mismatch.
# Needs bash and python3 (standard library only).
set -u

[ $# -eq 3 ] || { echo "usage: $0 KINERJAD KINERJA DATA_DIR" >&2; exit 2; }
KINERJAD=$1 KINERJA=$2 DATA=$3
if [ ! -x "$KINERJAD" ] || [ ! -x "$KINERJA" ] || [ ! -r "$DATA/README.md" ] ||
    ! command -v python3 >/dev/null; then
	echo "$0: needs the kinerjad and kinerja executables," \
	    "data/batubara/README.md and python3" >&2
	exit 2
fi

. "$(dirname "$0")/harness.sh"

URL="ipc://$tmp/k.sock"
if ! start_server demo --db "$(db demo)" --demo --listen "$URL" ||
    ! grep -q "demo: loaded" "$tmp/demo.err"; then
	echo "not ok - kinerjad --demo starts and loads the demo data"
	sed 's/^/#   /' "$tmp/demo.err"
	exit 1
fi
echo "ok - kinerjad --demo starts and loads the demo data"

PYTHONPATH=$(dirname "$0") PYTHONDONTWRITEBYTECODE=1 \
    python3 - "$KINERJA" "$URL" "$DATA/README.md" <<'PYTHON'
import json
import re
import subprocess
import sys
from decimal import Decimal

from cli_json import rupiah

KINERJA, URL, README = sys.argv[1:4]
TEXT = open(README, encoding="utf-8").read()
LINES = TEXT.split("\n")

UNITS = {"TT": "tanjung-tiram", "LPP": "lima-puluh-pesisir",
         "SB": "sei-balai", "MD": "medang-deras"}

passed = failed = 0


# ------------------------------------------------------------ README parsing

NUM = re.compile(r"[-\u2212]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-\u2212]?\d+(?:,\d+)?")


def plain(cell):
    """A cell without markdown emphasis and code quotes."""
    return cell.replace("**", "").replace("`", "").strip()


def num(s):
    """The Indonesian number s (71,38; 1.738.126.580; -10,29) as a Decimal."""
    s = s.replace("\u2212", "-").replace(".", "").replace(",", ".")
    return Decimal(s)


def first_num(cell):
    """The first number of a cell, or None."""
    m = NUM.search(plain(cell))
    return num(m.group(0)) if m else None


def nums(cell):
    return [num(m) for m in NUM.findall(plain(cell))]


def table_after(marker):
    """The first markdown table after the line that contains marker, as a
    list of (line number, {header: cell})."""
    start = next((i for i, l in enumerate(LINES) if marker in l), None)
    if start is None:
        raise SystemExit("README: no line with %r" % marker)
    i = start + 1
    while i < len(LINES) and not LINES[i].startswith("|"):
        i += 1
    head = [plain(c) for c in LINES[i].strip().strip("|").split("|")]
    rows = []
    i += 2  # header and --- line
    while i < len(LINES) and LINES[i].startswith("|"):
        cells = [c.strip() for c in LINES[i].strip().strip("|").split("|")]
        rows.append((i + 1, dict(zip(head, cells))))
        i += 1
    if not rows:
        raise SystemExit("README: empty table after %r" % marker)
    return rows


def unit_year(cell):
    """'TT 2025' -> ('tanjung-tiram', 2025)."""
    m = re.match(r"(TT|LPP|SB|MD),? (\d{4})$", plain(cell))
    if not m:
        raise SystemExit("README: unit, year %r not recognised" % cell)
    return UNITS[m.group(1)], int(m.group(2))


def sentence(pattern):
    """A regex match in the README text; a sentence that no longer reads as
    expected is a failure, not a silent skip."""
    m = re.search(pattern, TEXT)
    if not m:
        group("README sentence /%s/" % pattern, [("found", None, "missing")])
    return m


# ------------------------------------------------------------ the service

_cache = {}


def kinerja(*args):
    """(exit status, JSON reply or None, stderr) of kinerja --format json."""
    if args not in _cache:
        p = subprocess.run([KINERJA, "--url", URL, "--timeout", "10000",
                            "--format", "json"] + [str(a) for a in args],
                           stdin=subprocess.DEVNULL, capture_output=True,
                           text=True)
        reply = None
        if p.returncode == 0:
            reply = rupiah(json.loads(p.stdout, parse_float=Decimal,
                                      parse_int=Decimal))
        _cache[args] = (p.returncode, reply, p.stderr.strip())
    return _cache[args]


def reply(*args):
    rc, r, err = kinerja(*args)
    return r if rc == 0 else None


def indicator(unit, year, ind):
    r = reply("capaian", "--unit", unit, "--year", year)
    if r is None:
        return None
    return next((o for o in r["indicators"] if o["indicator"] == ind), None)


def sasaran_of(unit, ind):
    """The unit's sasaran text for indicator ind (from any year's capaian)."""
    for y in range(2019, 2031):
        o = indicator(unit, y, ind)
        if o is not None and o.get("sasaran"):
            return o["sasaran"]
    return None


# ------------------------------------------------------------ checking

def same(want, got):
    if want is None or got is None:
        return want is got
    if isinstance(want, Decimal):
        return isinstance(got, Decimal) and want == got
    return want == got


def show(v):
    if isinstance(v, Decimal):
        return format(v, "f")
    return json.dumps(v) if not isinstance(v, str) or v == "" else v


def group(name, figures):
    """figures: (label, want, got). One line for the group, one per miss."""
    global passed, failed
    bad = [(l, w, g) for l, w, g in figures if not same(w, g)]
    passed += len(figures) - len(bad)
    failed += len(bad)
    print("%s - %s (%d figure%s)" % ("not ok" if bad else "ok", name,
                                    len(figures),
                                    "" if len(figures) == 1 else "s"))
    for l, w, g in bad:
        print("#   %s: README %s, demo %s" % (l, show(w), show(g)))
    sys.stdout.flush()


def field(obj, key):
    return None if obj is None else obj.get(key)


PRED = r"(AA|A|BB|B|CC|C|D)"


def value_cell(cell):
    """'BB (71,38)' -> (71.38, 'BB'); '72,60' -> (72.60, None);
    'B' -> (None, 'B')."""
    c = plain(cell)
    m = re.fullmatch(PRED + r" \(([\d.,]+)\)", c)
    if m:
        return num(m.group(2)), m.group(1)
    m = re.fullmatch(PRED, c)
    if m:
        return None, m.group(1)
    return num(c), None


# ------------------------------------------------------------ Expected capaian

covered = set()
for ln, row in table_after("## Expected capaian from these inputs"):
    unit, ind, year = plain(row["unit"]), plain(row["ind"]), int(row["year"])
    covered.add((unit, year, ind))
    o = indicator(unit, year, ind)
    note = plain(row["note"])
    figs = []
    t, tp = value_cell(row["target"])
    conv = re.search(r"converted (\w+) -> (\d+)", note)
    if t is None:
        figs.append(("target given as predikat, converted", True,
                     field(o, "target_converted")))
        if conv:
            t = num(conv.group(2))
    else:
        figs.append(("target not converted", False,
                     field(o, "target_converted")))
    if t is not None:
        figs.append(("target", t, field(o, "target")))
    if tp is not None:
        figs.append(("target predikat", tp, field(o, "target_predikat")))
    r, rp = value_cell(row["realisasi"])
    m = re.search(r"predikat of [\d,]+ is " + PRED, note)
    if m:
        rp = m.group(1)
    figs.append(("realisasi", r, field(o, "realisasi")))
    if rp is not None:
        figs.append(("realisasi predikat", rp, field(o, "realisasi_predikat")))
    figs.append(("capaian", first_num(row["capaian"]), field(o, "capaian")))
    group("capaian %s %s %d (README line %d)" % (unit, ind, year, ln), figs)

# "This table covers every unit-year that has both a PK target and a
# realisasi": the demo has a capaian for exactly these.
sentence(r"This table covers every unit-year that has both a PK `target` "
         r"and a `realisasi`")
r = (reply("units") or {}).get("units", [])
kec = sorted(u["code"] for u in r if u["level"] == "LEVEL_KECAMATAN")
figs = []
for unit in kec:
    for year in range(2015, 2031):
        for ind in ("IKM", "AKIP"):
            o = indicator(unit, year, ind)
            has = o is not None and o.get("capaian") is not None
            key = (unit, year, ind)
            if has or key in covered:
                figs.append(("%s %d %s has a capaian" % key,
                             key in covered, has))
group("capaian table covers every unit-year with a capaian (%d kecamatan)"
      % len(kec), figs)

# ------------------------------------------------------ Quarterly figures

# The illustrative triwulan rows (docs/triwulan.md): Tanjung Tiram 2025 IKM.
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
for ln, row in table_after("## Quarterly figures (illustrative)"):
    n = ROMAN[plain(row["triwulan"])]
    r = reply("capaian", "--unit", "tanjung-tiram", "--year", 2025,
              "--triwulan", n)
    o = None if r is None else next(
        (x for x in r["indicators"] if x["indicator"] == "IKM"), None)
    figs = [("target TW", num(row["rencana aksi target"]), field(o, "target")),
            ("realisasi", num(row["realisasi s.d. triwulan"]),
             field(o, "realisasi")),
            ("capaian TW", num(row["capaian thd target TW"]),
             field(o, "capaian")),
            ("capaian tahunan",
             num(row["capaian thd target tahunan (90,00)"]),
             field(o, "year_capaian")),
            ("year target", num("90,00"), field(o, "year_target"))]
    group("triwulan %d tanjung-tiram IKM 2025 (README line %d)" % (n, ln),
          figs)

# ------------------------------------------------------------ Tingkat kemajuan

for ln, row in table_after("### Tingkat kemajuan (report year)"):
    unit, year = unit_year(row["unit"])
    r = reply("progress", "--unit", unit, "--year", year)
    figs = []
    for ind in ("IKM", "AKIP"):
        m = re.match(r"([\d,]+) / ([\d,]+) = ([\d,]+)", plain(row[ind]))
        if not m:
            raise SystemExit("README line %d: %s kemajuan %r not recognised"
                             % (ln, ind, row[ind]))
        o = next((x for x in (r or {}).get("rows", [])
                  if x["indicator"] == ind), None)
        figs += [("%s realisasi" % ind, num(m.group(1)), field(o, "realisasi")),
                 ("%s end target" % ind, num(m.group(2)),
                  field(o, "end_target")),
                 ("%s kemajuan" % ind, num(m.group(3)), field(o, "kemajuan"))]
    group("kemajuan %s %d (README line %d)" % (unit, year, ln), figs)

# ------------------------------------------------------------ Serapan

def budget(unit, year):
    return reply("budget", "--unit", unit, "--year", year)


def line(b, code):
    return next((l for l in (b or {}).get("lines", []) if l["code"] == code),
                None)


for ln, row in table_after("**Serapan per program and unit.**"):
    unit, year = unit_year(row["unit, year"])
    prog = plain(row["program"])
    b = budget(unit, year)
    if prog.startswith("total as stated"):
        what, o = "stated TOTAL", field(b, "stated_total")
    elif prog.startswith("total"):
        what, o = "total", field(b, "total")
    elif prog.startswith("unweighted mean"):
        group("serapan %s %d unweighted mean of program %% (README line %d)"
              % (unit, year, ln),
              [("program mean", first_num(row["serapan"]),
                field(b, "program_mean"))])
        continue
    else:
        what = prog.split()[0]
        o = line(b, what)
    figs = []
    for k in ("pagu", "realisasi", "serapan"):
        if plain(row[k]):
            figs.append((k, first_num(row[k]), field(o, k)))
    group("serapan %s %d %s (README line %d)" % (unit, year, what, ln), figs)

m = sentence(r"MD P1\.K1 is printed [\d,]+\. Recomputed, it is ([\d,]+) "
             r"from its sub kegiatan")
if m:
    group("serapan medang-deras 2025 P1.K1 from its sub kegiatan",
          [("serapan", num(m.group(1)),
            field(line(budget("medang-deras", 2025), "P1.K1"), "serapan"))])
m = sentence(r"LPP rows printed `-` recompute to ([\d,]+) where pagu > 0 "
             r"\(([^)]*)\)")
if m:
    b = budget("lima-puluh-pesisir", 2023)
    group("serapan lima-puluh-pesisir 2023 of the `-` rows",
          [("%s serapan" % c, num(m.group(1)), field(line(b, c), "serapan"))
           for c in re.split(r",\s*", m.group(2))])
m = sentence(r"Where pagu is 0, serapan is not available \(([^)]*)\)")
if m:
    b = budget("lima-puluh-pesisir", 2023)
    group("serapan lima-puluh-pesisir 2023 not available where pagu is 0",
          [f for c in re.split(r",\s*", m.group(1))
           for f in (("%s pagu" % c, Decimal(0), field(line(b, c), "pagu")),
                     ("%s serapan" % c, None, field(line(b, c), "serapan")))])

# ------------------------------------------------------------ belanja

for ln, row in table_after("**Serapan per belanja class.**"):
    unit, year = unit_year(row["unit, year"])
    b = budget(unit, year)
    classes = [c.strip() for c in plain(row["class"]).split(" / ")]
    pagus = plain(row["pagu"]).split(" / ")
    figs = []
    for i, cls in enumerate(classes):
        if cls == "total":
            o = field(b, "belanja_total")
        else:
            o = next((x for x in (b or {}).get("belanja", [])
                      if x["name"] == cls), None)
        if o is None:
            figs.append(("%s present" % cls, True, False))
            continue
        figs.append(("%s pagu" % cls, first_num(pagus[min(i, len(pagus) - 1)]),
                     o["pagu"]))
        rz = plain(row["realisasi"])
        figs.append(("%s realisasi" % cls,
                     None if "not stated" in rz else first_num(rz),
                     o["realisasi"]))
        sz = plain(row["serapan"])
        figs.append(("%s serapan" % cls,
                     None if "not available" in sz else first_num(sz),
                     o["serapan"]))
    group("belanja %s %d %s (README line %d)"
          % (unit, year, " / ".join(classes), ln), figs)

if sentence(r"Every SB class total equals the sum of its subclasses"):
    b = budget("sei-balai", 2024) or {}
    figs = []
    for top in [x for x in b.get("belanja", []) if not x["parent"]]:
        kids = [x for x in b["belanja"] if x["parent"] == top["name"]]
        for k in ("pagu", "realisasi"):
            figs.append(("%s %s" % (top["name"], k), top[k],
                         sum((x[k] for x in kids), Decimal(0))))
    group("belanja sei-balai 2024 class totals are the sums of subclasses",
          figs)

# ------------------------------------------------------------ findings

readme_findings = {}
for ln, row in table_after("**Findings: stated amounts that differ"):
    fid = plain(row["#"])
    unit, year = unit_year(row["unit, year"])
    what = plain(row["row"])
    if "PK" in what or "Tabel" in what:
        continue  # F5, F6: report tables that are not in the data
    m = re.match(r"(?:unit )?(\S+) (pagu|realisasi)", what)
    if not m:
        raise SystemExit("README line %d: finding row %r not recognised"
                         % (ln, what))
    code, k = m.group(1), m.group(2)
    code = "TOTAL" if code in ("total", "TOTAL") else code
    b = budget(unit, year) or {}
    found = [f for f in b.get("findings", [])
             if f["line"] == code and f["field"] == k]
    stated = first_num(row["stated"])
    summ = first_num(row["sum of children"])
    figs = []
    if found:
        readme_findings[(unit, code, k)] = fid
        figs += [("stated", stated, found[0]["stated"]),
                 ("sum of parts", summ, found[0]["sum"])]
    else:
        # No finding of the service's (F3: the stated P1 equals the sum of
        # its sub kegiatan): recompute from the lines, children as stated.
        o = line(b, code)
        stmap = {(f["line"], f["field"]): f["stated"]
                 for f in b.get("findings", [])}
        kids = [l for l in b.get("lines", []) if l["parent"] == code]
        figs += [("stated", stated, field(o, k)),
                 ("sum of children as stated", summ,
                  sum((stmap.get((l["code"], k), l[k]) for l in kids),
                      Decimal(0)))]
    n = re.search(r"\((\d+) (kegiatan|programs)", plain(row["sum of children"]))
    if n:
        if code == "TOTAL":
            kids = [l for l in b.get("lines", []) if l["depth"] == 0]
        else:
            kids = [l for l in b.get("lines", []) if l["parent"] == code]
        figs.append(("number of %s" % n.group(2), int(n.group(1)), len(kids)))
    group("finding %s %s %d %s %s (README line %d)"
          % (fid, unit, year, code, k, ln), figs)

m = sentence(r"Belanja Modal ([\d.]+) / ([\d.]+) equals the three capital "
             r"sub kegiatan \(([^)]*)\) exactly")
if m:
    b = budget("medang-deras", 2025) or {}
    o = next((x for x in b.get("belanja", [])
              if x["name"] == "Belanja Modal"), None)
    kids = [line(b, c) or {"pagu": None, "realisasi": None}
            for c in re.split(r",\s*", m.group(3))]
    figs = []
    for i, k in ((1, "pagu"), (2, "realisasi")):
        figs += [("Belanja Modal %s" % k, num(m.group(i)), field(o, k))]
        try:
            got = sum((x[k] for x in kids), Decimal(0))
        except TypeError:
            got = None
        figs += [("capital sub kegiatan %s" % k, num(m.group(i)), got)]
    group("finding F4: medang-deras 2025 Belanja Modal is its capital "
          "sub kegiatan", figs)

# call B11: the TOTAL rows, and the totals that have none.
m = sentence(r"JUMLAH row of TT Tabel 3\.6 \(([\d.,]+) / ([\d.,]+)\) and MD "
             r"Tabel 3\.17 \(([\d.,]+) / ([\d.,]+)\)")
if m:
    figs = []
    for unit, year, i in (("tanjung-tiram", 2025, 1), ("medang-deras", 2025, 3)):
        o = field(budget(unit, year), "stated_total")
        figs += [("%s TOTAL pagu" % unit, num(m.group(i)), field(o, "pagu")),
                 ("%s TOTAL realisasi" % unit, num(m.group(i + 1)),
                  field(o, "realisasi"))]
    group("budget TOTAL rows (call B11)", figs)
m = sentence(r"LPP \(([\d.,]+) / ([\d.,]+)\) and SB \(([\d.,]+) / ([\d.,]+)\) "
             r"state totals equal to their programs' sums; they have no "
             r"`TOTAL` row")
if m:
    figs = []
    for unit, year, i in (("lima-puluh-pesisir", 2023, 1),
                          ("sei-balai", 2024, 3)):
        b = budget(unit, year)
        figs += [("%s programs' pagu" % unit, num(m.group(i)),
                  field(field(b, "total"), "pagu")),
                 ("%s programs' realisasi" % unit, num(m.group(i + 1)),
                  field(field(b, "total"), "realisasi")),
                 ("%s has no TOTAL" % unit, None, field(b, "stated_total"))]
    group("budget totals without a TOTAL row (call B11)", figs)

m = sentence(r"(\w+) and (\w+) have no parent mismatches")
figs = []
for abbr in ((m.group(1), m.group(2)) if m else ()):
    unit = UNITS[abbr]
    year = {"lima-puluh-pesisir": 2023, "sei-balai": 2024}[unit]
    figs.append(("%s findings" % unit, 0,
                 len((budget(unit, year) or {"findings": [None]})["findings"])))
for unit, year in (("tanjung-tiram", 2025), ("medang-deras", 2025)):
    for f in (budget(unit, year) or {}).get("findings", []):
        figs.append(("%s %s %s finding is in the README table"
                     % (unit, f["line"], f["field"]), True,
                     (unit, f["line"], f["field"]) in readme_findings))
group("findings: no others than the README's", figs)

# ------------------------------------------------------------ AKIP

m4 = sentence(r"4-component years use (\d+)/(\d+)/(\d+)/(\d+)")
m5 = sentence(r"weights (\d+)/(\d+)/(\d+)/(\d+)/(\d+)")
for ln, row in table_after("**AKIP component totals.**"):
    unit = UNITS[plain(row["unit"])]
    year = int(row["year"])
    r = reply("akip", "--unit", unit, "--year", year)
    comps = field(r, "components") or []
    figs = [("components", int(row["components"]), len(comps)),
            ("sum", first_num(row["sum"]), field(r, "total")),
            ("predikat", plain(row["predikat"]), field(r, "predikat"))]
    want_w = {4: m4, 5: m5}.get(len(comps))
    if want_w:
        figs.append(("weights", [Decimal(w) for w in want_w.groups()],
                     [c["weight"] for c in comps]))
    figs.append(("no score above its weight", True,
                 all(c["score"] <= c["weight"] for c in comps)))
    rep = plain(row["report total"])
    t = re.search(r"Target components sum to ([\d,]+)", rep)
    if t:
        figs.append(("target total", num(t.group(1)), field(r, "target_total")))
    t = re.search(r"capaian ([\d,]+)", rep)
    if t:
        figs.append(("capaian", num(t.group(1)), field(r, "capaian")))
    t = re.search(r"values\.csv has ([\d,]+)", rep)
    if t:
        tr = reply("trend", "--unit", unit, "--indicator", "AKIP")
        o = next((x for x in field(tr, "points") or [] if x["year"] == year),
                 None)
        figs.append(("stated realisasi (values.csv)", num(t.group(1)),
                     field(o, "realisasi")))
    group("akip %s %d (README line %d)" % (unit, year, ln), figs)

# ------------------------------------------------------------ IKM from unsur

for ln, row in table_after("**IKM from unsur means.**"):
    unit, year = unit_year(row["unit, year"])
    rc, r, err = kinerja("survey", "--unit", unit, "--year", year)
    if "not available" in plain(row["IKM"]):
        group("survey %s %d: no IKM from unsur means (README line %d)"
              % (unit, year, ln),
              [("ikm", None, field(r, "ikm"))])
        continue
    group("survey %s %d (README line %d)" % (unit, year, ln),
          [("NRR tertimbang", first_num(row["NRR tertimbang"]),
            field(r, "nrr_tertimbang")),
           ("IKM", first_num(row["IKM"]), field(r, "ikm")),
           ("mutu", plain(row["mutu"]), field(r, "mutu"))])

# ------------------------------------------------------------ efficiency


def expand(progs):
    """'7.01.02-7.01.05' / 'P2-P6' / 'P1' -> the codes; 'none ...' -> []."""
    p = plain(progs)
    if p.startswith("none"):
        return []
    m = re.fullmatch(r"(.*?)(\d+)-(.*?)(\d+)", p)
    if m and m.group(1) == m.group(3):
        w = len(m.group(2))
        return ["%s%0*d" % (m.group(1), w, i)
                for i in range(int(m.group(2)), int(m.group(4)) + 1)]
    return [c.strip() for c in p.split(",")]


for ln, row in table_after("**Tingkat efisiensi per sasaran.**"):
    unit, year = unit_year(row["unit, year"])
    ind = plain(row["sasaran"])
    sas = sasaran_of(unit, ind)
    r = reply("efficiency", "--unit", unit, "--year", year)
    o = next((x for x in field(r, "rows") or [] if x["sasaran"] == sas), None)
    want = expand(row["linked programs"])
    b = budget(unit, year) or {}
    linked = sorted(l["code"] for l in b.get("lines", [])
                    if l["depth"] == 0 and sas and l["sasaran"] == sas)
    figs = [("linked programs (budget.csv sasaran)", sorted(want), linked),
            ("set against the whole unit budget", not want,
             field(o, "whole_budget")),
            ("capaian", first_num(row["capaian"]), field(o, "capaian")),
            ("serapan", first_num(row["serapan"]), field(o, "serapan")),
            ("efisiensi", first_num(row["efisiensi"]), field(o, "efisiensi")),
            ("serapan/capaian", first_num(row["serapan/capaian"]),
             field(o, "ratio"))]
    group("efficiency %s %d %s (README line %d)" % (unit, year, ind, ln), figs)

# ------------------------------------------------------------ rows per file

# How many rows of each file the demo holds for one unit-year.
ROWS = {
    "budget.csv": ("budget", lambda r: len(r["lines"]) +
                   (r.get("stated_total") is not None)),
    "belanja.csv": ("budget", lambda r: len(r["belanja"])),
    "akip.csv": ("akip", lambda r: len(r["components"])),
    "skm.csv": ("survey", lambda r: len(r["unsur"])),
}
for ln, row in table_after("Four more files, transcribed"):
    f = plain(row["file"])
    m = re.match(r"(\d+)(?: \((.*)\))?", plain(row["rows"]))
    total, parts = int(m.group(1)), m.group(2) or ""
    cmd, count = ROWS[f]
    per = {unit: sum(count(r) for r in (reply(cmd, "--unit", unit, "--year", y)
                                        for y in range(2015, 2031)) if r)
           for unit in kec}
    figs = [("rows", total, sum(per.values()))]
    for abbr, cnt in re.findall(r"\b(TT|LPP|SB|MD) (\d{1,3})(?![\d-])", parts):
        figs.append(("%s rows" % abbr, int(cnt), per[UNITS[abbr]]))
    group("%s rows (README line %d)" % (f, ln), figs)

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PYTHON
# exit status: python's; harness.sh's EXIT trap stops kinerjad
