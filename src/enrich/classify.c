/*
 * classify.c - direction, service port, service name and class per socket.
 *
 * One pass collects the TCP listeners into a small set keyed by (port,
 * address) on the one hash index (lib/hashtab.h); a second pass classifies every socket with a
 * probe or three, so the cost stays linear in the number of sockets.
 */
#include "lib/compat.h"

#include <sys/socket.h>

#include "enrich/classify.h"
#include "lib/hashtab.h"
#include "lib/xmalloc.h"

/* A listener's address as an IPv6 address: IPv4 is v4-mapped, so that a
 * v4-mapped connection can find an IPv4 or a dual-stack listener. */
struct listener {
	uint8_t addr[16];
	uint16_t port;
};

struct listener_set {
	struct listener *v;
	size_t len;
	struct hashtab index;
	/* One bit per port that any listener holds: most connections have a
	 * local port nobody listens on (the client side), and one bit test
	 * answers them without the three hash probes. */
	uint64_t *ports;
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
static uint64_t listener_hash(const uint8_t addr[16], uint16_t port)
{
	uint64_t a, b;

	memcpy(&a, addr, 8);
	memcpy(&b, addr + 8, 8);
	return hash_u64(a ^ hash_u64(b ^ port));
}

static bool listener_has(const struct listener_set *s, const uint8_t addr[16], uint16_t port)
{
	struct hashtab_iter it;
	uint32_t i;

	for (i = hashtab_first(&s->index, listener_hash(addr, port), &it); i != HASHTAB_NONE;
	     i = hashtab_next(&s->index, &it))
		if (s->v[i].port == port && memcmp(s->v[i].addr, addr, 16) == 0)
			return true;
	return false;
}

static void listener_add(struct listener_set *s, const uint8_t addr[16], uint16_t port)
{
	if (listener_has(s, addr, port))
		return;
	memcpy(s->v[s->len].addr, addr, 16);
	s->v[s->len].port = port;
	hashtab_insert(&s->index, listener_hash(addr, port), (uint32_t)s->len++);
}

static bool is_tcp_listener(const struct conn *c)
{
	return c->proto == PROTO_TCP && c->state == CS_LISTEN;
}

/* Returns the number of listeners collected. */
static size_t listeners_collect(struct listener_set *s, const struct conntable *t)
{
	size_t count = 0, i;
	uint8_t addr[16];

	for (i = 0; i < t->len; i++)
		count += is_tcp_listener(&t->conns[i]);
	s->v = xcalloc(count + 1, sizeof(*s->v));
	s->len = 0;
	hashtab_init(&s->index);
	hashtab_reserve(&s->index, count);
	s->ports = xcalloc(65536 / 64, sizeof(*s->ports));
	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (!is_tcp_listener(c))
			continue;
		s->ports[c->local.port / 64] |= 1ull << (c->local.port % 64);
		normalize(&c->local, c->family, addr);
		listener_add(s, addr, c->local.port);
	}
	return count;
}

/* A listener on the local address itself, or on a wildcard that covers it. */
static bool local_has_listener(const struct listener_set *s, const struct conn *c)
{
	static const uint8_t any6[16];
	uint8_t addr[16];

	if (!(s->ports[c->local.port / 64] & 1ull << (c->local.port % 64)))
		return false;
	normalize(&c->local, c->family, addr);
	if (listener_has(s, addr, c->local.port) || listener_has(s, any6, c->local.port))
		return true;
	if (memcmp(addr, v4_mapped_prefix, 12) == 0) {
		memset(addr + 12, 0, 4); /* 0.0.0.0, v4-mapped */
		return listener_has(s, addr, c->local.port);
	}
	return false;
}

bool classify_local_is_service(uint16_t local, uint16_t remote, const struct port_range *r)
{
	enum port_class cl = portclass_of(local), cr = portclass_of(remote);
	bool el = portclass_is_ephemeral(local, r), er = portclass_is_ephemeral(remote, r);

	if (cl != cr)
		return cl < cr;
	if (el != er)
		return er;
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

static void classify_one(struct conn *c, const struct classify_ctx *ctx,
			 const struct listener_set *listeners, bool have_listeners)
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
		if (c->proto == PROTO_TCP && have_listeners)
			local_service = local_has_listener(listeners, c);
		else
			local_service =
			    classify_local_is_service(c->local.port, c->remote.port, ctx->range);
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
	bool have_listeners = listeners_collect(&listeners, t) > 0;
	size_t i;

	for (i = 0; i < t->len; i++) {
		struct conn *c = &t->conns[i];

		if (!conn_is_inet(c))
			continue;
		if (c->proto == PROTO_RAW)
			classify_raw(c, ctx);
		else if (c->proto == PROTO_ICMP)
			classify_icmp(c);
		else
			classify_one(c, ctx, &listeners, have_listeners);
	}
	free(listeners.v);
	hashtab_free(&listeners.index);
	free(listeners.ports);
}
