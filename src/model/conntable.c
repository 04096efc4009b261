/*
 * conntable.c - storage, string pool and ordering of the connection table.
 * No I/O: sources fill it, formatters read it.
 */
#define _GNU_SOURCE /* qsort_r */
#include "lib/compat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "model/conntable.h"
#include "model/netns.h"
#include "lib/hashtab.h"
#include "lib/xmalloc.h"

/*
 * The record's size is what the peak RSS at 100k sockets is made of: 88
 * bytes where pointers take 8.  Where they take 4 (i386, arm) the service
 * pointer is 4 bytes shorter, and the ABI rounds the end up to the
 * record's alignment: 4 on i386 (84 bytes), 8 on arm (88).  A member
 * added, or padding opened, fails this on 64-bit hosts (no padding there
 * to hide it in) and on i386.
 */
#define CONN_SIZE_LP64 88
#define CONN_SIZE                                                                                  \
	((CONN_SIZE_LP64 - 8 + sizeof(void *) + _Alignof(struct conn) - 1) /                       \
	 _Alignof(struct conn) * _Alignof(struct conn))
_Static_assert(sizeof(struct conn) == CONN_SIZE, "struct conn grew: see conntable.h");
/* The two-bit enrichment fields must hold every value of their enums. */
_Static_assert(PC_DYNAMIC < 4 && DIR_OUT < 4, "enum outgrew its bit-field");
_Static_assert(PROTO_COUNT <= 16 && SRC_REPLAY < 4, "enum outgrew its bit-field");
/* Four bits hold every family and state a record takes (sources clamp the rest to CS_NONE). */
_Static_assert(AF_INET6 < 16 && AF_INET < 16 && AF_UNIX < 16 && CS_MAX <= 16,
	       "a value outgrew its four bits");
_Static_assert(NETNS_MAX <= 1u << 10, "conn.netns holds ten bits");

void conntable_init(struct conntable *t)
{
	memset(t, 0, sizeof(*t));
}

void conntable_free(struct conntable *t)
{
	free(t->conns);
	free(t->pool);
	free(t->owners);
	free(t->scopes);
	hashtab_free(&t->scope_index);
	labels_free(&t->labels);
	memset(t, 0, sizeof(*t));
}

void conntable_reset(struct conntable *t)
{
	t->len = 0;
	t->pool_len = 0;
	t->owners_len = 0;
	t->scopes_len = 0;
	hashtab_clear(&t->scope_index);
	labels_clear(&t->labels);
}

struct conn *conntable_append(struct conntable *t)
{
	struct conn *c;

	if (t->len == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->conns = xreallocarray(t->conns, t->cap, sizeof(*t->conns));
	}
	c = &t->conns[t->len++];
	memset(c, 0, sizeof(*c));
	return c;
}

void conntable_drop_last(struct conntable *t)
{
	if (t->len > 0)
		t->len--;
}

uint32_t conntable_intern(struct conntable *t, const char *s, size_t len)
{
	size_t off, need;

	if (t->pool_len == 0) {
		/* Reserve offset 0 for "no string". */
		if (t->pool_cap == 0) {
			t->pool_cap = 4096;
			t->pool = xmalloc(t->pool_cap);
		}
		t->pool[0] = '\0';
		t->pool_len = 1;
	}
	need = t->pool_len + len + 1;
	if (need > UINT32_MAX)
		return 0; /* a 4 GiB pool is a hostile input; show the name as absent */
	if (need > t->pool_cap) {
		while (t->pool_cap < need)
			t->pool_cap *= 2;
		t->pool = xreallocarray(t->pool, t->pool_cap, 1);
	}
	off = t->pool_len;
	memcpy(t->pool + off, s, len);
	t->pool[off + len] = '\0';
	t->pool_len = need;
	return (uint32_t)off;
}

const char *conntable_str(const struct conntable *t, uint32_t off)
{
	if (off == 0 || off >= t->pool_len)
		return "";
	return t->pool + off;
}

uint32_t conntable_add_owner(struct conntable *t, pid_t pid, uint32_t comm, uint32_t unit)
{
	struct owner *o;

	if (t->owners_len == t->owners_cap) {
		t->owners_cap = t->owners_cap ? t->owners_cap * 2 : 64;
		t->owners = xreallocarray(t->owners, t->owners_cap, sizeof(*t->owners));
	}
	o = &t->owners[t->owners_len];
	o->pid = pid;
	o->comm = comm;
	o->command = 0;
	o->unit = unit;
	o->container = NULL;
	return (uint32_t)t->owners_len++;
}

static uint64_t scope_hash(unsigned netns, uint32_t ifindex)
{
	return hash_u64((uint64_t)netns << 32 | ifindex);
}

uint16_t conntable_add_scope(struct conntable *t, unsigned netns, uint32_t ifindex)
{
	uint64_t hash = scope_hash(netns, ifindex);
	struct hashtab_iter it;
	uint32_t i;

	if (ifindex == 0)
		return 0;
	for (i = hashtab_first(&t->scope_index, hash, &it); i != HASHTAB_NONE;
	     i = hashtab_next(&t->scope_index, &it))
		if (t->scopes[i].ifindex == ifindex && t->scopes[i].netns == netns)
			return (uint16_t)(i + 1);
	if (t->scopes_len >= UINT16_MAX)
		return 0;
	if (t->scopes_len == t->scopes_cap) {
		t->scopes_cap = t->scopes_cap ? t->scopes_cap * 2 : 8;
		t->scopes = xreallocarray(t->scopes, t->scopes_cap, sizeof(*t->scopes));
	}
	t->scopes[t->scopes_len] = (struct conn_scope){ifindex, 0, (uint16_t)netns};
	hashtab_insert(&t->scope_index, hash, (uint32_t)t->scopes_len);
	return (uint16_t)++t->scopes_len;
}

const struct conn_scope *conntable_scope(const struct conntable *t, uint16_t scope)
{
	return scope != 0 && scope <= t->scopes_len ? &t->scopes[scope - 1] : NULL;
}

const struct conn_scope *conntable_endpoint_scope(const struct conntable *t, const struct conn *c,
						  bool remote)
{
	if (!conn_is_inet(c) || (remote && !endpoint_addr_is_link_local(&c->remote, c->family)))
		return NULL;
	return conntable_scope(t, c->scope);
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

static int cmp_endpoint(const struct endpoint *a, const struct endpoint *b)
{
	int r = memcmp(a->addr, b->addr, sizeof(a->addr));

	if (r != 0)
		return r;
	return cmp_u64(a->port, b->port);
}

static int cmp_unix(const struct conntable *t, const struct conn *a, const struct conn *b)
{
	size_t n = a->path_len < b->path_len ? a->path_len : b->path_len;
	int r = memcmp(conntable_str(t, a->path), conntable_str(t, b->path), n);

	if (r != 0)
		return r;
	if (a->path_len != b->path_len)
		return cmp_u64(a->path_len, b->path_len);
	return cmp_u64(a->inode, b->inode);
}

static int cmp_conn_index(const void *pa, const void *pb, void *arg)
{
	const struct conntable *t = arg;
	uint32_t ia = *(const uint32_t *)pa, ib = *(const uint32_t *)pb;
	const struct conn *a = &t->conns[ia], *b = &t->conns[ib];
	int r;

	if (a->netns != b->netns)
		return a->netns - b->netns;
	if (a->proto != b->proto)
		return a->proto - b->proto;
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : b->family == AF_INET ? 1 : a->family - b->family;
	if (a->proto == PROTO_UNIX)
		r = cmp_unix(t, a, b);
	else if ((r = cmp_endpoint(&a->local, &b->local)) == 0)
		r = cmp_endpoint(&a->remote, &b->remote);
	if (r != 0)
		return r;
	return cmp_u64(ia, ib); /* stability: source order breaks ties */
}

/*
 * Sorting 100k records with a comparator that chases two records per call
 * costs more than the dump itself: every call misses the cache.  Instead
 * each record gets a packed key that orders exactly as cmp_conn_index: the
 * namespace (no bits when the run reads one); the (protocol, family) group; addresses and unix
 * paths replaced by their rank among the distinct values of the table (usually a handful); the
 * ports or the inode; and last the record's position, so that ties keep source order.  Each field
 * takes only the bits its largest value needs, so a key is one 64-bit word for most tables (100k
 * loopback sockets: 8 bytes a record, where fixed 16-byte keys cost 1.7 MB of peak memory) and two
 * for the rest.  The keys are radix sorted in place, then the records are permuted once.
 */
#define KEY_WORDS_MAX 2
#define GROUPS	      (PROTO_COUNT * 257) /* group_of's values */
#define RADIX_CUTOFF  32		  /* shorter runs: insertion sort */
#define PERMUTE_AHEAD 8			  /* records fetched ahead while permuting */

/* Distinct byte strings (addresses, paths) and their rank in memcmp order. */
struct dict_entry {
	const uint8_t *bytes;
	uint32_t len;
	uint32_t rank;
};

struct dict {
	struct dict_entry *e;
	size_t n, cap;
	struct hashtab index; /* entry numbers by hash_bytes of their bytes */
};

static void dict_init(struct dict *d)
{
	d->e = NULL;
	d->n = d->cap = 0;
	hashtab_init(&d->index);
}

/* Returns the entry of the string, adding it when new. */
static uint32_t dict_add(struct dict *d, const uint8_t *b, uint32_t len)
{
	uint64_t hash = hash_bytes(b, len);
	struct hashtab_iter it;
	uint32_t i;

	for (i = hashtab_first(&d->index, hash, &it); i != HASHTAB_NONE;
	     i = hashtab_next(&d->index, &it))
		if (d->e[i].len == len && memcmp(d->e[i].bytes, b, len) == 0)
			return i;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->e = xreallocarray(d->e, d->cap, sizeof(*d->e));
	}
	d->e[d->n] = (struct dict_entry){b, len, 0};
	hashtab_insert(&d->index, hash, (uint32_t)d->n);
	return (uint32_t)d->n++;
}

/* As cmp_unix and cmp_endpoint order them: common bytes, then the shorter first. */
static int cmp_dict_entry(const void *pa, const void *pb, void *arg)
{
	const struct dict_entry *e = arg;
	const struct dict_entry *a = &e[*(const uint32_t *)pa], *b = &e[*(const uint32_t *)pb];
	int r = memcmp(a->bytes, b->bytes, a->len < b->len ? a->len : b->len);

	return r != 0 ? r : (a->len > b->len) - (a->len < b->len);
}

/* Gives every entry its rank. */
static void dict_rank(struct dict *d)
{
	uint32_t *order = xreallocarray(NULL, d->n ? d->n : 1, sizeof(*order));
	size_t i;

	for (i = 0; i < d->n; i++)
		order[i] = (uint32_t)i;
	qsort_r(order, d->n, sizeof(*order), cmp_dict_entry, d->e);
	for (i = 0; i < d->n; i++)
		d->e[order[i]].rank = (uint32_t)i;
	free(order);
}

static void dict_free(struct dict *d)
{
	free(d->e);
	hashtab_free(&d->index);
}

/* (protocol, family) in cmp_conn_index's order: AF_INET first, then by number. */
static unsigned group_of(const struct conn *c)
{
	return c->proto * 257u + (c->family == AF_INET ? 0 : c->family + 1u);
}

/* Bits that hold every value from 0 to max. */
static unsigned bits_for(uint64_t max)
{
	return max == 0 ? 0 : 64 - (unsigned)__builtin_clzll(max);
}

/* How the fields share a key: total bits, right-aligned in `words` words of 64 bits. */
struct key_layout {
	unsigned netns_bits, group_bits, rank_bits, inode_bits, idx_bits;
	unsigned body_bits; /* between the group and the position: the widest kind's fields */
	unsigned total, words;
};

/* A value of up to 128 bits being built, most significant field first. */
struct packer {
	uint64_t hi, lo;
};

/* Appends the low bits of v (bits up to 128: the high ones then count as zero). */
static void push(struct packer *p, uint64_t v, unsigned bits)
{
	if (bits == 0)
		return;
	if (bits >= 64) {
		p->hi = bits - 64 < 64 ? p->lo << (bits - 64) : 0;
		p->lo = v;
		return;
	}
	p->hi = p->hi << bits | p->lo >> (64 - bits);
	p->lo = p->lo << bits | v;
}

/* Byte d of a key, counting from the most significant byte of its first word. */
static unsigned key_digit(const uint64_t *k, unsigned d)
{
	return (unsigned)(k[d >> 3] >> (56 - 8 * (d & 7))) & 0xff;
}

static bool key_less(const uint64_t *a, const uint64_t *b, unsigned w)
{
	unsigned i;

	for (i = 0; i < w; i++)
		if (a[i] != b[i])
			return a[i] < b[i];
	return false;
}

static void swap_keys(uint64_t *a, uint64_t *b, unsigned w)
{
	unsigned i;

	for (i = 0; i < w; i++) {
		uint64_t t = a[i];

		a[i] = b[i];
		b[i] = t;
	}
}

static void insertion_sort(uint64_t *k, size_t n, unsigned w)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t t[KEY_WORDS_MAX];
		size_t j = i;

		memcpy(t, k + i * w, w * sizeof(*k));
		for (; j > 0 && key_less(t, k + (j - 1) * w, w); j--)
			memcpy(k + j * w, k + (j - 1) * w, w * sizeof(*k));
		memcpy(k + j * w, t, w * sizeof(*k));
	}
}

/*
 * In-place most-significant-digit radix sort ("American flag sort") of n
 * keys of w words from byte d on: count each byte value, move every key
 * into its bucket by swaps, then sort each bucket on the next byte.  No
 * second key array, so the peak memory stays one array of keys; bytes every
 * key shares (the group and rank bits are mostly constant) cost one
 * counting pass and are skipped.  Keys are unique (the position), so the
 * recursion ends within the key's bytes.
 *
 * The counters live in scratch, not in each frame: 6 KiB a byte, 16 bytes
 * deep, overflowed a 40 KiB stack (ulimit -s 40, where ss runs).  A
 * level's counts, indexed by its byte d, are read again after its buckets
 * are sorted; the bucket bounds serve one level at a time.
 */
struct radix_scratch {
	size_t count[8 * KEY_WORDS_MAX][256];
	size_t next[256], end[256];
};

static void sort_keys(uint64_t *k, size_t n, unsigned d, unsigned w, struct radix_scratch *s)
{
	size_t *count, *next = s->next, *end = s->end, i;
	unsigned b;

	for (;;) {
		if (n <= RADIX_CUTOFF || d >= 8 * w) {
			insertion_sort(k, n, w);
			return;
		}
		count = s->count[d];
		memset(count, 0, sizeof(s->count[d]));
		for (i = 0; i < n; i++)
			count[key_digit(k + i * w, d)]++;
		if (count[key_digit(k, d)] != n)
			break;
		d++; /* one bucket holds every key: nothing to move on this byte */
	}
	for (i = 0, b = 0; b < 256; b++) {
		next[b] = i;
		i += count[b];
		end[b] = i;
	}
	for (b = 0; b < 256; b++) {
		/* Fill bucket b: each key found there goes to the next free slot of its own. */
		while (next[b] < end[b]) {
			unsigned kb = key_digit(k + next[b] * w, d);

			if (kb == b)
				next[b]++;
			else
				swap_keys(k + next[b] * w, k + next[kb]++ * w, w);
		}
	}
	for (i = 0, b = 0; b < 256; i += count[b], b++)
		if (count[b] > 1)
			sort_keys(k + i * w, count[b], d + 1, w, s);
}

/*
 * The first pass: every distinct address and path into the dictionary,
 * each record's entries parked in its key (local << 32 | remote), the
 * groups present marked and the largest unix inode found.  False when a
 * record's protocol is out of range (the comparator then sorts).
 */
static bool collect(const struct conntable *t, uint64_t *keys, struct dict *d, uint16_t *group_rank,
		    uint64_t *max_inode, unsigned *max_netns)
{
	size_t i;

	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (c->proto >= PROTO_COUNT)
			return false;
		group_rank[group_of(c)] = 1;
		if (c->netns > *max_netns)
			*max_netns = c->netns;
		if (c->proto == PROTO_UNIX) {
			keys[i] = (uint64_t)dict_add(d, (const uint8_t *)conntable_str(t, c->path),
						     c->path_len)
				  << 32;
			if (c->inode > *max_inode)
				*max_inode = c->inode;
		} else {
			keys[i] = (uint64_t)dict_add(d, c->local.addr, sizeof(c->local.addr))
				      << 32 |
				  dict_add(d, c->remote.addr, sizeof(c->remote.addr));
		}
	}
	return true;
}

/* Numbers the groups present in order (group_rank: 1 where present) and sizes the fields. */
static void plan_layout(struct key_layout *l, uint16_t *group_rank, size_t n_dict,
			uint64_t max_inode, unsigned max_netns, size_t n)
{
	unsigned g, groups = 0;
	unsigned inet_bits, unix_bits;

	for (g = 0; g < GROUPS; g++)
		if (group_rank[g] != 0)
			group_rank[g] = (uint16_t)groups++;
	l->netns_bits = bits_for(max_netns);
	l->group_bits = bits_for(groups - 1);
	l->rank_bits = bits_for(n_dict > 0 ? n_dict - 1 : 0);
	l->inode_bits = bits_for(max_inode);
	l->idx_bits = bits_for(n - 1);
	inet_bits = 2 * l->rank_bits + 32;
	unix_bits = l->rank_bits + l->inode_bits;
	l->body_bits = inet_bits > unix_bits ? inet_bits : unix_bits;
	l->total = l->netns_bits + l->group_bits + l->body_bits + l->idx_bits;
	l->words = l->total <= 64 ? 1 : 2;
}

/* The key of record i from its parked dictionary entries. */
static struct packer pack_key(const struct conn *c, uint64_t parked, const struct key_layout *l,
			      const uint16_t *group_rank, const struct dict *d, size_t i)
{
	struct packer p = {0, 0};
	uint64_t local = d->e[parked >> 32].rank;

	push(&p, c->netns, l->netns_bits);
	push(&p, group_rank[group_of(c)], l->group_bits);
	if (c->proto == PROTO_UNIX) {
		push(&p, local, l->rank_bits);
		push(&p, c->inode, l->inode_bits);
		push(&p, 0, l->body_bits - l->rank_bits - l->inode_bits);
	} else {
		push(&p, local, l->rank_bits);
		push(&p, c->local.port, 16);
		push(&p, d->e[(uint32_t)parked].rank, l->rank_bits);
		push(&p, c->remote.port, 16);
		push(&p, 0, l->body_bits - 2 * l->rank_bits - 32);
	}
	push(&p, i, l->idx_bits);
	return p;
}

/*
 * Fills *keys (reallocated to l->words words a record) and the layout;
 * false when the fields do not fit 128 bits (millions of distinct
 * addresses with 64-bit inodes) or collect refused the table.
 */
static bool build_keys(const struct conntable *t, uint64_t **keys, struct key_layout *l)
{
	uint16_t group_rank[GROUPS];
	struct dict d;
	uint64_t max_inode = 0, *k = *keys;
	unsigned max_netns = 0;
	size_t i;

	memset(group_rank, 0, sizeof(group_rank));
	dict_init(&d);
	if (!collect(t, k, &d, group_rank, &max_inode, &max_netns)) {
		dict_free(&d);
		return false;
	}
	plan_layout(l, group_rank, d.n, max_inode, max_netns, t->len);
	if (l->total > 64 * KEY_WORDS_MAX) {
		dict_free(&d);
		return false;
	}
	dict_rank(&d);
	if (l->words == 1) {
		for (i = 0; i < t->len; i++)
			k[i] = pack_key(&t->conns[i], k[i], l, group_rank, &d, i).lo;
	} else {
		/* Two words a record: spread from the end, so no parked entry is
		 * overwritten before it is read. */
		k = xreallocarray(k, t->len, 2 * sizeof(*k));
		*keys = k;
		for (i = t->len; i-- > 0;) {
			struct packer p = pack_key(&t->conns[i], k[i], l, group_rank, &d, i);

			k[2 * i] = p.hi;
			k[2 * i + 1] = p.lo;
		}
	}
	dict_free(&d);
	return true;
}

/* The old way, for tables whose keys would not fit: positions in sorted order, one word each. */
static void sort_by_comparator(struct conntable *t, uint64_t *keys)
{
	uint32_t *perm = xreallocarray(NULL, t->len, sizeof(*perm));
	size_t i;

	for (i = 0; i < t->len; i++)
		perm[i] = (uint32_t)i;
	qsort_r(perm, t->len, sizeof(*perm), cmp_conn_index, t);
	for (i = 0; i < t->len; i++)
		keys[i] = perm[i];
	free(perm);
}

#define PLACED ((uint64_t)1 << 63)

/*
 * Moves every record to its sorted position in place: position p receives
 * the record that was at src[p], where src[p] is the last word of key p
 * (w words a key, the position in its low bits).  Each cycle of the
 * permutation is followed once, so each record moves once; src[] is small
 * enough to stay in cache, so the walk runs PERMUTE_AHEAD steps ahead on
 * the cycle and fetches those records early, overlapping their cache
 * misses.  A placed position gets PLACED in its src word.
 */
static void permute(struct conntable *t, uint64_t *keys, unsigned w)
{
	size_t n = t->len, i;
	uint64_t *src = keys + w - 1; /* src[p * w]: record wanted at p */

	for (i = 0; i < n; i++) {
		size_t pos, from, ahead;
		struct conn tmp;
		int k;

		if (src[i * w] & PLACED)
			continue;
		from = (size_t)src[i * w];
		if (from == i) {
			src[i * w] |= PLACED;
			continue;
		}
		ahead = from;
		for (k = 0; k < PERMUTE_AHEAD && ahead != i; k++)
			ahead = (size_t)(src[ahead * w] & ~PLACED);
		tmp = t->conns[i];
		pos = i;
		while (from != i) {
			if (ahead != i) {
				const char *r = (const char *)&t->conns[ahead];

				/* A record spans two cache lines. */
				__builtin_prefetch(r);
				__builtin_prefetch(r + sizeof(struct conn) - 1);
				ahead = (size_t)(src[ahead * w] & ~PLACED);
			}
			t->conns[pos] = t->conns[from];
			src[pos * w] |= PLACED;
			pos = from;
			from = (size_t)src[pos * w];
		}
		t->conns[pos] = tmp;
		src[pos * w] |= PLACED;
	}
}

void conntable_sort(struct conntable *t)
{
	struct key_layout l;
	uint64_t *keys, idx_mask;
	size_t i;

	if (t->len < 2)
		return;
	keys = xreallocarray(NULL, t->len, sizeof(*keys));
	if (build_keys(t, &keys, &l)) {
		struct radix_scratch *s = xmalloc(sizeof(*s));

		sort_keys(keys, t->len, (64 * l.words - l.total) / 8, l.words, s);
		free(s);
		/* Only the position stays in the last word: src for permute. */
		idx_mask = ((uint64_t)1 << l.idx_bits) - 1;
		for (i = 0; i < t->len; i++)
			keys[i * l.words + l.words - 1] &= idx_mask;
	} else {
		sort_by_comparator(t, keys);
		l.words = 1;
	}
	permute(t, keys, l.words);
	free(keys);
}

bool conn_is_inet(const struct conn *c)
{
	return c->proto != PROTO_UNIX;
}

bool conn_has_ports(const struct conn *c)
{
	return c->proto == PROTO_TCP || c->proto == PROTO_UDP || c->proto == PROTO_UDPLITE;
}

bool endpoint_addr_is_any(const struct endpoint *e, int family)
{
	size_t n = family == AF_INET ? 4 : 16;
	size_t i;

	for (i = 0; i < n; i++)
		if (e->addr[i] != 0)
			return false;
	return true;
}

bool endpoint_addr_is_link_local(const struct endpoint *e, int family)
{
	if (family != AF_INET6)
		return false;
	if (e->addr[0] == 0xfe && (e->addr[1] & 0xc0) == 0x80)
		return true;
	/* ff01::/16 interface-local, ff02::/16 link-local (any flags) */
	return e->addr[0] == 0xff && ((e->addr[1] & 0x0f) == 1 || (e->addr[1] & 0x0f) == 2);
}

uint16_t conn_service_port(const struct conn *c)
{
	if (!conn_is_inet(c))
		return 0;
	/* classify_enrich: only a connection out has its service on the remote side. */
	return c->direction == DIR_OUT ? c->remote.port : c->local.port;
}

bool conn_is_listening(const struct conn *c)
{
	switch (c->proto) {
	case PROTO_TCP:
		return c->state == CS_LISTEN;
	case PROTO_UDP:
	case PROTO_UDPLITE:
	case PROTO_RAW:
	case PROTO_ICMP:
		return c->state != CS_ESTABLISHED && c->remote.port == 0 &&
		       endpoint_addr_is_any(&c->remote, c->family);
	case PROTO_UNIX:
		return (c->unix_flags & UNIX_FLAG_ACCEPTCON) != 0;
	default:
		return false;
	}
}
