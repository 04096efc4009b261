/*
 * run_snapshot.c - one round: read, enrich, filter, aggregate, print, in
 * that order, and -q's second look at a "no match".
 */
#include "lib/compat.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "app/kill.h"
#include "app/run.h"
#include "enrich/display_names.h"
#include "enrich/interfaces.h"
#include "enrich/owners.h"
#include "enrich/port_ranges.h"
#include "enrich/published.h"
#include "enrich/resolver.h"
#include "enrich/users.h"
#include "output/columns.h"
#include "source/collect.h"
#include "source/conntrack.h"

/* Users are looked up for -e, for JSON and for a user column in -O. */
static bool wants_users(const struct run *r)
{
	const struct options *o = r->opts;

	return o->extend || o->output == OUTPUT_JSON || o->output == OUTPUT_JSONL ||
	       (r->fmt.columns != NULL && column_set_has(r->fmt.columns, COL_USER));
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
	run_report_warnings(r);
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
		int left = resolver_run(r->resolver, &r->table, r->opts->resolve_timeout_ms);

		/* A deadline missed is the documented numeric fallback; no thread
		 * at all (a pids limit reached) is a cause the user cannot see. */
		if (left < 0 && !r->no_lookups_said) {
			warnings_add(
			    &r->warnings,
			    "host names not looked up: no lookup thread could be started (%s); "
			    "addresses are shown as numbers",
			    strerror(-left));
			r->no_lookups_said = true;
			run_report_warnings(r);
		}
		display_names_hosts(&r->table, r->resolver);
	}
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
enum pipeline_status run_snapshot(struct run *r, bool *stop)
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
	run_report_warnings(r);
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
	run_report_warnings(r);
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
	if (o->summary || run_openmetrics(r))
		summarise(r);
	else
		conntable_sort(&r->table);
	if (r->table.internals != NULL)
		sock_internals_bind_rows(r->table.internals, &r->table);
	if (run_openmetrics(r))
		metrics_build(&r->metrics, &r->table, r->summary,
			      r->table.netns != NULL ? r->table.netns->len : 1);
	if (o->textfile != NULL && run_begin_textfile(r) != 0)
		return PIPELINE_OPERATIONAL;
	run_format(r);
	if (o->summary && o->continuous)
		r->summary_prev = r->summary; /* the next round shows the change */
	err = run_flush(r);
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
enum pipeline_status run_quiet_second_look(struct run *r, enum pipeline_status first, bool *stop)
{
	pipeline_report_fn report = r->report;
	enum pipeline_status second;

	if (first != PIPELINE_NO_MATCH || r->cfg.consistent || r->cfg.replay_file != NULL ||
	    r->opts->kill)
		return first;
	r->report = say_nothing;
	second = run_snapshot(r, stop);
	r->report = report;
	return second == PIPELINE_OK ? PIPELINE_OK : first;
}
