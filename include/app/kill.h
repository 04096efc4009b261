/*
 * kill.h - -K, --kill: close the sockets a query chose (SOCK_DESTROY,
 * source/destroy.h), each through a socket of its own namespace.
 *
 * The pipeline calls kill_sockets on the filtered table: what was closed
 * stays in it to be printed as usual, and each socket that could not be
 * closed becomes one warning saying why in words.
 */
#ifndef PORTSTAT_APP_KILL_H
#define PORTSTAT_APP_KILL_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/warnings.h"
#include "model/conntable.h"

struct netns_set;

struct kill_outcome {
	size_t matched; /* rows the query chose */
	size_t closed;	/* closed (with dry_run: that would be) */
	size_t failed;	/* could not be closed: one warning each */
};

/*
 * Closes every socket of t -- with dry_run none -- and keeps in t those
 * closed (with dry_run, all).  ns: the run's namespaces (-N,
 * --all-netns), each socket closed through its namespace's sock_diag
 * socket; NULL: every socket is the caller's namespace's.
 */
void kill_sockets(struct conntable *t, const struct netns_set *ns, bool dry_run, struct warnings *w,
		  struct kill_outcome *out);

#endif
