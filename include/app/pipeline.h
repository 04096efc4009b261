/*
 * pipeline.h - one run of portstat: sources -> connection table ->
 * enrichment -> filter -> aggregate -> output, once or every -c interval.
 *
 * The pipeline's policy lives here (pipeline.c and its run_*.c steps,
 * include/app/run.h) and nowhere else: which sources are asked for what,
 * which enrichment a run needs (users, owners, units, host and port
 * names), when owners are looked up (before the filter only when a filter
 * needs them), the -s -c pair of summaries, and how much the sandbox may
 * restrict.  main.c parses the options, calls pipeline_run and
 * maps its status to an exit code.
 */
#ifndef PORTSTAT_APP_PIPELINE_H
#define PORTSTAT_APP_PIPELINE_H

#include "app/options.h"

enum pipeline_status {
	PIPELINE_OK,	     /* output complete */
	PIPELINE_NO_MATCH,   /* a query was given and nothing matched */
	PIPELINE_USAGE,	     /* a filter word could not be parsed */
	PIPELINE_OPERATIONAL /* no socket source, a write error, a closed stdout */
};

/* Receives each warning and error, one line without "portstat: ", unescaped. */
typedef void (*pipeline_report_fn)(const char *msg);

/* Runs what o asks for; every message goes to report. */
enum pipeline_status pipeline_run(const struct options *o, pipeline_report_fn report);

#endif
