/*
 * conntable.c - storage, string pool and ordering of the connection table.
 * No I/O: sources fill it, formatters read it.
 */
#define _GNU_SOURCE /* qsort_r */
#include "compat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conntable.h"
#include "xmalloc.h"

/* The record's size is what the peak RSS at 100k sockets is made of; the
 * two-bit enrichment fields must hold every value of their enums. */
_Static_assert(sizeof(struct conn) == 88, "struct conn grew: see conntable.h");
_Static_assert(PC_DYNAMIC < 4 && DIR_OUT < 4, "enum outgrew its bit-field");

void conntable_init(struct conntable *t)
{
	memset(t, 0, sizeof(*t));
}

void conntable_free(struct conntable *t)
{
	free(t->conns);
	free(t->pool);
	free(t->owners);
	memset(t, 0, sizeof(*t));
}

void conntable_reset(struct conntable *t)
{
	t->len = 0;
	t->pool_len = 0;
	t->owners_len = 0;
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
	o->unit = unit;
	return (uint32_t)t->owners_len++;
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
 * each record gets a 16-byte key that orders exactly as cmp_conn_index:
 * addresses and unix paths are replaced by their rank among the distinct
 * values of the table (usually a handful), so (group, local rank, local
 * port, remote rank, remote port) or (group, path rank, inode) fit in 96
 * bits.  The keys are sorted in place, then the records are permuted once.
 */
struct sort_key {
	uint64_t hi;
	uint32_t lo;
	uint32_t idx; /* the record's position before sorting: ties keep it */
};

#define RANK_BITS     21 /* distinct addresses or paths the packed key can rank */
#define PERMUTE_AHEAD 16 /* records fetched ahead while permuting */

/* Distinct byte strings (addresses, paths) and their rank in memcmp order. */
struct dict_entry {
	const uint8_t *bytes;
	uint32_t len;
	uint32_t rank;
};

struct dict {
	struct dict_entry *e;
	size_t n, cap;
	uint32_t *slots; /* entry index + 1; 0 is empty */
	size_t nslots;	 /* a power of two, at least twice n */
};

/* Two multiply-mix steps per 8 bytes: addresses are hashed twice per record. */
static uint32_t dict_hash(const uint8_t *b, uint32_t len)
{
	uint64_t h = len * 0x9e3779b97f4a7c15u, w;
	uint32_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, b + i, 8);
		h = (h ^ w) * 0xc2b2ae3d27d4eb4fu;
		h ^= h >> 29;
	}
	for (; i < len; i++)
		h = (h ^ b[i]) * 0x100000001b3u;
	return (uint32_t)(h ^ (h >> 32));
}

static void dict_grow(struct dict *d)
{
	size_t i;

	free(d->slots);
	d->nslots = d->nslots ? d->nslots * 2 : 64;
	d->slots = xcalloc(d->nslots, sizeof(*d->slots));
	for (i = 0; i < d->n; i++) {
		size_t h = dict_hash(d->e[i].bytes, d->e[i].len) & (d->nslots - 1);

		while (d->slots[h] != 0)
			h = (h + 1) & (d->nslots - 1);
		d->slots[h] = (uint32_t)i + 1;
	}
}

/* Returns the entry of the string, adding it when new. */
static uint32_t dict_add(struct dict *d, const uint8_t *b, uint32_t len)
{
	size_t h;

	if ((d->n + 1) * 2 > d->nslots)
		dict_grow(d);
	for (h = dict_hash(b, len) & (d->nslots - 1); d->slots[h] != 0;
	     h = (h + 1) & (d->nslots - 1)) {
		const struct dict_entry *e = &d->e[d->slots[h] - 1];

		if (e->len == len && memcmp(e->bytes, b, len) == 0)
			return d->slots[h] - 1;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->e = xreallocarray(d->e, d->cap, sizeof(*d->e));
	}
	d->e[d->n] = (struct dict_entry){b, len, 0};
	d->slots[h] = (uint32_t)d->n + 1;
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

/* Gives every entry its rank; false when there are too many to pack. */
static bool dict_rank(struct dict *d)
{
	uint32_t *order;
	size_t i;

	if (d->n >= (1u << RANK_BITS))
		return false;
	order = xreallocarray(NULL, d->n ? d->n : 1, sizeof(*order));
	for (i = 0; i < d->n; i++)
		order[i] = (uint32_t)i;
	qsort_r(order, d->n, sizeof(*order), cmp_dict_entry, d->e);
	for (i = 0; i < d->n; i++)
		d->e[order[i]].rank = (uint32_t)i;
	free(order);
	return true;
}

static void dict_free(struct dict *d)
{
	free(d->e);
	free(d->slots);
}

/* (protocol, family) in cmp_conn_index's order: AF_INET first, then by number. */
static uint64_t group_of(const struct conn *c)
{
	return (uint64_t)c->proto * 257 + (c->family == AF_INET ? 0 : c->family + 1u);
}

static bool key_less(const struct sort_key *a, const struct sort_key *b)
{
	if (a->hi != b->hi)
		return a->hi < b->hi;
	if (a->lo != b->lo)
		return a->lo < b->lo;
	return a->idx < b->idx;
}

static void swap_keys(struct sort_key *a, struct sort_key *b)
{
	struct sort_key t = *a;

	*a = *b;
	*b = t;
}

#define KEY_DIGITS   16 /* bytes of (hi, lo, idx), most significant first */
#define RADIX_CUTOFF 32 /* shorter runs: insertion sort */

/* Byte d of the key read as one 128-bit number hi:lo:idx (key_less's order). */
static unsigned key_digit(const struct sort_key *k, unsigned d)
{
	if (d < 8)
		return (unsigned)(k->hi >> (56 - 8 * d)) & 0xff;
	if (d < 12)
		return (k->lo >> (24 - 8 * (d - 8))) & 0xff;
	return (k->idx >> (24 - 8 * (d - 12))) & 0xff;
}

static void insertion_sort(struct sort_key *k, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct sort_key t = k[i];
		size_t j = i;

		for (; j > 0 && key_less(&t, &k[j - 1]); j--)
			k[j] = k[j - 1];
		k[j] = t;
	}
}

/*
 * In-place most-significant-digit radix sort ("American flag sort") from
 * byte d on: count each byte value, move every key into its bucket by
 * swaps, then sort each bucket on the next byte.  No second key array, so
 * the peak memory stays one array of keys; bytes every key shares (the
 * group and rank bits are mostly constant) cost one counting pass and are
 * skipped.  Keys are unique (idx), so at most KEY_DIGITS levels.  At 100k
 * keys it took about 30% less time than the quicksort it replaced (perf).
 */
static void sort_keys(struct sort_key *k, size_t n, unsigned d)
{
	size_t count[256], next[256], end[256], i;
	unsigned b;

	for (;;) {
		if (n <= RADIX_CUTOFF || d >= KEY_DIGITS) {
			insertion_sort(k, n);
			return;
		}
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[key_digit(&k[i], d)]++;
		if (count[key_digit(&k[0], d)] != n)
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
			unsigned kb = key_digit(&k[next[b]], d);

			if (kb == b)
				next[b]++;
			else
				swap_keys(&k[next[b]], &k[next[kb]++]);
		}
	}
	for (i = 0, b = 0; b < 256; i += count[b], b++)
		if (count[b] > 1)
			sort_keys(k + i, count[b], d + 1);
}

/* Fills the keys; false when the table has too many distinct values to pack. */
static bool build_keys(const struct conntable *t, struct sort_key *keys)
{
	struct dict d = {NULL, 0, 0, NULL, 0};
	bool ok;
	size_t i;

	/* First the distinct values, with each record's entries parked in its key. */
	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (c->proto == PROTO_UNIX) {
			keys[i].hi =
			    dict_add(&d, (const uint8_t *)conntable_str(t, c->path), c->path_len);
			keys[i].lo = 0;
		} else {
			keys[i].hi = dict_add(&d, c->local.addr, sizeof(c->local.addr));
			keys[i].lo = dict_add(&d, c->remote.addr, sizeof(c->remote.addr));
		}
	}
	ok = dict_rank(&d);
	for (i = 0; ok && i < t->len; i++) {
		const struct conn *c = &t->conns[i];
		uint64_t g = group_of(c), lr = d.e[keys[i].hi].rank, rr = d.e[keys[i].lo].rank;

		/* 11 bits of group, then 85 bits of fields, most significant first. */
		if (c->proto == PROTO_UNIX) {
			keys[i].hi = g << 53 | lr << 32 | c->inode >> 32;
			keys[i].lo = (uint32_t)c->inode;
		} else {
			keys[i].hi = g << 53 | lr << 32 | (uint64_t)c->local.port << 16 | rr >> 5;
			keys[i].lo = (uint32_t)((rr & 0x1f) << 27 | (uint64_t)c->remote.port << 11);
		}
		keys[i].idx = (uint32_t)i;
	}
	dict_free(&d);
	return ok;
}

/* The old way, for tables with more than 2^21 distinct addresses. */
static void sort_by_comparator(struct conntable *t, struct sort_key *keys)
{
	uint32_t *perm = xreallocarray(NULL, t->len, sizeof(*perm));
	size_t i;

	for (i = 0; i < t->len; i++)
		perm[i] = (uint32_t)i;
	qsort_r(perm, t->len, sizeof(*perm), cmp_conn_index, t);
	for (i = 0; i < t->len; i++)
		keys[i].idx = perm[i];
	free(perm);
}

/*
 * Moves every record to its sorted position in place: position i receives
 * the record that was at keys[i].idx.  Following permutation cycles would
 * move each record once but chase a chain of dependent cache misses; here
 * positions are filled in order, each by one swap, and the record to fetch
 * next is known ahead, so the misses overlap (about twice as fast at 100k).
 * The keys' hi and lo, done with, hold where each record is now and which
 * record each position holds.
 */
static void permute(struct conntable *t, struct sort_key *keys)
{
	size_t n = t->len, i;

	for (i = 0; i < n; i++) {
		keys[i].hi = i;		  /* where[original index]: its current position */
		keys[i].lo = (uint32_t)i; /* who[position]: the original index there */
	}
	for (i = 0; i < n; i++) {
		uint32_t want = keys[i].idx, cur = (uint32_t)keys[want].hi, held;
		struct conn tmp;

		/* Two chained look-ups, both cache misses: the wanted record's
		 * where[] entry is fetched twice as far ahead as the record, and
		 * the record's last byte too, as a record spans two cache lines. */
		if (i + 2 * PERMUTE_AHEAD < n)
			__builtin_prefetch(&keys[keys[i + 2 * PERMUTE_AHEAD].idx]);
		if (i + PERMUTE_AHEAD < n) {
			const char *ahead =
			    (const char *)&t->conns[keys[keys[i + PERMUTE_AHEAD].idx].hi];

			__builtin_prefetch(ahead);
			__builtin_prefetch(ahead + sizeof(struct conn) - 1);
		}
		if (cur == i)
			continue;
		tmp = t->conns[i];
		t->conns[i] = t->conns[cur];
		t->conns[cur] = tmp;
		/* The record that sat at i now sits at cur. */
		held = keys[i].lo;
		keys[held].hi = cur;
		keys[cur].lo = held;
		keys[want].hi = i;
		keys[i].lo = want;
	}
}

void conntable_sort(struct conntable *t)
{
	struct sort_key *keys;

	if (t->len < 2)
		return;
	keys = xreallocarray(NULL, t->len, sizeof(*keys));
	if (build_keys(t, keys)) {
		sort_keys(keys, t->len, 0);
	} else {
		sort_by_comparator(t, keys);
	}

	permute(t, keys);
	free(keys);
}

bool conn_is_inet(const struct conn *c)
{
	return c->proto != PROTO_UNIX;
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
		return c->state != CS_ESTABLISHED && c->remote.port == 0 &&
		       endpoint_addr_is_any(&c->remote, c->family);
	case PROTO_UNIX:
		return (c->unix_flags & UNIX_FLAG_ACCEPTCON) != 0;
	default:
		return false;
	}
}
