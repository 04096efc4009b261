/*
 * classify.h - the enrichment pass that says what each socket pair is.
 *
 * For every Internet socket it decides the direction (listen, in, out),
 * which port names the service (see conn_service_port), that port's IANA class
 * (service_class) and its name (service).  Runs after the sources and
 * before the filter, over the whole table: whether a connection is
 * incoming depends on the listeners, which the filter may hide.
 */
#ifndef PORTSTAT_CLASSIFY_H
#define PORTSTAT_CLASSIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "model/conntable.h"
#include "model/portclass.h"
#include "enrich/protocols.h"
#include "enrich/services.h"

/* What the pass reads besides the table; every pointer may be NULL but range. */
struct classify_ctx {
	const struct services *services;   /* port -> service name */
	const struct protocols *protocols; /* raw sockets: protocol number -> name */
	const struct port_range *range;	   /* the host's ephemeral range */
};

/*
 * Fills direction, service_class and service (and so conn_service_port) of every
 * Internet socket in t.  The rule (also in portstat(8)):
 *  - a listening socket (TCP LISTEN, unconnected UDP, UDP-Lite or raw):
 *    listen, the local port is the service;
 *  - a connected TCP socket whose local port has a TCP listener on this
 *    host (same address, or a wildcard of a compatible family): in, local;
 *  - another connected TCP socket, when the table holds TCP listeners: out,
 *    the remote port is the service;
 *  - otherwise (connected UDP and UDP-Lite, TCP in a table without any
 *    listener): classify_local_is_service decides.
 * Raw sockets are named after their protocol and have no class.
 */
void classify_enrich(struct conntable *t, const struct classify_ctx *ctx);

/*
 * The rule for pairs that listeners cannot decide: the port with the lower
 * IANA class is the service (well-known < registered < dynamic); on equal
 * class a port in the ephemeral range loses; on a full tie the lower port
 * number wins.  True when local is the service port.
 */
bool classify_local_is_service(uint16_t local, uint16_t remote, const struct port_range *r);

#endif
