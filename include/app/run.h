/*
 * run.h - one run's state (struct run) and the calls the app stage's
 * pipeline files make to each other.  Internal to the app stage: only
 * src/app/pipeline.c and the src/app/run_*.c files it wires include it;
 * main.c and every other caller see app/pipeline.h alone.
 *
 * Who holds what: pipeline.c runs the stages in order (set-up, the
 * sandbox, then a snapshot each round) and frees the run; run_configure.c
 * sets each stage from the options; run_namespaces.c enters -N and
 * --all-netns's namespaces and reads what exposure needs inside each;
 * run_open.c opens what the sandbox would forbid, then enters it;
 * run_snapshot.c is one round, read to print; run_output.c formats the
 * round and writes it to standard output or --textfile.
 */
#ifndef PORTSTAT_APP_RUN_H
#define PORTSTAT_APP_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "aggregate/metrics.h"
#include "aggregate/summary.h"
#include "app/kill.h"
#include "app/options.h"
#include "app/pipeline.h"
#include "app/textfile.h"
#include "enrich/classify.h"
#include "enrich/containers.h"
#include "enrich/owners.h"
#include "enrich/systemd_units.h"
#include "filter/bytecode.h"
#include "filter/query.h"
#include "filter/select.h"
#include "lib/outbuf.h"
#include "lib/warnings.h"
#include "model/addrs.h"
#include "model/conntable.h"
#include "model/nat_flows.h"
#include "model/netns.h"
#include "model/portclass.h"
#include "model/published.h"
#include "model/tcp_info.h"
#include "output/format.h"
#include "source/netns.h"
#include "source/source.h"

struct mnl_socket;
struct protocols;
struct resolver;
struct services;

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
	bool no_lookups_said;		     /* "no lookup thread could be started": once a run */
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

/* pipeline.c: hands the warnings gathered so far to the report, and clears them. */
void run_report_warnings(struct run *r);

/* run_configure.c: each stage set from the options, before anything is opened. */
bool run_openmetrics(const struct run *r);
bool run_exposure_asked(const struct options *o);
enum pipeline_status run_load_services(struct run *r);
enum pipeline_status run_prepare(struct run *r);
void run_decide_owner_columns(struct run *r);
enum pipeline_status run_refuse_replay_owners(struct run *r);
void run_configure(struct run *r);

/* run_namespaces.c: -N, --all-netns, and exposure's addresses and NAT rules. */
enum pipeline_status run_open_namespaces(struct run *r);
void run_open_published(struct run *r);

/* run_open.c: what is opened before the sandbox, then the sandbox. */
enum pipeline_status run_open_dump(struct run *r);
enum pipeline_status run_open_textfile(struct run *r);
enum pipeline_status run_open_events(struct run *r);
void run_enter_sandbox(struct run *r);

/* run_snapshot.c: one round; -q's second look at a "no match". */
enum pipeline_status run_snapshot(struct run *r, bool *stop);
enum pipeline_status run_quiet_second_look(struct run *r, enum pipeline_status first, bool *stop);

/* run_output.c: the round formatted, and written out (0, or an errno). */
void run_format(struct run *r);
int run_begin_textfile(struct run *r);
int run_flush(struct run *r);

#endif
