/*
 * metrics.c - the counts --openmetrics exports (aggregate/metrics.h).
 *
 * One pass files every Internet socket under its sockets series and
 * every listener under its listening address; a second pass gives each
 * established TCP connection to the listener whose port and address its
 * local endpoint has (a wildcard listener takes every address of its
 * namespace).  Both are hash lookups: a table of 100k sockets costs two
 * linear passes.
 */
#include "lib/compat.h"

#include <stdlib.h>
#include <sys/socket.h>

#include "aggregate/metrics.h"
#include "lib/xmalloc.h"

/* A listening address: what groups SO_REUSEPORT siblings into one series. */
struct listen_key {
	uint16_t netns;
	uint16_t port;
	uint8_t proto;
	uint8_t family;
	uint8_t addr[16];
};

void metrics_init(struct metrics *m)
{
	memset(m, 0, sizeof(*m));
}

void metrics_free(struct metrics *m)
{
	free(m->sockets);
	free(m->listeners);
	free(m->ratio);
	hashtab_free(&m->sockets_index);
	hashtab_free(&m->listeners_index);
	metrics_init(m);
}

static void metrics_reset(struct metrics *m)
{
	m->sockets_len = 0;
	m->listeners_len = 0;
	hashtab_clear(&m->sockets_index);
	hashtab_clear(&m->listeners_index);
}

/* The series key of a socket: its labels, packed, count zero. */
static struct metrics_sockets sockets_key(const struct conn *c)
{
	struct metrics_sockets k;

	memset(&k, 0, sizeof(k));
	k.netns = c->netns;
	k.proto = c->proto;
	k.family = c->family;
	/* Datagram sockets are shown connected or not (UNCONN): one series each. */
	k.state = c->proto == PROTO_TCP || c->state == CS_ESTABLISHED ? c->state : CS_CLOSE;
	k.port_class = c->service_class;
	k.direction = c->direction;
	return k;
}

static uint64_t sockets_hash(const struct metrics_sockets *k)
{
	return hash_bytes(k, offsetof(struct metrics_sockets, count));
}

static void count_socket(struct metrics *m, const struct conn *c)
{
	struct metrics_sockets k = sockets_key(c);
	uint64_t h = sockets_hash(&k);
	struct hashtab_iter it;
	uint32_t i;

	for (i = hashtab_first(&m->sockets_index, h, &it); i != HASHTAB_NONE;
	     i = hashtab_next(&m->sockets_index, &it))
		if (memcmp(&m->sockets[i], &k, offsetof(struct metrics_sockets, count)) == 0) {
			m->sockets[i].count++;
			return;
		}
	if (m->sockets_len == m->sockets_cap) {
		m->sockets_cap = m->sockets_cap ? 2 * m->sockets_cap : 64;
		m->sockets = xreallocarray(m->sockets, m->sockets_cap, sizeof(*m->sockets));
	}
	k.count = 1;
	m->sockets[m->sockets_len] = k;
	hashtab_insert(&m->sockets_index, h, (uint32_t)m->sockets_len);
	m->sockets_len++;
}

static struct listen_key listen_key(unsigned netns, unsigned proto, int family, const uint8_t *addr,
				    uint16_t port)
{
	struct listen_key k;

	memset(&k, 0, sizeof(k));
	k.netns = (uint16_t)netns;
	k.proto = (uint8_t)proto;
	k.family = (uint8_t)family;
	k.port = port;
	if (addr != NULL)
		memcpy(k.addr, addr, family == AF_INET ? 4 : 16);
	return k;
}

static struct listen_key key_of(const struct conntable *t, const struct metrics_listener *l)
{
	const struct conn *c = &t->conns[l->conn];

	return listen_key(c->netns, c->proto, c->family, c->local.addr, c->local.port);
}

static long find_listener(const struct metrics *m, const struct conntable *t,
			  const struct listen_key *k)
{
	struct hashtab_iter it;
	uint32_t i;

	for (i = hashtab_first(&m->listeners_index, hash_bytes(k, sizeof(*k)), &it);
	     i != HASHTAB_NONE; i = hashtab_next(&m->listeners_index, &it)) {
		struct listen_key have = key_of(t, &m->listeners[i]);

		if (memcmp(&have, k, sizeof(*k)) == 0)
			return (long)i;
	}
	return -1;
}

static void add_listener(struct metrics *m, const struct conntable *t, size_t index)
{
	const struct conn *c = &t->conns[index];
	struct listen_key k =
	    listen_key(c->netns, c->proto, c->family, c->local.addr, c->local.port);
	long at = find_listener(m, t, &k);
	struct metrics_listener *l;

	if (at < 0) {
		if (m->listeners_len == m->listeners_cap) {
			m->listeners_cap = m->listeners_cap ? 2 * m->listeners_cap : 64;
			m->listeners =
			    xreallocarray(m->listeners, m->listeners_cap, sizeof(*m->listeners));
		}
		at = (long)m->listeners_len++;
		memset(&m->listeners[at], 0, sizeof(m->listeners[at]));
		m->listeners[at].conn = index;
		hashtab_insert(&m->listeners_index, hash_bytes(&k, sizeof(k)), (uint32_t)at);
	}
	l = &m->listeners[at];
	l->sockets++;
	if (c->proto == PROTO_TCP) {
		l->queue += c->recv_q;
		l->limit += c->send_q;
	}
}

static bool is_v4_mapped(const uint8_t a[16])
{
	static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	return memcmp(a, prefix, sizeof(prefix)) == 0;
}

long metrics_listener_of(const struct metrics *m, const struct conntable *t, const struct conn *c)
{
	static const uint8_t any[16];
	struct listen_key k;
	long at;

	/* Its own address, then its family's wildcard. */
	k = listen_key(c->netns, c->proto, c->family, c->local.addr, c->local.port);
	if ((at = find_listener(m, t, &k)) >= 0)
		return at;
	k = listen_key(c->netns, c->proto, c->family, any, c->local.port);
	if ((at = find_listener(m, t, &k)) >= 0)
		return at;
	/* IPv4 through a dual-stack listener, and ::ffff:a.b.c.d through an IPv4 one. */
	if (c->family == AF_INET) {
		k = listen_key(c->netns, c->proto, AF_INET6, any, c->local.port);
		return find_listener(m, t, &k);
	}
	if (c->family == AF_INET6 && is_v4_mapped(c->local.addr)) {
		k = listen_key(c->netns, c->proto, AF_INET, c->local.addr + 12, c->local.port);
		if ((at = find_listener(m, t, &k)) >= 0)
			return at;
		k = listen_key(c->netns, c->proto, AF_INET, any, c->local.port);
		return find_listener(m, t, &k);
	}
	return -1;
}

/* Each namespace's busiest port space, by its share of that namespace's usable ports. */
static void count_ratios(struct metrics *m, const struct summary *s, size_t netns_count)
{
	size_t i;

	m->ratio = xreallocarray(m->ratio, netns_count ? netns_count : 1, sizeof(*m->ratio));
	m->ratio_len = netns_count ? netns_count : 1;
	memset(m->ratio, 0, m->ratio_len * sizeof(*m->ratio));
	if (s == NULL)
		return;
	for (i = 0; i < s->pairs.len; i++) {
		const struct summary_entry *e = &s->pairs.v[i];
		struct port_space space = summary_space_of(s, e->key.netns);
		uint32_t usable = summary_usable(&space);
		struct metrics_ratio *r;

		if (e->key.netns >= m->ratio_len || e->ephemeral == 0 || usable == 0)
			continue;
		r = &m->ratio[e->key.netns];
		/* used/usable > r->used/r->usable, without division */
		if (r->usable == 0 ||
		    (uint64_t)e->ephemeral * r->usable > (uint64_t)r->used * usable) {
			r->used = e->ephemeral;
			r->usable = usable;
		}
	}
}

void metrics_build(struct metrics *m, const struct conntable *t, const struct summary *s,
		   size_t netns_count)
{
	size_t i;

	metrics_reset(m);
	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (!conn_is_inet(c))
			continue;
		count_socket(m, c);
		if (conn_has_ports(c) && conn_is_listening(c))
			add_listener(m, t, i);
	}
	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];
		long at;

		if (c->proto != PROTO_TCP || c->state != CS_ESTABLISHED)
			continue;
		at = metrics_listener_of(m, t, c);
		if (at >= 0)
			m->listeners[at].established++;
	}
	count_ratios(m, s, netns_count);
}
