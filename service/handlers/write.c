/*
 * write.c - the one way kinerjad writes: a batch in a transaction. A
 * rejected request changes nothing; an accepted one is recorded against its
 * request id inside the same transaction, so a client that resends after a
 * lost reply gets the first answer instead of a second write.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

int
kstore_failed(struct kcall *call, int rc)
{
	switch (rc) {
	case KS_INTERRUPTED:
		kcall_error(call, KINERJA__CODE__DEADLINE_EXCEEDED,
		    "%s: deadline exceeded", call->method);
		break;
	case KS_BUSY:
		kcall_error(call, KINERJA__CODE__UNAVAILABLE,
		    "%s: database busy, retry", call->method);
		break;
	default:
		kcall_error(call, KINERJA__CODE__INTERNAL, "%s: storage: %s",
		    call->method, kstore_errmsg(call->store));
	}
	return -1;
}

int
kcheck_year(struct kcall *call, const char *field, int year)
{
	if (year >= 1900 && year <= 2200)
		return 0;
	kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
	    "%s: %d outside 1900-2200", field, year);
	return -1;
}

int
kcheck_text(struct kcall *call, uint32_t index, const char *field,
    const char *v, int required)
{
	if (required && *v == 0) {
		kcall_item_error(call, index, field,
		    KINERJA__CODE__INVALID_ARGUMENT, "%s: required", field);
		return -1;
	}
	if (strlen(v) > KNAME_MAX) {
		kcall_item_error(call, index, field,
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "%s: longer than %d bytes", field, KNAME_MAX);
		return -1;
	}
	return 0;
}

int
kcheck_code(
    struct kcall *call, uint32_t index, const char *field, const char *v)
{
	const char *p;

	if (kcheck_text(call, index, field, v, 1) != 0)
		return -1;
	for (p = v; *p; p++) {
		if (!isalnum((unsigned char) *p) && !strchr("-_.", *p))
			break;
	}
	if (*p != 0 || p - v > KCODE_MAX) {
		kcall_item_error(call, index, field,
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "%s: \"%.64s\" is not a code (letters, digits, '-', '_', "
		    "'.'; at most %d)",
		    field, v, KCODE_MAX);
		return -1;
	}
	return 0;
}

int
kfind_unit(struct kcall *call, uint32_t index, const char *code)
{
	struct kunit u;
	char         buf[1024];
	int rc = kstore_unit_get(call->store, code, &u, buf, sizeof(buf));

	if (rc == KS_NOTFOUND)
		kcall_item_error(call, index, "unit", KINERJA__CODE__NOT_FOUND,
		    "unit: \"%.64s\" not found", code);
	return rc == KS_OK         ? 0
	       : rc == KS_NOTFOUND ? 1
	                           : kstore_failed(call, rc);
}

int
kfind_indicator(struct kcall *call, uint32_t index, const char *code,
    struct kindicator *out)
{
	struct kindicator ind;
	char              buf[1024];
	int               rc =
	    kstore_indicator_get(call->store, code, &ind, buf, sizeof(buf));

	if (rc == KS_NOTFOUND)
		kcall_item_error(call, index, "indicator",
		    KINERJA__CODE__NOT_FOUND, "indicator: \"%.64s\" not found",
		    code);
	if (rc != KS_OK)
		return rc == KS_NOTFOUND ? 1 : kstore_failed(call, rc);
	if (out != NULL) {
		*out        = ind;
		out->code   = kcall_strdup(call, ind.code);
		out->name   = kcall_strdup(call, ind.name);
		out->satuan = kcall_strdup(call, ind.satuan);
	}
	return 0;
}

/* Returns the stored reply of an applied request id, if any. */
static int
replay(struct kcall *call, Kinerja__WriteReply **out)
{
	void  *blob;
	size_t len;
	int    rc;

	if (*call->request_id == 0)
		return KS_NOTFOUND;
	rc = kstore_replay_get(
	    call->store, call->request_id, call->method, &blob, &len);
	if (rc != KS_OK)
		return rc;
	*out = kinerja__write_reply__unpack(NULL, len, blob);
	free(blob);
	return *out ? KS_OK : KS_ERROR;
}

static void
count(Kinerja__WriteReply *r, enum kchange c)
{
	if (c == KS_CREATED)
		r->created++;
	else if (c == KS_UPDATED)
		r->updated++;
	else
		r->unchanged++;
}

/* Applies one item, inside a savepoint in partial mode. */
static int
apply_one(struct kcall *call, const struct kbatch *b, const struct kwrite *w,
    size_t i, Kinerja__WriteReply *r)
{
	enum kchange change;
	int          rc;

	if (w->partial && (rc = kstore_savepoint(call->store)) != 0)
		return kstore_failed(call, rc);
	rc = b->apply(call, b->items[i], (uint32_t) i, &change);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		r->rejected++;
		if (w->partial)
			kstore_rollback_savepoint(call->store);
		return 0;
	}
	count(r, change);
	if (w->partial && (rc = kstore_release(call->store)) != 0)
		return kstore_failed(call, rc);
	return 0;
}

/* Applies every item of every part; returns -1 when the store failed. */
static int
apply_all(struct kcall *call, const struct kwrite *w, Kinerja__WriteReply *r)
{
	size_t p, i;

	for (p = 0; p < w->nparts; p++) {
		const struct kbatch *b    = &w->parts[p];
		unsigned char       *skip = kcall_alloc(call, b->n + 1);

		call->list = b->what;
		if (b->prepare != NULL && b->n > 0)
			b->prepare(call, b, skip);
		if (call->code != KINERJA__CODE__OK)
			return -1;
		for (i = 0; i < b->n; i++) {
			if (skip[i])
				r->unchanged++;
			else if (apply_one(call, b, w, i, r) != 0)
				return -1;
		}
	}
	call->list = NULL;
	return 0;
}

/* The status of a rejected write: the first item error's code. */
static void
reject(struct kcall *call, size_t total)
{
	const Kinerja__FieldError *first = call->details[0];

	kcall_error(call, first->code,
	    "%s: %zu of %zu items rejected; first: %s[%u]: %s", call->method,
	    call->ndetails, total, first->list, first->index, first->message);
}

static int
check_size(struct kcall *call, const struct kwrite *w, size_t *total)
{
	size_t p;

	for (p = 0, *total = 0; p < w->nparts; p++)
		*total += w->parts[p].n;
	if (*total == 0) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "%s: the batch is empty",
		    w->nparts == 1 ? w->parts[0].what : call->method);
		return -1;
	}
	if (*total > call->info->max_batch) {
		kcall_error(call, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "%s: %zu items; at most %u per request",
		    w->nparts == 1 ? w->parts[0].what : call->method, *total,
		    call->info->max_batch);
		return -1;
	}
	return 0;
}

static int
commit(struct kcall *call, Kinerja__WriteReply *r)
{
	size_t   len = kinerja__write_reply__get_packed_size(r);
	uint8_t *buf = kcall_alloc(call, len + 1);
	int      rc  = KS_OK;

	kinerja__write_reply__pack(r, buf);
	if (*call->request_id)
		rc = kstore_replay_put(
		    call->store, call->request_id, call->method, buf, len);
	if (rc == KS_OK && kcall_expired(call))
		rc = KS_INTERRUPTED;
	if (rc == KS_OK)
		rc = kstore_commit(call->store);
	if (rc != KS_OK) {
		kstore_rollback(call->store);
		return kstore_failed(call, rc);
	}
	return 0;
}

void
kwrite_batch(struct kcall *call, const struct kwrite *w,
    Kinerja__WriteReply_Closure done)
{
	Kinerja__WriteReply  r    = KINERJA__WRITE_REPLY__INIT;
	Kinerja__WriteReply *prev = NULL;
	size_t               total;
	int                  rc;

	if (check_size(call, w, &total) != 0)
		goto out;
	if ((rc = kstore_begin(call->store)) != KS_OK) {
		kstore_failed(call, rc);
		goto out;
	}
	if (!w->validate_only && (rc = replay(call, &prev)) != KS_NOTFOUND) {
		kstore_rollback(call->store);
		if (rc != KS_OK) {
			kstore_failed(call, rc);
			goto out;
		}
		prev->replayed = 1;
		done(prev, call);
		kinerja__write_reply__free_unpacked(prev, NULL);
		return;
	}
	if (apply_all(call, w, &r) != 0 || (call->ndetails && !w->partial) ||
	    w->validate_only) {
		kstore_rollback(call->store);
		if (call->ndetails && !w->partial)
			reject(call, total);
		r.validated_only = w->validate_only;
		goto out;
	}
	commit(call, &r);
out:
	done(&r, call);
}
