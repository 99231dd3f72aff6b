/*
 * dispatch.c - the request path after the transport: envelope, method
 * lookup through the generated service descriptor, payload decode, handler,
 * response envelope. Nothing here knows any particular RPC.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "auth.h"
#include "budget.h"
#include "dispatch.h"
#include "envelope.h"
#include "metrics.h"
#include "handlers.h"
#include "store.h"

#define KREASON_MAX 512

/* The command table: protoc-c's service struct filled with rpc_* handlers.
 * An RPC added to kinerja.proto fails to link here until it has one. */
Kinerja__Kinerja_Service kinerja_service = KINERJA__KINERJA__INIT(rpc_);

void
kcall_error(struct kcall *call, Kinerja__Code code, const char *fmt, ...)
{
	va_list ap;

	if (call->code != KINERJA__CODE__OK)
		return;
	call->code = code;
	va_start(ap, fmt);
	vsnprintf(call->message, sizeof(call->message), fmt, ap);
	va_end(ap);
}

void
kcall_item_error(struct kcall *call, uint32_t index, const char *field,
    Kinerja__Code code, const char *fmt, ...)
{
	Kinerja__FieldError *fe;
	va_list              ap;
	char                 msg[512];

	if (call->ndetails == call->details_cap) {
		size_t cap = call->details_cap ? call->details_cap * 2 : 8;
		Kinerja__FieldError **nd =
		    kcall_alloc(call, cap * sizeof(*nd));

		if (call->ndetails)
			memcpy(
			    nd, call->details, call->ndetails * sizeof(*nd));
		call->details     = nd;
		call->details_cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fe = kcall_alloc(call, sizeof(*fe));
	kinerja__field_error__init(fe);
	fe->index   = index;
	fe->field   = kcall_strdup(call, field);
	fe->code    = code;
	fe->message = kcall_strdup(call, msg);
	fe->list    = kcall_strdup(call, call->list ? call->list : "");
	call->details[call->ndetails++] = fe;
}

int
kcall_expired(const struct kcall *call)
{
	return call->deadline_ms != 0 && kstore_now_ms() > call->deadline_ms;
}

void *
kcall_alloc(struct kcall *call, size_t size)
{
	void *p = kc_arena_alloc(&call->arena, size);

	if (p == NULL)
		abort(); /* nothing sensible to answer without memory */
	return p;
}

char *
kcall_strdup(struct kcall *call, const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(kcall_alloc(call, n), s, n);
}

char *
kcall_printf(struct kcall *call, const char *fmt, ...)
{
	va_list ap;
	char    buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return kcall_strdup(call, buf);
}

void
kcall_free(struct kcall *call)
{
	kc_arena_free(&call->arena);
	free(call->reply);
	call->reply = NULL;
}

/* The closure every handler calls: packs the reply into the call. */
static void
reply_closure(const ProtobufCMessage *msg, void *arg)
{
	struct kcall *call = arg;

	call->replied = 1;
	if (msg == NULL || call->code != KINERJA__CODE__OK)
		return;
	call->reply_len = protobuf_c_message_get_packed_size(msg);
	call->reply     = malloc(call->reply_len ? call->reply_len : 1);
	if (call->reply == NULL) {
		kcall_error(call, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "out of memory packing the reply");
		return;
	}
	protobuf_c_message_pack(msg, call->reply);
}

static void
pack_response(
    struct kcall *call, const char *request_id, uint8_t **out, size_t *outlen)
{
	Kinerja__ResponseEnvelope env = KINERJA__RESPONSE_ENVELOPE__INIT;

	env.code       = call->code;
	env.message    = call->message;
	env.request_id = (char *) request_id;
	env.n_details  = call->ndetails;
	env.details    = call->details;
	if (call->code == KINERJA__CODE__OK) {
		env.payload.data = call->reply;
		env.payload.len  = call->reply_len;
	}
	*outlen = kinerja__response_envelope__get_packed_size(&env);
	*out    = malloc(*outlen ? *outlen : 1);
	if (*out == NULL)
		abort();
	kinerja__response_envelope__pack(&env, *out);
}

/* Request ids are logged and stored: visible ASCII only, so that none
 * can forge a log line. */
static int
printable(const char *s)
{
	for (; *s; s++)
		if (*s < 0x21 || *s > 0x7e)
			return 0;
	return 1;
}

/* The optional "reason" metadata, kept in the history of a write. */
static int
reason_of(struct kcall *call, const Kinerja__RequestEnvelope *env)
{
	size_t i;

	call->reason = "";
	for (i = 0; i < env->n_metadata; i++)
		if (strcmp(env->metadata[i]->key, "reason") == 0)
			call->reason = env->metadata[i]->value;
	if (strlen(call->reason) > KREASON_MAX || !kc_text_ok(call->reason)) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "reason: at most %d bytes of UTF-8 text without control "
		    "characters",
		    KREASON_MAX);
		return -1;
	}
	return 0;
}

static void
invoke(const struct kdispatch *d, struct kcall *call,
    const Kinerja__RequestEnvelope *env)
{
	const ProtobufCServiceDescriptor *sd = kinerja_service.base.descriptor;
	const ProtobufCMethodDescriptor  *md;
	ProtobufCMessage                 *input;
	uint32_t                          timeout;
	struct kbudget                    mem;

	/* The envelope's scan has bounded the request id's length. */
	kbudget_init(&mem, d->decode_budget);
	if (!printable(env->request_id)) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "request_id: only printable ASCII without spaces");
		return;
	}
	md = protobuf_c_service_descriptor_get_method_by_name(sd, env->method);
	if (md == NULL) {
		kcall_error(call, KINERJA__CODE__UNIMPLEMENTED,
		    "method: unknown method \"%.64s\"", env->method);
		return;
	}
	/* Before the payload is decoded: a stranger costs no more than this.
	 */
	if (kauth_check(call, d->auth, env, md->name) != 0 ||
	    reason_of(call, env) != 0)
		return;
	input = protobuf_c_message_unpack(
	    md->input, &mem.base, env->payload.len, env->payload.data);
	if (input == NULL && mem.exhausted) {
		kcall_error(call, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "payload: %s decodes to more than %zu bytes",
		    md->input->short_name, d->decode_budget);
		return;
	}
	if (input == NULL) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "payload: not a valid %s", md->input->short_name);
		return;
	}
	timeout = env->timeout_ms ? env->timeout_ms : d->default_timeout_ms;
	call->method      = md->name;
	call->request_id  = env->request_id;
	call->payload     = env->payload.data;
	call->payload_len = env->payload.len;
	call->deadline_ms = timeout ? kstore_now_ms() + timeout : 0;
	kstore_set_deadline(d->store, call->deadline_ms);
	kinerja_service.base.invoke(&kinerja_service.base,
	    (unsigned) (md - sd->methods), input, reply_closure, call);
	kstore_set_deadline(d->store, 0);
	protobuf_c_message_free_unpacked(input, &mem.base);
	if (!call->replied)
		kcall_error(call, KINERJA__CODE__INTERNAL,
		    "%s: handler gave no reply", md->name);
}

static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Counts the request and describes it for the log. */
static void
account(const struct kdispatch *d, const struct kcall *call,
    const Kinerja__RequestEnvelope *env, int64_t us,
    struct kdispatch_result *res)
{
	const ProtobufCServiceDescriptor *sd = kinerja_service.base.descriptor;
	const ProtobufCMethodDescriptor  *md = NULL;

	if (env != NULL)
		md = protobuf_c_service_descriptor_get_method_by_name(
		    sd, env->method);
	if (d->info != NULL && d->info->metrics != NULL)
		kmetrics_record(d->info->metrics,
		    md ? (int) (md - sd->methods) : -1,
		    call->code == KINERJA__CODE__OK, us);
	if (res == NULL)
		return;
	res->method = md ? md->name : "-";
	/* It goes into a log line: a refused id is not written as sent. */
	snprintf(res->request_id, sizeof(res->request_id), "%s",
	    env && *env->request_id && printable(env->request_id)
	        ? env->request_id
	        : "-");
	res->code = call->code;
	res->us   = us;
}

int
kdispatch_handle(const struct kdispatch *d, const uint8_t *req, size_t len,
    uint8_t **out, size_t *outlen, struct kdispatch_result *res)
{
	struct kcall call  = { 0 };
	struct kenv  e     = { 0 };
	int64_t      start = now_us();
	int          code;

	call.store = d->store;
	call.info  = d->info;
	if (len > d->max_message)
		kcall_error(&call, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "envelope: %zu bytes exceeds the limit of %zu", len,
		    d->max_message);
	else if ((code = kenv_decode(
	              &e, req, len, call.message, sizeof(call.message))) != 0)
		call.code = code;
	else
		invoke(d, &call, e.env);
	pack_response(&call, e.env ? e.env->request_id : "", out, outlen);
	code = call.code;
	account(d, &call, e.env, now_us() - start, res);
	kcall_free(&call);
	kenv_free(&e);
	return code;
}
