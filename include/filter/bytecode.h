/*
 * diag_bytecode.h - the port and address filters as inet_diag bytecode.
 *
 * A pure builder: it turns the filters of endpoint_filter.h that the kernel
 * can evaluate (positional ports and addresses, --sport, --dport) into an
 * INET_DIAG_REQ_BYTECODE program (INET_DIAG_BC_* ops of
 * <linux/inet_diag.h>), so that a netlink dump returns only the sockets
 * that can match.  It never touches the system.
 *
 * The program accepts exactly the sockets query_match_endpoints
 * accepts.  Shape: an AND of clauses (ports, addresses, --sport, --dport);
 * a clause is an OR of alternatives; an alternative is an AND of ops.  Every
 * op falls through on success ("yes" = its own size, which the kernel's
 * audit requires) and jumps forward on failure: to the next alternative,
 * or past the end (reject).  A JMP after each alternative but the last
 * skips the rest of its clause.  Ports use the S_GE/S_LE and D_GE/D_LE
 * pairs that every kernel since 2.6 knows, addresses S_COND/D_COND with
 * port -1.
 *
 * Hooking it into the netlink source: main.c stores the program in
 * source_cfg.bytecode (NULL when there is none); the inet request
 * (TCP, UDP, UDP-Lite, raw; not unix_diag) appends it as the attribute
 * INET_DIAG_REQ_BYTECODE after struct inet_diag_req_v2, e.g.
 * mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, bc->len, bc->bytes).  The
 * user-space filter still runs afterwards, so a kernel that ignores the
 * program changes nothing but speed.
 */
#ifndef PORTSTAT_DIAG_BYTECODE_H
#define PORTSTAT_DIAG_BYTECODE_H

#include <stddef.h>
#include <stdint.h>

#include "filter/query.h"

/* Largest program: the attribute's length is 16 bits and jumps too. */
#define DIAG_BYTECODE_MAX 65000

struct diag_bytecode {
	uint8_t *bytes;
	size_t len; /* 0: nothing to push down */
};

/*
 * Builds the program for f's port and address filters into bc (len 0 when
 * f has none).  Returns 0, or -E2BIG when it would exceed
 * DIAG_BYTECODE_MAX (then bc is empty and user space filters alone).
 */
int diag_bytecode_build(const struct query *f, struct diag_bytecode *bc);
void diag_bytecode_free(struct diag_bytecode *bc);

#endif
