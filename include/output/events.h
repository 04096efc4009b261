/*
 * events.h - -E's lines: one per socket closed or listener change, as a
 * table row (fixed widths: rows print as they happen, none is measured
 * ahead) or a JSON object per line.  Numbers only: addresses and ports as
 * the kernel gave them.
 */
#ifndef PORTSTAT_OUTPUT_EVENTS_H
#define PORTSTAT_OUTPUT_EVENTS_H

#include <stdbool.h>

#include "lib/outbuf.h"
#include "model/netns.h"
#include "model/sock_event.h"

/* What every line is printed with. */
struct events_format {
	bool jsonl;			 /* --jsonl: JSON objects; else table rows */
	const struct netns_table *netns; /* -N, --all-netns: a Netns column/key; NULL: none */
};

/* The table's header line (nothing for JSON Lines). */
void format_events_header(const struct events_format *f, struct outbuf *out);
/* One event, seen at time_ms (milliseconds since the epoch). */
void format_event(const struct events_format *f, const struct sock_event *e, long long time_ms,
		  struct outbuf *out);
/* The name of an event's kind: "closed", "opened", "closed", "replaced". */
const char *format_event_name(const struct sock_event *e);

#endif
