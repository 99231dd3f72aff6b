/*
 * range.c - the values an indicator can plausibly take (issue #12): an
 * IKM of 150, a negative count or a percentage above 100 is a typing slip,
 * refused on every write rather than stored and averaged. The defaults
 * follow from the indicator's kind; an indicator may set its own bounds.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kcore.h"

/* Satuan that count things: never negative. */
static const char *const counts[] = { "Orang", "Dokumen", "Unit", "Laporan",
	"Paket", "Kasus", "Kegiatan", "Kali", "Desa", "Kelurahan", "Buah",
	"Berkas", "Hari", "Jam", "Bulan", "Tahun", "Sekolah", "Keluarga",
	"Rumah", "Lembaga", "Kelompok", "Pokmas/Ormas", "Jiwa", "Jumlah",
	NULL };

static int
is_word(const char *s, const char *const *words)
{
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	return 0;
}

/* Case-insensitive substring search. */
static int
contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

int
kc_satuan_is_percent(const char *satuan)
{
	return strcmp(satuan, "%") == 0 || strcasecmp(satuan, "Persen") == 0;
}

static int
is_ikm(const char *code, const char *name)
{
	return strcasecmp(code, "IKM") == 0 || strcasecmp(code, "SKM") == 0 ||
	       contains(name, "IKM") || contains(name, "Kepuasan Masyarakat");
}

struct kc_range
kc_range_of(const char *code, const char *name, const char *satuan, int akip,
    const struct kc_range *set)
{
	struct kc_range r = { 0, 0, 0, 0 };

	if (akip || kc_satuan_is_percent(satuan))
		r = (struct kc_range) { 1, 1, 0, 100 * KC_E4 };
	else if (strcasecmp(satuan, "Nilai") == 0 && is_ikm(code, name))
		r = (struct kc_range) { 1, 1, 25 * KC_E4, 100 * KC_E4 };
	else if (is_word(satuan, counts))
		r = (struct kc_range) { 1, 0, 0, 0 };
	if (set != NULL && set->has_min) {
		r.has_min = 1;
		r.min_e4  = set->min_e4;
	}
	if (set != NULL && set->has_max) {
		r.has_max = 1;
		r.max_e4  = set->max_e4;
	}
	return r;
}

int
kc_range_check(const struct kc_range *r, int64_t e4)
{
	if (r->has_min && e4 < r->min_e4)
		return -1;
	if (r->has_max && e4 > r->max_e4)
		return 1;
	return 0;
}

void
kc_format_e4(int64_t e4, char *buf, size_t len)
{
	size_t n;

	kc_format_decimal(e4, 4, buf, len);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = 0;
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = 0;
}

void
kc_range_text(const struct kc_range *r, char *buf, size_t len)
{
	char lo[32], hi[32];

	kc_format_e4(r->min_e4, lo, sizeof(lo));
	kc_format_e4(r->max_e4, hi, sizeof(hi));
	if (r->has_min && r->has_max)
		snprintf(buf, len, "%s..%s", lo, hi);
	else if (r->has_min)
		snprintf(buf, len, ">= %s", lo);
	else if (r->has_max)
		snprintf(buf, len, "<= %s", hi);
	else
		snprintf(buf, len, "any");
}

int
kc_has_percent_sign(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && isspace((unsigned char) s[n - 1]))
		n--;
	return n > 0 && s[n - 1] == '%';
}

struct keyed {
	const char *key;
	size_t      index;
};

static int
by_key_then_index(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int                 c = strcmp(x->key, y->key);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

long
kc_first_duplicate(const char *const *keys, size_t n, size_t *earlier)
{
	struct keyed *k = malloc((n + 1) * sizeof(*k));
	size_t        i, run = 0, m = 0;
	long          dup = -1;

	*earlier = 0; /* with -1: out of memory (0 != n unless n is 0) */
	if (k == NULL)
		return -1;
	*earlier = n;
	for (i = 0; i < n; i++)
		if (*keys[i])
			k[m++] = (struct keyed) { keys[i], i };
	qsort(k, m, sizeof(*k), by_key_then_index);
	/* Sorted by key then index: a run's first element is the earliest
	 * occurrence, its second the first repeat; of those, the repeat
	 * that comes first in input order wins. One pass: linear after the
	 * sort, however long a run of one id is. */
	for (i = 1; i < m; i++) {
		if (strcmp(k[i].key, k[run].key) != 0) {
			run = i;
			continue;
		}
		if (i == run + 1 && (dup < 0 || k[i].index < (size_t) dup)) {
			dup      = (long) k[i].index;
			*earlier = k[run].index;
		}
	}
	free(k);
	return dup;
}
