/*
 * grow.h - the one way kinerja grows an array: doubling, from a first
 * capacity, into memory from any allocator (the call's arena, the heap).
 */
#ifndef KINERJA_GROW_H
#define KINERJA_GROW_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The capacity after cap: twice it, or first for an empty array. */
static inline size_t
kc_grow_cap(size_t cap, size_t first)
{
	return cap ? cap * 2 : first;
}

/* Copies the n elements of `size` bytes at old into fresh and returns
 * fresh; NULL when fresh is (out of memory), old then untouched. */
static inline void *
kc_grow_copy(void *fresh, const void *old, size_t n, size_t size)
{
	if (fresh != NULL && n > 0)
		memcpy(fresh, old, n * size);
	return fresh;
}

/* Moves arr's n elements into a new array of cap elements from
 * ALLOC(CTX, bytes), an allocator that does not return NULL (as
 * kcall_alloc). Use it for arrays that grow together. */
#define KC_GROW_TO(arr, n, cap, ALLOC, CTX)                                \
	((arr) = kc_grow_copy(ALLOC((CTX), (cap) * sizeof(*(arr))), (arr), \
	     (n), sizeof(*(arr))))

/* Makes room for one more element of `size` bytes in the heap array p
 * (n of *cap used), by realloc; returns the array, or NULL when out of
 * memory (p then still the caller's to free). */
static inline void *
kc_grow_heap(void *p, size_t n, size_t *cap, size_t size, size_t first)
{
	size_t want = kc_grow_cap(*cap, first);

	if (n < *cap)
		return p;
	if (want > SIZE_MAX / size || (p = realloc(p, want * size)) == NULL)
		return NULL;
	*cap = want;
	return p;
}

/* Makes room for one more element in arr (n of cap used). */
#define KC_GROW(arr, n, cap, first, ALLOC, CTX)      \
	do {                                         \
		(cap) = kc_grow_cap((cap), (first)); \
		KC_GROW_TO(arr, n, cap, ALLOC, CTX); \
	} while (0)

#endif
