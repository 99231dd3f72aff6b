/*
 * test_stream.c - libkinerja's calls over tcp:// driven by the calling
 * thread (client/lib/stream.c), against peers written here that speak
 * SP's REP side by hand and misbehave on purpose: a reply a byte at a
 * time, one larger than the reply buffer's first step, a wrong request
 * id, a reply cut short, a peer that is not a REP, and idle connections
 * the peer closed. kinerjad itself serves the same client in every other
 * RPC test.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "kinerja/client.h"

enum behaviour {
	GOOD, /* each request answered at once */
	TRICKLE, /* the reply a byte a write */
	WRONG_ID, /* the reply's REQ id is not the request's */
	CUT_FIRST, /* the first connection's reply cut short, then closed */
	NOT_REP, /* a REQ's handshake instead of a REP's */
	SLOW, /* each reply 50 ms late, so that calls overlap */
	SILENT, /* reads requests, never answers */
};

struct peer {
	enum behaviour  how;
	int             listen_fd, port;
	pthread_t       thr;
	atomic_int      connections, requests, stop;
	size_t          units; /* ListUnits reply's size */
	pthread_mutex_t mtx;
	int             open_fds[32];
	int             nopen;
};

static int
pause_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };

	return nanosleep(&t, NULL);
}

static int
read_all(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;
	ssize_t  k;

	for (; len > 0; p += k, len -= (size_t) k)
		if ((k = read(fd, p, len)) <= 0)
			return -1;
	return 0;
}

static int
write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	ssize_t        k;

	for (; len > 0; p += k, len -= (size_t) k)
		if ((k = write(fd, p, len)) <= 0)
			return -1;
	return 0;
}

static uint64_t
be(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | *p++;
	return v;
}

static void
put_be(uint8_t *p, uint64_t v, int n)
{
	while (n-- > 0) {
		p[n] = (uint8_t) v;
		v >>= 8;
	}
}

/* The envelope of an OK ListUnits reply of p->units units. */
static uint8_t *
list_units_reply(const struct peer *p, size_t *len)
{
	Kinerja__ResponseEnvelope env = KINERJA__RESPONSE_ENVELOPE__INIT;
	Kinerja__ListUnitsReply   r   = KINERJA__LIST_UNITS_REPLY__INIT;
	Kinerja__Unit            *u   = calloc(p->units + 1, sizeof(*u));
	Kinerja__Unit           **up  = calloc(p->units + 1, sizeof(*up));
	char(*code)[24]               = calloc(p->units + 1, sizeof(*code));
	uint8_t *out;
	size_t   i;

	for (i = 0; i < p->units; i++) {
		kinerja__unit__init(&u[i]);
		snprintf(code[i], sizeof(code[i]), "u%06zu", i);
		u[i].code = code[i];
		u[i].name = code[i];
		up[i]     = &u[i];
	}
	r.n_units        = p->units;
	r.units          = up;
	env.payload.len  = kinerja__list_units_reply__get_packed_size(&r);
	env.payload.data = malloc(env.payload.len + 1);
	kinerja__list_units_reply__pack(&r, env.payload.data);
	*len = kinerja__response_envelope__get_packed_size(&env);
	out  = malloc(*len);
	kinerja__response_envelope__pack(&env, out);
	free(env.payload.data);
	free(u);
	free(up);
	free(code);
	return out;
}

/* Sends frame (length, id, body) as p->how says. */
static int
reply(struct peer *p, int fd, uint32_t id, int nth_conn)
{
	size_t   len, i;
	uint8_t *body = list_units_reply(p, &len), *f = malloc(len + 12);
	int      rv = 0;

	put_be(f, len + 4, 8);
	put_be(f + 8, p->how == WRONG_ID ? id ^ 1 : id, 4);
	memcpy(f + 12, body, len);
	if (p->how == SILENT)
		rv = 0;
	else if (p->how == TRICKLE)
		for (i = 0; i < len + 12 && rv == 0; i++)
			rv = write_all(fd, f + i, 1);
	else if (p->how == CUT_FIRST && nth_conn == 0)
		rv = write_all(fd, f, 12 + len / 2), rv = -1;
	else
		rv = (p->how == SLOW ? pause_ms(50) : 0) ||
		     write_all(fd, f, len + 12);
	free(body);
	free(f);
	return rv;
}

static const uint8_t rep_hs[8] = { 0, 'S', 'P', 0, 0, 49, 0, 0 };
static const uint8_t req_hs[8] = { 0, 'S', 'P', 0, 0, 48, 0, 0 };

struct conn_arg {
	struct peer *p;
	int          fd, nth;
};

static void *
serve_conn(void *arg)
{
	struct conn_arg *a = arg;
	struct peer     *p = a->p;
	uint8_t          hs[8], head[12], *rest;
	uint64_t         n;
	int              one = 1, i;

	pthread_mutex_lock(&p->mtx);
	p->open_fds[p->nopen++] = a->fd;
	pthread_mutex_unlock(&p->mtx);
	setsockopt(a->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (write_all(a->fd, p->how == NOT_REP ? req_hs : rep_hs, 8) != 0 ||
	    read_all(a->fd, hs, 8) != 0)
		goto out;
	while (read_all(a->fd, head, 12) == 0) {
		n = be(head, 8);
		if (n < 4 || n > (1u << 20) || !(head[8] & 0x80))
			break;
		rest = malloc(n - 4 + 1);
		if (read_all(a->fd, rest, n - 4) != 0) {
			free(rest);
			break;
		}
		free(rest);
		atomic_fetch_add(&p->requests, 1);
		if (reply(p, a->fd, (uint32_t) be(head + 8, 4), a->nth) != 0)
			break;
	}
out:
	pthread_mutex_lock(&p->mtx);
	for (i = 0; i < p->nopen && p->open_fds[i] != a->fd; i++)
		;
	p->open_fds[i] = p->open_fds[--p->nopen];
	close(a->fd);
	pthread_mutex_unlock(&p->mtx);
	free(a);
	return NULL;
}

static void *
accept_loop(void *arg)
{
	struct peer     *p = arg;
	struct conn_arg *a;
	pthread_t        t;
	int              fd;

	while ((fd = accept(p->listen_fd, NULL, NULL)) >= 0 &&
	       !atomic_load(&p->stop) && p->nopen < 30) {
		a  = malloc(sizeof(*a));
		*a = (struct conn_arg) { p, fd,
			atomic_fetch_add(&p->connections, 1) };
		pthread_create(&t, NULL, serve_conn, a);
		pthread_detach(t);
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

static struct peer *
peer_start(enum behaviour how, size_t units)
{
	struct peer       *p  = calloc(1, sizeof(*p));
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t          sl = sizeof(sa);

	assert_non_null(p);
	p->how   = how;
	p->units = units;
	pthread_mutex_init(&p->mtx, NULL);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	p->listen_fd       = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(p->listen_fd >= 0);
	assert_int_equal(bind(p->listen_fd, (void *) &sa, sizeof(sa)), 0);
	assert_int_equal(listen(p->listen_fd, 64), 0);
	assert_int_equal(getsockname(p->listen_fd, (void *) &sa, &sl), 0);
	p->port = ntohs(sa.sin_port);
	pthread_create(&p->thr, NULL, accept_loop, p);
	return p;
}

/* Shuts every connection the peer has open, as kinerjad's idle limit
 * or a restart does; waits for their threads to see it. */
static void
peer_hang_up(struct peer *p)
{
	int i, n = 1;

	pthread_mutex_lock(&p->mtx);
	for (i = 0; i < p->nopen; i++)
		shutdown(p->open_fds[i], SHUT_RDWR);
	pthread_mutex_unlock(&p->mtx);
	for (i = 0; i < 200 && n > 0; i++) {
		pause_ms(10);
		pthread_mutex_lock(&p->mtx);
		n = p->nopen;
		pthread_mutex_unlock(&p->mtx);
	}
}

static void
peer_stop(struct peer *p)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
		.sin_port                     = htons((uint16_t) p->port) };
	int                fd = socket(AF_INET, SOCK_STREAM, 0);

	atomic_store(&p->stop, 1);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	connect(fd, (void *) &sa, sizeof(sa)); /* wakes accept */
	close(fd);
	pthread_join(p->thr, NULL);
	close(p->listen_fd);
	peer_hang_up(p);
	pause_ms(10); /* the last thread past its unlock */
	pthread_mutex_destroy(&p->mtx);
	free(p);
}

static kinerja_client *
open_peer(const struct peer *p, kinerja_status *st)
{
	kinerja_client *c = NULL;
	char            url[64];

	snprintf(url, sizeof(url), "tcp://127.0.0.1:%d", p->port);
	assert_int_equal(kinerja_open(&c, url, st), 0);
	kinerja_set_timeout(c, 5000);
	return c;
}

/* ListUnits on c: the code, and with OK the reply checked whole. */
static int
list_units(kinerja_client *c, size_t units, kinerja_status *st)
{
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *r   = NULL;
	char                      want[24];
	int                       code = kinerja_list_units(c, &req, &r, st);

	if (code != 0)
		return code;
	assert_int_equal(r->n_units, units);
	if (units > 0) {
		snprintf(want, sizeof(want), "u%06zu", units - 1);
		assert_string_equal(r->units[units - 1]->code, want);
	}
	kinerja__list_units_reply__free_unpacked(r, NULL);
	return 0;
}

static void
test_reply_a_byte_at_a_time(void **state)
{
	struct peer    *p  = peer_start(TRICKLE, 20);
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c  = open_peer(p, &st);

	(void) state;
	assert_int_equal(list_units(c, 20, &st), 0);
	assert_int_equal(list_units(c, 20, &st), 0);
	/* The second call went on the first call's connection. */
	assert_int_equal(atomic_load(&p->connections), 1);
	kinerja_close(c);
	kinerja_status_clear(&st);
	peer_stop(p);
}

/* 3 MB: the reply's memory grows past its first 1 MB step twice. */
static void
test_reply_larger_than_a_step(void **state)
{
	struct peer    *p  = peer_start(GOOD, 150000);
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c  = open_peer(p, &st);

	(void) state;
	assert_int_equal(list_units(c, 150000, &st), 0);
	kinerja_close(c);
	kinerja_status_clear(&st);
	peer_stop(p);
}

static void
test_wrong_request_id_is_refused(void **state)
{
	struct peer    *p  = peer_start(WRONG_ID, 3);
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c  = open_peer(p, &st);

	(void) state;
	assert_int_equal(list_units(c, 3, &st), KINERJA__CODE__UNAVAILABLE);
	assert_non_null(strstr(st.message, "Protocol error"));
	/* Sent once (not a dropped connection), and that connection is not
	 * used again: the next call dials. */
	assert_int_equal(atomic_load(&p->requests), 1);
	assert_int_equal(list_units(c, 3, &st), KINERJA__CODE__UNAVAILABLE);
	assert_int_equal(atomic_load(&p->connections), 2);
	kinerja_close(c);
	kinerja_status_clear(&st);
	peer_stop(p);
}

static void
test_reply_cut_short_is_sent_again(void **state)
{
	struct peer    *p  = peer_start(CUT_FIRST, 1000);
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c  = open_peer(p, &st);

	(void) state;
	assert_int_equal(list_units(c, 1000, &st), 0);
	assert_int_equal(atomic_load(&p->requests), 2);
	assert_int_equal(atomic_load(&p->connections), 2);
	kinerja_close(c);
	kinerja_status_clear(&st);
	peer_stop(p);
}

static void
test_peer_not_a_rep_is_refused(void **state)
{
	struct peer    *p  = peer_start(NOT_REP, 1);
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c  = NULL;
	char            url[64];

	(void) state;
	snprintf(url, sizeof(url), "tcp://127.0.0.1:%d", p->port);
	assert_int_equal(
	    kinerja_open(&c, url, &st), KINERJA__CODE__UNAVAILABLE);
	assert_non_null(strstr(st.message, "Protocol error"));
	assert_null(c);
	kinerja_status_clear(&st);
	peer_stop(p);
}

struct caller {
	kinerja_client *c;
	int             code;
};

static void *
call_thread(void *arg)
{
	struct caller *k  = arg;
	kinerja_status st = KINERJA_STATUS_INIT;

	k->code = list_units(k->c, 2, &st);
	kinerja_status_clear(&st);
	return NULL;
}

/* n ListUnits calls on c at once, each in a thread; every one OK. */
static void
calls_at_once(kinerja_client *c, int n)
{
	struct caller k[32];
	pthread_t     t[32];
	int           i;

	assert_true(n <= 32);
	for (i = 0; i < n; i++) {
		k[i].c = c;
		pthread_create(&t[i], NULL, call_thread, &k[i]);
	}
	for (i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(k[i].code, 0);
	}
}

/*
 * Six idle connections the peer has hung up on (kinerjad's idle limit, a
 * restart): a call must see that they are closed and dial, not spend its
 * four sends on them as dropped connections.
 */
static void
test_idle_connections_closed_by_the_peer(void **state)
{
	struct peer    *p  = peer_start(SLOW, 2);
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c  = open_peer(p, &st);

	(void) state;
	calls_at_once(c, 6);
	assert_int_equal(atomic_load(&p->connections), 6);
	peer_hang_up(p);
	assert_int_equal(list_units(c, 2, &st), 0);
	assert_int_equal(atomic_load(&p->requests), 7);
	assert_int_equal(atomic_load(&p->connections), 7);
	kinerja_close(c);
	kinerja_status_clear(&st);
	peer_stop(p);
}

/* A server that was reached but does not answer in time: the call's
 * deadline passed (a write may have been applied), not "cannot reach". */
static void
test_silent_peer_is_a_deadline(void **state)
{
	struct peer    *p  = peer_start(SILENT, 1);
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c  = open_peer(p, &st);

	(void) state;
	kinerja_set_timeout(c, 100);
	assert_int_equal(
	    list_units(c, 1, &st), KINERJA__CODE__DEADLINE_EXCEEDED);
	assert_non_null(strstr(st.message, "no answer from kinerjad"));
	assert_int_equal(atomic_load(&p->requests), 1);
	kinerja_close(c);
	kinerja_status_clear(&st);
	peer_stop(p);
}

/* 24 calls at once on one client: at most 16 connections to the URL (the
 * others wait for one), and every call answered. */
static void
test_connections_to_a_url_are_bounded(void **state)
{
	struct peer    *p  = peer_start(SLOW, 2);
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c  = open_peer(p, &st);

	(void) state;
	calls_at_once(c, 24);
	assert_int_equal(atomic_load(&p->requests), 24);
	assert_int_equal(atomic_load(&p->connections), 16);
	kinerja_close(c);
	kinerja_status_clear(&st);
	peer_stop(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply_a_byte_at_a_time),
		cmocka_unit_test(test_reply_larger_than_a_step),
		cmocka_unit_test(test_wrong_request_id_is_refused),
		cmocka_unit_test(test_reply_cut_short_is_sent_again),
		cmocka_unit_test(test_peer_not_a_rep_is_refused),
		cmocka_unit_test(test_idle_connections_closed_by_the_peer),
		cmocka_unit_test(test_silent_peer_is_a_deadline),
		cmocka_unit_test(test_connections_to_a_url_are_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
