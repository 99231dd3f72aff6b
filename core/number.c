/*
 * number.c - numbers as Indonesian documents write them. A decimal comma and
 * dot thousands separators ("5.345.196.344,24") are the norm, but machines
 * send "71.38"; both are accepted and anything that could mean either is
 * refused rather than guessed.
 */
#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "kcore.h"

static const char *
skip_space(const char *s, const char *end)
{
	while (s < end && isspace((unsigned char) *s))
		s++;
	return s;
}

static const char *
trim_end(const char *s, const char *end)
{
	while (end > s && isspace((unsigned char) end[-1]))
		end--;
	return end;
}

/* Thousands groups after the first must be exactly three digits. */
static int
grouped_ok(const char *s, const char *end)
{
	const char *dot;
	size_t      first = 0;

	while (s + first < end && s[first] != '.')
		first++;
	if (first == 0 || first > 3)
		return 0;
	for (dot = s + first; dot < end; dot += 4) {
		if (end - dot < 4 || dot[0] != '.')
			return 0;
		if (!isdigit((unsigned char) dot[1]) ||
		    !isdigit((unsigned char) dot[2]) ||
		    !isdigit((unsigned char) dot[3]))
			return 0;
	}
	return 1;
}

static int
add_digit(int64_t *v, int d)
{
	if (*v > (INT64_MAX - d) / 10)
		return -1;
	*v = *v * 10 + d;
	return 0;
}

/* Accumulates the digits of [s, end), skipping the separator `skip`.
 * Returns -1 on a non-digit, -2 on overflow. */
static int
add_digits(int64_t *v, const char *s, const char *end, char skip)
{
	for (; s < end; s++) {
		if (*s == skip)
			continue;
		if (!isdigit((unsigned char) *s))
			return -1;
		if (add_digit(v, *s - '0') != 0)
			return -2;
	}
	return 0;
}

static int
all_digits(const char *s, const char *end)
{
	for (; s < end; s++)
		if (!isdigit((unsigned char) *s))
			return 0;
	return 1;
}

/* Splits the body into integer part and fraction, deciding the separators. */
static int
split_body(const char *s, const char *end, int digits, const char **int_end,
    const char **frac, char *thousands, const char **why)
{
	const char *comma = memchr(s, ',', (size_t) (end - s));
	const char *dot   = memchr(s, '.', (size_t) (end - s));

	*thousands = 0;
	*frac      = end;
	*int_end   = end;
	if (comma != NULL) {
		if (memchr(comma + 1, ',', (size_t) (end - comma - 1)) ||
		    memchr(comma + 1, '.', (size_t) (end - comma - 1))) {
			*why = "lebih dari satu pemisah desimal";
			return -1;
		}
		*int_end = comma;
		*frac    = comma + 1;
		if (dot != NULL) {
			if (!grouped_ok(s, comma)) {
				*why = "pemisah ribuan salah tempat";
				return -1;
			}
			*thousands = '.';
		}
		return 0;
	}
	if (dot == NULL)
		return 0;
	if (memchr(dot + 1, '.', (size_t) (end - dot - 1)) != NULL) {
		if (!grouped_ok(s, end)) {
			*why = "pemisah ribuan salah tempat";
			return -1;
		}
		*thousands = '.';
		return 0;
	}
	if (end - dot == 4 && dot - s >= 1 && !(dot - s == 1 && *s == '0')) {
		/* Three decimals cannot be meant where fewer are kept (rupiah:
		 * "328.000" is 328 000); elsewhere "1.738" could be either. */
		if (digits < 3 && grouped_ok(s, end)) {
			*thousands = '.';
			return 0;
		}
		*why = "angka ambigu: titik sebelum tiga angka bisa pemisah "
		       "ribuan atau desimal; tulis 1738, 1.738,00 atau 1,738";
		return -1;
	}
	*int_end = dot;
	*frac    = dot + 1;
	return 0;
}

static int
parse_body(
    const char *s, const char *end, int digits, int64_t *out, const char **why)
{
	static const char *const too_precise[] = {
		"ada angka desimal, padahal harus bilangan bulat",
		"lebih dari 1 angka desimal",
		"lebih dari 2 angka desimal",
		"lebih dari 3 angka desimal",
		"lebih dari 4 angka desimal",
	};
	const char *int_end, *frac;
	char        thousands;
	int64_t     v = 0;
	ptrdiff_t   nfrac;
	int         i, rc = 0;

	if (split_body(s, end, digits, &int_end, &frac, &thousands, why) != 0)
		return -1;
	if (int_end == s || (int_end < end && frac == end) ||
	    !all_digits(frac, end) ||
	    (rc = add_digits(&v, s, int_end, thousands)) != 0) {
		*why = rc == -2 ? "angka terlalu besar" : "bukan angka";
		return -1;
	}
	/* Indexes, not pointers, past the fraction's end: a pointer beyond
	 * the string is undefined even unread. */
	nfrac = end - frac;
	for (i = 0; i < digits; i++) {
		int d = i < nfrac ? frac[i] - '0' : 0;
		if (add_digit(&v, d) != 0) {
			*why = "angka terlalu besar";
			return -1;
		}
	}
	for (frac += digits < nfrac ? digits : nfrac; frac < end; frac++) {
		if (*frac != '0') {
			if (digits < 0 || digits > 4)
				*why = "terlalu banyak angka desimal";
			else
				*why = too_precise[digits];
			return -1;
		}
	}
	*out = v;
	return 0;
}

static const char *
skip_rupiah(const char *s, const char *end)
{
	if (end - s >= 2 && (s[0] == 'R' || s[0] == 'r') &&
	    (s[1] == 'p' || s[1] == 'P')) {
		s += 2;
		if (s < end && *s == '.')
			s++;
		s = skip_space(s, end);
	}
	return s;
}

int
kc_parse_decimal(
    const char *s, int digits, int flags, int64_t *out, const char **why)
{
	const char *end = s + strlen(s);
	int         neg = 0;
	int64_t     v;

	s   = skip_space(s, end);
	end = trim_end(s, end);
	if (s == end) {
		*why = "kosong";
		return -1;
	}
	if (flags & KC_NUM_MONEY)
		s = skip_rupiah(s, end);
	if (end > s && end[-1] == '%')
		end = trim_end(s, end - 1);
	if (s < end && (*s == '-' || *s == '+')) {
		neg = *s == '-';
		s++;
	}
	if (s == end) {
		*why = "bukan angka";
		return -1;
	}
	if (parse_body(s, end, digits, &v, why) != 0)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

void
kc_format_decimal(int64_t v, int digits, char *buf, size_t len)
{
	uint64_t mag = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;
	uint64_t div = 1;
	int      i;

	for (i = 0; i < digits; i++)
		div *= 10;
	if (digits == 0) {
		snprintf(buf, len, "%s%llu", v < 0 ? "-" : "",
		    (unsigned long long) mag);
		return;
	}
	snprintf(buf, len, "%s%llu.%0*llu", v < 0 ? "-" : "",
	    (unsigned long long) (mag / div), digits,
	    (unsigned long long) (mag % div));
}

int
kc_double_to_e4(double d, int64_t *out)
{
	if (!isfinite(d) || fabs(d) > 1e14)
		return -1;
	*out = llround(d * KC_E4);
	return 0;
}

void
kc_format_rupiah(int64_t sen, char *buf, size_t len)
{
	uint64_t mag =
	    sen < 0 ? (uint64_t) 0 - (uint64_t) sen : (uint64_t) sen;
	char digits[32], out[48];
	int  n, i, o = 0;

	n = snprintf(
	    digits, sizeof(digits), "%llu", (unsigned long long) (mag / 100));
	if (sen < 0)
		out[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[i];
	}
	snprintf(out + o, sizeof(out) - (size_t) o, ",%02llu",
	    (unsigned long long) (mag % 100));
	snprintf(buf, len, "%s", out);
}
