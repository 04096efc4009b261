/*
 * interfaces.h - enrichment: the names of the interfaces sockets are bound
 * or scoped to (conntable.scopes), and the index of a name for filters.
 *
 * Names are this host's, read in the current network namespace: the
 * pipeline names a live snapshot only, never a replayed dump (whose
 * indexes belong to another host or time; those are shown as numbers).
 */
#ifndef PORTSTAT_INTERFACES_H
#define PORTSTAT_INTERFACES_H

#include <stdint.h>

#include "model/conntable.h"

/* Fills the name of every interface in t->scopes that still exists. */
void interfaces_enrich(struct conntable *t);

/* The index of the interface called name, or 0 when there is none. */
uint32_t interfaces_index(const char *name);

#endif
