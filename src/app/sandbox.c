/*
 * sandbox.c - no_new_privs, a read-only Landlock ruleset, and only the
 * capabilities portstat uses (effective to bounding set).
 *
 * Landlock is used through raw system calls: glibc has no wrappers, and
 * the installed <linux/landlock.h> may be older than the running kernel,
 * so access bits newer than ABI 1 are defined here and only those the
 * kernel reports are handled.  Handling a right denies it everywhere no
 * rule allows it; the rules only ever allow reading (and executing the
 * libraries that the C library's name service switch loads), so every
 * write, create, rename, delete or truncate through a path opened after
 * sandbox_enter_writing is refused.
 */
#define _GNU_SOURCE /* O_PATH */
#include "lib/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "app/sandbox.h"

#if __has_include(<linux/landlock.h>) && !defined(PORTSTAT_NO_LANDLOCK)
#include <linux/landlock.h>
#define HAVE_LANDLOCK 1
#endif

#if defined(HAVE_LANDLOCK) && defined(SYS_landlock_create_ruleset)

#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif

/* Rights on a file (as opposed to a directory) that a rule may name. */
#define FS_FILE_RIGHTS                                                                             \
	(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |                              \
	 LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE |                              \
	 LANDLOCK_ACCESS_FS_IOCTL_DEV)

#define FS_READ	     (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define FS_READ_EXEC (FS_READ | LANDLOCK_ACCESS_FS_EXECUTE)

/*
 * Read everywhere portstat and the C library look: the proc root, the
 * configuration that resolution reads (nsswitch.conf, hosts, resolv.conf,
 * services, passwd, ld.so.cache), the NSS modules and their dependencies,
 * locale data and time zones.
 */
static const struct {
	const char *path;
	uint64_t rights;
} system_paths[] = {
    {"/proc", FS_READ},
    {"/etc", FS_READ},
    {"/lib", FS_READ_EXEC},
    {"/lib64", FS_READ_EXEC},
    {"/usr/lib", FS_READ_EXEC},
    {"/usr/lib64", FS_READ_EXEC},
    {"/usr/local/lib", FS_READ_EXEC},
    {"/usr/share/locale", FS_READ},
    {"/usr/share/zoneinfo", FS_READ},
};

/* Every filesystem right that a kernel of this ABI version knows. */
static uint64_t handled_rights(int abi)
{
	uint64_t r = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1; /* ABI 1: bits 0..12 */

	if (abi >= 2)
		r |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		r |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5)
		r |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return r;
}

int sandbox_landlock_abi(void)
{
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);

	return v > 0 ? (int)v : 0;
}

/* Allows rights (narrowed to what a file may take, if path is one) beneath path. */
static int allow(int ruleset, const char *path, uint64_t rights, uint64_t handled)
{
	struct landlock_path_beneath_attr attr;
	struct stat st;
	int fd, r = 0;

	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR || errno == EACCES ? 0 : -errno;
	if (fstat(fd, &st) != 0) {
		r = -errno;
		(void)close(fd);
		return r;
	}
	memset(&attr, 0, sizeof(attr));
	attr.parent_fd = fd;
	attr.allowed_access = rights & handled;
	if (!S_ISDIR(st.st_mode))
		attr.allowed_access &= FS_FILE_RIGHTS;
	if (attr.allowed_access != 0 &&
	    syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &attr, 0) != 0)
		r = -errno;
	(void)close(fd);
	return r;
}

/* --textfile's directory: files made, written and renamed over there, nothing else. */
#define FS_WRITE_DIR                                                                               \
	(FS_READ | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG |                   \
	 LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE)

static int enter_landlock(const char *const *paths, size_t n, const char *write_dir)
{
	struct landlock_ruleset_attr attr;
	int abi = sandbox_landlock_abi();
	int ruleset, r = 0;
	size_t i;

	if (abi <= 0)
		return 0; /* not built into the kernel, or disabled at boot */
	memset(&attr, 0, sizeof(attr));
	attr.handled_access_fs = handled_rights(abi);
	ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (ruleset < 0)
		return -errno;
	for (i = 0; r == 0 && i < nitems(system_paths); i++)
		r = allow(ruleset, system_paths[i].path, system_paths[i].rights,
			  attr.handled_access_fs);
	for (i = 0; r == 0 && i < n; i++)
		if (paths[i] != NULL)
			r = allow(ruleset, paths[i], FS_READ, attr.handled_access_fs);
	if (r == 0 && write_dir != NULL)
		r = allow(ruleset, write_dir, FS_WRITE_DIR, attr.handled_access_fs);
	if (r == 0 && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0)
		r = -errno;
	(void)close(ruleset);
	return r < 0 ? r : abi;
}

#else /* no Landlock at build time */

int sandbox_landlock_abi(void)
{
	return 0;
}

static int enter_landlock(const char *const *paths, size_t n, const char *write_dir)
{
	(void)paths;
	(void)n;
	(void)write_dir;
	return 0;
}

#endif

uint64_t sandbox_kept_capabilities(unsigned needs, uint64_t permitted)
{
	const uint64_t ptrace = 1ull << CAP_SYS_PTRACE;
	uint64_t keep = 1ull << CAP_DAC_READ_SEARCH;

	if (needs & SANDBOX_READ_PROCESSES)
		keep |= (permitted & ptrace) ? ptrace : permitted;
	if (needs & SANDBOX_NET_ADMIN)
		keep |= permitted & (1ull << CAP_NET_ADMIN);
	return keep;
}

/* One set of capget's two 32-bit halves, as a mask of 1 << CAP_*. */
#define CAP_SET64(data, set) ((uint64_t)(data)[1].set << 32 | (data)[0].set)

/*
 * Drops from the bounding set every capability not kept, which needs
 * CAP_SETPCAP (root has it; another user has nothing to drop that could
 * matter).  portstat never executes anything, but a bounding set left
 * whole would let a process that did -- where no_new_privs was refused --
 * regain every capability through a setuid or file-capability binary.
 */
static int narrow_bounding_set(uint64_t keep)
{
	int cap, r = 0;

	for (cap = 0; cap < 64; cap++) {
		int in = prctl(PR_CAPBSET_READ, (unsigned long)cap, 0, 0, 0);

		if (in < 0)
			break; /* EINVAL: beyond the kernel's last capability */
		if (in == 1 && !(keep & (1ull << cap)) &&
		    prctl(PR_CAPBSET_DROP, (unsigned long)cap, 0, 0, 0) != 0 && r == 0)
			r = -errno;
	}
	return r;
}

/*
 * Narrows the effective, permitted and inheritable sets (and so the
 * ambient one, cleared outright too) to sandbox_kept_capabilities, and the
 * bounding set with them.  The effective set becomes all that is kept:
 * only ever a reduction of the permitted set, so it needs no privilege and
 * is a no-op for an unprivileged user.  Dropping CAP_NET_ADMIN also makes
 * every sock_diag dump cheaper: the kernel adds a firewall-mark attribute
 * to each socket's reply only for a requester that holds it, and portstat
 * never shows the mark.
 */
static int drop_capabilities(unsigned needs)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	uint64_t keep, permitted;
	size_t i;
	int r = 0;

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) != 0)
		return -errno;
	permitted = CAP_SET64(data, permitted);
	keep = sandbox_kept_capabilities(needs, permitted) & permitted;
	/* Before capset: dropping from the bounding set needs CAP_SETPCAP effective. */
	if (CAP_SET64(data, effective) & (1ull << CAP_SETPCAP))
		r = narrow_bounding_set(keep);
	for (i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
		uint32_t mask = (uint32_t)(keep >> (32 * i));

		data[i].effective = mask;
		data[i].permitted = mask;
		data[i].inheritable &= mask;
	}
	if (syscall(SYS_capset, &hdr, data) != 0)
		return -errno;
	/* EINVAL: a kernel before ambient capabilities (4.3) has none to clear. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL &&
	    r == 0)
		r = -errno;
	return r;
}

void sandbox_enter_writing(const char *const *paths, size_t n, const char *write_dir, bool landlock,
			   unsigned needs, struct sandbox_result *res)
{
	int r;

	memset(res, 0, sizeof(*res));
	/* Worth having on its own (nothing portstat could exec gains
	 * privileges) and what landlock_restrict_self asks of a process
	 * without CAP_SYS_ADMIN.  A policy may refuse it: the other steps
	 * are taken regardless. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		res->nnp_err = errno;
	/* Before the capability drop: where no_new_privs was refused,
	 * CAP_SYS_ADMIN (if held) still lets the kernel take the ruleset. */
	r = landlock ? enter_landlock(paths, n, write_dir) : 0;
	if (r < 0)
		res->landlock_err = -r;
	else
		res->landlock_abi = r;
	r = drop_capabilities(needs);
	if (r < 0)
		res->caps_err = -r;
}

bool sandbox_landlock_built(void)
{
#if defined(HAVE_LANDLOCK) && defined(SYS_landlock_create_ruleset)
	return true;
#else
	return false;
#endif
}
