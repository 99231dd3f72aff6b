/*
 * stream.h - the REQ side of SP over tcp:// and ipc://, driven by the
 * calling thread on connections of the client's own (stream.c). nng's REQ
 * socket remains for what this does not speak: tls+tcp://, inproc:// and
 * nng's other schemes.
 */
#ifndef KINERJA_STREAM_H
#define KINERJA_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include <nng/nng.h>

struct kstream;

/* kstream_open: a URL of the list is neither tcp:// nor ipc://, for
 * nng's REQ socket (no Kinerja__Code: those are 0 and up). */
#define KSTREAM_OTHER (-1)

/*
 * Checks the whole list, then connects to one of its URLs (from a random
 * one, as kdial_open does) while the caller waits; the other URLs are
 * dialed when calls come to them. Returns a Kinerja__Code, on failure
 * with msg saying why in kdial_open's words, or KSTREAM_OTHER before
 * anything is dialed.
 */
int kstream_open(
    struct kstream **out, const char *list, char *msg, size_t len);
void kstream_close(struct kstream *s);

/*
 * One request (the envelope's bytes) sent on a connection and its reply
 * read, in the calling thread, before deadline (nng_clock's). 0 with
 * *reply (malloc'd, the reply's body) and *reply_len, or an nng error:
 * NNG_EUNREACHABLE (no URL could be connected to before the deadline),
 * NNG_ETIMEDOUT (connected, no answer in time), a dropped connection
 * (NNG_ECONNRESET, NNG_ECONNSHUT, NNG_ECONNREFUSED: the caller may send
 * again), NNG_EPROTO, NNG_ENOMEM.
 */
int kstream_call(struct kstream *s, const uint8_t *req, size_t len,
    nng_time deadline, uint8_t **reply, size_t *reply_len);

#endif
