/*
 * cmd_text.c - the LKjIP's own text (issue #15, docs/lkjip-data.md):
 * `narasi` shows a unit-year's narrative sections or writes one from a
 * file, `profil` shows the unit profile (BAB I) with its staff tables.
 * Headings and labels are the report's own, in Indonesian.
 */
#include <errno.h>
#include <stddef.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "kcore.h"

/* A section: its number, the word the sheets use, its heading. */
static const struct {
	int         number;
	const char *word;
	const char *heading;
} sections[] = {
	{ 20, "ringkasan", "Ringkasan Eksekutif" },
	{ 22, "pendahuluan", "Pendahuluan (Latar Belakang)" },
	{ 21, "penutup", "Penutup" },
	{ 1, "analisis", "Analisis Capaian" },
	{ 2, "penyebab", "Penyebab Keberhasilan / Kegagalan" },
	{ 3, "pendukung", "Faktor Pendukung" },
	{ 4, "penghambat", "Faktor Penghambat" },
	{ 5, "upaya", "Upaya / Solusi" },
	{ 6, "tindak_lanjut", "Rencana Tindak Lanjut" },
};
#define NSECTIONS    (sizeof(sections) / sizeof(sections[0]))
#define UNIT_SECTIONS 3 /* the first three belong to the unit-year */

static int
section_index(int number)
{
	size_t k;

	for (k = 0; k < NSECTIONS; k++)
		if (sections[k].number == number)
			return (int) k;
	return -1;
}

/* ------------------------------------------------------------- narasi */

struct narasi_args {
	struct unit_year a;
	const char      *indicator, *bagian, *file;
};

static int
set_narasi(void *arg, int c, const char *v)
{
	struct narasi_args *n = arg;

	switch (c) {
	case 'i':
		n->indicator = v;
		return 0;
	case 'b':
		n->bagian = v;
		return 0;
	case 'f':
		n->file = v;
		return 0;
	}
	return cli_unit_year(&n->a, c, v) == 0 ? 0 : -1;
}

/* A text, each line after the indent, and a blank line. */
static void
indented(const char *indent, const char *text)
{
	const char *p = text, *e;

	for (; *p; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		e = e ? e : p + strlen(p);
		printf("%s%.*s\n", e > p ? indent : "", (int) (e - p), p);
	}
	printf("\n");
}

/* The sections of one indicator ("" the unit-year) in report order. */
static void
print_sections(const Kinerja__GetNarrativeReply *r, const char *indicator,
    size_t from, size_t to)
{
	size_t k, i;

	for (k = from; k < to; k++)
		for (i = 0; i < r->n_items; i++) {
			const Kinerja__Narrative *n = r->items[i];

			if ((int) n->section != sections[k].number ||
			    strcmp(n->indicator, indicator) != 0)
				continue;
			printf("%s%s\n\n", *indicator ? "  " : "",
			    sections[k].heading);
			indented(*indicator ? "  " : "", n->text);
		}
}

/* The indicator's name as ListIndicators gives it; "" when not there. */
static const char *
indicator_name(const Kinerja__ListIndicatorsReply *l, const char *code)
{
	size_t i;

	for (i = 0; l != NULL && i < l->n_indicators; i++)
		if (strcmp(l->indicators[i]->code, code) == 0)
			return l->indicators[i]->name;
	return "";
}

static void
narasi_print(const Kinerja__GetNarrativeReply *r, enum out_format f,
    const Kinerja__ListIndicatorsReply *names)
{
	static const char *const head[] = { "unit", "year", "indicator",
		"section", "text" };
	struct table             t;
	size_t                   i;
	char                     year[16];

	if (f == OUT_CSV) { /* narasi.csv's columns */
		table_init(&t, 5, head);
		for (i = 0; i < r->n_items; i++) {
			const Kinerja__Narrative *n = r->items[i];
			int         k       = section_index((int) n->section);
			const char *cells[] = { n->unit, year, n->indicator,
				k < 0 ? "" : sections[k].word, n->text };

			snprintf(year, sizeof(year), "%d", n->year);
			table_add(&t, cells);
		}
		table_print(&t, f, stdout);
		table_free(&t);
		return;
	}
	if (r->n_items == 0) {
		printf("Belum ada narasi untuk unit dan tahun ini.\n");
		return;
	}
	print_sections(r, "", 0, UNIT_SECTIONS);
	for (i = 0; i < r->n_items; i++) {
		const char *ind = r->items[i]->indicator;

		if (*ind == 0 ||
		    (i > 0 && strcmp(r->items[i - 1]->indicator, ind) == 0))
			continue; /* the server sorts by indicator */
		if (*indicator_name(names, ind))
			printf("Indikator %s: %s\n\n", ind,
			    indicator_name(names, ind));
		else
			printf("Indikator %s\n\n", ind);
		print_sections(r, ind, UNIT_SECTIONS, NSECTIONS);
	}
}

/* The whole of a file ("-": stdin) as text: line ends "\n", trailing
 * blank lines and spaces dropped. NULL after saying why. */
static char *
read_text(const char *path)
{
	const char *name = strcmp(path, "-") == 0 ? "/dev/stdin" : path;
	size_t      len, i, j;
	char       *raw = cli_slurp(name, &len), *t;

	if (raw == NULL) {
		fprintf(stderr, "kinerja: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if ((t = malloc(len + 1)) == NULL) {
		free(raw);
		fprintf(stderr, "kinerja: out of memory\n");
		return NULL;
	}
	for (i = j = 0; i < len; i++)
		if (!(raw[i] == '\r' && i + 1 < len && raw[i + 1] == '\n'))
			t[j++] = raw[i];
	while (j > 0 && strchr(" \t\r\n", t[j - 1]) != NULL)
		j--;
	t[j] = 0;
	free(raw);
	return t;
}

static int
narasi_write(struct cli *cli, const struct command *cmd,
    const struct narasi_args *n)
{
	Kinerja__SubmitNarrativeRequest req =
	    KINERJA__SUBMIT_NARRATIVE_REQUEST__INIT;
	Kinerja__Narrative  item = KINERJA__NARRATIVE__INIT, *items[1] = { &item };
	Kinerja__WriteReply *w;
	size_t               k;
	int                  rc = EXIT_FAIL;

	for (k = 0; k < NSECTIONS; k++)
		if (strcasecmp(n->bagian, sections[k].word) == 0)
			break;
	if (k == NSECTIONS) {
		fprintf(stderr,
		    "kinerja: --bagian: \"%s\" is not analisis, penyebab, "
		    "pendukung, penghambat, upaya, tindak_lanjut, ringkasan, "
		    "penutup or pendahuluan\n",
		    n->bagian);
		return cli_usage(cmd);
	}
	item.unit      = (char *) n->a.unit;
	item.year      = n->a.year;
	item.indicator = (char *) (n->indicator ? n->indicator : "");
	item.section   = (Kinerja__NarrativeSection) sections[k].number;
	if ((item.text = read_text(n->file)) == NULL)
		return EXIT_FAIL;
	req.items   = items;
	req.n_items = 1;
	if (cli_connect(cli) != EXIT_OK)
		goto out;
	if (kinerja_submit_narrative(cli->client, &req, &w, &cli->st) != 0) {
		rc = cli_fail(cli, cmd->name);
		goto out;
	}
	if (cli->format == OUT_JSON)
		json_print_message(&w->base);
	else
		printf("%s %s tahun %d%s%s: %s\n", sections[k].heading,
		    n->a.unit, n->a.year, n->indicator ? ", indikator " : "",
		    n->indicator ? n->indicator : "",
		    w->unchanged ? "tidak berubah"
		    : *item.text ? "disimpan"
		                 : "dihapus");
	kinerja__write_reply__free_unpacked(w, NULL);
	rc = EXIT_OK;
out:
	free(item.text);
	return rc;
}

static int
narasi_show(struct cli *cli, const struct command *cmd,
    const struct unit_year *a)
{
	Kinerja__GetNarrativeRequest   req = KINERJA__GET_NARRATIVE_REQUEST__INIT;
	Kinerja__ListIndicatorsRequest lreq =
	    KINERJA__LIST_INDICATORS_REQUEST__INIT;
	Kinerja__GetNarrativeReply   *r;
	Kinerja__ListIndicatorsReply *names = NULL;

	req.unit = (char *) a->unit;
	req.year = a->year;
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	if (kinerja_get_narrative(cli->client, &req, &r, &cli->st) != 0)
		return cli_fail(cli, cmd->name);
	if (cli->format == OUT_JSON)
		json_print_message(&r->base);
	else {
		/* The headings name the indicators; without the list
		 * (a failed call) they give the code alone. */
		if (cli->format == OUT_TABLE &&
		    kinerja_list_indicators(cli->client, &lreq, &names,
		        &cli->st) != 0)
			names = NULL;
		if (cli->format == OUT_TABLE)
			printf("Narasi Laporan Kinerja %s tahun %d\n\n",
			    a->unit, a->year);
		narasi_print(r, cli->format, names);
	}
	if (names != NULL)
		kinerja__list_indicators_reply__free_unpacked(names, NULL);
	kinerja__get_narrative_reply__free_unpacked(r, NULL);
	return EXIT_OK;
}

int
run_narasi(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "unit", required_argument, NULL, 'u' },
		{ "year", required_argument, NULL, 'y' },
		{ "indicator", required_argument, NULL, 'i' },
		{ "bagian", required_argument, NULL, 'b' },
		{ "file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct narasi_args n = { { NULL, 0, 0 }, NULL, NULL, NULL };

	if (cli_flags(cmd, argc, argv, longs, set_narasi, &n) != 0 ||
	    optind < argc || n.a.unit == NULL || n.a.year == 0 ||
	    (n.bagian == NULL) != (n.file == NULL) ||
	    (n.indicator != NULL && n.bagian == NULL))
		return cli_usage(cmd);
	if (n.bagian != NULL)
		return narasi_write(cli, cmd, &n);
	return narasi_show(cli, cmd, &n.a);
}

/* ------------------------------------------------------------- profil */

/* "65.000": a count the Indonesian way. */
static void
thousands(uint64_t v, char *buf, size_t len)
{
	char   digits[32];
	size_t n, i, j = 0;

	n = (size_t) snprintf(digits, sizeof(digits), "%llu",
	    (unsigned long long) v);
	for (i = 0; i < n && j + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[j++] = '.';
		buf[j++] = digits[i];
	}
	buf[j] = 0;
}

/* A label and its text; a text of several lines below it, as a
 * numbered list or (tugas pokok) as paragraphs. */
static void
labelled(const char *label, const char *text)
{
	const char *p = text, *e;
	int         k = 1, numbered = strcmp(label, "Tugas pokok") != 0;

	if (strchr(text, '\n') == NULL) {
		printf("%-34s %s\n", label, *text ? text : "-");
		return;
	}
	printf("%s\n", label);
	for (; *p; p = *e ? e + 1 : e, k++) {
		e = strchr(p, '\n');
		e = e ? e : p + strlen(p);
		if (numbered)
			printf("  %d. %.*s\n", k, (int) (e - p), p);
		else
			printf("  %.*s\n", (int) (e - p), p);
	}
}

static const char *const group_heads[] = { "", "Eselon", "Golongan",
	"Pendidikan" };

static void
staff_table(const Kinerja__UnitProfile *p, int group, enum out_format f)
{
	static const char *const head[] = { "", "L", "P", "Jumlah" };
	const char              *h[4]   = { group_heads[group], head[1],
		                       head[2], head[3] };
	struct table             t;
	size_t                   i;
	uint64_t                 tl = 0, tp = 0;
	char                     l[32], pr[32], sum[32];

	table_init(&t, 4, h);
	t.right[1] = t.right[2] = t.right[3] = 1;
	for (i = 0; i < p->n_staff; i++) {
		const Kinerja__StaffCount *s       = p->staff[i];
		const char                *cells[] = { s->category, l, pr, sum };

		if ((int) s->group != group)
			continue;
		thousands(s->laki_laki, l, sizeof(l));
		thousands(s->perempuan, pr, sizeof(pr));
		thousands((uint64_t) s->laki_laki + s->perempuan, sum,
		    sizeof(sum));
		tl += s->laki_laki;
		tp += s->perempuan;
		table_add(&t, cells);
	}
	if (t.nrows > 0) {
		const char *cells[] = { "Jumlah", l, pr, sum };

		thousands(tl, l, sizeof(l));
		thousands(tp, pr, sizeof(pr));
		thousands(tl + tp, sum, sizeof(sum));
		table_add(&t, cells);
		printf("\nPegawai menurut %s\n\n", group_heads[group]);
		table_print(&t, f, stdout);
	}
	table_free(&t);
}

static const struct {
	const char *field, *label;
	size_t      offset;
} profile_texts[] = {
#define T(f, label) { #f, label, offsetof(Kinerja__UnitProfile, f) }
	T(dasar_hukum, "Dasar hukum"),
	T(tugas_pokok, "Tugas pokok"),
	T(fungsi, "Fungsi"),
	T(susunan_organisasi, "Susunan organisasi"),
	T(pimpinan_jabatan, "Jabatan pimpinan"),
	T(pimpinan_nama, "Nama pimpinan"),
	T(pimpinan_nip, "NIP pimpinan"),
	T(sekretaris_nama, "Nama sekretaris"),
	T(sekretaris_nip, "NIP sekretaris"),
	T(atasan_jabatan, "Jabatan atasan (pihak kedua PK)"),
	T(atasan_nama, "Nama atasan"),
	T(tempat, "Tempat penandatanganan"),
	T(tanggal_pk, "Tanggal Perjanjian Kinerja"),
	T(tanggal_pk_perubahan, "Tanggal PK Perubahan"),
#undef T
};
#define NTEXTS      (sizeof(profile_texts) / sizeof(profile_texts[0]))
#define WILAYAH_AT  4 /* the area and counts come after the lists */

static const char *
profile_text(const Kinerja__UnitProfile *p, size_t k)
{
	return *(char *const *) ((const char *) p + profile_texts[k].offset);
}

/* The area and the counts: field, label, value as shown. */
static void
wilayah(const Kinerja__UnitProfile *p, int table, char v[4][48])
{
	char n[32];

	if (p->opt_luas_ha_case && table) {
		int64_t e2 = llround(p->luas_ha * 100);

		thousands((uint64_t) (e2 / 100), n, sizeof(n));
		snprintf(v[0], 48, "%s,%02d ha", n, (int) (e2 % 100));
	} else if (p->opt_luas_ha_case)
		fmt_value(p->luas_ha, 0, v[0], 48);
	else
		snprintf(v[0], 48, table ? "-" : "");
	if (table) {
		thousands(p->desa, v[1], 48);
		thousands(p->kelurahan, v[2], 48);
		thousands(p->penduduk, n, sizeof(n));
		snprintf(v[3], 48, "%s jiwa", n);
	} else {
		snprintf(v[1], 48, "%u", p->desa);
		snprintf(v[2], 48, "%u", p->kelurahan);
		snprintf(v[3], 48, "%u", p->penduduk);
	}
}

static const char *const wilayah_fields[] = { "luas_ha", "desa", "kelurahan",
	"penduduk" };
static const char *const wilayah_labels[] = { "Luas wilayah", "Jumlah desa",
	"Jumlah kelurahan", "Jumlah penduduk" };

/* --format csv: profil.csv's field,value rows (a list one row a line),
 * then pegawai.csv's group,category,laki_laki,perempuan. */
static void
profil_csv(const Kinerja__UnitProfile *p)
{
	static const char *const head[]  = { "field", "value" };
	static const char *const shead[] = { "group", "category", "laki_laki",
		"perempuan" };
	static const char *const words[] = { "", "eselon", "golongan",
		"pendidikan" };
	struct table             t;
	char                     v[4][48], l[16], pr[16], *line, *save;
	size_t                   k, i;

	table_init(&t, 2, head);
	wilayah(p, 0, v);
	for (k = 0; k < NTEXTS; k++) {
		char *copy = strdup(profile_text(p, k));

		for (line = strtok_r(copy, "\n", &save); line != NULL;
		     line = strtok_r(NULL, "\n", &save)) {
			const char *cells[] = { profile_texts[k].field, line };

			table_add(&t, cells);
		}
		free(copy);
		for (i = 0; k + 1 == WILAYAH_AT && i < 4; i++) {
			const char *cells[] = { wilayah_fields[i], v[i] };

			if (*v[i])
				table_add(&t, cells);
		}
	}
	table_print(&t, OUT_CSV, stdout);
	table_free(&t);
	table_init(&t, 4, shead);
	for (i = 0; i < p->n_staff; i++) {
		const Kinerja__StaffCount *s       = p->staff[i];
		const char                *cells[] = { words[s->group % 4],
			                       s->category, l, pr };

		snprintf(l, sizeof(l), "%u", s->laki_laki);
		snprintf(pr, sizeof(pr), "%u", s->perempuan);
		table_add(&t, cells);
	}
	printf("\n");
	table_print(&t, OUT_CSV, stdout);
	table_free(&t);
}

static void
profil_print(const void *reply, enum out_format f, const struct unit_year *a)
{
	const Kinerja__GetProfileReply *r = reply;
	const Kinerja__UnitProfile     *p = r->profile;
	char                            v[4][48];
	size_t                          k, i;
	int                             g;

	if (!r->found || p == NULL) {
		if (f == OUT_TABLE)
			printf("Belum ada profil untuk %s tahun %d.\n",
			    a->unit, a->year);
		return;
	}
	if (f == OUT_CSV) {
		profil_csv(p);
		return;
	}
	printf("Profil %s tahun %d\n\n", a->unit, a->year);
	wilayah(p, 1, v);
	for (k = 0; k < NTEXTS; k++) {
		labelled(profile_texts[k].label, profile_text(p, k));
		for (i = 0; k + 1 == WILAYAH_AT && i < 4; i++)
			labelled(wilayah_labels[i], v[i]);
	}
	for (g = KINERJA__STAFF_GROUP__STAFF_GROUP_ESELON;
	     g <= KINERJA__STAFF_GROUP__STAFF_GROUP_PENDIDIKAN; g++)
		staff_table(p, g, f);
}

int
run_profil(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct view v = { "GetProfile",
		&kinerja__get_profile_request__descriptor,
		&kinerja__get_profile_reply__descriptor, profil_print, 0, 0 };

	return cli_view(cli, cmd, argc, argv, &v);
}
