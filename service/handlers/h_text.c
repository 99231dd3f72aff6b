/*
 * h_text.c - the LKjIP's own text: narrative per indicator-year and
 * unit-year, and the unit profile (issue #15). Not yet implemented.
 */
#include "handlers.h"

#define PENDING(name, Req, Reply)                                        \
	RPC(name, Req, Reply)                                            \
	{                                                                \
		struct kcall *call = arg;                                \
		(void)svc;                                               \
		(void)in;                                                \
		kcall_error(call, KINERJA__CODE__UNIMPLEMENTED,          \
		    "%s is not implemented yet", call->method);          \
		done(NULL, arg);                                         \
	}

PENDING(submit_narrative, SubmitNarrativeRequest, WriteReply)
PENDING(get_narrative, GetNarrativeRequest, GetNarrativeReply)
PENDING(submit_profile, SubmitProfileRequest, WriteReply)
PENDING(get_profile, GetProfileRequest, GetProfileReply)
