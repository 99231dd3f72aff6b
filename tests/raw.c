/*
 * raw.c - raw TCP connections for test_limits and test_hostile (raw.h).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include "raw.h"

const uint8_t raw_handshake[8] = { 0, 'S', 'P', 0, 0, 48, 0, 0 };

int
raw_free_port(void)
{
	struct sockaddr_in sa  = { 0 };
	socklen_t          len = sizeof(sa);
	int                fd  = socket(AF_INET, SOCK_STREAM, 0), port;

	sa.sin_family      = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *) &sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *) &sa, &len), 0);
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

struct raw_fixture *
raw_start(const char *bin, const char *name, const char *const *extra)
{
	struct raw_fixture *f = calloc(1, sizeof(*f));

	assert_int_equal(daemon_init(&f->d, bin, name), 0);
	f->port = raw_free_port();
	snprintf(f->d.url, sizeof(f->d.url), "tcp://127.0.0.1:%d", f->port);
	assert_int_equal(daemon_start(&f->d, extra), 0);
	assert_int_equal(kinerja_open(&f->c, f->d.url, &f->st), 0);
	return f;
}

void
raw_stop(struct raw_fixture *f)
{
	if (f == NULL)
		return;
	kinerja_close(f->c);
	kinerja_status_clear(&f->st);
	assert_int_equal(daemon_stop(&f->d), 0);
	daemon_cleanup(&f->d);
	free(f);
}

int
raw_connect(int port)
{
	struct sockaddr_in sa = { 0 };
	int                fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_family      = AF_INET;
	sa.sin_port        = htons((uint16_t) port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *) &sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

void
raw_send_all(int fd, const void *data, size_t len)
{
	assert_int_equal(send(fd, data, len, MSG_NOSIGNAL), (ssize_t) len);
}

void
raw_send_some(int fd, const void *data, size_t len)
{
	const uint8_t *p = data;
	ssize_t        n;

	while (len > 0 && (n = send(fd, p, len, MSG_NOSIGNAL)) > 0) {
		p += n;
		len -= (size_t) n;
	}
}

static void
send_frame(int fd, const uint8_t *body, size_t len, size_t cut, int some)
{
	uint8_t *frame = malloc(12 + len);
	uint64_t n     = 4 + len;
	int      i;

	for (i = 0; i < 8; i++)
		frame[i] = (uint8_t) (n >> (56 - 8 * i));
	frame[8]  = 0x80; /* request id 0x80000001 */
	frame[9]  = 0;
	frame[10] = 0;
	frame[11] = 1;
	memcpy(frame + 12, body, len);
	if (cut > 12 + len)
		cut = 12 + len;
	if (some)
		raw_send_some(fd, frame, cut);
	else
		raw_send_all(fd, frame, cut);
	free(frame);
}

void
raw_send_frame(int fd, const uint8_t *body, size_t len, size_t cut)
{
	send_frame(fd, body, len, cut, 0);
}

void
raw_send_frame_some(int fd, const uint8_t *body, size_t len, size_t cut)
{
	send_frame(fd, body, len, cut, 1);
}

uint8_t *
raw_envelope(const char *method, uint32_t timeout_ms, const uint8_t *payload,
    size_t plen, size_t *len)
{
	Kinerja__RequestEnvelope env = KINERJA__REQUEST_ENVELOPE__INIT;
	uint8_t                 *out;

	env.method       = (char *) method;
	env.request_id   = "raw";
	env.timeout_ms   = timeout_ms;
	env.payload.data = (uint8_t *) payload;
	env.payload.len  = plen;
	*len             = kinerja__request_envelope__get_packed_size(&env);
	out              = malloc(*len ? *len : 1);
	kinerja__request_envelope__pack(&env, out);
	return out;
}

int
raw_is_open(int fd)
{
	char    buf[4096];
	ssize_t n;

	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		;
	return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

int
raw_closed_within(int fd, int ms)
{
	struct pollfd p     = { fd, POLLIN, 0 };
	long long     until = daemon_now_ms() + ms;
	char          buf[4096];

	while (daemon_now_ms() < until) {
		if (poll(&p, 1, (int) (until - daemon_now_ms())) != 1)
			return 0;
		if (recv(fd, buf, sizeof(buf), 0) <= 0)
			return 1;
	}
	return 0;
}
