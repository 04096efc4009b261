/*
 * portclass.h - where a port sits: its IANA class and the host's ephemeral range.
 *
 * Two separate facts, never merged: the IANA class of RFC 6335
 * (well-known 0-1023, registered 1024-49151, dynamic 49152-65535), and
 * whether the port lies in this host's ephemeral range
 * (read by enrichment: enrich/port_ranges.h).  Linux's default
 * range 32768-60999 straddles IANA's registered and dynamic classes.
 */
#ifndef PORTSTAT_PORTCLASS_H
#define PORTSTAT_PORTCLASS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/conntable.h"

#define PORTCLASS_EPHEMERAL_LOW	 32768 /* Linux's default ip_local_port_range */
#define PORTCLASS_EPHEMERAL_HIGH 60999

/* The host's ephemeral port range, inclusive. */
struct port_range {
	uint16_t low;
	uint16_t high;
	bool is_default; /* the file could not be read; Linux's default is assumed */
};

/* The IANA class of port (RFC 6335). */
enum port_class portclass_of(uint16_t port);

/* Whether port lies in the host's ephemeral range r. */
bool portclass_is_ephemeral(uint16_t port, const struct port_range *r);

/* "well-known", "registered", "dynamic" -> enum port_class; PC_NONE otherwise. */
enum port_class portclass_from_name(const char *name);

/*
 * The ephemeral range as the port space of -s: its size and the reserved
 * ports inside it (ip_local_reserved_ports), read by enrichment.
 */
struct port_space {
	uint16_t low;
	uint16_t high;
	uint32_t ports;	   /* high - low + 1 */
	uint32_t reserved; /* ip_local_reserved_ports entries inside the range */
	bool is_default;   /* the range file could not be read */
};

#endif
