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

	/* At most half full: grow (and walk grow's sizes) only on the insert that crosses it. */
	if (h->slots == NULL || (h->len + 1) * 2 > h->mask + 1)
		grow(h, h->len + 1);
	place(h->slots, h->mask, s);
	h->len++;
}

/*
 * Eight bytes a step (a multiply, and a shift that brings the high bits
 * down), the tail a byte a step (FNV-1a), then hash_u64 mixes the lot:
 * the sort hashes two 16-byte addresses per socket.
 */
uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325u ^ n, w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, b + i, 8);
		h = (h ^ w) * 0xc2b2ae3d27d4eb4fu;
	}
	for (; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3u;
	return hash_u64(h);
}
