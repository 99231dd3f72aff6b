/*
 * tls.c - the gateway's HTTPS (see tls.h). TLS 1.2 and 1.3 only, as
 * nng's tls+tcp:// listeners.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "tls.h"

#define MAX_PEM (1 << 20) /* a certificate chain is a few kB */

/* The whole of a PEM file, NUL-terminated; NULL with err. */
static char *
slurp(const char *flag, const char *path, char *err, size_t errlen)
{
	FILE  *f = fopen(path, "rb");
	char  *s = NULL;
	size_t n = 0;

	if (f == NULL) {
		snprintf(
		    err, errlen, "%s %s: %s", flag, path, strerror(errno));
		return NULL;
	}
	if ((s = malloc(MAX_PEM + 1)) != NULL)
		n = fread(s, 1, MAX_PEM + 1, f);
	fclose(f);
	if (s != NULL && n > 0 && n <= MAX_PEM) {
		char *fit;

		s[n] = 0;
		if (strstr(s, "-----BEGIN ") != NULL)
			return (fit = realloc(s, n + 1)) != NULL ? fit : s;
	}
	snprintf(
	    err, errlen, "%s %s: not a PEM file of at most 1 MB", flag, path);
	free(s);
	return NULL;
}

int
ktls_load(struct ktls *t, const char *cert, const char *key, const char *ca,
    char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	if (cert == NULL || key == NULL) {
		snprintf(err, errlen, "HTTPS needs --tls-cert and --tls-key");
		return -1;
	}
	if ((t->cert = slurp("--tls-cert", cert, err, errlen)) == NULL ||
	    (t->key = slurp("--tls-key", key, err, errlen)) == NULL ||
	    (ca != NULL &&
	        (t->ca = slurp("--tls-ca", ca, err, errlen)) == NULL)) {
		ktls_free(t);
		return -1;
	}
	return 0;
}

void
ktls_free(struct ktls *t)
{
	free(t->cert);
	free(t->key);
	free(t->ca);
	memset(t, 0, sizeof(*t));
}

void
ktls_options(const struct ktls *t, struct MHD_OptionItem *items)
{
	static const char priorities[] =
	    "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2";
	int n = 0;

	if (t->cert != NULL) {
		items[n++] =
		    (struct MHD_OptionItem) { MHD_OPTION_HTTPS_MEM_CERT, 0,
			    t->cert };
		items[n++] =
		    (struct MHD_OptionItem) { MHD_OPTION_HTTPS_MEM_KEY, 0,
			    t->key };
		items[n++] =
		    (struct MHD_OptionItem) { MHD_OPTION_HTTPS_PRIORITIES, 0,
			    (void *) priorities };
	}
	if (t->ca != NULL)
		items[n++] =
		    (struct MHD_OptionItem) { MHD_OPTION_HTTPS_MEM_TRUST, 0,
			    t->ca };
	items[n] = (struct MHD_OptionItem) { MHD_OPTION_END, 0, NULL };
}

int
ktls_check_client(
    const struct ktls *t, struct MHD_Connection *mc, char *msg, size_t len)
{
	const union MHD_ConnectionInfo *ci;
	unsigned                        status = 0;
	int                             rv;

	if (t->ca == NULL)
		return 0;
	ci = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (ci == NULL || ci->tls_session == NULL) {
		snprintf(msg, len, "TLS: no session");
		return -1;
	}
	rv = gnutls_certificate_verify_peers2(
	    (gnutls_session_t) ci->tls_session, &status);
	if (rv == GNUTLS_E_NO_CERTIFICATE_FOUND) {
		snprintf(msg, len,
		    "TLS: a client certificate signed by the server's CA "
		    "(--tls-ca) is required");
		return -1;
	}
	if (rv != 0 || status != 0) {
		snprintf(msg, len,
		    "TLS: the client certificate is not accepted (not signed "
		    "by the server's CA, or expired)");
		return -1;
	}
	return 0;
}
