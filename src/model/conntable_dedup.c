/*
 * conntable_dedup.c - one record per socket, however often a dump saw it.
 *
 * The kernel walks its socket hash chains for sock_diag (and for the
 * /proc/net files) without a lock across the messages of one dump: it
 * resumes each message at a position counted from the head of a chain, so
 * a socket created or closed meanwhile in the same chain shifts that
 * position, and a socket that exists for the whole dump is skipped or
 * reported twice.  The kernel does not flag it (sock_diag never sets
 * NLM_F_DUMP_INTR).  The skip cannot be undone from one dump; the repeat
 * can, and is undone here, once, whichever source filled the table.
 */
#include "lib/compat.h"

#include <stdlib.h>
#include <string.h>

#include "model/conntable.h"
#include "lib/hashtab.h"
#include "lib/xmalloc.h"

/*
 * The identity of a record.  A socket's inode is unique among live sockets
 * (sockfs numbers them), so the protocol and a non-zero inode name it.
 * Inet sockets without an inode (TIME_WAIT, request sockets, sockets
 * orphaned by close()) are named by their protocol, family, endpoints and
 * interface: the kernel's established hash holds one socket per such tuple,
 * and the tuple survives a FIN_WAIT2 socket turning into TIME_WAIT between
 * two sightings.  A unix socket without an inode (an embryo waiting in a
 * listener's queue) has no such name: it is never taken for a repeat.
 */
static bool has_identity(const struct conn *c)
{
	return c->inode != 0 || conn_is_inet(c);
}

static bool same_socket(const struct conn *a, const struct conn *b)
{
	if (a->proto != b->proto || a->inode != b->inode)
		return false;
	/* Socket inodes are unique on the host; addresses are only unique within a namespace. */
	if (a->inode != 0)
		return true;
	return a->netns == b->netns && a->family == b->family && a->scope == b->scope &&
	       memcmp(&a->local, &b->local, sizeof(a->local)) == 0 &&
	       memcmp(&a->remote, &b->remote, sizeof(a->remote)) == 0;
}

static uint64_t identity_hash(const struct conn *c)
{
	struct {
		struct endpoint local, remote;
		uint16_t scope, netns;
		uint8_t proto, family;
	} tuple;

	if (c->inode != 0)
		return hash_u64(c->inode ^ (uint64_t)c->proto << 56);
	memset(&tuple, 0, sizeof(tuple));
	tuple.local = c->local;
	tuple.remote = c->remote;
	tuple.scope = c->scope;
	tuple.proto = c->proto;
	tuple.family = c->family;
	tuple.netns = c->netns;
	return hash_bytes(&tuple, sizeof(tuple));
}

/* Whether an earlier kept record (indexed in seen) is the same socket as c. */
static bool seen_before(const struct conntable *t, const struct hashtab *seen, const struct conn *c,
			uint64_t hash)
{
	struct hashtab_iter it;
	uint32_t i;

	for (i = hashtab_first(seen, hash, &it); i != HASHTAB_NONE; i = hashtab_next(seen, &it))
		if (same_socket(&t->conns[i], c))
			return true;
	return false;
}

/*
 * Repeats are rare, so most records need not be indexed at all.  A first
 * pass sets one bit a record in a bitmap of 16 bits a record, chosen by the
 * identity's hash, and notes in a second bitmap each bit set twice; only
 * records whose bit was set twice (the repeats, their first sightings and
 * about 6 % of the rest) go into a hash index in the second pass.  At 100k
 * sockets that is 0.4 MB of bitmaps and an index of some 8k records, where
 * indexing every record took 2 MB and raised the peak memory of -tan by
 * 1.2 MB (its sort's keys, later, take 0.8 MB).
 */
#define FILTER_BITS_PER_RECORD 16

static bool bit_test(const uint64_t *map, uint64_t bit)
{
	return (map[bit >> 6] >> (bit & 63)) & 1;
}

static void bit_set(uint64_t *map, uint64_t bit)
{
	map[bit >> 6] |= (uint64_t)1 << (bit & 63);
}

/* Whether record i takes part: of the records from `second` on, only those with an inode. */
static bool wanted(const struct conn *c, size_t i, size_t second)
{
	return i < second || c->inode != 0;
}

/*
 * Keeps, in order, every wanted record that is not a repeat of an earlier
 * kept one.
 */
static size_t compact(struct conntable *t, size_t second)
{
	size_t n = t->len, i, w = 0, bits = 64;
	uint64_t *once, *twice, mask;
	struct hashtab seen;

	while (bits < FILTER_BITS_PER_RECORD * n)
		bits <<= 1;
	mask = bits - 1;
	once = xcalloc(bits / 64, sizeof(*once));
	twice = xcalloc(bits / 64, sizeof(*twice));
	for (i = 0; i < n; i++) {
		const struct conn *c = &t->conns[i];
		uint64_t bit;

		if (!wanted(c, i, second) || !has_identity(c))
			continue;
		bit = identity_hash(c) & mask;
		bit_set(bit_test(once, bit) ? twice : once, bit);
	}
	free(once);
	hashtab_init(&seen);
	for (i = 0; i < n; i++) {
		const struct conn *c = &t->conns[i];

		if (!wanted(c, i, second))
			continue;
		if (has_identity(c)) {
			uint64_t hash = identity_hash(c);

			if (bit_test(twice, hash & mask)) {
				if (seen_before(t, &seen, c, hash))
					continue;
				hashtab_insert(&seen, hash, (uint32_t)w);
			}
		}
		if (w != i)
			t->conns[w] = *c;
		w++;
	}
	hashtab_free(&seen);
	free(twice);
	t->len = w;
	return n - w;
}

size_t conntable_dedup(struct conntable *t)
{
	return compact(t, t->len);
}

size_t conntable_union(struct conntable *t, size_t second)
{
	return compact(t, second);
}
