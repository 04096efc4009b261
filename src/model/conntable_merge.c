/*
 * conntable_merge.c - one table's records appended to another's, with
 * every reference into the first rebased (conntable_merge.h).
 */
#include "lib/compat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/conntable_merge.h"
#include "model/tcp_info.h"
#include "lib/xmalloc.h"

/*
 * src's pool, copied as one block after dst's: an offset off of src is
 * off + shift in dst (0, "no string", stays 0).  One copy keeps names with
 * NUL bytes (abstract unix names) whole.  Returns false when the pool
 * would pass 4 GiB: src's strings are then shown as absent.
 */
static bool copy_pool(struct conntable *dst, const struct conntable *src, uint32_t *shift)
{
	uint32_t base;

	*shift = 0;
	if (src->pool_len <= 1)
		return true;
	/* src->pool[1 .. pool_len - 1] ends with its last string's NUL, which intern adds. */
	base = conntable_intern(dst, src->pool + 1, src->pool_len - 2);
	if (base == 0)
		return false;
	*shift = base - 1;
	return true;
}

static uint32_t rebase(uint32_t off, bool pooled, uint32_t shift)
{
	return off != 0 && pooled ? off + shift : 0;
}

/* src's interfaces re-added to dst in their order; map[i] is src's number i + 1 in dst. */
static uint16_t *merge_scopes(struct conntable *dst, const struct conntable *src, bool pooled,
			      uint32_t shift)
{
	uint16_t *map = xreallocarray(NULL, src->scopes_len, sizeof(*map));
	size_t i;

	for (i = 0; i < src->scopes_len; i++) {
		const struct conn_scope *s = &src->scopes[i];

		map[i] = conntable_add_scope(dst, s->netns, s->ifindex);
		if (map[i] != 0 && s->name != 0 && dst->scopes[map[i] - 1].name == 0)
			dst->scopes[map[i] - 1].name = rebase(s->name, pooled, shift);
	}
	return map;
}

static uint32_t merge_owners(struct conntable *dst, const struct conntable *src, bool pooled,
			     uint32_t shift)
{
	uint32_t first = (uint32_t)dst->owners_len;
	size_t i;

	for (i = 0; i < src->owners_len; i++) {
		const struct owner *o = &src->owners[i];
		uint32_t k = conntable_add_owner(dst, o->pid, rebase(o->comm, pooled, shift),
						 rebase(o->unit, pooled, shift));

		dst->owners[k].command = rebase(o->command, pooled, shift);
		dst->owners[k].container = o->container;
	}
	return first;
}

/* Host labels by value (their names re-interned), port labels as they are. */
static void merge_labels(struct conntable *dst, const struct conntable *src)
{
	const struct labels *l = &src->labels;
	size_t i;

	for (i = 0; i < l->hosts_len; i++) {
		const char *name = conntable_str(src, l->hosts[i].name);

		conntable_label_host(dst, l->hosts[i].family, l->hosts[i].addr, name, strlen(name));
	}
	for (i = 0; i < l->ports_len; i++)
		conntable_label_port(dst, l->ports[i].proto, l->ports[i].port, l->ports[i].name);
}

/*
 * Each entry of s re-keyed into d as the source would have added it: by
 * inode, or by endpoints, protocol, family and namespace for an orphan.
 */
static void merge_internals(struct sock_internals *d, const struct sock_internals *s)
{
	size_t i;

	for (i = 0; i < s->len; i++) {
		const struct sock_internals_entry *e = &s->v[i];
		struct sock_internals_entry *n;
		struct conn key;

		memset(&key, 0, sizeof(key));
		key.inode = e->inode;
		key.proto = e->proto & 0xf;
		key.family = e->family & 0xf;
		key.netns = e->netns & 0x3ff;
		if (e->inode == 0) {
			if (e->orphan >= s->orphans_len)
				continue;
			key.local = s->orphans[e->orphan].local;
			key.remote = s->orphans[e->orphan].remote;
		}
		if ((n = sock_internals_add(d, &key)) == NULL)
			continue;
		if (e->has_tcp_info || e->tcp.cong[0] != '\0') {
			n->tcp = e->tcp;
			n->has_tcp_info = n->has_tcp_info || e->has_tcp_info;
		}
		if (e->has_memory && s->mem != NULL && d->mem != NULL) {
			d->mem[n - d->v] = s->mem[i];
			n->has_memory = true;
		}
	}
}

void conntable_merge(struct conntable *dst, const struct conntable *src)
{
	uint32_t shift, owners;
	uint16_t *scopes;
	bool pooled;
	size_t i;

	pooled = copy_pool(dst, src, &shift);
	scopes = merge_scopes(dst, src, pooled, shift);
	owners = merge_owners(dst, src, pooled, shift);
	for (i = 0; i < src->len; i++) {
		const struct conn *s = &src->conns[i];
		struct conn *c = conntable_append(dst);

		*c = *s;
		c->user = rebase(s->user, pooled, shift);
		if (s->owner_count != 0)
			c->owner_first = s->owner_first + owners;
		if (s->proto == PROTO_UNIX) {
			c->path = rebase(s->path, pooled, shift);
			if (c->path == 0)
				c->path_len = 0;
		} else {
			c->scope =
			    s->scope != 0 && s->scope <= src->scopes_len ? scopes[s->scope - 1] : 0;
		}
	}
	free(scopes);
	merge_labels(dst, src);
	if (dst->internals != NULL && src->internals != NULL)
		merge_internals(dst->internals, src->internals);
}
