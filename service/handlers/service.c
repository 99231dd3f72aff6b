/*
 * service.c - the service table the handlers give dispatch (kservice.h):
 * data, like redis's command table. protoc-c's service struct filled with
 * the rpc_* handlers, what each method needs of its caller, and the run
 * that makes a call of a request, invokes the handler and answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "khandlers.h"

/* An RPC added to kinerja.proto fails to link here until it has one. */
static Kinerja__Kinerja_Service impl = KINERJA__KINERJA__INIT(rpc_);

/* What a method needs. Anything not listed needs an admin, so a new RPC
 * is closed until someone decides otherwise. */
static const struct kmethod_access access[] = {
	/* Quick: Health reads the store's health mark (a statement at most
	 * every 2 s after a write fault, a reconnect when PostgreSQL is
	 * gone), ServerInfo only counters. */
	{ "Health", KACCESS_NONE, 1 },
	{ "ServerInfo", KACCESS_NONE, 1 }, /* version and uptime, for probes */
	{ "ListUnits", KACCESS_READ },
	{ "ListIndicators", KACCESS_READ },
	{ "GetCapaian", KACCESS_READ },
	{ "GetRanking", KACCESS_READ },
	{ "GetTrend", KACCESS_READ },
	{ "GetProgress", KACCESS_READ },
	{ "GetBudget", KACCESS_READ },
	{ "GetEfficiency", KACCESS_READ },
	{ "GetSurvey", KACCESS_READ },
	{ "GetAkipEvaluation", KACCESS_READ },
	{ "Validate", KACCESS_READ },
	{ "Export", KACCESS_READ },
	{ "GetMetrics", KACCESS_READ },
	{ "GetHistory", KACCESS_READ },
	{ "GetComparison", KACCESS_READ },
	{ "GetAkipYears", KACCESS_READ },
	{ "UpsertSasaran", KACCESS_UNIT_WRITE },
	{ "SubmitIndicatorData", KACCESS_UNIT_WRITE },
	{ "Import", KACCESS_UNIT_WRITE },
	{ "SubmitBudget", KACCESS_UNIT_WRITE },
	{ "SubmitSurvey", KACCESS_UNIT_WRITE },
	{ "SubmitAkipEvaluation", KACCESS_UNIT_WRITE },
	{ "GetApproval", KACCESS_READ },
	{ "GetCompleteness", KACCESS_READ },
	{ "GetNarrative", KACCESS_READ },
	{ "GetProfile", KACCESS_READ },
	{ "GetReport", KACCESS_READ },
	{ "GetChart", KACCESS_READ },
	{ "SubmitNarrative", KACCESS_UNIT_WRITE },
	{ "SubmitProfile", KACCESS_UNIT_WRITE },
	{ "ImportCsv", KACCESS_UNIT_WRITE },
	{ "WhoAmI", KACCESS_READ }, /* #16: the console's role */
	/* Who may take which step on which unit: h_approval.c and the
	 * core's table. */
	{ "TransitionYear", KACCESS_APPROVE },
	{ "UpsertUnits", KACCESS_ADMIN },
	{ "UpsertIndicators", KACCESS_ADMIN },
	{ "SubmitBenchmarks", KACCESS_ADMIN },
};

static void
run(const struct krequest *rq, unsigned index, const ProtobufCMessage *input,
    krespond_fn respond, void *arg)
{
	struct kcall   call;
	struct kanswer answer;

	kcall_start(&call, rq);
	impl.base.invoke(&impl.base, index, input, kcall_done, &call);
	kcall_answer(&call, &answer);
	respond(&answer, arg);
	kcall_free(&call);
}

static enum kaccess
access_of(const char *method)
{
	size_t i;

	for (i = 0; i < sizeof(access) / sizeof(access[0]); i++)
		if (strcmp(access[i].method, method) == 0)
			return access[i].need;
	return KACCESS_ADMIN;
}

void *
khandlers_invoke(struct kcall *call, const char *method, const void *input,
    struct kinvoke_status *st)
{
	const ProtobufCMethodDescriptor *m =
	    protobuf_c_service_descriptor_get_method_by_name(
		impl.base.descriptor, method);
	ProtobufCAllocator alloc = kcall_allocator(call);
	struct kcall       sub;
	void              *reply = NULL;

	st->code = KINERJA__CODE__OK;
	st->message[0] = '\0';
	if (m == NULL || (access_of(method) != KACCESS_NONE &&
	                     access_of(method) != KACCESS_READ)) {
		/* A document or chart reads; it never writes for its caller. */
		st->code = KINERJA__CODE__INTERNAL;
		snprintf(st->message, sizeof(st->message),
		    "%s is not a read method", method);
		return NULL;
	}
	memset(&sub, 0, sizeof(sub));
	sub.store       = call->store;
	sub.info        = call->info;
	sub.method      = m->name;
	sub.request_id  = "";
	sub.reason      = "";
	sub.who         = call->who;
	sub.deadline_ms = call->deadline_ms;
	impl.base.invoke(&impl.base, (unsigned)(m - impl.base.descriptor->methods),
	    input, kcall_done, &sub);
	if (!sub.replied)
		kcall_error(&sub, KINERJA__CODE__INTERNAL,
		    "%s: handler gave no reply", method);
	st->code = sub.code;
	snprintf(st->message, sizeof(st->message), "%s", sub.message);
	if (sub.code == KINERJA__CODE__OK) {
		reply = protobuf_c_message_unpack(m->output, &alloc,
		    sub.reply_len, sub.reply);
		if (reply == NULL) {
			st->code = KINERJA__CODE__INTERNAL;
			snprintf(st->message, sizeof(st->message),
			    "%s: reply did not unpack", method);
		}
	}
	kcall_free(&sub);
	return reply;
}

static void *
state_new(void)
{
	struct khandlers_state *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->rankings = kcache_new(
	    KRANKINGS_MAX, KRANKINGS_BYTES, kranked_release, s);
	s->unit_sets = kcache_new(KUNIT_SETS_MAX, KUNIT_SETS_BYTES, NULL, NULL);
	s->rollups   = kcache_new(KROLLUPS_MAX, KROLLUPS_BYTES, NULL, NULL);
	if (s->rankings == NULL || s->unit_sets == NULL || s->rollups == NULL) {
		kcache_free(s->rankings);
		kcache_free(s->unit_sets);
		kcache_free(s->rollups);
		free(s);
		return NULL;
	}
	return s;
}

/* Rankings first: each holds its units. */
static void
state_free(void *state)
{
	struct khandlers_state *s = state;

	if (s == NULL)
		return;
	kcache_free(s->rankings);
	kcache_free(s->unit_sets);
	kcache_free(s->rollups);
	free(s);
}

const struct kservice khandlers_service = {
	&kinerja__kinerja__descriptor,
	access,
	sizeof(access) / sizeof(access[0]),
	run,
	state_new,
	state_free,
};
