/*
 * json_scan.h - a bound on what parsing a JSON text would build, read off
 * the raw text first. cJSON builds the whole tree before anyone can look
 * at it (a 16 MB body of {},{},... is 1.2 GB of nodes), so the gateway
 * checks the text here in one pass that allocates nothing and stops at
 * the first thing over a limit. Pure: no I/O, no globals.
 */
#ifndef KINERJA_JSON_SCAN_H
#define KINERJA_JSON_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* As deep as cJSON goes; deeper text it refuses anyway. */
#define JSONSCAN_MAX_DEPTH 1000

struct jsonscan_limits {
	uint32_t max_items; /* values in any one array (--max-batch) */
	size_t   max_tree; /* bytes the cJSON tree may take */
};

enum jsonscan_result {
	JSONSCAN_OK,
	JSONSCAN_TOO_LARGE, /* an array or the tree over its limit */
	JSONSCAN_TOO_DEEP, /* nested more than JSONSCAN_MAX_DEPTH */
};

/*
 * Checks that parsing text would stay within lim. On a refusal, err names
 * what is over, e.g. "values: more than 1000 items; at most 1000 per
 * request (--max-batch)". Malformed text is not refused here: the parser
 * says where it is wrong, and what it builds before that is bounded too.
 */
enum jsonscan_result jsonscan_check(const char *text, size_t len,
    const struct jsonscan_limits *lim, char *err, size_t errlen);

#endif
