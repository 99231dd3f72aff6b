/*
 * test_rpc_export.c - Export (handlers/h_export.c).
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
test_export_of_one_unit_brings_its_ancestors(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 90),
		value("IKM", 2025, TARGET, 91),
		value("IKM", 2024, TARGET, 88) };
	Kinerja__ExportRequest  req = KINERJA__EXPORT_REQUEST__INIT;
	Kinerja__ImportRequest *r;

	world(f);
	assert_int_equal(submit(f, v, 3, 0, NULL), 0);
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(fx_export(f, &req, &r), 0);
	assert_int_equal(r->n_units, 3);
	assert_string_equal(r->units[0]->code, "sumut");
	assert_string_equal(r->units[2]->code, "tiram");
	assert_int_equal(r->n_links, 3);
	assert_int_equal(r->n_values, 2); /* both revisions of 2025 */
	assert_e2(r->values[0]->value, 9000);
	assert_e2(r->values[1]->value, 9100);
	kinerja__import_request__free_unpacked(r, NULL);
	req.unit = "nowhere";
	assert_int_equal(fx_export(f, &req, &r), KINERJA__CODE__NOT_FOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_export_of_one_unit_brings_its_ancestors, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
