/*
 * nlmsg.h - what every netlink reader of the source stage does the same
 * way: walk a buffer of messages, read the errno that ends a dump, open a
 * bound socket, drop queued replies, write a recording.
 *
 * The walk trusts nothing it has not checked against the buffer: every
 * header is copied into an aligned local before it is read (a buffer may
 * be unaligned: a recording, a fuzzer), a length shorter than a header or
 * past the buffer ends it with -EBADMSG, a foreign sequence number or port
 * id with -EPROTO when the caller asks for the check (live dumps).
 */
#ifndef PORTSTAT_SOURCE_NLMSG_H
#define PORTSTAT_SOURCE_NLMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mnl_socket;
struct nlmsghdr;

/* Which messages a walk accepts, and where it notes NLM_F_DUMP_INTR. */
struct nlmsg_walk {
	bool check_ids;	   /* a message with another seq or portid is -EPROTO */
	uint32_t seq;	   /* the expected sequence number (check_ids) */
	uint32_t portid;   /* the expected port id, 0 = any (check_ids) */
	bool *interrupted; /* set when a message carries NLM_F_DUMP_INTR; NULL: not noted */
};

/*
 * Called for each message: h is an aligned copy of its header, msg its
 * first byte (h->nlmsg_len of them, perhaps unaligned).  Returns 0 to go
 * on, 1 to stop the walk there, or a negative errno that the walk returns.
 */
typedef int nlmsg_fn(void *ctx, const struct nlmsghdr *h, const uint8_t *msg);

/*
 * Calls fn for every message of buf[0..len), stepping by NLMSG_ALIGN.
 * Returns 1 when fn stopped it, 0 at the end of the buffer, -EBADMSG for a
 * truncated header or a length shorter than a header or past the buffer,
 * -EPROTO for a foreign message (w->check_ids), or what fn returned.
 */
int nlmsg_walk(const void *buf, size_t len, const struct nlmsg_walk *w, nlmsg_fn *fn, void *ctx);

/* A parser's decoder of one datagram (addrs_parse, ...): 0 or a negative errno. */
typedef int nlmsg_parse_fn(void *parser, const void *buf, size_t len);

/*
 * Receives the replies of a dump on nl into buf[0..cap) and hands each
 * datagram to parse until *done (the parser's flag).  Returns 0, the
 * negative errno of a failed receive (EINTR is retried; -ENOSPC: a
 * datagram larger than cap), -EBADMSG when the socket ends before the
 * dump does, or parse's error.
 */
int nlmsg_receive_dump(struct mnl_socket *nl, void *buf, size_t cap, nlmsg_parse_fn *parse,
		       void *parser, const bool *done);

/* What nlmsg_end_of_dump says of an NLMSG_DONE or NLMSG_ERROR. */
#define NLMSG_END 0 /* the end of the dump (with or without an errno) */
#define NLMSG_ACK 1 /* an NLMSG_ERROR carrying 0: an acknowledgement */

/*
 * The errno an NLMSG_DONE or NLMSG_ERROR (h, msg as nlmsg_fn has them)
 * carries, into *err: a value within [-4095, 4095] is an errno (a positive
 * one is negated), anything else -EPROTO; a bare NLMSG_DONE is 0.  Returns
 * NLMSG_END, NLMSG_ACK (an NLMSG_ERROR with 0; *err is 0), or -EBADMSG for
 * an NLMSG_ERROR too short for its errno.
 */
int nlmsg_end_of_dump(const struct nlmsghdr *h, const uint8_t *msg, int *err);

/*
 * An NLMSG_DONE or NLMSG_ERROR that ends a dump, an acknowledgement too
 * (the address, conntrack and sock_diag dumps ask for none): its errno
 * (nlmsg_end_of_dump) into *kernel_error unless an earlier one is there.
 * Returns 0, or -EBADMSG for an NLMSG_ERROR too short for its errno.
 */
int nlmsg_dump_done(const struct nlmsghdr *h, const uint8_t *msg, int *kernel_error);

/*
 * A netlink socket of the given protocol (NETLINK_ROUTE, ...), close-on-exec,
 * bound with a port id the kernel picks, in the caller's network namespace
 * at this moment.  Returns it, or NULL with *err a negative errno and, when
 * bind_failed is not NULL, whether the socket opened but did not bind.
 */
struct mnl_socket *nlmsg_socket_open(int protocol, int *err, bool *bind_failed);
/* Closes it; NULL is nothing. */
void nlmsg_socket_close(struct mnl_socket *nl);

/*
 * Drops the replies queued on nl (into buf[0..cap), unread): a dump that
 * failed half way leaves some, with a sequence number foreign to the next.
 */
void nlmsg_drain(struct mnl_socket *nl, void *buf, size_t cap);

/* Writes buf[0..len) whole to fd, again after EINTR: 0, or a negative errno. */
int nlmsg_write_all(int fd, const void *buf, size_t len);

#endif
