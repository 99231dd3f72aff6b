/*
 * text.c - what text may be stored: well-formed UTF-8 without control
 * characters. protobuf-c does not check strings, and other systems
 * (JSON encoders, the HTTP gateway, spreadsheets) choke on broken ones.
 * Also how caller text is quoted back in messages, so that no reply ever
 * carries broken UTF-8 to a strict protobuf or JSON reader.
 */
#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>

#include "kcore.h"

/* Length of the UTF-8 sequence at s, of at most avail bytes, or 0 if it
 * is malformed. */
static int
sequence(const unsigned char *s, size_t avail)
{
	int n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4;
	else
		return 0;
	if ((size_t) n > avail)
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
	    (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
		return 0;
	return n;
}

int
kc_utf8_ok(const char *text)
{
	return kc_utf8_check(text, strlen(text)) == KC_UTF8_OK;
}

int
kc_text_ok(const char *text)
{
	const unsigned char *s   = (const unsigned char *) text;
	size_t               len = strlen(text);
	int                  n;

	while (*s) {
		if ((*s < 0x20 && *s != '\t') || *s == 0x7F)
			return 0;
		if ((n = sequence(s, len)) == 0)
			return 0;
		s += n;
		len -= (size_t) n;
	}
	return 1;
}

enum kc_utf8
kc_utf8_check(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *) text;
	size_t               i = 0;
	int                  n;

	while (i < len) {
		if (s[i] == 0)
			return KC_UTF8_NUL;
		if ((n = sequence(s + i, len - i)) == 0)
			return KC_UTF8_BAD;
		i += (size_t) n;
	}
	return KC_UTF8_OK;
}

void
kc_utf8_repair(char *text, size_t len)
{
	unsigned char *s = (unsigned char *) text;
	size_t         i = 0;
	int            n;

	while (i < len) {
		if (s[i] == 0 || (n = sequence(s + i, len - i)) == 0) {
			s[i++] = '?';
			continue;
		}
		i += (size_t) n;
	}
}

void
kc_utf8_trim(char *text)
{
	unsigned char *s   = (unsigned char *) text;
	size_t         len = strlen(text), i = len;

	while (i > 0 && len - i < 3 && (s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0 && s[i - 1] >= 0xC0 && sequence(s + i - 1, len - i + 1) == 0)
		s[i - 1] = 0;
}

/* The bytes that stand for the character at s in a quoted string: itself,
 * or an escape for a quote, a backslash, a control character or a byte
 * that is not UTF-8. Returns how many bytes of s it covers. */
static int
quoted(const unsigned char *s, size_t avail, char *out, size_t *outlen)
{
	static const char hex[] = "0123456789abcdef";
	int               n     = sequence(s, avail);

	if (n > 1 ||
	    (n == 1 && *s >= 0x20 && *s != 0x7F && *s != '"' && *s != '\\')) {
		memcpy(out, s, (size_t) n);
		*outlen = (size_t) n;
		return n;
	}
	if (n == 1 && (*s == '"' || *s == '\\')) {
		out[0]  = '\\';
		out[1]  = (char) *s;
		*outlen = 2;
		return 1;
	}
	out[0]  = '\\';
	out[1]  = 'x';
	out[2]  = hex[*s >> 4];
	out[3]  = hex[*s & 15];
	*outlen = 4;
	return 1;
}

const char *
kc_quote(char *buf, size_t size, const char *text, size_t max_chars)
{
	const unsigned char *s   = (const unsigned char *) text;
	size_t               len = strlen(text), pos = 1, chars = 0, n;
	static const size_t  tail = sizeof("\"...");
	char                 piece[4];

	if (size < 1 + tail) {
		if (size > 0)
			buf[0] = 0;
		return buf;
	}
	buf[0] = '"';
	while (len > 0 && chars < max_chars) {
		int used = quoted(s, len, piece, &n);

		if (pos + n + tail > size)
			break;
		memcpy(buf + pos, piece, n);
		pos += n;
		s += used;
		len -= (size_t) used;
		chars++;
	}
	/* Room for the tail was kept at every step. */
	snprintf(buf + pos, size - pos, len > 0 ? "\"..." : "\"");
	return buf;
}

/* Takes the snprintf result n of an append at old; a cut path stays
 * NUL-terminated within s. */
static size_t
path_grown(struct kc_path *p, size_t old, int n)
{
	p->len = n < 0 ? old : old + (size_t) n;
	if (p->len >= sizeof(p->s))
		p->len = sizeof(p->s) - 1;
	return old;
}

size_t
kc_path_name(struct kc_path *p, const char *name)
{
	size_t old = p->len;

	return path_grown(p, old,
	    snprintf(
	        p->s + old, sizeof(p->s) - old, "%s%s", old ? "." : "", name));
}

size_t
kc_path_index(struct kc_path *p, size_t i)
{
	size_t old = p->len;

	return path_grown(
	    p, old, snprintf(p->s + old, sizeof(p->s) - old, "[%zu]", i));
}

void
kc_path_pop(struct kc_path *p, size_t old)
{
	p->len    = old;
	p->s[old] = 0;
}

int
kc_loopback_host(const char *host)
{
	unsigned char              addr[16];
	static const unsigned char v6_loopback[16] = { [15] = 1 };

	/* ipc-like URLs (unix://, abstract://) have no host. */
	if (host == NULL)
		return 0;
	if (strcmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, addr) == 1)
		return addr[0] == 127;
	return inet_pton(AF_INET6, host, addr) == 1 &&
	       memcmp(addr, v6_loopback, 16) == 0;
}
