/*
 * format.h - formatters: they read the model and write text, nothing else.
 *
 * A formatter never reads the system: everything it prints is in the
 * conntable or in the already-loaded databases passed in format_opts.
 */
#ifndef PORTSTAT_FORMAT_H
#define PORTSTAT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "conntable.h"
#include "outbuf.h"
#include "portclass.h"
#include "services.h"

struct column_set;
struct resolver;
struct summary;

struct format_opts {
	bool show_inet;			    /* the Internet section is printed */
	bool show_unix;			    /* the UNIX section is printed */
	bool all;			    /* -a, for the section titles */
	bool listening;			    /* -l, for the section titles */
	bool no_header;			    /* -H: no titles, no column headers */
	bool numeric_hosts;		    /* addresses as numbers */
	bool numeric_ports;		    /* ports as numbers */
	bool extend;			    /* -e: User and Inode */
	bool timers;			    /* -o: Timer */
	const struct services *services;    /* port names for the address columns */
	bool numeric_users;		    /* -n: JSON "user" is null */
	bool owners;			    /* -p: owners were looked up; owner column */
	bool units;			    /* --unit: Unit column (with owners) */
	bool colour;			    /* colour states and classes in the table */
	const struct column_set *columns;   /* -O, or NULL for the defaults */
	const struct port_range *ephemeral; /* the host's ephemeral ports, NULL if unknown */
	const char *host;		    /* JSON "host" (host name), NULL if unknown */
	const struct resolver *hosts;	    /* host names resolved by main, NULL: numeric */
	unsigned long round;		    /* -c round number, from 1 (JSONL) */
	long long round_time_ms;	    /* the round's time, ms since the epoch (JSONL) */
	const struct summary *summary;	    /* -s: print this instead of the sockets, or NULL */
	const struct summary *summary_prev; /* -c -s: the previous round, or NULL */
	size_t top;			    /* --top: rows per summary list */
	bool redraw;			    /* -c -s on a terminal: clear the screen first */
};

/* netstat's table: titles, headers and measured-width columns. */
void format_table(const struct conntable *t, const struct format_opts *o, struct outbuf *out);

/* One JSON document: version, schema, host, ephemeral range, every socket. */
void format_json(const struct conntable *t, const struct format_opts *o, struct outbuf *out);
/* JSON Lines: one socket object per line, with the round number and time. */
void format_jsonl(const struct conntable *t, const struct format_opts *o, struct outbuf *out);
/* CSV (RFC 4180 quoting, LF line ends) with sep ',', or TSV with sep '\t'. */
void format_csv(const struct conntable *t, const struct format_opts *o, struct outbuf *out,
		char sep);

/* The summary (-s) as text; with summary_prev, each count's change too (format_summary.c). */
void format_summary(const struct format_opts *o, struct outbuf *out);
/* The summary as the JSON object that format_json and format_jsonl embed. */
void format_summary_json(const struct format_opts *o, struct outbuf *out);
/* s as a JSON string, quoted and escaped (format_json.c). */
void format_json_string(struct outbuf *out, const char *s);

/* Shared naming helpers (format_util.c) */
const char *format_proto_name(const struct conn *c);	  /* "tcp6", "udpl", "unix" */
const char *format_state_name(const struct conn *c);	  /* "LISTEN", "UNCONN", "BOUND" */
const char *format_unix_type_name(unsigned type);	  /* "STREAM", "DGRAM" */
const char *format_unix_state_name(const struct conn *c); /* netstat's, "" when none */
const char *format_class_name(unsigned port_class);	  /* "well-known", "-" */
const char *format_timer_name(unsigned timer);		  /* "off", "on", "keepalive" */

#endif
