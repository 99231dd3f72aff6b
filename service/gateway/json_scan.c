/*
 * json_scan.c - what cJSON would build from a text, counted from the text
 * alone: one node per value, one copy per string (keys too), each with
 * malloc's header. Arrays are counted item by item, so an array over the
 * limit is refused at its first item too many, whatever follows.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json_scan.h"

/* malloc's header on every block cJSON allocates. */
#define MALLOC_OVERHEAD 16

/* An object or array still open. */
struct level {
	const char *key; /* the member it is the value of; NULL: none */
	size_t      keylen;
	uint32_t    items; /* values in it so far (arrays) */
	char        array;
	char        want_key; /* object: the next string is a key */
};

struct scan {
	const struct jsonscan_limits *lim;
	struct level                  stack[JSONSCAN_MAX_DEPTH];
	int                           depth; /* levels open */
	const char                   *key; /* the last key read */
	size_t                        keylen;
	size_t                        tree; /* bytes so far */
	char                         *err;
	size_t                        errlen;
};

static struct level *
top(struct scan *sc)
{
	return sc->depth > 0 ? &sc->stack[sc->depth - 1] : NULL;
}

static enum jsonscan_result
check_tree(struct scan *sc)
{
	if (sc->tree <= sc->lim->max_tree)
		return JSONSCAN_OK;
	snprintf(sc->err, sc->errlen,
	    "body: its JSON would take more than %zu bytes to parse",
	    sc->lim->max_tree);
	return JSONSCAN_TOO_LARGE;
}

/* One more value where the scan is; refused when it is one too many. */
static enum jsonscan_result
value(struct scan *sc)
{
	struct level *l = top(sc);

	sc->tree += sizeof(cJSON) + MALLOC_OVERHEAD;
	if (l != NULL && l->array && ++l->items > sc->lim->max_items) {
		snprintf(sc->err, sc->errlen,
		    "%.*s: more than %u items; at most %u per request "
		    "(--max-batch)",
		    l->key ? (int) l->keylen : 4, l->key ? l->key : "body",
		    sc->lim->max_items, sc->lim->max_items);
		return JSONSCAN_TOO_LARGE;
	}
	return check_tree(sc);
}

/* '{' or '[': a value of the level around it, and a level of its own
 * named after the key it is the value of (or its parent's, in an array).
 */
static enum jsonscan_result
open_level(struct scan *sc, int array)
{
	struct level        *up = top(sc), *l;
	enum jsonscan_result rc;

	if ((rc = value(sc)) != JSONSCAN_OK)
		return rc;
	if (sc->depth == JSONSCAN_MAX_DEPTH) {
		snprintf(sc->err, sc->errlen,
		    "body: nested more than %d levels deep",
		    JSONSCAN_MAX_DEPTH);
		return JSONSCAN_TOO_DEEP;
	}
	l           = &sc->stack[sc->depth++];
	l->array    = (char) array;
	l->want_key = (char) !array;
	l->items    = 0;
	l->key      = NULL;
	l->keylen   = 0;
	if (up != NULL && !up->array) {
		l->key    = sc->key;
		l->keylen = sc->keylen;
	} else if (up != NULL) {
		l->key    = up->key;
		l->keylen = up->keylen;
	}
	return JSONSCAN_OK;
}

/* Past the string starting at text[i] (a quote); len if unterminated. */
static size_t
string_end(const char *text, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (text[i] == '\\')
			i++;
		else if (text[i] == '"')
			return i + 1;
	}
	return len;
}

/* A string: a key when an object waits for one, else a value. */
static enum jsonscan_result
string(struct scan *sc, const char *text, size_t i, size_t end)
{
	struct level *l = top(sc);

	sc->tree += end - i + MALLOC_OVERHEAD;
	if (l != NULL && !l->array && l->want_key) {
		l->want_key = 0;
		sc->key     = text + i + 1;
		sc->keylen  = end - i >= 2 ? end - i - 2 : 0;
		return check_tree(sc);
	}
	return value(sc);
}

/* As cJSON skips it: every byte up to the space, NUL included. */
static int
blank(char c)
{
	return (unsigned char) c <= ' ';
}

static int
delimiter(char c)
{
	return c == ',' || c == ':' || c == '[' || c == ']' || c == '{' ||
	       c == '}' || c == '"' || blank(c);
}

enum jsonscan_result
jsonscan_check(const char *text, size_t len, const struct jsonscan_limits *lim,
    char *err, size_t errlen)
{
	struct scan          sc = { .lim = lim, .err = err, .errlen = errlen };
	enum jsonscan_result rc = JSONSCAN_OK;
	size_t               i  = 0, end;

	while (i < len && rc == JSONSCAN_OK) {
		switch (text[i]) {
		case '{':
		case '[':
			rc = open_level(&sc, text[i++] == '[');
			break;
		case '}':
		case ']':
			sc.depth -= sc.depth > 0;
			i++;
			break;
		case ',':
			if (top(&sc) != NULL && !top(&sc)->array)
				top(&sc)->want_key = 1;
			i++;
			break;
		case '"':
			end = string_end(text, len, i);
			rc  = string(&sc, text, i, end);
			i   = end;
			break;
		case ':':
			i++;
			break;
		default: /* a number or literal, up to what ends it */
			if (blank(text[i])) {
				i++;
				break;
			}
			rc = value(&sc);
			for (i++; i < len && !delimiter(text[i]); i++)
				;
		}
	}
	return rc;
}
