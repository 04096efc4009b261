/*
 * nfnl.h - a NETLINK_NETFILTER socket (nfnetlink): what conntrack dumps
 * (source/conntrack.h) and nftables ruleset dumps are read through.
 *
 * Opened inside each namespace by netns_open when netns_set.open_nfnl is
 * set (source/netns.h).  nfnetlink checks CAP_NET_ADMIN on every request,
 * against both whoever opened the socket and the process sending now
 * (netlink_net_capable): unlike sock_diag's socket, this one stops
 * working once the sandbox drops the capability.  Read before the drop,
 * or keep CAP_NET_ADMIN through it (tests/live/test_conntrack.sh shows
 * both sides).
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
