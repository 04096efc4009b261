/*
 * nat_flows.h - the connections conntrack saw translated (--nat): for each,
 * the endpoints the client used and the ones the server saw.
 *
 * A conntrack entry holds two tuples.  The original one is the packet as
 * the client sent it (client -> the address it dialled); the reply one is
 * the packet the server sends back (server -> where the client seems to
 * be), so reversed it is what the server's socket sees.  Without NAT the
 * reply tuple mirrors the original; with DNAT its source is the real
 * server, with SNAT (masquerade) its destination is the translated client.
 *
 * The conntrack source (source/conntrack.h) fills the table from each
 * namespace's dump; the pipeline looks a socket up from either side.  The
 * NAT is done in the namespace that routes (the host), while the sockets
 * live in the client's and the server's namespaces: lookups may ask for
 * one namespace or for any.  No I/O here.
 */
#ifndef PORTSTAT_MODEL_NAT_FLOWS_H
#define PORTSTAT_MODEL_NAT_FLOWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/hashtab.h"
#include "model/conntable.h"

/* One direction of a flow: src -> dst, as the packet's headers say. */
struct nat_tuple {
	struct endpoint src; /* address in network byte order, port in host order */
	struct endpoint dst;
};

/* nat_flow.nat: which translations conntrack applied. */
#define NAT_FLOW_SNAT 0x1 /* the source was rewritten (SNAT, masquerade) */
#define NAT_FLOW_DNAT 0x2 /* the destination was rewritten (DNAT, redirect) */

struct nat_flow {
	struct nat_tuple orig;	/* what the client sent: client -> the endpoint it dialled */
	struct nat_tuple reply; /* what the server sends: server -> the client as it sees it */
	uint16_t netns;		/* index of the namespace whose conntrack holds it (conn.netns) */
	uint8_t family;		/* AF_INET or AF_INET6 */
	uint8_t proto;		/* IPPROTO_TCP or IPPROTO_UDP */
	/* NAT_FLOW_* bits; none when the status bits said nothing but the
	 * tuples are not mirror images (a translation conntrack did not flag). */
	uint8_t nat;
};

struct nat_flow_table {
	struct nat_flow *v;
	size_t len;
	size_t cap;
	struct hashtab by_orig;	 /* orig.src, orig.dst: the client's socket */
	struct hashtab by_reply; /* reply.src, reply.dst: the server's socket */
};

/* A lookup's namespace argument that matches a flow of any namespace. */
#define NAT_FLOW_ANY_NETNS (-1)

void nat_flow_table_init(struct nat_flow_table *t);
void nat_flow_table_free(struct nat_flow_table *t);
/* Empties the table but keeps its memory (a new round). */
void nat_flow_table_reset(struct nat_flow_table *t);

/*
 * Adds a copy of f.  Returns 0, or -EINVAL for a family other than
 * AF_INET/AF_INET6, a protocol other than TCP/UDP, a namespace index past
 * NETNS_MAX, or an IPv6 flow with a direction between two IPv4-mapped
 * addresses (no socket's lookup reaches it); -E2BIG past 2^32-2 flows
 * (the index's record numbers).
 */
int nat_flow_table_add(struct nat_flow_table *t, const struct nat_flow *f);

/*
 * The server side: the flow whose reply tuple starts at local and goes to
 * remote, i.e. a socket that accepted a translated connection.  Its
 * orig.dst is the endpoint the client used (host address, 8080), its
 * orig.src the client as it really is.
 *
 * The client side: the flow whose original tuple goes from local to
 * remote, i.e. a socket that dialled a translated endpoint.  Its reply.src
 * is where the connection really went (target address, 80).
 *
 * netns: the flow's namespace index, or NAT_FLOW_ANY_NETNS (the first
 * match of any namespace, in the order they were added).  proto is the IP
 * protocol (IPPROTO_TCP, IPPROTO_UDP); an IPv6 socket whose two addresses
 * are IPv4-mapped (::ffff:a.b.c.d) is looked up as the IPv4 flow it is.
 * NULL when none matches.
 */
const struct nat_flow *nat_flow_find_server(const struct nat_flow_table *t, int netns,
					    unsigned proto, int family,
					    const struct endpoint *local,
					    const struct endpoint *remote);
const struct nat_flow *nat_flow_find_client(const struct nat_flow_table *t, int netns,
					    unsigned proto, int family,
					    const struct endpoint *local,
					    const struct endpoint *remote);

/* Whether the reply tuple is the original's mirror image (no translation). */
bool nat_flow_is_mirror(const struct nat_flow *f);

#endif
