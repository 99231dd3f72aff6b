/*
 * nng_send.c - sends its standard input as one request to a kinerjad REP
 * socket and writes the reply to its standard output, byte for byte: how
 * test_interop.sh's Python, which has no nng, puts hostile bytes on the
 * wire.
 *
 *   nng_send URL < request > reply
 */
#include <stdio.h>
#include <stdlib.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>

/* All of stdin in a malloc'd buffer. */
static char *
slurp(size_t *len)
{
	size_t cap = 4096, n;
	char  *buf = malloc(cap);

	*len = 0;
	while (buf != NULL && (n = fread(buf + *len, 1, cap - *len, stdin))) {
		*len += n;
		if (*len == cap)
			buf = realloc(buf, cap *= 2);
	}
	return buf;
}

int
main(int argc, char **argv)
{
	nng_socket s;
	nng_msg   *m;
	size_t     len;
	char      *req;
	int        rv;

	if (argc != 2) {
		fprintf(stderr, "usage: nng_send URL < request > reply\n");
		return 2;
	}
	if ((req = slurp(&len)) == NULL)
		return 1;
	if ((rv = nng_req0_open(&s)) != 0 ||
	    (rv = nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, 10000)) != 0 ||
	    (rv = nng_socket_set_size(s, NNG_OPT_RECVMAXSZ, 0)) != 0 ||
	    (rv = nng_dial(s, argv[1], NULL, 0)) != 0 ||
	    (rv = nng_send(s, req, len, 0)) != 0 ||
	    (rv = nng_recvmsg(s, &m, 0)) != 0) {
		fprintf(stderr, "nng_send: %s\n", nng_strerror(rv));
		return 1;
	}
	fwrite(nng_msg_body(m), 1, nng_msg_len(m), stdout);
	nng_msg_free(m);
	nng_close(s);
	free(req);
	return 0;
}
