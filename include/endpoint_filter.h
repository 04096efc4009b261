/*
 * endpoint_filter.h - the query filters: which sockets the user asked about.
 *
 * Positional FILTERs (":PORT", ":SERVICE", ":LOW-HIGH", "ADDR",
 * "ADDR/PREFIX", "ADDR:PORT", "[IPv6]:PORT") each match the local or the
 * remote endpoint; --sport/--dport a local/remote port or range; --state
 * a list of ss's state names (TCP numbering; unconnected UDP is "closed"),
 * plus "listen": the servers -l shows (TCP listeners, unconnected UDP and
 * raw, unix listeners); --pid, --program, --user the owners.
 *
 * Kinds combine with AND, values of one kind with OR.  The kinds are:
 * port filters (":..."), address filters (everything else positional),
 * --sport, --dport, --state, --pid, --program, --user.  A filter on ports
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

#include "conntable.h"
#include "services.h"

/* What one command-line word is, for endpoint_filter_add. */
enum filter_arg_kind {
	FARG_ENDPOINT, /* a positional FILTER */
	FARG_SPORT,    /* --sport */
	FARG_DPORT,    /* --dport */
	FARG_STATE,    /* --state */
	FARG_PID,      /* --pid */
	FARG_PROGRAM,  /* --program */
	FARG_USER      /* --user */
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

/* An address filter: ADDR[/PREFIX][:PORTS]. */
struct ef_host {
	uint8_t family;	  /* AF_INET or AF_INET6 */
	uint8_t prefix;	  /* bits compared */
	uint8_t addr[16]; /* network order; IPv4 in the first 4 bytes */
	bool has_ports;
	struct ef_ports ports;
};

struct endpoint_filter {
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
	uint32_t *uids;
	size_t nuids;
};

void endpoint_filter_init(struct endpoint_filter *f);
void endpoint_filter_free(struct endpoint_filter *f);

/*
 * Adds one filter word of the given kind.  Service names are looked up in
 * svc (may be NULL: names are then unknown).  Returns 0, or -EINVAL with
 * "bad filter 'TEXT': REASON" in msg.
 */
int endpoint_filter_add(struct endpoint_filter *f, enum filter_arg_kind kind, const char *text,
			const struct services *svc, char *msg, size_t msglen);

/* True when any filter was added. */
bool endpoint_filter_active(const struct endpoint_filter *f);
/* True when a filter needs the owners (--pid, --program). */
bool endpoint_filter_needs_owners(const struct endpoint_filter *f);
/* True when ports or addresses are filtered (what inet_diag bytecode can express). */
bool endpoint_filter_has_endpoints(const struct endpoint_filter *f);

/*
 * A superset of the TCP states that can match, for a netlink request
 * (source_cfg.states: CS_LISTEN also stands for servers, CS_ESTABLISHED
 * for connected sockets); 0 when --state was not given.
 */
uint32_t endpoint_filter_state_hint(const struct endpoint_filter *f);

/* The state a socket counts as for --state: TCP/UDP/raw as is, UNIX mapped as the kernel does. */
unsigned endpoint_filter_conn_state(const struct conn *c);

/* Whether c passes every filter; t holds its owners. */
bool endpoint_filter_match(const struct endpoint_filter *f, const struct conntable *t,
			   const struct conn *c);

/* Only the port and address filters (what the bytecode expresses). */
bool endpoint_filter_match_endpoints(const struct endpoint_filter *f, const struct conn *c);

#endif
