/*
 * h_report.c - documents: the LKjIP and the Perjanjian Kinerja (issue #15). Not yet implemented.
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

PENDING(get_report, GetReportRequest, GetReportReply)
