/*
 * tls.h - HTTPS for the gateway, with the certificate flags of kinerjad's
 * tls+tcp:// listeners (--tls-cert, --tls-key, --tls-ca): libmicrohttpd
 * does the TLS (GnuTLS); this reads the PEM files, hands them to MHD, and
 * checks a client's certificate when a CA is given.
 */
#ifndef KINERJA_GW_TLS_H
#define KINERJA_GW_TLS_H

#include <stddef.h>

#include <microhttpd.h>

/* The PEM texts; all NULL: plain HTTP. */
struct ktls {
	char *cert, *key; /* the server's */
	char
	    *ca; /* clients must present a certificate it signed; NULL: none */
};

/* Reads the files (ca may be NULL); 0, or -1 with err saying which. */
int  ktls_load(struct ktls *t, const char *cert, const char *key,
     const char *ca, char *err, size_t errlen);
void ktls_free(struct ktls *t);

/* MHD's options for t, ending in MHD_OPTION_END (items: at least 5). */
void ktls_options(const struct ktls *t, struct MHD_OptionItem *items);

/*
 * Whether the client of mc presented a certificate the CA signed, valid
 * now: 0, or -1 with msg saying why. MHD only asks for one (GnuTLS's
 * GNUTLS_CERT_REQUEST) and never checks it, so every request is checked
 * here before anything else is done for it.
 */
int ktls_check_client(
    const struct ktls *t, struct MHD_Connection *mc, char *msg, size_t len);

#endif
