/*
 * classify.h - the enrichment pass that says what each socket pair is.
 *
 * For every Internet socket it decides the direction (listen, in, out),
 * which port names the service (see conn_service_port), that port's IANA class
 * (service_class) and its name (service).  Runs after the sources and
 * before the filter, over the whole table: whether a connection is
 * incoming depends on the servers, which the filter may hide.  The kernel
 * filter (a state hint, address or port bytecode) may hide them from the
 * table itself: a listeners-only dump is then handed over beside it.
 */
#ifndef PORTSTAT_CLASSIFY_H
#define PORTSTAT_CLASSIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "model/conntable.h"
#include "model/netns.h"
#include "model/portclass.h"
#include "enrich/protocols.h"
#include "enrich/services.h"

/* What the pass reads besides the table; every pointer may be NULL but range. */
struct classify_ctx {
	const struct services *services;   /* port -> service name */
	const struct protocols *protocols; /* raw sockets: protocol number -> name */
	const struct port_range *range;	   /* the host's ephemeral range */
	/* More servers (TCP listeners, unconnected UDP), not rows: they decide
	 * direction but are not classified themselves.  NULL when the table
	 * holds every server (sources_may_hide_listeners). */
	const struct conntable *listeners;
	/* -N, --all-netns: each namespace's own ephemeral range (range is then
	 * used for a record whose namespace has none); NULL otherwise.  A server
	 * makes a connection incoming only in its own namespace. */
	const struct netns_table *netns;
};

/*
 * Fills direction, service_class and service (and so conn_service_port) of every
 * Internet socket in t.  The rule (also in portstat(8)):
 *  - a listening socket (TCP LISTEN, unconnected UDP, UDP-Lite or raw):
 *    listen, the local port is the service;
 *  - a connected socket whose local port has a server of its protocol on
 *    this host (a TCP listener; an unconnected UDP or UDP-Lite socket), on
 *    the same address or a wildcard of a compatible family: in, local;
 *  - otherwise, when exactly one port lies in the ephemeral range, the
 *    other port is the service (a server-side TIME_WAIT whose listener has
 *    exited is in; a UDP client to 51820 is out), and when both do, the
 *    local one was the kernel's choice: out;
 *  - a connected TCP socket with neither port ephemeral, when TCP
 *    listeners are known: out;
 *  - otherwise classify_local_is_service decides.
 * Raw sockets are named after their protocol and have no class.
 */
void classify_enrich(struct conntable *t, const struct classify_ctx *ctx);

/*
 * The rule for pairs that servers cannot decide: a port in the ephemeral
 * range is never the service when the other is not; when both are, the
 * remote one is; otherwise the port with the lower IANA class is the
 * service (well-known < registered < dynamic), and on a full tie the lower
 * port number.  True when local is the service port.
 */
bool classify_local_is_service(uint16_t local, uint16_t remote, const struct port_range *r);

#endif
