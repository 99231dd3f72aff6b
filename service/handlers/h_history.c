/*
 * h_history.c - GetHistory: what every write changed, by whom, when and
 * why, read back page by page (the rows are written by khistory_put in
 * the transaction of each write).
 */
#include "handlers.h"

#define PAGE_DEFAULT 1000
#define PAGE_MAX     10000

struct page {
	struct kcall             *call;
	Kinerja__GetHistoryReply *r;
	uint32_t                  limit;
};

Kinerja__Revision *
krevision_of(struct kcall *call, const struct khistory *h)
{
	Kinerja__Revision *v = kcall_alloc(call, sizeof(*v));

	kinerja__revision__init(v);
	v->id         = (uint64_t) h->id;
	v->at_ms      = h->at_ms;
	v->actor      = kcall_strdup(call, h->actor);
	v->request_id = kcall_strdup(call, h->request_id);
	v->method     = kcall_strdup(call, h->method);
	v->what       = kcall_strdup(call, h->what);
	v->unit       = kcall_strdup(call, h->unit);
	v->indicator  = kcall_strdup(call, h->indicator);
	v->year       = h->year;
	v->field      = kcall_strdup(call, h->field);
	v->new_value  = kcall_strdup(call, h->new_value ? h->new_value : "");
	v->reason     = kcall_strdup(call, h->reason);
	if (h->old_value != NULL) {
		v->opt_old_case = KINERJA__REVISION__OPT_OLD_OLD_VALUE;
		v->old_value    = kcall_strdup(call, h->old_value);
	}
	return v;
}

static int
add_revision(void *arg, const struct khistory *h)
{
	struct page *p = arg;

	if (p->r->n_revisions == p->limit) {
		p->r->more = 1; /* one row past the page was asked for */
		return KS_OK;
	}
	p->r->revisions[p->r->n_revisions++] = krevision_of(p->call, h);
	return KS_OK;
}

static int
history(struct kcall *call, const void *arg, void *reply)
{
	const Kinerja__GetHistoryRequest *in = arg;
	struct page p = { call, reply, in->limit ? in->limit : PAGE_DEFAULT };
	int         rc;

	p.r->revisions = kcall_alloc(call, p.limit * sizeof(*p.r->revisions));
	rc = kstore_history_list(call->store, in->unit, in->indicator,
	    in->year, (int64_t) in->after, p.limit + 1, add_revision, &p);
	return rc == KS_OK ? 0 : kstore_failed(call, rc);
}

RPC(get_history, GetHistoryRequest, GetHistoryReply)
{
	struct kcall            *call = arg;
	Kinerja__GetHistoryReply r    = KINERJA__GET_HISTORY_REPLY__INIT;

	(void) svc;
	if (*in->unit == 0 && *in->indicator == 0)
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "unit: required unless an indicator is given");
	else if (in->year != 0 && kcheck_year(call, "year", in->year) != 0)
		;
	else if (in->limit > PAGE_MAX)
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "limit: %u; at most %d", in->limit, PAGE_MAX);
	else if (in->after > INT64_MAX)
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "after: %llu is past the last id",
		    (unsigned long long) in->after);
	else
		kread(call, history, in, &r);
	done(&r, arg);
}
