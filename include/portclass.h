/*
 * portclass.h - where a port sits: its IANA class and the host's ephemeral range.
 *
 * Two separate facts, never merged: the IANA class of RFC 6335
 * (well-known 0-1023, registered 1024-49151, dynamic 49152-65535), and
 * whether the port lies in this host's ephemeral range
 * (sys/net/ipv4/ip_local_port_range under the proc root).  Linux's default
 * range 32768-60999 straddles IANA's registered and dynamic classes.
 */
#ifndef PORTSTAT_PORTCLASS_H
#define PORTSTAT_PORTCLASS_H

#include <stdbool.h>
#include <stdint.h>

#include "conntable.h"

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

/*
 * Reads <proc_root>/sys/net/ipv4/ip_local_port_range into r.  Returns 0, or
 * a negative errno (-EINVAL for unparsable content) after setting r to
 * Linux's default 32768-60999.
 */
int portclass_read_range(const char *proc_root, struct port_range *r);

/* Parses the file's text "LOW<ws>HIGH"; returns 0 or -EINVAL. */
int portclass_parse_range(const char *text, struct port_range *r);

/* "well-known", "registered", "dynamic" -> enum port_class; PC_NONE otherwise. */
enum port_class portclass_from_name(const char *name);

#endif
