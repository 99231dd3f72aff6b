/*
 * fuzz_token.c - the authorization metadata of a request to a kinerjad
 * with --auth: whatever the bytes, only the one valid token (bare or after
 * "Bearer ") may pass, and everything else is UNAUTHENTICATED.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "dispatch.h"
#include "khandlers.h"
#include "metrics.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kdispatch    disp;
static struct kserver_info info;
static char                token[KTOKEN_TEXT_MAX];

static void
setup(void)
{
	char err[256];

	if (kstore_open(":memory:", &disp.store, err, sizeof(err)) != KS_OK ||
	    ktoken_create(disp.store, "fuzz", KROLE_VIEWER, NULL, 0, token) !=
	        KS_OK)
		abort();
	info.max_batch = 100;
	info.metrics  = kmetrics_new(1 + kinerja__kinerja__descriptor.n_methods);
	disp.service       = &khandlers_service;
	disp.info          = &info;
	disp.max_message   = 1 << 20;
	disp.decode_budget = 4 << 20;
	disp.auth          = 1;
}

/* The bytes as the token, with the valid token's "kin_<id>_" in front
 * when the first byte is odd, so the row lookup is reached too. */
static char *
token_of(const uint8_t *data, size_t size)
{
	size_t prefix = 0;
	char  *t;

	if (size > 0 && (data[0] & 1))
		prefix = (size_t) (strchr(token + 4, '_') + 1 - token);
	if (size > 0) {
		data++;
		size--;
	}
	if ((t = malloc(prefix + size + 1)) == NULL)
		abort();
	memcpy(t, token, prefix);
	memcpy(t + prefix, data, size);
	t[prefix + size] = 0;
	return t;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Kinerja__RequestEnvelope env  = KINERJA__REQUEST_ENVELOPE__INIT;
	Kinerja__MetadataEntry   meta = KINERJA__METADATA_ENTRY__INIT;
	Kinerja__MetadataEntry  *mp   = &meta;
	uint8_t                 *req, *out;
	size_t                   len, outlen;
	char                    *t;
	int                      code, valid, text;

	if (disp.store == NULL)
		setup();
	t              = token_of(data, size);
	meta.key       = "authorization";
	meta.value     = t;
	env.method     = "ListIndicators";
	env.metadata   = &mp;
	env.n_metadata = 1;
	req  = malloc(kinerja__request_envelope__get_packed_size(&env) + 1);
	len  = kinerja__request_envelope__pack(&env, req);
	code = kdispatch_handle(&disp, req, len, &out, &outlen, NULL);
	/* What went on the wire: the text up to a NUL byte (protobuf-c packs
	 * a C string). Broken UTF-8 there is refused before any token is
	 * compared (issue #13); the rest must match exactly. */
	text  = kc_utf8_check(t, strlen(t)) == KC_UTF8_OK;
	valid = text && (strcmp(t, token) == 0 ||
	                    (strncmp(t, "Bearer ", 7) == 0 &&
	                        strcmp(t + 7, token) == 0));
	if (valid != (code == KINERJA__CODE__OK) ||
	    (!text && code != KINERJA__CODE__INVALID_ARGUMENT) ||
	    (text && !valid && code != KINERJA__CODE__UNAUTHENTICATED))
		abort();
	free(out);
	free(req);
	free(t);
	return 0;
}
