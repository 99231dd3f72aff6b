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

/* What a method needs. Anything not listed needs an admin, so a new RPC
 * is closed until someone decides otherwise. */
enum need { NEED_NOTHING, NEED_READ, NEED_UNIT_WRITE, NEED_ADMIN };

static const struct {
	const char *method;
	enum need   need;
} rules[] = {
	{ "Health", NEED_NOTHING },
	{ "ServerInfo", NEED_NOTHING }, /* version and uptime, for probes */
	{ "ListUnits", NEED_READ },
	{ "ListIndicators", NEED_READ },
	{ "GetCapaian", NEED_READ },
	{ "GetRanking", NEED_READ },
	{ "GetTrend", NEED_READ },
	{ "GetProgress", NEED_READ },
	{ "GetBudget", NEED_READ },
	{ "GetEfficiency", NEED_READ },
	{ "GetSurvey", NEED_READ },
	{ "GetAkipEvaluation", NEED_READ },
	{ "Validate", NEED_READ },
	{ "Export", NEED_READ },
	{ "GetMetrics", NEED_READ },
	{ "GetHistory", NEED_READ },
	{ "UpsertSasaran", NEED_UNIT_WRITE },
	{ "SubmitIndicatorData", NEED_UNIT_WRITE },
	{ "Import", NEED_UNIT_WRITE },
	{ "SubmitBudget", NEED_UNIT_WRITE },
	{ "SubmitSurvey", NEED_UNIT_WRITE },
	{ "SubmitAkipEvaluation", NEED_UNIT_WRITE },
	{ "UpsertUnits", NEED_ADMIN },
	{ "UpsertIndicators", NEED_ADMIN },
};

static const char *const role_names[] = {
	[KROLE_NONE]      = "none",
	[KROLE_VIEWER]    = "viewer",
	[KROLE_SUBMITTER] = "submitter",
	[KROLE_ADMIN]     = "admin",
};

int
krole_parse(const char *name, enum krole *out)
{
	int r;

	for (r = KROLE_VIEWER; r <= KROLE_ADMIN; r++) {
		if (strcmp(name, role_names[r]) == 0) {
			*out = (enum krole) r;
			return 0;
		}
	}
	return -1;
}

const char *
krole_name(enum krole r)
{
	return r <= KROLE_ADMIN ? role_names[r] : "none";
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

static const char *
token_text(const Kinerja__RequestEnvelope *env)
{
	size_t i;

	for (i = 0; i < env->n_metadata; i++) {
		const char *v = env->metadata[i]->value;

		if (strcmp(env->metadata[i]->key, "authorization") != 0)
			continue;
		return strncmp(v, "Bearer ", 7) == 0 ? v + 7 : v;
	}
	return NULL;
}

static int
add_unit(void *arg, const char *unit)
{
	struct kcall *call = arg;

	if (call->who.nunits % 8 == 0) {
		const char **u =
		    kcall_alloc(call, (call->who.nunits + 8) * sizeof(*u));

		if (call->who.nunits)
			memcpy(
			    u, call->who.units, call->who.nunits * sizeof(*u));
		call->who.units = u;
	}
	call->who.units[call->who.nunits++] = kcall_strdup(call, unit);
	return KS_OK;
}

static int
unauthenticated(struct kcall *call, const char *why)
{
	kcall_error(
	    call, KINERJA__CODE__UNAUTHENTICATED, "authorization: %s", why);
	return -1;
}

/* Finds the token's holder; 0, or -1 with the call's status set. */
static int
authenticate(struct kcall *call, const char *text)
{
	struct ktoken t;
	char          buf[KSTORE_BUF];
	uint8_t       hash[KTOKEN_HASH];
	const char   *secret;
	int64_t       id;
	int           rc;

	if (text == NULL || *text == 0)
		return unauthenticated(call, "a token is required");
	if (parse_token(text, &id, &secret) != 0)
		return unauthenticated(call, "not a kinerja token");
	rc = kstore_token_get(call->store, id, &t, buf, sizeof(buf));
	if (rc < 0) {
		kcall_error(call, KINERJA__CODE__UNAVAILABLE,
		    "authorization: token store: %s",
		    kstore_errmsg(call->store));
		return -1;
	}
	hash_secret(secret, hash);
	if (rc == KS_NOTFOUND || sodium_memcmp(hash, t.hash, KTOKEN_HASH) != 0)
		return unauthenticated(call, "unknown token");
	if (t.revoked_at != 0)
		return unauthenticated(call, "the token was revoked");
	if (krole_parse(t.role, &call->who.role) != 0)
		return unauthenticated(call, "the token has no valid role");
	call->who.name = kcall_strdup(call, t.name);
	if (call->who.role == KROLE_SUBMITTER &&
	    kstore_token_units(call->store, id, add_unit, call) != KS_OK) {
		kcall_error(call, KINERJA__CODE__UNAVAILABLE,
		    "authorization: token store: %s",
		    kstore_errmsg(call->store));
		return -1;
	}
	return 0;
}

static enum need
need_of(const char *method)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].method, method) == 0)
			return rules[i].need;
	return NEED_ADMIN;
}

static int
allowed(enum krole role, enum need need)
{
	switch (need) {
	case NEED_NOTHING:
		return 1;
	case NEED_READ:
		return role >= KROLE_VIEWER;
	case NEED_UNIT_WRITE:
		return role >= KROLE_SUBMITTER;
	default:
		return role == KROLE_ADMIN;
	}
}

int
kauth_check(struct kcall *call, int auth_on,
    const Kinerja__RequestEnvelope *env, const char *method)
{
	enum need need = need_of(method);

	if (!auth_on) {
		call->who.name = KAUTH_LOCAL;
		call->who.role = KROLE_ADMIN;
		return 0;
	}
	if (need == NEED_NOTHING)
		return 0;
	if (authenticate(call, token_text(env)) != 0)
		return -1;
	if (allowed(call->who.role, need))
		return 0;
	kcall_error(call, KINERJA__CODE__PERMISSION_DENIED,
	    "%s: token %s (%s) may not call it", method,
	    kcall_quote(call, call->who.name), krole_name(call->who.role));
	return -1;
}

static int
deny(struct kcall *call, uint32_t index, const char *field, const char *what)
{
	call->denied = 1;
	kcall_item_error(call, index, field, KINERJA__CODE__PERMISSION_DENIED,
	    "%s: token %s (%s) may not write %s", field,
	    kcall_quote(call, call->who.name), krole_name(call->who.role),
	    what);
	return 1;
}

int
kauth_unit(struct kcall *call, uint32_t index, const char *unit)
{
	size_t i;

	if (call->who.role == KROLE_ADMIN)
		return 0;
	if (call->who.role == KROLE_SUBMITTER)
		for (i = 0; i < call->who.nunits; i++)
			if (strcmp(call->who.units[i], unit) == 0)
				return 0;
	return deny(call, index, "unit",
	    kcall_printf(call, "unit %s", kcall_quote(call, unit)));
}

int
kauth_admin_item(struct kcall *call, uint32_t index, const char *what)
{
	if (call->who.role == KROLE_ADMIN)
		return 0;
	return deny(call, index, "code", what);
}
