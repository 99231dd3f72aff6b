/*
 * test_hostile.c - what anyone who reaches kinerjad's port, without a
 * token, can take: an envelope of millions of empty metadata entries, 500
 * connections that send nothing, half a handshake, half a message, a
 * request a byte at a time or a length past the limit, connections left
 * idle, and more connections than --max-connections. kinerjad must stay
 * small and answer Health at once, and give its memory back afterwards.
 *
 *	test_hostile KINERJAD
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "raw.h"

#define HOSTILE     500 /* connections of the attack */
#define MAX_MESSAGE (16 << 20) /* kinerjad's default --max-message */
#define HEALTH_MS   100 /* p99 of Health from a fresh client */
#define RSS_MAX_KB  (256 * 1024) /* kinerjad under attack */
#define RSS_BACK_KB (64 * 1024) /* above its level before, after */
#define BOMB_MAX_KB (128 * 1024) /* four 16 MiB bombs at once */

/* ASan's shadow memory and its quarantine of freed blocks (256 MB) inflate
 * RSS and keep it up after a free: under ASan the RSS figures are printed
 * but not asserted; the timings get more room for its slower code. */
#if defined(__SANITIZE_ADDRESS__)
#define CHECK_RSS 0
#define SLOWDOWN  3
#else
#define CHECK_RSS 1
#define SLOWDOWN  1
#endif

static const char *kinerjad;

/* kinerjad with the NULL-terminated flags, and a client on it. */
static struct raw_fixture *
start(const char *const *extra)
{
	return raw_start(kinerjad, "hostile", extra);
}

static int
teardown(void **state)
{
	raw_stop(*state);
	return 0;
}

/* Milliseconds Health takes from a client opened for it, dial included. */
static long long
fresh_health_ms(const struct raw_fixture *f)
{
	Kinerja__HealthRequest req = KINERJA__HEALTH_REQUEST__INIT;
	Kinerja__HealthReply  *r;
	kinerja_client        *c;
	kinerja_status         st = KINERJA_STATUS_INIT;
	long long              t0 = daemon_now_ms();

	assert_int_equal(kinerja_open(&c, f->d.url, &st), 0);
	kinerja_set_timeout(c, 5000);
	assert_int_equal(kinerja_health(c, &req, &r, &st), 0);
	kinerja__health_reply__free_unpacked(r, NULL);
	kinerja_close(c);
	kinerja_status_clear(&st);
	return daemon_now_ms() - t0;
}

/* An envelope of about len bytes: Health, then empty metadata entries
 * (2 bytes each on the wire, ~60 bytes each once decoded). */
static uint8_t *
metadata_bomb(size_t len, size_t *outlen)
{
	size_t   hlen;
	uint8_t *head = raw_envelope("Health", 0, NULL, 0, &hlen);
	uint8_t *buf  = malloc(len);
	size_t   i;

	memcpy(buf, head, hlen);
	for (i = hlen; i + 2 <= len; i += 2) {
		buf[i]     = 0x22; /* field 4, length-delimited */
		buf[i + 1] = 0; /* an empty MetadataEntry */
	}
	free(head);
	*outlen = i;
	return buf;
}

/* A REQ socket on f that has sent msg; the reply is for reply_of. */
static nng_socket
send_raw(const struct raw_fixture *f, const uint8_t *msg, size_t len)
{
	nng_socket s;

	assert_int_equal(nng_req0_open(&s), 0);
	assert_int_equal(nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, 30000), 0);
	assert_int_equal(nng_socket_set_size(s, NNG_OPT_RECVMAXSZ, 0), 0);
	assert_int_equal(nng_dial(s, f->d.url, NULL, 0), 0);
	assert_int_equal(nng_send(s, (void *) msg, len, 0), 0);
	return s;
}

/* The reply on s, closed after: its code and message. */
static Kinerja__ResponseEnvelope *
reply_of(nng_socket s)
{
	Kinerja__ResponseEnvelope *env;
	nng_msg                   *msg;

	assert_int_equal(nng_recvmsg(s, &msg, 0), 0);
	env = kinerja__response_envelope__unpack(
	    NULL, nng_msg_len(msg), nng_msg_body(msg));
	assert_non_null(env);
	nng_msg_free(msg);
	nng_close(s);
	return env;
}

static void
assert_refused(nng_socket s, const char *what)
{
	Kinerja__ResponseEnvelope *env = reply_of(s);

	assert_true(env->code == KINERJA__CODE__RESOURCE_EXHAUSTED ||
	            env->code == KINERJA__CODE__INVALID_ARGUMENT);
	if (strstr(env->message, what) == NULL)
		fail_msg("\"%s\" does not name %s", env->message, what);
	kinerja__response_envelope__free_unpacked(env, NULL);
}

/* ----------------------------------------------------------- envelope */

static void
test_metadata_bomb_is_refused_before_decoding(void **state)
{
	static const char *const args[] = { "--log-level", "error", NULL };
	struct raw_fixture      *f      = start(args);
	size_t                   len;
	uint8_t                 *bomb = metadata_bomb((16u << 20) - 64, &len);
	long                     rss0, hwm;
	nng_socket               s[4];
	int                      i;

	*state = f;
	rss0   = daemon_rss_kb(&f->d);
	/* 8.4 million entries, sent four at once. */
	for (i = 0; i < 4; i++)
		s[i] = send_raw(f, bomb, len);
	for (i = 0; i < 4; i++)
		assert_refused(s[i], "metadata");
	hwm = daemon_status_kb(&f->d, "VmHWM");
	printf("metadata bomb: 4 x %zu bytes; RSS %ld kB before, peak "
	       "%ld kB, %ld kB after\n",
	    len, rss0, hwm, daemon_rss_kb(&f->d));
	if (CHECK_RSS)
		assert_true(hwm - rss0 < BOMB_MAX_KB);
	assert_true(fresh_health_ms(f) < HEALTH_MS * SLOWDOWN);
	free(bomb);
}

static void
test_metadata_key_and_value_are_bounded(void **state)
{
	static const char *const args[] = { "--log-level", "error", NULL };
	struct raw_fixture      *f      = start(args);
	Kinerja__RequestEnvelope env    = KINERJA__REQUEST_ENVELOPE__INIT;
	Kinerja__MetadataEntry   e      = KINERJA__METADATA_ENTRY__INIT;
	Kinerja__MetadataEntry  *ep     = &e;
	char                     big[9000];
	uint8_t                  buf[9100];
	size_t                   len;

	*state = f;
	memset(big, 'k', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	env.method           = "Health";
	env.request_id       = "";
	env.metadata         = &ep;
	env.n_metadata       = 1;
	e.key                = big + sizeof(big) - 66; /* 65 bytes */
	e.value              = "v";
	len                  = kinerja__request_envelope__pack(&env, buf);
	assert_refused(send_raw(f, buf, len), "metadata[0].key");
	e.key   = "reason";
	e.value = big; /* 8 999 bytes */
	len     = kinerja__request_envelope__pack(&env, buf);
	assert_refused(send_raw(f, buf, len), "metadata[0].value");
}

/* -------------------------------------------------------- connections */

/* A raw connection that has done the SP handshake. */
static int
handshaken(const struct raw_fixture *f)
{
	int fd = raw_connect(f->port);

	assert_true(fd >= 0);
	raw_send_all(fd, raw_handshake, 8);
	return fd;
}

static void
test_quiet_connections_are_closed(void **state)
{
	static const char *const args[] = { "--log-level", "error",
		"--idle-timeout", "300", "--read-timeout", "300", NULL };
	struct raw_fixture      *f      = start(args);
	Kinerja__HealthRequest   req    = KINERJA__HEALTH_REQUEST__INIT;
	Kinerja__HealthReply    *r;
	size_t                   len;
	uint8_t *health = raw_envelope("Health", 0, NULL, 0, &len);
	int      idle, served, half, busy, i;

	*state = f;
	idle   = handshaken(f); /* never sends a request */
	served = handshaken(f); /* one request, then nothing */
	raw_send_frame(served, health, len, SIZE_MAX);
	half = handshaken(f); /* half a request */
	raw_send_frame(half, health, len, 12 + len / 2);
	busy = handshaken(f); /* a request every 100 ms */
	for (i = 0; i < 12; i++) {
		raw_send_frame(busy, health, len, SIZE_MAX);
		daemon_sleep_ms(100);
	}
	/* 1.2 s, four times the timeouts: the quiet ones are gone. */
	assert_false(raw_closed_within(busy, 50));
	assert_true(raw_closed_within(idle, 1000 * SLOWDOWN));
	assert_true(raw_closed_within(served, 1000 * SLOWDOWN));
	assert_true(raw_closed_within(half, 1000 * SLOWDOWN));
	close(idle);
	close(served);
	close(half);
	close(busy);
	free(health);
	assert_true(fresh_health_ms(f) < HEALTH_MS * SLOWDOWN);
	/* The fixture's client was closed too, idle since it connected;
	 * libkinerja dials again by itself. */
	assert_int_equal(kinerja_health(f->c, &req, &r, &f->st), 0);
	kinerja__health_reply__free_unpacked(r, NULL);
}

static void
test_connections_beyond_the_cap_are_closed(void **state)
{
	static const char *const args[] = { "--log-level", "error",
		"--max-connections", "8", NULL };
	struct raw_fixture      *f      = start(args);
	Kinerja__HealthRequest   req    = KINERJA__HEALTH_REQUEST__INIT;
	Kinerja__HealthReply    *r;
	int                      fd[10], i;

	*state = f;
	/* The fixture's client holds one of the 8; seven more fill them. */
	assert_int_equal(kinerja_health(f->c, &req, &r, &f->st), 0);
	kinerja__health_reply__free_unpacked(r, NULL);
	/* In turn: nng adds connections in the order their handshakes end,
	 * not the order they were made. */
	daemon_sleep_ms(100);
	for (i = 0; i < 7; i++)
		fd[i] = handshaken(f);
	daemon_sleep_ms(200);
	for (i = 0; i < 7; i++)
		if (raw_closed_within(fd[i], 50))
			fail_msg("connection %d of 7 closed", i);
	for (i = 7; i < 10; i++)
		fd[i] = handshaken(f);
	for (i = 7; i < 10; i++)
		assert_true(raw_closed_within(fd[i], 2000));
	/* The client inside the cap is still answered at once. */
	for (i = 0; i < 20; i++) {
		long long t0 = daemon_now_ms();

		assert_int_equal(kinerja_health(f->c, &req, &r, &f->st), 0);
		kinerja__health_reply__free_unpacked(r, NULL);
		assert_true(daemon_now_ms() - t0 < HEALTH_MS * SLOWDOWN);
	}
	/* Room again once some leave. */
	for (i = 0; i < 10; i++)
		close(fd[i]);
	daemon_sleep_ms(200);
	fd[0] = handshaken(f);
	assert_false(raw_closed_within(fd[0], 300));
	close(fd[0]);
	assert_true(fresh_health_ms(f) < HEALTH_MS * SLOWDOWN);
}

/* 1 when a request of len bytes on a fresh connection gets an answer
 * (any answer: it was read) within 2 s. */
/* Whether a Health request of len payload bytes is answered within 2 s.
 * Over a raw socket with send and receive timeouts: an nng client whose
 * large message the server closed unread could hang in nng_close(). */
static int
answered(const struct raw_fixture *f, size_t len)
{
	uint8_t       *payload = calloc(1, len), buf[64];
	size_t         n, got = 0;
	uint8_t       *msg = raw_envelope("Health", 0, payload, len, &n);
	struct timeval tv  = { 2, 0 };
	long long      until = daemon_now_ms() + 2000;
	int            fd    = raw_connect(f->port);
	ssize_t        r;

	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	raw_send_all(fd, raw_handshake, 8);
	raw_send_frame_some(fd, msg, n, SIZE_MAX);
	/* The server's half of the handshake (8 bytes), then its reply. */
	while (got <= 8 && daemon_now_ms() < until &&
	       (r = recv(fd, buf, sizeof(buf), 0)) > 0)
		got += (size_t) r;
	close(fd);
	free(msg);
	free(payload);
	return got > 8;
}

static void
test_receive_limit_is_shared_out(void **state)
{
	static const char *const args[] = { "--log-level", "none",
		"--max-message", "1048576", "--max-connections", "16",
		"--recv-budget", "8388608", NULL };
	struct raw_fixture      *f      = start(args);
	int                      fd[10], i;

	*state = f;
	assert_true(answered(f, 900000));
	/* Ten connections that might each be sending 1 MiB leave a new one
	 * less than that of the 8 MiB budget, */
	for (i = 0; i < 10; i++)
		fd[i] = handshaken(f);
	daemon_sleep_ms(100);
	assert_false(answered(f, 900000));
	assert_true(answered(f, 1000));
	/* and it is given back when they leave. */
	for (i = 0; i < 10; i++)
		close(fd[i]);
	daemon_sleep_ms(200);
	assert_true(answered(f, 900000));
}

/* ------------------------------------------------------------- attack */

struct attack {
	int      fd[HOSTILE];
	uint8_t *health, *big, *bomb;
	size_t   health_len, big_len, bomb_len;
	size_t   trickled; /* bytes of the slow requests sent so far */
};

/* One hostile connection of kind i % 8. */
static int
hostile(const struct raw_fixture *f, struct attack *a, int i)
{
	static const uint8_t huge[8]  = { 0, 0, 1, 0, 0, 0, 0, 0 }; /* 1 TB */
	const size_t         sizes[4] = { a->big_len, 1 << 20, 100000, 60000 };
	int                  fd       = raw_connect(f->port);

	assert_true(fd >= 0);
	switch (i % 8) {
	case 0: /* nothing at all */
		break;
	case 1: /* half the handshake */
		raw_send_all(fd, raw_handshake, 4);
		break;
	case 2: /* the handshake and no request */
		raw_send_all(fd, raw_handshake, 8);
		break;
	case 3: /* the handshake and 3 bytes of a length */
		raw_send_all(fd, raw_handshake, 8);
		raw_send_all(fd, huge, 3);
		break;
	case 4: /* half of a request of 16 MiB, 1 MiB, 100 kB or 60 kB, or
	         * until it is closed for being over the shared limit */
		raw_send_all(fd, raw_handshake, 8);
		raw_send_frame_some(
		    fd, a->big, sizes[i / 8 % 4], sizes[i / 8 % 4] / 2);
		break;
	case 5: /* a length past the hard limit */
		raw_send_all(fd, raw_handshake, 8);
		raw_send_all(fd, huge, 8);
		break;
	case 6: /* a request a byte at a time (see trickle) */
		raw_send_all(fd, raw_handshake, 8);
		break;
	case 7: /* a metadata bomb whose reply is never read */
		raw_send_all(fd, raw_handshake, 8);
		raw_send_frame_some(fd, a->bomb, a->bomb_len, SIZE_MAX);
		break;
	}
	return fd;
}

/* The next byte of every slow request. */
static void
trickle(struct attack *a)
{
	uint8_t frame[64];
	size_t  n = 4 + a->health_len, k;
	int     i;

	if (a->trickled >= 12 + a->health_len)
		return;
	for (k = 0; k < 8; k++)
		frame[k] = (uint8_t) (n >> (56 - 8 * k));
	memcpy(frame + 8, "\x80\x00\x00\x01", 4);
	memcpy(frame + 12, a->health, a->health_len);
	for (i = 6; i < HOSTILE; i += 8)
		raw_send_some(a->fd[i], frame + a->trickled, 1);
	a->trickled++;
}

static int
by_value(const void *x, const void *y)
{
	long long a = *(const long long *) x, b = *(const long long *) y;

	return a < b ? -1 : a > b;
}

/* Room for the attack's descriptors, and kinerjad's (it inherits it). */
static void
raise_fd_limit(void)
{
	struct rlimit rl;

	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur < 4 * HOSTILE) {
		rl.rlim_cur =
		    rl.rlim_max < 4 * HOSTILE ? rl.rlim_max : 4 * HOSTILE;
		assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	}
	assert_true(rl.rlim_cur >= 2 * HOSTILE);
}

/* Health from fresh clients while the slow requests go on: returns the
 * p99 in ms and kinerjad's peak RSS so far (VmHWM) in *rss_max. */
static long long
under_attack(const struct raw_fixture *f, struct attack *a, long *rss_max)
{
	long long ms[100];
	int       i;

	for (i = 0; i < 100; i++) {
		trickle(a);
		ms[i] = fresh_health_ms(f);
		daemon_sleep_ms(20);
	}
	*rss_max = daemon_status_kb(&f->d, "VmHWM");
	qsort(ms, 100, sizeof(ms[0]), by_value);
	printf("Health from a fresh client under attack: p50 %lld ms, p99 "
	       "%lld ms, max %lld ms\n",
	    ms[49], ms[98], ms[99]);
	return ms[98];
}

/* How many of each kind kinerjad has kept open. */
static void
print_open(struct attack *a)
{
	int open[8] = { 0 }, i;

	for (i = 0; i < HOSTILE; i++)
		open[i % 8] += raw_is_open(a->fd[i]);
	printf("still open of each kind:");
	for (i = 0; i < 8; i++)
		printf(" %d/%d", open[i], (HOSTILE + 7 - i) / 8);
	printf("\n");
}

/* RSS once it has settled after the attack, within 5 s. */
static long
settled_rss(const struct raw_fixture *f, long target)
{
	long long until = daemon_now_ms() + 5000;
	long      rss;

	while (
	    (rss = daemon_rss_kb(&f->d)) > target && daemon_now_ms() < until)
		daemon_sleep_ms(100);
	return rss;
}

static void
test_hostile_connections_take_little(void **state)
{
	static const char *const args[] = { "--log-level", "error",
		"--max-connections", "1000", NULL };
	struct raw_fixture      *f;
	struct attack           *a = calloc(1, sizeof(*a));
	long                     rss0, rss_max, rss_after;
	long long                p99;
	int                      i;

	raise_fd_limit();
	*state = f = start(args);
	a->health  = raw_envelope("Health", 0, NULL, 0, &a->health_len);
	a->big_len = MAX_MESSAGE - 16;
	a->big     = calloc(1, a->big_len);
	a->bomb    = metadata_bomb((1 << 20) - 16, &a->bomb_len);
	for (i = 0; i < 20; i++)
		fresh_health_ms(f);
	rss0 = daemon_rss_kb(&f->d);
	for (i = 0; i < HOSTILE; i++)
		a->fd[i] = hostile(f, a, i);
	p99 = under_attack(f, a, &rss_max);
	print_open(a);
	for (i = 0; i < HOSTILE; i++)
		close(a->fd[i]);
	rss_after = settled_rss(f, rss0 + RSS_BACK_KB / 2);
	printf("%d hostile connections: RSS %ld kB before, peak %ld kB, "
	       "%ld kB after\n",
	    HOSTILE, rss0, rss_max, rss_after);
	assert_true(p99 < HEALTH_MS * SLOWDOWN);
	if (CHECK_RSS) {
		assert_true(rss_max < RSS_MAX_KB);
		assert_true(rss_after < rss0 + RSS_BACK_KB);
	}
	free(a->health);
	free(a->big);
	free(a->bomb);
	free(a);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(
		    test_metadata_bomb_is_refused_before_decoding, teardown),
		cmocka_unit_test_teardown(
		    test_metadata_key_and_value_are_bounded, teardown),
		cmocka_unit_test_teardown(
		    test_quiet_connections_are_closed, teardown),
		cmocka_unit_test_teardown(
		    test_connections_beyond_the_cap_are_closed, teardown),
		cmocka_unit_test_teardown(
		    test_receive_limit_is_shared_out, teardown),
		cmocka_unit_test_teardown(
		    test_hostile_connections_take_little, teardown),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: test_hostile KINERJAD\n");
		return 2;
	}
	kinerjad = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
