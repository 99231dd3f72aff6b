/*
 * fuzz_number.c - kc_parse_decimal on any text, with the properties a
 * caller relies on: what parses formats back to the same value, in both
 * the plain and the Indonesian form, and surrounding blanks or the money
 * flag never change an accepted number. The first byte picks the decimal
 * places (0-6) and the flag; the rest is the text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
expect(int ok, const char *what, const char *text)
{
	if (!ok) {
		fprintf(stderr, "fuzz_number: %s: \"%s\"\n", what, text);
		abort();
	}
}

/* Parses text and insists on exactly v. */
static void
reparse(const char *text, int digits, int flags, int64_t v, const char *what)
{
	const char *why = NULL;
	int64_t     w   = 0;

	expect(kc_parse_decimal(text, digits, flags, &w, &why) == 0 && w == v,
	    what, text);
}

/* v as "-1234,5678": no thousands dots, a decimal comma. */
static void
format_comma(int64_t v, int digits, char *buf, size_t len)
{
	char *dot;

	kc_format_decimal(v, digits, buf, len);
	if ((dot = strchr(buf, '.')) != NULL)
		*dot = ',';
}

static void
check_accepted(const char *text, int digits, int flags, int64_t v)
{
	char buf[64], padded[300];

	/* "1.738" is refused as ambiguous when 3 decimals are kept. */
	if (digits != 3) {
		kc_format_decimal(v, digits, buf, sizeof(buf));
		reparse(buf, digits, 0, v, "plain form does not parse back");
	}
	format_comma(v, digits, buf, sizeof(buf));
	reparse(buf, digits, 0, v, "comma form does not parse back");
	if (digits == 2) {
		kc_format_rupiah(v, buf, sizeof(buf));
		reparse(buf, 2, KC_NUM_MONEY, v, "rupiah does not parse back");
	}
	snprintf(padded, sizeof(padded), " \t%s \n", text);
	reparse(padded, digits, flags, v, "blanks change the value");
	if (!(flags & KC_NUM_MONEY))
		reparse(text, digits, KC_NUM_MONEY, v,
		    "the money flag changes the value");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char       *text;
	const char *why = NULL;
	int64_t     v   = 0;
	int         digits, flags;

	/* Longer texts only repeat digits, and the padded copy is fixed. */
	if (size == 0 || size > 256)
		return 0;
	digits = (data[0] & 0x7f) % 7;
	flags  = data[0] & 0x80 ? KC_NUM_MONEY : 0;
	if ((text = malloc(size)) == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = 0;
	if (kc_parse_decimal(text, digits, flags, &v, &why) == 0)
		check_accepted(text, digits, flags, v);
	else
		expect(why != NULL && *why != 0, "refused without a reason",
		    text);
	free(text);
	return 0;
}
