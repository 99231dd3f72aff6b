/*
 * dispatch.c - the request path after the transport: envelope, method
 * lookup through the generated service descriptor, payload decode, handler,
 * response envelope. Nothing here knows any particular RPC.
 */
#include <inttypes.h>
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
#include "wire.h"

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
	kc_utf8_trim(call->message); /* a cut message ends on a character */
}

/* Appends a FieldError for item `index` of the list being applied, its
 * message formatted and cut on a character. */
static void
append_field_error(struct kcall *call, Kinerja__FieldError ***list,
    size_t *n, size_t *cap, uint32_t index, const char *field,
    Kinerja__Code code, const char *fmt, va_list ap)
{
	Kinerja__FieldError *fe;
	char                 msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	kc_utf8_trim(msg);
	if (*n == *cap) {
		size_t                newcap = *cap ? *cap * 2 : 8;
		Kinerja__FieldError **nd =
		    kcall_alloc(call, newcap * sizeof(*nd));

		if (*n)
			memcpy(nd, *list, *n * sizeof(*nd));
		*list = nd;
		*cap  = newcap;
	}
	fe = kcall_alloc(call, sizeof(*fe));
	kinerja__field_error__init(fe);
	fe->index       = index;
	fe->field       = kcall_strdup(call, field);
	fe->code        = code;
	fe->message     = kcall_strdup(call, msg);
	fe->list        = kcall_strdup(call, call->list ? call->list : "");
	(*list)[(*n)++] = fe;
}

void
kcall_item_error(struct kcall *call, uint32_t index, const char *field,
    Kinerja__Code code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append_field_error(call, &call->details, &call->ndetails,
	    &call->details_cap, index, field, code, fmt, ap);
	va_end(ap);
}

void
kcall_warn(struct kcall *call, uint32_t index, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append_field_error(call, &call->warnings, &call->nwarnings,
	    &call->warnings_cap, index, field, KINERJA__CODE__OK, fmt, ap);
	va_end(ap);
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
	kc_utf8_trim(buf);
	return kcall_strdup(call, buf);
}

const char *
kcall_quote(struct kcall *call, const char *text)
{
	/* Each character quotes to 4 bytes at most ("\x1b", a 4-byte
	 * character), then the closing quote and the "..." of a cut. */
	size_t size = 4 * KCALL_QUOTE_CHARS + sizeof("\"\"...");

	return kc_quote(
	    kcall_alloc(call, size), size, text, KCALL_QUOTE_CHARS);
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
	/* Text a handler took from the store or cut badly must not make the
	 * reply unreadable to a strict runtime: the last line of defence. */
	kwire_repair(msg->descriptor, call->reply, call->reply_len);
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
	kenv_response_pack(&env, out, outlen);
	kwire_repair(&kinerja__response_envelope__descriptor, *out, *outlen);
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

/* protobuf-c would cut a string at a NUL and pass on broken UTF-8: the
 * payload's strings are checked on the wire, before it is decoded. */
static int
payload_text(struct kcall *call, const ProtobufCMethodDescriptor *md,
    const Kinerja__RequestEnvelope *env)
{
	char     err[sizeof(call->message)], list[32], field[64];
	uint32_t index;

	switch (kwire_check(md->input, env->payload.data, env->payload.len,
	    err, sizeof(err))) {
	case KWIRE_OK:
		return 0;
	case KWIRE_MALFORMED: /* whatever protobuf-c would make of it */
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "payload: not a valid %s", md->input->short_name);
		return -1;
	}
	kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT, "%s", err);
	/* In an item of a batch ("values[3].unit: ..."), also the detail
	 * that names the item, as the handlers' own checks give it. */
	if (sscanf(err, "%31[a-z_][%" SCNu32 "].%63[^:]", list, &index,
	        field) == 3) {
		call->list = list;
		kcall_item_error(call, index, field,
		    KINERJA__CODE__INVALID_ARGUMENT, "%s", err);
		call->list = NULL;
	}
	return -1;
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
		    "method: unknown method %s",
		    kcall_quote(call, env->method));
		return;
	}
	/* Before the payload is decoded: a stranger costs no more than this.
	 */
	if (kauth_check(call, d->auth, env, md->name) != 0 ||
	    reason_of(call, env) != 0)
		return;
	if (payload_text(call, md, env) != 0)
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

/* Whether the envelope's strings are whole UTF-8 without NUL, checked on
 * the wire (protobuf-c would cut them at a NUL); else the call's error
 * names the field. The limits (kenv_decode) come first: this walk is then
 * over at most a few dozen strings. */
static int
envelope_strings_ok(struct kcall *call, const uint8_t *req, size_t len)
{
	char err[sizeof(call->message)];
	int  rc = kwire_check(&kinerja__request_envelope__descriptor, req, len,
	     err, sizeof(err));

	if (rc == KWIRE_OK)
		return 1;
	if (rc == KWIRE_BAD_STRING)
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT, "%s", err);
	else
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "envelope: not a valid RequestEnvelope");
	return 0;
}

int
kdispatch_handle(const struct kdispatch *d, const uint8_t *req, size_t len,
    uint8_t **out, size_t *outlen, struct kdispatch_result *res)
{
	struct kcall call  = { 0 };
	struct kenv  e     = { 0 };
	int64_t      start = now_us();
	const char  *rid   = "";
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
	else if (envelope_strings_ok(&call, req, len)) {
		/* Echoed (and put in X-Request-Id) only when it is one. */
		if (printable(e.env->request_id))
			rid = e.env->request_id;
		invoke(d, &call, e.env);
	}
	pack_response(&call, rid, out, outlen);
	code = call.code;
	account(d, &call, e.env, now_us() - start, res);
	kcall_free(&call);
	kenv_free(&e);
	return code;
}
