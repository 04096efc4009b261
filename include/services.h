/*
 * services.h - the services database: port number <-> service name.
 *
 * Loaded once from /etc/services (or --services FILE) into an open-addressing
 * hash keyed by (port, protocol), so a lookup per socket costs a probe or two.
 * Only this module reads the file; formatters get a const pointer.
 */
#ifndef PORTSTAT_SERVICES_H
#define PORTSTAT_SERVICES_H

#include <stddef.h>
#include <stdint.h>

#include "warnings.h"

struct services;

/*
 * Loads path into *out.  Returns 0, or a negative errno when the file cannot
 * be opened (then *out is an empty database, still usable).  Malformed lines
 * are skipped and counted in w.
 */
int services_load(struct services **out, const char *path, struct warnings *w);
void services_free(struct services *s);

/* The name of port for proto (PROTO_TCP, PROTO_UDP; PROTO_UDPLITE uses udp's), or NULL. */
const char *services_name(const struct services *s, uint16_t port, int proto);

/* Number of (port, protocol) entries loaded. */
size_t services_count(const struct services *s);

#endif
