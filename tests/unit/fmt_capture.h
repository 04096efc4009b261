/*
 * fmt_capture.h - runs a formatter into a temporary file and returns its
 * output as a string, for the formatter unit tests.
 */
#ifndef PORTSTAT_TEST_FMT_CAPTURE_H
#define PORTSTAT_TEST_FMT_CAPTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/outbuf.h"

static struct outbuf capture_out; /* 64 KiB: not on the stack */

/* Starts a capture; pass the returned outbuf to the formatter. */
static struct outbuf *capture_begin(FILE **f)
{
	*f = tmpfile();
	if (*f == NULL)
		abort();
	outbuf_init(&capture_out, fileno(*f));
	return &capture_out;
}

/* Ends a capture: the output, NUL-terminated, to be freed by the caller. */
static char *capture_end(FILE *f)
{
	long n;
	char *s;

	if (outbuf_flush(&capture_out) != 0 || fseek(f, 0, SEEK_END) != 0)
		abort();
	n = ftell(f);
	rewind(f);
	s = calloc((size_t)n + 1, 1);
	if (s == NULL || fread(s, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	return s;
}

#endif
