/*
 * call.h - one RPC in flight, on the handlers' side. The service's run
 * (service.c) makes it from what dispatch hands over (struct krequest),
 * passes it to the handler as the protobuf-c closure data, and answers
 * dispatch with what the handler left in it (reply or status). Handlers
 * allocate from its arena, which is freed when the call ends; who may
 * write what is asked of the call too.
 */
#ifndef KINERJA_CALL_H
#define KINERJA_CALL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "kcore.h"
#include "kinerja/kinerja.pb-c.h"
#include "kservice.h"

struct kcall {
	struct kstore             *store; /* the worker's connection */
	const struct kserver_info *info;
	const char                *method;
	const char                *request_id;
	struct kprincipal          who;
	const char                *reason; /* why, for the history; "" */
	int                        denied; /* an item was not the caller's */
	int                        locked; /* an item's unit-year is approved */
	const uint8_t             *payload; /* the request as received */
	size_t                     payload_len;
	int64_t                    deadline_ms; /* monotonic; 0: none */
	Kinerja__Code              code;
	char                       message[512];
	const char                *list; /* list being applied */
	int                   dry_item; /* check the item, write nothing */
	Kinerja__FieldError **details;
	size_t                ndetails;
	size_t                details_cap;
	Kinerja__FieldError **warnings; /* code OK: written, with a word */
	size_t                nwarnings;
	size_t                warnings_cap;
	uint8_t              *reply; /* packed reply on OK */
	size_t                reply_len;
	int                   replied;
	int                   checked; /* see struct kanswer */
	struct kc_arena       arena;
	struct kc_arena            scratch; /* see kcall_scratch */
	size_t                     scratch_peak; /* its most bytes yet */
};

/* Sets the call's status; the first error wins. */
void kcall_error(struct kcall *call, Kinerja__Code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records an error for item `index` of a batch, naming its field. */
void kcall_item_error(struct kcall *call, uint32_t index, const char *field,
    Kinerja__Code code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Records a warning for item `index`: written, but worth a word (an
 * override, a finding, a value no table shows). */
void kcall_warn(struct kcall *call, uint32_t index, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

int kcall_expired(const struct kcall *call);

/* Arena memory, zeroed, alive until the call ends; never NULL (aborts). */
void *kcall_alloc(struct kcall *call, size_t size);
/* Zeroed memory for one step of the call, all freed by kcall_scratch_end
 * (or with the call): a village ranking's values, measures and order
 * (12 MB) are gone before its reply is packed, so the two never take
 * memory at once. Counted in the call's size (kanswer.large). */
void *kcall_scratch(struct kcall *call, size_t size);
void  kcall_scratch_end(struct kcall *call);
char *kcall_strdup(struct kcall *call, const char *s);
/* protobuf-c's allocator over the call's arena: what it unpacks is freed
 * with the call. */
ProtobufCAllocator kcall_allocator(struct kcall *call);
char *kcall_printf(struct kcall *call, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Caller text quoted for a message (kc_quote: escaped, at most
 * KCALL_QUOTE_CHARS characters, cut between them), in the call's arena. */
#define KCALL_QUOTE_CHARS 64
const char *kcall_quote(struct kcall *call, const char *text);

void kcall_free(struct kcall *call);

/* A call for the request dispatch hands over (the strings stay its). */
void kcall_start(struct kcall *call, const struct krequest *rq);
/* The closure every handler ends with: packs the reply into the call;
 * NULL when the handler packed it itself (into kcall_reply_buffer). */
void kcall_done(const ProtobufCMessage *msg, void *arg);
/* The call's reply, len bytes (malloc'd; freed with the call) for a
 * handler to pack; NULL out of memory, the call's status then set. */
uint8_t *kcall_reply_buffer(struct kcall *call, size_t len);
/* What the call comes to, for dispatch; valid until kcall_free. */
void kcall_answer(struct kcall *call, struct kanswer *out);

/* May the caller write this unit's data? If not, records a
 * PERMISSION_DENIED item error, marks the whole request refused and
 * returns 1. */
int kcall_may_write_unit(struct kcall *call, uint32_t index, const char *unit);
/* Whether the caller may write the unit's data, silently. */
int kcall_unit_allowed(const struct kcall *call, const char *unit);
/* The same for items only an admin may write (units, indicators). */
int kcall_may_write_admin_item(
    struct kcall *call, uint32_t index, const char *what);

#endif
