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
