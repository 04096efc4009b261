/*
 * destroy.c - SOCK_DESTROY requests (-K): one per socket, with its exact
 * inet_diag id, answered by an NLMSG_ERROR carrying 0 or an errno.
 *
 * The id is the socket's as the dump gave it: the kernel looks the socket
 * up by protocol, family, both endpoints and the bound interface, exactly
 * as for a single-socket query, and closes it (TCP sends a reset to the
 * peer).  No cookie is sent (INET_DIAG_NOCOOKIE): the table does not keep
 * one, and a socket that reappeared on the same four-tuple is the same
 * connection to the user who asked to close it.
 */
#include "lib/compat.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "source/destroy.h"
#include "source/nlmsg.h"

#ifndef IPPROTO_UDPLITE
#define IPPROTO_UDPLITE 136
#endif
#ifndef SOCK_DESTROY
#define SOCK_DESTROY 21
#endif
/* One answer is an nlmsghdr and an nlmsgerr echoing the request: well under this. */
#define DESTROY_RECV_SIZE 8192

/* The IP protocol of a socket the kernel can close, or 0. */
static unsigned destroy_ipproto(const struct conn *c)
{
	if (c->family != AF_INET && c->family != AF_INET6)
		return 0;
	switch (c->proto) {
	case PROTO_TCP:
		return IPPROTO_TCP;
	case PROTO_UDP:
		return IPPROTO_UDP;
	case PROTO_UDPLITE:
		return IPPROTO_UDPLITE;
	default:
		return 0; /* unix, ICMP; raw needs raw_diag and its own id */
	}
}

int destroy_request_build(void *buf, size_t cap, const struct conn *c, uint32_t ifindex,
			  uint32_t seq)
{
	struct nlmsghdr h;
	struct inet_diag_req_v2 req;
	unsigned ipproto = destroy_ipproto(c);
	size_t len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(req));

	if (ipproto == 0)
		return -EPROTONOSUPPORT;
	if (cap < len)
		return -ENOSPC;
	memset(&h, 0, sizeof(h));
	h.nlmsg_len = (uint32_t)len;
	h.nlmsg_type = SOCK_DESTROY;
	h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	h.nlmsg_seq = seq;
	memset(&req, 0, sizeof(req));
	req.sdiag_family = c->family;
	req.sdiag_protocol = (uint8_t)ipproto;
	req.idiag_states = UINT32_MAX;
	req.id.idiag_sport = htons(c->local.port);
	req.id.idiag_dport = htons(c->remote.port);
	/* AF_INET: the first word; the rest stays zero. */
	memcpy(req.id.idiag_src, c->local.addr, c->family == AF_INET ? 4 : 16);
	memcpy(req.id.idiag_dst, c->remote.addr, c->family == AF_INET ? 4 : 16);
	req.id.idiag_if = ifindex;
	req.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	memset(buf, 0, len);
	memcpy(buf, &h, sizeof(h));
	memcpy((uint8_t *)buf + NLMSG_HDRLEN, &req, sizeof(req));
	return (int)len;
}

/* What destroy_reply_parse looks for, and what it found. */
struct destroy_answer {
	uint32_t seq;
	int *kernel_err;
};

/* One message (nlmsg_fn): the answer to our request stops the walk. */
static int answer_one(void *ctx, const struct nlmsghdr *h, const uint8_t *msg)
{
	struct destroy_answer *a = ctx;
	int err, r;

	if (h->nlmsg_seq != a->seq || h->nlmsg_type != NLMSG_ERROR)
		return 0; /* a stale answer, or not an answer */
	r = nlmsg_end_of_dump(h, msg, &err);
	if (r < 0)
		return r;
	*a->kernel_err = err; /* 0: closed */
	return 1;
}

int destroy_reply_parse(const void *buf, size_t len, uint32_t seq, int *kernel_err)
{
	static const struct nlmsg_walk any = {false, 0, 0, NULL}; /* stale answers are skipped */
	struct destroy_answer a = {seq, kernel_err};
	int r = nlmsg_walk(buf, len, &any, answer_one, &a);

	if (r < 0)
		return r;
	return r == 1 ? 0 : -ENOMSG;
}

const char *destroy_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case EOPNOTSUPP:
		return "the kernel cannot close sockets (built without "
		       "CONFIG_INET_DIAG_DESTROY)";
	case EPERM:
	case EACCES:
		return "closing a socket needs CAP_NET_ADMIN";
	case ENOENT:
		return "the socket is gone (closed before portstat reached it)";
	case EPROTONOSUPPORT:
		return "only TCP, UDP and UDP-Lite sockets can be closed";
	default:
		return NULL;
	}
}

int source_destroy(struct mnl_socket *nl, const struct conn *c, uint32_t ifindex, uint32_t seq)
{
	uint8_t req[DESTROY_REQUEST_MAX];
	uint8_t *buf;
	int len = destroy_request_build(req, sizeof(req), c, ifindex, seq);
	int kernel_err = 0, r;

	if (len < 0)
		return len;
	if (mnl_socket_sendto(nl, req, (size_t)len) < 0)
		return -errno;
	buf = malloc(DESTROY_RECV_SIZE);
	if (buf == NULL)
		return -ENOMEM;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, DESTROY_RECV_SIZE);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		if (n == 0) {
			r = -EPROTO;
			break;
		}
		r = destroy_reply_parse(buf, (size_t)n, seq, &kernel_err);
		if (r == -ENOMSG)
			continue; /* a stale answer to an earlier request */
		if (r == 0)
			r = kernel_err;
		break;
	}
	free(buf);
	return r;
}
