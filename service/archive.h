/*
 * archive.h - kinerjad history archive (archive.c), run by admin.c.
 */
#ifndef KINERJA_ARCHIVE_H
#define KINERJA_ARCHIVE_H

#include <stdint.h>

struct kstore;

/* "2026-01-01" or "2026-01-01T08:00:00Z" (UTC) as unix milliseconds;
 * -1 when it is neither. */
int archive_parse_date(const char *text, int64_t *ms);
/* Moves the history rows before before_ms into a new file of JSON lines
 * at path; returns the exit status, having said what it did. */
int archive_history(struct kstore *st, int64_t before_ms, const char *path);

#endif
