/*
 * addresses.h - the addresses of a network namespace, read with an
 * rtnetlink RTM_GETADDR dump (NETLINK_ROUTE) into the model's table
 * (model/addrs.h).
 *
 * One parser decodes the reply bytes, whether a live dump, a unit test or
 * a fuzzer gives them: addrs_parse.  It never prints and never trusts a
 * length it has not checked against the buffer.
 *
 * Another namespace is read through a socket opened inside it: netns_open
 * opens one per namespace in netns_reader.rtnl when netns_set.open_rtnl is
 * set (source/netns.h), before the sandbox, as it opens the sock_diag
 * socket; the caller's own namespace is read through a fresh socket.
 */
#ifndef PORTSTAT_SOURCE_ADDRESSES_H
#define PORTSTAT_SOURCE_ADDRESSES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/addrs.h"

struct mnl_socket;

/* Decoder state for one reply stream. */
struct addrs_parser {
	struct addr_table *table;
	unsigned netns;	  /* ns_addr.netns of what is added */
	uint32_t seq;	  /* expected sequence number (check_ids) */
	uint32_t portid;  /* expected port id, 0 = any (check_ids) */
	bool check_ids;	  /* live dumps: a foreign message is an error */
	bool done;	  /* NLMSG_DONE or NLMSG_ERROR was seen: the rest is not read */
	bool interrupted; /* a message carried NLM_F_DUMP_INTR: the addresses changed meanwhile */
	int kernel_error; /* the negative errno NLMSG_ERROR or NLMSG_DONE carried, else 0 */
	size_t added;	  /* addresses added */
	size_t skipped;	  /* messages of other types, families, or without an address */
};

void addrs_parser_init(struct addrs_parser *p, struct addr_table *t, unsigned netns);

/*
 * Decodes the RTM_NEWADDR messages of buf[0..len) into the table, up to
 * NLMSG_DONE or NLMSG_ERROR.  Returns 0, -EBADMSG for a truncated message
 * or a length that runs past the buffer, -EPROTO for a sequence number or
 * port id that is not ours.  An error the kernel reports in the stream is
 * left in p->kernel_error.
 */
int addrs_parse(struct addrs_parser *p, const void *buf, size_t len);

/*
 * Opens a NETLINK_ROUTE socket bound in the caller's network namespace at
 * this moment (source/netns.c calls it inside each namespace).  Returns
 * it, or NULL with *err a negative errno.
 */
struct mnl_socket *source_addrs_socket_open(int *err);
/* Closes it; NULL is nothing. */
void source_addrs_socket_close(struct mnl_socket *nl);

/*
 * Dumps every IPv4 and IPv6 address of a namespace through nl (NULL: a
 * fresh socket in the caller's namespace) and appends them to t as
 * namespace netns.  Returns 0, or a negative errno (socket refused, the
 * dump failed, or was interrupted by a change in every one of a few
 * tries (-EAGAIN), a reply that does not parse); then nothing of this dump
 * stays in t.
 */
int source_addrs_read(struct mnl_socket *nl, unsigned netns, struct addr_table *t);

#endif
