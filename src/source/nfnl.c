/*
 * nfnl.c - a NETLINK_NETFILTER socket (source/nfnl.h).
 */
#include "lib/compat.h"

#include <linux/netlink.h>

#include "source/nfnl.h"
#include "source/nlmsg.h"

struct mnl_socket *source_nfnl_socket_open(int *err)
{
	return nlmsg_socket_open(NETLINK_NETFILTER, err, NULL);
}

void source_nfnl_socket_close(struct mnl_socket *nl)
{
	nlmsg_socket_close(nl);
}
