/*
 * range.c - the values an indicator can plausibly take (issue #12): an
 * IKM of 150, a negative count or a percentage above 100 is a typing slip,
 * refused on every write rather than stored and averaged. The defaults
 * follow from the indicator's kind; an indicator may set its own bounds.
 */
#include <ctype.h>
#include <stdio.h>
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

/* e4 as a plain decimal without trailing zeros: 255000 -> "25.5". */
static void
plain(int64_t e4, char *buf, size_t len)
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

	plain(r->min_e4, lo, sizeof(lo));
	plain(r->max_e4, hi, sizeof(hi));
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
