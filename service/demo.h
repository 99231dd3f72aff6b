/*
 * demo.h - the Batu Bara demo data compiled into kinerjad (demo_data.c is
 * generated from the CSV files of data/batubara at build time).
 */
#ifndef KINERJA_DEMO_H
#define KINERJA_DEMO_H

#include "embed.h"

extern const struct embedded_file demo_files[]; /* ends with a NULL name */

/* Loads the demo data through the RPCs at url if the database has no
 * units yet. Returns 0 when loaded or skipped, -1 on failure. */
int demo_load(const char *url, const char *token);

#endif
