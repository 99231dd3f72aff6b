/*
 * h_validate.c - Validate: a table as a report states it, checked against
 * the formulas before it is published. Each finding names the row, what
 * the report has, what is right and what kind of slip it is: arithmetic,
 * truncation instead of rounding, a predikat or mutu that does not fit
 * its number, a total that is not the sum of its parts, or a capaian
 * computed against another of the unit's targets.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grow.h"
#include "handlers.h"

struct check {
	struct kcall      *call;
	Kinerja__Finding **findings;
	size_t             n, cap;
	/* Sum tables: the rows sorted by parent, so that the parts of a
	 * total are found by binary search, not by reading every row. */
	const Kinerja__TableRow **by_parent;
};

static void
text_e2(int64_t e2, char *buf, size_t len)
{
	char *dot;

	kc_format_decimal(e2, 2, buf, len);
	if ((dot = strchr(buf, '.')) != NULL)
		*dot = ',';
}

static void
text_e4(int64_t e4, char *buf, size_t len)
{
	text_e2(kc_div_round(e4, 100), buf, len);
}

/* A finding's message in the core's words (kc_check_text). */
static void
check_text(char *msg, size_t len, enum kc_check k, const char *a,
    const char *b, const char *c, const char *d)
{
	const char *args[] = { a, b, c, d };

	kc_check_text(k, args, 4, msg, len);
}

static void
add(struct check *c, const Kinerja__TableRow *row, Kinerja__FindingKind kind,
    const char *field, const char *reported, const char *correct,
    double difference, const char *message)
{
	Kinerja__Finding *f = kcall_alloc(c->call, sizeof(*f));

	if (c->n == c->cap)
		KC_GROW(c->findings, c->n, c->cap, 8, kcall_alloc, c->call);
	kinerja__finding__init(f);
	f->line             = row->line;
	f->ref              = row->ref;
	f->label            = row->label;
	f->kind             = kind;
	f->field            = (char *) field;
	f->reported         = kcall_strdup(c->call, reported);
	f->correct          = kcall_strdup(c->call, correct);
	f->difference       = difference;
	f->message          = kcall_strdup(c->call, message);
	c->findings[c->n++] = f;
}

static int
e4_of(int has, double v, int64_t *e4)
{
	return has && kc_double_to_e4(v, e4) == 0;
}

/* A number stated with an AKIP predikat that does not fit it. */
static void
check_predikat(struct check *c, const Kinerja__TableRow *row,
    const char *field, int has, double v, const char *predikat)
{
	enum kc_akip stated = kc_akip_parse(predikat), right;
	int64_t      e4;
	char         num[32], msg[160];

	if (stated == KC_AKIP_NONE || !e4_of(has, v, &e4))
		return;
	right = kc_akip_of_score(e4);
	if (stated == right)
		return;
	text_e4(e4, num, sizeof(num));
	check_text(msg, sizeof(msg), KC_CHECK_AKIP_PREDIKAT, field, num,
	    kc_akip_name(right), kc_akip_name(stated));
	add(c, row, KINERJA__FINDING_KIND__FINDING_PREDIKAT, field, predikat,
	    kc_akip_name(right), 0, msg);
}

/*
 * Compares a stated percentage with the exact one: right, truncated, or
 * wrong. Returns 1 when it is right (nothing to report).
 */
static int
same_or_cut(kc_pct exact, int64_t stated_e2, int *truncated)
{
	*truncated =
	    stated_e2 != kc_round2(exact) && stated_e2 == kc_trunc2(exact);
	return stated_e2 == kc_round2(exact);
}

static void
report_percent(struct check *c, const Kinerja__TableRow *row,
    const char *field, kc_pct exact, int64_t stated_e2, int truncated)
{
	char rep[32], ok[32], msg[300];

	text_e2(stated_e2, rep, sizeof(rep));
	text_e2(kc_round2(exact), ok, sizeof(ok));
	check_text(msg, sizeof(msg),
	    truncated ? KC_CHECK_PERCENT_CUT : KC_CHECK_PERCENT, field, rep,
	    ok, NULL);
	add(c, row,
	    truncated ? KINERJA__FINDING_KIND__FINDING_TRUNCATION
	              : KINERJA__FINDING_KIND__FINDING_ARITHMETIC,
	    field, rep, ok, ke2_double(stated_e2 - kc_round2(exact)), msg);
}

/* The unit's other targets for the row's indicator and year. */
struct targets {
	int64_t       e4[16];
	enum kc_check what[16]; /* which KC_CHECK_OTHER_ */
	size_t        n;
	int           year;
};

static int
keep_target(void *arg, const struct kvalue *v)
{
	struct targets *t = arg;

	if (!v->has_value || t->n == 16)
		return 0;
	if (v->kind == VALUE_RENSTRA_TARGET && v->year == t->year)
		t->what[t->n] = KC_CHECK_OTHER_RENSTRA;
	else if (v->kind == VALUE_RENSTRA_END_TARGET)
		t->what[t->n] = KC_CHECK_OTHER_END;
	else if (v->kind == VALUE_TARGET && v->year == t->year)
		t->what[t->n] = KC_CHECK_OTHER_PK;
	else
		return 0;
	t->e4[t->n++] = v->value_e4;
	return v->kind == VALUE_RENSTRA_END_TARGET;
}

/* Looks for a target of the unit that gives the stated capaian. */
static int
other_target(struct check *c, const Kinerja__TableRow *row, int64_t target,
    int64_t realisasi, int64_t stated_e2, kc_pct exact)
{
	struct targets t = { .year = row->year };
	struct kvalue  key;
	kc_pct         pct;
	char           num[32], rep[32], ok[32], msg[300];
	size_t         i;

	if (*row->unit == 0 || *row->indicator == 0)
		return 0;
	key = (struct kvalue) { row->unit, row->indicator, row->year,
		VALUE_TARGET, 0, 0, 0, 0 };
	kstore_value_history(c->call->store, &key, keep_target, &t);
	kstore_value_rows(c->call->store, row->unit, row->indicator, row->year,
	    KC_YEAR_MAX, keep_target, &t);
	for (i = 0; i < t.n; i++) {
		if (t.e4[i] == target ||
		    kc_capaian(kpolarity(row->polarity), t.e4[i], realisasi,
		        &pct) != KC_AVAILABLE ||
		    (kc_round2(pct) != stated_e2 &&
		        kc_trunc2(pct) != stated_e2))
			continue;
		text_e4(t.e4[i], num, sizeof(num));
		text_e2(stated_e2, rep, sizeof(rep));
		text_e2(kc_round2(exact), ok, sizeof(ok));
		check_text(msg, sizeof(msg), t.what[i], rep, num, ok, NULL);
		add(c, row, KINERJA__FINDING_KIND__FINDING_OTHER_TARGET,
		    "capaian", rep, ok,
		    ke2_double(stated_e2 - kc_round2(exact)), msg);
		return 1;
	}
	return 0;
}

static const char *const capaian_labels[] = { "Sangat Tinggi", "Tinggi",
	"Sedang", "Rendah", "Sangat Rendah" };

/* A stated predikat: an AKIP one belongs to the realisasi, a predikat
 * capaian to the capaian. */
static void
check_label(struct check *c, const Kinerja__TableRow *row, kc_pct exact)
{
	const char *right = kc_predikat_capaian(kc_round2(exact));
	char        msg[200];
	size_t      i;

	if (kc_akip_parse(row->reported_label) != KC_AKIP_NONE) {
		check_predikat(c, row, "realisasi", row->opt_b_case != 0,
		    row->b, row->reported_label);
		return;
	}
	for (i = 0; i < 5; i++)
		if (strcasecmp(row->reported_label, capaian_labels[i]) == 0)
			break;
	if (i == 5 || strcasecmp(row->reported_label, right) == 0)
		return;
	check_text(msg, sizeof(msg), KC_CHECK_PREDIKAT,
	    kcall_quote(c->call, row->reported_label), right, NULL, NULL);
	add(c, row, KINERJA__FINDING_KIND__FINDING_PREDIKAT, "predikat",
	    row->reported_label, right, 0, msg);
}

/* A value of the table as the core takes it: its number, else a
 * predikat given alone. */
static struct kc_value
value_of(int has, double v, const char *predikat)
{
	struct kc_value out = { 0, 0, 0, kc_akip_parse(predikat) };

	out.has_number = e4_of(has, v, &out.e4);
	out.has        = out.has_number || out.predikat != KC_AKIP_NONE;
	return out;
}

static void
check_capaian(struct check *c, const Kinerja__TableRow *row)
{
	struct kc_value t, r;
	struct kc_row   cap;
	int64_t         stated;
	int             cut;

	check_predikat(
	    c, row, "target", row->opt_a_case != 0, row->a, row->a_predikat);
	check_predikat(c, row, "realisasi", row->opt_b_case != 0, row->b,
	    row->b_predikat);
	/* A predikat alone counts as its band's lower bound, as GetCapaian
	 * counts it by default. */
	t = value_of(row->opt_a_case != 0, row->a, row->a_predikat);
	r = value_of(row->opt_b_case != 0, row->b, row->b_predikat);
	kc_capaian_row(kpolarity(row->polarity), KC_RULE_LOWER, &t, &r, &cap);
	if (cap.na != KC_AVAILABLE)
		return;
	check_label(c, row, cap.pct);
	if (!row->opt_reported_case)
		return;
	stated = llround(row->reported * 100);
	if (same_or_cut(cap.pct, stated, &cut))
		return;
	if (!cut && other_target(c, row, cap.target_e4, cap.realisasi_e4,
	                stated, cap.pct))
		return;
	report_percent(c, row, "capaian", cap.pct, stated, cut);
}

static void
check_serapan(struct check *c, const Kinerja__TableRow *row)
{
	int64_t pagu, real, stated;
	kc_pct  exact;
	int     cut;

	if (!e4_of(row->opt_a_case != 0, row->a, &pagu) ||
	    !e4_of(row->opt_b_case != 0, row->b, &real) ||
	    !row->opt_reported_case ||
	    kc_serapan(1, pagu, 1, real, &exact) != KC_AVAILABLE)
		return;
	stated = llround(row->reported * 100);
	if (!same_or_cut(exact, stated, &cut))
		report_percent(c, row, "serapan", exact, stated, cut);
}

/* Each number is at most 1e14, but enough of them overflow a sum. */
static int
too_large(struct check *c, int overflow)
{
	if (overflow)
		kcall_error(c->call, KINERJA__CODE__INVALID_ARGUMENT,
		    "rows: the amounts sum past the largest number kinerja "
		    "holds");
	return overflow;
}

static int
cmp_parent(const void *a, const void *b)
{
	return strcmp((*(const Kinerja__TableRow *const *) a)->parent,
	    (*(const Kinerja__TableRow *const *) b)->parent);
}

static void
sort_by_parent(struct check *c, const Kinerja__ValidateRequest *in)
{
	c->by_parent =
	    kcall_alloc(c->call, (in->n_rows + 1) * sizeof(*c->by_parent));
	memcpy(c->by_parent, in->rows, in->n_rows * sizeof(*in->rows));
	qsort(c->by_parent, in->n_rows, sizeof(*c->by_parent), cmp_parent);
}

/* The rows that are parts of total: those naming it as parent in a sum
 * table, every other row in an AKIP table. Sets *n. */
static const Kinerja__TableRow *const *
parts_of(const struct check *c, const Kinerja__ValidateRequest *in,
    const Kinerja__TableRow *total, size_t *n)
{
	size_t lo = 0, hi = in->n_rows, end;

	if (in->kind != KINERJA__TABLE_KIND__TABLE_SUM) {
		*n = in->n_rows;
		return (const Kinerja__TableRow *const *) in->rows;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(c->by_parent[mid]->parent, total->label) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < in->n_rows &&
	               strcmp(c->by_parent[end]->parent, total->label) == 0;
	     end++)
		;
	*n = end - lo;
	return c->by_parent + lo;
}

/* A stated total against the sum of the rows that name it as parent. */
static void
check_total(struct check *c, const Kinerja__ValidateRequest *in,
    const Kinerja__TableRow *total, int64_t amount, const char *field)
{
	const Kinerja__TableRow *const *part;
	int64_t                         sum = 0, v;
	size_t                          i, n, parts = 0;
	char                            rep[48], ok[48], msg[300], count[24];

	part = parts_of(c, in, total, &n);
	for (i = 0; i < n; i++) {
		const Kinerja__TableRow *p = part[i];

		if (p == total)
			continue;
		if (e4_of(p->opt_a_case != 0, p->a, &v)) {
			if (too_large(c, __builtin_add_overflow(sum, v, &sum)))
				return;
			parts++;
		}
	}
	if (parts == 0 || sum == amount)
		return;
	/* A sum table holds money more often than not: write it so. */
	if (in->kind == KINERJA__TABLE_KIND__TABLE_SUM) {
		kc_format_rupiah(kc_div_round(amount, 100), rep, sizeof(rep));
		kc_format_rupiah(kc_div_round(sum, 100), ok, sizeof(ok));
	} else {
		text_e4(amount, rep, sizeof(rep));
		text_e4(sum, ok, sizeof(ok));
	}
	snprintf(count, sizeof(count), "%zu", parts);
	check_text(msg, sizeof(msg), KC_CHECK_SUM, field, rep, count, ok);
	add(c, total, KINERJA__FINDING_KIND__FINDING_SUM, field, rep, ok,
	    ke4_double(amount - sum), msg);
}

/* An AKIP total row: the sum of the components, and its predikat. */
static void
check_akip(struct check *c, const Kinerja__ValidateRequest *in,
    const Kinerja__TableRow *row)
{
	int64_t total, sum = 0, v;
	size_t  i;

	if (!e4_of(row->opt_reported_case != 0, row->reported, &total))
		return;
	check_total(c, in, row, total, "total");
	for (i = 0; i < in->n_rows; i++)
		if (in->rows[i] != row &&
		    e4_of(in->rows[i]->opt_a_case != 0, in->rows[i]->a, &v) &&
		    too_large(c, __builtin_add_overflow(sum, v, &sum)))
			return;
	check_predikat(
	    c, row, "total", 1, ke4_double(sum), row->reported_label);
}

/* The IKM row: means printed to two decimals give the IKM only to within
 * 25 * 0,005, so only a larger gap is a slip; the mutu must fit. */
static void
check_ikm(struct check *c, const Kinerja__ValidateRequest *in,
    const Kinerja__TableRow *row)
{
	int64_t sum[KC_UNSUR], count[KC_UNSUR], e4, stated;
	kc_pct  ikm;
	size_t  i, n = 0;
	char    rep[32], ok[32], msg[200];

	for (i = 0; i < in->n_rows && n < KC_UNSUR; i++) {
		if (in->rows[i] == row ||
		    !e4_of(in->rows[i]->opt_a_case != 0, in->rows[i]->a, &e4))
			continue;
		sum[n]     = e4;
		count[n++] = 1;
	}
	if (!row->opt_reported_case)
		return;
	stated = llround(row->reported * 100);
	if (*row->reported_label &&
	    strcasecmp(row->reported_label, kc_mutu(stated)) != 0) {
		text_e2(stated, rep, sizeof(rep));
		check_text(msg, sizeof(msg), KC_CHECK_MUTU,
		    kcall_quote(c->call, row->reported_label), rep,
		    kc_mutu(stated), NULL);
		add(c, row, KINERJA__FINDING_KIND__FINDING_PREDIKAT, "mutu",
		    row->reported_label, kc_mutu(stated), 0, msg);
	}
	if (n < KC_UNSUR || kc_ikm(sum, count, &ikm) != KC_AVAILABLE ||
	    llabs(stated - kc_round2(ikm)) <= 13)
		return;
	text_e2(stated, rep, sizeof(rep));
	text_e2(kc_round2(ikm), ok, sizeof(ok));
	check_text(msg, sizeof(msg), KC_CHECK_IKM, rep, ok, NULL, NULL);
	add(c, row, KINERJA__FINDING_KIND__FINDING_ARITHMETIC, "ikm", rep, ok,
	    ke2_double(stated - kc_round2(ikm)), msg);
}

static void
check_row(struct check *c, const Kinerja__ValidateRequest *in,
    const Kinerja__TableRow *row)
{
	int64_t amount;

	switch (in->kind) {
	case KINERJA__TABLE_KIND__TABLE_CAPAIAN:
		check_capaian(c, row);
		break;
	case KINERJA__TABLE_KIND__TABLE_SERAPAN:
		check_serapan(c, row);
		break;
	case KINERJA__TABLE_KIND__TABLE_SUM:
		/* A row may be a part and a total at once (program > kegiatan
		 * > sub kegiatan): every row with parts is checked. */
		if (e4_of(row->opt_a_case != 0, row->a, &amount))
			check_total(c, in, row, amount, "amount");
		break;
	case KINERJA__TABLE_KIND__TABLE_AKIP:
		if (row->opt_reported_case)
			check_akip(c, in, row);
		break;
	default:
		if (row->opt_reported_case)
			check_ikm(c, in, row);
	}
}

static int
validate(struct kcall *call, const void *in_arg, void *reply)
{
	const Kinerja__ValidateRequest *in = in_arg;
	Kinerja__ValidateReply         *r  = reply;
	struct check                    c  = { .call = call };
	size_t                          i;

	if (in->kind == KINERJA__TABLE_KIND__TABLE_SUM)
		sort_by_parent(&c, in);
	for (i = 0; i < in->n_rows && call->code == KINERJA__CODE__OK; i++) {
		if (kcall_expired(call)) {
			kcall_error(call, KINERJA__CODE__DEADLINE_EXCEEDED,
			    "deadline passed after %zu of %zu rows", i,
			    in->n_rows);
			return -1;
		}
		check_row(&c, in, in->rows[i]);
	}
	r->findings   = c.findings;
	r->n_findings = c.n;
	r->rows       = (uint32_t) in->n_rows;
	return 0;
}

#define MAX_DETAILS 100 /* per reply: enough to fix a table by */

/* 1 when the number is absent or usable; else records why (for the first
 * MAX_DETAILS) and returns 0. */
static int
number_ok(struct kcall *call, size_t i, const char *field, int has, double v)
{
	int64_t e4;

	if (!has || kc_double_to_e4(v, &e4) == 0)
		return 1;
	if (call->ndetails < MAX_DETAILS)
		kcall_item_error(call, (uint32_t) i, field,
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "%s: not a finite number within +-1e14", field);
	return 0;
}

/* Every number must be finite and within the range of the store (1e14),
 * or the checks' arithmetic could not hold it. */
static int
rows_in_range(struct kcall *call, const Kinerja__ValidateRequest *in)
{
	size_t i, bad = 0;

	call->list = "rows";
	for (i = 0; i < in->n_rows; i++) {
		const Kinerja__TableRow *row = in->rows[i];
		int                      n   = 0;

		n += number_ok(call, i, "a", row->opt_a_case != 0, row->a);
		n += number_ok(call, i, "b", row->opt_b_case != 0, row->b);
		n += number_ok(call, i, "reported",
		    row->opt_reported_case != 0, row->reported);
		bad += n < 3;
	}
	if (bad > 0)
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "%zu of %zu rows have a number out of range; first: "
		    "rows[%u]: %s",
		    bad, in->n_rows, call->details[0]->index,
		    call->details[0]->message);
	return bad == 0;
}

RPC(validate, ValidateRequest, ValidateReply)
{
	struct kcall          *call = arg;
	Kinerja__ValidateReply r    = KINERJA__VALIDATE_REPLY__INIT;

	(void) svc;
	if (in->kind < 0 || in->kind > KINERJA__TABLE_KIND__TABLE_IKM)
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "kind: %d is not a TableKind", in->kind);
	else if (in->n_rows == 0 || in->n_rows > call->info->max_batch)
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "rows: 1 to %u rows", call->info->max_batch);
	else if (rows_in_range(call, in))
		kread(call, validate, in, &r);
	done(&r, arg);
}
