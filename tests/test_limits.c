/*
 * test_limits.c - kinerjad's limits from its flags, against the binary:
 * --max-message, --max-batch and --timeout each answered with a status
 * that names the limit; and connections that send nothing, half a
 * handshake or half a message, more of them than workers, while a normal
 * client still gets its answers at once.
 *
 *	test_limits KINERJAD
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

#include "kinerja/client.h"
#include "daemon.h"
#include "raw.h"
#include "seed.h"

#define WORKERS     2
#define MAX_MESSAGE 65536
#define MAX_BATCH   50
#define PROMPT_MS   1000 /* "at once", with room for a loaded machine */

static const char *kinerjad;

/* kinerjad on tcp://127.0.0.1 with the flags, the rest of extra, and one
 * unit (kec, under prov > kab) with one indicator (IKM). */
static struct raw_fixture *
start(const char *const *extra)
{
	static const struct seed seed = { 1, "kec", 1, "IKM", NULL };
	struct raw_fixture      *f    = raw_start(kinerjad, "limits", extra);

	assert_int_equal(seed_registry(f->c, &seed, &f->st), 0);
	return f;
}

static int
setup(void **state)
{
	static const char *const args[] = { "--log-level", "error",
		"--workers", "2", "--max-message", "65536", "--max-batch",
		"50", NULL };

	*state = start(args);
	return 0;
}

static int
teardown(void **state)
{
	raw_stop(*state);
	return 0;
}

/* n targets of IKM for kec, one a year from 1900 on. */
static void
fill_values(Kinerja__IndicatorValue *v, Kinerja__IndicatorValue **p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		kinerja__indicator_value__init(&v[i]);
		v[i].unit      = "kec";
		v[i].indicator = "IKM";
		v[i].year      = 1900 + (int) (i % 300);
		v[i].kind      = KINERJA__VALUE_KIND__VALUE_KIND_TARGET;
		v[i].opt_value_case =
		    KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
		v[i].value = (double) (25 + i % 76); /* an IKM: 25..100 */
		p[i]       = &v[i];
	}
}

/* n target values of kec/IKM, years from 1900 on. */
static int
submit(struct raw_fixture *f, size_t n)
{
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__IndicatorValue  *v = calloc(n, sizeof(*v));
	Kinerja__IndicatorValue **p = calloc(n, sizeof(*p));
	Kinerja__WriteReply      *r;

	int code;

	fill_values(v, p, n);
	req.values   = p;
	req.n_values = n;
	code         = kinerja_submit_indicator_data(f->c, &req, &r, &f->st);
	if (code == 0)
		kinerja__write_reply__free_unpacked(r, NULL);
	free(v);
	free(p);
	return code;
}

/* The same as a packed RequestEnvelope, for raw sockets. */
static uint8_t *
envelope(const char *method, size_t items, uint32_t timeout, size_t *len)
{
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__IndicatorValue  *v = calloc(items + 1, sizeof(*v));
	Kinerja__IndicatorValue **p = calloc(items + 1, sizeof(*p));
	uint8_t                  *payload, *out;
	size_t                    plen;

	fill_values(v, p, items);
	req.values   = p;
	req.n_values = items;
	plen = kinerja__submit_indicator_data_request__get_packed_size(&req);
	payload = malloc(plen + 1);
	kinerja__submit_indicator_data_request__pack(&req, payload);
	out = raw_envelope(method, timeout, payload, items ? plen : 0, len);
	free(payload);
	free(v);
	free(p);
	return out;
}

static void
assert_healthy(struct raw_fixture *f)
{
	Kinerja__HealthRequest req = KINERJA__HEALTH_REQUEST__INIT;
	Kinerja__HealthReply  *r;
	long long              t0 = daemon_now_ms();

	assert_int_equal(kinerja_health(f->c, &req, &r, &f->st), 0);
	kinerja__health_reply__free_unpacked(r, NULL);
	assert_true(daemon_now_ms() - t0 < PROMPT_MS);
}

/* ------------------------------------------------------------ limits */

static void
test_message_over_the_limit_is_resource_exhausted(void **state)
{
	struct raw_fixture *f = *state;

	/* 2 700 values are ~70 kB: over 64 kB, so refused before decoding,
	 * and under the hard limit an eighth above it (72 kB), so read and
	 * answered. */
	assert_int_equal(submit(f, 2700), KINERJA__CODE__RESOURCE_EXHAUSTED);
	assert_non_null(strstr(f->st.message, "exceeds the limit of 65536"));
	assert_healthy(f);
}

static void
test_message_far_over_the_limit_is_not_read(void **state)
{
	struct raw_fixture *f = *state;
	nng_socket          s;
	nng_msg            *msg;
	size_t              len;
	uint8_t *buf = envelope("SubmitIndicatorData", 3300, 0, &len);

	/* 3 300 values are ~86 kB. Over the hard limit (72 kB; it was twice
	 * the limit, which let every connection pin twice as much) the
	 * transport drops the connection rather than read it, so no answer
	 * comes; the server goes on. */
	assert_true(len > MAX_MESSAGE + MAX_MESSAGE / 8);
	assert_int_equal(nng_req0_open(&s), 0);
	assert_int_equal(nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, 500), 0);
	assert_int_equal(nng_dial(s, f->d.url, NULL, 0), 0);
	assert_int_equal(nng_msg_alloc(&msg, 0), 0);
	assert_int_equal(nng_msg_append(msg, buf, len), 0);
	assert_int_equal(nng_sendmsg(s, msg, 0), 0);
	assert_int_equal(nng_recvmsg(s, &msg, 0), NNG_ETIMEDOUT);
	nng_close(s);
	free(buf);
	assert_healthy(f);
}

static void
test_batch_over_the_limit_is_resource_exhausted(void **state)
{
	struct raw_fixture *f = *state;

	assert_int_equal(submit(f, MAX_BATCH), 0);
	assert_int_equal(
	    submit(f, MAX_BATCH + 1), KINERJA__CODE__RESOURCE_EXHAUSTED);
	assert_non_null(strstr(f->st.message, "51 items; at most 50"));
}

static void
test_default_deadline_is_deadline_exceeded(void **state)
{
	static const char *const args[] = { "--log-level", "none", "--timeout",
		"1", NULL };
	struct raw_fixture      *f      = start(args);
	Kinerja__ResponseEnvelope *env;
	nng_socket                 s;
	nng_msg                   *msg;
	size_t                     len;
	uint8_t *buf = envelope("SubmitIndicatorData", 20000, 0, &len);

	*state = f; /* for the teardown */
	/* A request that sets no deadline gets --timeout's 1 ms; 20 000
	 * values take longer than that to write. */
	assert_int_equal(nng_req0_open(&s), 0);
	assert_int_equal(nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, 10000), 0);
	assert_int_equal(nng_dial(s, f->d.url, NULL, 0), 0);
	assert_int_equal(nng_msg_alloc(&msg, 0), 0);
	assert_int_equal(nng_msg_append(msg, buf, len), 0);
	assert_int_equal(nng_sendmsg(s, msg, 0), 0);
	assert_int_equal(nng_recvmsg(s, &msg, 0), 0);
	env = kinerja__response_envelope__unpack(
	    NULL, nng_msg_len(msg), nng_msg_body(msg));
	assert_non_null(env);
	assert_int_equal(env->code, KINERJA__CODE__DEADLINE_EXCEEDED);
	assert_non_null(strstr(env->message, "deadline exceeded"));
	kinerja__response_envelope__free_unpacked(env, NULL);
	nng_msg_free(msg);
	nng_close(s);
	free(buf);
	assert_healthy(f);
}

/* ------------------------------------------------ connections held open */

static void
test_held_connections_do_not_hold_workers(void **state)
{
	struct raw_fixture *f = *state;
	int                 fd[6][8], kind, i, round;
	size_t              len;
	uint8_t            *health  = envelope("Health", 0, 0, &len);
	uint8_t             huge[8] = { 0, 0, 1, 0, 0, 0, 0, 0 }; /* 1 TB */
	long long           t0;

	/* Eight of each, 48 in all against 2 workers. */
	for (kind = 0; kind < 6; kind++) {
		for (i = 0; i < 8; i++) {
			fd[kind][i] = raw_connect(f->port);
			assert_true(fd[kind][i] >= 0);
			switch (kind) {
			case 0: /* nothing at all */
				break;
			case 1: /* half the handshake */
				raw_send_all(fd[kind][i], raw_handshake, 4);
				break;
			case 2: /* the handshake and half a length */
				raw_send_all(fd[kind][i], raw_handshake, 8);
				raw_send_all(fd[kind][i], huge, 3);
				break;
			case 3: /* a request cut short in its body */
				raw_send_all(fd[kind][i], raw_handshake, 8);
				raw_send_frame(
				    fd[kind][i], health, len, 12 + len / 2);
				break;
			case 4: /* a request whose reply is never read */
				raw_send_all(fd[kind][i], raw_handshake, 8);
				raw_send_frame(
				    fd[kind][i], health, len, SIZE_MAX);
				break;
			case 5: /* a length past --max-message's hard limit */
				raw_send_all(fd[kind][i], raw_handshake, 8);
				raw_send_all(fd[kind][i], huge, 8);
				break;
			}
		}
	}
	/* With all of them open, requests are answered at once, and keep
	 * being answered. */
	for (round = 0; round < 3; round++) {
		t0 = daemon_now_ms();
		for (i = 0; i < 10; i++) {
			assert_healthy(f);
			assert_int_equal(submit(f, 10), 0);
		}
		assert_true(daemon_now_ms() - t0 < PROMPT_MS);
		daemon_sleep_ms(500);
	}
	/* The oversized length is refused by closing the connection. */
	for (i = 0; i < 8; i++)
		assert_true(raw_closed_within(fd[5][i], 2000));
	for (kind = 0; kind < 6; kind++)
		for (i = 0; i < 8; i++)
			close(fd[kind][i]);
	free(health);
	assert_healthy(f);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_message_over_the_limit_is_resource_exhausted, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_message_far_over_the_limit_is_not_read, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_batch_over_the_limit_is_resource_exhausted, setup,
		    teardown),
		cmocka_unit_test_teardown(
		    test_default_deadline_is_deadline_exceeded, teardown),
		cmocka_unit_test_setup_teardown(
		    test_held_connections_do_not_hold_workers, setup,
		    teardown),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: test_limits KINERJAD\n");
		return 2;
	}
	kinerjad = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
