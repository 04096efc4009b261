/*
 * dump_intr_shim.c - an LD_PRELOAD library for tests/live/test_dump_intr.sh.
 *
 * The kernel sets NLM_F_DUMP_INTR on a dump's messages when the socket
 * tables changed while it walked them; the reader must then drop what it
 * read and ask again.  That cannot be provoked on demand, so this shim
 * wraps recvmsg(2) and sets the flag on the NLMSG_DONE of the first
 * $PORTSTAT_TEST_INTR netlink dumps (0 or unset: none) a process reads.
 * Test code: the counter is process-global on purpose.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/types.h>

#ifndef NLM_F_DUMP_INTR
#define NLM_F_DUMP_INTR 0x10
#endif

static long dumps_left = -1; /* interruptions still to fake; -1: not read yet */

static void mark_done(void *buf, size_t len)
{
	struct nlmsghdr *h = buf;

	for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
		if (h->nlmsg_type == NLMSG_DONE && dumps_left > 0) {
			h->nlmsg_flags |= NLM_F_DUMP_INTR;
			dumps_left--;
		}
	}
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	ssize_t (*real)(int, struct msghdr *, int) =
	    (ssize_t(*)(int, struct msghdr *, int))dlsym(RTLD_NEXT, "recvmsg");
	const struct sockaddr *from;
	ssize_t n;

	if (real == NULL)
		abort();
	if (dumps_left < 0) {
		const char *e = getenv("PORTSTAT_TEST_INTR");

		dumps_left = e != NULL ? strtol(e, NULL, 10) : 0;
	}
	n = real(fd, msg, flags);
	from = msg->msg_name;
	if (n > 0 && dumps_left > 0 && from != NULL && from->sa_family == AF_NETLINK &&
	    msg->msg_iovlen >= 1 && !(flags & MSG_PEEK))
		mark_done(msg->msg_iov[0].iov_base, (size_t)n < msg->msg_iov[0].iov_len
							? (size_t)n
							: msg->msg_iov[0].iov_len);
	return n;
}
