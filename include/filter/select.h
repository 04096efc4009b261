/*
 * filter.h - which sockets of the table are shown.
 *
 * Runs after enrichment, before formatting; compacts the table in place so
 * that formatters see only what they print.
 */
#ifndef PORTSTAT_FILTER_H
#define PORTSTAT_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "model/conntable.h"
#include "model/portclass.h"

struct query;

/* --class: bit (1u << PC_x) per IANA class, plus this bit for "ephemeral". */
#define FILTER_CLASS_EPHEMERAL (1u << 7)

struct filter {
	unsigned protos;		/* bit (1u << PROTO_x) per protocol shown */
	bool inet4;			/* IPv4 sockets shown */
	bool inet6;			/* IPv6 sockets shown */
	bool all;			/* -a: servers and established */
	bool listening;			/* -l: servers only (ignored with all) */
	unsigned classes;		/* --class: service port class bits; 0: any */
	const struct port_range *range; /* the host's ephemeral range, for --class ephemeral */
	const struct query *query;	/* FILTERs, --sport..--user (needs owners), or NULL */
};

bool filter_match(const struct filter *f, const struct conn *c);
/*
 * -E: whether a socket the kernel closed (or a listener change) is shown:
 * the protocols and families, and the query's addresses, ports and
 * states (t: for the interface names of scoped addresses).  -a and -l mean
 * nothing for a closed socket; owner, user and class filters are refused
 * with -E (a closed socket's owner and uid may not be known).
 */
bool filter_match_event(const struct filter *f, const struct conntable *t, const struct conn *c);
/*
 * Removes every record that filter_match or the query rejects; keeps the
 * order.  Returns how many were rejected by the owner filters alone
 * (--pid, --command) while their owners were hidden (conn.owners_hidden):
 * sockets the query may have missed.
 */
size_t filter_apply(const struct filter *f, struct conntable *t);

/*
 * Parses a --class list ("well-known,ephemeral") into class bits.  Returns
 * 0, or -EINVAL when a name is not well-known, registered, dynamic or
 * ephemeral.
 */
int filter_parse_classes(const char *list, unsigned *out);
/* True when f narrows by a query (--class, FILTERs, --sport..--user): no match is status 1. */
bool filter_is_query(const struct filter *f);

#endif
