"""What the Python tests share to read `kinerja --format json`.

The CLI prints protobuf's JSON mapping of a reply (proto/json_pb.c): money
as int64 strings of sen ("pagu_sen": "360919727100") and a row's amounts as
a message of their own ("amount" of a budget line, "budget" of an
efficiency row). rupiah() gives the figures as a report states them:
rupiah (Decimal) beside the row's other fields, an amount not given None.
"""
from decimal import Decimal

ABSORPTION = ("total", "stated_total", "belanja_total")


def rupiah(v):
    if isinstance(v, list):
        return [rupiah(x) for x in v]
    if not isinstance(v, dict):
        return v
    out = {}
    for k, x in v.items():
        if k.endswith("_sen"):
            out[k[:-4]] = Decimal(x) / 100
        elif k in ("amount", "budget") and isinstance(x, dict):
            out.update(absorption(x))
        elif k in ABSORPTION and isinstance(x, dict):
            out[k] = absorption(x)
        else:
            out[k] = rupiah(x)
    return out


def absorption(a):
    a = rupiah(a)
    for k in ("pagu", "realisasi", "serapan"):
        a.setdefault(k, None)
    return a
