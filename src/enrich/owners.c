/*
 * owners.c - socket inode -> owning processes, in one pass over /proc.
 *
 * The table's distinct inodes go into the one hash index (lib/hashtab.h);
 * each descriptor link of each process is read once and looked up there.  Found pairs are
 * collected, then laid out per socket in PID order with a counting sort,
 * so that conn.owner_first/owner_count index a contiguous run.
 */
#include "lib/compat.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <linux/kcmp.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "lib/hashtab.h"
#include "lib/number.h"
#include "lib/procfile.h"
#include "enrich/owners.h"
#include "enrich/proc_visibility.h"
#include "enrich/containers.h"
#include "enrich/systemd_units.h"
#include "lib/xmalloc.h"

#define COMM_MAX    64	 /* the kernel's TASK_COMM_LEN is 16; leave room */
#define COMM_CUT    15	 /* a comm this long may have been cut (TASK_COMM_LEN - 1) */
#define COMMAND_MAX 4096 /* PATH_MAX: an exe link or argv[0] */
#define UNIT_MAX    256

/* The table's distinct socket inodes; a key is an index into inodes. */
struct inode_hash {
	struct hashtab index; /* hash_u64(inode) -> key */
	uint64_t *inodes;
	size_t nkeys;
};

/* One (socket, process) pair found by the scan. */
struct pair {
	uint32_t key;
	uint32_t owner; /* index into the per-process list */
};

struct proc_owner {
	pid_t pid;
	uid_t uid; /* the owner of /proc/PID: the process's effective uid */
	uint32_t comm;
	uint32_t command;
	uint32_t unit;
	const struct container_info *container;
};

struct scan {
	struct inode_hash h;
	bool kcmp; /* the proc root's PIDs are ours: kcmp(2) can compare descriptor tables */
	uint32_t *last_pid; /* per key: the last PID recorded, to drop duplicate fds */
	struct pair *pairs;
	size_t npairs, cap_pairs;
	struct proc_owner *procs;
	size_t nprocs, cap_procs;
	struct containers *containers; /* NULL: containers not looked up */
	struct warnings *warnings;     /* the containers' runtime files' problems */
};

static void hash_build(struct inode_hash *h, const struct conntable *t)
{
	size_t i;

	hashtab_init(&h->index);
	hashtab_reserve(&h->index, t->len);
	h->inodes = xreallocarray(NULL, t->len ? t->len : 1, sizeof(*h->inodes));
	h->nkeys = 0;
	for (i = 0; i < t->len; i++) {
		uint64_t ino = t->conns[i].inode;
		struct hashtab_iter it;
		uint32_t k;

		if (ino == 0)
			continue;
		for (k = hashtab_first(&h->index, hash_u64(ino), &it); k != HASHTAB_NONE;
		     k = hashtab_next(&h->index, &it))
			if (h->inodes[k] == ino)
				break;
		if (k != HASHTAB_NONE)
			continue;
		h->inodes[h->nkeys] = ino;
		hashtab_insert(&h->index, hash_u64(ino), (uint32_t)h->nkeys++);
	}
}

/* The key of inode, or -1 when no socket of the table has it. */
static long hash_find(const struct inode_hash *h, uint64_t ino)
{
	struct hashtab_iter it;
	uint32_t k;

	for (k = hashtab_first(&h->index, hash_u64(ino), &it); k != HASHTAB_NONE;
	     k = hashtab_next(&h->index, &it))
		if (h->inodes[k] == ino)
			return (long)k;
	return -1;
}

static void hash_free(struct inode_hash *h)
{
	hashtab_free(&h->index);
	free(h->inodes);
}

bool owners_parse_socket_link(const char *link, size_t len, uint64_t *inode)
{
	long long v;

	if (len < 10 || memcmp(link, "socket:[", 8) != 0 || link[len - 1] != ']')
		return false;
	/* The kernel numbers socket inodes with get_next_ino(), 32 bits wide:
	 * LLONG_MAX leaves room to spare. */
	if (number_parse(link + 8, len - 9, 1, LLONG_MAX, &v) != 0)
		return false;
	*inode = (uint64_t)v;
	return true;
}

static bool parse_pid(const char *name, pid_t *pid)
{
	long long v;

	if (number_parse(name, strlen(name), 1, INT_MAX, &v) != 0)
		return false;
	*pid = (pid_t)v;
	return true;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* Every PID under the proc root, in ascending order (so owners come out sorted). */
static int list_pids(const char *proc_root, pid_t **out, size_t *n)
{
	DIR *d = opendir(proc_root);
	struct dirent *de;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (d == NULL)
		return -errno;
	while ((de = readdir(d)) != NULL) {
		pid_t pid;

		if (!parse_pid(de->d_name, &pid))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 512;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		(*out)[(*n)++] = pid;
	}
	(void)closedir(d);
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), cmp_pid);
	return 0;
}

static void add_pair(struct scan *s, uint32_t key, uint32_t owner)
{
	if (s->npairs == s->cap_pairs) {
		s->cap_pairs = s->cap_pairs ? s->cap_pairs * 2 : 1024;
		s->pairs = xreallocarray(s->pairs, s->cap_pairs, sizeof(*s->pairs));
	}
	s->pairs[s->npairs++] = (struct pair){key, owner};
}

/* The last path component of s[0..n): where a name starts. */
static const char *base_name(const char *s, size_t *n)
{
	size_t i = *n;

	while (i > 0 && s[i - 1] != '/')
		i--;
	*n -= i;
	return s + i;
}

/* Whether the candidate name[0..n) is what comm[0..COMM_CUT) was cut from. */
static bool extends_comm(const char *name, size_t n, const char *comm)
{
	return n > COMM_CUT && memcmp(name, comm, COMM_CUT) == 0;
}

/*
 * The full command name of a process whose comm is exactly COMM_CUT bytes
 * (the kernel cut it there: "systemd-resolve" for systemd-resolved), into
 * buf; returns its length, or 0 when no longer name is known.
 *
 * The executable's name (/proc/PID/exe) comes first: the kernel keeps it,
 * the process cannot rewrite it.  argv[0] (/proc/PID/cmdline) is next: the
 * name it was started under, which differs when the exe link resolved a
 * symlink (an interpreter: python3.11 for a script run as "myserver").
 * Either counts only when comm is its prefix, as it must be for the name
 * comm was cut from, so another executable behind a symlink or a name set
 * by prctl(PR_SET_NAME) never replaces comm; and argv[0] only without a
 * space, since a process that rewrote it into a status line
 * ("name: master process") left no name there.  Both files are readable whenever
 * the fd directory was, so the cost is one readlink (rarely a read) per
 * socket-holding process with a 15-byte comm.
 */
static size_t full_command(int pidfd, const char *comm, char *buf, size_t cap)
{
	static const char deleted[] = " (deleted)";
	ssize_t n = readlinkat(pidfd, "exe", buf, cap);
	const char *name;
	size_t len;

	if (n > 0 && (size_t)n < cap) {
		len = (size_t)n;
		/* An executable replaced on disk (an upgrade) reads "PATH (deleted)". */
		if (len > sizeof(deleted) - 1 &&
		    memcmp(buf + len - (sizeof(deleted) - 1), deleted, sizeof(deleted) - 1) == 0)
			len -= sizeof(deleted) - 1;
		name = base_name(buf, &len);
		if (extends_comm(name, len, comm)) {
			memmove(buf, name, len);
			return len;
		}
	}
	n = procfile_read_at(pidfd, "cmdline", buf, cap);
	if (n <= 0)
		return 0;
	len = strnlen(buf, (size_t)n); /* argv[0] ends at the first NUL */
	if (memchr(buf, ' ', len) != NULL)
		return 0;
	name = base_name(buf, &len);
	if (!extends_comm(name, len, comm))
		return 0;
	memmove(buf, name, len);
	return len;
}

/*
 * What a failed open or read of a process's files means: 0 for a process
 * (or descriptor) that went away meanwhile, -EACCES for a refusal, and the
 * negative errno of anything else (EMFILE, ENFILE, ENOMEM): the process
 * may hold sockets all the same.
 */
static int failure(int e)
{
	if (e == ENOENT || e == ESRCH)
		return 0;
	if (e == EACCES || e == EPERM)
		return -EACCES;
	return e > 0 ? -e : -EIO;
}

/*
 * failure() of a descriptor link that could not be read.  The kernel
 * answers EACCES both for a refusal and for a process reaped since its
 * directory was listed (no task left to ask); only a process whose
 * directory still resolves names was refused.
 */
static int link_failure(int pidfd, int e)
{
	int r = failure(e);

	if (r == -EACCES && faccessat(pidfd, "stat", F_OK, 0) != 0 &&
	    (errno == ENOENT || errno == ESRCH))
		return 0;
	return r;
}

/*
 * The container and the unit of a process, from one read of its cgroup
 * file: a container's name says more than the scope its runtime made for
 * it.  An unreadable file names nothing.
 */
static void name_cgroup(struct scan *s, struct conntable *t, int pidfd, bool units,
			struct proc_owner *p)
{
	char cgroup[CGROUP_TEXT_MAX], unit[UNIT_MAX];
	ssize_t got = procfile_read_at(pidfd, "cgroup", cgroup, sizeof(cgroup));
	struct container_ref ref;
	size_t n;

	if (got < 0)
		return;
	if (s->containers != NULL && containers_parse_cgroup(cgroup, (size_t)got, &ref))
		p->container = containers_lookup(s->containers, &ref, s->warnings);
	if (!units)
		return;
	if (p->container != NULL)
		n = strlen(container_label(p->container, true, unit, sizeof(unit)));
	else
		n = systemd_parse_cgroup(cgroup, (size_t)got, unit, sizeof(unit));
	if (n > 0)
		p->unit = conntable_intern(t, unit, n);
}

/*
 * Names the process whose sockets were just found.  Returns 0; 1 when it
 * vanished (its comm file is gone) or failure() when it could not be
 * read: either way its pairs are dropped.
 */
static int name_process(struct scan *s, struct conntable *t, int pidfd, pid_t pid, bool units)
{
	char comm[COMM_MAX], command[COMMAND_MAX];
	ssize_t n = procfile_read_at(pidfd, "comm", comm, sizeof(comm));
	struct proc_owner *p;
	struct stat sb;
	size_t cn;

	if (n < 0 || fstat(pidfd, &sb) != 0) {
		int r = failure(n < 0 ? (int)-n : errno);

		return r < 0 ? r : 1;
	}
	if (n > 0 && comm[n - 1] == '\n')
		n--;
	if (s->nprocs == s->cap_procs) {
		s->cap_procs = s->cap_procs ? s->cap_procs * 2 : 64;
		s->procs = xreallocarray(s->procs, s->cap_procs, sizeof(*s->procs));
	}
	p = &s->procs[s->nprocs++];
	p->pid = pid;
	p->uid = sb.st_uid;
	p->comm = conntable_intern(t, comm, (size_t)n);
	p->command = 0;
	if (n == COMM_CUT && (cn = full_command(pidfd, comm, command, sizeof(command))) > 0)
		p->command = conntable_intern(t, command, cn);
	p->unit = 0;
	p->container = NULL;
	if (units || s->containers != NULL)
		name_cgroup(s, t, pidfd, units, p);
	return 0;
}

/*
 * Reads the descriptor directory path (relative to pidfd) of process pid
 * and records its sockets.  Returns 0, or failure() of the first step
 * that failed: the directory may open for root while every link in it is
 * refused (a peer whose permitted capabilities the caller's effective set
 * does not cover), so a refused link is a refused process, not a closed
 * descriptor.
 */
static int scan_fd_dir(struct scan *s, int pidfd, const char *path, pid_t pid)
{
	char link[64];
	int fdfd, r = 0;
	DIR *d;
	struct dirent *de;

	fdfd = openat(pidfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fdfd < 0)
		return failure(errno);
	d = fdopendir(fdfd);
	if (d == NULL) {
		r = failure(errno);
		(void)close(fdfd);
		return r;
	}
	for (;;) {
		ssize_t n;
		uint64_t ino;
		long key;

		errno = 0;
		if ((de = readdir(d)) == NULL) {
			r = errno != 0 ? failure(errno) : 0;
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		n = readlinkat(fdfd, de->d_name, link, sizeof(link));
		if (n < 0 && (r = link_failure(pidfd, errno)) < 0)
			break;
		if (n <= 0 || (size_t)n >= sizeof(link))
			continue; /* closed meanwhile, or not a socket (a long path) */
		if (!owners_parse_socket_link(link, (size_t)n, &ino))
			continue;
		key = hash_find(&s->h, ino);
		if (key < 0 || s->last_pid[key] == (uint32_t)pid)
			continue;
		s->last_pid[key] = (uint32_t)pid;
		add_pair(s, (uint32_t)key, (uint32_t)s->nprocs);
	}
	(void)closedir(d);
	return r;
}

/* The number of threads of the process open as pidfd: its task directory links two more. */
static nlink_t thread_count(int pidfd)
{
	struct stat st;

	if (fstatat(pidfd, "task", &st, 0) != 0 || st.st_nlink < 3)
		return 1;
	return st.st_nlink - 2;
}

/*
 * Whether thread tid of process pid uses the leader's descriptor table.
 * kcmp(2) answers exactly; where it cannot (not built, refused by a
 * seccomp profile -- Docker's allows it only with CAP_SYS_PTRACE -- or
 * the proc root is another pid namespace's), the thread is read as if
 * its table differed: duplicates are dropped, so this costs time only.
 */
static bool shares_table(struct scan *s, pid_t pid, pid_t tid)
{
	long r;

	if (!s->kcmp)
		return false;
	r = syscall(SYS_kcmp, pid, tid, KCMP_FILES, 0, 0);
	if (r < 0 && errno == ENOSYS)
		s->kcmp = false; /* not built: the same answer for every thread, stop asking */
	return r == 0;
}

/*
 * The threads of a process with more than one: those whose descriptor
 * table is not the leader's (unshare(CLONE_FILES); a leader that exited,
 * whose table is gone while its threads run) are read as well.  Returns
 * 0, or the first failure of a thread that could not be read.
 */
static int scan_threads(struct scan *s, int pidfd, pid_t pid)
{
	char path[64];
	int taskfd, r = 0;
	DIR *d;
	struct dirent *de;

	taskfd = openat(pidfd, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (taskfd < 0)
		return failure(errno);
	d = fdopendir(taskfd);
	if (d == NULL) {
		r = failure(errno);
		(void)close(taskfd);
		return r;
	}
	while ((de = readdir(d)) != NULL) {
		pid_t tid;
		int e;

		if (!parse_pid(de->d_name, &tid) || tid == pid || shares_table(s, pid, tid))
			continue;
		(void)snprintf(path, sizeof(path), "task/%ld/fd", (long)tid);
		e = scan_fd_dir(s, pidfd, path, pid);
		if (r == 0)
			r = e;
	}
	(void)closedir(d);
	return r;
}

/*
 * Scans one process (and, when they have tables of their own, its
 * threads).  Returns 0, or failure() when some of its descriptors could
 * not be read: its sockets are then hidden, never "held by nobody".
 */
static int scan_process(struct scan *s, struct conntable *t, int rootfd, pid_t pid, bool units)
{
	char path[64];
	size_t first_pair = s->npairs;
	int pidfd, r, e;

	(void)snprintf(path, sizeof(path), "%ld", (long)pid);
	pidfd = openat(rootfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pidfd < 0)
		return failure(errno); /* vanished, or hidepid=1 refuses it */
	r = scan_fd_dir(s, pidfd, "fd", pid);
	/* A refused leader's threads run under its credentials: refused too. */
	if (r != -EACCES && thread_count(pidfd) > 1) {
		e = scan_threads(s, pidfd, pid);
		if (r == 0)
			r = e;
	}
	if (s->npairs > first_pair && (e = name_process(s, t, pidfd, pid, units)) != 0) {
		s->npairs = first_pair;
		if (r == 0 && e < 0)
			r = e;
	}
	(void)close(pidfd);
	return r;
}

/*
 * Whether a process this user could not read may also hold c, whose owners
 * found are owners[0..n).  Without one, any socket with an inode may be
 * theirs ('?').  With one, a socket created by a user none of its visible
 * owners runs as was most likely handed over or inherited (a root server
 * that forked and dropped to a user, socket activation), and its creator
 * may still hold it ('+?'); a socket of the owner's own user is not marked,
 * or every row of a non-root run would be.
 */
static bool may_have_hidden(const struct scan *s, const struct conn *c, const struct pair *owners,
			    uint32_t n)
{
	uint32_t k;

	if (c->inode == 0)
		return false;
	for (k = 0; k < n; k++)
		if (s->procs[owners[k].owner].uid == (uid_t)c->uid)
			return false;
	return true;
}

/*
 * Lays the pairs out per key, in PID order, and points every socket at its
 * run; with hidden (some process could not be read), marks owners_hidden.
 */
static void place_owners(struct scan *s, struct conntable *t, bool hidden)
{
	uint32_t *start = xcalloc(s->h.nkeys + 1, sizeof(*start));
	struct pair *sorted = xreallocarray(NULL, s->npairs ? s->npairs : 1, sizeof(*sorted));
	size_t i, base = t->owners_len;

	for (i = 0; i < s->npairs; i++)
		start[s->pairs[i].key + 1]++;
	for (i = 0; i < s->h.nkeys; i++)
		start[i + 1] += start[i];
	/* Stable: pairs were found in ascending PID order. */
	for (i = 0; i < s->npairs; i++) {
		struct pair *p = &s->pairs[i];

		sorted[start[p->key]++] = *p;
	}
	for (i = 0; i < s->npairs; i++) {
		const struct proc_owner *o = &s->procs[sorted[i].owner];
		uint32_t k = conntable_add_owner(t, o->pid, o->comm, o->unit);

		t->owners[k].command = o->command;
		t->owners[k].container = o->container;
	}
	/* start[k] is now the end of key k's run. */
	for (i = 0; i < t->len; i++) {
		struct conn *c = &t->conns[i];
		long key = c->inode != 0 ? hash_find(&s->h, c->inode) : -1;
		uint32_t begin = 0;

		c->owner_count = 0;
		c->owner_first = 0;
		if (key >= 0) {
			begin = key > 0 ? start[key - 1] : 0;
			c->owner_first = (uint32_t)(base + begin);
			c->owner_count = start[key] - begin;
		}
		c->owners_hidden = hidden && may_have_hidden(s, c, sorted + begin, c->owner_count);
	}
	free(sorted);
	free(start);
}

/*
 * Whether the proc root numbers processes as this process's pid namespace
 * does (its "self" is our PID), so that kcmp(2), which takes PIDs of the
 * caller's namespace, compares the very tasks the scan reads.
 */
static bool same_pid_namespace(int rootfd)
{
	char link[32], want[32];
	ssize_t n = readlinkat(rootfd, "self", link, sizeof(link) - 1);
	int w = snprintf(want, sizeof(want), "%ld", (long)getpid());

	return n > 0 && n == (ssize_t)w && memcmp(link, want, (size_t)n) == 0;
}

/* Counts a process the scan could not read, by what stopped it. */
static void count_failure(struct owners_stats *st, int r)
{
	if (r == -EACCES) {
		st->hidden_processes++;
	} else if (r < 0) {
		if (st->unread_processes++ == 0)
			st->unread_errno = -r;
	}
}

bool owners_scan_incomplete(const struct owners_stats *st)
{
	return st->hidden_processes > 0 || st->unread_processes > 0 || st->list_errno != 0 ||
	       st->proc_hides != 0;
}

/* Why refused processes were refused: decided by what the caller holds. */
static enum owners_refusal refusal_kind(void)
{
	if (proc_caller_may_ptrace())
		return OWNERS_REFUSED_POLICY;
	return geteuid() == 0 ? OWNERS_REFUSED_PTRACE : OWNERS_REFUSED_USER;
}

int owners_enrich(struct conntable *t, const char *proc_root, bool units,
		  struct containers *containers, struct owners_stats *st, struct warnings *w)
{
	struct scan s;
	pid_t *pids = NULL;
	size_t npids = 0, i;
	int r, rootfd;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < t->len; i++) {
		t->conns[i].owner_count = 0;
		t->conns[i].owners_hidden = false;
	}
	rootfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = rootfd < 0 ? -errno : list_pids(proc_root, &pids, &npids);
	if (r < 0) {
		if (rootfd >= 0)
			(void)close(rootfd);
		/* Unknown is not "nobody": every socket that can have an owner is
		 * hidden, and the note on hidden owners says why. */
		st->list_errno = -r;
		for (i = 0; i < t->len; i++)
			t->conns[i].owners_hidden = t->conns[i].inode != 0;
		return r;
	}
	memset(&s, 0, sizeof(s));
	s.containers = containers;
	s.warnings = w;
	s.kcmp = same_pid_namespace(rootfd);
	hash_build(&s.h, t);
	s.last_pid = xcalloc(s.h.nkeys + 1, sizeof(*s.last_pid));
	if (s.h.nkeys > 0) {
		st->proc_hides = proc_hides_processes(rootfd);
		for (i = 0; i < npids; i++) {
			st->processes++;
			count_failure(st, scan_process(&s, t, rootfd, pids[i], units));
		}
		if (st->hidden_processes > 0)
			st->refusal = refusal_kind();
	}
	st->owners = s.npairs;
	place_owners(&s, t, owners_scan_incomplete(st));
	(void)close(rootfd);
	free(pids);
	hash_free(&s.h);
	free(s.last_pid);
	free(s.pairs);
	free(s.procs);
	return 0;
}

size_t owners_count_hidden(const struct conntable *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->len; i++)
		n += t->conns[i].owners_hidden;
	return n;
}

static const char *processes_are(size_t n)
{
	return n == 1 ? "process is" : "processes are";
}

/* Why owners may be hidden, for the notes: every reason the scan met, joined by "; ". */
static void hidden_reason(const struct owners_stats *st, char *buf, size_t cap)
{
	static const char *const refused[] = {
	    [OWNERS_REFUSED_USER] = "not readable by this user; root sees them",
	    [OWNERS_REFUSED_PTRACE] = "not readable without CAP_SYS_PTRACE",
	    [OWNERS_REFUSED_POLICY] = "not readable: a security policy refused them",
	};
	char part[256];

	buf[0] = '\0';
	if (st->list_errno != 0) {
		(void)snprintf(part, sizeof(part), "processes could not be listed: %s",
			       strerror(st->list_errno));
		(void)strlcat(buf, part, cap);
	}
	if (st->hidden_processes > 0) {
		(void)snprintf(part, sizeof(part), "%s%zu %s %s", buf[0] ? "; " : "",
			       st->hidden_processes, processes_are(st->hidden_processes),
			       refused[st->refusal]);
		(void)strlcat(buf, part, cap);
	}
	if (st->unread_processes > 0) {
		(void)snprintf(part, sizeof(part), "%s%zu process%s could not be read: %s",
			       buf[0] ? "; " : "", st->unread_processes,
			       st->unread_processes == 1 ? "" : "es", strerror(st->unread_errno));
		(void)strlcat(buf, part, cap);
	}
	if (st->proc_hides != 0) {
		(void)snprintf(part, sizeof(part), "%s%s", buf[0] ? "; " : "",
			       st->proc_hides > 0
				   ? "the proc mount (hidepid) does not list processes this "
				     "caller may not inspect"
				   : "the proc mount's options could not be read (hidepid?)");
		(void)strlcat(buf, part, cap);
	}
}

void owners_warn_hidden(const struct conntable *t, const struct owners_stats *st,
			struct warnings *w)
{
	char why[1024];
	size_t i, none = 0, more = 0;

	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (c->owners_hidden && c->owner_count == 0)
			none++;
		else if (c->owners_hidden)
			more++;
	}
	hidden_reason(st, why, sizeof(why));
	if (more == 0 && none > 0)
		warnings_add(w, "owners of %zu socket%s are hidden ('?'): %s", none,
			     none == 1 ? "" : "s", why);
	else if (none == 0 && more > 0)
		warnings_add(w, "%zu socket%s may have owners not shown ('+?'): %s", more,
			     more == 1 ? "" : "s", why);
	else if (none > 0)
		warnings_add(
		    w,
		    "owners of %zu socket%s are hidden ('?') and %zu more may have owners not "
		    "shown ('+?'): %s",
		    none, none == 1 ? "" : "s", more, why);
}

void owners_warn_query(size_t missed, const struct owners_stats *st, struct warnings *w)
{
	char why[1024];

	if (missed == 0)
		return;
	hidden_reason(st, why, sizeof(why));
	warnings_add(
	    w,
	    "--pid/--command/--container may have missed %zu socket%s whose owners are hidden: %s",
	    missed, missed == 1 ? "" : "s", why);
}
