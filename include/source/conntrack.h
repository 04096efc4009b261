/*
 * conntrack.h - the translated flows of a network namespace, read from its
 * conntrack table with a CTNETLINK dump (NETLINK_NETFILTER) into the
 * model's table (model/nat_flows.h).
 *
 * One parser decodes the reply bytes, whether a live dump, a unit test or
 * a fuzzer gives them: conntrack_parse.  It keeps the TCP and UDP flows
 * conntrack translated (the SRC_NAT or DST_NAT status bits, or a reply
 * tuple that is not the original's mirror image) and skips the rest; it
 * never prints and never trusts a length it has not checked against the
 * buffer.
 *
 * Another namespace is read through a socket opened inside it: netns_open
 * opens one per namespace in netns_reader.nfnl when netns_set.open_nfnl is
 * set (source/netns.h, source/nfnl.h), before the sandbox; the caller's own
 * namespace is read through a fresh socket.  Reading takes CAP_NET_ADMIN
 * in the reading process at the time of the dump, whoever opened the
 * socket (source/nfnl.h).
 */
#ifndef PORTSTAT_SOURCE_CONNTRACK_H
#define PORTSTAT_SOURCE_CONNTRACK_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/nat_flows.h"

struct mnl_socket;

/* Decoder state for one reply stream. */
struct conntrack_parser {
	struct nat_flow_table *table;
	unsigned netns;	  /* nat_flow.netns of what is added */
	uint32_t seq;	  /* expected sequence number (check_ids) */
	uint32_t portid;  /* expected port id, 0 = any (check_ids) */
	bool check_ids;	  /* live dumps: a foreign message is an error */
	bool done;	  /* NLMSG_DONE or NLMSG_ERROR was seen: the rest is not read */
	bool interrupted; /* a message carried NLM_F_DUMP_INTR: the table changed meanwhile */
	int kernel_error; /* the negative errno NLMSG_ERROR or NLMSG_DONE carried, else 0 */
	size_t added;	  /* translated flows added */
	size_t plain;	  /* well-formed flows without translation, not added */
	size_t skipped;	  /* other messages, protocols, or entries that do not decode */
};

void conntrack_parser_init(struct conntrack_parser *p, struct nat_flow_table *t, unsigned netns);

/*
 * Decodes the IPCTNL_MSG_CT_NEW messages of buf[0..len) into the table, up
 * to NLMSG_DONE or NLMSG_ERROR.  Returns 0, -EBADMSG for a truncated
 * message or a length that runs past the buffer, -EPROTO for a sequence
 * number or port id that is not ours.  An entry whose attributes are
 * malformed (wrong sizes, nesting past the message) is skipped and
 * counted.  An error the kernel reports in the stream is left in
 * p->kernel_error.
 */
int conntrack_parse(struct conntrack_parser *p, const void *buf, size_t len);

/* What source_conntrack_read returns when conntrack cannot be read here. */
#define CONNTRACK_ENOPRIV  (-EPERM)	 /* no CAP_NET_ADMIN: "--nat needs CAP_NET_ADMIN" */
#define CONNTRACK_ENOTRACK (-EOPNOTSUPP) /* no conntrack in this kernel (module not loaded) */

/*
 * The error a failed dump means to the caller: CONNTRACK_ENOPRIV for
 * EPERM and EACCES, CONNTRACK_ENOTRACK for what the kernel says without
 * conntrack or its netlink interface (EOPNOTSUPP, ENOENT, EPROTONOSUPPORT),
 * anything else unchanged.
 */
int conntrack_error(int err);

/*
 * Dumps the IPv4 and IPv6 conntrack tables of a namespace through nfnl
 * (NULL: a fresh socket in the caller's namespace; so for another
 * namespace whose readers[i].nfnl could not be opened, do not call it:
 * it would read the wrong table) and appends its
 * translated flows to t as namespace netns.  Returns 0 or a negative errno
 * passed through conntrack_error (CONNTRACK_ENOPRIV, CONNTRACK_ENOTRACK,
 * -EAGAIN when interrupted by changes in every one of a few tries, a reply
 * that does not parse, a refused socket); then nothing of this namespace
 * stays in t.
 */
int source_conntrack_read(struct mnl_socket *nfnl, unsigned netns, struct nat_flow_table *t);

#endif
