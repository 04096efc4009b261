/*
 * proc_visibility.h - what the proc root lets this caller see of other
 * processes, for the owner scan's honest unknowns.
 *
 * A procfs mounted with hidepid=2 (hidepid=invisible) or
 * hidepid=ptraceable does not even list the processes the caller may not
 * inspect, so an owner scan cannot count them as it counts refused ones:
 * the mount's options are the only evidence they exist.
 */
#ifndef PORTSTAT_PROC_VISIBILITY_H
#define PORTSTAT_PROC_VISIBILITY_H

#include <stdbool.h>

/*
 * Whether the proc root open as rootfd is a procfs that leaves out of its
 * listing processes this caller may not inspect: 1 when it is mounted
 * hidepid=2 (invisible) or hidepid=4 (ptraceable), the caller is not in
 * its gid= group and holds no effective CAP_SYS_PTRACE; 0 when it hides
 * nothing from this caller, or is no procfs (a saved tree); a negative
 * errno when it is a procfs whose options could not be read (the caller
 * must then assume it hides).
 */
int proc_hides_processes(int rootfd);

/* Whether CAP_SYS_PTRACE is in this process's effective set. */
bool proc_caller_may_ptrace(void);

#endif
