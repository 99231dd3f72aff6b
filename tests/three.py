#!/usr/bin/python3
"""three.py - the same requests over kinerja's three interfaces, for
test_three.sh: nng (a RequestEnvelope from python3-protobuf, sent by
nng_send), gRPC (python3-grpcio) and HTTP/JSON (curl POST /v1/<Method>).
Replies are compared as messages (the HTTP JSON parsed back by
google.protobuf.json_format), errors as (code, message, FieldErrors).
Prints TAP lines; exits 1 when any differs.

  three.py STUBS NNG_SEND NNG_URL GRPC_TARGET HTTP_BASE
"""
import json
import subprocess
import sys

CASES = [
    ("GetCapaian", {"unit": "tanjung-tiram", "year": 2023}),
    ("GetCapaian", {"unit": "tanjung-tiram", "year": 2023,
                    "predikat_rule": "PREDIKAT_RULE_MID"}),
    ("GetRanking", {"year": 2023, "measure": "RANK_MEASURE_OVERALL"}),
    ("GetRanking", {"year": 2023, "measure": "RANK_MEASURE_CAPAIAN",
                    "indicator": "IKM"}),
    ("GetTrend", {"unit": "tanjung-tiram", "indicator": "IKM"}),
    ("ListUnits", {}),
    ("GetCapaian", {"unit": "no-such-unit", "year": 2023}),
    ("SubmitIndicatorData", {"values": [
        {"unit": "tanjung-tiram", "indicator": "IKM", "year": 2040,
         "kind": "VALUE_KIND_TARGET", "value": 50},
        {"unit": "tanjung-tiram", "indicator": "IKM", "year": 1,
         "kind": "VALUE_KIND_TARGET", "value": 50}]}),
]


class Answer:
    """A reply message, or an error (code, message, details)."""

    def __init__(self, reply=None, code=0, message="", details=()):
        self.reply, self.code, self.message = reply, code, message
        self.details = list(details)

    def key(self):
        if self.reply is not None:
            return ("OK", self.reply.SerializeToString(deterministic=True))
        return (self.code, self.message,
                [d.SerializeToString(deterministic=True)
                 for d in self.details])

    def __str__(self):
        if self.reply is not None:
            return str(self.reply)[:2000]
        return "code %d: %s; details %s" % (
            self.code, self.message, [str(d) for d in self.details])


def over_nng(pb, nng_send, url, method, req, rep_t):
    env = pb.RequestEnvelope(method=method, timeout_ms=20000,
                             payload=req.SerializeToString())
    out = subprocess.run([nng_send, url], input=env.SerializeToString(),
                         capture_output=True, check=True, timeout=30)
    res = pb.ResponseEnvelope.FromString(out.stdout)
    if res.code != 0:
        return Answer(code=res.code, message=res.message,
                      details=res.details)
    return Answer(reply=rep_t.FromString(res.payload))


def fields(buf):
    """(number, bytes or int) of each field: google.rpc.Status, Any."""
    i, out = 0, []

    def varint(i):
        n = shift = 0
        while True:
            b = buf[i]
            i += 1
            n |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return n, i
    while i < len(buf):
        key, i = varint(i)
        if key & 7 == 0:
            v, i = varint(i)
        else:
            n, i = varint(i)
            v, i = buf[i:i + n], i + n
        out.append((key >> 3, v))
    return out


def over_grpc(pb, grpc, channel, method, req, rep_t):
    call = channel.unary_unary("/kinerja.Kinerja/" + method,
                               request_serializer=lambda m: m,
                               response_deserializer=rep_t.FromString)
    try:
        return Answer(reply=call(req.SerializeToString(), timeout=20))
    except grpc.RpcError as err:
        details = []
        for k, v in err.trailing_metadata() or ():
            if k == "grpc-status-details-bin":
                for n, any_ in fields(v):
                    if n == 3:
                        a = dict(fields(any_))
                        assert a[1] == \
                            b"type.googleapis.com/kinerja.FieldError", a[1]
                        details.append(pb.FieldError.FromString(a[2]))
        return Answer(code=err.code().value[0], message=err.details(),
                      details=details)


def over_http(pb, json_format, base, method, req, rep_t):
    body = json_format.MessageToJson(req, preserving_proto_field_name=True)
    out = subprocess.run(
        ["curl", "-s", "-S", "--max-time", "30", "-X", "POST",
         "-H", "Content-Type: application/json", "--data-binary", "@-",
         "-w", "\n%{http_code}", base + "/v1/" + method],
        input=body.encode(), capture_output=True, check=True)
    text, status = out.stdout.decode().rsplit("\n", 1)
    if status == "200":
        return Answer(reply=json_format.Parse(text, rep_t()))
    err = json.loads(text)
    details = []
    for d in err.get("details", []):
        d = {k: v for k, v in d.items() if k != "@type"}
        details.append(json_format.ParseDict(d, pb.FieldError()))
    return Answer(code=err["code"], message=err["message"], details=details)


def main():
    stubs, nng_send, url, target, base = sys.argv[1:6]
    sys.path.insert(0, stubs)
    import grpc
    from google.protobuf import json_format
    import kinerja_pb2 as pb

    channel = grpc.insecure_channel(target)
    methods = pb.DESCRIPTOR.services_by_name["Kinerja"].methods_by_name
    failed = 0
    for i, (method, args) in enumerate(CASES, 1):
        md = methods[method]
        req_t = getattr(pb, md.input_type.name)
        rep_t = getattr(pb, md.output_type.name)
        req = json_format.ParseDict(args, req_t())
        n = over_nng(pb, nng_send, url, method, req, rep_t)
        g = over_grpc(pb, grpc, channel, method, req, rep_t)
        h = over_http(pb, json_format, base, method, req, rep_t)
        what = "OK" if n.reply is not None else "error %d" % n.code
        name = "%s %s: %s, the same over nng, gRPC and HTTP" % (
            method, json.dumps(args)[:60], what)
        if n.key() == g.key() == h.key():
            print("ok %d - %s" % (i, name))
            continue
        failed += 1
        print("not ok %d - %s" % (i, name))
        for label, a in (("nng", n), ("gRPC", g), ("HTTP", h)):
            print("#   %s: %s" % (label, str(a).replace("\n", "\n#     ")))
    print("1..%d" % len(CASES))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
