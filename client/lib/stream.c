/*
 * stream.c - a call over tcp:// or ipc:// in the calling thread.
 *
 * nng's REQ socket hands each call from the caller to its task threads
 * and its poller and back: over tcp loopback a Health call cost the client
 * 46 us of CPU and 4.7 context switches, more than kinerjad spent
 * answering it (bench/, issue 19). Here a call takes a connection of its
 * own from the client's pool, writes the request and reads the reply
 * without leaving the calling thread.
 *
 * The wire is nng's, so kinerjad serves both alike: SP over TCP or IPC,
 * an 8-byte handshake naming each side's protocol (REQ 48, REP 49), then
 * messages of a 64-bit big-endian length (after a type byte of 1 on IPC);
 * a request's header is REQ's 32-bit id with its high bit set, which REP
 * echoes in front of the reply. A connection carries one call at a time,
 * so a reply is always the answer to its own request; a connection whose
 * call failed is closed, never reused, so no late reply can be mistaken.
 *
 * Calls take the URLs in turn (a client's reads spread over replicas, as
 * nng's REQ socket spreads them over its connections); a URL that refused
 * a connection is passed over for a while that doubles up to 5 s, unless
 * every URL refuses. A client opens at most MAX_PER_URL connections to a
 * URL (more calls at once wait for one), since kinerjad caps its
 * connections and shares its receive budget among them.
 */
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <nng/nng.h>
#include <nng/supplemental/util/platform.h>

#include "dial.h"
#include "stream.h"

#define REQ_PROTOCOL 48
#define REP_PROTOCOL 49
/* Connections to one URL at most, in calls or idle, and idle ones kept. */
#define MAX_PER_URL  16
#define IDLE_PER_URL 8
/* A connection attempt gives up after this, whatever the call's deadline:
 * another URL may answer. */
#define CONNECT_MS 2000
/*
 * On ipc://, the server's handshake is waited for this long, past the
 * call's deadline if need be. nng 1.5 (Debian 12's; nng issue 1518, fixed
 * in 1.6) stops an ipc:// listener for good when a peer hangs up before
 * the listener has sent its own header; after its 10 s negotiation limit
 * nng gives up on the connection itself, which is harmless.
 */
#define IPC_HANDSHAKE_MS 11000
/* A URL that refused is passed over for 100 ms, then twice as long at
 * each refusal, at most 5 s. */
#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000
/* Between rounds of every URL refusing: kinerjad may be restarting. */
#define RETRY_MS 100
/* A reply's length is trusted this far; memory grows with what arrives. */
#define MAX_REPLY  (1ull << 31)
#define REPLY_STEP (1u << 20)

struct kconn {
	int      fd;
	uint32_t id; /* the next request's */
};

struct kpeer {
	int          ipc;
	char         host[256], port[8]; /* tcp:// */
	char         path[sizeof(((struct sockaddr_un *) 0)->sun_path)];
	struct kconn idle[IDLE_PER_URL];
	size_t       nidle;
	int          nopen; /* in calls or idle */
	nng_time     down_until;
	unsigned     backoff_ms;
};

struct kstream {
	pthread_mutex_t   mtx; /* guards the peers' connections and pauses */
	pthread_cond_t    freed; /* a connection went idle or closed */
	struct kdial_urls urls;
	struct kpeer      peer[KDIAL_MAX];
	size_t            turn; /* the next call's first URL */
};

/* ------------------------------------------------------------- URLs */

static int
prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Whether every URL of the list is tcp:// or ipc://. */
static int
speaks_all(const struct kdial_urls *u)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		if (!prefix(u->url[i], "tcp://") &&
		    !prefix(u->url[i], "ipc://"))
			return 0;
	return 1;
}

/* tcp://HOST:PORT, HOST a name, an IPv4 address or [an IPv6 one]. */
static int
parse_tcp(struct kpeer *p, const char *hostport)
{
	const char *colon = strrchr(hostport, ':'), *h = hostport;
	size_t      n;
	char       *end;
	long        port;

	if (colon == NULL || colon[1] == 0)
		return -1;
	port = strtol(colon + 1, &end, 10);
	if (*end != 0 || port < 1 || port > 65535)
		return -1;
	n = (size_t) (colon - h);
	if (n >= 2 && h[0] == '[' && h[n - 1] == ']')
		h++, n -= 2;
	if (n == 0 || n >= sizeof(p->host) || memchr(h, '/', n) != NULL)
		return -1;
	memcpy(p->host, h, n);
	p->host[n] = 0;
	snprintf(p->port, sizeof(p->port), "%ld", port);
	return 0;
}

static int
parse_url(struct kpeer *p, const char *url)
{
	if (prefix(url, "tcp://"))
		return parse_tcp(p, url + 6);
	p->ipc = 1;
	if (url[6] == 0 || strlen(url + 6) >= sizeof(p->path))
		return -1;
	strcpy(p->path, url + 6);
	return 0;
}

/* ------------------------------------------------------- descriptors */

/* An errno of connect(), send() or recv() in nng's terms. */
static int
nng_error(int e)
{
	switch (e) {
	case ECONNREFUSED:
	case ENOENT: /* an ipc:// path nobody listens on, as nng says it */
		return NNG_ECONNREFUSED;
	case ECONNRESET:
	case EPIPE:
		return NNG_ECONNRESET;
	case ECONNABORTED:
		return NNG_ECONNABORTED;
	case ETIMEDOUT:
		return NNG_ETIMEDOUT;
	case EHOSTUNREACH:
	case ENETUNREACH:
		return NNG_EUNREACHABLE;
	case EACCES:
	case EPERM:
		return NNG_EPERM;
	case ENOMEM:
	case ENOBUFS:
		return NNG_ENOMEM;
	default:
		return NNG_ESYSERR + e;
	}
}

/* Waits until fd is ready for events or the deadline passes. */
static int
wait_fd(int fd, short events, nng_time deadline)
{
	struct pollfd pfd = { fd, events, 0 };
	nng_time      now;
	int           rv;

	for (;;) {
		if ((now = nng_clock()) >= deadline)
			return NNG_ETIMEDOUT;
		rv = poll(&pfd, 1,
		    deadline - now > INT_MAX ? INT_MAX
		                             : (int) (deadline - now));
		if (rv > 0)
			return 0;
		if (rv == 0)
			return NNG_ETIMEDOUT;
		if (errno != EINTR)
			return nng_error(errno);
	}
}

/* Writes every byte of iov (changing it), waiting as the socket needs. */
static int
send_all(int fd, struct iovec *iov, int n, nng_time deadline)
{
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = (size_t) n };
	ssize_t       k;
	int           rv;

	while (m.msg_iovlen > 0) {
		if ((k = sendmsg(fd, &m, MSG_NOSIGNAL)) < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				return nng_error(errno);
			if ((rv = wait_fd(fd, POLLOUT, deadline)) != 0)
				return rv;
			continue;
		}
		for (; m.msg_iovlen > 0 && (size_t) k >= m.msg_iov->iov_len;
		     m.msg_iov++, m.msg_iovlen--)
			k -= (ssize_t) m.msg_iov->iov_len;
		if (m.msg_iovlen > 0) {
			m.msg_iov->iov_base =
			    (uint8_t *) m.msg_iov->iov_base + k;
			m.msg_iov->iov_len -= (size_t) k;
		}
	}
	return 0;
}

/* Reads between 1 and len bytes once the socket has them. */
static int
recv_some(int fd, void *buf, size_t len, nng_time deadline, size_t *got)
{
	ssize_t k;
	int     rv;

	for (;;) {
		if ((rv = wait_fd(fd, POLLIN, deadline)) != 0)
			return rv;
		if ((k = recv(fd, buf, len, 0)) > 0) {
			*got = (size_t) k;
			return 0;
		}
		if (k == 0)
			return NNG_ECONNSHUT;
		if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)
			return nng_error(errno);
	}
}

static int
recv_all(int fd, uint8_t *buf, size_t len, nng_time deadline)
{
	size_t got;
	int    rv;

	for (; len > 0; buf += got, len -= got)
		if ((rv = recv_some(fd, buf, len, deadline, &got)) != 0)
			return rv;
	return 0;
}

/* ------------------------------------------------------- connections */

static const uint8_t req_handshake[8] = { 0, 'S', 'P', 0, 0, REQ_PROTOCOL, 0,
	0 };
static const uint8_t rep_handshake[8] = { 0, 'S', 'P', 0, 0, REP_PROTOCOL, 0,
	0 };

/* Both sides' handshakes: the peer must be a REP of SP version 0. */
static int
handshake(int fd, nng_time deadline)
{
	struct iovec iov = { (void *) req_handshake, sizeof(req_handshake) };
	uint8_t      peer[8];
	int          rv;

	if ((rv = send_all(fd, &iov, 1, deadline)) != 0 ||
	    (rv = recv_all(fd, peer, sizeof(peer), deadline)) != 0)
		return rv;
	return memcmp(peer, rep_handshake, sizeof(peer)) ? NNG_EPROTO : 0;
}

/* A non-blocking connect to addr, complete by deadline. */
static int
connect_to(
    const struct sockaddr *addr, socklen_t len, nng_time deadline, int *out)
{
	int fd = socket(addr->sa_family,
	        SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0),
	    rv = 0, one = 1;
	socklen_t elen = sizeof(rv);

	if (fd < 0)
		return nng_error(errno);
	if (connect(fd, addr, len) != 0) {
		/* A full backlog of an ipc:// listener: refused for now. */
		if (errno == EAGAIN && addr->sa_family == AF_UNIX)
			rv = NNG_ECONNREFUSED;
		else if (errno != EINPROGRESS)
			rv = nng_error(errno);
		else if ((rv = wait_fd(fd, POLLOUT, deadline)) == 0)
			rv = getsockopt(
			         fd, SOL_SOCKET, SO_ERROR, &rv, &elen) != 0
			         ? nng_error(errno)
			     : rv ? nng_error(rv)
			          : 0;
	}
	if (rv == 0 && addr->sa_family != AF_UNIX)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (rv != 0)
		close(fd);
	else
		*out = fd;
	return rv;
}

static int
connect_tcp(const struct kpeer *p, nng_time deadline, int *fd)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
		.ai_flags                      = AI_NUMERICSERV },
	                *ai, *a;
	int rv = NNG_EADDRINVAL, e;

	/* A name that does not exist is the URL's fault; a resolver that
	 * cannot answer now is like a host that cannot be reached. */
	if ((e = getaddrinfo(p->host, p->port, &hints, &ai)) != 0)
		return e == EAI_NONAME ? NNG_EADDRINVAL : NNG_EUNREACHABLE;
	for (a = ai; a != NULL; a = a->ai_next)
		if ((rv = connect_to(
		         a->ai_addr, a->ai_addrlen, deadline, fd)) == 0)
			break;
	freeaddrinfo(ai);
	return rv;
}

static int
dial(const struct kpeer *p, nng_time deadline, struct kconn *k)
{
	struct sockaddr_un un    = { .sun_family = AF_UNIX };
	nng_time           limit = nng_clock() + CONNECT_MS;
	int                rv;

	if (limit < deadline)
		deadline = limit;
	if (p->ipc) {
		memcpy(un.sun_path, p->path, sizeof(p->path));
		rv = connect_to(
		    (struct sockaddr *) &un, sizeof(un), deadline, &k->fd);
		deadline = nng_clock() + IPC_HANDSHAKE_MS;
	} else {
		rv = connect_tcp(p, deadline, &k->fd);
	}
	if (rv == 0 && (rv = handshake(k->fd, deadline)) != 0)
		close(k->fd);
	k->id = nng_random();
	return rv;
}

/* Whether an idle connection was closed by its peer (kinerjad's idle
 * limit, a restart): a FIN or a reset makes it readable (POLLIN, POLLHUP,
 * POLLERR), and an idle connection has nothing else to read. */
static int
stale(int fd)
{
	struct pollfd pfd = { fd, POLLIN, 0 };

	return poll(&pfd, 1, 0) != 0;
}

static void
conn_close(struct kstream *s, size_t i, struct kconn *k)
{
	close(k->fd);
	pthread_mutex_lock(&s->mtx);
	s->peer[i].nopen--;
	pthread_cond_broadcast(&s->freed);
	pthread_mutex_unlock(&s->mtx);
}

/* An idle connection to peer i, or -1. */
static int
take_idle(struct kstream *s, size_t i, struct kconn *k)
{
	struct kpeer *p = &s->peer[i];

	for (;;) {
		pthread_mutex_lock(&s->mtx);
		if (p->nidle == 0) {
			pthread_mutex_unlock(&s->mtx);
			return -1;
		}
		*k = p->idle[--p->nidle];
		pthread_mutex_unlock(&s->mtx);
		if (!stale(k->fd))
			return 0;
		conn_close(s, i, k);
	}
}

/* Remembers how peer i's connection went: a refusal passes it over. */
static void
mark(struct kstream *s, size_t i, int rv)
{
	struct kpeer *p = &s->peer[i];

	pthread_mutex_lock(&s->mtx);
	if (rv == 0) {
		p->backoff_ms = 0;
		p->down_until = 0;
	} else {
		p->backoff_ms = p->backoff_ms == 0 ? BACKOFF_MIN_MS
		                : p->backoff_ms * 2 > BACKOFF_MAX_MS
		                    ? BACKOFF_MAX_MS
		                    : p->backoff_ms * 2;
		p->down_until = nng_clock() + p->backoff_ms;
	}
	pthread_mutex_unlock(&s->mtx);
}

static int
passed_over(struct kstream *s, size_t i)
{
	int down;

	pthread_mutex_lock(&s->mtx);
	down = s->peer[i].nidle == 0 && s->peer[i].down_until > nng_clock();
	pthread_mutex_unlock(&s->mtx);
	return down;
}

/* Counts a connection to peer i about to be dialed; 0 when it already
 * has MAX_PER_URL. */
static int
reserve(struct kstream *s, size_t i)
{
	int ok;

	pthread_mutex_lock(&s->mtx);
	if ((ok = s->peer[i].nopen < MAX_PER_URL))
		s->peer[i].nopen++;
	pthread_mutex_unlock(&s->mtx);
	return ok;
}

/* A connection to peer i: an idle one, else a new one; NNG_EBUSY when it
 * has MAX_PER_URL in calls. */
static int
connect_peer(struct kstream *s, size_t i, nng_time deadline, struct kconn *k)
{
	int rv;

	if (take_idle(s, i, k) == 0)
		return 0;
	if (!reserve(s, i))
		return NNG_EBUSY;
	if ((rv = dial(&s->peer[i], deadline, k)) != 0) {
		pthread_mutex_lock(&s->mtx);
		s->peer[i].nopen--;
		pthread_mutex_unlock(&s->mtx);
	}
	/* A dial cut short by the call's own deadline says nothing of the
	 * URL. */
	if (rv != NNG_ETIMEDOUT || nng_clock() < deadline)
		mark(s, i, rv);
	return rv;
}

/* Waits up to ms for a connection to go idle or close. */
static void
wait_freed(struct kstream *s, nng_duration ms)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (long) (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s->mtx);
	pthread_cond_timedwait(&s->freed, &s->mtx, &t);
	pthread_mutex_unlock(&s->mtx);
}

/* One pass over the URLs from first: those not passed over, then those
 * passed over. 0, or NNG_EBUSY when one had all its connections in calls,
 * or the last failure. */
static int
try_urls(struct kstream *s, size_t first, nng_time deadline, struct kconn *k,
    size_t *at)
{
	size_t n = s->urls.n, j, round;
	int    over[KDIAL_MAX], rv, busy = 0, last = NNG_ECONNREFUSED;

	for (j = 0; j < n; j++)
		over[j] = passed_over(s, (first + j) % n);
	for (round = 0; round < 2; round++)
		for (j = 0; j < n; j++) {
			*at = (first + j) % n;
			if (over[j] != (int) round)
				continue;
			if ((rv = connect_peer(s, *at, deadline, k)) == 0)
				return 0;
			if (rv == NNG_EBUSY)
				busy = 1;
			else
				last = rv;
		}
	return busy ? NNG_EBUSY : last;
}

/*
 * A connection for a call, from the URL whose turn it is; when none can be
 * had, again until the deadline: every RETRY_MS while they refuse
 * (kinerjad may be restarting), as soon as one is free while all are in
 * calls. NNG_EUNREACHABLE when no URL could be connected to by then,
 * NNG_ETIMEDOUT when they were all in calls. *at is the URL's index.
 */
static int
conn_take(struct kstream *s, nng_time deadline, struct kconn *k, size_t *at)
{
	size_t   first;
	nng_time now;
	int      rv;

	pthread_mutex_lock(&s->mtx);
	first = s->turn++ % s->urls.n;
	pthread_mutex_unlock(&s->mtx);
	for (;;) {
		if ((rv = try_urls(s, first, deadline, k, at)) == 0)
			return 0;
		if ((now = nng_clock()) >= deadline)
			return rv == NNG_EBUSY ? NNG_ETIMEDOUT
			                       : NNG_EUNREACHABLE;
		if (rv == NNG_EBUSY)
			wait_freed(
			    s, deadline - now < 10 ? deadline - now : 10);
		else
			nng_msleep(deadline - now < RETRY_MS
			               ? (nng_duration) (deadline - now)
			               : RETRY_MS);
	}
}

/* After a call: kept for the next when it went well and there is room. */
static void
conn_put(struct kstream *s, size_t i, struct kconn *k, int ok)
{
	struct kpeer *p    = &s->peer[i];
	int           kept = 0;

	pthread_mutex_lock(&s->mtx);
	if (ok && p->nidle < IDLE_PER_URL) {
		p->idle[p->nidle++] = *k;
		kept                = 1;
		pthread_cond_broadcast(&s->freed);
	}
	pthread_mutex_unlock(&s->mtx);
	if (!kept)
		conn_close(s, i, k);
}

/* -------------------------------------------------------------- calls */

static void
put_be(uint8_t *p, uint64_t v, int bytes)
{
	while (bytes-- > 0) {
		p[bytes] = (uint8_t) v;
		v >>= 8;
	}
}

static uint64_t
get_be(const uint8_t *p, int bytes)
{
	uint64_t v = 0;

	while (bytes-- > 0)
		v = v << 8 | *p++;
	return v;
}

/* The reply's body: what came with the header in head, then the rest. */
static int
read_body(int fd, const uint8_t *head, size_t have, size_t len,
    nng_time deadline, uint8_t **out)
{
	size_t   cap = len < REPLY_STEP ? len : REPLY_STEP, got;
	uint8_t *b   = malloc(cap ? cap : 1), *grown;
	int      rv  = 0;

	if (b == NULL)
		return NNG_ENOMEM;
	memcpy(b, head, have);
	while (rv == 0 && have < len) {
		if (have == cap) {
			cap = len - cap < cap ? len : cap * 2;
			if ((grown = realloc(b, cap)) == NULL) {
				rv = NNG_ENOMEM;
				break;
			}
			b = grown;
		}
		if ((rv = recv_some(
		         fd, b + have, cap - have, deadline, &got)) == 0)
			have += got;
	}
	if (rv != 0)
		free(b);
	else
		*out = b;
	return rv;
}

/* Reads the reply to request id: the frame's head, REQ's id echoed, the
 * body. A frame with anything else is a protocol error. */
static int
read_reply(int fd, int ipc, uint32_t id, nng_time deadline, uint8_t **out,
    size_t *len)
{
	uint8_t  buf[4096];
	size_t   head = (ipc ? 9 : 8) + 4, have = 0, got;
	uint64_t frame;
	int      rv;

	while (have < head) {
		if ((rv = recv_some(fd, buf + have, sizeof(buf) - have,
		         deadline, &got)) != 0)
			return rv;
		have += got;
	}
	if (ipc && buf[0] != 1)
		return NNG_EPROTO;
	frame = get_be(buf + (ipc ? 1 : 0), 8);
	if (frame < 4 || frame > MAX_REPLY || have - head + 4 > frame ||
	    get_be(buf + head - 4, 4) != id)
		return NNG_EPROTO;
	*len = (size_t) frame - 4;
	return read_body(fd, buf + head, have - head, *len, deadline, out);
}

static int
exchange(int ipc, struct kconn *k, const uint8_t *req, size_t len,
    nng_time deadline, uint8_t **reply, size_t *reply_len)
{
	uint8_t      head[13];
	size_t       n  = 0;
	uint32_t     id = k->id++ | 0x80000000u;
	struct iovec iov[2];
	int          rv;

	if (ipc)
		head[n++] = 1;
	put_be(head + n, (uint64_t) len + 4, 8);
	put_be(head + n + 8, id, 4);
	n += 12;
	iov[0] = (struct iovec) { head, n };
	iov[1] = (struct iovec) { (void *) req, len };
	if ((rv = send_all(k->fd, iov, 2, deadline)) != 0)
		return rv;
	return read_reply(k->fd, ipc, id, deadline, reply, reply_len);
}

int
kstream_call(struct kstream *s, const uint8_t *req, size_t len,
    nng_time deadline, uint8_t **reply, size_t *reply_len)
{
	struct kconn k;
	size_t       at;
	int          rv;

	if ((rv = conn_take(s, deadline, &k, &at)) != 0)
		return rv;
	rv = exchange(
	    s->peer[at].ipc, &k, req, len, deadline, reply, reply_len);
	conn_put(s, at, &k, rv == 0);
	return rv;
}

/* --------------------------------------------------------- open, close */

/* Every URL parsed, or the list refused as kdial_open refuses it. */
static int
parse_all(struct kstream *s, char *msg, size_t len)
{
	char   prefix_[300];
	size_t i;

	for (i = 0; i < s->urls.n; i++) {
		if (parse_url(&s->peer[i], s->urls.url[i]) == 0)
			continue;
		if (s->urls.n == 1)
			return kdial_unreachable(msg, len, NNG_EADDRINVAL);
		snprintf(
		    prefix_, sizeof(prefix_), "\"%.256s\": ", s->urls.url[i]);
		return kdial_unusable(msg, len, prefix_, NNG_EADDRINVAL, 0);
	}
	return KINERJA__CODE__OK;
}

/* One connection while the caller waits, from a random URL. */
static int
first_connection(struct kstream *s, char *msg, size_t len)
{
	size_t       n = s->urls.n, first = n > 1 ? nng_random() % n : 0, i, k;
	int          rv[KDIAL_MAX];
	struct kconn c;

	for (k = 0; k < n; k++) {
		i = (first + k) % n;
		if ((rv[i] = connect_peer(
		         s, i, nng_clock() + CONNECT_MS, &c)) == 0) {
			conn_put(s, i, &c, 1);
			s->turn = i;
			return KINERJA__CODE__OK;
		}
	}
	if (n == 1)
		return kdial_unreachable(msg, len, rv[0]);
	return kdial_none(&s->urls, rv, msg, len);
}

/* The condition's clock is the deadlines' (nng_clock: monotonic). */
static void
init_freed(struct kstream *s)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&s->freed, &a);
	pthread_condattr_destroy(&a);
}

int
kstream_open(struct kstream **out, const char *list, char *msg, size_t len)
{
	struct kstream *s = calloc(1, sizeof(*s));
	int             code;

	if (s == NULL)
		return kdial_fail(msg, len, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "%s", "out of memory");
	pthread_mutex_init(&s->mtx, NULL);
	init_freed(s);
	if ((code = kdial_split(&s->urls, list, msg, len)) ==
	        KINERJA__CODE__OK &&
	    !speaks_all(&s->urls))
		code = KSTREAM_OTHER;
	else if (code == KINERJA__CODE__OK &&
	         (code = parse_all(s, msg, len)) == KINERJA__CODE__OK)
		code = first_connection(s, msg, len);
	if (code != KINERJA__CODE__OK)
		kstream_close(s);
	else
		*out = s;
	return code;
}

void
kstream_close(struct kstream *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->urls.n; i++)
		while (s->peer[i].nidle > 0)
			close(s->peer[i].idle[--s->peer[i].nidle].fd);
	pthread_cond_destroy(&s->freed);
	pthread_mutex_destroy(&s->mtx);
	free(s->urls.copy);
	free(s);
}
