/*
 * console.c - the web console's files, as the gateway serves them. They
 * hold no data (every figure comes from /v1/ with the token), so they need
 * no token. Each answer carries a Content-Security-Policy that allows only
 * the console's own scripts, styles and API (no inline script, no other
 * origin, no framing), and an ETag so that a browser revalidates cheaply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "status.h"

/* The policy docs/console.md explains; data: images only for the SVG
 * charts a browser may turn into images when printing. */
#define CSP                                                           \
	"default-src 'none'; script-src 'self'; style-src 'self'; "   \
	"img-src 'self' data:; connect-src 'self'; base-uri 'none'; " \
	"form-action 'none'; frame-ancestors 'none'"

int
kconsole_owns(const char *url)
{
	return strcmp(url, "/") == 0 || strncmp(url, "/console/", 9) == 0;
}

static const struct embedded_file *
find(const char *name)
{
	const struct embedded_file *f;

	for (f = console_files; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static const char *
content_type(const char *name)
{
	static const char *const types[][2] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
	};
	const char *dot = strrchr(name, '.');
	size_t      i;

	for (i = 0; dot != NULL && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i][0]) == 0)
			return types[i][1];
	return "application/octet-stream";
}

/* A strong ETag: FNV-1a of the bytes, which change only with a build. */
static void
etag_of(const struct embedded_file *f, char *out, size_t len)
{
	unsigned long long h = 1469598103934665603ULL;
	size_t             i;

	for (i = 0; i < f->len; i++)
		h = (h ^ (unsigned char) f->data[i]) * 1099511628211ULL;
	snprintf(out, len, "\"%016llx\"", h);
}

static int
headers(struct MHD_Response *r, const char *type)
{
	return MHD_add_response_header(r, "Content-Type", type) == MHD_YES &&
	       MHD_add_response_header(r, "Content-Security-Policy", CSP) ==
	           MHD_YES &&
	       MHD_add_response_header(
	           r, "X-Content-Type-Options", "nosniff") == MHD_YES &&
	       MHD_add_response_header(r, "Referrer-Policy", "no-referrer") ==
	           MHD_YES &&
	       MHD_add_response_header(r, "X-Frame-Options", "DENY") ==
	           MHD_YES &&
	       MHD_add_response_header(r, "Cache-Control", "no-cache") ==
	           MHD_YES;
}

/* body is the console's own (kept) or an error's (copied). */
static enum MHD_Result
answer(struct MHD_Connection *mc, unsigned status, const char *type,
    const char *body, size_t len, const char *etag)
{
	struct MHD_Response *r;
	enum MHD_Result      ok;

	r = MHD_create_response_from_buffer(len, (void *) body,
	    status >= 400 ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	if (!headers(r, type) ||
	    (etag != NULL &&
	        MHD_add_response_header(r, "ETag", etag) != MHD_YES) ||
	    (status == MHD_HTTP_METHOD_NOT_ALLOWED &&
	        MHD_add_response_header(r, "Allow", "GET, HEAD") != MHD_YES)) {
		MHD_destroy_response(r);
		return MHD_NO;
	}
	ok = MHD_queue_response(mc, status, r);
	MHD_destroy_response(r);
	return ok;
}

/* An error in the gateway's JSON shape, like every other it answers. */
static enum MHD_Result
refuse(struct MHD_Connection *mc, unsigned status, int code,
    const char *message, int *out)
{
	char           *body = kstatus_body(code, message, NULL, 0);
	enum MHD_Result ok;

	*out = code;
	if (body == NULL)
		return MHD_NO;
	ok = answer(mc, status, "application/json", body, strlen(body), NULL);
	free(body); /* MHD copied it (MHD_RESPMEM_MUST_COPY) */
	return ok;
}

enum MHD_Result
kconsole_serve(
    struct MHD_Connection *mc, const char *url, const char *method, int *code)
{
	const struct embedded_file *f;
	const char                 *match;
	char                        etag[24];

	*code = 0;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return refuse(mc, MHD_HTTP_METHOD_NOT_ALLOWED,
		    KINERJA__CODE__UNIMPLEMENTED, "console: use GET", code);
	f = find(strcmp(url, "/") == 0 ? "index.html" : url + 9);
	if (f == NULL)
		return refuse(mc, MHD_HTTP_NOT_FOUND, KINERJA__CODE__NOT_FOUND,
		    "console: no such file", code);
	etag_of(f, etag, sizeof(etag));
	match = MHD_lookup_connection_value(
	    mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (match != NULL && strstr(match, etag) != NULL)
		return answer(mc, MHD_HTTP_NOT_MODIFIED, content_type(f->name),
		    "", 0, etag);
	return answer(
	    mc, MHD_HTTP_OK, content_type(f->name), f->data, f->len, etag);
}
