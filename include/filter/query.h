/*
 * endpoint_filter.h - the query filters: which sockets the user asked about.
 *
 * Positional FILTERs (":PORT", ":SERVICE", ":LOW-HIGH", "ADDR",
 * "ADDR/PREFIX", "ADDR:PORT", "[IPv6]:PORT"; an address may carry its
 * interface as "fe80::1%eth0" or "%2") each match the local or the
 * remote endpoint; --sport/--dport a local/remote port or range; --state
 * a list of ss's state names (TCP numbering; unconnected UDP is "closed"),
 * plus "listen": the servers -l shows (TCP listeners, unconnected UDP and
 * raw, unix listeners); --pid and --command the owners (a process name
 * matches comm or the full name, owner.command); --user the socket's user;
 * --container the container of the socket's namespace or of an owner.
 *
 * Kinds combine with AND, values of one kind with OR.  The kinds are:
 * port filters (":..."), address filters (everything else positional),
 * --sport, --dport, --state, --pid, --command, --user, --container.  A filter on ports
 * or addresses never matches a UNIX socket.
 *
 * Address matching follows the kernel's inet_diag bytecode exactly (an
 * IPv4 filter also matches IPv4-mapped addresses of IPv6 sockets), so that
 * the same filter pushed into a netlink request (diag_bytecode.h) selects
 * the same sockets.
 */
#ifndef PORTSTAT_ENDPOINT_FILTER_H
#define PORTSTAT_ENDPOINT_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/conntable.h"
#include "model/published.h"

/* What one command-line word is, for query_add. */
enum filter_arg_kind {
	FARG_ENDPOINT, /* a positional FILTER */
	FARG_SPORT,    /* --sport */
	FARG_DPORT,    /* --dport */
	FARG_STATE,    /* --state */
	FARG_PID,      /* --pid */
	FARG_COMMAND,  /* --command (a process name) */
	FARG_USER,     /* --user */
	FARG_TAKEN,    /* --taken's ports: local ports, as --sport */
	FARG_SS_EXPR,  /* ss's filter expression: the positional words, joined by spaces */
	FARG_CONTAINER /* --container (a container name or id prefix) */
};

struct filter_arg {
	enum filter_arg_kind kind;
	const char *text;
};

/* An inclusive port range. */
struct ef_ports {
	uint16_t lo;
	uint16_t hi;
};

/* An address filter: ADDR[%IF][/PREFIX][:PORTS]. */
struct ef_host {
	uint8_t family;	  /* AF_INET or AF_INET6 */
	uint8_t prefix;	  /* bits compared */
	uint8_t addr[16]; /* network order; IPv4 in the first 4 bytes */
	bool has_ports;
	struct ef_ports ports;
	uint32_t ifindex; /* "%IF": the endpoint's interface (conntable_endpoint_scope); 0: any */
};

struct ss_expr;

struct query {
	struct ef_ports *ports; /* positional ":PORT" filters */
	size_t nports;
	struct ef_host *hosts; /* positional address filters */
	size_t nhosts;
	struct ef_ports *sports;
	size_t nsports;
	struct ef_ports *dports;
	size_t ndports;
	uint32_t states; /* bit (1u << CS_x); bit 0: "listen" (servers, as -l); 0: no --state */
	pid_t *pids;
	size_t npids;
	char **programs;
	size_t nprograms;
	char **containers; /* --container words: the namespace's or an owner's container */
	size_t ncontainers;
	uint32_t *uids;
	size_t nuids;
	struct ss_expr *ss; /* ss's filter expression (filter/ss_expr.h), or NULL */
};

void query_init(struct query *f);
void query_free(struct query *f);

/*
 * Service names in filter words ("ssh", "--dport https").  The services
 * database belongs to enrichment, which a filter may not call: the caller
 * hands over its lookup (services_port) and database.  port returns the
 * port of name for proto, or a negative errno.
 */
struct services;
struct query_names {
	int (*port)(const struct services *db, const char *name, int proto);
	const struct services *db;
	/* The index of an interface name ("fe80::1%eth0"), 0 when none; NULL: names unknown. */
	uint32_t (*ifindex)(const char *name);
};

/*
 * Adds one filter word of the given kind.  Service names are looked up
 * through names (may be NULL: names are then unknown).  Returns 0, or
 * -EINVAL with "bad filter 'TEXT': REASON" in msg.
 */
int query_add(struct query *f, enum filter_arg_kind kind, const char *text,
	      const struct query_names *names, char *msg, size_t msglen);

/* True when any filter was added. */
bool query_active(const struct query *f);
/* True when a filter needs the owners (--pid, --command, --container). */
bool query_needs_owners(const struct query *f);
/* True when ports or addresses are filtered (what inet_diag bytecode can express). */
bool query_has_endpoints(const struct query *f);

/*
 * A superset of the TCP states that can match, for a netlink request
 * (source_cfg.states: CS_LISTEN also stands for servers, CS_ESTABLISHED
 * for connected sockets); 0 when --state was not given.
 */
uint32_t query_state_hint(const struct query *f);

/* The state a socket counts as for --state: TCP/UDP/raw as is, UNIX mapped as the kernel does. */
unsigned query_conn_state(const struct conn *c);

/* Whether c passes every filter; t holds its owners. */
bool query_match(const struct query *f, const struct conntable *t, const struct conn *c);

/* Whether c passes every filter but the owner ones (--pid, --command, --container). */
bool query_match_but_owners(const struct query *f, const struct conntable *t, const struct conn *c);

/*
 * --published: whether a mapping's host side passes the port filters
 * (":PORT", a range: any port of the mapping's host range) and address
 * filters (its host address, when it has one; a mapping for any address
 * passes).  Other kinds do not apply to mappings: query_published_ok says so.
 */
bool query_match_published(const struct query *f, const struct published *e);
/* False when f holds a kind --published cannot apply (--sport ... --user, ss expressions). */
bool query_published_ok(const struct query *f);

/* Only the port and address filters (what the bytecode expresses): the
 * interface of an ADDR%IF filter is not compared, query_match compares it. */
bool query_match_endpoints(const struct query *f, const struct conn *c);

/*
 * For ss expressions (filter/ss_expr.c), so that their ports and hosts
 * read and match exactly as portstat's own filters.  query_parse_ports:
 * PORT, LOW-HIGH or a service name (n bytes of s) into 1 or 2 ranges, or
 * 0 with *why set.  query_host_test: h against c's local or remote end.
 */
int query_parse_ports(const char *s, size_t n, const struct query_names *names,
		      struct ef_ports out[2], const char **why);
bool query_host_test(const struct ef_host *h, const struct conn *c, bool local);

#endif
