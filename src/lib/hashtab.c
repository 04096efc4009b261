/*
 * hashtab.c - growth and insertion of the hash index (lookups are inline
 * in hashtab.h).
 */
#include "lib/compat.h"

#include <string.h>

#include "lib/hashtab.h"
#include "lib/xmalloc.h"

void hashtab_init(struct hashtab *h)
{
	memset(h, 0, sizeof(*h));
}

void hashtab_free(struct hashtab *h)
{
	free(h->slots);
	hashtab_init(h);
}

void hashtab_clear(struct hashtab *h)
{
	if (h->slots != NULL)
		memset(h->slots, 0, (h->mask + 1) * sizeof(*h->slots));
	h->len = 0;
}

static void place(struct hashtab_slot *slots, size_t mask, struct hashtab_slot s)
{
	size_t i;

	for (i = s.hash & mask; slots[i].ref != 0; i = (i + 1) & mask)
		;
	slots[i] = s;
}

static void grow(struct hashtab *h, size_t n)
{
	size_t cap = 16, i;
	struct hashtab_slot *slots;

	while (cap < n * 2)
		cap *= 2;
	if (h->slots != NULL && cap <= h->mask + 1)
		return;
	slots = xcalloc(cap, sizeof(*slots));
	for (i = 0; h->slots != NULL && i <= h->mask; i++)
		if (h->slots[i].ref != 0)
			place(slots, cap - 1, h->slots[i]);
	free(h->slots);
	h->slots = slots;
	h->mask = cap - 1;
}

void hashtab_reserve(struct hashtab *h, size_t n)
{
	grow(h, n);
}

void hashtab_insert(struct hashtab *h, uint64_t hash, uint32_t ref)
{
	struct hashtab_slot s = {hashtab_fold(hash), ref + 1};

	grow(h, h->len + 1);
	place(h->slots, h->mask, s);
	h->len++;
}

uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3u;
	return hash_u64(h);
}
