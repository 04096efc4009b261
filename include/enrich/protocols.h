/*
 * protocols.h - IP protocol numbers -> names, for raw sockets.
 *
 * A raw socket has a protocol number where others have a port; portstat
 * names it from /etc/protocols ("icmp", "ipv6-icmp"), or from a built-in
 * copy of the common IANA assignments when the file is missing.
 */
#ifndef PORTSTAT_PROTOCOLS_H
#define PORTSTAT_PROTOCOLS_H

#include <stdbool.h>

struct protocols;

/*
 * Loads path (protocols(5) syntax) into *out; falls back to the built-in
 * names when it cannot be opened or names nothing.  Returns 0 or a
 * negative errno (*out is usable either way).
 */
int protocols_load(struct protocols **out, const char *path);
void protocols_free(struct protocols *p);

/* The name of IP protocol number, or NULL when none is known. */
const char *protocols_name(const struct protocols *p, unsigned number);

#endif
