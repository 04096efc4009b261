/*
 * events.h - the sockets the kernel closes, as it closes them (-E): the
 * sock_diag destroy multicast groups (SKNLGRP_INET_TCP_DESTROY,
 * SKNLGRP_INET_UDP_DESTROY and their IPv6 twins) on a NETLINK_SOCK_DIAG
 * socket.
 *
 * The kernel lets any user join (NL_CFG_F_NONROOT_RECV: the groups carry
 * every socket of the namespace).  One socket per namespace, opened inside
 * it (source/netns.h) before the sandbox.  events_parse decodes what
 * arrives, from the kernel, a unit test or a fuzzer; it never prints.
 */
#ifndef PORTSTAT_SOURCE_EVENTS_H
#define PORTSTAT_SOURCE_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "model/sock_event.h"

struct mnl_socket;

/* Called for each socket decoded. */
typedef void events_fn(void *ctx, const struct sock_event *e);

/*
 * Decodes every message of buf[0..len) (destroy notifications: an
 * inet_diag_msg, INET_DIAG_PROTOCOL and, for TCP, INET_DIAG_INFO) and
 * calls fn for each TCP, UDP or UDP-Lite socket, its conn.netns netns.
 * Returns how many, or -EBADMSG for a truncated message or a length past
 * the buffer (those before it were delivered).
 */
int events_parse(const void *buf, size_t len, unsigned netns, events_fn *fn, void *ctx);

/*
 * Opens a NETLINK_SOCK_DIAG socket in the caller's namespace and joins
 * the four destroy groups, with a receive buffer as large as the caller
 * may have.  Returns it, or NULL with *err a negative errno.
 */
struct mnl_socket *source_events_open(int *err);
/* Closes it; NULL is nothing. */
void source_events_close(struct mnl_socket *nl);
/* Its descriptor, to poll. */
int source_events_fd(struct mnl_socket *nl);

/*
 * Receives what is queued, without waiting, into buf and decodes it
 * (events_parse).  Returns the number of sockets delivered (0: nothing
 * was queued), -ENOBUFS when the kernel dropped notifications since the
 * last call (the socket overflowed; those queued are still delivered by
 * the next call), or another negative errno.
 */
int source_events_receive(struct mnl_socket *nl, void *buf, size_t cap, unsigned netns,
			  events_fn *fn, void *ctx);

/*
 * How many notifications the kernel dropped for the socket nl, counted
 * since it was opened: the Drops column of its row (by inode) in
 * <proc_dir>/net/netlink ("/proc/self", or "/proc/PID" of a process in
 * its namespace).  Returns 0, or a negative errno.
 */
int source_events_drops(struct mnl_socket *nl, const char *proc_dir, uint64_t *drops);

/* The Drops of the row of /proc/net/netlink for inode in text[0..len); -ENOENT: none. */
int events_netlink_drops(const char *text, size_t len, uint64_t inode, uint64_t *drops);

#endif
