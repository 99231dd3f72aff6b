/*
 * period.c - triwulan (issue #14): the periods a value is recorded for,
 * how people write them, which indicators take quarterly figures and how
 * they add up, and a triwulan's capaian against its rencana aksi target
 * and against the yearly PK target (docs/triwulan.md). The capaian itself
 * is kc_capaian_row's; this file only picks the values it is given.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kcore.h"

static const char *const roman[] = { "I", "II", "III", "IV" };

/* Copies s lower-cased without spaces, dots, dashes or underscores. */
static int
squeeze(const char *s, char *out, size_t len)
{
	size_t n = 0;

	for (; *s; s++) {
		if (isspace((unsigned char) *s) || *s == '.' || *s == '-' ||
		    *s == '_')
			continue;
		if (n + 1 >= len)
			return -1;
		out[n++] = (char) tolower((unsigned char) *s);
	}
	out[n] = 0;
	return 0;
}

/* "1".."4" or "i".."iv" -> 1..4; 0 otherwise. */
static int
triwulan_number(const char *s)
{
	int i;

	if (s[0] >= '1' && s[0] <= '4' && s[1] == 0)
		return s[0] - '0';
	for (i = 0; i < KC_TRIWULAN; i++)
		if (strcasecmp(s, roman[i]) == 0)
			return i + 1;
	return 0;
}

int
kc_period_parse(const char *s)
{
	static const char *const year[]   = { "", "tahun", "tahunan", "year",
		  NULL };
	static const char *const prefix[] = { "triwulan", "tw", "q", NULL };
	char                     w[32];
	size_t                   i, n;

	if (squeeze(s, w, sizeof(w)) != 0)
		return -1;
	for (i = 0; year[i] != NULL; i++)
		if (strcmp(w, year[i]) == 0)
			return 0;
	for (i = 0; prefix[i] != NULL; i++) {
		n = strlen(prefix[i]);
		if (strncmp(w, prefix[i], n) == 0 && w[n] != 0)
			return triwulan_number(w + n) ? triwulan_number(w + n)
			                              : -1;
	}
	return -1;
}

const char *
kc_period_name(int period)
{
	static const char *const names[] = { "tahun", "tw1", "tw2", "tw3",
		"tw4" };

	return period >= 0 && period <= KC_TRIWULAN ? names[period] : "";
}

const char *
kc_triwulan_roman(int n)
{
	return n >= 1 && n <= KC_TRIWULAN ? roman[n - 1] : "";
}

/* Satuan of an index or a share: the latest value is the figure. */
static int
is_level(const char *satuan)
{
	return kc_satuan_is_percent(satuan) ||
	       strcasecmp(satuan, "Nilai") == 0 ||
	       strcasecmp(satuan, "Indeks") == 0;
}

enum kc_quarterly
kc_quarterly_of(const char *satuan, int akip, enum kc_quarterly set)
{
	if (set != KC_Q_DEFAULT)
		return set;
	if (akip)
		return KC_Q_YEARLY; /* the Inspektorat evaluates once a year */
	if (is_level(satuan))
		return KC_Q_LATEST;
	return KC_Q_SUM;
}

const char *
kc_quarterly_name(enum kc_quarterly q)
{
	switch (q) {
	case KC_Q_SUM:
		return "sum";
	case KC_Q_LATEST:
		return "latest";
	case KC_Q_YEARLY:
		return "yearly";
	default:
		return "default";
	}
}

enum kc_quarterly
kc_quarterly_parse(const char *s)
{
	static const struct {
		const char       *word;
		enum kc_quarterly q;
	} words[] = { { "", KC_Q_DEFAULT }, { "default", KC_Q_DEFAULT },
		{ "bawaan", KC_Q_DEFAULT }, { "sum", KC_Q_SUM },
		{ "kumulatif", KC_Q_SUM }, { "latest", KC_Q_LATEST },
		{ "terakhir", KC_Q_LATEST }, { "yearly", KC_Q_YEARLY },
		{ "tahunan", KC_Q_YEARLY } };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i].word) == 0)
			return words[i].q;
	return (enum kc_quarterly) - 1;
}

const char *
kc_period_refused(int period, int kind_is_pk, enum kc_quarterly q)
{
	if (period < 0 || period > KC_TRIWULAN)
		return "not 0 (the year) or a triwulan 1-4";
	if (period == 0)
		return NULL;
	if (!kind_is_pk)
		return "a triwulan takes only a target (rencana aksi) or a "
		       "realisasi";
	if (q == KC_Q_YEARLY)
		return "the indicator takes yearly values only (quarterly: "
		       "yearly)";
	return NULL;
}

/* The realisasi to date of triwulan n; *from is the triwulan it was
 * entered for. */
static struct kc_value
to_date(enum kc_quarterly q, const struct kc_quarters *qs, int n, int *from)
{
	int i;

	*from = 0;
	if (q != KC_Q_LATEST) {
		*from = qs->realisasi[n].has ? n : 0;
		return qs->realisasi[n];
	}
	for (i = n; i >= 1; i--)
		if (qs->realisasi[i].has) {
			*from = i;
			return qs->realisasi[i];
		}
	return qs->realisasi[n];
}

void
kc_quarter(enum kc_polarity pol, enum kc_rule rule, enum kc_quarterly q,
    const struct kc_quarters *qs, int n, struct kc_quarter *out)
{
	const struct kc_value *prev;
	struct kc_value        real;

	memset(out, 0, sizeof(*out));
	if (n < 1 || n > KC_TRIWULAN) { /* no such triwulan: nothing */
		out->triwulan.na = out->year.na = KC_NA_NO_DATA;
		return;
	}
	prev = &qs->realisasi[n - 1];
	real = to_date(q, qs, n, &out->realisasi_from);
	kc_capaian_row(pol, rule, &qs->target[n], &real, &out->triwulan);
	kc_capaian_row(pol, rule, &qs->target[0], &real, &out->year);
	/* A count's own figure for the quarter: what the running total grew
	 * by since the triwulan before (the first one's is its total). */
	if (q != KC_Q_SUM || !real.has_number || out->realisasi_from != n)
		return;
	if (n == 1) {
		out->has_in_quarter = 1;
		out->in_quarter_e4  = real.e4;
	} else if (prev->has && prev->has_number) {
		out->has_in_quarter = 1;
		out->in_quarter_e4  = real.e4 - prev->e4;
	}
}

int
kc_running_total_falls(enum kc_quarterly q, const struct kc_value *prev,
    const struct kc_value *cur)
{
	return q == KC_Q_SUM && prev->has && prev->has_number && cur->has &&
	       cur->has_number && cur->e4 < prev->e4;
}
