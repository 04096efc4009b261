/*
 * options.h - the command line, parsed into one struct.
 *
 * options_parse never exits and never prints: it returns a status and, on
 * error, a one-line message for main.c to print.
 */
#ifndef PORTSTAT_OPTIONS_H
#define PORTSTAT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "output/colour.h"
#include "output/columns.h"

struct filter_arg; /* endpoint_filter.h */

/* --openmetrics (and --textfile): OUTPUT_OPENMETRICS. */
enum output_format {
	OUTPUT_TABLE,
	OUTPUT_JSON,
	OUTPUT_JSONL,
	OUTPUT_CSV,
	OUTPUT_TSV,
	OUTPUT_OPENMETRICS
};

struct options {
	bool all;		     /* -a: servers and established */
	bool listening;		     /* -l: servers only */
	bool numeric_hosts;	     /* -n, --numeric-hosts */
	bool numeric_ports;	     /* -n, --numeric-ports */
	bool numeric_users;	     /* -n, --numeric-users */
	bool extend;		     /* -e: User and Inode columns */
	bool wide;		     /* -W: accepted for netstat; never truncated anyway */
	bool no_header;		     /* -H: no titles or column headers */
	bool timers;		     /* -o: Timer column */
	bool info;		     /* -i: TCP internals (tcp_info) columns and JSON */
	bool memory;		     /* -m: socket memory columns and JSON */
	unsigned protos;	     /* bit (1u << PROTO_x) per -t/-u/-U/-w/-x; 0: all */
	bool inet4;		     /* -4, or neither -4 nor -6 */
	bool inet6;		     /* -6, or neither -4 nor -6 */
	bool continuous;	     /* -c: reprint until interrupted */
	unsigned interval_ms;	     /* -c SECONDS (up to 3 decimals), in ms; default 1000 */
	const char *proc_root;	     /* --proc-root DIR, default "/proc" */
	bool proc_root_given;	     /* --proc-root was on the command line */
	const char *services_file;   /* services database, default /etc/services */
	bool services_given;	     /* --services: a file that cannot be read is an error */
	unsigned resolve_timeout_ms; /* --resolve-timeout: host name deadline, default 2 s */
	unsigned classes;	     /* --class: filter class bits (filter.h); 0: any */
	int source;		     /* --source: enum source_kind (source.h), default auto */
	bool verbose;		     /* -v: which source served each protocol, on stderr */
	bool consistent;	     /* --consistent: two dumps, their union by inode */
	const char *dump_netlink;    /* --dump-netlink FILE: save the raw netlink replies */
	const char *from_netlink;    /* --from-netlink FILE: replay them instead of the kernel */
	const char **netns_args;     /* -N NS, in order (allocated; each may list several) */
	size_t n_netns_args;
	bool all_netns;			/* --all-netns: every network namespace of the host */
	bool container_given;		/* --container: implies --all-netns without -N */
	bool published;			/* --published: the published ports, not the sockets */
	bool nat;			/* --nat: the translation conntrack saw, per socket */
	bool kill;			/* -K: close the sockets the FILTERs choose */
	bool dry_run;			/* --dry-run: with -K, list them and close nothing */
	bool events;			/* -E: stream sockets as they close, until interrupted */
	enum output_format output;	/* --json, --jsonl, --csv, --tsv; default the table */
	bool csv_safe;			/* --csv-safe: no cell a spreadsheet would evaluate */
	const char *columns;		/* -O LIST, NULL: defaults */
	struct column_set column_set;	/* -O LIST, parsed */
	enum colour_mode colour;	/* --color=auto|always|never */
	bool owners;			/* -p: the PID/Program name column */
	bool units;			/* --unit: the Unit column (implies -p) */
	const char *after_program;	/* the word after --program(s), for a hint, or NULL */
	bool quiet;			/* -q: print nothing; only the exit status tells */
	bool summary;			/* -s: counts and port pressure instead of the sockets */
	size_t top;			/* --top N: rows per summary list, default 10 */
	unsigned taken_protos;		/* --taken: its protocols (1u << PROTO_x); 0: none */
	struct filter_arg *filter_args; /* FILTERs and --sport..--user, in order (allocated) */
	size_t n_filter_args;
	char *ss_expr; /* the positional words joined, when they are an ss expression (allocated) */
	const char *textfile; /* --textfile DIR: write DIR/portstat.prom (implies --openmetrics) */
};

enum options_result {
	OPTIONS_OK,
	OPTIONS_HELP,	     /* -h: print usage, exit 0 */
	OPTIONS_VERSION,     /* -V: print the version, exit 0 */
	OPTIONS_COLUMN_HELP, /* -O help: print the column names, exit 0 */
	OPTIONS_ERROR	     /* usage error: print msg and the hint, exit 2 */
};

enum options_result options_parse(int argc, char **argv, struct options *o, char *msg,
				  size_t msglen);
/* Frees what options_parse allocated (the filter list). */
void options_free(struct options *o);
/* The full --help text. */
const char *options_usage(void);

#endif
