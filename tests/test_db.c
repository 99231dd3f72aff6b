/*
 * test_db.c - see test_db.h: pg_schema.c's schemas, or temporary files,
 * with a failed setup failing the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pg_schema.h"
#include "test_db.h"

int
test_db_is_pg(void)
{
	return pg_schema_server() != NULL;
}

void
test_db_new(char *out, size_t len, const char *prefix)
{
	char err[512];
	int  fd;

	if (test_db_is_pg()) {
		if (pg_schema_new(out, len, err, sizeof(err)) != 0)
			fail_msg("%s", err);
		return;
	}
	snprintf(out, len, "/tmp/%s-XXXXXX", prefix);
	fd = mkstemp(out);
	assert_true(fd >= 0);
	close(fd);
}

void
test_db_remove(const char *target)
{
	const char *ext[] = { "", "-wal", "-shm" };
	char        path[TEST_DB_MAX + 8], err[512];
	size_t      i;

	if (pg_schema_of(target) != NULL) {
		if (pg_schema_drop(target, err, sizeof(err)) != 0)
			fail_msg("%s", err);
		return;
	}
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", target, ext[i]);
		unlink(path);
	}
}
