/*
 * netns.c - resolving, discovering and entering network namespaces.
 *
 * A namespace is known by the inode of its file (st_ino of /proc/PID/ns/net
 * or of a file bind-mounted from it): two files with one inode are one
 * namespace.  Its socket is opened inside it, once, before the sandbox
 * drops the capability setns(2) takes; a socket stays in the namespace it
 * was created in, so every -c round reads through it.
 */
#define _GNU_SOURCE /* setns */
#include "lib/compat.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/number.h"
#include "lib/xmalloc.h"
#include "source/addresses.h"
#include "source/events.h"
#include "source/netlink.h"
#include "source/netns.h"
#include "source/nfnl.h"

#ifndef NS_GET_NSTYPE
#define NS_GET_NSTYPE 0xb703 /* _IO(0xb7, 0x3), linux/nsfs.h */
#endif

/* Where `ip netns` and Docker bind-mount namespaces that no process may hold. */
static const char run_netns[] = "/run/netns";
static const char run_docker_netns[] = "/run/docker/netns";

void netns_set_init(struct netns_set *s)
{
	memset(s, 0, sizeof(*s));
	netns_table_init(&s->table);
}

void netns_set_free(struct netns_set *s)
{
	size_t i;

	for (i = 0; i < s->table.len; i++) {
		free(s->readers[i].path);
		source_netlink_socket_close(s->readers[i].sock);
		source_addrs_socket_close(s->readers[i].rtnl);
		source_nfnl_socket_close(s->readers[i].nfnl);
		source_events_close(s->readers[i].events);
	}
	free(s->readers);
	netns_table_free(&s->table);
	netns_set_init(s);
}

/* Whether st is a file of the namespace file system (nsfs), as /proc/self/ns/net is. */
static bool on_nsfs(const struct stat *st)
{
	struct stat own;

	return stat("/proc/self/ns/net", &own) == 0 && own.st_dev == st->st_dev;
}

/* The namespace of a file: its inode, after checking it is a network namespace. */
static int ns_inode(const char *path, uint64_t *ino)
{
	struct stat st;
	int fd, type, r = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0) {
		r = -errno;
	} else {
		/* Linux 4.11 and later say which kind; before, a namespace file is
		 * at least one of the namespace file system's, as the caller's is. */
		type = ioctl(fd, NS_GET_NSTYPE);
		if (type >= 0 ? type != CLONE_NEWNET : errno != ENOTTY || !on_nsfs(&st))
			r = -EINVAL;
	}
	(void)close(fd);
	if (r == 0)
		*ino = (uint64_t)st.st_ino;
	return r;
}

/* Adds the namespace of path (not checked again when inode is given); *index its index. */
static int add_ns(struct netns_set *s, const char *path, uint64_t ino, pid_t pid, size_t *index)
{
	size_t old_len = s->table.len, i;
	struct netns *ns = netns_table_add(&s->table, ino, &i);

	if (ns == NULL)
		return -E2BIG;
	if (s->table.len > old_len) {
		s->readers = xreallocarray(s->readers, s->table.cap, sizeof(*s->readers));
		memset(&s->readers[i], 0, sizeof(s->readers[i]));
		s->readers[i].path = xstrdup(path);
	}
	if (pid > 0 && ns->pid == 0) {
		ns->pid = pid;
		(void)snprintf(s->readers[i].proc_root, sizeof(s->readers[i].proc_root),
			       "/proc/%ld", (long)pid);
	}
	if (index != NULL)
		*index = i;
	return 0;
}

/* A name under /run/netns: one path component. */
static bool plain_name(const char *w, size_t n)
{
	return n > 0 && memchr(w, '/', n) == NULL && !(n == 1 && w[0] == '.') &&
	       !(n == 2 && w[0] == '.' && w[1] == '.');
}

static int add_word(struct netns_set *s, const char *proc_root, const char *w, size_t n, char *msg,
		    size_t msglen)
{
	char path[PATH_MAX + 64], word[PATH_MAX];
	long long pid = 0;
	uint64_t ino;
	size_t index;
	int r;

	if (n == 0 || n >= sizeof(word)) {
		(void)snprintf(msg, msglen, "-N: %s namespace", n == 0 ? "an empty" : "too long a");
		return -EINVAL;
	}
	memcpy(word, w, n);
	word[n] = '\0';
	if (n > 4 && strncmp(word, "pid:", 4) == 0) {
		if (number_parse(word + 4, n - 4, 1, INT_MAX, &pid) != 0) {
			(void)snprintf(msg, msglen, "-N %.64s: not a process id", word);
			return -EINVAL;
		}
		(void)snprintf(path, sizeof(path), "%s/%lld/ns/net", proc_root, pid);
	} else if (memchr(word, '/', n) != NULL) {
		(void)strlcpy(path, word, sizeof(path));
	} else if (plain_name(word, n)) {
		(void)snprintf(path, sizeof(path), "%s/%s", run_netns, word);
	} else {
		(void)snprintf(msg, msglen, "-N %.64s: not a namespace name", word);
		return -EINVAL;
	}
	r = ns_inode(path, &ino);
	if (r < 0) {
		(void)snprintf(msg, msglen, "-N %.64s: %s", word,
			       r == -EINVAL ? "not a network namespace" : strerror(-r));
		return r;
	}
	r = add_ns(s, path, ino, (pid_t)pid, &index);
	if (r < 0) {
		(void)snprintf(msg, msglen, "-N: more than %d namespaces", NETNS_MAX);
		return r;
	}
	if (plain_name(word, n) && strncmp(word, "pid:", 4) != 0)
		netns_set_name(&s->table.v[index], word);
	return 0;
}

int netns_add_arg(struct netns_set *s, const char *proc_root, const char *arg, char *msg,
		  size_t msglen)
{
	const char *p = arg;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		int r = add_word(s, proc_root, p, n, msg, msglen);

		if (r < 0)
			return r;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

/* The process id a /proc entry names, or 0. */
static pid_t pid_of(const char *name)
{
	long long v;

	if (name[0] < '1' || name[0] > '9' || number_parse(name, strlen(name), 1, INT_MAX, &v) != 0)
		return 0;
	return (pid_t)v;
}

/*
 * Walks <proc_root>/PID/ns/net: adds each namespace (add), or gives a pid
 * to those that have none.  Kernel threads and processes of other users
 * (without privilege) cannot be stat'ed: skipped.
 */
static void walk_procs(struct netns_set *s, const char *proc_root, bool add)
{
	DIR *d = opendir(proc_root);
	struct dirent *e;
	char path[PATH_MAX];
	size_t missing = 0, i;

	if (d == NULL)
		return;
	for (i = 0; i < s->table.len; i++)
		missing += s->table.v[i].pid == 0;
	while ((e = readdir(d)) != NULL && (add || missing > 0)) {
		pid_t pid = pid_of(e->d_name);
		struct stat st;
		int found;

		if (pid == 0)
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s/ns/net", proc_root, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		found = netns_table_find(&s->table, (uint64_t)st.st_ino);
		if (found < 0 && add) {
			if (add_ns(s, path, (uint64_t)st.st_ino, pid, NULL) < 0)
				break;
		} else if (found >= 0 && s->table.v[found].pid == 0) {
			(void)add_ns(s, path, (uint64_t)st.st_ino, pid, NULL);
			missing--;
		}
	}
	(void)closedir(d);
}

/* The bind-mounted namespaces in dir: added (add), or named (dir is /run/netns). */
static void walk_dir(struct netns_set *s, const char *dir, bool add, bool name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		uint64_t ino;
		size_t index;
		int found;

		if (!plain_name(e->d_name, strlen(e->d_name)))
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		/* `ip netns add` leaves an empty file when the mount failed: not a namespace. */
		if (ns_inode(path, &ino) != 0)
			continue;
		found = netns_table_find(&s->table, ino);
		if (found < 0 && add) {
			if (add_ns(s, path, ino, 0, &index) < 0)
				break;
			found = (int)index;
		}
		if (found >= 0 && name)
			netns_set_name(&s->table.v[found], e->d_name);
	}
	(void)closedir(d);
}

int netns_add_all(struct netns_set *s, const char *proc_root)
{
	char self[PATH_MAX];

	/* The caller's own first: it is readable whatever the privilege. */
	(void)snprintf(self, sizeof(self), "%s/self/ns/net", proc_root);
	{
		uint64_t ino;

		if (ns_inode(self, &ino) == 0)
			(void)add_ns(s, self, ino, getpid(), NULL);
	}
	walk_procs(s, proc_root, true);
	walk_dir(s, run_netns, true, false);
	walk_dir(s, run_docker_netns, true, false);
	return s->table.len > 0 ? 0 : -ENOENT;
}

/* Order for --all-netns: the caller's, then named by name, then by inode. */
static int cmp_order(const struct netns *x, bool x_own, const struct netns *y, bool y_own)
{
	if (x_own != y_own)
		return x_own ? -1 : 1;
	if ((x->name != NULL) != (y->name != NULL))
		return x->name != NULL ? -1 : 1;
	if (x->name != NULL && y->name != NULL)
		return strcmp(x->name, y->name);
	return (x->inode > y->inode) - (x->inode < y->inode);
}

/* Insertion sort of the two parallel arrays: a few hundred entries, once. */
static void sort_set(struct netns_set *s)
{
	size_t i, j;

	for (i = 1; i < s->table.len; i++) {
		struct netns ns = s->table.v[i];
		struct netns_reader rd = s->readers[i];

		for (j = i;
		     j > 0 && cmp_order(&ns, rd.own, &s->table.v[j - 1], s->readers[j - 1].own) < 0;
		     j--) {
			s->table.v[j] = s->table.v[j - 1];
			s->readers[j] = s->readers[j - 1];
		}
		s->table.v[j] = ns;
		s->readers[j] = rd;
	}
}

void netns_finish(struct netns_set *s, const char *proc_root, bool all)
{
	char self[PATH_MAX];
	uint64_t ino;
	size_t i;

	(void)snprintf(self, sizeof(self), "%s/self/ns/net", proc_root);
	if (ns_inode(self, &ino) == 0)
		s->own_ino = ino;
	for (i = 0; i < s->table.len; i++)
		s->readers[i].own = s->own_ino != 0 && s->table.v[i].inode == s->own_ino;
	walk_dir(s, run_netns, false, true);
	walk_procs(s, proc_root, false);
	if (all)
		sort_set(s);
}

/* Opens the socket of namespace i from inside it; false when it cannot be entered. */
static int enter_and_open(struct netns_set *s, size_t i, int home, netns_inside_fn *inside,
			  void *arg)
{
	struct netns_reader *rd = &s->readers[i];
	int fd, err;

	fd = open(rd->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (setns(fd, CLONE_NEWNET) != 0) {
		err = -errno;
		(void)close(fd);
		return err;
	}
	(void)close(fd);
	/* A socket refused here (seccomp) leaves sock NULL: /proc/PID/net serves. */
	rd->sock = source_netlink_socket_open(&err);
	rd->readable = rd->sock != NULL || rd->proc_root[0] != '\0';
	/* Refused too (seccomp): the namespace's addresses are then not known. */
	if (s->open_rtnl)
		rd->rtnl = source_addrs_socket_open(&err);
	/* Refused, or no nfnetlink: the conntrack reader then says why (--nat). */
	if (s->open_nfnl)
		rd->nfnl = source_nfnl_socket_open(&err);
	/* Refused (no CAP_NET_ADMIN in its owner namespace): -E says so. */
	if (s->open_events)
		rd->events = source_events_open(&rd->events_err);
	if (inside != NULL)
		inside(arg, i);
	if (setns(home, CLONE_NEWNET) != 0)
		return 1; /* the caller is now in the wrong namespace */
	return 0;
}

int netns_open(struct netns_set *s, netns_inside_fn *inside, void *arg)
{
	int home = -1, r;
	size_t i;

	for (i = 0; i < s->table.len; i++) {
		struct netns_reader *rd = &s->readers[i];

		if (rd->own) {
			/* Read as without -N: a fresh socket per dump, the usual /proc. */
			rd->readable = true;
			if (inside != NULL)
				inside(arg, i);
			continue;
		}
		if (home < 0) {
			home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
			if (home < 0)
				return -errno;
		}
		r = enter_and_open(s, i, home, inside, arg);
		if (r == 1) {
			(void)close(home);
			return -EPERM;
		}
		/* A namespace whose last process exited since it was found is gone,
		 * not refused: nothing of it is left to list. */
		if (r < 0 && r != -ENOENT && r != -ESRCH) {
			if (s->skipped++ == 0)
				s->skip_err = -r;
		}
	}
	if (home >= 0)
		(void)close(home);
	return 0;
}
