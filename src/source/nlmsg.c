/*
 * nlmsg.c - the netlink message walk, the end-of-dump errno, and the
 * socket chores every netlink reader of the source stage shares
 * (source/nlmsg.h).
 */
#include "lib/compat.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include "source/nlmsg.h"

/* The largest error number (the kernel's MAX_ERRNO). */
#define NLMSG_MAX_ERRNO 4095
#ifndef NLM_F_DUMP_INTR
#define NLM_F_DUMP_INTR 0x10
#endif

int nlmsg_walk(const void *buf, size_t len, const struct nlmsg_walk *w, nlmsg_fn *fn, void *ctx)
{
	const uint8_t *b = buf;

	while (len > 0) {
		struct nlmsghdr h;
		size_t step;
		int r;

		if (len < sizeof(h))
			return -EBADMSG; /* truncated header */
		memcpy(&h, b, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > len)
			return -EBADMSG; /* shorter than a header, or past the buffer */
		if (w->check_ids &&
		    (h.nlmsg_seq != w->seq || (w->portid != 0 && h.nlmsg_pid != w->portid)))
			return -EPROTO;
		if ((h.nlmsg_flags & NLM_F_DUMP_INTR) && w->interrupted != NULL)
			*w->interrupted = true;
		r = fn(ctx, &h, b);
		if (r != 0)
			return r;
		step = NLMSG_ALIGN(h.nlmsg_len);
		if (step >= len)
			break;
		b += step;
		len -= step;
	}
	return 0;
}

int nlmsg_receive_dump(struct mnl_socket *nl, void *buf, size_t cap, nlmsg_parse_fn *parse,
		       void *parser, const bool *done)
{
	while (!*done) {
		ssize_t n;
		int r;

		do
			n = mnl_socket_recvfrom(nl, buf, cap);
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			return n < 0 ? -errno : -EBADMSG; /* 0: the dump ended without NLMSG_DONE */
		r = parse(parser, buf, (size_t)n);
		if (r < 0)
			return r;
	}
	return 0;
}

int nlmsg_end_of_dump(const struct nlmsghdr *h, const uint8_t *msg, int *err)
{
	int32_t e = 0;

	*err = 0;
	if (h->nlmsg_len >= NLMSG_HDRLEN + sizeof(e))
		memcpy(&e, msg + NLMSG_HDRLEN, sizeof(e));
	else if (h->nlmsg_type == NLMSG_ERROR)
		return -EBADMSG; /* an error message without its error number */
	if (h->nlmsg_type == NLMSG_ERROR && e == 0)
		return NLMSG_ACK;
	/* No errno lies outside [1, 4095]; INT32_MIN would not even negate. */
	*err = e < -NLMSG_MAX_ERRNO || e > NLMSG_MAX_ERRNO ? -EPROTO : e > 0 ? -e : e;
	return NLMSG_END;
}

int nlmsg_dump_done(const struct nlmsghdr *h, const uint8_t *msg, int *kernel_error)
{
	int err, r = nlmsg_end_of_dump(h, msg, &err);

	if (r < 0)
		return r;
	if (err < 0 && *kernel_error == 0)
		*kernel_error = err;
	return 0;
}

struct mnl_socket *nlmsg_socket_open(int protocol, int *err, bool *bind_failed)
{
	struct mnl_socket *nl = mnl_socket_open2(protocol, SOCK_CLOEXEC);
	bool bound = nl != NULL && mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0;

	/* Refused (seccomp: EAFNOSUPPORT), no such protocol (EPROTONOSUPPORT), or bind failed. */
	*err = bound ? 0 : -errno;
	if (bind_failed != NULL)
		*bind_failed = nl != NULL && !bound;
	if (bound)
		return nl;
	nlmsg_socket_close(nl);
	return NULL;
}

void nlmsg_socket_close(struct mnl_socket *nl)
{
	if (nl != NULL)
		(void)mnl_socket_close(nl);
}

void nlmsg_drain(struct mnl_socket *nl, void *buf, size_t cap)
{
	int fd = mnl_socket_get_fd(nl);

	for (;;) {
		ssize_t n = recv(fd, buf, cap, MSG_DONTWAIT);

		/* EAGAIN: empty; ENOBUFS only says replies were lost, and more may wait. */
		if ((n < 0 && errno != EINTR && errno != ENOBUFS) || n == 0)
			return;
	}
}

int nlmsg_write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *b = buf;

	while (len > 0) {
		ssize_t n;

		do
			n = write(fd, b, len);
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		b += n;
		len -= (size_t)n;
	}
	return 0;
}
