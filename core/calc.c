/*
 * calc.c - capaian, means, rounding and the two predikat scales of
 * docs/domain.md. Everything is integer arithmetic: a percentage is an
 * exact fraction until it is rounded once, half away from zero, for output,
 * so even a mean that lands exactly on a midpoint rounds the right way.
 */
#include <ctype.h>
#include <string.h>

#include "kcore.h"

#define FIXED ((__int128) 1000000000000000LL) /* fallback scale, 1e-15 */

static const struct {
	const char *name;
	const char *label;
	int64_t     lower; /* band is (lower, upper], in whole points */
	int64_t     upper;
} akip_bands[] = {
	[KC_AKIP_D]  = { "D", "Sangat Kurang", 0, 30 },
	[KC_AKIP_C]  = { "C", "Kurang", 30, 50 },
	[KC_AKIP_CC] = { "CC", "Cukup", 50, 60 },
	[KC_AKIP_B]  = { "B", "Baik", 60, 70 },
	[KC_AKIP_BB] = { "BB", "Sangat Baik", 70, 80 },
	[KC_AKIP_A]  = { "A", "Memuaskan", 80, 90 },
	[KC_AKIP_AA] = { "AA", "Sangat Memuaskan", 90, 100 },
};

enum kc_akip
kc_akip_of_score(int64_t score_e4)
{
	int p;

	for (p = KC_AKIP_AA; p > KC_AKIP_D; p--)
		if (score_e4 > akip_bands[p].lower * KC_E4)
			return (enum kc_akip) p;
	return KC_AKIP_D;
}

enum kc_akip
kc_akip_parse(const char *name)
{
	int p;

	for (p = KC_AKIP_D; p <= KC_AKIP_AA; p++)
		if (strcmp(name, akip_bands[p].name) == 0)
			return (enum kc_akip) p;
	return KC_AKIP_NONE;
}

static int
valid(enum kc_akip p)
{
	return p >= KC_AKIP_D && p <= KC_AKIP_AA;
}

const char *
kc_akip_name(enum kc_akip p)
{
	return valid(p) ? akip_bands[p].name : "";
}

const char *
kc_akip_label(enum kc_akip p)
{
	return valid(p) ? akip_bands[p].label : "";
}

int64_t
kc_akip_to_score(enum kc_akip p, enum kc_rule rule)
{
	int64_t lo, hi;

	if (!valid(p))
		return 0;
	lo = akip_bands[p].lower * KC_E4;
	hi = akip_bands[p].upper * KC_E4;

	switch (rule) {
	case KC_RULE_UPPER:
		return hi;
	case KC_RULE_MID:
		return (lo + hi) / 2;
	default:
		return lo;
	}
}

/* Reads a predikat token of letters at *s; advances past it. */
static enum kc_akip
read_predikat(const char **s)
{
	char   tok[4];
	size_t n = 0;

	while (isalpha((unsigned char) (*s)[n]) && n < sizeof(tok) - 1) {
		tok[n] = (char) toupper((unsigned char) (*s)[n]);
		n++;
	}
	if (n == 0 || isalpha((unsigned char) (*s)[n]))
		return KC_AKIP_NONE;
	tok[n] = 0;
	*s += n;
	return kc_akip_parse(tok);
}

static const char *
skip_ws(const char *s)
{
	while (isspace((unsigned char) *s))
		s++;
	return s;
}

/* Copies the text between '(' and ')' at s into buf; returns past ')'. */
static const char *
paren(const char *s, char *buf, size_t len)
{
	const char *close;
	size_t      n;

	if (*s != '(' || (close = strchr(s, ')')) == NULL)
		return NULL;
	n = (size_t) (close - s - 1);
	if (n >= len)
		return NULL;
	memcpy(buf, s + 1, n);
	buf[n] = 0;
	return close + 1;
}

/* Splits "BB (71,38)" or "71,38 (BB)" into a number text and a predikat. */
int
kc_split_akip(const char *s, char *num, size_t len, enum kc_akip *pred)
{
	const char *open, *rest;
	char        inner[64];

	s     = skip_ws(s);
	*pred = KC_AKIP_NONE;
	if (isalpha((unsigned char) *s)) {
		if ((*pred = read_predikat(&s)) == KC_AKIP_NONE)
			return -1;
		s = skip_ws(s);
		if (*s == 0) {
			num[0] = 0;
			return 0;
		}
		if ((s = paren(s, num, len)) == NULL || *skip_ws(num) == 0)
			return -1;
		return *skip_ws(s) == 0 ? 0 : -1;
	}
	if (*s == 0)
		return -1;
	open = strchr(s, '(');
	if (open == NULL) {
		if (strlen(s) >= len)
			return -1;
		strcpy(num, s);
		return 0;
	}
	if (open == s || (size_t) (open - s) >= len)
		return -1;
	rest = paren(open, inner, sizeof(inner));
	if (rest == NULL || *skip_ws(rest) != 0)
		return -1;
	memcpy(num, s, (size_t) (open - s));
	num[open - s] = 0;
	s             = skip_ws(inner);
	if ((*pred = read_predikat(&s)) == KC_AKIP_NONE || *skip_ws(s) != 0)
		return -1;
	return 0;
}

int
kc_parse_akip(const char *s, int *has_score, int64_t *score_e4,
    enum kc_akip *predikat, const char **why)
{
	char         num[64];
	enum kc_akip pred;

	*has_score = 0;
	if (kc_split_akip(s, num, sizeof(num), &pred) != 0) {
		*why = "not an AKIP value: expected \"BB (71,38)\", "
		       "\"71,38 (BB)\", \"BB\" or \"71,38\"";
		return -1;
	}
	if (*skip_ws(num) != 0) {
		if (kc_parse_decimal(num, 4, 0, score_e4, why) != 0)
			return -1;
		if (*score_e4 < 0 || *score_e4 > 100 * KC_E4) {
			*why = "AKIP score outside 0-100";
			return -1;
		}
		*has_score = 1;
		if (pred != KC_AKIP_NONE &&
		    pred != kc_akip_of_score(*score_e4)) {
			*why = "predikat contradicts its score "
			       "(AKIP bands: >90 AA, >80 A, >70 BB, >60 B, "
			       ">50 CC, >30 C, else D)";
			return -1;
		}
		pred = kc_akip_of_score(*score_e4);
	}
	*predikat = pred;
	return 0;
}

static __int128
abs128(__int128 v)
{
	return v < 0 ? -v : v;
}

/* Euclid in 64 bits: a 128-bit % is a library call (__modti3), and
 * gcd128's operands mostly fit in 64 bits after a step or two. */
static uint64_t
gcd64(uint64_t a, uint64_t b)
{
	while (b != 0) {
		uint64_t t = a % b;
		a          = b;
		b          = t;
	}
	return a;
}

static __int128
gcd128(__int128 a, __int128 b)
{
	a = abs128(a);
	b = abs128(b);
	while (b != 0) {
		__int128 t;

		if (a <= (__int128) UINT64_MAX && b <= (__int128) UINT64_MAX)
			return gcd64((uint64_t) a, (uint64_t) b);
		t = a % b;
		a = b;
		b = t;
	}
	return a;
}

static kc_pct
reduce(__int128 num, __int128 den)
{
	__int128 g = gcd128(num, den);
	kc_pct   p = { 0, 1 };

	if (g > 1) {
		num /= g;
		den /= g;
	}
	if (num != 0) {
		p.num = num;
		p.den = den;
	}
	return p;
}

kc_pct
kc_pct_whole(int64_t percent)
{
	kc_pct p = { percent, 1 };

	return p;
}

int
kc_pct_cmp(kc_pct a, kc_pct b)
{
	__int128 x, y;

	if (__builtin_mul_overflow(a.num, b.den, &x) ||
	    __builtin_mul_overflow(b.num, a.den, &y)) {
		long double l = (long double) a.num / (long double) a.den;
		long double r = (long double) b.num / (long double) b.den;
		return (l > r) - (l < r);
	}
	return (x > y) - (x < y);
}

enum kc_na
kc_percent(int64_t num, int64_t den, kc_pct *out)
{
	if (den == 0)
		return KC_NA_ZERO_TARGET;
	if (den < 0)
		return KC_NA_NEGATIVE_TARGET;
	*out = reduce((__int128) num * 100, den);
	return KC_AVAILABLE;
}

enum kc_na
kc_capaian(
    enum kc_polarity pol, int64_t target_e4, int64_t realisasi_e4, kc_pct *out)
{
	__int128 num = realisasi_e4;

	if (pol == KC_MINIMIZE)
		num = (__int128) 2 * target_e4 - realisasi_e4;
	if (target_e4 == 0 && pol == KC_MINIMIZE) {
		/* Zero conflicts targeted: met in full or not at all. */
		*out = kc_pct_whole(realisasi_e4 <= 0 ? 100 : 0);
		return KC_AVAILABLE;
	}
	if (target_e4 == 0)
		return KC_NA_ZERO_TARGET;
	if (target_e4 < 0)
		return KC_NA_NEGATIVE_TARGET;
	*out = reduce(num * 100, target_e4);
	return KC_AVAILABLE;
}

/* The value at 1e-15 precision, for sums whose exact form overflows. */
static __int128
fixed(kc_pct p)
{
	__int128 q = p.num / p.den, r = p.num % p.den;

	return q * FIXED +
	       (__int128) ((long double) r / (long double) p.den * FIXED);
}

/* acc += x exactly; -1 when the exact sum does not fit. */
static int
add(kc_pct *acc, kc_pct x)
{
	__int128 g = gcd128(acc->den, x.den), a, b, n, d;

	if (__builtin_mul_overflow(acc->num, x.den / g, &a) ||
	    __builtin_mul_overflow(x.num, acc->den / g, &b) ||
	    __builtin_add_overflow(a, b, &n) ||
	    __builtin_mul_overflow(acc->den, x.den / g, &d))
		return -1;
	*acc = reduce(n, d);
	return 0;
}

enum kc_na
kc_mean(const kc_pct *v, size_t n, kc_pct *out)
{
	kc_pct   sum    = { 0, 1 };
	__int128 approx = 0;
	size_t   i;

	if (n == 0)
		return KC_NA_NO_DATA;
	for (i = 0; i < n && add(&sum, v[i]) == 0; i++)
		;
	if (i == n &&
	    !__builtin_mul_overflow(sum.den, (__int128) n, &sum.den)) {
		*out = reduce(sum.num, sum.den);
		return KC_AVAILABLE;
	}
	/* Denominators too unlike to share: 1e-15 is still far below the
	 * 0.01 that is shown. */
	for (i = 0; i < n; i++)
		approx += fixed(v[i]);
	*out = reduce(approx, FIXED * (__int128) n);
	return KC_AVAILABLE;
}

/* num / den rounded half away from zero; den > 0. */
static __int128
div_round(__int128 num, __int128 den)
{
	__int128 q = num / den, r = num % den;

	if (abs128(r) >= den - abs128(r))
		q += num < 0 ? -1 : 1;
	return q;
}

int64_t
kc_div_round(__int128 num, __int128 den)
{
	return (int64_t) div_round(num, den);
}

kc_pct
kc_pct_sub(kc_pct a, kc_pct b)
{
	kc_pct neg = { -b.num, b.den }, sum = a;

	if (add(&sum, neg) == 0)
		return sum;
	return reduce(fixed(a) - fixed(b), FIXED);
}

enum kc_na
kc_pct_ratio(kc_pct a, kc_pct b, kc_pct *out)
{
	__int128 num, den;

	if (b.num == 0)
		return KC_NA_ZERO_TARGET;
	/* (a.num / a.den) / (b.num / b.den) * 100 */
	if (__builtin_mul_overflow(a.num, b.den, &num) ||
	    __builtin_mul_overflow(num, (__int128) 100, &num) ||
	    __builtin_mul_overflow(a.den, b.num, &den))
		return KC_NA_NO_DATA;
	if (den < 0) {
		num = -num;
		den = -den;
	}
	*out = reduce(num, den);
	return KC_AVAILABLE;
}

static const char *const unsur_names[KC_UNSUR] = {
	"Persyaratan",
	"Sistem, Mekanisme, dan Prosedur",
	"Waktu Penyelesaian",
	"Biaya/Tarif",
	"Produk Spesifikasi Jenis Pelayanan",
	"Kompetensi Pelaksana",
	"Perilaku Pelaksana",
	"Sarana dan Prasarana",
	"Penanganan Pengaduan, Saran dan Masukan",
};

const char *
kc_unsur_name(int unsur)
{
	return unsur >= 1 && unsur <= KC_UNSUR ? unsur_names[unsur - 1] : "";
}

enum kc_na
kc_ikm(
    const int64_t sum_e4[KC_UNSUR], const int64_t count[KC_UNSUR], kc_pct *ikm)
{
	kc_pct sum = { 0, 1 };
	int    i;

	for (i = 0; i < KC_UNSUR; i++) {
		if (count[i] <= 0)
			return KC_NA_NO_DATA;
		if (add(&sum, reduce(sum_e4[i], (__int128) count[i] * KC_E4)))
			return KC_NA_NO_DATA;
	}
	*ikm = reduce(sum.num * 25, sum.den * KC_UNSUR);
	return KC_AVAILABLE;
}

const char *
kc_mutu(int64_t ikm_e2)
{
	return ikm_e2 >= 8831   ? "A"
	       : ikm_e2 >= 7661 ? "B"
	       : ikm_e2 >= 6500 ? "C"
	                        : "D";
}

const char *
kc_mutu_label(int64_t ikm_e2)
{
	return ikm_e2 >= 8831   ? "Sangat Baik"
	       : ikm_e2 >= 7661 ? "Baik"
	       : ikm_e2 >= 6500 ? "Kurang Baik"
	                        : "Tidak Baik";
}

int64_t
kc_round2(kc_pct p)
{
	__int128 q = p.num / p.den, r = p.num % p.den, e2, frac;

	/* num * 100 / den, split so that num * 100 cannot overflow. */
	if (__builtin_mul_overflow(r, (__int128) 100, &frac))
		frac =
		    (__int128) ((long double) r * 100 / (long double) p.den);
	else
		frac = div_round(frac, p.den);
	if (__builtin_mul_overflow(q, (__int128) 100, &e2) ||
	    __builtin_add_overflow(e2, frac, &e2) || e2 > INT64_MAX ||
	    e2 < INT64_MIN)
		return q < 0 ? INT64_MIN : INT64_MAX;
	return (int64_t) e2;
}

int64_t
kc_trunc2(kc_pct p)
{
	__int128 q = p.num / p.den, r = p.num % p.den, e2;

	if (__builtin_mul_overflow(q, (__int128) 100, &e2))
		return q < 0 ? INT64_MIN : INT64_MAX;
	e2 += (r * 100) / p.den;
	return (int64_t) e2;
}

const char *
kc_predikat_capaian(int64_t e2)
{
	return kc_band_name(kc_predikat_band(e2));
}

int
kc_derived_may_replace(int has_recorded, enum kc_source recorded)
{
	return !has_recorded || recorded != KC_SOURCE_STATED;
}

int64_t
kc_published_e4(kc_pct p)
{
	return kc_round2(p) * 100;
}

int64_t
kc_derived_tolerance_e4(enum kc_source source, int from_means)
{
	/* NRR means printed to 0,005 each move the IKM by 25 * 0,005. */
	return source == KC_SOURCE_SURVEY && from_means ? 1250 : 0;
}

int
kc_derived_differs(
    int64_t recorded_e4, int64_t derived_e4, int64_t tolerance_e4)
{
	__int128 d = (__int128) recorded_e4 - derived_e4;

	return (d < 0 ? -d : d) > tolerance_e4;
}

const char *
kc_source_name(enum kc_source source)
{
	switch (source) {
	case KC_SOURCE_AKIP:
		return "the AKIP components";
	case KC_SOURCE_SURVEY:
		return "the survey";
	default:
		return "the value as stated";
	}
}
