/*
 * fuzz_store.c - one in-memory SQLite store per fuzz process, loaded from
 * baseline.bin and rebuilt when the fuzzer's writes have grown it past a
 * limit, so a long run stays bounded and starts over from known data.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dispatch.h"
#include "khandlers.h"
#include "fuzz_store.h"
#include "metrics.h"
#include "store.h"

#define STORE_LIMIT (32u << 20) /* bytes before the store is rebuilt */
#define CHECK_EVERY 1000 /* runs between size checks */

static struct kdispatch    disp;
static struct kserver_info info;
static unsigned            runs;

static _Noreturn void
die(const char *what)
{
	fprintf(stderr, "fuzz_store: %s\n", what);
	abort();
}

static uint8_t *
read_file(const char *path, size_t *len)
{
	FILE    *f = fopen(path, "rb");
	uint8_t *buf;
	long     n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 ||
	    (buf = malloc((size_t) n + 1)) == NULL ||
	    fread(buf, 1, (size_t) n, f) != (size_t) n)
		die("cannot read the baseline (KINERJA_FUZZ_BASELINE)");
	fclose(f);
	*len = (size_t) n;
	return buf;
}

/* Imports baseline.bin, an ImportRequest payload, into a fresh store. */
static void
load_baseline(void)
{
	Kinerja__RequestEnvelope env  = KINERJA__REQUEST_ENVELOPE__INIT;
	const char              *path = getenv("KINERJA_FUZZ_BASELINE");
	uint8_t                 *req, *out;
	size_t                   len, outlen;
	int                      code;

	env.method       = "Import";
	env.payload.data = read_file(path ? path : FUZZ_BASELINE, &len);
	env.payload.len  = len;
	req = malloc(kinerja__request_envelope__get_packed_size(&env));
	if (req == NULL)
		die("out of memory");
	len  = kinerja__request_envelope__pack(&env, req);
	code = kdispatch_handle(&disp, req, len, &out, &outlen, NULL);
	free(out);
	free(req);
	free(env.payload.data);
	if (code != KINERJA__CODE__OK)
		die("the baseline Import failed; regenerate it with seedgen");
}

static void
open_store(void)
{
	char err[256];

	if (kstore_open(":memory:", &disp.store, err, sizeof(err)) != KS_OK)
		die(err);
	load_baseline();
}

/* Settings as kinerjad's defaults, the deadline shorter: a fuzzer should
 * not wait 30 s for one input. */
static void
setup(void)
{
	info.started_ms = kstore_now_ms();
	info.workers    = 1;
	info.max_batch  = 100000;
	info.metrics    = kmetrics_new(kinerja__kinerja__descriptor.n_methods);
	disp.service            = &khandlers_service;
	disp.info               = &info;
	disp.default_timeout_ms = 2000;
	disp.max_message        = 16u << 20;
	disp.decode_budget      = 4 * disp.max_message;
	open_store();
}

static void
bound_store(void)
{
	uint64_t bytes;

	if (++runs % CHECK_EVERY != 0)
		return;
	if (kstore_size(disp.store, &bytes) == KS_OK && bytes < STORE_LIMIT)
		return;
	kstore_close(disp.store);
	open_store();
}

int
fuzz_dispatch(const uint8_t *req, size_t len)
{
	Kinerja__ResponseEnvelope *resp;
	uint8_t                   *out;
	size_t                     outlen;
	int                        code;

	if (disp.store == NULL)
		setup();
	code = kdispatch_handle(&disp, req, len, &out, &outlen, NULL);
	/* Every request gets an answer the client can decode, with the
	 * same status. */
	resp = kinerja__response_envelope__unpack(NULL, outlen, out);
	if (resp == NULL || (int) resp->code != code)
		die("response does not decode or disagrees with the status");
	kinerja__response_envelope__free_unpacked(resp, NULL);
	free(out);
	bound_store();
	return code;
}
