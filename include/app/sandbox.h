/*
 * sandbox.h - least privilege once portstat knows what it will read.
 *
 * main.c calls sandbox_enter after the options are parsed and the files it
 * names are known: from then on the process can gain no privilege (no
 * setuid or file-capability execs: PR_SET_NO_NEW_PRIVS), holds no
 * capability beyond reading files and processes, and, where the
 * kernel offers Landlock, can only read -- the proc root, /etc, the shared
 * libraries that name resolution loads, and the paths given -- and write
 * nothing it opens afterwards.  Descriptors already open (stdout) and
 * sockets (netlink, DNS) are not affected: Landlock's filesystem rules do
 * not cover sockets.
 */
#ifndef PORTSTAT_SANDBOX_H
#define PORTSTAT_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Sets no_new_privs; keeps only the capabilities sandbox_kept_capabilities
 * names (read_processes: owners are looked up in other processes'
 * /proc/PID/fd); then, when landlock is true and the kernel supports it,
 * a read-only Landlock ruleset allowing the fixed system paths and
 * paths[0..n) (NULL entries and absent paths are skipped).  Returns the
 * Landlock ABI version enforced (0: none, unsupported or not asked for),
 * or a negative errno when a step the kernel offers failed (a failed
 * capability step does not skip Landlock).
 */
int sandbox_enter(const char *const *paths, size_t n, bool landlock, bool read_processes);

/*
 * The capabilities a root portstat keeps, as a mask of 1 << CAP_*: reading
 * files whatever their mode (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), and
 * with read_processes, other users' /proc/PID/fd (CAP_SYS_PTRACE).
 * Everything else -- CAP_NET_ADMIN above all -- is dropped.
 */
uint64_t sandbox_kept_capabilities(bool read_processes);

/* The Landlock ABI version the running kernel offers, 0 when none. */
int sandbox_landlock_abi(void);

/* Whether this build has the Landlock step at all (not PORTSTAT_LANDLOCK=OFF,
 * headers and system call numbers present): --version tells. */
bool sandbox_landlock_built(void);

#endif
