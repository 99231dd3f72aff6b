/*
 * raw_echo_server.c - the raw nng echo of raw_echo.h in a process of its
 * own, as bench_grpc's other servers are: in the client's process it
 * would share nng's I/O threads with the clients.
 *
 * usage: raw_echo_server ADDR:PORT (port 0 picks a free one). Listens
 * on tcp://ADDR:PORT, prints "listening on ADDR:PORT" once it serves,
 * then runs until SIGTERM or SIGINT.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "raw_echo.h"

int
main(int argc, char **argv)
{
	struct raw_echo e;
	sigset_t        set;
	char            url[160], host[128];
	const char     *colon;
	int             sig;

	if (argc != 2 || (colon = strrchr(argv[1], ':')) == NULL ||
	    (size_t) (colon - argv[1]) >= sizeof(host)) {
		fprintf(stderr, "usage: %s ADDR:PORT\n", argv[0]);
		return 2;
	}
	snprintf(host, sizeof(host), "%.*s", (int) (colon - argv[1]), argv[1]);
	snprintf(url, sizeof(url), "tcp://%s", argv[1]);
	/* Blocked before nng starts its threads, which inherit the mask,
	 * so that only sigwait below receives them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (raw_echo_start(&e, url) != 0)
		return 1;
	printf("listening on %s:%d\n", host, raw_echo_port(&e));
	fflush(stdout);
	sigwait(&set, &sig);
	raw_echo_stop(&e);
	return 0;
}
