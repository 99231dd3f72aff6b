/*
 * write.c - the one way kinerjad writes: a batch in a transaction. A
 * rejected request changes nothing; an accepted one is recorded against its
 * request id inside the same transaction, so a client that resends after a
 * lost reply gets the first answer instead of a second write.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "envelope.h"
#include "handlers.h"
#include "kinerja/record.pb-c.h"

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
	if (kc_year_ok(year))
		return 0;
	kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
	    "%s: %d outside %d-%d", field, year, KC_YEAR_MIN, KC_YEAR_MAX);
	return -1;
}

int
kcheck_item_year(struct kcall *call, uint32_t index, int year)
{
	if (kc_year_ok(year))
		return 0;
	kcall_item_error(call, index, "year", KINERJA__CODE__INVALID_ARGUMENT,
	    "year: %d outside %d-%d", year, KC_YEAR_MIN, KC_YEAR_MAX);
	return -1;
}

int
kcheck_unit_year(struct kcall *call, const char *unit, int year)
{
	if (*unit == 0) {
		kcall_error(
		    call, KINERJA__CODE__INVALID_ARGUMENT, "unit: required");
		return -1;
	}
	return kcheck_year(call, "year", year);
}

void
kread(struct kcall *call, kread_fn fn, const void *in, void *reply)
{
	int rc;

	if ((rc = kstore_begin_read(call->store)) != KS_OK) {
		kstore_failed(call, rc);
		return;
	}
	fn(call, in, reply);
	kstore_rollback(call->store);
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
	if (!kc_text_ok(v)) {
		kcall_item_error(call, index, field,
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "%s: not UTF-8 text, or has control characters", field);
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
		    "%s: %s is not a code (letters, digits, '-', '_', "
		    "'.'; at most %d)",
		    field, kcall_quote(call, v), KCODE_MAX);
		return -1;
	}
	return 0;
}

int
kfind_unit(struct kcall *call, uint32_t index, const char *code)
{
	int rc = kstore_unit_exists(call->store, code);

	if (rc == KS_NOTFOUND)
		kcall_item_error(call, index, "unit", KINERJA__CODE__NOT_FOUND,
		    "unit: %s not found", kcall_quote(call, code));
	if (rc == KS_OK)
		return kcall_may_write_unit(call, index, code);
	return rc == KS_OK         ? 0
	       : rc == KS_NOTFOUND ? 1
	                           : kstore_failed(call, rc);
}

int
kfind_indicator(struct kcall *call, uint32_t index, const char *code,
    struct kindicator *out)
{
	struct kindicator ind;
	char              buf[KSTORE_BUF];
	int               rc =
	    kstore_indicator_get(call->store, code, &ind, buf, sizeof(buf));

	if (rc == KS_NOTFOUND)
		kcall_item_error(call, index, "indicator",
		    KINERJA__CODE__NOT_FOUND, "indicator: %s not found",
		    kcall_quote(call, code));
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

int64_t
kunix_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
khistory_put(struct kcall *call, const struct khistory *h)
{
	struct khistory row = *h;
	int             rc;

	row.at_ms      = kunix_ms();
	row.actor      = call->who.name ? call->who.name : KAUTH_LOCAL;
	row.request_id = call->request_id ? call->request_id : "";
	row.method     = call->method ? call->method : "";
	row.reason     = call->reason ? call->reason : "";
	if ((rc = kstore_history_add(call->store, &row)) != KS_OK)
		return kstore_failed(call, rc);
	return 0;
}

/* A value as the history shows it: "71.38", a predikat, or NULL. */
static const char *
history_value(struct kcall *call, const struct kvalue *v)
{
	const char *text;

	if (!v->has_value)
		return v->predikat == KC_AKIP_NONE
		           ? NULL
		           : kc_akip_name((enum kc_akip) v->predikat);
	text = ke4_text(call, v->value_e4);
	if (v->source == KC_SOURCE_STATED)
		return text;
	return kcall_printf(call, "%s (derived: %s)", text,
	    kderived_from((enum kc_source) v->source));
}

const char *
ke4_text(struct kcall *call, int64_t e4)
{
	char   buf[32];
	size_t n;

	kc_format_decimal(e4, 4, buf, sizeof(buf));
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = 0;
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = 0;
	return kcall_strdup(call, buf);
}

static const char *
kind_name(int kind)
{
	switch (kind) {
	case VALUE_RENSTRA_TARGET:
		return "renstra_target";
	case VALUE_RENSTRA_END_TARGET:
		return "renstra_end_target";
	case VALUE_TARGET:
		return "target";
	case VALUE_REALISASI:
		return "realisasi";
	default:
		return "value";
	}
}

int
kput_value(struct kcall *call, const struct kvalue *v, enum kchange *ch)
{
	struct kvalue old;

	return kput_value_old(call, v, ch, &old);
}

int
kput_value_old(struct kcall *call, const struct kvalue *v, enum kchange *ch,
    struct kvalue *old_out)
{
	struct kvalue old = { 0 };
	int rc = kstore_value_put(call->store, v, call->request_id, ch, &old);

	*old_out = old;

	if (rc != KS_OK)
		return kstore_failed(call, rc);
	if (*ch == KS_UNCHANGED)
		return 0;
	return khistory_put(
	    call, &(struct khistory) { .what = kind_name(v->kind),
	              .unit                  = v->unit,
	              .indicator             = v->indicator,
	              .year                  = v->year,
	              .field = v->period ? kc_period_name(v->period) : "value",
	              .old_value =
	                  *ch == KS_UPDATED ? history_value(call, &old) : NULL,
	              .new_value = history_value(call, v) });
}

/* The digest a request id is bound to: the method and the payload. */
static void
digest_of(const struct kcall *call, uint8_t out[16])
{
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, 16);
	crypto_generichash_update(&h, (const unsigned char *) call->method,
	    strlen(call->method) + 1);
	crypto_generichash_update(&h, call->payload, call->payload_len);
	crypto_generichash_final(&h, out, 16);
}

/* Request ids are the caller's own: with auth on, each token has its
 * namespace, so no one can replay another's write (and read its reply)
 * or take an id another will use. \x1f is in neither a token name nor a
 * request id. */
static const char *
replay_key(struct kcall *call)
{
	if (call->who.name == NULL || strcmp(call->who.name, KAUTH_LOCAL) == 0)
		return call->request_id;
	return kcall_printf(
	    call, "%s\x1f%s", call->who.name, call->request_id);
}

enum replay { REPLAY_NEW, REPLAY_FOUND, REPLAY_FAILED };

/* The first answer to a request, as its replay row keeps it: a
 * WriteRecord, or in a row from before schema 9 the response envelope it
 * was sent in, whose payload is the reply. */
struct first {
	Kinerja__WriteRecord      *record;
	Kinerja__ResponseEnvelope *env; /* an old row */
	Kinerja__WriteReply       *reply; /* of either */
	Kinerja__FieldError      **details;
	size_t                     ndetails;
};

static int
first_read(struct first *f, const struct kreplay *r)
{
	memset(f, 0, sizeof(*f));
	if (r->envelope) {
		if ((f->env = kenv_response_unpack(r->reply, r->len)) == NULL)
			return -1;
		f->reply = (Kinerja__WriteReply *) kenv_reply(
		    f->env, &kinerja__write_reply__descriptor);
		f->details  = f->env->details;
		f->ndetails = f->env->n_details;
		return f->reply != NULL ? 0 : -1;
	}
	f->record = kinerja__write_record__unpack(NULL, r->len, r->reply);
	if (f->record == NULL || f->record->reply == NULL)
		return -1;
	f->reply    = f->record->reply;
	f->details  = f->record->details;
	f->ndetails = f->record->n_details;
	return 0;
}

static void
first_free(struct first *f)
{
	if (f->env != NULL && f->reply != NULL)
		kinerja__write_reply__free_unpacked(f->reply, NULL);
	kenv_response_free(f->env);
	if (f->record != NULL)
		kinerja__write_record__free_unpacked(f->record, NULL);
	memset(f, 0, sizeof(*f));
}

/* Looks the request id up; a reused id must carry the same request. */
static enum replay
replay(struct kcall *call, struct first *prev)
{
	struct kreplay r;
	char           method[64];
	uint8_t        digest[16];
	int            rc;

	if (*call->request_id == 0)
		return REPLAY_NEW;
	rc = kstore_replay_get(
	    call->store, replay_key(call), &r, method, sizeof(method));
	if (rc == KS_NOTFOUND)
		return REPLAY_NEW;
	if (rc != KS_OK)
		return kstore_failed(call, rc), REPLAY_FAILED;
	digest_of(call, digest);
	if (strcmp(r.method, call->method) != 0 ||
	    memcmp(r.digest, digest, sizeof(digest)) != 0) {
		free(r.reply);
		kcall_error(call, KINERJA__CODE__ALREADY_EXISTS,
		    "request_id: %s was already used for a different "
		    "request",
		    kcall_quote(call, call->request_id));
		return REPLAY_FAILED;
	}
	rc = first_read(prev, &r);
	free(r.reply);
	if (rc != 0) {
		first_free(prev);
		return kstore_failed(call, KS_ERROR), REPLAY_FAILED;
	}
	return REPLAY_FOUND;
}

/* Answers with the first response to this request: reply and details. */
static void
answer_again(
    struct kcall *call, struct first *prev, Kinerja__WriteReply_Closure done)
{
	size_t i;

	for (i = 0; i < prev->ndetails; i++) {
		const Kinerja__FieldError *d = prev->details[i];

		call->list = d->list;
		kcall_item_error(
		    call, d->index, d->field, d->code, "%s", d->message);
	}
	call->list            = NULL;
	prev->reply->replayed = 1;
	done(prev->reply, call);
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
	size_t       warned = call->nwarnings;
	int          rc;

	if (w->partial && (rc = kstore_savepoint(call->store)) != 0)
		return kstore_failed(call, rc);
	rc = b->apply(call, b->items[i], (uint32_t) i, &change);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		r->rejected++;
		call->nwarnings = warned; /* of an item not written */
		if (w->partial)
			kstore_rollback_savepoint(call->store);
		return 0;
	}
	count(r, change);
	if (w->partial && (rc = kstore_release(call->store)) != 0)
		return kstore_failed(call, rc);
	return 0;
}

static void plan_ahead(struct kcall *call, const struct kbatch *b);

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
		plan_ahead(call, b);
		for (i = 0; i < b->n; i++) {
			/* A skipped item is still checked, just not written.
			 */
			call->dry_item = skip[i];
			if (apply_one(call, b, w, i, r) != 0)
				return -1;
		}
		call->dry_item = 0;
		if (b->ahead) /* the parts after it read as they are */
			kstore_unit_years_ahead(call->store, NULL, NULL, 0);
		if (b->finish != NULL && b->n > 0)
			b->finish(call, b);
		if (call->code != KINERJA__CODE__OK)
			return -1;
	}
	call->list = NULL;
	return 0;
}

/* The approval lock (docs/approval.md), for every write in one place: an
 * item of an approved unit-year is FAILED_PRECONDITION, and the write with
 * it applies nothing, even in partial mode, like a refusal of access. An
 * item the caller may not write is left to its own check, so that the
 * lock of another's unit is not shown. */
static int
check_lock(struct kcall *call, uint32_t index, const char *unit, int year)
{
	Kinerja__Approval *a;

	if (kapproval_load(call, unit, year, &a) != 0)
		return -1;
	if (a->state != KINERJA__APPROVAL_STATE__APPROVAL_STATE_APPROVED)
		return 0;
	call->locked = 1;
	kcall_item_error(call, index, "year",
	    KINERJA__CODE__FAILED_PRECONDITION,
	    "year: unit %s tahun %d sudah disetujui (%s oleh %s); "
	    "buka kembali dulu",
	    kcall_quote(call, unit), year, a->date,
	    kcall_quote(call, a->actor));
	return 0;
}

/* Whether item i of b is one whose lock is asked, into *unit, *year. */
static int
lockable(struct kcall *call, const struct kbatch *b, size_t i,
    const char **unit, int *year)
{
	return b->locate != NULL && b->locate(b->items[i], unit, year) &&
	       kc_year_ok(*year) && kcall_unit_allowed(call, *unit);
}

/* Whether (unit, year) goes on the run of items of (last, last_year). */
static int
same_run(const char *unit, int year, const char *last, int last_year)
{
	return last != NULL && year == last_year && strcmp(unit, last) == 0;
}

struct unit_year {
	const char *unit;
	int         year;
};

/* From this many items, a batch's locks are asked before its items, a
 * year's units KSTORE_ASK_UNITS a statement, not one unit-year at a
 * time: on PostgreSQL each of those was a wait (500 in a 10 000-value
 * batch). A part read ahead (kbatch.ahead) gives the store its
 * unit-years from as many. */
#define TOGETHER 64

static int
by_year_unit(const void *a, const void *b)
{
	const struct unit_year *x = a, *y = b;

	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return strcmp(x->unit, y->unit);
}

/* The part's unit-years in its order, one a run of items, into out:
 * their count. */
static size_t
part_runs(struct kcall *call, const struct kbatch *b, struct unit_year *out)
{
	const char *unit, *last     = NULL;
	int         year, last_year = 0;
	size_t      i, n            = 0;

	for (i = 0; i < b->n; i++)
		if (lockable(call, b, i, &unit, &year) &&
		    !same_run(unit, year, last, last_year)) {
			out[n++]  = (struct unit_year) { unit, year };
			last      = unit;
			last_year = year;
		}
	return n;
}

/* Sorts uy by year and unit, each kept once: their count. */
static size_t
sort_unique(struct unit_year *uy, size_t n)
{
	size_t i, k = 0;

	qsort(uy, n, sizeof(*uy), by_year_unit);
	for (i = 0; i < n; i++)
		if (k == 0 || by_year_unit(&uy[k - 1], &uy[i]) != 0)
			uy[k++] = uy[i];
	return k;
}

/* The batch's unit-years whose lock is asked, each once, by year and
 * unit, into *out: their count. */
static size_t
batch_unit_years(struct kcall *call, const struct kwrite *w, size_t total,
    struct unit_year **out)
{
	struct unit_year *uy = kcall_scratch(call, (total + 1) * sizeof(*uy));
	size_t            p, n = 0;

	for (p = 0; p < w->nparts; p++)
		n += part_runs(call, &w->parts[p], uy + n);
	*out = uy;
	return sort_unique(uy, n);
}

/* A part's unit-years in its order, one a run of items, for the store to
 * read ahead of them: only when each has one run (a batch grouped by
 * unit-year, which reading ahead serves). In any other order (a sheet's
 * row per indicator) a unit-year's values are read value by value, and
 * what was read ahead would only name the units. */
static void
plan_ahead(struct kcall *call, const struct kbatch *b)
{
	struct unit_year *runs, *sorted;
	const char      **units;
	int              *years;
	size_t            i, n;

	if (!b->ahead || b->n < TOGETHER)
		return;
	/* The call's memory: the store keeps the plan to the commit. */
	runs   = kcall_alloc(call, (b->n + 1) * sizeof(*runs));
	n      = part_runs(call, b, runs);
	sorted = kcall_scratch(call, (n + 1) * sizeof(*sorted));
	memcpy(sorted, runs, n * sizeof(*runs));
	if (sort_unique(sorted, n) != n)
		return;
	units = kcall_alloc(call, (n + 1) * sizeof(*units));
	years = kcall_alloc(call, (n + 1) * sizeof(*years));
	for (i = 0; i < n; i++) {
		units[i] = runs[i].unit;
		years[i] = runs[i].year;
	}
	kstore_unit_years_ahead(call->store, units, years, n);
}

/* A batch's approved unit-years, by year and unit, when asked together;
 * asked 0: each unit-year is asked alone. */
struct locks {
	struct unit_year *approved;
	size_t            n;
	int               asked;
};

static int
ask_locks(struct kcall *call, const struct kwrite *w, size_t total,
    struct locks *l)
{
	struct unit_year *uy;
	const char      **units;
	unsigned char    *approved;
	size_t            n, from, to, i;
	int               rc;

	if (total < TOGETHER)
		return 0;
	n           = batch_unit_years(call, w, total, &uy);
	units       = kcall_scratch(call, (n + 1) * sizeof(*units));
	approved    = kcall_scratch(call, n + 1);
	l->approved = kcall_scratch(call, (n + 1) * sizeof(*l->approved));
	for (from = 0; from < n; from = to) {
		for (to = from; to < n && uy[to].year == uy[from].year; to++)
			units[to - from] = uy[to].unit;
		rc = kstore_approved_among(
		    call->store, uy[from].year, units, to - from, approved);
		if (rc != KS_OK)
			return kstore_failed(call, rc);
		for (i = from; i < to; i++)
			if (approved[i - from])
				l->approved[l->n++] = uy[i];
	}
	l->asked = 1;
	return 0;
}

/* Whether the unit-year may be locked: always, unless asked together. */
static int
may_be_locked(const struct locks *l, const char *unit, int year)
{
	struct unit_year key = { unit, year };

	return !l->asked || bsearch(&key, l->approved, l->n, sizeof(key),
	                        by_year_unit) != NULL;
}

static int
check_locks(struct kcall *call, const struct kwrite *w, size_t total)
{
	struct locks l = { 0 };
	const char  *unit, *last     = NULL;
	int          year, last_year = 0;
	size_t       p, i;

	if (ask_locks(call, w, total, &l) != 0)
		return -1;
	for (p = 0; p < w->nparts; p++) {
		const struct kbatch *b = &w->parts[p];

		call->list = b->what;
		for (i = 0; i < b->n; i++) {
			if (!lockable(call, b, i, &unit, &year))
				continue;
			/* A batch is mostly one unit-year: ask once. */
			if (same_run(unit, year, last, last_year) &&
			    !call->locked)
				continue;
			if (may_be_locked(&l, unit, year) &&
			    check_lock(call, (uint32_t) i, unit, year) != 0)
				return -1;
			last      = unit;
			last_year = year;
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
	size_t                     i;

	/* Not the caller's to write outweighs any other fault. */
	for (i = 0; call->denied && i < call->ndetails; i++)
		if (call->details[i]->code ==
		    KINERJA__CODE__PERMISSION_DENIED) {
			first = call->details[i];
			break;
		}

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

/* Records the answer (reply and item errors) against the request id and
 * commits. */
static int
commit(struct kcall *call, Kinerja__WriteReply *r)
{
	Kinerja__WriteRecord record = KINERJA__WRITE_RECORD__INIT;
	struct kreplay       rec    = { call->method, { 0 }, NULL, 0, 0 };
	int                  rc     = KS_OK;

	if (*call->request_id) {
		record.reply     = r;
		record.details   = call->details;
		record.n_details = call->ndetails;
		rec.len   = kinerja__write_record__get_packed_size(&record);
		rec.reply = kcall_alloc(call, rec.len + 1);
		kinerja__write_record__pack(&record, rec.reply);
		digest_of(call, rec.digest);
		rc = kstore_replay_put(call->store, replay_key(call), &rec);
	}
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
	Kinerja__WriteReply r = KINERJA__WRITE_REPLY__INIT;
	struct first        prev;
	size_t              total;
	int                 rc, reject_all;

	if (check_size(call, w, &total) != 0)
		goto out;
	if ((rc = kstore_begin(call->store)) != KS_OK) {
		kstore_failed(call, rc);
		goto out;
	}
	switch (w->validate_only ? REPLAY_NEW : replay(call, &prev)) {
	case REPLAY_NEW:
		break;
	case REPLAY_FOUND:
		kstore_rollback(call->store);
		answer_again(call, &prev, done);
		first_free(&prev);
		return;
	case REPLAY_FAILED:
		kstore_rollback(call->store);
		goto out;
	}
	rc = check_locks(call, w, total);
	if (rc == 0)
		rc = apply_all(call, w, &r);
	r.warnings   = call->warnings; /* a dry run warns as the write would */
	r.n_warnings = call->nwarnings;
	/* A partial write still applies nothing when any item was not the
	 * caller's, or was locked: a refusal must leave the data untouched. */
	reject_all = call->ndetails > 0 &&
	             (!w->partial || call->denied || call->locked);
	if (rc != 0 || reject_all || w->validate_only) {
		kstore_rollback(call->store);
		if (rc == 0 && reject_all)
			reject(call, total);
		r.validated_only = w->validate_only;
		goto out;
	}
	commit(call, &r);
out:
	done(&r, call);
}
