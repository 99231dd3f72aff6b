/*
 * arena.c - bump allocation for data that lives exactly as long as one
 * request or one import: freed all at once, never piece by piece.
 */
#include <stdlib.h>
#include <string.h>

#include "kcore.h"

#define BLOCK 16384

struct kc_arena_block {
	struct kc_arena_block *next;
	size_t                 used;
	size_t                 size;
	max_align_t            data[];
};

void *
kc_arena_alloc(struct kc_arena *a, size_t size)
{
	struct kc_arena_block *b = a->head;
	size_t n = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) *
	           sizeof(max_align_t);
	void *p;

	/* Neither the rounding nor the block header may wrap around. */
	if (n < size || n > SIZE_MAX - sizeof(*b))
		return NULL;
	if (b == NULL || b->size - b->used < n) {
		size_t cap = n > BLOCK ? n : BLOCK;

		if ((b = malloc(sizeof(*b) + cap)) == NULL)
			return NULL;
		b->next = a->head;
		b->used = 0;
		b->size = cap;
		a->head = b;
		a->bytes += cap;
	}
	p = (char *) b->data + b->used;
	b->used += n;
	return memset(p, 0, size);
}

char *
kc_arena_strdup(struct kc_arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char  *p = kc_arena_alloc(a, n);

	return p ? memcpy(p, s, n) : NULL;
}

void
kc_arena_free(struct kc_arena *a)
{
	struct kc_arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head  = NULL;
	a->bytes = 0;
}
