/*
 * store_pg_none.c - the PostgreSQL backend of a kinerjad built without
 * libpq (service/CMakeLists.txt picks this file when pkg-config finds no
 * libpq): a postgresql:// URL is refused with the reason, SQLite works.
 */
#include <stdio.h>

#include "store.h"
#include "store_int.h"

static int
none_open(struct kstore *st, const char *url)
{
	(void) url;
	snprintf(st->err, sizeof(st->err),
	    "this kinerjad was built without PostgreSQL (libpq-dev)");
	return KS_ERROR;
}

static void
none_close(struct kstore *st)
{
	(void) st;
}

/* Only open and close are ever called: open fails. */
const struct kst_ops kst_pg_ops = {
	.name  = "postgresql",
	.open  = none_open,
	.close = none_close,
};
