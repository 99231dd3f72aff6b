/*
 * envelope.h - the request envelope, checked on the wire before anything is
 * decoded. It is read before the token is, so a stranger must not be able
 * to make it expensive: its metadata is bounded in count and size, a scan
 * of the bytes enforces that without allocating, and the decode draws from
 * a small budget. The payload is not copied: it points into the request.
 */
#ifndef KINERJA_ENVELOPE_H
#define KINERJA_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

#include "budget.h"
#include "kinerja/kinerja.pb-c.h"

#define KENV_METHOD_MAX     64 /* bytes of the method name */
#define KENV_REQUEST_ID_MAX 128 /* bytes of a request id */
#define KENV_METADATA_MAX   32 /* metadata entries */
#define KENV_KEY_MAX        64 /* bytes of a metadata key */
#define KENV_VALUE_MAX      8192 /* bytes of a metadata value */
#define KENV_UNKNOWN_MAX    8 /* fields this version does not know */
/* Everything but the payload, on the wire: the fields above at their
 * limits, with room for tags and lengths. */
#define KENV_HEAD_MAX                                               \
	(KENV_METADATA_MAX * (KENV_KEY_MAX + KENV_VALUE_MAX + 16) + \
	    KENV_METHOD_MAX + KENV_REQUEST_ID_MAX + 256)
/* Heap the decoded head may take: structs and strings, several times the
 * largest head. */
#define KENV_DECODE_BUDGET (4 * KENV_HEAD_MAX)

/* A decoded envelope whose payload points into the request bytes. */
struct kenv {
	Kinerja__RequestEnvelope *env; /* NULL until decoded */
	struct kbudget            mem; /* what env was decoded from */
};

/*
 * Decodes req into e. 0 on success; otherwise a Kinerja__Code, with msg
 * naming the field (e.g. "metadata: 40 entries; at most 32"). req must
 * outlive e->env, whose payload it holds.
 */
int kenv_decode(
    struct kenv *e, const uint8_t *req, size_t len, char *msg, size_t msglen);
/* Frees e->env (not the payload, which is the caller's). */
void kenv_free(struct kenv *e);

#endif
