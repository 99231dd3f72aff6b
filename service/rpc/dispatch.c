/*
 * dispatch.c - the request path after the transport: envelope, method
 * lookup through the service table's descriptor, the caller's access,
 * payload decode, the service's run, response envelope. Nothing here knows
 * any particular RPC or handler: the service is handed in (kservice.h).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "auth.h"
#include "budget.h"
#include "dispatch.h"
#include "envelope.h"
#include "metrics.h"
#include "store.h"
#include "wire.h"

#define KREASON_MAX 512
/* RequestEnvelope.method's field number (kinerja.proto). */
#define KENV_METHOD_FIELD 1
#define QUOTE_CHARS 64 /* of caller text in a message */

/* One request on dispatch's side, and its status until the service
 * answers it. A check of the payload can name one item of a batch. */
struct req {
	const struct kdispatch          *d;
	const ProtobufCMethodDescriptor *md; /* once the method is known */
	const char                      *rid; /* echoed in the response */
	Kinerja__Code                    code;
	char                             message[512];
	Kinerja__FieldError              detail, *detailp;
	size_t                           ndetails;
	char                             list[32], field[64];
	struct kc_arena                  mem; /* the caller's strings */
	uint8_t                        **out;
	size_t                          *outlen;
	int                              answered;
	int                              large; /* kanswer.large */
};

/* Sets the request's status; the first error wins. */
static void __attribute__((format(printf, 3, 4)))
fail(struct req *r, Kinerja__Code code, const char *fmt, ...)
{
	va_list ap;

	if (r->code != KINERJA__CODE__OK)
		return;
	r->code = code;
	va_start(ap, fmt);
	vsnprintf(r->message, sizeof(r->message), fmt, ap);
	va_end(ap);
	kc_utf8_trim(r->message); /* a cut message ends on a character */
}

static void
pack_response(struct req *r, Kinerja__Code code, const char *message,
    Kinerja__FieldError **details, size_t ndetails, uint8_t *reply,
    size_t reply_len)
{
	Kinerja__ResponseEnvelope env = KINERJA__RESPONSE_ENVELOPE__INIT;

	env.code       = code;
	env.message    = (char *) message;
	env.request_id = (char *) r->rid;
	env.n_details  = ndetails;
	env.details    = details;
	if (code == KINERJA__CODE__OK) {
		env.payload.data = reply;
		env.payload.len  = reply_len;
	}
	kenv_response_pack(&env, r->out, r->outlen);
	kwire_repair(
	    &kinerja__response_envelope__descriptor, *r->out, *r->outlen);
}

/* The service's answer, packed while its memory lives. */
static void
respond(const struct kanswer *a, void *arg)
{
	struct req *r = arg;

	/* Text a handler took from the store or cut badly must not make the
	 * reply unreadable to a strict runtime: the last line of defence. */
	if (a->code == KINERJA__CODE__OK && a->reply != NULL && !a->checked)
		kwire_repair(r->md->output, a->reply, a->reply_len);
	r->code     = a->code;
	r->answered = 1;
	r->large    = a->large;
	pack_response(r, a->code, a->message, a->details, a->ndetails,
	    a->reply, a->reply_len);
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
reason_of(
    struct req *r, const Kinerja__RequestEnvelope *env, const char **reason)
{
	size_t i;

	*reason = "";
	for (i = 0; i < env->n_metadata; i++)
		if (strcmp(env->metadata[i]->key, "reason") == 0)
			*reason = env->metadata[i]->value;
	if (strlen(*reason) > KREASON_MAX || !kc_text_ok(*reason)) {
		fail(r, KINERJA__CODE__INVALID_ARGUMENT,
		    "reason: at most %d bytes of UTF-8 text without control "
		    "characters",
		    KREASON_MAX);
		return -1;
	}
	return 0;
}

/* The token of "authorization: Bearer kin_...", or of a bare token. */
static const char *
bearer(const char *v)
{
	return strncmp(v, "Bearer ", 7) == 0 ? v + 7 : v;
}

static const char *
token_text(const Kinerja__RequestEnvelope *env)
{
	size_t i;

	for (i = 0; i < env->n_metadata; i++)
		if (strcmp(env->metadata[i]->key, "authorization") == 0)
			return bearer(env->metadata[i]->value);
	return NULL;
}

static enum kaccess
access_of(const struct kservice *svc, const char *method)
{
	size_t i;

	for (i = 0; i < svc->naccess; i++)
		if (strcmp(svc->access[i].method, method) == 0)
			return svc->access[i].need;
	return KACCESS_ADMIN;
}

static int
allows(enum kaccess need, enum krole role)
{
	switch (need) {
	case KACCESS_NONE:
		return 1;
	case KACCESS_READ:
		return role >= KROLE_VIEWER;
	case KACCESS_UNIT_WRITE:
		return role == KROLE_SUBMITTER || role == KROLE_ADMIN;
	case KACCESS_APPROVE:
		return role >= KROLE_SUBMITTER; /* and verifier */
	default:
		return role == KROLE_ADMIN;
	}
}

/* Who the holder of token is, in *who, and whether the service's table
 * lets them call method: OK, or the code with msg saying why. */
static int
authorize(const struct kservice *svc, int auth_on, struct kstore *st,
    const char *method, const char *token, struct kprincipal *who,
    struct kc_arena *mem, char *msg, size_t msglen)
{
	enum kaccess need = access_of(svc, method);
	char         quoted[4 * QUOTE_CHARS + sizeof("\"\"...")];
	int          code;

	memset(who, 0, sizeof(*who));
	if (!auth_on) {
		who->name = KAUTH_LOCAL;
		who->role = KROLE_ADMIN;
		return KINERJA__CODE__OK;
	}
	if (need == KACCESS_NONE)
		return KINERJA__CODE__OK;
	code = kauth_verify(st, token, who, mem, msg, msglen);
	if (code == KINERJA__CODE__OK && !allows(need, who->role)) {
		snprintf(msg, msglen, "%s: token %s (%s) may not call it",
		    method,
		    kc_quote(quoted, sizeof(quoted), who->name, QUOTE_CHARS),
		    krole_name(who->role));
		code = KINERJA__CODE__PERMISSION_DENIED;
	}
	kc_utf8_trim(msg);
	return code;
}

int
kdispatch_precheck(const struct kservice *svc, struct kstore *st,
    const char *method, const char *token, char *msg, size_t msglen)
{
	struct kc_arena   mem = { 0 };
	struct kprincipal who;
	int               code;

	*msg = 0;
	code = authorize(svc, 1, st, method, token ? bearer(token) : NULL,
	    &who, &mem, msg, msglen);
	kc_arena_free(&mem);
	return code;
}

/* protobuf-c would cut a string at a NUL and pass on broken UTF-8: the
 * payload's strings are checked on the wire, before it is decoded. */
static int
payload_text(struct req *r, const Kinerja__RequestEnvelope *env)
{
	char     err[sizeof(r->message)];
	uint32_t index;

	switch (kwire_check(r->md->input, env->payload.data, env->payload.len,
	    err, sizeof(err))) {
	case KWIRE_OK:
		return 0;
	case KWIRE_MALFORMED: /* whatever protobuf-c would make of it */
		fail(r, KINERJA__CODE__INVALID_ARGUMENT,
		    "payload: not a valid %s", r->md->input->short_name);
		return -1;
	}
	fail(r, KINERJA__CODE__INVALID_ARGUMENT, "%s", err);
	/* In an item of a batch ("values[3].unit: ..."), also the detail
	 * that names the item, as the handlers' own checks give it. */
	if (sscanf(err, "%31[a-z_][%" SCNu32 "].%63[^:]", r->list, &index,
	        r->field) == 3) {
		kinerja__field_error__init(&r->detail);
		r->detail.index   = index;
		r->detail.field   = r->field;
		r->detail.code    = KINERJA__CODE__INVALID_ARGUMENT;
		r->detail.message = r->message;
		r->detail.list    = r->list;
		r->detailp        = &r->detail;
		r->ndetails       = 1;
	}
	return -1;
}

/* The method, its caller and its payload, checked in that order: a
 * stranger costs no more than a look-up of the token. */
static int
admit(struct req *r, const Kinerja__RequestEnvelope *env, struct krequest *rq)
{
	const struct kdispatch *d = r->d;
	int                     code;

	if (!printable(env->request_id)) {
		fail(r, KINERJA__CODE__INVALID_ARGUMENT,
		    "request_id: only printable ASCII without spaces");
		return -1;
	}
	r->md = protobuf_c_service_descriptor_get_method_by_name(
	    d->service->descriptor, env->method);
	if (r->md == NULL) {
		char quoted[4 * QUOTE_CHARS + sizeof("\"\"...")];

		fail(r, KINERJA__CODE__UNIMPLEMENTED,
		    "method: unknown method %s",
		    kc_quote(
		        quoted, sizeof(quoted), env->method, QUOTE_CHARS));
		return -1;
	}
	if ((code = authorize(d->service, d->auth, d->store, r->md->name,
	         token_text(env), &rq->who, &r->mem, r->message,
	         sizeof(r->message))) != KINERJA__CODE__OK) {
		r->code = code;
		return -1;
	}
	if (reason_of(r, env, &rq->reason) != 0)
		return -1;
	return payload_text(r, env);
}

static void
invoke(struct req *r, const Kinerja__RequestEnvelope *env)
{
	const struct kdispatch *d  = r->d;
	struct krequest         rq = { 0 };
	ProtobufCMessage       *input;
	uint32_t                timeout;
	struct kbudget          mem;

	/* The envelope's scan has bounded the request id's length. */
	if (admit(r, env, &rq) != 0)
		return;
	kbudget_init(&mem, d->decode_budget);
	input = protobuf_c_message_unpack(
	    r->md->input, &mem.base, env->payload.len, env->payload.data);
	if (input == NULL && mem.exhausted) {
		fail(r, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "payload: %s decodes to more than %zu bytes",
		    r->md->input->short_name, d->decode_budget);
		return;
	}
	if (input == NULL) {
		fail(r, KINERJA__CODE__INVALID_ARGUMENT,
		    "payload: not a valid %s", r->md->input->short_name);
		return;
	}
	timeout   = env->timeout_ms ? env->timeout_ms : d->default_timeout_ms;
	rq.store  = d->store;
	rq.info   = d->info;
	rq.method = r->md->name;
	rq.request_id  = env->request_id;
	rq.payload     = env->payload.data;
	rq.payload_len = env->payload.len;
	rq.deadline_ms = timeout ? kstore_now_ms() + timeout : 0;
	kstore_set_deadline(d->store, rq.deadline_ms);
	d->service->run(&rq,
	    (unsigned) (r->md - d->service->descriptor->methods), input,
	    respond, r);
	kstore_set_deadline(d->store, 0);
	protobuf_c_message_free_unpacked(input, &mem.base);
}

static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Counts the request and describes it for the log. */
/* The "peer" metadata, when it is printable and fits; else "". */
static void
via_of(const Kinerja__RequestEnvelope *env, char *buf, size_t len)
{
	size_t i;

	*buf = '\0';
	for (i = 0; env != NULL && i < env->n_metadata; i++)
		if (strcmp(env->metadata[i]->key, "peer") == 0 &&
		    printable(env->metadata[i]->value) &&
		    strlen(env->metadata[i]->value) < len)
			snprintf(buf, len, "%s", env->metadata[i]->value);
}

static void
account(const struct req *r, const Kinerja__RequestEnvelope *env, int64_t us,
    struct kdispatch_result *res)
{
	const struct kdispatch           *d  = r->d;
	const ProtobufCServiceDescriptor *sd = d->service->descriptor;
	const ProtobufCMethodDescriptor  *md = NULL;

	if (env != NULL)
		md = protobuf_c_service_descriptor_get_method_by_name(
		    sd, env->method);
	if (d->info != NULL && d->info->metrics != NULL)
		kmetrics_record(d->info->metrics,
		    md ? (int) (md - sd->methods) : -1,
		    r->code == KINERJA__CODE__OK, us);
	if (res == NULL)
		return;
	res->method = md ? md->name : "-";
	/* It goes into a log line: a refused id is not written as sent. */
	snprintf(res->request_id, sizeof(res->request_id), "%s",
	    env && *env->request_id && printable(env->request_id)
	        ? env->request_id
	        : "-");
	res->code  = r->code;
	res->us    = us;
	res->large = r->large;
	via_of(env, res->via, sizeof(res->via));
}

/* Whether the envelope's strings are whole UTF-8 without NUL, checked on
 * the wire (protobuf-c would cut them at a NUL); else the request's error
 * names the field. The limits (kenv_decode) come first: this walk is then
 * over at most a few dozen strings. */
static int
envelope_strings_ok(struct req *r, const uint8_t *req, size_t len)
{
	char err[sizeof(r->message)];
	int  rc = kwire_check(&kinerja__request_envelope__descriptor, req, len,
	     err, sizeof(err));

	if (rc == KWIRE_OK)
		return 1;
	if (rc == KWIRE_BAD_STRING)
		fail(r, KINERJA__CODE__INVALID_ARGUMENT, "%s", err);
	else
		fail(r, KINERJA__CODE__INVALID_ARGUMENT,
		    "envelope: not a valid RequestEnvelope");
	return 0;
}

int
kdispatch_quick(const struct kdispatch *d, const uint8_t *req, size_t len)
{
	const struct kservice *svc = d->service;
	const uint8_t         *name;
	size_t                 n, i;

	if (len > d->max_message ||
	    kwire_find_bytes(req, len, KENV_METHOD_FIELD, &name, &n) != 0)
		return 0;
	for (i = 0; i < svc->naccess; i++)
		if (svc->access[i].quick &&
		    strlen(svc->access[i].method) == n &&
		    memcmp(svc->access[i].method, name, n) == 0)
			return 1;
	return 0;
}

int
kdispatch_handle(const struct kdispatch *d, const uint8_t *req, size_t len,
    uint8_t **out, size_t *outlen, struct kdispatch_result *res)
{
	struct req  r     = { 0 };
	struct kenv e     = { 0 };
	int64_t     start = now_us();
	int         code;

	r.d      = d;
	r.rid    = "";
	r.out    = out;
	r.outlen = outlen;
	if (len > d->max_message)
		fail(&r, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "envelope: %zu bytes exceeds the limit of %zu", len,
		    d->max_message);
	else if ((code = kenv_decode(
	              &e, req, len, r.message, sizeof(r.message))) != 0)
		r.code = code;
	else if (envelope_strings_ok(&r, req, len)) {
		/* Echoed (and put in X-Request-Id) only when it is one. */
		if (printable(e.env->request_id))
			r.rid = e.env->request_id;
		invoke(&r, e.env);
	}
	if (!r.answered)
		pack_response(
		    &r, r.code, r.message, &r.detailp, r.ndetails, NULL, 0);
	account(&r, e.env, now_us() - start, res);
	kc_arena_free(&r.mem);
	kenv_free(&e);
	return r.code;
}
