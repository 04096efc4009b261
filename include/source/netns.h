/*
 * netns.h - the network namespaces a run reads (-N, --all-netns): which
 * they are, and a sock_diag socket opened inside each.
 *
 * Set-up only, before the sandbox: resolving the -N words, discovering
 * every namespace of the host, entering each with setns(2) (which takes
 * CAP_SYS_ADMIN) to open its socket.  The sources then read each
 * namespace through its socket, or /proc/PID/net of a process in it
 * (collect.c).  Never prints: problems are returned or added to warnings.
 */
#ifndef PORTSTAT_SOURCE_NETNS_H
#define PORTSTAT_SOURCE_NETNS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/warnings.h"
#include "model/netns.h"

struct mnl_socket;

/* How one namespace is read; parallel to netns_set.table.v. */
struct netns_reader {
	char *path;		 /* the namespace file entered (allocated) */
	char proc_root[32];	 /* "/proc/PID" of a process in it, "" when none is known */
	struct mnl_socket *sock; /* NETLINK_SOCK_DIAG opened inside; NULL: a fresh one per dump */
	/* NETLINK_ROUTE opened inside when netns_set.open_rtnl (source/addresses.h reads
	 * the namespace's addresses through it); NULL: none, or a fresh one (own). */
	struct mnl_socket *rtnl;
	/* NETLINK_NETFILTER opened inside when netns_set.open_nfnl (source/nfnl.h:
	 * conntrack, nftables); NULL: none, or a fresh one (own). */
	struct mnl_socket *nfnl;
	/* -E: NETLINK_SOCK_DIAG joined to the destroy groups inside when
	 * netns_set.open_events (source/events.h); NULL: none, or own. */
	struct mnl_socket *events;
	int events_err; /* why events is NULL: a negative errno, 0 when not asked */
	bool own;	/* the caller's own namespace: read as without -N */
	bool readable;	/* its socket was opened (or it is the caller's own) */
};

struct netns_set {
	struct netns_table table; /* what records refer to (conn.netns) */
	struct netns_reader *readers;
	size_t skipped;	  /* namespaces that could not be entered */
	int skip_err;	  /* the errno of the first */
	uint64_t own_ino; /* the caller's namespace's inode */
	bool open_rtnl;	  /* set before netns_open: open each namespace's rtnl socket too */
	bool open_nfnl;	  /* set before netns_open: open each namespace's nfnl socket too */
	bool open_events; /* set before netns_open: each namespace's -E socket too */
};

void netns_set_init(struct netns_set *s);
/* Closes the sockets and frees everything. */
void netns_set_free(struct netns_set *s);

/*
 * Adds the namespaces of one -N argument: a comma-separated list of names
 * under /run/netns, paths to namespace files, or pid:PID.  Returns 0, or a
 * negative errno with a one-line reason in msg (a usage error).
 */
int netns_add_arg(struct netns_set *s, const char *proc_root, const char *arg, char *msg,
		  size_t msglen);

/*
 * Adds every network namespace of the host: those entered by a process
 * (<proc_root>/PID/ns/net, one per inode) and those only bind-mounted
 * under /run/netns and /run/docker/netns.  What cannot be seen (other
 * users' processes without privilege) is left out.  Returns 0 or a
 * negative errno (no namespace at all).
 */
int netns_add_all(struct netns_set *s, const char *proc_root);

/*
 * Completes the set: the caller's own namespace is found, each namespace
 * gets its `ip netns` name (a file under /run/netns with its inode) and a
 * process in it; with all, the order is the caller's first, then named
 * ones by name, then the rest by inode.  Call once, after the adds.
 */
void netns_finish(struct netns_set *s, const char *proc_root, bool all);

/* Called inside each namespace entered (and for the caller's own), by index. */
typedef void netns_inside_fn(void *arg, size_t index);

/*
 * Enters each namespace, opens its sock_diag socket there (and, with
 * s->open_rtnl, its NETLINK_ROUTE socket: readers[i].rtnl; with
 * s->open_nfnl, its NETLINK_NETFILTER socket: readers[i].nfnl), calls inside,
 * and returns to the caller's namespace.  A namespace that cannot be
 * entered (EPERM without CAP_SYS_ADMIN) is skipped and counted.  Returns
 * 0, or a negative errno when the caller's namespace could not be
 * re-entered (the run must stop: it would read the wrong host).
 */
int netns_open(struct netns_set *s, netns_inside_fn *inside, void *arg);

#endif
