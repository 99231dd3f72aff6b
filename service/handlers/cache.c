/*
 * cache.c - cache.h: a list in order of use, most recent first, under one
 * mutex. It holds a handful of entries (each a whole ranking), so a walk
 * of the list is cheaper than any index would be; the work a value saves
 * happens outside the lock, which guards only the list and the counts.
 */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"

struct kcache_ref {
	struct kcache_ref *prev, *next; /* in the list while kept */
	void              *value;
	size_t             bytes;
	int64_t            gen;
	int                refs; /* callers holding it */
	int                kept; /* in the list; else freed at refs 0 */
	size_t             klen;
	unsigned char      key[];
};

struct kcache {
	pthread_mutex_t    mtx;
	struct kcache_ref *head, *tail; /* most and least recently used */
	struct kcache_ref *gone; /* evicted, to free once unlocked */
	size_t             max_entries, max_bytes;
	kcache_release_fn  release;
	void              *arg;
	struct kcache_stats now;
};

struct kcache *
kcache_new(size_t max_entries, size_t max_bytes, kcache_release_fn release,
    void *arg)
{
	struct kcache *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	pthread_mutex_init(&c->mtx, NULL);
	c->max_entries = max_entries;
	c->max_bytes   = max_bytes;
	c->release     = release;
	c->arg         = arg;
	return c;
}

static void
value_free(struct kcache *c, void *value)
{
	if (c->release != NULL)
		c->release(value, c->arg);
	else
		free(value);
}

static void
ref_free(struct kcache *c, struct kcache_ref *r)
{
	value_free(c, r->value);
	free(r);
}

/* Unlocks c, then frees what was evicted meanwhile: a release may take
 * another cache's lock. */
static void
unlock(struct kcache *c)
{
	struct kcache_ref *r = c->gone, *next;

	c->gone = NULL;
	pthread_mutex_unlock(&c->mtx);
	for (; r != NULL; r = next) {
		next = r->next;
		ref_free(c, r);
	}
}

static void
unlink_ref(struct kcache *c, struct kcache_ref *r)
{
	if (r->prev != NULL)
		r->prev->next = r->next;
	else
		c->head = r->next;
	if (r->next != NULL)
		r->next->prev = r->prev;
	else
		c->tail = r->prev;
	r->prev = r->next = NULL;
}

static void
push_front(struct kcache *c, struct kcache_ref *r)
{
	r->prev = NULL;
	r->next = c->head;
	if (c->head != NULL)
		c->head->prev = r;
	c->head = r;
	if (c->tail == NULL)
		c->tail = r;
}

/* Takes r out of the list; freed at unlock, or by its last holder. */
static void
evict(struct kcache *c, struct kcache_ref *r)
{
	unlink_ref(c, r);
	r->kept = 0;
	c->now.entries--;
	c->now.bytes -= r->bytes;
	c->now.evictions++;
	if (r->refs == 0) {
		r->next = c->gone;
		c->gone = r;
	}
}

void
kcache_free(struct kcache *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->mtx);
	while (c->head != NULL) {
		assert(c->head->refs == 0);
		evict(c, c->head);
	}
	unlock(c);
	pthread_mutex_destroy(&c->mtx);
	free(c);
}

static struct kcache_ref *
find(struct kcache *c, const void *key, size_t klen)
{
	struct kcache_ref *r;

	for (r = c->head; r != NULL; r = r->next)
		if (r->klen == klen && memcmp(r->key, key, klen) == 0)
			return r;
	return NULL;
}

struct kcache_ref *
kcache_get(struct kcache *c, const void *key, size_t klen, int64_t gen)
{
	struct kcache_ref *r;

	pthread_mutex_lock(&c->mtx);
	r = find(c, key, klen);
	/* Generations only grow: an entry older than a reader's snapshot
	 * can never be found again. */
	if (r != NULL && r->gen < gen) {
		evict(c, r);
		r = NULL;
	}
	if (r != NULL && r->gen == gen) {
		unlink_ref(c, r);
		push_front(c, r);
		r->refs++;
		c->now.hits++;
	} else {
		r = NULL;
		c->now.misses++;
	}
	unlock(c);
	return r;
}

/* Evicts the least recently used until one more of `bytes` fits. */
static void
make_room(struct kcache *c, size_t bytes)
{
	while (c->tail != NULL && (c->now.entries >= c->max_entries ||
	                              c->now.bytes + bytes > c->max_bytes))
		evict(c, c->tail);
}

struct kcache_ref *
kcache_put(struct kcache *c, const void *key, size_t klen, int64_t gen,
    void *value, size_t bytes)
{
	struct kcache_ref *r = malloc(sizeof(*r) + klen), *old, *next;

	if (r == NULL) {
		value_free(c, value);
		return NULL;
	}
	*r = (struct kcache_ref) { .value = value, .bytes = bytes,
		.gen = gen, .refs = 1, .klen = klen };
	memcpy(r->key, key, klen);
	pthread_mutex_lock(&c->mtx);
	/* What was put at an older generation can only serve a reader still
	 * in an older snapshot: after a write, the first put frees it all. */
	for (old = c->head; old != NULL; old = next) {
		next = old->next;
		if (old->gen < gen)
			evict(c, old);
	}
	old = find(c, key, klen);
	if (old != NULL)
		goto out; /* another worker's, as new or newer: ours is
		             used once and freed when dropped */
	if (c->max_entries > 0 && bytes <= c->max_bytes) {
		make_room(c, bytes);
		push_front(c, r);
		r->kept = 1;
		c->now.entries++;
		c->now.bytes += bytes;
	}
out:
	unlock(c);
	return r;
}

const void *
kcache_value(const struct kcache_ref *r)
{
	return r->value;
}

void
kcache_drop(struct kcache *c, struct kcache_ref *r)
{
	int gone;

	if (r == NULL)
		return;
	pthread_mutex_lock(&c->mtx);
	gone = --r->refs == 0 && !r->kept;
	pthread_mutex_unlock(&c->mtx);
	if (gone)
		ref_free(c, r);
}

void
kcache_stats(struct kcache *c, struct kcache_stats *out)
{
	pthread_mutex_lock(&c->mtx);
	*out = c->now;
	pthread_mutex_unlock(&c->mtx);
}
