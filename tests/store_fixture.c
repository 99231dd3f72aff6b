/*
 * store_fixture.c - a store on a fresh temporary database for each test,
 * and the registry the store tests start from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_fixture.h"
#include "test_db.h"

int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char            err[256];

	assert_non_null(f);
	test_db_new(f->path, sizeof(f->path), "kinerja-store");
	if (kstore_open(f->path, &f->st, err, sizeof(err)) != KS_OK)
		fail_msg("%s", err);
	*state = f;
	return 0;
}

void
remove_db(const char *path)
{
	test_db_remove(path);
}

int
teardown(void **state)
{
	struct fixture *f = *state;

	kstore_close(f->st);
	remove_db(f->path);
	free(f);
	return 0;
}

void
put_unit(struct kstore *st, const char *code, const char *parent, int level,
    enum kchange expect)
{
	struct kunit u = { code, code, parent, level };
	enum kchange c;

	assert_int_equal(kstore_unit_put(st, &u, &c), KS_OK);
	assert_int_equal(c, expect);
}

void
put_indicator(struct kstore *st, const char *code, int polarity)
{
	struct kindicator ind = { code, code, "Nilai", polarity, 1 };
	enum kchange      c;

	assert_int_equal(kstore_indicator_put(st, &ind, &c), KS_OK);
}

void
world(struct kstore *st)
{
	struct ksasaran s1 = { "tiram", "Kepuasan", "IKM", "Pelayanan" };
	struct ksasaran s2 = { "tiram", "Akuntabilitas", "AKIP", "" };
	enum kchange    c;

	put_unit(st, "sumut", "", 1, KS_CREATED);
	put_unit(st, "batubara", "sumut", 2, KS_CREATED);
	put_unit(st, "tiram", "batubara", 3, KS_CREATED);
	put_indicator(st, "IKM", 1);
	put_indicator(st, "AKIP", 1);
	assert_int_equal(kstore_sasaran_put(st, &s1, &c), KS_OK);
	assert_int_equal(kstore_sasaran_put(st, &s2, &c), KS_OK);
}

int
walk_add(struct walk *w, const char *item)
{
	size_t len = strlen(w->text);

	snprintf(w->text + len, sizeof(w->text) - len, "%s%s", len ? "," : "",
	    item);
	return ++w->n == w->stop_after ? KS_CONFLICT : KS_OK;
}
