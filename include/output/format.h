/*
 * format.h - formatters: they read the model and write text, nothing else.
 *
 * A formatter never reads the system and never looks a name up: everything
 * it prints is in the conntable (names included: model/labels.h), in the
 * summary, or in the read-only format_ctx.
 */
#ifndef PORTSTAT_FORMAT_H
#define PORTSTAT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/conntable.h"
#include "lib/outbuf.h"
#include "model/portclass.h"
#include "model/published.h"

struct column_set;
struct summary;
struct metrics;

/* What the user asked to see: flags set once from the options. */
struct display_flags {
	bool show_inet;	    /* the Internet section is printed */
	bool show_unix;	    /* the UNIX section is printed */
	bool all;	    /* -a, for the section titles */
	bool listening;	    /* -l, for the section titles */
	bool no_header;	    /* -H: no titles, no column headers */
	bool numeric_hosts; /* addresses as numbers */
	bool numeric_ports; /* ports as numbers */
	bool extend;	    /* -e: User and Inode */
	bool timers;	    /* -o: Timer */
	bool numeric_users; /* -n: JSON "user" is null */
	bool owners;	    /* -p: owners were looked up; owner column */
	bool units;	    /* --unit: Unit column (with owners) */
	bool colour;	    /* colour states and classes in the table */
	bool redraw;	    /* -c -s on a terminal: clear the screen first */
	size_t top;	    /* --top: rows per summary list */
	bool csv_safe;	    /* --csv-safe: quote cells a spreadsheet would evaluate */
	bool netns;	    /* more than one namespace listed: the Netns column first */
	bool nat;	    /* --nat: the NAT column last */
};

/* Everything a formatter reads besides the table and the summary; read-only for the run. */
struct format_ctx {
	struct display_flags show;
	const struct column_set *columns;   /* -O, or NULL for the defaults */
	const struct port_range *ephemeral; /* the host's ephemeral ports, NULL if unknown */
	const char *host;		    /* JSON "host" (host name), NULL if unknown */
};

/* The JSON Lines formatter's own state across -c rounds. */
struct jsonl_state {
	unsigned long round; /* rounds printed so far */
};

/* netstat's table: titles, headers and measured-width columns. */
void format_table(const struct conntable *t, const struct format_ctx *o, struct outbuf *out);
/* The line that starts each -c round of the table: "--- 2026-12-01 03:05:26 +0000 ---",
 * in local time. */
void format_round_mark(struct outbuf *out, time_t when);

/* One JSON document: version, schema, host, ephemeral range, every socket;
 * with -s the summary s instead of the sockets (s NULL otherwise). */
void format_json(const struct conntable *t, const struct format_ctx *o, const struct summary *s,
		 struct outbuf *out);
/* JSON Lines: one socket object per line (or the summary s), with the round
 * number (counted in st) and the round's time, now_ms since the epoch. */
void format_jsonl(const struct conntable *t, const struct format_ctx *o, const struct summary *s,
		  struct jsonl_state *st, long long now_ms, struct outbuf *out);
/* CSV (RFC 4180 quoting, LF line ends) with sep ',', or TSV with sep '\t'. */
void format_csv(const struct conntable *t, const struct format_ctx *o, struct outbuf *out,
		char sep);

/* The summary s (-s) as text; with prev (-c), each count's change too (summary_text.c). */
void format_summary(const struct format_ctx *o, const struct summary *s, const struct summary *prev,
		    struct outbuf *out);
/* The summary as the JSON object that format_json and format_jsonl embed. */
void format_summary_json(const struct format_ctx *o, const struct summary *s, struct outbuf *out);
/* --published: the published ports p, joined to t's listeners, as a table or JSON (published.c). */
void format_published(const struct published_table *p, const struct conntable *t,
		      const struct format_ctx *o, struct outbuf *out);
void format_published_json(const struct published_table *p, const struct conntable *t,
			   struct outbuf *out);
/* A mapping's host endpoint, ADDR:PORT ([ADDR]:PORT, *:PORT, PORT-PORT), into buf; its length. */
size_t format_published_host(char *buf, size_t cap, const struct published *e);

/* What --openmetrics renders besides the format context: one snapshot. */
struct openmetrics_input {
	const struct conntable *table;	 /* filtered, owners and exposure looked up */
	const struct summary *summary;	 /* the same table's summary: ephemeral ports */
	const struct metrics *metrics;	 /* the same table's counts (aggregate/metrics.h) */
	const char *version;		 /* portstat_build_info's version */
	unsigned long long collect_usec; /* how long reading and counting took */
};
/* The OpenMetrics text format (also Prometheus 0.0.4 text), "# EOF" last (openmetrics.c). */
void format_openmetrics(const struct openmetrics_input *in, const struct format_ctx *o,
			struct outbuf *out);
/* A label value's text, escaped as OpenMetrics requires, without the quotes. */
void format_openmetrics_label(struct outbuf *out, const char *s);

/* s as a JSON string, quoted and escaped (json.c). */
void format_json_string(struct outbuf *out, const char *s);

/* Shared naming helpers (names.c) */
const char *format_proto_name(const struct conn *c);	  /* "tcp6", "udpl", "unix" */
const char *format_state_name(const struct conn *c);	  /* "LISTEN", "UNCONN", "BOUND" */
const char *format_unix_type_name(unsigned type);	  /* "STREAM", "DGRAM" */
const char *format_unix_state_name(const struct conn *c); /* netstat's, "" when none */
const char *format_class_name(unsigned port_class);	  /* "well-known", "-" */
const char *format_timer_name(unsigned timer);		  /* "off", "on", "keepalive" */

#endif
