/*
 * h_info.c - Health and ServerInfo: what a load balancer or an operator asks
 * before anything else.
 */
#include "handlers.h"

RPC(health, HealthRequest, HealthReply)
{
	Kinerja__HealthReply r = KINERJA__HEALTH_REPLY__INIT;

	(void) svc;
	(void) in;
	r.status = "SERVING";
	done(&r, arg);
}

RPC(server_info, ServerInfoRequest, ServerInfoReply)
{
	struct kcall            *call = arg;
	Kinerja__ServerInfoReply r    = KINERJA__SERVER_INFO_REPLY__INIT;

	(void) svc;
	(void) in;
	r.version        = KINERJA_VERSION;
	r.schema_version = (uint32_t) kstore_schema_version();
	r.uptime_seconds =
	    (uint64_t) (kstore_now_ms() - call->info->started_ms) / 1000;
	r.workers = call->info->workers;
	done(&r, arg);
}
