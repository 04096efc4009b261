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
 * Threads: a thread that unshared its descriptor table (unshare
 * CLONE_FILES), or the live threads of a process whose leader exited,
 * hold sockets /proc/PID/fd does not list; /proc/PID/task/TID/fd is read
 * for a thread only when kcmp(2) says its table is not the leader's (or
 * cannot say: kcmp absent or refused), and only for processes with more
 * than one thread (the task directory's link count, one fstatat).
 *
 * Honest unknowns: a process that vanishes during the scan is skipped;
 * every other failure to read one -- refused (another user's process
 * without root; a root peer whose permitted capabilities exceed the
 * caller's effective ones, without CAP_SYS_PTRACE: a container's root),
 * or out of descriptors or memory (ulimit -n) -- and a proc mount that
 * leaves processes out of its listing (hidepid=2, see proc_visibility.h)
 * means any socket may have an owner not seen.  owners_hidden then marks
 * every socket without a visible owner ('?') and every socket whose
 * visible owners all run as another user than the one who created it
 * ('+?': a server that forked and dropped privileges, socket
 * activation).  Inode 0 (TIME_WAIT, orphans) never has an owner and is
 * never hidden.
 */
#ifndef PORTSTAT_OWNERS_H
#define PORTSTAT_OWNERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conntable.h"
#include "lib/warnings.h"

/* Why the kernel refused to show some processes' descriptors. */
enum owners_refusal {
	OWNERS_REFUSED_USER,   /* another user's: root sees them */
	OWNERS_REFUSED_PTRACE, /* root without CAP_SYS_PTRACE (a container's default) */
	OWNERS_REFUSED_POLICY, /* despite CAP_SYS_PTRACE: a security module */
};

/* What one scan saw. */
struct owners_stats {
	size_t processes;	     /* process directories scanned */
	size_t hidden_processes;     /* whose descriptors the kernel refused (EACCES/EPERM) */
	size_t owners;		     /* (socket, process) pairs found */
	enum owners_refusal refusal; /* why hidden_processes were refused */
	size_t unread_processes;     /* not read for want of descriptors or memory */
	int unread_errno;	     /* the first such error (EMFILE, ENFILE, ENOMEM) */
	int list_errno;		     /* the proc root could not be listed: every owner unknown */
	int proc_hides;		     /* proc_hides_processes(): 1, or a negative errno: unknown */
};

/*
 * Fills conn.owner_first/owner_count (owners sorted by PID, one per process
 * even when it holds the socket twice, with comm, command and unit) and
 * owners_hidden for every socket
 * of t.  With containers (may be NULL), each owner gets the container it
 * runs in (owner.container; the infos belong to the cache; its runtime
 * files' problems go to w).  With units, each owner also gets its unit:
 * its container's label (container_label, with the Kubernetes container),
 * else its systemd unit.  Returns 0, or a negative errno when <proc_root> cannot be listed (then
 * no socket has owners and every socket with an inode is hidden:
 * owners_warn_hidden and owners_warn_query say why).
 */
struct containers;
int owners_enrich(struct conntable *t, const char *proc_root, bool units,
		  struct containers *containers, struct owners_stats *st, struct warnings *w);

/* Whether the scan missed processes: then owners_hidden marks sockets. */
bool owners_scan_incomplete(const struct owners_stats *st);

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
