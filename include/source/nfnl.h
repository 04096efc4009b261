/*
 * nfnl.h - a NETLINK_NETFILTER socket (nfnetlink): what conntrack dumps
 * (source/conntrack.h) and nftables ruleset dumps are read through.
 *
 * Opened inside each namespace by netns_open when netns_set.open_nfnl is
 * set (source/netns.h).  The kernel checks CAP_NET_ADMIN against the
 * credentials of whoever opened the socket, so a socket opened before the
 * sandbox drops privileges keeps reading after it.
 */
#ifndef PORTSTAT_SOURCE_NFNL_H
#define PORTSTAT_SOURCE_NFNL_H

struct mnl_socket;

/*
 * Opens a NETLINK_NETFILTER socket bound in the caller's network namespace
 * at this moment.  Returns it, or NULL with *err a negative errno
 * (-EPROTONOSUPPORT: no nfnetlink in this kernel).
 */
struct mnl_socket *source_nfnl_socket_open(int *err);
/* Closes it; NULL is nothing. */
void source_nfnl_socket_close(struct mnl_socket *nl);

#endif
