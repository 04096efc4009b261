/*
 * run_namespaces.c - the namespaces a run reads (-N, --all-netns, -O
 * netns), entered at set-up before the sandbox, and what is read inside
 * each then: its port range, its interfaces, and exposure's addresses and
 * NAT rules (with the proxies running here).
 */
#include "lib/compat.h"

#include <errno.h>
#include <stdio.h>
#include <sys/types.h>

#include "app/run.h"
#include "enrich/containers_procs.h"
#include "enrich/interfaces.h"
#include "enrich/port_ranges.h"
#include "enrich/published.h"
#include "output/columns.h"
#include "source/addresses.h"
#include "source/nat_rules.h"

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
enum pipeline_status run_open_namespaces(struct run *r)
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
		run_report_warnings(r); /* nothing left to read: the reason is the answer */
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
 * its addresses and rules here (run_open_namespaces read every other's inside
 * it), then the proxies running here; what could not be read is said once.
 */
void run_open_published(struct run *r)
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
		if (run_exposure_asked(o) || o->verbose)
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
