#!/usr/bin/python3
"""test_openapi.py - GET /v1/openapi.json of a real kinerjad (--demo):
valid against the OpenAPI 3.0 schema (Debian's openapi-specification,
JSON Schema draft 4, checked with python3-jsonschema); every rpc of
proto/kinerja.proto is POST /v1/<Method> with its request and reply
schemas; the error shape, bearer auth and the X- headers are there; and
real requests and replies (errors too) validate against the document's
own schemas, made strict (no property the document does not list), while
a reply altered the way the old gateway wrote it (null, an int64 as a
number) does not.

    test_openapi.py KINERJAD PROTO

Prints TAP-style lines like the shell tests."""

import copy
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import jsonschema

SPEC = "/usr/share/openapi-specification/schemas/v3.0/schema.json"
REF = "#/components/schemas/"
results = {"pass": 0, "fail": 0}


def check(name, ok, why=""):
    if ok:
        results["pass"] += 1
        print("ok - " + name)
    else:
        results["fail"] += 1
        print("not ok - " + name)
        for line in str(why).splitlines()[:30]:
            print("#   " + line)


def start(kinerjad, tmp):
    log = open(os.path.join(tmp, "k.log"), "w+")
    proc = subprocess.Popen(
        [kinerjad, "--db", os.path.join(tmp, "k.db"), "--demo",
         "--listen", "ipc://" + os.path.join(tmp, "k.sock"),
         "--http", "127.0.0.1:0", "--log-level", "warn"],
        stderr=log, stdout=subprocess.DEVNULL)
    for _ in range(200):
        log.seek(0)
        m = re.search(r"^kinerjad: HTTP on port (\d+)$", log.read(), re.M)
        if m:
            return proc, "http://127.0.0.1:" + m.group(1)
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    log.seek(0)
    print("Bail out! kinerjad --http did not start\n" + log.read())
    proc.kill()
    sys.exit(1)


def http(base, path, body=None):
    """(status, parsed JSON) of a GET (body None) or a POST."""
    data = None if body is None else json.dumps(body).encode()
    r = urllib.request.Request(base + path, data=data,
                               method="GET" if body is None else "POST")
    try:
        with urllib.request.urlopen(r, timeout=20) as f:
            return f.status, json.loads(f.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def rpcs(proto):
    """[(method, request message, reply message)] of service Kinerja."""
    text = open(proto, encoding="utf-8").read()
    return re.findall(r"^\s*rpc\s+(\w+)\s*\(\s*(\w+)\s*\)\s*returns\s*"
                      r"\(\s*(\w+)\s*\)", text, re.M)


def refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)


def strict(doc):
    """The document's schemas where an object may hold only the properties
    it lists; a details item is FieldError's properties plus "@type"."""
    schemas = copy.deepcopy(doc["components"]["schemas"])
    for s in schemas.values():
        if "properties" in s:
            s["additionalProperties"] = False
    fe = schemas["kinerja.FieldError"]
    any_type = schemas["kinerja.FieldErrorDetail"]["allOf"][1]
    merged = dict(fe["properties"], **any_type["properties"])
    schemas["kinerja.FieldErrorDetail"] = {
        "type": "object", "properties": merged,
        "required": any_type["required"], "additionalProperties": False}
    return {"components": {"schemas": schemas}}


def errors_of(components, name, value):
    schema = dict(components, **{"$ref": REF + name})
    v = jsonschema.Draft4Validator(schema)
    return [e.message + " at " + "/".join(map(str, e.absolute_path))
            for e in v.iter_errors(value)]


def check_document(doc, proto):
    spec = json.load(open(SPEC, encoding="utf-8"))
    errs = [e.message for e in
            jsonschema.Draft4Validator(spec).iter_errors(doc)]
    check("the document is valid OpenAPI 3.0 (the Debian schema, draft 4)",
          not errs, "\n".join(errs[:10]))
    methods = rpcs(proto)
    missing = []
    for m, req, rep in methods:
        op = doc["paths"].get("/v1/" + m, {}).get("post")
        if op is None:
            missing.append(m + ": no POST")
            continue
        body = op["requestBody"]["content"]["application/json"]["schema"]
        ok = op["responses"]["200"]["content"]["application/json"]["schema"]
        if body != {"$ref": REF + "kinerja." + req} or \
           ok != {"$ref": REF + "kinerja." + rep}:
            missing.append(m + ": wrong schemas")
    extra = [p for p in doc["paths"] if p.startswith("/v1/") and
             p[4:] not in [m for m, _, _ in methods] and
             p != "/v1/openapi.json"]
    check("all %d rpcs of kinerja.proto: POST /v1/<Method>, request and "
          "reply schemas" % len(methods),
          len(methods) > 30 and not missing and not extra,
          "\n".join(missing + ["extra: " + p for p in extra]))
    schemas = doc["components"]["schemas"]
    dangling = sorted(set(r for r in refs(doc) if r.startswith(REF) and
                          r[len(REF):] not in schemas))
    check("every $ref resolves", not dangling, "\n".join(dangling))
    status = schemas.get("google.rpc.Status", {})
    detail = schemas.get("kinerja.FieldErrorDetail", {})
    check("errors: google.rpc.Status, details items with @type",
          set(status.get("properties", {})) == {"code", "message",
                                                "details"} and
          status["properties"]["details"]["items"] ==
          {"$ref": REF + "kinerja.FieldErrorDetail"} and
          detail["allOf"][1]["properties"]["@type"]["enum"] ==
          ["type.googleapis.com/kinerja.FieldError"])
    sec = doc["components"]["securitySchemes"]["bearer"]
    health = doc["paths"]["/v1/Health"]["post"]
    check("bearer auth for all but Health",
          sec == dict(sec, type="http", scheme="bearer") and
          doc["security"] == [{"bearer": []}] and
          health["security"] == [] and
          "security" not in doc["paths"]["/v1/GetCapaian"]["post"])
    params = doc["components"]["parameters"]
    check("X-Request-Id, X-Reason and X-Timeout-Ms are header parameters",
          sorted(p["name"] for p in params.values() if p["in"] ==
                 "header") == ["X-Reason", "X-Request-Id", "X-Timeout-Ms"])
    budget = schemas["kinerja.BudgetLine"]["properties"]
    level = schemas["kinerja.Unit"]["properties"]["level"]
    check("int64 is a string of format int64; enums by name",
          budget["pagu_sen"] == {"type": "string", "format": "int64"} and
          level == {"$ref": REF + "kinerja.Level"} and
          "LEVEL_OPD" in schemas["kinerja.Level"]["enum"],
          json.dumps([budget["pagu_sen"], level]))


# (method, request, HTTP status expected): real calls on the demo data.
CALLS = [
    ("GetCapaian", {"unit": "tanjung-tiram", "year": 2023}, 200),
    ("GetBudget", {"unit": "medang-deras", "year": 2025}, 200),
    ("GetRanking", {"year": 2025, "measure": "RANK_MEASURE_OVERALL"}, 200),
    ("GetRanking", {"year": 2025, "indicator": "IKM",
                    "measure": "RANK_MEASURE_CAPAIAN"}, 200),
    ("ListUnits", {}, 200),
    ("ServerInfo", {}, 200),
    ("GetHistory", {"unit": "medang-deras", "limit": 5}, 200),
    ("SubmitIndicatorData", {"values": [
        {"unit": "nowhere", "indicator": "IKM", "year": 2024,
         "kind": "VALUE_KIND_TARGET", "value": 1}]}, 404),
]


def check_calls(doc, base):
    comps = strict(doc)
    ops = doc["paths"]
    for m, req, want in CALLS:
        op = ops["/v1/" + m]["post"]
        req_name = op["requestBody"]["content"]["application/json"][
            "schema"]["$ref"][len(REF):]
        got, rep = http(base, "/v1/" + m, req)
        rep_name = op["responses"]["200"]["content"]["application/json"][
            "schema"]["$ref"][len(REF):] if want == 200 else \
            "google.rpc.Status"
        errs = errors_of(comps, req_name, req) + \
            errors_of(comps, rep_name, rep)
        check("%s %s: request and %d reply valid against %s" %
              (m, json.dumps(req)[:40], want, rep_name),
              got == want and not errs,
              "HTTP %d\n%s\n%s" % (got, "\n".join(errs[:10]),
                                   json.dumps(rep)[:400]))
        if m == "GetBudget":
            budget = rep
    old = copy.deepcopy(budget)
    old["lines"][0]["amount"]["pagu_sen"] = 1  # a number, not a string
    old["unit"] = None  # null for a message
    errs = errors_of(comps, "kinerja.GetBudgetReply", old)
    check("a reply with null or an int64 as a number is not valid",
          len(errs) == 2, "\n".join(errs))


def main():
    kinerjad, proto = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = start(kinerjad, tmp)
        try:
            status, doc = http(base, "/v1/openapi.json")
            check("GET /v1/openapi.json: 200, OpenAPI 3.0.x",
                  status == 200 and doc.get("openapi", "").startswith(
                      "3.0."), status)
            check_document(doc, proto)
            check_calls(doc, base)
        finally:
            proc.terminate()
            rc = proc.wait(10)
        # Under the sanitizers a leak makes the exit status non-zero.
        check("kinerjad stops cleanly", rc == 0, "exit status %d" % rc)
    print("%d passed, %d failed" % (results["pass"], results["fail"]))
    sys.exit(1 if results["fail"] else 0)


if __name__ == "__main__":
    main()
