/*
 * pipeline.c - the run: sources -> connection table -> enrichment ->
 * filter -> aggregate -> output, wired in order: set-up, the sandbox, then
 * a snapshot each round (or -E's events), and the run freed.  What each
 * step decides lives in the run_*.c files beside it (app/run.h).  Prints
 * nothing itself: messages go to the caller's report.
 */
#include "lib/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "app/events.h"
#include "app/pipeline.h"
#include "app/run.h"
#include "enrich/protocols.h"
#include "enrich/resolver.h"
#include "enrich/services.h"
#include "source/events.h"

void run_report_warnings(struct run *r)
{
	size_t i;

	for (i = 0; i < r->warnings.len; i++)
		r->report(r->warnings.msgs[i]);
	warnings_clear(&r->warnings);
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

static enum pipeline_status run_events(struct run *r)
{
	struct events_setup s = {&r->cfg,
				 r->events_own,
				 r->cfg.netns != NULL ? r->host_netns : 0,
				 &r->filter,
				 r->opts->output == OUTPUT_JSONL,
				 r->opts->no_header,
				 &r->out,
				 r->report};

	run_report_warnings(r);
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

	r->cfg.dump_fd = -1; /* run_free closes it once run_open_dump opened it */
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
	status = run_load_services(r);
	if (status != PIPELINE_OK) {
		run_free(r);
		return status;
	}
	(void)protocols_load(&r->protocols, "/etc/protocols");
	status = run_prepare(r);
	if (status != PIPELINE_OK) {
		run_free(r);
		return status;
	}
	run_decide_owner_columns(r);
	status = run_refuse_replay_owners(r);
	if (status != PIPELINE_OK) {
		run_free(r);
		return status;
	}
	/* Unit files are read now, before the sandbox: a saved tree has none. */
	if (r->unit_column && !o->proc_root_given)
		(void)systemd_sockets_load(&r->unit_sockets, "", systemd_socket_dirs);
	run_configure(r);
	status = run_open_namespaces(r);
	if (status == PIPELINE_OK)
		run_open_published(r);
	if (status == PIPELINE_OK)
		status = run_open_dump(r);
	if (status == PIPELINE_OK)
		status = run_open_textfile(r);
	if (status == PIPELINE_OK)
		status = run_open_events(r);
	if (status != PIPELINE_OK) {
		run_free(r);
		return status;
	}
	/* Host names only where they are shown: --published's endpoints are numbers. */
	if (!o->numeric_hosts && !o->quiet && !o->summary && !o->published &&
	    o->output != OUTPUT_JSON && o->output != OUTPUT_JSONL &&
	    o->output != OUTPUT_OPENMETRICS)
		r->resolver = resolver_new();
	run_enter_sandbox(r); /* before resolver threads: they inherit it */
	if (o->events) {
		status = run_events(r);
		run_free(r);
		return status;
	}

	for (;;) {
		status = run_snapshot(r, &stop);
		if (o->quiet)
			status = run_quiet_second_look(r, status, &stop);
		status = kill_status(r, status);
		if (stop || (status != PIPELINE_OK && status != PIPELINE_NO_MATCH) ||
		    !o->continuous || o->quiet)
			break;
		pause_ms(o->interval_ms);
	}
	run_free(r);
	return status;
}
