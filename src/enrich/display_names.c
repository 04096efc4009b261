/*
 * display_names.c - port and host names for the rows that print.
 *
 * A port is looked up once per protocol whatever the number of rows that
 * hold it (a bit per port remembers it), so the pass costs two bit tests
 * per row and a lookup per distinct port.
 */
#include "lib/compat.h"

#include "enrich/display_names.h"
#include "lib/xmalloc.h"
#include "model/netns.h"

#define PORT_WORDS (65536 / 64)

static void name_port(struct conntable *t, const struct services *svc,
		      const struct port_range *ephemeral, uint64_t *seen, int proto, uint16_t port)
{
	uint64_t bit = 1ull << (port % 64);
	const char *name;

	/* Ephemeral in this row's namespace, maybe not in another's: not remembered. */
	if (port == 0 || (seen[port / 64] & bit) ||
	    (ephemeral != NULL && portclass_is_ephemeral(port, ephemeral)))
		return;
	seen[port / 64] |= bit;
	name = services_name(svc, port, proto);
	if (name != NULL)
		conntable_label_port(t, proto, port, name);
}

void display_names_ports(struct conntable *t, const struct services *svc,
			 const struct port_range *ephemeral)
{
	uint64_t *seen = xcalloc((size_t)PROTO_COUNT * PORT_WORDS, sizeof(*seen));
	size_t i;

	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];
		uint64_t *proto_seen = seen + (size_t)c->proto * PORT_WORDS;
		const struct port_range *range = netns_range_of(t->netns, c->netns, ephemeral);

		if (!conn_has_ports(c))
			continue;
		name_port(t, svc, range, proto_seen, c->proto, c->local.port);
		name_port(t, svc, range, proto_seen, c->proto, c->remote.port);
	}
	free(seen);
}

static void name_host(struct conntable *t, const struct resolver *r, const struct conn *c,
		      const struct endpoint *e)
{
	const char *name = resolver_name(r, c->family, e->addr);

	if (name != NULL)
		conntable_label_host(t, c->family, e->addr, name, strlen(name));
}

void display_names_hosts(struct conntable *t, const struct resolver *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (!conn_is_inet(c))
			continue;
		name_host(t, r, c, &c->local);
		name_host(t, r, c, &c->remote);
	}
}
