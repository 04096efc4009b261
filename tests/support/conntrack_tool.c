/*
 * conntrack_tool.c - what tests ask of the conntrack source, through its
 * public calls only (docs/architecture.md: src/ holds only what portstat
 * calls).
 *
 *   conntrack_tool print NSFILE
 *	opens an nfnetlink socket inside the namespace NSFILE (netns_open
 *	with open_nfnl) and prints each translated flow it reads, one line:
 *	PROTO ORIG_SRC ORIG_DST REPLY_SRC REPLY_DST NAT (endpoints as ADDR:PORT,
 *	IPv6 as [ADDR]:PORT; NAT one of snat dnat snat+dnat -).  Exit 3 with
 *	"--nat needs CAP_NET_ADMIN" without the privilege, 4 without
 *	conntrack, 1 on another error.
 *   conntrack_tool print-dropped NSFILE
 *	the same, but drops every capability after opening the socket and
 *	before reading through it, as portstat's sandbox does (nfnetlink
 *	then refuses: it checks the sender's capabilities too).
 *   conntrack_tool record NSFILE 4|6 OUT
 *	enters NSFILE and writes the raw reply bytes of one CTNETLINK dump of
 *	one family to OUT (the unit tests' recordings).
 */
#define _GNU_SOURCE /* setns */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "model/nat_flows.h"
#include "source/conntrack.h"
#include "source/netns.h"

static void put_endpoint(int family, const struct endpoint *e)
{
	char text[INET6_ADDRSTRLEN];

	if (inet_ntop(family, e->addr, text, sizeof(text)) == NULL)
		(void)strcpy(text, "?");
	if (family == AF_INET6)
		printf(" [%s]:%u", text, e->port);
	else
		printf(" %s:%u", text, e->port);
}

/* Empties the effective, permitted and inheritable sets. */
static int drop_caps(void)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof(data));
	return (int)syscall(SYS_capset, &hdr, data);
}

static int print_flows(const char *path, bool drop)
{
	static const char *const nat_words[] = {"-", "snat", "dnat", "snat+dnat"};
	struct netns_set s;
	struct nat_flow_table t;
	char msg[256];
	size_t i;
	int r;

	netns_set_init(&s);
	nat_flow_table_init(&t);
	r = netns_add_arg(&s, "/proc", path, msg, sizeof(msg));
	if (r < 0) {
		fprintf(stderr, "conntrack_tool: %s\n", msg);
		return 1;
	}
	netns_finish(&s, "/proc", false);
	s.open_nfnl = true;
	r = netns_open(&s, NULL, NULL);
	if (r < 0 || s.skipped > 0) {
		fprintf(stderr, "conntrack_tool: cannot enter %s: %s\n", path,
			strerror(r < 0 ? -r : s.skip_err));
		netns_set_free(&s);
		return 1;
	}
	if (drop && drop_caps() != 0) {
		perror("capset");
		netns_set_free(&s);
		return 1;
	}
	for (i = 0; i < s.table.len && r == 0; i++) {
		if (!s.readers[i].own && s.readers[i].nfnl == NULL) {
			/* Refused inside (seccomp), or no nfnetlink: a fresh socket would
			 * read the caller's namespace instead. */
			fprintf(stderr, "conntrack_tool: no nfnetlink socket in %s\n", path);
			netns_set_free(&s);
			nat_flow_table_free(&t);
			return 1;
		} else
			r = source_conntrack_read(s.readers[i].own ? NULL : s.readers[i].nfnl,
						  (unsigned)i, &t);
	}
	netns_set_free(&s);
	if (r == CONNTRACK_ENOPRIV) {
		fprintf(stderr, "conntrack_tool: --nat needs CAP_NET_ADMIN\n");
		nat_flow_table_free(&t);
		return 3;
	}
	if (r == CONNTRACK_ENOTRACK) {
		fprintf(stderr, "conntrack_tool: no conntrack here\n");
		nat_flow_table_free(&t);
		return 4;
	}
	if (r < 0) {
		fprintf(stderr, "conntrack_tool: %s\n", strerror(-r));
		nat_flow_table_free(&t);
		return 1;
	}
	for (i = 0; i < t.len; i++) {
		const struct nat_flow *f = &t.v[i];

		printf("%s", f->proto == IPPROTO_TCP ? "tcp" : "udp");
		put_endpoint(f->family, &f->orig.src);
		put_endpoint(f->family, &f->orig.dst);
		put_endpoint(f->family, &f->reply.src);
		put_endpoint(f->family, &f->reply.dst);
		printf(" %s\n", nat_words[f->nat & 3]);
	}
	nat_flow_table_free(&t);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int record(const char *path, const char *fam, const char *out)
{
	static uint8_t buf[65536];
	uint8_t req[64];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct nfgenmsg *nfg;
	FILE *f;
	int fd, done = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) {
		perror(path);
		return 1;
	}
	(void)close(fd);
	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (nl == NULL || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("nfnetlink");
		return 1;
	}
	memset(req, 0, sizeof(req));
	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_GET;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = 1;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = strcmp(fam, "6") == 0 ? AF_INET6 : AF_INET;
	nfg->version = NFNETLINK_V0;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("send");
		return 1;
	}
	f = fopen(out, "wb");
	if (f == NULL) {
		perror(out);
		return 1;
	}
	while (!done) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		const struct nlmsghdr *h;
		int left;

		if (n <= 0) {
			perror("recv");
			return 1;
		}
		if (fwrite(buf, 1, (size_t)n, f) != (size_t)n) {
			perror(out);
			return 1;
		}
		left = (int)n;
		for (h = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(h, left);
		     h = mnl_nlmsg_next(h, &left))
			if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
				done = 1;
	}
	(void)mnl_socket_close(nl);
	return fclose(f) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "print") == 0)
		return print_flows(argv[2], false);
	if (argc == 3 && strcmp(argv[1], "print-dropped") == 0)
		return print_flows(argv[2], true);
	if (argc == 5 && strcmp(argv[1], "record") == 0)
		return record(argv[2], argv[3], argv[4]);
	fprintf(stderr,
		"usage: conntrack_tool print|print-dropped NSFILE | record NSFILE 4|6 OUT\n");
	return 2;
}
