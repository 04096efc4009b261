/*
 * exposure.h - which exposure word (model/exposure.h) a listener has.
 *
 * A pure function of what the caller knows: the address the listener is
 * bound to, whether its namespace is the host's (the caller's initial
 * one), and whether a DNAT rule or a userland proxy publishes it (the
 * caller joined those to the listener and keeps the host endpoints for
 * the detail).  No I/O.
 */
#ifndef PORTSTAT_ENRICH_EXPOSURE_H
#define PORTSTAT_ENRICH_EXPOSURE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/exposure.h"

/*
 * The exposure of a listener bound to addr (4 bytes for AF_INET, 16 for
 * AF_INET6; conn.local.addr fits both) in the host's namespace (host_ns)
 * or another.  published wins over everything: what a DNAT rule or a
 * proxy forwards to is reached from outside whatever it is bound to (a
 * proxy may forward to 127.0.0.1 inside a namespace).  Otherwise
 * loopback, then a specific address (local), then the wildcard: any in
 * the host's namespace, namespace elsewhere.  EXPOSURE_NONE for another
 * family.
 */
enum exposure exposure_of(int family, const uint8_t *addr, bool host_ns, bool published);

#endif
