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

void conntable_sort(struct conntable *t)
{
	uint32_t *perm;
	size_t i;

	if (t->len < 2)
		return;
	perm = xreallocarray(NULL, t->len, sizeof(*perm));
	for (i = 0; i < t->len; i++)
		perm[i] = (uint32_t)i;
	qsort_r(perm, t->len, sizeof(*perm), cmp_conn_index, t);

	/* Apply the permutation in place, one cycle at a time: position i
	 * receives the record that was at perm[i]. */
	for (i = 0; i < t->len; i++) {
		struct conn tmp;
		size_t j = i, k;

		if (perm[i] == i)
			continue;
		tmp = t->conns[i];
		while ((k = perm[j]) != i) {
			t->conns[j] = t->conns[k];
			perm[j] = (uint32_t)j;
			j = k;
		}
		t->conns[j] = tmp;
		perm[j] = (uint32_t)j;
	}
	free(perm);
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
