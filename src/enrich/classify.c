/*
 * classify.c - direction, service port, service name and class per socket.
 *
 * One pass collects the servers (TCP listeners, unconnected UDP and UDP-Lite
 * sockets) of the table and of the listeners-only dump beside it into a
 * small set keyed by (protocol, port, address) on the one hash index
 * (lib/hashtab.h); a second pass classifies every socket with a probe or
 * three, so the cost stays linear in the number of sockets.
 */
#include "lib/compat.h"

#include <sys/socket.h>

#include "enrich/classify.h"
#include "lib/hashtab.h"
#include "lib/xmalloc.h"

/* A server's address as an IPv6 address: IPv4 is v4-mapped, so that a
 * v4-mapped connection can find an IPv4 or a dual-stack server. */
struct listener {
	uint8_t addr[16];
	uint16_t port;
	uint16_t netns; /* conn.netns: a server serves its own namespace only */
	uint8_t proto;	/* enum conn_proto: TCP, UDP or UDP-Lite */
};

/* The protocols whose servers decide direction: TCP listeners, unconnected UDP and UDP-Lite. */
#define LISTENER_PROTOS (PROTO_UDPLITE + 1)

struct listener_set {
	struct listener *v;
	size_t len;
	struct hashtab index;
	/* One bit per port that any server of a protocol holds: most
	 * connections have a local port nobody listens on (the client side),
	 * and one bit test answers them without the three hash probes. */
	uint64_t *ports[LISTENER_PROTOS];
	bool have_tcp; /* at least one TCP listener is known */
};

static const uint8_t v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static void normalize(const struct endpoint *e, int family, uint8_t out[16])
{
	if (family == AF_INET) {
		memcpy(out, v4_mapped_prefix, 12);
		memcpy(out + 12, e->addr, 4);
	} else {
		memcpy(out, e->addr, 16);
	}
}

/* Up to three lookups per socket: two word mixes, not a loop over bytes. */
static uint64_t listener_hash(const uint8_t addr[16], uint16_t port, uint8_t proto, uint16_t netns)
{
	uint64_t a, b;

	memcpy(&a, addr, 8);
	memcpy(&b, addr + 8, 8);
	return hash_u64(a ^ hash_u64(b ^ port ^ (uint64_t)proto << 16 ^ (uint64_t)netns << 24));
}

static bool listener_has(const struct listener_set *s, const uint8_t addr[16], uint16_t port,
			 uint8_t proto, uint16_t netns)
{
	struct hashtab_iter it;
	uint32_t i;

	for (i = hashtab_first(&s->index, listener_hash(addr, port, proto, netns), &it);
	     i != HASHTAB_NONE; i = hashtab_next(&s->index, &it))
		if (s->v[i].port == port && s->v[i].proto == proto && s->v[i].netns == netns &&
		    memcmp(s->v[i].addr, addr, 16) == 0)
			return true;
	return false;
}

static void listener_add(struct listener_set *s, const uint8_t addr[16], uint16_t port,
			 uint8_t proto, uint16_t netns)
{
	if (listener_has(s, addr, port, proto, netns))
		return;
	memcpy(s->v[s->len].addr, addr, 16);
	s->v[s->len].port = port;
	s->v[s->len].proto = proto;
	s->v[s->len].netns = netns;
	hashtab_insert(&s->index, listener_hash(addr, port, proto, netns), (uint32_t)s->len++);
}

/* A server that makes a connection on its port incoming: a TCP listener, or
 * an unconnected UDP/UDP-Lite socket bound to a port (which a connected
 * socket of a server may share, as QUIC servers do). */
static bool is_listener(const struct conn *c)
{
	if (c->proto == PROTO_TCP)
		return c->state == CS_LISTEN;
	return (c->proto == PROTO_UDP || c->proto == PROTO_UDPLITE) && c->local.port != 0 &&
	       conn_is_listening(c);
}

static size_t listeners_count(const struct conntable *t)
{
	size_t count = 0, i;

	for (i = 0; t != NULL && i < t->len; i++)
		count += is_listener(&t->conns[i]);
	return count;
}

static void listeners_add_table(struct listener_set *s, const struct conntable *t)
{
	uint8_t addr[16];
	size_t i;

	for (i = 0; t != NULL && i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (!is_listener(c))
			continue;
		s->ports[c->proto][c->local.port / 64] |= 1ull << (c->local.port % 64);
		s->have_tcp |= c->proto == PROTO_TCP;
		normalize(&c->local, c->family, addr);
		listener_add(s, addr, c->local.port, c->proto, c->netns);
	}
}

/* The servers of t and of extra (the listeners-only dump, or NULL). */
static void listeners_collect(struct listener_set *s, const struct conntable *t,
			      const struct conntable *extra)
{
	size_t count = listeners_count(t) + listeners_count(extra);
	int p;

	s->v = xcalloc(count + 1, sizeof(*s->v));
	s->len = 0;
	s->have_tcp = false;
	hashtab_init(&s->index);
	hashtab_reserve(&s->index, count);
	for (p = 0; p < LISTENER_PROTOS; p++)
		s->ports[p] = xcalloc(65536 / 64, sizeof(*s->ports[p]));
	listeners_add_table(s, t);
	listeners_add_table(s, extra);
}

static void listeners_free(struct listener_set *s)
{
	int p;

	free(s->v);
	hashtab_free(&s->index);
	for (p = 0; p < LISTENER_PROTOS; p++)
		free(s->ports[p]);
}

/* A server of c's protocol on the local address itself, or on a wildcard that covers it. */
static bool local_has_listener(const struct listener_set *s, const struct conn *c)
{
	static const uint8_t any6[16];
	uint8_t addr[16];

	if (c->proto >= LISTENER_PROTOS ||
	    !(s->ports[c->proto][c->local.port / 64] & 1ull << (c->local.port % 64)))
		return false;
	normalize(&c->local, c->family, addr);
	if (listener_has(s, addr, c->local.port, c->proto, c->netns) ||
	    listener_has(s, any6, c->local.port, c->proto, c->netns))
		return true;
	if (memcmp(addr, v4_mapped_prefix, 12) == 0) {
		memset(addr + 12, 0, 4); /* 0.0.0.0, v4-mapped */
		return listener_has(s, addr, c->local.port, c->proto, c->netns);
	}
	return false;
}

bool classify_local_is_service(uint16_t local, uint16_t remote, const struct port_range *r)
{
	enum port_class cl = portclass_of(local), cr = portclass_of(remote);
	bool el = portclass_is_ephemeral(local, r), er = portclass_is_ephemeral(remote, r);

	/* The kernel picks a client's port from the range: that side is never the service. */
	if (el != er)
		return er;
	if (el)
		return false;
	if (cl != cr)
		return cl < cr;
	return local < remote;
}

static void classify_raw(struct conn *c, const struct classify_ctx *ctx)
{
	c->direction = conn_is_listening(c) ? DIR_LISTEN : DIR_UNKNOWN;
	c->service_class = PC_NONE;
	c->service = protocols_name(ctx->protocols, c->local.port);
}

/* A ping socket only sends echo requests: always out, and its "port" (the
 * echo identifier) names no service. */
static void classify_icmp(struct conn *c)
{
	c->direction = DIR_OUT;
	c->service_class = PC_NONE;
	c->service = NULL;
}

/* Whether the local port of a connected socket is the service. */
static bool local_is_service(const struct conn *c, const struct classify_ctx *ctx,
			     const struct listener_set *listeners)
{
	const struct port_range *range = netns_range_of(ctx->netns, c->netns, ctx->range);
	bool el, er;

	if (local_has_listener(listeners, c))
		return true;
	el = portclass_is_ephemeral(c->local.port, range);
	er = portclass_is_ephemeral(c->remote.port, range);
	/* Neither port is the kernel's choice, and TCP listeners are known but
	 * none holds the local port: the client side. */
	if (!el && !er && c->proto == PROTO_TCP && listeners->have_tcp)
		return false;
	return classify_local_is_service(c->local.port, c->remote.port, range);
}

static void classify_one(struct conn *c, const struct classify_ctx *ctx,
			 const struct listener_set *listeners)
{
	bool local_service;
	uint16_t port;

	if (conn_is_listening(c)) {
		c->direction = DIR_LISTEN;
		local_service = true;
	} else if (c->remote.port == 0) {
		/* Bound but neither listening nor connected (TCP CLOSE). */
		c->direction = DIR_UNKNOWN;
		local_service = true;
	} else {
		local_service = local_is_service(c, ctx, listeners);
		c->direction = local_service ? DIR_IN : DIR_OUT;
	}
	/* The service port is not stored: conn_service_port derives it from direction. */
	port = local_service ? c->local.port : c->remote.port;
	c->service_class = port != 0 ? portclass_of(port) : PC_NONE;
	c->service = port != 0 ? services_name(ctx->services, port, c->proto) : NULL;
}

void classify_enrich(struct conntable *t, const struct classify_ctx *ctx)
{
	struct listener_set listeners;
	size_t i;

	listeners_collect(&listeners, t, ctx->listeners);
	for (i = 0; i < t->len; i++) {
		struct conn *c = &t->conns[i];

		if (!conn_is_inet(c))
			continue;
		if (c->proto == PROTO_RAW)
			classify_raw(c, ctx);
		else if (c->proto == PROTO_ICMP)
			classify_icmp(c);
		else
			classify_one(c, ctx, &listeners);
	}
	listeners_free(&listeners);
}
