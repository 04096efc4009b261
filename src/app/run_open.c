/*
 * run_open.c - what a run opens while it still may (--dump-netlink's file,
 * --textfile's directory, -E's destroy groups), then the sandbox it enters
 * for the rest of the run.
 */
#include "lib/compat.h"

#include <stdio.h>

#include "app/run.h"
#include "app/sandbox.h"
#include "source/events.h"
#include "source/netlink.h"

/*
 * --dump-netlink: opened once, now, before the sandbox, and refused when it
 * is not a regular file of the caller's (a link or file another user planted
 * there would make root overwrite its target); each round rewrites it.
 */
enum pipeline_status run_open_dump(struct run *r)
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
enum pipeline_status run_open_textfile(struct run *r)
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
 * -E: the caller's namespace's destroy groups are joined now, before the
 * sandbox (a kernel may refuse the groups to a user); those of other
 * namespaces were joined inside them.  Refused here with nothing else to
 * watch: the run stops, saying why.
 */
enum pipeline_status run_open_events(struct run *r)
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

/*
 * Least privilege from here on: no_new_privs, a read-only Landlock
 * ruleset (--dump-netlink writes through the descriptor run_open_dump opened
 * before), and no capability but reading files -- and, for owners,
 * reading processes (sandbox.h says which capabilities that takes).  A
 * refused step is reported and the others are taken all the same.
 */
void run_enter_sandbox(struct run *r)
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
