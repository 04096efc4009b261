/*
 * events.c - the destroy notifications of sock_diag (-E).
 *
 * The kernel multicasts one message per TCP or UDP socket it destroys
 * (sock_diag_broadcast_destroy) to the sockets that joined the family's
 * group: an inet_diag_msg (state, endpoints, queues, uid), then
 * INET_DIAG_PROTOCOL, and for TCP the tcp_info of its last moment
 * (INET_DIAG_INFO).  Read by copying into zeroed locals, as netlink.c
 * does: a buffer may be unaligned, a kernel struct shorter or longer.
 *
 * A socket that overflows loses notifications, and the kernel says so
 * once (ENOBUFS) and counts each lost one (the Drops of /proc/net/netlink):
 * the reader can say how many.
 */
#include "lib/compat.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "lib/number.h"
#include "lib/procfile.h"
#include "source/events.h"
#include "source/nlmsg.h"

#ifndef IPPROTO_UDPLITE
#define IPPROTO_UDPLITE 136
#endif
#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef SKNLGRP_INET_TCP_DESTROY
#define SKNLGRP_INET_TCP_DESTROY  1
#define SKNLGRP_INET_UDP_DESTROY  2
#define SKNLGRP_INET6_TCP_DESTROY 3
#define SKNLGRP_INET6_UDP_DESTROY 4
#endif
/* A burst of closes must not overflow before the reader wakes: 8 MiB, when allowed. */
#define EVENTS_RCVBUF (8 << 20)
/* /proc/net/netlink: about 100 bytes a socket. */
#define NETLINK_TABLE_MAX (4u << 20)

static void copy_padded(void *dst, size_t dst_len, const uint8_t *src, size_t src_len)
{
	memset(dst, 0, dst_len);
	memcpy(dst, src, src_len < dst_len ? src_len : dst_len);
}

static int proto_of(unsigned ipproto)
{
	switch (ipproto) {
	case IPPROTO_TCP:
		return PROTO_TCP;
	case IPPROTO_UDP:
		return PROTO_UDP;
	case IPPROTO_UDPLITE:
		return PROTO_UDPLITE;
	default:
		return -1;
	}
}

/* The attributes after the inet_diag_msg: the protocol, and TCP's last tcp_info. */
static void read_attrs(struct sock_event *e, int *ipproto, const uint8_t *p, size_t len)
{
	while (len >= sizeof(struct nlattr)) {
		struct nlattr a;
		size_t step;

		memcpy(&a, p, sizeof(a));
		if (a.nla_len < sizeof(a) || a.nla_len > len)
			return;
		if ((a.nla_type & NLA_TYPE_MASK) == INET_DIAG_PROTOCOL && a.nla_len > sizeof(a)) {
			*ipproto = p[sizeof(a)];
		} else if ((a.nla_type & NLA_TYPE_MASK) == INET_DIAG_INFO) {
			struct tcp_info ti;

			copy_padded(&ti, sizeof(ti), p + sizeof(a), a.nla_len - sizeof(a));
			e->counters = true;
			e->bytes_sent = ti.tcpi_bytes_sent;
			e->bytes_acked = ti.tcpi_bytes_acked;
			e->bytes_received = ti.tcpi_bytes_received;
			e->segs_out = ti.tcpi_segs_out;
			e->segs_in = ti.tcpi_segs_in;
			e->total_retrans = ti.tcpi_total_retrans;
			e->rtt_us = ti.tcpi_rtt;
		}
		step = NLA_ALIGN(a.nla_len);
		if (step >= len)
			return;
		p += step;
		len -= step;
	}
}

/* One notification into e; false when it is not a TCP/UDP socket of AF_INET(6). */
static bool decode(struct sock_event *e, const uint8_t *pl, size_t len, unsigned netns)
{
	struct inet_diag_msg m;
	int ipproto = -1, proto;
	size_t alen;

	if (len < sizeof(m))
		return false;
	memcpy(&m, pl, sizeof(m));
	if (m.idiag_family != AF_INET && m.idiag_family != AF_INET6)
		return false;
	memset(e, 0, sizeof(*e));
	e->kind = SOCK_EVENT_CLOSED;
	if (len > NLMSG_ALIGN(sizeof(m)))
		read_attrs(e, &ipproto, pl + NLMSG_ALIGN(sizeof(m)), len - NLMSG_ALIGN(sizeof(m)));
	proto = proto_of((unsigned)ipproto);
	if (proto < 0)
		return false;
	if (proto != PROTO_TCP)
		e->counters = false; /* only TCP's info is tcp_info */
	e->conn.proto = (uint8_t)proto;
	e->conn.family = m.idiag_family;
	e->conn.netns = (uint16_t)netns;
	e->conn.state = m.idiag_state < CS_MAX ? m.idiag_state : CS_NONE;
	alen = m.idiag_family == AF_INET ? 4 : 16;
	memcpy(e->conn.local.addr, m.id.idiag_src, alen);
	memcpy(e->conn.remote.addr, m.id.idiag_dst, alen);
	e->conn.local.port = ntohs(m.id.idiag_sport);
	e->conn.remote.port = ntohs(m.id.idiag_dport);
	e->conn.recv_q = m.idiag_rqueue;
	e->conn.send_q = m.idiag_wqueue;
	/* The notification leaves uid and inode zero: the socket has no file any more. */
	e->conn.uid = m.idiag_inode != 0 ? m.idiag_uid : CONN_UID_UNKNOWN;
	e->conn.inode = m.idiag_inode;
	return true;
}

/* What events_parse hands each notification to. */
struct events_walk {
	unsigned netns;
	events_fn *fn;
	void *ctx;
	int count;
};

/* One message (nlmsg_fn): a notification is delivered, anything else skipped. */
static int event_one(void *ctx, const struct nlmsghdr *h, const uint8_t *msg)
{
	struct events_walk *ew = ctx;
	struct sock_event e;

	if (h->nlmsg_type == SOCK_DIAG_BY_FAMILY &&
	    decode(&e, msg + NLMSG_HDRLEN, h->nlmsg_len - NLMSG_HDRLEN, ew->netns)) {
		ew->fn(ew->ctx, &e);
		ew->count++;
	}
	return 0;
}

int events_parse(const void *buf, size_t len, unsigned netns, events_fn *fn, void *ctx)
{
	static const struct nlmsg_walk any = {false, 0, 0, NULL}; /* multicast: no dump's ids */
	struct events_walk ew = {netns, fn, ctx, 0};
	int r = nlmsg_walk(buf, len, &any, event_one, &ew);

	return r < 0 ? r : ew.count;
}

struct mnl_socket *source_events_open(int *err)
{
	static const int groups[] = {SKNLGRP_INET_TCP_DESTROY, SKNLGRP_INET_UDP_DESTROY,
				     SKNLGRP_INET6_TCP_DESTROY, SKNLGRP_INET6_UDP_DESTROY};
	struct mnl_socket *nl = nlmsg_socket_open(NETLINK_SOCK_DIAG, err, NULL);
	int size = EVENTS_RCVBUF, fd;
	size_t i;

	if (nl == NULL)
		return NULL;
	fd = mnl_socket_get_fd(nl);
	/* Beyond rmem_max only with CAP_NET_ADMIN (root: opened before the sandbox). */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) != 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	for (i = 0; i < nitems(groups); i++) {
		if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &groups[i],
			       sizeof(groups[i])) != 0) {
			*err = -errno;
			(void)mnl_socket_close(nl);
			return NULL;
		}
	}
	*err = 0;
	return nl;
}

void source_events_close(struct mnl_socket *nl)
{
	nlmsg_socket_close(nl);
}

int source_events_fd(struct mnl_socket *nl)
{
	return mnl_socket_get_fd(nl);
}

int source_events_receive(struct mnl_socket *nl, void *buf, size_t cap, unsigned netns,
			  events_fn *fn, void *ctx)
{
	int fd = mnl_socket_get_fd(nl), total = 0;

	for (;;) {
		ssize_t n = recv(fd, buf, cap, MSG_DONTWAIT);
		int r;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? total : -errno;
		if (n == 0)
			return total;
		r = events_parse(buf, (size_t)n, netns, fn, ctx);
		if (r < 0)
			return r;
		total += r;
	}
}

int events_netlink_drops(const char *text, size_t len, uint64_t inode, uint64_t *drops)
{
	const char *p = text, *end = text + len;

	/* sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode: the 9th and 10th words. */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl != NULL ? nl : end;
		const char *w[10];
		size_t wl[10], n = 0;
		const char *q = p;
		uint64_t ino, d;

		while (q < line_end && n < 10) {
			while (q < line_end && (*q == ' ' || *q == '\t'))
				q++;
			if (q == line_end)
				break;
			w[n] = q;
			while (q < line_end && *q != ' ' && *q != '\t')
				q++;
			wl[n] = (size_t)(q - w[n]);
			n++;
		}
		if (n == 10 && number_parse_u64(w[9], wl[9], UINT64_MAX, &ino) == 0 &&
		    ino == inode && number_parse_u64(w[8], wl[8], UINT64_MAX, &d) == 0) {
			*drops = d;
			return 0;
		}
		p = line_end + 1;
	}
	return -ENOENT;
}

int source_events_drops(struct mnl_socket *nl, const char *proc_dir, uint64_t *drops)
{
	struct stat st;
	size_t len;
	char *buf;
	int r;

	if (fstat(mnl_socket_get_fd(nl), &st) != 0)
		return -errno;
	buf = malloc(NETLINK_TABLE_MAX);
	if (buf == NULL)
		return -ENOMEM;
	r = procfile_read(proc_dir, "net/netlink", buf, NETLINK_TABLE_MAX, &len);
	if (r == 0)
		r = events_netlink_drops(buf, len, (uint64_t)st.st_ino, drops);
	free(buf);
	return r;
}
