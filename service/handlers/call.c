/*
 * call.c - the call context's methods (see call.h): its status and item
 * errors, its arena, the closure that ends a handler, what the call comes
 * to for dispatch, and the per-item access rules of a write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "grow.h"
#include "store.h"

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
append_field_error(struct kcall *call, Kinerja__FieldError ***list, size_t *n,
    size_t *cap, uint32_t index, const char *field, Kinerja__Code code,
    const char *fmt, va_list ap)
{
	Kinerja__FieldError *fe;
	char                 msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	kc_utf8_trim(msg);
	if (*n == *cap)
		KC_GROW(*list, *n, *cap, 8, kcall_alloc, call);
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

static void *
arena_alloc(void *arena, size_t size)
{
	return kc_arena_alloc(arena, size);
}

static void
arena_keep(void *arena, void *p)
{
	(void) arena; /* freed with the arena, when the call ends */
	(void) p;
}

ProtobufCAllocator
kcall_allocator(struct kcall *call)
{
	return (ProtobufCAllocator) { arena_alloc, arena_keep, &call->arena };
}

void *
kcall_alloc(struct kcall *call, size_t size)
{
	void *p = kc_arena_alloc(&call->arena, size);

	if (p == NULL)
		abort(); /* nothing sensible to answer without memory */
	return p;
}

void *
kcall_scratch(struct kcall *call, size_t size)
{
	void *p = kc_arena_alloc(&call->scratch, size);

	if (p == NULL)
		abort(); /* as kcall_alloc */
	return p;
}

void
kcall_scratch_end(struct kcall *call)
{
	if (call->scratch.bytes > call->scratch_peak)
		call->scratch_peak = call->scratch.bytes;
	kc_arena_free(&call->scratch);
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

/* A call whose arena and scratch reach this is large (kanswer.large): a
 * village ranking, or a big import. After one, the
 * server gives malloc's free pages back (service/main.c). */
#define LARGE_CALL_BYTES (16u << 20)

void
kcall_free(struct kcall *call)
{
	kcall_scratch_end(call);
	kc_arena_free(&call->arena);
	free(call->reply);
	call->reply = NULL;
}

uint8_t *
kcall_reply_buffer(struct kcall *call, size_t len)
{
	free(call->reply);
	call->reply_len = len;
	if ((call->reply = malloc(len ? len : 1)) == NULL)
		kcall_error(call, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "out of memory packing the reply");
	return call->reply;
}

void
kcall_done(const ProtobufCMessage *msg, void *arg)
{
	struct kcall *call = arg;

	call->replied = 1;
	if (msg == NULL || call->code != KINERJA__CODE__OK)
		return;
	if (kcall_reply_buffer(call, protobuf_c_message_get_packed_size(msg)))
		protobuf_c_message_pack(msg, call->reply);
}

void
kcall_start(struct kcall *call, const struct krequest *rq)
{
	memset(call, 0, sizeof(*call));
	call->store       = rq->store;
	call->info        = rq->info;
	call->method      = rq->method;
	call->request_id  = rq->request_id;
	call->reason      = rq->reason;
	call->who         = rq->who;
	call->payload     = rq->payload;
	call->payload_len = rq->payload_len;
	call->deadline_ms = rq->deadline_ms;
}

void
kcall_answer(struct kcall *call, struct kanswer *out)
{
	if (!call->replied)
		kcall_error(call, KINERJA__CODE__INTERNAL,
		    "%s: handler gave no reply", call->method);
	out->code      = call->code;
	out->message   = call->message;
	out->details   = call->details;
	out->ndetails  = call->ndetails;
	out->reply     = call->code == KINERJA__CODE__OK ? call->reply : NULL;
	out->reply_len = call->code == KINERJA__CODE__OK ? call->reply_len : 0;
	out->checked   = call->checked;
	kcall_scratch_end(call);
	out->large =
	    call->arena.bytes + call->scratch_peak >= LARGE_CALL_BYTES;
}

static int
deny(struct kcall *call, uint32_t index, const char *field, const char *what)
{
	call->denied = 1;
	kcall_item_error(call, index, field, KINERJA__CODE__PERMISSION_DENIED,
	    "%s: token %s (%s) may not write %s", field,
	    kcall_quote(call, call->who.name), krole_name(call->who.role),
	    what);
	return 1;
}

int
kcall_unit_allowed(const struct kcall *call, const char *unit)
{
	size_t i;

	if (call->who.role == KROLE_ADMIN)
		return 1;
	if (call->who.role == KROLE_SUBMITTER)
		for (i = 0; i < call->who.nunits; i++)
			if (strcmp(call->who.units[i], unit) == 0)
				return 1;
	return 0;
}

int
kcall_may_write_unit(struct kcall *call, uint32_t index, const char *unit)
{
	if (kcall_unit_allowed(call, unit))
		return 0;
	return deny(call, index, "unit",
	    kcall_printf(call, "unit %s", kcall_quote(call, unit)));
}

int
kcall_may_write_admin_item(
    struct kcall *call, uint32_t index, const char *what)
{
	if (call->who.role == KROLE_ADMIN)
		return 0;
	return deny(call, index, "code", what);
}
