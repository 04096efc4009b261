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
#include "model/netns.h"

/*
 * Fills the name of every interface in t->scopes that still exists: from
 * its namespace's list (interfaces_read_here) when the run reads several
 * (an index means an interface of its own namespace only), else asking the
 * kernel here.
 */
void interfaces_enrich(struct conntable *t);

/* Records the interfaces of the namespace the caller is in now into ns. */
void interfaces_read_here(struct netns *ns);

/* The index of the interface called name, or 0 when there is none. */
uint32_t interfaces_index(const char *name);

#endif
