/*
 * sources.h - choosing and running the socket sources for one snapshot.
 *
 * For every protocol and family asked for, runs the source that serves it
 * and appends to the table.  The choice lives here, once, and nowhere else.
 */
#ifndef PORTSTAT_SOURCES_H
#define PORTSTAT_SOURCES_H

#include "conntable.h"
#include "source.h"
#include "warnings.h"

/*
 * Fills t for cfg.  Returns the number of (protocol, family) files or dumps
 * that were read, or a negative errno when none could be: the caller then
 * has nothing to show (exit status 3).
 */
int sources_collect(const struct source_cfg *cfg, struct conntable *t, struct warnings *w);

#endif
