/*
 * diag_probe.c - the kernel's verdict on portstat's inet_diag bytecode.
 *
 * usage: diag_probe FILTER...   (positional filters, as portstat takes them)
 *
 * Dumps TCP and UDP sockets (IPv4 and IPv6) of the current network
 * namespace twice over NETLINK_SOCK_DIAG: once with the program that
 * diag_bytecode_build makes for the filters attached as
 * INET_DIAG_REQ_BYTECODE, once without it, filtering that second dump with
 * query_match_endpoints.  Prints both sets and exits 0 when they
 * are equal (and the kernel accepted the program), 1 otherwise, 2 on
 * usage or socket errors.  Independent of portstat's netlink source, so
 * the bytecode is proven before that source attaches it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "filter/bytecode.h"
#include "filter/query.h"

struct set {
	char (*v)[160];
	size_t n;
};

static void add_line(struct set *s, const char *line)
{
	s->v = realloc(s->v, (s->n + 1) * sizeof(*s->v));
	if (s->v == NULL)
		exit(2);
	snprintf(s->v[s->n++], sizeof(*s->v), "%s", line);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* One dump; with f non-NULL, keeps only what f matches in user space. */
static int dump(int proto, int family, const struct diag_bytecode *bc, const struct query *f,
		struct set *out)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
		struct nlattr attr;
		uint8_t prog[DIAG_BYTECODE_MAX];
	} msg;
	static uint8_t buf[1 << 16];
	size_t len = NLMSG_LENGTH(sizeof(msg.req));
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	int done = 0, err = 0;

	if (fd < 0)
		return -errno;
	memset(&msg, 0, sizeof(msg));
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	msg.nlh.nlmsg_seq = 1;
	msg.req.sdiag_family = (uint8_t)family;
	msg.req.sdiag_protocol = (uint8_t)proto;
	msg.req.idiag_states = ~0u;
	if (bc != NULL && bc->len > 0) {
		msg.attr.nla_type = INET_DIAG_REQ_BYTECODE;
		msg.attr.nla_len = (uint16_t)(NLA_HDRLEN + bc->len);
		memcpy(msg.prog, bc->bytes, bc->len);
		len += NLA_ALIGN(msg.attr.nla_len);
	}
	msg.nlh.nlmsg_len = (uint32_t)len;
	if (send(fd, &msg, len, 0) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	while (!done) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (n < 0) {
			err = -errno;
			break;
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			struct inet_diag_msg *m = NLMSG_DATA(h);
			struct conn c;
			char l[64], r[64], line[160];

			if (h->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				err = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
				done = 1;
				break;
			}
			memset(&c, 0, sizeof(c));
			c.proto = proto == IPPROTO_TCP ? PROTO_TCP : PROTO_UDP;
			c.family = m->idiag_family;
			c.state = m->idiag_state;
			memcpy(c.local.addr, m->id.idiag_src, 16);
			memcpy(c.remote.addr, m->id.idiag_dst, 16);
			c.local.port = ntohs(m->id.idiag_sport);
			c.remote.port = ntohs(m->id.idiag_dport);
			if (f != NULL && !query_match_endpoints(f, &c))
				continue;
			inet_ntop(family, c.local.addr, l, sizeof(l));
			inet_ntop(family, c.remote.addr, r, sizeof(r));
			snprintf(line, sizeof(line), "%s%s %s:%u %s:%u %u inode=%u",
				 proto == IPPROTO_TCP ? "tcp" : "udp",
				 family == AF_INET6 ? "6" : "", l, c.local.port, r, c.remote.port,
				 c.state, m->idiag_inode);
			add_line(out, line);
		}
	}
	close(fd);
	return err;
}

int main(int argc, char **argv)
{
	struct query f;
	struct diag_bytecode bc;
	struct set kernel = {NULL, 0}, user = {NULL, 0};
	static const int protos[] = {IPPROTO_TCP, IPPROTO_UDP};
	static const int families[] = {AF_INET, AF_INET6};
	char msg[256];
	size_t i, j;
	int ok;

	query_init(&f);
	for (i = 1; i < (size_t)argc; i++) {
		if (query_add(&f, FARG_ENDPOINT, argv[i], NULL, msg, sizeof(msg)) != 0) {
			fprintf(stderr, "diag_probe: %s\n", msg);
			return 2;
		}
	}
	if (diag_bytecode_build(&f, &bc) != 0 || bc.len == 0) {
		fprintf(stderr, "diag_probe: no program for these filters\n");
		return 2;
	}
	for (i = 0; i < 2; i++) {
		for (j = 0; j < 2; j++) {
			int e = dump(protos[i], families[j], &bc, NULL, &kernel);

			if (e != 0) {
				fprintf(stderr, "diag_probe: kernel refused the program: %s\n",
					strerror(-e));
				return 1;
			}
			if (dump(protos[i], families[j], NULL, &f, &user) != 0)
				return 2;
		}
	}
	qsort(kernel.v, kernel.n, sizeof(*kernel.v), cmp);
	qsort(user.v, user.n, sizeof(*user.v), cmp);
	ok = kernel.n == user.n;
	for (i = 0; ok && i < kernel.n; i++)
		ok = strcmp(kernel.v[i], user.v[i]) == 0;
	printf("bytecode (%zu bytes): %zu sockets; user space: %zu sockets\n", bc.len, kernel.n,
	       user.n);
	for (i = 0; i < kernel.n; i++)
		printf("K %s\n", kernel.v[i]);
	for (i = 0; i < user.n; i++)
		printf("U %s\n", user.v[i]);
	free(kernel.v);
	free(user.v);
	diag_bytecode_free(&bc);
	query_free(&f);
	return ok ? 0 : 1;
}
