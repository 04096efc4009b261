/*
 * run_configure.c - each stage set from the options, once, before anything
 * is opened: the filter words parsed into the query, which owner columns
 * show, what the source reads, what the filter keeps, how the output
 * looks, and whether exposure and --nat are read.
 */
#include "lib/compat.h"

#include <stdio.h>
#include <unistd.h>

#include "app/run.h"
#include "enrich/hostinfo.h"
#include "enrich/interfaces.h"
#include "enrich/port_ranges.h"
#include "enrich/services.h"
#include "lib/procfile.h"
#include "output/colour.h"
#include "output/columns.h"
#include "source/collect.h"

bool run_openmetrics(const struct run *r)
{
	return r->opts->output == OUTPUT_OPENMETRICS;
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
bool run_exposure_asked(const struct options *o)
{
	return o->published || (o->columns != NULL && column_set_has(&o->column_set, COL_EXPOSURE));
}

void run_configure(struct run *r)
{
	const struct options *o = r->opts;
	unsigned protos = o->protos;
	bool json = o->output == OUTPUT_JSON || o->output == OUTPUT_JSONL;

	/* Exposure is this host's: not for a saved tree or a recording. */
	r->exposure =
	    r->live && (run_exposure_asked(o) || (json && o->listening) || run_openmetrics(r));
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

/*
 * Owners are shown with -p and --unit, and whenever -O chose an owner
 * column: a column of "-" for every socket would say "no process" where
 * nobody looked.
 */
void run_decide_owner_columns(struct run *r)
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

/* Parses the filter words; PIPELINE_USAGE with the reason reported. */
enum pipeline_status run_prepare(struct run *r)
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
 * A replay's sockets are the recording host's: this machine's processes are
 * not their owners (a recorded inode would name a live local process).
 */
enum pipeline_status run_refuse_replay_owners(struct run *r)
{
	if (r->opts->from_netlink == NULL || (!r->owner_columns && !query_needs_owners(&r->query)))
		return PIPELINE_OK;
	r->report("--from-netlink: owners (-p, --pid, --command, --unit, owner columns) are "
		  "not in a recorded dump, and this machine's processes do not own its sockets");
	return PIPELINE_USAGE;
}

/* The services database; one named by --services must be read, not replaced. */
enum pipeline_status run_load_services(struct run *r)
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
