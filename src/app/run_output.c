/*
 * run_output.c - the round's output: formatted as the options ask, then
 * written to standard output, or to --textfile's directory, which a round
 * replaces whole or not at all.
 */
#include "lib/compat.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "app/run.h"
#include "portstat_version.h"

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

void run_format(struct run *r)
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
int run_begin_textfile(struct run *r)
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
int run_flush(struct run *r)
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
