/*
 * cache.h - answers a kinerjad keeps across calls, shared by all its
 * workers (the service's state, service.c): a small LRU of values, each
 * under a key and the database's write generation it was computed at
 * (kstore_generation), bounded in entries and bytes. A value is found
 * only at the generation it was put with, so an answer kept is never
 * older than the caller's snapshot. Thread-safe.
 */
#ifndef KINERJA_CACHE_H
#define KINERJA_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct kcache;
struct kcache_ref; /* a value held by one caller */

/* Frees a value the cache lets go of (NULL: free()). */
typedef void (*kcache_release_fn)(void *value, void *arg);

struct kcache *kcache_new(size_t max_entries, size_t max_bytes,
    kcache_release_fn release, void *arg);
/* Frees every value; none may be held. */
void kcache_free(struct kcache *c);

/* The value kept for key at gen, held until kcache_drop (an eviction
 * meanwhile frees it only then), or NULL. */
struct kcache_ref *kcache_get(
    struct kcache *c, const void *key, size_t klen, int64_t gen);
/* Keeps value (`bytes` its size; the cache releases it) for key
 * at gen, evicting what was put at an older generation and the least
 * recently used to make room, and returns it
 * held. A value over the byte bound, or older than one kept for the key,
 * is not kept: it is released when dropped. NULL only out of memory
 * (value released). */
struct kcache_ref *kcache_put(struct kcache *c, const void *key, size_t klen,
    int64_t gen, void *value, size_t bytes);
const void *kcache_value(const struct kcache_ref *r);
void        kcache_drop(struct kcache *c, struct kcache_ref *r);

/* What it holds now, for tests. */
struct kcache_stats {
	size_t  entries, bytes;
	int64_t hits, misses, evictions;
};
void kcache_stats(struct kcache *c, struct kcache_stats *out);

#endif
