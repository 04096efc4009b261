/*
 * conntable_merge.h - appends one connection table to another, as if the
 * sources had appended its records there: the reading of several
 * namespaces in parallel (source/collect.c) fills one table per namespace
 * and joins them, in namespace order, into the run's.
 */
#ifndef PORTSTAT_MODEL_CONNTABLE_MERGE_H
#define PORTSTAT_MODEL_CONNTABLE_MERGE_H

#include "model/conntable.h"

/*
 * Appends src's records to dst, in order, with everything that refers into
 * src rebased into dst: string pool offsets (unix paths, user names, the
 * owners' names, interface names, host labels), owners, the interfaces
 * (conn.scope, re-added by (netns, ifindex)), port labels, and the
 * entries of src->internals (-i, -m) re-keyed into dst->internals when
 * both have one.  src is left as it was; the namespace table and the
 * socket notes are dst's own.
 */
void conntable_merge(struct conntable *dst, const struct conntable *src);

#endif
