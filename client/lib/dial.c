/*
 * dial.c - a client's peers. The URL list is split and every URL gets a
 * dialer before any is started, so that a typo in the third URL fails the
 * open without having connected anywhere; then one connection is made
 * while the caller waits, and the other URLs are left to nng's background
 * dialing, which also redials any peer that drops later.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nng/nng.h>
#include <nng/supplemental/tls/tls.h>
#include <nng/supplemental/util/platform.h>

#include "dial.h"

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 4, 5)))
#endif
int
kdial_fail(char *msg, size_t len, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return code;
}

static char *
kdial_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = 0;
	return s;
}

/* "a, b" and "a,b" are the same list; an empty entry is a typo. */
int
kdial_split(struct kdial_urls *u, const char *list, char *msg, size_t len)
{
	char *p, *comma;

	if ((u->copy = strdup(list)) == NULL)
		return kdial_fail(msg, len, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "%s", "out of memory");
	for (p = u->copy;; p = comma + 1) {
		if ((comma = strchr(p, ',')) != NULL)
			*comma = 0;
		if (u->n == KDIAL_MAX)
			return kdial_fail(msg, len,
			    KINERJA__CODE__INVALID_ARGUMENT,
			    "more than %d kinerjad URLs in \"%s\"", KDIAL_MAX,
			    list);
		u->url[u->n] = kdial_trim(p);
		if (*u->url[u->n] == 0)
			return kdial_fail(msg, len,
			    KINERJA__CODE__INVALID_ARGUMENT,
			    "URL %zu of \"%s\" is empty", u->n + 1, list);
		u->n++;
		if (comma == NULL)
			return KINERJA__CODE__OK;
	}
}

/* The name the server's certificate must carry: the caller's, else the
 * URL's host. A config of our own has none unless it is set, and then
 * any certificate the CA signed would do. */
static int
kdial_server_name(nng_tls_config *cfg, const char *url, const char *name)
{
	nng_url *u;
	int      rv;

	if (name != NULL)
		return nng_tls_config_server_name(cfg, name);
	if ((rv = nng_url_parse(&u, url)) != 0)
		return rv;
	rv = nng_tls_config_server_name(cfg, u->u_hostname);
	nng_url_free(u);
	return rv;
}

/* For tls+tcp://: the server is checked against the CA, and a client
 * certificate is offered when one is given. */
static int
kdial_tls_config(nng_tls_config **cfg, const char *url, const kinerja_tls *tls)
{
	int rv;

	if (tls == NULL || tls->ca_file == NULL)
		return NNG_EINVAL;
	if ((rv = nng_tls_config_alloc(cfg, NNG_TLS_MODE_CLIENT)) != 0)
		return rv;
	if ((rv = nng_tls_config_ca_file(*cfg, tls->ca_file)) == 0 &&
	    (rv = nng_tls_config_auth_mode(
	         *cfg, NNG_TLS_AUTH_MODE_REQUIRED)) == 0)
		rv = kdial_server_name(*cfg, url, tls->server_name);
	if (rv == 0 && tls->cert_file != NULL)
		rv = nng_tls_config_cert_key_file(*cfg, tls->cert_file, NULL);
	if (rv != 0)
		nng_tls_config_free(*cfg);
	return rv;
}

/* A dialer for url, not started yet. *tls_bad is set when what failed is
 * the TLS configuration rather than the URL. */
static int
kdial_dialer(nng_socket sock, const char *url, const kinerja_tls *tls,
    nng_dialer *d, int *tls_bad)
{
	nng_tls_config *cfg;
	int             rv;

	*tls_bad = 0;
	if (strncmp(url, "tls+tcp://", 10) != 0)
		return nng_dialer_create(d, sock, url);
	if ((rv = kdial_tls_config(&cfg, url, tls)) != 0) {
		*tls_bad = 1;
		return rv;
	}
	if ((rv = nng_dialer_create(d, sock, url)) == 0 &&
	    (rv = nng_dialer_set_ptr(*d, NNG_OPT_TLS_CONFIG, cfg)) != 0)
		nng_dialer_close(*d);
	nng_tls_config_free(cfg); /* the dialer keeps its own reference */
	return rv;
}

int
kdial_unusable(
    char *msg, size_t len, const char *url_prefix, int rv, int tls_bad)
{
	if (tls_bad && rv == NNG_EINVAL)
		return kdial_fail(msg, len, KINERJA__CODE__INVALID_ARGUMENT,
		    "%stls+tcp:// needs a CA file to check the server "
		    "against",
		    url_prefix);
	if (tls_bad)
		return kdial_fail(msg, len, KINERJA__CODE__INVALID_ARGUMENT,
		    "%sTLS: %s reading the CA or certificate file", url_prefix,
		    nng_strerror(rv));
	return kdial_fail(msg, len, KINERJA__CODE__INVALID_ARGUMENT,
	    "%snot a kinerjad URL (tcp://HOST:PORT, ipc://PATH, "
	    "tls+tcp://HOST:PORT): %s",
	    url_prefix, nng_strerror(rv));
}

int
kdial_unreachable(char *msg, size_t len, int rv)
{
	if (rv == NNG_ECRYPTO || rv == NNG_EPEERAUTH)
		return kdial_fail(msg, len, KINERJA__CODE__UNAVAILABLE, "%s",
		    "TLS handshake failed: the server's certificate is not "
		    "signed by the CA or does not name the host, or the "
		    "server wants a client certificate");
	return kdial_fail(msg, len,
	    rv == NNG_EADDRINVAL || rv == NNG_ENOTSUP
	        ? KINERJA__CODE__INVALID_ARGUMENT
	        : KINERJA__CODE__UNAVAILABLE,
	    "cannot reach kinerjad: %s", nng_strerror(rv));
}

/* Every URL of u as a dialer, none started: the list is refused whole. */
static int
kdial_create(nng_socket sock, const struct kdial_urls *u,
    const kinerja_tls *tls, nng_dialer *d, char *msg, size_t len)
{
	char   prefix[300];
	size_t i;
	int    rv, tls_bad;

	for (i = 0; i < u->n; i++) {
		if ((rv = kdial_dialer(
		         sock, u->url[i], tls, &d[i], &tls_bad)) == 0)
			continue;
		if (u->n == 1 && !tls_bad)
			return kdial_unreachable(msg, len, rv);
		snprintf(prefix, sizeof(prefix), "\"%.256s\": ", u->url[i]);
		return kdial_unusable(
		    msg, len, u->n > 1 ? prefix : "", rv, tls_bad);
	}
	return KINERJA__CODE__OK;
}

/* A URL that did not connect at once gets a new dialer in the background:
 * a replica down at start joins when it comes up. */
static void
kdial_later(
    nng_socket sock, const char *url, const kinerja_tls *tls, nng_dialer *d)
{
	int tls_bad;

	nng_dialer_close(*d);
	if (kdial_dialer(sock, url, tls, d, &tls_bad) == 0)
		(void) nng_dialer_start(*d, NNG_FLAG_NONBLOCK);
}

int
kdial_none(const struct kdial_urls *u, const int *rv, char *msg, size_t len)
{
	size_t i, at;

	at = (size_t) snprintf(
	    msg, len, "cannot reach kinerjad at any of its %zu URLs:", u->n);
	for (i = 0; i < u->n && at < len; i++)
		at += (size_t) snprintf(msg + at, len - at, "%s %s: %s",
		    i ? ";" : "", u->url[i], nng_strerror(rv[i]));
	return KINERJA__CODE__UNAVAILABLE;
}

/*
 * Whether a URL's connection must be complete before open returns. nng
 * 1.5 (Debian 12's) has a bug (nng #1518, fixed in 1.6): a peer that
 * hangs up before the 8-byte SP header on an ipc:// (or TLS) listener
 * leaves that listener serving no one, for good. A short-lived client
 * that closed while a background dial was half done would do just that
 * to a replica on the same machine. Local connections are made at once or
 * refused at once, so waiting for them costs nothing.
 */
static int
kdial_wait_for(const char *url)
{
	return strncmp(url, "ipc://", 6) == 0 ||
	       strncmp(url, "unix://", 7) == 0 ||
	       strncmp(url, "abstract://", 11) == 0;
}

/* Starts the dialers from a random one (so that many short-lived clients,
 * each making one call, spread over the replicas too) until one connects;
 * the rest, and those that failed, dial in the background. */
static int
kdial_start(nng_socket sock, const struct kdial_urls *u,
    const kinerja_tls *tls, nng_dialer *d, char *msg, size_t len)
{
	size_t first = u->n > 1 ? nng_random() % u->n : 0, k, i;
	int    up    = 0, rv[KDIAL_MAX];

	for (k = 0; k < u->n; k++) {
		i = (first + k) % u->n;
		if (up && !kdial_wait_for(u->url[i])) {
			(void) nng_dialer_start(d[i], NNG_FLAG_NONBLOCK);
			continue;
		}
		if ((rv[i] = nng_dialer_start(d[i], 0)) == 0)
			up = 1;
		else if (u->n == 1)
			return kdial_unreachable(msg, len, rv[i]);
		else
			kdial_later(sock, u->url[i], tls, &d[i]);
	}
	return up ? KINERJA__CODE__OK : kdial_none(u, rv, msg, len);
}

int
kdial_open(nng_socket sock, const char *list, const kinerja_tls *tls,
    char *msg, size_t len)
{
	struct kdial_urls u = { NULL, { NULL }, 0 };
	nng_dialer        d[KDIAL_MAX];
	int               code;

	if ((code = kdial_split(&u, list, msg, len)) == KINERJA__CODE__OK &&
	    (code = kdial_create(sock, &u, tls, d, msg, len)) ==
	        KINERJA__CODE__OK)
		code = kdial_start(sock, &u, tls, d, msg, len);
	free(u.copy);
	return code;
}

static void
kdial_pipe_event(nng_pipe p, nng_pipe_ev ev, void *arg)
{
	atomic_int *live = arg;

	(void) p;
	if (ev == NNG_PIPE_EV_ADD_POST)
		atomic_fetch_add(live, 1);
	else if (ev == NNG_PIPE_EV_REM_POST)
		atomic_fetch_sub(live, 1);
}

int
kdial_watch(nng_socket sock, atomic_int *live)
{
	int rv;

	atomic_init(live, 0);
	if ((rv = nng_pipe_notify(
	         sock, NNG_PIPE_EV_ADD_POST, kdial_pipe_event, live)) != 0)
		return rv;
	return nng_pipe_notify(
	    sock, NNG_PIPE_EV_REM_POST, kdial_pipe_event, live);
}
