/*
 * main.c - wires the command line to the modules:
 * sources -> connection table -> enrichment -> filter -> formatter.
 * The only file (with xmalloc.c) that exits or chooses an exit status.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "colour.h"
#include "column_set.h"
#include "classify.h"
#include "conntable.h"
#include "diag_bytecode.h"
#include "endpoint_filter.h"
#include "escape.h"
#include "filter.h"
#include "format.h"
#include "hostinfo.h"
#include "options.h"
#include "outbuf.h"
#include "procmap.h"
#include "protocols.h"
#include "resolver.h"
#include "sandbox.h"
#include "services.h"
#include "sources.h"
#include "summary.h"
#include "unit.h"
#include "users.h"
#include "warnings.h"

#ifndef PORTSTAT_VERSION
#define PORTSTAT_VERSION "0.0.0"
#endif

enum exit_status { EXIT_OK = 0, EXIT_NO_MATCH = 1, EXIT_USAGE = 2, EXIT_OPERATIONAL = 3 };

/* Writes "portstat: MSG" to stderr with MSG escaped: it may hold file names
 * or arguments, and stderr is a terminal too. */
static void print_message(const char *msg)
{
	size_t n = strlen(msg);
	char *esc = malloc(ESCAPE_BOUND(n));

	if (esc == NULL) {
		fputs("portstat: out of memory\n", stderr);
		return;
	}
	(void)escape_text(esc, msg, n);
	fprintf(stderr, "portstat: %s\n", esc);
	free(esc);
}

static void print_warnings(struct warnings *w)
{
	size_t i;

	for (i = 0; i < w->len; i++)
		print_message(w->msgs[i]);
	warnings_clear(w);
}

struct run {
	struct source_cfg cfg;
	struct filter filter;
	struct format_opts fmt;
	const struct options *opts;
	struct conntable table;
	struct warnings warnings;
	struct outbuf out;
	struct column_set columns; /* -O */
	struct port_range ephemeral;
	char host[256];
	struct classify_ctx classify;	  /* services, protocols, range */
	struct resolver *resolver;	  /* host names; NULL with -n */
	struct endpoint_filter query;	  /* FILTERs, --sport..--user */
	struct diag_bytecode bytecode;	  /* the query's ports and addresses, for netlink */
	struct unit_sockets unit_sockets; /* .socket units, for --unit */
	struct procmap_stats procmap;
	struct summary summaries[2]; /* -s: this round's and, with -c, the previous one */
	struct summary_range summary_range;
};

static void configure(struct run *r, const struct options *o, const struct services *svc)
{
	unsigned protos = o->protos;

	/* Port and address filters never match a UNIX socket: skip that section. */
	if (endpoint_filter_has_endpoints(&r->query) && (protos & ~(1u << PROTO_UNIX)))
		protos &= ~(1u << PROTO_UNIX);
	r->opts = o;
	r->cfg.proc_root = o->proc_root;
	r->cfg.protos = protos;
	r->cfg.inet4 = o->inet4;
	r->cfg.inet6 = o->inet6;
	r->cfg.states = sources_state_hint(o->all, o->listening);
	r->cfg.source = (enum source_kind)o->source;
	r->cfg.verbose = o->verbose;
	r->cfg.timers = o->timers;
	r->cfg.dump_file = o->dump_netlink;
	r->cfg.replay_file = o->from_netlink;
	r->cfg.dump_fd = -1;

	r->filter.protos = protos;
	r->filter.inet4 = o->inet4;
	r->filter.inet6 = o->inet6;
	r->filter.all = o->all;
	r->filter.listening = o->listening;
	r->filter.classes = o->classes;
	r->filter.range = &r->ephemeral;
	r->filter.query = &r->query;
	if (r->query.states != 0) {
		/* --state decides which states show, as in ss: -a/-l step aside. */
		r->filter.all = true;
		r->cfg.states = endpoint_filter_state_hint(&r->query);
	}
	r->cfg.bytecode = r->bytecode.len > 0 ? &r->bytecode : NULL;

	r->fmt.show_inet = (protos & ~(1u << PROTO_UNIX)) != 0;
	r->fmt.show_unix = (protos & (1u << PROTO_UNIX)) != 0;
	r->fmt.all = o->all;
	r->fmt.listening = o->listening;
	r->fmt.no_header = o->no_header;
	r->fmt.numeric_hosts = o->numeric_hosts;
	r->fmt.numeric_ports = o->numeric_ports;
	r->fmt.extend = o->extend;
	r->fmt.timers = o->timers;
	r->fmt.services = svc;
	r->fmt.numeric_users = o->numeric_users;
	r->fmt.owners = o->owners;
	r->fmt.units = o->units;
	if (r->query.states != 0)
		r->fmt.all = true; /* the title: --state may list servers and connections */
	r->fmt.columns = o->columns != NULL ? &r->columns : NULL;
	r->fmt.colour =
	    o->output == OUTPUT_TABLE && colour_wanted(o->colour, isatty(STDOUT_FILENO) == 1,
						       getenv("NO_COLOR"), getenv("TERM"));
	(void)portclass_read_range(o->proc_root, &r->ephemeral);
	r->fmt.ephemeral = &r->ephemeral;
	r->fmt.redraw =
	    o->summary && o->continuous && o->output == OUTPUT_TABLE && isatty(STDOUT_FILENO) == 1;
	r->classify.services = svc;
	r->classify.range = &r->ephemeral;
	if (o->output == OUTPUT_JSON || o->output == OUTPUT_JSONL)
		r->fmt.host =
		    hostinfo_name(o->proc_root, r->host, sizeof(r->host)) == 0 ? r->host : NULL;
}

/* Users are looked up for -e, for JSON and for a user column in -O. */
static bool wants_users(const struct run *r)
{
	const struct options *o = r->opts;

	return o->extend || o->output == OUTPUT_JSON || o->output == OUTPUT_JSONL ||
	       (r->fmt.columns != NULL && column_set_has(r->fmt.columns, COL_USER));
}

static void format(struct run *r)
{
	struct timespec now;

	switch (r->opts->output) {
	case OUTPUT_JSON:
		format_json(&r->table, &r->fmt, &r->out);
		break;
	case OUTPUT_JSONL:
		if (clock_gettime(CLOCK_REALTIME, &now) != 0)
			now.tv_sec = now.tv_nsec = 0;
		r->fmt.round++;
		r->fmt.round_time_ms = (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
		format_jsonl(&r->table, &r->fmt, &r->out);
		break;
	case OUTPUT_CSV:
		format_csv(&r->table, &r->fmt, &r->out, ',');
		break;
	case OUTPUT_TSV:
		format_csv(&r->table, &r->fmt, &r->out, '\t');
		break;
	case OUTPUT_TABLE:
		if (r->fmt.summary != NULL)
			format_summary(&r->fmt, &r->out);
		else
			format_table(&r->table, &r->fmt, &r->out);
		break;
	}
}

/*
 * Standard output must be open: a closed fd 1 would be reused by the next
 * open() and the table written into it.  A closed stdin or stderr is
 * pointed at /dev/null for the same reason.  Returns false if fd 1 is closed.
 */
static bool std_fds_ok(void)
{
	bool out_open = fcntl(STDOUT_FILENO, F_GETFD) >= 0;
	int fd;

	if (!out_open)
		return false;
	for (fd = STDIN_FILENO; fd <= STDERR_FILENO; fd += 2)
		if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) != fd)
			return false;
	return true;
}

/* Owners (-p, --pid, --program): one /proc scan, then socket activation for --unit. */
static void find_owners(struct run *r)
{
	(void)procmap_enrich(&r->table, r->opts->proc_root, r->opts->units, &r->procmap,
			     &r->warnings);
	if (r->opts->units)
		unit_activation_enrich(&r->table, &r->unit_sockets);
}

/* -s: counts this round into the summary that is not the previous round's. */
static void summarise(struct run *r)
{
	struct summary *s =
	    r->fmt.summary_prev == &r->summaries[0] ? &r->summaries[1] : &r->summaries[0];

	/* The reserved list is read each round: an operator may change it meanwhile. */
	(void)summary_read_range(r->opts->proc_root, &r->ephemeral, &r->summary_range);
	summary_build(s, &r->table, &r->summary_range);
	r->fmt.summary = s;
	r->fmt.top = r->opts->top;
}

/* One snapshot: read, enrich, filter, print.  Returns an exit status. */
static int snapshot(struct run *r)
{
	int got, err;

	conntable_reset(&r->table);
	got = sources_collect(&r->cfg, &r->table, &r->warnings);
	print_warnings(&r->warnings);
	if (got < 0) {
		char msg[512];

		(void)snprintf(msg, sizeof(msg), "no socket source could be read under %s: %s",
			       r->cfg.replay_file ? r->cfg.replay_file : r->cfg.proc_root,
			       strerror(-got));
		print_message(msg);
		return EXIT_OPERATIONAL;
	}
	if (wants_users(r))
		users_enrich(&r->table, r->opts->numeric_users);
	classify_enrich(&r->table, &r->classify);
	/* Owners are looked up before filtering only when a filter needs them:
	 * otherwise the hash holds just the rows that will print. */
	if (endpoint_filter_needs_owners(&r->query))
		find_owners(r);
	filter_apply(&r->filter, &r->table);
	if (r->opts->owners && !endpoint_filter_needs_owners(&r->query))
		find_owners(r);
	if (r->opts->owners && !r->opts->quiet)
		procmap_warn_hidden(&r->table, &r->procmap, &r->warnings);
	print_warnings(&r->warnings);
	if (r->opts->quiet)
		return filter_is_query(&r->filter) && r->table.len == 0 ? EXIT_NO_MATCH : EXIT_OK;
	/* Only the rows that will print are resolved, all at once. */
	if (r->resolver != NULL)
		(void)resolver_run(r->resolver, &r->table, r->opts->resolve_timeout_ms);
	if (r->opts->summary)
		summarise(r);
	else
		conntable_sort(&r->table);
	format(r);
	if (r->opts->summary && r->opts->continuous)
		r->fmt.summary_prev = r->fmt.summary; /* the next round shows the change */
	err = outbuf_flush(&r->out);
	if (err == EPIPE)
		return -EPIPE; /* the reader went away: stop quietly */
	if (err != 0) {
		char msg[256];

		(void)snprintf(msg, sizeof(msg), "write error on standard output: %s",
			       strerror(err));
		print_message(msg);
		return EXIT_OPERATIONAL;
	}
	if (filter_is_query(&r->filter) && r->table.len == 0)
		return EXIT_NO_MATCH;
	return EXIT_OK;
}

/* Least privilege from here on: no_new_privs, no capability but reading
 * files (and processes, for owners), and a read-only Landlock ruleset
 * unless --dump-netlink must still create its file. */
static void enter_sandbox(const struct options *o, const struct endpoint_filter *q,
			  struct warnings *w)
{
	const char *paths[] = {o->proc_root, o->services_file, o->from_netlink};
	/* A Landlock domain may not ptrace-read processes outside it, and
	 * /proc/PID/fd needs that: owner lookups keep only no_new_privs. */
	bool owners = o->owners || endpoint_filter_needs_owners(q);
	int r = sandbox_enter(paths, nitems(paths), o->dump_netlink == NULL && !owners, owners);

	if (r < 0)
		warnings_add(w, "cannot restrict privileges: %s", strerror(-r));
}

int main(int argc, char **argv)
{
	static struct run run; /* holds a 64 KiB output buffer: keep it off the stack */
	struct options opts;
	struct services *svc = NULL;
	struct protocols *protocols = NULL;
	char msg[512];
	int status;

	switch (options_parse(argc, argv, &opts, msg, sizeof(msg))) {
	case OPTIONS_HELP:
		fputs(options_usage(), stdout);
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_OPERATIONAL;
	case OPTIONS_VERSION:
		printf("portstat %s\n", PORTSTAT_VERSION);
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_OPERATIONAL;
	case OPTIONS_ERROR:
		print_message(msg);
		fputs("Try 'portstat --help' for more information.\n", stderr);
		return EXIT_USAGE;
	case OPTIONS_OK:
		break;
	}
	if (!std_fds_ok()) {
		print_message("standard output is closed");
		return EXIT_OPERATIONAL;
	}
	if (opts.columns != NULL && strcmp(opts.columns, "help") == 0) {
		fputs(column_set_help(), stdout);
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_OPERATIONAL;
	}
	if (opts.columns != NULL &&
	    column_set_parse(&run.columns, opts.columns, msg, sizeof(msg)) != 0) {
		print_message(msg);
		fputs("Try 'portstat --help' for more information.\n", stderr);
		return EXIT_USAGE;
	}

	/* A closed pipe must end the program with status 0, not kill it. */
	(void)signal(SIGPIPE, SIG_IGN);

	warnings_init(&run.warnings);
	conntable_init(&run.table);
	outbuf_init(&run.out, STDOUT_FILENO);
	/* Service and Class stay with -n: the database is always loaded (or built in). */
	(void)services_load(&svc, opts.services_file, &run.warnings);
	(void)protocols_load(&protocols, "/etc/protocols");
	for (size_t i = 0; i < opts.n_filter_args; i++) {
		if (endpoint_filter_add(&run.query, opts.filter_args[i].kind,
					opts.filter_args[i].text, svc, msg, sizeof(msg)) != 0) {
			print_message(msg);
			endpoint_filter_free(&run.query);
			options_free(&opts);
			services_free(svc);
			protocols_free(protocols);
			return EXIT_USAGE;
		}
	}
	/* Too big a program (-E2BIG) is not an error: user space filters alone. */
	(void)diag_bytecode_build(&run.query, &run.bytecode);
	/* Unit files are read now, before the sandbox: a saved tree has none. */
	if (opts.units && !opts.proc_root_given)
		(void)unit_sockets_load(&run.unit_sockets, "", unit_socket_dirs);
	configure(&run, &opts, svc);
	run.classify.protocols = protocols;
	if (!opts.numeric_hosts && !opts.quiet && !opts.summary && opts.output != OUTPUT_JSON &&
	    opts.output != OUTPUT_JSONL)
		run.resolver = resolver_new();
	run.fmt.hosts = run.resolver;
	enter_sandbox(&opts, &run.query,
		      &run.warnings); /* before resolver threads: they inherit it */

	for (;;) {
		status = snapshot(&run);
		if ((status != EXIT_OK && status != EXIT_NO_MATCH) || !opts.continuous ||
		    opts.quiet)
			break;
		(void)sleep(opts.interval);
	}
	if (status == -EPIPE)
		status = EXIT_OK;

	conntable_free(&run.table);
	warnings_free(&run.warnings);
	endpoint_filter_free(&run.query);
	diag_bytecode_free(&run.bytecode);
	unit_sockets_free(&run.unit_sockets);
	summary_free(&run.summaries[0]);
	summary_free(&run.summaries[1]);
	options_free(&opts);
	resolver_free(run.resolver);
	protocols_free(protocols);
	services_free(svc);
	return status;
}
