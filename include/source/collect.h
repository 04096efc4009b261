/*
 * sources.h - choosing and running the socket sources for one snapshot.
 *
 * For every protocol and family asked for, runs the source that serves it
 * (netlink sock_diag, falling back to /proc per protocol; see source.h for
 * --source) and appends to the table.  The choice lives here, once, and
 * nowhere else.  Lives beside the netlink source, outside portstat_core.
 */
#ifndef PORTSTAT_SOURCES_H
#define PORTSTAT_SOURCES_H

#include <stdbool.h>

#include "model/conntable.h"
#include "source/source.h"
#include "lib/warnings.h"

/* What a snapshot's reading tells its caller besides the table. */
struct sources_outcome {
	/* Writing the --dump-netlink file failed (the error is in the warnings):
	 * the run stops, nothing is read from elsewhere instead. */
	bool dump_failed;
	/* A protocol asked for was not read on purpose (unix without netlink):
	 * "nothing matched" would be a guess. */
	bool withheld;
	/* -v with -i or -m: "/proc has no socket internals" was said this round. */
	bool internals_said;
};

/*
 * Fills t for cfg, writing the replies to cfg->dump_fd when it is open.
 * Returns the number of (protocol, family) files or dumps that were read,
 * or a negative errno when none could be or the dump file could not be
 * written: the caller then has nothing to show (exit status 3).
 */
int sources_collect(const struct source_cfg *cfg, struct conntable *t, struct warnings *w,
		    struct sources_outcome *out);

/*
 * Whether the table sources_collect fills for cfg may lack servers (TCP
 * listeners, unconnected UDP) that classification needs: the state hint
 * leaves them out (no -a, --state) or a port/address bytecode drops them.
 */
bool sources_may_hide_listeners(const struct source_cfg *cfg);

/*
 * Fills t with the servers alone (TCP LISTEN, unconnected UDP and
 * UDP-Lite of the protocols in cfg, both families, unfiltered), for
 * classification beside a filtered table.  Returns as sources_collect;
 * says nothing: a server it cannot read is one classification does not know.
 */
int sources_collect_listeners(const struct source_cfg *cfg, struct conntable *t);

/* The source_cfg.states hint for -a (all), -l (servers) or neither (connected). */
unsigned sources_state_hint(bool all, bool listening);

#endif
