#!/usr/bin/env python3
"""check_docx.py - a document kinerjad wrote (GetReport), read back by
readers that owe it nothing: python-docx (Debian's python3-docx) for the
.docx, xml.etree for the HTML. Used by test_report.sh.

  check_docx.py docx FILE.docx CAPAIAN.json OUTDIR
      the package holds the OOXML parts, styles Heading1-3 and a table
      style, header rows repeated; every table opens; the capaian table
      (Tabel 3.1) holds exactly the figures of `kinerja --format json
      capaian`; then the report's own capaian, budget, AKIP and IKM tables
      are written to OUTDIR as `kinerja validate` sheets.
  check_docx.py html FILE.html
      well-formed XML, BAB I-IV headings, table captions numbered in order
      within each chapter, no <script>.

Prints "ok - ..." / "not ok - ..." lines; exits 1 when any check failed.
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal

FAILED = 0


def check(name, ok, why=""):
    global FAILED
    print(("ok - " if ok else "not ok - ") + name)
    if not ok:
        FAILED += 1
        if why:
            print("#   " + why)


def number(cell):
    """71,38 / 1.234,50 / BB (74,10) -> Decimal; None for '-'."""
    m = re.search(r"-?[0-9][0-9.]*(,[0-9]+)?", cell)
    if cell.strip() == "-" or m is None:
        return None
    return Decimal(m.group(0).replace(".", "").replace(",", "."))


def tables_by_caption(doc):
    """{caption text: table} from the Caption paragraphs before tables."""
    body = doc.element.body
    out, caption = {}, None
    tables = iter(doc.tables)
    for el in body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            style = el.find(".//{*}pStyle")
            if style is not None and style.get(
                    "{http://schemas.openxmlformats.org/wordprocessingml/"
                    "2006/main}val") == "Caption":
                caption = "".join(t.text or "" for t in el.iter("{*}t"))
        elif tag == "tbl":
            out[caption or ""] = next(tables)
            caption = None
    return out


def rows(table):
    return [[c.text for c in r.cells] for r in table.rows]


def find(tables, prefix):
    for caption, t in tables.items():
        if caption.startswith(prefix):
            return caption, rows(t)
    return None, None


def write_sheet(path, header, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write(";".join(header) + "\n")
        for line in lines:
            f.write(";".join(x.replace(";", ",") for x in line) + "\n")


def docx_package(path):
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    need = {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
            "word/styles.xml", "word/_rels/document.xml.rels",
            "docProps/core.xml"}
    check("docx: the package holds the OOXML parts", need <= names,
          "missing: %s" % sorted(need - names))
    for name in sorted(names & need):
        try:
            ET.fromstring(z.read(name))
            ok = True
        except ET.ParseError as e:
            ok, why = False, str(e)
        check("docx: %s is well-formed XML" % name, ok, "" if ok else why)
    styles = z.read("word/styles.xml").decode()
    check("docx: styles Heading1-3 and a table style",
          all('w:styleId="Heading%d"' % i in styles for i in (1, 2, 3))
          and 'w:type="table"' in styles)
    doc = z.read("word/document.xml").decode()
    tables = doc.count('<w:tblStyle w:val="TabelLaporan"/>')
    check("docx: every numbered table repeats its header row on each page",
          tables > 0 and tables == doc.count("<w:tblHeader/>"))
    charts = sorted(n for n in names if n.startswith("word/charts/"))
    rels = z.read("word/_rels/document.xml.rels").decode()
    types = z.read("[Content_Types].xml").decode()
    check("docx: %d native charts, each related and typed" % len(charts),
          all(("Target=\"%s\"" % n[5:]) in rels and ("/" + n) in types
              for n in charts) and
          doc.count("<c:chart ") == len(charts))
    return z, charts


def chart_values(z, name, series):
    """The cached values of a chart's series, by category."""
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    root = ET.fromstring(z.read(name))
    for ser in root.iter("{%s}ser" % ns["c"]):
        if ser.find("c:tx//c:v", ns).text != series:
            continue
        cats = [p.find("c:v", ns).text
                for p in ser.findall("c:cat//c:pt", ns)]
        vals = {int(p.get("idx")): Decimal(p.find("c:v", ns).text)
                for p in ser.findall("c:val//c:pt", ns)}
        return {c: vals.get(i) for i, c in enumerate(cats)}
    return None


def docx_main(path, capaian_json, outdir):
    import docx  # python3-docx

    z, charts = docx_package(path)
    doc = docx.Document(path)
    headings = [p.text for p in doc.paragraphs
                if p.style.name.startswith("Heading")]
    check("docx: opens with python-docx, BAB I-IV headings",
          all(any(h.startswith("BAB %s " % b) for h in headings)
              for b in ("I", "II", "III", "IV")), "headings: %s" % headings)
    tables = tables_by_caption(doc)
    caption, cap = find(tables, "Tabel 3.1 ")
    reply = json.load(open(capaian_json, encoding="utf-8"))
    want = [(r["name"], r.get("target"), r.get("realisasi"), r.get("capaian"),
             r.get("predikat") if "capaian" in r else "-")
            for r in reply["indicators"]]
    got = []
    if cap:
        head = cap[0]
        ix = [head.index(h) for h in ("Indikator", "Target", "Realisasi",
                                      "Capaian (%)", "Predikat")]
        for r in cap[1:]:
            got.append(tuple([r[ix[0]]] +
                             [number(r[i]) for i in ix[1:4]] + [r[ix[4]]]))
    want = [(n, *(None if v is None else Decimal(str(v)) for v in (t, r, c)),
             p) for n, t, r, c, p in want]
    check("docx: %s holds exactly the figures of kinerja capaian" % caption,
          cap is not None and got == want, "docx %s\n#   json %s" % (got, want))
    caption, trend = find(tables, "Tabel 3.3 ")
    if charts and trend:
        h = trend[0]
        want = {r[0]: number(r[h.index("Realisasi")]) for r in trend[1:]}
        got = chart_values(z, charts[0], "Realisasi")
        check("docx: the first chart (c:lineChart) caches the realisasi "
              "of %s" % caption,
              b"<c:lineChart>" in z.read(charts[0]) and got == want,
              "chart %s\n#   table %s" % (got, want))
    sheets(tables, reply, outdir)


def sheets(tables, reply, outdir):
    """The report's own tables as `kinerja validate` sheets."""
    codes = {r["name"]: r["indicator"] for r in reply["indicators"]}
    unit, year = reply["unit"]["code"], str(reply["year"])
    n = 0
    caption, cap = find(tables, "Tabel 3.1 ")
    if cap:
        h = cap[0]
        lines = [["%s no %s" % (caption.split(" ")[1], r[0]),
                  r[h.index("Indikator")], r[h.index("Target")],
                  r[h.index("Realisasi")], r[h.index("Capaian (%)")],
                  r[h.index("Predikat")], "", unit,
                  codes[r[h.index("Indikator")]], year]
                 for r in cap[1:] if r[h.index("Capaian (%)")] != "-"]
        if lines:
            write_sheet(os.path.join(outdir, "capaian.csv"),
                        ["ref", "label", "target", "realisasi", "capaian",
                         "predikat", "polarity", "unit", "indicator",
                         "year"], lines)
            n += 1
    for caption, t in tables.items():
        r = rows(t)
        h = r[0]
        if h[:2] == ["Kode", "Program / kegiatan / sub kegiatan"] or \
                h[0] == "Jenis belanja":
            lines = [["%s baris %d" % (caption.split(" ")[1], i), x[-4],
                      x[-3], x[-2], x[-1]]
                     for i, x in enumerate(r[1:], 1) if "-" not in x[-3:]]
            if not lines:
                continue
            write_sheet(os.path.join(outdir, "serapan-%d.csv" % n),
                        ["ref", "label", "pagu", "realisasi", "serapan"],
                        lines)
            n += 1
        elif h[0] == "Komponen" and h[3] == "Nilai":
            lines = [["%s no %d" % (caption.split(" ")[1], i), x[0], x[3],
                      "", ""] for i, x in enumerate(r[1:-1], 1)]
            lines.append(["%s jumlah" % caption.split(" ")[1], "Jumlah",
                          "", r[-1][3], ""])
            write_sheet(os.path.join(outdir, "akip.csv"),
                        ["ref", "label", "score", "total", "predikat"], lines)
            n += 1
        elif h[:3] == ["No", "Unsur pelayanan", "NRR"]:
            lines = [["%s no %s" % (caption.split(" ")[1], x[0]), x[1], x[2],
                      "", ""] for x in r[1:-1]]
            write_sheet(os.path.join(outdir, "ikm-unsur.csv"),
                        ["ref", "label", "nrr", "ikm", "mutu"], lines)
            n += 1
    print("# %d validate sheets written to %s" % (n, outdir))


def html_main(path):
    text = open(path, encoding="utf-8").read()
    try:
        root = ET.fromstring(text)
        ok, why = True, ""
    except ET.ParseError as e:
        root, ok, why = None, False, str(e)
    check("html: well-formed (xml.etree parses it)", ok, why)
    if root is None:
        return
    ns = "{http://www.w3.org/1999/xhtml}"
    h1 = ["".join(e.itertext()) for e in root.iter(ns + "h1")]
    check("html: BAB I-IV headings",
          all(any(h.startswith("BAB %s " % b) for h in h1)
              for b in ("I", "II", "III", "IV")), "h1: %s" % h1)
    captions = ["".join(e.itertext()) for e in root.iter(ns + "caption")]
    seen, ok, why = {}, bool(captions), "no caption"
    for c in captions:
        m = re.match(r"Tabel (?:(\d+)\.)?(\d+) ", c)
        if not m:
            ok, why = False, "unnumbered: " + c
            break
        chap = m.group(1) or ""
        if int(m.group(2)) != seen.get(chap, 0) + 1:
            ok, why = False, "out of order: " + c
            break
        seen[chap] = int(m.group(2))
    check("html: %d tables, numbered in order per chapter" % len(captions),
          ok, why)
    check("html: no script", not list(root.iter(ns + "script")))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "docx":
        docx_main(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "html":
        html_main(sys.argv[2])
    else:
        sys.exit(__doc__)
    sys.exit(1 if FAILED else 0)
