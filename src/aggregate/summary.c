/*
 * summary.c - counts over the filtered socket table for -s/--summary.
 *
 * One pass over the table; services and destinations are grouped in a hash
 * (open addressing on the packed key), then sorted busiest first.  Reading
 * ip_local_reserved_ports lives here too: it is the one fact the summary
 * needs that no other module reads.
 */
#include "lib/compat.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "lib/procfile.h"
#include "aggregate/summary.h"
#include "lib/xmalloc.h"

void summary_init(struct summary *s)
{
	memset(s, 0, sizeof(*s));
}

static void list_free(struct summary_list *l)
{
	free(l->v);
	hashtab_free(&l->index);
	memset(l, 0, sizeof(*l));
}

void summary_free(struct summary *s)
{
	list_free(&s->local);
	list_free(&s->remote);
	list_free(&s->pairs);
	free((void *)s->pressure);
	free(s->netns);
	summary_init(s);
}

/* FNV-1a over the packed key. */
static uint64_t key_hash(const struct summary_key *k)
{
	return hash_bytes(k, sizeof(*k));
}

static bool key_equal(const struct summary_key *a, const struct summary_key *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* Rebuilds the index after the entries moved (sorting). */
static void list_reindex(struct summary_list *l)
{
	size_t i;

	hashtab_clear(&l->index);
	for (i = 0; i < l->len; i++)
		hashtab_insert(&l->index, key_hash(&l->v[i].key), (uint32_t)i);
}

const struct summary_entry *summary_find(const struct summary_list *l, const struct summary_key *k)
{
	struct hashtab_iter it;
	uint32_t i;

	for (i = hashtab_first(&l->index, key_hash(k), &it); i != HASHTAB_NONE;
	     i = hashtab_next(&l->index, &it))
		if (key_equal(&l->v[i].key, k))
			return &l->v[i];
	return NULL;
}

/* The entry for k, added (zeroed) when new. */
static struct summary_entry *list_get(struct summary_list *l, const struct summary_key *k)
{
	struct summary_entry *e = (struct summary_entry *)summary_find(l, k);

	if (e != NULL)
		return e;
	if (l->len == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	e = &l->v[l->len];
	memset(e, 0, sizeof(*e));
	e->key = *k;
	hashtab_insert(&l->index, key_hash(k), (uint32_t)l->len++);
	return e;
}

/* The state slot of a socket: UDP/raw are connected or not, unix listeners get their own. */
static unsigned state_slot(const struct conn *c)
{
	if (c->proto == PROTO_UNIX) {
		if (c->state == US_UNCONNECTED && (c->unix_flags & UNIX_FLAG_ACCEPTCON))
			return SUMMARY_UNIX_LISTENING;
		return c->state <= US_DISCONNECTING ? c->state : US_FREE;
	}
	if (c->proto != PROTO_TCP)
		return c->state == CS_ESTABLISHED ? CS_ESTABLISHED : CS_CLOSE;
	if (c->state == CS_BOUND_INACTIVE)
		return CS_CLOSE; /* both print as BOUND */
	return c->state < CS_MAX ? c->state : CS_NONE;
}

/*
 * What the kernel counts as an orphan (tcp_orphan_count: /proc/net/sockstat
 * "orphan", ss -s "orphaned"): a socket its process closed that lingers
 * until the peer is done, in FIN_WAIT1, FIN_WAIT2, CLOSING or LAST_ACK.  A
 * connection waiting in a listener's accept queue has no file either (inode
 * 0) but is not one, and a FIN_WAIT2 with the time-wait timer is a
 * time-wait minisocket, not a full socket.
 */
static bool tcp_is_orphan(const struct conn *c)
{
	if (c->inode != 0 || c->timer == TIMER_TIMEWAIT)
		return false;
	switch (c->state) {
	case CS_FIN_WAIT1:
	case CS_FIN_WAIT2:
	case CS_CLOSING:
	case CS_LAST_ACK:
		return true;
	default:
		return false;
	}
}

static void count_tcp(struct summary *s, const struct conn *c)
{
	s->tcp_total++;
	switch (c->state) {
	case CS_ESTABLISHED:
	case CS_CLOSE_WAIT:
		s->tcp_estab++;
		break;
	case CS_TIME_WAIT:
		s->tcp_timewait++;
		break;
	case CS_CLOSE:
	case CS_BOUND_INACTIVE:
		s->tcp_closed++;
		break;
	default:
		break;
	}
	if (tcp_is_orphan(c))
		s->tcp_orphaned++;
}

static const uint8_t v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* An IPv4 address in the first 4 bytes, from a v4-mapped one. */
static void unmap(uint8_t addr[16])
{
	memmove(addr, addr + 12, 4);
	memset(addr + 4, 0, 12);
}

/*
 * The kernel's port space for connect(): one per (protocol, source address,
 * destination address and port).  A v4-mapped destination of an IPv6
 * socket shares the IPv4 one, so it is folded into IPv4.
 */
static void set_pair_key(struct summary_key *k, const struct conn *c)
{
	memset(k, 0, sizeof(*k));
	k->proto = c->proto;
	k->family = c->family;
	k->port = c->remote.port;
	k->netns = c->netns;
	memcpy(k->addr, c->remote.addr, sizeof(k->addr));
	memcpy(k->source, c->local.addr, sizeof(k->source));
	if (c->family == AF_INET6 && memcmp(k->addr, v4_mapped_prefix, 12) == 0) {
		k->family = AF_INET;
		unmap(k->addr);
		if (memcmp(k->source, v4_mapped_prefix, 12) == 0)
			unmap(k->source);
	}
}

/* A connection out from an ephemeral local port uses one port of its pair's space. */
static void count_pressure(struct summary *s, const struct conn *c)
{
	struct summary_key k;
	struct summary_entry *e;

	set_pair_key(&k, c);
	e = list_get(&s->pairs, &k);
	e->service = c->service;
	e->conns++;
	e->ephemeral++;
	if (c->state == CS_TIME_WAIT && c->proto == PROTO_TCP)
		e->ephemeral_tw++;
}

static void set_key(struct summary_key *k, const struct conn *c, bool remote)
{
	memset(k, 0, sizeof(*k));
	k->proto = c->proto;
	k->netns = c->netns;
	if (!remote) {
		k->port = conn_service_port(c);
		return;
	}
	k->family = c->family;
	k->port = c->remote.port;
	memcpy(k->addr, c->remote.addr, sizeof(k->addr));
}

/* Listeners and connections in group by local service; connections out by peer. */
static void count_service(struct summary *s, const struct conn *c, unsigned slot,
			  const struct port_range *pr)
{
	struct summary_key k;
	struct summary_entry *e;

	if (!conn_has_ports(c) || c->service_class == PC_NONE)
		return;
	if (c->direction == DIR_LISTEN || c->direction == DIR_IN) {
		set_key(&k, c, false);
		e = list_get(&s->local, &k);
		e->service = c->service;
		if (c->direction == DIR_LISTEN) {
			e->listening = true;
			return;
		}
	} else if (c->direction == DIR_OUT) {
		set_key(&k, c, true);
		e = list_get(&s->remote, &k);
		e->service = c->service;
		if (portclass_is_ephemeral(c->local.port, pr))
			count_pressure(s, c);
	} else {
		return;
	}
	e->conns++;
	e->states[slot]++;
}

static int key_cmp(const struct summary_key *a, const struct summary_key *b)
{
	int d = memcmp(a->addr, b->addr, sizeof(a->addr));
	int ds = memcmp(a->source, b->source, sizeof(a->source));

	if (a->netns != b->netns)
		return a->netns < b->netns ? -1 : 1;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (d != 0)
		return d;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	return ds;
}

/* Busiest first; listeners before idle non-listeners; then by key. */
static int by_conns(const void *pa, const void *pb)
{
	const struct summary_entry *a = pa, *b = pb;

	if (a->conns != b->conns)
		return a->conns > b->conns ? -1 : 1;
	if (a->listening != b->listening)
		return a->listening ? -1 : 1;
	return key_cmp(&a->key, &b->key);
}

static int by_pressure(const void *pa, const void *pb)
{
	const struct summary_entry *a = *(const struct summary_entry *const *)pa;
	const struct summary_entry *b = *(const struct summary_entry *const *)pb;

	if (a->ephemeral != b->ephemeral)
		return a->ephemeral > b->ephemeral ? -1 : 1;
	return key_cmp(&a->key, &b->key);
}

static void list_sort(struct summary_list *l)
{
	if (l->len > 1)
		qsort(l->v, l->len, sizeof(*l->v), by_conns);
	list_reindex(l);
}

static void list_clear(struct summary_list *l)
{
	l->len = 0;
	hashtab_clear(&l->index);
}

/* One namespace's totals. */
static void count_netns(struct summary_netns *n, const struct conn *c, bool ephemeral)
{
	n->total++;
	n->ephemeral_local += ephemeral;
	if (c->proto != PROTO_TCP)
		return;
	n->tcp_total++;
	n->tcp_estab += c->state == CS_ESTABLISHED || c->state == CS_CLOSE_WAIT;
	n->tcp_timewait += c->state == CS_TIME_WAIT;
}

/* Per-namespace totals when the table holds more than one namespace. */
static void netns_prepare(struct summary *s, const struct conntable *t, struct summary_netns *keep)
{
	s->netns = keep;
	s->ranges = t->netns;
	if (t->netns == NULL || t->netns->len < 2)
		return;
	s->netns = xreallocarray(keep, t->netns->len, sizeof(*s->netns));
	memset(s->netns, 0, t->netns->len * sizeof(*s->netns));
	s->netns_len = t->netns->len;
	s->netns_table = t->netns;
}

void summary_build(struct summary *s, const struct conntable *t, const struct port_space *r)
{
	struct summary_list local = s->local, remote = s->remote, pairs = s->pairs;
	const struct summary_entry **pressure = s->pressure;
	struct summary_netns *netns = s->netns;
	struct port_range pr;
	size_t i;

	/* Keep the lists' memory across rounds of -c. */
	memset(s, 0, sizeof(*s));
	s->local = local;
	s->remote = remote;
	s->pairs = pairs;
	netns_prepare(s, t, netns);
	list_clear(&s->local);
	list_clear(&s->remote);
	list_clear(&s->pairs);
	s->range = *r;
	pr = (struct port_range){r->low, r->high, r->is_default};
	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];
		const struct port_range *ns_range = netns_range_of(t->netns, c->netns, &pr);
		unsigned slot = state_slot(c);
		bool ephemeral;

		if (c->proto >= PROTO_COUNT)
			continue;
		ephemeral = conn_is_inet(c) && conn_has_ports(c) &&
			    portclass_is_ephemeral(c->local.port, ns_range);
		if (c->netns < s->netns_len)
			count_netns(&s->netns[c->netns], c, ephemeral);
		s->total++;
		s->proto_total[c->proto]++;
		if (c->family == AF_INET)
			s->proto_v4[c->proto]++;
		else if (c->family == AF_INET6)
			s->proto_v6[c->proto]++;
		s->states[c->proto][slot]++;
		if (c->proto == PROTO_TCP)
			count_tcp(s, c);
		if (!conn_is_inet(c))
			continue;
		/* Two-bit fields: every value indexes the table. */
		s->classes[c->service_class][c->direction]++;
		s->ephemeral_local += ephemeral;
		count_service(s, c, slot, ns_range);
	}
	list_sort(&s->local);
	list_sort(&s->remote);
	/* pairs is not sorted: its index stays valid for summary_find. */
	s->pressure = xreallocarray(pressure, s->pairs.len + 1, sizeof(*s->pressure));
	for (i = 0; i < s->pairs.len; i++)
		s->pressure[s->pressure_len++] = &s->pairs.v[i];
	if (s->pressure_len > 1)
		qsort(s->pressure, s->pressure_len, sizeof(*s->pressure), by_pressure);
}

uint32_t summary_usable(const struct port_space *r)
{
	return r->reserved < r->ports ? r->ports - r->reserved : 0;
}

struct port_space summary_space_of(const struct summary *s, unsigned netns)
{
	const struct netns *ns;

	if (s->ranges == NULL || netns >= s->ranges->len)
		return s->range;
	ns = &s->ranges->v[netns];
	return (struct port_space){ns->range.low, ns->range.high,
				   (uint32_t)ns->range.high - ns->range.low + 1, ns->reserved,
				   ns->range.is_default};
}

uint32_t summary_permille(uint32_t part, uint32_t whole)
{
	if (whole == 0)
		return 0;
	return (uint32_t)(((uint64_t)part * 1000 + whole / 2) / whole);
}

int summary_flag(uint32_t used, uint32_t usable)
{
	uint64_t u = (uint64_t)used * 100;

	if (u > (uint64_t)usable * SUMMARY_HIGH_PERCENT)
		return 2;
	if (u > (uint64_t)usable * SUMMARY_WARN_PERCENT)
		return 1;
	return 0;
}
