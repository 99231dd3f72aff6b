/*
 * embed.h - a file compiled into kinerjad by embed.cmake: the demo data
 * (demo.h) and the web console (gateway/console.h).
 */
#ifndef KINERJA_EMBED_H
#define KINERJA_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const char *data;
	size_t      len;
};

#endif
