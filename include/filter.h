/*
 * filter.h - which sockets of the table are shown.
 *
 * Runs after enrichment, before formatting; compacts the table in place so
 * that formatters see only what they print.
 */
#ifndef PORTSTAT_FILTER_H
#define PORTSTAT_FILTER_H

#include <stdbool.h>

#include "conntable.h"

struct filter {
	unsigned protos; /* bit (1u << PROTO_x) per protocol shown */
	bool inet4;	 /* IPv4 sockets shown */
	bool inet6;	 /* IPv6 sockets shown */
	bool all;	 /* -a: servers and established */
	bool listening;	 /* -l: servers only (ignored with all) */
};

bool filter_match(const struct filter *f, const struct conn *c);
/* Removes every record that filter_match rejects; keeps the order. */
void filter_apply(const struct filter *f, struct conntable *t);

#endif
