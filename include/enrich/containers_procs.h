/*
 * containers_procs.h - containers reached through processes: the
 * container behind each network namespace of a run, and the process a
 * `-N CONTAINER` word names.
 *
 * Both read /proc/PID/cgroup (world-readable) and the runtimes' files
 * (root's): the pipeline calls them at set-up, before the sandbox.
 */
#ifndef PORTSTAT_ENRICH_CONTAINERS_PROCS_H
#define PORTSTAT_ENRICH_CONTAINERS_PROCS_H

#include <sys/types.h>

#include "enrich/containers.h"
#include "lib/warnings.h"
#include "model/netns.h"

/*
 * Sets ns->container for every namespace of t that has a process in it
 * (netns.pid) running in a container, from <proc_root>/PID/cgroup.  The
 * infos belong to cs.  A process gone since its namespace was found names
 * nothing.
 */
void containers_name_netns(struct containers *cs, struct netns_table *t, const char *proc_root,
			   struct warnings *w);

/*
 * The lowest process id under proc_root whose container word names
 * (container_matches): its network namespace is the container's.
 * Returns 1 with *pid set, 0 when no process runs in such a container.
 */
int containers_find_pid(struct containers *cs, const char *proc_root, const char *word, pid_t *pid,
			struct warnings *w);

#endif
