/*
 * h_sheets.c - ImportCsv (issue #16): CSV sheets as written, read by
 * kinerjad with the code of `kinerja import` (../../sheets) and applied as
 * Import applies a request: one transaction, the same access, lock,
 * history, replay and validate_only. A problem is a FieldError whose field
 * is "FILE:LINE: COLUMN", as the CLI prints it; any problem writes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "import_int.h"

/* Bounds checked before any parsing. Rows: one request's worth (the
 * sheets go in one transaction), plus a header per file. */
#define CSV_MAX_FILES 64
#define CSV_MAX_BYTES (8u << 20)
#define CSV_MAX_NAME  256

struct csv {
	struct kcall                    *call;
	const Kinerja__ImportCsvRequest *in;
	kinerja_file                    *files;
};

/* The index of a file in the request, from the name the reader reports
 * (the pointer handed to it). */
static uint32_t
file_index(const struct csv *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->in->n_files; i++)
		if (c->files[i].name == name)
			return (uint32_t) i;
	return 0;
}

/* Where the reader reports a problem: a FieldError of "files". */
static void
report(void *arg, const char *file, unsigned line, const char *column,
    const char *message)
{
	struct csv *c = arg;

	c->call->list = "files";
	kcall_item_error(c->call, file_index(c, file),
	    kcall_printf(c->call, "%s:%u: %s", file, line, column),
	    KINERJA__CODE__INVALID_ARGUMENT, "%s", message);
	c->call->list = NULL;
}

static size_t
lines_in(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n + 1;
}

/* Refuses a request too large to read, before reading it. */
static int
check_bounds(struct kcall *call, const Kinerja__ImportCsvRequest *in)
{
	size_t i, bytes = 0, lines = 0;

	if (in->n_files == 0 || in->n_files > CSV_MAX_FILES) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "files: %zu given; 1 to %d per request", in->n_files,
		    CSV_MAX_FILES);
		return -1;
	}
	for (i = 0; i < in->n_files; i++) {
		const char *name = in->files[i]->name;

		if (*name == 0 || strlen(name) > CSV_MAX_NAME ||
		    strpbrk(name, "\n\r") != NULL) {
			kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
			    "files[%zu].name: 1 to %d characters, one line", i,
			    CSV_MAX_NAME);
			return -1;
		}
		bytes += strlen(in->files[i]->text);
		lines += lines_in(in->files[i]->text);
	}
	if (bytes > CSV_MAX_BYTES || lines > CHUNK + in->n_files) {
		kcall_error(call, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "files: %zu bytes in %zu lines; at most %u bytes and %d "
		    "rows per request",
		    bytes, lines, CSV_MAX_BYTES, CHUNK);
		return -1;
	}
	return 0;
}

/* The problems of the reading, as the status. */
static void
refuse(struct kcall *call)
{
	const Kinerja__FieldError *first = call->details[0];

	kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
	    "ImportCsv: %zu problem%s in the sheets; first: %s: %s",
	    call->ndetails, call->ndetails == 1 ? "" : "s", first->field,
	    first->message);
}

/* An error or warning of the Import, pointed at its file, line and
 * column instead of its list and index. */
static void
point(struct csv *c, const struct request *q, Kinerja__FieldError *fe)
{
	const struct origin *o = im_origin_of(q, fe);
	const char          *field;

	if (o == NULL)
		return;
	field = im_column_of(o->sheet, fe->field);
	fe->message =
	    kcall_strdup(c->call, im_without_field(fe->message, fe->field));
	fe->field = kcall_printf(c->call, "%s:%u: %s", o->sheet->file->name,
	    o->sheet->lines[o->row], field);
	fe->index = file_index(c, o->sheet->file->name);
	fe->list  = (char *) "files";
}

/* The packed reply again, its warnings pointed at their rows. */
static void
point_warnings(struct csv *c, const struct request *q)
{
	struct kcall         *call = c->call;
	Kinerja__WriteReply  *r;
	Kinerja__FieldError **orig, **w;
	size_t                i;

	r = kinerja__write_reply__unpack(NULL, call->reply_len, call->reply);
	if (r == NULL || r->n_warnings == 0) {
		kinerja__write_reply__free_unpacked(r, NULL);
		return;
	}
	w = kcall_alloc(call, r->n_warnings * sizeof(*w));
	for (i = 0; i < r->n_warnings; i++) {
		w[i]  = kcall_alloc(call, sizeof(*w[i]));
		*w[i] = *r->warnings[i];
		point(c, q, w[i]);
	}
	orig        = r->warnings;
	r->warnings = w;
	free(call->reply);
	call->reply_len = kinerja__write_reply__get_packed_size(r);
	call->reply     = malloc(call->reply_len ? call->reply_len : 1);
	if (call->reply == NULL)
		abort(); /* as kcall_alloc: a reply that cannot be packed */
	kinerja__write_reply__pack(r, call->reply);
	r->warnings = orig;
	kinerja__write_reply__free_unpacked(r, NULL);
}

/* Applies the one request the sheets make, then points what it said at
 * the sheets' rows. */
static void
apply(struct csv *c, const struct request *q, Kinerja__Kinerja_Service *svc,
    Kinerja__WriteReply_Closure done)
{
	struct kcall          *call = c->call;
	Kinerja__ImportRequest r    = KINERJA__IMPORT_REQUEST__INIT;
	size_t                 i;

	im_request(q, &r);
	r.validate_only = c->in->validate_only;
	rpc_import(svc, &r, done, call);
	for (i = 0; i < call->ndetails; i++)
		point(c, q, call->details[i]);
	if (call->ndetails > 0 && call->code != KINERJA__CODE__OK)
		snprintf(call->message, sizeof(call->message),
		    "ImportCsv: %zu rows rejected; first: %s: %s",
		    call->ndetails, call->details[0]->field,
		    call->details[0]->message);
	else if (call->code == KINERJA__CODE__OK && call->reply != NULL)
		point_warnings(c, q);
}

RPC(import_csv, ImportCsvRequest, WriteReply)
{
	struct kcall        *call  = arg;
	struct csv           c     = { call, in, NULL };
	kinerja_import_stats stats = { 0 };
	struct import   im  = { .report = report, .arg = &c, .stats = &stats };
	struct request *req = NULL;
	size_t          i, nreq = 0;

	if (check_bounds(call, in) != 0) {
		done(NULL, arg);
		return;
	}
	c.files = kcall_alloc(call, in->n_files * sizeof(*c.files));
	for (i = 0; i < in->n_files; i++) {
		c.files[i].name = in->files[i]->name;
		c.files[i].data = in->files[i]->text;
		c.files[i].len  = strlen(in->files[i]->text);
	}
	im_read(&im, c.files, in->n_files);
	if (im.errors == 0)
		req = im_plan(&im, &nreq);
	if (im.errors > 0)
		refuse(call);
	else if (nreq != 1)
		kcall_error(call, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "files: more than %d items; split the sheets", CHUNK);
	if (call->code != KINERJA__CODE__OK)
		done(NULL, arg);
	else
		apply(&c, req, svc, done);
	kc_arena_free(&im.arena);
}
