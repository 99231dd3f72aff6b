/*
 * test_rpc_auth.c - roles (rpc/auth.c): what a viewer and a submitter may do.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <math.h>

#include "rpc_helpers.h"

static void
test_viewer_reads_but_may_not_write(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 91) };
	Kinerja__Unit           u[] = { unit(
		      "balai", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN) };
	uint8_t                 before[8192];
	size_t                  n;

	world(f);
	n = snapshot(f, 2025, before, sizeof(before));
	fx_as(f, toks.viewer);
	assert_int_equal(
	    submit(f, v, 1, 0, NULL), KINERJA__CODE__PERMISSION_DENIED);
	assert_non_null(strstr(f->st.message, "inspektorat"));
	assert_int_equal(
	    upsert_units(f, u, 1, NULL), KINERJA__CODE__PERMISSION_DENIED);
	assert_unchanged(f, 2025, before, n);
}

static void
test_submitter_writes_only_its_units(void **state)
{
	struct fixture         *f     = *state;
	Kinerja__IndicatorValue own[] = { value("IKM", 2025, TARGET, 91) };
	Kinerja__IndicatorValue mix[] = { value("IKM", 2025, TARGET, 95),
		uvalue("balai", "IKM", 2025, TARGET, 95) };
	Kinerja__Unit           u[]   = { unit(
		        "balai", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN) };
	Kinerja__ImportRequest  imp   = KINERJA__IMPORT_REQUEST__INIT;
	Kinerja__Unit          *up[]  = { &u[0] };
	Kinerja__WriteReply    *w;
	uint8_t                 before[8192];
	size_t                  n;

	peers(f);
	fx_as(f, toks.tiram);
	assert_int_equal(submit(f, own, 1, 0, NULL), 0);
	n = snapshot(f, 2025, before, sizeof(before));
	/* Not even partial mode applies the good item of the batch. */
	assert_int_equal(
	    submit(f, mix, 2, 2, NULL), KINERJA__CODE__PERMISSION_DENIED);
	assert_int_equal(f->st.n_details, 1);
	assert_int_equal(f->st.details[0]->index, 1);
	assert_string_equal(f->st.details[0]->field, "unit");
	assert_int_equal(
	    submit(f, mix, 2, 0, NULL), KINERJA__CODE__PERMISSION_DENIED);
	assert_unchanged(f, 2025, before, n);
	/* Units and indicators are the admin's, in Import too. */
	assert_int_equal(
	    upsert_units(f, u, 1, NULL), KINERJA__CODE__PERMISSION_DENIED);
	imp.units   = up;
	imp.n_units = 1;
	assert_int_equal(
	    fx_import(f, &imp, &w), KINERJA__CODE__PERMISSION_DENIED);
	assert_string_equal(f->st.details[0]->list, "units");
	assert_unchanged(f, 2025, before, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_viewer_reads_but_may_not_write, fx_setup_auth,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_submitter_writes_only_its_units, fx_setup_auth,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
