/*
 * dial.h - the peers of a client's REQ socket: a comma-separated list of
 * kinerjad URLs (replicas), checked whole, then each given a dialer of its
 * own, so that nng spreads requests over the connections that are up.
 */
#ifndef KINERJA_DIAL_H
#define KINERJA_DIAL_H

#include <stdatomic.h>
#include <stddef.h>

#include <nng/nng.h>

#include "kinerja/client.h"

#define KDIAL_MAX 16 /* URLs in one list */

/* A URL list cut at its commas, in a copy of its own. */
struct kdial_urls {
	char  *copy; /* the list, with NULs for commas */
	char  *url[KDIAL_MAX]; /* into copy, blanks trimmed */
	size_t n;
};

/* Cuts list into u ("a, b" and "a,b" alike; an empty entry is refused).
 * Returns a Kinerja__Code; on failure msg says why. */
int kdial_split(struct kdial_urls *u, const char *list, char *msg, size_t len);

/* The messages of an open that failed, shared with stream.c; each
 * returns its Kinerja__Code. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 4, 5)))
#endif
int
kdial_fail(char *msg, size_t len, int code, const char *fmt, ...);
/* Why a URL cannot be used at all, with the URL in front (url_prefix ""
 * for a single one); tls_bad when its TLS configuration is the cause. */
int kdial_unusable(
    char *msg, size_t len, const char *url_prefix, int rv, int tls_bad);
/* Why a single server could not be reached (nng error rv). */
int kdial_unreachable(char *msg, size_t len, int rv);
/* Why none of u's URLs connected (rv[i] for each), in the list's order. */
int kdial_none(
    const struct kdial_urls *u, const int *rv, char *msg, size_t len);

/*
 * Dials every URL of list (tcp://, ipc://, inproc://, tls+tcp:// with
 * tls) on sock. A list with a malformed URL, or a tls+tcp:// one without a
 * usable CA, is refused whole before anything is dialed. The URLs are
 * tried in turn from a random one until one connects; the others are
 * dialed in the background and join when they come up. Fails only when
 * none connects. Returns a Kinerja__Code; on failure msg says why, naming
 * the URL when the list has several.
 */
int kdial_open(nng_socket sock, const char *list, const kinerja_tls *tls,
    char *msg, size_t len);

/* Keeps *live equal to the number of connections of sock that are up. */
int kdial_watch(nng_socket sock, atomic_int *live);

#endif
