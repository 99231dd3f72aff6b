#!/usr/bin/env python3
"""test_http_limits.py - kinerjad --http under hostile connections.

Drives a real kinerjad with 500 raw TCP connections of five kinds (idle
from the start, headers trickled a byte at a time, a body trickled after
its headers, a keep-alive connection left idle after one answer, and a
Content-Length far over --max-message), reopening each one the server
closes so that 500 stay open for the whole attack. Meanwhile a fresh
client asks GET /healthz every 25 ms. Checks, as issue #13 asks:

  - kinerjad's RSS stays under 256 MB during the attack, and after it
    comes back within 64 MB of what it was before;
  - /healthz from a fresh client answers in under 100 ms at p99;
  - no hostile connection lives much longer than --http-timeout (1 s
    here): trickling does not keep one open;
  - an oversized Content-Length is answered 413 at once;
  - --http-max-connections holds: with a cap of 20, 60 idle connections
    give kinerjad at most 20 more descriptors;
  - under a descriptor limit of 128 the cap is lowered, so that 150 idle
    HTTP connections leave nng its descriptors: Health over nng answers.

Under AddressSanitizer (KINERJA_SANITIZE=1 in the environment) memory and
time cost more: the shadow memory and the quarantine (ASan keeps freed
blocks for a while) raise RSS, and every call is slower, so the bounds
are scaled (RSS x4, latency x5) rather than dropped.

    test_http_limits.py KINERJAD KINERJA
"""
import os
import resource
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ASAN = os.environ.get("KINERJA_SANITIZE") == "1"
RSS_MAX_KB = 256 * 1024 * (4 if ASAN else 1)
RSS_BACK_KB = 64 * 1024 * (4 if ASAN else 1)
P99_MAX_MS = 100 * (5 if ASAN else 1)
TIMEOUT_MS = 1000  # --http-timeout for this test
HOSTILE = 500
ATTACK_S = 8.0
KINDS = ("idle", "slow-headers", "slow-body", "keep-alive", "oversized")

failures = 0
checks = 0


def check(name, ok, why=""):
    global failures, checks
    checks += 1
    if ok:
        print(f"ok {checks} - {name}")
    else:
        failures += 1
        print(f"not ok {checks} - {name}")
        if why:
            print(f"#   {why}")


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def nfds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def start(kinerjad, tmp, name, *flags, nofile=None):
    log = open(os.path.join(tmp, name + ".log"), "w+")

    def limit():
        if nofile:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
    p = subprocess.Popen(
        [kinerjad, "--db", os.path.join(tmp, name + ".db"),
         "--listen", "ipc://" + os.path.join(tmp, name + ".sock"),
         "--http", "127.0.0.1:0", "--log-level", "error", *flags],
        stderr=log, stdout=subprocess.DEVNULL, preexec_fn=limit)
    for _ in range(200):
        log.seek(0)
        for line in log:
            if line.startswith("kinerjad: HTTP on port "):
                return p, int(line.split()[-1])
        if p.poll() is not None:
            break
        time.sleep(0.05)
    log.seek(0)
    print("Bail out! kinerjad --http did not start: " + log.read())
    p.kill()
    sys.exit(1)


def healthz_ms(port):
    """One GET /healthz on a new connection; its time, or None."""
    t = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n"
                      b"Connection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
    except OSError:
        return None
    if not data.startswith(b"HTTP/1.1 200"):
        return None
    return (time.monotonic() - t) * 1000


class Hostile:
    """One hostile connection and what it has seen."""

    def __init__(self, kind, port):
        self.kind = kind
        self.opened = time.monotonic()
        self.closed = None
        self.reply = b""
        self.sock = socket.socket()
        self.sock.setblocking(False)
        self.sock.connect_ex(("127.0.0.1", port))
        self.sent = False

    def first(self):
        """What it sends once connected."""
        if self.kind == "slow-headers":
            return b"POST /v1/Health HTTP/1.1\r\n"
        if self.kind == "slow-body":
            return (b"POST /v1/Health HTTP/1.1\r\nHost: t\r\n"
                    b"Content-Length: 1000000\r\n\r\n{")
        if self.kind == "keep-alive":
            return b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"
        if self.kind == "oversized":
            return (b"POST /v1/Health HTTP/1.1\r\nHost: t\r\n"
                    b"Content-Length: 1000000000000\r\n\r\n")
        return b""

    def trickle(self):
        """A byte now and then keeps a naive server waiting forever."""
        if self.kind == "slow-headers":
            return b"X"
        if self.kind == "slow-body":
            return b" "
        return b""

    def send(self, data):
        try:
            self.sock.send(data)
        except OSError:
            pass


def attack(port, pid):
    sel = selectors.DefaultSelector()
    conns = []
    lifetimes = {k: [] for k in KINDS}
    oversized_answers = []
    reopen = []  # kinds closed since the last tick

    def open_one(kind):
        h = Hostile(kind, port)
        conns.append(h)
        sel.register(h.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, h)

    def close_one(h, now):
        h.closed = now
        lifetimes[h.kind].append(now - h.opened)
        if h.kind == "oversized":
            oversized_answers.append((h.reply[:12], now - h.opened))
        sel.unregister(h.sock)
        h.sock.close()
        conns.remove(h)
        reopen.append(h.kind)  # keep 500 open, a tick later

    for i in range(HOSTILE):
        open_one(KINDS[i % len(KINDS)])
    peak = 0
    lat = []
    start_t = time.monotonic()
    next_trickle = next_probe = next_rss = start_t
    while time.monotonic() - start_t < ATTACK_S:
        for key, ev in sel.select(timeout=0.01):
            h = key.data
            if ev & selectors.EVENT_WRITE and not h.sent:
                h.sent = True
                h.send(h.first())
                sel.modify(h.sock, selectors.EVENT_READ, h)
            if ev & selectors.EVENT_READ:
                try:
                    data = h.sock.recv(65536)
                except OSError:
                    data = b""
                if data:
                    h.reply += data
                else:
                    close_one(h, time.monotonic())
        now = time.monotonic()
        if now >= next_trickle:
            for h in conns:
                if h.sent and h.trickle():
                    h.send(h.trickle())
            for kind in reopen:
                open_one(kind)
            reopen.clear()
            next_trickle = now + 0.2
        if now >= next_rss:
            peak = max(peak, rss_kb(pid))
            next_rss = now + 0.1
        if now >= next_probe:
            ms = healthz_ms(port)
            lat.append(ms if ms is not None else 1e9)
            next_probe = time.monotonic() + 0.025
    now = time.monotonic()
    # Still open at the end: only their age so far counts.
    open_ages = {k: max([now - h.opened for h in conns if h.kind == k],
                        default=0) for k in KINDS}
    for h in list(conns):
        sel.unregister(h.sock)
        h.sock.close()
    return peak, lat, lifetimes, open_ages, oversized_answers


def p99(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * 0.99))]


def test_attack(kinerjad, tmp):
    p, port = start(kinerjad, tmp, "attack",
                    "--http-timeout", str(TIMEOUT_MS),
                    "--http-idle-timeout", str(TIMEOUT_MS),
                    "--http-max-connections", "1000")
    for _ in range(20):
        healthz_ms(port)
    before = rss_kb(p.pid)
    peak, lat, lifetimes, open_ages, oversized = attack(port, p.pid)
    print(f"# RSS before {before} kB, peak {peak} kB; /healthz "
          f"{len(lat)} probes, p50 {sorted(lat)[len(lat) // 2]:.1f} ms, "
          f"p99 {p99(lat):.1f} ms")
    for k in KINDS:
        ls = lifetimes[k]
        print(f"# {k}: {len(ls)} closed by the server, longest "
              f"{max(ls, default=0):.2f} s; oldest still open "
              f"{open_ages[k]:.2f} s")
    check("RSS under the attack stays below the bound",
          peak < RSS_MAX_KB, f"peak {peak} kB >= {RSS_MAX_KB} kB")
    check("/healthz from a fresh client: p99 within the bound",
          p99(lat) < P99_MAX_MS, f"p99 {p99(lat):.1f} ms")
    limit = TIMEOUT_MS / 1000 * 2 + 1.0  # deadline, sweep, loaded box
    for k in ("idle", "slow-headers", "slow-body", "keep-alive"):
        longest = max(lifetimes[k] + [open_ages[k]])
        check(f"{k} connections are closed after --http-timeout",
              lifetimes[k] and longest < limit,
              f"{len(lifetimes[k])} closed; one lived {longest:.2f} s")
    bad = [a for a in oversized if not a[0].startswith(b"HTTP/1.1 413")
           or a[1] > 1.0 * (3 if ASAN else 1)]
    check("an oversized Content-Length is answered 413 at once",
          oversized and not bad, f"{len(bad)} of {len(oversized)}: "
          f"{bad[:3]}")
    time.sleep(2 * TIMEOUT_MS / 1000 + 1)
    after = rss_kb(p.pid)
    print(f"# RSS after the attack {after} kB")
    check("RSS after the attack is back within the bound of before",
          after - before < RSS_BACK_KB, f"{before} -> {after} kB")
    check("/healthz answers after the attack",
          healthz_ms(port) is not None)
    p.terminate()
    check("kinerjad stops cleanly", p.wait(20) == 0)


def test_cap(kinerjad, tmp):
    p, port = start(kinerjad, tmp, "cap", "--http-max-connections", "20",
                    "--http-timeout", "5000")
    time.sleep(0.2)
    before = nfds(p.pid)
    socks = [socket.create_connection(("127.0.0.1", port))
             for _ in range(60)]
    time.sleep(0.5)
    during = nfds(p.pid)
    print(f"# descriptors: {before} before, {during} with 60 idle "
          f"connections and a cap of 20")
    check("--http-max-connections bounds the descriptors taken",
          during - before <= 20, f"{during - before} more descriptors")
    for s in socks:
        s.close()
    time.sleep(0.3)
    check("/healthz answers once they have gone",
          healthz_ms(port) is not None)
    p.terminate()
    check("kinerjad stops cleanly", p.wait(20) == 0)


def test_descriptor_limit(kinerjad, kinerja, tmp):
    p, port = start(kinerjad, tmp, "fd", "--http-timeout", "5000",
                    "--http-idle-timeout", "5000", nofile=128)
    socks = []
    for _ in range(150):
        try:
            socks.append(socket.create_connection(("127.0.0.1", port), 2))
        except OSError:
            break
    time.sleep(0.5)
    t = time.monotonic()
    rc = subprocess.run(
        [kinerja, "--url", "ipc://" + os.path.join(tmp, "fd.sock"),
         "--timeout", "2000", "health"], capture_output=True).returncode
    ms = (time.monotonic() - t) * 1000
    with open(os.path.join(tmp, "fd.log")) as f:
        log = f.read()
    print(f"# ulimit -n 128: {len(socks)} idle HTTP connections, "
          f"{nfds(p.pid)} descriptors; nng Health rc {rc} in {ms:.0f} ms")
    check("a descriptor limit of 128 lowers --http-max-connections",
          "lowered to" in log, log.strip()[-200:])
    check("150 idle HTTP connections leave nng Health its descriptors",
          rc == 0 and ms < 1000 * (3 if ASAN else 1), f"rc {rc}, {ms} ms")
    for s in socks:
        s.close()
    p.terminate()
    check("kinerjad stops cleanly", p.wait(20) == 0)


def main():
    if len(sys.argv) != 3:
        print("usage: test_http_limits.py KINERJAD KINERJA", file=sys.stderr)
        return 2
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 4096 if hard == resource.RLIM_INFINITY else min(4096, hard)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    tmp = tempfile.mkdtemp(prefix="kinerja-hl.", dir="/tmp")
    try:
        test_attack(sys.argv[1], tmp)
        test_cap(sys.argv[1], tmp)
        test_descriptor_limit(sys.argv[1], sys.argv[2], tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"1..{checks}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
