/*
 * service.c - the service table the handlers give dispatch (kservice.h):
 * data, like redis's command table. protoc-c's service struct filled with
 * the rpc_* handlers, what each method needs of its caller, and the run
 * that makes a call of a request, invokes the handler and answers.
 */
#include "handlers.h"
#include "khandlers.h"

/* An RPC added to kinerja.proto fails to link here until it has one. */
static Kinerja__Kinerja_Service impl = KINERJA__KINERJA__INIT(rpc_);

/* What a method needs. Anything not listed needs an admin, so a new RPC
 * is closed until someone decides otherwise. */
static const struct kmethod_access access[] = {
	{ "Health", KACCESS_NONE },
	{ "ServerInfo", KACCESS_NONE }, /* version and uptime, for probes */
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

const struct kservice khandlers_service = {
	&kinerja__kinerja__descriptor,
	access,
	sizeof(access) / sizeof(access[0]),
	run,
};
