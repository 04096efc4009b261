/*
 * hashtab.h - the one hash index of portstat: open addressing over record
 * numbers.
 *
 * The caller keeps its records in an array of its own; the index maps a
 * 64-bit hash to the numbers of the records that may match, and the caller
 * compares keys.  Each slot also holds 32 bits of the hash, so a probe
 * rarely touches a record that does not match and growing never needs the
 * records.  Linear probing, at most half full.
 *
 *	for (i = hashtab_first(h, hash, &it); i != HASHTAB_NONE; i = hashtab_next(h, &it))
 *		if (key_equal(&records[i], key))
 *			return &records[i];
 *
 * Depends on libc only.
 */
#ifndef PORTSTAT_LIB_HASHTAB_H
#define PORTSTAT_LIB_HASHTAB_H

#include <stddef.h>
#include <stdint.h>

#define HASHTAB_NONE UINT32_MAX

struct hashtab_slot {
	uint32_t hash; /* the hash folded to 32 bits (hashtab_fold); it also picks the home slot */
	uint32_t ref;  /* record number + 1; 0: free */
};

struct hashtab {
	struct hashtab_slot *slots;
	size_t mask; /* slots - 1; the slot count is a power of two */
	size_t len;  /* records indexed */
};

/* Where a lookup stands between hashtab_first and hashtab_next. */
struct hashtab_iter {
	size_t pos;
	uint32_t hash;
};

void hashtab_init(struct hashtab *h);
void hashtab_free(struct hashtab *h);
/* Forgets every record, keeps the memory. */
void hashtab_clear(struct hashtab *h);
/* Makes room for n records without growing on the way (optional). */
void hashtab_reserve(struct hashtab *h, size_t n);
/* Indexes record number ref under hash (the caller has checked it is absent). */
void hashtab_insert(struct hashtab *h, uint64_t hash, uint32_t ref);

/* The next record number filed under the iterator's hash, or HASHTAB_NONE. */
static inline uint32_t hashtab_next(const struct hashtab *h, struct hashtab_iter *it)
{
	for (; h->slots != NULL && h->slots[it->pos].ref != 0; it->pos = (it->pos + 1) & h->mask) {
		const struct hashtab_slot *s = &h->slots[it->pos];

		if (s->hash == it->hash) {
			it->pos = (it->pos + 1) & h->mask;
			return s->ref - 1;
		}
	}
	return HASHTAB_NONE;
}

/* The 32 bits of a hash that a slot keeps: growing re-homes entries from them alone. */
static inline uint32_t hashtab_fold(uint64_t hash)
{
	return (uint32_t)(hash ^ hash >> 32);
}

/* The first record number filed under hash, or HASHTAB_NONE. */
static inline uint32_t hashtab_first(const struct hashtab *h, uint64_t hash,
				     struct hashtab_iter *it)
{
	it->hash = hashtab_fold(hash);
	it->pos = h->slots != NULL ? it->hash & h->mask : 0;
	return hashtab_next(h, it);
}

/* A 64-bit mix of one word (the finaliser of MurmurHash3). */
static inline uint64_t hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdu;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53u;
	x ^= x >> 33;
	return x;
}

/* The hash of n bytes (8 at a time, then mixed): names, paths, addresses. */
uint64_t hash_bytes(const void *p, size_t n);

#endif
