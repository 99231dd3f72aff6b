/*
 * auth.h - tokens: who is calling. A token names its holder and role:
 * admin (everything), submitter (reads all, writes only its units) or
 * viewer (reads). What each role may do is the service table's
 * (kservice.h), checked by dispatch before the payload is decoded, and by
 * the call per item (service/handlers/call.h).
 */
#ifndef KINERJA_AUTH_H
#define KINERJA_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "kcore.h"
#include "kservice.h"

struct kstore;

/* Token text: "kin_" <id> "_" <43 characters of base64url secret>. */
#define KTOKEN_TEXT_MAX 80

/* Is the role one of admin, submitter, viewer? */
int krole_parse(const char *name, enum krole *out);

/* Creates a token and writes its text, shown once, into out. Returns a
 * KS_* code; KS_CONFLICT when the name is taken. */
int ktoken_create(struct kstore *st, const char *name, enum krole role,
    const char *const *units, size_t nunits, char out[KTOKEN_TEXT_MAX]);

/* Finds the holder of token (its text, e.g. "kin_12_..."; NULL: none)
 * and fills *who, its strings in mem. Returns OK, or UNAUTHENTICATED (or,
 * when the token store fails, UNAVAILABLE, DEADLINE_EXCEEDED or INTERNAL)
 * with msg saying why. Verification only: what the holder may call is
 * dispatch's to decide, from the service table. */
int kauth_verify(struct kstore *st, const char *token, struct kprincipal *who,
    struct kc_arena *mem, char *msg, size_t msglen);

#endif
