/*
 * proc_visibility.c - whether the proc root hides processes from this
 * caller, and whether the caller holds CAP_SYS_PTRACE.
 *
 * Why the mount options and not a count: /proc/loadavg's task total and
 * sysinfo()'s process count are the whole machine's, not the pid
 * namespace's, so in a container (its own pid namespace, the usual place
 * for hidepid) they always exceed what the container's /proc lists and
 * would cry "hidden" where nothing is.  The options of the very procfs
 * instance in use (matched by device number in /proc/self/mountinfo, as
 * every mount of proc since Linux 5.8 may carry its own) say exactly
 * whether hiding is in force for this caller; whether a hidden process
 * exists cannot be known, so the scan then marks conservatively.
 */
#define _GNU_SOURCE /* getline, fdopen */
#include "lib/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "enrich/proc_visibility.h"
#include "lib/number.h"

#define PROC_SUPER_MAGIC 0x9fa0

bool proc_caller_may_ptrace(void)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) != 0)
		return false;
	return (data[CAP_TO_INDEX(CAP_SYS_PTRACE)].effective & CAP_TO_MASK(CAP_SYS_PTRACE)) != 0;
}

/* Whether gid is the caller's effective group or one of its supplementary ones. */
static bool in_group(gid_t gid)
{
	gid_t groups[NGROUPS_MAX];
	int i, n;

	if (getegid() == gid)
		return true;
	n = getgroups((int)nitems(groups), groups);
	for (i = 0; i < n; i++)
		if (groups[i] == gid)
			return true;
	return false;
}

/* The value of option name ("hidepid=") in a comma-separated list, or NULL; *len its length. */
static const char *option(const char *opts, const char *name, size_t *len)
{
	size_t n = strlen(name);
	const char *p = opts;

	while (*p != '\0') {
		size_t field = strcspn(p, ",");

		if (field > n && memcmp(p, name, n) == 0) {
			*len = field - n;
			return p + n;
		}
		p += field;
		p += *p == ',';
	}
	return NULL;
}

/* Whether a procfs with these super options hides processes from this caller. */
static bool options_hide(const char *opts)
{
	size_t n;
	const char *v = option(opts, "hidepid=", &n);
	long long gid;

	if (v == NULL)
		return false;
	/* 0/off and 1/noaccess list every process (noaccess refuses entering
	 * them, which the scan sees and counts); 2/invisible and 4/ptraceable
	 * leave them out of the listing. */
	if (!((n == 1 && (*v == '2' || *v == '4')) || (n == 9 && memcmp(v, "invisible", 9) == 0) ||
	      (n == 10 && memcmp(v, "ptraceable", 10) == 0)))
		return false;
	v = option(opts, "gid=", &n);
	if (v != NULL && number_parse(v, n, 0, UINT_MAX, &gid) == 0 && in_group((gid_t)gid))
		return false;
	return !proc_caller_may_ptrace();
}

/*
 * The super options of the procfs with device dev in mountinfo, whose
 * lines read "ID PARENT MAJ:MIN ROOT POINT OPTS [TAGS...] - TYPE SOURCE
 * SUPER-OPTS" (paths escape spaces as \040).
 */
static int scan_mountinfo(FILE *f, dev_t dev)
{
	char want[64];
	char *line = NULL;
	size_t cap = 0;
	int r = 0;

	(void)snprintf(want, sizeof(want), " %u:%u ", major(dev), minor(dev));
	while (getline(&line, &cap, f) > 0) {
		char *sep = strstr(line, " - ");
		char *first = strchr(line, ' ');
		char *type, *opts;

		if (sep == NULL || first == NULL || (first = strchr(first + 1, ' ')) == NULL ||
		    strncmp(first, want, strlen(want)) != 0)
			continue;
		type = sep + 3;
		if (strncmp(type, "proc ", 5) != 0 || (opts = strchr(type + 5, ' ')) == NULL)
			continue;
		opts[strcspn(opts, "\n")] = '\0';
		r = options_hide(opts + 1);
		break;
	}
	free(line);
	return r;
}

int proc_hides_processes(int rootfd)
{
	struct statfs sfs;
	struct stat st;
	FILE *f;
	int fd, r;

	if (fstatfs(rootfd, &sfs) != 0)
		return -errno;
	if (sfs.f_type != PROC_SUPER_MAGIC)
		return 0;
	if (fstat(rootfd, &st) != 0)
		return -errno;
	/* The proc root's own "self" is this process when the root is the
	 * caller's pid namespace; another namespace's procfs may not list us,
	 * but our mount table names its device all the same. */
	fd = openat(rootfd, "self/mountinfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "r");
	if (f == NULL) {
		r = -errno;
		(void)close(fd);
		return r;
	}
	r = scan_mountinfo(f, st.st_dev);
	(void)fclose(f);
	return r;
}
