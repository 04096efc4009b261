/*
 * main.c - wires the command line to the modules:
 * sources -> connection table -> enrichment -> filter -> formatter.
 * The only file (with xmalloc.c) that exits or chooses an exit status.
 */
#include "compat.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "conntable.h"
#include "escape.h"
#include "filter.h"
#include "format.h"
#include "options.h"
#include "outbuf.h"
#include "services.h"
#include "sources.h"
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
};

static void configure(struct run *r, const struct options *o, const struct services *svc)
{
	unsigned protos = o->protos;

	r->opts = o;
	r->cfg.proc_root = o->proc_root;
	r->cfg.protos = protos;
	r->cfg.inet4 = o->inet4;
	r->cfg.inet6 = o->inet6;

	r->filter.protos = protos;
	r->filter.inet4 = o->inet4;
	r->filter.inet6 = o->inet6;
	r->filter.all = o->all;
	r->filter.listening = o->listening;

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
			       r->cfg.proc_root, strerror(-got));
		print_message(msg);
		return EXIT_OPERATIONAL;
	}
	if (r->opts->extend)
		users_enrich(&r->table, r->opts->numeric_users);
	filter_apply(&r->filter, &r->table);
	conntable_sort(&r->table);
	format_table(&r->table, &r->fmt, &r->out);
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
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static struct run run; /* holds a 64 KiB output buffer: keep it off the stack */
	struct options opts;
	struct services *svc = NULL;
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

	/* A closed pipe must end the program with status 0, not kill it. */
	(void)signal(SIGPIPE, SIG_IGN);

	warnings_init(&run.warnings);
	conntable_init(&run.table);
	outbuf_init(&run.out, STDOUT_FILENO);
	if (!opts.numeric_ports)
		(void)services_load(&svc, opts.services_file, &run.warnings);
	configure(&run, &opts, svc);

	for (;;) {
		status = snapshot(&run);
		if (status != EXIT_OK || !opts.continuous)
			break;
		(void)sleep(opts.interval);
	}
	if (status == -EPIPE)
		status = EXIT_OK;

	conntable_free(&run.table);
	warnings_free(&run.warnings);
	services_free(svc);
	return status;
}
