/*
 * events.h - -E, --events: sockets as they close, and listener changes,
 * until interrupted.
 *
 * The pipeline opens the destroy-group socket of each namespace before the
 * sandbox (source/events.h, source/netns.h) and hands them over; events_run
 * then waits on them, and once a second dumps the sockets to refresh the
 * owners it knows and to compare the listeners with the last poll's.
 */
#ifndef PORTSTAT_APP_EVENTS_H
#define PORTSTAT_APP_EVENTS_H

#include <stdbool.h>

#include "app/pipeline.h"
#include "filter/select.h"
#include "lib/outbuf.h"
#include "source/source.h"

struct mnl_socket;

struct events_setup {
	/* What each poll reads: the run's sources and namespaces (cfg->netns). */
	const struct source_cfg *cfg;
	/* The caller's namespace's group socket (index own_index), or NULL
	 * when only other namespaces are watched. */
	struct mnl_socket *own;
	unsigned own_index;
	/* Which events are shown (-t/-u, -4/-6, FILTERs): filter_match_event. */
	const struct filter *filter;
	bool jsonl;
	bool no_header;
	struct outbuf *out;
	pipeline_report_fn report;
};

/*
 * Streams events until SIGINT or SIGTERM (status PIPELINE_OK) or a reader
 * that went away (also OK); PIPELINE_OPERATIONAL when no socket can be
 * watched or the output fails.
 */
enum pipeline_status events_run(const struct events_setup *s);

#endif
