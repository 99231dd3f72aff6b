/*
 * bench_grpc.cc - kinerja against gRPC C++'s own sync server, in one run
 * over tcp loopback: Health on kinerjad's gRPC endpoint (--grpc) and over
 * nng (libkinerja), against grpc_echo_server answering a request of the
 * size of Health's nng envelope with itself.
 *
 * Every gRPC target is called by the same client: grpc::ByteBuffer
 * requests through BlockingUnaryCall, the sync call generated stubs
 * make, so neither side pays for protobuf on the client. Each client is
 * a thread with a channel (one HTTP/2 connection) of its own.
 */
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/client_unary_call.h>
#include <grpcpp/impl/rpc_method.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>

/* protoc-c names the Export RPC's member of its service struct "export",
 * a keyword of C++: this file sees it under another name (a member's
 * name is not in the layout). */
#define export export_
#include "common.h"
#undef export
#include "raw_echo.h"
#include "echo.pb.h"

namespace
{

constexpr int kRounds     = 3;
constexpr int kWarmup     = 200; /* calls per client before the clock */
constexpr int kTargets    = 4;
const int     kClients[2] = { 1, 8 };

enum class Kind { grpc, nng, raw };

/* One server the clients call. */
struct Target {
	const char      *name; /* in the report */
	Kind             kind;
	std::string      addr; /* host:port for gRPC, a tcp:// URL for nng */
	size_t           raw_size; /* raw nng request size */
	const char      *method; /* gRPC method path */
	grpc::ByteBuffer request; /* gRPC request message */
	bool             present; /* false: not measurable in this run */
};

/* What the clients of one measurement share: they warm up, then start
 * the clock together. */
struct Start {
	std::mutex              mu;
	std::condition_variable cv;
	int                     ready   = 0;
	bool                    go      = false;
	uint64_t                stop_ns = 0;
};

struct Client {
	std::thread         thr;
	std::vector<double> lat; /* ms per call */
	bool                failed = false;
	std::string         error; /* why it failed, when known */
};

/* Warm-up, then calls until the shared stop time. */
template <class Call>
void
drive(Start &st, Client &c, Call call)
{
	uint64_t t0, stop;

	for (int i = 0; i < kWarmup && !c.failed; i++)
		c.failed = !call();
	{
		std::unique_lock<std::mutex> lk(st.mu);
		st.ready++;
		st.cv.notify_all();
		st.cv.wait(lk, [&] { return st.go; });
		stop = st.stop_ns;
	}
	c.lat.reserve(65536);
	while (!c.failed && (t0 = bench_now_ns()) < stop) {
		c.failed = !call();
		c.lat.push_back(bench_ms(bench_now_ns() - t0));
	}
}

void
grpc_client(const Target &t, Start &st, Client &c)
{
	grpc::ChannelArguments args;

	/* Without a pool of its own, every channel to one address shares
	 * one subchannel: one TCP connection for all the clients. */
	args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
	auto ch = grpc::CreateCustomChannel(
	    t.addr, grpc::InsecureChannelCredentials(), args);
	/* Registered on the channel, as generated stubs do. */
	grpc::internal::RpcMethod m(
	    t.method, grpc::internal::RpcMethod::NORMAL_RPC, ch);
	drive(st, c, [&] {
		grpc::ClientContext ctx;
		grpc::ByteBuffer    rep;

		grpc::Status s = grpc::internal::BlockingUnaryCall(
		    ch.get(), m, &ctx, t.request, &rep);

		/* Both replies have content (the echo, "SERVING"): an empty
		 * one is a server that does not do the work. */
		if (s.ok() && rep.Length() == 0)
			c.error = "empty reply";
		else if (!s.ok())
			c.error = std::to_string(s.error_code()) + " " +
			          s.error_message();
		return s.ok() && rep.Length() > 0;
	});
}

void
nng_client(const Target &t, Start &st, Client &c)
{
	kinerja_client *kc;
	kinerja_status  s = KINERJA_STATUS_INIT;

	if (kinerja_open(&kc, t.addr.c_str(), &s) != 0) {
		c.error = s.message;
		kinerja_status_clear(&s);
		c.failed = true;
		kc       = nullptr;
	}
	drive(st, c, [&] { return kc != nullptr && bench_health(kc) == 0; });
	if (kc != nullptr)
		kinerja_close(kc);
}

void
raw_client(const Target &t, Start &st, Client &c)
{
	nng_socket s = NNG_SOCKET_INITIALIZER;
	int        rv;

	if ((rv = nng_req0_open(&s)) == 0)
		rv = nng_dial(s, t.addr.c_str(), nullptr, 0);
	if (rv != 0) {
		c.error  = nng_strerror(rv);
		c.failed = true;
	}
	drive(st, c, [&] { return raw_echo_call(s, t.raw_size) == 0; });
	nng_close(s); /* of a socket never opened: an error, and harmless */
}

using client_fn = void (*)(const Target &, Start &, Client &);

client_fn
client_of(Kind k)
{
	switch (k) {
	case Kind::grpc:
		return grpc_client;
	case Kind::nng:
		return nng_client;
	default:
		return raw_client;
	}
}

/* nclients call t for secs seconds after their warm-up; their latencies
 * are pooled. */
int
measure(const Target &t, int nclients, double secs, bench_result *res)
{
	std::vector<Client> c(nclients);
	std::vector<double> all;
	Start               st;
	bool                bad = false;

	for (auto &cl : c)
		cl.thr = std::thread(client_of(t.kind), std::cref(t),
		    std::ref(st), std::ref(cl));
	{
		std::unique_lock<std::mutex> lk(st.mu);
		st.cv.wait(lk, [&] { return st.ready == nclients; });
		st.stop_ns = bench_now_ns() + (uint64_t) (secs * 1e9);
		st.go      = true;
		st.cv.notify_all();
	}
	for (auto &cl : c) {
		cl.thr.join();
		if (cl.failed && !bad)
			std::fprintf(stderr, "%s: %s\n", t.name,
			    cl.error.empty() ? "call failed"
			                     : cl.error.c_str());
		bad = bad || cl.failed;
		all.insert(all.end(), cl.lat.begin(), cl.lat.end());
	}
	if (bad || all.empty()) {
		std::fprintf(
		    stderr, "%s with %d client(s) failed\n", t.name, nclients);
		return -1;
	}
	res->rate = (double) all.size() / secs;
	res->p50  = bench_percentile(all.data(), all.size(), 50);
	res->p99  = bench_percentile(all.data(), all.size(), 99);
	return 0;
}

/* ------------------------------------------------------------ servers */

/* A server run as a child: grpc_echo_server or raw_echo_server. */
struct Child {
	pid_t       pid = 0;
	std::string addr; /* "127.0.0.1:PORT" it listens on */
};

void
child_stop(Child &c)
{
	if (c.pid > 0) {
		kill(c.pid, SIGTERM);
		waitpid(c.pid, nullptr, 0);
		c.pid = 0;
	}
}

/* Starts bin on 127.0.0.1 and a port of its choice, and waits for the
 * line saying which: both servers print "listening on ADDR:PORT". */
int
child_start(Child &c, const char *bin)
{
	char  line[128] = "";
	int   fd[2], port = 0;
	FILE *f;

	if (pipe(fd) != 0 || (c.pid = fork()) < 0)
		return -1;
	if (c.pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execl(bin, bin, "127.0.0.1:0", (char *) nullptr);
		std::fprintf(stderr, "exec %s: %s\n", bin, strerror(errno));
		_exit(127);
	}
	close(fd[1]);
	if ((f = fdopen(fd[0], "r")) != nullptr) {
		if (std::fgets(line, sizeof(line), f) == nullptr ||
		    std::sscanf(line, "listening on 127.0.0.1:%d", &port) != 1)
			port = 0;
		std::fclose(f);
	}
	if (port <= 0) {
		std::fprintf(stderr, "%s did not start\n", bin);
		child_stop(c);
		return -1;
	}
	c.addr = "127.0.0.1:" + std::to_string(port);
	return 0;
}

/* Whether this kinerjad serves gRPC: its help names --grpc. */
bool
has_grpc_flag(const char *kinerjad)
{
	std::string cmd = std::string("'") + kinerjad + "' --help 2>&1";
	char        line[512];
	bool        found = false;
	FILE       *p;

	if ((p = popen(cmd.c_str(), "r")) == nullptr)
		return false;
	while (std::fgets(line, sizeof(line), p) != nullptr)
		found = found || std::strstr(line, "--grpc") != nullptr;
	pclose(p);
	return found;
}

grpc::ByteBuffer
buffer(const std::string &bytes)
{
	grpc::Slice s(bytes);

	return grpc::ByteBuffer(&s, 1);
}

/* A Blob whose encoding is n bytes: a tag and a length byte, then
 * data (n stays under 130 here, so the length is one byte). */
grpc::ByteBuffer
echo_request(size_t n)
{
	kinerja::bench::Blob b;

	b.set_data(std::string(n - 2, 'k'));
	return buffer(b.SerializeAsString());
}

/* ------------------------------------------------------------- report */

void
report(int nclients, const char *what, const Target *t, const bench_result *r)
{
	const char *sep = ":";

	std::printf(
	    "%d client%s, %s", nclients, nclients > 1 ? "s" : "", what);
	for (int k = 0; k < kTargets; k++)
		if (t[k].present) {
			std::printf("%s %s %.0f rt/s p50 %.1f us p99 %.1f us",
			    sep, t[k].name, r[k].rate, r[k].p50 * 1e3,
			    r[k].p99 * 1e3);
			sep = ";";
		}
	std::printf("\n");
	std::fflush(stdout);
}

/* Rows comparing t with base (gRPC C++): throughput at 8 clients with
 * target (NULL: context only) and p50 at 1 client, and with all the
 * rest too. */
void
rows(const Target &t, const bench_result r[2], const bench_result base[2],
    const char *target, bool all)
{
	char name[128], a[64], b[64];

	std::snprintf(name, sizeof(name),
	    "Health throughput, 8 clients, tcp: %s vs gRPC C++", t.name);
	std::snprintf(a, sizeof(a), "%.0f rt/s", r[1].rate);
	std::snprintf(b, sizeof(b), "%.0f rt/s", base[1].rate);
	if (!t.present) {
		bench_row(name, "pending: kinerjad has no --grpc", b, -1, 0, 1,
		    NULL);
		return;
	}
	bench_row(name, a, b, r[1].rate / base[1].rate, 1.2, 1, target);
	std::snprintf(name, sizeof(name),
	    "Health p50 latency, 1 client, tcp: %s vs gRPC C++", t.name);
	std::snprintf(a, sizeof(a), "%.1f us", r[0].p50 * 1e3);
	std::snprintf(b, sizeof(b), "%.1f us", base[0].p50 * 1e3);
	bench_row(name, a, b, r[0].p50 / base[0].p50, 0, 0, NULL);
	if (!all)
		return;
	std::snprintf(name, sizeof(name),
	    "Health throughput, 1 client, tcp: %s vs gRPC C++", t.name);
	std::snprintf(a, sizeof(a), "%.0f rt/s", r[0].rate);
	std::snprintf(b, sizeof(b), "%.0f rt/s", base[0].rate);
	bench_row(name, a, b, r[0].rate / base[0].rate, 0, 1, NULL);
	std::snprintf(name, sizeof(name),
	    "Health p50 / p99 latency, 8 clients, tcp: %s vs gRPC C++",
	    t.name);
	std::snprintf(
	    a, sizeof(a), "%.1f / %.1f us", r[1].p50 * 1e3, r[1].p99 * 1e3);
	std::snprintf(b, sizeof(b), "%.1f / %.1f us", base[1].p50 * 1e3,
	    base[1].p99 * 1e3);
	bench_row(name, a, b, r[1].p50 / base[1].p50, 0, 0, NULL);
}

/* Issue 19's cost of kinerja's RPC layer over nng alone, on the same
 * tcp loopback in the same run: kinerja over nng against the raw echo. */
void
layer_rows(const bench_result k[2], const bench_result raw[2])
{
	char a[64], b[64];

	std::snprintf(a, sizeof(a), "%.0f rt/s", k[1].rate);
	std::snprintf(b, sizeof(b), "%.0f rt/s", raw[1].rate);
	bench_row("Health throughput, 8 clients, tcp: kinerja nng vs raw nng "
	          "echo",
	    a, b, k[1].rate / raw[1].rate, 0.9, 1, ">= 0.90x");
	std::snprintf(a, sizeof(a), "%.1f us", k[0].p50 * 1e3);
	std::snprintf(b, sizeof(b), "%.1f us", raw[0].p50 * 1e3);
	bench_row("Health p50 latency, 1 client, tcp: kinerja nng vs raw nng "
	          "echo",
	    a, b, k[0].p50 / raw[0].p50, 1.1, 0, "<= 1.10x");
}

/* Every present target at 1 and 8 clients, round after round; the
 * order of the targets turns each round, so that drift in the machine
 * hits them alike. med[target][clients] gets the medians. */
int
run_all(Target *t, int rounds, double secs, bench_result med[][2])
{
	bench_result r[kTargets][2][kRounds] = {}, one[kTargets] = {};

	for (int j = 0; j < rounds; j++)
		for (int i = 0; i < 2; i++) {
			for (int n = 0; n < kTargets; n++) {
				int k = (n + j) % kTargets;

				if (t[k].present &&
				    measure(t[k], kClients[i], secs,
				        &r[k][i][j]) != 0)
					return -1;
				one[k] = r[k][i][j];
			}
			std::string what = "round " + std::to_string(j + 1);
			report(kClients[i], what.c_str(), t, one);
		}
	for (int i = 0; i < 2; i++) {
		for (int k = 0; k < kTargets; k++)
			if (t[k].present)
				bench_median(r[k][i], rounds, &med[k][i]);
		for (int k = 0; k < kTargets; k++)
			one[k] = med[k][i];
		report(kClients[i], "medians", t, one);
	}
	return 0;
}

/* The servers of one run, each a process of its own: kinerjad (nng over
 * ipc:// and tcp://, and --grpc when it has it), grpc_echo_server and
 * raw_echo_server. */
struct Servers {
	bench_server kinerjad = {};
	Child        grpc_echo, raw_echo;
	std::string  nng_url, grpc_addr;
	bool         grpc;
};

int
servers_start(Servers &v, const bench_opts &o)
{
	v.nng_url   = "tcp://127.0.0.1:" + std::to_string(bench_free_port());
	v.grpc_addr = "127.0.0.1:" + std::to_string(bench_free_port());
	v.grpc              = has_grpc_flag(o.kinerjad);
	const char *extra[] = { "--listen", v.nng_url.c_str(),
		v.grpc ? "--grpc" : nullptr, v.grpc_addr.c_str(), nullptr };

	/* All are forked before this process starts any gRPC thread. */
	if (bench_server_start_with(&v.kinerjad, &o, "8", extra) != 0)
		return -1;
	return child_start(v.grpc_echo, GRPC_ECHO_SERVER_PATH) == 0 &&
	               child_start(v.raw_echo, RAW_ECHO_SERVER_PATH) == 0
	           ? 0
	           : -1;
}

void
servers_stop(Servers &v)
{
	child_stop(v.raw_echo);
	child_stop(v.grpc_echo);
	bench_server_stop(&v.kinerjad);
}

} // namespace

int
main(int argc, char **argv)
{
	bench_opts   o;
	Servers      v;
	bench_result med[kTargets][2] = {};
	Target       t[kTargets];
	int          rounds, rc = 1;
	double       secs;
	size_t       size = bench_health_envelope_size();

	if (bench_parse(argc, argv, &o) != 0)
		return 2;
	secs   = o.quick ? 1.0 : 2.0;
	rounds = o.quick ? 1 : kRounds;
	if (servers_start(v, o) != 0) {
		servers_stop(v);
		return 1;
	}
	t[0] = { "gRPC C++ echo", Kind::grpc, v.grpc_echo.addr, 0,
		"/kinerja.bench.Echo/Echo", echo_request(size), true };
	t[1] = { "kinerja gRPC", Kind::grpc, v.grpc_addr, 0,
		"/kinerja.Kinerja/Health", buffer(""), v.grpc };
	t[2] = { "kinerja nng", Kind::nng, v.nng_url, 0, nullptr, {}, true };
	t[3] = { "raw nng echo", Kind::raw, "tcp://" + v.raw_echo.addr, size,
		nullptr, {}, true };
	std::printf("gRPC: Health over tcp loopback against gRPC C++ %s's "
	            "sync server and a raw nng echo (requests of %zu bytes), "
	            "%d round(s) of %.0f s per run, medians%s\n",
	    grpc::Version().c_str(), size, rounds, secs,
	    v.grpc ? "" : "; kinerjad has no --grpc yet");
	if (run_all(t, rounds, secs, med) == 0) {
		rows(t[1], med[1], med[0], nullptr, true);
		rows(t[2], med[2], med[0], ">= 1.20x", true);
		rows(t[3], med[3], med[0], nullptr, false);
		layer_rows(med[2], med[3]);
		rc = 0;
	}
	servers_stop(v);
	return rc;
}
