/*
 * main.c - parses the command line, runs the pipeline (app/pipeline.c) and
 * maps its status to an exit code.  The only file (with lib/xmalloc.c) that
 * exits or chooses an exit status, and the one that writes messages.
 */
#include "lib/compat.h"

#include <stdio.h>

#include "app/options.h"
#include "app/pipeline.h"
#include "app/version.h"
#include "lib/escape.h"
#include "output/columns.h"

/* The exit-status contract of portstat(8). */
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

static int print_text(const char *text)
{
	fputs(text, stdout);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_OPERATIONAL;
}

static int exit_code(enum pipeline_status s)
{
	switch (s) {
	case PIPELINE_OK:
		return EXIT_OK;
	case PIPELINE_NO_MATCH:
		return EXIT_NO_MATCH;
	case PIPELINE_USAGE:
		return EXIT_USAGE;
	case PIPELINE_OPERATIONAL:
		break;
	}
	return EXIT_OPERATIONAL;
}

int main(int argc, char **argv)
{
	struct options opts;
	char msg[512], help[4096];
	int status;

	switch (options_parse(argc, argv, &opts, msg, sizeof(msg))) {
	case OPTIONS_HELP:
		return print_text(options_usage());
	case OPTIONS_VERSION:
		version_text(msg, sizeof(msg));
		return print_text(msg);
	case OPTIONS_COLUMN_HELP:
		options_free(&opts);
		if (column_set_help(help, sizeof(help)) >= sizeof(help))
			return EXIT_OPERATIONAL; /* a column added past the buffer: test_csv says */
		return print_text(help);
	case OPTIONS_ERROR:
		print_message(msg);
		fputs("Try 'portstat --help' for more information.\n", stderr);
		options_free(&opts);
		return EXIT_USAGE;
	case OPTIONS_OK:
		break;
	}
	status = exit_code(pipeline_run(&opts, print_message));
	options_free(&opts);
	return status;
}
