/*
 * pipeline.c - the run: sources -> connection table -> enrichment ->
 * filter -> aggregate -> output, and every decision about which of them a
 * run needs.  Prints nothing itself: messages go to the caller's report.
 */
#include "lib/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "aggregate/metrics.h"
#include "aggregate/summary.h"
#include "app/events.h"
#include "app/kill.h"
#include "app/pipeline.h"
#include "app/sandbox.h"
#include "app/textfile.h"
#include "enrich/classify.h"
#include "enrich/containers.h"
#include "enrich/containers_procs.h"
#include "enrich/display_names.h"
#include "enrich/interfaces.h"
#include "enrich/hostinfo.h"
#include "enrich/owners.h"
#include "enrich/port_ranges.h"
#include "enrich/protocols.h"
#include "enrich/published.h"
#include "enrich/resolver.h"
#include "enrich/services.h"
#include "enrich/systemd_units.h"
#include "enrich/users.h"
#include "filter/bytecode.h"
#include "filter/query.h"
#include "filter/select.h"
#include "lib/outbuf.h"
#include "lib/procfile.h"
#include "lib/warnings.h"
#include "model/conntable.h"
#include "output/colour.h"
#include "output/columns.h"
#include "output/format.h"
#include "model/tcp_info.h"
#include "source/collect.h"
#include "source/netlink.h"
#include "source/addresses.h"
#include "source/conntrack.h"
#include "source/events.h"
#include "source/nat_rules.h"
#include "source/netns.h"
#include "portstat_version.h"

struct run {
	const struct options *opts;
	pipeline_report_fn report;
	struct source_cfg cfg;
	struct filter filter;
	struct format_ctx fmt;
	struct conntable table;
	struct conntable listeners; /* servers the table may lack, for classification */
	struct warnings warnings;
	struct outbuf out;
	struct port_range ephemeral;
	char host[256];
	struct services *services;
	struct protocols *protocols;
	struct classify_ctx classify;	     /* services, protocols, range */
	struct resolver *resolver;	     /* host names; NULL with -n */
	struct query query;		     /* FILTERs, --sport..--user */
	struct diag_bytecode bytecode;	     /* the query's ports and addresses, for netlink */
	struct systemd_sockets unit_sockets; /* .socket units, for --unit */
	struct owners_stats owners;
	bool owner_columns; /* owners are looked up for display: -p, --unit, an owner column */
	bool unit_column;   /* units too: --unit, -O unit */
	struct jsonl_state jsonl;
	unsigned long rounds;	       /* rounds formatted so far: -c prints CSV's header once */
	struct summary summaries[2];   /* -s: this round's and, with -c, the previous one */
	const struct summary *summary; /* -s: this round's */
	const struct summary *summary_prev; /* -c -s: the previous round's, or NULL */
	struct port_space port_space;
	bool port_names;		 /* the output shows port names */
	struct netns_set netns;		 /* -N, --all-netns, -O netns: the namespaces read */
	struct netns_table replay_netns; /* --from-netlink: the namespaces recorded */
	struct containers containers;	 /* named from the runtimes' files of this host */
	/* Exposure (-O exposure, -l --json, --published): read once at set-up,
	 * before the sandbox (the ruleset takes CAP_NET_ADMIN). */
	bool exposure;
	struct published_table published; /* NAT rules and proxies, joined each round */
	struct published_table shown;	  /* --published: those the FILTERs keep, this round */
	struct addr_table addrs;	  /* every namespace's addresses */
	struct socket_notes notes;	  /* exposure and --nat, by socket inode */
	struct sock_internals internals;  /* -i, -m: tcp_info and memory, per socket */
	bool nat;			  /* --nat on this host: conntrack read each round */
	struct nat_flow_table flows;
	bool nat_said;		   /* conntrack's refusal is said once */
	size_t nat_not_understood; /* rules left out, said once */
	int nat_err;		   /* the first namespace's ruleset read error, said once */
	unsigned host_netns;	   /* conn.netns of the namespace portstat runs in */
	bool live;		   /* this host's kernel and processes: no saved tree, no replay */
	/* -K: how many the query chose, were closed, could not be */
	struct kill_outcome killed;
	/* -E: the caller's namespace's destroy-group socket, opened before the sandbox */
	struct mnl_socket *events_own;
	/* --openmetrics: its counts, when the round started, and --textfile's directory. */
	struct metrics metrics;
	struct timespec round_start;
	struct textfile textfile;
};

static bool openmetrics(const struct run *r)
{
	return r->opts->output == OUTPUT_OPENMETRICS;
}

static void report_warnings(struct run *r)
{
	size_t i;

	for (i = 0; i < r->warnings.len; i++)
		r->report(r->warnings.msgs[i]);
	warnings_clear(&r->warnings);
}

static void configure_source(struct run *r, unsigned protos)
{
	const struct options *o = r->opts;

	r->cfg.proc_root = o->proc_root;
	r->cfg.protos = protos;
	r->cfg.inet4 = o->inet4;
	r->cfg.inet6 = o->inet6;
	r->cfg.states = sources_state_hint(o->all, o->listening);
	r->cfg.source = (enum source_kind)o->source;
	r->cfg.verbose = o->verbose;
	r->cfg.timers = o->timers;
	r->cfg.info = o->info;
	r->cfg.memory = o->memory;
	r->internals.want_info = o->info;
	r->internals.want_memory = o->memory;
	r->table.internals = o->info || o->memory ? &r->internals : NULL;
	r->cfg.dump_file = o->dump_netlink;
	r->cfg.replay_file = o->from_netlink;
	r->cfg.replay_netns = &r->replay_netns;
	r->cfg.consistent = o->consistent;
	r->cfg.dump_fd = -1;
	if (r->query.states != 0)
		r->cfg.states = query_state_hint(&r->query);
	/* The filter's kernel program travels to the source as plain bytes. */
	if (r->bytecode.len > 0 && !o->published) {
		r->cfg.bytecode = r->bytecode.bytes;
		r->cfg.bytecode_len = r->bytecode.len;
	}
}

static void configure_filter(struct run *r, unsigned protos)
{
	const struct options *o = r->opts;

	r->filter.protos = protos;
	r->filter.inet4 = o->inet4;
	r->filter.inet6 = o->inet6;
	r->filter.all = o->all;
	r->filter.listening = o->listening;
	r->filter.classes = o->classes;
	r->filter.range = &r->ephemeral;
	/* --published: the FILTERs choose mappings (host ports), not listeners. */
	r->filter.query = o->published ? NULL : &r->query;
	/* --state decides which states show, as in ss: -a/-l step aside. */
	if (r->query.states != 0)
		r->filter.all = true;
}

static void configure_output(struct run *r, unsigned protos)
{
	const struct options *o = r->opts;
	struct display_flags *f = &r->fmt.show;
	bool json = o->output == OUTPUT_JSON || o->output == OUTPUT_JSONL;

	f->show_inet = (protos & ~(1u << PROTO_UNIX)) != 0;
	f->show_unix = (protos & (1u << PROTO_UNIX)) != 0;
	/* The title: --state may list servers and connections. */
	f->all = o->all || r->query.states != 0;
	f->listening = o->listening;
	f->no_header = o->no_header;
	f->numeric_hosts = o->numeric_hosts;
	f->numeric_ports = o->numeric_ports;
	f->extend = o->extend;
	f->timers = o->timers;
	f->info = o->info;
	f->memory = o->memory;
	f->numeric_users = o->numeric_users;
	f->owners = r->owner_columns;
	f->units = r->unit_column;
	f->colour =
	    o->output == OUTPUT_TABLE && colour_wanted(o->colour, isatty(STDOUT_FILENO) == 1,
						       getenv("NO_COLOR"), getenv("TERM"));
	f->redraw =
	    o->summary && o->continuous && o->output == OUTPUT_TABLE && isatty(STDOUT_FILENO) == 1;
	f->top = o->top;
	f->csv_safe = o->csv_safe;
	r->fmt.columns = o->columns != NULL ? &o->column_set : NULL;
	r->fmt.ephemeral = &r->ephemeral;
	if (json)
		r->fmt.host =
		    hostinfo_name(o->proc_root, r->host, sizeof(r->host), &r->warnings) == 0
			? r->host
			: NULL;
	/* JSON names every endpoint's port; the table and CSV unless -n. */
	r->port_names = json || !o->numeric_ports;
}

/* Exposure asked for by name: --published, or -O with the exposure column. */
static bool exposure_asked(const struct options *o)
{
	return o->published || (o->columns != NULL && column_set_has(&o->column_set, COL_EXPOSURE));
}

static void configure(struct run *r)
{
	const struct options *o = r->opts;
	unsigned protos = o->protos;
	bool json = o->output == OUTPUT_JSON || o->output == OUTPUT_JSONL;

	/* Exposure is this host's: not for a saved tree or a recording. */
	r->exposure = r->live && (exposure_asked(o) || (json && o->listening) || openmetrics(r));
	r->nat = r->live && o->nat;
	r->fmt.show.nat = r->nat;
	r->netns.open_nfnl = r->nat;
	r->netns.open_events = o->events;
	/* Published ports are TCP and UDP. */
	if (o->published)
		protos &= (1u << PROTO_TCP) | (1u << PROTO_UDP);

	/* Port and address filters never match a UNIX socket: skip that section. */
	if (query_has_endpoints(&r->query) && (protos & ~(1u << PROTO_UNIX)))
		protos &= ~(1u << PROTO_UNIX);
	(void)port_range_read(o->proc_root, &r->ephemeral, &r->warnings);
	configure_source(r, protos);
	configure_filter(r, protos);
	configure_output(r, protos);
	r->classify.services = r->services;
	r->classify.protocols = r->protocols;
	r->classify.range = &r->ephemeral;
}

/* Users are looked up for -e, for JSON and for a user column in -O. */
static bool wants_users(const struct run *r)
{
	const struct options *o = r->opts;

	return o->extend || o->output == OUTPUT_JSON || o->output == OUTPUT_JSONL ||
	       (r->fmt.columns != NULL && column_set_has(r->fmt.columns, COL_USER));
}

static long long now_ms(void)
{
	struct timespec now;

	if (clock_gettime(CLOCK_REALTIME, &now) != 0)
		return 0;
	return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* --openmetrics: this round's counts, and how long reading and counting took. */
static void format_metrics(struct run *r)
{
	struct openmetrics_input in = {&r->table, r->summary, &r->metrics, PORTSTAT_VERSION, 0};
	struct timespec now;

	if (clock_gettime(CLOCK_MONOTONIC, &now) == 0)
		in.collect_usec =
		    (unsigned long long)((now.tv_sec - r->round_start.tv_sec) * 1000000LL +
					 (now.tv_nsec - r->round_start.tv_nsec) / 1000);
	format_openmetrics(&in, &r->fmt, &r->out);
}

static void format(struct run *r)
{
	const struct summary *s = r->opts->summary ? r->summary : NULL;

	if (r->opts->published) {
		if (r->opts->output == OUTPUT_TABLE)
			format_published(&r->shown, &r->table, &r->fmt, &r->out);
		else
			format_published_json(&r->shown, &r->table, &r->out);
		return;
	}
	/* After the first round, CSV and TSV rows continue the one header. */
	struct format_ctx later = r->fmt;
	const struct format_ctx *csv = r->rounds > 0 ? &later : &r->fmt;

	later.show.no_header = true;
	r->rounds++;

	switch (r->opts->output) {
	case OUTPUT_JSON:
		format_json(&r->table, &r->fmt, s, &r->out);
		break;
	case OUTPUT_JSONL:
		format_jsonl(&r->table, &r->fmt, s, &r->jsonl, now_ms(), &r->out);
		break;
	case OUTPUT_CSV:
		format_csv(&r->table, csv, &r->out, ',');
		break;
	case OUTPUT_TSV:
		format_csv(&r->table, csv, &r->out, '\t');
		break;
	case OUTPUT_OPENMETRICS:
		format_metrics(r);
		break;
	case OUTPUT_TABLE:
		if (s != NULL)
			format_summary(&r->fmt, s, r->summary_prev, &r->out);
		else {
			if (r->opts->continuous && !r->fmt.show.no_header)
				format_round_mark(&r->out, time(NULL));
			format_table(&r->table, &r->fmt, &r->out);
		}
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

/*
 * Owners are shown with -p and --unit, and whenever -O chose an owner
 * column: a column of "-" for every socket would say "no process" where
 * nobody looked.
 */
static void decide_owner_columns(struct run *r)
{
	const struct options *o = r->opts;
	const struct column_set *cols = o->columns != NULL ? &o->column_set : NULL;

	/* --openmetrics labels listeners with program and unit (a recording has no owners). */
	bool om = o->output == OUTPUT_OPENMETRICS && o->from_netlink == NULL;

	r->unit_column = om || o->units || (cols != NULL && column_set_has(cols, COL_UNIT));
	r->owner_columns =
	    o->owners || r->unit_column ||
	    (cols != NULL && (column_set_has(cols, COL_OWNER) || column_set_has(cols, COL_PID) ||
			      column_set_has(cols, COL_PROGRAM)));
}

/* Owners (-p, owner columns, --pid, --command): one /proc scan, then socket activation. */
static void find_owners(struct run *r)
{
	/* Containers for --unit and --container, on this host only. */
	struct containers *cs =
	    r->live && (r->unit_column || r->query.ncontainers > 0) ? &r->containers : NULL;

	(void)owners_enrich(&r->table, r->opts->proc_root, r->unit_column, cs, &r->owners,
			    &r->warnings);
	if (r->unit_column)
		systemd_activation_enrich(&r->table, &r->unit_sockets);
}

/* -s: counts this round into the summary that is not the previous round's. */
static void summarise(struct run *r)
{
	struct summary *s =
	    r->summary_prev == &r->summaries[0] ? &r->summaries[1] : &r->summaries[0];

	/* The reserved list is read each round: an operator may change it meanwhile. */
	(void)port_space_read(r->opts->proc_root, &r->ephemeral, &r->port_space, &r->warnings);
	summary_build(s, &r->table, &r->port_space);
	r->summary = s;
}

/* One namespace's conntrack table (nfnl NULL: a fresh socket where portstat is). */
static void read_ns_flows(struct run *r, struct mnl_socket *nfnl, unsigned index)
{
	int err = source_conntrack_read(nfnl, index, &r->flows);

	if (err == 0 || r->nat_said)
		return;
	r->nat_said = true;
	err = conntrack_error(err);
	if (err == CONNTRACK_ENOPRIV)
		warnings_add(&r->warnings, "--nat needs CAP_NET_ADMIN: no translation is shown");
	else if (err == CONNTRACK_ENOTRACK)
		warnings_add(&r->warnings, "--nat: no connection tracking here (nf_conntrack not "
					   "loaded): no translation is shown");
	else
		warnings_add(&r->warnings, "--nat: cannot read the connection tracking table: %s",
			     strerror(-err));
}

/*
 * --nat: every namespace's translated flows, this round.  The flow is in
 * the table of the namespace that translated it (the host's, for a
 * published port), its sockets in the client's and the server's.
 */
static void read_flows(struct run *r)
{
	size_t i;

	nat_flow_table_reset(&r->flows);
	if (r->cfg.netns == NULL)
		read_ns_flows(r, NULL, 0);
	for (i = 0; r->cfg.netns != NULL && i < r->netns.table.len; i++) {
		const struct netns_reader *rd = &r->netns.readers[i];

		/* NULL for another namespace: its socket was refused, and a fresh
		 * one would read this namespace's table instead. */
		if (rd->own || rd->nfnl != NULL)
			read_ns_flows(r, rd->own ? NULL : rd->nfnl, (unsigned)i);
	}
	report_warnings(r);
}

/* --published: the FILTERs and -t/-u/-4/-6 choose mappings by their host side. */
static void select_published(struct run *r)
{
	size_t i;

	published_table_reset(&r->shown);
	for (i = 0; i < r->published.len; i++) {
		const struct published *e = &r->published.v[i];

		if ((r->filter.protos & (1u << e->proto)) &&
		    (e->host_family != AF_INET || r->opts->inet4) &&
		    (e->host_family != AF_INET6 || r->opts->inet6) &&
		    query_match_published(&r->query, e))
			(void)published_table_add(&r->shown, e);
	}
}

/* Names for the rows that print: ports (unless -n) and the resolved hosts. */
static void name_rows(struct run *r)
{
	if (r->port_names)
		display_names_ports(&r->table, r->services, &r->ephemeral);
	if (r->resolver != NULL) {
		/* Only the rows that will print are resolved, all at once. */
		(void)resolver_run(r->resolver, &r->table, r->opts->resolve_timeout_ms);
		display_names_hosts(&r->table, r->resolver);
	}
}

/* --textfile: a write error is one line, and the file stays the previous round's. */
static int textfile_failed(struct run *r, int err)
{
	char msg[512];

	textfile_abort(&r->textfile);
	r->out.fd = STDOUT_FILENO;
	r->out.len = 0;
	r->out.error = 0;
	(void)snprintf(msg, sizeof(msg), "--textfile %s: cannot write %s: %s", r->opts->textfile,
		       TEXTFILE_NAME, strerror(err));
	r->report(msg);
	return err == EPIPE ? EIO : err;
}

/* --textfile: the round is written into a new temporary file in DIR (before
 * formatting: a full buffer drains into it). */
static int begin_textfile(struct run *r)
{
	int fd = textfile_begin(&r->textfile);

	if (fd < 0)
		return textfile_failed(r, -fd);
	r->out.fd = fd;
	return 0;
}

/* --textfile: that file replaces DIR/portstat.prom at once, or not at all. */
static int flush_textfile(struct run *r)
{
	int err = outbuf_flush(&r->out);

	if (err == 0)
		err = -textfile_commit(&r->textfile);
	if (err != 0)
		return textfile_failed(r, err);
	r->out.fd = STDOUT_FILENO;
	return 0;
}

/* Writes what the round produced; a reader that went away stops the run quietly. */
static int flush(struct run *r)
{
	char msg[512];
	int err;

	if (r->opts->textfile != NULL)
		return flush_textfile(r);
	err = outbuf_flush(&r->out);
	if (err == 0 || err == EPIPE)
		return err;
	(void)snprintf(msg, sizeof(msg), "write error on standard output: %s", strerror(err));
	r->report(msg);
	return err;
}

/* Direction must not depend on the query: when the kernel filter may have
 * dropped the servers, they are read on their own, beside the table. */
static void classify_listeners(struct run *r)
{
	conntable_reset(&r->listeners);
	r->classify.listeners = NULL;
	if (!sources_may_hide_listeners(&r->cfg))
		return;
	if (sources_collect_listeners(&r->cfg, &r->listeners) > 0)
		r->classify.listeners = &r->listeners;
}

/* A replay names the namespaces it recorded (NETLINK_MARK_NETNS); old recordings none. */
static void adopt_replay_netns(struct run *r)
{
	if (r->cfg.replay_file == NULL || r->replay_netns.len == 0)
		return;
	r->table.netns = &r->replay_netns;
	r->classify.netns = &r->replay_netns;
	if (r->replay_netns.len > 1)
		r->fmt.show.netns = true;
}

/* One snapshot: read, enrich, filter, aggregate, print.  *stop ends the run. */
static enum pipeline_status snapshot(struct run *r, bool *stop)
{
	const struct options *o = r->opts;
	bool early_owners = query_needs_owners(&r->query);
	struct sources_outcome read;
	size_t missed;
	int got, err;

	(void)clock_gettime(CLOCK_MONOTONIC, &r->round_start);
	conntable_reset(&r->table);
	/* The resolver's own lookups are never listed: a table of this host now. */
	resolver_pause(r->resolver);
	got = sources_collect(&r->cfg, &r->table, &r->warnings, &read);
	resolver_resume(r->resolver,
			r->cfg.replay_file == NULL && !o->proc_root_given ? &r->table : NULL);
	report_warnings(r);
	adopt_replay_netns(r);
	/* The write error, or why unix sockets were left unread, is reported. */
	if (read.dump_failed || (got < 0 && read.withheld))
		return PIPELINE_OPERATIONAL;
	if (got < 0) {
		char msg[512];

		(void)snprintf(msg, sizeof(msg), "no socket source could be read under %s: %s",
			       r->cfg.replay_file ? r->cfg.replay_file : r->cfg.proc_root,
			       strerror(-got));
		r->report(msg);
		return PIPELINE_OPERATIONAL;
	}
	/* A replayed dump's interface indexes are another host's: shown as
	 * numbers.  Each namespace's are named from its own list. */
	if (r->cfg.replay_file == NULL)
		interfaces_enrich(&r->table);
	if (wants_users(r))
		users_enrich(&r->table, o->numeric_users);
	classify_listeners(r);
	classify_enrich(&r->table, &r->classify);
	/* Owners are looked up before filtering only when a filter needs them:
	 * otherwise the hash holds just the rows that will print. */
	if (early_owners)
		find_owners(r);
	missed = filter_apply(&r->filter, &r->table);
	/* Even with -q: a script must not take a hidden owner for "no match". */
	if (early_owners)
		owners_warn_query(missed, &r->owners, &r->warnings);
	if (r->owner_columns && !early_owners)
		find_owners(r);
	if (r->owner_columns && !o->quiet)
		owners_warn_hidden(&r->table, &r->owners, &r->warnings);
	/* -K: what the filter kept is closed now; the table keeps what was. */
	if (o->kill)
		kill_sockets(&r->table, r->cfg.netns, o->dry_run, &r->warnings, &r->killed);
	report_warnings(r);
	/* A protocol left unread may have matched: no answer, not "no match". */
	if (read.withheld && filter_is_query(&r->filter) && r->table.len == 0)
		return PIPELINE_OPERATIONAL;
	if (o->quiet)
		return filter_is_query(&r->filter) && r->table.len == 0 ? PIPELINE_NO_MATCH
									: PIPELINE_OK;
	socket_notes_reset(&r->notes);
	if (r->exposure) {
		published_join(&r->published, &r->addrs, &r->table);
		exposure_enrich(&r->notes, &r->table, &r->published, r->host_netns);
		r->table.notes = &r->notes;
	}
	if (r->nat) {
		read_flows(r);
		nat_enrich(&r->notes, &r->table, &r->flows);
		r->table.notes = &r->notes;
	}
	if (o->published)
		select_published(r);
	name_rows(r);
	if (o->summary || openmetrics(r))
		summarise(r);
	else
		conntable_sort(&r->table);
	if (r->table.internals != NULL)
		sock_internals_bind_rows(r->table.internals, &r->table);
	if (openmetrics(r))
		metrics_build(&r->metrics, &r->table, r->summary,
			      r->table.netns != NULL ? r->table.netns->len : 1);
	if (o->textfile != NULL && begin_textfile(r) != 0)
		return PIPELINE_OPERATIONAL;
	format(r);
	if (o->summary && o->continuous)
		r->summary_prev = r->summary; /* the next round shows the change */
	err = flush(r);
	if (err == EPIPE) {
		*stop = true;
		return PIPELINE_OK;
	}
	if (err != 0)
		return PIPELINE_OPERATIONAL;
	if (filter_is_query(&r->filter) && r->table.len == 0)
		return PIPELINE_NO_MATCH;
	return PIPELINE_OK;
}

static void say_nothing(const char *msg)
{
	(void)msg;
}

/*
 * -q answers "is it there?", and a read under churn may skip a socket that
 * is: "no match" is asked once more, and a match in either read is a
 * match (the union of two reads, as --consistent, paid only for "no").
 * The first round said the warnings; an error of the second leaves its answer.
 */
static enum pipeline_status quiet_second_look(struct run *r, enum pipeline_status first, bool *stop)
{
	pipeline_report_fn report = r->report;
	enum pipeline_status second;

	if (first != PIPELINE_NO_MATCH || r->cfg.consistent || r->cfg.replay_file != NULL ||
	    r->opts->kill)
		return first;
	r->report = say_nothing;
	second = snapshot(r, stop);
	r->report = report;
	return second == PIPELINE_OK ? PIPELINE_OK : first;
}

/*
 * Least privilege from here on: no_new_privs, a read-only Landlock
 * ruleset (--dump-netlink writes through the descriptor open_dump opened
 * before), and no capability but reading files -- and, for owners,
 * reading processes (sandbox.h says which capabilities that takes).  A
 * refused step is reported and the others are taken all the same.
 */
static void enter_sandbox(struct run *r)
{
	const struct options *o = r->opts;
	const char *paths[] = {o->proc_root, o->services_file, o->from_netlink};
	/* A Landlock domain may not ptrace-read processes outside it, and
	 * /proc/PID/fd needs that: owner lookups go without Landlock. */
	bool owners = r->owner_columns || query_needs_owners(&r->query) || o->events;
	struct sandbox_result res;

	/* --nat reads conntrack each round; -K asks sock_diag what the kernel checks
	 * CAP_NET_ADMIN for on every request (-E's groups were joined before, and any
	 * user may join them). */
	bool net_admin = r->nat || o->kill;
	unsigned needs =
	    (owners ? SANDBOX_READ_PROCESSES : 0) | (net_admin ? SANDBOX_NET_ADMIN : 0);

	sandbox_enter_writing(paths, nitems(paths), o->textfile, !owners, needs, &res);
	if (res.nnp_err != 0)
		warnings_add(&r->warnings, "cannot set no_new_privs: %s", strerror(res.nnp_err));
	if (res.landlock_err != 0)
		warnings_add(&r->warnings, "cannot enter the Landlock sandbox: %s",
			     strerror(res.landlock_err));
	if (res.caps_err != 0)
		warnings_add(&r->warnings, "cannot drop capabilities: %s", strerror(res.caps_err));
}

/*
 * Exposure: the current namespace's addresses and NAT rules (netns index
 * index), read inside it at set-up.  A refused or absent ruleset leaves
 * rules out (said once), never the run.
 */
static void read_published(struct run *r, unsigned index)
{
	struct nat_rules_result res;
	const char *why = NULL;
	int err;

	(void)source_addrs_read(NULL, index, &r->addrs);
	nat_rules_result_init(&res);
	err = nat_rules_read(NULL, -1, &res, &why);
	if (err == 0)
		published_add_rules(&r->published, &res.map, index);
	else if (r->nat_err == 0)
		r->nat_err = err;
	r->nat_not_understood += res.not_understood;
	nat_rules_result_free(&res);
}

/*
 * Inside each namespace at set-up: /proc/sys/net shows the reader's
 * namespace.  Its range and reserved ports are kept for the run (a
 * change during -c is not seen, as the namespaces are not).
 */
static void read_netns_range(void *arg, size_t index)
{
	struct run *r = arg;
	struct netns *ns = &r->netns.table.v[index];
	struct port_space space;

	if (r->netns.readers[index].own)
		ns->range = r->ephemeral;
	else
		(void)port_range_read("/proc", &ns->range, NULL);
	if (port_space_read("/proc", &ns->range, &space, NULL) == 0)
		ns->reserved = space.reserved;
	if (r->netns.readers[index].own)
		r->host_netns = (unsigned)index;
	interfaces_read_here(ns);
	if (r->exposure)
		read_published(r, (unsigned)index);
}

/*
 * One -N word: a namespace (source/netns.h), else a container running
 * here, whose namespace is that of its first process.  Returns 0, or -1
 * with the reason reported.
 */
static int add_netns_word(struct run *r, const char *word)
{
	const struct options *o = r->opts;
	char msg[512], pidword[32];
	pid_t pid;

	if (netns_add_arg(&r->netns, o->proc_root, word, msg, sizeof(msg)) == 0)
		return 0;
	if (strchr(word, '/') != NULL || strncmp(word, "pid:", 4) == 0 ||
	    containers_find_pid(&r->containers, o->proc_root, word, &pid, &r->warnings) != 1) {
		if (strchr(word, '/') == NULL && strncmp(word, "pid:", 4) != 0)
			(void)strlcat(msg, ", and no container here has that name or id",
				      sizeof(msg));
		r->report(msg);
		return -1;
	}
	(void)snprintf(pidword, sizeof(pidword), "pid:%ld", (long)pid);
	if (netns_add_arg(&r->netns, o->proc_root, pidword, msg, sizeof(msg)) != 0) {
		r->report(msg);
		return -1;
	}
	return 0;
}

/* One -N argument: words separated by commas. */
static int add_netns_arg(struct run *r, const char *arg)
{
	char word[4096];
	const char *p = arg;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);

		if (n >= sizeof(word)) {
			r->report("-N: too long a namespace");
			return -1;
		}
		memcpy(word, p, n);
		word[n] = '\0';
		if (add_netns_word(r, word) != 0)
			return -1;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

/* Resolves -N or discovers --all-netns (-O netns alone: the caller's own). */
static enum pipeline_status find_namespaces(struct run *r)
{
	const struct options *o = r->opts;
	char msg[512];
	size_t i;

	if (o->all_netns) {
		if (netns_add_all(&r->netns, o->proc_root) != 0) {
			r->report("--all-netns: no network namespace could be seen");
			return PIPELINE_OPERATIONAL;
		}
		return PIPELINE_OK;
	}
	for (i = 0; i < o->n_netns_args; i++) {
		if (add_netns_arg(r, o->netns_args[i]) != 0)
			return PIPELINE_USAGE;
	}
	if (o->n_netns_args == 0 &&
	    netns_add_arg(&r->netns, o->proc_root, "/proc/self/ns/net", msg, sizeof(msg)) != 0) {
		r->report(msg);
		return PIPELINE_OPERATIONAL;
	}
	return PIPELINE_OK;
}

/*
 * -N, --all-netns: every namespace is entered now, before the sandbox drops
 * the capability setns(2) takes, and its socket kept for every round.  One
 * that cannot be entered is skipped and said so, once, with how many.
 */
static enum pipeline_status open_namespaces(struct run *r)
{
	const struct options *o = r->opts;
	/* --openmetrics labels every series with its namespace, the caller's too. */
	bool column = (o->columns != NULL && column_set_has(&o->column_set, COL_NETNS)) ||
		      o->output == OUTPUT_OPENMETRICS;
	enum pipeline_status status;

	/* A recording or a saved tree is another host's: -O netns names none of ours there. */
	if ((o->n_netns_args == 0 && !o->all_netns && !column) || o->from_netlink != NULL ||
	    o->proc_root_given)
		return PIPELINE_OK;
	status = find_namespaces(r);
	if (status != PIPELINE_OK)
		return status;
	netns_finish(&r->netns, o->proc_root, o->all_netns);
	/* -N without the caller's own: no namespace read is "here" (exposure any). */
	r->host_netns = NETNS_MAX;
	if (netns_open(&r->netns, read_netns_range, r) != 0) {
		r->report("cannot return to portstat's own network namespace");
		return PIPELINE_OPERATIONAL;
	}
	if (r->netns.skipped > 0)
		warnings_add(&r->warnings,
			     "%zu of %zu network namespaces skipped: cannot enter them (%s; "
			     "setns needs CAP_SYS_ADMIN)",
			     r->netns.skipped, r->netns.table.len, strerror(r->netns.skip_err));
	if (r->netns.skipped == r->netns.table.len) {
		report_warnings(r); /* nothing left to read: the reason is the answer */
		return PIPELINE_OPERATIONAL;
	}
	/* Now, before the sandbox: a runtime's files are root's. */
	containers_name_netns(&r->containers, &r->netns.table, o->proc_root, &r->warnings);
	r->cfg.netns = &r->netns;
	r->table.netns = &r->netns.table;
	r->listeners.netns = &r->netns.table;
	r->classify.netns = &r->netns.table;
	r->fmt.show.netns = r->netns.table.len > 1;
	return PIPELINE_OK;
}

/*
 * Exposure's set-up, after the namespaces: a run of one namespace reads
 * its addresses and rules here (open_namespaces read every other's inside
 * it), then the proxies running here; what could not be read is said once.
 */
static void open_published(struct run *r)
{
	const struct options *o = r->opts;
	bool legacy = false;

	if (!r->exposure)
		return;
	if (r->cfg.netns == NULL)
		read_published(r, 0);
	(void)published_find_proxies(&r->published, o->proc_root,
				     r->cfg.netns != NULL ? &r->netns.table : NULL);
	/* Exposure that -l --json or --openmetrics carry unasked is not worth a
	 * line to a caller without the privilege; asked by name, or with -v, it is. */
	if (r->nat_err == -EPERM) {
		if (exposure_asked(o) || o->verbose)
			warnings_add(&r->warnings, "published ports of NAT rules not known: "
						   "reading the ruleset needs CAP_NET_ADMIN");
	} else if (r->nat_err != 0) {
		warnings_add(&r->warnings, "published ports of NAT rules not known: %s",
			     strerror(-r->nat_err));
	}
	if (r->nat_not_understood > 0)
		warnings_add(&r->warnings,
			     "%zu NAT rule%s not understood: the ports they publish are not listed",
			     r->nat_not_understood, r->nat_not_understood == 1 ? "" : "s");
	if (nat_rules_legacy_in_use(o->proc_root, &legacy) == 0 && legacy)
		warnings_add(&r->warnings, "iptables-legacy tables are in use: their rules are not "
					   "read (only nftables, which iptables-nft writes)");
}

/* Parses the filter words; PIPELINE_USAGE with the reason reported. */
static enum pipeline_status prepare(struct run *r)
{
	const struct options *o = r->opts;
	struct query_names names = {services_port, r->services, interfaces_index};
	char msg[512];
	size_t i;

	for (i = 0; i < o->n_filter_args; i++) {
		if (query_add(&r->query, o->filter_args[i].kind, o->filter_args[i].text, &names,
			      msg, sizeof(msg)) != 0) {
			/* "--program nginx": netstat's habit meets the name filter's old name. */
			if (o->filter_args[i].kind == FARG_ENDPOINT &&
			    o->filter_args[i].text == o->after_program)
				(void)strlcat(
				    msg,
				    " (--program is netstat's -p; the process-name filter "
				    "is --command NAME)",
				    sizeof(msg));
			r->report(msg);
			return PIPELINE_USAGE;
		}
	}
	if (o->published && !query_published_ok(&r->query)) {
		r->report("--published takes port and address FILTERs (the host side) only");
		return PIPELINE_USAGE;
	}
	/* Too big a program (-E2BIG) is not an error: user space filters alone. */
	(void)diag_bytecode_build(&r->query, &r->bytecode);
	return PIPELINE_OK;
}

/*
 * --dump-netlink: opened once, now, before the sandbox, and refused when it
 * is not a regular file of the caller's (a link or file another user planted
 * there would make root overwrite its target); each round rewrites it.
 */
static enum pipeline_status open_dump(struct run *r)
{
	const struct options *o = r->opts;
	const char *why;
	char msg[512];
	int fd;

	if (o->dump_netlink == NULL || r->cfg.source == SOURCE_PROC)
		return PIPELINE_OK;
	fd = source_netlink_dump_open(o->dump_netlink, &why);
	if (fd >= 0) {
		r->cfg.dump_fd = fd;
		return PIPELINE_OK;
	}
	(void)snprintf(msg, sizeof(msg), "--dump-netlink %s: %s", o->dump_netlink, why);
	r->report(msg);
	return PIPELINE_USAGE;
}

/* --textfile DIR: the directory is opened now, before the sandbox. */
static enum pipeline_status open_textfile(struct run *r)
{
	char msg[512];
	int err;

	if (r->opts->textfile == NULL)
		return PIPELINE_OK;
	err = textfile_open_dir(&r->textfile, r->opts->textfile);
	if (err == 0)
		return PIPELINE_OK;
	(void)snprintf(msg, sizeof(msg), "--textfile %s: %s", r->opts->textfile, strerror(-err));
	r->report(msg);
	return PIPELINE_OPERATIONAL;
}

/*
 * A replay's sockets are the recording host's: this machine's processes are
 * not their owners (a recorded inode would name a live local process).
 */
static enum pipeline_status refuse_replay_owners(struct run *r)
{
	if (r->opts->from_netlink == NULL || (!r->owner_columns && !query_needs_owners(&r->query)))
		return PIPELINE_OK;
	r->report("--from-netlink: owners (-p, --pid, --command, --unit, owner columns) are "
		  "not in a recorded dump, and this machine's processes do not own its sockets");
	return PIPELINE_USAGE;
}

static void run_free(struct run *r)
{
	if (r->cfg.dump_fd >= 0 && close(r->cfg.dump_fd) != 0) {
		char msg[512];

		(void)snprintf(msg, sizeof(msg), "--dump-netlink %s: %s", r->opts->dump_netlink,
			       strerror(errno));
		r->report(msg);
	}
	r->cfg.dump_fd = -1;
	conntable_free(&r->table);
	conntable_free(&r->listeners);
	netns_set_free(&r->netns);
	source_events_close(r->events_own);
	r->events_own = NULL;
	netns_table_free(&r->replay_netns);
	containers_free(&r->containers);
	published_table_free(&r->published);
	published_table_free(&r->shown);
	addr_table_free(&r->addrs);
	socket_notes_free(&r->notes);
	sock_internals_free(&r->internals);
	nat_flow_table_free(&r->flows);
	warnings_free(&r->warnings);
	query_free(&r->query);
	diag_bytecode_free(&r->bytecode);
	systemd_sockets_free(&r->unit_sockets);
	summary_free(&r->summaries[0]);
	summary_free(&r->summaries[1]);
	metrics_free(&r->metrics);
	textfile_close(&r->textfile);
	resolver_free(r->resolver);
	protocols_free(r->protocols);
	services_free(r->services);
}

/* The services database; one named by --services must be read, not replaced. */
static enum pipeline_status load_services(struct run *r)
{
	const struct options *o = r->opts;
	int err = services_load(&r->services, o->services_file, &r->warnings);
	char msg[512], why[64];

	if (err == 0 || !o->services_given)
		return PIPELINE_OK;
	(void)snprintf(msg, sizeof(msg), "--services %s: %s", o->services_file,
		       inputfile_strerror(err, SERVICES_MAX_BYTES, false, why, sizeof(why)));
	r->report(msg);
	return PIPELINE_USAGE;
}

/*
 * -E: the caller's namespace's destroy groups are joined now, before the
 * sandbox (a kernel may refuse the groups to a user); those of other
 * namespaces were joined inside them.  Refused here with nothing else to
 * watch: the run stops, saying why.
 */
static enum pipeline_status open_events(struct run *r)
{
	bool own = r->cfg.netns == NULL;
	char msg[256];
	size_t i;
	int err = 0;

	for (i = 0; r->cfg.netns != NULL && i < r->netns.table.len; i++)
		own |= r->netns.readers[i].own;
	if (!r->opts->events || !own)
		return PIPELINE_OK;
	r->events_own = source_events_open(&err);
	if (r->events_own != NULL)
		return PIPELINE_OK;
	(void)snprintf(msg, sizeof(msg), "-E: cannot join the sock_diag destroy groups: %s",
		       strerror(-err));
	r->report(msg);
	return r->cfg.netns != NULL && r->netns.table.len > 1 ? PIPELINE_OK : PIPELINE_OPERATIONAL;
}

static enum pipeline_status run_events(struct run *r)
{
	struct events_setup s = {&r->cfg,
				 r->events_own,
				 r->cfg.netns != NULL ? r->host_netns : 0,
				 r->opts->output == OUTPUT_JSONL,
				 r->opts->no_header,
				 &r->out,
				 r->report};

	report_warnings(r);
	return events_run(&s);
}

/* -K: status 1 when nothing matched, 3 when a socket could not be closed. */
static enum pipeline_status kill_status(const struct run *r, enum pipeline_status status)
{
	if (!r->opts->kill || (status != PIPELINE_OK && status != PIPELINE_NO_MATCH))
		return status;
	if (r->killed.failed > 0)
		return PIPELINE_OPERATIONAL;
	return r->killed.matched == 0 ? PIPELINE_NO_MATCH : PIPELINE_OK;
}

/* -c's interval; a signal ends it early, as it ends the run. */
static void pause_ms(unsigned ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};

	(void)nanosleep(&ts, NULL);
}

enum pipeline_status pipeline_run(const struct options *o, pipeline_report_fn report)
{
	static struct run run; /* holds a 64 KiB output buffer: keep it off the stack */
	struct run *r = &run;
	enum pipeline_status status;
	bool stop = false;

	r->opts = o;
	r->report = report;
	if (!std_fds_ok()) {
		report("standard output is closed");
		return PIPELINE_OPERATIONAL;
	}
	/* A closed pipe must end the program with status 0, not kill it. */
	(void)signal(SIGPIPE, SIG_IGN);

	r->cfg.dump_fd = -1; /* run_free closes it once open_dump opened it */
	textfile_init(&r->textfile);
	metrics_init(&r->metrics);
	netns_set_init(&r->netns);
	netns_table_init(&r->replay_netns);
	containers_init(&r->containers, NULL);
	published_table_init(&r->published);
	published_table_init(&r->shown);
	addr_table_init(&r->addrs);
	socket_notes_init(&r->notes);
	sock_internals_init(&r->internals);
	nat_flow_table_init(&r->flows);
	r->live = !o->proc_root_given && o->from_netlink == NULL;
	warnings_init(&r->warnings);
	conntable_init(&r->table);
	conntable_init(&r->listeners);
	outbuf_init(&r->out, STDOUT_FILENO);
	/* Service and Class stay with -n: the database is always loaded (or built in). */
	status = load_services(r);
	if (status != PIPELINE_OK) {
		run_free(r);
		return status;
	}
	(void)protocols_load(&r->protocols, "/etc/protocols");
	status = prepare(r);
	if (status != PIPELINE_OK) {
		run_free(r);
		return status;
	}
	decide_owner_columns(r);
	status = refuse_replay_owners(r);
	if (status != PIPELINE_OK) {
		run_free(r);
		return status;
	}
	/* Unit files are read now, before the sandbox: a saved tree has none. */
	if (r->unit_column && !o->proc_root_given)
		(void)systemd_sockets_load(&r->unit_sockets, "", systemd_socket_dirs);
	configure(r);
	status = open_namespaces(r);
	if (status == PIPELINE_OK)
		open_published(r);
	if (status == PIPELINE_OK)
		status = open_dump(r);
	if (status == PIPELINE_OK)
		status = open_textfile(r);
	if (status == PIPELINE_OK)
		status = open_events(r);
	if (status != PIPELINE_OK) {
		run_free(r);
		return status;
	}
	/* Host names only where they are shown: --published's endpoints are numbers. */
	if (!o->numeric_hosts && !o->quiet && !o->summary && !o->published &&
	    o->output != OUTPUT_JSON && o->output != OUTPUT_JSONL &&
	    o->output != OUTPUT_OPENMETRICS)
		r->resolver = resolver_new();
	enter_sandbox(r); /* before resolver threads: they inherit it */
	if (o->events) {
		status = run_events(r);
		run_free(r);
		return status;
	}

	for (;;) {
		status = snapshot(r, &stop);
		if (o->quiet)
			status = quiet_second_look(r, status, &stop);
		status = kill_status(r, status);
		if (stop || (status != PIPELINE_OK && status != PIPELINE_NO_MATCH) ||
		    !o->continuous || o->quiet)
			break;
		pause_ms(o->interval_ms);
	}
	run_free(r);
	return status;
}
