/*
 * nldump.c - the floor: a plain sock_diag dump of TCP that prints one line
 * per socket, the least any `-tan` tool has to do.
 *
 *   nldump          local, remote and state of every TCP socket (IPv4, IPv6)
 *
 * It asks for IPv4 and then IPv6 with the usual request, reads with a
 * 32 KiB buffer and prints with stdio, as a straightforward tool would;
 * bench/run.sh times portstat -tan against it (issue 7: at most 1.0x).
 * No sorting, no service names, no column widths.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *const states[] = {"UNKNOWN",	     "ESTABLISHED",   "SYN_SENT",  "SYN_RECV",
				     "FIN_WAIT1",    "FIN_WAIT2",     "TIME_WAIT", "CLOSE",
				     "CLOSE_WAIT",   "LAST_ACK",      "LISTEN",	   "CLOSING",
				     "NEW_SYN_RECV", "BOUND_INACTIVE"};

static void print_one(const struct inet_diag_msg *m)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	int fam = m->idiag_family;

	inet_ntop(fam, m->id.idiag_src, src, sizeof(src));
	inet_ntop(fam, m->id.idiag_dst, dst, sizeof(dst));
	printf("tcp %s:%u %s:%u %s\n", src, ntohs(m->id.idiag_sport), dst, ntohs(m->id.idiag_dport),
	       m->idiag_state < sizeof(states) / sizeof(states[0]) ? states[m->idiag_state] : "?");
}

static int dump(int fd, int family)
{
	struct {
		struct nlmsghdr h;
		struct inet_diag_req_v2 r;
	} req;
	static char buf[32768];
	struct sockaddr_nl nl = {.nl_family = AF_NETLINK};

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = sizeof(req);
	req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.r.sdiag_family = (unsigned char)family;
	req.r.sdiag_protocol = IPPROTO_TCP;
	req.r.idiag_states = ~0u;
	if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&nl, sizeof(nl)) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EPROTO;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR)
				return -EPROTO;
			print_one(NLMSG_DATA(h));
		}
	}
}

int main(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);

	if (fd < 0) {
		perror("nldump: socket");
		return 1;
	}
	printf("Proto Local Remote State\n");
	if (dump(fd, AF_INET) < 0 || dump(fd, AF_INET6) < 0) {
		perror("nldump: dump");
		return 1;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
