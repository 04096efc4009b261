/*
 * sandbox.h - least privilege once portstat knows what it will read.
 *
 * The pipeline calls sandbox_enter_writing after the options are parsed and the
 * files it names are known.  Each step is taken on its own, so that a
 * refused one degrades the sandbox but never removes it:
 *   - no_new_privs (PR_SET_NO_NEW_PRIVS): nothing portstat could exec
 *     gains privileges;
 *   - Landlock, where the kernel offers it and it was asked for: read-only
 *     access to the proc root, /etc, the libraries that name resolution
 *     loads and the paths given; nothing it opens afterwards can be
 *     written.  The kernel takes it with no_new_privs or, where a policy
 *     refused that, with CAP_SYS_ADMIN, so it comes before the
 *     capability drop.  Descriptors already open (stdout, the dump file)
 *     and sockets (netlink, DNS) are not affected;
 *   - capabilities: the effective, permitted, inheritable, ambient and
 *     bounding sets narrowed to sandbox_kept_capabilities.
 */
#ifndef PORTSTAT_SANDBOX_H
#define PORTSTAT_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What sandbox_enter_writing achieved: each step's errno (0: done, or nothing to do). */
struct sandbox_result {
	int landlock_abi; /* the Landlock ABI enforced; 0: none (not offered or not asked) */
	int nnp_err;	  /* PR_SET_NO_NEW_PRIVS */
	int landlock_err; /* creating or enforcing the ruleset */
	int caps_err;	  /* capset, or dropping from the bounding set */
};

/* What the run still needs once sandboxed (sandbox_enter_writing's needs). */
#define SANDBOX_READ_PROCESSES 1u /* owners: other processes' /proc/PID/fd */
#define SANDBOX_NET_ADMIN      2u /* --nat: conntrack each round; -K, -E: sock_diag */

/*
 * Sets no_new_privs; then, when landlock is true and the kernel supports
 * it, a read-only Landlock ruleset allowing the fixed system paths and
 * paths[0..n) (NULL entries and absent paths are skipped); then keeps
 * only the capabilities sandbox_kept_capabilities names for needs
 * (SANDBOX_*), with write_dir (NULL: none) left writable to Landlock:
 * regular files made, written, truncated and removed beneath it
 * (--textfile).  A failed step does not skip the next.  Fills *res.
 */
void sandbox_enter_writing(const char *const *paths, size_t n, const char *write_dir, bool landlock,
			   unsigned needs, struct sandbox_result *res);

/*
 * The capabilities portstat keeps, as a mask of 1 << CAP_*, given the
 * permitted set it starts with:
 *   - always CAP_DAC_READ_SEARCH, to read files and list directories
 *     whatever their mode (reading never needs CAP_DAC_OVERRIDE, and the
 *     --dump-netlink file is written through the descriptor opened
 *     before the sandbox);
 *   - with SANDBOX_NET_ADMIN, CAP_NET_ADMIN when permitted holds it: the
 *     kernel checks it on every conntrack request, not only when the
 *     socket was opened;
 *   - with SANDBOX_READ_PROCESSES, CAP_SYS_PTRACE, when permitted holds it: the
 *     kernel then lets portstat read any process's /proc/PID/fd;
 *   - with SANDBOX_READ_PROCESSES and no CAP_SYS_PTRACE to keep (a container's
 *     root): every capability in permitted.  Without CAP_SYS_PTRACE the
 *     kernel shows one process another's descriptors only while the
 *     reader's effective set covers the target's permitted set (and they
 *     run as the same user), and a peer may hold every capability the
 *     container grants: narrowing would hide every root-owned socket's
 *     owner.
 * Everything else -- CAP_NET_ADMIN above all -- is dropped.
 */
uint64_t sandbox_kept_capabilities(unsigned needs, uint64_t permitted);

/* The Landlock ABI version the running kernel offers, 0 when none. */
int sandbox_landlock_abi(void);

/* Whether this build has the Landlock step at all (not PORTSTAT_LANDLOCK=OFF,
 * headers and system call numbers present): --version tells. */
bool sandbox_landlock_built(void);

#endif
