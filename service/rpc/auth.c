/*
 * auth.c - tokens, roles and the access rules.
 *
 * A token is "kin_<id>_<secret>": the id finds the row, the 256-bit random
 * secret proves the holder. Only BLAKE2b(secret) is stored. A slow password
 * hash would add nothing for a secret with that much entropy, and a fast
 * one keeps a check per request cheap. Tokens are read on every request,
 * so a revocation takes effect on the next one.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "auth.h"
#include "store.h"

#define SECRET_BYTES 32
#define PREFIX       "kin_"

int
krole_parse(const char *name, enum krole *out)
{
	int r;

	for (r = KROLE_VIEWER; r <= KROLE_VERIFIER; r++) {
		if (strcmp(name, krole_name((enum krole) r)) == 0) {
			*out = (enum krole) r;
			return 0;
		}
	}
	return -1;
}

static void
hash_secret(const char *secret, uint8_t out[KTOKEN_HASH])
{
	crypto_generichash(out, KTOKEN_HASH, (const unsigned char *) secret,
	    strlen(secret), NULL, 0);
}

int
ktoken_create(struct kstore *st, const char *name, enum krole role,
    const char *const *units, size_t nunits, char out[KTOKEN_TEXT_MAX])
{
	unsigned char raw[SECRET_BYTES];
	char          secret[sodium_base64_ENCODED_LEN(
	             SECRET_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	struct ktoken t = { 0 };
	int           rc;

	if (sodium_init() < 0)
		return KS_ERROR;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(secret, sizeof(secret), raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	t.name       = name;
	t.role       = krole_name(role);
	t.created_at = (int64_t) time(NULL);
	hash_secret(secret, t.hash);
	if ((rc = kstore_token_add(st, &t, units, nunits)) == KS_OK)
		snprintf(out, KTOKEN_TEXT_MAX, PREFIX "%" PRId64 "_%s", t.id,
		    secret);
	sodium_memzero(secret, sizeof(secret));
	return rc;
}

/* Splits "kin_<id>_<secret>"; 0 on success. */
static int
parse_token(const char *text, int64_t *id, const char **secret)
{
	char *end;

	if (strncmp(text, PREFIX, strlen(PREFIX)) != 0)
		return -1;
	text += strlen(PREFIX);
	if (*text < '1' || *text > '9')
		return -1;
	*id = strtoll(text, &end, 10);
	if (*end != '_' || end[1] == 0)
		return -1;
	*secret = end + 1;
	return 0;
}

/* Where a verification puts the holder and says what failed. */
struct verify {
	struct kstore     *st;
	struct kprincipal *who;
	struct kc_arena   *mem;
	char              *msg;
	size_t             msglen;
};

/* Arena memory; there is nothing sensible to answer without it. */
static void *
alloc(struct verify *v, size_t size)
{
	void *p = kc_arena_alloc(v->mem, size);

	if (p == NULL)
		abort();
	return p;
}

static int
add_unit(void *arg, const char *unit)
{
	struct verify     *v   = arg;
	struct kprincipal *who = v->who;

	if (who->nunits % 8 == 0) {
		const char **u = alloc(v, (who->nunits + 8) * sizeof(*u));

		if (who->nunits)
			memcpy(u, who->units, who->nunits * sizeof(*u));
		who->units = u;
	}
	who->units[who->nunits] = alloc(v, strlen(unit) + 1);
	strcpy((char *) who->units[who->nunits++], unit);
	return KS_OK;
}

static int
unauthenticated(struct verify *v, const char *why)
{
	snprintf(v->msg, v->msglen, "authorization: %s", why);
	return KINERJA__CODE__UNAUTHENTICATED;
}

/* A busy or slow database is worth a retry (UNAVAILABLE); any other
 * failure (a corrupt page, an I/O error) is not, and a client told
 * UNAVAILABLE would retry it for ever. */
static int
token_store_failed(struct verify *v, int rc)
{
	snprintf(v->msg, v->msglen, "authorization: token store: %s",
	    kstore_errmsg(v->st));
	if (rc == KS_BUSY)
		return KINERJA__CODE__UNAVAILABLE;
	if (rc == KS_INTERRUPTED)
		return KINERJA__CODE__DEADLINE_EXCEEDED;
	return KINERJA__CODE__INTERNAL;
}

static int
verify(struct verify *v, const char *text)
{
	struct ktoken t;
	char          buf[KSTORE_BUF];
	uint8_t       hash[KTOKEN_HASH];
	const char   *secret;
	int64_t       id;
	int           rc;

	if (text == NULL || *text == 0)
		return unauthenticated(v, "a token is required");
	if (parse_token(text, &id, &secret) != 0)
		return unauthenticated(v, "not a kinerja token");
	rc = kstore_token_get(v->st, id, &t, buf, sizeof(buf));
	if (rc < 0)
		return token_store_failed(v, rc);
	hash_secret(secret, hash);
	if (rc == KS_NOTFOUND || sodium_memcmp(hash, t.hash, KTOKEN_HASH) != 0)
		return unauthenticated(v, "unknown token");
	if (t.revoked_at != 0)
		return unauthenticated(v, "the token was revoked");
	if (krole_parse(t.role, &v->who->role) != 0)
		return unauthenticated(v, "the token has no valid role");
	v->who->name = strcpy(alloc(v, strlen(t.name) + 1), t.name);
	if ((v->who->role == KROLE_SUBMITTER ||
	        v->who->role == KROLE_VERIFIER) &&
	    (rc = kstore_token_units(v->st, id, add_unit, v)) != KS_OK)
		return token_store_failed(v, rc);
	return KINERJA__CODE__OK;
}

int
kauth_verify(struct kstore *st, const char *token, struct kprincipal *who,
    struct kc_arena *mem, char *msg, size_t msglen)
{
	struct verify v = { st, who, mem, msg, msglen };

	memset(who, 0, sizeof(*who));
	return verify(&v, token);
}
