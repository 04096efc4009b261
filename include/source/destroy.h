/*
 * destroy.h - closing one socket through sock_diag (SOCK_DESTROY), for -K.
 *
 * The bytes are built and the reply is read by pure functions
 * (destroy_request_build, destroy_reply_parse) that unit tests and a fuzz
 * target feed directly; source_destroy sends one request and waits for
 * its answer.  The kernel checks CAP_NET_ADMIN of the sender on every
 * request, and needs CONFIG_INET_DIAG_DESTROY.  Never prints.
 */
#ifndef PORTSTAT_SOURCE_DESTROY_H
#define PORTSTAT_SOURCE_DESTROY_H

#include <stddef.h>
#include <stdint.h>

#include "model/conntable.h"

struct mnl_socket;

/* Room for one request: nlmsghdr and inet_diag_req_v2, aligned. */
#define DESTROY_REQUEST_MAX 128

/*
 * Writes into buf[0..cap) the SOCK_DESTROY request for c: its protocol,
 * family, endpoints and interface (ifindex, 0 for none) as its exact
 * inet_diag id, any cookie, NLM_F_ACK so that success is answered too.
 * Returns the message's length, -EPROTONOSUPPORT for a socket the kernel
 * cannot close this way (unix, raw, ICMP), or -ENOSPC when cap is short.
 */
int destroy_request_build(void *buf, size_t cap, const struct conn *c, uint32_t ifindex,
			  uint32_t seq);

/*
 * Looks in buf[0..len) for the answer to request seq: an NLMSG_ERROR,
 * whose number (0: closed; a negative errno: refused) goes to *kernel_err.
 * Messages of other sequence numbers are skipped.  Returns 0 when found,
 * -ENOMSG when buf holds no answer to seq, -EBADMSG for a truncated or
 * overlong message.
 */
int destroy_reply_parse(const void *buf, size_t len, uint32_t seq, int *kernel_err);

/*
 * Why a socket could not be closed, in words, for an errno a request or
 * its answer gave (negative or positive): the kernel option, the
 * capability, the socket gone; else NULL (the caller says strerror).
 */
const char *destroy_strerror(int err);

/*
 * Closes c through nl (a NETLINK_SOCK_DIAG socket of c's namespace, from
 * source_netlink_socket_open).  Returns 0 when the kernel closed it, or a
 * negative errno: the kernel's answer (-EOPNOTSUPP, -EPERM, -ENOENT, ...)
 * or the failure to send or receive.
 */
int source_destroy(struct mnl_socket *nl, const struct conn *c, uint32_t ifindex, uint32_t seq);

#endif
