/*
 * test_sandbox.c - sandbox_enter_writing: no_new_privs always; with Landlock (when
 * the kernel offers it) the allowed trees stay readable, everything else
 * is unreadable, nothing can be written or created, sockets still work,
 * and the C library can still load NSS modules and read /etc; every
 * capability but the kept ones is gone (bounding set too); a refused step
 * (capset, no_new_privs) never skips another.  Each case runs in a forked child,
 * since a sandbox cannot be left.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pwd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixtures.h"

#include "app/sandbox.h"

struct dirs {
	char allowed[64];   /* passed to sandbox_enter_writing */
	char forbidden[64]; /* not passed */
};

static int setup(void **state)
{
	struct dirs *d = calloc(1, sizeof(*d));
	char path[128];
	int fd;

	assert_non_null(d);
	strcpy(d->allowed, "/tmp/portstat-sbx-ok-XXXXXX");
	strcpy(d->forbidden, "/tmp/portstat-sbx-no-XXXXXX");
	assert_non_null(mkdtemp(d->allowed));
	assert_non_null(mkdtemp(d->forbidden));
	snprintf(path, sizeof(path), "%s/file", d->allowed);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0 && write(fd, "x", 1) == 1);
	close(fd);
	snprintf(path, sizeof(path), "%s/file", d->forbidden);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0 && write(fd, "x", 1) == 1);
	close(fd);
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	struct dirs *d = *state;
	char path[128];

	snprintf(path, sizeof(path), "%s/file", d->allowed);
	unlink(path);
	snprintf(path, sizeof(path), "%s/new", d->allowed);
	unlink(path);
	snprintf(path, sizeof(path), "%s/file", d->forbidden);
	unlink(path);
	rmdir(d->allowed);
	rmdir(d->forbidden);
	free(d);
	return 0;
}

/* Runs fn in a child and returns its exit status (the number of the first failed check). */
static int in_child(int (*fn)(const struct dirs *), const struct dirs *d)
{
	pid_t pid = fork();
	int st;

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fn(d));
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static bool can_open(const char *dir, const char *name, int flags)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, flags | O_CLOEXEC, 0644);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* Enters the sandbox; returns the Landlock ABI, or -1 when any step failed. */
static int enter(const char *const *paths, size_t n, bool landlock, bool read_processes)
{
	struct sandbox_result res;

	sandbox_enter_writing(paths, n, NULL, landlock, read_processes, &res);
	if (res.nnp_err != 0 || res.landlock_err != 0 || res.caps_err != 0)
		return -1;
	return res.landlock_abi;
}

static int child_landlock(const struct dirs *d)
{
	const char *paths[] = {d->allowed, NULL, "/nonexistent/portstat"};
	int abi = enter(paths, 3, true, false);
	int s;

	if (abi < 0)
		return 1;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return 2;
	if (abi != sandbox_landlock_abi())
		return 14; /* the kernel offers Landlock but it was not entered */
	if (abi == 0)
		return 100; /* no Landlock here: the caller skips the rest */
	if (!can_open(d->allowed, "file", O_RDONLY) || !can_open(d->allowed, ".", O_RDONLY))
		return 3;
	if (can_open(d->allowed, "file", O_WRONLY) || errno != EACCES)
		return 4;
	if (can_open(d->allowed, "new", O_WRONLY | O_CREAT) || errno != EACCES)
		return 5;
	if (can_open(d->forbidden, "file", O_RDONLY) || errno != EACCES)
		return 6;
	if (!can_open("/proc/self", "status", O_RDONLY) || !can_open("/proc/self", "fd", O_RDONLY))
		return 7;
	if (!can_open("/etc", "passwd", O_RDONLY))
		return 8;
	/* Name service: /etc/nsswitch.conf, /etc/passwd, and module loading. */
	if (getpwuid(0) == NULL)
		return 9;
	if (dlopen("libnss_dns.so.2", RTLD_NOW) == NULL &&
	    dlopen("libnss_files.so.2", RTLD_NOW) == NULL)
		return 10;
	/* Sockets are not filesystem objects: DNS and netlink keep working. */
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return 11;
	close(s);
	s = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, 4 /* NETLINK_SOCK_DIAG */);
	if (s < 0)
		return 12;
	close(s);
	if (unlink("/tmp") == 0 || mkdir("/tmp/portstat-sbx-mkdir", 0700) == 0)
		return 13;
	return 0;
}

static void test_landlock_read_only(void **state)
{
	int r = in_child(child_landlock, *state);

#ifdef PORTSTAT_NO_LANDLOCK
	/* A coverage build (-DPORTSTAT_LANDLOCK=OFF): the step is compiled
	 * out, so the ruleset must not be entered even where the kernel has it. */
	assert_int_equal(r, 100);
	return;
#endif
	if (r == 100)
		fixture_missing("this kernel offers no Landlock");
	assert_int_equal(r, 0);
}

static int child_no_landlock(const struct dirs *d)
{
	if (enter(NULL, 0, false, false) != 0)
		return 1;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return 2;
	/* Without Landlock (--dump-netlink) files can still be created. */
	if (!can_open(d->allowed, "new", O_WRONLY | O_CREAT))
		return 3;
	return 0;
}

static void test_no_new_privs_only(void **state)
{
	assert_int_equal(in_child(child_no_landlock, *state), 0);
}

/* The effective, permitted and inheritable sets, each as a 64-bit mask. */
static int read_caps(uint64_t sets[3])
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &hdr, data) != 0)
		return -1;
	sets[0] = (uint64_t)data[1].effective << 32 | data[0].effective;
	sets[1] = (uint64_t)data[1].permitted << 32 | data[0].permitted;
	sets[2] = (uint64_t)data[1].inheritable << 32 | data[0].inheritable;
	return 0;
}

/* After sandbox_enter_writing the permitted and effective sets are the old
 * permitted set narrowed to the kept mask (as root: exactly the kept
 * mask), the inheritable one is narrowed too, and CAP_NET_ADMIN and
 * CAP_DAC_OVERRIDE are gone (from the bounding set too, as root). */
static int check_caps_after(bool read_processes)
{
	uint64_t before[3], after[3], keep;

	if (read_caps(before) != 0)
		return 1;
	keep = sandbox_kept_capabilities(read_processes, before[1]);
	if (enter(NULL, 0, false, read_processes) != 0)
		return 2;
	if (read_caps(after) != 0)
		return 3;
	if (after[0] != (before[1] & keep) || after[1] != (before[1] & keep))
		return 4;
	if (after[2] != (before[2] & keep))
		return 6;
	if (after[0] & (1ull << CAP_NET_ADMIN | 1ull << CAP_DAC_OVERRIDE))
		return 7;
	if (geteuid() == 0 && (before[1] & keep) == keep && after[0] != keep)
		return 8;
	if ((before[0] & (1ull << CAP_SETPCAP)) &&
	    (prctl(PR_CAPBSET_READ, CAP_NET_ADMIN, 0, 0, 0) != 0 ||
	     prctl(PR_CAPBSET_READ, CAP_DAC_OVERRIDE, 0, 0, 0) != 0 ||
	     prctl(PR_CAPBSET_READ, CAP_DAC_READ_SEARCH, 0, 0, 0) != 1))
		return 9;
	return 0;
}

static int child_caps_no_processes(const struct dirs *d)
{
	(void)d;
	return check_caps_after(false);
}

static int child_caps_processes(const struct dirs *d)
{
	(void)d;
	return check_caps_after(true);
}

static void test_capabilities_dropped(void **state)
{
	const uint64_t all = (1ull << (CAP_LAST_CAP + 1)) - 1;
	const uint64_t ptrace = 1ull << CAP_SYS_PTRACE, read = 1ull << CAP_DAC_READ_SEARCH;

	/* The masks themselves: reading files always, processes on request;
	 * never CAP_DAC_OVERRIDE (reading does not need it). */
	assert_int_equal(sandbox_kept_capabilities(false, all), read);
	assert_int_equal(sandbox_kept_capabilities(true, all), read | ptrace);
	assert_int_equal(sandbox_kept_capabilities(false, all & ~ptrace), read);
	/* A root without CAP_SYS_PTRACE that reads processes keeps what it
	 * holds: its peers' permitted sets must be covered. */
	assert_int_equal(sandbox_kept_capabilities(true, all & ~ptrace), all & ~ptrace);
	assert_int_equal(sandbox_kept_capabilities(true, 0) & ~read, 0);
	/* --nat -c: CAP_NET_ADMIN when held, nothing else added. */
	assert_int_equal(sandbox_kept_capabilities(SANDBOX_NET_ADMIN, all),
			 read | (1ull << CAP_NET_ADMIN));
	assert_int_equal(sandbox_kept_capabilities(SANDBOX_NET_ADMIN, read), read);
	assert_int_equal(in_child(child_caps_no_processes, *state), 0);
	assert_int_equal(in_child(child_caps_processes, *state), 0);
}

/* A process without CAP_SYS_PTRACE reading processes: every permitted
 * capability stays, and becomes effective. */
static int child_caps_no_ptrace(const struct dirs *d)
{
	uint64_t before[3], after[3];

	(void)d;
	if (prctl(PR_CAPBSET_DROP, CAP_SYS_PTRACE, 0, 0, 0) != 0 || read_caps(before) != 0)
		return 100;
	before[1] &= ~(1ull << CAP_SYS_PTRACE);
	before[0] &= before[1];
	{
		struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
		struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

		memset(data, 0, sizeof(data));
		data[0].effective = data[0].permitted = (uint32_t)before[1];
		data[1].effective = data[1].permitted = (uint32_t)(before[1] >> 32);
		if (syscall(SYS_capset, &hdr, data) != 0)
			return 100;
	}
	if (enter(NULL, 0, false, true) != 0)
		return 1;
	if (read_caps(after) != 0)
		return 2;
	if (after[0] != before[1] || after[1] != before[1])
		return 3;
	return 0;
}

static void test_no_ptrace_keeps_permitted(void **state)
{
	int r = in_child(child_caps_no_ptrace, *state);

	if (r == 100)
		fixture_missing("needs root to drop CAP_SYS_PTRACE");
	assert_int_equal(r, 0);
}

/* A seccomp filter that makes capset fail with EPERM, as a container's policy might. */
static int refuse_capset(void)
{
	struct sock_filter code[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_capset, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof(code) / sizeof(code[0]), code};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

/* The capability step fails: sandbox_enter_writing says so, and Landlock is still entered. */
static int child_capset_refused(const struct dirs *d)
{
	const char *paths[] = {d->allowed};
	struct sandbox_result res;

	if (refuse_capset() != 0)
		return 100;
	sandbox_enter_writing(paths, 1, NULL, true, false, &res);
	if (res.caps_err != EPERM || res.nnp_err != 0 || res.landlock_err != 0)
		return 1;
	if (sandbox_landlock_abi() == 0)
		return 0; /* no Landlock here: nothing more to see */
	if (!can_open(d->allowed, "file", O_RDONLY))
		return 2;
	if (can_open(d->forbidden, "file", O_RDONLY) || errno != EACCES)
		return 3;
	return 0;
}

static void test_capset_refused_keeps_landlock(void **state)
{
	int r = in_child(child_capset_refused, *state);

	if (r == 100)
		fixture_missing("cannot install the seccomp filter that refuses capset");
	assert_int_equal(r, 0);
}

/* A seccomp filter that refuses PR_SET_NO_NEW_PRIVS, as a container's
 * policy might; installing it without no_new_privs takes CAP_SYS_ADMIN. */
static int refuse_nnp(void)
{
	struct sock_filter code[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_prctl, 0, 3),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_NO_NEW_PRIVS, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof(code) / sizeof(code[0]), code};

	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

/* no_new_privs refused: the capabilities are dropped all the same, and
 * Landlock is entered with CAP_SYS_ADMIN, before that is dropped. */
static int child_nnp_refused(const struct dirs *d)
{
	const char *paths[] = {d->allowed};
	struct sandbox_result res;
	uint64_t after[3];

	if (refuse_nnp() != 0)
		return 100;
	sandbox_enter_writing(paths, 1, NULL, true, false, &res);
	if (res.nnp_err != EPERM || prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0)
		return 1;
	if (res.caps_err != 0 || read_caps(after) != 0)
		return 2;
	if (after[0] & ~sandbox_kept_capabilities(false, ~0ull))
		return 3;
	if (res.landlock_err != 0 || res.landlock_abi != sandbox_landlock_abi())
		return 4;
	if (res.landlock_abi > 0 && (can_open(d->forbidden, "file", O_RDONLY) || errno != EACCES))
		return 5;
	return 0;
}

static void test_nnp_refused_drops_capabilities(void **state)
{
	int r = in_child(child_nnp_refused, *state);

	if (r == 100)
		fixture_missing("needs CAP_SYS_ADMIN to install the seccomp filter that refuses "
				"no_new_privs");
	assert_int_equal(r, 0);
}

static void test_abi_reported(void **state)
{
	(void)state;
	assert_true(sandbox_landlock_abi() >= 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_abi_reported),
	    cmocka_unit_test_setup_teardown(test_landlock_read_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_new_privs_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_capabilities_dropped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_capset_refused_keeps_landlock, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_ptrace_keeps_permitted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nnp_refused_drops_capabilities, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
