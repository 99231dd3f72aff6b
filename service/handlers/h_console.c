/*
 * h_console.c - WhoAmI (issue #16): the token's name, role and units, so
 * that the web console shows and enables what the caller may do. The
 * service still checks every call; this only spares the console guessing.
 */
#include "handlers.h"

RPC(who_am_i, WhoAmIRequest, WhoAmIReply)
{
	struct kcall        *call = arg;
	Kinerja__WhoAmIReply r    = KINERJA__WHO_AM_IREPLY__INIT;

	(void) svc;
	(void) in;
	r.name    = (char *) (call->who.name ? call->who.name : KAUTH_LOCAL);
	r.role    = (char *) krole_name(call->who.role);
	r.units   = (char **) call->who.units;
	r.n_units = call->who.nunits;
	done(&r, arg);
}
