/*
 * tap.h - the TAP lines of the tests that are programs of their own (not
 * cmocka suites): "ok - name" or "not ok - name", and a count of the
 * failures for main's exit status.
 */
#ifndef KINERJA_TESTS_TAP_H
#define KINERJA_TESTS_TAP_H

#include <stdio.h>

static int failures;

static inline void
ok(int cond, const char *name)
{
	printf("%s - %s\n", cond ? "ok" : "not ok", name);
	fflush(stdout); /* next to a daemon's output, in order */
	failures += !cond;
}

#endif
