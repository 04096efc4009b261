/*
 * warnings.h - messages that modules collect instead of printing.
 *
 * Sources and enrichment never write to stderr themselves: they add a
 * message here and main.c prints the list (escaped) when the table is done.
 */
#ifndef PORTSTAT_WARNINGS_H
#define PORTSTAT_WARNINGS_H

#include <stddef.h>

struct warnings {
	char **msgs;
	size_t len;
	size_t cap;
};

void warnings_init(struct warnings *w);
void warnings_free(struct warnings *w);
/* Adds one printf-formatted message (without the "portstat: " prefix). */
void warnings_add(struct warnings *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void warnings_clear(struct warnings *w);

#endif
