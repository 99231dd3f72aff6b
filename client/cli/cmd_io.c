/*
 * cmd_io.c - `kinerja validate` checks tables as a report states them and
 * lists the slips; `kinerja export` writes the import sheets that rebuild
 * the data, so that a round trip through CSV changes nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "grow.h"
#include "json_pb.h"
#include "kcore.h"

/* ----------------------------------------------------------- validate */

struct table_def {
	const char *cols[11]; /* ref, label, then the kind's columns */
};

/* By Kinerja__TableKind; a header is matched on its first five columns. */
static const struct table_def tables[] = {
	{ { "ref", "label", "target", "realisasi", "capaian", "predikat",
	    "polarity", "unit", "indicator", "year" } },
	{ { "ref", "label", "pagu", "realisasi", "serapan" } },
	{ { "ref", "label", "amount", "parent" } },
	{ { "ref", "label", "score", "total", "predikat" } },
	{ { "ref", "label", "nrr", "ikm", "mutu" } },
};

#define NTABLES ((int) (sizeof(tables) / sizeof(tables[0])))

struct vfile {
	const char         *name;
	int                 kind;
	int                 col[11];
	Kinerja__TableRow **rows;
	size_t              n;
	int                 errors;
};

static int
column(const struct kc_csv_row *hdr, const char *name)
{
	size_t i;

	for (i = 0; i < hdr->nfields; i++)
		if (strcasecmp(hdr->fields[i], name) == 0)
			return (int) i;
	return -1;
}

static int
recognise(struct vfile *f, const struct kc_csv_row *hdr)
{
	int k, i;

	for (k = 0; k < NTABLES; k++) {
		for (i = 0; i < 11 && tables[k].cols[i]; i++)
			f->col[i] = column(hdr, tables[k].cols[i]);
		for (; i < 11; i++)
			f->col[i] = -1;
		for (i = 0; i < 4 && tables[k].cols[i]; i++)
			if (f->col[i] < 0)
				break;
		if (i == 4 || tables[k].cols[i] == NULL) {
			f->kind = k;
			return 0;
		}
	}
	return -1;
}

static const char *
cell(const struct vfile *f, const struct kc_csv_row *r, int i)
{
	int c = f->col[i];

	return c >= 0 && (size_t) c < r->nfields ? r->fields[c] : "";
}

static void
bad(struct vfile *f, unsigned line, const char *col, const char *why)
{
	fprintf(stderr, "%s:%u: %s: %s\n", f->name, line, col, why);
	f->errors++;
}

static char *
text_dup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		abort();
	return d;
}

/* A number, possibly with an AKIP predikat: split, not judged. */
static void
number(struct vfile *f, unsigned line, int col, const char *text, int digits,
    int *has, double *v, char **predikat)
{
	char         num[64];
	enum kc_akip pred = KC_AKIP_NONE;
	const char  *why;
	int64_t      x;

	*has = 0;
	if (*text == 0)
		return;
	if (predikat != NULL &&
	    kc_split_akip(text, num, sizeof(num), &pred) == 0) {
		free(*predikat);
		*predikat = text_dup(kc_akip_name(pred));
		text      = num;
		if (*num == 0)
			return;
	}
	if (kc_parse_decimal(text, digits, KC_NUM_MONEY, &x, &why) != 0) {
		bad(f, line, tables[f->kind].cols[col], why);
		return;
	}
	*has = 1;
	*v   = digits == 2 ? (double) x / 100 : (double) x / KC_E4;
}

static void
read_row(struct vfile *f, const struct kc_csv_row *r, Kinerja__TableRow *t)
{
	int money = f->kind == KINERJA__TABLE_KIND__TABLE_SERAPAN ||
	            f->kind == KINERJA__TABLE_KIND__TABLE_SUM;
	int has;

	kinerja__table_row__init(t);
	t->line           = r->line;
	t->ref            = text_dup(cell(f, r, 0));
	t->label          = text_dup(cell(f, r, 1));
	t->a_predikat     = text_dup("");
	t->b_predikat     = text_dup("");
	t->reported_label = text_dup(cell(f, r, f->kind == 0 ? 5 : 4));
	t->parent         = text_dup(
	            f->kind == KINERJA__TABLE_KIND__TABLE_SUM ? cell(f, r, 3) : "");
	t->unit      = text_dup(f->kind == 0 ? cell(f, r, 7) : "");
	t->indicator = text_dup(f->kind == 0 ? cell(f, r, 8) : "");
	t->year      = f->kind == 0 ? atoi(cell(f, r, 9)) : 0;
	if (f->kind == 0 && strcasecmp(cell(f, r, 6), "minimize") == 0)
		t->polarity = KINERJA__POLARITY__POLARITY_MINIMIZE;
	number(f, r->line, 2, cell(f, r, 2), money ? 2 : 4, &has, &t->a,
	    f->kind == 0 ? &t->a_predikat : NULL);
	t->opt_a_case = has ? KINERJA__TABLE_ROW__OPT_A_A : 0;
	if (f->kind <= KINERJA__TABLE_KIND__TABLE_SERAPAN) {
		number(f, r->line, 3, cell(f, r, 3), money ? 2 : 4, &has,
		    &t->b, f->kind == 0 ? &t->b_predikat : NULL);
		t->opt_b_case = has ? KINERJA__TABLE_ROW__OPT_B_B : 0;
	}
	if (f->kind != KINERJA__TABLE_KIND__TABLE_SUM) {
		int col = f->kind <= 1 ? 4 : 3;

		number(f, r->line, col, cell(f, r, col), 4, &has, &t->reported,
		    NULL);
		t->opt_reported_case =
		    has ? KINERJA__TABLE_ROW__OPT_REPORTED_REPORTED : 0;
	}
}

static int
read_table(struct vfile *f)
{
	struct kc_csv     csv;
	struct kc_csv_row row = { 0 };
	const char       *why;
	size_t            len, cap = 0;
	char             *data = cli_slurp(f->name, &len);
	int               rc;

	if (data == NULL) {
		fprintf(stderr, "%s: %s\n", f->name, strerror(errno));
		return -1;
	}
	kc_csv_init(&csv, data, len);
	if (kc_csv_next(&csv, &row, &why) <= 0 || recognise(f, &row) != 0) {
		bad(f, 1, "header", "not a table to validate (see README)");
		kc_csv_row_free(&row);
		free(data);
		return -1;
	}
	while ((rc = kc_csv_next(&csv, &row, &why)) != 0) {
		if (rc < 0) {
			bad(f, row.line, "-", why);
			continue;
		}
		f->rows =
		    kc_grow_heap(f->rows, f->n, &cap, sizeof(*f->rows), 32);
		if (f->rows == NULL)
			abort();
		f->rows[f->n] = calloc(1, sizeof(**f->rows));
		read_row(f, &row, f->rows[f->n++]);
	}
	kc_csv_row_free(&row);
	free(data);
	return f->errors ? -1 : 0;
}

static void
free_table(struct vfile *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		Kinerja__TableRow *t = f->rows[i];

		free(t->ref);
		free(t->label);
		free(t->a_predikat);
		free(t->b_predikat);
		free(t->reported_label);
		free(t->parent);
		free(t->unit);
		free(t->indicator);
		free(t);
	}
	free(f->rows);
}

static const char *const kinds[] = { "arithmetic", "truncation", "predikat",
	"sum", "other_target" };

/* Prints the findings, or for JSON adds the reply, its file named, to the
 * array files. */
static void
print_findings(
    const struct vfile *f, const Kinerja__ValidateReply *r, cJSON *files)
{
	size_t i;
	cJSON *o;

	if (files != NULL) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", f->name);
		cJSON_AddItemToArray(
		    files, json_merge(o, jsonpb_from_message(&r->base)));
		return;
	}
	for (i = 0; i < r->n_findings; i++) {
		const Kinerja__Finding *x = r->findings[i];
		const char             *kind =
                    x->kind >= 0 && x->kind < 5 ? kinds[x->kind] : "?";

		printf("%s:%u: %s: %s [%s]\n", f->name, x->line, x->ref,
		    x->message, kind);
	}
}

static int
validate_file(
    struct cli *cli, const char *path, cJSON *files, size_t *findings)
{
	struct vfile             f   = { .name = path };
	Kinerja__ValidateRequest req = KINERJA__VALIDATE_REQUEST__INIT;
	Kinerja__ValidateReply  *rep;
	int                      rc = EXIT_OK;

	if (read_table(&f) != 0) {
		free_table(&f);
		return EXIT_FAIL;
	}
	req.kind   = (Kinerja__TableKind) f.kind;
	req.rows   = f.rows;
	req.n_rows = f.n;
	if (kinerja_validate(cli->client, &req, &rep, &cli->st) != 0) {
		rc = cli_fail(cli, path);
	} else {
		print_findings(&f, rep, files);
		*findings += rep->n_findings;
		kinerja__validate_reply__free_unpacked(rep, NULL);
	}
	free_table(&f);
	return rc;
}

int
run_validate(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	cJSON *files    = NULL;
	size_t findings = 0;
	int    i, rc = EXIT_OK;

	if (cli_flags(cmd, argc, argv, longs, NULL, NULL) != 0)
		return EXIT_USAGE;
	if (optind >= argc)
		return cli_usage(cmd);
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	/* JSON: one ValidateReply per table, with "file" added. */
	if (cli->format == OUT_JSON && (files = cJSON_CreateArray()) == NULL)
		return EXIT_FAIL;
	for (i = optind; i < argc; i++)
		if (validate_file(cli, argv[i], files, &findings) != EXIT_OK)
			rc = EXIT_FAIL;
	if (files != NULL) {
		json_print(files);
	} else {
		printf("%zu finding%s in %d table%s\n", findings,
		    findings == 1 ? "" : "s", argc - optind,
		    argc - optind == 1 ? "" : "s");
	}
	/* Like a linter: findings make the exit status non-zero. */
	return rc != EXIT_OK ? rc : findings ? EXIT_FAIL : EXIT_OK;
}

/* ------------------------------------------------------------- export */

struct sheet_out {
	FILE       *f;
	const char *path;
};

/* A field, quoted when it holds the separator, a quote or a newline. */
static void
put(FILE *f, const char *v, int last)
{
	if (strpbrk(v, ";\"\n\r") != NULL) {
		fputc('"', f);
		for (; *v; v++) {
			if (*v == '"')
				fputc('"', f);
			fputc(*v, f);
		}
		fputc('"', f);
	} else {
		fputs(v, f);
	}
	fputc(last ? '\n' : ';', f);
}

static void
put_row(FILE *f, const char *const *v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		put(f, v[i] ? v[i] : "", i == n - 1);
}

static void
num(char *buf, size_t len, int has, double v)
{
	if (has)
		fmt_value(v, 1, buf, len);
	else
		buf[0] = 0;
}

static void
money(char *buf, size_t len, int has, int64_t sen)
{
	char *dot;

	buf[0] = 0;
	if (!has)
		return;
	kc_format_decimal(sen, 2, buf, len);
	if ((dot = strchr(buf, '.')) != NULL)
		*dot = ',';
}

static FILE *
open_sheet(const char *dir, const char *name, const char *header, int rows)
{
	char  path[4096];
	FILE *f;

	if (rows == 0)
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "kinerja: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	fprintf(f, "%s\n", header);
	return f;
}

static const char *const levels[] = { "", "provinsi", "kabupaten", "kecamatan",
	"opd" };
static const char *const kinds_v[] = { "", "renstra_target",
	"renstra_end_target", "target", "realisasi" };
static const char *const itypes[] = { "", "iku", "ikk", "outcome",
	"output" };

static int
write_definitions(const char *dir, const Kinerja__ImportRequest *r)
{
	FILE  *f;
	size_t i;
	int    meta, pj;

	if ((f = open_sheet(dir, "units.csv", "unit;name;parent;level",
	         (int) r->n_units))) {
		for (i = 0; i < r->n_units; i++) {
			const char *v[] = { r->units[i]->code,
				r->units[i]->name, r->units[i]->parent,
				levels[r->units[i]->level % 5] };
			put_row(f, v, 4);
		}
		fclose(f);
	}
	/* The LKjIP's columns only when some indicator or link has them, so
	 * that an export without them reads as before. */
	for (i = 0, meta = 0; i < r->n_indicators; i++)
		meta |= r->indicators[i]->type || *r->indicators[i]->definisi ||
		        *r->indicators[i]->formula ||
		        *r->indicators[i]->sumber_data;
	for (i = 0, pj = 0; i < r->n_links; i++)
		pj |= *r->links[i]->penanggung_jawab != 0;
	if ((f = open_sheet(dir, "indicators.csv",
	         meta ? "indicator;name;satuan;polarity;value_type;min;max;"
	                "quarterly;type;definisi;formula;sumber_data"
	              : "indicator;name;satuan;polarity;value_type;min;max;"
	                "quarterly",
	         (int) r->n_indicators))) {
		for (i = 0; i < r->n_indicators; i++) {
			const Kinerja__Indicator *x = r->indicators[i];
			char                      lo[48], hi[48];
			const char *v[] = { x->code, x->name, x->satuan,
				x->polarity ==
				        KINERJA__POLARITY__POLARITY_MINIMIZE
				    ? "minimize"
				    : "maximize",
				x->value_type ==
				        KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP
				    ? "akip"
				    : "number",
				lo, hi,
				x->quarterly
				    ? kc_quarterly_name(
				          (enum kc_quarterly) x->quarterly)
				    : "",
				itypes[x->type % 5], x->definisi, x->formula,
				x->sumber_data };

			num(lo, sizeof(lo), x->opt_min_case != 0, x->min);
			num(hi, sizeof(hi), x->opt_max_case != 0, x->max);
			put_row(f, v, meta ? 12 : 8);
		}
		fclose(f);
	}
	if ((f = open_sheet(dir, "sasaran.csv",
	         pj ? "unit;sasaran;indicator;tujuan;penanggung_jawab"
	            : "unit;sasaran;indicator;tujuan",
	         (int) r->n_links))) {
		for (i = 0; i < r->n_links; i++) {
			const char *v[] = { r->links[i]->unit,
				r->links[i]->sasaran, r->links[i]->indicator,
				r->links[i]->tujuan,
				r->links[i]->penanggung_jawab };
			put_row(f, v, pj ? 5 : 4);
		}
		fclose(f);
	}
	return 0;
}

static void
write_values(const char *dir, const Kinerja__ImportRequest *r)
{
	FILE  *f;
	size_t i;
	char   year[16], value[48];

	f = open_sheet(dir, "values.csv",
	    "unit;indicator;year;kind;value;period", (int) r->n_values);
	for (i = 0; f && i < r->n_values; i++) {
		const Kinerja__IndicatorValue *x = r->values[i];
		const char *v[] = { x->unit, x->indicator, year,
			kinds_v[x->kind % 5], value,
			kc_period_name(x->period) };

		snprintf(year, sizeof(year), "%d", x->year);
		if (x->opt_value_case)
			num(value, sizeof(value), 1, x->value);
		else
			snprintf(value, sizeof(value), "%s", x->predikat);
		put_row(f, v, 6);
	}
	if (f)
		fclose(f);
}

static void
write_budget(const char *dir, const Kinerja__ImportRequest *r)
{
	FILE  *f;
	size_t i;
	char   year[16], pagu[48], real[48], ot[48], orl[48];

	f = open_sheet(dir, "budget.csv",
	    "unit;year;code;name;pagu;realisasi;parent;sasaran;output;satuan;"
	    "output_target;output_realisasi",
	    (int) r->n_budget);
	for (i = 0; f && i < r->n_budget; i++) {
		const Kinerja__BudgetLine *b = r->budget[i];
		const char *v[] = { b->unit, year, b->code, b->name, pagu,
			real, b->parent, b->sasaran, b->output, b->satuan, ot,
			orl };

		snprintf(year, sizeof(year), "%d", b->year);
		money(pagu, sizeof(pagu), b->opt_pagu_case != 0, b->pagu_sen);
		money(real, sizeof(real), b->opt_realisasi_case != 0,
		    b->realisasi_sen);
		num(ot, sizeof(ot), b->opt_output_target_case != 0,
		    b->output_target);
		num(orl, sizeof(orl), b->opt_output_realisasi_case != 0,
		    b->output_realisasi);
		put_row(f, v, 12);
	}
	if (f)
		fclose(f);
	f = open_sheet(dir, "belanja.csv",
	    "unit;year;belanja;pagu;realisasi;parent", (int) r->n_belanja);
	for (i = 0; f && i < r->n_belanja; i++) {
		const Kinerja__BelanjaLine *b = r->belanja[i];
		const char *v[] = { b->unit, year, b->name, pagu, real,
			b->parent };

		snprintf(year, sizeof(year), "%d", b->year);
		money(pagu, sizeof(pagu), b->opt_pagu_case != 0, b->pagu_sen);
		money(real, sizeof(real), b->opt_realisasi_case != 0,
		    b->realisasi_sen);
		put_row(f, v, 6);
	}
	if (f)
		fclose(f);
}

static void
write_akip(const char *dir, const Kinerja__ImportRequest *r)
{
	FILE  *f;
	size_t i, k, n = 0;
	char   year[16], w[32], s[32], t[32];

	for (i = 0; i < r->n_akip; i++)
		n += r->akip[i]->n_components;
	f = open_sheet(dir, "akip.csv",
	    "unit;year;component;weight;score;target", (int) n);
	for (i = 0; f && i < r->n_akip; i++) {
		for (k = 0; k < r->akip[i]->n_components; k++) {
			const Kinerja__AkipComponent *c =
			    r->akip[i]->components[k];
			const char *v[] = { r->akip[i]->unit, year, c->name, w,
				s, t };

			snprintf(year, sizeof(year), "%d", r->akip[i]->year);
			num(w, sizeof(w), 1, c->weight);
			num(s, sizeof(s), 1, c->score);
			num(t, sizeof(t), c->opt_target_case != 0, c->target);
			put_row(f, v, 6);
		}
	}
	if (f)
		fclose(f);
}

static void
write_surveys(const char *dir, const Kinerja__ImportRequest *r)
{
	FILE  *means = NULL, *resp = NULL;
	size_t i, k;
	char   year[16], unsur[24], nrr[32], sc[9][16], count[16];

	for (i = 0; i < r->n_surveys; i++) {
		const Kinerja__SubmitSurveyRequest *s = r->surveys[i];

		snprintf(year, sizeof(year), "%d", s->year);
		if (s->n_unsur_means && !means)
			means = open_sheet(
			    dir, "skm.csv", "unit;year;unsur;nrr;respondents", 1);
		if (s->n_responses && !resp)
			resp = open_sheet(dir, "skm-responses.csv",
			    "unit;year;respondent;u1;u2;u3;u4;u5;u6;u7;u8;u9;"
			    "gender;"
			    "education;age;occupation",
			    1);
		/* The stated respondent count, if any, on every row. */
		snprintf(count, sizeof(count), "%u", s->respondent_count);
		for (k = 0; means && k < s->n_unsur_means; k++) {
			const char *v[] = { s->unit, year, unsur, nrr,
				s->respondent_count ? count : "" };

			snprintf(unsur, sizeof(unsur), "%zu", k + 1);
			num(nrr, sizeof(nrr), 1, s->unsur_means[k]);
			put_row(means, v, 5);
		}
		for (k = 0; resp && k < s->n_responses; k++) {
			const Kinerja__SurveyResponse *x = s->responses[k];
			const char *v[16] = { s->unit, year, x->respondent };
			int         u;

			for (u = 0; u < 9; u++) {
				snprintf(
				    sc[u], sizeof(sc[u]), "%d", x->scores[u]);
				v[3 + u] = sc[u];
			}
			v[12] = x->gender;
			v[13] = x->education;
			v[14] = x->age;
			v[15] = x->occupation;
			put_row(resp, v, 16);
		}
	}
	if (means)
		fclose(means);
	if (resp)
		fclose(resp);
}

/* ------------------------------------------- the LKjIP's text (#15) */

static const char *
section_word(int section)
{
	static const char *const words[] = { "", "analisis", "penyebab",
		"pendukung", "penghambat", "upaya", "tindak_lanjut",
		"ringkasan", "penutup", "pendahuluan" };

	if (section >= 20 && section <= 22)
		return words[section - 13];
	return section >= 1 && section <= 6 ? words[section] : "";
}

/* profil.csv rows of one field: a list one row a line, nothing when
 * empty. */
static void
profile_field(FILE *f, const Kinerja__UnitProfile *p, const char *field,
    const char *value)
{
	char        year[16];
	const char *e;
	char       *line;

	snprintf(year, sizeof(year), "%d", p->year);
	for (; *value; value = *e ? e + 1 : e) {
		e    = strchr(value, '\n');
		e    = e ? e : value + strlen(value);
		line = strndup(value, (size_t) (e - value));
		if (line != NULL) {
			const char *v[] = { p->unit, year, field, line };

			put_row(f, v, 4);
		}
		free(line);
	}
}

static void
write_profile(FILE *f, const Kinerja__UnitProfile *p)
{
	static const char *const texts[] = { "dasar_hukum", "tugas_pokok",
		"fungsi", "susunan_organisasi", "pimpinan_jabatan",
		"pimpinan_nama", "pimpinan_nip", "sekretaris_nama",
		"sekretaris_nip", "atasan_jabatan", "atasan_nama", "tempat",
		"tanggal_pk", "tanggal_pk_perubahan" };
	char   n[48];
	size_t k;

	for (k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
		const ProtobufCFieldDescriptor *d =
		    protobuf_c_message_descriptor_get_field_by_name(
		        &kinerja__unit_profile__descriptor, texts[k]);

		profile_field(f, p, texts[k],
		    *(char *const *) ((const char *) p + d->offset));
	}
	num(n, sizeof(n), p->opt_luas_ha_case != 0, p->luas_ha);
	profile_field(f, p, "luas_ha", n);
	snprintf(n, sizeof(n), "%u", p->desa);
	profile_field(f, p, "desa", p->desa ? n : "");
	snprintf(n, sizeof(n), "%u", p->kelurahan);
	profile_field(f, p, "kelurahan", p->kelurahan ? n : "");
	snprintf(n, sizeof(n), "%u", p->penduduk);
	profile_field(f, p, "penduduk", p->penduduk ? n : "");
}

/* narasi.csv, profil.csv and pegawai.csv (docs/import.md). */
static void
write_text(const char *dir, const Kinerja__ImportRequest *r)
{
	static const char *const groups[] = { "", "eselon", "golongan",
		"pendidikan" };
	FILE  *f;
	size_t i, k, nstaff = 0;
	char   year[16], l[16], p[16];

	f = open_sheet(dir, "narasi.csv", "unit;year;indicator;section;text",
	    (int) r->n_narratives);
	for (i = 0; f && i < r->n_narratives; i++) {
		const Kinerja__Narrative *x   = r->narratives[i];
		const char               *v[] = { x->unit, year, x->indicator,
			          section_word(x->section), x->text };

		snprintf(year, sizeof(year), "%d", x->year);
		put_row(f, v, 5);
	}
	if (f)
		fclose(f);
	f = open_sheet(
	    dir, "profil.csv", "unit;year;field;value", (int) r->n_profiles);
	for (i = 0; f && i < r->n_profiles; i++) {
		write_profile(f, r->profiles[i]);
		nstaff += r->profiles[i]->n_staff;
	}
	if (f)
		fclose(f);
	f = open_sheet(dir, "pegawai.csv",
	    "unit;year;group;category;laki_laki;perempuan", (int) nstaff);
	for (i = 0; f && i < r->n_profiles; i++)
		for (k = 0; k < r->profiles[i]->n_staff; k++) {
			const Kinerja__StaffCount *s = r->profiles[i]->staff[k];
			const char *v[] = { r->profiles[i]->unit, year,
				groups[s->group % 4], s->category, l, p };

			snprintf(year, sizeof(year), "%d",
			    r->profiles[i]->year);
			snprintf(l, sizeof(l), "%u", s->laki_laki);
			snprintf(p, sizeof(p), "%u", s->perempuan);
			put_row(f, v, 6);
		}
	if (f)
		fclose(f);
}

/* The approval of an exported unit-year: "disetujui <date> oleh <name>"
 * or "draft", beside the sheets (which stay importable as they are). */
static int
export_status(struct cli *cli, const struct unit_year *a)
{
	Kinerja__GetApprovalRequest req = KINERJA__GET_APPROVAL_REQUEST__INIT;
	Kinerja__GetApprovalReply  *r;

	req.unit = (char *) a->unit;
	req.year = a->year;
	if (kinerja_get_approval(cli->client, &req, &r, &cli->st) != 0)
		return cli_fail(cli, "export");
	printf("status %s %d: %s\n", a->unit, a->year, r->approval->label);
	kinerja__get_approval_reply__free_unpacked(r, NULL);
	return EXIT_OK;
}

int
run_export(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct option longs[] = { { "unit", required_argument,
		                                   NULL, 'u' },
		{ "year", required_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct unit_year           a       = { "", 0, 0, 0 };
	Kinerja__ExportRequest     req     = KINERJA__EXPORT_REQUEST__INIT;
	Kinerja__ImportRequest    *rep;
	const char                *dir;

	if (cli_flags(cmd, argc, argv, longs, cli_unit_year, &a) != 0)
		return EXIT_USAGE;
	if (optind != argc - 1)
		return cli_usage(cmd);
	dir = argv[optind];
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "kinerja: %s: %s\n", dir, strerror(errno));
		return EXIT_FAIL;
	}
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	req.unit = (char *) a.unit;
	req.year = a.year;
	if (kinerja_export(cli->client, &req, &rep, &cli->st) != 0)
		return cli_fail(cli, "export");
	write_definitions(dir, rep);
	write_values(dir, rep);
	write_budget(dir, rep);
	write_akip(dir, rep);
	write_surveys(dir, rep);
	write_text(dir, rep);
	printf("exported %zu units, %zu indicators, %zu sasaran links, %zu "
	       "values, %zu budget lines, %zu belanja, %zu AKIP evaluations, "
	       "%zu surveys to %s\n",
	    rep->n_units, rep->n_indicators, rep->n_links, rep->n_values,
	    rep->n_budget, rep->n_belanja, rep->n_akip, rep->n_surveys, dir);
	kinerja__import_request__free_unpacked(rep, NULL);
	return *a.unit && a.year ? export_status(cli, &a) : EXIT_OK;
}
