/*
 * text.c - what text may be stored: well-formed UTF-8 without control
 * characters. protobuf-c does not check strings, and other systems
 * (JSON encoders, the HTTP gateway, spreadsheets) choke on broken ones.
 */
#include <string.h>

#include <arpa/inet.h>

#include "kcore.h"

/* Length of the UTF-8 sequence at s, or 0 if it is malformed. */
static int
sequence(const unsigned char *s)
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
	const unsigned char *s = (const unsigned char *) text;
	int                  n;

	for (; *s; s += n)
		if ((n = sequence(s)) == 0)
			return 0;
	return 1;
}

int
kc_text_ok(const char *text)
{
	const unsigned char *s = (const unsigned char *) text;
	int                  n;

	while (*s) {
		if ((*s < 0x20 && *s != '\t') || *s == 0x7F)
			return 0;
		if ((n = sequence(s)) == 0)
			return 0;
		s += n;
	}
	return 1;
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
