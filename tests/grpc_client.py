#!/usr/bin/python3
"""grpc_client.py - a gRPC client of kinerjad --grpc for test_grpc.sh,
on stubs python3-grpc-tools generated from the unchanged kinerja.proto.

  grpc_client.py STUBS TARGET [OPTIONS] call METHOD JSON
      prints the reply as JSON (proto field names, defaults included)
  grpc_client.py STUBS TARGET [OPTIONS] same METHOD JSON CLI_JSON_FILE
      calls METHOD, parses the CLI's --format json answer as the reply
      type and exits 0 when both messages are equal, 1 with a diff
  grpc_client.py STUBS TARGET [OPTIONS] burst METHOD JSON N
      N calls of METHOD at once; prints how many ended with each code
      ({"OK": 37, "RESOURCE_EXHAUSTED": 3}) and one message per code
  grpc_client.py STUBS TARGET [OPTIONS] raw PATH HEX
      a generic unary call (bytes in, bytes out, in hex), as
      grpc_health_probe makes for grpc.health.v1.Health/Check

A failed call prints "ERROR <CODE> <message>", then for every detail of
the grpc-status-details-bin trailer (google.rpc.Status, decoded here by
hand, not by the server's own proto) "DETAIL <type_url> <JSON>", and exits
3. Options: --token T, --request-id ID, --reason TEXT (x-reason),
--reason-bin TEXT (x-reason-bin, UTF-8), --timeout SECONDS, --ca PEM
[--cert PEM --key PEM] for TLS (server name localhost), --big N (adds N
bytes to the request as an unknown field, to test --max-message).
"""
import argparse
import json
import sys


def varint(buf, i):
    n = shift = 0
    while True:
        b = buf[i]
        i += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return n, i


def encode_varint(n):
    out = b""
    while n >= 0x80:
        out += bytes([0x80 | (n & 0x7F)])
        n >>= 7
    return out + bytes([n])


def fields(buf):
    """(number, value) of each field of a message: ints and bytes."""
    i, out = 0, []
    while i < len(buf):
        key, i = varint(buf, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = varint(buf, i)
        elif wt == 2:
            n, i = varint(buf, i)
            v, i = bytes(buf[i:i + n]), i + n
        else:
            raise ValueError("wire type %d in google.rpc.Status" % wt)
        out.append((num, v))
    return out


def print_error(err, pb, json_format):
    print("ERROR %s %s" % (err.code().name, err.details()))
    for key, value in err.trailing_metadata() or ():
        if key != "grpc-status-details-bin":
            continue
        st = fields(value)  # google.rpc.Status: code 1, message 2, details 3
        code = [v for n, v in st if n == 1]
        print("STATUS %s %s" % (code[0] if code else 0,
              [v.decode() for n, v in st if n == 2][0]))
        for n, anyb in st:
            if n != 3:
                continue
            a = dict(fields(anyb))  # google.protobuf.Any: type_url 1, value 2
            url = a.get(1, b"").decode()
            body = a.get(2, b"")
            if url == "type.googleapis.com/kinerja.FieldError":
                fe = pb.FieldError.FromString(body)
                body = json_format.MessageToJson(
                    fe, preserving_proto_field_name=True,
                    including_default_value_fields=True, indent=None,
                    sort_keys=True)
            print("DETAIL %s %s" % (url, body))


def channel(grpc, a):
    target = a.target
    if a.ca is None:
        return grpc.insecure_channel(target)
    read = lambda p: open(p, "rb").read() if p else None
    creds = grpc.ssl_channel_credentials(read(a.ca), read(a.key),
                                         read(a.cert))
    return grpc.secure_channel(
        target, creds, options=[("grpc.ssl_target_name_override",
                                 "localhost")])


def metadata(a):
    md = []
    if a.token:
        md.append(("authorization", "Bearer " + a.token))
    if a.request_id:
        md.append(("x-request-id", a.request_id))
    if a.reason:
        md.append(("x-reason", a.reason))
    if a.reason_bin:
        md.append(("x-reason-bin", a.reason_bin.encode("utf-8", "surrogateescape")))
    return md


def burst(stub, raw, n, a, grpc):
    """n calls started together (futures), then their codes counted."""
    futures = [stub.future(raw, timeout=a.timeout, metadata=metadata(a))
               for _ in range(n)]
    codes, messages = {}, {}
    for f in futures:
        err = f.exception()
        code = "OK" if err is None else err.code().name
        codes[code] = codes.get(code, 0) + 1
        if err is not None:
            messages[code] = err.details()
    print(json.dumps(codes, sort_keys=True))
    for code, msg in sorted(messages.items()):
        print("MESSAGE %s %s" % (code, msg))
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("stubs")
    p.add_argument("target")
    for o in ("--token", "--request-id", "--reason", "--reason-bin",
              "--ca", "--cert", "--key"):
        p.add_argument(o)
    p.add_argument("--timeout", type=float, default=20)
    p.add_argument("--big", type=int, default=0)
    p.add_argument("command", choices=("call", "same", "raw", "burst"))
    p.add_argument("args", nargs="+")
    a = p.parse_args()
    sys.path.insert(0, a.stubs)
    import grpc
    from google.protobuf import json_format
    import kinerja_pb2 as pb
    import kinerja_pb2_grpc  # noqa: F401 (the stubs exist)

    ch = channel(grpc, a)
    try:
        if a.command == "raw":
            call = ch.unary_unary(a.args[0])
            out = call(bytes.fromhex(a.args[1] if len(a.args) > 1 else ""),
                       timeout=a.timeout, metadata=metadata(a))
            print(out.hex())
            return 0
        method = pb.DESCRIPTOR.services_by_name["Kinerja"].methods_by_name[
            a.args[0]]
        req_t = getattr(pb, method.input_type.name)
        rep_t = getattr(pb, method.output_type.name)
        req = json_format.Parse(a.args[1], req_t())
        raw = req.SerializeToString()
        if a.big:
            # field 1000, bytes: unknown to the server, counted by size
            raw += b"\xc2\x3e" + encode_varint(a.big) + b"x" * a.big
        stub = ch.unary_unary("/kinerja.Kinerja/" + a.args[0],
                              request_serializer=lambda b: b,
                              response_deserializer=rep_t.FromString)
        if a.command == "burst":
            return burst(stub, raw, int(a.args[2]), a, grpc)
        reply = stub(raw, timeout=a.timeout, metadata=metadata(a))
    except grpc.RpcError as err:
        print_error(err, pb, json_format)
        return 3
    if a.command == "call":
        print(json_format.MessageToJson(
            reply, preserving_proto_field_name=True,
            including_default_value_fields=True, indent=None))
        return 0
    cli = json_format.Parse(open(a.args[2]).read(), rep_t())
    if cli == reply:
        print("same")
        return 0
    print("differ:\n--- gRPC\n%s\n--- CLI\n%s" % (reply, cli))
    return 1


if __name__ == "__main__":
    sys.exit(main())
