/*
 * owners.h - enrichment: which processes hold each socket (-p, -O owner,
 * --pid, --command).
 *
 * One pass over <proc_root>/[pid]/fd reads every descriptor link once and
 * looks "socket:[INODE]" up in a hash index (lib/hashtab.h) of the table's
 * inodes, so the cost is linear in processes plus descriptors, whatever
 * the number of sockets.  Program names come from /proc/PID/comm (never
 * from /proc/PID/stat); when the kernel cut comm at 15 bytes, the full
 * name (owner.command) from the exe link or argv[0]; units from
 * /proc/PID/cgroup (systemd_units.h).
 *
 * Honest unknowns: a process that vanishes during the scan is skipped; a
 * process whose fd directory cannot be read (another user's, not root)
 * may hold any socket, so owners_hidden marks every socket without a
 * visible owner ('?') and every socket whose visible owners all run as
 * another user than the one who created it ('+?': a server that forked
 * and dropped privileges, socket activation).  Inode 0 (TIME_WAIT,
 * orphans) never has an owner and is never hidden.
 */
#ifndef PORTSTAT_OWNERS_H
#define PORTSTAT_OWNERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conntable.h"
#include "lib/warnings.h"

/* What one scan saw. */
struct owners_stats {
	size_t processes;	 /* process directories scanned */
	size_t hidden_processes; /* whose fd directory could not be read (EACCES/EPERM) */
	size_t owners;		 /* (socket, process) pairs found */
};

/*
 * Fills conn.owner_first/owner_count (owners sorted by PID, one per process
 * even when it holds the socket twice, with comm, command and unit) and
 * owners_hidden for every socket
 * of t.  With units, each owner also gets its systemd unit or container.
 * Returns 0, or a negative errno when <proc_root> cannot be listed (then
 * no socket has owners and a warning says why).
 */
int owners_enrich(struct conntable *t, const char *proc_root, bool units, struct owners_stats *st,
		  struct warnings *w);

/* Number of sockets in t whose owners are (or may be partly) hidden. */
size_t owners_count_hidden(const struct conntable *t);

/* Adds the one stderr note about hidden owners ('?', '+?') when any socket of t has them. */
void owners_warn_hidden(const struct conntable *t, const struct owners_stats *st,
			struct warnings *w);

/*
 * Adds the one stderr note of an owner query (--pid, --command) that left
 * out missed sockets which matched everything else but whose owners are
 * hidden: the answer may be a false "no".
 */
void owners_warn_query(size_t missed, const struct owners_stats *st, struct warnings *w);

/* Parses a descriptor link "socket:[INODE]"; returns false for anything else. */
bool owners_parse_socket_link(const char *link, size_t len, uint64_t *inode);

#endif
