/*
 * kservice.h - what the rpc layer (dispatch) and a service it runs agree
 * on, and all of rpc a service sees. As nng's core is handed protocol
 * tables, dispatch is handed a struct kservice at start-up: protoc-c's
 * service descriptor, the access each method needs, and a function that
 * runs one method. Dispatch decodes the envelope, checks the caller, decodes
 * the payload, runs the method and packs the answer; it knows no handler.
 * The handlers (service/handlers/) define the table and know nothing of
 * dispatch beyond this header.
 */
#ifndef KINERJA_KSERVICE_H
#define KINERJA_KSERVICE_H

#include <stddef.h>
#include <stdint.h>

#include "kinerja/kinerja.pb-c.h"

struct kstore;
struct kmetrics;

/* What every worker shares about the server. */
struct kserver_info {
	int64_t          started_ms; /* monotonic */
	uint32_t         workers;
	uint32_t         max_batch; /* items per write request */
	struct kmetrics *metrics;
	/* The service's own (kservice.state_new), e.g. answers it keeps
	 * for every worker; NULL when it has none. */
	void *state;
};

/* KROLE_VERIFIER comes last so that the stored numbers of the others
 * stay as they were. */
enum krole {
	KROLE_NONE,
	KROLE_VIEWER,
	KROLE_SUBMITTER,
	KROLE_ADMIN,
	KROLE_VERIFIER, /* checks and approves the years of a region's units */
};

/* The caller's name without auth: in the history, and reserved. */
#define KAUTH_LOCAL "local"

/* The caller, as its token says. */
struct kprincipal {
	const char  *name; /* the token's name; written in the history */
	enum krole   role;
	const char **units; /* a submitter's units; a verifier's regions */
	size_t       nunits;
};

/* "admin", "submitter", "verifier", "viewer"; "none" for anything else. */
static inline const char *
krole_name(enum krole r)
{
	switch (r) {
	case KROLE_VIEWER:
		return "viewer";
	case KROLE_SUBMITTER:
		return "submitter";
	case KROLE_ADMIN:
		return "admin";
	case KROLE_VERIFIER:
		return "verifier";
	default:
		return "none";
	}
}

/* What a method needs of its caller. Zero is admin, so a method the table
 * leaves out is closed until someone decides otherwise. */
enum kaccess {
	KACCESS_ADMIN = 0,
	KACCESS_NONE, /* anyone, even without a token */
	KACCESS_READ, /* any role */
	KACCESS_UNIT_WRITE, /* a submitter (its own units) or an admin */
	KACCESS_APPROVE, /* a submitter, a verifier or an admin (per unit:
	                    the handler asks the approval table) */
};

/* A method of the table and what it needs. */
struct kmethod_access {
	const char  *method; /* as in kinerja.proto: "GetCapaian" */
	enum kaccess need;
	/* Answers in microseconds without waiting on anything (no statement,
	 * no lock held long): the server may run it on its I/O thread as the
	 * request arrives, sparing the hand-off to a worker. */
	int quick;
};

/* One RPC as dispatch hands it to the service: the caller is known and
 * allowed the method, and the payload has been decoded. */
struct krequest {
	struct kstore             *store; /* the worker's connection */
	const struct kserver_info *info;
	const char                *method;
	const char                *request_id;
	const char                *reason; /* why, for the history; "" */
	struct kprincipal          who;
	const uint8_t             *payload; /* the request as received */
	size_t                     payload_len;
	int64_t                    deadline_ms; /* monotonic; 0: none */
};

/* The service's answer, valid while the respond callback runs. On OK,
 * reply holds the packed reply; dispatch may repair its text in place. */
struct kanswer {
	Kinerja__Code         code;
	const char           *message;
	Kinerja__FieldError **details;
	size_t                ndetails;
	uint8_t              *reply;
	size_t                reply_len;
	/* The reply's strings are known UTF-8 without a NUL (the handler
	 * repaired them as it kept them): dispatch need not walk it. */
	int checked;
	/* The call took much memory (its arena reached 16 MB): the server
	 * gives malloc's free pages back once nothing is in service. */
	int large;
};

typedef void (*krespond_fn)(const struct kanswer *answer, void *arg);

struct kservice {
	/* protoc-c's: the methods, their input and output messages. */
	const ProtobufCServiceDescriptor *descriptor;
	/* What each method needs; a method not listed needs an admin. */
	const struct kmethod_access *access;
	size_t                       naccess;
	/* Runs method `index` of the descriptor on its decoded input, then
	 * calls respond with the answer before returning. */
	void (*run)(const struct krequest *rq, unsigned index,
	    const ProtobufCMessage *input, krespond_fn respond, void *arg);
	/* Optional: what the service keeps across requests, made when the
	 * server starts and freed when it has stopped (kserver_info.state);
	 * state_new returns NULL out of memory. */
	void *(*state_new)(void);
	void (*state_free)(void *state);
};

#endif
