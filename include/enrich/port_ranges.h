/*
 * port_ranges.h - the host's port ranges, read under the proc root:
 * sys/net/ipv4/ip_local_port_range and ip_local_reserved_ports.
 */
#ifndef PORTSTAT_ENRICH_PORT_RANGES_H
#define PORTSTAT_ENRICH_PORT_RANGES_H

#include <stdint.h>

#include "model/portclass.h"

struct warnings;

/*
 * Reads <proc_root>/sys/net/ipv4/ip_local_port_range into r.  Returns 0, or
 * a negative errno (-EINVAL for unparsable content) after setting r to
 * Linux's default 32768-60999.  A file that is not a regular file (a FIFO)
 * or is too big adds a warning to w (which may be NULL).
 */
int port_range_read(const char *proc_root, struct port_range *r, struct warnings *w);

/* Parses the file's text "LOW<ws>HIGH"; returns 0 or -EINVAL. */
int port_range_parse(const char *text, struct port_range *r);

/*
 * Fills r from range and <proc_root>/sys/net/ipv4/ip_local_reserved_ports.
 * Returns 0 or a negative errno (r then counts no reserved port); warns as
 * port_range_read does.
 */
int port_space_read(const char *proc_root, const struct port_range *range, struct port_space *r,
		    struct warnings *w);

/* Counts the distinct reserved ports inside range in the file's text
 * ("1000-1010,2000"); returns 0 or -EINVAL. */
int port_space_parse_reserved(const char *text, const struct port_range *range, uint32_t *count);

#endif
