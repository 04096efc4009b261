/*
 * nfnl.c - a NETLINK_NETFILTER socket (source/nfnl.h).
 */
#include "lib/compat.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include "source/nfnl.h"

struct mnl_socket *source_nfnl_socket_open(int *err)
{
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);

	if (nl != NULL && mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0) {
		*err = 0;
		return nl;
	}
	/* Refused (seccomp: EAFNOSUPPORT), no nfnetlink (EPROTONOSUPPORT), or bind failed. */
	*err = -errno;
	if (nl != NULL)
		(void)mnl_socket_close(nl);
	return NULL;
}

void source_nfnl_socket_close(struct mnl_socket *nl)
{
	if (nl != NULL)
		(void)mnl_socket_close(nl);
}
