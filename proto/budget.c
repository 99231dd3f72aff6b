/*
 * budget.c - the budgeted protobuf-c allocator (see budget.h). Each block
 * carries its size in front so that a free gives its bytes back.
 */
#include <stdlib.h>

#include "budget.h"

static void *
kbudget_alloc(void *arg, size_t size)
{
	struct kbudget *b = arg;
	size_t         *p;

	if (size > b->left || b->left - size < sizeof(size_t)) {
		b->exhausted = 1;
		return NULL;
	}
	if ((p = malloc(size + sizeof(size_t))) == NULL)
		return NULL;
	b->left -= size + sizeof(size_t);
	*p = size;
	return p + 1;
}

static void
kbudget_free(void *arg, void *ptr)
{
	struct kbudget *b = arg;
	size_t         *p = ptr;

	if (p == NULL)
		return;
	b->left += p[-1] + sizeof(size_t);
	free(p - 1);
}

void
kbudget_init(struct kbudget *b, size_t bytes)
{
	b->base      = (ProtobufCAllocator) { kbudget_alloc, kbudget_free, b };
	b->left      = bytes;
	b->exhausted = 0;
}
