/*
 * seccomp_deny.c - runs a command under a seccomp filter that refuses one
 * thing, as a hardened service manager or container runtime would:
 *
 *   seccomp_deny netlink CMD ARGS...  socket(AF_NETLINK, ...) fails with
 *                                     EAFNOSUPPORT (systemd's
 *                                     RestrictAddressFamilies=)
 *   seccomp_deny nnp CMD ARGS...      prctl(PR_SET_NO_NEW_PRIVS) fails
 *                                     with EPERM
 *   seccomp_deny threads CMD ARGS...  no thread can be started:
 *                                     clone3 fails with ENOSYS (as on
 *                                     kernels before 5.3, so that libc
 *                                     falls back to clone) and clone with
 *                                     CLONE_THREAD with EAGAIN (as when a
 *                                     cgroup's pids.max is reached)
 *
 * The filter is inherited across execve and by every child.  Installing it
 * needs CAP_SYS_ADMIN (the tests run as root) or no_new_privs, which the
 * "nnp" case must not set itself.  Test support only: never installed.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define AUDIT_ARCH_HERE AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define AUDIT_ARCH_HERE AUDIT_ARCH_AARCH64
#else
#error "seccomp_deny: add this architecture's AUDIT_ARCH value"
#endif

#define ARCH_OFF  offsetof(struct seccomp_data, arch)
#define NR_OFF	  offsetof(struct seccomp_data, nr)
#define ARG0_OFF  offsetof(struct seccomp_data, args[0]) /* low half, little endian */
#define DENY(err) (SECCOMP_RET_ERRNO | ((err)&SECCOMP_RET_DATA))

/* A filter's first statements: kill a caller of another architecture (its
 * numbers mean other calls), then load the system call's number. */
#define LOAD_NR_OF_THIS_ARCH                                                                       \
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARCH_OFF),                                              \
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_HERE, 1, 0),                            \
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),                                   \
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF)

static int load(struct sock_filter *code, size_t len)
{
	struct sock_fprog prog = {(unsigned short)len, code};

	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

/* Refuses syscall nr when its first argument is value; allows all else. */
static int install(unsigned nr, unsigned value, int err)
{
	struct sock_filter code[] = {
	    LOAD_NR_OF_THIS_ARCH,
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 3),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG0_OFF),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, value, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, DENY(err)),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	return load(code, sizeof(code) / sizeof(code[0]));
}

/* Refuses clone3 (ENOSYS) and a clone that makes a thread (EAGAIN); allows all else. */
static int install_threads(void)
{
	struct sock_filter code[] = {
	    LOAD_NR_OF_THIS_ARCH,
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, DENY(ENOSYS)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 4),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG0_OFF),
	    BPF_STMT(BPF_ALU | BPF_AND | BPF_K, CLONE_THREAD),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, DENY(EAGAIN)),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	return load(code, sizeof(code) / sizeof(code[0]));
}

int main(int argc, char **argv)
{
	int r;

	if (argc < 3) {
		fprintf(stderr, "usage: seccomp_deny netlink|nnp|threads CMD [ARG]...\n");
		return 2;
	}
	if (strcmp(argv[1], "netlink") == 0)
		r = install(SYS_socket, AF_NETLINK, EAFNOSUPPORT);
	else if (strcmp(argv[1], "nnp") == 0)
		r = install(SYS_prctl, PR_SET_NO_NEW_PRIVS, EPERM);
	else if (strcmp(argv[1], "threads") == 0)
		r = install_threads();
	else {
		fprintf(stderr, "seccomp_deny: unknown refusal '%s'\n", argv[1]);
		return 2;
	}
	if (r != 0) {
		fprintf(stderr, "seccomp_deny: seccomp: %s\n", strerror(errno));
		return 1;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "seccomp_deny: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
