/*
 * auth.h - who is calling and what they may do. A token names its holder
 * and role: admin (everything), submitter (reads all, writes only its
 * units) or viewer (reads). Dispatch checks the method before the payload
 * is even decoded; write handlers check each item's unit.
 */
#ifndef KINERJA_AUTH_H
#define KINERJA_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "call.h"

struct kstore;

/* The caller's name without auth: in the history, and reserved. */
#define KAUTH_LOCAL "local"

/* Token text: "kin_" <id> "_" <43 characters of base64url secret>. */
#define KTOKEN_TEXT_MAX 80

/* Is the role one of admin, submitter, viewer? */
int         krole_parse(const char *name, enum krole *out);
const char *krole_name(enum krole r);

/* Creates a token and writes its text, shown once, into out. Returns a
 * KS_* code; KS_CONFLICT when the name is taken. */
int ktoken_create(struct kstore *st, const char *name, enum krole role,
    const char *const *units, size_t nunits, char out[KTOKEN_TEXT_MAX]);

/* Sets call->who from the envelope's "authorization" metadata (when auth
 * is on) and checks the role may call the method. Returns 0, or -1 with
 * UNAUTHENTICATED or PERMISSION_DENIED set on the call. */
int kauth_check(struct kcall *call, int auth_on,
    const Kinerja__RequestEnvelope *env, const char *method);

/* The same check for a front end in this process (the HTTP gateway),
 * before it reads a request's body: may the holder of token (NULL: none)
 * call method? 0, or UNAUTHENTICATED or PERMISSION_DENIED (UNAVAILABLE
 * when the token store fails) with msg saying why, as dispatch says it.
 * Auth is on: without it there is nothing to check. */
int kauth_precheck(struct kstore *st, const char *method, const char *token,
    char *msg, size_t msglen);

/* May the caller write this unit's data? If not, records a
 * PERMISSION_DENIED item error, marks the whole request refused and
 * returns 1. */
int kauth_unit(struct kcall *call, uint32_t index, const char *unit);
/* The same for items only an admin may write (units, indicators). */
int kauth_admin_item(struct kcall *call, uint32_t index, const char *what);

#endif
