/*
 * h_report.c - GetReport: the Laporan Kinerja (LKjIP) of a unit-year and
 * its Perjanjian Kinerja, as HTML, Markdown or DOCX (issue #15,
 * docs/lkjip.md). The document is built in the report library's model
 * (report/doc.h) from what the read RPCs answer, run in-process; the
 * unit's own text (narrative, profile) where given and a visible
 * placeholder where not. Here: the call, the shared helpers, the cover,
 * ringkasan, BAB I, II and IV, the lampiran and the PK; BAB III is in
 * h_report_bab3.c.
 */
#define _GNU_SOURCE /* open_memstream */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_build.h"

#define SECTION(x) KINERJA__NARRATIVE_SECTION__NARRATIVE_SECTION_##x

/* ------------------------------------------------------------ helpers */

void *
rb_rpc(struct rbuild *b, const char *method, const void *req)
{
	struct kinvoke_status st;
	void                 *r = khandlers_invoke(b->call, method, req, &st);

	if (r != NULL)
		return r;
	switch (st.code) {
	case KINERJA__CODE__NOT_FOUND:
	case KINERJA__CODE__UNIMPLEMENTED:
	case KINERJA__CODE__FAILED_PRECONDITION:
	case KINERJA__CODE__INVALID_ARGUMENT:
		return NULL; /* nothing to state: the document says so */
	default:
		if (b->code == KINERJA__CODE__OK) {
			b->code = st.code;
			snprintf(b->message, sizeof(b->message), "%s: %.400s",
			    method, st.message);
		}
		return NULL;
	}
}

/* Dots between thousands of an unsigned decimal string. */
static void
group(char *out, size_t len, const char *digits)
{
	size_t n = strlen(digits), i, o = 0;

	for (i = 0; i < n && o + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

const char *
rb_num(struct rbuild *b, double v)
{
	char    buf[64], whole[40], grouped[56], *dot;
	int64_t e4;
	size_t  n;

	if (kc_double_to_e4(v, &e4) != 0)
		return "-";
	kc_format_decimal(e4 < 0 ? -e4 : e4, 4, buf, sizeof(buf));
	n = strlen(buf);
	dot = strchr(buf, '.');
	while (n > 0 && buf[n - 1] == '0' && (size_t) (buf + n - dot) > 3)
		buf[--n] = '\0';
	snprintf(whole, sizeof(whole), "%.*s", (int) (dot - buf), buf);
	group(grouped, sizeof(grouped), whole);
	return kcall_printf(
	    b->call, "%s%s,%s", e4 < 0 ? "-" : "", grouped, dot + 1);
}

const char *
rb_num_opt(struct rbuild *b, int has, double v)
{
	return has ? rb_num(b, v) : "-";
}

const char *
rb_int(struct rbuild *b, uint64_t v)
{
	char digits[32], out[48];

	snprintf(digits, sizeof(digits), "%llu", (unsigned long long) v);
	group(out, sizeof(out), digits);
	return kcall_strdup(b->call, out);
}

const char *
rb_money(struct rbuild *b, int has, int64_t sen)
{
	char buf[64];

	if (!has)
		return "-";
	kc_format_rupiah(sen, buf, sizeof(buf));
	return kcall_strdup(b->call, buf);
}

const char *
rb_date(struct rbuild *b, const char *ymd)
{
	static const char *const month[] = { "Januari", "Februari", "Maret",
		"April", "Mei", "Juni", "Juli", "Agustus", "September",
		"Oktober", "November", "Desember" };
	int y, m, d;
	char tail;

	if (ymd == NULL || sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return ymd ? ymd : "";
	return kcall_printf(b->call, "%d %s %d", d, month[m - 1], y);
}

const char *
rb_narrative(struct rbuild *b, const char *indicator, int section)
{
	size_t i;

	for (i = 0; b->narr && i < b->narr->n_items; i++) {
		const Kinerja__Narrative *n = b->narr->items[i];

		if ((int) n->section == section &&
		    strcmp(n->indicator, indicator) == 0 && *n->text)
			return n->text;
	}
	return NULL;
}

static void
todo(struct rbuild *b, const char *name)
{
	char **t = kcall_alloc(b->call, (b->ntodo + 1) * sizeof(*t));

	if (b->ntodo > 0)
		memcpy(t, b->todo, b->ntodo * sizeof(*t));
	t[b->ntodo++] = kcall_strdup(b->call, name);
	b->todo       = t;
}

void
rb_text_or_todo(
    struct rbuild *b, const char *indicator, int section, const char *what)
{
	const char *text = rb_narrative(b, indicator, section);

	if (text) {
		rdoc_lines(&b->doc, text, 0);
		return;
	}
	todo(b, what);
	rdoc_placeholder(&b->doc,
	    "%s — isi dengan kinerja narasi atau lembar narasi.csv", what);
}

const Kinerja__Indicator *
rb_indicator(struct rbuild *b, const char *code)
{
	size_t i;

	for (i = 0; b->inds && i < b->inds->n_indicators; i++)
		if (strcmp(b->inds->indicators[i]->code, code) == 0)
			return b->inds->indicators[i];
	return NULL;
}

const char *
rb_unit_name(struct rbuild *b, const char *code)
{
	size_t i;

	for (i = 0; b->units && i < b->units->n_units; i++)
		if (strcmp(b->units->units[i]->code, code) == 0)
			return b->units->units[i]->name;
	return code;
}

/* ---------------------------------------------------------- gathering */

/* What every part needs: the unit, its region, the indicators, the
 * unit's text, its capaian and its plan. 0, or -1 with the call's status
 * set (an unknown unit is NOT_FOUND). */
static int
gather(struct rbuild *b)
{
	Kinerja__ListUnitsRequest      lu = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListIndicatorsRequest li =
	    KINERJA__LIST_INDICATORS_REQUEST__INIT;
	Kinerja__GetNarrativeRequest nr = KINERJA__GET_NARRATIVE_REQUEST__INIT;
	Kinerja__GetProfileRequest   pr = KINERJA__GET_PROFILE_REQUEST__INIT;
	Kinerja__GetCapaianRequest   cr = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__ExportRequest       er = KINERJA__EXPORT_REQUEST__INIT;
	Kinerja__GetProfileReply    *prof;
	size_t                       i;

	b->units = rb_rpc(b, "ListUnits", &lu);
	for (i = 0; b->units && i < b->units->n_units; i++)
		if (strcmp(b->units->units[i]->code, b->unit) == 0)
			b->u = b->units->units[i];
	if (b->u == NULL) {
		if (b->code == KINERJA__CODE__OK)
			kcall_error(b->call, KINERJA__CODE__NOT_FOUND,
			    "unit: no unit %s", kcall_quote(b->call, b->unit));
		return -1;
	}
	b->unit_name   = b->u->name;
	b->region      = b->u->parent;
	b->region_name = *b->region ? rb_unit_name(b, b->region) : "";
	b->inds        = rb_rpc(b, "ListIndicators", &li);
	nr.unit = pr.unit = cr.unit = er.unit = (char *) b->unit;
	nr.year = pr.year = cr.year = b->year;
	cr.predikat_rule = b->rule;
	b->narr          = rb_rpc(b, "GetNarrative", &nr);
	prof             = rb_rpc(b, "GetProfile", &pr);
	b->prof          = prof && prof->found ? prof->profile : NULL;
	b->cap           = rb_rpc(b, "GetCapaian", &cr);
	b->plan          = rb_rpc(b, "Export", &er);
	return 0;
}

size_t
rb_rows_with_data(const struct rbuild *b)
{
	size_t i, n = 0;

	for (i = 0; b->cap && i < b->cap->n_indicators; i++)
		n += b->cap->indicators[i]->opt_target_case ||
		     b->cap->indicators[i]->opt_realisasi_case;
	return n;
}

/* ---------------------------------------------------------- the cover */

static const char *
approval_text(struct rbuild *b)
{
	Kinerja__GetApprovalRequest q = KINERJA__GET_APPROVAL_REQUEST__INIT;
	Kinerja__GetApprovalReply  *r;

	q.unit = (char *) b->unit;
	q.year = b->year;
	r      = rb_rpc(b, "GetApproval", &q);
	if (r == NULL || r->approval == NULL)
		return "Draf";
	switch (r->approval->state) {
	case KINERJA__APPROVAL_STATE__APPROVAL_STATE_APPROVED:
		return kcall_printf(
		    b->call, "Disetujui %s", rb_date(b, r->approval->date));
	case KINERJA__APPROVAL_STATE__APPROVAL_STATE_VERIFIED:
		return kcall_printf(b->call, "Diverifikasi %s (belum disetujui)",
		    rb_date(b, r->approval->date));
	case KINERJA__APPROVAL_STATE__APPROVAL_STATE_SUBMITTED:
		return kcall_printf(b->call, "Diajukan %s (belum disetujui)",
		    rb_date(b, r->approval->date));
	default:
		return "Draf";
	}
}

static void
cover(struct rbuild *b)
{
	struct rdoc *d = &b->doc;

	rdoc_styled(d, RDOC_COVER_TITLE,
	    "Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun %d", b->year);
	rdoc_styled(d, RDOC_COVER, "%s", b->unit_name);
	if (*b->region_name)
		rdoc_styled(d, RDOC_COVER, "%s", b->region_name);
	rdoc_styled(d, RDOC_CENTER, "Status: %s", approval_text(b));
	rdoc_pagebreak(d);
}

/* -------------------------------------------------- ringkasan eksekutif */

static void
indicator_sentence(struct rbuild *b, const Kinerja__CapaianRow *r)
{
	if (!r->opt_target_case && !r->opt_realisasi_case)
		rdoc_styled(&b->doc, RDOC_ITEM,
		    "%s: belum ada target maupun realisasi untuk tahun %d.",
		    r->name, b->year);
	else if (r->opt_capaian_case)
		rdoc_styled(&b->doc, RDOC_ITEM,
		    "%s: target %s %s, realisasi %s %s, capaian %s%% "
		    "(predikat %s).",
		    r->name, rb_num(b, r->target), r->satuan,
		    rb_num(b, r->realisasi), r->satuan, rb_num(b, r->capaian),
		    r->predikat);
	else
		rdoc_styled(&b->doc, RDOC_ITEM,
		    "%s: target %s, realisasi %s; capaian belum dapat "
		    "dihitung.",
		    r->name, rb_num_opt(b, r->opt_target_case, r->target),
		    rb_num_opt(b, r->opt_realisasi_case, r->realisasi));
}

static void
ringkasan(struct rbuild *b)
{
	size_t i;

	rdoc_chapter(&b->doc, 0);
	rdoc_heading(&b->doc, 1, "Ringkasan Eksekutif");
	rb_text_or_todo(b, "", SECTION(RINGKASAN), "Ringkasan eksekutif");
	if (rb_rows_with_data(b) == 0) {
		rdoc_para(&b->doc,
		    "Belum ada target maupun realisasi untuk tahun %d.",
		    b->year);
		rdoc_pagebreak(&b->doc);
		return;
	}
	rdoc_para(&b->doc, "Capaian indikator kinerja %s tahun %d:",
	    b->unit_name, b->year);
	for (i = 0; i < b->cap->n_indicators; i++)
		indicator_sentence(b, b->cap->indicators[i]);
	if (b->cap->opt_capaian_case)
		rdoc_para(&b->doc,
		    "Rata-rata capaian seluruh sasaran adalah %s%% dengan "
		    "predikat %s.",
		    rb_num(b, b->cap->capaian), b->cap->predikat);
	rdoc_pagebreak(&b->doc);
}

/* -------------------------------------------------------------- BAB I */

static void
wilayah(struct rbuild *b, const Kinerja__UnitProfile *p)
{
	static const char *const head[] = { "Uraian", "Jumlah" };
	static const unsigned char right[] = { 0, 1 };

	rdoc_heading(&b->doc, 3, "Wilayah");
	rdoc_table(&b->doc, kcall_printf(b->call, "Wilayah %s", b->unit_name),
	    kcall_printf(b->call, "Profil %s tahun %d", b->unit_name, b->year),
	    2, head, right);
	if (p->opt_luas_ha_case)
		rdoc_row(&b->doc, (const char *[]) { "Luas wilayah (Ha)",
				      rb_num(b, p->luas_ha) });
	rdoc_row(&b->doc, (const char *[]) { "Desa", rb_int(b, p->desa) });
	rdoc_row(&b->doc,
	    (const char *[]) { "Kelurahan", rb_int(b, p->kelurahan) });
	rdoc_row(&b->doc, (const char *[]) { "Penduduk (jiwa)",
			      rb_int(b, p->penduduk) });
}

static void
pejabat(struct rbuild *b, const Kinerja__UnitProfile *p)
{
	static const char *const head[] = { "Jabatan", "Nama", "NIP" };

	if (!*p->pimpinan_nama && !*p->sekretaris_nama)
		return;
	rdoc_heading(&b->doc, 3, "Pejabat");
	rdoc_table(&b->doc, "Pejabat struktural",
	    kcall_printf(b->call, "Profil %s tahun %d", b->unit_name, b->year),
	    3, head, NULL);
	if (*p->pimpinan_nama)
		rdoc_row(&b->doc,
		    (const char *[]) { *p->pimpinan_jabatan ? p->pimpinan_jabatan
		                                           : "Pimpinan",
			p->pimpinan_nama, p->pimpinan_nip });
	if (*p->sekretaris_nama)
		rdoc_row(&b->doc, (const char *[]) { "Sekretaris",
				      p->sekretaris_nama, p->sekretaris_nip });
}

static void
staff(struct rbuild *b, const Kinerja__UnitProfile *p, int group,
    const char *title)
{
	static const char *const head[] = { "No", "Kategori", "L", "P",
		"Jumlah" };
	static const unsigned char right[] = { 1, 0, 1, 1, 1 };
	uint64_t l = 0, w = 0;
	size_t   i, n = 0;

	for (i = 0; i < p->n_staff; i++)
		n += (int) p->staff[i]->group == group;
	if (n == 0)
		return;
	rdoc_table(&b->doc, kcall_printf(b->call, "%s %s", title, b->unit_name),
	    kcall_printf(b->call, "Profil %s tahun %d", b->unit_name, b->year),
	    5, head, right);
	for (i = 0, n = 0; i < p->n_staff; i++) {
		const Kinerja__StaffCount *s = p->staff[i];

		if ((int) s->group != group)
			continue;
		l += s->laki_laki;
		w += s->perempuan;
		rdoc_row(&b->doc,
		    (const char *[]) { rb_int(b, ++n), s->category,
			rb_int(b, s->laki_laki), rb_int(b, s->perempuan),
			rb_int(b, (uint64_t) s->laki_laki + s->perempuan) });
	}
	rdoc_row(&b->doc, (const char *[]) { "", "Jumlah", rb_int(b, l),
			      rb_int(b, w), rb_int(b, l + w) });
}

static void
bab1(struct rbuild *b)
{
	const Kinerja__UnitProfile *p = b->prof;

	rdoc_chapter(&b->doc, 1);
	rdoc_heading(&b->doc, 1, "BAB I Pendahuluan");
	rdoc_heading(&b->doc, 2, "A. Latar Belakang");
	rb_text_or_todo(b, "", SECTION(PENDAHULUAN), "Pendahuluan (latar belakang)");
	rdoc_heading(&b->doc, 2, "B. Gambaran Umum %s", b->unit_name);
	if (p == NULL) {
		todo(b, "Profil unit");
		rdoc_placeholder(&b->doc,
		    "Profil %s tahun %d (dasar hukum, tugas pokok dan fungsi, "
		    "wilayah, organisasi, pegawai) — isi dengan kinerja profil "
		    "atau lembar profil.csv dan pegawai.csv",
		    b->unit_name, b->year);
		rdoc_pagebreak(&b->doc);
		return;
	}
	if (*p->dasar_hukum) {
		rdoc_heading(&b->doc, 3, "Dasar Hukum");
		rdoc_lines(&b->doc, p->dasar_hukum, 1);
	}
	if (*p->tugas_pokok || *p->fungsi) {
		rdoc_heading(&b->doc, 3, "Tugas Pokok dan Fungsi");
		rdoc_lines(&b->doc, p->tugas_pokok, 0);
		if (*p->fungsi) {
			rdoc_para(&b->doc, "Fungsi:");
			rdoc_lines(&b->doc, p->fungsi, 1);
		}
	}
	wilayah(b, p);
	if (*p->susunan_organisasi) {
		rdoc_heading(&b->doc, 3, "Susunan Organisasi");
		rdoc_lines(&b->doc, p->susunan_organisasi, 1);
	}
	pejabat(b, p);
	if (p->n_staff > 0) {
		rdoc_heading(&b->doc, 3, "Kepegawaian");
		staff(b, p, KINERJA__STAFF_GROUP__STAFF_GROUP_ESELON,
		    "Pegawai menurut eselon");
		staff(b, p, KINERJA__STAFF_GROUP__STAFF_GROUP_GOLONGAN,
		    "Pegawai menurut golongan");
		staff(b, p, KINERJA__STAFF_GROUP__STAFF_GROUP_PENDIDIKAN,
		    "Pegawai menurut pendidikan");
	}
	rdoc_pagebreak(&b->doc);
}

/* ------------------------------------------------------------- BAB II */

/* The value of a kind for an indicator-year in the unit's Export. */
static const Kinerja__IndicatorValue *
plan_value(struct rbuild *b, const char *ind, int year, int kind)
{
	size_t i;

	for (i = 0; b->plan && i < b->plan->n_values; i++) {
		const Kinerja__IndicatorValue *v = b->plan->values[i];

		if (v->year == year && (int) v->kind == kind &&
		    v->period == 0 && strcmp(v->indicator, ind) == 0)
			return v;
	}
	return NULL;
}

static const char *
value_text(struct rbuild *b, const Kinerja__IndicatorValue *v)
{
	if (v == NULL)
		return "-";
	if (v->opt_value_case && *v->predikat)
		return kcall_printf(
		    b->call, "%s (%s)", v->predikat, rb_num(b, v->value));
	if (*v->predikat)
		return v->predikat;
	return rb_num_opt(b, v->opt_value_case, v->value);
}

/* The Renstra years: those with a Renstra target, at most 8, the last
 * ones up to the year after the report's period. */
static int
renstra_years(struct rbuild *b, int32_t years[8])
{
	int    n = 0, y;
	size_t i;

	for (y = b->year - 6; y <= b->year + 6 && n < 8; y++)
		for (i = 0; b->plan && i < b->plan->n_values; i++)
			if (b->plan->values[i]->year == y &&
			    (int) b->plan->values[i]->kind == VALUE_RENSTRA_TARGET) {
				years[n++] = y;
				break;
			}
	return n;
}

static void
renstra(struct rbuild *b)
{
	int32_t      years[8];
	int          ny = renstra_years(b, years), c, end_year = 0;
	/* 4 named columns, up to 8 years, the end target. */
	const char  *head[4 + 8 + 1];
	const char  *cells[4 + 8 + 1];
	unsigned char right[4 + 8 + 1] = { 0 };
	size_t       i;

	rdoc_heading(&b->doc, 2, "A. Rencana Strategis");
	for (i = 0; b->plan && i < b->plan->n_values; i++)
		if ((int) b->plan->values[i]->kind == VALUE_RENSTRA_END_TARGET &&
		    b->plan->values[i]->year > end_year)
			end_year = b->plan->values[i]->year;
	if (b->plan == NULL || b->plan->n_links == 0 ||
	    (ny == 0 && end_year == 0)) {
		rdoc_para(&b->doc,
		    "Belum ada target Renstra %s yang tercatat di sekitar "
		    "tahun %d.",
		    b->unit_name, b->year);
		return;
	}
	head[0] = "Tujuan";
	head[1] = "Sasaran";
	head[2] = "Indikator";
	head[3] = "Satuan";
	for (c = 0; c < ny; c++) {
		head[4 + c]  = kcall_printf(b->call, "%d", years[c]);
		right[4 + c] = 1;
	}
	head[4 + ny]  = end_year
	                    ? kcall_printf(b->call, "Target akhir %d", end_year)
	                    : "Target akhir";
	right[4 + ny] = 1;
	rdoc_table(&b->doc, kcall_printf(b->call, "Target Renstra %s",
	                        b->unit_name),
	    "Renstra (kinerja export)", 5 + ny, head, right);
	for (i = 0; i < b->plan->n_links; i++) {
		const Kinerja__SasaranLink *l   = b->plan->links[i];
		const Kinerja__Indicator   *ind = rb_indicator(b, l->indicator);

		cells[0] = l->tujuan;
		cells[1] = l->sasaran;
		cells[2] = ind ? ind->name : l->indicator;
		cells[3] = ind ? ind->satuan : "";
		for (c = 0; c < ny; c++)
			cells[4 + c] = value_text(b, plan_value(b, l->indicator,
			                                 years[c],
			                                 VALUE_RENSTRA_TARGET));
		cells[4 + ny] = value_text(b, plan_value(b, l->indicator,
		                                  end_year,
		                                  VALUE_RENSTRA_END_TARGET));
		rdoc_row(&b->doc, cells);
	}
}

static void
iku(struct rbuild *b)
{
	static const char *const head[] = { "Indikator", "Jenis",
		"Definisi operasional", "Formula", "Sumber data",
		"Penanggung jawab" };
	static const char *const type_name[] = { "-", "IKU", "IKK", "Outcome",
		"Output" };
	size_t i;

	rdoc_heading(&b->doc, 2, "B. Indikator Kinerja Utama");
	if (b->plan == NULL || b->plan->n_links == 0) {
		rdoc_para(&b->doc, "Belum ada indikator yang terhubung dengan "
		                   "sasaran %s.",
		    b->unit_name);
		return;
	}
	rdoc_table(&b->doc, kcall_printf(b->call, "Indikator Kinerja Utama %s",
	                        b->unit_name),
	    "Metadata indikator dan sasaran (kinerja indikator)", 6, head,
	    NULL);
	for (i = 0; i < b->plan->n_links; i++) {
		const Kinerja__SasaranLink *l   = b->plan->links[i];
		const Kinerja__Indicator   *ind = rb_indicator(b, l->indicator);
		unsigned t = ind && ind->type < 5 ? (unsigned) ind->type : 0;

		rdoc_row(&b->doc,
		    (const char *[]) { ind ? ind->name : l->indicator,
			type_name[t], ind && *ind->definisi ? ind->definisi : "-",
			ind && *ind->formula ? ind->formula : "-",
			ind && *ind->sumber_data ? ind->sumber_data : "-",
			*l->penanggung_jawab ? l->penanggung_jawab : "-" });
	}
}

/* The PK targets of the year: one row per indicator of the capaian. */
static void
pk_table(struct rbuild *b, const char *title)
{
	static const char *const head[] = { "No", "Sasaran strategis",
		"Indikator kinerja", "Satuan", "Target" };
	static const unsigned char right[] = { 1, 0, 0, 0, 1 };
	size_t i, n = 0;

	for (i = 0; b->cap && i < b->cap->n_indicators; i++)
		n += b->cap->indicators[i]->opt_target_case;
	if (n == 0) {
		rdoc_para(&b->doc,
		    "Belum ada target Perjanjian Kinerja untuk tahun %d.",
		    b->year);
		return;
	}
	rdoc_table(&b->doc, title,
	    kcall_printf(b->call, "Perjanjian Kinerja %s tahun %d",
	        b->unit_name, b->year),
	    5, head, right);
	for (i = 0, n = 0; i < b->cap->n_indicators; i++) {
		const Kinerja__CapaianRow *r = b->cap->indicators[i];

		if (!r->opt_target_case)
			continue;
		rdoc_row(&b->doc,
		    (const char *[]) { rb_int(b, ++n), r->sasaran, r->name,
			r->satuan,
			*r->target_predikat
			    ? kcall_printf(b->call, "%s (%s)", r->target_predikat,
			          rb_num(b, r->target))
			    : rb_num(b, r->target) });
	}
}

/* A PK revision: the indicator's first and last target of the year, from
 * its history, and when it last changed. */
struct revision {
	const char *name, *satuan, *first, *last, *date;
};

static const char *
history_number(struct rbuild *b, const char *v)
{
	char  *end;
	double d = strtod(v, &end);

	return end != v && *end == '\0' ? rb_num(b, d) : v;
}

/* Unix milliseconds as a UTC date, "2026-12-05". */
static const char *
ms_date(struct rbuild *b, int64_t ms)
{
	time_t    t = (time_t) (ms / 1000);
	struct tm tm;
	char      ymd[16];

	gmtime_r(&t, &tm);
	strftime(ymd, sizeof(ymd), "%Y-%m-%d", &tm);
	return kcall_strdup(b->call, ymd);
}

static int
revision_of(struct rbuild *b, const Kinerja__CapaianRow *r, struct revision *out)
{
	Kinerja__GetHistoryRequest q = KINERJA__GET_HISTORY_REQUEST__INIT;
	Kinerja__GetHistoryReply  *h;
	const Kinerja__Revision   *first = NULL, *last = NULL;
	size_t                     i;

	q.unit      = (char *) b->unit;
	q.indicator = r->indicator;
	q.year      = b->year;
	h           = rb_rpc(b, "GetHistory", &q);
	for (i = 0; h && i < h->n_revisions; i++) {
		const Kinerja__Revision *v = h->revisions[i];

		if (strcmp(v->what, "target") != 0 ||
		    strcmp(v->field, "value") != 0 || !*v->new_value)
			continue;
		if (first == NULL)
			first = v;
		last = v;
	}
	if (first == NULL || first == last ||
	    strcmp(first->new_value, last->new_value) == 0)
		return 0;
	out->name   = r->name;
	out->satuan = r->satuan;
	out->first  = history_number(b, first->new_value);
	out->last   = history_number(b, last->new_value);
	out->date   = rb_date(b, ms_date(b, last->at_ms));
	return 1;
}

/* The PK Perubahan: original and revised targets side by side. Returns
 * how many indicators were revised. */
static size_t
pk_perubahan(struct rbuild *b)
{
	static const char *const head[] = { "Indikator kinerja", "Satuan",
		"Target awal", "Target perubahan", "Tanggal perubahan" };
	static const unsigned char right[] = { 0, 0, 1, 1, 0 };
	struct revision rv;
	size_t          i, n = 0;

	for (i = 0; b->cap && i < b->cap->n_indicators; i++) {
		if (b->cap->indicators[i]->target_revisions < 2 ||
		    !revision_of(b, b->cap->indicators[i], &rv))
			continue;
		if (n++ == 0) {
			if (b->prof && *b->prof->tanggal_pk_perubahan)
				rdoc_para(&b->doc,
				    "Perjanjian Kinerja tahun %d diubah dengan "
				    "Perjanjian Kinerja Perubahan tanggal %s.",
				    b->year,
				    rb_date(b, b->prof->tanggal_pk_perubahan));
			rdoc_table(&b->doc,
			    kcall_printf(b->call,
			        "Perjanjian Kinerja Perubahan tahun %d", b->year),
			    "Riwayat perubahan target (kinerja history)", 5, head,
			    right);
		}
		rdoc_row(&b->doc, (const char *[]) { rv.name, rv.satuan,
				      rv.first, rv.last, rv.date });
	}
	return n;
}

static void
bab2(struct rbuild *b)
{
	rdoc_chapter(&b->doc, 2);
	rdoc_heading(&b->doc, 1, "BAB II Perencanaan Kinerja");
	renstra(b);
	iku(b);
	rdoc_heading(&b->doc, 2, "C. Perjanjian Kinerja");
	pk_table(b, kcall_printf(b->call, "Perjanjian Kinerja tahun %d",
	                b->year));
	pk_perubahan(b);
	rdoc_pagebreak(&b->doc);
}

/* ------------------------------------------------- BAB IV and lampiran */

static void
bab4(struct rbuild *b)
{
	rdoc_chapter(&b->doc, 4);
	rdoc_heading(&b->doc, 1, "BAB IV Penutup");
	rb_text_or_todo(b, "", SECTION(PENUTUP), "Penutup");
	rdoc_pagebreak(&b->doc);
	rdoc_chapter(&b->doc, 0);
	rdoc_heading(&b->doc, 1, "Lampiran");
	rdoc_heading(&b->doc, 2, "Lampiran Perjanjian Kinerja Tahun %d", b->year);
	pk_table(b, kcall_printf(b->call, "Lampiran Perjanjian Kinerja tahun %d",
	                b->year));
}

/* ----------------------------------------------------------------- PK */

static void
signatures(struct rbuild *b)
{
	const Kinerja__UnitProfile *p = b->prof;
	const char *dots = "..........";

	rdoc_styled(&b->doc, RDOC_CENTER, "%s, %s", *p->tempat ? p->tempat : dots,
	    *p->tanggal_pk ? rb_date(b, p->tanggal_pk) : dots);
	rdoc_signatures(&b->doc,
	    (const char *const[]) { "Pihak Kedua,",
		*p->atasan_jabatan ? p->atasan_jabatan : dots, " ", " ", " ",
		*p->atasan_nama ? p->atasan_nama : dots, "" },
	    (const char *const[]) { "Pihak Pertama,",
		*p->pimpinan_jabatan ? p->pimpinan_jabatan : dots, " ", " ", " ",
		*p->pimpinan_nama ? p->pimpinan_nama : dots,
		*p->pimpinan_nip ? kcall_printf(b->call, "NIP. %s",
		                       p->pimpinan_nip)
		                 : "" },
	    7);
}

/* A party of the PK; one not in the profile is a placeholder, and the
 * line keeps dots to fill in by hand. */
static void
party(struct rbuild *b, const char *nama, const char *jabatan,
    const char *which, const char *what, const char *fields)
{
	if (!*nama || !*jabatan) {
		todo(b, what);
		rdoc_placeholder(&b->doc, "%s — isi %s dengan kinerja profil",
		    what, fields);
	}
	rdoc_styled(&b->doc, RDOC_ITEM,
	    "Nama: %s; Jabatan: %s, selanjutnya disebut pihak %s.",
	    *nama ? nama : "..........", *jabatan ? jabatan : "..........",
	    which);
}

static void
pk_document(struct rbuild *b)
{
	struct rdoc                *d = &b->doc;
	const Kinerja__UnitProfile *p = b->prof;

	rdoc_styled(d, RDOC_COVER_TITLE, "Perjanjian Kinerja Tahun %d", b->year);
	rdoc_styled(d, RDOC_COVER, "%s", b->unit_name);
	if (*b->region_name)
		rdoc_styled(d, RDOC_COVER, "%s", b->region_name);
	if (p == NULL) {
		todo(b, "Profil unit");
		rdoc_placeholder(d,
		    "Para pihak (pimpinan %s dan atasannya), tempat dan tanggal "
		    "— isi dengan kinerja profil atau lembar profil.csv",
		    b->unit_name);
	} else {
		rdoc_para(d, "Dalam rangka mewujudkan manajemen pemerintahan "
		             "yang efektif, transparan dan akuntabel serta "
		             "berorientasi pada hasil, kami yang bertanda "
		             "tangan di bawah ini:");
		party(b, p->pimpinan_nama, p->pimpinan_jabatan, "pertama",
		    "Pihak pertama (pimpinan) Perjanjian Kinerja",
		    "pimpinan_nama dan pimpinan_jabatan");
		party(b, p->atasan_nama, p->atasan_jabatan, "kedua",
		    "Pihak kedua (atasan) Perjanjian Kinerja",
		    "atasan_nama dan atasan_jabatan");
		rdoc_para(d, "Pihak pertama berjanji akan mewujudkan target "
		             "kinerja yang seharusnya sesuai lampiran "
		             "perjanjian ini, dalam rangka mencapai target "
		             "kinerja jangka menengah seperti yang telah "
		             "ditetapkan dalam dokumen perencanaan. Keberhasilan "
		             "dan kegagalan pencapaian target kinerja tersebut "
		             "menjadi tanggung jawab kami.");
		rdoc_para(d, "Pihak kedua akan melakukan supervisi yang "
		             "diperlukan serta akan melakukan evaluasi terhadap "
		             "capaian kinerja dari perjanjian ini dan mengambil "
		             "tindakan yang diperlukan dalam rangka pemberian "
		             "penghargaan dan sanksi.");
		signatures(b);
	}
	rdoc_pagebreak(d);
	rdoc_heading(d, 1, "Lampiran Perjanjian Kinerja Tahun %d", b->year);
	rdoc_styled(d, RDOC_CENTER, "%s", b->unit_name);
	rdoc_chapter(d, 0);
	pk_table(b, kcall_printf(b->call, "Target kinerja tahun %d", b->year));
	if (pk_perubahan(b) == 0 && p && *p->tanggal_pk_perubahan)
		rdoc_para(d, "Perjanjian Kinerja Perubahan ditandatangani %s; "
		             "riwayat targetnya tidak mencatat perubahan angka.",
		    rb_date(b, p->tanggal_pk_perubahan));
}

/* --------------------------------------------------------------- call */

static const char *
slug(struct rbuild *b)
{
	char  *s = kcall_strdup(b->call, b->unit), *p;

	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') || *p == '-'))
			*p = '_';
	return s;
}

/* The document in the asked format into the reply; 0, or -1 (status). */
static int
write_out(struct rbuild *b, const Kinerja__GetReportRequest *in,
    Kinerja__GetReportReply *r, unsigned char **mem)
{
	static const char *const ext[] = { "html", "md", "docx" };
	static const char *const type[] = { "text/html; charset=utf-8",
		"text/markdown; charset=utf-8",
		("application/vnd.openxmlformats-officedocument."
		 "wordprocessingml.document") };
	size_t len = 0;
	int    rc;

	if (in->format == KINERJA__REPORT_FORMAT__REPORT_FORMAT_DOCX)
		rc = rdoc_docx(&b->doc, mem, &len);
	else {
		FILE *f = open_memstream((char **) mem, &len);

		if (f == NULL)
			rc = -1;
		else {
			rc = in->format == KINERJA__REPORT_FORMAT__REPORT_FORMAT_HTML
			         ? rdoc_html(&b->doc, f)
			         : rdoc_markdown(&b->doc, f);
			if (fclose(f) != 0)
				rc = -1;
		}
	}
	if (rc != 0) {
		kcall_error(b->call, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "document: could not be written (out of memory)");
		return -1;
	}
	r->document.data = *mem;
	r->document.len  = len;
	r->content_type  = (char *) type[in->format];
	r->filename      = kcall_printf(b->call, "%s-%s-%d.%s",
	         in->kind == KINERJA__REPORT_KIND__REPORT_KIND_PK ? "PK" : "LKjIP",
	         slug(b), b->year, ext[in->format]);
	r->placeholders  = b->todo;
	r->n_placeholders = b->ntodo;
	return 0;
}

static int
check(struct kcall *call, const Kinerja__GetReportRequest *in)
{
	if (kcheck_unit_year(call, in->unit, in->year) != 0 ||
	    kcheck_rule(call, in->predikat_rule) != 0)
		return -1;
	if (in->kind != KINERJA__REPORT_KIND__REPORT_KIND_LKJIP &&
	    in->kind != KINERJA__REPORT_KIND__REPORT_KIND_PK) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "kind: %d is not a report kind", (int) in->kind);
		return -1;
	}
	if ((unsigned) in->format > KINERJA__REPORT_FORMAT__REPORT_FORMAT_DOCX) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "format: %d is not a report format", (int) in->format);
		return -1;
	}
	return 0;
}

RPC(get_report, GetReportRequest, GetReportReply)
{
	struct kcall           *call = arg;
	Kinerja__GetReportReply r    = KINERJA__GET_REPORT_REPLY__INIT;
	struct rbuild           b;
	unsigned char          *mem = NULL;
	int                     pk;

	(void) svc;
	if (check(call, in) != 0) {
		done(NULL, arg);
		return;
	}
	memset(&b, 0, sizeof(b));
	b.call = call;
	b.unit = in->unit;
	b.year = in->year;
	b.rule = in->predikat_rule;
	pk     = in->kind == KINERJA__REPORT_KIND__REPORT_KIND_PK;
	rdoc_init(&b.doc, "");
	if (gather(&b) != 0 && b.code != KINERJA__CODE__OK)
		kcall_error(call, b.code, "%s", b.message);
	else if (b.u != NULL) {
		rdoc_free(&b.doc);
		rdoc_init(&b.doc,
		    kcall_printf(call, "%s %s %d",
		        pk ? "Perjanjian Kinerja" : "Laporan Kinerja",
		        b.unit_name, b.year));
		if (pk)
			pk_document(&b);
		else {
			cover(&b);
			ringkasan(&b);
			bab1(&b);
			bab2(&b);
			rb_bab3(&b);
			bab4(&b);
		}
		if (b.code != KINERJA__CODE__OK)
			kcall_error(call, b.code, "%s", b.message);
		else if (kcall_expired(call))
			kcall_error(call, KINERJA__CODE__DEADLINE_EXCEEDED,
			    "document: deadline passed while gathering");
		else if (write_out(&b, in, &r, &mem) == 0)
			done(&r, arg);
	}
	rdoc_free(&b.doc);
	if (!call->replied)
		done(NULL, arg);
	free(mem);
}
