/*
 * metrics.h - the counts --openmetrics exports, over the filtered table:
 * sockets by namespace, protocol, family, state, class and direction;
 * each listener (grouped by namespace, protocol, address and port, so that
 * SO_REUSEPORT siblings make one series) with its established
 * connections and, for TCP, its accept queue and backlog limit; and each
 * namespace's highest ephemeral-port use ratio, from the summary's port
 * spaces.  Pure counts, no I/O: output/openmetrics.c renders them.
 *
 * Internet sockets only: a unix socket has no port, no address and no
 * class, and a label per path would be unbounded.
 */
#ifndef PORTSTAT_METRICS_H
#define PORTSTAT_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "aggregate/summary.h"
#include "lib/hashtab.h"
#include "model/conntable.h"

/* One portstat_sockets series: its labels and count. */
struct metrics_sockets {
	uint16_t netns;	    /* conn.netns */
	uint8_t proto;	    /* enum conn_proto */
	uint8_t family;	    /* AF_INET or AF_INET6 */
	uint8_t state;	    /* enum conn_state */
	uint8_t port_class; /* enum port_class */
	uint8_t direction;  /* enum conn_direction */
	uint8_t pad;
	uint32_t count;
};

/* One listening address: its first socket and what its group counts. */
struct metrics_listener {
	size_t conn;	      /* index in the table of the group's first socket (its labels) */
	uint32_t sockets;     /* listening sockets in the group (SO_REUSEPORT: several) */
	uint32_t established; /* TCP: ESTABLISHED sockets on its address and port */
	uint64_t queue;	      /* TCP: accept queue lengths, summed (Recv-Q) */
	uint64_t limit;	      /* TCP: backlog limits, summed (Send-Q) */
};

/* A namespace's highest use of a port space's usable ephemeral ports. */
struct metrics_ratio {
	uint32_t used;	 /* the busiest port space's ephemeral ports in use */
	uint32_t usable; /* and its namespace's usable ports; 0: none in use */
};

struct metrics {
	struct metrics_sockets *sockets;
	size_t sockets_len, sockets_cap;
	struct hashtab sockets_index;
	struct metrics_listener *listeners; /* in table order */
	size_t listeners_len, listeners_cap;
	struct hashtab listeners_index;
	struct metrics_ratio *ratio; /* by conn.netns, ratio_len of them */
	size_t ratio_len;
};

void metrics_init(struct metrics *m);
void metrics_free(struct metrics *m);

/*
 * Counts t (enriched and filtered) into m, replacing what it held; s is
 * the same table's summary (its port spaces give the ratios).
 * netns_count is how many namespaces conn.netns numbers (1 when the run
 * reads only its own).
 */
void metrics_build(struct metrics *m, const struct conntable *t, const struct summary *s,
		   size_t netns_count);

/* The group a connection's local endpoint belongs to, for tests: the
 * listener's index, or -1. */
long metrics_listener_of(const struct metrics *m, const struct conntable *t, const struct conn *c);

#endif
