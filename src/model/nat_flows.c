/*
 * nat_flows.c - the translated flows of a run and their two lookups
 * (model/nat_flows.h).
 *
 * Each flow is indexed twice in lib/hashtab.h's index: by its original
 * tuple (the client's socket sees it) and by its reply tuple (the server's
 * socket sees it).  The namespace is not part of the hash: the sockets of
 * a translated flow live in other namespaces than the conntrack table
 * that translated it, so a lookup may ask for any.
 */
#include "lib/compat.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/xmalloc.h"
#include "model/nat_flows.h"
#include "model/netns.h"

static const uint8_t v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

void nat_flow_table_init(struct nat_flow_table *t)
{
	memset(t, 0, sizeof(*t));
	hashtab_init(&t->by_orig);
	hashtab_init(&t->by_reply);
}

void nat_flow_table_free(struct nat_flow_table *t)
{
	free(t->v);
	hashtab_free(&t->by_orig);
	hashtab_free(&t->by_reply);
	nat_flow_table_init(t);
}

void nat_flow_table_reset(struct nat_flow_table *t)
{
	t->len = 0;
	hashtab_clear(&t->by_orig);
	hashtab_clear(&t->by_reply);
}

/* An endpoint of family as the table keeps it: an IPv4 address's other 12 bytes zero. */
static struct endpoint normal(int family, const struct endpoint *e)
{
	struct endpoint n;

	memset(&n, 0, sizeof(n));
	memcpy(n.addr, e->addr, family == AF_INET ? 4 : 16);
	n.port = e->port;
	return n;
}

/* The hash of a direction: protocol, family and both endpoints (normal ones). */
static uint64_t tuple_hash(unsigned proto, int family, const struct endpoint *src,
			   const struct endpoint *dst)
{
	uint8_t k[40];

	memset(k, 0, sizeof(k));
	memcpy(k, src->addr, 16);
	memcpy(k + 16, dst->addr, 16);
	memcpy(k + 32, &src->port, 2);
	memcpy(k + 34, &dst->port, 2);
	k[36] = (uint8_t)proto;
	k[37] = (uint8_t)family;
	return hash_bytes(k, sizeof(k));
}

static bool same_endpoint(const struct endpoint *a, const struct endpoint *b)
{
	return a->port == b->port && memcmp(a->addr, b->addr, 16) == 0;
}

bool nat_flow_is_mirror(const struct nat_flow *f)
{
	return same_endpoint(&f->orig.src, &f->reply.dst) &&
	       same_endpoint(&f->orig.dst, &f->reply.src);
}

/* Both addresses IPv4-mapped: what an IPv6 socket sends to the wire as IPv4. */
static bool v4_mapped_pair(const struct endpoint *a, const struct endpoint *b)
{
	return memcmp(a->addr, v4_mapped_prefix, sizeof(v4_mapped_prefix)) == 0 &&
	       memcmp(b->addr, v4_mapped_prefix, sizeof(v4_mapped_prefix)) == 0;
}

int nat_flow_table_add(struct nat_flow_table *t, const struct nat_flow *f)
{
	struct nat_flow *n;

	if ((f->family != AF_INET && f->family != AF_INET6) ||
	    (f->proto != IPPROTO_TCP && f->proto != IPPROTO_UDP) || f->netns >= NETNS_MAX)
		return -EINVAL;
	/* No socket's lookup could reach such an IPv6 flow: a socket with two
	 * IPv4-mapped addresses talks IPv4, and conntrack tracks that as IPv4. */
	if (f->family == AF_INET6 && (v4_mapped_pair(&f->orig.src, &f->orig.dst) ||
				      v4_mapped_pair(&f->reply.src, &f->reply.dst)))
		return -EINVAL;
	if (t->len >= HASHTAB_NONE - 1)
		return -E2BIG;
	if (t->len == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	n = &t->v[t->len];
	memset(n, 0, sizeof(*n));
	n->orig.src = normal(f->family, &f->orig.src);
	n->orig.dst = normal(f->family, &f->orig.dst);
	n->reply.src = normal(f->family, &f->reply.src);
	n->reply.dst = normal(f->family, &f->reply.dst);
	n->netns = f->netns;
	n->family = f->family;
	n->proto = f->proto;
	n->nat = f->nat & (NAT_FLOW_SNAT | NAT_FLOW_DNAT);
	hashtab_insert(&t->by_orig, tuple_hash(n->proto, n->family, &n->orig.src, &n->orig.dst),
		       (uint32_t)t->len);
	hashtab_insert(&t->by_reply, tuple_hash(n->proto, n->family, &n->reply.src, &n->reply.dst),
		       (uint32_t)t->len);
	t->len++;
	return 0;
}

/*
 * A socket's endpoints as a flow's: an IPv6 socket whose two addresses are
 * IPv4-mapped talks IPv4 on the wire, and conntrack tracks it so.
 */
static int socket_view(int family, const struct endpoint *local, const struct endpoint *remote,
		       struct endpoint *l, struct endpoint *r)
{
	if (family == AF_INET6 && v4_mapped_pair(local, remote)) {
		memset(l, 0, sizeof(*l));
		memset(r, 0, sizeof(*r));
		memcpy(l->addr, local->addr + 12, 4);
		memcpy(r->addr, remote->addr + 12, 4);
		l->port = local->port;
		r->port = remote->port;
		return AF_INET;
	}
	*l = normal(family, local);
	*r = normal(family, remote);
	return family;
}

/*
 * The first flow (in the order added) whose tuple, orig or reply when
 * by_reply, goes from the socket's local to its remote endpoint.  Growing
 * the index may reorder records of one hash: all of them are looked at.
 */
static const struct nat_flow *find(const struct nat_flow_table *t, bool by_reply, int netns,
				   unsigned proto, int family, const struct endpoint *local,
				   const struct endpoint *remote)
{
	const struct hashtab *h = by_reply ? &t->by_reply : &t->by_orig;
	const struct nat_flow *best = NULL;
	struct hashtab_iter it;
	struct endpoint src, dst;
	uint32_t i;

	if (family != AF_INET && family != AF_INET6)
		return NULL;
	family = socket_view(family, local, remote, &src, &dst);
	for (i = hashtab_first(h, tuple_hash(proto, family, &src, &dst), &it); i != HASHTAB_NONE;
	     i = hashtab_next(h, &it)) {
		const struct nat_flow *f = &t->v[i];
		const struct nat_tuple *tu = by_reply ? &f->reply : &f->orig;

		if (f->proto == proto && f->family == family &&
		    (netns == NAT_FLOW_ANY_NETNS || f->netns == netns) &&
		    same_endpoint(&tu->src, &src) && same_endpoint(&tu->dst, &dst) &&
		    (best == NULL || f < best))
			best = f;
	}
	return best;
}

const struct nat_flow *nat_flow_find_server(const struct nat_flow_table *t, int netns,
					    unsigned proto, int family,
					    const struct endpoint *local,
					    const struct endpoint *remote)
{
	return find(t, true, netns, proto, family, local, remote);
}

const struct nat_flow *nat_flow_find_client(const struct nat_flow_table *t, int netns,
					    unsigned proto, int family,
					    const struct endpoint *local,
					    const struct endpoint *remote)
{
	return find(t, false, netns, proto, family, local, remote);
}
