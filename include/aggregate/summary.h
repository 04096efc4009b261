/*
 * summary.h - the shape of the (filtered) socket table, for -s/--summary.
 *
 * One pass over the table after enrichment and filtering counts sockets by
 * protocol, family and state, by service port class and direction, and
 * groups connections by local service (protocol and listening port) and
 * by remote service (protocol, remote address and port).  Ephemeral-port
 * pressure is counted per port space, as the kernel keeps them: per
 * protocol, source address and destination (v4-mapped destinations folded
 * into IPv4), how many connections out take their local port from the
 * host's ephemeral range, against the usable size of that range
 * (ip_local_port_range minus ip_local_reserved_ports).
 *
 * The first figures follow `ss -s` (Total, TCP estab/closed/orphaned/
 * timewait), counted over the sockets portstat sees; portstat(8) lists
 * where ss, which reads kernel counters, differs.
 */
#ifndef PORTSTAT_SUMMARY_H
#define PORTSTAT_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/hashtab.h"
#include "model/conntable.h"
#include "model/netns.h"
#include "model/portclass.h"

#define SUMMARY_WARN_PERCENT 50 /* pressure flagged "warn" above this */
#define SUMMARY_HIGH_PERCENT 80 /* and "high" above this */
#define SUMMARY_DEFAULT_TOP  10 /* --top default */

/* Per-protocol state slots: inet sockets use enum conn_state; unix ones
 * use enum unix_state, with SUMMARY_UNIX_LISTENING for SO_ACCEPTCON. */
#define SUMMARY_UNIX_LISTENING 5
#define SUMMARY_STATES	       CS_MAX

/* Identifies a local service (family 0, no address), a remote one, or a
 * port space (a remote one seen from one source address). */
struct summary_key {
	uint8_t proto;	    /* enum conn_proto */
	uint8_t family;	    /* remote: AF_INET or AF_INET6; local: 0 */
	uint16_t port;	    /* the service port */
	uint16_t netns;	    /* conn.netns: each namespace has its services and port spaces */
	uint8_t addr[16];   /* remote: the peer address; local: zero */
	uint8_t source[16]; /* port space: the local address (family's); else zero */
};

/* One local or remote service. */
struct summary_entry {
	struct summary_key key;
	const char *service;		 /* its name (services database), or NULL */
	bool listening;			 /* local: a listening socket is in the table */
	uint32_t conns;			 /* local: connections in; remote: connections out */
	uint32_t ephemeral;		 /* port space: connections with an ephemeral local port */
	uint32_t ephemeral_tw;		 /* port space: of those, in TIME_WAIT */
	uint32_t states[SUMMARY_STATES]; /* conns by state */
};

/* -N, --all-netns: one namespace's share of the totals (as ss -s's first lines). */
struct summary_netns {
	uint32_t total;
	uint32_t tcp_total;
	uint32_t tcp_estab; /* ESTABLISHED and CLOSE_WAIT */
	uint32_t tcp_timewait;
	uint32_t ephemeral_local; /* Internet sockets whose local port is in its ephemeral range */
};

/* A growable list of entries with a hash index on the key. */
struct summary_list {
	struct summary_entry *v;
	size_t len;
	size_t cap;
	struct hashtab index; /* key -> entry number */
};

struct summary {
	/* ss -s's first two lines, over the sockets in the table */
	uint32_t total;
	uint32_t tcp_total;
	uint32_t tcp_estab;    /* ESTABLISHED and CLOSE_WAIT (tcpCurrEstab) */
	uint32_t tcp_closed;   /* TCP sockets in CLOSE: bound, not listening */
	uint32_t tcp_orphaned; /* closed by their process, lingering (the kernel's orphans) */
	uint32_t tcp_timewait;
	/* by protocol, family and state */
	uint32_t proto_total[PROTO_COUNT];
	uint32_t proto_v4[PROTO_COUNT];
	uint32_t proto_v6[PROTO_COUNT];
	uint32_t states[PROTO_COUNT][SUMMARY_STATES];
	/* Internet sockets by service port class (enum port_class) and direction */
	uint32_t classes[PC_DYNAMIC + 1][DIR_OUT + 1];
	uint32_t ephemeral_local; /* Internet sockets whose local port is ephemeral */
	struct port_space range;
	struct summary_list local;	       /* sorted by conns, busiest first */
	struct summary_list remote;	       /* sorted by conns, busiest first */
	struct summary_list pairs;	       /* port spaces: (source, destination), unsorted */
	const struct summary_entry **pressure; /* into pairs, by ephemeral ports used, most first */
	size_t pressure_len;
	/* More than one namespace in the table: the totals of each, by
	 * conn.netns, and their names (the table's); else 0 and NULL. */
	struct summary_netns *netns;
	size_t netns_len;
	const struct netns_table *netns_table;
	/* -N, --all-netns (one namespace or more): each namespace's own
	 * ephemeral range and reserved ports (the table's); NULL: range. */
	const struct netns_table *ranges;
};

void summary_init(struct summary *s);
void summary_free(struct summary *s);

/* Counts every socket of t (already enriched and filtered) into s, replacing what it held. */
void summary_build(struct summary *s, const struct conntable *t, const struct port_space *r);

/* The entry with this key, or NULL (for the change since the previous round). */
const struct summary_entry *summary_find(const struct summary_list *l, const struct summary_key *k);

/* Usable ephemeral ports: the range without its reserved ports. */
uint32_t summary_usable(const struct port_space *r);
/* The port space of namespace netns (conn.netns): its own with ranges, else s->range. */
struct port_space summary_space_of(const struct summary *s, unsigned netns);
/* Per mille of part in whole, rounded half up; 0 when whole is 0. */
uint32_t summary_permille(uint32_t part, uint32_t whole);
/* 2 above SUMMARY_HIGH_PERCENT of the usable range, 1 above SUMMARY_WARN_PERCENT, else 0. */
int summary_flag(uint32_t used, uint32_t usable);

#endif
